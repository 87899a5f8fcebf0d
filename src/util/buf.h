/*
 * buf.h — a growable byte buffer with a size cap (as curl's dynbuf).
 *
 * Readers fill one per record; the cap makes an oversized record a clean
 * CASUS_ETOOBIG rather than an out-of-memory crash.
 */
#ifndef CASUS_UTIL_BUF_H
#define CASUS_UTIL_BUF_H

#include <stddef.h>

typedef struct buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t alloc;
    size_t cap; /* maximum len; 0 means none */
} buf;

void buf_init(buf *b, size_t cap);
void buf_finish(buf *b);
/* Empties the buffer, keeping its memory. */
void buf_reset(buf *b);
/* Returns 0, CASUS_ENOMEM or CASUS_ETOOBIG (the buffer is unchanged then). */
int buf_append(buf *b, const void *p, size_t n);
int buf_putc(buf *b, int c);
int buf_puts(buf *b, const char *s);
/* Makes room for n more bytes; returns 0 or an error as buf_append. */
int buf_reserve(buf *b, size_t n);
/* Hands the data to the caller (who frees it with free) and empties b. */
char *buf_take(buf *b, size_t *len);

#endif
