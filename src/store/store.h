/*
 * store.h — the SQLite event database (docs/SCHEMA.md): opening and
 * migrating a database, and ingesting coded documents into it.
 *
 * Shared inside casus by `casus ingest` (cli/cmd_store.c) and the query
 * side (`casus query`, `casus export`), which open a database with
 * store_open and then read it with plain SQL through store_db. The tables,
 * columns, indexes and the event deduplication rules are documented in
 * docs/SCHEMA.md; STORE_SCHEMA_VERSION is the version this code writes.
 *
 * Ingest is split in two so that the costly half runs on worker threads
 * and SQLite stays on one thread:
 *   worker:  store_record_encode(doc) -> a flat byte record (everything
 *            the database needs from the document, event keys and text
 *            hash already computed)
 *   writer:  store_put_record(store, record) -> rows, in batched
 *            transactions (store_opts.batch_articles / batch_ms).
 * store_put_doc does both, for tests and single-threaded callers.
 */
#ifndef CASUS_STORE_STORE_H
#define CASUS_STORE_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "casus.h"

/* The schema version this code creates and migrates to (PRAGMA
 * user_version). A database with a higher version is refused. */
#define STORE_SCHEMA_VERSION 3
/* PRAGMA application_id of a casus database: "CASU". */
#define STORE_APPLICATION_ID 0x43415355

/* store_open flags. */
#define STORE_READONLY 1u /* open an existing database read-only; no migration */

typedef struct store store;

typedef struct store_opts {
    unsigned flags;        /* STORE_* */
    size_t batch_articles; /* articles per transaction; 0 means 64 */
    unsigned batch_ms;     /* also commit when a transaction is this old; 0 means 500 */
} store_opts;

/* What store_put_record did, summed over the store's life. */
typedef struct store_stats {
    size_t n_added;      /* articles stored */
    size_t n_duplicates; /* articles already stored (same id or same normalised text) */
    size_t n_events_new; /* distinct events created */
    size_t n_event_mentions;
    size_t n_commits;
} store_stats;

/*
 * Opens (creating when absent, unless STORE_READONLY) the database at
 * path, sets WAL mode and synchronous=NORMAL, and migrates an older schema
 * to STORE_SCHEMA_VERSION, each step in its own transaction. A database of
 * a newer schema is refused with CASUS_EVERSION, a file that is not a casus
 * database with CASUS_EFORMAT; a read-only open of an older schema is
 * CASUS_EVERSION too (it cannot migrate). opts may be NULL. Caller frees
 * with store_close.
 */
int store_open(store **out, const char *path, const store_opts *opts, casus_error *err);

/* Commits the open batch (if any) and closes. Returns 0 or a negative code
 * when the last commit failed (err says why). store_close(NULL, ...) is a
 * no-op. */
int store_close(store *s, casus_error *err);

/* The connection, borrowed until store_close: for reading with plain SQL.
 * Do not run statements on it from another thread. */
sqlite3 *store_db(store *s);

/* Reads the schema version (PRAGMA user_version) of an open connection. */
int store_schema_version(sqlite3 *db);

/* Runs the migrations that take db from its version up to target (at most
 * STORE_SCHEMA_VERSION). store_open calls it; tests call it to build an
 * older database. Returns 0 or a negative code. */
int store_migrate(sqlite3 *db, int target, const char *path, casus_error *err);

/* Commits the open batch now. Returns 0 or a negative code. */
int store_flush(store *s, casus_error *err);

void store_get_stats(const store *s, store_stats *out);

/* ---------------------------------------------------------------- records */

/*
 * Encodes everything the database keeps of d (article, every layer, event
 * keys, the normalised-text hash) into one record, written to out with a
 * single fwrite. Pure and thread-safe: runs on worker threads. Returns 0,
 * CASUS_ENOMEM or CASUS_EIO.
 */
int store_record_encode(const casus_doc *d, FILE *out);

/*
 * Stores one record made by store_record_encode. Sets *added to 1 when the
 * article was stored, 0 when it was already in the database (by id or by
 * normalised text: nothing changes then). Opens a transaction when none is
 * open and commits when the batch is full or old enough; a record's rows
 * are all in the same transaction, so a killed process leaves each article
 * whole or absent. A malformed record is CASUS_ECORRUPT (nothing stored),
 * an SQLite failure CASUS_EIO with SQLite's message in err; the current
 * batch is then rolled back. added may be NULL.
 */
int store_put_record(store *s, const void *rec, size_t n, int *added, casus_error *err);

/* store_record_encode and store_put_record in one step. */
int store_put_doc(store *s, const casus_doc *d, int *added, casus_error *err);

/*
 * 1 when an article with a's id, or with the same normalised text, is
 * already stored (including the open batch), 0 when not, negative on an
 * SQLite error. Lets a resumed ingest skip what it stored before without
 * running the pipeline on it.
 */
int store_has_article(store *s, const casus_article *a);

/* ---------------------------------------------------------------- dedup rules */

/* The hash of text with its whitespace normalised (dedup.c): runs of
 * whitespace (ASCII, U+00A0, U+2000-U+200B, U+3000 and the line
 * separators) count as one space, leading and trailing ones as none. */
uint64_t store_text_hash(const char *text, size_t n);
/* 1 when a and b are equal after that normalisation. */
int store_text_same(const char *a, size_t na, const char *b, size_t nb);

/*
 * The deduplication key of event i of d into out[0..size) (truncated
 * keys cannot collide by accident: a key over size is hashed), as
 * docs/SCHEMA.md "One event, many reports" states: date and its
 * resolution, source and target actor, CAMEO base code and place. Returns
 * the key's length.
 */
size_t store_event_key(const casus_doc *d, size_t i, char *out, size_t size);

/* "YYYY-MM-DD" (or a prefix "YYYY-MM", "YYYY") as YYYYMMDD; 0 when s is
 * no date. */
int32_t store_date_int(const char *s);

#endif
