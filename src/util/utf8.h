/*
 * utf8.h — strict UTF-8 decoding and repair.
 *
 * Strict means: no overlong forms, no surrogates, nothing above U+10FFFF.
 * A byte that does not start a valid sequence decodes as U+FFFD and
 * consumes one byte, so every offset still points into the input as read.
 */
#ifndef CASUS_UTIL_UTF8_H
#define CASUS_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFD

/* Decodes the code point at s[0..n) (n >= 1) into *cp. Returns the bytes
 * consumed (1..4); on an invalid sequence sets *cp = U+FFFD and returns 1. */
int utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* Writes cp as UTF-8 into out[4]; returns its length (1..4). Invalid code
 * points are written as U+FFFD. */
int utf8_encode(int32_t cp, unsigned char out[4]);

/* 1 if s[0..n) is valid UTF-8. */
int utf8_valid(const char *s, size_t n);

/* Number of bytes of s[0..n) that are ASCII from the start (fast path). */
size_t utf8_ascii_prefix(const char *s, size_t n);

/* A malloc'ed, NUL-terminated copy of s[0..n) with each invalid byte
 * replaced by U+FFFD; *out_len gets its length. Caller frees. NULL when out
 * of memory. */
char *utf8_repair(const char *s, size_t n, size_t *out_len);
/* The same, and with no_nul also each NUL byte as U+FFFD (for parsers such
 * as libxml2 that stop at a NUL). */
char *utf8_repair_ex(const char *s, size_t n, size_t *out_len, int no_nul);

#endif
