/*
 * bench_query.c — `casus query` on a generated database of 1,000,000
 * events: how long each query kind takes, cold (a fresh connection: an
 * empty SQLite page cache, the file in the OS cache) and warm (the median
 * of repeated runs on one connection).
 *
 * Usage: build/bench/bench_query [DB] [N_EVENTS]
 *   DB defaults to bench/out/query-1m.db; it is generated when absent
 *   (N_EVENTS, default 1,000,000) and reused after, so a second run times
 *   only the queries.
 *
 * The database is made through the real schema (store_open) with plain
 * SQL inserts into the tables the queries read: articles (short texts of
 * three sentences, so casus_sentence really splits), events and
 * event_mentions. Distributions, fixed seed:
 *  - 200 country codes with Zipf-like frequency (s = 1; USA, CHN, RUS ...
 *    first), each actor with a role (GOV, MIL, BUS, ... or none) and 5% of
 *    actors international organisations without a country; 15% one-actor
 *    events;
 *  - 300 CAMEO codes from dict/cameo/event_codes.txt, Zipf-like;
 *  - dates uniform over 2015-2024; 10 events per article;
 *  - 500 places in 100 countries, 30% of events without a place.
 * The figures go to docs/BENCHMARKS.md ("Queries (issue 7)").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "event/cameo.h"
#include "store/query.h"
#include "store/store.h"
#include "bench_util.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

/* A Zipf-like sampler over n items: cumulative weights 1/(i+1)^s. */
typedef struct zipf {
    double *cum;
    size_t n;
} zipf;

static void zipf_init(zipf *z, size_t n, double s)
{
    z->n = n;
    z->cum = malloc(n * sizeof *z->cum);
    double t = 0;
    for (size_t i = 0; i < n; i++)
        z->cum[i] = (t += 1.0 / pow((double)i + 1, s));
    for (size_t i = 0; i < n; i++)
        z->cum[i] /= t;
}

