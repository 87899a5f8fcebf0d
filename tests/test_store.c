/*
 * test_store.c — the event database (src/store, docs/SCHEMA.md): schema
 * creation and migration, refusal of newer schemas, idempotent re-ingest,
 * the event deduplication rules, and a SIGKILL in the middle of an ingest.
 *
 * Articles are the project's own: tests/data/store/dedup.jsonl and
 * sentences built from templates below, coded by the committed models and
 * dict/ as `casus ingest` codes them.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#include "store/store.h"

static char dir_[256];

static int setup(void **state)
{
    (void)state;
    if (tu_setup_layers(0))
        return -1;
    snprintf(dir_, sizeof dir_, "/tmp/casus_test_store_XXXXXX");
    if (!mkdtemp(dir_))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    tu_teardown(state);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_);
    return system(cmd) == 0 ? 0 : -1;
}

/* A fresh database path under the test folder. */
static const char *db_path(const char *name)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", dir_, name);
    char rm[1300];
    snprintf(rm, sizeof rm, "rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
    assert_int_equal(system(rm), 0);
    return path;
}

static sqlite3_int64 q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        fail();
    }
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    sqlite3_int64 v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static double q_double(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    double v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Every row of a query, fields joined by '|', rows by '\n'. */
static char *q_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *t = sqlite3_column_text(st, i);
            fprintf(f, "%s%s", i ? "|" : "", t ? (const char *)t : "NULL");
        }
        fputc('\n', f);
    }
    fclose(f);
    sqlite3_finalize(st);
    return out;
}

static const char *const tables[] = {"articles", "tone", "entities", "mentions", "events",
                                     "event_mentions", "quotes", "counts", "amounts", "dates",
                                     "locations", "location_mentions", "themes"};
#define N_TABLES (sizeof tables / sizeof *tables)

/* The row count of every table, in tables[] order, as one string. */
static char *all_counts(sqlite3 *db)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    for (size_t i = 0; i < N_TABLES; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        fprintf(f, "%s=%lld ", tables[i], (long long)q_int(db, sql));
    }
    fprintf(f, "sum_mentions=%lld",
            (long long)q_int(db, "SELECT total(num_mentions) + total(num_articles) * 1000 + "
                                 "total(num_sources) * 1000000 FROM events"));
    fclose(f);
    return out;
}

/* Reads a JSONL fixture into articles. */
static size_t read_articles(const char *path, casus_article **out, size_t max)
{
    casus_reader *r = NULL;
    casus_error err;
    const char *paths[] = {path};
    assert_int_equal(casus_reader_open(&r, paths, 1, NULL, &err), 0);
    size_t n = 0;
    casus_article *a;
    while (n < max && casus_reader_next(r, &a, &err) == 1)
        out[n++] = a;
    casus_reader_free(r);
    return n;
}

/* Codes a and stores it; returns added. */
static int ingest(store *s, const casus_article *a)
{
    casus_doc *d = NULL;
    casus_error err;
    assert_int_equal(casus_doc_process(tu_pipe(), a, &d, &err), 0);
    int added = -1;
    int rc = store_put_doc(s, d, &added, &err);
    if (rc)
        fprintf(stderr, "store_put_doc: %s\n", err.msg);
    assert_int_equal(rc, 0);
    casus_doc_free(d);
    return added;
}

/* ---------------------------------------------------------------- schema */

static void test_create(void **state)
{
    (void)state;
    const char *path = db_path("create.db");
    store *s = NULL;
    casus_error err;
    assert_int_equal(store_open(&s, path, NULL, &err), 0);
    sqlite3 *db = store_db(s);
    assert_int_equal(store_schema_version(db), STORE_SCHEMA_VERSION);
    assert_int_equal(q_int(db, "PRAGMA application_id"), STORE_APPLICATION_ID);
    char *mode = q_text(db, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal\n");
    free(mode);
    for (size_t i = 0; i < N_TABLES; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        assert_int_equal(q_int(db, sql), 0);
    }
    assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'article_fts'"),
                     1);
    assert_int_equal(store_close(s, &err), 0);
    /* reopening a current database changes nothing */
    assert_int_equal(store_open(&s, path, NULL, &err), 0);
    assert_int_equal(store_schema_version(store_db(s)), STORE_SCHEMA_VERSION);
    store_close(s, NULL);
    /* and a read-only open works on it */
    store_opts ro = {.flags = STORE_READONLY};
    assert_int_equal(store_open(&s, path, &ro, &err), 0);
    store_close(s, NULL);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, m);
    fclose(f);
    fclose(m);
    return out;
}

