/*
 * parse_feats.h — feature extraction of the dependency parser: the hashed
 * feature templates that score transitions and arc labels.
 *
 * Each word is hashed once per sentence (parser_word); a template then
 * combines a handful of precomputed 64-bit values with pcp_mix, so a
 * configuration's features cost a few hundred multiplications and no
 * memory beyond a fixed-size array.
 */
#ifndef CASUS_SYNTAX_PARSE_FEATS_H
#define CASUS_SYNTAX_PARSE_FEATS_H

#include <stddef.h>
#include <stdint.h>

#include "syntax/tag_util.h"
#include "syntax/transition.h"

/* Bumped whenever a template changes: a model records the version it was
 * trained with and is refused by a parser with other templates. */
#define PARSER_FEATS_VERSION 6

/* Upper bounds of the feature counts (fixed-size arrays). */
#define PARSER_MAX_TFEATS 160
#define PARSER_MAX_LFEATS 64

/* The hashes of one word: lower-cased form, XPOS, UPOS, word cluster.
 * (Lemma, suffix and capitalisation templates were tried and did not pay
 * on EWT dev: the forms, tags and clusters already carry them.) */
typedef struct parser_word {
    uint64_t w, p, u, c;
} parser_word;

/* Fills words[0..n) from the strings (NULL counts as "_"; lemmas are
 * accepted for the interface's sake and not read) and adds the
 * two sentinels the templates read: words[n] = ROOT, words[n+1] = NONE
 * (no such item). words must have n + 2 entries. clusters maps lower-cased
 * forms to cluster ids (the key of tag_cluster.c), or is NULL. */
void parser_words_init(parser_word *words, const char *const *forms, const char *const *lemmas,
                       const char *const *upos, const char *const *xpos, size_t n,
                       const tagger_table *clusters);
/* One word's hashes. */
parser_word parser_word_of(const char *form, const char *lemma, const char *upos,
                           const char *xpos, const tagger_table *clusters);

/* The features of configuration s for the transition classifier; writes at
 * most PARSER_MAX_TFEATS hashes to f and returns how many. */
size_t parser_trans_features(const trans_state *s, const parser_word *words, uint64_t *f);

/* The features for labelling the arc h -> d (h may be ROOT = s->n), read
 * in s before the arc is added; at most PARSER_MAX_LFEATS. */
size_t parser_label_features(const trans_state *s, const parser_word *words, int h, int d,
                             uint64_t *f);

#endif
