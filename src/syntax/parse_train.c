/*
 * parse_train.c — training the dependency parser (parser_train,
 * parser_train_ex) on a CoNLL-U treebank.
 *
 * Greedy arc-hybrid parsing with the dynamic oracle (Goldberg & Nivre
 * 2012/2013): at every configuration the transition model is updated when
 * its best valid transition costs more than the cheapest one, towards the
 * best-scoring cheapest one. The first epoch follows the oracle; later
 * epochs follow the model's own mistake with probability `explore` (0.9;
 * 1.0 measured no better), so the model learns to recover from the
 * configurations it will really meet. The label model is trained on every
 * arc made with the right head, in those same configurations.
 *
 * Non-projective training trees (288 of 12,544 EWT train sentences, 392
 * arcs) are projectivised by lifting (trans_projectivize): the oracle aims
 * at the lifted tree, so such a word is learnt attached to an ancestor of
 * its head, with its own label (no pseudo-projective label encoding: the
 * parser never outputs a crossing arc; the lifted trees keep 95.8% of the
 * gold heads of those sentences). Dev scores compare with the real trees.
 *
 * Inputs: forms folded as casus_word.norm (tagger_fold_corpus); UPOS/XPOS
 * from the treebank or, with a tagger model (opts->tagger_path), as that
 * tagger predicts them. The tagger then tags its own training data, which
 * it knows too well: the documented compromise. The reference model is
 * trained on jackknifed tags instead (bench/train_parser.c jackknife: each
 * fifth of train tagged by a tagger trained on the other four), given to
 * parser_train_ex with gold_tags set since the file's tags are then the
 * predicted ones. Word clusters: a clusters file, else those of the
 * tagger model, else none. Output: the model of the epoch with the best
 * dev LAS, pruned and quantised, exactly as it was scored on dev.
 *
 * With opts->beam > 1 the transition model is trained for beam search
 * instead (train_sent_beam: max-violation updates against the static
 * oracle's path) and the model records the width it is decoded with.
 *
 * Deterministic: one splitmix64 stream seeded from opts->seed drives the
 * shuffles and the exploration; the perceptron export is deterministic.
 * Cost on EWT: ~6 s per epoch on one core, ~0.8 GB.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syntax/conllu.h"
#include "syntax/parse_feats.h"
#include "syntax/parse_model.h"
#include "syntax/tag_cluster.h"
#include "syntax/tag_util.h"
#include "syntax/transition.h"
#include "util/buf.h"
#include "util/error.h"

/* 0 builds the parser trainer without the tagger (gold tags only). */
#ifndef PARSER_HAVE_TAGGER
#define PARSER_HAVE_TAGGER 1
#endif

#define NO_LABEL 0xffff

typedef struct tsent {
    int n;
    parser_word *words; /* n + 2 */
    int32_t *gold;      /* heads, ROOT = n */
    int32_t *proj;      /* projectivised gold */
    uint16_t *glab;     /* label ids, NO_LABEL if unknown */
} tsent;

typedef struct tdata {
    arena mem;
    tsent *s;
    size_t n, n_words, n_skipped, n_nonproj, n_lifted;
    int max_n;
} tdata;

typedef struct labelset {
    char **name; /* sorted */
    size_t n;
    uint8_t *allow;
} labelset;

