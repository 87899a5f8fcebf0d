/*
 * tagger.c — the part-of-speech tagger: UPOS, XPOS and UD FEATS for each
 * word of a sentence, trained by casus on a UD treebank.
 *
 * Model. Two greedy averaged perceptrons (perceptron.h) predict one joint
 * UPOS+XPOS class per word (~100 classes on EWT). Pass 1 runs right to
 * left (TF_R2L; on EWT dev it alone is ~0.1 UPOS better than left to
 * right) and sees hashed features of the word (lowercased and exact form,
 * suffixes 1-4, prefixes 1-3, shape, flags, length), its ±2 neighbours
 * (forms, suffix 3, shape), their word clusters and profiles (below) and
 * the two classes it predicted before (those of the words to the right).
 * Pass 2 runs left to right with the same features plus pass 1's classes
 * for the word and the two words to its right. It is trained on pass-1
 * classes produced by jackknifing (each fold tagged by a pass-1 model that
 * did not see it), so it learns how far to trust them.
 *
 * Unlabelled text (syntax_train_opts.unlabeled_path, the news benchmark
 * for the shipped model) gives two word-level features, compiled into the
 * model so tagging needs nothing else:
 *   - clusters: k-means over neighbour counts (tag_cluster.c), k = 256,
 *     words seen 3 times; worth ~0.35 UPOS;
 *   - profiles: a first, "blind" one-pass tagger trained without any
 *     feature of the word's own identity (TF_BLIND: no form, no tag
 *     dictionary) tags the whole text; a word's profile is the class it
 *     got most often and how dominant that class was (profile_text).
 *     Being blind, it profiles treebank words and new words alike, so the
 *     tagger learns on training words how far a profile can be trusted
 *     on new ones. Worth ~0.15 UPOS for pass 1, ~0.05-0.1 after pass 2.
 * Measured on EWT dev and not kept (each within the ±0.05 seed noise or
 * worse): ambiguity classes as features (-0.2), several cluster
 * granularities (k = 64/256/1024) at once, clusters of ±2 neighbours and
 * cluster bigrams, shapes and suffixes of more neighbours, suffix 5 and
 * prefix 4, capitalisation × cluster, clusters from news + EWT text,
 * k = 512 or 1024, dropping features seen once or twice (-0.1), a
 * UPOS-only label, weight-averaging three seeds (no gain), 20 epochs,
 * 10 jackknife folds, a two-pass blind tagger, both passes reversed, and
 * summing the two passes' scores.
 *
 * FEATS are not predicted by the perceptrons: the full tag (UPOS, XPOS,
 * FEATS) is looked up by (lowercased word, class), falling back to the
 * class's most frequent FEATS. Cheap, but context-dependent features
 * (Person of VBP, Mood=Imp, Case of "it"/"you") are then often wrong; a
 * contextual FEATS classifier is future work. Frequent words that are
 * (almost) never ambiguous in training skip the perceptrons through a tag
 * dictionary. An optional restriction of frequent words to the classes
 * they had in training (ambig/masks) exists but is off by default: it
 * cost 0.1-0.3 UPOS on EWT dev.
 *
 * Speed. Both passes' weights live in one packed table (tag_util.h,
 * tagger_pw), so a feature both passes use — every feature not built
 * from predicted classes — is looked up once per word and its two weight
 * runs summed into two score vectors.
 *
 * File (container kind "tagger", util/model.h), version 2, sections:
 *   meta     u32[8]: version, n_classes, n_tags, n_clusters, two_pass (0/1),
 *            n_masks, feature groups (TF_*), 0
 *   labels   NUL-separated strings (a tagger_pool: starts with "")
 *   tags     n_tags × {u32 upos, xpos, feats (offsets in labels), class}
 *            then n_classes × u32: the class's default tag
 *   tagdict  table (tag_util.h): exact-form key -> class
 *   featlex  table: key2(lower key, class) -> tag
 *   clusters table: lower key -> cluster id (< n_clusters), or with TF_PROF
 *            cluster (12 bits, 4095: none) | profile << 12
 *   weights  packed perceptrons (tagger_pw): pass 1, and pass 2 if two_pass
 *   ambig    table: exact-form key -> mask id (< n_masks)
 *   masks    n_masks × u32[4]: allowed-class bit sets
 * Every offset, id and size is checked at load; a bad file is
 * CASUS_ECORRUPT, never a crash (tests/test_tagger.c, fuzz_tagger_model).
 *
 * Training (tagger_train: the defaults of tagger_knobs_default). The
 * shipped models/tagger.bin is exactly
 *   casus train tagger --train train+names.conllu --dev en_ewt-ud-dev.conllu \
 *       --unlabeled news_benchmark.txt -o models/tagger.bin --seed 1
 * (UD English-EWT from ../shared/data/ud, train followed by the 1,433
 * news name-phrase copies of scripts/augment-names as scripts/train-models
 * writes them; the news benchmark from ../shared/data/news/benchmark; the
 * copies raise dev UPOS 95.53 -> 95.63): clusters (k 256, min count 3, seed 1),
 * the blind tagger, profiles, then 12 epochs per pass keeping the epoch
 * with the best dev UPOS+XPOS, 5 jackknife folds, weights not pruned
 * (min_abs 0). Same data, same seed, same bytes.
 *
 * Threads: a loaded tagger is immutable; tagger_tag keeps its scratch on
 * the stack (sentences up to 124 words) or in the caller's arena.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syntax/perceptron.h"
#include "syntax/syntax.h"
#include "syntax/tag_cluster.h"
#include "syntax/tag_eval.h"
#include "syntax/tag_util.h"
#include "text/text.h"
#include "util/error.h"
#include "util/model.h"

#define TAGGER_VERSION 2

enum {
    SEC_META,
    SEC_LABELS,
    SEC_TAGS,
    SEC_DICT,
    SEC_FEATLEX,
    SEC_CLUSTERS,
    SEC_WEIGHTS,
    SEC_AMBIG,
    SEC_MASKS,
    N_SEC
};
static const char *const sec_names[N_SEC] = {"meta",     "labels",  "tags",  "tagdict", "featlex",
                                             "clusters", "weights", "ambig", "masks"};
#define MASK_WORDS 4 /* class masks cover 128 classes; more disables them */

/* Key spaces (seeds) of the word hashes. */
enum {
    SEED_LOWER = 0x101,
    SEED_EXACT = 0x102,
    SEED_SUF = 0x110,
    SEED_PRE = 0x120,
    SEED_SHAPE = 0x130
};

struct tagger {
    model_file mf;
    int mapped; /* mf is open */
    uint32_t n_classes, n_tags, n_clusters;
    const char *labels;
    const uint32_t *tagrec;    /* 4 words per tag */
    const uint32_t *class_tag; /* per class */
    tagger_table dict, featlex, clusters;
    tagger_pw pw; /* both passes' weights */
    int two_pass;
    uint32_t n_masks;
    tagger_table ambig;    /* exact-form key -> mask id */
    const uint32_t *masks; /* MASK_WORDS per mask */
    uint32_t fx;           /* feature groups (TF_*) */
};

/* One word's precomputed hashes; the sentence is padded with two
 * sentinels on each side. */
typedef struct tword {
    uint64_t lower, exact, shape;
    uint64_t suf[4], pre[3];
    uint32_t flags, len, cluster;
    uint32_t prof; /* the word's profile in auto-tagged text (TF_PROF) */
} tword;

/* Packed values of the clusters section in TF_PROF models (profile_text). */
#define PROF_SHIFT 12
#define PROF_NO_CLUSTER 4095u

/* Optional feature groups and layouts (meta[6]; TF_CLUSTERS is implied by
 * n_clusters > 0). */
enum {
    TF_CLUSTERS = 1, /* word clusters of the word and its neighbours */
    TF_BLIND = 2,    /* no features of the word's identity (the profiling tagger) */
    TF_PROF = 4,     /* profiles; the clusters section holds packed values */
    TF_R2L = 8,      /* pass 1 runs right to left */
    TF_ALL = 15
};

enum {
    FL_DIGIT = 1,
    FL_HYPHEN = 2,
    FL_ALLCAPS = 4,
    FL_INITCAP = 8,
    FL_FIRST = 16,
    FL_PERIOD = 32,
    FL_NONASCII = 64,
    FL_ALPHA = 128
};

/* ------------------------------------------------------------ features */

static void prep_sentinel(tword *w, uint32_t which)
{
    memset(w, 0, sizeof *w);
    uint64_t v = pcp_mix(0xBADC0FFEEULL, which);
    w->lower = w->exact = w->shape = v;
    for (int k = 0; k < 4; k++)
        w->suf[k] = v + (uint64_t)k + 1;
    for (int k = 0; k < 3; k++)
        w->pre[k] = v + (uint64_t)k + 11;
    w->cluster = TAGGER_NONE - 1 - which;
    w->prof = 10000 + which;
}

