/*
 * ingest.c — stores records (record.c) in the database: one article and
 * all its rows per SAVEPOINT, many articles per transaction.
 *
 * Tuned for the writer thread of `casus ingest`, which must keep up with
 * several pipeline threads: every statement is prepared once and bound
 * from views into the record (no copies), the text goes into the database
 * once (FTS5 reads it through external content), child tables are WITHOUT
 * ROWID keyed by (article, idx) so each article's rows append at the end of
 * their B-trees, and events are aggregated incrementally: a new report of
 * a known event updates four counters, it never rescans the event's
 * mentions (except to tell whether its source is new, docs/SCHEMA.md).
 *
 * Atomicity: an article's rows are written between SAVEPOINT and RELEASE
 * inside the batch transaction, so a malformed record or a failed insert
 * rolls back that article alone, and a killed process leaves committed
 * articles whole and the open batch absent (SQLite's WAL guarantees it).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_int.h"
#include "util/error.h"

static const char *const sql_text[ST_N] = {
    [ST_FIND_ID] = "SELECT 1 FROM articles WHERE doc_id = ?1",
    [ST_FIND_HASH] = "SELECT text FROM articles WHERE text_hash = ?1",
    [ST_ARTICLE] = "INSERT INTO articles (doc_id, url, date, title, source, text_hash, text,"
                   " n_sentences, n_tokens, added) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [ST_FTS] = "INSERT INTO article_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
    [ST_TONE] = "INSERT INTO tone VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    [ST_ENTITY] = "INSERT INTO entities VALUES (?1,?2,?3,?4,?5,?6)",
    [ST_MENTION] = "INSERT INTO mentions VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    [ST_EVENT_FIND] = "SELECT id FROM events WHERE ekey = ?1",
    [ST_EVENT_NEW] =
        "INSERT INTO events (ekey, date, date_res, actor1_code, actor1_name, actor1_country,"
        " actor2_code, actor2_name, actor2_country, code, base, root, quadclass, goldstein,"
        " place_name, place_country, place_adm1, place_lat, place_lon, place_geonameid,"
        " num_mentions, num_sources, num_articles, avg_tone, first_article, added)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
        " 0, 0, 0, NULL, ?21, ?22)",
    [ST_EVENT_MENTION] =
        "INSERT INTO event_mentions VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
    [ST_EVENT_SOURCE_SEEN] =
        "SELECT 1 FROM event_mentions m JOIN articles a ON a.id = m.article"
        " WHERE m.event = ?1 AND m.article <> ?2 AND a.source = ?3 LIMIT 1",
    /* in SET, column names read the row's old values */
    [ST_EVENT_UPDATE] =
        "UPDATE events SET num_mentions = num_mentions + ?2, num_articles = num_articles + 1,"
        " num_sources = num_sources + ?3,"
        " avg_tone = CASE WHEN ?4 IS NULL THEN avg_tone WHEN avg_tone IS NULL THEN ?4"
        " ELSE (avg_tone * num_articles + ?4) / (num_articles + 1) END WHERE id = ?1",
    [ST_QUOTE] = "INSERT INTO quotes VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [ST_COUNT] = "INSERT INTO counts VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [ST_AMOUNT] = "INSERT INTO amounts VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    [ST_DATE] = "INSERT INTO dates VALUES (?1,?2,?3,?4,?5,?6,?7)",
    [ST_LOCATION] = "INSERT INTO locations VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [ST_LOCATION_MENTION] = "INSERT INTO location_mentions VALUES (?1,?2,?3,?4,?5)",
    [ST_THEME] = "INSERT INTO themes VALUES (?1,?2,?3,?4,?5)",
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The prepared statement k, made on first use; NULL on error. */
static sqlite3_stmt *stmt(store *s, int k)
{
    if (!s->st[k] &&
        sqlite3_prepare_v3(s->db, sql_text[k], -1, SQLITE_PREPARE_PERSISTENT, &s->st[k], NULL) !=
            SQLITE_OK)
        return NULL;
    sqlite3_reset(s->st[k]);
    sqlite3_clear_bindings(s->st[k]);
    return s->st[k];
}

