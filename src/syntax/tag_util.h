/*
 * tag_util.h — pieces shared by the tagger and the lemmatiser: the
 * read-only hash table they store in model sections, a growable 64-bit
 * key map for their trainers, a string pool, the fixed-seed PRNG, and the
 * form folding that makes treebank words look like casus_word.norm.
 *
 * Names carry the tagger_ prefix (the owner of these files); nothing here
 * is public API.
 */
#ifndef CASUS_SYNTAX_TAG_UTIL_H
#define CASUS_SYNTAX_TAG_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "syntax/conllu.h"
#include "util/arena.h"
#include "syntax/perceptron.h"
#include "util/buf.h"

/* ---- read-only table (a model section) ----
 *
 * Layout (host order; the container refuses other-endian files):
 *   u32 magic 'TTB1' | u32 n_slots (power of 2, >= 16) | u32 n_used | u32 0
 *   slots[n_slots] { u64 key (0 = empty), u32 value, u32 0 }
 * Linear probing from key & (n_slots - 1); at most half the slots are used,
 * so a probe meets an empty slot. */
typedef struct tagger_table {
    uint32_t n_slots;
    const uint64_t *slots; /* 2 words per slot: key, value */
} tagger_table;

#define TAGGER_NONE UINT32_MAX

/* Checks blob[0..size) and points t into it (borrowed). Every stored value
 * must be < limit. Returns 0 or CASUS_ECORRUPT. */
int tagger_table_init(tagger_table *t, const void *blob, size_t size, uint32_t limit);
/* The value stored under key, or TAGGER_NONE. An empty (zeroed) table is
 * valid and finds nothing. */
static inline uint32_t tagger_table_get(const tagger_table *t, uint64_t key)
{
    if (!t->n_slots)
        return TAGGER_NONE;
    uint32_t mask = t->n_slots - 1;
    for (uint32_t i = (uint32_t)key & mask, k = 0; k < t->n_slots; i = (i + 1) & mask, k++) {
        uint64_t s = t->slots[2 * (size_t)i];
        if (s == key)
            return (uint32_t)t->slots[2 * (size_t)i + 1];
        if (!s)
            break;
    }
    return TAGGER_NONE;
}

/* ---- growable map (trainers): nonzero u64 key -> u32 value ---- */
typedef struct tagger_map {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, n;
} tagger_map;

void tagger_map_init(tagger_map *m);
void tagger_map_finish(tagger_map *m);
/* Pointer to the value of key, inserted as TAGGER_NONE if new; NULL when
 * out of memory. Borrowed until the next insertion. */
uint32_t *tagger_map_slot(tagger_map *m, uint64_t key);
uint32_t tagger_map_get(const tagger_map *m, uint64_t key);
/* Appends the map as a table section (tagger_table layout) to out.
 * Slots are placed in the map's own order: same insertions, same bytes. */
int tagger_map_export(const tagger_map *m, buf *out);

/* A nonzero 64-bit key for s[0..n) in key space seed. */
uint64_t tagger_key(const char *s, size_t n, uint64_t seed);
uint64_t tagger_key2(uint64_t a, uint64_t b);

/* ---- string pool: NUL-separated strings, deduplicated ---- */
typedef struct tagger_pool {
    buf data;
    tagger_map index; /* key -> offset */
} tagger_pool;

void tagger_pool_init(tagger_pool *p);
void tagger_pool_finish(tagger_pool *p);
/* Offset of s in the pool (added if new), or TAGGER_NONE when out of
 * memory. Offset 0 always holds "". */
uint32_t tagger_pool_add(tagger_pool *p, const char *s);
/* 0 if blob[0..size) is a valid pool: non-empty, starting with "" and
 * ending in NUL, so any offset < size names a NUL-terminated string. */
int tagger_pool_check(const char *blob, size_t size);

/* ---- misc ---- */

