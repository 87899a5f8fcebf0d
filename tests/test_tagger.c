/*
 * test_tagger.c — the POS tagger: feature templates, a tiny training run
 * on the fixture tests/data/syntax/tiny.conllu (written for casus), the
 * same bytes from the same seed, file and buffer loads agreeing, and
 * damaged models refused without a crash (also with a valid checksum, so
 * the tagger's own section checks are reached).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "syntax/tag_eval.h"
#include "syntax/tag_util.h"
#include "testutil.h"

#define FIXTURE CASUS_TEST_DATA "/syntax/tiny.conllu"
#define MODEL CASUS_BUILD "/test_tagger.bin"
#define MODEL2 CASUS_BUILD "/test_tagger2.bin"

static int has(const uint64_t *f, size_t n, uint64_t v)
{
    for (size_t i = 0; i < n; i++)
        if (f[i] == v)
            return 1;
    return 0;
}

static void features_of_a_word(void **state)
{
    (void)state;
    const char *forms[] = {"The", "minister", "warned", "Iran", "."};
    uint64_t f[TAGGER_MAX_FEATS];
    size_t n = tagger_features(NULL, forms, 5, 2, 7, 3, f);
    assert_int_equal(n, 32);
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_LOWER, "warned")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_EXACT, "warned")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_SUF1, "d")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_SUF2, "ed")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_SUF3, "ned")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_SUF4, "rned")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_PRE3, "war")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_SHAPE, "xx")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_WM1, "minister")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_WM2, "the")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_WP1, "iran"))); /* lowercased */
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_WP2, ".")));
    assert_true(has(f, n, pcp_mix(TAGGER_F_P1, 7)));
    assert_true(has(f, n, pcp_mix(TAGGER_F_P2, 3)));
    /* A capitalised word: exact differs from lower, shape "Xxx". */
    n = tagger_features(NULL, forms, 5, 3, 7, 3, f);
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_EXACT, "Iran")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_LOWER, "iran")));
    assert_true(has(f, n, tagger_feat_string(TAGGER_F_SHAPE, "Xxx")));
    assert_false(has(f, n, tagger_feat_string(TAGGER_F_EXACT, "iran")));
    /* Out of range gives nothing. */
    assert_int_equal(tagger_features(NULL, forms, 5, 5, 0, 0, f), 0);
}