static void prep_word(const tagger *t, const char *s, int first, tword *w)
{
    size_t n = strlen(s);
    char low[64];
    size_t ln = tagger_lower(s, n, low, sizeof low);
    char sh[16];
    size_t shn = 0;
    uint32_t fl = first ? FL_FIRST : 0;
    int upper = 0, lowers = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char k;
        if (c >= 'A' && c <= 'Z')
            k = 'X', upper++;
        else if (c >= 'a' && c <= 'z')
            k = 'x', lowers++;
        else if (c >= '0' && c <= '9')
            k = 'd', fl |= FL_DIGIT;
        else if (c >= 0x80)
            k = 'u', fl |= FL_NONASCII;
        else {
            k = (char)c;
            if (c == '-')
                fl |= FL_HYPHEN;
            else if (c == '.')
                fl |= FL_PERIOD;
        }
        /* runs are cut at two: "Xxxxx" -> "Xxx", "1999" -> "dd" */
        if (shn < sizeof sh && !(shn >= 2 && sh[shn - 1] == k && sh[shn - 2] == k))
            sh[shn++] = k;
    }
    if (upper && !lowers)
        fl |= FL_ALLCAPS;
    if (n && s[0] >= 'A' && s[0] <= 'Z')
        fl |= FL_INITCAP;
    if (upper || lowers)
        fl |= FL_ALPHA;
    w->lower = pcp_hash_bytes(low, ln, SEED_LOWER);
    w->exact = pcp_hash_bytes(s, n, SEED_EXACT);
    w->shape = pcp_hash_bytes(sh, shn, SEED_SHAPE);
    for (size_t k = 1; k <= 4; k++) {
        size_t kk = k < ln ? k : ln;
        w->suf[k - 1] = pcp_hash_bytes(low + ln - kk, kk, SEED_SUF + k);
    }
    for (size_t k = 1; k <= 3; k++) {
        size_t kk = k < ln ? k : ln;
        w->pre[k - 1] = pcp_hash_bytes(low, kk, SEED_PRE + k);
    }
    w->flags = fl;
    w->len = n > 12 ? 12 : (uint32_t)n;
    w->cluster = TAGGER_NONE;
    if (t && t->n_clusters)
        w->cluster = tagger_table_get(&t->clusters, w->lower ? w->lower : 1);
    w->prof = TAGGER_NONE;
    if (t && (t->fx & TF_PROF) && w->cluster != TAGGER_NONE) {
        w->prof = w->cluster >> PROF_SHIFT;
        w->cluster &= PROF_NO_CLUSTER;
        if (w->cluster == PROF_NO_CLUSTER)
            w->cluster = TAGGER_NONE;
    }
}

/* Fills w[0..n+4) for forms[0..n): w[i+2] is word i. */
static void prep_sentence(const tagger *t, const char *const *forms, size_t n, tword *w)
{
    prep_sentinel(&w[0], 2);
    prep_sentinel(&w[1], 1);
    for (size_t i = 0; i < n; i++)
        prep_word(t, forms[i], i == 0, &w[i + 2]);
    prep_sentinel(&w[n + 2], 3);
    prep_sentinel(&w[n + 3], 4);
}

#define F(tmpl, v) (out[k++] = pcp_mix((tmpl), (v)))

/* The features of the word at w[0] (w[-2..2] valid) that do not depend on
 * predicted classes: both passes share them, so they are looked up once. */
static size_t extract_static(const tword *w, uint32_t fx, uint64_t *out)
{
    size_t k = 0;
    const tword *w0 = w, *m1 = w - 1, *m2 = w - 2, *q1 = w + 1, *q2 = w + 2;
    F(TAGGER_F_BIAS, 0);
    if (!(fx & TF_BLIND)) {
        F(TAGGER_F_LOWER, w0->lower);
        F(TAGGER_F_EXACT, w0->exact);
    }
    for (int i = 0; i < 4; i++)
        F(TAGGER_F_SUF1 + i, w0->suf[i]);
    for (int i = 0; i < 3; i++)
        F(TAGGER_F_PRE1 + i, w0->pre[i]);
    F(TAGGER_F_SHAPE, w0->shape);
    F(TAGGER_F_FLAGS, w0->flags);
    F(TAGGER_F_LEN, w0->len);
    F(TAGGER_F_WM1, m1->lower);
    F(TAGGER_F_WM1SUF3, m1->suf[2]);
    F(TAGGER_F_WM2, m2->lower);
    F(TAGGER_F_WM2SUF3, m2->suf[2]);
    F(TAGGER_F_WP1, q1->lower);
    F(TAGGER_F_WP1SUF3, q1->suf[2]);
    F(TAGGER_F_WP2, q2->lower);
    F(TAGGER_F_WP2SUF3, q2->suf[2]);
    if (!(fx & TF_BLIND)) {
        F(TAGGER_F_WM1W0, pcp_mix(m1->lower, w0->lower));
        F(TAGGER_F_W0WP1, pcp_mix(w0->lower, q1->lower));
    }
    F(TAGGER_F_WP1SHAPE, q1->shape);
    F(TAGGER_F_WM1SHAPE, m1->shape);
    if (fx & TF_CLUSTERS) {
        F(TAGGER_F_C0, w0->cluster);
        F(TAGGER_F_CM1, m1->cluster);
        F(TAGGER_F_CP1, q1->cluster);
        F(TAGGER_F_CP2, q2->cluster);
    }
    if (fx & TF_PROF) {
        uint32_t cap = w0->flags & (FL_FIRST | FL_INITCAP | FL_ALLCAPS);
        F(TAGGER_F_PROF0, w0->prof);
        F(TAGGER_F_PROF0CAP, pcp_mix(w0->prof, cap));
        F(TAGGER_F_PROFM1, m1->prof);
        F(TAGGER_F_PROFP1, q1->prof);
        F(TAGGER_F_PROF0SUF2, pcp_mix(w0->prof, w0->suf[1]));
        F(TAGGER_F_PROFM1P0, pcp_mix(m1->prof, w0->prof));
        F(TAGGER_F_PROFP0P1, pcp_mix(w0->prof, q1->prof));
        F(TAGGER_F_PROFP2, q2->prof);
    }
    return k;
}

/* The features that depend on the classes p1, p2 of the two words to the
 * left (the pass's own predictions). */
static size_t extract_dyn(const tword *w, uint32_t p1, uint32_t p2, int r2l, uint32_t fx,
                          uint64_t *out)
{
    size_t k = 0;
    const tword *w0 = w, *q1 = r2l ? w - 1 : w + 1; /* the word on the other side */
    F(TAGGER_F_P1, p1);
    F(TAGGER_F_P2, p2);
    F(TAGGER_F_P1P2, pcp_mix(p1, p2));
    if (!(fx & TF_BLIND))
        F(TAGGER_F_P1W0, pcp_mix(p1, w0->lower));
    F(TAGGER_F_P1SUF3, pcp_mix(p1, w0->suf[2]));
    F(TAGGER_F_P1SHAPE, pcp_mix(p1, w0->shape));
    F(TAGGER_F_P1WP1, pcp_mix(p1, q1->lower));
    if (fx & TF_CLUSTERS)
        F(TAGGER_F_C0P1, pcp_mix(p1, w0->cluster));
    if (fx & TF_PROF)
        F(TAGGER_F_P1PROF0, pcp_mix(p1, w0->prof));
    return k;
}

/* Pass 2 only: features of the pass-1 classes r0 (this word), r1, r2 (the
 * two to its right). */
static size_t extract_right(const tword *w, uint32_t p1, uint32_t r0, uint32_t r1, uint32_t r2,
                            uint32_t fx, uint64_t *out)
{
    size_t k = 0;
    F(TAGGER_F_R0, r0);
    F(TAGGER_F_R0P1, pcp_mix(r0, p1));
    F(TAGGER_F_R0R1, pcp_mix(r0, r1));
    F(TAGGER_F_R1, r1);
    F(TAGGER_F_R2, r2);
    F(TAGGER_F_R1R2, pcp_mix(r1, r2));
    F(TAGGER_F_P1R1, pcp_mix(p1, r1));
    F(TAGGER_F_R1W0, pcp_mix(r1, w->lower));
    F(TAGGER_F_R1SUF3, pcp_mix(r1, w->suf[2]));
    return k;
}

/* All features of a pass-1 (right == NULL) or pass-2 decision, as the
 * trainer sees them: the static ones first. */
static size_t extract_all(const tword *w, uint32_t p1, uint32_t p2, const uint32_t *right,
                          uint32_t fx, uint64_t *out)
{
    size_t k = extract_static(w, fx, out);
    k += extract_dyn(w, p1, p2, !right && (fx & TF_R2L), fx, out + k);
    if (right)
        k += extract_right(w, p1, right[0], right[1], right[2], fx, out + k);
    return k;
}

#undef F

