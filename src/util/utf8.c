/*
 * utf8.c — UTF-8 decode, encode, validate and repair.
 *
 * Tuned for mostly-ASCII news text: utf8_ascii_prefix scans eight bytes at
 * a time, and callers skip decoding entirely for ASCII runs.
 */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    int len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        goto bad;
    }
    if ((size_t)len > n)
        goto bad;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto bad;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto bad;
    *cp = v;
    return len;
bad:
    *cp = UTF8_REPLACEMENT;
    return 1;
}

int utf8_encode(int32_t cp, unsigned char out[4])
{
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = UTF8_REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_ascii_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    while (i < n && !((unsigned char)s[i] & 0x80))
        i++;
    return i;
}

int utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        i += utf8_ascii_prefix(s + i, n - i);
        if (i >= n)
            break;
        int32_t cp;
        int k = utf8_decode(u + i, n - i, &cp);
        if (cp == UTF8_REPLACEMENT && k == 1)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

char *utf8_repair(const char *s, size_t n, size_t *out_len)
{
    return utf8_repair_ex(s, n, out_len, 0);
}

char *utf8_repair_ex(const char *s, size_t n, size_t *out_len, int no_nul)
{
    const unsigned char *u = (const unsigned char *)s;
    /* Worst case: every byte becomes three. */
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t i = 0, o = 0;
    while (i < n) {
        size_t a = utf8_ascii_prefix(s + i, n - i);
        const char *z = no_nul && a ? memchr(s + i, '\0', a) : NULL;
        if (z)
            a = (size_t)(z - (s + i));
        memcpy(out + o, s + i, a);
        i += a;
        o += a;
        if (i >= n)
            break;
        int32_t cp;
        int k = utf8_decode(u + i, n - i, &cp);
        if ((no_nul && u[i] == 0) || (cp == UTF8_REPLACEMENT && k == 1)) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            memcpy(out + o, s + i, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)k;
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}
