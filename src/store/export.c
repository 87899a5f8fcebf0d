/*
 * export.c — `casus export`: the event database written out as GDELT's
 * files (events 61 columns, mentions 16, GKG 27; no header, tab-separated,
 * as GDELT publishes them) or as JSON lines / CSV of the merged events.
 *
 * Input: a database of docs/SCHEMA.md, read-only. Output: rows on a
 * stream, one SQL pass per format, written through one growing buffer
 * flushed every 64 KB.
 *
 * The layouts are those `casus code --format gdelt*` writes from a
 * document (src/io/gdelt.c, src/io/gkg.c; docs/EVENTS.md and
 * docs/knowledge/gkg.md list every column), and the cell writers are
 * theirs (io/gdelt.h). What differs is where the values come from: the
 * merged events give NumMentions, NumSources, NumArticles and AvgTone as
 * GDELT counts them, an event's GlobalEventID is its first report's id (so
 * a one-article database exports the ids `casus code` writes), and
 * DATEADDED and SOURCEURL are the first report's article. Each mention row
 * carries its own article's tone (MentionDocTone). The GDELT geography
 * columns want FIPS country codes where the database keeps ISO ones: the
 * map between them is read from the actor-code table's units once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/cameo.h"
#include "io/gdelt.h"
#include "store/export.h"
#include "store/query.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"

#ifndef CASUS_DICT_DIR
#define CASUS_DICT_DIR "dict"
#endif

int export_parse_format(const char *s, export_format *out)
{
    static const char *const names[] = {"gdelt-events", "gdelt-mentions", "gdelt-gkg", "jsonl",
                                        "csv"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(s, names[i])) {
            *out = (export_format)i;
            return 0;
        }
    return -1;
}

typedef struct exporter {
    sqlite3 *db;
    const char *path;
    cameo_units *units;
    char fips[26 * 26][4]; /* FIPS 10-4 code of each ISO2 code ("" unknown) */
    FILE *f;
    buf b;
    size_t n_rows;
} exporter;

static const char *fips_of(const exporter *x, const char *iso2)
{
    if (!iso2 || iso2[0] < 'A' || iso2[0] > 'Z' || iso2[1] < 'A' || iso2[1] > 'Z' || iso2[2])
        return "";
    return x->fips[(iso2[0] - 'A') * 26 + (iso2[1] - 'A')];
}

/* The ISO2 -> FIPS map from every 3-letter country unit of the table. */
static void fips_init(exporter *x)
{
    char code[4] = {0};
    for (int a = 0; a < 26; a++)
        for (int b = 0; b < 26; b++)
            for (int c = 0; c < 26; c++) {
                code[0] = (char)('A' + a);
                code[1] = (char)('A' + b);
                code[2] = (char)('A' + c);
                io_country ct;
                if (!io_gdelt_units_country(x->units, code, &ct) || !ct.iso2[0] || !ct.fips[0])
                    continue;
                char *slot = x->fips[(ct.iso2[0] - 'A') * 26 + (ct.iso2[1] - 'A')];
                if (ct.iso2[0] >= 'A' && ct.iso2[0] <= 'Z' && ct.iso2[1] >= 'A' &&
                    ct.iso2[1] <= 'Z' && !slot[0] && strlen(ct.fips) < 4)
                    memcpy(slot, ct.fips, strlen(ct.fips) + 1);
            }
}

/* ---------------------------------------------------------------- cells */

static const char *txt(sqlite3_stmt *st, int c)
{
    const char *s = (const char *)sqlite3_column_text(st, c);
    return s ? s : "";
}

static int is_null(sqlite3_stmt *st, int c) { return sqlite3_column_type(st, c) == SQLITE_NULL; }

/* A tab, then the column's text cleaned for TSV. */
static int col(buf *b, const char *s)
{
    int rc = buf_putc(b, '\t');
    return rc ? rc : io_gdelt_text(b, s, strlen(s), 0);
}

static int flush_some(exporter *x, int force)
{
    if (x->b.len && (force || x->b.len > (1u << 16))) {
        if (fwrite(x->b.data, 1, x->b.len, x->f) != x->b.len)
            return CASUS_EIO;
        buf_reset(&x->b);
    }
    return 0;
}

/* " AND col >= S AND col <= U" */
static void date_where(char *out, size_t size, const char *colname, const export_opts *o)
{
    char a[64] = "", z[64] = "";
    if (o->since)
        snprintf(a, sizeof a, " AND %s >= %d", colname, (int)o->since);
    if (o->until)
        snprintf(z, sizeof z, " AND %s <= %d", colname, (int)o->until);
    snprintf(out, size, "%s%s", a, z);
}

