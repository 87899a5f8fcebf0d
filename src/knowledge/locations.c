/*
 * locations.c — every place the article names, geocoded (knowledge.h).
 *
 * Spans come from two sources: the entity layer's place-name mentions
 * (type LOC, a name), resolved by geo_resolve (geo.c: same-named places
 * chosen by the article's countries and divisions, the mention's own code,
 * population and feature); and a dictionary scan of each sentence for
 * demonyms ("Iranian", which counts for Iran) and for country names NER
 * left untagged, the latter also through geo_resolve so that a city the
 * actor dictionary files under its country ("Aleppo") is the city. The
 * scan takes capitalised spans only ("a flag pole" is no Poland) and no
 * country name inside a longer person or place name ("Captain America",
 * "North America", "Hong Kong Island"; "Eastern Ukraine" stays Ukraine).
 * A LOC mention that is the surname of its entity's longest name ("Paris"
 * for "Valeska Paris") is skipped when that name is no place. A capital
 * used for its government ("Tehran warned ...") is still a place here.
 * Spans that name the same gazetteer place (same geonameid, or the same
 * country for a country) are grouped into one location, in order of first
 * mention; a country is named as the actor-code table names it, whichever
 * alias came first. Measured figures: docs/knowledge/places.md.
 */
#include <string.h>

#include "core/doc.h"
#include "entity/dict.h"
#include "entity/geo.h"
#include "knowledge/knowledge.h"

