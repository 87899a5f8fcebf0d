/*
 * test_query.c — `casus query` and `casus export` (src/store/query.c,
 * export.c) against a fixture database with known answers.
 *
 * The fixture is three short articles written for this test and eight
 * events inserted directly through the schema (store_open + SQL), so every
 * count, order and column below is known by hand:
 *   ev  date      source  target  code  quad gs   place      first  sent
 *   1   20180510  PRKGOV  USA     036   1    4.0  -          a1     0   (also in a2)
 *   2   20180511  USAGOV  PRKGOV  051   1    3.4  -          a1     1
 *   3   20180612  PRKGOV  USAGOV  040   1    1.0  Singapore  a2     0
 *   4   20180612  USAGOV  PRKGOV  057   2    8.0  Singapore  a2     1
 *   5   20180305  GBR     RUS     174   4   -5.0  -          a3     0
 *   6   20180306  RUS     GBR     110   3   -2.0  -          a3     1
 *   7   20180612  USA     -       010   1    0.0  -          a2     2
 *   8   20180613  USAGOV  USAGOV  111   3   -2.0  -          a2     2
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include <jansson.h>

#include "store/export.h"
#include "store/query.h"
#include "store/store.h"

static char dir_[256], db_[300];

static const char *const texts[3] = {
    "North Korea said on Thursday it would meet American envoys. The United States welcomed "
    "the offer. Talks are set for June.",
    "Kim Jong Un met Donald Trump in Singapore. Both leaders signed a statement. \"We will work "
    "together,\" Trump said.",
    "Britain expelled Russian diplomats after the poisoning. Russia denied any role and "
    "protested."};

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s\n-> %s\n", sql, msg);
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

static void make_fixture(void)
{
    store *s = NULL;
    casus_error err;
    assert_int_equal(store_open(&s, db_, NULL, &err), 0);
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, 0, ?, 3,"
                                        " 30, 0)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    static const char *const ids[3] = {"a1", "a2", "a3"};
    static const char *const urls[3] = {"https://www.example.org/a1",
                                        "https://news.example.com/a2", ""};
    static const int dates[3] = {20180510, 20180612, 20180305};
    static const char *const titles[3] = {"North Korea offers talks", "Summit in Singapore",
                                          "Diplomats expelled"};
    static const char *const sources[3] = {"example.org", "news.example.com", "file:a3"};
    for (int i = 0; i < 3; i++) {
        sqlite3_bind_int(st, 1, i + 1);
        sqlite3_bind_text(st, 2, ids[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, urls[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, dates[i]);
        sqlite3_bind_text(st, 5, titles[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, sources[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, texts[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec_ok(db,
            "INSERT INTO article_fts(rowid, title, text) SELECT id, title, text FROM articles;"
            "INSERT INTO tone VALUES (1, -1.0, 2.0, 3.0, 5.0, 20.0, 0.5, 21),"
            " (2, -2.0, 1.0, 3.0, 4.0, 18.0, 0.0, 19), (3, -6.5, 0.0, 6.5, 6.5, 25.0, 0.0, 12);"
            "INSERT INTO events (id, ekey, date, date_res, actor1_code, actor1_name,"
            " actor1_country, actor2_code, actor2_name, actor2_country, code, base, root,"
            " quadclass, goldstein, place_name, place_country, place_adm1, place_lat, place_lon,"
            " place_geonameid, num_mentions, num_sources, num_articles, avg_tone, first_article,"
            " added) VALUES"
            " (1, 'k1', 20180510, 'day', 'PRKGOV', 'North Korea', 'PRK', 'USA', 'American"
            " envoys', 'USA', '036', '036', '03', 1, 4.0, '', '', '', NULL, NULL, NULL, 2, 2, 2,"
            " -1.5, 1, 0),"
            " (2, 'k2', 20180511, 'day', 'USAGOV', 'The United States', 'USA', 'PRKGOV', 'North"
            " Korea', 'PRK', '051', '051', '05', 1, 3.4, '', '', '', NULL, NULL, NULL, 1, 1, 1,"
            " -1.0, 1, 0),"
            " (3, 'k3', 20180612, 'day', 'PRKGOV', 'Kim Jong Un', 'PRK', 'USAGOV', 'Donald"
            " Trump', 'USA', '040', '040', '04', 1, 1.0, 'Singapore', 'SG', '01', 1.2897,"
            " 103.8501, 1880252, 1, 1, 1, -2.0, 2, 0),"
            " (4, 'k4', 20180612, 'day', 'USAGOV', 'Donald Trump', 'USA', 'PRKGOV', 'Kim Jong"
            " Un', 'PRK', '057', '057', '05', 2, 8.0, 'Singapore', 'SG', '01', 1.2897, 103.8501,"
            " 1880252, 1, 1, 1, -2.0, 2, 0),"
            " (5, 'k5', 20180305, 'day', 'GBR', 'Britain', 'GBR', 'RUS', 'Russian diplomats',"
            " 'RUS', '174', '174', '17', 4, -5.0, '', '', '', NULL, NULL, NULL, 1, 1, 1, -6.5, 3,"
            " 0),"
            " (6, 'k6', 20180306, 'day', 'RUS', 'Russia', 'RUS', 'GBR', 'Britain', 'GBR', '110',"
            " '110', '11', 3, -2.0, '', '', '', NULL, NULL, NULL, 1, 1, 1, -6.5, 3, 0),"
            " (7, 'k7', 20180612, 'day', 'USA', 'Trump', 'USA', '', '', '', '010', '010', '01',"
            " 1, 0.0, '', '', '', NULL, NULL, NULL, 1, 1, 1, -2.0, 2, 0),"
            " (8, 'k8', 20180613, 'day', 'USAGOV', 'Donald Trump', 'USA', 'USAGOV', 'the White"
            " House', 'USA', '111', '111', '11', 3, -2.0, '', '', '', NULL, NULL, NULL, 1, 1, 1,"
            " -2.0, 2, 0);"
            /* article, idx, event, global_id, sentence, code, rule, mood, confidence,
             * date_res, trigger_start, trigger_end, actor1_mention, actor2_mention */
            "INSERT INTO event_mentions VALUES"
            " (1, 0, 1, 1001, 0, '036', 'petr.meet', NULL, 0.9, 'day', 31, 41, 0, 1),"
            " (1, 1, 2, 1002, 1, '051', 'petr.welcome', NULL, 0.8, 'day', 77, 85, 2, NULL),"
            " (2, 0, 3, 1003, 0, '040', 'petr.meet', NULL, 0.9, 'day', 12, 15, 0, 1),"
            " (2, 1, 4, 1004, 1, '057', 'petr.sign', NULL, 0.9, 'day', 56, 62, NULL, NULL),"
            " (2, 2, 7, 1005, 2, '010', 'petr.say', NULL, 0.7, 'day', 100, 104, NULL, NULL),"
            " (2, 3, 1, 1006, 0, '036', 'petr.meet', NULL, 0.6, 'day', 12, 15, 0, 1),"
            " (2, 4, 8, 1007, 2, '111', 'petr.criticize', NULL, 0.5, 'day', 100, 104, NULL,"
            " NULL),"
            " (3, 0, 5, 1008, 0, '174', 'petr.expel', NULL, 0.9, 'day', 8, 16, 0, 1),"
            " (3, 1, 6, 1009, 1, '110', 'petr.protest', NULL, 0.9, 'day', 84, 93, 2, NULL);"
            "INSERT INTO entities VALUES (2, 0, 'Kim Jong Un', 'PER', 'PRKGOV', 1),"
            " (2, 1, 'Donald Trump', 'PER', 'USAGOV', 2), (2, 2, 'Singapore', 'LOC', 'SGP', 1);"
            "INSERT INTO mentions VALUES (2, 0, 0, 0, 0, 11, 'name', 'PER', 'PRKGOV'),"
            " (2, 1, 1, 0, 16, 28, 'name', 'PER', 'USAGOV'),"
            " (2, 2, 2, 0, 32, 41, 'name', 'LOC', 'SGP'),"
            " (2, 3, 1, 2, 100, 105, 'name', 'PER', 'USAGOV');"
            "INSERT INTO locations VALUES (2, 0, 'Singapore', 'SG', '01', 'PPLC', 1.2897,"
            " 103.8501, 1880252, 1);"
            "INSERT INTO location_mentions VALUES (2, 0, 0, 32, 41);"
            "INSERT INTO themes VALUES (2, 0, 'NEGOTIATIONS', 0, 15), (2, 1, 'NEGOTIATIONS', 43,"
            " 62);"
            "INSERT INTO dates VALUES (1, 0, 2, 85, 94, '2018-06', 'month');"
            "INSERT INTO quotes VALUES (2, 0, 2, 77, 100, 'We will work together', 'said', 1,"
            " 'Donald Trump', 'USAGOV');"
            "INSERT INTO counts VALUES (3, 0, 0, 0, 10, 2, 2, 0, 'diplomats', 'KILL');"
            "INSERT INTO amounts VALUES (3, 0, 0, 0, 10, 2, NULL, 'diplomats');");
    assert_int_equal(store_close(s, &err), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir_, sizeof dir_, "/tmp/casus_test_query_XXXXXX");
    if (!mkdtemp(dir_))
        return -1;
    snprintf(db_, sizeof db_, "%s/q.db", dir_);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char rm[400];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir_);
    return system(rm) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- helpers */