/* "YYYYMMDD000000" from a YYYYMMDD column, "" when NULL. */
static void date_added(sqlite3_stmt *st, int c, char out[24])
{
    out[0] = 0;
    if (!is_null(st, c))
        snprintf(out, 24, "%08d000000", sqlite3_column_int(st, c));
}

/* ---------------------------------------------------------------- events */

/* The 10 actor columns of GDELT (code, name, country, known group,
 * ethnic, religions, types); all empty for an absent actor. */
static int put_actor(exporter *x, const char *code, const char *name)
{
    buf *b = &x->b;
    if (!code[0] && !name[0])
        return buf_puts(b, "\t\t\t\t\t\t\t\t\t\t");
    io_actor_cols k;
    io_gdelt_split_code(x->units, code, &k);
    int rc = col(b, code);
    if (!rc)
        rc = buf_putc(b, '\t');
    if (!rc)
        rc = io_gdelt_text(b, name, strlen(name), 1);
    const char *rest[8] = {k.country, k.known, "", k.rel1, k.rel2, k.type[0], k.type[1], k.type[2]};
    for (int i = 0; !rc && i < 8; i++)
        rc = col(b, rest[i]);
    return rc;
}

enum {
    GEO_COUNTRY = 1,
    GEO_USSTATE = 2,
    GEO_USCITY = 3,
    GEO_WORLDCITY = 4,
    GEO_WORLDSTATE = 5
};

/* GDELT's 8 geography columns of a stored place: type, full name, FIPS
 * country, ADM1, ADM2, lat, long, feature id. A place without a
 * geonameid but with a country is the country (schema: "a country has no
 * geonameid"); a geocoded one is a city, or a state when feature says
 * ADM1. */
static int put_geo(exporter *x, const char *name, const char *iso2, const char *adm1,
                   const char *feature, int has_coords, double lat, double lon, long long geoid)
{
    buf *b = &x->b;
    if (!name[0])
        return buf_puts(b, "\t0\t\t\t\t\t\t\t");
    const char *fips = fips_of(x, iso2);
    int us = !strcmp(iso2, "US");
    int type = !geoid && iso2[0]                     ? GEO_COUNTRY
               : feature && !strncmp(feature, "ADM1", 4) ? (us ? GEO_USSTATE : GEO_WORLDSTATE)
               : us                                      ? GEO_USCITY
                                                         : GEO_WORLDCITY;
    char num[96];
    snprintf(num, sizeof num, "\t%d", type);
    int rc = buf_puts(b, num);
    if (!rc)
        rc = col(b, name);
    if (!rc)
        rc = col(b, fips);
    char a1[32] = "";
    if (type == GEO_COUNTRY)
        snprintf(a1, sizeof a1, "%s", fips);
    else if (adm1[0] && fips[0])
        snprintf(a1, sizeof a1, "%s%s", fips, adm1);
    if (!rc)
        rc = col(b, a1);
    if (!rc)
        rc = buf_putc(b, '\t'); /* ADM2 */
    if (!rc) {
        if (has_coords)
            snprintf(num, sizeof num, "\t%.4f\t%.4f", lat, lon);
        else
            snprintf(num, sizeof num, "\t\t");
        rc = buf_puts(b, num);
    }
    if (!rc) {
        if (type == GEO_COUNTRY)
            rc = col(b, fips);
        else if (geoid) {
            snprintf(num, sizeof num, "\t%lld", geoid);
            rc = buf_puts(b, num);
        } else
            rc = buf_putc(b, '\t');
    }
    return rc;
}

/* The first report of event e: its earliest sentence in the article that
 * reported it first. */
#define FIRST_REPORT(col)                                                                       \
    "(SELECT " col " FROM event_mentions WHERE event = e.id AND article = e.first_article"      \
    " ORDER BY sentence, idx LIMIT 1)"

/* Runs sql and has row append each result row to x->b; counts the rows
 * and flushes as it goes. -1 on an SQLite error, else row's code. */
typedef int (*export_row_fn)(exporter *x, sqlite3_stmt *st, void *ctx);

static int run_rows(exporter *x, const char *sql, export_row_fn row, void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(x->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return -1;
    }
    int rc = 0, step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        rc = row(x, st, ctx);
        x->n_rows++;
        if (!rc)
            rc = flush_some(x, 0);
    }
    if (!rc && step != SQLITE_DONE)
        rc = -1;
    sqlite3_finalize(st);
    return rc;
}

