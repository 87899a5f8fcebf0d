/*
 * cmd_store.c — `casus ingest --db FILE [-j N] [INPUTS...]`: code articles
 * with every layer and store them in the event database (docs/SCHEMA.md).
 *
 * The pipeline runs on cli_run_articles's worker threads, each document
 * flattened there into a store record (store_record_encode); the records
 * reach the main thread in input order, and only the main thread touches
 * SQLite. Before an article is processed, the main thread asks the
 * database whether it is already stored (same id or same normalised text),
 * so a run restarted after a kill skips what it stored before without
 * coding it again.
 *
 * With -j N > 1 the main thread only hands each record to a writer thread
 * (a bounded queue) and goes back to reading and coding, so the SQLite work
 * overlaps the pipeline instead of stalling every batch; the writer thread
 * is then the only one that writes, and the main thread asks "already
 * stored?" on a second, read-only connection (WAL lets it read while the
 * writer writes; a duplicate inside the open batch is still caught by the
 * writer). With -j 1 everything stays on the one thread.
 *
 * This command includes the store's internal header (src/store/store.h)
 * besides casus.h: the database is not part of the public API yet.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "store/store.h"

/* Records on their way from the main thread to the writer thread. */
#define QUEUE_CAP 256

typedef struct queued {
    char *data;
    size_t len;
    char where[160]; /* "file:line" for messages */
} queued;

typedef struct ingest_ctx {
    store *db;     /* the writer's connection */
    store *reader; /* -j > 1: the main thread's read-only connection, else NULL */
    const char *path;
    int quiet, progress;
    int failed;           /* an SQLite error stopped the run */
    size_t n_seen;        /* articles skipped before processing (already stored) */
    size_t n_bad;         /* records that could not be stored */
    double total_bytes;   /* size of the inputs, 0 when unknown (stdin, gzip) */
    double done_bytes;
    double t_start, t_shown;

    /* the writer thread (-j > 1) */
    int threaded;
    pthread_t writer;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    queued q[QUEUE_CAP];
    size_t q_head, q_len;
    int closing;
    store_stats stats; /* a copy, refreshed by the writer under mu */
} ingest_ctx;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------- input size */

static double walk_total;
static int walk_unknown;

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && !strcmp(s + n - k, suf);
}

static int walk_file(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_F && S_ISREG(sb->st_mode)) {
        if (has_suffix(path, ".gz"))
            walk_unknown = 1; /* compressed: its text size is unknown */
        walk_total += (double)sb->st_size;
    }
    return 0;
}

/* The bytes the inputs hold, or 0 when that cannot be known up front. */
static double input_size(const cli_args *args)
{
    walk_total = 0;
    walk_unknown = args->n_operands == 0;
    for (size_t i = 0; i < args->n_operands && !walk_unknown; i++) {
        struct stat sb;
        const char *p = args->operands[i];
        if (!strcmp(p, "-") || stat(p, &sb))
            walk_unknown = 1;
        else if (S_ISDIR(sb.st_mode))
            nftw(p, walk_file, 16, FTW_PHYS);
        else
            walk_file(p, &sb, FTW_F, NULL);
    }
    return walk_unknown ? 0 : walk_total;
}

/* About the bytes an article took in its input. */
static double article_bytes(const casus_article *a)
{
    return (double)(a->text_len + strlen(a->id) + strlen(a->url) + strlen(a->title) +
                    strlen(a->date) + 2);
}

/* ---------------------------------------------------------------- progress */

