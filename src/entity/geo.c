/*
 * geo.c — resolving a place mention to the gazetteer (geo_resolve).
 *
 * The candidates are the GeoNames places whose name is exactly the
 * mention's words (edict_longest_place over dict/places.txt). Among
 * same-named places the choice follows what the article says: a place in
 * the country the mention itself is coded with (a capital "Tehran" is
 * IRN), then in a country the article names, then the larger place, a
 * capital or a first-level division's seat winning ties ("Paris" in a
 * Texas story is Paris, Texas only when the story names the United
 * States and not France). A country name resolves to the country itself,
 * without coordinates (the gazetteer holds no centroids).
 */
#include "entity/geo.h"

#include <math.h>
#include <string.h>

#include "core/doc.h"
#include "entity/dict.h"
#include "entity/entity_int.h"
#include "event/cameo.h"

/* The ISO 3166 alpha-2 code of CAMEO country code c3 ("IRN" -> "IR"),
 * from the pipeline's actor-code units, or c3 itself. */
static void country_code(const casus_pipeline *p, const char *c3, char out[4])
{
    memcpy(out, c3, 3);
    out[3] = 0;
    const char *desc = p ? cameo_unit_desc(p->units, c3) : NULL;
    const char *iso2 = desc ? strstr(desc, "ISO2=") : NULL;
    if (iso2 && iso2[5] && iso2[6] && (iso2[7] == ' ' || !iso2[7])) {
        out[0] = iso2[5];
        out[1] = iso2[6];
        out[2] = 0;
    }
}

static int in_list(const char *c3, const char (*list)[4], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!memcmp(list[i], c3, 3))
            return 1;
    return 0;
}

int geo_resolve(const casus_doc *d, const casus_mention *m, const char (*countries)[4],
                size_t n_countries, casus_place *out)
{
    memset(out, 0, sizeof *out);
    const casus_pipeline *p = d->pipeline;
    const edict *dict = p ? p->dict : NULL;
    if (!dict || !m->n_words || m->n_words > 16)
        return 0;
    const char *norms[16];
    for (uint32_t i = 0; i < m->n_words; i++)
        norms[i] = d->words[m->word + i].norm;
    char own[4] = "";
    if (m->code && strlen(m->code) >= 3 && !ent_is_role(m->code)) {
        memcpy(own, m->code, 3);
        own[3] = 0;
    }
    /* a country name is the country */
    edict_match em;
    if (edict_longest(dict, norms, m->n_words, 0, &em) == m->n_words)
        for (size_t i = 0; i < em.n_entries; i++)
            if (em.entries[i]->kind == EDICT_COUNTRY && em.entries[i]->code) {
                out->found = 1;
                out->name = em.entries[i]->name;
                country_code(p, em.entries[i]->code, out->country);
                out->feature = "country";
                return 1;
            }
    if (edict_longest_place(dict, norms, m->n_words, 0, &em) != m->n_words)
        return 0;
    const edict_entry *best = NULL;
    double best_score = -1e9;
    for (size_t i = 0; i < em.n_entries; i++) {
        const edict_entry *e = em.entries[i];
        if (!e->geo || !e->code)
            continue;
        double score = e->geo->population > 0 ? log10((double)e->geo->population + 1) : 0;
        /* the article's countries outweigh the dictionary's default code of
         * a capital ("Paris" in a story that names only the United States) */
        if (own[0] && !strncmp(e->code, own, 3))
            score += 3;
        if (in_list(e->code, countries, n_countries))
            score += 8;
        if (e->geo->feature && (!strcmp(e->geo->feature, "PPLC") || !strcmp(e->geo->feature, "PPLA")))
            score += 1;
        if (score > best_score) {
            best_score = score;
            best = e;
        }
    }
    if (!best)
        return 0;
    out->found = 1;
    out->name = best->name;
    country_code(p, best->code, out->country);
    out->admin1 = best->geo->admin1;
    out->has_coords = best->geo->has_coords;
    out->lat = best->geo->lat;
    out->lon = best->geo->lon;
    out->geonameid = best->geo->id;
    out->feature = best->geo->feature ? best->geo->feature : "";
    return 1;
}

/* The country of the most populous place named exactly by mention m
 * ("Texas" -> USA), or NULL. */
static const char *place_country(const casus_doc *d, const casus_mention *m)
{
    const edict *dict = d->pipeline ? d->pipeline->dict : NULL;
    if (!dict || !m->n_words || m->n_words > 16)
        return NULL;
    const char *norms[16];
    for (uint32_t i = 0; i < m->n_words; i++)
        norms[i] = d->words[m->word + i].norm;
    edict_match em;
    if (edict_longest_place(dict, norms, m->n_words, 0, &em) != m->n_words)
        return NULL;
    /* only a first-level division is evidence of its country: a city's
     * name is the very ambiguity being resolved */
    const edict_entry *best = NULL;
    for (size_t i = 0; i < em.n_entries; i++) {
        const edict_entry *e = em.entries[i];
        if (e->geo && e->code && e->geo->feature && !strncmp(e->geo->feature, "ADM1", 4) &&
            (!best || e->geo->population > best->geo->population))
            best = e;
    }
    return best ? best->code : NULL;
}

/* Is mention m exactly a country's name? */
static int names_country(const casus_doc *d, const casus_mention *m)
{
    const edict *dict = d->pipeline ? d->pipeline->dict : NULL;
    if (!dict || !m->n_words || m->n_words > 16)
        return 0;
    const char *norms[16];
    for (uint32_t i = 0; i < m->n_words; i++)
        norms[i] = d->words[m->word + i].norm;
    edict_match em;
    if (edict_longest(dict, norms, m->n_words, 0, &em) != m->n_words)
        return 0;
    for (size_t i = 0; i < em.n_entries; i++)
        if (em.entries[i]->kind == EDICT_COUNTRY)
            return 1;
    return 0;
}

size_t geo_article_countries(const casus_doc *d, char (*out)[4], size_t cap)
{
    size_t n = 0;
    for (size_t k = 0; k < d->n_mentions && n < cap; k++) {
        const casus_mention *m = &d->mentions[k];
        const char *c = m->code;
        /* a place mention counts by what it is, a country or a division,
         * not by the country a capital's entry gives it */
        if (m->type == 'L' && m->kind == CASUS_MENTION_NAME && !names_country(d, m))
            c = place_country(d, m);
        if (!c || strlen(c) < 3 || ent_is_role(c) || !strncmp(c, "IGO", 3) ||
            !strncmp(c, "NGO", 3) || !strncmp(c, "IMG", 3))
            continue;
        if (in_list(c, (const char (*)[4])out, n))
            continue;
        memcpy(out[n], c, 3);
        out[n][3] = 0;
        n++;
    }
    return n;
}

int geo_country_place(casus_doc *d, const char *c3, casus_place *out)
{
    memset(out, 0, sizeof *out);
    const casus_pipeline *p = d->pipeline;
    if (!p || !c3 || strlen(c3) < 3)
        return 0;
    const char *kind = cameo_unit_kind(p->units, c3);
    const char *desc = cameo_unit_desc(p->units, c3);
    if (!kind || !strstr(kind, "country") || !desc)
        return 0;
    size_t n = strcspn(desc, "|");
    while (n && desc[n - 1] == ' ')
        n--;
    char *name = arena_strndup(&d->mem, desc, n);
    if (!name)
        return 0;
    for (char *c = name; *c; c++)
        if (*c == '_')
            *c = ' ';
    out->found = 1;
    out->name = name;
    country_code(p, c3, out->country);
    out->feature = "country";
    return 1;
}