/* splitmix64 step: the trainers' only source of randomness. */
uint64_t tagger_rand(uint64_t *state);
/* Fisher-Yates shuffle of idx[0..n) with state. */
void tagger_shuffle(uint32_t *idx, size_t n, uint64_t *state);

/* Folds every form and lemma of c the way casus_word.norm is folded (NFC,
 * quote and dash variants to ' " -, ` to '); copies live in c->mem.
 * Returns 0 or CASUS_ENOMEM. */
int tagger_fold_corpus(conllu_corpus *c);

/* ASCII lowercase of s into out[0..cap) (cut at cap-1 bytes), returns the
 * length. Non-ASCII bytes are copied. */
size_t tagger_lower(const char *s, size_t n, char *out, size_t cap);

/* Little-endian/host u32 array section helpers for the trainers. */
int tagger_put32(buf *b, uint32_t v);

/* ---- scoring ----
 * pcp_model_score with the memory latency hidden: the features' slots are
 * prefetched before any is probed, then their weight runs before any is
 * summed, so the ~40 cache misses of a word overlap instead of queueing.
 * Sums stay in integer units (multiply by m->scale for the value); the
 * argmax is the same. n must be at most TAGGER_SCORE_MAX. */
#define TAGGER_SCORE_MAX 64
void tagger_pcp_score(const pcp_model *m, const uint64_t *feats, size_t n, int32_t *scores);

/* ---- packed weights (the tagger's "weights" section) ----
 *
 * One or two perceptrons over the same feature hashes (tagger passes 1
 * and 2) in one table, so a feature both passes use is found once. Built
 * from pcp blobs (perceptron.h) by tagger_pw_build; rows are keyed by the
 * blob's 32-bit fingerprint (h >> 32) | 1. Layout (host order, 4-byte
 * aligned):
 *   u32 magic 'TPW2' | u32 n_classes (< 32768) | u32 n_passes (1 or 2) |
 *   u32 n_slots | u32 n_used | u32 n_entries | f32 scale[2]
 *   slots[n_slots]     { u32 fingerprint (0 = empty), u32 start }
 *   entries[n_entries] { u16, i16 }
 * A row is a header entry {h1, h2} followed by pass 1's weights, then
 * pass 2's. A pass with header h < 0x8000 is h sparse (class, weight)
 * entries; h = 0x8000 marks a dense pass: n_classes int16 weights in class
 * order, padded to whole entries (ceil(n_classes / 2) entries). Passes
 * with 16 or more weights are dense. 'TPW1' files (sparse passes only)
 * are still read. The home slot of fingerprint fp is
 * (fp * n_slots) >> 32, probed linearly; at most 3/4 of the slots are used,
 * so slots cost 8 bytes per row instead of the 24-48 of a pcp blob. */
typedef struct tagger_pw {
    uint32_t n_classes, n_passes, n_slots, n_entries;
    float scale[2];
    const uint32_t *slots;
    const uint16_t *entries;
} tagger_pw;

/* Checks blob[0..size) and points w into it (borrowed). 0 or CASUS_ECORRUPT. */
int tagger_pw_init(tagger_pw *w, const void *blob, size_t size);
/* Appends the packed table of pass-1 model m1 and pass-2 model m2 (NULL:
 * one pass) to out. Both must have the same n_classes. 0 or CASUS_ENOMEM. */
int tagger_pw_build(const pcp_model *m1, const pcp_model *m2, buf *out);
/* For each feature, adds its pass-1 weights to s1 and its pass-2 weights
 * to s2 (integer units; either may be NULL to skip that pass). Slots and
 * rows are prefetched before use so the cache misses of a word overlap. n
 * must be at most TAGGER_SCORE_MAX. */
void tagger_pw_score(const tagger_pw *w, const uint64_t *feats, size_t n, int32_t *s1, int32_t *s2);
/* For tests: 1 makes tagger_pw_score add dense rows with SSE2 (or plain C)
 * even where the CPU has AVX2, 0 restores the choice by CPU. Not
 * thread-safe: call before any tagging starts. */
void tagger_pw_portable(int on);

#endif
