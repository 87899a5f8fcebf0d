/*
 * query.c — the queries of `casus query` over the event database
 * (docs/SCHEMA.md; user documentation in docs/QUERY.md).
 *
 * Input: a database made by `casus ingest` (or any writer of the schema),
 * opened read-only. Output: one prepared statement per query, whose rows
 * query_print writes as a table, TSV, CSV or JSON lines.
 *
 * Tuned for the two queries an analyst runs most, on millions of events:
 * a dyad over time and a filtered list of the latest events (both under
 * 100 ms on 1,000,000 events: bench/bench_query.c, docs/BENCHMARKS.md).
 *  - An actor argument matches as a prefix ("USA" is USA, USAGOV,
 *    USAMIL...). For a 3-letter country code that is the same set as
 *    `actorN_country = code`, which the events_dyad_country index answers
 *    with equality on both sides of a dyad, so a probe of one index row
 *    decides which form a code takes; other codes become a range on the
 *    code column (events_dyad, events_actor2).
 *  - Both directions of a dyad are two indexed branches of a UNION ALL
 *    (the second excludes what the first matched, so "USA USAGOV" counts
 *    no event twice) rather than one OR the planner may scan for.
 *  - The latest events matching a filter are taken before the joins that
 *    fetch each one's report, article and sentence, so a LIMIT of 20
 *    costs 20 joins whatever the filter matched.
 *  - The database stores no sentence boundaries, only sentence numbers:
 *    casus_sentence() re-splits the article with casus's own text stage
 *    (the splitter ingest used, so the numbers agree) and caches the last
 *    article, since an article's events come together.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/cameo.h"
#include "store/query.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/utf8.h"

#ifndef CASUS_DICT_DIR
#define CASUS_DICT_DIR "dict"
#endif

struct query {
    store *st;
    sqlite3 *db;
    char *path;
    cameo_table *cameo;   /* event code names; NULL when dict/ is absent */
    casus_pipeline *text; /* text stage only: sentence boundaries */
    /* the last article casus_sentence split */
    sqlite3_int64 cached_article;
    casus_article art;
    char *art_text;
    casus_doc *doc;
};

/* ---------------------------------------------------------------- SQL functions */

