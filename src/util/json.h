/*
 * json.h — JSON string escaping into a buf, always producing valid UTF-8.
 */
#ifndef CASUS_UTIL_JSON_H
#define CASUS_UTIL_JSON_H

#include <stddef.h>

#include "util/buf.h"

/* Appends s[0..n) as a quoted JSON string: control characters escaped,
 * invalid UTF-8 bytes as U+FFFD, NUL as \u0000. Returns 0 or a buf error. */
int json_put_str(buf *b, const char *s, size_t n);
/* Appends a NUL-terminated string the same way. */
int json_put_cstr(buf *b, const char *s);
/* Appends `"key":` (key is trusted ASCII). */
int json_put_key(buf *b, const char *key);
/* Appends an unsigned integer. */
int json_put_uint(buf *b, unsigned long long v);

#endif