/* Runs one query and returns its output in fmt; caller frees. rc gets the
 * result code. */
typedef enum { Q_DYAD, Q_EVENTS, Q_ACTORS, Q_CODES, Q_TIMELINE, Q_SEARCH, Q_QUOTES, Q_DYADS } qk;

static char *run(qk k, const char *a, const char *b, const query_args *qa, query_format fmt,
                 int *rc_out, casus_error *err)
{
    query *q = NULL;
    int rc = query_open(&q, db_, NULL, err);
    char *out = NULL;
    size_t n = 0;
    if (!rc) {
        sqlite3_stmt *st = NULL;
        switch (k) {
        case Q_DYAD:
            rc = query_dyad(q, a, b, qa, &st, err);
            break;
        case Q_EVENTS:
            rc = query_events(q, qa, &st, err);
            break;
        case Q_ACTORS:
            rc = query_actors(q, qa, &st, err);
            break;
        case Q_CODES:
            rc = query_codes(q, qa, &st, err);
            break;
        case Q_TIMELINE:
            rc = query_timeline(q, a, qa, &st, err);
            break;
        case Q_SEARCH:
            rc = query_search(q, a, qa, &st, err);
            break;
        case Q_QUOTES:
            rc = query_quotes(q, qa, &st, err);
            break;
        case Q_DYADS:
            rc = query_dyads(q, qa, &st, err);
            break;
        }
        if (!rc) {
            FILE *f = open_memstream(&out, &n);
            rc = query_print(st, fmt, f, NULL, err);
            fclose(f);
        }
        sqlite3_finalize(st);
        query_close(q);
    }
    *rc_out = rc;
    return out;
}