/* Tables with their columns (name, type, not null, key) and every index:
 * what two databases must share to be of the same schema. */
static char *schema_shape(sqlite3 *db)
{
    return q_text(db, "SELECT m.type, m.name, m.tbl_name, p.name, p.type, p.\"notnull\", p.pk"
                      " FROM sqlite_schema m LEFT JOIN pragma_table_info(m.name) p"
                      " ON m.type = 'table' WHERE m.name NOT LIKE 'sqlite_%'"
                      " ORDER BY m.name, p.cid");
}

static void test_migrate_from_v1(void **state)
{
    (void)state;
    char *sql = slurp(CASUS_TEST_DATA "/store/schema_v1.sql");

    /* the hand-written version 1 is what migration step 1 makes */
    sqlite3 *a = NULL, *b = NULL;
    assert_int_equal(sqlite3_open(":memory:", &a), SQLITE_OK);
    assert_int_equal(sqlite3_open(":memory:", &b), SQLITE_OK);
    assert_int_equal(sqlite3_exec(a, sql, NULL, NULL, NULL), SQLITE_OK);
    casus_error err;
    assert_int_equal(store_migrate(b, 1, ":memory:", &err), 0);
    assert_int_equal(store_schema_version(b), 1);
    char *sa = schema_shape(a), *sb = schema_shape(b);
    assert_string_equal(sa, sb);
    free(sa);
    free(sb);
    sqlite3_close(a);
    sqlite3_close(b);

    /* a version 1 file with a row, opened by the current code */
    const char *path = db_path("v1.db");
    assert_int_equal(sqlite3_open(path, &a), SQLITE_OK);
    assert_int_equal(sqlite3_exec(a, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(a);
    free(sql);
    store *s = NULL;
    store_opts ro = {.flags = STORE_READONLY};
    assert_int_equal(store_open(&s, path, &ro, &err), CASUS_EVERSION); /* cannot migrate */
    assert_non_null(strstr(err.msg, "older"));
    assert_int_equal(store_open(&s, path, NULL, &err), 0);
    sqlite3 *db = store_db(s);
    assert_int_equal(store_schema_version(db), STORE_SCHEMA_VERSION);
    assert_int_equal(q_int(db, "SELECT count(*) FROM articles"), 1);
    /* version 3: the dyad index covers the columns a dyad query reads */
    assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_index_info('events_dyad_country')"),
                     7);
    /* the old article is searchable: version 2 indexed what was there */
    assert_int_equal(q_int(db, "SELECT rowid FROM article_fts WHERE article_fts MATCH 'sanctions'"),
                     1);
    assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
                               "'events_dyad_country'"),
                     1);
    /* and new articles go in beside it */
    casus_article *arts[8];
    size_t n = read_articles(CASUS_TEST_DATA "/store/dedup.jsonl", arts, 8);
    assert_int_equal(ingest(s, arts[0]), 1);
    assert_int_equal(store_flush(s, &err), 0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM articles"), 2);
    assert_int_equal(q_int(db, "SELECT count(*) FROM article_fts WHERE article_fts MATCH "
                               "'tehran'"),
                     1);
    store_close(s, NULL);
    for (size_t i = 0; i < n; i++)
        casus_article_free(arts[i]);
}

static void test_newer_refused(void **state)
{
    (void)state;
    const char *path = db_path("newer.db");
    store *s = NULL;
    casus_error err;
    assert_int_equal(store_open(&s, path, NULL, &err), 0);
    store_close(s, NULL);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    memset(&err, 0, sizeof err);
    assert_int_equal(store_open(&s, path, NULL, &err), CASUS_EVERSION);
    assert_null(s);
    assert_non_null(strstr(err.msg, "newer"));
    assert_non_null(strstr(err.msg, path));
    /* refused before anything was written */
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(store_schema_version(db), STORE_SCHEMA_VERSION + 1);
    sqlite3_close(db);

    /* another application's database is refused too */
    path = db_path("other.db");
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, path, NULL, &err), CASUS_EFORMAT);
    assert_non_null(strstr(err.msg, "not a casus database"));
    /* and a file that is no database at all */
    path = db_path("junk.db");
    FILE *f = fopen(path, "wb");
    fputs("this is not an SQLite file, just some bytes that are long enough to look like one. "
          "0123456789012345678901234567890123456789",
          f);
    fclose(f);
    assert_true(store_open(&s, path, NULL, &err) < 0);
    assert_null(s);
}