static int train(const char *out, uint64_t seed)
{
    syntax_train_opts o = {.train_path = FIXTURE, .dev_path = FIXTURE, .out_path = out,
                           .epochs = 8, .seed = seed};
    tagger_knobs k;
    tagger_knobs_default(&k);
    k.folds = 3;
    k.dict_min_freq = 3;
    casus_error err;
    int rc = tagger_train_ex(&o, &k, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    return rc;
}

static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = NULL;
    assert_int_equal(posix_memalign(&p, 64, (size_t)n), 0);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

/* Writes the container's CRC (bytes 32..35) for the current contents, so
 * a damaged section gets past the checksum to the tagger's own checks. */
static void fix_crc(unsigned char *p, size_t n)
{
    static const unsigned char zero[4] = {0};
    uLong c = crc32(0L, Z_NULL, 0);
    c = crc32(c, p, 32);
    c = crc32(c, zero, 4);
    c = crc32(c, p + 36, (uInt)(n - 36));
    for (int i = 0; i < 4; i++)
        p[32 + i] = (unsigned char)(c >> (8 * i));
}

static void trains_and_round_trips(void **state)
{
    (void)state;
    assert_int_equal(train(MODEL, 7), 0);
    assert_int_equal(train(MODEL2, 7), 0);
    size_t n1, n2;
    unsigned char *a = read_file(MODEL, &n1), *b = read_file(MODEL2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1); /* same data + seed = same bytes */
    free(b);

    tagger *t = NULL, *tb = NULL;
    casus_error err;
    assert_int_equal(tagger_load(&t, MODEL, &err), 0);
    assert_int_equal(tagger_load_buffer(&tb, a, n1, &err), 0);
    conllu_corpus c;
    assert_int_equal(conllu_load(&c, FIXTURE, &err), 0);
    assert_int_equal(tagger_fold_corpus(&c), 0);
    tagger_scores s;
    assert_int_equal(tagger_eval(t, &c, &s), 0);
    assert_true(s.upos * 100 >= s.n_words * 98);
    assert_true(s.xpos * 100 >= s.n_words * 98);
    assert_true(s.all * 100 >= s.n_words * 95);
    /* The file and the buffer give the same tags, sentence by sentence. */
    arena mem;
    arena_init(&mem, 0);
    for (size_t i = 0; i < c.n_sents; i++) {
        const char *forms[64];
        uint16_t t1[64], t2[64];
        size_t n = (size_t)c.sents[i].n_words;
        for (size_t k = 0; k < n; k++)
            forms[k] = c.sents[i].words[k].form;
        assert_int_equal(tagger_tag(t, forms, n, t1, &mem), 0);
        assert_int_equal(tagger_tag(tb, forms, n, t2, &mem), 0);
        assert_memory_equal(t1, t2, n * sizeof *t1);
        for (size_t k = 0; k < n; k++)
            assert_true(t1[k] < tagger_n_tags(t));
    }
    assert_string_equal(tagger_upos(t, 0xFFFF), "");
    /* An empty sentence and one longer than the stack buffers. */
    uint16_t none[1];
    assert_int_equal(tagger_tag(t, NULL, 0, none, &mem), 0);
    const char *longs[300];
    uint16_t lt[300];
    for (int k = 0; k < 300; k++)
        longs[k] = k % 3 ? "talks" : "the";
    assert_int_equal(tagger_tag(t, longs, 300, lt, &mem), 0);
    assert_string_equal(tagger_upos(t, lt[1]), "NOUN");
    arena_finish(&mem);
    conllu_finish(&c);
    tagger_free(t);
    tagger_free(tb);
    tagger_free(NULL);
    free(a);
}

static void damaged_models_are_refused(void **state)
{
    (void)state;
    size_t n;
    unsigned char *a = read_file(MODEL, &n);
    unsigned char *b = NULL;
    assert_int_equal(posix_memalign((void **)&b, 64, n), 0);
    tagger *t = NULL;
    casus_error err;
    /* Every truncation. */
    for (size_t len = 0; len < n; len += (len < 512 ? 1 : 997)) {
        memcpy(b, a, len);
        assert_int_not_equal(tagger_load_buffer(&t, b, len, &err), 0);
        assert_null(t);
    }
    /* Flipped bytes: the checksum catches them. */
    for (size_t pos = 0; pos < n; pos += 613) {
        memcpy(b, a, n);
        b[pos] ^= 0x5A;
        assert_int_not_equal(tagger_load_buffer(&t, b, n, &err), 0);
    }
    /* Flipped bytes behind a valid checksum: an error or a model that
     * tags without crashing (ASan builds check the latter). */
    const char *forms[] = {"The", "talks", "were", "held", "in", "Geneva", "."};
    uint16_t tags[7];
    arena mem;
    arena_init(&mem, 0);
    for (size_t pos = 64; pos < n; pos += 37) {
        memcpy(b, a, n);
        b[pos] ^= 0xFF;
        fix_crc(b, n);
        if (tagger_load_buffer(&t, b, n, &err) == 0) {
            assert_int_equal(tagger_tag(t, forms, 7, tags, &mem), 0);
            for (int k = 0; k < 7; k++) {
                assert_true(tags[k] < tagger_n_tags(t));
                (void)strlen(tagger_feats(t, tags[k]));
            }
            tagger_free(t);
        } else {
            assert_null(t);
        }
    }
    arena_finish(&mem);
    /* Wrong kind. */
    assert_int_equal(tagger_load(&t, CASUS_TEST_DATA "/syntax/tiny.conllu", &err),
                     CASUS_EFORMAT);
    assert_int_equal(tagger_load(&t, CASUS_BUILD "/no-such-model.bin", &err), CASUS_ENOENT);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(features_of_a_word),
        cmocka_unit_test(trains_and_round_trips),
        cmocka_unit_test(damaged_models_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
