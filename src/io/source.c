/*
 * source.c — byte sources (fd or memory, gzip inflated transparently) and
 * the line reader the streaming formats are built on.
 *
 * Tuned for big files read once: a file is read in IO_CHUNK pieces with
 * read(2) (no stdio), gzip is detected by its magic bytes rather than by
 * name, and lines are found with memchr in a fixed IO_WINDOW so that a line
 * that fits is handed out in place, without a copy. Only a line longer than
 * what is left of the window is assembled in a buf, whose cap (the record
 * cap) keeps memory bounded whatever the input: past the cap the rest of
 * the line is scanned and dropped, never stored.
 */
#include "io/io.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"

/* ---------------------------------------------------------------- source */

static int source_fail(io_source *s, int code, const char *why, const char *detail)
{
    s->failed = code;
    if (detail && *detail)
        snprintf(s->msg, sizeof s->msg, "%s: %s", why, detail);
    else
        snprintf(s->msg, sizeof s->msg, "%s", why);
    return code;
}

/* Reads more raw bytes (fd sources), keeping raw[raw_pos..raw_len). */
static int raw_fill(io_source *s)
{
    if (s->raw_eof)
        return 0;
    if (s->raw_pos > 0) {
        size_t keep = s->raw_len - s->raw_pos;
        memmove(s->rawbuf, s->rawbuf + s->raw_pos, keep);
        s->raw_pos = 0;
        s->raw_len = keep;
    }
    if (s->raw_len == IO_CHUNK)
        return 0;
    for (;;) {
        ssize_t k = read(s->fd, s->rawbuf + s->raw_len, IO_CHUNK - s->raw_len);
        if (k > 0) {
            s->raw_len += (size_t)k;
            return 0;
        }
        if (k == 0) {
            s->raw_eof = 1;
            return 0;
        }
        if (errno != EINTR)
            return source_fail(s, CASUS_EIO, "read failed", strerror(errno));
    }
}

static int source_start(io_source *s)
{
    /* Two bytes decide on gzip; a pipe may deliver fewer at first. */
    while (s->raw_len - s->raw_pos < 2 && !s->raw_eof)
        if (raw_fill(s))
            return s->failed;
    if (s->raw_len - s->raw_pos >= 2 && s->raw[s->raw_pos] == 0x1f &&
        s->raw[s->raw_pos + 1] == 0x8b) {
        memset(&s->zs, 0, sizeof s->zs);
        /* 15 + 32: the largest window, gzip or zlib header detected. */
        if (inflateInit2(&s->zs, 15 + 32) != Z_OK)
            return source_fail(s, CASUS_ENOMEM, "out of memory", NULL);
        s->zs_live = 1;
        s->gz = 1;
    }
    return 0;
}

int io_source_init_fd(io_source *s, int fd, int own_fd)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->own_fd = own_fd;
    s->rawbuf = malloc(IO_CHUNK);
    if (!s->rawbuf)
        return source_fail(s, CASUS_ENOMEM, "out of memory", NULL);
    s->raw = s->rawbuf;
    return source_start(s);
}

int io_source_init_mem(io_source *s, const void *data, size_t n)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->raw = data ? data : (const void *)"";
    s->raw_len = data ? n : 0;
    s->raw_eof = 1;
    return source_start(s);
}

void io_source_finish(io_source *s)
{
    if (!s)
        return;
    if (s->zs_live)
        inflateEnd(&s->zs);
    if (s->own_fd && s->fd >= 0)
        close(s->fd);
    free(s->rawbuf);
    memset(s, 0, sizeof *s);
    s->fd = -1;
}

/* Inflates into dst[0..n); see io_source_read. */
static ssize_t source_inflate(io_source *s, unsigned char *dst, size_t n)
{
    if (n > UINT_MAX)
        n = UINT_MAX;
    for (;;) {
        if (s->member_done) {
            /* Another member follows only if it starts with the magic; like
             * gzip(1) and zlib's gzread, trailing garbage is ignored. */
            while (s->raw_len - s->raw_pos < 2 && !s->raw_eof)
                if (raw_fill(s))
                    return s->failed;
            if (s->raw_len - s->raw_pos < 2 || s->raw[s->raw_pos] != 0x1f ||
                s->raw[s->raw_pos + 1] != 0x8b)
                return 0;
            if (inflateReset(&s->zs) != Z_OK)
                return source_fail(s, CASUS_EFORMAT, "corrupt gzip stream", s->zs.msg);
            s->member_done = 0;
        }
        if (s->raw_pos == s->raw_len && !s->raw_eof && raw_fill(s))
            return s->failed;
        size_t avail = s->raw_len - s->raw_pos;
        if (avail > UINT_MAX)
            avail = UINT_MAX;
        s->zs.next_in = (z_const Bytef *)(s->raw + s->raw_pos);
        s->zs.avail_in = (uInt)avail;
        s->zs.next_out = dst;
        s->zs.avail_out = (uInt)n;
        int zr = inflate(&s->zs, Z_NO_FLUSH);
        size_t used = avail - s->zs.avail_in;
        size_t made = n - s->zs.avail_out;
        s->raw_pos += used;
        switch (zr) {
        case Z_STREAM_END:
            s->member_done = 1;
            if (made)
                return (ssize_t)made;
            continue;
        case Z_OK:
            if (made)
                return (ssize_t)made;
            if (used)
                continue;
            /* No progress with Z_OK: treat as Z_BUF_ERROR below. */
            /* fall through */
        case Z_BUF_ERROR:
            if (s->raw_pos == s->raw_len && s->raw_eof)
                source_fail(s, CASUS_EFORMAT, "truncated gzip stream", NULL);
            else if (s->raw_pos == s->raw_len)
                continue; /* refilled at the top */
            else
                source_fail(s, CASUS_EFORMAT, "corrupt gzip stream", s->zs.msg);
            break;
        case Z_MEM_ERROR: source_fail(s, CASUS_ENOMEM, "out of memory", NULL); break;
        default: /* Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR */
            source_fail(s, CASUS_EFORMAT, "corrupt gzip stream",
                        s->zs.msg ? s->zs.msg : "bad data");
            break;
        }
        /* The error is sticky: what was inflated before it goes out
         * first, the error with the next read. */
        return made ? (ssize_t)made : s->failed;
    }
}

