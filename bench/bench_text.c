/*
 * bench_text.c — throughput of the text path on one core: read, normalise,
 * tokenise, split. Reports MB/s, articles/s, tokens/s and peak memory.
 *
 * Usage: bench_text [--syntax] [--models DIR] [--repeat N] FILE...
 * --syntax adds the syntax stage (tag, lemmatise, parse).
 * Reading is timed together with processing (the figure is for the
 * whole path); --repeat re-reads the inputs N times so that a short input
 * still gives a stable figure and peak memory can be shown not to grow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "casus.h"
#include "bench_util.h"

int main(int argc, char **argv)
{
    int repeat = 1, first = 1;
    casus_pipeline_opts po = {.stages = CASUS_STAGE_TEXT};
    for (;;) {
        if (argc > first + 1 && !strcmp(argv[first], "--repeat")) {
            repeat = atoi(argv[first + 1]);
            first += 2;
        } else if (argc > first + 1 && !strcmp(argv[first], "--models")) {
            po.models_dir = argv[first + 1];
            first += 2;
        } else if (argc > first && !strcmp(argv[first], "--syntax")) {
            po.stages |= CASUS_STAGE_SYNTAX;
            first++;
        } else {
            break;
        }
    }
    if (first >= argc || repeat < 1) {
        fprintf(stderr, "usage: bench_text [--syntax] [--models DIR] [--repeat N] FILE...\n");
        return 2;
    }
    casus_pipeline *p = NULL;
    casus_error err = {0};
    double tl = bench_wall();
    if (casus_pipeline_new(&p, &po, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    size_t bytes = 0, articles = 0, tokens = 0, words = 0, sentences = 0, failed = 0;
    double t0 = bench_wall();
    double load_secs = t0 - tl;
    for (int r = 0; r < repeat; r++) {
        casus_reader *rd = NULL;
        if (casus_reader_open(&rd, (const char *const *)argv + first, (size_t)(argc - first),
                              NULL, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        for (;;) {
            casus_article *a = NULL;
            int rc = casus_reader_next(rd, &a, &err);
            if (rc == 0)
                break;
            if (rc < 0)
                continue;
            casus_doc *d = NULL;
            if (casus_doc_process(p, a, &d, &err)) {
                failed++;
            } else {
                casus_text_view v;
                casus_doc_text(d, &v);
                tokens += v.n_tokens;
                words += v.n_words;
                sentences += v.n_sentences;
            }
            bytes += a->text_len;
            articles++;
            casus_doc_free(d);
            casus_article_free(a);
        }
        casus_reader_free(rd);
    }
    double secs = bench_wall() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    casus_pipeline_free(p);
    printf("stages        %s (models loaded in %.3f s)\n",
           po.stages & CASUS_STAGE_SYNTAX ? "text + syntax" : "text", load_secs);
    printf("articles      %zu (%zu failed)\n", articles, failed);
    printf("bytes         %zu\n", bytes);
    printf("sentences     %zu\n", sentences);
    printf("tokens        %zu (words %zu)\n", tokens, words);
    printf("seconds       %.3f\n", secs);
    printf("MB/s          %.1f\n", (double)bytes / 1e6 / secs);
    printf("articles/s    %.0f\n", (double)articles / secs);
    printf("tokens/s      %.0f\n", (double)tokens / secs);
    printf("peak RSS MB   %.1f\n", (double)ru.ru_maxrss / 1024.0);
    return 0;
}