static size_t zipf_draw(const zipf *z)
{
    double u = unif();
    size_t lo = 0, hi = z->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (z->cum[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const char *const real_countries[] = {
    "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "IRN", "ISR", "PRK", "KOR", "JPN", "IND", "PAK",
    "TUR", "SYR", "IRQ", "AFG", "SAU", "UKR", "EGY", "NGA", "ZAF", "BRA", "MEX", "CAN", "AUS",
    "ITA", "ESP", "POL", "VEN", "COL", "LBY", "YEM", "SOM", "ETH", "KEN", "SDN", "PSE", "LBN",
    "JOR"};
static const char *const roles[] = {"", "GOV", "MIL", "BUS", "CVL", "OPP", "JUD", "LEG",
                                    "MED", "REB", "COP", "EDU"};
static const double role_w[] = {0.30, 0.25, 0.10, 0.06, 0.06, 0.05, 0.04, 0.04, 0.03, 0.03, 0.03, 0.01};
static const char *const igos[] = {"IGOUNO", "IGOEU", "IGONATO", "IGOAU", "IGOWTO"};

static char countries[200][4];

static void make_countries(void)
{
    size_t n = 0;
    for (; n < sizeof real_countries / sizeof *real_countries; n++)
        memcpy(countries[n], real_countries[n], 4);
    /* the rest: letter triples that are none of the real ones */
    for (int i = 0; n < 200; i++) {
        char c[4] = {(char)('A' + i % 26), (char)('Q' + (i / 26) % 10), (char)('A' + (i * 7) % 26),
                     0};
        int dup = 0;
        for (size_t k = 0; k < n && !dup; k++)
            dup = !strcmp(countries[k], c);
        if (!dup)
            memcpy(countries[n++], c, 4);
    }
}

static const char *pick_role(void)
{
    double u = unif(), t = 0;
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (u < (t += role_w[i]))
            return roles[i];
    return "";
}

/* An actor: code, country into code[32], country[4]. */
static void pick_actor(const zipf *zc, char code[32], char country[4])
{
    if (unif() < 0.05) {
        snprintf(code, 32, "%s", igos[rnd() % 5]);
        country[0] = 0;
        return;
    }
    const char *c = countries[zipf_draw(zc)];
    snprintf(code, 32, "%s%s", c, pick_role());
    memcpy(country, c, 4);
}

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench_query: %s: %s\n", sql, msg);
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int generate(const char *path, long n_events)
{
    casus_error err;
    cameo_table *cameo = NULL;
    if (cameo_table_load(&cameo, CASUS_DICT_DIR "/cameo/event_codes.txt", &err)) {
        fprintf(stderr, "bench_query: %s\n", err.msg);
        return -1;
    }
    /* 300 event codes, in file order (roots first would be odd: take
     * codes of 3 and 4 digits) */
    const cameo_code *codes[300];
    size_t n_codes = 0;
    for (size_t i = 0; i < cameo_table_count(cameo) && n_codes < 300; i++) {
        const cameo_code *c = cameo_table_at(cameo, i);
        if (c->level >= 3)
            codes[n_codes++] = c;
    }
    store *s = NULL;
    if (store_open(&s, path, NULL, &err)) {
        fprintf(stderr, "bench_query: %s\n", err.msg);
        return -1;
    }
    sqlite3 *db = store_db(s);
    make_countries();
    zipf zc, zcode;
    zipf_init(&zc, 200, 1.0);
    zipf_init(&zcode, n_codes, 1.0);
    char places[500][32], place_cc[500][3];
    for (int i = 0; i < 500; i++) {
        snprintf(places[i], sizeof places[i], "City%03d", i);
        place_cc[i][0] = (char)('A' + (i % 100) / 10);
        place_cc[i][1] = (char)('A' + i % 10);
        place_cc[i][2] = 0;
    }
    double t0 = bench_wall();
    exec(db, "PRAGMA synchronous=OFF");
    exec(db, "BEGIN");
    sqlite3_stmt *sa = NULL, *se = NULL, *sm = NULL;
    sqlite3_prepare_v2(db,
                       "INSERT INTO articles(id, doc_id, url, date, title, source, text_hash, text,"
                       " n_sentences, n_tokens, added) VALUES (?,?,?,?,?,?,?,?,3,40,0)",
                       -1, &sa, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO events(id, ekey, date, date_res, actor1_code, actor1_name,"
                       " actor1_country, actor2_code, actor2_name, actor2_country, code, base,"
                       " root, quadclass, goldstein, place_name, place_country, place_adm1,"
                       " place_lat, place_lon, place_geonameid, num_mentions, num_sources,"
                       " num_articles, avg_tone, first_article, added) VALUES (?,?,?,'day',?,?,"
                       "?,?,?,?,?,?,?,?,?,?,?,'',?,?,?,?,1,1,?,?,0)",
                       -1, &se, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO event_mentions(article, idx, event, global_id, sentence,"
                       " code, rule, mood, confidence, date_res, trigger_start, trigger_end,"
                       " actor1_mention, actor2_mention) VALUES (?,?,?,?,?,?,'bench.rule',NULL,"
                       "0.9,'day',?,?,NULL,NULL)",
                       -1, &sm, NULL);
    long n_articles = n_events / 10 + 1;
    int32_t *art_date = malloc((size_t)n_articles * sizeof *art_date);
    for (long a = 1; a <= n_articles; a++) {
        int y = 2015 + (int)(rnd() % 10), m = 1 + (int)(rnd() % 12), d = 1 + (int)(rnd() % 28);
        art_date[a - 1] = y * 10000 + m * 100 + d;
        char id[32], url[96], text[512];
        snprintf(id, sizeof id, "bench-%ld", a);
        snprintf(url, sizeof url, "https://news%ld.example.org/a/%ld", a % 97, a);
        snprintf(text, sizeof text,
                 "Officials of %s met envoys of %s in City%03d on Tuesday. "
                 "The talks covered trade, security and the border, a spokesman said. "
                 "Both sides agreed to meet again next month.",
                 countries[rnd() % 200], countries[rnd() % 200], (int)(rnd() % 500));
        sqlite3_bind_int64(sa, 1, a);
        sqlite3_bind_text(sa, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(sa, 3, url, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(sa, 4, art_date[a - 1]);
        sqlite3_bind_text(sa, 5, "Talks", -1, SQLITE_STATIC);
        char host[32];
        snprintf(host, sizeof host, "news%ld.example.org", a % 97);
        sqlite3_bind_text(sa, 6, host, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(sa, 7, (sqlite3_int64)rnd());
        sqlite3_bind_text(sa, 8, text, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(sa) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(sa);
    }
    for (long e = 1; e <= n_events; e++) {
        char a1[32], c1[4], a2[32] = "", c2[4] = "", key[128];
        pick_actor(&zc, a1, c1);
        if (unif() >= 0.15)
            do
                pick_actor(&zc, a2, c2);
            while (!strcmp(a1, a2));
        const cameo_code *cc = codes[zipf_draw(&zcode)];
        long art = 1 + (long)(rnd() % (uint64_t)n_articles);
        int32_t date = art_date[art - 1];
        /* an event happens on its article's day or up to 6 days before */
        int dd = date % 100 - (int)(rnd() % 7);
        if (dd >= 1)
            date = date / 100 * 100 + dd;
        snprintf(key, sizeof key, "%d%s|%s|%s|%ld", date, "d", a1, a2, e);
        int p = unif() < 0.3 ? -1 : (int)(rnd() % 500);
        int i = 1;
        sqlite3_bind_int64(se, i++, e);
        sqlite3_bind_text(se, i++, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(se, i++, date);
        sqlite3_bind_text(se, i++, a1, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(se, i++, a1, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(se, i++, c1, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(se, i++, a2, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(se, i++, a2, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(se, i++, c2, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(se, i++, cc->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(se, i++, cc->base, -1, SQLITE_STATIC);
        sqlite3_bind_text(se, i++, cc->root, -1, SQLITE_STATIC);
        sqlite3_bind_int(se, i++, cc->quadclass);
        sqlite3_bind_double(se, i++, cc->goldstein);
        sqlite3_bind_text(se, i++, p < 0 ? "" : places[p], -1, SQLITE_STATIC);
        sqlite3_bind_text(se, i++, p < 0 ? "" : place_cc[p], -1, SQLITE_STATIC);
        if (p < 0) {
            sqlite3_bind_null(se, i++);
            sqlite3_bind_null(se, i++);
            sqlite3_bind_null(se, i++);
        } else {
            sqlite3_bind_double(se, i++, -60 + p * 0.2);
            sqlite3_bind_double(se, i++, -150 + p * 0.6);
            sqlite3_bind_int(se, i++, 100000 + p);
        }
        int mentions = 1 + (int)(rnd() % 3);
        sqlite3_bind_int(se, i++, mentions);
        sqlite3_bind_double(se, i++, -5 + unif() * 8);
        sqlite3_bind_int64(se, i++, art);
        if (sqlite3_step(se) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(se);
        i = 1;
        sqlite3_bind_int64(sm, i++, art);
        sqlite3_bind_int64(sm, i++, e); /* unique within the article as well */
        sqlite3_bind_int64(sm, i++, e);
        sqlite3_bind_int64(sm, i++, (sqlite3_int64)(rnd() >> 1));
        sqlite3_bind_int(sm, i++, (int)(rnd() % 3));
        sqlite3_bind_text(sm, i++, cc->code, -1, SQLITE_STATIC);
        sqlite3_bind_int(sm, i++, 0);
        sqlite3_bind_int(sm, i++, 9);
        if (sqlite3_step(sm) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(sm);
        if (e % 100000 == 0) {
            fprintf(stderr, "\rbench_query: %ld events", e);
            fflush(stderr);
        }
    }
    exec(db, "COMMIT");
    fprintf(stderr, "\rbench_query: generated %ld events, %ld articles in %.1f s\n", n_events,
            n_articles, bench_wall() - t0);
    sqlite3_finalize(sa);
    sqlite3_finalize(se);
    sqlite3_finalize(sm);
    free(art_date);
    free(zc.cum);
    free(zcode.cum);
    cameo_table_free(cameo);
    return store_close(s, &err); /* PRAGMA optimize, as after an ingest */
fail:
    fprintf(stderr, "bench_query: insert failed: %s\n", sqlite3_errmsg(db));
    return -1;
}

/* ---------------------------------------------------------------- timing */

typedef struct bq {
    const char *name;
    int kind; /* 0 dyad, 1 events, 2 timeline, 3 actors, 4 codes, 5 dyads */
    const char *a, *b;
    query_args qa;
} bq;

static int run_one(query *q, const bq *t, FILE *devnull, size_t *rows)
{
    sqlite3_stmt *st = NULL;
    casus_error err;
    int rc;
    switch (t->kind) {
    case 0:
        rc = query_dyad(q, t->a, t->b, &t->qa, &st, &err);
        break;
    case 1:
        rc = query_events(q, &t->qa, &st, &err);
        break;
    case 2:
        rc = query_timeline(q, t->a, &t->qa, &st, &err);
        break;
    case 3:
        rc = query_actors(q, &t->qa, &st, &err);
        break;
    case 4:
        rc = query_codes(q, &t->qa, &st, &err);
        break;
    default:
        rc = query_dyads(q, &t->qa, &st, &err);
        break;
    }
    if (!rc)
        rc = query_print(st, QUERY_TSV, devnull, rows, &err);
    sqlite3_finalize(st);
    if (rc)
        fprintf(stderr, "bench_query: %s: %s\n", t->name, err.msg);
    return rc;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "bench/out/query-1m.db";
    long n_events = argc > 2 ? atol(argv[2]) : 1000000;
    struct stat sb;
    if (stat(path, &sb)) {
        mkdir("bench/out", 0777);
        if (generate(path, n_events))
            return 1;
    }
    if (!stat(path, &sb))
        printf("database: %s, %.0f MB\n", path, (double)sb.st_size / 1e6);
    const bq tests[] = {
        {"dyad USA CHN --by month (10 years)", 0, "USA", "CHN", {.by = QUERY_BY_MONTH}},
        {"dyad USA CHN --by week --since 2020 --until 2020", 0, "USA", "CHN",
         {.by = QUERY_BY_WEEK, .since = 20200101, .until = 20201231}},
        {"dyad USAGOV RUSGOV --by year", 0, "USAGOV", "RUSGOV", {.by = QUERY_BY_YEAR}},
        {"dyad PRK KOR --by month", 0, "PRK", "KOR", {.by = QUERY_BY_MONTH}},
        {"dyad IGOUNO SYR --by year", 0, "IGOUNO", "SYR", {.by = QUERY_BY_YEAR}},
        {"events --actor USA (latest 20)", 1, NULL, NULL, {.actor = "USA"}},
        {"events --source CHN --code 14", 1, NULL, NULL, {.source = "CHN", .code = "14"}},
        {"events --source USA --target IRNGOV", 1, NULL, NULL, {.source = "USA", .target = "IRNGOV"}},
        {"events --actor JOR --since 2019 --until 2019", 1, NULL, NULL,
         {.actor = "JOR", .since = 20190101, .until = 20191231}},
        {"events --code 19 --since 2024-06", 1, NULL, NULL, {.code = "19", .since = 20240601}},
        {"events --place City123", 1, NULL, NULL, {.place = "City123"}},
        {"events --target GBRMIL --limit 100", 1, NULL, NULL, {.target = "GBRMIL", .limit = 100}},
        {"events (latest 20, no filter)", 1, NULL, NULL, {0}},
        {"timeline RUS --by year", 2, "RUS", NULL, {.by = QUERY_BY_YEAR}},
        {"actors --top 20", 3, NULL, NULL, {.limit = 20}},
        {"codes", 4, NULL, NULL, {0}},
        {"dyads (top 10)", 5, NULL, NULL, {0}},
    };
    FILE *devnull = fopen("/dev/null", "w");
    printf("%-48s %6s %10s %10s\n", "query", "rows", "cold ms", "warm ms");
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
        const bq *t = &tests[i];
        casus_error err;
        query *q = NULL;
        /* cold: a fresh connection, an empty page cache */
        if (query_open(&q, path, NULL, &err)) {
            fprintf(stderr, "bench_query: %s\n", err.msg);
            return 1;
        }
        size_t rows = 0;
        double t0 = bench_wall();
        if (run_one(q, t, devnull, &rows))
            return 1;
        double cold = (bench_wall() - t0) * 1e3;
        double warm[9];
        for (int r = 0; r < 9; r++) {
            t0 = bench_wall();
            run_one(q, t, devnull, &rows);
            warm[r] = (bench_wall() - t0) * 1e3;
        }
        qsort(warm, 9, sizeof *warm, cmp_d);
        printf("%-48s %6zu %10.1f %10.1f\n", t->name, rows, cold, warm[4]);
        fflush(stdout);
        query_close(q);
    }
    fclose(devnull);
    return 0;
}
