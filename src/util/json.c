/*
 * json.c — JSON output helpers. Writers build each record in a buf and
 * write it with one fwrite, so a failed record never leaves half a line.
 */
#include "util/json.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

int json_put_str(buf *b, const char *s, size_t n)
{
    /* Worst case 6 bytes per input byte, plus quotes. */
    int rc = buf_reserve(b, n + 2);
    if (rc)
        return rc;
    rc = buf_putc(b, '"');
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (!rc && i < n) {
        size_t run = i;
        while (run < n && u[run] >= 0x20 && u[run] < 0x80 && u[run] != '"' && u[run] != '\\')
            run++;
        if (run > i) {
            rc = buf_append(b, s + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = u[i];
        if (c < 0x80) {
            char esc[8];
            switch (c) {
            case '"': rc = buf_append(b, "\\\"", 2); break;
            case '\\': rc = buf_append(b, "\\\\", 2); break;
            case '\n': rc = buf_append(b, "\\n", 2); break;
            case '\t': rc = buf_append(b, "\\t", 2); break;
            case '\r': rc = buf_append(b, "\\r", 2); break;
            default:
                snprintf(esc, sizeof esc, "\\u%04x", c);
                rc = buf_append(b, esc, 6);
            }
            i++;
            continue;
        }
        int32_t cp;
        int k = utf8_decode(u + i, n - i, &cp);
        if (cp == UTF8_REPLACEMENT && k == 1)
            rc = buf_append(b, "\xEF\xBF\xBD", 3);
        else
            rc = buf_append(b, s + i, (size_t)k);
        i += (size_t)k;
    }
    if (!rc)
        rc = buf_putc(b, '"');
    return rc;
}

int json_put_cstr(buf *b, const char *s)
{
    return json_put_str(b, s, strlen(s));
}

int json_put_key(buf *b, const char *key)
{
    int rc = buf_putc(b, '"');
    if (!rc)
        rc = buf_puts(b, key);
    if (!rc)
        rc = buf_append(b, "\":", 2);
    return rc;
}

int json_put_uint(buf *b, unsigned long long v)
{
    char tmp[24];
    int k = snprintf(tmp, sizeof tmp, "%llu", v);
    return buf_append(b, tmp, (size_t)k);
}
