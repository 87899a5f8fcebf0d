/*
 * geo.h — place mentions resolved to the gazetteer (geo.c).
 */
#ifndef CASUS_ENTITY_GEO_H
#define CASUS_ENTITY_GEO_H

#include <stddef.h>

#include "casus.h"

/* The countries (3-letter CAMEO prefixes) that d's mentions are coded
 * with, in order of first mention, into out[0..cap). Returns the count. */
size_t geo_article_countries(const casus_doc *d, char (*out)[4], size_t cap);

/* Resolves mention m of d to a gazetteer place, preferring the countries
 * given (the article's). Returns 1 and fills *out when found, else 0
 * (out->found 0). */
int geo_resolve(const casus_doc *d, const casus_mention *m, const char (*countries)[4],
                size_t n_countries, casus_place *out);

/* The country with CAMEO country code c3 as a place (feature "country",
 * no coordinates), named as the actor-code table names it; name is
 * copied into d's arena. Returns 1, or 0 (out->found 0) when c3 is no
 * country the tables know or memory runs out. */
int geo_country_place(casus_doc *d, const char *c3, casus_place *out);

#endif
