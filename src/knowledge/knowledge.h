/*
 * knowledge.h — the knowledge stage (src/knowledge): what GDELT's Global
 * Knowledge Graph holds for an article, on top of the text, syntax and
 * entity layers. knowledge.c runs the extractors in order; each extractor
 * lives in its own file and fills its own arrays of the document
 * (core/doc.h), allocated in the document's arena, in text order.
 */
#ifndef CASUS_KNOWLEDGE_H
#define CASUS_KNOWLEDGE_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"

struct casus_pipeline;
struct casus_doc;
struct kn_themes;
struct kn_lexicon;

/* The knowledge stage's dictionaries, shared and immutable. */
struct kn_dict {
    struct kn_themes *themes; /* dict/themes (themes.c) */
    struct kn_lexicon *tone;  /* dict/tone (tone.c) */
};

/* Loads the stage's dictionaries from dict_dir into p->knowledge. A
 * missing dictionary folder leaves that layer empty; a malformed file is an
 * error naming file:line. */
int knowledge_load(struct casus_pipeline *p, const char *dict_dir, casus_error *err);
void knowledge_unload(struct casus_pipeline *p);

/* Runs every extractor on d (after the entity stage; events are used when
 * present). Returns 0, CASUS_ENOMEM or CASUS_ETOOBIG. */
int knowledge_process(struct casus_doc *d, casus_error *err);

/* ------------------------------------------------------------ extractors
 * Each fills its arrays of d (d->quotes, ...) and returns 0, or
 * CASUS_ENOMEM / CASUS_ETOOBIG when the arena refuses. */

int kn_quotes(struct casus_doc *d);    /* quotes.c: d->quotes */
int kn_counts(struct casus_doc *d);    /* counts.c: d->counts and d->amounts */
int kn_dates(struct casus_doc *d);     /* dates.c: d->dates */
int kn_locations(struct casus_doc *d); /* locations.c: d->locations */
int kn_themes(struct casus_doc *d);    /* themes.c: d->themes */
int kn_tone(struct casus_doc *d);      /* tone.c: d->tone, d->has_tone */

/* The words [*lo, *hi) of sentence k of d, clipped to d's words. */
void kn_sentence_span(const struct casus_doc *d, size_t k, uint32_t *lo, uint32_t *hi);

/* ------------------------------------------------------------ dictionaries */

/* themes.c: dict/themes/ *.txt; *out NULL (no error) when the folder is
 * missing. */
int kn_themes_load(struct kn_themes **out, const char *dict_dir, casus_error *err);
void kn_themes_free(struct kn_themes *t);
size_t kn_themes_count(const struct kn_themes *t); /* distinct themes */

/* tone.c: dict/tone/ *.txt; *out NULL (no error) when the folder is
 * missing. */
int kn_tone_load(struct kn_lexicon **out, const char *dict_dir, casus_error *err);
void kn_tone_free(struct kn_lexicon *l);

#endif