/* Splits article id (rowid) into sentences, keeping it as q's cached one. */
static int load_article(query *q, sqlite3_int64 id)
{
    if (q->doc && q->cached_article == id)
        return 0;
    casus_doc_free(q->doc);
    q->doc = NULL;
    free(q->art_text);
    q->art_text = NULL;
    q->cached_article = 0;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(q->db, "SELECT text FROM articles WHERE id = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if ((q->art_text = malloc(n + 1))) {
            if (n)
                memcpy(q->art_text, t, n);
            q->art_text[n] = 0;
            memset(&q->art, 0, sizeof q->art);
            q->art.id = q->art.url = q->art.title = q->art.date = q->art.source = "";
            q->art.text = q->art_text;
            q->art.text_len = n;
            casus_error err;
            if (!casus_doc_process(q->text, &q->art, &q->doc, &err)) {
                q->cached_article = id;
                rc = 0;
            }
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* casus_sentence(article, n): the text of sentence n (0-based) of the
 * article, NULL when either is unknown. */
static void fn_sentence(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    query *q = sqlite3_user_data(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    sqlite3_int64 id = sqlite3_value_int64(argv[0]), n = sqlite3_value_int64(argv[1]);
    if (!q->text || load_article(q, id))
        return;
    casus_text_view v;
    casus_doc_text(q->doc, &v);
    if (n < 0 || (size_t)n >= v.n_sentences)
        return;
    const casus_sentence *s = &v.sentences[n];
    sqlite3_result_text(ctx, v.text + s->start, (int)(s->end - s->start), SQLITE_TRANSIENT);
}

/* cameo_name(code): "Consult, not specified below"; NULL when unknown. */
static void fn_cameo_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    query *q = sqlite3_user_data(ctx);
    const char *code = (const char *)sqlite3_value_text(argv[0]);
    const cameo_code *c = q->cameo && code ? cameo_lookup(q->cameo, code) : NULL;
    if (c && c->name)
        sqlite3_result_text(ctx, c->name, -1, SQLITE_STATIC);
}

/* ---------------------------------------------------------------- open, close */

int query_open(query **out, const char *path, const char *dict_dir, casus_error *err)
{
    *out = NULL;
    query *q = calloc(1, sizeof *q);
    if (!q || !(q->path = strdup(path))) {
        free(q);
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    }
    store_opts so = {.flags = STORE_READONLY};
    int rc = store_open(&q->st, path, &so, err);
    if (rc) {
        free(q->path);
        free(q);
        return rc;
    }
    q->db = store_db(q->st);
    /* names of event codes: a missing table only leaves names empty */
    if (!dict_dir) {
        const char *env = getenv("CASUS_DICT");
        dict_dir = env && *env ? env : CASUS_DICT_DIR;
    }
    char file[4096];
    snprintf(file, sizeof file, "%s/cameo/event_codes.txt", dict_dir);
    casus_error ignored;
    if (cameo_table_load(&q->cameo, file, &ignored))
        q->cameo = NULL;
    casus_pipeline_opts po = {.stages = CASUS_STAGE_TEXT};
    if ((rc = casus_pipeline_new(&q->text, &po, err)))
        goto fail;
    if (sqlite3_create_function(q->db, "casus_sentence", 2, SQLITE_UTF8, q, fn_sentence, NULL,
                                NULL) != SQLITE_OK ||
        sqlite3_create_function(q->db, "cameo_name", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, q,
                                fn_cameo_name, NULL, NULL) != SQLITE_OK) {
        rc = error_set(err, CASUS_EIO, "%s: cannot register SQL functions: %s", path,
                       sqlite3_errmsg(q->db));
        goto fail;
    }
    *out = q;
    return 0;
fail:
    query_close(q);
    return rc;
}

void query_close(query *q)
{
    if (!q)
        return;
    casus_doc_free(q->doc);
    free(q->art_text);
    casus_pipeline_free(q->text);
    cameo_table_free(q->cameo);
    store_close(q->st, NULL);
    free(q->path);
    free(q);
}

sqlite3 *query_db(query *q) { return q->db; }

/* ---------------------------------------------------------------- building SQL */

/* A statement under construction: SQL text and its text parameters, bound
 * in order (every '?' in sql is one of them). */
#define MAX_PARAMS 48
typedef struct sqlb {
    buf sql;
    char *param[MAX_PARAMS];
    size_t n_param;
    int failed;
} sqlb;

static void sqlb_init(sqlb *b)
{
    memset(b, 0, sizeof *b);
    buf_init(&b->sql, 0);
}

static void sqlb_finish(sqlb *b)
{
    buf_finish(&b->sql);
    for (size_t i = 0; i < b->n_param; i++)
        free(b->param[i]);
}

static void sql(sqlb *b, const char *s)
{
    if (buf_puts(&b->sql, s))
        b->failed = 1;
}

/* Appends '?' bound to s. */
static void param(sqlb *b, const char *s)
{
    if (b->n_param == MAX_PARAMS || !(b->param[b->n_param] = strdup(s))) {
        b->failed = 1;
        return;
    }
    b->n_param++;
    sql(b, "?");
}

static void param_int(sqlb *b, long long v)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", v);
    sql(b, num); /* integers are ours, never the user's text */
}

static int sqlb_prepare(query *q, sqlb *b, sqlite3_stmt **out, casus_error *err)
{
    *out = NULL;
    if (b->failed)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", q->path);
    if (sqlite3_prepare_v2(q->db, b->sql.data, -1, out, NULL) != SQLITE_OK)
        return error_set(err, CASUS_EIO, "%s: cannot prepare the query: %s", q->path,
                         sqlite3_errmsg(q->db));
    for (size_t i = 0; i < b->n_param; i++)
        sqlite3_bind_text(*out, (int)i + 1, b->param[i], -1, SQLITE_TRANSIENT);
    return 0;
}

/* ---------------------------------------------------------------- arguments */

/* An actor code argument, upper-cased into out: 3 to 30 letters or digits. */
static int actor_arg(const char *what, const char *s, char out[32], casus_error *err)
{
    size_t n = strlen(s);
    int ok = n >= 3 && n < 31;
    for (size_t i = 0; ok && i < n; i++) {
        if (!isalnum((unsigned char)s[i]))
            ok = 0;
        out[i] = (char)toupper((unsigned char)s[i]);
    }
    if (!ok)
        return error_set(err, CASUS_EINVAL,
                         "%s '%s' is not a CAMEO actor code (3 or more letters: USA, USAGOV, "
                         "IGOUNO)",
                         what, s);
    out[n] = 0;
    return 0;
}

/* The exclusive upper bound of the prefix range of p ("USA" -> "USB"). */
static void prefix_end(const char *p, char *out, size_t size)
{
    snprintf(out, size, "%s", p);
    size_t n = strlen(out);
    if (n)
        out[n - 1]++;
}

/* 1 when the 3-letter code is a country unit, as the database's own rows
 * say (actorN_country is the code's first 3 letters exactly when those
 * are a country). One indexed row per side. */
static int is_country(query *q, const char *code)
{
    static const char *const probes[2] = {
        "SELECT actor1_country FROM events WHERE actor1_code >= ?1 AND actor1_code < ?2 LIMIT 1",
        "SELECT actor2_country FROM events WHERE actor2_code >= ?1 AND actor2_code < ?2 LIMIT 1"};
    char end[32];
    prefix_end(code, end, sizeof end);
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        int found = -1;
        if (sqlite3_prepare_v2(q->db, probes[i], -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW)
                found = !strcmp((const char *)sqlite3_column_text(st, 0), code);
        }
        sqlite3_finalize(st);
        if (found >= 0)
            return found;
    }
    return 0;
}

/* An actor condition on side ("actor1", "actor2"), code already checked;
 * alias is the table's alias with its dot, or "". */
static void actor_cond_x(query *q, sqlb *b, const char *alias, const char *side,
                         const char *code, int country_ok)
{
    char col[64];
    if (country_ok && strlen(code) == 3 && is_country(q, code)) {
        snprintf(col, sizeof col, "%s%s_country = ", alias, side);
        sql(b, col);
        param(b, code);
        return;
    }
    char end[32];
    prefix_end(code, end, sizeof end);
    snprintf(col, sizeof col, "%s%s_code >= ", alias, side);
    sql(b, col);
    param(b, code);
    snprintf(col, sizeof col, " AND %s%s_code < ", alias, side);
    sql(b, col);
    param(b, end);
}

static void actor_cond(query *q, sqlb *b, const char *alias, const char *side, const char *code)
{
    actor_cond_x(q, b, alias, side, code, 1);
}

/* An event code prefix: 2 to 4 digits. */
static int code_arg(const char *s, casus_error *err)
{
    size_t n = strlen(s);
    int ok = n >= 2 && n <= 4;
    for (size_t i = 0; ok && i < n; i++)
        ok = s[i] >= '0' && s[i] <= '9';
    if (!ok)
        return error_set(err, CASUS_EINVAL,
                         "event code '%s' is not a CAMEO code prefix (2 to 4 digits: 14, 141, "
                         "0211)",
                         s);
    return 0;
}

