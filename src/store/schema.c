/*
 * schema.c — opening a casus database and migrating its schema
 * (docs/SCHEMA.md documents every table, column and index).
 *
 * The schema version is SQLite's PRAGMA user_version, the file's identity
 * its PRAGMA application_id ("CASU"). Migrations are append-only: step N
 * takes a version N-1 database to version N, runs in one transaction with
 * the user_version update, and is never edited once released, so a
 * database made by any older casus reaches the current schema by replaying
 * the steps it lacks. A database of a newer version than this code knows
 * is refused before anything is written to it (as Redis's RDB loader
 * refuses an unknown version before reading on).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"
#include "util/error.h"

/* ---------------------------------------------------------------- migrations */

/* Version 1: the articles and every layer casus extracts from them, and
 * the events deduplicated across articles. */
static const char schema_v1[] =
    "CREATE TABLE articles ("
    " id INTEGER PRIMARY KEY,"
    " doc_id TEXT NOT NULL UNIQUE,"
    " url TEXT NOT NULL,"
    " date INTEGER,"
    " title TEXT NOT NULL,"
    " source TEXT NOT NULL,"
    " text_hash INTEGER NOT NULL,"
    " text TEXT NOT NULL,"
    " n_sentences INTEGER NOT NULL,"
    " n_tokens INTEGER NOT NULL,"
    " added INTEGER NOT NULL);"
    "CREATE INDEX articles_text_hash ON articles(text_hash);"
    "CREATE INDEX articles_date ON articles(date);"
    "CREATE TABLE tone ("
    " article INTEGER PRIMARY KEY,"
    " tone REAL NOT NULL, positive REAL NOT NULL, negative REAL NOT NULL,"
    " polarity REAL NOT NULL, activity REAL NOT NULL, self_group REAL NOT NULL,"
    " words INTEGER NOT NULL);"
    "CREATE TABLE entities ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " name TEXT NOT NULL, type TEXT NOT NULL, code TEXT NOT NULL,"
    " n_mentions INTEGER NOT NULL,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;"
    "CREATE TABLE mentions ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " entity INTEGER, sentence INTEGER NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " kind TEXT NOT NULL, type TEXT NOT NULL, code TEXT NOT NULL,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;"
    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY,"
    " ekey TEXT NOT NULL UNIQUE,"
    " date INTEGER,"
    " date_res TEXT NOT NULL,"
    " actor1_code TEXT NOT NULL, actor1_name TEXT NOT NULL, actor1_country TEXT NOT NULL,"
    " actor2_code TEXT NOT NULL, actor2_name TEXT NOT NULL, actor2_country TEXT NOT NULL,"
    " code TEXT NOT NULL, base TEXT NOT NULL, root TEXT NOT NULL,"
    " quadclass INTEGER NOT NULL, goldstein REAL NOT NULL,"
    " place_name TEXT NOT NULL, place_country TEXT NOT NULL, place_adm1 TEXT NOT NULL,"
    " place_lat REAL, place_lon REAL, place_geonameid INTEGER,"
    " num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL,"
    " num_articles INTEGER NOT NULL, avg_tone REAL,"
    " first_article INTEGER NOT NULL, added INTEGER NOT NULL);"
    "CREATE TABLE event_mentions ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " event INTEGER NOT NULL, global_id INTEGER NOT NULL,"
    " sentence INTEGER NOT NULL, code TEXT NOT NULL, rule TEXT NOT NULL, mood TEXT,"
    " confidence REAL NOT NULL, date_res TEXT NOT NULL,"
    " trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,"
    " actor1_mention INTEGER, actor2_mention INTEGER,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;"
    "CREATE INDEX event_mentions_event ON event_mentions(event, article, sentence);"
    "CREATE TABLE quotes ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, verb TEXT,"
    " speaker_entity INTEGER, speaker_name TEXT, speaker_code TEXT,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;"
    "CREATE TABLE counts ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " count REAL NOT NULL, count_max REAL NOT NULL, approx INTEGER NOT NULL,"
    " object TEXT NOT NULL, type TEXT,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;"
    "CREATE TABLE amounts ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " amount REAL NOT NULL, currency TEXT, object TEXT NOT NULL,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;"
    "CREATE TABLE dates ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " resolved TEXT NOT NULL, resolution TEXT NOT NULL,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;"
    "CREATE TABLE locations ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " name TEXT NOT NULL, country TEXT NOT NULL, adm1 TEXT NOT NULL, feature TEXT NOT NULL,"
    " lat REAL, lon REAL, geonameid INTEGER, n_mentions INTEGER NOT NULL,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;"
    "CREATE TABLE location_mentions ("
    " article INTEGER NOT NULL, location INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " PRIMARY KEY (article, location, idx)) WITHOUT ROWID;"
    "CREATE TABLE themes ("
    " article INTEGER NOT NULL, idx INTEGER NOT NULL, theme TEXT NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " PRIMARY KEY (article, idx)) WITHOUT ROWID;";

