/*
 * ner.h — named-entity recognition inside the library: the model
 * (ner.c), its trainer (ner_train.c), span scoring (ner_eval.c) and the
 * pipeline step (ner_stage.c). Tags use the public encoding of casus.h
 * (0 = O, 2t-1 = B-t, 2t = I-t).
 */
#ifndef CASUS_ENTITY_NER_H
#define CASUS_ENTITY_NER_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "util/arena.h"

typedef struct ner_model ner_model;

/* One sentence as the model sees it. norms are the words' normalised
 * forms (casus_word.norm); upos/xpos the tagger's tags or NULL; gaz the
 * gazetteer bits of each word (dict.h's edict_gazetteer) or NULL. All
 * borrowed for the call. */
typedef struct ner_sentence {
    const char *const *norms;
    const char *const *upos;
    const char *const *xpos;
    const uint16_t *gaz;
    size_t n;
} ner_sentence;

/* Loads the model at path (container kind "ner"). Caller frees with
 * ner_free. Errors name the file. */
int ner_load(ner_model **out, const char *path, casus_error *err);
/* The same over a buffer the caller keeps alive (tests, fuzzing); buf
 * must be 64-byte aligned. */
int ner_load_buffer(ner_model **out, const void *data, size_t size, casus_error *err);
void ner_free(ner_model *m);

/* Feature groups a model was trained with (meta word 3). */
enum {
    NER_F_POS = 1,      /* the tagger's UPOS/XPOS */
    NER_F_CLUSTERS = 2, /* word clusters (the "clusters" table) */
    NER_F_GAZ = 4,      /* gazetteer bits from the dictionaries */
    NER_F_NEWS = 8,     /* the table also holds news capitalisation classes */
    NER_F_PLACES = 16,  /* place gazetteer and name-word classes (ner_gazetteer) */
    NER_F_ALL = 31
};
uint32_t ner_features(const ner_model *m);

/* Tags the n words of s into tags[0..n) (a valid IOB2 sequence: Viterbi
 * under the B/I constraint). scratch gives temporary memory. Returns 0 or
 * CASUS_ENOMEM. */
int ner_tag(const ner_model *m, const ner_sentence *s, uint8_t *tags, arena *scratch);

/* Document-level label consistency (ner.c), run after every sentence of
 * a document is tagged. The names the tagger found in the document are
 * each span's word sequence and the first and last words of every
 * multi-word PER span ("Ri" of "Ri Yong Ho"); an occurrence of a found
 * name (same normalised words, within one sentence) whose words are all O
 * is tagged as that name, with the type its spans got most often (ties:
 * the first; a name known only as part of a person's name is PER), the
 * longest name first. norms and tags cover the document's n words;
 * first[i] is 1 when word i starts a sentence. Returns 0 or CASUS_ENOMEM
 * (tags unchanged). */
int ner_doc_consistency(const char *const *norms, const uint8_t *first, size_t n, uint8_t *tags);

/* ---- spans and scores (ner_eval.c) ---- */

typedef struct ner_span {
    uint32_t first, last; /* word indices, inclusive */
    uint8_t type;         /* CASUS_NER_PER .. LOC */
} ner_span;

/* The spans of tags[0..n), read as conlleval does (an I tag that does not
 * continue a span of its own type opens one), into out (room for n).
 * Returns the number of spans. */
size_t ner_spans(const uint8_t *tags, size_t n, ner_span *out);
/* Adds the strict span counts of one sentence (gold vs system tags) to sc. */
int ner_score_sentence(const uint8_t *gold, const uint8_t *sys, size_t n, casus_ner_scores *sc);

/* ---- training (ner_train.c) ---- */

struct syntax_train_opts;
/* Trains on o->train_path (IOB2), keeps the epoch with the best dev span
 * F1 and writes o->out_path. o->tagger_path: the tagger whose UPOS/XPOS
 * become features (NULL: the default models folder's tagger.bin; "none":
 * no POS features). o->unlabeled_path: a clusters file ("word<TAB>id"
 * lines, e.g. made by train_syntax_tl clusters) or plain text to learn
 * k = 1024 clusters from; NULL: no clusters. Deterministic. */
int ner_train(const struct syntax_train_opts *o, casus_error *err);

/* ---- pipeline (ner_stage.c) ---- */

struct edict;
/* Loads and compiles the dictionaries in dir into *out (caller frees with
 * edict_free). A missing dir is not an error: *out stays NULL. */
int ner_load_dict(struct edict **out, const char *dir, casus_error *err);

/* The NER gazetteer value of each of the n words into out[0..n):
 *   bits 0-7   edict_gazetteer's bits (class and position of the longest
 *              actor/country/person/agent name covering the word)
 *   bits 8-10  0, or 1 + the position (0 inner, 1 first, 2 last, 3 single)
 *              of the longest GeoNames place name covering it
 *   bits 12-15 edict_word_class without EDICT_W_SURNAME (given name,
 *              organisation head, place head)
 * d may be NULL (all 0). Used by the trainer and the pipeline alike. */
void ner_gazetteer(const struct edict *d, const char *const *norms, size_t n, uint16_t *out);

/* Loads ner.bin from models_dir and the dictionaries (when the gazetteer
 * is available) into p. */
int ner_stage_load(casus_pipeline *p, const char *models_dir, const char *dict_dir,
                   casus_error *err);
void ner_stage_unload(casus_pipeline *p);
/* Tags every sentence of d into d->ner (needs the syntax layer). */
int ner_process(casus_doc *d, casus_error *err);
/* Tags one pre-tokenised sentence (normalised forms) with p's tagger,
 * dictionaries and NER model, as ner_process would. Returns 0,
 * CASUS_EINVAL (no NER model) or CASUS_ENOMEM. */
int ner_tag_words(const casus_pipeline *p, const char *const *norms, size_t n, uint8_t *tags,
                  arena *mem);

#endif