static int dates_arg(const query_args *qa, casus_error *err)
{
    if (qa->since && qa->until && qa->since > qa->until)
        return error_set(err, CASUS_EINVAL, "--since %d is after --until %d", (int)qa->since,
                         (int)qa->until);
    return 0;
}

/* " AND date >= S AND date <= U" for the column col. */
static void date_cond(sqlb *b, const char *col, const query_args *qa)
{
    if (qa->since) {
        sql(b, " AND ");
        sql(b, col);
        sql(b, " >= ");
        param_int(b, qa->since);
    }
    if (qa->until) {
        sql(b, " AND ");
        sql(b, col);
        sql(b, " <= ");
        param_int(b, qa->until);
    }
}

int query_parse_date(const char *s, int end, int32_t *out)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return -1;
    int y = atoi(s), m = n >= 7 ? atoi(s + 5) : (end ? 12 : 1);
    int d = n == 10 ? atoi(s + 8) : (end ? 31 : 1);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *out = y * 10000 + m * 100 + d;
    return 0;
}

/* A YYYYMMDD column as "YYYY-MM-DD" (NULL stays NULL). */
static void date_col(sqlb *b, const char *col, const char *name)
{
    char s[256];
    snprintf(s, sizeof s,
             "CASE WHEN %s IS NULL THEN NULL ELSE printf('%%04d-%%02d-%%02d', %s / 10000, "
             "%s / 100 %% 100, %s %% 100) END AS %s",
             col, col, col, col, name);
    sql(b, s);
}

/* The period of a YYYYMMDD column ('undated' for NULL). Weeks start on
 * Monday and are named by it. */
static void period_col(sqlb *b, const char *col, query_period by)
{
    char s[512], day[160];
    snprintf(day, sizeof day, "printf('%%04d-%%02d-%%02d', %s / 10000, %s / 100 %% 100, %s %% 100)",
             col, col, col);
    const char *e;
    char expr[320];
    switch (by) {
    case QUERY_BY_DAY:
        e = day;
        break;
    case QUERY_BY_WEEK:
        snprintf(expr, sizeof expr, "date(%s, '-6 days', 'weekday 1')", day);
        e = expr;
        break;
    case QUERY_BY_YEAR:
        snprintf(expr, sizeof expr, "printf('%%04d', %s / 10000)", col);
        e = expr;
        break;
    default:
        snprintf(expr, sizeof expr, "printf('%%04d-%%02d', %s / 10000, %s / 100 %% 100)", col, col);
        e = expr;
        break;
    }
    snprintf(s, sizeof s, "CASE WHEN %s IS NULL THEN 'undated' ELSE %s END", col, e);
    sql(b, s);
}

static long limit_of(const query_args *qa, long def)
{
    return qa->limit > 0 ? qa->limit : def;
}

/* ---------------------------------------------------------------- dyad, timeline */

/* The per-period summary both dyad and timeline print, over a CTE `p`
 * with columns period, dir, base, quadclass, goldstein, num_mentions,
 * partner. */
static void period_summary(sqlb *b, const char *dir1, const char *dir2, int partners)
{
    /* p is read by two aggregates, so SQLite materialises it once; the
     * per-period totals and the top codes are then joined period to
     * period (a few hundred rows), never row to row */
    char s[512];
    snprintf(s, sizeof s,
             ", s AS (SELECT period, count(*) AS events, sum(dir = 1) AS %s, sum(dir = 2) AS %s,",
             dir1, dir2);
    sql(b, s);
    sql(b, " sum(quadclass = 1) AS q1_verbal_coop, sum(quadclass = 2) AS q2_material_coop,"
           " sum(quadclass = 3) AS q3_verbal_conflict, sum(quadclass = 4) AS q4_material_conflict,"
           " round(avg(goldstein), 2) AS goldstein, sum(num_mentions) AS mentions"
           " FROM p GROUP BY period),"
           " c AS (SELECT period, base, count(*) AS n FROM p GROUP BY period, base),"
           " r AS (SELECT period, base, n, row_number() OVER (PARTITION BY period"
           " ORDER BY n DESC, base) AS rk FROM c),"
           " t AS (SELECT period, group_concat(base || ':' || n, ' ') AS top"
           " FROM (SELECT * FROM r WHERE rk <= 3 ORDER BY period, rk) GROUP BY period)");
    if (partners)
        sql(b, ", pc AS (SELECT period, partner, count(*) AS n FROM p WHERE partner <> ''"
               " GROUP BY period, partner),"
               " pr AS (SELECT period, partner, n, row_number() OVER (PARTITION BY period"
               " ORDER BY n DESC, partner) AS rk FROM pc),"
               " pt AS (SELECT period, group_concat(partner || ':' || n, ' ') AS top"
               " FROM (SELECT * FROM pr WHERE rk <= 3 ORDER BY period, rk) GROUP BY period)");
    sql(b, " SELECT s.*, t.top AS top_codes");
    if (partners)
        sql(b, ", pt.top AS top_partners");
    sql(b, " FROM s LEFT JOIN t ON t.period = s.period");
    if (partners)
        sql(b, " LEFT JOIN pt ON pt.period = s.period");
    sql(b, " ORDER BY s.period");
}

static void period_select(sqlb *b, int dir, const query_args *qa, const char *partner)
{
    char s[96];
    snprintf(s, sizeof s, "SELECT %d AS dir, ", dir);
    sql(b, s);
    period_col(b, "date", qa->by);
    sql(b, " AS period, base, quadclass, goldstein, num_mentions, ");
    sql(b, partner);
    sql(b, " AS partner FROM events WHERE ");
}

/* The condition of one direction of a dyad: actor1 a, actor2 b. Two
 * countries are equalities on events_dyad_country. Otherwise both are code
 * ranges (a country's range is the same set), the actor2 one written +col
 * so that SQLite takes events_dyad (actor1's range, actor2 checked inside
 * the index) over events_actor2, which reads a table row for every actor2
 * match. */
