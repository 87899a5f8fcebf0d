/*
 * parse_model.h — the dependency parser's model, shared by parser.c
 * (loading, parsing) and parse_train.c (training), plus the parser entry
 * points beyond syntax.h (loading from memory for the fuzzer and tests,
 * training options).
 *
 * Model file (container kind "parser", see models/FORMAT.md), sections:
 *   config   u32[8]: magic 'PRS1', format version (PARSER_FORMAT), feature
 *            templates version (PARSER_FEATS_VERSION), transition system
 *            (1 = arc-hybrid, ROOT last), n_labels, n_clusters, beam width
 *            (0 or 1: greedy; 2..PARSER_MAX_BEAM: the model was trained for
 *            beam search and is decoded with that width), 0
 *   labels   n_labels NUL-terminated relation names (UD DEPREL, subtypes
 *            included), in label-id order
 *   allow    u8[n_labels]: where a label was seen in training: bit 0 on a
 *            left arc, bit 1 on a right arc, bit 2 on the arc from ROOT;
 *            the parser only assigns a label where it was seen
 *   trans    the transition weights (3 classes: SHIFT LEFT RIGHT), packed
 *            from the perceptron export so that one probe finds a feature
 *            and its three weights in the same 8 bytes:
 *              u32 magic 'PTT1' | u32 n_slots (power of 2, >= 16) |
 *              f32 scale | u32 n_used (< n_slots)
 *              slots[n_slots] { u16 fingerprint (0 = empty), i16 w[3] }
 *            Slot positions are those of the perceptron export (linear
 *            probing from h & (n_slots-1)); the fingerprint is bits 48-63
 *            of the feature hash, | 1. It halves the memory traffic of the
 *            hot loop and the size of the table.
 *   label    perceptron blob, n_labels classes
 *   clusters word clusters (tag_util.h table: lower-cased form key ->
 *            cluster id < n_clusters; empty when trained without)
 */
#ifndef CASUS_SYNTAX_PARSE_MODEL_H
#define CASUS_SYNTAX_PARSE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "syntax/parse_feats.h"
#include "syntax/perceptron.h"
#include "syntax/syntax.h"
#include "util/model.h"

#define PARSER_MAGIC 0x31535250u /* "PRS1" */
#define PARSER_FORMAT 2
#define PARSER_TRANS_MAGIC 0x31545450u /* "PTT1" */
#define PARSER_SYSTEM_ARC_HYBRID 1
#define PARSER_MAX_LABELS 1024
#define PARSER_MAX_BEAM 64
/* Longer sentences are decoded greedily even by a beam model. */
#define PARSER_BEAM_MAX_WORDS 300

enum { PARSER_ALLOW_LEFT = 1, PARSER_ALLOW_RIGHT = 2, PARSER_ALLOW_ROOT = 4 };

/* The packed transition table (read in place). */
typedef struct parser_trans {
    uint32_t n_slots;
    float scale;
    const uint16_t *slots; /* 4 halves per slot: fingerprint, w[3] */
} parser_trans;

/* Checks blob[0..size) (4-byte aligned) and points t into it. Returns 0
 * or CASUS_ECORRUPT. */
int parser_trans_init(parser_trans *t, const void *blob, size_t size);
/* Packs a 3-class perceptron export (pcp_model_init'ed) into out. */
int parser_trans_pack(const pcp_model *m, buf *out);
/* scores[0..3) for features f[0..n) (n <= PARSER_MAX_TFEATS): the sums
 * pcp_model_score would give, up to float rounding and (rarely, 16-bit
 * fingerprints) a feature the model never saw taking a stored weight. */
void parser_trans_score(const parser_trans *t, const uint64_t *f, size_t n, float *scores);

struct parser {
    model_file file; /* the mapping (or the borrowed buffer) */
    parser_trans trans;
    pcp_model label;
    uint32_t n_labels;
    const char **labels; /* n_labels pointers into the labels section */
    const uint8_t *allow;
    tagger_table clusters;
    uint32_t n_clusters;
    int beam; /* decoding beam width (config word 6; 0 in the file = 1) */
};

