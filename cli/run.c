/*
 * run.c — the article loop shared by `casus code`, `casus tokenize` and
 * later `casus parse`: read, process on N threads, emit in input order.
 *
 * With one job each article is processed and written at once (streaming,
 * least memory). With N jobs the main thread reads a batch (bounded in
 * articles and bytes so memory stays flat), every thread — the main one too
 * — takes articles from it by an atomic counter, processes each and formats
 * its output into a private memory stream, and the main thread then writes
 * the batch's outputs in order. Formatting on the workers matters: for
 * `tokenize` writing CoNLL-U costs nearly as much as tokenising. The
 * pipeline is immutable, so workers share it freely.
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
    char *out; /* formatted output (N > 1), malloc'ed by open_memstream */
    size_t out_len;
    int rc;       /* casus_doc_process result */
    int emit_rc;  /* emit result */
    casus_error err;
} item;

typedef struct pool {
    const casus_pipeline *pipe;
    cli_emit_fn emit;
    const void *ctx;
    const cli_run_hooks *hooks; /* NULL: outputs go to stdout */
    item *items;
    size_t n_items;
    atomic_size_t next;
    size_t done;
    unsigned generation;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t work, finished;
} pool;

/* Processes one article and formats its output into memory. */
static void process_item(const pool *p, item *it)
{
    casus_doc *d = NULL;
    it->rc = casus_doc_process(p->pipe, it->article, &d, &it->err);
    if (it->rc)
        return;
    FILE *f = open_memstream(&it->out, &it->out_len);
    if (!f) {
        it->emit_rc = CASUS_ENOMEM;
    } else {
        it->emit_rc = p->emit(d, f, p->ctx);
        if (fclose(f) && !it->emit_rc)
            it->emit_rc = CASUS_ENOMEM;
    }
    casus_doc_free(d);
}

static void process_items(pool *p)
{
    size_t n_done = 0;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n_items)
            break;
        process_item(p, &p->items[i]);
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
    const cli_run_hooks *hooks;
    int quiet;
    size_t n_failed;
    int write_error;
    int out_of_memory;
} run_state;

/* Reports or writes one finished item, then releases it. */
static void finish_item(run_state *st, item *it)
{
    if (it->rc) {
        st->n_failed++;
        if (!st->quiet)
            fprintf(stderr, "casus: %s\n", it->err.msg);
    } else if (it->emit_rc == CASUS_ENOMEM) {
        st->out_of_memory = 1;
    } else if (it->emit_rc) {
        st->write_error = 1;
    } else if (st->hooks && st->hooks->sink) {
        if (st->hooks->sink(st->hooks->ctx, it->article, it->out, it->out_len))
            st->write_error = 1;
    } else if (it->out_len && fwrite(it->out, 1, it->out_len, stdout) != it->out_len) {
        st->write_error = 1;
    }
    free(it->out);
    casus_article_free(it->article);
    memset(it, 0, sizeof *it);
}

/* One job: process and write straight to stdout. */
static void run_one(const pool *p, run_state *st, casus_article *a)
{
    casus_doc *d = NULL;
    casus_error err = {0};
    if (casus_doc_process(p->pipe, a, &d, &err)) {
        st->n_failed++;
        if (!st->quiet)
            fprintf(stderr, "casus: %s\n", err.msg);
    } else if (st->hooks && st->hooks->sink) {
        /* the sink takes bytes, as with N jobs: format into memory first */
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        int rc = f ? p->emit(d, f, p->ctx) : CASUS_ENOMEM;
        if (f && fclose(f) && !rc)
            rc = CASUS_ENOMEM;
        if (rc == CASUS_ENOMEM)
            st->out_of_memory = 1;
        else if (rc || st->hooks->sink(st->hooks->ctx, a, out, len))
            st->write_error = 1;
        free(out);
    } else if (p->emit(d, stdout, p->ctx)) {
        st->write_error = 1;
    }
    casus_doc_free(d);
    casus_article_free(a);
}

/* A bad line of a user's dictionary: reported, and loading goes on. */
static void report_line(void *ctx, const char *msg)
{
    fprintf(stderr, "casus %s: %s\n", (const char *)ctx, msg);
}

int cli_layers_parse(const char *list, unsigned *layers, char *bad, size_t size)
{
    static const struct {
        const char *name;
        unsigned bits;
    } names[] = {
        {"quotes", CASUS_LAYER_QUOTES}, {"counts", CASUS_LAYER_COUNTS},
        {"dates", CASUS_LAYER_DATES},   {"locations", CASUS_LAYER_LOCATIONS},
        {"themes", CASUS_LAYER_THEMES}, {"tone", CASUS_LAYER_TONE},
        {"all", CASUS_LAYER_ALL},       {"none", 0},
    };
    *layers = 0;
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ","), k = 0;
        while (k < sizeof names / sizeof *names &&
               (strlen(names[k].name) != n || strncmp(names[k].name, p, n)))
            k++;
        if (k == sizeof names / sizeof *names) {
            snprintf(bad, size, "%.*s", (int)(n < 60 ? n : 60), p);
            return -1;
        }
        *layers |= names[k].bits;
        p += n;
        if (!*p)
            return 0;
    }
}