static void bind_str(sqlite3_stmt *st, int i, rec_str v)
{
    if (v.s)
        sqlite3_bind_text(st, i, v.s, (int)v.n, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Runs an INSERT / UPDATE; returns 0 or -1. */
static int exec_st(sqlite3_stmt *st)
{
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int exec_sql(store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* ---------------------------------------------------------------- transactions */

int store_flush(store *s, casus_error *err)
{
    if (!s->in_tx)
        return 0;
    if (exec_sql(s, "COMMIT")) {
        int rc = store_sql_error(s, "commit failed", err);
        exec_sql(s, "ROLLBACK");
        s->in_tx = 0;
        s->batch_n = 0;
        return rc;
    }
    s->in_tx = 0;
    s->batch_n = 0;
    s->stats.n_commits++;
    return 0;
}

static int begin_batch(store *s, casus_error *err)
{
    if (s->in_tx)
        return 0;
    /* IMMEDIATE takes the write lock now, so a second writer waits for the
     * whole batch instead of failing half-way (busy_timeout applies) */
    if (exec_sql(s, "BEGIN IMMEDIATE"))
        return store_sql_error(s, "cannot start a transaction", err);
    s->in_tx = 1;
    s->batch_n = 0;
    s->batch_start = now_s();
    return 0;
}

/* ---------------------------------------------------------------- duplicates */

/* 1 when doc_id or the normalised text is stored, 0 if not, -1 on error. */
static int is_stored(store *s, const char *id, size_t id_len, const char *text, size_t text_len,
                     uint64_t hash)
{
    sqlite3_stmt *st = stmt(s, ST_FIND_ID);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, id, (int)id_len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE)
        return -1;
    if (!(st = stmt(s, ST_FIND_HASH)))
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)hash);
    int found = 0;
    while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        found = store_text_same(t ? t : "", n, text, text_len);
    }
    sqlite3_reset(st);
    return found ? 1 : rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_has_article(store *s, const casus_article *a)
{
    const char *text = a->text ? a->text : "";
    size_t n = a->text ? a->text_len : 0;
    const char *id = a->id ? a->id : "";
    return is_stored(s, id, strlen(id), text, n, store_text_hash(text, n));
}

/* ---------------------------------------------------------------- one record */

/* What the events of one article need to aggregate: per event mention,
 * its event's row id and sentence. */
typedef struct ev_slot {
    sqlite3_int64 event;
    uint32_t sentence;
} ev_slot;

typedef struct scratch {
    ev_slot *ev;
    size_t cap;
} scratch;

void store_scratch_free(store *s)
{
    scratch *sc = s->scratch;
    if (sc)
        free(sc->ev);
    free(sc);
    s->scratch = NULL;
}

static ev_slot *ev_slots(store *s, size_t n)
{
    scratch *sc = s->scratch;
    if (!sc && !(sc = s->scratch = calloc(1, sizeof *sc)))
        return NULL;
    if (n > sc->cap || !sc->ev) {
        size_t cap = n < 64 ? 64 : n;
        ev_slot *p = realloc(sc->ev, cap * sizeof *p);
        if (!p)
            return NULL;
        sc->ev = p;
        sc->cap = cap;
    }
    return sc->ev;
}

typedef struct place_v {
    uint8_t found, has_coords;
    rec_str name, country, adm1, feature;
    double lat, lon;
    uint32_t geonameid;
} place_v;

static place_v read_place(rec_rd *r)
{
    place_v p;
    p.found = rec_u8(r);
    p.name = rec_string(r);
    p.country = rec_string(r);
    p.adm1 = rec_string(r);
    p.feature = rec_string(r);
    p.has_coords = rec_u8(r);
    p.lat = rec_f64(r);
    p.lon = rec_f64(r);
    p.geonameid = rec_u32(r);
    return p;
}

/* Binds lat, lon, geonameid at i, i+1, i+2 (NULL when unknown). */
static void bind_coords(sqlite3_stmt *st, int i, const place_v *p)
{
    if (p->found && p->has_coords) {
        sqlite3_bind_double(st, i, p->lat);
        sqlite3_bind_double(st, i + 1, p->lon);
    }
    if (p->found && p->geonameid)
        sqlite3_bind_int64(st, i + 2, p->geonameid);
}

#define FAIL_SQL() do { why = "insert failed"; goto sql_fail; } while (0)

/* Writes the rows of one record whose article header has been read;
 * returns 0, CASUS_ECORRUPT (r->bad) or -1 (an SQLite error). */
static int put_rows(store *s, rec_rd *r, sqlite3_int64 art, rec_str source, int has_tone,
                    double tone, size_t *n_new_events, size_t *n_ev_mentions)
{
    sqlite3_stmt *st;
    uint32_t n = rec_count(r, 13);
    for (uint32_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_ENTITY)))
            return -1;
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        bind_str(st, 3, rec_string(r));
        bind_str(st, 4, rec_string(r));
        bind_str(st, 5, rec_string(r));
        sqlite3_bind_int64(st, 6, rec_u32(r));
        if (r->bad || exec_st(st))
            return r->bad ? CASUS_ECORRUPT : -1;
    }

    n = rec_count(r, 28);
    for (uint32_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_MENTION)))
            return -1;
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        uint32_t start = rec_u32(r), end = rec_u32(r), sent = rec_u32(r);
        int32_t ent = rec_i32(r);
        if (ent >= 0)
            sqlite3_bind_int64(st, 3, ent);
        sqlite3_bind_int64(st, 4, sent);
        sqlite3_bind_int64(st, 5, start);
        sqlite3_bind_int64(st, 6, end);
        bind_str(st, 7, rec_string(r));
        bind_str(st, 8, rec_string(r));
        bind_str(st, 9, rec_string(r));
        if (r->bad || exec_st(st))
            return r->bad ? CASUS_ECORRUPT : -1;
    }

    n = rec_count(r, 100);
    ev_slot *slots = ev_slots(s, n);
    if (!slots)
        return CASUS_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        rec_str key = rec_string(r);
        int32_t date = rec_i32(r);
        rec_str date_res = rec_string(r);
        uint32_t sentence = rec_u32(r);
        rec_str a_code[2], a_name[2], a_country[2];
        int32_t a_mention[2];
        for (int k = 0; k < 2; k++) {
            a_code[k] = rec_string(r);
            a_name[k] = rec_string(r);
            a_country[k] = rec_string(r);
            a_mention[k] = rec_i32(r);
        }
        (void)rec_u8(r); /* has_target: an empty actor2_code says it */
        rec_str code = rec_string(r), base = rec_string(r), root = rec_string(r);
        int32_t quadclass = rec_i32(r);
        double goldstein = rec_f64(r);
        place_v pl = read_place(r);
        uint32_t trig_start = rec_u32(r), trig_end = rec_u32(r);
        rec_str rule = rec_string(r), mood = rec_string(r);
        double confidence = rec_f64(r);
        uint64_t global_id = rec_u64(r);
        if (r->bad || !key.s || !key.n)
            return CASUS_ECORRUPT;

        /* the event: found by its key, else created with zero counts */
        if (!(st = stmt(s, ST_EVENT_FIND)))
            return -1;
        bind_str(st, 1, key);
        int rc = sqlite3_step(st);
        sqlite3_int64 ev = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return -1;
        if (!ev) {
            if (!(st = stmt(s, ST_EVENT_NEW)))
                return -1;
            bind_str(st, 1, key);
            if (date)
                sqlite3_bind_int64(st, 2, date);
            bind_str(st, 3, date_res);
            for (int k = 0; k < 2; k++) {
                bind_str(st, 4 + 3 * k, a_code[k]);
                bind_str(st, 5 + 3 * k, a_name[k]);
                bind_str(st, 6 + 3 * k, a_country[k]);
            }
            bind_str(st, 10, code);
            bind_str(st, 11, base);
            bind_str(st, 12, root);
            sqlite3_bind_int64(st, 13, quadclass);
            sqlite3_bind_double(st, 14, goldstein);
            bind_str(st, 15, pl.name);
            bind_str(st, 16, pl.country);
            bind_str(st, 17, pl.adm1);
            bind_coords(st, 18, &pl);
            sqlite3_bind_int64(st, 21, art);
            sqlite3_bind_int64(st, 22, (sqlite3_int64)time(NULL));
            if (exec_st(st))
                return -1;
            ev = sqlite3_last_insert_rowid(s->db);
            ++*n_new_events;
        }
        slots[i].event = ev;
        slots[i].sentence = sentence;

        if (!(st = stmt(s, ST_EVENT_MENTION)))
            return -1;
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        sqlite3_bind_int64(st, 3, ev);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)global_id);
        sqlite3_bind_int64(st, 5, sentence);
        bind_str(st, 6, code);
        bind_str(st, 7, rule);
        bind_str(st, 8, mood);
        sqlite3_bind_double(st, 9, confidence);
        bind_str(st, 10, date_res);
        sqlite3_bind_int64(st, 11, trig_start);
        sqlite3_bind_int64(st, 12, trig_end);
        if (a_mention[0] >= 0)
            sqlite3_bind_int64(st, 13, a_mention[0]);
        if (a_mention[1] >= 0)
            sqlite3_bind_int64(st, 14, a_mention[1]);
        if (exec_st(st))
            return -1;
        ++*n_ev_mentions;
    }

    /* aggregates, once per distinct event of this article: its distinct
     * sentences are new mentions (the article is new, so no sentence of it
     * was counted before), the article is one more, and the source is one
     * more when no earlier article of the event had it */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t j = 0;
        while (j < i && slots[j].event != slots[i].event)
            j++;
        if (j < i)
            continue; /* done with its first mention */
        size_t n_sent = 0;
        for (uint32_t k = i; k < n; k++) {
            if (slots[k].event != slots[i].event)
                continue;
            uint32_t m = i;
            while (m < k && !(slots[m].event == slots[i].event &&
                              slots[m].sentence == slots[k].sentence))
                m++;
            n_sent += m == k;
        }
        if (!(st = stmt(s, ST_EVENT_SOURCE_SEEN)))
            return -1;
        sqlite3_bind_int64(st, 1, slots[i].event);
        sqlite3_bind_int64(st, 2, art);
        bind_str(st, 3, source);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return -1;
        if (!(st = stmt(s, ST_EVENT_UPDATE)))
            return -1;
        sqlite3_bind_int64(st, 1, slots[i].event);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)n_sent);
        sqlite3_bind_int64(st, 3, rc == SQLITE_DONE);
        if (has_tone)
            sqlite3_bind_double(st, 4, tone);
        if (exec_st(st))
            return -1;
    }

    n = rec_count(r, 28);
    for (uint32_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_QUOTE)))
            return -1;
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        uint32_t start = rec_u32(r), end = rec_u32(r);
        sqlite3_bind_int64(st, 3, rec_u32(r));
        sqlite3_bind_int64(st, 4, start);
        sqlite3_bind_int64(st, 5, end);
        bind_str(st, 6, rec_string(r));
        bind_str(st, 7, rec_string(r));
        int32_t spk = rec_i32(r);
        if (spk >= 0)
            sqlite3_bind_int64(st, 8, spk);
        bind_str(st, 9, rec_string(r));
        bind_str(st, 10, rec_string(r));
        if (r->bad || exec_st(st))
            return r->bad ? CASUS_ECORRUPT : -1;
    }

    n = rec_count(r, 40);
    for (uint32_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_COUNT)))
            return -1;
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        sqlite3_bind_double(st, 6, rec_f64(r));
        sqlite3_bind_double(st, 7, rec_f64(r));
        sqlite3_bind_int64(st, 8, rec_i32(r) != 0);
        bind_str(st, 9, rec_string(r));
        bind_str(st, 10, rec_string(r));
        sqlite3_bind_int64(st, 4, rec_u32(r));
        sqlite3_bind_int64(st, 5, rec_u32(r));
        sqlite3_bind_int64(st, 3, rec_u32(r));
        if (r->bad || exec_st(st))
            return r->bad ? CASUS_ECORRUPT : -1;
    }

    n = rec_count(r, 28);
    for (uint32_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_AMOUNT)))
            return -1;
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        sqlite3_bind_double(st, 6, rec_f64(r));
        bind_str(st, 7, rec_string(r));
        bind_str(st, 8, rec_string(r));
        sqlite3_bind_int64(st, 4, rec_u32(r));
        sqlite3_bind_int64(st, 5, rec_u32(r));
        sqlite3_bind_int64(st, 3, rec_u32(r));
        if (r->bad || exec_st(st))
            return r->bad ? CASUS_ECORRUPT : -1;
    }

    n = rec_count(r, 20);
    for (uint32_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_DATE)))
            return -1;
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        sqlite3_bind_int64(st, 4, rec_u32(r));
        sqlite3_bind_int64(st, 5, rec_u32(r));
        sqlite3_bind_int64(st, 3, rec_u32(r));
        bind_str(st, 6, rec_string(r));
        bind_str(st, 7, rec_string(r));
        if (r->bad || exec_st(st))
            return r->bad ? CASUS_ECORRUPT : -1;
    }

    n = rec_count(r, 42);
    for (uint32_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_LOCATION)))
            return -1;
        place_v pl = read_place(r);
        uint32_t n_spans = rec_count(r, 8);
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        bind_str(st, 3, pl.name);
        bind_str(st, 4, pl.country);
        bind_str(st, 5, pl.adm1);
        bind_str(st, 6, pl.feature);
        bind_coords(st, 7, &pl);
        sqlite3_bind_int64(st, 10, n_spans);
        if (r->bad || exec_st(st))
            return r->bad ? CASUS_ECORRUPT : -1;
        for (uint32_t k = 0; k < n_spans; k++) {
            if (!(st = stmt(s, ST_LOCATION_MENTION)))
                return -1;
            sqlite3_bind_int64(st, 1, art);
            sqlite3_bind_int64(st, 2, i);
            sqlite3_bind_int64(st, 3, k);
            sqlite3_bind_int64(st, 4, rec_u32(r));
            sqlite3_bind_int64(st, 5, rec_u32(r));
            if (r->bad || exec_st(st))
                return r->bad ? CASUS_ECORRUPT : -1;
        }
    }

    n = rec_count(r, 12);
    for (uint32_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_THEME)))
            return -1;
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, i);
        bind_str(st, 3, rec_string(r));
        sqlite3_bind_int64(st, 4, rec_u32(r));
        sqlite3_bind_int64(st, 5, rec_u32(r));
        if (r->bad || exec_st(st))
            return r->bad ? CASUS_ECORRUPT : -1;
    }

    char end[4];
    if (!rec_take(r, end, 4) || memcmp(end, STORE_REC_END, 4) || r->p != r->end)
        return CASUS_ECORRUPT;
    return 0;
}