static void dyad_cond(query *q, sqlb *b, const char *a, const char *bb)
{
    int both = strlen(a) == 3 && strlen(bb) == 3 && is_country(q, a) && is_country(q, bb);
    actor_cond_x(q, b, "", "actor1", a, both);
    sql(b, " AND ");
    actor_cond_x(q, b, both ? "" : "+", "actor2", bb, both);
}

int query_dyad(query *q, const char *a, const char *b_, const query_args *qa, sqlite3_stmt **out,
               casus_error *err)
{
    *out = NULL;
    char ca[32], cb[32];
    int rc;
    if ((rc = actor_arg("actor", a, ca, err)) || (rc = actor_arg("actor", b_, cb, err)) ||
        (rc = dates_arg(qa, err)))
        return rc;
    sqlb b;
    sqlb_init(&b);
    /* one pass over the events: grouped by (period, base code), which
     * gives both the period's totals (summed again) and its top codes
     * (ranked within the period) */
    sql(&b, "WITH p AS (");
    period_select(&b, 1, qa, "''");
    dyad_cond(q, &b, ca, cb);
    date_cond(&b, "date", qa);
    sql(&b, " UNION ALL ");
    period_select(&b, 2, qa, "''");
    dyad_cond(q, &b, cb, ca);
    date_cond(&b, "date", qa);
    /* an event both branches match (A and B overlap) counts once, as A->B */
    sql(&b, " AND NOT (");
    dyad_cond(q, &b, ca, cb);
    sql(&b, ")), c AS (SELECT period, base, count(*) AS n, sum(dir = 1) AS d1,"
            " sum(dir = 2) AS d2, sum(quadclass = 1) AS q1, sum(quadclass = 2) AS q2,"
            " sum(quadclass = 3) AS q3, sum(quadclass = 4) AS q4, sum(goldstein) AS gs,"
            " sum(num_mentions) AS m FROM p GROUP BY period, base),"
            " r AS (SELECT *, row_number() OVER (PARTITION BY period ORDER BY n DESC, base)"
            " AS rk FROM c)"
            " SELECT period, sum(n) AS events, ");
    char s[200];
    snprintf(s, sizeof s, "sum(d1) AS \"%s_to_%s\", sum(d2) AS \"%s_to_%s\",", ca, cb, cb, ca);
    sql(&b, s);
    sql(&b, " sum(q1) AS q1_verbal_coop, sum(q2) AS q2_material_coop,"
            " sum(q3) AS q3_verbal_conflict, sum(q4) AS q4_material_conflict,"
            " round(sum(gs) / sum(n), 2) AS goldstein, sum(m) AS mentions,"
            " group_concat(CASE WHEN rk <= 3 THEN base || ':' || n END, ' ') AS top_codes"
            " FROM (SELECT * FROM r ORDER BY period, rk) GROUP BY period ORDER BY period");
    rc = sqlb_prepare(q, &b, out, err);
    sqlb_finish(&b);
    return rc;
}

int query_timeline(query *q, const char *actor, const query_args *qa, sqlite3_stmt **out,
                   casus_error *err)
{
    *out = NULL;
    char ca[32];
    int rc;
    if ((rc = actor_arg("actor", actor, ca, err)) || (rc = dates_arg(qa, err)))
        return rc;
    sqlb b;
    sqlb_init(&b);
    sql(&b, "WITH p AS (");
    period_select(&b, 1, qa, "actor2_code");
    actor_cond(q, &b, "", "actor1", ca);
    date_cond(&b, "date", qa);
    sql(&b, " UNION ALL ");
    period_select(&b, 2, qa, "actor1_code");
    actor_cond(q, &b, "", "actor2", ca);
    date_cond(&b, "date", qa);
    sql(&b, " AND NOT (");
    actor_cond(q, &b, "", "actor1", ca);
    sql(&b, "))");
    period_summary(&b, "as_source", "as_target", 1);
    rc = sqlb_prepare(q, &b, out, err);
    sqlb_finish(&b);
    return rc;
}

int query_dyads(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err)
{
    *out = NULL;
    int rc = dates_arg(qa, err);
    if (rc)
        return rc;
    /* country pairs, an actor without a country standing for itself; a
     * pair in either order is one dyad, named in alphabetical order */
    sqlb b;
    sqlb_init(&b);
    sql(&b, "WITH e AS (SELECT CASE WHEN actor1_country <> '' THEN actor1_country ELSE"
            " actor1_code END AS x, CASE WHEN actor2_country <> '' THEN actor2_country ELSE"
            " actor2_code END AS y, quadclass, goldstein FROM events WHERE actor2_code <> ''");
    date_cond(&b, "date", qa);
    sql(&b, ") SELECT min(x, y) AS actor_a, max(x, y) AS actor_b, count(*) AS events,"
            " sum(quadclass <= 2) AS cooperation, sum(quadclass >= 3) AS conflict,"
            " round(avg(goldstein), 2) AS goldstein FROM e WHERE x <> y"
            " GROUP BY 1, 2 ORDER BY events DESC, 1, 2 LIMIT ");
    param_int(&b, limit_of(qa, 10));
    rc = sqlb_prepare(q, &b, out, err);
    sqlb_finish(&b);
    return rc;
}

/* ---------------------------------------------------------------- events */

static const char events_cols[] =
    " e.id AS event, ";
static const char events_cols2[] =
    " e.actor1_code AS source, e.actor1_name AS source_name,"
    " e.actor2_code AS target, e.actor2_name AS target_name,"
    " m.code AS code, e.quadclass AS quadclass, e.goldstein AS goldstein,"
    " e.place_name AS place, e.num_mentions AS mentions, e.num_articles AS articles,"
    " m.rule AS rule, a.doc_id AS article, m.sentence AS sentence_no,"
    " CAST(substr(CAST(a.text AS BLOB), m.trigger_start + 1, m.trigger_end - m.trigger_start)"
    " AS TEXT) AS trigger";
