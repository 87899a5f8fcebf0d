/*
 * test_parser.c — the dependency parser: transition system and oracles,
 * projectivisation, feature extraction, a tiny training run on the
 * fixture tests/data/parser/tiny.conllu (sentences written for these
 * tests), save/load round trips and damaged model files.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "syntax/conllu.h"
#include "syntax/parse_feats.h"
#include "syntax/parse_model.h"
#include "syntax/syntax.h"
#include "syntax/transition.h"
#include "testutil.h"

#define FIXTURE CASUS_TEST_DATA "/parser/tiny.conllu"
#define CLUSTERS CASUS_TEST_DATA "/parser/clusters.txt"
#define MODEL CASUS_BUILD "/tests/test_parser.bin"
#define MODEL2 CASUS_BUILD "/tests/test_parser2.bin"

/* Gold heads of a CoNLL-U sentence in transition.h numbering. */
static void gold_heads(const conllu_sent *s, int32_t *h)
{
    for (int i = 0; i < s->n_words; i++)
        h[i] = s->words[i].head == 0 ? s->n_words : s->words[i].head - 1;
}

/* ---------------------------------------------------------------- transitions */

static void static_oracle_rebuilds_fixture(void **state)
{
    (void)state;
    conllu_corpus c;
    assert_int_equal(conllu_load(&c, FIXTURE, NULL), 0);
    assert_true(c.n_sents >= 10);
    int n_nonproj = 0;
    for (size_t k = 0; k < c.n_sents; k++) {
        const conllu_sent *s = &c.sents[k];
        int32_t gold[64], proj[64];
        gold_heads(s, gold);
        assert_true(trans_is_tree(gold, s->n_words));
        memcpy(proj, gold, sizeof gold);
        int lifts = trans_projectivize(proj, s->n_words);
        assert_int_equal(lifts > 0, !trans_is_projective(gold, s->n_words));
        assert_true(trans_is_projective(proj, s->n_words));
        assert_true(trans_is_tree(proj, s->n_words));
        if (lifts) {
            n_nonproj++;
            /* "A hearing is scheduled on the issue today": "issue" (6) hangs
             * from "hearing" (1) across the verb; lifting moves it to the
             * verb "scheduled" (3), everything else stays. */
            assert_string_equal(s->words[6].form, "issue");
            assert_int_equal(gold[6], 1);
            assert_int_equal(proj[6], 3);
            for (int i = 0; i < s->n_words; i++)
                if (i != 6)
                    assert_int_equal(proj[i], gold[i]);
        }
        arena mem;
        arena_init(&mem, 0);
        trans_state st;
        assert_int_equal(trans_state_init(&st, s->n_words, &mem), 0);
        int steps = 0;
        while (!trans_terminal(&st)) {
            int t = trans_static_oracle(&st, proj);
            assert_true(trans_valid(&st, t));
            /* On the gold path the static oracle's choice costs nothing. */
            int cost[TRANS_N];
            trans_costs(&st, proj, cost);
            assert_int_equal(cost[t], 0);
            trans_apply(&st, t, 0);
            steps++;
        }
        assert_int_equal(steps, 2 * s->n_words);
        for (int i = 0; i < s->n_words; i++)
            assert_int_equal(st.head[i], proj[i]);
        arena_finish(&mem);
    }
    assert_int_equal(n_nonproj, 1);
    conllu_finish(&c);
}