/* ---------------------------------------------------------------- re-ingest */

static void test_reingest_idempotent(void **state)
{
    (void)state;
    casus_article *arts[8];
    size_t n = read_articles(CASUS_TEST_DATA "/store/dedup.jsonl", arts, 8);
    assert_int_equal(n, 6);
    store *s = NULL;
    casus_error err;
    assert_int_equal(store_open(&s, db_path("idem.db"), NULL, &err), 0);
    sqlite3 *db = store_db(s);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ingest(s, arts[i]), 1);
    assert_int_equal(store_flush(s, &err), 0);
    char *before = all_counts(db);

    /* the same articles again (same ids): nothing changes */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(store_has_article(s, arts[i]), 1);
        assert_int_equal(ingest(s, arts[i]), 0);
    }
    store_flush(s, &err);
    char *after = all_counts(db);
    assert_string_equal(before, after);
    free(after);

    /* the same text under another id, its whitespace changed: nothing changes */
    const casus_article *a = arts[1];
    char *text = malloc(a->text_len * 3 + 16);
    size_t k = 0;
    memcpy(text + k, "\n  ", 3);
    k += 3;
    for (size_t i = 0; i < a->text_len; i++) {
        if (a->text[i] == ' ') {
            memcpy(text + k, " \n\t", 3); /* one space becomes a run */
            k += 3;
        } else if (a->text[i] == 'T' && i > 0 && a->text[i - 1] == ' ') {
            memcpy(text + k, "\xc2\xa0T", 3); /* U+00A0 */
            k += 3;
        } else {
            text[k++] = a->text[i];
        }
    }
    memcpy(text + k, " \r\n", 3);
    k += 3;
    casus_article *b = casus_article_new("another-id", "https://elsewhere.example/x", a->date,
                                         "A different title", text, k);
    assert_int_equal(store_has_article(s, b), 1);
    assert_int_equal(ingest(s, b), 0);
    store_flush(s, &err);
    after = all_counts(db);
    assert_string_equal(before, after);
    free(after);
    store_stats st;
    store_get_stats(s, &st);
    assert_int_equal(st.n_added, 6);
    assert_int_equal(st.n_duplicates, 7);

    /* a text that differs by more than whitespace is a new article */
    text[k - 4] = text[k - 4] == '.' ? '!' : '.';
    casus_article *c = casus_article_new("third-id", "", a->date, "", text, k);
    assert_int_equal(store_has_article(s, c), 0);
    assert_int_equal(ingest(s, c), 1);
    casus_article_free(b);
    casus_article_free(c);
    free(text);
    free(before);
    assert_int_equal(store_close(s, &err), 0);
    for (size_t i = 0; i < n; i++)
        casus_article_free(arts[i]);
}

static void test_text_rules(void **state)
{
    (void)state;
    const char *a = "Two  ships\n\ncollided.";
    const char *b = " Two ships\xe2\x80\x83" "collided. \n";
    assert_true(store_text_same(a, strlen(a), b, strlen(b)));
    assert_int_equal(store_text_hash(a, strlen(a)), store_text_hash(b, strlen(b)));
    const char *c = "Two ships collided!";
    assert_false(store_text_same(a, strlen(a), c, strlen(c)));
    assert_false(store_text_same("ab", 2, "a b", 3)); /* a space is not nothing */
    assert_true(store_text_hash("ab", 2) != store_text_hash("a b", 3));
    /* bytes that are no UTF-8 are compared as bytes, never read past the end */
    assert_false(store_text_same("\xc2", 1, "\xe2\x80", 2));
    assert_int_equal(store_date_int("2026-03-04"), 20260304);
    assert_int_equal(store_date_int("2026-03"), 20260300);
    assert_int_equal(store_date_int(""), 0);
    assert_int_equal(store_date_int("20x6-01-01"), 0);
}

/* ---------------------------------------------------------------- one event, many reports */

static void test_dedup_rules(void **state)
{
    (void)state;
    casus_article *arts[8];
    size_t n = read_articles(CASUS_TEST_DATA "/store/dedup.jsonl", arts, 8);
    store *s = NULL;
    casus_error err;
    assert_int_equal(store_open(&s, db_path("dedup.db"), NULL, &err), 0);
    sqlite3 *db = store_db(s);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ingest(s, arts[i]), 1);
    assert_int_equal(store_flush(s, &err), 0);

    /* dd-1 (two sentences, news-a.example), dd-2 (news-b.example) and dd-3
     * (news-a.example again, published a day later) report one meeting:
     * Tuesday 3 March, Iran's minister meets North Korea's, in Tehran */
