/*
 * syntax.h — the syntax layer's internal interfaces: tagger, lemmatiser,
 * dependency parser, and the stage that runs them on a document.
 *
 * Each component is a model trained by casus (`casus train KIND`), saved
 * in the container of util/model.h, memory-mapped at load and immutable
 * after it, so one loaded component serves every worker thread. Per-call
 * scratch memory comes from the caller (the document's arena), never from
 * the component.
 *
 * Words reach the components as their normalised forms (casus_word.norm:
 * NFC, quotes and dashes folded), one sentence at a time.
 */
#ifndef CASUS_SYNTAX_SYNTAX_H
#define CASUS_SYNTAX_SYNTAX_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "util/arena.h"

/* Options shared by the trainers. */
typedef struct syntax_train_opts {
    const char *train_path; /* CoNLL-U */
    const char *dev_path;   /* CoNLL-U, or NULL: no per-epoch dev report */
    const char *out_path;   /* model file to write */
    const char *tagger_path; /* parser and lemmatiser: tag train/dev with this
                                tagger model instead of using gold tags (or NULL) */
    const char *unlabeled_path; /* tagger: unlabelled news text (the benchmark
                                   format or plain text) to learn word clusters
                                   from, or NULL for none */
    int epochs;             /* 0: the component's default */
    uint64_t seed;          /* shuffling; same data + seed = same bytes */
    /* Progress lines ("epoch 3: dev UPOS 95.61"), or NULL. */
    void (*progress)(void *ctx, const char *line);
    void *ctx;
} syntax_train_opts;

/* Sends one formatted progress line (at most 511 bytes) to o->progress,
 * if set. Shared by the trainers. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void syntax_progress(const syntax_train_opts *o, const char *fmt, ...);

/* ---------------------------------------------------------------- tagger */

typedef struct tagger tagger;

/* Loads a tagger model; caller frees with tagger_free. */
int tagger_load(tagger **out, const char *path, casus_error *err);
void tagger_free(tagger *t);
int tagger_train(const syntax_train_opts *o, casus_error *err);

/* Tags one sentence of n words: tags[i] is an index into the model's tag
 * set (one joint UPOS/XPOS/FEATS label). scratch is used for temporary
 * memory. Returns 0 or CASUS_ENOMEM. */
int tagger_tag(const tagger *t, const char *const *forms, size_t n, uint16_t *tags,
               arena *scratch);
/* The parts of tag id k; static strings owned by the model. */
const char *tagger_upos(const tagger *t, uint16_t k);
const char *tagger_xpos(const tagger *t, uint16_t k);
const char *tagger_feats(const tagger *t, uint16_t k);
size_t tagger_n_tags(const tagger *t);

/* ---------------------------------------------------------------- lemmatiser */

typedef struct lemmatizer lemmatizer;

int lemmatizer_load(lemmatizer **out, const char *path, casus_error *err);
void lemmatizer_free(lemmatizer *l);
int lemmatizer_train(const syntax_train_opts *o, casus_error *err);

/* The lemma of form tagged (upos, xpos): a string owned by the model or by
 * mem (where it is built). NULL only when out of memory. */
const char *lemmatizer_lemma(const lemmatizer *l, const char *form, const char *upos,
                             const char *xpos, arena *mem);

/* ---------------------------------------------------------------- parser */

typedef struct parser parser;

int parser_load(parser **out, const char *path, casus_error *err);
void parser_free(parser *p);
int parser_train(const syntax_train_opts *o, casus_error *err);

/* Parses one sentence of n words given forms, lemmas and tags. heads[i] is
 * the 1-based index of word i's head within the sentence (0 = root);
 * labels[i] an index into the model's relation set. Always a tree: one
 * root, no cycles. */
int parser_parse(const parser *p, const char *const *forms, const char *const *lemmas,
                 const char *const *upos, const char *const *xpos, size_t n, int32_t *heads,
                 uint16_t *labels, arena *scratch);
const char *parser_label(const parser *p, uint16_t k);

#endif