static void dynamic_oracle_costs(void **state)
{
    (void)state;
    /* "a b c": a <- b -> c, b the root. Numbering: words 0 1 2, ROOT 3. */
    int32_t gold[3] = {1, 3, 1};
    arena mem;
    arena_init(&mem, 0);
    trans_state st;
    assert_int_equal(trans_state_init(&st, 3, &mem), 0);
    int c[TRANS_N];
    trans_costs(&st, gold, c);
    assert_int_equal(c[TRANS_SHIFT], 0);
    assert_int_equal(c[TRANS_LEFT], TRANS_INVALID);
    assert_int_equal(c[TRANS_RIGHT], TRANS_INVALID);
    trans_apply(&st, TRANS_SHIFT, 0); /* stack [a], buffer [b c ROOT] */
    trans_costs(&st, gold, c);
    assert_int_equal(c[TRANS_SHIFT], 1); /* a could no longer take b as head */
    assert_int_equal(c[TRANS_LEFT], 0);
    assert_int_equal(c[TRANS_RIGHT], TRANS_INVALID);
    trans_apply(&st, TRANS_SHIFT, 0); /* the wrong move: stack [a b], buffer [c ROOT] */
    trans_costs(&st, gold, c);
    /* b -> a loses b's head (ROOT) and its dependent c; b <- c loses the
     * same two; SHIFT c keeps b -> c reachable: nothing more is lost. */
    assert_int_equal(c[TRANS_RIGHT], 2);
    assert_int_equal(c[TRANS_LEFT], 2);
    assert_int_equal(c[TRANS_SHIFT], 0);
    trans_apply(&st, TRANS_SHIFT, 0); /* stack [a b c], buffer [ROOT] */
    trans_costs(&st, gold, c);
    assert_int_equal(c[TRANS_SHIFT], TRANS_INVALID); /* ROOT never moves */
    assert_int_equal(c[TRANS_LEFT], TRANS_INVALID);  /* only the last word may hang from ROOT */
    assert_int_equal(c[TRANS_RIGHT], 0);             /* c <- b is gold */
    trans_apply(&st, TRANS_RIGHT, 0);
    trans_costs(&st, gold, c);
    assert_int_equal(c[TRANS_RIGHT], 1); /* b <- a: b's ROOT arc is lost */
    trans_apply(&st, TRANS_RIGHT, 0);
    trans_costs(&st, gold, c);
    /* a <- ROOT: a's head b is already taken, nothing more is lost. */
    assert_int_equal(c[TRANS_LEFT], 0);
    assert_int_equal(c[TRANS_RIGHT], TRANS_INVALID);
    trans_apply(&st, TRANS_LEFT, 0);
    assert_true(trans_terminal(&st));
    int32_t h[3] = {st.head[0], st.head[1], st.head[2]};
    assert_true(trans_is_tree(h, 3));
    assert_int_equal(h[2], 1);
    /* A right dependent still in the buffer: shifting past it is free,
     * reducing s0 is not. "a b": a -> b, a the root. */
    int32_t gold2[2] = {2, 0};
    trans_state st2;
    assert_int_equal(trans_state_init(&st2, 2, &mem), 0);
    trans_apply(&st2, TRANS_SHIFT, 0);
    trans_costs(&st2, gold2, c);
    assert_int_equal(c[TRANS_SHIFT], 0);
    assert_int_equal(c[TRANS_LEFT], 2); /* wrong head and b can no longer attach */
    arena_finish(&mem);
}

static void tree_checks(void **state)
{
    (void)state;
    int32_t ok[3] = {1, 3, 1}, two_roots[3] = {3, 3, 1}, cycle[3] = {1, 0, 3};
    int32_t self[2] = {0, 2}, out_of_range[2] = {5, 2};
    assert_true(trans_is_tree(ok, 3));
    assert_false(trans_is_tree(two_roots, 3));
    assert_false(trans_is_tree(cycle, 3));
    assert_false(trans_is_tree(self, 2));
    assert_false(trans_is_tree(out_of_range, 2));
    /* 3 -> 1 passes over 2, which hangs from 0 */
    int32_t np[4] = {4, 3, 0, 0};
    assert_true(trans_is_tree(np, 4));
    assert_false(trans_is_projective(np, 4));
    assert_int_equal(trans_projectivize(np, 4), 1);
    assert_int_equal(np[1], 0); /* lifted to its head's head */
    assert_true(trans_is_projective(np, 4));
    assert_true(trans_is_tree(np, 4));
}

/* ---------------------------------------------------------------- features */

