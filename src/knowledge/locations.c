/*
 * locations.c — every place the article names, geocoded (knowledge.h).
 *
 * Spans come from two sources: the entity layer's place-name mentions
 * (type LOC, a name), resolved by geo_resolve among same-named places by
 * the article's countries, the mention's own code and population; and a
 * dictionary scan of each sentence for demonyms ("Iranian", which counts
 * for Iran) and for country names NER left untagged. A capital used for
 * its government ("Tehran warned ...") is still a place here. Spans that
 * name the same gazetteer place (same geonameid, or the same country for
 * a country) are grouped into one location, in order of first mention.
 */
#include <string.h>

#include "core/doc.h"
#include "entity/dict.h"
#include "entity/geo.h"
#include "knowledge/knowledge.h"

typedef struct item {
    casus_place place;
    casus_span span;
    size_t group;
} item;

static int same_place(const casus_place *a, const casus_place *b)
{
    if (a->geonameid || b->geonameid)
        return a->geonameid == b->geonameid;
    return !strcmp(a->country, b->country) && a->feature && b->feature &&
           !strcmp(a->feature, b->feature);
}

/* Does [start, end) overlap a span already taken? */
static int taken(const item *items, size_t n, uint32_t start, uint32_t end)
{
    for (size_t i = 0; i < n; i++)
        if (start < items[i].span.end && items[i].span.start < end)
            return 1;
    return 0;
}

int kn_locations(casus_doc *d)
{
    const casus_pipeline *p = d->pipeline;
    if (!p || !p->dict || !d->n_words)
        return 0;
    /* at most one item per word */
    item *items = arena_array(&d->mem, d->n_words, sizeof *items);
    const char **norms = arena_array(&d->mem, d->n_words, sizeof *norms);
    if (!items || !norms)
        return CASUS_ENOMEM;
    for (size_t i = 0; i < d->n_words; i++)
        norms[i] = d->words[i].norm;
    char countries[32][4];
    size_t n_countries = geo_article_countries(d, countries, 32);
    size_t n = 0;
    for (size_t k = 0; k < d->n_mentions && n < d->n_words; k++) {
        const casus_mention *m = &d->mentions[k];
        if (m->type != 'L' || m->kind != CASUS_MENTION_NAME ||
            taken(items, n, m->start, m->end))
            continue;
        if (geo_resolve(d, m, (const char (*)[4])countries, n_countries, &items[n].place)) {
            items[n].span = (casus_span){m->start, m->end};
            n++;
        }
    }
    for (size_t s = 0; s < d->n_sentences; s++) {
        const casus_sentence *st = &d->sentences[s];
        const char *const *sn = norms + st->word;
        for (size_t i = 0; i < st->n_words && n < d->n_words;) {
            edict_match em;
            size_t len = edict_longest(p->dict, sn, st->n_words, i, &em);
            if (!len) {
                i++;
                continue;
            }
            const casus_word *w0 = &d->words[st->word + i];
            const casus_word *w1 = &d->words[st->word + i + len - 1];
            for (size_t e = 0; e < em.n_entries; e++) {
                const edict_entry *en = em.entries[e];
                if ((en->kind != EDICT_DEMONYM && en->kind != EDICT_COUNTRY) || !en->code ||
                    taken(items, n, w0->start, w1->end))
                    continue;
                if (geo_country_place(d, en->code, &items[n].place)) {
                    items[n].span = (casus_span){w0->start, w1->end};
                    n++;
                    break;
                }
            }
            i += len;
        }
    }
    if (!n)
        return 0;
    /* text order, then groups in order of first mention */
    for (size_t i = 1; i < n; i++) {
        item t = items[i];
        size_t j = i;
        for (; j && items[j - 1].span.start > t.span.start; j--)
            items[j] = items[j - 1];
        items[j] = t;
    }
    size_t n_groups = 0;
    size_t *first = arena_array(&d->mem, n, sizeof *first);
    size_t *count = arena_array(&d->mem, n, sizeof *count);
    if (!first || !count)
        return CASUS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t g = 0;
        while (g < n_groups && !same_place(&items[first[g]].place, &items[i].place))
            g++;
        if (g == n_groups) {
            first[g] = i;
            count[g] = 0;
            n_groups++;
        }
        items[i].group = g;
        count[g]++;
    }
    casus_location *locs = arena_array(&d->mem, n_groups, sizeof *locs);
    casus_span *spans = arena_array(&d->mem, n, sizeof *spans);
    if (!locs || !spans)
        return CASUS_ENOMEM;
    size_t at = 0;
    for (size_t g = 0; g < n_groups; g++) {
        locs[g].place = items[first[g]].place;
        locs[g].mentions = spans + at;
        locs[g].n_mentions = 0;
        at += count[g];
    }
    for (size_t i = 0; i < n; i++) {
        casus_location *l = &locs[items[i].group];
        ((casus_span *)l->mentions)[l->n_mentions++] = items[i].span;
    }
    d->locations = locs;
    d->n_locations = n_groups;
    return 0;
}