#define ONE(what)                                                                          \
    "SELECT " what " FROM events WHERE date = 20260303 AND actor1_code = 'IRNGOV'"            \
    " AND actor2_code = 'PRKGOV' AND base = '040'"
    char sql[512];
    assert_int_equal(q_int(db, ONE("count(*)")), 1);
    assert_int_equal(q_int(db, ONE("num_articles")), 3);
    assert_int_equal(q_int(db, ONE("num_mentions")), 4); /* sentences: 2 + 1 + 1 */
    assert_int_equal(q_int(db, ONE("num_sources")), 2);  /* news-a.example, news-b.example */
    char *t = q_text(db, ONE("place_name || '/' || place_country || '/' || actor1_country"));
    assert_string_equal(t, "Tehran/IR/IRN\n");
    free(t);
    /* every report stays linked to it */
    snprintf(sql, sizeof sql,
             "SELECT group_concat(a.doc_id || ':' || m.sentence, ' ') FROM (SELECT * FROM"
             " event_mentions ORDER BY article, idx) m JOIN articles a ON a.id = m.article"
             " WHERE m.event = (%s)",
             "SELECT id FROM events WHERE date = 20260303 AND actor1_code = 'IRNGOV' AND"
             " actor2_code = 'PRKGOV' AND base = '040'");
    t = q_text(db, sql);
    assert_string_equal(t, "dd-1:0 dd-1:1 dd-2:0 dd-3:0\n");
    free(t);

    /* Monday instead of Tuesday, Japan instead of North Korea, criticise
     * instead of meet: three other events, each reported once */
    assert_int_equal(q_int(db, "SELECT num_articles FROM events WHERE date = 20260302 AND"
                               " actor1_code = 'IRNGOV' AND actor2_code = 'PRKGOV'"),
                     1);
    assert_int_equal(q_int(db, "SELECT num_articles FROM events WHERE date = 20260303 AND"
                               " actor1_code = 'IRNGOV' AND actor2_code = 'JPNGOV'"),
                     1);
    assert_int_equal(q_int(db, "SELECT num_articles FROM events WHERE date = 20260303 AND"
                               " actor1_code = 'IRNGOV' AND actor2_code = 'PRKGOV' AND"
                               " base = '111'"),
                     1);

    /* the counts agree with the links for every event */
    assert_int_equal(q_int(db, "SELECT count(*) FROM events e WHERE num_mentions <>"
                               " (SELECT count(*) FROM (SELECT DISTINCT article, sentence FROM"
                               " event_mentions WHERE event = e.id))"
                               " OR num_articles <> (SELECT count(DISTINCT article) FROM"
                               " event_mentions WHERE event = e.id)"
                               " OR num_sources <> (SELECT count(DISTINCT a.source) FROM"
                               " event_mentions m JOIN articles a ON a.id = m.article"
                               " WHERE m.event = e.id)"),
                     0);
    assert_true(q_double(db, "SELECT max(abs(avg_tone - (SELECT avg(t.tone) FROM tone t WHERE"
                             " t.article IN (SELECT article FROM event_mentions WHERE event ="
                             " e.id)))) FROM events e") < 1e-9);
    /* an undated event is merged only inside its own article */
    casus_article *u1 = casus_article_new("undated-1", "", "", "", "Police arrested protesters.",
                                          27);
    casus_article *u2 = casus_article_new("undated-2", "", "", "",
                                          "Police arrested the protesters.", 31);
    assert_int_equal(ingest(s, u1), 1);
    assert_int_equal(ingest(s, u2), 1);
    store_flush(s, &err);
    assert_int_equal(q_int(db, "SELECT count(*) FROM events WHERE date IS NULL AND"
                               " num_articles > 1"),
                     0);
    casus_article_free(u1);
    casus_article_free(u2);
    store_close(s, NULL);
    for (size_t i = 0; i < n; i++)
        casus_article_free(arts[i]);
}

/* ---------------------------------------------------------------- kill -9 */

#define KILL_N 240

