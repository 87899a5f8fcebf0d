/*
 * tag_cluster.h — word clusters for the tagger: built from unlabelled
 * text (tag_cluster.c), stored as a "word<TAB>cluster" text file, and
 * compiled into the tagger model's "clusters" section by the trainer.
 */
#ifndef CASUS_SYNTAX_TAG_CLUSTER_H
#define CASUS_SYNTAX_TAG_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "syntax/tag_util.h"
#include "util/buf.h"

/* Reads a clusters file (one "word<TAB>id" per line, id a decimal number
 * below 2^24; words are lowercased as the tagger does) and appends the
 * table section (tag_util.h layout: lower-form key -> id) to out;
 * *n_clusters gets max id + 1. Errors name path:line. */
int tagger_cluster_section(const char *path, uint32_t *n_clusters, buf *out, casus_error *err);

/* Builds clusters from the plain text at text_path (tokenised by casus's
 * own tokeniser, lowercased) and writes the clusters file out_path.
 * Words seen at least min_count times are clustered into k clusters by
 * k-means over their left/right neighbour distributions; the result
 * depends only on the text and seed. progress may be NULL. */
int tagger_cluster_build(const char *text_path, const char *out_path, uint32_t k,
                         uint32_t min_count, uint64_t seed,
                         void (*progress)(void *ctx, const char *line), void *ctx,
                         casus_error *err);

/* Like tagger_cluster_build, into out (lower-form key -> cluster id)
 * instead of a file. */
int tagger_cluster_learn(const char *text_path, uint32_t k, uint32_t min_count, uint64_t seed,
                         void (*progress)(void *ctx, const char *line), void *ctx, tagger_map *out,
                         casus_error *err);

/* Reads a clusters file into out (lower-form key -> id); *n_clusters gets
 * max id + 1. Errors name path:line. */
int tagger_cluster_read(const char *path, tagger_map *out, uint32_t *n_clusters, casus_error *err);

#endif