static int event_row(exporter *x, sqlite3_stmt *st, void *ctx)
{
    (void)ctx;
    buf *b = &x->b;
    char num[160];
    snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, 0));
    int rc = buf_puts(b, num);
    if (!rc) {
        if (!is_null(st, 1)) {
            int d = sqlite3_column_int(st, 1), y = d / 10000, m = d / 100 % 100, dd = d % 100;
            snprintf(num, sizeof num, "\t%08d\t%04d%02d\t%04d\t%.4f", d, y, m, y,
                     y + ((m - 1) * 30 + dd) / 365.0);
        } else {
            snprintf(num, sizeof num, "\t\t\t\t");
        }
        rc = buf_puts(b, num);
    }
    if (!rc)
        rc = put_actor(x, txt(st, 2), txt(st, 3));
    if (!rc)
        rc = put_actor(x, txt(st, 4), txt(st, 5));
    if (!rc)
        rc = col(b, sqlite3_column_int(st, 6) == 0 ? "1" : "0"); /* IsRootEvent */
    for (int c = 7; !rc && c <= 9; c++)
        rc = col(b, txt(st, c));
    if (!rc) {
        snprintf(num, sizeof num, "\t%d\t%.1f\t%d\t%d\t%d\t", sqlite3_column_int(st, 10),
                 sqlite3_column_double(st, 11), sqlite3_column_int(st, 12),
                 sqlite3_column_int(st, 13), sqlite3_column_int(st, 14));
        rc = buf_puts(b, num);
    }
    if (!rc && !is_null(st, 15)) {
        snprintf(num, sizeof num, "%.4f", sqlite3_column_double(st, 15));
        rc = buf_puts(b, num);
    }
    /* Actor1Geo, Actor2Geo: casus places the event, not each actor */
    if (!rc)
        rc = buf_puts(b, "\t0\t\t\t\t\t\t\t\t0\t\t\t\t\t\t\t");
    if (!rc)
        rc = put_geo(x, txt(st, 16), txt(st, 17), txt(st, 18),
                     is_null(st, 24) ? NULL : txt(st, 24), !is_null(st, 19),
                     sqlite3_column_double(st, 19), sqlite3_column_double(st, 20),
                     sqlite3_column_int64(st, 21));
    char added[24];
    date_added(st, 22, added);
    if (!rc)
        rc = col(b, added);
    if (!rc)
        rc = col(b, txt(st, 23));
    if (!rc)
        rc = buf_putc(b, '\n');
    return rc;
}

static int export_events(exporter *x, const export_opts *o)
{
    char where[128], sqls[2048];
    date_where(where, sizeof where, "e.date", o);
    snprintf(sqls, sizeof sqls,
             "SELECT " FIRST_REPORT("global_id") ", e.date, e.actor1_code, e.actor1_name,"
             " e.actor2_code, e.actor2_name, " FIRST_REPORT("sentence") ", e.code, e.base, e.root,"
             " e.quadclass, e.goldstein, e.num_mentions, e.num_sources, e.num_articles,"
             " e.avg_tone, e.place_name, e.place_country, e.place_adm1, e.place_lat,"
             " e.place_lon, e.place_geonameid, a.date, a.url,"
             " (SELECT feature FROM locations l WHERE l.article = e.first_article AND"
             " l.geonameid = e.place_geonameid LIMIT 1)"
             " FROM events e JOIN articles a ON a.id = e.first_article WHERE 1%s"
             " ORDER BY e.date, e.id",
             where);
    return run_rows(x, sqls, event_row, NULL);
}

/* ---------------------------------------------------------------- mentions */

static int mention_row(exporter *x, sqlite3_stmt *st, void *ctx)
{
    (void)ctx;
    buf *b = &x->b;
    const char *text = (const char *)sqlite3_column_blob(st, 11);
    size_t n_text = (size_t)sqlite3_column_bytes(st, 11);
    char num[200], ev_added[24], added[24], domain[256];
    date_added(st, 1, ev_added);
    date_added(st, 2, added);
    const char *url = txt(st, 3);
    int web = url[0] != 0;
    io_url_domain(url, domain, sizeof domain);
    snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, 0));
    int rc = buf_puts(b, num);
    if (!rc)
        rc = col(b, ev_added); /* EventTimeDate */
    if (!rc)
        rc = col(b, added); /* MentionTimeDate */
    if (!rc)
        rc = col(b, web ? "1" : "2"); /* WEB, or CITATIONONLY with the article id */
    if (!rc)
        rc = col(b, web ? domain : txt(st, 5));
    if (!rc)
        rc = col(b, web ? url : txt(st, 4));
    long long off[3] = {-1, -1, -1};
    for (int k = 0; k < 3; k++) {
        int c = k == 0 ? 7 : k == 1 ? 8 : 9;
        if (!is_null(st, c) && text) {
            size_t o_ = (size_t)sqlite3_column_int64(st, c);
            off[k] = (long long)io_char_offset(text, o_ <= n_text ? o_ : n_text);
        }
    }
    double conf = sqlite3_column_double(st, 10) * 100.0 + 0.5;
    int pct = conf < 0 ? 0 : conf > 100 ? 100 : (int)conf;
    if (!rc) {
        snprintf(num, sizeof num, "\t%d\t%lld\t%lld\t%lld\t1\t%d\t%lld\t",
                 sqlite3_column_int(st, 6) + 1, off[0], off[1], off[2], pct,
                 text ? (long long)io_char_offset(text, n_text) : 0LL);
        rc = buf_puts(b, num);
    }
    if (!rc && !is_null(st, 12)) {
        snprintf(num, sizeof num, "%.4f", sqlite3_column_double(st, 12));
        rc = buf_puts(b, num);
    }
    if (!rc)
        rc = buf_puts(b, "\t\t\n"); /* translation info, extras */
    return rc;
}