ssize_t io_source_read(io_source *s, void *dst, size_t n)
{
    if (s->failed)
        return s->failed;
    if (!n)
        return 0;
    if (n > SSIZE_MAX)
        n = SSIZE_MAX;
    if (s->gz)
        return source_inflate(s, dst, n);
    /* Plain: first what the gzip peek buffered, then straight into dst. */
    if (s->raw_pos < s->raw_len) {
        size_t k = s->raw_len - s->raw_pos;
        if (k > n)
            k = n;
        memcpy(dst, s->raw + s->raw_pos, k);
        s->raw_pos += k;
        return (ssize_t)k;
    }
    if (s->raw_eof)
        return 0;
    for (;;) {
        ssize_t k = read(s->fd, dst, n);
        if (k >= 0) {
            if (k == 0)
                s->raw_eof = 1;
            return k;
        }
        if (errno != EINTR)
            return source_fail(s, CASUS_EIO, "read failed", strerror(errno));
    }
}

/* ---------------------------------------------------------------- lines */

void io_lines_fill(io_lines *L)
{
    if (L->eof || L->err)
        return;
    if (L->pos == L->end) {
        L->pos = L->end = 0;
    } else if (L->pos > 0) {
        memmove(L->win, L->win + L->pos, L->end - L->pos);
        L->end -= L->pos;
        L->pos = 0;
    }
    if (L->end == IO_WINDOW)
        return;
    ssize_t k = io_source_read(L->src, L->win + L->end, IO_WINDOW - L->end);
    if (k > 0)
        L->end += (size_t)k;
    else if (k == 0)
        L->eof = 1;
    else
        L->err = (int)k;
}

int io_lines_init(io_lines *L, io_source *src, size_t max)
{
    memset(L, 0, sizeof *L);
    L->src = src;
    L->max = max;
    buf_init(&L->acc, max);
    if (src->failed)
        L->err = src->failed;
    L->win = malloc(IO_WINDOW);
    if (!L->win)
        return CASUS_ENOMEM;
    /* Only what the BOM check needs: a pipe that sends one short record
     * and waits for the answer must not stall here. */
    while (L->end < 3 && !L->eof && !L->err)
        io_lines_fill(L);
    if (L->end >= 3 && !memcmp(L->win, "\xEF\xBB\xBF", 3))
        L->pos = 3;
    return 0;
}

void io_lines_finish(io_lines *L)
{
    if (!L)
        return;
    free(L->win);
    L->win = NULL;
    buf_finish(&L->acc);
}

int io_lines_next(io_lines *L, const char **p, size_t *n)
{
    int over = 0; /* the line passed the cap: scan on, store nothing */
    buf_reset(&L->acc);
    for (;;) {
        size_t avail = L->end - L->pos;
        const char *start = L->win + L->pos;
        const char *nl = avail ? memchr(start, '\n', avail) : NULL;
        size_t len = nl ? (size_t)(nl - start) : avail;
        if (nl || (L->eof && (avail || L->acc.len || over))) {
            L->line++;
            L->pos += len + (nl ? 1 : 0);
            if (!over && L->acc.len + len > L->max)
                over = 1;
            if (over) {
                buf_reset(&L->acc);
                return CASUS_ETOOBIG;
            }
            if (L->acc.len) {
                if (buf_append(&L->acc, start, len)) {
                    buf_reset(&L->acc);
                    return CASUS_ETOOBIG;
                }
                start = L->acc.data;
                len = L->acc.len;
            }
            if (len && start[len - 1] == '\r')
                len--;
            *p = start;
            *n = len;
            return 1;
        }
        if (L->eof)
            return 0;
        if (L->err) {
            buf_reset(&L->acc);
            L->pos = L->end;
            return L->err;
        }
        /* No newline yet. Past the cap, drop what was scanned; with the
         * window full of one partial line, move it to acc. */
        if (!over && L->acc.len + avail > L->max)
            over = 1;
        if (over) {
            buf_reset(&L->acc);
            L->pos = L->end;
        } else if (L->pos == 0 && L->end == IO_WINDOW) {
            if (buf_append(&L->acc, L->win, L->end)) {
                over = 1;
                buf_reset(&L->acc);
            }
            L->pos = L->end;
        }
        io_lines_fill(L);
    }
}

int io_lines_slurp(io_lines *L, buf *b)
{
    for (;;) {
        if (L->end > L->pos) {
            int rc = buf_append(b, L->win + L->pos, L->end - L->pos);
            if (rc)
                return rc;
            L->pos = L->end;
        }
        if (L->err)
            return L->err;
        if (L->eof)
            return 0;
        io_lines_fill(L);
    }
}

/* ---------------------------------------------------------------- helpers */

int io_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f')
            return 0;
    }
    return 1;
}

int io_article_place(casus_article *a, const char *path, long line)
{
    char *src = strdup(path);
    if (!src)
        return CASUS_ENOMEM;
    free(a->source);
    a->source = src;
    a->line = line;
    return 0;
}