static void features_on_hand_built_configuration(void **state)
{
    (void)state;
    const char *forms[6] = {"The", "envoy", "met", "the", "president", "."};
    const char *lemmas[6] = {"the", "envoy", "meet", "the", "president", "."};
    const char *upos[6] = {"DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"};
    const char *xpos[6] = {"DT", "NN", "VBD", "DT", "NN", "."};
    parser_word w[8], w2[8];
    parser_words_init(w, forms, lemmas, upos, xpos, 6, NULL);
    /* Lower-casing: "The" and "the" hash alike. */
    assert_true(w[0].w == w[3].w && w[0].p == w[3].p);
    assert_true(w[1].w != w[4].w);
    arena mem;
    arena_init(&mem, 0);
    trans_state st;
    assert_int_equal(trans_state_init(&st, 6, &mem), 0);
    /* SHIFT The, LEFT (The <- envoy, det = 3), SHIFT envoy:
     * stack [envoy], buffer [met the president . ROOT]. */
    trans_apply(&st, TRANS_SHIFT, 0);
    trans_apply(&st, TRANS_LEFT, 3);
    trans_apply(&st, TRANS_SHIFT, 0);
    assert_int_equal(st.head[0], 1);
    assert_int_equal(st.lc1[1], 0);
    assert_int_equal(st.nl[1], 1);
    assert_true(st.lset[1] == (uint64_t)1 << 3);
    uint64_t f[PARSER_MAX_TFEATS], g[PARSER_MAX_TFEATS];
    size_t nf = parser_trans_features(&st, w, f);
    assert_true(nf > 100 && nf <= PARSER_MAX_TFEATS);
    /* No two templates collide on one configuration. */
    for (size_t i = 0; i < nf; i++)
        for (size_t j = i + 1; j < nf; j++)
            assert_true(f[i] != f[j]);
    /* Deterministic. */
    assert_int_equal(parser_trans_features(&st, w, g), nf);
    assert_memory_equal(f, g, nf * sizeof *f);
    /* N2 is "president" (4): changing that word changes exactly the three
     * templates that read N2 (its word, its tag, the N0-N1-N2 tags; no
     * clusters here, so its cluster stays "none"). */
    memcpy(w2, w, sizeof w);
    w2[4] = parser_word_of("prime", "prime", "ADJ", "JJ", NULL);
    assert_int_equal(parser_trans_features(&st, w2, g), nf);
    int diff = 0;
    for (size_t i = 0; i < nf; i++)
        diff += f[i] != g[i];
    assert_int_equal(diff, 3);
    /* The label of S0's left child is read: relabel the det arc. */
    st.label[0] = 4;
    parser_trans_features(&st, w, g);
    diff = 0;
    for (size_t i = 0; i < nf; i++)
        diff += f[i] != g[i];
    assert_int_equal(diff, 3); /* S0l label, S0p + it, S0p + it + N0p */
    /* Label features: an arc to ROOT and a left arc differ in every
     * feature (the direction is part of each). */
    uint64_t l1[PARSER_MAX_LFEATS], l2[PARSER_MAX_LFEATS];
    size_t n1 = parser_label_features(&st, w, 6, 1, l1);
    size_t n2 = parser_label_features(&st, w, 2, 1, l2);
    assert_int_equal(n1, n2);
    assert_true(n1 > 30 && n1 <= PARSER_MAX_LFEATS);
    for (size_t i = 0; i < n1; i++)
        for (size_t j = 0; j < n2; j++)
            assert_true(l1[i] != l2[j]);
    arena_finish(&mem);
}

/* ---------------------------------------------------------------- packed weights */