static uint64_t tmpl_seed(int tmpl)
{
    switch (tmpl) {
    case TAGGER_F_EXACT: return SEED_EXACT;
    case TAGGER_F_SUF1:
    case TAGGER_F_SUF2:
    case TAGGER_F_SUF3:
    case TAGGER_F_SUF4: return SEED_SUF + (uint64_t)(tmpl - TAGGER_F_SUF1 + 1);
    case TAGGER_F_PRE1:
    case TAGGER_F_PRE2:
    case TAGGER_F_PRE3: return SEED_PRE + (uint64_t)(tmpl - TAGGER_F_PRE1 + 1);
    case TAGGER_F_SHAPE: return SEED_SHAPE;
    default: return SEED_LOWER;
    }
}

uint64_t tagger_feat_string(int tmpl, const char *s)
{
    return pcp_mix((uint64_t)tmpl, pcp_hash_bytes(s, strlen(s), tmpl_seed(tmpl)));
}

size_t tagger_features(const tagger *t, const char *const *forms, size_t n, size_t i, uint32_t p1,
                       uint32_t p2, uint64_t *out)
{
    if (i >= n)
        return 0;
    tword *w = malloc((n + 4) * sizeof *w);
    if (!w)
        return 0;
    prep_sentence(t, forms, n, w);
    size_t k = extract_all(&w[i + 2], p1, p2, NULL, t ? t->fx : 0, out);
    free(w);
    return k;
}

/* ------------------------------------------------------------ loading */

static int bind(tagger *t, const void *const sec[N_SEC], const size_t size[N_SEC])
{
    if (size[SEC_META] < 32)
        return CASUS_ECORRUPT;
    const uint32_t *meta = sec[SEC_META];
    if (meta[0] != TAGGER_VERSION)
        return CASUS_EVERSION;
    t->n_classes = meta[1];
    t->n_tags = meta[2];
    t->n_clusters = meta[3];
    if (meta[4] > 1)
        return CASUS_ECORRUPT;
    t->two_pass = (int)meta[4];
    t->n_masks = meta[5];
    if (meta[6] & ~(uint32_t)TF_ALL)
        return CASUS_ECORRUPT;
    t->fx = meta[6] | (meta[3] ? TF_CLUSTERS : 0);
    if (t->n_masks > (1u << 24) || (t->n_masks && meta[1] > 32 * MASK_WORDS))
        return CASUS_ECORRUPT;
    if (!t->n_classes || t->n_classes > 65535 || !t->n_tags || t->n_tags > 65535 ||
        t->n_clusters > (1u << 24))
        return CASUS_ECORRUPT;
    if (tagger_pool_check(sec[SEC_LABELS], size[SEC_LABELS]))
        return CASUS_ECORRUPT;
    t->labels = sec[SEC_LABELS];
    if (size[SEC_TAGS] != (size_t)t->n_tags * 16 + (size_t)t->n_classes * 4)
        return CASUS_ECORRUPT;
    t->tagrec = sec[SEC_TAGS];
    t->class_tag = t->tagrec + 4 * (size_t)t->n_tags;
    for (uint32_t k = 0; k < t->n_tags; k++) {
        const uint32_t *r = t->tagrec + 4 * (size_t)k;
        if (r[0] >= size[SEC_LABELS] || r[1] >= size[SEC_LABELS] || r[2] >= size[SEC_LABELS] ||
            r[3] >= t->n_classes)
            return CASUS_ECORRUPT;
    }
    for (uint32_t c = 0; c < t->n_classes; c++)
        if (t->class_tag[c] >= t->n_tags || t->tagrec[4 * (size_t)t->class_tag[c] + 3] != c)
            return CASUS_ECORRUPT;
    if (tagger_table_init(&t->dict, sec[SEC_DICT], size[SEC_DICT], t->n_classes) ||
        tagger_table_init(&t->featlex, sec[SEC_FEATLEX], size[SEC_FEATLEX], t->n_tags) ||
        tagger_table_init(&t->clusters, sec[SEC_CLUSTERS], size[SEC_CLUSTERS],
                          (t->fx & TF_PROF) ? UINT32_MAX
                          : t->n_clusters   ? t->n_clusters
                                            : 1))
        return CASUS_ECORRUPT;
    /* A featlex entry must name a tag of the class in its key; the key
     * cannot be checked, but the tag's class is what tag_of returns. */
    if (tagger_pw_init(&t->pw, sec[SEC_WEIGHTS], size[SEC_WEIGHTS]) ||
        t->pw.n_classes != t->n_classes || t->pw.n_passes != 1u + (uint32_t)t->two_pass)
        return CASUS_ECORRUPT;
    if (size[SEC_MASKS] != (size_t)t->n_masks * MASK_WORDS * 4 ||
        tagger_table_init(&t->ambig, sec[SEC_AMBIG], size[SEC_AMBIG], t->n_masks ? t->n_masks : 1))
        return CASUS_ECORRUPT;
    t->masks = sec[SEC_MASKS];
    if (!t->n_masks)
        t->ambig.n_slots = 0; /* finds nothing */
    return 0;
}

static int bind_file(tagger *t, const char *name, casus_error *err)
{
    const void *sec[N_SEC];
    size_t size[N_SEC];
    for (int i = 0; i < N_SEC; i++) {
        const model_section *s = model_find(&t->mf, sec_names[i]);
        if (!s)
            return error_set(err, CASUS_ECORRUPT, "%s: tagger model has no '%s' section", name,
                             sec_names[i]);
        sec[i] = s->data;
        size[i] = (size_t)s->size;
    }
    int rc = bind(t, sec, size);
    if (rc == CASUS_EVERSION)
        return error_set(err, rc, "%s: unsupported tagger model version", name);
    if (rc)
        return error_set(err, rc, "%s: corrupt tagger model", name);
    return 0;
}