/* the article's title and URL: not repeated on every row of --article */
static const char events_article_cols[] = ", a.title AS title, a.url AS url";
static const char events_sentence_col[] = ", casus_sentence(a.id, m.sentence) AS sentence";

/* The filters of `events`, each of which an index can answer. */
enum { F_SOURCE, F_TARGET, F_ACTOR, F_CODE, F_PLACE, F_DATES, F_N };

/* Checks the filters' arguments; the canonical codes go to codes[]. */
static int events_check(const query_args *qa, char codes[3][32], casus_error *err)
{
    int rc;
    if (qa->source && (rc = actor_arg("--source", qa->source, codes[0], err)))
        return rc;
    if (qa->target && (rc = actor_arg("--target", qa->target, codes[1], err)))
        return rc;
    if (qa->actor && (rc = actor_arg("--actor", qa->actor, codes[2], err)))
        return rc;
    if (qa->code && (rc = code_arg(qa->code, err)))
        return rc;
    if (qa->place && !qa->place[0])
        return error_set(err, CASUS_EINVAL, "--place wants a place name or a country code");
    return 0;
}

static int filter_present(const query_args *qa, int k)
{
    switch (k) {
    case F_SOURCE:
        return qa->source != NULL;
    case F_TARGET:
        return qa->target != NULL;
    case F_ACTOR:
        return qa->actor != NULL;
    case F_CODE:
        return qa->code != NULL;
    case F_PLACE:
        return qa->place != NULL;
    default:
        return qa->since || qa->until;
    }
}

/* Appends " AND <filter k>"; with indexed 0 its columns are written +col,
 * which keeps SQLite from answering the filter with an index. */
static void filter_cond(query *q, sqlb *b, const query_args *qa, char codes[3][32], int k,
                        int indexed)
{
    const char *al = indexed ? "e." : "+e.";
    char s[64];
    switch (k) {
    case F_SOURCE:
        sql(b, " AND ");
        actor_cond(q, b, al, "actor1", codes[0]);
        break;
    case F_TARGET:
        /* the range form: events_actor2 leads with actor2_code */
        sql(b, " AND ");
        actor_cond_x(q, b, al, "actor2", codes[1], 0);
        break;
    case F_ACTOR:
        sql(b, " AND ((");
        actor_cond(q, b, al, "actor1", codes[2]);
        sql(b, ") OR (");
        actor_cond_x(q, b, al, "actor2", codes[2], 0);
        sql(b, "))");
        break;
    case F_CODE: {
        char end[8];
        prefix_end(qa->code, end, sizeof end);
        snprintf(s, sizeof s, " AND %scode >= ", al);
        sql(b, s);
        param(b, qa->code);
        snprintf(s, sizeof s, " AND %scode < ", al);
        sql(b, s);
        param(b, end);
        break;
    }
    case F_PLACE: {
        const char *p = qa->place;
        if (strlen(p) == 2 && isupper((unsigned char)p[0]) && isupper((unsigned char)p[1])) {
            snprintf(s, sizeof s, " AND %splace_country = ", al);
            sql(b, s);
            param(b, p);
        } else {
            sql(b, " AND e.place_name = "); /* no index on names */
            param(b, p);
            sql(b, " COLLATE NOCASE");
        }
        break;
    }
    default:
        date_cond(b, indexed ? "e.date" : "+e.date", qa);
        break;
    }
}

/* How many events filter k alone matches, counted on its index up to
 * cap: SQLite without statistics (a database fresh from an ingest has
 * none, and a read-only connection cannot ANALYZE) takes an equality for
 * more selective than any range, and would drive "--source CHN --code 14"
 * by China's 90,000 events rather than the 5,000 protests. */