static void packed_transitions_match_perceptron(void **state)
{
    (void)state;
    pcp_trainer *t = pcp_trainer_new(TRANS_N);
    assert_non_null(t);
    uint64_t f[8];
    uint64_t r = 99;
    for (int i = 0; i < 3000; i++) {
        for (int k = 0; k < 8; k++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            f[k] = pcp_mix((uint64_t)k, (r >> 40) % 500);
        }
        assert_int_equal(pcp_trainer_update(t, f, 8, (uint32_t)(r >> 20) % 3, 1.0f), 0);
        pcp_trainer_tick(t);
    }
    buf raw, packed;
    buf_init(&raw, 0);
    buf_init(&packed, 0);
    assert_int_equal(pcp_trainer_export(t, 0.0f, &raw), 0);
    pcp_model m;
    assert_int_equal(pcp_model_init(&m, raw.data, raw.len), 0);
    assert_int_equal(parser_trans_pack(&m, &packed), 0);
    parser_trans pt;
    assert_int_equal(parser_trans_init(&pt, packed.data, packed.len), 0);
    assert_int_equal(pt.n_slots, m.n_slots);
    /* Same scores for seen and unseen features. */
    for (int i = 0; i < 2000; i++) {
        for (int k = 0; k < 8; k++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            f[k] = pcp_mix((uint64_t)k, (r >> 40) % 700);
        }
        float a[TRANS_N], b[TRANS_N];
        pcp_model_score(&m, f, 8, a);
        parser_trans_score(&pt, f, 8, b);
        for (int c = 0; c < TRANS_N; c++)
            assert_true(a[c] - b[c] < 1e-3f * (1.0f + (a[c] > 0 ? a[c] : -a[c])) &&
                        b[c] - a[c] < 1e-3f * (1.0f + (a[c] > 0 ? a[c] : -a[c])));
    }
    /* Damaged tables. */
    assert_int_equal(parser_trans_init(&pt, packed.data, packed.len - 8), CASUS_ECORRUPT);
    packed.data[12] ^= 1; /* n_used */
    assert_int_equal(parser_trans_init(&pt, packed.data, packed.len), CASUS_ECORRUPT);
    packed.data[12] ^= 1;
    packed.data[11] = (char)0xff; /* scale: NaN */
    packed.data[10] = (char)0xff;
    assert_int_equal(parser_trans_init(&pt, packed.data, packed.len), CASUS_ECORRUPT);
    buf_finish(&raw);
    buf_finish(&packed);
    pcp_trainer_free(t);
}

/* ---------------------------------------------------------------- training, models */

typedef struct progress_log {
    int lines;
    char last[512];
} progress_log;

static void on_progress(void *ctx, const char *line)
{
    progress_log *log = ctx;
    log->lines++;
    snprintf(log->last, sizeof log->last, "%s", line);
}

static int train_fixture_beam(const char *out, uint64_t seed, int beam)
{
    syntax_train_opts o;
    memset(&o, 0, sizeof o);
    o.train_path = FIXTURE;
    o.dev_path = FIXTURE;
    o.out_path = out;
    o.epochs = 12;
    o.seed = seed;
    progress_log log = {0, ""};
    o.progress = on_progress;
    o.ctx = &log;
    parser_train_opts po;
    parser_train_opts_default(&po);
    po.min_abs = 0.0f;
    po.label_min_abs = 0.0f;
    po.clusters_path = CLUSTERS;
    po.beam = beam;
    casus_error err;
    int rc = parser_train_ex(&o, &po, &err);
    if (rc)
        fprintf(stderr, "training failed: %s\n", err.msg);
    else if (log.lines < 12 || !strstr(log.last, "best epoch"))
        rc = -100;
    return rc;
}

static int train_fixture(const char *out, uint64_t seed)
{
    return train_fixture_beam(out, seed, 1);
}

static unsigned char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = NULL;
    if (n > 0 && posix_memalign((void **)&p, 64, (size_t)n) == 0 &&
        fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return p;
}

/* Parses every fixture sentence with p; returns correct heads and counts
 * words; fails the test if an output is not a tree. */
static int parse_fixture(const parser *p, int32_t *all_heads, uint16_t *all_labels,
                         int *n_words, int *n_las)
{
    conllu_corpus c;
    assert_int_equal(conllu_load(&c, FIXTURE, NULL), 0);
    arena mem;
    arena_init(&mem, 0);
    int ok = 0, words = 0, las = 0;
    for (size_t k = 0; k < c.n_sents; k++) {
        const conllu_sent *s = &c.sents[k];
        const char *forms[64], *lemmas[64], *upos[64], *xpos[64];
        for (int i = 0; i < s->n_words; i++) {
            forms[i] = s->words[i].form;
            lemmas[i] = s->words[i].lemma;
            upos[i] = s->words[i].upos;
            xpos[i] = s->words[i].xpos;
        }
        int32_t *heads = all_heads + words;
        uint16_t *labels = all_labels + words;
        assert_int_equal(parser_parse(p, forms, lemmas, upos, xpos, (size_t)s->n_words, heads,
                                      labels, &mem),
                         0);
        int32_t h[64];
        for (int i = 0; i < s->n_words; i++) {
            h[i] = heads[i] == 0 ? s->n_words : heads[i] - 1;
            ok += heads[i] == s->words[i].head;
            las += heads[i] == s->words[i].head &&
                   !strcmp(parser_label(p, labels[i]), s->words[i].deprel);
        }
        assert_true(trans_is_tree(h, s->n_words));
        words += s->n_words;
    }
    arena_finish(&mem);
    conllu_finish(&c);
    *n_words = words;
    *n_las = las;
    return ok;
}

