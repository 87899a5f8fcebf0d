/*
 * query.h — reading the event database (docs/SCHEMA.md): the queries of
 * `casus query` (docs/QUERY.md) and the printer that writes any result as
 * a terminal table, TSV, CSV or JSON lines.
 *
 * Each query kind prepares one SQL statement on a read-only connection;
 * its rows are the result, its column names the output's header. Shared
 * inside casus by cli/cmd_query.c, the benchmark and the tests; the
 * database is not part of the public API yet.
 */
#ifndef CASUS_STORE_QUERY_H
#define CASUS_STORE_QUERY_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "casus.h"

typedef enum query_format {
    QUERY_TABLE, /* aligned columns for a terminal; long texts on their own lines */
    QUERY_TSV,
    QUERY_CSV, /* RFC 4180 */
    QUERY_JSON /* one object per row per line */
} query_format;

typedef enum query_period { QUERY_BY_DAY, QUERY_BY_WEEK, QUERY_BY_MONTH, QUERY_BY_YEAR } query_period;

/* The filters a query kind reads; NULL / 0 fields are absent. Actor codes
 * match as prefixes (docs/QUERY.md "Actor arguments"); code is a CAMEO
 * event code prefix ("14" every protest). */
typedef struct query_args {
    const char *actor;   /* either side */
    const char *source;  /* actor1 */
    const char *target;  /* actor2 */
    const char *code;    /* event code prefix */
    const char *place;   /* place name (case-insensitive) or ISO2 country code */
    const char *speaker; /* quotes: speaker actor code */
    const char *article; /* events: only the reports of this article (its doc id) */
    int32_t since, until; /* YYYYMMDD, inclusive; 0 when open */
    long limit;           /* rows; 0 means the kind's default */
    query_period by;
} query_args;

typedef struct query query;

/*
 * Opens the database at path read-only (store_open with STORE_READONLY)
 * and registers the SQL functions the queries use: casus_sentence(article,
 * n) (the text of sentence n of an article, split as ingest split it) and
 * cameo_name(code) (from dict_dir/cameo/event_codes.txt; dict_dir NULL
 * means $CASUS_DICT or the dict/ folder casus was built with). Caller
 * frees with query_close.
 */
int query_open(query **out, const char *path, const char *dict_dir, casus_error *err);
void query_close(query *q); /* NULL ok */
/* The connection, borrowed until query_close. */
sqlite3 *query_db(query *q);

/*
 * Each prepares one query kind into *out (caller finalizes with
 * sqlite3_finalize). A bad argument (an actor code that is no code, an
 * unknown event code shape, since after until) is CASUS_EINVAL with err
 * naming it. The columns of each kind are listed in docs/QUERY.md.
 */
int query_dyad(query *q, const char *a, const char *b, const query_args *qa, sqlite3_stmt **out,
               casus_error *err);
int query_events(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err);
int query_actors(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err);
int query_codes(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err);
int query_timeline(query *q, const char *actor, const query_args *qa, sqlite3_stmt **out,
                   casus_error *err);
int query_search(query *q, const char *words, const query_args *qa, sqlite3_stmt **out,
                 casus_error *err);
int query_quotes(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err);
/* The most frequent dyads (country or actor code pairs, either order), for
 * the demo's report. */
int query_dyads(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err);

/*
 * Steps st to its end and writes every row to f in fmt; *n_rows (may be
 * NULL) gets the count. Returns 0, CASUS_EIO when writing failed, or
 * CASUS_EIO / CASUS_EINVAL with SQLite's message when a step failed (a
 * malformed full-text query shows up here).
 */
int query_print(sqlite3_stmt *st, query_format fmt, FILE *f, size_t *n_rows, casus_error *err);

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as YYYYMMDD: the first day of the
 * period, or with end its last day (for --until 2018 is 20181231).
 * Returns 0, or -1 when s is no such date. */
int query_parse_date(const char *s, int end, int32_t *out);

#endif
