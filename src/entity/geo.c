/*
 * geo.c — resolving a place mention to the gazetteer (geo_resolve).
 *
 * The candidates are the GeoNames places whose name is exactly the
 * mention's words (edict_longest_place over dict/places.txt). A country's
 * own name resolves to the country (no coordinates: the gazetteer holds no
 * centroids); a city or region that the CAMEO actor dictionary files under
 * its country ("Aleppo", "Texas") resolves to the gazetteer place of that
 * country when there is one, and to the country only when there is none.
 *
 * Among same-named places the score is: log10(population) (a first-level
 * division counts as a million people), +3 in the country the mention is
 * coded with, +2 in a country the article names, +10 when the text says
 * where ("Irving, Texas"; "Seattle, Washington" and "Governor of
 * Washington" for the division itself), +5 in a division another place
 * mention names (a "Paris" in a story that names Texas; not when the name
 * is itself a division in play: "Oregon" is the state, not Oregon, Ohio),
 * +2 a capital, +1 a first-level seat. Before scoring, a candidate with no
 * evidence (not in the mention's country, not in a country the article
 * names, not placed by the text) is dropped when it matched by an
 * alternate name ("White House" is an alternate of Casablanca) or when the
 * article names countries and it is neither a capital nor a city of a
 * million people ("Batman" in a comics story, "the North" in Korea).
 * Lookups are bounded: the article scan for named divisions reads at most
 * MAX_SCAN place mentions, so a call costs O(1) in the document's size.
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

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Is the original text of [start, end) the name itself, ASCII case
 * folded, a leading "the " aside? A name with non-ASCII letters
 * ("Dārayyā") is taken as matched: its ASCII spelling is the same name. */
static int text_is_name(const casus_doc *d, uint32_t start, uint32_t end, const char *name)
{
    const casus_article *a = d->article;
    if (!a || !a->text || end > a->text_len || start >= end || !name)
        return 0;
    const char *t = a->text + start;
    size_t n = end - start;
    if (n > 4 && lower(t[0]) == 't' && lower(t[1]) == 'h' && lower(t[2]) == 'e' && t[3] == ' ' &&
        lower(name[0]) != 't') {
        t += 4;
        n -= 4;
    }
    size_t k = 0;
    for (; k < n && name[k]; k++) {
        if ((unsigned char)name[k] >= 0x80)
            return 1;
        if (lower((unsigned char)t[k]) != lower((unsigned char)name[k]))
            return 0;
    }
    for (size_t j = k; name[j]; j++)
        if ((unsigned char)name[j] >= 0x80)
            return 1;
    return k == n && !name[k];
}

/* The normalised words of mention m into norms[16]; 0 when m is empty or
 * longer than 16 words. */
static int mention_norms(const casus_doc *d, const casus_mention *m, const char *norms[16])
{
    if (!m->n_words || m->n_words > 16 || (size_t)m->word + m->n_words > d->n_words)
        return 0;
    for (uint32_t i = 0; i < m->n_words; i++)
        norms[i] = d->words[m->word + i].norm;
    return 1;
}

/* A first-level division named somewhere in the article. */
typedef struct adm1_ref {
    const char *code;   /* CAMEO country code of the division */
    const char *admin1; /* its GeoNames admin1 code */
} adm1_ref;

enum {
    MAX_ADM1 = 16,  /* divisions remembered per resolution */
    MAX_SCAN = 256, /* place mentions looked at for them: keeps a call O(1) */
};

static void adm1_add(adm1_ref *out, size_t *n, const edict_match *em)
{
    for (size_t i = 0; i < em->n_entries && *n < MAX_ADM1; i++) {
        const edict_entry *e = em->entries[i];
        if (!e->geo || !e->code || !e->geo->admin1 || !e->geo->feature ||
            strncmp(e->geo->feature, "ADM1", 4))
            continue;
        size_t k = 0;
        while (k < *n && !(!strncmp(out[k].code, e->code, 3) && !strcmp(out[k].admin1, e->geo->admin1)))
            k++;
        if (k == *n)
            out[(*n)++] = (adm1_ref){e->code, e->geo->admin1};
    }
}

/* The first-level divisions that the article's other place mentions name
 * ("Texas" for a "Paris" in the same story), at most MAX_ADM1 from the
 * first MAX_SCAN place mentions. */
