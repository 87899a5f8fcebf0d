/*
 * cameo.h — the CAMEO code tables: event codes (name, root, base code,
 * Goldstein score, QuadClass) and the 3-letter units actor codes are made
 * of.
 *
 * Input: dict/cameo/event_codes.txt and dict/cameo/actor_codes.txt
 * (formats in dict/README.md, made by scripts/build-event-dict). Output:
 * immutable tables shared by every worker thread; lookups allocate nothing.
 */
#ifndef CASUS_EVENT_CAMEO_H
#define CASUS_EVENT_CAMEO_H

#include <stddef.h>

#include "casus.h"

typedef struct cameo_code {
    const char *code; /* "040", "0211", or a root "04" */
    const char *root; /* "04" */
    const char *base; /* the 3-digit code ("040" for 040 and 0401); the root for a root */
    const char *name; /* "Consult, not specified below" */
    double goldstein; /* -10 .. 10 */
    int quadclass;    /* 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict */
    int level;        /* digits / 1: 2 root, 3 base, 4 sub-code */
} cameo_code;

typedef struct cameo_table cameo_table; /* immutable after load; shared by threads */

/* Loads the event code table at path. Caller frees with cameo_table_free;
 * a failed load leaves *out NULL. A malformed line is CASUS_EFORMAT with
 * "file:line: reason". */
int cameo_table_load(cameo_table **out, const char *path, casus_error *err);
/* The same from data[0..size) named name (any bytes). */
int cameo_table_load_mem(cameo_table **out, const char *name, const char *data, size_t size,
                         casus_error *err);
void cameo_table_free(cameo_table *t); /* NULL ok */

/* The code "040" (2 to 4 digits), or NULL when t has no such code. The
 * _n form takes a length. Borrowed from t. O(1). */
const cameo_code *cameo_lookup(const cameo_table *t, const char *code);
const cameo_code *cameo_lookup_n(const cameo_table *t, const char *code, size_t len);

size_t cameo_table_count(const cameo_table *t);
/* Codes in file order; borrowed from t. */
const cameo_code *cameo_table_at(const cameo_table *t, size_t i);

/* ---------------------------------------------------------------- actor code units */

typedef struct cameo_units cameo_units; /* immutable after load */

int cameo_units_load(cameo_units **out, const char *path, casus_error *err);
int cameo_units_load_mem(cameo_units **out, const char *name, const char *data, size_t size,
                         casus_error *err);
void cameo_units_free(cameo_units *u); /* NULL ok */

/* The kinds of unit "IRN" ("country", "role_primary,role_secondary", ...),
 * or NULL when unknown; only the first 3 bytes of s count (it may go on,
 * as "IRNGOV" does). Borrowed from u. */
const char *cameo_unit_kind(const cameo_units *u, const char *s);
/* The unit's description as the file writes it ("Aruba | ISO2=AW ISO3=ABW
 * FIPS10=AA ..." for a country), or NULL. Borrowed from u. */
const char *cameo_unit_desc(const cameo_units *u, const char *s);
size_t cameo_units_count(const cameo_units *u);

#endif