static void show_progress(ingest_ctx *c, int last)
{
    double t = now_s();
    if (!c->progress || (!last && t - c->t_shown < 0.25))
        return;
    c->t_shown = t;
    store_stats s;
    if (c->threaded) {
        pthread_mutex_lock(&c->mu);
        s = c->stats;
        pthread_mutex_unlock(&c->mu);
    } else {
        store_get_stats(c->db, &s);
    }
    double el = t - c->t_start;
    double rate = el > 0 ? (double)s.n_added / el : 0;
    char eta[48] = "";
    if (c->total_bytes > 0 && c->done_bytes > 0 && !last) {
        double frac = c->done_bytes / c->total_bytes;
        if (frac > 0.999)
            frac = 0.999;
        double rest = el * (1 - frac) / frac;
        snprintf(eta, sizeof eta, ", %2.0f%%, ETA %dm%02ds", frac * 100, (int)(rest / 60),
                 (int)rest % 60);
    }
    fprintf(stderr, "\rcasus ingest: %zu articles (%.0f/s), %zu already stored, %zu events%s\033[K",
            s.n_added, rate, s.n_duplicates + c->n_seen, s.n_event_mentions, eta);
    if (last)
        fputc('\n', stderr);
    fflush(stderr);
}

/* ---------------------------------------------------------------- hooks */

static int emit_record(const casus_doc *d, FILE *out, const void *ctx)
{
    (void)ctx;
    return store_record_encode(d, out);
}

static int skip_stored(void *arg, const casus_article *a)
{
    ingest_ctx *c = arg;
    int rc = store_has_article(c->reader ? c->reader : c->db, a);
    if (rc > 0) {
        c->n_seen++;
        c->done_bytes += article_bytes(a);
        show_progress(c, 0);
    }
    return rc > 0; /* on an error the article goes on; the sink reports */
}

/* Stores one record; returns 0, or -1 when the run must stop. Runs on the
 * thread that owns c->db. */
static int put_one(ingest_ctx *c, const char *where, const char *rec, size_t len)
{
    casus_error err = {0};
    int rc = store_put_record(c->db, rec, len, NULL, &err);
    if (rc == CASUS_ECORRUPT || rc == CASUS_ENOMEM) {
        /* this article is not stored; the others are unharmed */
        c->n_bad++;
        if (!c->quiet)
            fprintf(stderr, "\ncasus ingest: %s: %s\n", where, err.msg);
        return rc == CASUS_ENOMEM ? -1 : 0;
    }
    if (rc) {
        fprintf(stderr, "\ncasus ingest: %s\n", err.msg);
        c->failed = 1;
        return -1;
    }
    return 0;
}

static void *writer_main(void *arg)
{
    ingest_ctx *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->q_len && !c->closing)
            pthread_cond_wait(&c->not_empty, &c->mu);
        if (!c->q_len)
            break; /* closing and drained */
        queued item = c->q[c->q_head];
        c->q_head = (c->q_head + 1) % QUEUE_CAP;
        c->q_len--;
        pthread_cond_signal(&c->not_full);
        int stop = c->failed;
        pthread_mutex_unlock(&c->mu);
        int rc = stop ? 0 : put_one(c, item.where, item.data, item.len);
        free(item.data);
        pthread_mutex_lock(&c->mu);
        if (rc)
            c->failed = 1;
        store_get_stats(c->db, &c->stats);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

static int sink_record(void *arg, const casus_article *a, const char *rec, size_t len)
{
    ingest_ctx *c = arg;
    c->done_bytes += article_bytes(a);
    char where[160];
    snprintf(where, sizeof where, "%s:%ld", a->source, a->line);
    if (!c->threaded) {
        int rc = put_one(c, where, rec, len);
        show_progress(c, 0);
        return rc;
    }
    queued item = {.data = malloc(len ? len : 1), .len = len};
    if (!item.data)
        return -1;
    memcpy(item.data, rec, len);
    memcpy(item.where, where, sizeof where);
    pthread_mutex_lock(&c->mu);
    while (c->q_len == QUEUE_CAP && !c->failed)
        pthread_cond_wait(&c->not_full, &c->mu);
    int failed = c->failed;
    if (!failed) {
        c->q[(c->q_head + c->q_len) % QUEUE_CAP] = item;
        c->q_len++;
        pthread_cond_signal(&c->not_empty);
    }
    pthread_mutex_unlock(&c->mu);
    if (failed) {
        free(item.data);
        return -1;
    }
    show_progress(c, 0);
    return 0;
}