/* Article i of the kill test: short news items from templates. */
static casus_article *kill_article(size_t i)
{
    static const char *const who[] = {"Iranian", "North Korean", "Japanese", "French",
                                      "Russian", "Chinese",      "Turkish",  "Egyptian"};
    static const char *const verb[] = {"met", "criticized", "praised", "thanked"};
    static const char *const city[] = {"Tehran", "Paris", "Cairo", "Ankara", "Tokyo"};
    char text[1024], id[32], url[64], date[16];
    snprintf(text, sizeof text,
             "The %s foreign minister %s the %s foreign minister in %s on Tuesday. "
             "\"We spoke for %zu minutes,\" the %s minister told reporters. "
             "Officials said %zu people had been arrested in %s last week.",
             who[i % 8], verb[i / 8 % 4], who[(i / 3 + 1) % 8], city[i % 5], 10 + i,
             who[i % 8], 3 + i % 17, city[(i + 2) % 5]);
    snprintf(id, sizeof id, "kill-%03zu", i);
    snprintf(url, sizeof url, "https://site%zu.example/%zu", i % 4, i);
    snprintf(date, sizeof date, "2026-03-%02zu", 1 + i % 28);
    return casus_article_new(id, url, date, "Kill test", text, strlen(text));
}

/* Expected rows of article a, one count per table of tables[] (events
 * counted as event mentions) */
static void expected_rows(const casus_article *a, sqlite3_int64 *want)
{
    casus_doc *d = NULL;
    casus_error err;
    assert_int_equal(casus_doc_process(tu_pipe(), a, &d, &err), 0);
    size_t n;
    memset(want, 0, N_TABLES * sizeof *want);
    want[0] = 1;
    want[1] = casus_doc_tone(d) != NULL;
    casus_doc_entities(d, &n);
    want[2] = (sqlite3_int64)n;
    casus_doc_mentions(d, &n);
    want[3] = (sqlite3_int64)n;
    want[4] = -1; /* events are shared: checked through event_mentions */
    casus_doc_events(d, &n);
    want[5] = (sqlite3_int64)n;
    casus_doc_quotes(d, &n);
    want[6] = (sqlite3_int64)n;
    casus_doc_counts(d, &n);
    want[7] = (sqlite3_int64)n;
    casus_doc_amounts(d, &n);
    want[8] = (sqlite3_int64)n;
    casus_doc_dates(d, &n);
    want[9] = (sqlite3_int64)n;
    const casus_location *loc = casus_doc_locations(d, &n);
    want[10] = (sqlite3_int64)n;
    for (size_t i = 0; i < n; i++)
        want[11] += (sqlite3_int64)loc[i].n_mentions;
    casus_doc_themes(d, &n);
    want[12] = (sqlite3_int64)n;
    casus_doc_free(d);
}

/* Checks that every stored article has all its rows; returns how many are
 * stored. */
static size_t check_articles_whole(sqlite3 *db)
{
    size_t n_stored = 0, n_rows = 0;
    for (size_t i = 0; i < KILL_N; i++) {
        casus_article *a = kill_article(i);
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM articles WHERE doc_id = '%s'",
                 a->id);
        sqlite3_int64 id = q_int(db, sql);
        if (id) {
            n_stored++;
            sqlite3_int64 want[N_TABLES];
            expected_rows(a, want);
            for (size_t t = 0; t < N_TABLES; t++) {
                if (want[t] < 0)
                    continue;
                snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s = %lld", tables[t],
                         t == 0 ? "id" : "article", (long long)id);
                sqlite3_int64 got = q_int(db, sql);
                if (got != want[t])
                    fprintf(stderr, "%s: %s has %lld rows, want %lld\n", a->id, tables[t],
                            (long long)got, (long long)want[t]);
                assert_int_equal(got, want[t]);
                n_rows += (size_t)got;
            }
        }
        casus_article_free(a);
    }
    /* no row belongs to an article that is not there */
    for (size_t t = 1; t < N_TABLES; t++) {
        if (t == 4)
            continue;
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM %s WHERE article NOT IN (SELECT id FROM articles)",
                 tables[t]);
        assert_int_equal(q_int(db, sql), 0);
    }
    assert_int_equal(q_int(db, "SELECT count(*) FROM events WHERE id NOT IN"
                               " (SELECT event FROM event_mentions)"),
                     0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM events e WHERE num_articles <>"
                               " (SELECT count(DISTINCT article) FROM event_mentions"
                               " WHERE event = e.id)"),
                     0);
    assert_true(n_rows > n_stored);
    return n_stored;
}