#define ESTIMATE_CAP 20000
static long filter_estimate(query *q, const query_args *qa, char codes[3][32], int k)
{
    if (k == F_PLACE && strlen(qa->place) != 2)
        return ESTIMATE_CAP; /* a name has no index */
    sqlb b;
    sqlb_init(&b);
    sql(&b, "SELECT count(*) FROM (SELECT 1 FROM events e WHERE 1");
    filter_cond(q, &b, qa, codes, k, 1);
    sql(&b, " LIMIT ");
    param_int(&b, ESTIMATE_CAP);
    sql(&b, ")");
    long n = ESTIMATE_CAP;
    sqlite3_stmt *st = NULL;
    casus_error ignored;
    if (!sqlb_prepare(q, &b, &st, &ignored) && sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlb_finish(&b);
    return n;
}

/* The filters of `events` on the events table aliased e, the one that
 * matches fewest events answered by its index and the others checked on
 * the rows it yields; when every filter matches many events (or there is
 * none), none is indexed and the newest events are read from events_date
 * down until the limit is reached, which stops early exactly then. */
static int events_where(query *q, sqlb *b, const query_args *qa, int plan, casus_error *err)
{
    char codes[3][32] = {{0}};
    int rc = events_check(qa, codes, err);
    if (rc)
        return rc;
    int best = -1;
    long best_n = ESTIMATE_CAP;
    if (plan)
        for (int k = 0; k < F_N; k++) {
            if (!filter_present(qa, k))
                continue;
            long n = filter_estimate(q, qa, codes, k);
            if (n < best_n) {
                best_n = n;
                best = k;
            }
        }
    sql(b, "1");
    for (int k = 0; k < F_N; k++)
        if (filter_present(qa, k))
            filter_cond(q, b, qa, codes, k, !plan || k == best);
    return 0;
}

int query_events(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err)
{
    *out = NULL;
    int rc = dates_arg(qa, err);
    if (rc)
        return rc;
    sqlb b;
    sqlb_init(&b);
    if (qa->article) {
        /* one row per report in that article, in the article's order */
        sql(&b, "SELECT");
        sql(&b, events_cols);
        date_col(&b, "e.date", "date");
        sql(&b, ",");
        sql(&b, events_cols2);
        sql(&b, events_sentence_col);
        sql(&b, " FROM articles a JOIN event_mentions m ON m.article = a.id"
                " JOIN events e ON e.id = m.event WHERE a.doc_id = ");
        param(&b, qa->article);
        sql(&b, " AND ");
        if (!(rc = events_where(q, &b, qa, 0, err))) {
            sql(&b, " ORDER BY m.idx LIMIT ");
            param_int(&b, limit_of(qa, 1000));
        }
    } else {
        /* the latest events first; limit before the joins */
        sql(&b, "SELECT");
        sql(&b, events_cols);
        date_col(&b, "e.date", "date");
        sql(&b, ",");
        sql(&b, events_cols2);
        sql(&b, events_article_cols);
        sql(&b, events_sentence_col);
        sql(&b, " FROM (SELECT * FROM events e WHERE ");
        if (!(rc = events_where(q, &b, qa, 1, err))) {
            sql(&b, " ORDER BY e.date DESC, e.id DESC LIMIT ");
            param_int(&b, limit_of(qa, 20));
            /* the event's first report: its earliest sentence in the
             * article that reported it first */
            sql(&b, ") e JOIN event_mentions m ON m.article = e.first_article AND m.idx ="
                    " (SELECT idx FROM event_mentions WHERE event = e.id AND article ="
                    " e.first_article ORDER BY sentence, idx LIMIT 1)"
                    " JOIN articles a ON a.id = m.article ORDER BY e.date DESC, e.id DESC");
        }
    }
    if (!rc)
        rc = sqlb_prepare(q, &b, out, err);
    sqlb_finish(&b);
    return rc;
}

/* ---------------------------------------------------------------- actors, codes */

int query_actors(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err)
{
    *out = NULL;
    int rc = dates_arg(qa, err);
    if (rc)
        return rc;
    sqlb b;
    sqlb_init(&b);
    sql(&b, "WITH n AS (SELECT actor1_code AS code, count(*) AS s, 0 AS t FROM events"
            " WHERE actor1_code <> ''");
    date_cond(&b, "date", qa);
    sql(&b, " GROUP BY actor1_code UNION ALL SELECT actor2_code, 0, count(*) FROM events"
            " WHERE actor2_code <> ''");
    date_cond(&b, "date", qa);
    sql(&b, " GROUP BY actor2_code), top AS (SELECT code, sum(s) + sum(t) AS events,"
            " sum(s) AS as_source, sum(t) AS as_target FROM n GROUP BY code"
            " ORDER BY events DESC, code LIMIT ");
    param_int(&b, limit_of(qa, 20));
    /* a name the actor was reported under (the first stored) */
    sql(&b, ") SELECT code, events, as_source, as_target, coalesce("
            "(SELECT actor1_name FROM events WHERE actor1_code = top.code LIMIT 1),"
            "(SELECT actor2_name FROM events WHERE actor2_code = top.code LIMIT 1)) AS name"
            " FROM top ORDER BY events DESC, code");
    rc = sqlb_prepare(q, &b, out, err);
    sqlb_finish(&b);
    return rc;
}

int query_codes(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err)
{
    *out = NULL;
    int rc = dates_arg(qa, err);
    if (rc)
        return rc;
    sqlb b;
    sqlb_init(&b);
    sql(&b, "SELECT code, count(*) AS events, sum(num_mentions) AS mentions,"
            " min(quadclass) AS quadclass, round(avg(goldstein), 1) AS goldstein,"
            " cameo_name(code) AS name FROM events");
    /* over every event, one pass over the table and a sort beats walking
     * events_code with a table read per row (3.6 s against 0.4 s on a
     * million events) */
    sql(&b, qa->code || qa->since || qa->until ? " WHERE 1" : " NOT INDEXED WHERE 1");
    if (qa->code) {
        if ((rc = code_arg(qa->code, err))) {
            sqlb_finish(&b);
            return rc;
        }
        char end[8];
        prefix_end(qa->code, end, sizeof end);
        sql(&b, " AND code >= ");
        param(&b, qa->code);
        sql(&b, " AND code < ");
        param(&b, end);
    }
    date_cond(&b, "date", qa);
    sql(&b, " GROUP BY code ORDER BY events DESC, code");
    if (qa->limit > 0) {
        sql(&b, " LIMIT ");
        param_int(&b, qa->limit);
    }
    rc = sqlb_prepare(q, &b, out, err);
    sqlb_finish(&b);
    return rc;
}

/* ---------------------------------------------------------------- search, quotes */

/* FTS5 syntax of the user's words: kept as written when they use it
 * (quotes, operators, prefixes, columns, grouping), else each word quoted
 * as a phrase, so that "Kim's visit" or "U.S." cannot be a syntax error. */
static int fts_expr(const char *words, buf *out)
{
    int raw = strpbrk(words, "\"*():^+") != NULL;
    static const char *const ops[] = {" AND ", " OR ", " NOT ", "NEAR("};
    for (size_t i = 0; !raw && i < 4; i++)
        raw = strstr(words, ops[i]) != NULL;
    if (raw)
        return buf_puts(out, words);
    int rc = 0;
    const char *p = words;
    while (!rc && *p) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " \t\n");
        if (out->len)
            rc = buf_putc(out, ' ');
        if (!rc)
            rc = buf_putc(out, '"');
        if (!rc)
            rc = buf_append(out, p, n);
        if (!rc)
            rc = buf_putc(out, '"');
        p += n;
    }
    return rc;
}