int tagger_load(tagger **out, const char *path, casus_error *err)
{
    *out = NULL;
    tagger *t = calloc(1, sizeof *t);
    if (!t)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    int rc = model_open(&t->mf, path, "tagger", err);
    if (rc) {
        free(t);
        return rc;
    }
    t->mapped = 1;
    if ((rc = bind_file(t, path, err))) {
        tagger_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

int tagger_load_buffer(tagger **out, const void *data, size_t size, casus_error *err)
{
    *out = NULL;
    tagger *t = calloc(1, sizeof *t);
    if (!t)
        return error_set(err, CASUS_ENOMEM, "tagger: out of memory");
    int rc = model_open_buffer(&t->mf, data, size, "tagger", err);
    if (rc) {
        free(t);
        return rc;
    }
    t->mapped = 1;
    if ((rc = bind_file(t, "tagger buffer", err))) {
        tagger_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

void tagger_free(tagger *t)
{
    if (!t)
        return;
    if (t->mapped)
        model_close(&t->mf);
    free(t);
}

/* ------------------------------------------------------------ tagging */

size_t tagger_n_tags(const tagger *t)
{
    return t->n_tags;
}

const char *tagger_upos(const tagger *t, uint16_t k)
{
    return k < t->n_tags ? t->labels + t->tagrec[4 * (size_t)k] : "";
}

const char *tagger_xpos(const tagger *t, uint16_t k)
{
    return k < t->n_tags ? t->labels + t->tagrec[4 * (size_t)k + 1] : "";
}

const char *tagger_feats(const tagger *t, uint16_t k)
{
    return k < t->n_tags ? t->labels + t->tagrec[4 * (size_t)k + 2] : "";
}

uint32_t tagger_class_of(const tagger *t, uint16_t k)
{
    return k < t->n_tags ? t->tagrec[4 * (size_t)k + 3] : 0;
}

/* The classes allowed for a frequent word (those it had in training), or
 * NULL: all. */
static const uint32_t *mask_of(const tagger *t, const tword *w)
{
    uint32_t m = tagger_table_get(&t->ambig, w->exact ? w->exact : 1);
    return m == TAGGER_NONE ? NULL : t->masks + (size_t)m * MASK_WORDS;
}

static int allowed(const uint32_t *mask, uint32_t c)
{
    return !mask || ((mask[c >> 5] >> (c & 31)) & 1);
}

static uint32_t argmax_mi(const int32_t *s, uint32_t n, const uint32_t *mask)
{
    uint32_t b = TAGGER_NONE;
    for (uint32_t i = 0; i < n; i++)
        if (allowed(mask, i) && (b == TAGGER_NONE || s[i] > s[b]))
            b = i;
    return b == TAGGER_NONE ? 0 : b;
}

static uint32_t argmax_mf(const float *s, uint32_t n, const uint32_t *mask)
{
    uint32_t b = TAGGER_NONE;
    for (uint32_t i = 0; i < n; i++)
        if (allowed(mask, i) && (b == TAGGER_NONE || s[i] > s[b]))
            b = i;
    return b == TAGGER_NONE ? 0 : b;
}

/* The full tag of a word of class c. */
static uint16_t tag_of(const tagger *t, const tword *w, uint32_t c)
{
    uint32_t k = tagger_table_get(&t->featlex, tagger_key2(w->lower, c));
    if (k == TAGGER_NONE || t->tagrec[4 * (size_t)k + 3] != c)
        k = t->class_tag[c];
    return (uint16_t)k;
}

#define STACK_WORDS 128
#define STACK_CLASSES 256
#define RING 4 /* pass 2 runs two words behind pass 1 */

/* Greedy pass 1 alone over w (prepared, padded): classes into c[0..n).
 * scores holds n_classes. */
static void pass1(const tagger *t, const tword *w, size_t n, uint32_t *c, int32_t *scores)
{
    uint64_t f[TAGGER_MAX_FEATS];
    uint32_t p1 = TAGGER_NONE, p2 = TAGGER_NONE;
    int r2l = (t->fx & TF_R2L) != 0;
    for (size_t ii = 0; ii < n; ii++) {
        size_t i = r2l ? n - 1 - ii : ii;
        const tword *wi = &w[i + 2];
        uint32_t k = tagger_table_get(&t->dict, wi->exact ? wi->exact : 1);
        if (k == TAGGER_NONE) {
            size_t nf = extract_all(wi, p1, p2, NULL, t->fx, f);
            memset(scores, 0, t->n_classes * sizeof *scores);
            tagger_pw_score(&t->pw, f, nf, scores, NULL);
            k = argmax_mi(scores, t->n_classes, mask_of(t, wi));
        }
        c[i] = k;
        p2 = p1;
        p1 = k;
    }
}

/* Both passes, interleaved: pass 1 runs two words ahead of pass 2, which
 * needs pass 1's classes of the word and the two to its right. A word's
 * static features are looked up once, for both passes; the pass-2 part of
 * their sum waits in a ring of RING score rows. c[i] gets pass 2's class
 * (pass 1's is read from c[i], c[i+1], c[i+2] before c[i] is written).
 * s1 holds n_classes, ring RING * n_classes. */
static void pass12(const tagger *t, const tword *w, size_t n, uint32_t *c, int32_t *s1,
                   int32_t *ring)
{
    uint64_t f[TAGGER_MAX_FEATS];
    uint32_t nc = t->n_classes;
    uint32_t a1 = TAGGER_NONE, a2 = TAGGER_NONE; /* pass 1's left context */
    uint32_t b1 = TAGGER_NONE, b2 = TAGGER_NONE; /* pass 2's */
    uint32_t dict[RING];
    for (size_t j = 0; j < n + 2; j++) {
        if (j < n) {
            const tword *wj = &w[j + 2];
            uint32_t k = tagger_table_get(&t->dict, wj->exact ? wj->exact : 1);
            dict[j % RING] = k;
            if (k == TAGGER_NONE) {
                int32_t *s2 = ring + (j % RING) * (size_t)nc;
                memset(s1, 0, nc * sizeof *s1);
                memset(s2, 0, nc * sizeof *s2);
                size_t nf = extract_static(wj, t->fx, f);
                tagger_pw_score(&t->pw, f, nf, s1, s2);
                nf = extract_dyn(wj, a1, a2, 0, t->fx, f);
                tagger_pw_score(&t->pw, f, nf, s1, NULL);
                k = argmax_mi(s1, nc, mask_of(t, wj));
            }
            c[j] = k;
            a2 = a1;
            a1 = k;
        }
        if (j < 2)
            continue;
        size_t i = j - 2;
        const tword *wi = &w[i + 2];
        uint32_t k = dict[i % RING];
        if (k == TAGGER_NONE) {
            int32_t *s2 = ring + (i % RING) * (size_t)nc;
            uint32_t r[3] = {c[i], i + 1 < n ? c[i + 1] : TAGGER_NONE - 1,
                             i + 2 < n ? c[i + 2] : TAGGER_NONE - 1};
            size_t nf = extract_dyn(wi, b1, b2, 0, t->fx, f);
            nf += extract_right(wi, b1, r[0], r[1], r[2], t->fx, f + nf);
            tagger_pw_score(&t->pw, f, nf, NULL, s2);
            k = argmax_mi(s2, nc, mask_of(t, wi));
        }
        c[i] = k;
        b2 = b1;
        b1 = k;
    }
}

#define STACK_SHARE 8192 /* int32 scores kept between the passes (32 KB) */

/* Both passes when pass 1 runs right to left: it must finish before pass
 * 2 (left to right) starts, so the pass-2 part of each word's static
 * features is kept for the whole sentence when it fits in STACK_SHARE,
 * and looked up again otherwise. s1 and s2 hold n_classes each. */
static void pass_r2l(const tagger *t, const tword *w, size_t n, uint32_t *c, int32_t *s1,
                     int32_t *s2)
{
    uint64_t f[TAGGER_MAX_FEATS];
    int32_t share[STACK_SHARE];
    uint32_t nc = t->n_classes;
    int keep = (uint64_t)n * nc <= STACK_SHARE;
    uint32_t p1 = TAGGER_NONE, p2 = TAGGER_NONE;
    for (size_t ii = 0; ii < n; ii++) {
        size_t i = n - 1 - ii;
        const tword *wi = &w[i + 2];
        uint32_t k = tagger_table_get(&t->dict, wi->exact ? wi->exact : 1);
        if (k == TAGGER_NONE) {
            int32_t *sv = keep ? share + i * (size_t)nc : NULL;
            memset(s1, 0, nc * sizeof *s1);
            if (sv)
                memset(sv, 0, nc * sizeof *sv);
            size_t nf = extract_static(wi, t->fx, f);
            tagger_pw_score(&t->pw, f, nf, s1, sv);
            nf = extract_dyn(wi, p1, p2, 1, t->fx, f);
            tagger_pw_score(&t->pw, f, nf, s1, NULL);
            k = argmax_mi(s1, nc, mask_of(t, wi));
        }
        c[i] = k;
        p2 = p1;
        p1 = k;
    }
    p1 = p2 = TAGGER_NONE;
    for (size_t i = 0; i < n; i++) {
        const tword *wi = &w[i + 2];
        uint32_t k = tagger_table_get(&t->dict, wi->exact ? wi->exact : 1);
        if (k == TAGGER_NONE) {
            size_t nf;
            if (keep) {
                memcpy(s2, share + i * (size_t)nc, nc * sizeof *s2);
            } else {
                memset(s2, 0, nc * sizeof *s2);
                nf = extract_static(wi, t->fx, f);
                tagger_pw_score(&t->pw, f, nf, NULL, s2);
            }
            uint32_t r[3] = {c[i], i + 1 < n ? c[i + 1] : TAGGER_NONE - 1,
                             i + 2 < n ? c[i + 2] : TAGGER_NONE - 1};
            nf = extract_dyn(wi, p1, p2, 0, t->fx, f);
            nf += extract_right(wi, p1, r[0], r[1], r[2], t->fx, f + nf);
            tagger_pw_score(&t->pw, f, nf, NULL, s2);
            k = argmax_mi(s2, nc, mask_of(t, wi));
        }
        c[i] = k;
        p2 = p1;
        p1 = k;
    }
}

int tagger_tag(const tagger *t, const char *const *forms, size_t n, uint16_t *tags, arena *scratch)
{
    tword wbuf[STACK_WORDS];
    uint32_t cbuf[STACK_WORDS];
    int32_t sbuf[(RING + 1) * STACK_CLASSES];
    tword *w = n + 4 <= STACK_WORDS ? wbuf : arena_array(scratch, n + 4, sizeof *w);
    uint32_t *c = n <= STACK_WORDS ? cbuf : arena_array(scratch, n, sizeof *c);
    int32_t *scores = t->n_classes <= STACK_CLASSES
                          ? sbuf
                          : arena_array(scratch, (RING + 1) * (size_t)t->n_classes, sizeof *scores);
    if (!w || !c || !scores)
        return CASUS_ENOMEM;
    prep_sentence(t, forms, n, w);
    if (t->two_pass && (t->fx & TF_R2L))
        pass_r2l(t, w, n, c, scores, scores + t->n_classes);
    else if (t->two_pass)
        pass12(t, w, n, c, scores, scores + t->n_classes);
    else
        pass1(t, w, n, c, scores);
    for (size_t i = 0; i < n; i++)
        tags[i] = tag_of(t, &w[i + 2], c[i]);
    return 0;
}

int tagger_eval(const tagger *t, const conllu_corpus *c, tagger_scores *s)
{
    memset(s, 0, sizeof *s);
    const char **forms = NULL;
    uint16_t *tags = NULL;
    size_t cap = 0;
    int rc = 0;
    for (size_t si = 0; !rc && si < c->n_sents; si++) {
        const conllu_sent *st = &c->sents[si];
        size_t n = (size_t)st->n_words;
        if (n > cap) {
            free(forms);
            free(tags);
            cap = n * 2;
            forms = malloc(cap * sizeof *forms);
            tags = malloc(cap * sizeof *tags);
            if (!forms || !tags) {
                rc = CASUS_ENOMEM;
                break;
            }
        }
        for (size_t i = 0; i < n; i++)
            forms[i] = st->words[i].form;
        arena a;
        arena_init(&a, 0);
        rc = tagger_tag(t, forms, n, tags, &a);
        arena_finish(&a);
        for (size_t i = 0; !rc && i < n; i++) {
            const conllu_word *g = &st->words[i];
            int u = !strcmp(tagger_upos(t, tags[i]), g->upos);
            int x = !strcmp(tagger_xpos(t, tags[i]), g->xpos);
            int fe = !strcmp(tagger_feats(t, tags[i]), g->feats);
            s->n_words++;
            s->upos += (size_t)u;
            s->xpos += (size_t)x;
            s->feats += (size_t)fe;
            s->all += (size_t)(u && x && fe);
        }
    }
    free(forms);
    free(tags);
    return rc;
}

/* ------------------------------------------------------------ training */

void tagger_knobs_default(tagger_knobs *k)
{
    k->min_abs = 0.0f;
    k->dict_min_freq = 20;
    k->dict_min_ratio = 0.995f;
    k->clusters_path = NULL;
    k->ambig_min_freq = 0; /* measured: restricting hurts EWT dev (-0.1 to -0.3) */
    k->two_pass = 1;
    k->folds = 5;
    k->feats = TF_PROF | TF_R2L;
    k->cluster_k = 256;
    k->cluster_min_count = 3;
    k->cluster_seed = 1;
}

/* The trainer's view of the treebank: gold class and tag per word. */
typedef struct tdata {
    conllu_corpus train, dev;
    uint32_t *gold; /* class per training word, flat */
    size_t *first;  /* index into gold of each sentence's first word */
    size_t n_words;
    tagger_pool pool;
    tagger_map class_map, tag_map;
    uint32_t *tag_rec; /* 4 per tag */
    uint32_t n_tags, n_classes, tag_cap;
    uint32_t *class_upos, *class_xpos; /* pool offsets, per class */
    uint32_t class_cap;
} tdata;

static void tdata_finish(tdata *d)
{
    conllu_finish(&d->train);
    conllu_finish(&d->dev);
    free(d->gold);
    free(d->first);
    tagger_pool_finish(&d->pool);
    tagger_map_finish(&d->class_map);
    tagger_map_finish(&d->tag_map);
    free(d->tag_rec);
    free(d->class_upos);
    free(d->class_xpos);
}

static uint64_t str_key3(const char *a, const char *b, const char *c, uint64_t seed)
{
    uint64_t h = tagger_key(a, strlen(a), seed);
    h = tagger_key2(h, tagger_key(b, strlen(b), seed + 1));
    if (c)
        h = tagger_key2(h, tagger_key(c, strlen(c), seed + 2));
    return h;
}

/* Class and tag ids in order of first appearance: deterministic. */
static int tdata_labels(tdata *d)
{
    size_t nw = 0;
    for (size_t s = 0; s < d->train.n_sents; s++)
        nw += (size_t)d->train.sents[s].n_words;
    d->n_words = nw;
    d->gold = malloc((nw ? nw : 1) * sizeof *d->gold);
    d->first = malloc((d->train.n_sents + 1) * sizeof *d->first);
    if (!d->gold || !d->first)
        return CASUS_ENOMEM;
    size_t g = 0;
    for (size_t s = 0; s < d->train.n_sents; s++) {
        d->first[s] = g;
        for (int i = 0; i < d->train.sents[s].n_words; i++) {
            const conllu_word *w = &d->train.sents[s].words[i];
            uint32_t *cv = tagger_map_slot(&d->class_map, str_key3(w->upos, w->xpos, NULL, 7));
            if (!cv)
                return CASUS_ENOMEM;
            if (*cv == TAGGER_NONE) {
                if (d->n_classes == 65535)
                    return CASUS_EINVAL;
                if (d->n_classes == d->class_cap) {
                    d->class_cap = d->class_cap ? d->class_cap * 2 : 64;
                    uint32_t *u = realloc(d->class_upos, d->class_cap * sizeof *u);
                    if (u)
                        d->class_upos = u;
                    uint32_t *x = realloc(d->class_xpos, d->class_cap * sizeof *x);
                    if (x)
                        d->class_xpos = x;
                    if (!u || !x)
                        return CASUS_ENOMEM;
                }
                uint32_t uo = tagger_pool_add(&d->pool, w->upos);
                uint32_t xo = tagger_pool_add(&d->pool, w->xpos);
                if (uo == TAGGER_NONE || xo == TAGGER_NONE)
                    return CASUS_ENOMEM;
                d->class_upos[d->n_classes] = uo;
                d->class_xpos[d->n_classes] = xo;
                *cv = d->n_classes++;
            }
            uint32_t cls = *cv;
            d->gold[g++] = cls;
            uint32_t *tv = tagger_map_slot(&d->tag_map, str_key3(w->upos, w->xpos, w->feats, 17));
            if (!tv)
                return CASUS_ENOMEM;
            if (*tv == TAGGER_NONE) {
                if (d->n_tags == 65535)
                    return CASUS_EINVAL;
                if (d->n_tags == d->tag_cap) {
                    d->tag_cap = d->tag_cap ? d->tag_cap * 2 : 256;
                    uint32_t *r = realloc(d->tag_rec, d->tag_cap * 4 * sizeof *r);
                    if (!r)
                        return CASUS_ENOMEM;
                    d->tag_rec = r;
                }
                uint32_t fo = tagger_pool_add(&d->pool, w->feats);
                if (fo == TAGGER_NONE)
                    return CASUS_ENOMEM;
                uint32_t *r = d->tag_rec + 4 * (size_t)d->n_tags;
                r[0] = d->class_upos[cls];
                r[1] = d->class_xpos[cls];
                r[2] = fo;
                r[3] = cls;
                *tv = d->n_tags++;
            }
        }
    }
    d->first[d->train.n_sents] = g;
    return 0;
}

static uint64_t lower_key(const char *s)
{
    char low[64];
    size_t ln = tagger_lower(s, strlen(s), low, sizeof low);
    return pcp_hash_bytes(low, ln, SEED_LOWER);
}

static uint64_t exact_key(const char *s)
{
    uint64_t h = pcp_hash_bytes(s, strlen(s), SEED_EXACT);
    return h ? h : 1;
}

/* Counts of (key, value) pairs and the most frequent value per key, with
 * ties going to the value seen first. */
typedef struct counter {
    tagger_map pair; /* key2(key, value) -> count */
    tagger_map best; /* key -> index into bv/bc */
    uint32_t *bv, *bc, *total;
    size_t n, cap;
} counter;

static void counter_finish(counter *c)
{
    tagger_map_finish(&c->pair);
    tagger_map_finish(&c->best);
    free(c->bv);
    free(c->bc);
    free(c->total);
}

static int counter_add(counter *c, uint64_t key, uint32_t value)
{
    uint32_t *pc = tagger_map_slot(&c->pair, tagger_key2(key, value + 1));
    if (!pc)
        return CASUS_ENOMEM;
    *pc = *pc == TAGGER_NONE ? 1 : *pc + 1;
    uint32_t *bi = tagger_map_slot(&c->best, key);
    if (!bi)
        return CASUS_ENOMEM;
    if (*bi == TAGGER_NONE) {
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 1024;
            uint32_t *a = realloc(c->bv, c->cap * sizeof *a);
            if (a)
                c->bv = a;
            uint32_t *b = realloc(c->bc, c->cap * sizeof *b);
            if (b)
                c->bc = b;
            uint32_t *t = realloc(c->total, c->cap * sizeof *t);
            if (t)
                c->total = t;
            if (!a || !b || !t)
                return CASUS_ENOMEM;
        }
        c->bv[c->n] = value;
        c->bc[c->n] = 0;
        c->total[c->n] = 0;
        *bi = (uint32_t)c->n++;
    }
    c->total[*bi]++;
    if (*pc > c->bc[*bi]) {
        c->bc[*bi] = *pc;
        c->bv[*bi] = value;
    }
    return 0;
}

/* Builds the tags, tagdict and featlex sections. */
static int build_lexical(tdata *d, const tagger_knobs *kn, buf *tags, buf *dict, buf *featlex,
                         buf *ambig, buf *masks, uint32_t *n_masks)
{
    counter byclass = {0}, byword = {0}, bylc = {0};
    int rc = 0;
    size_t g = 0;
    for (size_t s = 0; !rc && s < d->train.n_sents; s++)
        for (int i = 0; !rc && i < d->train.sents[s].n_words; i++, g++) {
            const conllu_word *w = &d->train.sents[s].words[i];
            uint32_t cls = d->gold[g];
            uint32_t tag = tagger_map_get(&d->tag_map, str_key3(w->upos, w->xpos, w->feats, 17));
            rc = counter_add(&byclass, cls + 1, tag);
            if (!rc)
                rc = counter_add(&byword, exact_key(w->form), cls);
            if (!rc)
                rc = counter_add(&bylc, tagger_key2(lower_key(w->form), cls), tag);
        }
    /* tags: records, then the default tag of each class */
    for (uint32_t k = 0; !rc && k < d->n_tags; k++)
        rc = buf_append(tags, d->tag_rec + 4 * (size_t)k, 16);
    uint32_t *deflt = calloc(d->n_classes, sizeof *deflt);
    if (!deflt)
        rc = CASUS_ENOMEM;
    for (uint32_t c = 0; !rc && c < d->n_classes; c++) {
        uint32_t bi = tagger_map_get(&byclass.best, c + 1);
        deflt[c] = byclass.bv[bi];
        rc = tagger_put32(tags, deflt[c]);
    }
    /* tagdict: frequent words with one dominant class */
    tagger_map dm, fm;
    tagger_map_init(&dm);
    tagger_map_init(&fm);
    for (size_t i = 0; !rc && i < byword.best.cap; i++) {
        if (!byword.best.keys[i])
            continue;
        uint32_t bi = byword.best.vals[i];
        if (byword.total[bi] >= kn->dict_min_freq &&
            byword.bc[bi] >= kn->dict_min_ratio * (float)byword.total[bi]) {
            uint32_t *v = tagger_map_slot(&dm, byword.best.keys[i]);
            if (!v)
                rc = CASUS_ENOMEM;
            else
                *v = byword.bv[bi];
        }
    }
    /* featlex: (lower, class) whose usual tag is not the class default */
    for (size_t i = 0; !rc && i < bylc.best.cap; i++) {
        if (!bylc.best.keys[i])
            continue;
        uint32_t bi = bylc.best.vals[i];
        uint32_t tag = bylc.bv[bi];
        if (tag != deflt[d->tag_rec[4 * (size_t)tag + 3]]) {
            uint32_t *v = tagger_map_slot(&fm, bylc.best.keys[i]);
            if (!v)
                rc = CASUS_ENOMEM;
            else
                *v = tag;
        }
    }
    /* ambiguity classes: the classes each frequent word was seen with */
    tagger_map am, mm;
    tagger_map_init(&am);
    tagger_map_init(&mm);
    *n_masks = 0;
    int use_masks = kn->ambig_min_freq > 0 && d->n_classes <= 32 * MASK_WORDS;
    for (size_t i = 0; !rc && use_masks && i < byword.best.cap; i++) {
        uint64_t key = byword.best.keys[i];
        if (!key || byword.total[byword.best.vals[i]] < kn->ambig_min_freq ||
            tagger_map_get(&dm, key) != TAGGER_NONE)
            continue;
        uint32_t mask[MASK_WORDS] = {0};
        for (uint32_t c = 0; c < d->n_classes; c++)
            if (tagger_map_get(&byword.pair, tagger_key2(key, (uint64_t)c + 1)) != TAGGER_NONE)
                mask[c >> 5] |= 1u << (c & 31);
        uint32_t *mi = tagger_map_slot(&mm, tagger_key((const char *)mask, sizeof mask, 99));
        uint32_t *wv = tagger_map_slot(&am, key);
        if (!mi || !wv) {
            rc = CASUS_ENOMEM;
            break;
        }
        if (*mi == TAGGER_NONE) {
            *mi = (*n_masks)++;
            rc = buf_append(masks, mask, sizeof mask);
        }
        *wv = *mi;
    }
    if (!rc)
        rc = tagger_map_export(&am, ambig);
    tagger_map_finish(&am);
    tagger_map_finish(&mm);
    if (!rc)
        rc = tagger_map_export(&dm, dict);
    if (!rc)
        rc = tagger_map_export(&fm, featlex);
    tagger_map_finish(&dm);
    tagger_map_finish(&fm);
    free(deflt);
    counter_finish(&byclass);
    counter_finish(&byword);
    counter_finish(&bylc);
    return rc;
}


int tagger_train(const syntax_train_opts *o, casus_error *err)
{
    tagger_knobs k;
    tagger_knobs_default(&k);
    return tagger_train_ex(o, &k, err);
}

/* One training run of a pass: the sentences not held out (fold != skip,
 * or all when skip < 0), `epochs` epochs in a seeded order. When dev is
 * set (tt bound to every section, the pass's weights replaced after each
 * epoch), the epoch with the best dev UPOS+XPOS is kept in *best;
 * otherwise the last one. right: pass-1 classes of every training word
 * (pass 2) or NULL (pass 1). */
typedef struct pass_run {
    tdata *d;
    tagger *tt;
    int pass;              /* 1 or 2 */
    const uint32_t *right; /* pass 2 */
    int folds, skip;
    int epochs;
    float min_abs;
    uint64_t seed;
    int dev;
    buf *weights; /* scratch export buffer, bound into tt when dev */
    buf *best;
    const buf *p1blob; /* pass 2: the kept pass-1 weights */
    buf *pw;           /* the packed table bound into tt */
} pass_run;

/* Packs pcp blobs b1 (pass 1) and b2 (pass 2, or NULL) into pw and binds
 * the result as tt's weights. */
static int bind_weights(tagger *tt, const buf *b1, const buf *b2, buf *pw)
{
    pcp_model m1, m2;
    if (pcp_model_init(&m1, b1->data, b1->len) || (b2 && pcp_model_init(&m2, b2->data, b2->len)))
        return CASUS_EINTERNAL;
    buf_reset(pw);
    int rc = tagger_pw_build(&m1, b2 ? &m2 : NULL, pw);
    if (rc)
        return rc;
    if (tagger_pw_init(&tt->pw, pw->data, pw->len))
        return CASUS_EINTERNAL;
    tt->two_pass = b2 != NULL;
    return 0;
}

static int run_pass(const syntax_train_opts *o, const pass_run *r)
{
    tdata *d = r->d;
    size_t maxn = 0;
    for (size_t s = 0; s < d->train.n_sents; s++)
        if ((size_t)d->train.sents[s].n_words > maxn)
            maxn = (size_t)d->train.sents[s].n_words;
    pcp_trainer *tr = pcp_trainer_new(d->n_classes);
    uint32_t *order = malloc((d->train.n_sents ? d->train.n_sents : 1) * sizeof *order);
    tword *w = malloc((maxn + 4) * sizeof *w);
    float *scores = malloc(d->n_classes * sizeof *scores);
    const char **forms = malloc((maxn + 1) * sizeof *forms);
    int rc = (!tr || !order || !w || !scores || !forms) ? CASUS_ENOMEM : 0;
    size_t n_order = 0;
    for (size_t s = 0; s < d->train.n_sents; s++)
        if (r->skip < 0 || (int)(s % (size_t)r->folds) != r->skip)
            order[n_order++] = (uint32_t)s;
    uint64_t rng = r->seed;
    double best_score = -1;
    int best_epoch = 0;
    uint64_t f[TAGGER_MAX_FEATS];
    uint32_t clusters = r->tt->fx;
    for (int ep = 1; ep <= r->epochs && !rc; ep++) {
        clock_t t0 = clock();
        tagger_shuffle(order, n_order, &rng);
        size_t right = 0, seen = 0;
        for (size_t oi = 0; oi < n_order && !rc; oi++) {
            const conllu_sent *st = &d->train.sents[order[oi]];
            size_t n = (size_t)st->n_words;
            const uint32_t *gold = d->gold + d->first[order[oi]];
            const uint32_t *rc1 = r->right ? r->right + d->first[order[oi]] : NULL;
            for (size_t i = 0; i < n; i++)
                forms[i] = st->words[i].form;
            prep_sentence(r->tt, forms, n, w);
            uint32_t p1 = TAGGER_NONE, p2 = TAGGER_NONE;
            int r2l = !rc1 && (r->tt->fx & TF_R2L);
            for (size_t ii = 0; ii < n && !rc; ii++) {
                size_t i = r2l ? n - 1 - ii : ii;
                const tword *wi = &w[i + 2];
                uint32_t c = tagger_table_get(&r->tt->dict, wi->exact ? wi->exact : 1);
                if (c == TAGGER_NONE) {
                    uint32_t rr[3];
                    if (rc1) {
                        rr[0] = rc1[i];
                        rr[1] = i + 1 < n ? rc1[i + 1] : TAGGER_NONE - 1;
                        rr[2] = i + 2 < n ? rc1[i + 2] : TAGGER_NONE - 1;
                    }
                    size_t nf = extract_all(wi, p1, p2, rc1 ? rr : NULL, clusters, f);
                    pcp_trainer_score(tr, f, nf, scores);
                    c = argmax_mf(scores, d->n_classes, mask_of(r->tt, wi));
                    if (c != gold[i]) {
                        rc = pcp_trainer_update(tr, f, nf, gold[i], 1.0f);
                        if (!rc)
                            rc = pcp_trainer_update(tr, f, nf, c, -1.0f);
                    }
                    pcp_trainer_tick(tr);
                }
                right += c == gold[i];
                seen++;
                p2 = p1;
                p1 = c;
            }
        }
        if (rc)
            break;
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        if (!r->dev) {
            if (ep == r->epochs) {
                buf_reset(r->best);
                rc = pcp_trainer_export(tr, r->min_abs, r->best);
            }
            continue;
        }
        buf_reset(r->weights);
        if ((rc = pcp_trainer_export(tr, r->min_abs, r->weights)))
            break;
        if ((rc = bind_weights(r->tt, r->pass == 1 ? r->weights : r->p1blob,
                               r->pass == 1 ? NULL : r->weights, r->pw)))
            break;
        double score = (double)ep;
        if (d->dev.n_sents) {
            tagger_scores ds;
            if ((rc = tagger_eval(r->tt, &d->dev, &ds)))
                break;
            double nw = ds.n_words ? (double)ds.n_words : 1.0;
            score = (double)(ds.upos + ds.xpos) / nw;
            syntax_progress(o,
                     "pass %d epoch %d: train %.2f, dev UPOS %.2f XPOS %.2f FEATS %.2f all "
                     "%.2f (%.1f s, %zu KB)",
                     r->pass, ep, 100.0 * (double)right / (double)(seen ? seen : 1),
                     100.0 * (double)ds.upos / nw, 100.0 * (double)ds.xpos / nw,
                     100.0 * (double)ds.feats / nw, 100.0 * (double)ds.all / nw, secs,
                     r->weights->len >> 10);
        } else {
            syntax_progress(o, "pass %d epoch %d: train %.2f (%.1f s)", r->pass, ep,
                     100.0 * (double)right / (double)(seen ? seen : 1), secs);
        }
        if (score > best_score) {
            best_score = score;
            best_epoch = ep;
            buf_reset(r->best);
            rc = buf_append(r->best, r->weights->data, r->weights->len);
        }
    }
    if (!rc && r->dev) {
        syntax_progress(o, "tagger: pass %d keeps epoch %d", r->pass, best_epoch);
        /* Leave tt bound to the kept weights. */
        rc = bind_weights(r->tt, r->pass == 1 ? r->best : r->p1blob, r->pass == 1 ? NULL : r->best,
                          r->pw);
    }
    pcp_trainer_free(tr);
    free(order);
    free(w);
    free(scores);
    free(forms);
    return rc;
}

/* Pass-1 classes of the training sentences of fold `fold` (all when
 * fold < 0) with the pass-1 weights bound in tt, into right. */
static int predict_fold(tdata *d, const tagger *tt, int folds, int fold, uint32_t *right)
{
    size_t maxn = 0;
    for (size_t s = 0; s < d->train.n_sents; s++)
        if ((size_t)d->train.sents[s].n_words > maxn)
            maxn = (size_t)d->train.sents[s].n_words;
    tword *w = malloc((maxn + 4) * sizeof *w);
    int32_t *scores = malloc(d->n_classes * sizeof *scores);
    const char **forms = malloc((maxn + 1) * sizeof *forms);
    int rc = (!w || !scores || !forms) ? CASUS_ENOMEM : 0;
    for (size_t s = 0; !rc && s < d->train.n_sents; s++) {
        if (fold >= 0 && (int)(s % (size_t)folds) != fold)
            continue;
        const conllu_sent *st = &d->train.sents[s];
        size_t n = (size_t)st->n_words;
        for (size_t i = 0; i < n; i++)
            forms[i] = st->words[i].form;
        prep_sentence(tt, forms, n, w);
        pass1(tt, w, n, right + d->first[s], scores);
    }
    free(w);
    free(scores);
    free(forms);
    return rc;
}

/* Trains a tagger on o's treebank with word clusters and profiles words
 * (lower-form key -> packed value, see prep_word; NULL: none) and fills
 * sec[N_SEC] (initialised by the caller) with the model's sections. */
static int train_model(const syntax_train_opts *o, const tagger_knobs *kn, uint32_t fx,
                       const tagger_map *words, uint32_t n_clusters, buf sec[N_SEC],
                       casus_error *err)
{
    tdata d;
    memset(&d, 0, sizeof d);
    tagger_pool_init(&d.pool);
    buf scratch, fold_blob, best1, best2, pwbuf;
    buf_init(&scratch, 0);
    buf_init(&fold_blob, 0);
    buf_init(&best1, 0);
    buf_init(&best2, 0);
    buf_init(&pwbuf, 0);
    uint32_t *right = NULL;
    pcp_trainer *empty_tr = NULL;
    tagger tt;
    memset(&tt, 0, sizeof tt);
    int rc = conllu_load(&d.train, o->train_path, err);
    if (rc)
        goto done;
    if (o->dev_path && (rc = conllu_load(&d.dev, o->dev_path, err)))
        goto done;
    if ((rc = tagger_fold_corpus(&d.train)) || (rc = tagger_fold_corpus(&d.dev)) ||
        (rc = tdata_labels(&d))) {
        error_set(err, rc, "%s: %s", o->train_path,
                  rc == CASUS_EINVAL ? "too many tags" : casus_strerror(rc));
        goto done;
    }
    if (words) {
        rc = tagger_map_export(words, &sec[SEC_CLUSTERS]);
    } else {
        tagger_map empty;
        tagger_map_init(&empty);
        rc = tagger_map_export(&empty, &sec[SEC_CLUSTERS]);
        n_clusters = 0;
    }
    int two = kn->two_pass != 0;
    int folds = kn->folds >= 2 ? kn->folds : 5;
    uint32_t n_masks = 0;
    if (!rc)
        rc = buf_append(&sec[SEC_LABELS], d.pool.data.data, d.pool.data.len);
    if (!rc)
        rc = build_lexical(&d, kn, &sec[SEC_TAGS], &sec[SEC_DICT], &sec[SEC_FEATLEX],
                           &sec[SEC_AMBIG], &sec[SEC_MASKS], &n_masks);
    uint32_t meta[8] = {TAGGER_VERSION, d.n_classes,           d.n_tags, n_clusters, (uint32_t)two,
                        n_masks,        fx & (uint32_t)TF_ALL, 0};
    if (!rc)
        rc = buf_append(&sec[SEC_META], meta, sizeof meta);
    /* The weights start as an empty model so the tagger binds. */
    empty_tr = pcp_trainer_new(d.n_classes);
    if (!empty_tr && !rc)
        rc = CASUS_ENOMEM;
    if (!rc)
        rc = pcp_trainer_export(empty_tr, 0.0f, &best1);
    if (!rc) {
        pcp_model m0;
        rc = pcp_model_init(&m0, best1.data, best1.len)
                 ? CASUS_EINTERNAL
                 : tagger_pw_build(&m0, two ? &m0 : NULL, &sec[SEC_WEIGHTS]);
    }
    if (rc) {
        error_set(err, rc, "%s: %s", o->train_path, casus_strerror(rc));
        goto done;
    }
    const void *sp[N_SEC];
    size_t sz[N_SEC];
    for (int i = 0; i < N_SEC; i++) {
        sp[i] = sec[i].data;
        sz[i] = sec[i].len;
    }
    if ((rc = bind(&tt, sp, sz))) {
        rc = error_set(err, CASUS_EINTERNAL, "tagger: built an invalid model");
        goto done;
    }
    tt.two_pass = 0; /* pass 1 is trained and evaluated alone */
    syntax_progress(o, "tagger: %zu sentences, %zu words, %u classes, %u tags, %u dictionary words",
             d.train.n_sents, d.n_words, d.n_classes, d.n_tags,
             ((const uint32_t *)sec[SEC_DICT].data)[2]);
    int epochs = o->epochs > 0 ? o->epochs : 12;
    pass_run r = {.d = &d,
                  .tt = &tt,
                  .pass = 1,
                  .folds = folds,
                  .skip = -1,
                  .epochs = epochs,
                  .min_abs = kn->min_abs,
                  .seed = o->seed,
                  .dev = 1,
                  .weights = &scratch,
                  .best = &best1,
                  .p1blob = &best1,
                  .pw = &pwbuf};
    if ((rc = run_pass(o, &r)))
        goto fail;
    if (two) {
        /* The second pass learns from pass-1 classes as pass 1 will give
         * them on unseen text: each fold is tagged by a pass-1 model
         * trained on the other folds (jackknifing). */
        right = malloc((d.n_words ? d.n_words : 1) * sizeof *right);
        if (!right) {
            rc = CASUS_ENOMEM;
            goto fail;
        }
        tagger ft = tt;
        buf fold_pw;
        buf_init(&fold_pw, 0);
        for (int k = 0; k < folds && !rc; k++) {
            pass_run fr = r;
            fr.tt = &ft;
            fr.skip = k;
            fr.dev = 0;
            fr.seed = o->seed + (uint64_t)k + 1;
            fr.best = &fold_blob;
            if ((rc = run_pass(o, &fr)))
                break;
            if ((rc = bind_weights(&ft, &fold_blob, NULL, &fold_pw)))
                break;
            rc = predict_fold(&d, &ft, folds, k, right);
            syntax_progress(o, "tagger: fold %d of %d tagged", k + 1, folds);
        }
        buf_finish(&fold_pw);
        if (rc)
            goto fail;
        tt.two_pass = 1;
        pass_run r2 = r;
        r2.pass = 2;
        r2.right = right;
        r2.seed = o->seed + 1000;
        r2.best = &best2;
        if ((rc = run_pass(o, &r2)))
            goto fail;
    }
    {
        pcp_model m1, m2;
        if (pcp_model_init(&m1, best1.data, best1.len) ||
            (two && pcp_model_init(&m2, best2.data, best2.len))) {
            rc = CASUS_EINTERNAL;
            goto fail;
        }
        buf_reset(&sec[SEC_WEIGHTS]);
        if ((rc = tagger_pw_build(&m1, two ? &m2 : NULL, &sec[SEC_WEIGHTS])))
            goto fail;
    }
    goto done;
fail:
    error_set(err, rc, "tagger: training failed: %s", casus_strerror(rc));
done:
    pcp_trainer_free(empty_tr);
    free(right);
    buf_finish(&scratch);
    buf_finish(&fold_blob);
    buf_finish(&best1);
    buf_finish(&best2);
    buf_finish(&pwbuf);
    tdata_finish(&d);
    return rc;
}

/* Tags one paragraph of unlabelled text with t and counts the class of
 * every word under its lower-form key. */
static int profile_chunk(const tagger *t, const char *text, size_t len, counter *cnt)
{
    arena a;
    arena_init(&a, 0);
    text_norm tn;
    casus_token *tok;
    casus_word *w;
    casus_sentence *st;
    size_t nt, nw, ns;
    int rc = text_normalize(&a, text, len, &tn);
    if (!rc)
        rc = text_tokenize(&a, text, len, &tn, &tok, &nt, &w, &nw);
    if (!rc)
        rc = text_split(&a, text, len, tok, nt, w, nw, &st, &ns);
    const char **forms = rc ? NULL : arena_array(&a, nw ? nw : 1, sizeof *forms);
    uint16_t *tags = rc ? NULL : arena_array(&a, nw ? nw : 1, sizeof *tags);
    if (!rc && (!forms || !tags))
        rc = CASUS_ENOMEM;
    for (size_t i = 0; !rc && i < nw; i++)
        forms[i] = w[i].norm;
    for (size_t k = 0; !rc && k < ns; k++)
        rc = tagger_tag(t, forms + st[k].word, st[k].n_words, tags + st[k].word, &a);
    for (size_t i = 0; !rc && i < nw; i++) {
        uint64_t key = lower_key(forms[i]);
        rc = counter_add(cnt, key ? key : 1, tagger_class_of(t, tags[i]));
    }
    arena_finish(&a);
    return rc;
}

/* The profile of every word of the unlabelled text at path, as tagged by
 * t (a tagger that does not see word identities, so that words of the
 * treebank and new words are profiled alike): words gets, under each
 * lower-form key, its cluster from clusters (PROF_NO_CLUSTER if none) |
 * (bucket | (usual class + 1) << 2) << PROF_SHIFT, where bucket is 0 for
 * words seen fewer than 3 times, else 3, 2 or 1 as the usual class has at
 * least 90%, 70% or less of the word's tokens. */
static int profile_text(const syntax_train_opts *o, const tagger *t, const tagger_map *clusters,
                        tagger_map *words, casus_error *err)
{
    const char *path = o->unlabeled_path;
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, errno == ENOENT ? CASUS_ENOENT : CASUS_EIO, "%s: %s", path,
                         strerror(errno));
    counter cnt = {0};
    buf chunk;
    buf_init(&chunk, 0);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    /* Paragraphs (blank-line separated), as tag_cluster.c reads them. */
    while (!rc && (len = getline(&line, &cap, f)) > 0) {
        int blank = 1;
        for (ssize_t i = 0; i < len; i++)
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\n' && line[i] != '\r')
                blank = 0;
        if (blank) {
            if (chunk.len)
                rc = profile_chunk(t, chunk.data, chunk.len, &cnt);
            buf_reset(&chunk);
        } else {
            rc = buf_append(&chunk, line, (size_t)len);
        }
    }
    if (!rc && chunk.len)
        rc = profile_chunk(t, chunk.data, chunk.len, &cnt);
    if (!rc && ferror(f))
        rc = CASUS_EIO;
    free(line);
    fclose(f);
    buf_finish(&chunk);
    for (size_t i = 0; !rc && i < cnt.best.cap; i++) {
        uint64_t key = cnt.best.keys[i];
        if (!key)
            continue;
        uint32_t bi = cnt.best.vals[i];
        uint32_t n = cnt.total[bi], top = cnt.bc[bi];
        uint32_t bucket = n < 3 ? 0 : top * 10 >= n * 9 ? 3 : top * 10 >= n * 7 ? 2 : 1;
        uint32_t c = tagger_map_get(clusters, key);
        uint32_t *v = tagger_map_slot(words, key);
        if (!v) {
            rc = CASUS_ENOMEM;
            break;
        }
        *v = (c == TAGGER_NONE ? PROF_NO_CLUSTER : c) | (bucket | (cnt.bv[bi] + 1) << 2)
                                                            << PROF_SHIFT;
    }
    /* Clustered words the paragraphs did not give back keep their cluster. */
    for (size_t i = 0; !rc && i < clusters->cap; i++) {
        if (!clusters->keys[i] || tagger_map_get(words, clusters->keys[i]) != TAGGER_NONE)
            continue;
        uint32_t *v = tagger_map_slot(words, clusters->keys[i]);
        if (!v)
            rc = CASUS_ENOMEM;
        else
            *v = clusters->vals[i];
    }
    counter_finish(&cnt);
    if (rc)
        return error_set(err, rc, "%s: %s", path, casus_strerror(rc));
    syntax_progress(o, "tagger: profiled %zu word types of %s", words->n, path);
    return 0;
}

static int save_model(const buf sec[N_SEC], const char *path, casus_error *err)
{
    model_writer mw;
    model_writer_init(&mw, "tagger");
    int rc = 0;
    for (int i = 0; i < N_SEC && !rc; i++)
        rc = model_writer_add(&mw, sec_names[i], sec[i].data ? sec[i].data : "", sec[i].len);
    if (rc)
        error_set(err, rc, "%s: %s", path, casus_strerror(rc));
    else
        rc = model_writer_save(&mw, path, err);
    model_writer_finish(&mw);
    return rc;
}

int tagger_train_ex(const syntax_train_opts *o, const tagger_knobs *kn, casus_error *err)
{
    tagger_map clusters, words;
    tagger_map_init(&clusters);
    tagger_map_init(&words);
    buf sec[N_SEC], sec0[N_SEC];
    for (int i = 0; i < N_SEC; i++) {
        buf_init(&sec[i], 0);
        buf_init(&sec0[i], 0);
    }
    uint32_t fx = kn->feats & (uint32_t)TF_ALL & ~(uint32_t)TF_BLIND;
    uint32_t n_clusters = 0;
    int rc = 0;
    if (o->unlabeled_path) {
        if (kn->cluster_k < 2 || kn->cluster_k >= PROF_NO_CLUSTER) {
            rc = error_set(err, CASUS_EINVAL, "tagger: cluster count must be 2..%u",
                           PROF_NO_CLUSTER - 1);
            goto done;
        }
        rc = tagger_cluster_learn(o->unlabeled_path, kn->cluster_k, kn->cluster_min_count,
                                  kn->cluster_seed, NULL, NULL, &clusters, err);
        n_clusters = kn->cluster_k;
    } else if (kn->clusters_path) {
        rc = tagger_cluster_read(kn->clusters_path, &clusters, &n_clusters, err);
    }
    if (rc)
        goto done;
    int have = n_clusters > 0;
    if (!o->unlabeled_path || !have)
        fx &= ~(uint32_t)TF_PROF;
    if (fx & TF_PROF) {
        /* Stage 1: a one-pass tagger that sees no word identities tags the
         * unlabelled text; the class it usually gives a word is a feature
         * of stage 2 for that word. */
        tagger_knobs kb = *kn;
        kb.two_pass = 0;
        kb.dict_min_freq = UINT32_MAX;
        syntax_progress(o, "tagger: stage 1, the profiling tagger");
        if ((rc = train_model(o, &kb, TF_BLIND, &clusters, n_clusters, sec0, err)))
            goto done;
        const void *sp[N_SEC];
        size_t sz[N_SEC];
        for (int i = 0; i < N_SEC; i++) {
            sp[i] = sec0[i].data;
            sz[i] = sec0[i].len;
        }
        tagger tb;
        memset(&tb, 0, sizeof tb);
        if (bind(&tb, sp, sz)) {
            rc = error_set(err, CASUS_EINTERNAL, "tagger: built an invalid model");
            goto done;
        }
        if ((rc = profile_text(o, &tb, &clusters, &words, err)))
            goto done;
        syntax_progress(o, "tagger: stage 2, the tagger");
    }
    rc = train_model(o, kn, fx,
                     (fx & TF_PROF) ? &words
                     : have         ? &clusters
                                    : NULL,
                     n_clusters, sec, err);
    if (!rc)
        rc = save_model(sec, o->out_path, err);
done:
    for (int i = 0; i < N_SEC; i++) {
        buf_finish(&sec[i]);
        buf_finish(&sec0[i]);
    }
    tagger_map_finish(&clusters);
    tagger_map_finish(&words);
    return rc;
}