/* The fixture is its own dev set: a model trained on it must fit it.
 * Returns the number of right heads. */
static int fits_fixture(const parser *p, int32_t *heads, uint16_t *labels, int *words)
{
    int las;
    int uas = parse_fixture(p, heads, labels, words, &las);
    assert_true(uas * 100 >= *words * 90);
    assert_true(las * 100 >= *words * 85);
    return uas;
}

typedef struct thread_job {
    const parser *p;
    const int32_t *want_heads;
    const uint16_t *want_labels;
    int mismatches;
} thread_job;

/* Parses the fixture repeatedly with its own arena; counts differences
 * from the single-threaded result. */
static void *parse_in_thread(void *arg)
{
    thread_job *job = arg;
    for (int round = 0; round < 20; round++) {
        int32_t heads[512];
        uint16_t labels[512];
        int words, las;
        parse_fixture(job->p, heads, labels, &words, &las);
        job->mismatches += memcmp(heads, job->want_heads, (size_t)words * sizeof *heads) != 0;
        job->mismatches +=
            memcmp(labels, job->want_labels, (size_t)words * sizeof *labels) != 0;
    }
    return NULL;
}

/* Parses random sequences of words and tags (1 to 80 words): each output
 * is a tree with one root and labels of the model. With vary_beam the
 * decoding width changes from one sentence to the next (1 to 5). */
static void random_input_gives_trees(parser *p, int trials, int vary_beam)
{
    arena mem;
    arena_init(&mem, 0);
    uint64_t r = 12345;
    static const char *vocab[] = {"the", "met", "talks", ".", "Iran", "and", "to", "zzz", "",
                                  "in"};
    static const char *tags[] = {"DT", "VBD", "NNS", ".", "NNP", "CC", "TO", "XX", "", "IN"};
    int beam = p->beam;
    for (int trial = 0; trial < trials; trial++) {
        const char *forms[80], *xp[80];
        int n = 1 + trial % 80;
        for (int i = 0; i < n; i++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            forms[i] = vocab[(r >> 33) % 10];
            xp[i] = tags[(r >> 45) % 10];
        }
        if (vary_beam)
            p->beam = 1 + trial % 5;
        int32_t h[80], hh[80];
        uint16_t l[80];
        assert_int_equal(parser_parse(p, forms, NULL, NULL, xp, (size_t)n, h, l, &mem), 0);
        for (int i = 0; i < n; i++) {
            hh[i] = h[i] == 0 ? n : h[i] - 1;
            assert_true(l[i] < parser_n_labels(p));
        }
        assert_true(trans_is_tree(hh, n));
    }
    p->beam = beam;
    arena_finish(&mem);
}