static size_t named_adm1(const casus_doc *d, const casus_mention *self,
                         const edict_entry *const *self_entries, adm1_ref *out)
{
    const edict *dict = d->pipeline->dict;
    size_t n = 0, seen = 0;
    for (size_t k = 0; k < d->n_mentions && seen < MAX_SCAN && n < MAX_ADM1; k++) {
        const casus_mention *m = &d->mentions[k];
        if (m->type != 'L' || m->kind != CASUS_MENTION_NAME || m->start == self->start)
            continue;
        seen++;
        const char *norms[16];
        edict_match em;
        /* another "Washington" names no division for this one */
        if (mention_norms(d, m, norms) &&
            edict_longest_place(dict, norms, m->n_words, 0, &em) == m->n_words &&
            em.entries != self_entries)
            adm1_add(out, &n, &em);
    }
    return n;
}

/* What follows mention m after a comma: "Irving, Texas" names the division
 * (into local[]) or "Kanata, Canada" the country (into *country). */
static size_t after_comma(const casus_doc *d, const casus_mention *m, adm1_ref *local,
                          const char **country)
{
    *country = NULL;
    size_t w = (size_t)m->word + m->n_words;
    if (m->sentence >= d->n_sentences || w + 1 >= d->n_words)
        return 0;
    const casus_sentence *st = &d->sentences[m->sentence];
    size_t end = (size_t)st->word + st->n_words;
    if (w + 1 >= end || strcmp(d->words[w].norm, ","))
        return 0;
    size_t n_rest = end - (w + 1);
    if (n_rest > 16)
        n_rest = 16;
    const char *norms[16];
    for (size_t i = 0; i < n_rest; i++)
        norms[i] = d->words[w + 1 + i].norm;
    const edict *dict = d->pipeline->dict;
    edict_match em;
    size_t n = 0;
    if (edict_longest_place(dict, norms, n_rest, 0, &em))
        adm1_add(local, &n, &em);
    if (edict_longest(dict, norms, n_rest, 0, &em))
        for (size_t i = 0; i < em.n_entries; i++)
            if (em.entries[i]->kind == EDICT_COUNTRY && em.entries[i]->code) {
                *country = em.entries[i]->code;
                break;
            }
    return n;
}

/* Is m a division by what precedes it? "Seattle, Washington" (a place
 * of the division just before a comma: its admin1 into *within) or
 * "Governor of Washington", "the state of Washington" (returns 1). */
static int division_context(const casus_doc *d, const casus_mention *m, adm1_ref *within,
                            size_t *n_within)
{
    *n_within = 0;
    if (m->sentence >= d->n_sentences)
        return 0;
    const casus_sentence *st = &d->sentences[m->sentence];
    if (m->word < st->word + 2)
        return 0;
    const char *prev = d->words[m->word - 1].norm;
    const char *prev2 = d->words[m->word - 2].norm;
    if (!strcmp(prev, "of") && prev2 &&
        (!strcmp(prev2, "governor") || !strcmp(prev2, "Governor") || !strcmp(prev2, "state") ||
         !strcmp(prev2, "State")))
        return 1;
    if (strcmp(prev, ",") || !d->word_mention)
        return 0;
    int32_t k = d->word_mention[m->word - 2];
    if (k < 0 || (size_t)k >= d->n_mentions)
        return 0;
    const casus_mention *pm = &d->mentions[k];
    const char *norms[16];
    edict_match em;
    if (pm->type != 'L' || pm->word + pm->n_words != m->word - 1 || !mention_norms(d, pm, norms) ||
        edict_longest_place(d->pipeline->dict, norms, pm->n_words, 0, &em) != pm->n_words)
        return 0;
    for (size_t i = 0; i < em.n_entries && *n_within < MAX_ADM1; i++) {
        const edict_entry *e = em.entries[i];
        if (e->geo && e->code && e->geo->admin1 && !(e->geo->feature && !strcmp(e->geo->feature, "ADM1")))
            within[(*n_within)++] = (adm1_ref){e->code, e->geo->admin1};
    }
    return 0;
}

static int adm1_in(const adm1_ref *list, size_t n, const edict_entry *e)
{
    if (!e->geo->admin1)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strncmp(list[i].code, e->code, 3) && !strcmp(list[i].admin1, e->geo->admin1))
            return 1;
    return 0;
}

static int is_feature(const edict_entry *e, const char *f)
{
    return e->geo->feature && !strcmp(e->geo->feature, f);
}

/* A division counts as a place of a million people: it has no population
 * in the gazetteer, and a reader knows "Victoria" the state before
 * Victoria the town. */
#define ADM1_WEIGHT 6.0