static int export_mentions(exporter *x, const export_opts *o)
{
    char where[128], sqls[2048];
    date_where(where, sizeof where, "e.date", o);
    snprintf(sqls, sizeof sqls,
             "SELECT " FIRST_REPORT("global_id") ", fa.date, a.date, a.url, a.doc_id, a.source,"
             " m.sentence, m1.start, m2.start, m.trigger_start, m.confidence, a.text, t.tone"
             " FROM event_mentions m JOIN events e ON e.id = m.event"
             " JOIN articles a ON a.id = m.article JOIN articles fa ON fa.id = e.first_article"
             " LEFT JOIN mentions m1 ON m1.article = m.article AND m1.idx = m.actor1_mention"
             " LEFT JOIN mentions m2 ON m2.article = m.article AND m2.idx = m.actor2_mention"
             " LEFT JOIN tone t ON t.article = m.article WHERE 1%s"
             " ORDER BY m.article, m.idx",
             where);
    return run_rows(x, sqls, mention_row, NULL);
}

/* ---------------------------------------------------------------- GKG */

/* Runs sql (one ?1: the article id) and has each row appended by fn. */
typedef int (*row_fn)(exporter *x, sqlite3_stmt *st, const char *text, int v2, void *ctx);

static int each_row(exporter *x, sqlite3_stmt *st, sqlite3_int64 article, const char *text,
                    int v2, row_fn fn, void *ctx)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, article);
    int rc = 0, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(x, st, text, v2, ctx);
    if (!rc && step != SQLITE_DONE)
        rc = -1;
    sqlite3_reset(st);
    return rc;
}

static int put_off(buf *b, const char *text, sqlite3_stmt *st, int c)
{
    char num[32];
    size_t n = strlen(text), o = (size_t)sqlite3_column_int64(st, c);
    snprintf(num, sizeof num, "%zu", io_char_offset(text, o < n ? o : n));
    return buf_puts(b, num);
}

/* A V1 list names each item once: a small set of what was written. */
typedef struct seen {
    char **s;
    size_t n, cap;
} seen;

static int seen_add(seen *z, const char *s)
{
    for (size_t i = 0; i < z->n; i++)
        if (!strcmp(z->s[i], s))
            return 0;
    if (z->n == z->cap) {
        size_t c = z->cap ? z->cap * 2 : 16;
        char **p = realloc(z->s, c * sizeof *p);
        if (!p)
            return -1;
        z->s = p;
        z->cap = c;
    }
    if (!(z->s[z->n] = strdup(s)))
        return -1;
    z->n++;
    return 1;
}

static void seen_clear(seen *z)
{
    for (size_t i = 0; i < z->n; i++)
        free(z->s[i]);
    z->n = 0;
}

/* counts: type, count, object, start */
static int row_count(exporter *x, sqlite3_stmt *st, const char *text, int v2, void *ctx)
{
    (void)ctx;
    buf *b = &x->b;
    size_t mark = b->len;
    int wrote = 0;
    int rc = io_gkg_clean(b, txt(st, 0), strlen(txt(st, 0)), ";#,", 0, &wrote);
    if (!rc && !wrote) {
        b->len = mark;
        b->data[mark] = 0;
        return 0;
    }
    if (!rc)
        rc = buf_putc(b, '#');
    if (!rc)
        rc = io_gkg_num(b, sqlite3_column_double(st, 1));
    if (!rc)
        rc = buf_putc(b, '#');
    if (!rc)
        rc = io_gkg_clean(b, txt(st, 2), strlen(txt(st, 2)), ";#", 0, NULL);
    if (!rc)
        rc = buf_puts(b, "#0######");
    if (!rc && v2 && !(rc = buf_putc(b, '#')))
        rc = put_off(b, text, st, 3);
    return rc ? rc : buf_putc(b, ';');
}

