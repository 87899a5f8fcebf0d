/*
 * io.h — the readers' private interface: a byte source that inflates gzip
 * transparently, a line reader over it, the per-format record parsers and a
 * memory-backed reader for tests and fuzzing.
 *
 * Layers, bottom up:
 *   io_source   fd or memory; when the first two bytes are 1f 8b every read
 *               returns inflated bytes (concatenated members are joined).
 *   io_lines    a fixed window over a source; returns lines without their
 *               "\n" (and one "\r" before it), zero-copy when the line lies
 *               in the window, assembled in a capped buf otherwise. A line
 *               over the cap is skipped without being buffered.
 *   io_jsonl_*, io_html_*   turn one record into a casus_article.
 *   reader.c    inputs, directory walk, format detection, bench and text.
 */
#ifndef CASUS_IO_IO_H
#define CASUS_IO_IO_H

#include <stddef.h>
#include <sys/types.h>
#include <zlib.h>

#include "casus.h"
#include "util/buf.h"

/* Bytes asked of a file per read(2), and the line window (which must hold
 * the 64 KB that format sniffing looks at). */
#define IO_CHUNK ((size_t)64 << 10)
#define IO_WINDOW ((size_t)256 << 10)
#define IO_SNIFF ((size_t)64 << 10)

typedef struct io_source {
    int fd;                   /* -1 for a memory source */
    int own_fd;               /* close fd in io_source_finish */
    const unsigned char *raw; /* undecoded bytes: raw[raw_pos..raw_len) */
    size_t raw_pos, raw_len;
    unsigned char *rawbuf; /* owned chunk buffer (fd sources) */
    int raw_eof;           /* no more raw bytes after raw_len */
    int gz;                /* inflating */
    int zs_live;           /* zs initialised */
    int member_done;       /* a gzip member ended; another may follow */
    z_stream zs;
    int failed;    /* sticky negative code once a read failed */
    char msg[160]; /* reason for failed, without the file name */
} io_source;

/* Initialise over an open fd (takes ownership when own_fd) or over
 * data[0..n) (borrowed, must outlive the source). Peeks at the first bytes
 * to decide on gzip. Returns 0 or a negative code with s->msg set; in every
 * case io_source_finish must be called. */
int io_source_init_fd(io_source *s, int fd, int own_fd);
int io_source_init_mem(io_source *s, const void *data, size_t n);
void io_source_finish(io_source *s);

/* Reads up to n bytes of (inflated) content into dst. Returns the count
 * (> 0), 0 at the end, or a negative code (CASUS_EFORMAT for a corrupt or
 * truncated gzip stream, CASUS_EIO, CASUS_ENOMEM) with s->msg set; errors
 * are sticky. */
ssize_t io_source_read(io_source *s, void *dst, size_t n);

typedef struct io_lines {
    io_source *src;
    char *win; /* IO_WINDOW bytes; content is win[pos..end) */
    size_t pos, end;
    int eof;    /* the source is exhausted */
    int err;    /* sticky negative source error */
    buf acc;    /* a line that did not fit in the window */
    long line;  /* number of the last line returned (or skipped) */
    size_t max; /* longest line accepted */
} io_lines;

/* Initialise over src (borrowed), reading the first bytes to skip a UTF-8
 * BOM. Returns 0 or CASUS_ENOMEM; a source error is kept in L->err and
 * returned by the first io_lines_next. Call io_lines_finish in every case. */
int io_lines_init(io_lines *L, io_source *src, size_t max);
void io_lines_finish(io_lines *L);

/* Moves the unread bytes win[pos..end) to the front and reads once more
 * (sets eof or err at the end); for sniffing, which looks at win[pos..end). */
void io_lines_fill(io_lines *L);

/* The next line without its terminator: returns 1 and sets *p, *n (borrowed,
 * valid until the next call; p[n] is not necessarily NUL); 0 at the end;
 * CASUS_ETOOBIG when a line longer than max was skipped (L->line is its
 * number); or the source's negative error (a partial line is dropped). */
int io_lines_next(io_lines *L, const char **p, size_t *n);

/* Appends everything not yet consumed to b (whose cap bounds it). Returns
 * 0, CASUS_ETOOBIG / CASUS_ENOMEM from the buf, or the source's error. */
int io_lines_slurp(io_lines *L, buf *b);

/* What an input is called in articles and messages. */
typedef struct io_names {
    const char *path;  /* in messages and article.source ("-" for stdin) */
    const char *shown; /* in messages: path, or "stdin" */
    const char *base;  /* ids: file name without directory and ".gz" */
    const char *date;  /* fallback date (YYYY-MM-DD) or NULL */
} io_names;

/* Parses one JSONL line (line[0..n), borrowed) numbered line_no. Returns 1
 * and sets *out (caller frees with casus_article_free); 0 for a blank line;
 * or a negative code with err set ("file:line: reason"). */
int io_jsonl_parse(const char *line, size_t n, long line_no, const io_names *nm,
                   casus_article **out, casus_error *err);

/* The same with jansson alone, for a line that is valid UTF-8 and not
 * blank; io_jsonl_parse's fallback, and the reference its fast path is
 * checked against (tests, fuzz_jsonl). */
int io_jsonl_parse_jansson(const char *line, size_t n, long line_no, const io_names *nm,
                           casus_article **out, casus_error *err);

/* Prepares libxml2 for use (idempotent); called when a reader opens, so
 * from the thread that opens readers before any parse. */
void io_html_init(void);

/* Parses one HTML page (data[0..n), borrowed). Returns 1 and sets *out
 * (caller frees with casus_article_free), or a negative code with err set
 * (CASUS_EEMPTY when the page has no text). */
int io_html_parse(const char *data, size_t n, const io_names *nm, casus_article **out,
                  casus_error *err);

/* Replaces a's empty source string by a copy of path and sets its line.
 * Returns 0 or CASUS_ENOMEM (a is untouched then). */
int io_article_place(casus_article *a, const char *path, long line);

/* 1 if s[0..n) holds only ASCII whitespace. */
int io_blank(const char *s, size_t n);

/*
 * A reader over data[0..n) (borrowed: it must outlive the reader) named
 * name (used for format detection by extension, ids and messages). For
 * tests and fuzz targets. Caller frees with casus_reader_free.
 */
int reader_open_memory(casus_reader **out, const char *name, const void *data, size_t n,
                       const casus_reader_opts *opts, casus_error *err);

/* Appends the knowledge layer of d (",\"quotes\":[...],...,\"tone\":{...}")
 * to a `casus code` JSON object (write_knowledge.c). Returns 0 or a buf
 * error. */
struct casus_doc;
int io_put_knowledge_json(buf *b, const struct casus_doc *d);

#endif
