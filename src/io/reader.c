/*
 * reader.c — PLACEHOLDER: reads each path as one plain-text article. To be
 * replaced by the full reader (JSONL, HTML, bench, gzip, directories).
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"

struct casus_reader {
    char **paths;
    size_t n_paths, next;
    casus_reader_opts opts;
    size_t n_read, n_skipped;
};

int casus_format_parse(const char *name, casus_format *out)
{
    static const char *const names[] = {"auto", "text", "jsonl", "html", "bench"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i])) {
            *out = (casus_format)i;
            return 0;
        }
    return CASUS_EINVAL;
}

int casus_date_parse(const char *s, char out[11])
{
    if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return CASUS_EFORMAT;
    memcpy(out, s, 10);
    out[10] = '\0';
    return 0;
}

int casus_reader_open(casus_reader **out, const char *const *paths, size_t n_paths,
                      const casus_reader_opts *opts, casus_error *err)
{
    *out = NULL;
    casus_reader *r = calloc(1, sizeof *r);
    if (!r)
        return error_set(err, CASUS_ENOMEM, "out of memory");
    static const char *const stdin_path[] = {"-"};
    if (!n_paths) {
        paths = stdin_path;
        n_paths = 1;
    }
    r->paths = calloc(n_paths, sizeof *r->paths);
    if (!r->paths) {
        free(r);
        return error_set(err, CASUS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n_paths; i++)
        r->paths[i] = strdup(paths[i]);
    r->n_paths = n_paths;
    if (opts)
        r->opts = *opts;
    *out = r;
    return 0;
}

int casus_reader_next(casus_reader *r, casus_article **out, casus_error *err)
{
    *out = NULL;
    if (r->next >= r->n_paths)
        return 0;
    const char *path = r->paths[r->next++];
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        r->n_skipped++;
        return error_set(err, CASUS_ENOENT, "%s: cannot open", path);
    }
    buf b;
    buf_init(&b, 0);
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_append(&b, tmp, k);
    if (f != stdin)
        fclose(f);
    const char *base = strrchr(path, '/');
    casus_article *a = casus_article_new(base ? base + 1 : path, "", r->opts.date, "", b.data,
                                         b.len);
    buf_finish(&b);
    if (!a)
        return error_set(err, CASUS_ENOMEM, "out of memory");
    r->n_read++;
    *out = a;
    return 1;
}

void casus_reader_counts(const casus_reader *r, size_t *n_read, size_t *n_skipped)
{
    *n_read = r->n_read;
    *n_skipped = r->n_skipped;
}

void casus_reader_free(casus_reader *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_paths; i++)
        free(r->paths[i]);
    free(r->paths);
    free(r);
}
