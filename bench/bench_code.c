/*
 * bench_code.c — speed of the event layer on one core (issue 5, section 4):
 * the whole pipeline from raw text, and the event coder alone given parsed
 * sentences.
 *
 *   bench_code [--max-articles N] [--code-repeat R] [--upto STAGE] [--models DIR]
 *              [--dict DIR] FILE...
 *
 * Pass 1, the whole pipeline: reads the articles (any format the reader
 * knows; the news benchmark is its form-feed format) and runs every stage,
 * streaming, one article at a time; reports sentences/s, articles/s,
 * tokens/s and peak RSS. The event stage's share is timed on its own in
 * the same pass: the pipeline is made with every stage, then its event bit
 * is cleared (core/doc.h is internal; bench programs may use it) so that
 * casus_doc_process stops after the entity stage and this program calls
 * event_process itself, between two clock reads.
 *
 * Pass 2, the coder alone (--code-repeat R, default 5; 0 skips): the same
 * articles are processed again up to the entity stage and kept, then
 * event_process runs R times over all of them. Each run recomputes the
 * events from the trees and mentions (the document's previous events are
 * replaced, their arena bytes left unused), so the figure is coding alone,
 * over sentences whose parse is no longer in cache.
 *
 * --upto text|syntax|entity runs pass 1 only up to that stage (no pass 2):
 * run after a full run on the same slice, it splits the time by stage under
 * the same machine load.
 *
 * Both wall-clock and CPU time are printed: the project machine's two
 * cores are shared, and CPU time is the steadier of the two under load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "casus.h"
#include "core/doc.h"
#include "event/coder.h"
#include "bench_util.h"

typedef struct reader_ctx {
    casus_reader *rd;
    size_t max, n;
} reader_ctx;

/* The next article, or NULL at the end (or after max articles). */
static casus_article *next_article(reader_ctx *r)
{
    casus_error err = {0};
    while (!r->max || r->n < r->max) {
        casus_article *a = NULL;
        int rc = casus_reader_next(r->rd, &a, &err);
        if (rc == 0)
            return NULL;
        if (rc < 0) {
            fprintf(stderr, "skipped: %s\n", err.msg);
            continue;
        }
        r->n++;
        return a;
    }
    return NULL;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_code [--max-articles N] [--code-repeat R] "
                    "[--upto text|syntax|entity] [--models DIR] [--dict DIR] FILE...\n");
}