/* ---- beam search (parse_beam.c) ---- */

/* Transition scores and arc labels for the search: the packed model at run
 * time, the trainer's current weights in training. label is called on the
 * configuration before the arc h -> d is made. */
typedef struct pbeam_scorer {
    void (*trans)(const void *ctx, const uint64_t *f, size_t n, float *scores);
    uint16_t (*label)(const void *ctx, const trans_state *s, const parser_word *words, int h,
                      int d);
    const void *ctx;
} pbeam_scorer;

/* One partial parse: its configuration, score, and the transitions and
 * labels that made it (ht/hl[0..steps)). */
typedef struct pbeam_item {
    trans_state st;
    double score;
    uint8_t *ht;
    uint16_t *hl;
} pbeam_item;

typedef struct pbeam_cand {
    double score;
    int item, t;
} pbeam_cand;

/* A beam of width k for sentences of up to n words. cur[0..m) are the
 * items after `steps` transitions, best first. */
typedef struct pbeam {
    int k, n, m, steps;
    pbeam_item *cur, *nxt;
    pbeam_cand *cand;
} pbeam;

/* Allocates a beam for one sentence of n words in mem and starts it.
 * Returns 0, CASUS_EINVAL or CASUS_ENOMEM. */
int pbeam_init(pbeam *b, int k, int n, arena *mem);
/* Back to the single initial configuration. */
void pbeam_start(pbeam *b);
/* Extends every item by every valid transition and keeps the k best. In
 * training, the extension of item gold_item by gold_t gets gold_label and
 * its new index is returned (-1 if it fell out of the beam, or if
 * gold_item is -1). */
int pbeam_step(pbeam *b, const pbeam_scorer *sc, const parser_word *words, int gold_item,
               int gold_t, uint16_t gold_label);

/* The best label for the arc h -> d among those seen in that position
 * (the decoder's rule). */
uint16_t parser_best_label(const parser *p, const trans_state *s, const parser_word *words,
                           int h, int d);

/* Checks and loads a parser model from data[0..size), which the caller keeps
 * alive (and 64-byte aligned) until parser_free. Caller frees with
 * parser_free. Errors as parser_load. */
int parser_load_buffer(parser **out, const void *data, size_t size, casus_error *err);

/* Number of relation labels of the model. */
size_t parser_n_labels(const parser *p);

/* Parser-specific training options (parser_train uses the defaults). */
typedef struct parser_train_opts {
    float min_abs;       /* prune averaged transition weights below this (1.0) */
    float label_min_abs; /* the same for the label model (1.5) */
    float explore;       /* probability of following the model's own wrong
                            transition after the first epoch (default 0.9) */
    int gold_tags;       /* 1: ignore tagger_path, train on treebank tags */
    int max_sents;       /* train on the first N sentences only (0: all) */
    int beam;            /* > 1: beam search with max-violation updates (1) */
    /* Word clusters ("word<TAB>id" lines, tag_cluster.h). NULL: those of
     * the tagger model at tagger_path if it has any, else none. */
    const char *clusters_path;
    /* Measuring the pruning: after the last epoch, report dev scores and
     * sizes with each of these min_abs values for the transition model
     * (NULL: none). */
    const float *sweep;
    int n_sweep;
    const float *label_sweep; /* the same for the label model */
    int n_label_sweep;
} parser_train_opts;

void parser_train_opts_default(parser_train_opts *po);
int parser_train_ex(const syntax_train_opts *o, const parser_train_opts *po, casus_error *err);

/* Parses with a model split into parts (used by training to evaluate
 * models that are not in a file yet); same contract as parser_parse. */
int parser_parse_words(const parser *p, const parser_word *words, size_t n,
                       int32_t *heads, uint16_t *labels, arena *scratch);

#endif
