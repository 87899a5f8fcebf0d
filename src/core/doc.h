/*
 * doc.h — the document and pipeline internals shared by the stages.
 *
 * A document holds its article (borrowed), one arena for every layer, and
 * the layers themselves. Each stage reads what earlier stages wrote and
 * adds its own; none reaches back up.
 */
#ifndef CASUS_CORE_DOC_H
#define CASUS_CORE_DOC_H

#include "casus.h"
#include "util/arena.h"

struct tagger;
struct lemmatizer;
struct parser;
struct ner_model;
struct edict;
struct cameo_table;
struct surname_index;
struct cameo_units;
struct pattern_set;
struct kn_dict;

struct casus_pipeline {
    casus_pipeline_opts opts; /* models_dir is not kept */
    struct tagger *tagger;    /* NULL unless the syntax stage runs */
    struct lemmatizer *lemmatizer;
    struct parser *parser;
    struct ner_model *ner; /* NULL unless the entity stage runs */
    struct edict *dict;    /* entity stage: the dictionaries, or NULL without dict/ */
    struct surname_index *surnames; /* entity stage: people by surname (surname.c) */
    struct cameo_table *cameo;      /* event stage: CAMEO codes (dict/cameo) */
    struct cameo_units *units;      /* event stage: actor code units (dict/cameo) */
    struct pattern_set *patterns;   /* event stage: the event patterns (dict/events) */
    struct kn_dict *knowledge;      /* knowledge stage: themes and tone lexicon (dict/) */
};

struct casus_doc {
    const casus_article *article; /* borrowed */
    const casus_pipeline *pipeline;
    arena mem; /* owns every layer below */

    /* text layer (src/text) */
    casus_token *tokens;
    size_t n_tokens;
    casus_word *words;
    size_t n_words;
    casus_sentence *sentences;
    size_t n_sentences;

    /* syntax layer (src/syntax): parallel to words, NULL when not run */
    casus_word_syntax *syn;

    /* entity layer (src/entity): parallel to words, NULL when not run.
     * ner[i] is word i's NER tag: 0 = O, 2t-1 = B-t, 2t = I-t for type t
     * (CASUS_NER_PER 1, ORG 2, LOC 3), always a valid IOB2 sequence
     * within each sentence (ner_stage.c). */
    uint8_t *ner;

    /* entity layer: mentions, entities (src/entity/entity.c, coref.c) and,
     * per word, the smallest mention covering it (-1: none); NULL/0 when
     * the stage did not run */
    casus_mention *mentions;
    size_t n_mentions;
    casus_entity *entities;
    size_t n_entities;
    int32_t *word_mention;

    /* event layer (src/event/coder.c), in text order */
    casus_event *events;
    size_t n_events;

    /* knowledge layer (src/knowledge), each in text order; NULL/0 when the
     * stage did not run (has_tone 0) */
    casus_quote *quotes;
    size_t n_quotes;
    casus_count *counts;
    size_t n_counts;
    casus_amount *amounts;
    size_t n_amounts;
    casus_date_expr *dates;
    size_t n_dates;
    casus_location *locations;
    size_t n_locations;
    casus_theme_hit *themes;
    size_t n_themes;
    casus_tone tone;
    int has_tone;
};

#endif
