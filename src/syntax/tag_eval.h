/*
 * tag_eval.h — the tagger's and lemmatiser's functions beyond syntax.h:
 * evaluation on a CoNLL-U corpus (for the trainers, `casus eval syntax`
 * and the tests), loading from a buffer (fuzz target, tests), training
 * knobs, and the tagger's feature extractor (tests).
 *
 * Corpora given to these functions must have been folded with
 * tagger_fold_corpus (tag_util.h), as the trainers do, so that treebank
 * forms look like casus_word.norm.
 */
#ifndef CASUS_SYNTAX_TAG_EVAL_H
#define CASUS_SYNTAX_TAG_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "syntax/conllu.h"
#include "syntax/syntax.h"

/* ---- tagger ---- */

typedef struct tagger_scores {
    size_t n_words;
    size_t upos, xpos, feats, all; /* words with that part right */
} tagger_scores;

/* Tags every sentence of c (gold tokens) and counts agreement with the gold
 * tags. Returns 0 or CASUS_ENOMEM. */
int tagger_eval(const tagger *t, const conllu_corpus *c, tagger_scores *s);

/* Like tagger_load, from buf[0..size) which must stay alive and unchanged
 * until tagger_free and be 64-byte aligned. Caller frees with tagger_free. */
int tagger_load_buffer(tagger **out, const void *data, size_t size, casus_error *err);

/* The joint UPOS/XPOS class of tag k (what the perceptron predicts). */
uint32_t tagger_class_of(const tagger *t, uint16_t k);

/* Knobs for experiments; tagger_train uses tagger_knobs_default. */
typedef struct tagger_knobs {
    float min_abs;              /* drop averaged weights below this at export */
    uint32_t dict_min_freq;     /* tag dictionary: words seen at least this often */
    float dict_min_ratio;       /* ... with one class at least this share */
    const char *clusters_path;  /* word clusters file ("word\tcluster" lines) or NULL */
    uint32_t ambig_min_freq;    /* words seen this often only get classes seen with them
                                   (0: no restriction) */
    int two_pass;               /* add the second, right-context pass */
    int folds;                  /* jackknife folds for the second pass's training input */
    uint32_t feats;             /* optional feature groups (tagger.c TF_*) */
    uint32_t cluster_k;         /* word clusters learnt from o->unlabeled_path: how many, */
    uint32_t cluster_min_count; /* of the words seen this often, */
    uint64_t cluster_seed;      /* with this seed */
} tagger_knobs;

void tagger_knobs_default(tagger_knobs *k);
int tagger_train_ex(const syntax_train_opts *o, const tagger_knobs *k, casus_error *err);

/* Feature templates (the first argument of pcp_mix in a feature hash). */
enum {
    TAGGER_F_BIAS = 1,
    TAGGER_F_LOWER,
    TAGGER_F_EXACT,
    TAGGER_F_SUF1,
    TAGGER_F_SUF2,
    TAGGER_F_SUF3,
    TAGGER_F_SUF4,
    TAGGER_F_PRE1,
    TAGGER_F_PRE2,
    TAGGER_F_PRE3,
    TAGGER_F_SHAPE,
    TAGGER_F_FLAGS,
    TAGGER_F_P1,
    TAGGER_F_P1P2,
    TAGGER_F_P1W0,
    TAGGER_F_WM1,
    TAGGER_F_WM1SUF3,
    TAGGER_F_WM2,
    TAGGER_F_WP1,
    TAGGER_F_WP1SUF3,
    TAGGER_F_WP2,
    TAGGER_F_WM1W0,
    TAGGER_F_W0WP1,
    TAGGER_F_WP1SHAPE,
    TAGGER_F_WM1SHAPE,
    TAGGER_F_P1WP1,
    TAGGER_F_P2,
    TAGGER_F_P1SUF3,
    TAGGER_F_WP2SUF3,
    TAGGER_F_C0,
    TAGGER_F_CM1,
    TAGGER_F_CP1,
    TAGGER_F_C0P1,
    TAGGER_F_CP2,
    TAGGER_F_WM2SUF3,
    TAGGER_F_P1SHAPE,
    TAGGER_F_LEN,
    TAGGER_F_R1, /* pass 2: the pass-1 class of word i+1 */
    TAGGER_F_R2,
    TAGGER_F_R1R2,
    TAGGER_F_P1R1,
    TAGGER_F_R1W0,
    TAGGER_F_R1SUF3,
    TAGGER_F_R0, /* pass 2: the pass-1 class of word i itself */
    TAGGER_F_R0P1,
    TAGGER_F_R0R1,
    TAGGER_F_PROF0,    /* profiles (TF_PROF): the word's, */
    TAGGER_F_PROF0CAP, /* with its capitalisation, */
    TAGGER_F_PROFM1,   /* its neighbours', */
    TAGGER_F_PROFP1,
    TAGGER_F_PROF0SUF2,
    TAGGER_F_P1PROF0,
    TAGGER_F_PROFM1P0,
    TAGGER_F_PROFP0P1,
    TAGGER_F_PROFP2,
    TAGGER_F_N
};

#define TAGGER_MAX_FEATS 64
/* Value of a string template as the extractor hashes it: pcp_mix(tmpl,
 * hash of s) for LOWER/EXACT/SUFk/PREk/SHAPE/WM1/WP1/WM2/WP2 (s already
 * lowercased where the template lowercases). */
uint64_t tagger_feat_string(int tmpl, const char *s);
/* The pass-1 features of word i of forms[0..n) given the classes p1 (word
 * i-1) and p2 (word i-2), TAGGER_NONE at the sentence start. t (or NULL)
 * gives the word clusters. Writes at most TAGGER_MAX_FEATS hashes to out
 * and returns their number. */
size_t tagger_features(const tagger *t, const char *const *forms, size_t n, size_t i, uint32_t p1,
                       uint32_t p2, uint64_t *out);

/* ---- lemmatiser ---- */

typedef struct lemma_scores {
    size_t n_words, correct;
    size_t n_unseen, unseen_correct; /* forms not in the training lexicon */
} lemma_scores;

/* Lemmatises every word of c with the tags of tagger t (or the gold tags
 * when t is NULL) and counts exact matches with the gold lemmas. Returns 0
 * or CASUS_ENOMEM. */
int lemmatizer_eval(const lemmatizer *l, const tagger *t, const conllu_corpus *c, lemma_scores *s);
int lemmatizer_load_buffer(lemmatizer **out, const void *data, size_t size, casus_error *err);

#endif
