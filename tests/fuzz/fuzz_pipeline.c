/*
 * fuzz_pipeline.c — libFuzzer target for the whole pipeline: any bytes as
 * an article's text go through every stage (text, syntax, entities,
 * events, the knowledge layer) and every writer (JSON, GDELT events and
 * mentions, GKG), with the committed models and dict/. Aborts unless every
 * span the layers report lies inside the text and ends after it starts.
 * The first input byte picks the article date (none, or one of three), so
 * date resolution runs with and without an anchor.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static casus_pipeline *pipe_;
static FILE *sink;

static void check(uint32_t start, uint32_t end, size_t len)
{
    if (start > end || end > len)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pipe_) {
        casus_error err;
        if (casus_pipeline_new(&pipe_, NULL, &err)) {
            fprintf(stderr, "fuzz_pipeline: %s\n", err.msg);
            abort();
        }
        sink = fopen("/dev/null", "w");
        if (!sink)
            abort();
    }
    if (!size)
        return 0;
    static const char *const dates[] = {"", "2018-08-08", "1999-12-31", "2024-02-29"};
    const char *date = dates[data[0] & 3];
    casus_article *a = casus_article_new("fuzz", "", date, "", (const char *)data + 1, size - 1);
    if (!a)
        return 0;
    casus_doc *d = NULL;
    casus_error err;
    if (casus_doc_process(pipe_, a, &d, &err)) {
        casus_article_free(a);
        return 0; /* a document over the arena cap is an error, not a crash */
    }
    size_t len = size - 1, n;
    const casus_mention *m = casus_doc_mentions(d, &n);
    for (size_t i = 0; i < n; i++)
        check(m[i].start, m[i].end, len);
    const casus_event *e = casus_doc_events(d, &n);
    for (size_t i = 0; i < n; i++)
        check(e[i].trigger_start, e[i].trigger_end, len);
    const casus_quote *q = casus_doc_quotes(d, &n);
    for (size_t i = 0; i < n; i++) {
        check(q[i].start, q[i].end, len);
        for (size_t k = 0; k < q[i].n_parts; k++)
            check(q[i].parts[k].start, q[i].parts[k].end, len);
    }
    const casus_count *c = casus_doc_counts(d, &n);
    for (size_t i = 0; i < n; i++)
        check(c[i].start, c[i].end, len);
    const casus_amount *am = casus_doc_amounts(d, &n);
    for (size_t i = 0; i < n; i++)
        check(am[i].start, am[i].end, len);
    const casus_date_expr *de = casus_doc_dates(d, &n);
    for (size_t i = 0; i < n; i++)
        check(de[i].start, de[i].end, len);
    const casus_location *l = casus_doc_locations(d, &n);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < l[i].n_mentions; k++)
            check(l[i].mentions[k].start, l[i].mentions[k].end, len);
    const casus_theme_hit *t = casus_doc_themes(d, &n);
    for (size_t i = 0; i < n; i++)
        check(t[i].start, t[i].end, len);
    if (casus_write_json(sink, d, 1) || casus_write_gdelt_events(sink, d) ||
        casus_write_gdelt_mentions(sink, d) || casus_write_gdelt_gkg(sink, d))
        abort();
    casus_doc_free(d);
    casus_article_free(a);
    return 0;
}