int geo_resolve(const casus_doc *d, const casus_mention *m, const char (*countries)[4],
                size_t n_countries, casus_place *out)
{
    memset(out, 0, sizeof *out);
    const casus_pipeline *p = d->pipeline;
    const edict *dict = p ? p->dict : NULL;
    const char *norms[16];
    if (!dict || !mention_norms(d, m, norms))
        return 0;
    char own[4] = "";
    if (m->code && strlen(m->code) >= 3 && !ent_is_role(m->code)) {
        memcpy(own, m->code, 3);
        own[3] = 0;
    }
    /* A country's name is the country. The actor dictionary also files
     * cities and regions under their country ("Aleppo", "Texas" are SYR
     * and USA there): such a name is the country only when the gazetteer
     * holds no place of that country by it. */
    edict_match em;
    const edict_entry *country = NULL;
    if (edict_longest(dict, norms, m->n_words, 0, &em) == m->n_words)
        for (size_t i = 0; i < em.n_entries; i++) {
            const edict_entry *e = em.entries[i];
            if (e->kind != EDICT_COUNTRY || !e->code)
                continue;
            if (!country || text_is_name(d, m->start, m->end, e->name))
                country = e;
        }
    edict_match pm;
    size_t plen = edict_longest_place(dict, norms, m->n_words, 0, &pm);
    if (country) {
        int alias = !text_is_name(d, m->start, m->end, country->name);
        int has_place = 0;
        for (size_t i = 0; alias && plen == m->n_words && i < pm.n_entries; i++)
            if (pm.entries[i]->geo && pm.entries[i]->code &&
                !strncmp(pm.entries[i]->code, country->code, 3))
                has_place = 1;
        if (!has_place) {
            out->found = 1;
            out->name = country->name;
            country_code(p, country->code, out->country);
            out->feature = "country";
            return 1;
        }
        memcpy(own, country->code, 3);
        own[3] = 0;
    }
    if (plen != m->n_words)
        return 0;
    adm1_ref named[MAX_ADM1], local[MAX_ADM1];
    size_t n_named = 0;
    const char *local_country = NULL;
    size_t n_local = after_comma(d, m, local, &local_country);
    int several = 0;
    for (size_t i = 1; i < pm.n_entries && !several; i++)
        several = pm.entries[i]->geo != NULL;
    if (several)
        n_named = named_adm1(d, m, pm.entries, named);
    adm1_ref within[MAX_ADM1];
    size_t n_within = 0;
    int division = division_context(d, m, within, &n_within);
    /* a name that is also a division of a country in play ("Oregon",
     * "New York") is not a town of another division the article names */
    int adm1_in_play = 0;
    for (size_t i = 0; i < pm.n_entries; i++) {
        const edict_entry *e = pm.entries[i];
        if (e->geo && e->code && is_feature(e, "ADM1") &&
            ((own[0] && !strncmp(e->code, own, 3)) || in_list(e->code, countries, n_countries)))
            adm1_in_play = 1;
    }
    const edict_entry *best = NULL;
    double best_score = -1e9;
    for (size_t i = 0; i < pm.n_entries; i++) {
        const edict_entry *e = pm.entries[i];
        if (!e->geo || !e->code)
            continue;
        int adm1 = is_feature(e, "ADM1");
        int capital = is_feature(e, "PPLC");
        int mine = own[0] && !strncmp(e->code, own, 3);
        int named_country = in_list(e->code, countries, n_countries);
        int here = adm1_in(local, n_local, e) ||
                   (local_country && !strncmp(local_country, e->code, 3));
        /* Evidence first: a place known by one of its alternate names
         * ("White House" is Casablanca's) stands only in its own country;
         * a place outside every country the article names must be a
         * capital or a big city ("Batman" in a comics story is no town in
         * Turkey, "the North" no province of Cameroon). */
        if (!mine && !named_country && !here) {
            if (!text_is_name(d, m->start, m->end, e->name))
                continue;
            if (n_countries && !capital && e->geo->population < 1000000)
                continue;
        }
        double score = adm1 ? ADM1_WEIGHT
                            : e->geo->population > 0 ? log10((double)e->geo->population + 1) : 0;
        if (mine)
            score += 3;
        if (named_country)
            score += 2;
        if (here)
            score += 10;
        else if (!adm1_in_play && adm1_in(named, n_named, e))
            score += 5;
        if (adm1 && (division || adm1_in(within, n_within, e)))
            score += 10;
        if (capital)
            score += 2;
        else if (is_feature(e, "PPLA"))
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
    /* only a first-level division is evidence of its country (a city's
     * name is the very ambiguity being resolved), and only when the actor
     * dictionary codes the mention with that country too: "Texas" is USA,
     * while "the Gulf" or "the North" are no provinces of Papua New Guinea
     * or Cameroon */
    if (!m->code || strlen(m->code) < 3)
        return NULL;
    const edict_entry *best = NULL;
    for (size_t i = 0; i < em.n_entries; i++) {
        const edict_entry *e = em.entries[i];
        if (e->geo && e->code && e->geo->feature && !strncmp(e->geo->feature, "ADM1", 4) &&
            !strncmp(e->code, m->code, 3) &&
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