int main(int argc, char **argv)
{
    size_t max_articles = 0;
    int repeat = 5, first = 1;
    unsigned upto = 0; /* 0: every stage */
    casus_pipeline_opts po = {.stages = CASUS_STAGE_ALL};
    while (first < argc && argv[first][0] == '-' && argv[first][1]) {
        if (first + 1 >= argc) {
            usage();
            return 2;
        }
        if (!strcmp(argv[first], "--max-articles"))
            max_articles = (size_t)strtoull(argv[first + 1], NULL, 10);
        else if (!strcmp(argv[first], "--code-repeat"))
            repeat = atoi(argv[first + 1]);
        else if (!strcmp(argv[first], "--upto")) {
            const char *u = argv[first + 1];
            if (!strcmp(u, "text"))
                upto = CASUS_STAGE_TEXT;
            else if (!strcmp(u, "syntax"))
                upto = CASUS_STAGE_TEXT | CASUS_STAGE_SYNTAX;
            else if (!strcmp(u, "entity"))
                upto = CASUS_STAGE_TEXT | CASUS_STAGE_SYNTAX | CASUS_STAGE_ENTITY;
            else {
                usage();
                return 2;
            }
        } else if (!strcmp(argv[first], "--models"))
            po.models_dir = argv[first + 1];
        else if (!strcmp(argv[first], "--dict"))
            po.dict_dir = argv[first + 1];
        else {
            usage();
            return 2;
        }
        first += 2;
    }
    if (first >= argc || repeat < 0) {
        usage();
        return 2;
    }
    const char *const *paths = (const char *const *)argv + first;
    size_t n_paths = (size_t)(argc - first);

    if (upto) {
        po.stages = upto;
        repeat = 0;
    }
    casus_pipeline *p = NULL;
    casus_error err = {0};
    double tl = bench_wall();
    if (casus_pipeline_new(&p, &po, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double load_secs = bench_wall() - tl;
    /* The pipeline stops after the entity stage; events are coded here. */
    p->opts.stages &= ~CASUS_STAGE_EVENT;
    bench_print_load("start");

    /* ------------------------------------------------ pass 1: whole pipeline */
    reader_ctx r = {.max = max_articles};
    if (casus_reader_open(&r.rd, paths, n_paths, NULL, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    size_t bytes = 0, tokens = 0, sentences = 0, events = 0, failed = 0;
    double code_wall = 0, code_cpu = 0;
    double w0 = bench_wall(), c0 = bench_cpu();
    for (;;) {
        casus_article *a = next_article(&r);
        if (!a)
            break;
        casus_doc *d = NULL;
        if (casus_doc_process(p, a, &d, &err)) {
            failed++;
        } else {
            if (!upto) {
                double cw = bench_wall(), cc = bench_cpu();
                int rc = event_process(d, &err);
                code_wall += bench_wall() - cw;
                code_cpu += bench_cpu() - cc;
                if (rc)
                    failed++;
            }
            tokens += d->n_tokens;
            sentences += d->n_sentences;
            events += d->n_events;
        }
        bytes += a->text_len;
        casus_doc_free(d);
        casus_article_free(a);
    }
    double secs = bench_wall() - w0, csecs = bench_cpu() - c0;
    size_t articles = r.n;
    casus_reader_free(r.rd);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    printf("== %s, one core\n",
           !upto ? "whole pipeline from raw text (read, text, syntax, entities, events)"
           : upto == CASUS_STAGE_TEXT ? "read + text layer only"
           : upto & CASUS_STAGE_ENTITY ? "read + text + syntax + entities (no events)"
                                       : "read + text + syntax (no entities, no events)");
    printf("models and dictionaries loaded in %.2f s\n", load_secs);
    printf("articles      %zu (%zu failed), %.1f MB\n", articles, failed, (double)bytes / 1e6);
    printf("sentences     %zu\n", sentences);
    printf("tokens        %zu\n", tokens);
    printf("events        %zu (%.2f per sentence)\n", events,
           sentences ? (double)events / (double)sentences : 0.0);
    printf("seconds       %.2f wall, %.2f CPU\n", secs, csecs);
    printf("sentences/s   %.0f wall, %.0f CPU%s\n", (double)sentences / secs,
           (double)sentences / csecs, upto ? "" : "   (target >= 3000)");
    printf("articles/s    %.0f wall\n", (double)articles / secs);
    printf("tokens/s      %.0f wall\n", (double)tokens / secs);
    printf("peak RSS MB   %.1f\n", (double)ru.ru_maxrss / 1024.0);
    if (!upto)
        printf("event stage within it: %.3f s wall (%.1f%%), %.0f sentences/s wall, %.0f CPU\n",
           code_wall, secs > 0 ? 100.0 * code_wall / secs : 0.0,
           code_wall > 0 ? (double)sentences / code_wall : 0.0,
           code_cpu > 0 ? (double)sentences / code_cpu : 0.0);

    /* ------------------------------------------------ pass 2: coder alone */
    if (repeat > 0) {
        r = (reader_ctx){.max = max_articles};
        if (casus_reader_open(&r.rd, paths, n_paths, NULL, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        size_t cap = 1024, n = 0, sents = 0;
        casus_doc **docs = malloc(cap * sizeof *docs);
        casus_article **arts = malloc(cap * sizeof *arts);
        if (!docs || !arts) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
        for (;;) {
            casus_article *a = next_article(&r);
            if (!a)
                break;
            casus_doc *d = NULL;
            if (casus_doc_process(p, a, &d, &err)) {
                casus_article_free(a);
                continue;
            }
            if (n == cap) {
                cap *= 2;
                casus_doc **nd = realloc(docs, cap * sizeof *docs);
                casus_article **na = nd ? realloc(arts, cap * sizeof *arts) : NULL;
                if (nd)
                    docs = nd;
                if (!nd || !na) {
                    fprintf(stderr, "out of memory\n");
                    return 1;
                }
                arts = na;
            }
            docs[n] = d;
            arts[n] = a;
            n++;
            sents += d->n_sentences;
        }
        casus_reader_free(r.rd);
        size_t ev_total = 0, code_failed = 0;
        double w1 = bench_wall(), c1 = bench_cpu();
        for (int k = 0; k < repeat; k++)
            for (size_t i = 0; i < n; i++) {
                if (event_process(docs[i], &err))
                    code_failed++;
                ev_total += docs[i]->n_events;
            }
        double cw = bench_wall() - w1, cc = bench_cpu() - c1;
        double total = (double)sents * repeat;
        printf("\n== event coder alone, given parsed sentences (%zu documents kept, %d runs)\n",
               n, repeat);
        printf("sentences     %zu x %d\n", sents, repeat);
        printf("events        %zu per run (%zu failed)\n", repeat ? ev_total / (size_t)repeat : 0,
               code_failed);
        printf("seconds       %.3f wall, %.3f CPU\n", cw, cc);
        printf("sentences/s   %.0f wall, %.0f CPU   (target >= 20000)\n",
               cw > 0 ? total / cw : 0.0, cc > 0 ? total / cc : 0.0);
        for (size_t i = 0; i < n; i++) {
            casus_doc_free(docs[i]);
            casus_article_free(arts[i]);
        }
        free(docs);
        free(arts);
    }
    bench_print_load("end");
    casus_pipeline_free(p);
    return 0;
}
