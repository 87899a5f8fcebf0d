/*
 * fuzz_pw.c — libFuzzer target for the packed perceptron weights shared
 * by the tagger and the NER model (tagger_pw_init, tagger_pw_score in
 * tag_util.c): any bytes must be refused cleanly or give a table that
 * scores any features, dense rows included, without reading out of
 * bounds. Seeded (tests/fuzz/seeds/fuzz_pw) with the two-pass table of
 * test_tagger's dense-row test, 45 classes, three dense rows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/tag_util.h"
#include "fuzz_aligned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = fuzz_aligned_copy(data, size);
    if (!copy)
        return 0;
    tagger_pw w;
    if (tagger_pw_init(&w, copy, size) == 0) {
        int32_t *s1 = calloc(w.n_classes, sizeof *s1), *s2 = calloc(w.n_classes, sizeof *s2);
        if (!s1 || !s2)
            abort();
        /* Every fingerprint in the table, and a few absent ones. */
        uint64_t f[TAGGER_SCORE_MAX];
        size_t n = 0;
        for (uint32_t i = 0; i < w.n_slots && n < TAGGER_SCORE_MAX - 2; i++)
            if (w.slots[2 * i])
                f[n++] = (uint64_t)w.slots[2 * i] << 32;
        f[n++] = 0x123456789abcdef1ULL;
        f[n++] = 0;
        tagger_pw_score(&w, f, n, s1, w.n_passes > 1 ? s2 : NULL);
        tagger_pw_score(&w, f, n, s1, NULL);
        free(s1);
        free(s2);
    }
    free(copy);
    return 0;
}
