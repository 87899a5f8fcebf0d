/*
 * perceptron.h — a multiclass averaged perceptron over hashed features,
 * shared by the tagger, the lemmatiser and the parser.
 *
 * Features are 64-bit hashes (pcp_hash_* below), so feature extraction
 * builds no strings. Training keeps dense rows only for features that were
 * ever updated; export averages the weights, drops the ones that round to
 * zero and quantises the rest to int16, giving a compact table that is used
 * in place from a memory-mapped model file.
 *
 * Exported blob (one model section, little-endian, 4-byte aligned):
 *   u32 magic 'PCP1' | u32 n_classes | u32 n_slots (power of 2) |
 *   u32 n_entries | f32 scale | u32 reserved
 *   slots[n_slots]  { u32 fingerprint (0 = empty), u32 start, u32 count }
 *   entries[n_entries] { u16 class, i16 weight }      weight * scale = value
 * A feature hash h lives in slot (h & (n_slots-1)) or the next ones (linear
 * probing); its fingerprint is (h >> 32) | 1.
 */
#ifndef CASUS_SYNTAX_PERCEPTRON_H
#define CASUS_SYNTAX_PERCEPTRON_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "util/buf.h"

/* ---- hashing ---- */

uint64_t pcp_hash_bytes(const void *p, size_t n, uint64_t seed);
/* Combines a feature template id (or any value) with a hash. */
static inline uint64_t pcp_mix(uint64_t a, uint64_t b)
{
    uint64_t x = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL + (a << 6) + (a >> 2));
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 29;
    return x;
}

/* ---- training ---- */

typedef struct pcp_trainer pcp_trainer;

/* Caller frees with pcp_trainer_free. NULL when out of memory. */
pcp_trainer *pcp_trainer_new(uint32_t n_classes);
void pcp_trainer_free(pcp_trainer *t);
/* scores[0..n_classes) = sum of the current (not averaged) weights. */
void pcp_trainer_score(const pcp_trainer *t, const uint64_t *feats, size_t n, float *scores);
/* Adds delta to class cls for each feature (delta +1 for the truth, -1 for
 * the guess). Returns 0 or CASUS_ENOMEM. */
int pcp_trainer_update(pcp_trainer *t, const uint64_t *feats, size_t n, uint32_t cls,
                       float delta);
/* Marks the end of one training instance (the averaging clock). */
void pcp_trainer_tick(pcp_trainer *t);
/* Appends the averaged, pruned, quantised model to out. Weights whose
 * absolute averaged value is below min_abs are dropped. */
int pcp_trainer_export(const pcp_trainer *t, float min_abs, buf *out);
/* Number of feature rows and non-zero weights (for reports). */
void pcp_trainer_stats(const pcp_trainer *t, size_t *n_rows, size_t *n_weights);

/* ---- inference ---- */

typedef struct pcp_model {
    uint32_t n_classes, n_slots, n_entries;
    float scale;
    const uint32_t *slots; /* 3 words per slot */
    const uint16_t *entries; /* 2 halves per entry: class, weight (as int16) */
} pcp_model;

/* Points m into blob[0..size) (borrowed) after checking every count and
 * offset. Returns 0 or CASUS_ECORRUPT. */
int pcp_model_init(pcp_model *m, const void *blob, size_t size);
/* scores[0..n_classes) are set to the sum of the features' weights. */
void pcp_model_score(const pcp_model *m, const uint64_t *feats, size_t n, float *scores);

#endif