int store_put_record(store *s, const void *rec, size_t n, int *added, casus_error *err)
{
    if (added)
        *added = 0;
    if (s->opts.flags & STORE_READONLY)
        return error_set(err, CASUS_EINVAL, "%s: opened read-only", s->path);
    rec_rd r = {rec, (const unsigned char *)rec + n, 0};
    char magic[4];
    if (!rec_take(&r, magic, 4) || memcmp(magic, STORE_REC_MAGIC, 4))
        return error_set(err, CASUS_ECORRUPT, "%s: not a store record", s->path);
    rec_str id = rec_string(&r), url = rec_string(&r), title = rec_string(&r);
    rec_str text = rec_string(&r), source = rec_string(&r);
    int32_t date = rec_i32(&r);
    uint64_t hash = rec_u64(&r);
    uint32_t n_sent = rec_u32(&r), n_tok = rec_u32(&r);
    int has_tone = rec_u8(&r);
    double tone[6] = {0};
    uint32_t words = 0;
    if (has_tone) {
        for (int k = 0; k < 6; k++)
            tone[k] = rec_f64(&r);
        words = rec_u32(&r);
    }
    if (r.bad || !id.s || !text.s || !source.s)
        return error_set(err, CASUS_ECORRUPT, "%s: truncated store record", s->path);

    int rc = begin_batch(s, err);
    if (rc)
        return rc;
    int dup = is_stored(s, id.s, id.n, text.s, text.n, hash);
    if (dup < 0)
        return store_sql_error(s, "duplicate lookup failed", err);
    if (dup) {
        s->stats.n_duplicates++;
        return 0;
    }

    const char *why = "insert failed";
    if (exec_sql(s, "SAVEPOINT article"))
        return store_sql_error(s, "cannot start a savepoint", err);
    sqlite3_stmt *st = stmt(s, ST_ARTICLE);
    if (!st)
        FAIL_SQL();
    bind_str(st, 1, id);
    bind_str(st, 2, url);
    if (date)
        sqlite3_bind_int64(st, 3, date);
    bind_str(st, 4, title);
    bind_str(st, 5, source);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)hash);
    bind_str(st, 7, text);
    sqlite3_bind_int64(st, 8, n_sent);
    sqlite3_bind_int64(st, 9, n_tok);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)time(NULL));
    if (exec_st(st))
        FAIL_SQL();
    sqlite3_int64 art = sqlite3_last_insert_rowid(s->db);
    if (!(st = stmt(s, ST_FTS)))
        FAIL_SQL();
    sqlite3_bind_int64(st, 1, art);
    bind_str(st, 2, title);
    bind_str(st, 3, text);
    if (exec_st(st))
        FAIL_SQL();
    if (has_tone) {
        if (!(st = stmt(s, ST_TONE)))
            FAIL_SQL();
        sqlite3_bind_int64(st, 1, art);
        for (int k = 0; k < 6; k++)
            sqlite3_bind_double(st, 2 + k, tone[k]);
        sqlite3_bind_int64(st, 8, words);
        if (exec_st(st))
            FAIL_SQL();
    }
    size_t n_new = 0, n_evm = 0;
    rc = put_rows(s, &r, art, source, has_tone, tone[0], &n_new, &n_evm);
    if (rc == CASUS_ECORRUPT || rc == CASUS_ENOMEM) {
        exec_sql(s, "ROLLBACK TO article");
        exec_sql(s, "RELEASE article");
        return error_set(err, rc, "%s: article '%.*s': %s", s->path, (int)(id.n < 200 ? id.n : 200),
                         id.s, rc == CASUS_ENOMEM ? "out of memory" : "malformed store record");
    }
    if (rc)
        FAIL_SQL();
    if (exec_sql(s, "RELEASE article"))
        FAIL_SQL();
    s->stats.n_added++;
    s->stats.n_events_new += n_new;
    s->stats.n_event_mentions += n_evm;
    if (added)
        *added = 1;
    if (++s->batch_n >= s->opts.batch_articles ||
        now_s() - s->batch_start >= s->opts.batch_ms / 1000.0)
        return store_flush(s, err);
    return 0;

sql_fail:
    rc = store_sql_error(s, why, err);
    exec_sql(s, "ROLLBACK TO article");
    exec_sql(s, "RELEASE article");
    return rc;
}

int store_put_doc(store *s, const casus_doc *d, int *added, casus_error *err)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    if (!f)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", s->path);
    int rc = store_record_encode(d, f);
    if (fclose(f) && !rc)
        rc = CASUS_ENOMEM;
    if (rc) {
        free(data);
        return error_set(err, rc, "%s: cannot encode article '%s': %s", s->path,
                         casus_doc_article(d)->id, casus_strerror(rc));
    }
    rc = store_put_record(s, data, len, added, err);
    free(data);
    return rc;
}