static void trains_on_fixture_and_round_trips(void **state)
{
    (void)state;
    assert_int_equal(train_fixture(MODEL, 7), 0);
    parser *p = NULL;
    casus_error err;
    assert_int_equal(parser_load(&p, MODEL, &err), 0);
    assert_true(parser_n_labels(p) >= 15);
    assert_int_equal(p->n_clusters, 5);
    /* Words of the clusters file get their cluster, others none. */
    parser_word a = parser_word_of("Envoy", NULL, NULL, NULL, &p->clusters);
    parser_word b = parser_word_of("army", NULL, NULL, NULL, &p->clusters);
    parser_word c = parser_word_of("unheard", NULL, NULL, NULL, &p->clusters);
    parser_word d = parser_word_of("unheard", NULL, NULL, NULL, NULL);
    assert_true(a.c == b.c && a.w != b.w);
    assert_true(c.c == d.c && c.c != a.c);
    int32_t heads[512];
    uint16_t labels[512];
    int words;
    int uas = fits_fixture(p, heads, labels, &words);
    /* Loading the same bytes from memory parses identically. */
    size_t size;
    unsigned char *bytes = read_all(MODEL, &size);
    assert_non_null(bytes);
    parser *q = NULL;
    assert_int_equal(parser_load_buffer(&q, bytes, size, &err), 0);
    int32_t heads2[512];
    uint16_t labels2[512];
    int words2, las2;
    int uas2 = parse_fixture(q, heads2, labels2, &words2, &las2);
    assert_int_equal(uas2, uas);
    assert_memory_equal(heads, heads2, (size_t)words * sizeof *heads);
    assert_memory_equal(labels, labels2, (size_t)words * sizeof *labels);
    /* One loaded model, four threads: the same parses. */
    pthread_t th[4];
    thread_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){p, heads, labels, 0};
        assert_int_equal(pthread_create(&th[i], NULL, parse_in_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].mismatches, 0);
    }
    /* The same data and seed give the same bytes. */
    assert_int_equal(train_fixture(MODEL2, 7), 0);
    size_t size2;
    unsigned char *bytes2 = read_all(MODEL2, &size2);
    assert_non_null(bytes2);
    assert_int_equal(size, size2);
    assert_memory_equal(bytes, bytes2, size);
    free(bytes2);
    /* Whatever the input, the output is a tree with one root. */
    random_input_gives_trees(p, 200, 0);
    arena mem;
    arena_init(&mem, 0);
    /* An empty sentence is nothing to do. */
    assert_int_equal(parser_parse(p, NULL, NULL, NULL, NULL, 0, NULL, NULL, &mem), 0);
    arena_finish(&mem);
    parser_free(q);
    parser_free(p);
    parser_free(NULL);
    free(bytes);
}

/* A scorer with fixed transition scores; labels are the head's index. */
static void fixed_trans(const void *ctx, const uint64_t *f, size_t n, float *scores)
{
    (void)f;
    (void)n;
    memcpy(scores, ctx, TRANS_N * sizeof *scores);
}

static uint16_t fixed_label(const void *ctx, const trans_state *s, const parser_word *words,
                            int h, int d)
{
    (void)ctx;
    (void)s;
    (void)words;
    (void)d;
    return (uint16_t)(h + 1);
}

static void beam_search_steps(void **state)
{
    (void)state;
    arena mem;
    arena_init(&mem, 0);
    parser_word words[5];
    memset(words, 0, sizeof words);
    static const float sc[TRANS_N] = {1.0f, 0.5f, 0.0f}; /* SHIFT, LEFT, RIGHT */
    pbeam_scorer scorer = {fixed_trans, fixed_label, sc};
    pbeam b;
    assert_int_equal(pbeam_init(&b, 2, 3, &mem), 0);
    assert_int_equal(pbeam_init(&b, 0, 3, &mem), CASUS_EINVAL);
    assert_int_equal(pbeam_init(&b, 2, 3, &mem), 0);
    /* Only SHIFT is valid at first: one item, which is gold. */
    assert_int_equal(pbeam_step(&b, &scorer, words, 0, TRANS_SHIFT, 0), 0);
    assert_int_equal(b.m, 1);
    /* Then SHIFT (2.0) and LEFT (1.5) are kept, best first; the gold LEFT
     * is second and carries the gold label, not the scorer's. */
    assert_int_equal(pbeam_step(&b, &scorer, words, 0, TRANS_LEFT, 9), 1);
    assert_int_equal(b.m, 2);
    assert_true(b.cur[0].score > b.cur[1].score);
    assert_int_equal(b.cur[0].ht[1], TRANS_SHIFT);
    assert_int_equal(b.cur[1].ht[1], TRANS_LEFT);
    assert_int_equal(b.cur[1].hl[1], 9);
    assert_int_equal(b.cur[1].st.head[0], 1);
    /* A transition nobody proposes better: the gold item falls out. */
    assert_int_equal(pbeam_step(&b, &scorer, words, 1, TRANS_SHIFT, 0), -1);
    /* Every item finishes after exactly 2n steps with a tree. */
    while (b.steps < 6)
        pbeam_step(&b, &scorer, words, -1, 0, 0);
    for (int i = 0; i < b.m; i++) {
        assert_true(trans_terminal(&b.cur[i].st));
        assert_true(trans_is_tree(b.cur[i].st.head, 3));
        for (int w = 0; w < 3; w++) /* labels came from the scorer or the gold */
            assert_true(b.cur[i].st.label[w] == b.cur[i].st.head[w] + 1 ||
                        b.cur[i].st.label[w] == 9);
    }
    /* Width 1 is greedy: SHIFT while it is valid, then LEFT to ROOT. */
    assert_int_equal(pbeam_init(&b, 1, 3, &mem), 0);
    while (!trans_terminal(&b.cur[0].st))
        pbeam_step(&b, &scorer, words, -1, 0, 0);
    assert_int_equal(b.steps, 6);
    static const uint8_t want[6] = {TRANS_SHIFT, TRANS_SHIFT, TRANS_SHIFT,
                                    TRANS_RIGHT, TRANS_RIGHT, TRANS_LEFT};
    assert_memory_equal(b.cur[0].ht, want, sizeof want);
    arena_finish(&mem);
}