static char *tsv(qk k, const char *a, const char *b, const query_args *qa)
{
    int rc;
    casus_error err = {0};
    char *out = run(k, a, b, qa, QUERY_TSV, &rc, &err);
    if (rc)
        fprintf(stderr, "query failed: %s\n", err.msg);
    assert_int_equal(rc, 0);
    return out;
}

static void expect_tsv(qk k, const char *a, const char *b, const query_args *qa,
                       const char *want)
{
    char *got = tsv(k, a, b, qa);
    assert_string_equal(got, want);
    free(got);
}

/* The n-th line's i-th tab field (0-based) into out. */
static void field(const char *text, int line, int i, char *out, size_t size)
{
    const char *p = text;
    for (int l = 0; l < line && p; l++)
        p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
    assert_non_null(p);
    for (int c = 0; c < i; c++) {
        p = strpbrk(p, "\t\n");
        assert_true(p && *p == '\t');
        p++;
    }
    size_t n = strcspn(p, "\t\n");
    assert_true(n < size);
    memcpy(out, p, n);
    out[n] = 0;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static int count_fields(const char *line)
{
    int n = 1;
    for (; *line && *line != '\n'; line++)
        n += *line == '\t';
    return n;
}

/* ---------------------------------------------------------------- queries */

static void test_dyad(void **state)
{
    (void)state;
    make_fixture();
    query_args qa = {.by = QUERY_BY_MONTH};
    expect_tsv(Q_DYAD, "USA", "PRK", &qa,
               "period\tevents\tUSA_to_PRK\tPRK_to_USA\tq1_verbal_coop\tq2_material_coop\t"
               "q3_verbal_conflict\tq4_material_conflict\tgoldstein\tmentions\ttop_codes\n"
               "2018-05\t2\t1\t1\t2\t0\t0\t0\t3.7\t3\t036:1 051:1\n"
               "2018-06\t2\t1\t1\t1\t1\t0\t0\t4.5\t2\t040:1 057:1\n");
    /* the same dyad the other way round, by year, lower-case codes */
    qa.by = QUERY_BY_YEAR;
    expect_tsv(Q_DYAD, "prk", "usa", &qa,
               "period\tevents\tPRK_to_USA\tUSA_to_PRK\tq1_verbal_coop\tq2_material_coop\t"
               "q3_verbal_conflict\tq4_material_conflict\tgoldstein\tmentions\ttop_codes\n"
               "2018\t4\t2\t2\t3\t1\t0\t0\t4.1\t5\t036:1 040:1 051:1\n");
    /* a longer code matches as a prefix: USAGOV leaves out event 1 (USA) */
    qa.by = QUERY_BY_DAY;
    char *out = tsv(Q_DYAD, "USAGOV", "PRK", &qa);
    assert_int_equal(count_lines(out), 3); /* header, 2018-05-11, 2018-06-12 */
    char f[64];
    field(out, 1, 0, f, sizeof f);
    assert_string_equal(f, "2018-05-11");
    field(out, 2, 1, f, sizeof f);
    assert_string_equal(f, "2");
    free(out);
    /* overlapping arguments: event 8 (USAGOV -> USAGOV) counts once */
    expect_tsv(Q_DYAD, "USA", "USAGOV", &qa,
               "period\tevents\tUSA_to_USAGOV\tUSAGOV_to_USA\tq1_verbal_coop\tq2_material_coop\t"
               "q3_verbal_conflict\tq4_material_conflict\tgoldstein\tmentions\ttop_codes\n"
               "2018-06-13\t1\t1\t0\t0\t0\t1\t0\t-2.0\t1\t111:1\n");
    /* weeks start on Monday: 2018-06-12 is a Tuesday */
    qa.by = QUERY_BY_WEEK;
    out = tsv(Q_DYAD, "USA", "PRK", &qa);
    field(out, 2, 0, f, sizeof f);
    assert_string_equal(f, "2018-06-11");
    free(out);
    /* dates bound the events; a pair with nothing is a header alone */
    query_args qd = {.by = QUERY_BY_MONTH, .since = 20180601, .until = 20180630};
    out = tsv(Q_DYAD, "USA", "PRK", &qd);
    assert_int_equal(count_lines(out), 2);
    free(out);
    out = tsv(Q_DYAD, "GBR", "PRK", &qd);
    assert_int_equal(count_lines(out), 1);
    free(out);
}

static void test_events(void **state)
{
    (void)state;
    query_args qa = {.actor = "USA"};
    char *out = tsv(Q_EVENTS, NULL, NULL, &qa);
    assert_int_equal(count_lines(out), 7);
    static const char *const order[6] = {"8", "7", "4", "3", "2", "1"};
    char f[256];
    for (int i = 0; i < 6; i++) {
        field(out, i + 1, 0, f, sizeof f);
        assert_string_equal(f, order[i]);
    }
    /* event 3: its sentence, trigger, rule and article */
    field(out, 4, 1, f, sizeof f);
    assert_string_equal(f, "2018-06-12");
    field(out, 4, 12, f, sizeof f);
    assert_string_equal(f, "petr.meet");
    field(out, 4, 13, f, sizeof f);
    assert_string_equal(f, "a2");
    field(out, 4, 15, f, sizeof f);
    assert_string_equal(f, "met");
    field(out, 4, 18, f, sizeof f);
    assert_string_equal(f, "Kim Jong Un met Donald Trump in Singapore.");
    /* event 1: reported in a1 and a2; the first report is a1's sentence 0 */
    field(out, 6, 18, f, sizeof f);
    assert_string_equal(f, "North Korea said on Thursday it would meet American envoys.");
    free(out);

    query_args qc = {.code = "05"};
    out = tsv(Q_EVENTS, NULL, NULL, &qc);
    assert_int_equal(count_lines(out), 3);
    field(out, 1, 0, f, sizeof f);
    assert_string_equal(f, "4");
    field(out, 2, 0, f, sizeof f);
    assert_string_equal(f, "2");
    free(out);

    query_args qp = {.place = "singapore"}, qs = {.place = "SG"};
    out = tsv(Q_EVENTS, NULL, NULL, &qp);
    assert_int_equal(count_lines(out), 3);
    free(out);
    out = tsv(Q_EVENTS, NULL, NULL, &qs);
    assert_int_equal(count_lines(out), 3);
    free(out);

    query_args qd = {.since = 20180601, .until = 20180630, .limit = 2};
    out = tsv(Q_EVENTS, NULL, NULL, &qd);
    assert_int_equal(count_lines(out), 3); /* 4 in June, limited to 2: 8, 7 */
    field(out, 2, 0, f, sizeof f);
    assert_string_equal(f, "7");
    free(out);

    query_args qr = {.source = "RUS", .target = "GBR"};
    out = tsv(Q_EVENTS, NULL, NULL, &qr);
    assert_int_equal(count_lines(out), 2);
    field(out, 1, 0, f, sizeof f);
    assert_string_equal(f, "6");
    field(out, 1, 18, f, sizeof f);
    assert_string_equal(f, "Russia denied any role and protested.");
    free(out);

    /* the events of one article, in its order, with this report's sentence */
    query_args qa2 = {.article = "a2"};
    out = tsv(Q_EVENTS, NULL, NULL, &qa2);
    assert_int_equal(count_lines(out), 6);
    static const char *const a2[5] = {"3", "4", "7", "1", "8"};
    for (int i = 0; i < 5; i++) {
        field(out, i + 1, 0, f, sizeof f);
        assert_string_equal(f, a2[i]);
    }
    field(out, 2, 16, f, sizeof f); /* no title and url columns here */
    assert_string_equal(f, "Both leaders signed a statement.");
    free(out);
    query_args qnone = {.article = "no-such-article"};
    out = tsv(Q_EVENTS, NULL, NULL, &qnone);
    assert_int_equal(count_lines(out), 1);
    free(out);
}

static void test_actors_codes_timeline(void **state)
{
    (void)state;
    query_args qa = {0};
    expect_tsv(Q_ACTORS, NULL, NULL, &qa,
               "code\tevents\tas_source\tas_target\tname\n"
               "USAGOV\t5\t3\t2\tThe United States\n"
               "PRKGOV\t4\t2\t2\tNorth Korea\n"
               "GBR\t2\t1\t1\tBritain\n"
               "RUS\t2\t1\t1\tRussia\n"
               "USA\t2\t1\t1\tTrump\n");
    query_args top = {.limit = 2};
    char *out = tsv(Q_ACTORS, NULL, NULL, &top);
    assert_int_equal(count_lines(out), 3);
    free(out);

    out = tsv(Q_CODES, NULL, NULL, &qa);
    assert_int_equal(count_lines(out), 9);
    static const char *const codes[8] = {"010", "036", "040", "051", "057", "110", "111", "174"};
    char f[128];
    for (int i = 0; i < 8; i++) {
        field(out, i + 1, 0, f, sizeof f);
        assert_string_equal(f, codes[i]);
    }
    field(out, 2, 2, f, sizeof f); /* 036: 2 mentions */
    assert_string_equal(f, "2");
    field(out, 1, 5, f, sizeof f); /* the CAMEO name from dict/ */
    assert_true(strlen(f) > 3);
    free(out);

    query_args qm = {.by = QUERY_BY_MONTH};
    expect_tsv(Q_TIMELINE, "USA", NULL, &qm,
               "period\tevents\tas_source\tas_target\tq1_verbal_coop\tq2_material_coop\t"
               "q3_verbal_conflict\tq4_material_conflict\tgoldstein\tmentions\ttop_codes\t"
               "top_partners\n"
               "2018-05\t2\t1\t1\t2\t0\t0\t0\t3.7\t3\t036:1 051:1\tPRKGOV:2\n"
               "2018-06\t4\t3\t1\t2\t1\t1\t0\t1.75\t4\t010:1 040:1 057:1\tPRKGOV:2 USAGOV:1\n");

    out = tsv(Q_DYADS, NULL, NULL, &qa);
    assert_string_equal(out, "actor_a\tactor_b\tevents\tcooperation\tconflict\tgoldstein\n"
                             "PRK\tUSA\t4\t4\t0\t4.1\n"
                             "GBR\tRUS\t2\t0\t2\t-3.5\n");
    free(out);
}

static void test_search_quotes(void **state)
{
    (void)state;
    query_args qa = {0};
    char *out = tsv(Q_SEARCH, "poisoning", NULL, &qa);
    assert_int_equal(count_lines(out), 2);
    char f[512];
    field(out, 1, 0, f, sizeof f);
    assert_string_equal(f, "a3");
    field(out, 1, 5, f, sizeof f);
    assert_non_null(strstr(f, "[poisoning]"));
    free(out);
    /* plain words are each a phrase: "Trump's" is no syntax error */
    out = tsv(Q_SEARCH, "Trump's", NULL, &qa);
    free(out);
    out = tsv(Q_SEARCH, "Singapore Trump", NULL, &qa);
    assert_int_equal(count_lines(out), 2);
    free(out);
    /* FTS5 syntax kept: OR finds both articles, date bounds the articles */
    out = tsv(Q_SEARCH, "Singapore OR Russia", NULL, &qa);
    assert_int_equal(count_lines(out), 3);
    free(out);
    query_args qd = {.since = 20180601};
    out = tsv(Q_SEARCH, "Singapore OR Russia", NULL, &qd);
    assert_int_equal(count_lines(out), 2);
    free(out);

    out = tsv(Q_QUOTES, NULL, NULL, &qa);
    assert_string_equal(out, "article\tdate\tspeaker\tcode\tverb\tquote\n"
                             "a2\t2018-06-12\tDonald Trump\tUSAGOV\tsaid\tWe will work together\n");
    free(out);
    query_args qs = {.speaker = "USA"}, qr = {.speaker = "RUS"};
    out = tsv(Q_QUOTES, NULL, NULL, &qs);
    assert_int_equal(count_lines(out), 2);
    free(out);
    out = tsv(Q_QUOTES, NULL, NULL, &qr);
    assert_int_equal(count_lines(out), 1);
    free(out);
}

static void test_formats(void **state)
{
    (void)state;
    int rc;
    casus_error err;
    query_args qa = {.actor = "PRK"};
    /* JSON lines: every row parses, with typed values */
    char *out = run(Q_EVENTS, NULL, NULL, &qa, QUERY_JSON, &rc, &err);
    assert_int_equal(rc, 0);
    int rows = 0;
    for (char *line = out; *line; rows++) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        json_error_t je;
        json_t *j = json_loadb(line, (size_t)(nl - line), 0, &je);
        assert_non_null(j);
        assert_true(json_is_integer(json_object_get(j, "event")));
        assert_true(json_is_real(json_object_get(j, "goldstein")));
        assert_true(json_is_string(json_object_get(j, "sentence")));
        json_decref(j);
        line = nl + 1;
    }
    assert_int_equal(rows, 4);
    free(out);
    /* CSV: the quoted sentence of event 7 comes back whole */
    query_args q7 = {.source = "USA", .code = "010"};
    out = run(Q_EVENTS, NULL, NULL, &q7, QUERY_CSV, &rc, &err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"\"\"We will work together,\"\" Trump said.\"\r\n"));
    assert_int_equal(strncmp(out, "event,date,source,", 18), 0);
    free(out);
    /* table: a header and one line per row, long texts under their row */
    out = run(Q_EVENTS, NULL, NULL, &q7, QUERY_TABLE, &rc, &err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "    sentence: \"We will work together,\" Trump said.\n"));
    free(out);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    int rc;
    casus_error err = {0};
    query_args qa = {.by = QUERY_BY_MONTH};
    char *out = run(Q_DYAD, "U$", "PRK", &qa, QUERY_TSV, &rc, &err);
    assert_int_equal(rc, CASUS_EINVAL);
    assert_non_null(strstr(err.msg, "'U$' is not a CAMEO actor code"));
    free(out);
    query_args qc = {.code = "1a"};
    out = run(Q_EVENTS, NULL, NULL, &qc, QUERY_TSV, &rc, &err);
    assert_int_equal(rc, CASUS_EINVAL);
    assert_non_null(strstr(err.msg, "'1a' is not a CAMEO code prefix"));
    free(out);
    query_args qd = {.since = 20190101, .until = 20180101};
    out = run(Q_EVENTS, NULL, NULL, &qd, QUERY_TSV, &rc, &err);
    assert_int_equal(rc, CASUS_EINVAL);
    assert_non_null(strstr(err.msg, "after --until"));
    free(out);
    query_args qs = {.speaker = "x"};
    out = run(Q_QUOTES, NULL, NULL, &qs, QUERY_TSV, &rc, &err);
    assert_int_equal(rc, CASUS_EINVAL);
    free(out);
    query_args q0 = {0};
    out = run(Q_SEARCH, "\"unterminated", NULL, &q0, QUERY_TSV, &rc, &err);
    assert_int_equal(rc, CASUS_EINVAL);
    assert_non_null(strstr(err.msg, "bad search expression"));
    free(out);
    out = run(Q_SEARCH, "   ", NULL, &q0, QUERY_TSV, &rc, &err);
    assert_int_equal(rc, CASUS_EINVAL);
    free(out);

    int32_t d;
    assert_int_equal(query_parse_date("2018", 1, &d), 0);
    assert_int_equal(d, 20181231);
    assert_int_equal(query_parse_date("2018-06", 0, &d), 0);
    assert_int_equal(d, 20180601);
    assert_int_equal(query_parse_date("2018-13", 0, &d), -1);
    assert_int_equal(query_parse_date("18-06-01", 0, &d), -1);
    assert_int_equal(query_parse_date("2018-06-01x", 0, &d), -1);

    /* a missing database is named, and not created */
    query *q = NULL;
    char missing[400];
    snprintf(missing, sizeof missing, "%s/none.db", dir_);
    assert_int_equal(query_open(&q, missing, NULL, &err), CASUS_ENOENT);
    assert_non_null(strstr(err.msg, "none.db"));
    assert_int_not_equal(access(missing, F_OK), 0);
    /* a file that is no database */
    char junk[400];
    snprintf(junk, sizeof junk, "%s/junk.db", dir_);
    FILE *f = fopen(junk, "w");
    fputs("not sqlite at all, but long enough to have a header of sorts......................"
          "...................................",
          f);
    fclose(f);
    assert_int_not_equal(query_open(&q, junk, NULL, &err), 0);
    assert_null(q);

    /* the CLI maps bad arguments to exit code 2 with a message */
    char cmd[800];
    snprintf(cmd, sizeof cmd, CASUS_BUILD "/casus query --db %s dyad USA 2>/dev/null", db_);
    int st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    snprintf(cmd, sizeof cmd, CASUS_BUILD "/casus query --db %s events --until 2018-02-30x "
             "2>/dev/null", db_);
    st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    snprintf(cmd, sizeof cmd, CASUS_BUILD "/casus export --db %s --format gdelt 2>/dev/null", db_);
    st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    snprintf(cmd, sizeof cmd, CASUS_BUILD "/casus query --db %s/none.db actors 2>/dev/null", dir_);
    st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 3);
}

