/*
 * gdelt.h — helpers the GDELT writers share (gdelt.c: the event and
 * mention exports; gkg.c: the Global Knowledge Graph export).
 */
#ifndef CASUS_IO_GDELT_H
#define CASUS_IO_GDELT_H

#include <stddef.h>

#include "casus.h"

/* A country as GDELT names it: the CAMEO code, the FIPS 10-4 code GDELT's
 * geography columns use (the ISO one for a country that has no FIPS code,
 * as Kosovo), the ISO 3166 alpha-2 code and the English name, all from
 * the actor-code units (dict/cameo/actor_codes.txt) the pipeline loaded. */
typedef struct io_country {
    char code[4];
    char fips[8];
    char iso2[4];
    char name[64];
} io_country;

/* Fills *out for the country unit that the first 3 bytes of code name
 * ("IRN", "IRNGOV"). Returns 1, or 0 when they are no country unit (or the
 * pipeline has no units table). Allocates nothing. */
int io_gdelt_country(const casus_doc *d, const char *code, io_country *out);

/* The host of a URL, lower-cased and without "www." ("https://www.bbc.co.uk/news"
 * gives "bbc.co.uk"), into out[0..size); "" when url names no host. */
void io_url_domain(const char *url, char *out, size_t size);

#endif