casus_pipeline *cli_pipeline(const cli_cmd *cmd, const cli_args *args, unsigned stages)
{
    casus_pipeline_opts po = {.stages = stages, .models_dir = cli_get(cmd, args, "models")};
    const char *layers = cli_get(cmd, args, "layers");
    char bad[64];
    if (layers && !cli_layers_parse(layers, &po.layers, bad, sizeof bad) && !po.layers)
        po.stages &= ~CASUS_STAGE_KNOWLEDGE; /* "none"; layers 0 would mean all */
    if (stages & CASUS_STAGE_ENTITY) {
        po.dict_dir = cli_get(cmd, args, "dict");
        po.actor_files = cli_get_all(cmd, args, "actors", &po.n_actor_files);
        po.agent_files = cli_get_all(cmd, args, "agents", &po.n_agent_files);
        po.report = report_line;
        po.report_ctx = (void *)cmd->name;
    }
    casus_pipeline *pipe = NULL;
    casus_error err = {0};
    if (casus_pipeline_new(&pipe, &po, &err)) {
        fprintf(stderr, "casus %s: %s\n", cmd->name, err.msg);
        if (err.code == CASUS_ENOENT)
            fprintf(stderr, "casus %s: the models are committed under models/; `make models` "
                            "rebuilds them, --models or $CASUS_MODELS points elsewhere\n",
                    cmd->name);
        return NULL;
    }
    return pipe;
}

int cli_run_articles(const cli_cmd *cmd, cli_args *args, unsigned stages, cli_emit_fn emit,
                     const void *ctx)
{
    return cli_run_articles_hooked(cmd, args, stages, emit, ctx, NULL);
}

int cli_run_articles_hooked(const cli_cmd *cmd, cli_args *args, unsigned stages,
                            cli_emit_fn emit, const void *ctx, const cli_run_hooks *hooks)
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
    run_state st = {.hooks = hooks, .quiet = cli_get(cmd, args, "quiet") != NULL};

    casus_error err = {0};
    casus_pipeline *pipe = cli_pipeline(cmd, args, stages);
    if (!pipe)
        return EXIT_FAIL;
    casus_reader *r = NULL;
    if (casus_reader_open(&r, args->operands, args->n_operands, &ropts, &err)) {
        fprintf(stderr, "casus: %s\n", err.msg);
        casus_pipeline_free(pipe);
        return err.code == CASUS_ENOMEM ? EXIT_SOFTWARE : EXIT_NOINPUT;
    }

    pool p = {.pipe = pipe, .emit = emit, .ctx = ctx, .hooks = hooks};
    pthread_t *threads = NULL;
    size_t n_threads = 0, cap = (size_t)jobs * BATCH_PER_JOB;
    if (jobs > 1) {
        p.items = calloc(cap, sizeof *p.items);
        threads = calloc((size_t)jobs - 1, sizeof *threads);
        if (!p.items || !threads)
            st.out_of_memory = 1;
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.work, NULL);
        pthread_cond_init(&p.finished, NULL);
        for (; !st.out_of_memory && n_threads < (size_t)jobs - 1; n_threads++)
            if (pthread_create(&threads[n_threads], NULL, worker, &p))
                break;
    }

    int eof = st.out_of_memory;
    while (!eof && !st.write_error && !st.out_of_memory) {
        size_t n = 0, bytes = 0;
        while (n < (jobs > 1 ? cap : 1) && bytes < BATCH_BYTES) {
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
                    st.out_of_memory = 1;
                    eof = 1;
                    break;
                }
                continue;
            }
            if (hooks && hooks->skip && hooks->skip(hooks->ctx, a)) {
                casus_article_free(a);
                continue;
            }
            if (jobs == 1) {
                run_one(&p, &st, a);
                n = 1;
                break;
            }
            p.items[n++].article = a;
            bytes += a->text_len;
        }
        if (jobs == 1)
            continue;
        if (n_threads)
            run_batch(&p, n);
        else
            for (size_t i = 0; i < n; i++)
                process_item(&p, &p.items[i]);
        for (size_t i = 0; i < n; i++)
            finish_item(&st, &p.items[i]);
    }

    if (jobs > 1) {
        pthread_mutex_lock(&p.mu);
        p.stop = 1;
        pthread_cond_broadcast(&p.work);
        pthread_mutex_unlock(&p.mu);
        for (size_t i = 0; i < n_threads; i++)
            pthread_join(threads[i], NULL);
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.work);
        pthread_cond_destroy(&p.finished);
    }
    free(threads);
    free(p.items);

    size_t n_read = 0, n_skipped = 0;
    casus_reader_counts(r, &n_read, &n_skipped);
    casus_reader_free(r);
    casus_pipeline_free(pipe);
    if (fflush(stdout) || ferror(stdout))
        st.write_error = 1;
    if (!st.quiet)
        fprintf(stderr, "casus %s: %zu articles read, %zu skipped, %zu failed\n", cmd->name,
                n_read, n_skipped, st.n_failed);
    if (st.out_of_memory) {
        fprintf(stderr, "casus %s: out of memory\n", cmd->name);
        return EXIT_SOFTWARE;
    }
    if (st.write_error) {
        fprintf(stderr, "casus %s: writing the output failed\n", cmd->name);
        return EXIT_IOERR;
    }
    return n_read > 0 ? EXIT_OK : EXIT_FAIL;
}
