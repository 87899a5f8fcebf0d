/*
 * cmd_query.c — `casus query --db FILE KIND ...` and `casus export --db
 * FILE --format F`: reading the event database that `casus ingest` wrote
 * (docs/QUERY.md, docs/SCHEMA.md).
 *
 * Only parses arguments, calls src/store/query.c or export.c and maps
 * their errors to exit codes. Like cmd_store.c it includes the store's
 * internal headers besides casus.h: the database is not part of the public
 * API yet.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "store/export.h"
#include "store/query.h"

static int exit_of(int rc)
{
    switch (rc) {
    case 0:
        return EXIT_OK;
    case CASUS_EINVAL:
        return EXIT_USAGE;
    case CASUS_ENOENT:
        return EXIT_NOINPUT;
    case CASUS_ENOMEM:
    case CASUS_EINTERNAL:
        return EXIT_SOFTWARE;
    case CASUS_EIO:
        return EXIT_IOERR;
    default:
        return EXIT_FAIL;
    }
}

/* --since / --until into qa; prints the error and returns -1 on junk. */
static int dates(const char *name, const cli_cmd *cmd, const cli_args *args, int32_t *since,
                 int32_t *until)
{
    const char *s = cli_get(cmd, args, "since"), *u = cli_get(cmd, args, "until");
    if (s && query_parse_date(s, 0, since)) {
        fprintf(stderr, "casus %s: --since '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n",
                name, s);
        return -1;
    }
    if (u && query_parse_date(u, 1, until)) {
        fprintf(stderr, "casus %s: --until '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n",
                name, u);
        return -1;
    }
    return 0;
}

static const char *db_path(const char *name, const cli_cmd *cmd, const cli_args *args)
{
    const char *path = cli_get(cmd, args, "db");
    if (!path || !*path)
        fprintf(stderr, "casus %s: --db FILE is required\n", name);
    return path && *path ? path : NULL;
}

/* ---------------------------------------------------------------- query */

typedef enum kind { K_DYAD, K_DYADS, K_EVENTS, K_ACTORS, K_CODES, K_TIMELINE, K_SEARCH, K_QUOTES } kind;

static const struct {
    const char *name;
    kind k;
    size_t n_args; /* operands after the kind */
    const char *usage;
} kinds[] = {
    {"dyad", K_DYAD, 2, "dyad A B"},
    {"dyads", K_DYADS, 0, "dyads"},
    {"events", K_EVENTS, 0, "events"},
    {"actors", K_ACTORS, 0, "actors"},
    {"codes", K_CODES, 0, "codes"},
    {"timeline", K_TIMELINE, 1, "timeline CODE"},
    {"search", K_SEARCH, 1, "search \"WORDS\""},
    {"quotes", K_QUOTES, 0, "quotes"},
};