typedef struct item {
    casus_place place;
    casus_span span;
    const char *code; /* the mention's actor code, for a country's name */
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

/* Are words [from, to) of d all "Eastern", "northern"...? Such a name
 * ("Eastern Ukraine") is a part of the country, so the country stands. */
static int region_prefix(const casus_doc *d, size_t from, size_t to)
{
    static const char *const dirs[] = {"eastern", "western", "northern", "southern",
                                       "northeastern", "northwestern", "southeastern",
                                       "southwestern", "central"};
    if (from >= to)
        return 0;
    for (size_t i = from; i < to; i++) {
        const char *w = d->words[i].norm;
        int ok = 0;
        for (size_t k = 0; k < sizeof dirs / sizeof *dirs && !ok; k++) {
            size_t j = 0;
            while (dirs[k][j] && w[j] && (w[j] | 0x20) == dirs[k][j])
                j++;
            ok = !dirs[k][j] && !w[j];
        }
        if (!ok)
            return 0;
    }
    return 1;
}

/* Is mention m a place, or a surname? "Paris" for the woman "Valeska
 * Paris" (whom the entity layer may type LOC) is no place: its entity's
 * longest name ends with m's words, adds only proper nouns before them,
 * and is itself no place. verdict[] caches per entity whether that
 * longest name is a place (0 unknown, 1 yes, -1 no), so the gazetteer is
 * asked once per entity; the entity's mentions are looked at up to 64. */
static int entity_is_place(const casus_doc *d, const casus_mention *m,
                           const char (*countries)[4], size_t n_countries, int8_t *verdict)
{
    if (!verdict || !d->syn || m->entity < 0 || (size_t)m->entity >= d->n_entities)
        return 1;
    const casus_entity *e = &d->entities[m->entity];
    const casus_mention *longest = NULL;
    for (size_t i = 0; i < e->n_mentions && i < 64; i++) {
        if (e->mentions[i] >= d->n_mentions)
            continue;
        const casus_mention *o = &d->mentions[e->mentions[i]];
        if (o->kind == CASUS_MENTION_NAME && (!longest || o->n_words > longest->n_words))
            longest = o;
    }
    if (!longest || longest->n_words <= m->n_words)
        return 1;
    uint32_t extra = longest->n_words - m->n_words;
    for (uint32_t i = 0; i < m->n_words; i++)
        if (strcmp(d->words[longest->word + extra + i].norm, d->words[m->word + i].norm))
            return 1;
    for (uint32_t i = 0; i < extra; i++) {
        const char *u = d->syn[longest->word + i].upos;
        if (!u || strcmp(u, "PROPN"))
            return 1;
    }
    int8_t *v = &verdict[m->entity];
    if (!*v) {
        casus_place pl;
        *v = geo_resolve(d, longest, countries, n_countries, &pl) ? 1 : -1;
    }
    return *v > 0;
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
    int8_t *verdict = d->n_entities ? arena_array(&d->mem, d->n_entities, sizeof *verdict) : NULL;
    if (d->n_entities && !verdict)
        return CASUS_ENOMEM;
    if (verdict)
        memset(verdict, 0, d->n_entities * sizeof *verdict);
    size_t n = 0;
    for (size_t k = 0; k < d->n_mentions && n < d->n_words; k++) {
        const casus_mention *m = &d->mentions[k];
        if (m->type != 'L' || m->kind != CASUS_MENTION_NAME ||
            taken(items, n, m->start, m->end))
            continue;
        if (!entity_is_place(d, m, (const char (*)[4])countries, n_countries, verdict))
            continue;
        if (geo_resolve(d, m, (const char (*)[4])countries, n_countries, &items[n].place)) {
            items[n].span = (casus_span){m->start, m->end};
            items[n].code = m->code;
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
            size_t w = st->word + i;
            const casus_word *w0 = &d->words[w];
            const casus_word *w1 = &d->words[w + len - 1];
            i += len;
            /* names are capitalised: "a flag pole" names no Poland */
            const char *f = d->article->text + w0->start;
            if (w0->start >= d->article->text_len || !(*f >= 'A' && *f <= 'Z') ||
                taken(items, n, w0->start, w1->end))
                continue;
            /* a country's name inside a longer name of a place or person
             * ("North America", "Captain America", "Hong Kong Island") is
             * not that country; a demonym inside one still is ("Syrian
             * Democratic Forces") */
            const casus_mention *in = NULL;
            if (d->word_mention && d->word_mention[w] >= 0 &&
                (size_t)d->word_mention[w] < d->n_mentions)
                in = &d->mentions[d->word_mention[w]];
            int inside = in && (in->type == 'L' || in->type == 'P') &&
                         (in->start != w0->start || in->end != w1->end) &&
                         !(in->start < w0->start && in->end == w1->end &&
                           region_prefix(d, in->word, w));
            for (size_t e = 0; e < em.n_entries; e++) {
                const edict_entry *en = em.entries[e];
                if (!en->code)
                    continue;
                if (en->kind == EDICT_DEMONYM &&
                    geo_country_place(d, en->code, &items[n].place)) {
                    items[n].span = (casus_span){w0->start, w1->end};
                    items[n].code = NULL;
                    n++;
                    break;
                }
                if (en->kind == EDICT_COUNTRY && !inside) {
                    /* as a mention coded with the country, so that a city the
                     * actor dictionary files under it ("Aleppo") is the city */
                    casus_mention pm = {0};
                    pm.start = w0->start;
                    pm.end = w1->end;
                    pm.word = (uint32_t)w;
                    pm.n_words = (uint32_t)len;
                    pm.sentence = (uint32_t)s;
                    pm.type = 'L';
                    pm.kind = CASUS_MENTION_NAME;
                    pm.code = en->code;
                    pm.entity = -1;
                    if (geo_resolve(d, &pm, (const char (*)[4])countries, n_countries,
                                    &items[n].place)) {
                        items[n].span = (casus_span){w0->start, w1->end};
                        items[n].code = en->code;
                        n++;
                    }
                    break;
                }
            }
        }
    }
    /* one name per country, the actor-code table's, whichever alias came
     * first ("U.S." and "United States" are both "United States") */
    for (size_t i = 0; i < n; i++) {
        casus_place *pl = &items[i].place;
        casus_place named;
        char c3[4];
        if (pl->geonameid || !pl->feature || strcmp(pl->feature, "country") || !items[i].code ||
            strlen(items[i].code) < 3)
            continue;
        memcpy(c3, items[i].code, 3);
        c3[3] = 0;
        if (geo_country_place(d, c3, &named) && !strcmp(named.country, pl->country))
            pl->name = named.name;
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
