/*
 * fuzz_tagger_model.c — libFuzzer target for the tagger and lemmatiser
 * loaders (tagger.c, lemmatizer.c): any bytes must give a clean error or
 * a model that tags and lemmatises without a crash.
 *
 * The container's CRC is recomputed over the input before loading (when
 * there is a header), otherwise nearly every mutation would stop at the
 * checksum and the section checks behind it would never be reached. Seed
 * it with trained models (the test suite writes small ones to
 * BUILD/test_tagger.bin and BUILD/test_lemmatizer.bin).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "syntax/tag_eval.h"
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
    static const char *const forms[] = {"The", "U.S.", "reimposed", "sanctions", "on",
                                        "Iran", "'s",   "5,000",     "firms",     "."};
    arena mem;
    arena_init(&mem, 1 << 20);
    tagger *t = NULL;
    if (tagger_load_buffer(&t, copy, size, NULL) == 0) {
        uint16_t tags[10];
        if (tagger_tag(t, forms, 10, tags, &mem) == 0)
            for (int i = 0; i < 10; i++)
                if (tags[i] >= tagger_n_tags(t) || !tagger_upos(t, tags[i]) ||
                    !tagger_xpos(t, tags[i]) || !tagger_feats(t, tags[i]))
                    abort();
        tagger_free(t);
    }
    lemmatizer *l = NULL;
    if (lemmatizer_load_buffer(&l, copy, size, NULL) == 0) {
        static const char *const xpos[] = {"DT", "NNP", "VBD", "NNS", "IN",
                                           "NNP", "POS", "CD",  "NNS", "."};
        for (int i = 0; i < 10; i++)
            if (!lemmatizer_lemma(l, forms[i], "X", xpos[i], &mem))
                abort();
        lemmatizer_free(l);
    }
    arena_finish(&mem);
    free(copy);
    return 0;
}
