/*
 * files.h — small helpers the dictionary loaders share: growing a heap
 * array by doubling, listing a folder's "*.txt" files in order, and
 * reading a file line by line with its line numbers.
 */
#ifndef CASUS_UTIL_FILES_H
#define CASUS_UTIL_FILES_H

#include <stddef.h>

#include "casus.h"

/* Makes *p (an array of *cap elements of sz bytes, realloc'ed) hold at
 * least need elements, doubling from 16. Returns 0 or CASUS_ENOMEM (then
 * *p and *cap are unchanged). */
int array_grow(void **p, size_t *cap, size_t need, size_t sz);

/* The names of the "*.txt" files in dir (no hidden files), sorted with cmp
 * (NULL: strcmp order). Caller frees with files_free. A missing dir is
 * CASUS_ENOENT, unreadable CASUS_EIO, with err naming dir. */
int files_list_txt(const char *dir, int (*cmp)(const void *, const void *), char ***names,
                   size_t *n, casus_error *err);
void files_free(char **names, size_t n);

/* Calls load(ctx, "dir/name", err) for each "*.txt" file of dir in cmp
 * order (NULL: strcmp), stopping at the first error, which it returns. */
int files_each_txt(const char *dir, int (*cmp)(const void *, const void *),
                   int (*load)(void *ctx, const char *path, casus_error *err), void *ctx,
                   casus_error *err);

/* Reads path line by line and calls line_fn(ctx, line, path, line_no, err)
 * for each (the line keeps its "\n"; line_no counts from 1), stopping at
 * the first error, which it returns. A line longer than max_line bytes or
 * holding a NUL byte is CASUS_EFORMAT naming path:line; an unreadable file
 * CASUS_EIO. */
int files_each_line(const char *path, size_t max_line,
                    int (*line_fn)(void *ctx, char *line, const char *path, long no,
                                   casus_error *err),
                    void *ctx, casus_error *err);

#endif