int cmd_query(const cli_cmd *cmd, cli_args *args)
{
    const char *path = db_path("query", cmd, args);
    if (!path)
        return EXIT_USAGE;
    if (!args->n_operands) {
        fprintf(stderr, "casus query: which query? dyad A B, dyads, events, actors, codes, "
                        "timeline CODE, search \"WORDS\" or quotes\n");
        return EXIT_USAGE;
    }
    size_t ki = 0, nk = sizeof kinds / sizeof *kinds;
    while (ki < nk && strcmp(kinds[ki].name, args->operands[0]))
        ki++;
    if (ki == nk) {
        fprintf(stderr, "casus query: unknown query '%s' (dyad, dyads, events, actors, codes, "
                        "timeline, search, quotes)\n",
                args->operands[0]);
        return EXIT_USAGE;
    }
    if (args->n_operands - 1 != kinds[ki].n_args) {
        fprintf(stderr, "casus query: usage: casus query --db FILE %s [OPTIONS]\n",
                kinds[ki].usage);
        return EXIT_USAGE;
    }
    const char *fmt_s = cli_get(cmd, args, "format");
    query_format fmt = isatty(STDOUT_FILENO) ? QUERY_TABLE : QUERY_TSV;
    if (fmt_s) {
        if (!strcmp(fmt_s, "table"))
            fmt = QUERY_TABLE;
        else if (!strcmp(fmt_s, "tsv"))
            fmt = QUERY_TSV;
        else if (!strcmp(fmt_s, "csv"))
            fmt = QUERY_CSV;
        else if (!strcmp(fmt_s, "json"))
            fmt = QUERY_JSON;
        else {
            fprintf(stderr, "casus query: unknown --format '%s' (table, tsv, csv or json)\n",
                    fmt_s);
            return EXIT_USAGE;
        }
    }
    query_args qa = {
        .actor = cli_get(cmd, args, "actor"),
        .source = cli_get(cmd, args, "source"),
        .target = cli_get(cmd, args, "target"),
        .code = cli_get(cmd, args, "code"),
        .place = cli_get(cmd, args, "place"),
        .speaker = cli_get(cmd, args, "speaker"),
        .article = cli_get(cmd, args, "article"),
        .by = QUERY_BY_MONTH,
    };
    if (dates("query", cmd, args, &qa.since, &qa.until))
        return EXIT_USAGE;
    long limit = cli_get_long(cmd, args, "limit", 0), top = cli_get_long(cmd, args, "top", 0);
    if (limit < 0 || top < 0)
        return EXIT_USAGE;
    qa.limit = top ? top : limit;
    const char *by = cli_get(cmd, args, "by");
    if (by) {
        static const char *const names[] = {"day", "week", "month", "year"};
        int found = 0;
        for (int i = 0; i < 4; i++)
            if (!strcmp(by, names[i])) {
                qa.by = (query_period)i;
                found = 1;
            }
        if (!found) {
            fprintf(stderr, "casus query: --by '%s' is not day, week, month or year\n", by);
            return EXIT_USAGE;
        }
    }
    casus_error err = {0};
    query *q = NULL;
    int rc = query_open(&q, path, cli_get(cmd, args, "dict"), &err);
    if (rc) {
        fprintf(stderr, "casus query: %s\n", err.msg);
        return exit_of(rc);
    }
    sqlite3_stmt *st = NULL;
    const char *const *op = args->operands + 1;
    switch (kinds[ki].k) {
    case K_DYAD:
        rc = query_dyad(q, op[0], op[1], &qa, &st, &err);
        break;
    case K_DYADS:
        rc = query_dyads(q, &qa, &st, &err);
        break;
    case K_EVENTS:
        rc = query_events(q, &qa, &st, &err);
        break;
    case K_ACTORS:
        rc = query_actors(q, &qa, &st, &err);
        break;
    case K_CODES:
        rc = query_codes(q, &qa, &st, &err);
        break;
    case K_TIMELINE:
        rc = query_timeline(q, op[0], &qa, &st, &err);
        break;
    case K_SEARCH:
        rc = query_search(q, op[0], &qa, &st, &err);
        break;
    case K_QUOTES:
        rc = query_quotes(q, &qa, &st, &err);
        break;
    }
    if (!rc)
        rc = query_print(st, fmt, stdout, NULL, &err);
    sqlite3_finalize(st);
    query_close(q);
    if (rc) {
        fprintf(stderr, "casus query: %s\n", err.msg);
        return exit_of(rc);
    }
    return EXIT_OK;
}

/* ---------------------------------------------------------------- export */

int cmd_export(const cli_cmd *cmd, cli_args *args)
{
    const char *path = db_path("export", cmd, args);
    if (!path)
        return EXIT_USAGE;
    if (args->n_operands) {
        fprintf(stderr, "casus export: unexpected argument '%s'\n", args->operands[0]);
        return EXIT_USAGE;
    }
    const char *fmt_s = cli_get(cmd, args, "format");
    export_opts eo = {.dict_dir = cli_get(cmd, args, "dict")};
    if (!fmt_s || export_parse_format(fmt_s, &eo.format)) {
        fprintf(stderr, "casus export: --format %s%s%s wants gdelt-events, gdelt-mentions, "
                        "gdelt-gkg, jsonl or csv\n",
                fmt_s ? "'" : "", fmt_s ? fmt_s : "", fmt_s ? "'" : "");
        return EXIT_USAGE;
    }
    if (dates("export", cmd, args, &eo.since, &eo.until))
        return EXIT_USAGE;
    FILE *out = stdout;
    const char *out_path = cli_get(cmd, args, "output");
    if (out_path && strcmp(out_path, "-") && !(out = fopen(out_path, "wb"))) {
        perror(out_path);
        return EXIT_IOERR;
    }
    casus_error err = {0};
    size_t n = 0;
    int rc = export_write(path, &eo, out, &n, &err);
    if (out != stdout && fclose(out) && !rc) {
        snprintf(err.msg, sizeof err.msg, "%s: writing failed", out_path);
        rc = CASUS_EIO;
    }
    if (rc) {
        fprintf(stderr, "casus export: %s\n", err.msg);
        return exit_of(rc);
    }
    if (!cli_get(cmd, args, "quiet"))
        fprintf(stderr, "casus export: %s: %zu rows\n", path, n);
    return EXIT_OK;
}