static uint64_t rnd(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rnd01(uint64_t *state)
{
    return (double)(rnd(state) >> 11) * (1.0 / 9007199254740992.0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void labelset_finish(labelset *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        free(ls->name[i]);
    free(ls->name);
    free(ls->allow);
    memset(ls, 0, sizeof *ls);
}

static int label_id(const labelset *ls, const char *s)
{
    char *const *hit = bsearch(&s, ls->name, ls->n, sizeof *ls->name, cmp_str);
    return hit ? (int)(hit - ls->name) : -1;
}

/* The sorted set of DEPRELs of c and where each occurs. */
static int labelset_build(labelset *ls, const conllu_corpus *c, casus_error *err)
{
    memset(ls, 0, sizeof *ls);
    size_t cap = 0;
    for (size_t s = 0; s < c->n_sents; s++)
        for (int i = 0; i < c->sents[s].n_words; i++) {
            const char *d = c->sents[s].words[i].deprel;
            int seen = 0;
            for (size_t k = 0; k < ls->n && !seen; k++)
                seen = !strcmp(ls->name[k], d);
            if (seen)
                continue;
            if (ls->n == PARSER_MAX_LABELS)
                return error_set(err, CASUS_EFORMAT, "more than %d relation labels",
                                 PARSER_MAX_LABELS);
            if (ls->n == cap) {
                cap = cap ? cap * 2 : 64;
                char **nn = realloc(ls->name, cap * sizeof *nn);
                if (!nn)
                    return error_set(err, CASUS_ENOMEM, "out of memory");
                ls->name = nn;
            }
            if (!(ls->name[ls->n] = strdup(d)))
                return error_set(err, CASUS_ENOMEM, "out of memory");
            ls->n++;
        }
    if (!ls->n)
        return error_set(err, CASUS_EFORMAT, "no relation labels in the training data");
    qsort(ls->name, ls->n, sizeof *ls->name, cmp_str);
    ls->allow = calloc(ls->n, 1);
    if (!ls->allow)
        return error_set(err, CASUS_ENOMEM, "out of memory");
    for (size_t s = 0; s < c->n_sents; s++)
        for (int i = 0; i < c->sents[s].n_words; i++) {
            const conllu_word *w = &c->sents[s].words[i];
            int k = label_id(ls, w->deprel);
            if (k < 0 || w->head < 0)
                continue;
            ls->allow[k] |= w->head == 0       ? PARSER_ALLOW_ROOT
                            : w->head > i + 1 ? PARSER_ALLOW_LEFT
                                              : PARSER_ALLOW_RIGHT;
        }
    return 0;
}

#if PARSER_HAVE_TAGGER
/* Replaces the UPOS and XPOS of every word of c by the tagger's. */
static int retag(conllu_corpus *c, const char *tagger_path, casus_error *err)
{
    tagger *tg = NULL;
    int rc = tagger_load(&tg, tagger_path, err);
    if (rc)
        return rc;
    arena scratch;
    arena_init(&scratch, 0);
    for (size_t s = 0; s < c->n_sents && !rc; s++) {
        conllu_sent *cs = &c->sents[s];
        size_t n = (size_t)cs->n_words;
        const char **forms = arena_array(&scratch, n + 1, sizeof *forms);
        uint16_t *tags = arena_array(&scratch, n + 1, sizeof *tags);
        if (!forms || !tags) {
            rc = error_set(err, CASUS_ENOMEM, "out of memory");
            break;
        }
        for (size_t i = 0; i < n; i++)
            forms[i] = cs->words[i].form;
        if ((rc = tagger_tag(tg, forms, n, tags, &scratch)) != 0) {
            rc = error_set(err, rc, "tagging failed");
            break;
        }
        for (size_t i = 0; i < n; i++) {
            cs->words[i].upos = tagger_upos(tg, tags[i]);
            cs->words[i].xpos = tagger_xpos(tg, tags[i]);
        }
        if (s % 256 == 255) {
            arena_finish(&scratch);
            arena_init(&scratch, 0);
        }
    }
    arena_finish(&scratch);
    /* The tag strings belong to the tagger: copy them into the corpus. */
    for (size_t s = 0; s < c->n_sents && !rc; s++)
        for (int i = 0; i < c->sents[s].n_words && !rc; i++) {
            conllu_word *w = &c->sents[s].words[i];
            w->upos = arena_strndup(&c->mem, w->upos, strlen(w->upos));
            w->xpos = arena_strndup(&c->mem, w->xpos, strlen(w->xpos));
            if (!w->upos || !w->xpos)
                rc = error_set(err, CASUS_ENOMEM, "out of memory");
        }
    tagger_free(tg);
    return rc;
}
#endif

/* The clusters section for the model (see parser_train_opts) and its
 * number of clusters. */
static int load_clusters(const syntax_train_opts *o, const parser_train_opts *po, buf *out,
                         uint32_t *n_clusters, casus_error *err)
{
    *n_clusters = 0;
    if (po->clusters_path)
        return tagger_cluster_section(po->clusters_path, n_clusters, out, err);
    if (o->tagger_path && !po->gold_tags) {
        /* The tagger's own clusters: its "meta" section holds n_clusters
         * in its 4th word (tagger.c). */
        model_file mf;
        int rc = model_open(&mf, o->tagger_path, "tagger", err);
        if (rc)
            return rc;
        const model_section *meta = model_find(&mf, "meta");
        const model_section *cl = model_find(&mf, "clusters");
        if (meta && cl && meta->size >= 16) {
            const unsigned char *m = meta->data;
            *n_clusters = (uint32_t)m[12] | (uint32_t)m[13] << 8 | (uint32_t)m[14] << 16 |
                          (uint32_t)m[15] << 24;
            rc = buf_append(out, cl->data, (size_t)cl->size);
        }
        model_close(&mf);
        if (rc || out->len)
            return rc ? error_set(err, rc, "out of memory") : 0;
    }
    tagger_map empty;
    tagger_map_init(&empty);
    int rc = tagger_map_export(&empty, out);
    tagger_map_finish(&empty);
    return rc ? error_set(err, rc, "out of memory") : 0;
}

/* Loads path into corpus c: folded forms, optionally predicted tags. */
static int load_corpus(conllu_corpus *c, const char *path, const syntax_train_opts *o,
                       const parser_train_opts *po, casus_error *err)
{
    int rc = conllu_load(c, path, err);
    if (rc)
        return rc;
    if (tagger_fold_corpus(c))
        return error_set(err, CASUS_ENOMEM, "out of memory");
    if (o->tagger_path && !po->gold_tags) {
#if PARSER_HAVE_TAGGER
        return retag(c, o->tagger_path, err);
#else
        return error_set(err, CASUS_EINVAL, "%s: this build has no tagger", o->tagger_path);
#endif
    }
    return 0;
}

static void tdata_finish(tdata *d)
{
    arena_finish(&d->mem);
    free(d->s);
    memset(d, 0, sizeof *d);
}

/* Turns a corpus into training sentences. Sentences whose trees are not
 * trees (a word without head, several roots, a cycle) are skipped and
 * counted. */
static int tdata_build(tdata *d, const conllu_corpus *c, const labelset *ls, size_t max_sents,
                       const tagger_table *clusters)
{
    memset(d, 0, sizeof *d);
    arena_init(&d->mem, 0);
    size_t n_s = c->n_sents;
    if (max_sents && max_sents < n_s)
        n_s = max_sents;
    d->s = calloc(n_s ? n_s : 1, sizeof *d->s);
    if (!d->s)
        return CASUS_ENOMEM;
    for (size_t k = 0; k < n_s; k++) {
        const conllu_sent *cs = &c->sents[k];
        int n = cs->n_words;
        if (n <= 0)
            continue;
        tsent *t = &d->s[d->n];
        t->n = n;
        t->words = arena_array(&d->mem, (size_t)n + 2, sizeof *t->words);
        t->gold = arena_array(&d->mem, (size_t)n, sizeof *t->gold);
        t->proj = arena_array(&d->mem, (size_t)n, sizeof *t->proj);
        t->glab = arena_array(&d->mem, (size_t)n, sizeof *t->glab);
        if (!t->words || !t->gold || !t->proj || !t->glab)
            return CASUS_ENOMEM;
        for (int i = 0; i < n; i++) {
            const conllu_word *w = &cs->words[i];
            t->words[i] = parser_word_of(w->form, w->lemma, w->upos, w->xpos, clusters);
            t->gold[i] = w->head < 0 ? -1 : w->head == 0 ? n : w->head - 1;
            int lab = label_id(ls, w->deprel);
            t->glab[i] = lab < 0 ? NO_LABEL : (uint16_t)lab;
        }
        t->words[n] = parser_word_of("<ROOT>", "<ROOT>", "<ROOT>", "<ROOT>", NULL);
        t->words[n + 1] = parser_word_of("<NONE>", "<NONE>", "<NONE>", "<NONE>", NULL);
        if (!trans_is_tree(t->gold, n)) {
            d->n_skipped++;
            continue;
        }
        memcpy(t->proj, t->gold, (size_t)n * sizeof *t->proj);
        int lifts = trans_projectivize(t->proj, n);
        if (lifts) {
            d->n_nonproj++;
            d->n_lifted += (size_t)lifts;
        }
        d->n_words += (size_t)n;
        if (n > d->max_n)
            d->max_n = n;
        d->n++;
    }
    return 0;
}

/* ---------------------------------------------------------------- training */

typedef struct trainer {
    pcp_trainer *tr, *lab;
    const labelset *ls;
    uint64_t rng;
    float explore;
    int beam;
    size_t n_trans, n_err, n_arcs, n_lab_err;
} trainer;

static int argmax_allowed(const float *sc, const labelset *ls, unsigned need)
{
    int best = -1;
    for (size_t k = 0; k < ls->n; k++)
        if ((ls->allow[k] & need) && (best < 0 || sc[k] > sc[best]))
            best = (int)k;
    if (best < 0)
        for (size_t k = 0; k < ls->n; k++)
            if (best < 0 || sc[k] > sc[best])
                best = (int)k;
    return best;
}

static unsigned arc_need(int h, int d, int n)
{
    return h == n ? PARSER_ALLOW_ROOT : d < h ? PARSER_ALLOW_LEFT : PARSER_ALLOW_RIGHT;
}

/* Scores the labels of the arc h -> d in st and returns the best allowed
 * one; with gold != NO_LABEL also learns gold there (an update when the
 * prediction differs). -1 when out of memory. */
static int label_step(trainer *T, const trans_state *st, const parser_word *words, int h, int d,
                      uint16_t gold)
{
    uint64_t lf[PARSER_MAX_LFEATS];
    float lsc[PARSER_MAX_LABELS];
    size_t nl = parser_label_features(st, words, h, d, lf);
    pcp_trainer_score(T->lab, lf, nl, lsc);
    int pl = argmax_allowed(lsc, T->ls, arc_need(h, d, st->n));
    if (gold == NO_LABEL)
        return pl;
    T->n_arcs++;
    if (pl != gold) {
        T->n_lab_err++;
        if (pcp_trainer_update(T->lab, lf, nl, gold, 1.0f) ||
            pcp_trainer_update(T->lab, lf, nl, (uint32_t)pl, -1.0f))
            return -1;
    }
    pcp_trainer_tick(T->lab);
    return pl;
}

static int train_sent(trainer *T, const tsent *ts, trans_state *st, int explore_on)
{
    uint64_t f[PARSER_MAX_TFEATS];
    float sc[TRANS_N];
    int cost[TRANS_N];
    st->n = ts->n;
    trans_state_reset(st);
    while (!trans_terminal(st)) {
        size_t nf = parser_trans_features(st, ts->words, f);
        pcp_trainer_score(T->tr, f, nf, sc);
        trans_costs(st, ts->proj, cost);
        int pred = -1, gbest = -1, minc = TRANS_INVALID;
        for (int t = 0; t < TRANS_N; t++) {
            if (cost[t] == TRANS_INVALID)
                continue;
            if (pred < 0 || sc[t] > sc[pred])
                pred = t;
            if (cost[t] < minc)
                minc = cost[t];
        }
        for (int t = 0; t < TRANS_N; t++)
            if (cost[t] == minc && (gbest < 0 || sc[t] > sc[gbest]))
                gbest = t;
        int follow = gbest;
        T->n_trans++;
        if (cost[pred] > minc) {
            T->n_err++;
            if (pcp_trainer_update(T->tr, f, nf, (uint32_t)gbest, 1.0f) ||
                pcp_trainer_update(T->tr, f, nf, (uint32_t)pred, -1.0f))
                return CASUS_ENOMEM;
            if (explore_on && rnd01(&T->rng) < T->explore)
                follow = pred;
        }
        pcp_trainer_tick(T->tr);
        uint16_t lab = 0;
        if (follow != TRANS_SHIFT) {
            int d = st->stack[st->sp - 1];
            int h = follow == TRANS_LEFT ? st->b : st->stack[st->sp - 2];
            int correct = ts->proj[d] == h && ts->glab[d] != NO_LABEL;
            if (correct || explore_on) {
                int pl = label_step(T, st, ts->words, h, d, correct ? ts->glab[d] : NO_LABEL);
                if (pl < 0)
                    return CASUS_ENOMEM;
                lab = explore_on ? (uint16_t)pl : ts->glab[d];
            }
        }
        trans_apply(st, follow, lab);
    }
    return 0;
}

/* ---- beam training: max-violation updates (Huang, Fayong & Guo 2012) ---- */

static void tr_trans(const void *ctx, const uint64_t *f, size_t n, float *scores)
{
    pcp_trainer_score(((const trainer *)ctx)->tr, f, n, scores);
}

static uint16_t tr_label(const void *ctx, const trans_state *s, const parser_word *words, int h,
                         int d)
{
    const trainer *T = ctx;
    uint64_t lf[PARSER_MAX_LFEATS];
    float lsc[PARSER_MAX_LABELS];
    size_t nl = parser_label_features(s, words, h, d, lf);
    pcp_trainer_score(T->lab, lf, nl, lsc);
    return (uint16_t)argmax_allowed(lsc, T->ls, arc_need(h, d, s->n));
}

/* Replays ht/hl[0..len) from the initial configuration, adding delta to
 * each transition's features from step `from` on. */
static int replay_update(trainer *T, const tsent *ts, trans_state *st, const uint8_t *ht,
                         const uint16_t *hl, int from, int len, float delta)
{
    uint64_t f[PARSER_MAX_TFEATS];
    st->n = ts->n;
    trans_state_reset(st);
    for (int j = 0; j < len; j++) {
        if (j >= from) {
            size_t nf = parser_trans_features(st, ts->words, f);
            if (pcp_trainer_update(T->tr, f, nf, ht[j], delta))
                return CASUS_ENOMEM;
        }
        trans_apply(st, ht[j], hl[j]);
    }
    return 0;
}

/*
 * One sentence with a beam of T->beam items. The gold path (static oracle
 * on the projectivised tree, gold labels) is followed beside the beam and
 * scored with the same weights; after the last step the weights are
 * updated once, at the step where the beam's best item beat the gold
 * prefix by most: towards the gold prefix, away from that item's. The label
 * model learns on the gold path's arcs, as in greedy training.
 */
static int train_sent_beam(trainer *T, const tsent *ts, trans_state *gs, trans_state *rs,
                           arena *mem)
{
    uint64_t f[PARSER_MAX_TFEATS];
    float sc[TRANS_N];
    int n = ts->n, steps = 2 * n;
    pbeam b;
    uint8_t *gt = arena_array(mem, (size_t)steps, 1);
    uint16_t *gl = arena_array(mem, (size_t)steps, sizeof *gl);
    uint8_t *vt = arena_array(mem, (size_t)steps, 1);
    uint16_t *vl = arena_array(mem, (size_t)steps, sizeof *vl);
    if (!gt || !gl || !vt || !vl || pbeam_init(&b, T->beam, n, mem))
        return CASUS_ENOMEM;
    pbeam_scorer scorer = {tr_trans, tr_label, T};
    gs->n = n;
    trans_state_reset(gs);
    double gscore = 0.0, maxv = -1.0;
    int gold_item = 0, vstep = 0;
    for (int j = 0; j < steps; j++) {
        size_t nf = parser_trans_features(gs, ts->words, f);
        pcp_trainer_score(T->tr, f, nf, sc);
        int t = trans_static_oracle(gs, ts->proj);
        gscore += (double)sc[t];
        uint16_t lab = 0;
        if (t != TRANS_SHIFT) {
            int d = gs->stack[gs->sp - 1];
            int h = t == TRANS_LEFT ? gs->b : gs->stack[gs->sp - 2];
            lab = ts->glab[d] == NO_LABEL ? 0 : ts->glab[d];
            if (ts->glab[d] != NO_LABEL && label_step(T, gs, ts->words, h, d, ts->glab[d]) < 0)
                return CASUS_ENOMEM;
        }
        gt[j] = (uint8_t)t;
        gl[j] = lab;
        gold_item = pbeam_step(&b, &scorer, ts->words, gold_item, t, lab);
        trans_apply(gs, t, lab);
        T->n_trans++;
        if (gold_item != 0) {
            double v = b.cur[0].score - gscore;
            if (v >= maxv) {
                maxv = v;
                vstep = j + 1;
                memcpy(vt, b.cur[0].ht, (size_t)vstep);
                memcpy(vl, b.cur[0].hl, (size_t)vstep * sizeof *vl);
            }
        }
    }
    if (vstep) {
        T->n_err++;
        int from = 0;
        while (from < vstep && vt[from] == gt[from] && vl[from] == gl[from])
            from++;
        if (replay_update(T, ts, rs, gt, gl, from, vstep, 1.0f) ||
            replay_update(T, ts, rs, vt, vl, from, vstep, -1.0f))
            return CASUS_ENOMEM;
    }
    pcp_trainer_tick(T->tr);
    return 0;
}

/* Exports the averaged transition model, pruned at min_abs and packed
 * (parse_model.h), into out. */
static int export_trans(const pcp_trainer *t, float min_abs, buf *out)
{
    buf raw;
    buf_init(&raw, 0);
    pcp_model m;
    int rc = pcp_trainer_export(t, min_abs, &raw);
    if (!rc)
        rc = pcp_model_init(&m, raw.data, raw.len) ? CASUS_EINTERNAL : 0;
    if (!rc)
        rc = parser_trans_pack(&m, out);
    buf_finish(&raw);
    return rc;
}

/* A parser over exported blobs (no file), for scoring dev. */
static int model_from_blobs(parser *p, const buf *tr, const buf *lab, const labelset *ls,
                            const tagger_table *clusters, int beam)
{
    memset(p, 0, sizeof *p);
    p->beam = beam;
    p->clusters = *clusters;
    if (parser_trans_init(&p->trans, tr->data, tr->len) ||
        pcp_model_init(&p->label, lab->data, lab->len))
        return CASUS_EINTERNAL;
    p->n_labels = (uint32_t)ls->n;
    p->labels = (const char **)ls->name;
    p->allow = ls->allow;
    return 0;
}

typedef struct score {
    size_t words, uas, las;
} score;

static int evaluate(const parser *p, const tdata *dev, score *sc)
{
    memset(sc, 0, sizeof *sc);
    arena scratch;
    arena_init(&scratch, 0);
    int32_t *heads = malloc(((size_t)dev->max_n + 1) * sizeof *heads);
    uint16_t *labels = malloc(((size_t)dev->max_n + 1) * sizeof *labels);
    int rc = heads && labels ? 0 : CASUS_ENOMEM;
    for (size_t k = 0; k < dev->n && !rc; k++) {
        const tsent *t = &dev->s[k];
        rc = parser_parse_words(p, t->words, (size_t)t->n, heads, labels, &scratch);
        for (int i = 0; i < t->n && !rc; i++) {
            int g = t->gold[i] == t->n ? 0 : t->gold[i] + 1;
            sc->words++;
            if (heads[i] == g) {
                sc->uas++;
                sc->las += labels[i] == t->glab[i];
            }
        }
        if (k % 512 == 511) {
            arena_finish(&scratch);
            arena_init(&scratch, 0);
        }
    }
    arena_finish(&scratch);
    free(heads);
    free(labels);
    return rc;
}


static double pct(size_t a, size_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static int save_model(const char *path, const labelset *ls, const buf *tr, const buf *lab,
                      const buf *clusters, uint32_t n_clusters, int beam, casus_error *err)
{
    unsigned char cfg[32] = {0};
    uint32_t v[8] = {PARSER_MAGIC,           PARSER_FORMAT, PARSER_FEATS_VERSION,
                     PARSER_SYSTEM_ARC_HYBRID, (uint32_t)ls->n, n_clusters,
                     beam > 1 ? (uint32_t)beam : 0, 0};
    for (int i = 0; i < 8; i++)
        for (int b = 0; b < 4; b++)
            cfg[4 * i + b] = (unsigned char)(v[i] >> (8 * b));
    buf names;
    buf_init(&names, 0);
    int rc = 0;
    for (size_t k = 0; k < ls->n && !rc; k++)
        rc = buf_append(&names, ls->name[k], strlen(ls->name[k]) + 1);
    model_writer w;
    model_writer_init(&w, "parser");
    if (!rc)
        rc = model_writer_add(&w, "config", cfg, sizeof cfg);
    if (!rc)
        rc = model_writer_add(&w, "labels", names.data, names.len);
    if (!rc)
        rc = model_writer_add(&w, "allow", ls->allow, ls->n);
    if (!rc)
        rc = model_writer_add(&w, "trans", tr->data, tr->len);
    if (!rc)
        rc = model_writer_add(&w, "label", lab->data, lab->len);
    if (!rc)
        rc = model_writer_add(&w, "clusters", clusters->data, clusters->len);
    if (rc)
        rc = error_set(err, rc, "out of memory");
    else
        rc = model_writer_save(&w, path, err);
    model_writer_finish(&w);
    buf_finish(&names);
    return rc;
}

void parser_train_opts_default(parser_train_opts *po)
{
    memset(po, 0, sizeof *po);
    /* Measured on EWT dev (predicted tags): transition weights below 1.0
     * and label weights below 1.5 cost < 0.1 LAS and keep the model
     * near 20 MB. */
    po->min_abs = 1.0f;
    po->label_min_abs = 1.5f;
    po->explore = 0.9f;
}

int parser_train(const syntax_train_opts *o, casus_error *err)
{
    parser_train_opts po;
    parser_train_opts_default(&po);
    return parser_train_ex(o, &po, err);
}

int parser_train_ex(const syntax_train_opts *o, const parser_train_opts *po, casus_error *err)
{
    if (!o || !o->train_path || !o->out_path)
        return error_set(err, CASUS_EINVAL, "parser training needs train and output paths");
    if (po->beam < 0 || po->beam > PARSER_MAX_BEAM)
        return error_set(err, CASUS_EINVAL, "beam width %d: 0 to %d", po->beam, PARSER_MAX_BEAM);
    int epochs = o->epochs > 0 ? o->epochs : 15;
    conllu_corpus ctrain, cdev;
    memset(&ctrain, 0, sizeof ctrain);
    memset(&cdev, 0, sizeof cdev);
    labelset ls;
    memset(&ls, 0, sizeof ls);
    tdata train, dev;
    memset(&train, 0, sizeof train);
    memset(&dev, 0, sizeof dev);
    trainer T;
    memset(&T, 0, sizeof T);
    buf best_tr, best_lab, cur_tr, cur_lab;
    buf_init(&best_tr, 0);
    buf_init(&best_lab, 0);
    buf_init(&cur_tr, 0);
    buf_init(&cur_lab, 0);
    arena st_mem, beam_mem;
    arena_init(&st_mem, 0);
    arena_init(&beam_mem, 0);
    uint32_t *order = NULL;
    buf csec;
    buf_init(&csec, 0);
    uint32_t n_clusters = 0;
    tagger_table ctab;
    int rc = load_clusters(o, po, &csec, &n_clusters, err);
    if (!rc && tagger_table_init(&ctab, csec.data, csec.len, n_clusters))
        rc = error_set(err, CASUS_ECORRUPT, "bad word clusters");
    if (!rc)
        rc = load_corpus(&ctrain, o->train_path, o, po, err);
    if (!rc && o->dev_path)
        rc = load_corpus(&cdev, o->dev_path, o, po, err);
    if (!rc)
        rc = labelset_build(&ls, &ctrain, err);
    if (!rc && (tdata_build(&train, &ctrain, &ls, (size_t)po->max_sents, &ctab) ||
                (o->dev_path && tdata_build(&dev, &cdev, &ls, 0, &ctab))))
        rc = error_set(err, CASUS_ENOMEM, "out of memory");
    conllu_finish(&ctrain);
    conllu_finish(&cdev);
    if (!rc && !train.n)
        rc = error_set(err, CASUS_EFORMAT, "%s: no usable training sentence", o->train_path);
    if (rc)
        goto done;
    syntax_progress(o,
             "parser: %zu sentences, %zu words, %zu labels; %zu skipped (not trees), %zu "
             "non-projective (%zu lifts); dev %zu sentences; %s tags; %u word clusters",
             train.n, train.n_words, ls.n, train.n_skipped, train.n_nonproj, train.n_lifted,
             dev.n, o->tagger_path && !po->gold_tags ? "predicted" : "gold", n_clusters);
    T.tr = pcp_trainer_new(TRANS_N);
    T.lab = pcp_trainer_new((uint32_t)ls.n);
    T.ls = &ls;
    T.rng = o->seed ^ 0x5EED5EED5EEDULL;
    T.explore = po->explore;
    T.beam = po->beam > 1 ? po->beam : 1;
    order = malloc(train.n * sizeof *order);
    trans_state st, st2;
    if (!T.tr || !T.lab || !order || trans_state_init(&st, train.max_n, &st_mem) ||
        trans_state_init(&st2, train.max_n, &st_mem)) {
        rc = error_set(err, CASUS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < train.n; k++)
        order[k] = (uint32_t)k;
    double best_las = -1.0;
    int best_epoch = 0;
    for (int ep = 1; ep <= epochs; ep++) {
        clock_t t0 = clock();
        for (size_t i = train.n; i > 1; i--) {
            size_t j = (size_t)(rnd(&T.rng) % i);
            uint32_t x = order[i - 1];
            order[i - 1] = order[j];
            order[j] = x;
        }
        T.n_trans = T.n_err = T.n_arcs = T.n_lab_err = 0;
        for (size_t k = 0; k < train.n && !rc; k++) {
            if (T.beam > 1) {
                rc = train_sent_beam(&T, &train.s[order[k]], &st, &st2, &beam_mem);
                arena_finish(&beam_mem);
                arena_init(&beam_mem, 0);
            } else {
                rc = train_sent(&T, &train.s[order[k]], &st, ep > 1);
            }
        }
        if (rc) {
            rc = error_set(err, rc, "out of memory");
            goto done;
        }
        buf_reset(&cur_tr);
        buf_reset(&cur_lab);
        if (export_trans(T.tr, po->min_abs, &cur_tr) ||
            pcp_trainer_export(T.lab, po->label_min_abs, &cur_lab)) {
            rc = error_set(err, CASUS_ENOMEM, "out of memory");
            goto done;
        }
        score sc = {0, 0, 0};
        if (dev.n) {
            parser pm;
            if ((rc = model_from_blobs(&pm, &cur_tr, &cur_lab, &ls, &ctab, T.beam)) != 0 ||
                (rc = evaluate(&pm, &dev, &sc)) != 0) {
                rc = error_set(err, rc, "evaluating on dev failed");
                goto done;
            }
        }
        double las = pct(sc.las, sc.words);
        size_t rows, nz;
        pcp_trainer_stats(T.tr, &rows, &nz);
        syntax_progress(o,
                 "epoch %d: train transition errors %.2f%%, label errors %.2f%%; dev UAS %.2f "
                 "LAS %.2f; model %.1f + %.1f MB (%zu transition feature rows); %.0f s",
                 ep, pct(T.n_err, T.n_trans), pct(T.n_lab_err, T.n_arcs), pct(sc.uas, sc.words),
                 las, (double)cur_tr.len / 1e6, (double)cur_lab.len / 1e6, rows,
                 (double)(clock() - t0) / CLOCKS_PER_SEC);
        if (!dev.n || las > best_las) {
            best_las = las;
            best_epoch = ep;
            buf tmp = best_tr;
            best_tr = cur_tr;
            cur_tr = tmp;
            tmp = best_lab;
            best_lab = cur_lab;
            cur_lab = tmp;
        }
    }
    for (int i = 0; i < po->n_sweep + po->n_label_sweep && dev.n; i++) {
        int lab_only = i >= po->n_sweep;
        float tr_min = lab_only ? po->min_abs : po->sweep[i];
        float lab_min = lab_only ? po->label_sweep[i - po->n_sweep] : po->label_min_abs;
        buf_reset(&cur_tr);
        buf_reset(&cur_lab);
        parser pm;
        score sc;
        if (export_trans(T.tr, tr_min, &cur_tr) ||
            pcp_trainer_export(T.lab, lab_min, &cur_lab) ||
            model_from_blobs(&pm, &cur_tr, &cur_lab, &ls, &ctab, T.beam) || evaluate(&pm, &dev, &sc)) {
            rc = error_set(err, CASUS_ENOMEM, "out of memory");
            goto done;
        }
        syntax_progress(o, "prune %g / labels %g: dev UAS %.2f LAS %.2f; model %.1f + %.1f MB", tr_min,
                 lab_min,
                 pct(sc.uas, sc.words), pct(sc.las, sc.words), (double)cur_tr.len / 1e6,
                 (double)cur_lab.len / 1e6);
    }
    if (dev.n)
        syntax_progress(o, "best epoch %d: dev LAS %.2f", best_epoch, best_las);
    rc = save_model(o->out_path, &ls, &best_tr, &best_lab, &csec, n_clusters, T.beam, err);
done:
    pcp_trainer_free(T.tr);
    pcp_trainer_free(T.lab);
    free(order);
    arena_finish(&st_mem);
    arena_finish(&beam_mem);
    buf_finish(&best_tr);
    buf_finish(&best_lab);
    buf_finish(&cur_tr);
    buf_finish(&cur_lab);
    buf_finish(&csec);
    tdata_finish(&train);
    tdata_finish(&dev);
    labelset_finish(&ls);
    return rc;
}