/* Version 2: full-text search over title and text (FTS5, external
 * content: the text is stored once, in articles) and the indexes of the
 * query side. Existing articles are indexed by the 'rebuild'. */
static const char schema_v2[] =
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='articles',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO article_fts(article_fts) VALUES('rebuild');"
    "CREATE INDEX events_dyad_country ON events(actor1_country, actor2_country, date);"
    "CREATE INDEX events_dyad ON events(actor1_code, actor2_code, date);"
    "CREATE INDEX events_actor2 ON events(actor2_code, date);"
    "CREATE INDEX events_code ON events(code, date);"
    "CREATE INDEX events_date ON events(date);"
    "CREATE INDEX events_place ON events(place_country, date);"
    "CREATE INDEX events_geonameid ON events(place_geonameid)"
    " WHERE place_geonameid IS NOT NULL;"
    "CREATE INDEX articles_source ON articles(source);";

/* Version 3: the country dyad index covers what `casus query dyad` reads
 * (code, QuadClass, Goldstein, mentions), so the busiest dyad over ten
 * years reads the index alone (129 ms -> 43 ms warm on a million events,
 * about 8% more file; docs/BENCHMARKS.md, "Queries"). */
static const char schema_v3[] =
    "DROP INDEX events_dyad_country;"
    "CREATE INDEX events_dyad_country ON events(actor1_country, actor2_country, date, base,"
    " quadclass, goldstein, num_mentions);";

static const char *const migrations[STORE_SCHEMA_VERSION + 1] = {NULL, schema_v1, schema_v2,
                                                                 schema_v3};

int store_schema_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int db_error(sqlite3 *db, const char *path, const char *what, casus_error *err)
{
    int code = sqlite3_errcode(db);
    return error_set(err, code == SQLITE_NOMEM ? CASUS_ENOMEM : CASUS_EIO, "%s: %s: %s", path,
                     what, sqlite3_errmsg(db));
}

