/*
 * entity.h — the entity layer after NER: mentions, their CAMEO actor codes
 * and coreference within one article.
 *
 * entity_build is a pure function of one document's text, syntax and NER
 * layers, the article date and the dictionaries; everything it makes lives
 * in the caller's arena. It is written against plain arrays (entity_input)
 * rather than a casus_doc so that tests can drive it with hand-made trees.
 */
#ifndef CASUS_ENTITY_ENTITY_H
#define CASUS_ENTITY_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "entity/dict.h"
#include "util/arena.h"

/* NER tags as the NER stage writes them per word: 0 = O, then B and I for
 * each type in the order PER, ORG, LOC (1 B-PER, 2 I-PER, 3 B-ORG, ...). */
enum { ENT_NER_O = 0, ENT_NER_B_PER = 1, ENT_NER_N_TAGS = 7 };

typedef struct entity_input {
    const char *text;                 /* the article text (offsets index it) */
    const casus_word *words;          /* n_words */
    size_t n_words;
    const casus_word_syntax *syn;     /* parallel to words */
    const casus_sentence *sentences;  /* n_sentences */
    size_t n_sentences;
    const uint8_t *ner;               /* parallel to words, or NULL */
    int32_t date;                     /* article date as yyyymmdd, 0 if unknown */
    const edict *dict;                /* or NULL: names from NER only, no codes */
    const struct surname_index *surnames; /* people by surname, or NULL */
} entity_input;

typedef struct entity_layer {
    casus_mention *mentions; /* in text order */
    size_t n_mentions;
    casus_entity *entities; /* in order of first mention */
    size_t n_entities;
    int32_t *word_mention; /* per word: the smallest mention covering it, or -1 */
} entity_layer;

/* Finds the mentions of in, codes them and links them into entities.
 * Everything in *out is owned by mem. Returns 0 or CASUS_ENOMEM. */
int entity_build(const entity_input *in, arena *mem, entity_layer *out);

struct casus_doc;
struct casus_pipeline;

/* Loads the dictionaries of dir (casus format; a missing dir leaves none)
 * and the PETRARCH-format files of opts (actor_files, agent_files; bad lines
 * to opts->report) into p->dict. Returns 0 or an error naming the file. */
int entity_dict_load(struct casus_pipeline *p, const char *dir, const casus_pipeline_opts *opts,
                     casus_error *err);
/* Frees what entity_dict_load made besides p->dict (which ner_stage_unload frees). */
void entity_dict_unload(struct casus_pipeline *p);

/* The pipeline's step: fills the document's entity layer (after NER).
 * Returns 0 or CASUS_ETOOBIG with err set. */
int entity_process(struct casus_doc *d, casus_error *err);

/* The yyyymmdd integer of a "YYYY-MM-DD" date, or 0. */
int32_t entity_date_int(const char *date);

#endif