/* themes (V1 distinct), names (persons, organisations, all): text, start */
static int row_name(exporter *x, sqlite3_stmt *st, const char *text, int v2, void *ctx)
{
    seen *z = ctx;
    buf *b = &x->b;
    const char *s = txt(st, 0);
    if (!s[0])
        return 0;
    int lower = ctx && sqlite3_column_count(st) > 2 ? IO_GKG_LOWER : 0;
    if (!v2) {
        int r = seen_add(z, s);
        if (r <= 0)
            return r < 0 ? CASUS_ENOMEM : 0;
    }
    size_t mark = b->len;
    int wrote = 0;
    int rc = io_gkg_clean(b, s, strlen(s), ";,", v2 ? 0 : lower, &wrote);
    if (!rc && !wrote) {
        b->len = mark;
        b->data[mark] = 0;
        return 0;
    }
    if (!rc && v2 && !(rc = buf_putc(b, ',')))
        rc = put_off(b, text, st, 1);
    return rc ? rc : buf_putc(b, ';');
}

/* locations: name, country (ISO2), adm1, feature, lat, lon, geonameid,
 * first mention start */
static int row_location(exporter *x, sqlite3_stmt *st, const char *text, int v2, void *ctx)
{
    (void)ctx;
    buf *b = &x->b;
    const char *iso2 = txt(st, 1), *fips = fips_of(x, iso2), *feat = txt(st, 3);
    int us = !strcmp(iso2, "US");
    long long geoid = sqlite3_column_int64(st, 6);
    int type = !strncmp(feat, "PCL", 3) || (!geoid && iso2[0]) ? GEO_COUNTRY
               : !strncmp(feat, "ADM1", 4)                   ? (us ? GEO_USSTATE : GEO_WORLDSTATE)
               : us                                          ? GEO_USCITY
                                                             : GEO_WORLDCITY;
    char num[96];
    snprintf(num, sizeof num, "%d#", type);
    int rc = buf_puts(b, num);
    if (!rc)
        rc = io_gkg_clean(b, txt(st, 0), strlen(txt(st, 0)), ";#", 0, NULL);
    if (!rc)
        rc = buf_putc(b, '#');
    if (!rc)
        rc = buf_puts(b, fips);
    if (!rc)
        rc = buf_putc(b, '#');
    if (!rc && type == GEO_COUNTRY)
        rc = buf_puts(b, fips);
    else if (!rc && fips[0] && txt(st, 2)[0]) {
        rc = buf_puts(b, fips);
        if (!rc)
            rc = io_gkg_clean(b, txt(st, 2), strlen(txt(st, 2)), ";#", 0, NULL);
    }
    if (!rc)
        rc = buf_puts(b, v2 ? "##" : "#"); /* V2 has ADM2 */
    if (!rc && !is_null(st, 4)) {
        snprintf(num, sizeof num, "%.4f#%.4f#", sqlite3_column_double(st, 4),
                 sqlite3_column_double(st, 5));
        rc = buf_puts(b, num);
    } else if (!rc)
        rc = buf_puts(b, "##");
    if (!rc && type == GEO_COUNTRY)
        rc = buf_puts(b, fips);
    else if (!rc && geoid) {
        snprintf(num, sizeof num, "%lld", geoid);
        rc = buf_puts(b, num);
    }
    if (!rc && v2 && !(rc = buf_putc(b, '#')) && !is_null(st, 7))
        rc = put_off(b, text, st, 7);
    return rc ? rc : buf_putc(b, ';');
}

/* dates: resolved "YYYY[-MM[-DD]]", resolution, start */
static int row_date(exporter *x, sqlite3_stmt *st, const char *text, int v2, void *ctx)
{
    (void)v2;
    (void)ctx;
    const char *r = txt(st, 0), *res = txt(st, 1);
    size_t n = strlen(r);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    int y = atoi(r), mo = n >= 7 ? atoi(r + 5) : 0, dd = n == 10 ? atoi(r + 8) : 0;
    int k = !strcmp(res, "day") && n == 10 ? 3 : !strcmp(res, "month") && n >= 7 ? 2 : 1;
    if (k < 3)
        dd = 0;
    if (k < 2)
        mo = 0;
    char num[64];
    snprintf(num, sizeof num, "%d#%d#%d#%d#", k, mo, dd, y);
    int rc = buf_puts(&x->b, num);
    if (!rc)
        rc = put_off(&x->b, text, st, 2);
    return rc ? rc : buf_putc(&x->b, ';');
}