int query_search(query *q, const char *words, const query_args *qa, sqlite3_stmt **out,
                 casus_error *err)
{
    *out = NULL;
    int rc = dates_arg(qa, err);
    if (rc)
        return rc;
    buf e;
    buf_init(&e, 1 << 16);
    if ((rc = fts_expr(words, &e)) || !e.len) {
        buf_finish(&e);
        return rc ? error_set(err, rc, "search: out of memory")
                  : error_set(err, CASUS_EINVAL, "search wants some words");
    }
    sqlb b;
    sqlb_init(&b);
    sql(&b, "SELECT a.doc_id AS article, ");
    date_col(&b, "a.date", "date");
    sql(&b, ", a.source AS source, round(-bm25(article_fts), 3) AS score, a.title AS title,"
            " snippet(article_fts, 1, '[', ']', '...', 16) AS snippet"
            " FROM article_fts JOIN articles a ON a.id = article_fts.rowid"
            " WHERE article_fts MATCH ");
    param(&b, e.data);
    date_cond(&b, "a.date", qa);
    sql(&b, " ORDER BY rank LIMIT ");
    param_int(&b, limit_of(qa, 20));
    buf_finish(&e);
    rc = sqlb_prepare(q, &b, out, err);
    sqlb_finish(&b);
    return rc;
}

int query_quotes(query *q, const query_args *qa, sqlite3_stmt **out, casus_error *err)
{
    *out = NULL;
    int rc = dates_arg(qa, err);
    if (rc)
        return rc;
    sqlb b;
    sqlb_init(&b);
    sql(&b, "SELECT a.doc_id AS article, ");
    date_col(&b, "a.date", "date");
    sql(&b, ", q.speaker_name AS speaker, q.speaker_code AS code, q.verb AS verb,"
            " q.text AS quote FROM quotes q JOIN articles a ON a.id = q.article WHERE 1");
    if (qa->speaker) {
        char c[32];
        if ((rc = actor_arg("--speaker", qa->speaker, c, err))) {
            sqlb_finish(&b);
            return rc;
        }
        char end[32];
        prefix_end(c, end, sizeof end);
        sql(&b, " AND q.speaker_code >= ");
        param(&b, c);
        sql(&b, " AND q.speaker_code < ");
        param(&b, end);
    }
    date_cond(&b, "a.date", qa);
    sql(&b, " ORDER BY a.date DESC, a.id, q.idx LIMIT ");
    param_int(&b, limit_of(qa, 50));
    rc = sqlb_prepare(q, &b, out, err);
    sqlb_finish(&b);
    return rc;
}

/* ---------------------------------------------------------------- printing */

/* Columns printed under their row in a table: long texts. */
static int is_long_col(const char *name)
{
    static const char *const names[] = {"sentence", "snippet", "quote", "title", "url"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i]))
            return 1;
    return 0;
}

/* Appends s[0..n) with control characters as spaces and invalid UTF-8 as
 * U+FFFD (a cell never breaks its line), at most max code points (0: no
 * limit; a cut cell ends in "..."). Returns the code points written. */
static size_t put_cell(buf *b, const char *s, size_t n, size_t max, int *rc)
{
    size_t cps = 0;
    for (size_t i = 0; i < n && !*rc;) {
        if (max && cps + 1 == max && n - i > 0) {
            /* one code point left: is the rest longer than that? */
            int32_t cp;
            size_t k = (unsigned char)s[i] < 0x80
                           ? 1
                           : (size_t)utf8_decode((const unsigned char *)s + i, n - i, &cp);
            if (i + k < n) {
                *rc = buf_puts(b, "\xE2\x80\xA6"); /* … */
                return cps + 1;
            }
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            *rc = buf_putc(b, c < 0x20 || c == 0x7F ? ' ' : c);
            i++;
        } else {
            int32_t cp;
            int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
            if (cp == UTF8_REPLACEMENT && k == 1)
                *rc = buf_append(b, "\xEF\xBF\xBD", 3);
            else
                *rc = buf_append(b, s + i, (size_t)k);
            i += (size_t)k;
        }
        cps++;
    }
    return cps;
}

