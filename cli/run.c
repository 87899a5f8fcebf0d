/*
 * run.c — the article loop shared by `casus code`, `casus tokenize` and
 * later `casus parse`: read, process on N threads, emit in input order.
 *
 * With one job each article is processed and emitted at once (streaming,
 * least memory). With N jobs the main thread reads a batch (bounded in
 * articles and bytes so memory stays flat), every thread — the main one too
 * — takes articles from it by an atomic counter, and the main thread emits
 * the batch in order. The pipeline is immutable, so workers share it freely.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define BATCH_PER_JOB 64
#define BATCH_BYTES ((size_t)4 << 20)

typedef struct item {
    casus_article *article;
    casus_doc *doc;
    int rc;
    casus_error err;
} item;

typedef struct pool {
    const casus_pipeline *pipe;
    item *items;
    size_t n_items;
    atomic_size_t next;
    size_t done;
    unsigned generation;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t work, finished;
} pool;

static void process_items(pool *p)
{
    size_t n_done = 0;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n_items)
            break;
        item *it = &p->items[i];
        it->rc = casus_doc_process(p->pipe, it->article, &it->doc, &it->err);
        n_done++;
    }
    pthread_mutex_lock(&p->mu);
    p->done += n_done;
    if (p->done == p->n_items)
        pthread_cond_broadcast(&p->finished);
    pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
    pool *p = arg;
    unsigned seen = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->generation == seen)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->stop) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        seen = p->generation;
        pthread_mutex_unlock(&p->mu);
        process_items(p);
    }
}

static void run_batch(pool *p, size_t n)
{
    pthread_mutex_lock(&p->mu);
    p->n_items = n;
    p->done = 0;
    atomic_store(&p->next, 0);
    p->generation++;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    process_items(p);
    pthread_mutex_lock(&p->mu);
    while (p->done < p->n_items)
        pthread_cond_wait(&p->finished, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

typedef struct run_state {
    int quiet;
    size_t n_failed;
    int write_error;
} run_state;

static int emit_item(run_state *st, item *it, cli_emit_fn emit, void *ctx)
{
    int rc = 0;
    if (it->rc) {
        st->n_failed++;
        if (!st->quiet)
            fprintf(stderr, "casus: %s\n", it->err.msg);
    } else if (emit(it->doc, ctx)) {
        st->write_error = 1;
        rc = -1;
    }
    casus_doc_free(it->doc);
    casus_article_free(it->article);
    memset(it, 0, sizeof *it);
    return rc;
}

int cli_run_articles(const cli_cmd *cmd, cli_args *args, cli_emit_fn emit, void *ctx)
{
    casus_reader_opts ropts = {0};
    const char *fmt = cli_get(cmd, args, "input");
    if (fmt && casus_format_parse(fmt, &ropts.format)) {
        fprintf(stderr, "casus %s: unknown input format '%s' (auto, text, jsonl, html, bench)\n",
                cmd->name, fmt);
        return EXIT_USAGE;
    }
    char date[11];
    const char *d = cli_get(cmd, args, "date");
    if (d) {
        if (casus_date_parse(d, date)) {
            fprintf(stderr, "casus %s: --date wants YYYY-MM-DD, not '%s'\n", cmd->name, d);
            return EXIT_USAGE;
        }
        ropts.date = date;
    }
    long max_record = cli_get_long(cmd, args, "max-record", 0);
    long jobs = cli_get_long(cmd, args, "jobs", 1);
    if (max_record < 0 || jobs < 0)
        return EXIT_USAGE;
    if (jobs == 0)
        jobs = 1;
    if (jobs > 256)
        jobs = 256;
    ropts.max_record = (size_t)max_record;
    run_state st = {.quiet = cli_get(cmd, args, "quiet") != NULL};

    casus_error err = {0};
    casus_pipeline *pipe = NULL;
    if (casus_pipeline_new(&pipe, NULL, &err)) {
        fprintf(stderr, "casus: %s\n", err.msg);
        return EXIT_SOFTWARE;
    }
    casus_reader *r = NULL;
    if (casus_reader_open(&r, args->operands, args->n_operands, &ropts, &err)) {
        fprintf(stderr, "casus: %s\n", err.msg);
        casus_pipeline_free(pipe);
        return err.code == CASUS_ENOMEM ? EXIT_SOFTWARE : EXIT_NOINPUT;
    }

    pool p = {.pipe = pipe};
    pthread_t *threads = NULL;
    size_t cap = jobs > 1 ? (size_t)jobs * BATCH_PER_JOB : 1;
    p.items = calloc(cap, sizeof *p.items);
    int ok = p.items != NULL;
    size_t n_threads = 0;
    if (ok && jobs > 1) {
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.work, NULL);
        pthread_cond_init(&p.finished, NULL);
        threads = calloc((size_t)jobs - 1, sizeof *threads);
        ok = threads != NULL;
        for (; ok && n_threads < (size_t)jobs - 1; n_threads++)
            if (pthread_create(&threads[n_threads], NULL, worker, &p))
                break;
    }

    int eof = !ok;
    while (!eof && !st.write_error) {
        size_t n = 0, bytes = 0;
        while (n < cap && bytes < BATCH_BYTES) {
            casus_article *a = NULL;
            int rc = casus_reader_next(r, &a, &err);
            if (rc == 0) {
                eof = 1;
                break;
            }
            if (rc < 0) {
                if (!st.quiet)
                    fprintf(stderr, "casus: %s\n", err.msg);
                if (rc == CASUS_ENOMEM) {
                    eof = 1;
                    ok = 0;
                    break;
                }
                continue;
            }
            p.items[n++].article = a;
            bytes += a->text_len;
        }
        if (jobs > 1 && n_threads) {
            run_batch(&p, n);
        } else {
            for (size_t i = 0; i < n; i++)
                p.items[i].rc =
                    casus_doc_process(pipe, p.items[i].article, &p.items[i].doc, &p.items[i].err);
        }
        for (size_t i = 0; i < n; i++)
            if (st.write_error) {
                casus_doc_free(p.items[i].doc);
                casus_article_free(p.items[i].article);
            } else {
                emit_item(&st, &p.items[i], emit, ctx);
            }
    }

    if (threads) {
        pthread_mutex_lock(&p.mu);
        p.stop = 1;
        pthread_cond_broadcast(&p.work);
        pthread_mutex_unlock(&p.mu);
        for (size_t i = 0; i < n_threads; i++)
            pthread_join(threads[i], NULL);
        free(threads);
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.work);
        pthread_cond_destroy(&p.finished);
    }
    free(p.items);

    size_t n_read = 0, n_skipped = 0;
    casus_reader_counts(r, &n_read, &n_skipped);
    casus_reader_free(r);
    casus_pipeline_free(pipe);
    if (fflush(stdout) || ferror(stdout))
        st.write_error = 1;
    if (!st.quiet)
        fprintf(stderr, "casus %s: %zu articles read, %zu skipped%s%zu failed\n", cmd->name,
                n_read, n_skipped, ", ", st.n_failed);
    if (!ok)
        return EXIT_SOFTWARE;
    if (st.write_error) {
        fprintf(stderr, "casus %s: writing the output failed\n", cmd->name);
        return EXIT_IOERR;
    }
    return n_read > 0 ? EXIT_OK : EXIT_FAIL;
}