/* quotes: start, end, verb, text */
static int row_quote(exporter *x, sqlite3_stmt *st, const char *text, int v2, void *ctx)
{
    (void)v2;
    int *first = ctx;
    buf *b = &x->b;
    size_t n = strlen(text), s0 = (size_t)sqlite3_column_int64(st, 0),
           s1 = (size_t)sqlite3_column_int64(st, 1);
    size_t a = io_char_offset(text, s0 < n ? s0 : n), z = io_char_offset(text, s1 < n ? s1 : n);
    size_t mark = b->len;
    char num[64];
    snprintf(num, sizeof num, "%s%zu|%zu|", *first ? "" : "#", a, z > a ? z - a : 0);
    int rc = buf_puts(b, num);
    if (!rc)
        rc = io_gkg_clean(b, txt(st, 2), strlen(txt(st, 2)), "#|", 0, NULL);
    if (!rc)
        rc = buf_putc(b, '|');
    int wrote = 0;
    if (!rc)
        rc = io_gkg_clean(b, txt(st, 3), strlen(txt(st, 3)), "#|", 0, &wrote);
    if (!rc && !wrote) {
        b->len = mark;
        b->data[mark] = 0;
        return 0;
    }
    *first = 0;
    return rc;
}

/* amounts: amount, object (else currency), start */
static int row_amount(exporter *x, sqlite3_stmt *st, const char *text, int v2, void *ctx)
{
    (void)v2;
    (void)ctx;
    buf *b = &x->b;
    int rc = io_gkg_num(b, sqlite3_column_double(st, 0));
    if (!rc)
        rc = buf_putc(b, ',');
    if (!rc)
        rc = io_gkg_clean(b, txt(st, 1), strlen(txt(st, 1)), ";,", 0, NULL);
    if (!rc)
        rc = buf_putc(b, ',');
    if (!rc)
        rc = put_off(b, text, st, 2);
    return rc ? rc : buf_putc(b, ';');
}

enum { G_COUNTS, G_THEMES, G_LOCS, G_PERS, G_ORGS, G_NAMES, G_DATES, G_QUOTES, G_AMOUNTS, G_N };

static const char *const gkg_sql[G_N] = {
    "SELECT type, count, object, start FROM counts WHERE article = ?1 AND type IS NOT NULL"
    " ORDER BY idx",
    "SELECT theme, start FROM themes WHERE article = ?1 ORDER BY idx",
    "SELECT l.name, l.country, l.adm1, l.feature, l.lat, l.lon, l.geonameid,"
    " (SELECT min(start) FROM location_mentions lm WHERE lm.article = l.article AND"
    " lm.location = l.idx) FROM locations l WHERE l.article = ?1 ORDER BY l.idx",
    /* persons, organisations, all names: the name mentions, each with its
     * entity's name (else its own text); the third column asks V1 for
     * lower case, as GDELT's person and organisation lists are */
    "SELECT coalesce(e.name, CAST(substr(CAST(a.text AS BLOB), m.start + 1, m.end - m.start)"
    " AS TEXT)), m.start, 1 FROM mentions m JOIN articles a ON a.id = m.article"
    " LEFT JOIN entities e ON e.article = m.article AND e.idx = m.entity"
    " WHERE m.article = ?1 AND m.kind = 'name' AND m.type = 'PER' ORDER BY m.idx",
    "SELECT coalesce(e.name, CAST(substr(CAST(a.text AS BLOB), m.start + 1, m.end - m.start)"
    " AS TEXT)), m.start, 1 FROM mentions m JOIN articles a ON a.id = m.article"
    " LEFT JOIN entities e ON e.article = m.article AND e.idx = m.entity"
    " WHERE m.article = ?1 AND m.kind = 'name' AND m.type = 'ORG' ORDER BY m.idx",
    "SELECT coalesce(e.name, CAST(substr(CAST(a.text AS BLOB), m.start + 1, m.end - m.start)"
    " AS TEXT)), m.start FROM mentions m JOIN articles a ON a.id = m.article"
    " LEFT JOIN entities e ON e.article = m.article AND e.idx = m.entity"
    " WHERE m.article = ?1 AND m.kind = 'name' ORDER BY m.idx",
    "SELECT resolved, resolution, start FROM dates WHERE article = ?1 ORDER BY idx",
    "SELECT start, end, verb, text FROM quotes WHERE article = ?1 ORDER BY idx",
    "SELECT amount, coalesce(object, currency, ''), start FROM amounts WHERE article = ?1"
    " ORDER BY idx",
};