static size_t cps_of(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* A table needs every row before it can size its columns: cells are kept
 * as cleaned strings in one buffer, at offsets. */
#define TABLE_MAX_WIDTH 32

static int print_table(sqlite3_stmt *st, FILE *f, size_t *n_rows, int *step_rc)
{
    int nc = sqlite3_column_count(st);
    buf cells;
    buf_init(&cells, 0);
    size_t *off = NULL, n_off = 0, cap_off = 0;
    size_t width[64] = {0};
    int numeric[64];
    int rc = 0;
    if (nc > 64)
        nc = 64;
    for (int c = 0; c < nc; c++) {
        width[c] = is_long_col(sqlite3_column_name(st, c)) ? 0 : strlen(sqlite3_column_name(st, c));
        numeric[c] = 1;
    }
    size_t rows = 0;
    while (!rc && (*step_rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < nc && !rc; c++) {
            if (n_off == cap_off) {
                size_t nc2 = cap_off ? cap_off * 2 : 256;
                size_t *p = realloc(off, nc2 * sizeof *p);
                if (!p) {
                    rc = CASUS_ENOMEM;
                    break;
                }
                off = p;
                cap_off = nc2;
            }
            off[n_off++] = cells.len;
            int t = sqlite3_column_type(st, c);
            const char *s = (const char *)sqlite3_column_text(st, c);
            size_t n = (size_t)sqlite3_column_bytes(st, c);
            if (t != SQLITE_INTEGER && t != SQLITE_FLOAT && t != SQLITE_NULL)
                numeric[c] = 0;
            int longc = is_long_col(sqlite3_column_name(st, c));
            size_t w = put_cell(&cells, s ? s : "", s ? n : 0, longc ? 0 : TABLE_MAX_WIDTH, &rc);
            if (!rc)
                rc = buf_putc(&cells, 0);
            if (!longc && w > width[c])
                width[c] = w;
        }
        rows++;
    }
    if (*step_rc == SQLITE_DONE)
        *step_rc = 0;
    /* header, then rows */
    for (int c = 0; c < nc && !rc; c++)
        if (width[c])
            fprintf(f, "%s%-*s", c ? "  " : "", (int)width[c], sqlite3_column_name(st, c));
    fputc('\n', f);
    for (size_t r = 0; r < rows && !rc; r++) {
        int first = 1;
        for (int c = 0; c < nc; c++) {
            const char *s = cells.data + off[r * (size_t)nc + (size_t)c];
            if (!width[c])
                continue;
            size_t pad = width[c] - cps_of(s, strlen(s));
            if (!first)
                fputs("  ", f);
            first = 0;
            if (numeric[c])
                fprintf(f, "%*s%s", (int)pad, "", s);
            else
                fprintf(f, "%s%*s", s, c + 1 < nc ? (int)pad : 0, "");
        }
        fputc('\n', f);
        for (int c = 0; c < nc; c++) {
            const char *s = cells.data + off[r * (size_t)nc + (size_t)c];
            if (!width[c] && *s)
                fprintf(f, "    %s: %s\n", sqlite3_column_name(st, c), s);
        }
    }
    if (n_rows)
        *n_rows = rows;
    free(off);
    buf_finish(&cells);
    return rc;
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static int put_csv(buf *b, const char *s, size_t n)
{
    int rc = 0;
    if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n))
        return buf_append(b, s, n);
    rc = buf_putc(b, '"');
    for (size_t i = 0; !rc && i < n; i++)
        rc = s[i] == '"' ? buf_puts(b, "\"\"") : buf_putc(b, s[i]);
    return rc ? rc : buf_putc(b, '"');
}

int query_print(sqlite3_stmt *st, query_format fmt, FILE *f, size_t *n_rows, casus_error *err)
{
    int step_rc = 0, rc = 0;
    size_t rows = 0;
    if (fmt == QUERY_TABLE) {
        rc = print_table(st, f, &rows, &step_rc);
    } else {
        int nc = sqlite3_column_count(st);
        buf b;
        buf_init(&b, 0);
        if (fmt != QUERY_JSON) {
            for (int c = 0; c < nc && !rc; c++) {
                if (c)
                    rc = buf_putc(&b, fmt == QUERY_CSV ? ',' : '\t');
                if (!rc)
                    rc = buf_puts(&b, sqlite3_column_name(st, c));
            }
            if (!rc)
                rc = buf_putc(&b, fmt == QUERY_CSV ? '\r' : '\n');
            if (!rc && fmt == QUERY_CSV)
                rc = buf_putc(&b, '\n');
        }
        while (!rc && (step_rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (fmt == QUERY_JSON)
                rc = buf_putc(&b, '{');
            for (int c = 0; c < nc && !rc; c++) {
                int t = sqlite3_column_type(st, c);
                const char *s = (const char *)sqlite3_column_text(st, c);
                size_t n = (size_t)sqlite3_column_bytes(st, c);
                if (fmt == QUERY_JSON) {
                    if (c)
                        rc = buf_putc(&b, ',');
                    if (!rc)
                        rc = json_put_cstr(&b, sqlite3_column_name(st, c));
                    if (!rc)
                        rc = buf_putc(&b, ':');
                    if (!rc)
                        rc = t == SQLITE_NULL ? buf_puts(&b, "null")
                             : (t == SQLITE_INTEGER || t == SQLITE_FLOAT) ? buf_append(&b, s, n)
                                                                          : json_put_str(&b, s, n);
                    continue;
                }
                if (c)
                    rc = buf_putc(&b, fmt == QUERY_CSV ? ',' : '\t');
                if (!rc && s) {
                    if (fmt == QUERY_CSV)
                        rc = put_csv(&b, s, n);
                    else
                        put_cell(&b, s, n, 0, &rc); /* TSV: no tab or newline inside */
                }
            }
            if (!rc)
                rc = fmt == QUERY_JSON ? buf_puts(&b, "}\n")
                     : fmt == QUERY_CSV ? buf_puts(&b, "\r\n")
                                        : buf_putc(&b, '\n');
            rows++;
            if (!rc && b.len > (1u << 16)) {
                if (fwrite(b.data, 1, b.len, f) != b.len)
                    rc = CASUS_EIO;
                buf_reset(&b);
            }
        }
        if (!rc && b.len && fwrite(b.data, 1, b.len, f) != b.len)
            rc = CASUS_EIO;
        buf_finish(&b);
        if (step_rc == SQLITE_DONE)
            step_rc = 0;
    }
    if (n_rows)
        *n_rows = rows;
    if (rc == CASUS_EIO)
        return error_set(err, CASUS_EIO, "writing the result failed");
    if (rc)
        return error_set(err, rc, "out of memory");
    if (step_rc) {
        sqlite3 *db = sqlite3_db_handle(st);
        const char *msg = sqlite3_errmsg(db);
        /* on a valid database, a plain SQL error while stepping is the
         * user's search expression (FTS5 syntax: "unterminated string") */
        if (step_rc == SQLITE_ERROR)
            return error_set(err, CASUS_EINVAL, "bad search expression: %s", msg);
        return error_set(err, CASUS_EIO, "the query failed: %s", msg);
    }
    if (fflush(f))
        return error_set(err, CASUS_EIO, "writing the result failed");
    return 0;
}
