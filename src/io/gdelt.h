/*
 * gdelt.h — helpers the GDELT writers share (gdelt.c: the event and
 * mention exports; gkg.c: the Global Knowledge Graph export).
 */
#ifndef CASUS_IO_GDELT_H
#define CASUS_IO_GDELT_H

#include <stddef.h>

#include "casus.h"
#include "util/buf.h"

struct cameo_units;

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

/* The same from an actor-code units table (event/cameo.h) rather than a
 * document's pipeline: for writers that read a database (store/export.c). */
int io_gdelt_units_country(const struct cameo_units *us, const char *code, io_country *out);

/* GDELT's columns Actor1CountryCode .. Actor1Type3Code (8-15, and 18-25
 * for actor 2) of one CAMEO actor code, each "" when absent. */
typedef struct io_actor_cols {
    char country[4], known[4], rel1[4], rel2[4], type[3][4];
} io_actor_cols;

/* Splits code into its units by the table us (NULL: every column ""):
 * the first country or region is the country, roles and international
 * types fill the types in order, religions fill the religions, an unknown
 * unit after an international type is the known group. */
void io_gdelt_split_code(const struct cameo_units *us, const char *code, io_actor_cols *out);

/* Appends s[0..n) as one TSV field: control characters (tabs, newlines)
 * become spaces, invalid UTF-8 U+FFFD; with upper, ASCII letters are
 * capitalised. Returns 0 or a buf error. */
int io_gdelt_text(buf *b, const char *s, size_t n, int upper);

/* Code points (an invalid byte counts as one) of text before byte offset
 * off: GDELT's offsets count characters, casus's bytes. */
size_t io_char_offset(const char *text, size_t off);

/* GKG helpers (gkg.c). io_gkg_clean appends s[0..n) cleaned for its
 * place in a GKG row: the characters of forbid, control characters and
 * line breaks become spaces, runs of spaces one, leading and trailing ones
 * go, invalid UTF-8 becomes U+FFFD; lower holds IO_GKG_LOWER /
 * IO_GKG_XML; *wrote (may be NULL) is 1 when anything was appended. */
#define IO_GKG_LOWER 1
#define IO_GKG_XML 2
int io_gkg_clean(buf *b, const char *s, size_t n, const char *forbid, int lower, int *wrote);
/* A number as the GKG writes it (integers without a fraction). */
int io_gkg_num(buf *b, double x);
/* The number of GKGRECORDID "<date>-<n>": the article id hashed. */
unsigned long long io_gkg_record_number(const char *id);

/* The host of a URL, lower-cased and without "www." ("https://www.bbc.co.uk/news"
 * gives "bbc.co.uk"), into out[0..size); "" when url names no host. */
void io_url_domain(const char *url, char *out, size_t size);

#endif
