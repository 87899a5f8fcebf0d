/*
 * fuzz_jsonl.c — libFuzzer target: the input as a JSONL file, with a
 * small record cap so that oversized lines are exercised too; then each
 * line through the fast JSONL scanner and through jansson alone, which
 * must agree on every line (same code, same fields, same text bytes).
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const char *a, const char *b)
{
    return !strcmp(a, b);
}

static void differential(const char *line, size_t n)
{
    if (!utf8_valid(line, n) || io_blank(line, n))
        return;
    io_names nm = {"f.jsonl", "f.jsonl", "f.jsonl", NULL};
    casus_article *a = NULL, *b = NULL;
    casus_error ea, eb;
    int ra = io_jsonl_parse(line, n, 7, &nm, &a, &ea);
    int rb = io_jsonl_parse_jansson(line, n, 7, &nm, &b, &eb);
    if (ra != rb)
        abort();
    if (ra == 1 && (!same(a->id, b->id) || !same(a->url, b->url) || !same(a->date, b->date) ||
                    !same(a->title, b->title) || a->text_len != b->text_len ||
                    memcmp(a->text, b->text, a->text_len) || a->line != b->line))
        abort();
    casus_article_free(a);
    casus_article_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    casus_reader_opts o = {.format = CASUS_FORMAT_JSONL, .max_record = 4096};
    fuzz_read_all("fuzz.jsonl", data, size, &o);
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        differential(p, n);
        p += n + 1;
    }
    return 0;
}