/* The per-article statements of the GKG export and the names seen in a
 * field so far. */
typedef struct gkg_ctx {
    sqlite3_stmt *part[G_N];
    seen z;
} gkg_ctx;

static int gkg_row(exporter *x, sqlite3_stmt *st, void *ctx)
{
    gkg_ctx *gc = ctx;
    buf *b = &x->b;
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    const char *doc_id = txt(st, 1), *url = txt(st, 3), *title = txt(st, 4);
    const char *text = txt(st, 5);
    char date[24], domain[256], head[128];
    if (is_null(st, 2))
        snprintf(date, sizeof date, "0");
    else
        date_added(st, 2, date);
    int web = url[0] != 0;
    io_url_domain(url, domain, sizeof domain);
    snprintf(head, sizeof head, "%s-%llu\t%s\t%d\t", date, io_gkg_record_number(doc_id), date,
             web ? 1 : 2);
    int rc = buf_puts(b, head);
    if (!rc)
        rc = io_gkg_clean(b, web && domain[0] ? domain : doc_id,
                          strlen(web && domain[0] ? domain : doc_id), NULL, 0, NULL);
    if (!rc)
        rc = buf_putc(b, '\t');
    if (!rc)
        rc = io_gkg_clean(b, web ? url : doc_id, strlen(web ? url : doc_id), NULL, 0, NULL);
    /* 6-15: counts, themes, locations, persons, organisations (V1, V2) */
    static const int order[5] = {G_COUNTS, G_THEMES, G_LOCS, G_PERS, G_ORGS};
    for (int k = 0; !rc && k < 5; k++)
        for (int v2 = 0; !rc && v2 < 2; v2++) {
            int g = order[k];
            seen_clear(&gc->z);
            rc = buf_putc(b, '\t');
            row_fn fn = g == G_COUNTS ? row_count : g == G_LOCS ? row_location : row_name;
            if (!rc)
                rc = each_row(x, gc->part[g], id, text, v2, fn, &gc->z);
        }
    /* 16: tone */
    if (!rc && !(rc = buf_putc(b, '\t')) && !is_null(st, 6)) {
        for (int c = 6; !rc && c <= 11; c++) {
            rc = io_gkg_num(b, sqlite3_column_double(st, c));
            if (!rc)
                rc = buf_putc(b, ',');
        }
        if (!rc)
            rc = io_gkg_num(b, (double)sqlite3_column_int64(st, 12));
    }
    /* 17: dates; 18-22: GCAM, images, embeds: none */
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = each_row(x, gc->part[G_DATES], id, text, 1, row_date, NULL);
    if (!rc)
        rc = buf_puts(b, "\t\t\t\t\t");
    /* 23-25: quotations, all names, amounts */
    int first = 1;
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = each_row(x, gc->part[G_QUOTES], id, text, 1, row_quote, &first);
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = each_row(x, gc->part[G_NAMES], id, text, 1, row_name, NULL);
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = each_row(x, gc->part[G_AMOUNTS], id, text, 1, row_amount, NULL);
    /* 26-27: translation info (none), extras: the page title */
    if (!rc)
        rc = buf_puts(b, "\t\t");
    if (!rc && title[0]) {
        size_t mark = b->len;
        int wrote = 0;
        rc = buf_puts(b, "<PAGE_TITLE>");
        if (!rc)
            rc = io_gkg_clean(b, title, strlen(title), NULL, IO_GKG_XML, &wrote);
        if (!rc && !wrote) {
            b->len = mark;
            b->data[mark] = 0;
        } else if (!rc)
            rc = buf_puts(b, "</PAGE_TITLE>");
    }
    if (!rc)
        rc = buf_putc(b, '\n');
    return rc;
}

static int export_gkg(exporter *x, const export_opts *o)
{
    char where[128], sqls[1024];
    date_where(where, sizeof where, "a.date", o);
    snprintf(sqls, sizeof sqls,
             "SELECT a.id, a.doc_id, a.date, a.url, a.title, a.text, t.tone, t.positive,"
             " t.negative, t.polarity, t.activity, t.self_group, t.words FROM articles a"
             " LEFT JOIN tone t ON t.article = a.id WHERE 1%s ORDER BY a.id",
             where);
    gkg_ctx c = {{0}, {0}};
    int rc = 0;
    for (int i = 0; !rc && i < G_N; i++)
        if (sqlite3_prepare_v2(x->db, gkg_sql[i], -1, &c.part[i], NULL) != SQLITE_OK)
            rc = -1;
    if (!rc)
        rc = run_rows(x, sqls, gkg_row, &c);
    seen_clear(&c.z);
    free(c.z.s);
    for (int i = 0; i < G_N; i++)
        sqlite3_finalize(c.part[i]);
    return rc;
}