/* Starts the writer thread and the main thread's read connection. */
static int start_writer(ingest_ctx *c, casus_error *err)
{
    store_opts ro = {.flags = STORE_READONLY};
    int rc = store_open(&c->reader, c->path, &ro, err);
    if (rc)
        return rc;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->not_empty, NULL);
    pthread_cond_init(&c->not_full, NULL);
    store_get_stats(c->db, &c->stats);
    if (pthread_create(&c->writer, NULL, writer_main, c)) {
        store_close(c->reader, NULL);
        c->reader = NULL;
        return CASUS_ENOMEM;
    }
    c->threaded = 1;
    return 0;
}

/* Lets the writer drain the queue and stop. */
static void stop_writer(ingest_ctx *c)
{
    if (!c->threaded)
        return;
    pthread_mutex_lock(&c->mu);
    c->closing = 1;
    pthread_cond_signal(&c->not_empty);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->writer, NULL);
    c->threaded = 0;
    store_close(c->reader, NULL);
    c->reader = NULL;
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->not_empty);
    pthread_cond_destroy(&c->not_full);
}

int cmd_ingest(const cli_cmd *cmd, cli_args *args)
{
    const char *path = cli_get(cmd, args, "db");
    if (!path || !*path) {
        fprintf(stderr, "casus ingest: --db FILE is required\n");
        return EXIT_USAGE;
    }
    long batch = cli_get_long(cmd, args, "batch", 64);
    if (batch <= 0) {
        if (batch == 0)
            fprintf(stderr, "casus ingest: --batch wants a positive number\n");
        return EXIT_USAGE;
    }
    ingest_ctx c = {.path = path, .quiet = cli_get(cmd, args, "quiet") != NULL};
    c.progress = !c.quiet && isatty(STDERR_FILENO);
    store_opts so = {.batch_articles = (size_t)batch};
    casus_error err = {0};
    int rc = store_open(&c.db, path, &so, &err);
    if (rc) {
        fprintf(stderr, "casus ingest: %s\n", err.msg);
        return rc == CASUS_ENOMEM ? EXIT_SOFTWARE : rc == CASUS_ENOENT ? EXIT_NOINPUT : EXIT_FAIL;
    }
    long jobs = cli_get_long(cmd, args, "jobs", 1);
    if (jobs > 1 && start_writer(&c, &err)) {
        fprintf(stderr, "casus ingest: %s\n", err.msg);
        store_close(c.db, NULL);
        return EXIT_FAIL;
    }
    c.total_bytes = input_size(args);
    c.t_start = c.t_shown = now_s();
    cli_run_hooks hooks = {.skip = skip_stored, .sink = sink_record, .ctx = &c};
    int ex = cli_run_articles_hooked(cmd, args, CASUS_STAGE_ALL, emit_record, NULL, &hooks);
    stop_writer(&c);
    show_progress(&c, 1);
    store_stats s;
    store_get_stats(c.db, &s);
    double el = now_s() - c.t_start;
    if (store_close(c.db, &err)) {
        fprintf(stderr, "casus ingest: %s\n", err.msg);
        return EXIT_IOERR;
    }
    if (!c.quiet)
        fprintf(stderr,
                "casus ingest: %s: %zu articles stored (%.1f/s), %zu already there, "
                "%zu not stored; %zu event mentions, %zu new events\n",
                path, s.n_added, el > 0 ? (double)s.n_added / el : 0.0,
                s.n_duplicates + c.n_seen, c.n_bad, s.n_event_mentions, s.n_events_new);
    if (c.failed)
        return EXIT_IOERR;
    /* everything already stored is a success, not "nothing could be read" */
    if (ex == EXIT_FAIL && c.n_seen)
        return EXIT_OK;
    return ex;
}