/* ---------------------------------------------------------------- export */

static char *export_str(export_format fmt, int32_t since, size_t *n_rows)
{
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    export_opts o = {.format = fmt, .since = since};
    casus_error err = {0};
    int rc = export_write(db_, &o, f, n_rows, &err);
    fclose(f);
    if (rc)
        fprintf(stderr, "export: %s\n", err.msg);
    assert_int_equal(rc, 0);
    return out;
}

static const char *line_of(const char *s, int n)
{
    for (int i = 0; i < n && s; i++)
        s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL;
    return s;
}

static void test_export_gdelt(void **state)
{
    (void)state;
    size_t n;
    char *out = export_str(EXPORT_GDELT_EVENTS, 0, &n);
    assert_int_equal(n, 8);
    assert_int_equal(count_lines(out), 8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(count_fields(line_of(out, i)), 61);
    /* ordered by date: GBR -> RUS first; event 1 is the third row */
    char f[256];
    field(out, 0, 5, f, sizeof f);
    assert_string_equal(f, "GBR");
    field(out, 2, 0, f, sizeof f);
    assert_string_equal(f, "1001"); /* the first report's GlobalEventID */
    field(out, 2, 1, f, sizeof f);
    assert_string_equal(f, "20180510");
    field(out, 2, 7, f, sizeof f); /* Actor1CountryCode */
    assert_string_equal(f, "PRK");
    field(out, 2, 12, f, sizeof f); /* Actor1Type1Code */
    assert_string_equal(f, "GOV");
    field(out, 2, 6, f, sizeof f); /* Actor1Name, upper case as GDELT's */
    assert_string_equal(f, "NORTH KOREA");
    for (int c = 31; c <= 33; c++) { /* NumMentions, NumSources, NumArticles */
        field(out, 2, c, f, sizeof f);
        assert_string_equal(f, "2");
    }
    field(out, 2, 34, f, sizeof f);
    assert_string_equal(f, "-1.5000");
    field(out, 2, 59, f, sizeof f);
    assert_string_equal(f, "20180510000000");
    field(out, 2, 60, f, sizeof f);
    assert_string_equal(f, "https://www.example.org/a1");
    /* event 3, in Singapore: city, FIPS SN, GeoNames id */
    field(out, 4, 0, f, sizeof f);
    assert_string_equal(f, "1003");
    field(out, 4, 51, f, sizeof f);
    assert_string_equal(f, "4");
    field(out, 4, 52, f, sizeof f);
    assert_string_equal(f, "Singapore");
    field(out, 4, 53, f, sizeof f);
    assert_string_equal(f, "SN");
    field(out, 4, 58, f, sizeof f);
    assert_string_equal(f, "1880252");
    /* a one-actor event leaves actor 2 empty */
    field(out, 6, 15, f, sizeof f);
    assert_string_equal(f, "");
    free(out);

    out = export_str(EXPORT_GDELT_EVENTS, 20180601, &n);
    assert_int_equal(n, 4);
    free(out);

    out = export_str(EXPORT_GDELT_MENTIONS, 0, &n);
    assert_int_equal(n, 9);
    for (int i = 0; i < 9; i++)
        assert_int_equal(count_fields(line_of(out, i)), 16);
    /* ordered by article, then report: a1's first report of event 1 */
    field(out, 0, 0, f, sizeof f);
    assert_string_equal(f, "1001");
    field(out, 0, 4, f, sizeof f);
    assert_string_equal(f, "example.org");
    field(out, 0, 6, f, sizeof f); /* SentenceID from 1 */
    assert_string_equal(f, "1");
    field(out, 0, 9, f, sizeof f); /* ActionCharOffset */
    assert_string_equal(f, "31");
    field(out, 0, 11, f, sizeof f);
    assert_string_equal(f, "90");
    field(out, 0, 13, f, sizeof f);
    assert_string_equal(f, "-1.0000");
    /* event 1's report in a2 keeps the event's id and first date */
    field(out, 5, 0, f, sizeof f);
    assert_string_equal(f, "1001");
    field(out, 5, 1, f, sizeof f);
    assert_string_equal(f, "20180510000000");
    field(out, 5, 2, f, sizeof f);
    assert_string_equal(f, "20180612000000");
    /* a3 has no URL: CITATIONONLY with its id */
    field(out, 7, 3, f, sizeof f);
    assert_string_equal(f, "2");
    field(out, 7, 5, f, sizeof f);
    assert_string_equal(f, "a3");
    free(out);

    out = export_str(EXPORT_GDELT_GKG, 0, &n);
    assert_int_equal(n, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(count_fields(line_of(out, i)), 27);
    field(out, 1, 1, f, sizeof f);
    assert_string_equal(f, "20180612000000");
    field(out, 1, 7, f, sizeof f); /* V1Themes: once */
    assert_string_equal(f, "NEGOTIATIONS;");
    field(out, 1, 8, f, sizeof f);
    assert_string_equal(f, "NEGOTIATIONS,0;NEGOTIATIONS,43;");
    field(out, 1, 9, f, sizeof f);
    assert_string_equal(f, "4#Singapore#SN#SN01#1.2897#103.8501#1880252;");
    field(out, 1, 11, f, sizeof f); /* V1Persons: distinct, lower case */
    assert_string_equal(f, "kim jong un;donald trump;");
    field(out, 1, 12, f, sizeof f);
    assert_string_equal(f, "Kim Jong Un,0;Donald Trump,16;Donald Trump,100;");
    field(out, 1, 15, f, sizeof f);
    assert_string_equal(f, "-2,1,3,4,18,0,19");
    field(out, 1, 22, f, sizeof f);
    assert_string_equal(f, "77|23|said|We will work together");
    field(out, 1, 26, f, sizeof f);
    assert_string_equal(f, "<PAGE_TITLE>Summit in Singapore</PAGE_TITLE>");
    field(out, 0, 16, f, sizeof f); /* a1's date: a month */
    assert_string_equal(f, "2#6#0#2018#85;");
    field(out, 2, 5, f, sizeof f); /* a3: V1Counts */
    assert_string_equal(f, "KILL#2#diplomats#0######;");
    field(out, 2, 24, f, sizeof f);
    assert_string_equal(f, "2,diplomats,0;");
    free(out);
}

static void test_export_jsonl_csv(void **state)
{
    (void)state;
    size_t n;
    char *out = export_str(EXPORT_JSONL, 0, &n);
    assert_int_equal(n, 8);
    char *nl = strchr(out, '\n');
    json_error_t je;
    json_t *j = json_loadb(out, (size_t)(nl - out), 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "source")), "GBR");
    assert_string_equal(json_string_value(json_object_get(j, "rule")), "petr.expel");
    assert_int_equal(json_integer_value(json_object_get(j, "global_id")), 1008);
    json_decref(j);
    free(out);
    out = export_str(EXPORT_CSV, 0, &n);
    assert_int_equal(n, 8);
    assert_int_equal(count_lines(out), 9);
    assert_int_equal(strncmp(out, "event,global_id,date,", 21), 0);
    free(out);
    export_format fmt;
    assert_int_equal(export_parse_format("gdelt-gkg", &fmt), 0);
    assert_int_equal(fmt, EXPORT_GDELT_GKG);
    assert_int_equal(export_parse_format("gdelt", &fmt), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dyad),          cmocka_unit_test(test_events),
        cmocka_unit_test(test_actors_codes_timeline), cmocka_unit_test(test_search_quotes),
        cmocka_unit_test(test_formats),       cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_export_gdelt),  cmocka_unit_test(test_export_jsonl_csv),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