int store_migrate(sqlite3 *db, int target, const char *path, casus_error *err)
{
    if (target > STORE_SCHEMA_VERSION)
        target = STORE_SCHEMA_VERSION;
    for (;;) {
        /* IMMEDIATE: two processes migrating at once serialise here, and
         * the second sees the version the first wrote */
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            return db_error(db, path, "cannot start the schema migration", err);
        int v = store_schema_version(db);
        if (v < 0 || v >= target) {
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
            return 0;
        }
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (sqlite3_exec(db, migrations[v + 1], NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
            char what[64];
            snprintf(what, sizeof what, "schema migration %d -> %d failed", v, v + 1);
            int rc = db_error(db, path, what, err);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            int rc = db_error(db, path, "committing the schema migration failed", err);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
}

/* ---------------------------------------------------------------- open, close */

static int count_tables(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int pragma_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Checks that db is a casus database (or an empty file) of a version this
 * code can use; *version gets its version. */
static int check_identity(sqlite3 *db, const char *path, int readonly, int *version,
                          casus_error *err)
{
    int app = pragma_int(db, "PRAGMA application_id");
    int v = store_schema_version(db);
    int n_tables = count_tables(db);
    if (app < 0 || v < 0 || n_tables < 0)
        return db_error(db, path, "cannot read the database header", err);
    if (app != STORE_APPLICATION_ID && (n_tables > 0 || app != 0 || v != 0))
        return error_set(err, CASUS_EFORMAT,
                         "%s: not a casus database (application_id %d, %d schema objects)",
                         path, app, n_tables);
    if (v > STORE_SCHEMA_VERSION)
        return error_set(err, CASUS_EVERSION,
                         "%s: database schema version %d is newer than this casus (%s) "
                         "supports (%d); use a newer casus",
                         path, v, CASUS_VERSION, STORE_SCHEMA_VERSION);
    if (readonly && v < STORE_SCHEMA_VERSION)
        return error_set(err, CASUS_EVERSION,
                         "%s: database schema version %d is older than %d; open it once "
                         "read-write (e.g. `casus ingest --db %s`, with no input) to migrate it",
                         path, v, STORE_SCHEMA_VERSION, path);
    *version = v;
    return 0;
}

int store_open(store **out, const char *path, const store_opts *opts, casus_error *err)
{
    *out = NULL;
    store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    }
    if (opts)
        s->opts = *opts;
    if (!s->opts.batch_articles)
        s->opts.batch_articles = 64;
    if (!s->opts.batch_ms)
        s->opts.batch_ms = 500;
    int readonly = (s->opts.flags & STORE_READONLY) != 0;
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = 0, version = 0;
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = s->db ? db_error(s->db, path, "cannot open the database", err)
                   : error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
        if (readonly && sqlite3_errcode(s->db) == SQLITE_CANTOPEN)
            rc = error_set(err, CASUS_ENOENT, "%s: cannot open the database: %s", path,
                           sqlite3_errmsg(s->db));
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 0);
    sqlite3_busy_timeout(s->db, 10000);
    if ((rc = check_identity(s->db, path, readonly, &version, err)))
        goto fail;
    if (!readonly) {
        /* WAL: readers (casus query, the server) never block the writer;
         * NORMAL: a committed batch survives a killed process (the WAL is
         * in the OS's cache), only a power cut may lose the last ones */
        if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(s->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
            rc = db_error(s->db, path, "cannot set WAL mode", err);
            goto fail;
        }
        if (version == 0) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA application_id = %d", STORE_APPLICATION_ID);
            if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
                rc = db_error(s->db, path, "cannot mark the database", err);
                goto fail;
            }
        }
        if ((rc = store_migrate(s->db, STORE_SCHEMA_VERSION, path, err)))
            goto fail;
        /* migrated by another process meanwhile to a newer version? */
        if ((rc = check_identity(s->db, path, 0, &version, err)))
            goto fail;
        sqlite3_exec(s->db, "PRAGMA cache_size=-32768", NULL, NULL, NULL); /* 32 MB */
    }
    *out = s;
    return 0;
fail:
    sqlite3_close(s->db);
    free(s->path);
    free(s);
    return rc;
}

sqlite3 *store_db(store *s) { return s->db; }

void store_get_stats(const store *s, store_stats *out) { *out = s->stats; }

int store_sql_error(store *s, const char *what, casus_error *err)
{
    return db_error(s->db, s->path, what, err);
}

int store_close(store *s, casus_error *err)
{
    if (!s)
        return 0;
    int rc = s->in_tx ? store_flush(s, err) : 0;
    for (size_t i = 0; i < ST_N; i++)
        sqlite3_finalize(s->st[i]);
    store_scratch_free(s);
    if (!(s->opts.flags & STORE_READONLY))
        /* statistics for the query planner, bounded in time: without them
         * SQLite drives a filtered query by whichever index it meets first */
        sqlite3_exec(s->db, "PRAGMA analysis_limit=400; PRAGMA optimize=0x10002", NULL, NULL,
                     NULL);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
    return rc;
}
