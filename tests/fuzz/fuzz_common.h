/*
 * fuzz_common.h — shared by the reader fuzz targets: run a memory reader
 * over the input to the end, freeing every article, and check the
 * invariants every article must keep whatever the bytes.
 */
#ifndef CASUS_FUZZ_COMMON_H
#define CASUS_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>

#include "casus.h"
#include "io/io.h"

static void fuzz_read_all(const char *name, const uint8_t *data, size_t size,
                          const casus_reader_opts *o)
{
    casus_reader *r = NULL;
    casus_error err;
    if (reader_open_memory(&r, name, data, size, o, &err))
        abort();
    casus_article *a;
    int rc;
    size_t n = 0, bad = 0;
    while ((rc = casus_reader_next(r, &a, &err)) != 0) {
        if (rc < 0) {
            if (a || err.code != rc || !memchr(err.msg, '\0', sizeof err.msg))
                abort();
            bad++;
            continue;
        }
        if (!a || !a->id || !a->url || !a->date || !a->title || !a->text || !a->source ||
            a->text[a->text_len] != '\0' || (a->date[0] && strlen(a->date) != 10))
            abort();
        n++;
        casus_article_free(a);
    }
    size_t n_read, n_skipped;
    casus_reader_counts(r, &n_read, &n_skipped);
    if (n_read != n || n_skipped != bad)
        abort();
    casus_reader_free(r);
}

#endif
