/*
 * knowledge.c — the knowledge stage (knowledge.h): loading its
 * dictionaries, running its extractors, and the public accessors of the
 * layer (casus_doc_quotes, ...).
 */
#include "knowledge/knowledge.h"

#include <stdlib.h>

#include "core/doc.h"
#include "util/error.h"

int knowledge_load(casus_pipeline *p, const char *dict_dir, casus_error *err)
{
    struct kn_dict *k = calloc(1, sizeof *k);
    if (!k)
        return error_set(err, CASUS_ENOMEM, "knowledge: out of memory");
    p->knowledge = k;
    int rc = kn_themes_load(&k->themes, dict_dir, err);
    if (!rc)
        rc = kn_tone_load(&k->tone, dict_dir, err);
    return rc;
}

void knowledge_unload(casus_pipeline *p)
{
    if (!p->knowledge)
        return;
    kn_themes_free(p->knowledge->themes);
    kn_tone_free(p->knowledge->tone);
    free(p->knowledge);
    p->knowledge = NULL;
}

int knowledge_process(casus_doc *d, casus_error *err)
{
    /* in the order of the CASUS_LAYER_* bits */
    int (*const steps[])(casus_doc *) = {kn_quotes,    kn_counts, kn_dates,
                                         kn_locations, kn_themes, kn_tone};
    unsigned layers = d->pipeline->opts.layers ? d->pipeline->opts.layers : CASUS_LAYER_ALL;
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (!(layers & (1u << i)))
            continue;
        int rc = steps[i](d);
        if (rc)
            return error_set(err, rc, "%s: knowledge layer: %s", d->article->id,
                             rc == CASUS_ENOMEM ? "out of memory" : "document too big");
    }
    return 0;
}

const casus_quote *casus_doc_quotes(const casus_doc *d, size_t *n)
{
    *n = d->n_quotes;
    return d->quotes;
}

const casus_count *casus_doc_counts(const casus_doc *d, size_t *n)
{
    *n = d->n_counts;
    return d->counts;
}

const casus_amount *casus_doc_amounts(const casus_doc *d, size_t *n)
{
    *n = d->n_amounts;
    return d->amounts;
}

const casus_date_expr *casus_doc_dates(const casus_doc *d, size_t *n)
{
    *n = d->n_dates;
    return d->dates;
}

const casus_location *casus_doc_locations(const casus_doc *d, size_t *n)
{
    *n = d->n_locations;
    return d->locations;
}

const casus_theme_hit *casus_doc_themes(const casus_doc *d, size_t *n)
{
    *n = d->n_themes;
    return d->themes;
}

const casus_tone *casus_doc_tone(const casus_doc *d)
{
    return d->has_tone ? &d->tone : NULL;
}

void kn_sentence_span(const struct casus_doc *d, size_t k, uint32_t *lo, uint32_t *hi)
{
    const casus_sentence *st = &d->sentences[k];
    *lo = st->word;
    *hi = st->word + st->n_words;
    if (*hi > d->n_words)
        *hi = (uint32_t)d->n_words;
}