/* ---------------------------------------------------------------- JSONL, CSV */

static int export_table(exporter *x, const export_opts *o, casus_error *err)
{
    char where[128], sqls[2048];
    date_where(where, sizeof where, "e.date", o);
    snprintf(sqls, sizeof sqls,
             "SELECT e.id AS event, " FIRST_REPORT("global_id") " AS global_id,"
             " CASE WHEN e.date IS NULL THEN NULL ELSE printf('%%04d-%%02d-%%02d', e.date / 10000,"
             " e.date / 100 %% 100, e.date %% 100) END AS date, e.date_res AS date_resolution,"
             " e.actor1_code AS source, e.actor1_name AS source_name,"
             " e.actor1_country AS source_country, e.actor2_code AS target,"
             " e.actor2_name AS target_name, e.actor2_country AS target_country,"
             " e.code AS code, e.base AS base, e.root AS root, e.quadclass AS quadclass,"
             " e.goldstein AS goldstein, e.place_name AS place, e.place_country AS place_country,"
             " e.place_adm1 AS place_adm1, e.place_lat AS lat, e.place_lon AS lon,"
             " e.place_geonameid AS geonameid, e.num_mentions AS mentions,"
             " e.num_sources AS sources, e.num_articles AS articles,"
             " round(e.avg_tone, 4) AS avg_tone, a.doc_id AS article, a.url AS url,"
             " " FIRST_REPORT("sentence") " AS sentence_no, " FIRST_REPORT("rule") " AS rule"
             " FROM events e JOIN articles a ON a.id = e.first_article WHERE 1%s"
             " ORDER BY e.date, e.id",
             where);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(x->db, sqls, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = query_print(st, o->format == EXPORT_CSV ? QUERY_CSV : QUERY_JSON, x->f, &x->n_rows,
                         err);
    sqlite3_finalize(st);
    return rc;
}

/* ---------------------------------------------------------------- entry */

int export_write(const char *path, const export_opts *o, FILE *f, size_t *n_rows,
                 casus_error *err)
{
    if (n_rows)
        *n_rows = 0;
    if (o->since && o->until && o->since > o->until)
        return error_set(err, CASUS_EINVAL, "--since %d is after --until %d", (int)o->since,
                         (int)o->until);
    store *s = NULL;
    store_opts so = {.flags = STORE_READONLY};
    int rc = store_open(&s, path, &so, err);
    if (rc)
        return rc;
    exporter *x = calloc(1, sizeof *x);
    if (!x) {
        store_close(s, NULL);
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    }
    x->db = store_db(s);
    x->path = path;
    x->f = f;
    buf_init(&x->b, 0);
    if (o->format == EXPORT_GDELT_EVENTS || o->format == EXPORT_GDELT_GKG) {
        const char *dir = o->dict_dir;
        if (!dir) {
            const char *env = getenv("CASUS_DICT");
            dir = env && *env ? env : CASUS_DICT_DIR;
        }
        char file[4096];
        snprintf(file, sizeof file, "%s/cameo/actor_codes.txt", dir);
        if ((rc = cameo_units_load(&x->units, file, err)))
            goto done;
        fips_init(x);
    }
    switch (o->format) {
    case EXPORT_GDELT_EVENTS:
        rc = export_events(x, o);
        break;
    case EXPORT_GDELT_MENTIONS:
        rc = export_mentions(x, o);
        break;
    case EXPORT_GDELT_GKG:
        rc = export_gkg(x, o);
        break;
    default:
        rc = export_table(x, o, err);
        goto done;
    }
    if (!rc)
        rc = flush_some(x, 1);
    if (rc == -1)
        rc = error_set(err, CASUS_EIO, "%s: export failed: %s", path, sqlite3_errmsg(x->db));
    else if (rc == CASUS_EIO)
        rc = error_set(err, CASUS_EIO, "writing the export failed");
    else if (rc == CASUS_ENOMEM || rc == CASUS_ETOOBIG)
        rc = error_set(err, CASUS_ENOMEM, "out of memory");
    else if (!rc && fflush(f))
        rc = error_set(err, CASUS_EIO, "writing the export failed");
done:
    if (n_rows)
        *n_rows = x->n_rows;
    buf_finish(&x->b);
    cameo_units_free(x->units);
    free(x);
    store_close(s, NULL);
    return rc;
}