static void beam_trains_on_fixture(void **state)
{
    (void)state;
    assert_int_equal(train_fixture_beam(MODEL, 7, 4), 0);
    parser *p = NULL;
    casus_error err;
    assert_int_equal(parser_load(&p, MODEL, &err), 0);
    assert_int_equal(p->beam, 4);
    int32_t heads[512];
    uint16_t labels[512];
    int words;
    fits_fixture(p, heads, labels, &words);
    /* Deterministic: the same bytes again. */
    assert_int_equal(train_fixture_beam(MODEL2, 7, 4), 0);
    size_t size, size2;
    unsigned char *a = read_all(MODEL, &size), *b = read_all(MODEL2, &size2);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(size, size2);
    assert_memory_equal(a, b, size);
    free(a);
    free(b);
    /* Any input gives a tree, at any width the model is decoded with. */
    random_input_gives_trees(p, 120, 1);
    arena mem;
    arena_init(&mem, 0);
    static const char *vocab[] = {"the", "met", "talks", ".", "Iran", "and", "zzz", ""};
    static const char *tags[] = {"DT", "VBD", "NNS", ".", "NNP", "CC", "XX", ""};
    /* Past PARSER_BEAM_MAX_WORDS the beam model parses greedily: still a tree. */
    enum { LONG = PARSER_BEAM_MAX_WORDS + 20 };
    const char *lf[LONG], *lx[LONG];
    int32_t lh[LONG];
    uint16_t ll[LONG];
    for (int i = 0; i < LONG; i++) {
        lf[i] = vocab[i % 8];
        lx[i] = tags[(i * 3) % 8];
    }
    p->beam = 4;
    assert_int_equal(parser_parse(p, lf, NULL, NULL, lx, LONG, lh, ll, &mem), 0);
    for (int i = 0; i < LONG; i++)
        lh[i] = lh[i] == 0 ? LONG : lh[i] - 1;
    assert_true(trans_is_tree(lh, LONG));
    arena_finish(&mem);
    parser_free(p);
}

/* Recomputes the container checksum after an edit, so that the parser's
 * own section checks are what is tested. */
static void fix_crc(unsigned char *p, size_t size)
{
    memset(p + 32, 0, 4);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, p, (uInt)size);
    for (int i = 0; i < 4; i++)
        p[32 + i] = (unsigned char)(crc >> (8 * i));
}

/* Offset of section name's data in a container, or 0. */
static size_t section_offset(const unsigned char *p, const char *name, size_t *sz)
{
    uint32_t n = (uint32_t)p[16] | (uint32_t)p[17] << 8;
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = p + 64 + 32 * i;
        if (!strncmp((const char *)e, name, 16)) {
            uint64_t off = 0, s = 0;
            for (int b = 7; b >= 0; b--) {
                off = off << 8 | e[16 + b];
                s = s << 8 | e[24 + b];
            }
            *sz = (size_t)s;
            return (size_t)off;
        }
    }
    return 0;
}

