/*
 * store_int.h — private to src/store: the record layout that
 * store_record_encode writes (record.c) and store_put_record reads
 * (ingest.c).
 *
 * A record never leaves the process (worker thread to writer thread), so
 * numbers are in native byte order. Layout, in order:
 *   "CSR1"
 *   article: str id, url, title, text, source; i32 date (YYYYMMDD or 0);
 *            u64 text_hash; u32 n_sentences, n_tokens
 *   tone:    u8 present; [f64 tone, positive, negative, polarity,
 *            activity, self_group; u32 words]
 *   u32 n, then n entities:  str name, type, code; u32 n_mentions
 *   u32 n, then n mentions:  u32 start, end, sentence; i32 entity; str kind,
 *                            type, code
 *   u32 n, then n events:    str key; i32 date; str date_res; u32 sentence;
 *                            2 x actor (str code, name, country; i32
 *                            mention); u8 has_target; str code, base, root;
 *                            i32 quadclass; f64 goldstein; place; u32
 *                            trigger_start, trigger_end; str rule, mood; f64
 *                            confidence; u64 global_id
 *   u32 n, then n quotes:    u32 start, end, sentence; str text, verb; i32
 *                            speaker_entity; str speaker_name, speaker_code
 *   u32 n, then n counts:    f64 count, count_max; i32 approx; str object,
 *                            type; u32 start, end, sentence
 *   u32 n, then n amounts:   f64 amount; str currency, object; u32 start,
 *                            end, sentence
 *   u32 n, then n dates:     u32 start, end, sentence; str resolved,
 *                            resolution
 *   u32 n, then n locations: place; u32 n_spans, then n_spans x (u32
 *                            start, end)
 *   u32 n, then n themes:    str theme; u32 start, end
 *   "END!"
 * where str is u32 length then the bytes (no NUL; length 0xFFFFFFFF is
 * NULL) and place is u8 found; str name, country, adm1, feature; u8
 * has_coords; f64 lat, lon; u32 geonameid.
 */
#ifndef CASUS_STORE_STORE_INT_H
#define CASUS_STORE_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "store/store.h"

/* The prepared statements of ingest.c, made on first use. */
enum {
    ST_FIND_ID,
    ST_FIND_HASH,
    ST_ARTICLE,
    ST_FTS,
    ST_TONE,
    ST_ENTITY,
    ST_MENTION,
    ST_EVENT_FIND,
    ST_EVENT_NEW,
    ST_EVENT_MENTION,
    ST_EVENT_SOURCE_SEEN,
    ST_EVENT_UPDATE,
    ST_QUOTE,
    ST_COUNT,
    ST_AMOUNT,
    ST_DATE,
    ST_LOCATION,
    ST_LOCATION_MENTION,
    ST_THEME,
    ST_N
};

struct store {
    sqlite3 *db;
    char *path;
    store_opts opts;
    int in_tx;          /* a batch transaction is open */
    size_t batch_n;     /* articles in it */
    double batch_start; /* when it began (monotonic seconds) */
    store_stats stats;
    sqlite3_stmt *st[ST_N];
    void *scratch;      /* ingest.c's per-record work arrays */
};

/* Frees ingest.c's work arrays (store_close). */
void store_scratch_free(store *s);

/* Sets err from the connection's last error: "path: what: sqlite message". */
int store_sql_error(store *s, const char *what, casus_error *err);

#define STORE_REC_MAGIC "CSR1"
#define STORE_REC_END "END!"
#define STORE_STR_NULL UINT32_MAX

/* A reading cursor; bad is set on the first overrun and every read after
 * it yields zeros, so a caller checks once at the end. */
typedef struct rec_rd {
    const unsigned char *p, *end;
    int bad;
} rec_rd;

static inline int rec_take(rec_rd *r, void *dst, size_t n)
{
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = 1;
        memset(dst, 0, n);
        return 0;
    }
    memcpy(dst, r->p, n);
    r->p += n;
    return 1;
}

static inline uint32_t rec_u32(rec_rd *r)
{
    uint32_t v;
    rec_take(r, &v, sizeof v);
    return v;
}

static inline int32_t rec_i32(rec_rd *r)
{
    int32_t v;
    rec_take(r, &v, sizeof v);
    return v;
}

static inline uint64_t rec_u64(rec_rd *r)
{
    uint64_t v;
    rec_take(r, &v, sizeof v);
    return v;
}

static inline double rec_f64(rec_rd *r)
{
    double v;
    rec_take(r, &v, sizeof v);
    return v;
}

static inline uint8_t rec_u8(rec_rd *r)
{
    uint8_t v;
    rec_take(r, &v, sizeof v);
    return v;
}

/* A string view into the record. s is NULL for a NULL string. */
typedef struct rec_str {
    const char *s;
    uint32_t n;
} rec_str;

static inline rec_str rec_string(rec_rd *r)
{
    rec_str v = {NULL, 0};
    uint32_t n = rec_u32(r);
    if (r->bad || n == STORE_STR_NULL)
        return v;
    if ((size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return v;
    }
    v.s = (const char *)r->p;
    v.n = n;
    r->p += n;
    return v;
}

/* A count of items each at least min_size bytes long: a count that cannot
 * fit in what is left of the record marks it bad (and yields 0), so a
 * corrupt count never drives a long loop. */
static inline uint32_t rec_count(rec_rd *r, size_t min_size)
{
    uint32_t n = rec_u32(r);
    if (!r->bad && (size_t)(r->end - r->p) / min_size < n) {
        r->bad = 1;
        return 0;
    }
    return r->bad ? 0 : n;
}

#endif
