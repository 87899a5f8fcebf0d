/*
 * test_tagger.c — the POS tagger: feature templates, the packed weights
 * table against the perceptron it packs, tiny training runs on the
 * fixture tests/data/syntax/tiny.conllu (written for casus) in each
 * layout (pass 1 left to right or right to left, word clusters and
 * profiles from tests/data/syntax/unlabeled.txt), the same bytes from the
 * same seed, file and buffer loads agreeing, and damaged models refused
 * without a crash (also with a valid checksum, so the tagger's own
 * section checks are reached).
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
#define MODEL3 CASUS_BUILD "/test_tagger3.bin"
#define UNLABELED CASUS_TEST_DATA "/syntax/unlabeled.txt"

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

/* Exports two trainers (passes 1 and 2) into b1 and b2, packs them into
 * pw and opens all three; unpack_two releases everything. */
static void pack_two(pcp_trainer **tr, buf *b1, buf *b2, buf *pw, pcp_model *m1, pcp_model *m2,
                     tagger_pw *w)
{
    buf_init(b1, 0);
    buf_init(b2, 0);
    buf_init(pw, 0);
    assert_int_equal(pcp_trainer_export(tr[0], 0.0f, b1), 0);
    assert_int_equal(pcp_trainer_export(tr[1], 0.0f, b2), 0);
    assert_int_equal(pcp_model_init(m1, b1->data, b1->len), 0);
    assert_int_equal(pcp_model_init(m2, b2->data, b2->len), 0);
    assert_int_equal(tagger_pw_build(m1, m2, pw), 0);
    assert_int_equal(tagger_pw_init(w, pw->data, pw->len), 0);
}

static void unpack_two(pcp_trainer **tr, buf *b1, buf *b2, buf *pw)
{
    buf_finish(b1);
    buf_finish(b2);
    buf_finish(pw);
    pcp_trainer_free(tr[0]);
    pcp_trainer_free(tr[1]);
}

/* Two fresh trainers over `classes` classes and n random feature keys from
 * seed; returns the random state for the test to go on with. */
static uint64_t two_trainers(uint32_t classes, pcp_trainer **tr, uint64_t *feats, int n,
                             uint64_t seed)
{
    tr[0] = pcp_trainer_new(classes);
    tr[1] = pcp_trainer_new(classes);
    assert_non_null(tr[0]);
    assert_non_null(tr[1]);
    uint64_t st = seed;
    for (int i = 0; i < n; i++)
        feats[i] = tagger_rand(&st);
    return st;
}

/* Every truncation of a packed table (at 4-byte steps) is refused. */
static void truncations_refused(const buf *pw)
{
    tagger_pw w;
    for (size_t len = 0; len < pw->len; len += 4)
        assert_int_not_equal(tagger_pw_init(&w, pw->data, len), 0);
}

/* The packed table scores like the pcp blobs it is built from. */
static void packed_weights_match_the_perceptron(void **state)
{
    (void)state;
    pcp_trainer *tr[2];
    uint64_t feats[40];
    uint64_t st = two_trainers(5, tr, feats, 40, 42);
    for (int step = 0; step < 300; step++) {
        uint64_t f[6];
        for (int j = 0; j < 6; j++)
            f[j] = feats[tagger_rand(&st) % 40];
        int p = step & 1;
        assert_int_equal(pcp_trainer_update(tr[p], f, 6, (uint32_t)(tagger_rand(&st) % 5),
                                            (step % 3) ? 1.0f : -1.0f),
                         0);
        pcp_trainer_tick(tr[p]);
    }
    buf b1, b2, pw;
    pcp_model m1, m2;
    tagger_pw w;
    pack_two(tr, &b1, &b2, &pw, &m1, &m2, &w);
    assert_int_equal(w.n_passes, 2);
    for (int trial = 0; trial < 50; trial++) {
        uint64_t f[8];
        for (int j = 0; j < 8; j++)
            f[j] = j < 6 ? feats[tagger_rand(&st) % 40] : tagger_rand(&st); /* 2 unseen */
        int32_t want1[5], want2[5], got1[5] = {0}, got2[5] = {0};
        tagger_pcp_score(&m1, f, 8, want1);
        tagger_pcp_score(&m2, f, 8, want2);
        tagger_pw_score(&w, f, 8, got1, got2);
        assert_memory_equal(got1, want1, sizeof want1);
        assert_memory_equal(got2, want2, sizeof want2);
        memset(got1, 0, sizeof got1);
        tagger_pw_score(&w, f, 8, got1, NULL); /* one pass only */
        assert_memory_equal(got1, want1, sizeof want1);
    }
    /* Every truncation and a few damaged headers are refused. */
    truncations_refused(&pw);
    uint32_t *h = (uint32_t *)pw.data;
    h[2] = 3; /* passes */
    assert_int_not_equal(tagger_pw_init(&w, pw.data, pw.len), 0);
    h[2] = 2;
    h[4] = h[3]; /* every slot used */
    assert_int_not_equal(tagger_pw_init(&w, pw.data, pw.len), 0);
    unpack_two(tr, &b1, &b2, &pw);
}

