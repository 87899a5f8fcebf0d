/*
 * ner_feat.h — the NER model's features and decoder, shared by the
 * run-time tagger (ner.c) and the trainer (ner_train.c) so both see
 * exactly the same hashes.
 *
 * A decision for word i is scored as static(i)[c] + dyn(i, p)[c], where
 * static features describe the words around i and dyn features pair the
 * previous word's tag p with a few of word i's; Viterbi over the 7 tags
 * (with the B/I constraint) picks the sentence's best sequence.
 */
#ifndef CASUS_ENTITY_NER_FEAT_H
#define CASUS_ENTITY_NER_FEAT_H

#include <stddef.h>
#include <stdint.h>

#include "entity/ner.h"
#include "syntax/tag_util.h"
#include "util/buf.h"

#define NER_N_TAGS CASUS_NER_N_TAGS
#define NER_START NER_N_TAGS /* the "previous tag" of a sentence's first word */
#define NER_N_PREV (NER_N_TAGS + 1)
#define NER_MAX_STATIC 80
#define NER_MAX_DYN 12
#define NER_PAD 2 /* sentinel words on each side */

/* The word table (the model's "clusters" section) is keyed by the
 * lowercased word hashed as the tagger's clusters are (seed 0x101). With
 * NER_F_NEWS its values pack cluster | news class << NER_NEWS_SHIFT. */
#define NER_SEED_LOWER 0x101
#define NER_NEWS_SHIFT 12
#define NER_NO_CLUSTER 4095u
#define NER_NEWS_UNSEEN 7u
#define NER_TABLE_LIMIT (64u << NER_NEWS_SHIFT)

/* The word table (section "words"): lower key -> value, 8 bytes a slot.
 * Layout (host order; the container refuses other-endian files):
 *   u32 magic 'NWT1' | u32 n_slots (power of 2, >= 16) | u32 n_used | u32 0
 *   slots[n_slots] { u32 fingerprint (0 = empty), u32 value }
 * A key k has fingerprint (k >> 32) | 1 and home slot k & (n_slots - 1),
 * probed linearly; at most half the slots are used. Two words whose keys
 * share a home and a fingerprint (about 1 in 2^32) share a value. */
typedef struct ner_words {
    uint32_t n_slots;
    const uint32_t *slots;
} ner_words;

/* Checks blob[0..size) (values must be < limit) and points t into it.
 * Returns 0 or CASUS_ECORRUPT. */
int ner_words_init(ner_words *t, const void *blob, size_t size, uint32_t limit);
/* The value of key, or TAGGER_NONE. */
uint32_t ner_words_get(const ner_words *t, uint64_t key);
/* Appends m (key -> value) as a word table to out, in m's slot order
 * (same insertions, same bytes). Returns 0 or CASUS_ENOMEM. */
int ner_words_export(const tagger_map *m, buf *out);

/* One word's precomputed hashes and classes. */
typedef struct ner_word {
    uint64_t lower, exact, shape, upos, xpos;
    uint64_t pre[4], suf[4];
    uint32_t flags, cluster, gaz, scase, news;
    uint32_t place, wclass; /* ner_gazetteer bits 8-10 and 12-15 */
} ner_word;

/* The news class of a word seen total times after a sentence's first
 * word, caps of them capitalised, upper of them in capitals: 3 bits of
 * capital ratio (6: mostly all-caps, NER_NEWS_UNSEEN: never seen) and 2
 * bits of frequency. */
uint32_t ner_news_class(uint32_t total, uint32_t caps, uint32_t upper);
/* Counts the words of the plain text at path (paragraphs separated by
 * blank or form-feed lines, tokenised and split by the text layer) and
 * puts lower key -> news class into out for words seen twice or more;
 * *n_words gets their number. Deterministic. */
int ner_news_stats(const char *path, tagger_map *out, size_t *n_words, casus_error *err);

/* Fills w[0 .. n + 2*NER_PAD): w[i + NER_PAD] is word i of s. clusters
 * may be NULL (no cluster features); fx says how to read it. */
void ner_prep(const ner_words *clusters, uint32_t fx, const ner_sentence *s, ner_word *w);
/* Features of the word at w (w[-2..2] valid) that do not depend on tags. */
size_t ner_static_feats(const ner_word *w, uint32_t fx, uint64_t *out);
/* Features pairing the previous tag prev (0..NER_START) with the word. */
size_t ner_dyn_feats(const ner_word *w, uint32_t prev, uint32_t fx, uint64_t *out);

/* 1 if tag may follow prev (NER_START for the first word). */
static inline int ner_allowed(uint32_t prev, uint32_t tag)
{
    if (!tag || (tag & 1))
        return 1;                          /* O or B-x */
    return prev == tag || prev + 1 == tag; /* I-x after B-x or I-x */
}

/* Best allowed tag sequence of n words. em[i*NER_N_TAGS + c]: static
 * score of tag c at i; dy[(i*NER_N_PREV + p)*NER_N_TAGS + c]: dyn score of
 * c after p (only p = NER_START is read at i = 0, p < NER_START after).
 * work holds n * NER_N_TAGS bytes. */
void ner_viterbi(const double *em, const double *dy, size_t n, uint8_t *tags, uint8_t *work);

/* ner_tag on loose parts (the trainer scores its dev set with the
 * exported weights before a file exists). */
int ner_tag_with(const ner_words *clusters, const tagger_pw *pw, uint32_t fx, const ner_sentence *s,
                 uint8_t *tags, arena *scratch);

#endif