static void test_kill_during_ingest(void **state)
{
    (void)state;
    const char *path = db_path("kill.db");
    char saved[400];
    snprintf(saved, sizeof saved, "%s", path);
    path = saved;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* the child ingests everything, in small batches so that a batch is
         * open most of the time */
        store *s = NULL;
        store_opts o = {.batch_articles = 3};
        casus_error err;
        if (store_open(&s, path, &o, &err))
            _exit(2);
        for (size_t i = 0; i < KILL_N; i++) {
            casus_article *a = kill_article(i);
            casus_doc *d = NULL;
            if (casus_doc_process(tu_pipe(), a, &d, &err) || store_put_doc(s, d, NULL, &err))
                _exit(3);
            casus_doc_free(d);
            casus_article_free(a);
        }
        store_close(s, &err);
        _exit(0);
    }
    /* wait until some batches are committed, then kill it mid-way */
    sqlite3 *db = NULL;
    size_t committed = 0;
    for (int tries = 0; tries < 3000 && committed < 40; tries++) {
        usleep(5000);
        if (!db && access(path, F_OK) == 0)
            sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
        if (db) {
            sqlite3_busy_timeout(db, 1000);
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v2(db, "SELECT count(*) FROM articles", -1, &st, NULL) ==
                    SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW)
                committed = (size_t)sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    usleep((useconds_t)(1000 + (time(NULL) % 7) * 1000)); /* land anywhere in a batch */
    assert_int_equal(kill(pid, SIGKILL), 0);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    sqlite3_close(db);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_true(committed >= 40);

    /* reopen: intact, every stored article whole, and it was killed mid-way */
    store *s = NULL;
    casus_error err;
    assert_int_equal(store_open(&s, path, NULL, &err), 0);
    db = store_db(s);
    char *ok = q_text(db, "PRAGMA integrity_check");
    assert_string_equal(ok, "ok\n");
    free(ok);
    size_t n_stored = check_articles_whole(db);
    assert_true(n_stored >= 40);
    assert_true(n_stored < KILL_N);

    /* the next run carries on: skips what is stored, adds the rest */
    size_t n_skipped = 0;
    for (size_t i = 0; i < KILL_N; i++) {
        casus_article *a = kill_article(i);
        if (store_has_article(s, a))
            n_skipped++;
        else
            assert_int_equal(ingest(s, a), 1);
        casus_article_free(a);
    }
    assert_int_equal(n_skipped, n_stored);
    assert_int_equal(store_flush(s, &err), 0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM articles"), KILL_N);
    assert_int_equal(check_articles_whole(db), KILL_N);
    ok = q_text(db, "PRAGMA integrity_check");
    assert_string_equal(ok, "ok\n");
    free(ok);
    assert_int_equal(store_close(s, &err), 0);
}

/* A damaged record is refused whole; the batch and the database go on. */
static void test_corrupt_record(void **state)
{
    (void)state;
    store *s = NULL;
    casus_error err;
    assert_int_equal(store_open(&s, db_path("corrupt.db"), NULL, &err), 0);
    casus_article *a = kill_article(1);
    casus_doc *d = NULL;
    assert_int_equal(casus_doc_process(tu_pipe(), a, &d, &err), 0);
    char *rec = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&rec, &len);
    assert_int_equal(store_record_encode(d, f), 0);
    fclose(f);
    /* every truncation is refused, and stores nothing */
    for (size_t cut = 0; cut < len; cut += 1 + cut / 8) {
        int added = 1;
        int rc = store_put_record(s, rec, cut, &added, &err);
        if (rc != CASUS_ECORRUPT)
            fprintf(stderr, "cut %zu of %zu: %d %s\n", cut, len, rc, err.msg);
        assert_true(rc == CASUS_ECORRUPT);
        assert_int_equal(added, 0);
    }
    assert_int_equal(store_flush(s, &err), 0);
    assert_int_equal(q_int(store_db(s), "SELECT count(*) FROM articles"), 0);
    assert_int_equal(q_int(store_db(s), "SELECT count(*) FROM mentions"), 0);
    /* the whole record goes in */
    int added = 0;
    assert_int_equal(store_put_record(s, rec, len, &added, &err), 0);
    assert_int_equal(added, 1);
    free(rec);
    casus_doc_free(d);
    casus_article_free(a);
    assert_int_equal(store_close(s, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create),
        cmocka_unit_test(test_migrate_from_v1),
        cmocka_unit_test(test_newer_refused),
        cmocka_unit_test(test_text_rules),
        cmocka_unit_test(test_reingest_idempotent),
        cmocka_unit_test(test_dedup_rules),
        cmocka_unit_test(test_corrupt_record),
        cmocka_unit_test(test_kill_during_ingest),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
