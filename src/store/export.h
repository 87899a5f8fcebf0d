/*
 * export.h — writing the event database out as files laid out as GDELT's
 * (events, mentions, GKG) or as JSON lines / CSV of the merged events
 * (`casus export`, docs/QUERY.md "Export").
 */
#ifndef CASUS_STORE_EXPORT_H
#define CASUS_STORE_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "casus.h"

typedef enum export_format {
    EXPORT_GDELT_EVENTS,   /* GDELT 2.0 export.CSV: 61 columns, one row per merged event */
    EXPORT_GDELT_MENTIONS, /* GDELT 2.0 mentions.CSV: 16 columns, one row per report */
    EXPORT_GDELT_GKG,      /* GDELT GKG 2.1: 27 columns, one row per article */
    EXPORT_JSONL,          /* one merged event per line, with its first report */
    EXPORT_CSV             /* the same columns as CSV with a header */
} export_format;

typedef struct export_opts {
    export_format format;
    int32_t since, until; /* YYYYMMDD, inclusive, 0 open: the event's date (the
                             article's for GKG) */
    const char *dict_dir; /* for dict/cameo/actor_codes.txt; NULL: $CASUS_DICT or
                             the built-in dict/ */
} export_opts;

/* "gdelt-events" ... "csv" into *out; -1 when s names no format. */
int export_parse_format(const char *s, export_format *out);

/*
 * Opens the database at path read-only and writes every row of the
 * format to f; *n_rows gets the count. Returns 0 or a negative code with
 * err set (the database cannot be opened, the actor-code table cannot be
 * loaded for a GDELT format, writing failed).
 */
int export_write(const char *path, const export_opts *o, FILE *f, size_t *n_rows,
                 casus_error *err);

#endif