/* Rows with many weights are stored dense (TPW2) and still score like the
 * perceptron, whatever mix of dense and sparse rows a word hits; a dense
 * row in a file marked TPW1 is refused. */
static void packed_dense_rows_match_the_perceptron(void **state)
{
    (void)state;
    enum { C = 45 }; /* not a multiple of 8: the padding is exercised */
    pcp_trainer *tr[2];
    uint64_t feats[30];
    uint64_t st = two_trainers(C, tr, feats, 30, 7);
    for (int p = 0; p < 2; p++) {
        /* feats[0..3): updated on every class (dense); the rest: a few. */
        for (int k = 0; k < 3; k++)
            for (uint32_t c = 0; c < C; c++) {
                assert_int_equal(
                    pcp_trainer_update(tr[p], &feats[k], 1, c, (c + (uint32_t)k) % 3 ? 1.0f : -2.0f),
                    0);
                pcp_trainer_tick(tr[p]);
            }
        for (int step = 0; step < 200; step++) {
            uint64_t f = feats[3 + tagger_rand(&st) % 27];
            assert_int_equal(pcp_trainer_update(tr[p], &f, 1, (uint32_t)(tagger_rand(&st) % C),
                                                step % 2 ? 1.0f : -1.0f),
                             0);
            pcp_trainer_tick(tr[p]);
        }
    }
    buf b1, b2, pw;
    pcp_model m1, m2;
    tagger_pw w;
    pack_two(tr, &b1, &b2, &pw, &m1, &m2, &w);
    /* The three hot features' rows are dense in both passes, and no other. */
    int n_dense = 0;
    for (uint32_t i = 0; i < w.n_slots; i++) {
        if (!w.slots[2 * i])
            continue;
        const uint16_t *row = w.entries + 2 * (size_t)w.slots[2 * i + 1];
        int hot = 0;
        for (int k = 0; k < 3; k++)
            hot |= w.slots[2 * i] == ((uint32_t)(feats[k] >> 32) | 1u);
        assert_int_equal((row[0] & 0x8000) != 0, hot);
        assert_int_equal((row[1] & 0x8000) != 0, hot);
        n_dense += hot;
    }
    assert_int_equal(n_dense, 3);
    /* Both ways of adding dense rows: by the CPU's choice, then portable. */
    for (int trial = 0; trial < 120; trial++) {
        tagger_pw_portable(trial >= 60);
        uint64_t f[7];
        for (int j = 0; j < 7; j++)
            f[j] = j < 2 ? feats[tagger_rand(&st) % 3] : j < 6 ? feats[tagger_rand(&st) % 30]
                                                              : tagger_rand(&st);
        int32_t want1[C], want2[C], got1[C], got2[C];
        for (int c = 0; c < C; c++)
            got1[c] = got2[c] = c; /* scores are added to, not overwritten */
        tagger_pcp_score(&m1, f, 7, want1);
        tagger_pcp_score(&m2, f, 7, want2);
        for (int c = 0; c < C; c++) {
            want1[c] += c;
            want2[c] += c;
        }
        tagger_pw_score(&w, f, 7, got1, got2);
        assert_memory_equal(got1, want1, sizeof want1);
        assert_memory_equal(got2, want2, sizeof want2);
    }
    tagger_pw_portable(0);
    /* The table seeds the fuzz target of the packed weights (fuzz_pw.c). */
    FILE *out = fopen(CASUS_BUILD "/test_pw_dense.bin", "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(pw.data, 1, pw.len, out), pw.len);
    assert_int_equal(fclose(out), 0);
    truncations_refused(&pw);
    uint32_t *h = (uint32_t *)pw.data;
    h[0] = 0x31575054u; /* "TPW1" has no dense rows */
    assert_int_not_equal(tagger_pw_init(&w, pw.data, pw.len), 0);
    unpack_two(tr, &b1, &b2, &pw);
}

/* Trains on the fixture: with feats (TF_* bits of tagger.c, -1: the
 * default) and, when unlabeled, word clusters and profiles learnt from
 * the unlabelled fixture. */
static int train_with(const char *out, uint64_t seed, int feats, int unlabeled)
{
    syntax_train_opts o = {.train_path = FIXTURE,
                           .dev_path = FIXTURE,
                           .out_path = out,
                           .epochs = 8,
                           .seed = seed,
                           .unlabeled_path = unlabeled ? UNLABELED : NULL};
    tagger_knobs k;
    tagger_knobs_default(&k);
    k.folds = 3;
    k.dict_min_freq = 3;
    k.cluster_k = 4;
    k.cluster_min_count = 1;
    if (feats >= 0)
        k.feats = (uint32_t)feats;
    casus_error err;
    int rc = tagger_train_ex(&o, &k, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    return rc;
}

static int train(const char *out, uint64_t seed)
{
    return train_with(out, seed, -1, 1);
}

/* Tagging accuracy of the model at path on the fixture, in percent. */
static double fixture_upos(const char *path)
{
    tagger *t = NULL;
    casus_error err;
    assert_int_equal(tagger_load(&t, path, &err), 0);
    conllu_corpus c;
    assert_int_equal(conllu_load(&c, FIXTURE, &err), 0);
    assert_int_equal(tagger_fold_corpus(&c), 0);
    tagger_scores s;
    assert_int_equal(tagger_eval(t, &c, &s), 0);
    conllu_finish(&c);
    tagger_free(t);
    return 100.0 * (double)s.upos / (double)s.n_words;
}

/* The other layouts: pass 1 left to right (pass 1 and 2 interleaved),
 * one pass only, no unlabelled text. */
static void other_layouts_train(void **state)
{
    (void)state;
    assert_int_equal(train_with(MODEL3, 5, 4 /* TF_PROF */, 1), 0);
    assert_true(fixture_upos(MODEL3) >= 98.0);
    assert_int_equal(train_with(MODEL3, 5, 0, 0), 0);
    assert_true(fixture_upos(MODEL3) >= 98.0);
    syntax_train_opts o = {
        .train_path = FIXTURE, .dev_path = NULL, .out_path = MODEL3, .epochs = 8, .seed = 5};
    tagger_knobs k;
    tagger_knobs_default(&k);
    k.two_pass = 0;
    k.dict_min_freq = 3;
    casus_error err;
    assert_int_equal(tagger_train_ex(&o, &k, &err), 0);
    assert_true(fixture_upos(MODEL3) >= 98.0);
    /* Unlabelled text that cannot give the clusters asked for. */
    o.unlabeled_path = UNLABELED;
    k.cluster_k = 100000;
    assert_int_equal(tagger_train_ex(&o, &k, &err), CASUS_EINVAL);
    o.unlabeled_path = CASUS_BUILD "/no-such-text.txt";
    k.cluster_k = 4;
    assert_int_equal(tagger_train_ex(&o, &k, &err), CASUS_ENOENT);
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
    assert_int_equal(tagger_load(&t, CASUS_TEST_DATA "/syntax/tiny.conllu", &err), CASUS_EFORMAT);
    assert_int_equal(tagger_load(&t, CASUS_BUILD "/no-such-model.bin", &err), CASUS_ENOENT);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(features_of_a_word),
        cmocka_unit_test(packed_weights_match_the_perceptron),
        cmocka_unit_test(packed_dense_rows_match_the_perceptron),
        cmocka_unit_test(trains_and_round_trips),
        cmocka_unit_test(other_layouts_train),
        cmocka_unit_test(damaged_models_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
