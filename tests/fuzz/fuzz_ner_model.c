/*
 * fuzz_ner_model.c — libFuzzer target for the NER model loader (ner.c):
 * any bytes must give a clean error or a model that tags a sentence
 * without a crash, every tag a valid one and every I tag continuing its
 * type.
 *
 * The container's CRC is recomputed over the input before loading (when
 * there is a header), otherwise nearly every mutation would stop at the
 * checksum and the NER section checks behind it would never be reached.
 * Seed it with trained models (the test suite writes a small one to
 * BUILD/test_ner.bin; models/ner.bin is the shipped one).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "entity/ner.h"
#include "fuzz_aligned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = fuzz_aligned_copy(data, size);
    if (!copy)
        return 0;
    if (size >= 64) {
        static const unsigned char zero[4] = {0};
        uLong c = crc32(0L, Z_NULL, 0);
        c = crc32(c, copy, 32);
        c = crc32(c, zero, 4);
        c = crc32(c, copy + 36, (uInt)(size - 36));
        for (int i = 0; i < 4; i++)
            copy[32 + i] = (unsigned char)(c >> (8 * i));
    }
    static const char *const forms[] = {"Iranian", "Foreign", "Minister",  "Javad", "Zarif",
                                        "arrived", "in",      "Pyongyang", "on",    "Tuesday"};
    static const char *const xpos[] = {"JJ",  "NNP", "NNP", "NNP", "NNP",
                                       "VBD", "IN",  "NNP", "IN",  "NNP"};
    static const uint16_t gaz[] = {8, 0, 0, 1 | 32, 1 | 64, 0, 0, 4 | 128, 0, 0};
    ner_model *m = NULL;
    if (ner_load_buffer(&m, copy, size, NULL) == 0) {
        arena mem;
        arena_init(&mem, 1 << 20);
        ner_sentence s = {.norms = forms, .upos = xpos, .xpos = xpos, .gaz = gaz, .n = 10};
        uint8_t tags[10];
        if (ner_tag(m, &s, tags, &mem) == 0)
            for (int i = 0; i < 10; i++)
                if (tags[i] >= CASUS_NER_N_TAGS ||
                    (tags[i] && !CASUS_NER_IS_B(tags[i]) &&
                     (i == 0 || CASUS_NER_TYPE(tags[i - 1]) != CASUS_NER_TYPE(tags[i]))))
                    abort();
        arena_finish(&mem);
        ner_free(m);
    }
    free(copy);
    return 0;
}
