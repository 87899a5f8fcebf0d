/*
 * files.c — array growth and sorted "*.txt" listings (files.h).
 */
#include "util/files.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

int array_grow(void **p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / sz)
            return CASUS_ENOMEM;
        c *= 2;
    }
    void *q = realloc(*p, c * sz);
    if (!q)
        return CASUS_ENOMEM;
    *p = q;
    *cap = c;
    return 0;
}

static int cmp_plain(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int files_list_txt(const char *dir, int (*cmp)(const void *, const void *), char ***names,
                   size_t *n, casus_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *dh = opendir(dir);
    if (!dh)
        return error_set(err, errno == ENOENT ? CASUS_ENOENT : CASUS_EIO, "%s: %s", dir,
                         strerror(errno));
    char **v = NULL;
    size_t k = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while (!rc && (de = readdir(dh)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".txt"))
            continue;
        char *s = NULL;
        if (array_grow((void **)&v, &cap, k + 1, sizeof *v) || !(s = strdup(de->d_name)))
            rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", dir);
        else
            v[k++] = s;
    }
    closedir(dh);
    if (rc) {
        files_free(v, k);
        return rc;
    }
    if (k)
        qsort(v, k, sizeof *v, cmp ? cmp : cmp_plain);
    *names = v;
    *n = k;
    return 0;
}

void files_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int files_each_txt(const char *dir, int (*cmp)(const void *, const void *),
                   int (*load)(void *ctx, const char *path, casus_error *err), void *ctx,
                   casus_error *err)
{
    char **names;
    size_t n;
    int rc = files_list_txt(dir, cmp, &names, &n, err);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", dir);
            break;
        }
        snprintf(path, len, "%s/%s", dir, names[i]);
        rc = load(ctx, path, err);
        free(path);
    }
    files_free(names, n);
    return rc;
}

int files_each_line(const char *path, size_t max_line,
                    int (*line_fn)(void *ctx, char *line, const char *path, long no,
                                   casus_error *err),
                    void *ctx, casus_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, CASUS_EIO, "%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    long no = 0;
    int rc = 0;
    ssize_t len;
    while (!rc && (len = getline(&line, &cap, f)) >= 0) {
        no++;
        if ((size_t)len > max_line)
            rc = error_set(err, CASUS_EFORMAT, "%s:%ld: line longer than %zu bytes", path, no,
                           max_line);
        else if (memchr(line, '\0', (size_t)len))
            rc = error_set(err, CASUS_EFORMAT, "%s:%ld: NUL byte", path, no);
        else
            rc = line_fn(ctx, line, path, no, err);
    }
    if (!rc && ferror(f))
        rc = error_set(err, CASUS_EIO, "%s: read error", path);
    free(line);
    fclose(f);
    return rc;
}