static int load_edited(const unsigned char *orig, size_t size, const char *sec, size_t at,
                       unsigned char val)
{
    unsigned char *p = NULL;
    assert_int_equal(posix_memalign((void **)&p, 64, size), 0);
    memcpy(p, orig, size);
    size_t sz = 0, off = section_offset(p, sec, &sz);
    assert_true(off > 0 && at < sz);
    p[off + at] = val;
    fix_crc(p, size);
    parser *q = NULL;
    casus_error err;
    int rc = parser_load_buffer(&q, p, size, &err);
    assert_true(rc != 0 || q != NULL);
    if (rc == 0)
        parser_free(q);
    else
        assert_int_equal(err.code, rc);
    free(p);
    return rc;
}

static void damaged_models_are_refused(void **state)
{
    (void)state;
    size_t size;
    unsigned char *bytes = read_all(MODEL, &size);
    if (!bytes) { /* the training test did not run first */
        assert_int_equal(train_fixture(MODEL, 7), 0);
        bytes = read_all(MODEL, &size);
    }
    assert_non_null(bytes);
    parser *q = NULL;
    casus_error err;
    assert_int_equal(parser_load_buffer(&q, bytes, size, &err), 0);
    parser_free(q);
    /* Truncations: every one is an error, never a crash. */
    for (size_t len = 0; len < size; len += (len < 4096 ? 1 : 997)) {
        int rc = parser_load_buffer(&q, bytes, len, &err);
        assert_true(rc < 0);
        assert_null(q);
    }
    /* A flipped byte anywhere fails the checksum. */
    unsigned char *p = NULL;
    assert_int_equal(posix_memalign((void **)&p, 64, size), 0);
    for (size_t at = 0; at < size; at += 1 + size / 61) {
        memcpy(p, bytes, size);
        p[at] ^= 0x20;
        assert_true(parser_load_buffer(&q, p, size, &err) < 0);
        assert_null(q);
    }
    free(p);
    /* Sections that pass the container's checks but not the parser's. */
    assert_int_equal(load_edited(bytes, size, "config", 0, 'X'), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "config", 8, 99), CASUS_EVERSION);
    assert_int_equal(load_edited(bytes, size, "config", 16, 0), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "config", 16, 200), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "config", 17, 0xff), CASUS_ECORRUPT);
    size_t lsz = 0;
    section_offset(bytes, "labels", &lsz);
    assert_int_equal(load_edited(bytes, size, "labels", lsz - 1, 'x'), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "labels", 0, 0), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "allow", 0, 0x80), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "trans", 4, 9), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "label", 0, 0), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "clusters", 0, 0), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "config", 20, 2), CASUS_ECORRUPT); /* ids >= 2 */
    assert_int_equal(load_edited(bytes, size, "config", 23, 0xff), CASUS_ECORRUPT);
    /* Word 6 is the beam width: up to PARSER_MAX_BEAM. */
    assert_int_equal(load_edited(bytes, size, "config", 24, 3), 0);
    assert_int_equal(load_edited(bytes, size, "config", 24, PARSER_MAX_BEAM + 1), CASUS_ECORRUPT);
    assert_int_equal(load_edited(bytes, size, "config", 27, 0x80), CASUS_ECORRUPT);
    /* Another kind of model. */
    assert_int_equal(posix_memalign((void **)&p, 64, size), 0);
    memcpy(p, bytes, size);
    memcpy(p + 40, "tagger\0", 7);
    fix_crc(p, size);
    assert_int_equal(parser_load_buffer(&q, p, size, &err), CASUS_EFORMAT);
    assert_null(q);
    free(p);
    /* Missing file. */
    assert_int_equal(parser_load(&q, CASUS_BUILD "/tests/no-such-parser.bin", &err),
                     CASUS_ENOENT);
    assert_null(q);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(static_oracle_rebuilds_fixture),
        cmocka_unit_test(dynamic_oracle_costs),
        cmocka_unit_test(tree_checks),
        cmocka_unit_test(features_on_hand_built_configuration),
        cmocka_unit_test(packed_transitions_match_perceptron),
        cmocka_unit_test(trains_on_fixture_and_round_trips),
        cmocka_unit_test(beam_search_steps),
        cmocka_unit_test(beam_trains_on_fixture),
        cmocka_unit_test(damaged_models_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
