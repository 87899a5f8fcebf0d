/*
 * reader.c — casus_reader: articles from files, directories and stdin, in
 * plain text, JSONL, HTML and the news benchmark format, gzip or not.
 *
 * The reader is a pull loop over inputs. Paths are taken in order; a
 * directory is walked depth-first with its entries sorted by strcmp
 * (dot-files and dot-directories skipped, each directory visited once by
 * device and inode so that symlink loops end); stdin is "-". Each input is
 * an io_source (gzip inflated whatever the name) under an io_lines window;
 * its format is the caller's, else its extension's, else a sniff of the
 * first 64 KB.
 *
 * Streaming formats (JSONL, bench) hand out one record per call and keep
 * at most one record in memory, capped by opts->max_record; whole-file
 * formats (text, HTML) hold one file, under the same cap. A record that
 * cannot be used (malformed, oversized, empty) is reported through a
 * negative return with "file:line: reason" and the reader goes on; a file
 * that cannot be opened or whose gzip stream is damaged is reported the
 * same way once, after the records that were complete before the damage.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/io.h"
#include "util/buf.h"
#include "util/error.h"

#define BENCH_TITLE_MAX 200

typedef struct dir_frame {
    char *path;
    char **names;
    size_t n, i;
} dir_frame;

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
    int used;
} dir_id;

typedef struct reader_input {
    io_source src;
    io_lines lines;
    char *path, *shown, *base;
    io_names nm;
    casus_format fmt;
    int done;        /* whole-file formats: the record was handed out */
    int fatal;       /* the source failed: close after reporting */
    long n_rec;      /* bench: records numbered so far */
    long rec_line;   /* bench: first line of the current record */
    long seg_line;   /* bench: first line after the last separator */
    int rec_started; /* bench: the current record has a non-blank line */
    int rec_skip;    /* bench: the current record is over the cap */
    int seen_sep;    /* bench: a separator was read */
} reader_input;

struct casus_reader {
    char **paths;
    size_t n_paths, next_path;
    casus_format format;
    size_t max_record;
    char date[11];
    int has_date;
    const void *mem; /* reader_open_memory: one input, borrowed */
    size_t mem_len;
    char *mem_name;
    int mem_pending;
    dir_frame *dirs;
    size_t n_dirs, cap_dirs;
    dir_id *seen; /* open-addressing set of visited directories */
    size_t n_seen, cap_seen;
    reader_input *in;
    buf rec;
    size_t n_read, n_skipped;
};

/* ---------------------------------------------------------------- formats */

int casus_format_parse(const char *name, casus_format *out)
{
    static const char *const names[] = {"auto", "text", "jsonl", "html", "bench"};
    if (!name || !out)
        return CASUS_EINVAL;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i])) {
            *out = (casus_format)i;
            return 0;
        }
    return CASUS_EINVAL;
}

static casus_format format_by_name(const char *base)
{
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return CASUS_FORMAT_AUTO;
    static const struct {
        const char *ext;
        casus_format fmt;
    } map[] = {{".txt", CASUS_FORMAT_TEXT},    {".text", CASUS_FORMAT_TEXT},
               {".jsonl", CASUS_FORMAT_JSONL}, {".ndjson", CASUS_FORMAT_JSONL},
               {".json", CASUS_FORMAT_JSONL},  {".html", CASUS_FORMAT_HTML},
               {".htm", CASUS_FORMAT_HTML},    {".xhtml", CASUS_FORMAT_HTML}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcasecmp(dot, map[i].ext))
            return map[i].fmt;
    return CASUS_FORMAT_AUTO;
}

/* needle (lower-case ASCII) in hay[0..n), ignoring case. */
static int has_ci(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        const char *p = memchr(hay + i, '<', n - i);
        if (!p || (size_t)(p - hay) + k > n)
            return 0;
        i = (size_t)(p - hay);
        if (!strncasecmp(p, needle, k))
            return 1;
    }
    return 0;
}

static int has_ff_line(const char *s, size_t n, int at_eof);

/* The format of content s[0..n) (the first IO_SNIFF bytes); at_eof says
 * whether s is the whole input. */
static casus_format format_by_content(const char *s, size_t n, int at_eof)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    if (i < n && s[i] == '{')
        return CASUS_FORMAT_JSONL;
    if (i < n && s[i] == '<' &&
        (has_ci(s + i, n - i, "<html") || has_ci(s + i, n - i, "<!doctype html") ||
         has_ci(s + i, n - i, "<head") || has_ci(s + i, n - i, "<body")))
        return CASUS_FORMAT_HTML;
    return has_ff_line(s, n, at_eof) ? CASUS_FORMAT_BENCH : CASUS_FORMAT_TEXT;
}

/* 1 if s[0..n) holds a line that is exactly "\f" (or "\f\r"). */
static int has_ff_line(const char *s, size_t n, int at_eof)
{
    for (const char *p = s; (p = memchr(p, '\f', (size_t)(s + n - p)));) {
        size_t at = (size_t)(p - s);
        int line_start = at == 0 || s[at - 1] == '\n';
        size_t after = at + 1;
        if (after < n && s[after] == '\r')
            after++;
        int line_end = after < n ? s[after] == '\n' : at_eof;
        if (line_start && line_end)
            return 1;
        p++;
    }
    return 0;
}

/* Reads until the window holds IO_SNIFF bytes or the whole input, but
 * stops as soon as the first non-blank byte is '{': JSONL from a pipe must
 * not wait for 64 KB of records before the first is read. */
static void sniff_fill(io_lines *L)
{
    while (L->end - L->pos < IO_SNIFF && !L->eof && !L->err) {
        const char *w = L->win + L->pos;
        size_t n = L->end - L->pos, i = 0;
        while (i < n && (w[i] == ' ' || w[i] == '\t' || w[i] == '\r' || w[i] == '\n'))
            i++;
        if (i < n && w[i] == '{')
            return;
        io_lines_fill(L);
    }
}

/* ---------------------------------------------------------------- inputs */

static void input_free(reader_input *in)
{
    if (!in)
        return;
    io_lines_finish(&in->lines);
    io_source_finish(&in->src);
    free(in->path);
    free(in->shown);
    free(in->base);
    free(in);
}

static void close_input(casus_reader *r)
{
    input_free(r->in);
    r->in = NULL;
}

/* The id stem of a path: its last component without a trailing ".gz". */
static char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b && b[1] ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 3 && !strcasecmp(b + n - 3, ".gz"))
        n -= 3;
    return strndup(b, n);
}

static int open_error(const char *path, const char *what, int e, casus_error *err)
{
    return error_set(err, e == ENOENT || e == ENOTDIR ? CASUS_ENOENT : CASUS_EIO, "%s: %s (%s)",
                     path, what, strerror(e));
}

/* Starts reading an input: takes ownership of path; fd (owned unless
 * stdin) or the memory input when fd < 0. Returns 1, or a negative code
 * with err set (the input was reported and closed). */
static int start_input(casus_reader *r, char *path, int fd, casus_error *err)
{
    reader_input *in = calloc(1, sizeof *in);
    int is_stdin = fd == STDIN_FILENO && !strcmp(path, "-");
    if (in) {
        in->path = path;
        in->shown = strdup(is_stdin ? "stdin" : path);
        in->base = is_stdin ? strdup("stdin") : base_name(path);
    }
    if (!in || !in->shown || !in->base) {
        if (fd > STDIN_FILENO)
            close(fd);
        if (in)
            input_free(in);
        else
            free(path);
        return error_set(err, CASUS_ENOMEM, "out of memory");
    }
    in->nm = (io_names){in->path, in->shown, in->base, r->has_date ? r->date : NULL};
    in->seg_line = 1;
    r->in = in;
    int rc = fd >= 0 ? io_source_init_fd(&in->src, fd, !is_stdin)
                     : io_source_init_mem(&in->src, r->mem, r->mem_len);
    if (rc) {
        rc = error_set(err, rc, "%s: %s", in->shown, in->src.msg);
        close_input(r);
        return rc;
    }
    if (io_lines_init(&in->lines, &in->src, r->max_record)) {
        close_input(r);
        return error_set(err, CASUS_ENOMEM, "out of memory");
    }
    in->fmt = r->format;
    io_lines *L = &in->lines;
    if (in->fmt == CASUS_FORMAT_AUTO) {
        casus_format by_name = is_stdin ? CASUS_FORMAT_AUTO : format_by_name(in->base);
        if (by_name != CASUS_FORMAT_AUTO && by_name != CASUS_FORMAT_TEXT) {
            in->fmt = by_name;
        } else {
            sniff_fill(L);
            const char *w = L->win + L->pos;
            size_t n = L->end - L->pos;
            /* The benchmark corpus is a .txt file: a form-feed line in a
             * text file's first 64 KB makes it one, as it would by content. */
            if (by_name == CASUS_FORMAT_TEXT)
                in->fmt = has_ff_line(w, n, L->eof) ? CASUS_FORMAT_BENCH : CASUS_FORMAT_TEXT;
            else
                in->fmt = format_by_content(w, n, L->eof);
        }
    }
    return 1;
}

/* ---------------------------------------------------------------- walk */

static size_t id_hash(dev_t dev, ino_t ino)
{
    uint64_t h = (uint64_t)dev * 0x9E3779B97F4A7C15ULL ^ (uint64_t)ino;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return (size_t)(h ^ (h >> 32));
}

/* Adds a directory to the visited set: 1 if new, 0 if seen, or ENOMEM. */
static int mark_visited(casus_reader *r, dev_t dev, ino_t ino)
{
    if (2 * (r->n_seen + 1) > r->cap_seen) {
        size_t nc = r->cap_seen ? r->cap_seen * 2 : 64;
        dir_id *t = calloc(nc, sizeof *t);
        if (!t)
            return CASUS_ENOMEM;
        for (size_t i = 0; i < r->cap_seen; i++)
            if (r->seen[i].used) {
                size_t j = id_hash(r->seen[i].dev, r->seen[i].ino) & (nc - 1);
                while (t[j].used)
                    j = (j + 1) & (nc - 1);
                t[j] = r->seen[i];
            }
        free(r->seen);
        r->seen = t;
        r->cap_seen = nc;
    }
    size_t j = id_hash(dev, ino) & (r->cap_seen - 1);
    while (r->seen[j].used) {
        if (r->seen[j].dev == dev && r->seen[j].ino == ino)
            return 0;
        j = (j + 1) & (r->cap_seen - 1);
    }
    r->seen[j] = (dir_id){dev, ino, 1};
    r->n_seen++;
    return 1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Pushes a directory onto the walk; takes ownership of path. Returns 0
 * (also for a directory already visited) or a negative code. */
static int push_dir(casus_reader *r, char *path, const struct stat *st, casus_error *err)
{
    int rc = mark_visited(r, st->st_dev, st->st_ino);
    if (rc <= 0) {
        free(path);
        return rc ? error_set(err, rc, "out of memory") : 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        rc = open_error(path, "cannot read directory", errno, err);
        free(path);
        return rc;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno) {
                rc = open_error(path, "cannot read directory", errno, err);
                goto fail;
            }
            break;
        }
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **p = realloc(names, nc * sizeof *p);
            if (!p)
                goto oom;
            names = p;
            cap = nc;
        }
        if (!(names[n] = strdup(de->d_name)))
            goto oom;
        n++;
    }
    closedir(d);
    d = NULL;
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    if (r->n_dirs == r->cap_dirs) {
        size_t nc = r->cap_dirs ? r->cap_dirs * 2 : 8;
        dir_frame *p = realloc(r->dirs, nc * sizeof *p);
        if (!p)
            goto oom;
        r->dirs = p;
        r->cap_dirs = nc;
    }
    r->dirs[r->n_dirs++] = (dir_frame){path, names, n, 0};
    return 0;
oom:
    rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
fail:
    if (d)
        closedir(d);
    free_names(names, n);
    free(path);
    return rc;
}

static void pop_dir(casus_reader *r)
{
    dir_frame *f = &r->dirs[--r->n_dirs];
    free_names(f->names, f->n);
    free(f->path);
}

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    int slash = a && dir[a - 1] != '/';
    char *p = malloc(a + (size_t)slash + b + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    if (slash)
        p[a] = '/';
    memcpy(p + a + slash, name, b + 1);
    return p;
}

/* Opens a path (ownership taken) that stat'ed as st: a directory is
 * pushed, anything else opened. in_walk: found in a directory, where only
 * regular files are read (a FIFO or device there is not an article and
 * could block). Returns 1 (input opened), 0 (nothing to read) or an error. */
static int open_path(casus_reader *r, char *path, const struct stat *st, int in_walk,
                     casus_error *err)
{
    if (S_ISDIR(st->st_mode))
        return push_dir(r, path, st, err);
    if (in_walk && !S_ISREG(st->st_mode)) {
        free(path);
        return 0;
    }
    /* In a walk the entry may have been swapped for a FIFO since stat:
     * open without blocking and check what was opened. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | (in_walk ? O_NONBLOCK : 0));
    if (fd < 0) {
        int rc = open_error(path, "cannot open", errno, err);
        free(path);
        return rc;
    }
    if (in_walk) {
        struct stat now;
        if (fstat(fd, &now) || !S_ISREG(now.st_mode)) {
            close(fd);
            free(path);
            return 0;
        }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    }
    return start_input(r, path, fd, err);
}

/* Opens the next input: 1, 0 at the end of all input, or an error (the
 * input is skipped; the caller counts it). */
static int reader_advance(casus_reader *r, casus_error *err)
{
    for (;;) {
        int rc;
        char *path;
        struct stat st;
        if (r->n_dirs) {
            dir_frame *f = &r->dirs[r->n_dirs - 1];
            if (f->i == f->n) {
                pop_dir(r);
                continue;
            }
            path = join_path(f->path, f->names[f->i++]);
            if (!path)
                return error_set(err, CASUS_ENOMEM, "out of memory");
            if (stat(path, &st)) {
                rc = open_error(path, "cannot open", errno, err);
                free(path);
                return rc;
            }
            rc = open_path(r, path, &st, 1, err);
        } else if (r->mem_pending) {
            r->mem_pending = 0;
            path = strdup(r->mem_name);
            if (!path)
                return error_set(err, CASUS_ENOMEM, "out of memory");
            rc = start_input(r, path, -1, err);
        } else if (r->next_path < r->n_paths) {
            const char *p = r->paths[r->next_path++];
            path = strdup(p);
            if (!path)
                return error_set(err, CASUS_ENOMEM, "out of memory");
            if (!strcmp(p, "-")) {
                rc = start_input(r, path, STDIN_FILENO, err);
            } else if (stat(p, &st)) {
                rc = open_error(p, "cannot open", errno, err);
                free(path);
            } else {
                rc = open_path(r, path, &st, 0, err);
            }
        } else {
            return 0;
        }
        if (rc)
            return rc;
    }
}

/* ---------------------------------------------------------------- records */

static int too_big(const casus_reader *r, const char *shown, long line, casus_error *err)
{
    if (line > 0)
        return error_set(err, CASUS_ETOOBIG, "%s:%ld: record of more than %zu bytes skipped", shown,
                         line, r->max_record);
    return error_set(err, CASUS_ETOOBIG, "%s: record of more than %zu bytes skipped", shown,
                     r->max_record);
}

static int source_error(reader_input *in, int rc, casus_error *err)
{
    in->fatal = 1;
    if (rc == CASUS_ENOMEM)
        return error_set(err, rc, "%s: out of memory", in->shown);
    return error_set(err, rc, "%s: %s", in->shown, in->src.msg[0] ? in->src.msg : "read failed");
}

/* Text and HTML: the whole input is one record. */
static int next_whole(casus_reader *r, casus_article **out, casus_error *err)
{
    reader_input *in = r->in;
    if (in->done)
        return 0;
    in->done = 1;
    buf_reset(&r->rec);
    int rc = io_lines_slurp(&in->lines, &r->rec);
    if (rc == CASUS_ETOOBIG)
        return too_big(r, in->shown, 0, err);
    if (rc == CASUS_ENOMEM)
        return error_set(err, rc, "%s: out of memory", in->shown);
    if (rc)
        return source_error(in, rc, err);
    const char *data = r->rec.data ? r->rec.data : "";
    if (io_blank(data, r->rec.len))
        return error_set(err, CASUS_EEMPTY, "%s: empty record", in->shown);
    if (in->fmt == CASUS_FORMAT_HTML)
        return io_html_parse(data, r->rec.len, &in->nm, out, err);
    casus_article *a = casus_article_new(in->base, "", in->nm.date, "", data, r->rec.len);
    if (!a || io_article_place(a, in->path, 1)) {
        casus_article_free(a);
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", in->shown);
    }
    *out = a;
    return 1;
}

static int next_jsonl(casus_reader *r, casus_article **out, casus_error *err)
{
    reader_input *in = r->in;
    for (;;) {
        const char *p;
        size_t n;
        int rc = io_lines_next(&in->lines, &p, &n);
        if (rc == 1) {
            rc = io_jsonl_parse(p, n, in->lines.line, &in->nm, out, err);
            if (rc)
                return rc;
            continue;
        }
        if (rc == 0)
            return 0;
        if (rc == CASUS_ETOOBIG)
            return too_big(r, in->shown, in->lines.line, err);
        return source_error(in, rc, err);
    }
}

/* Ends the bench record in r->rec. Returns 1 with *out, 0 when there was
 * nothing to hand out or report, or an error. */
static int bench_finish(casus_reader *r, int at_end, casus_article **out, casus_error *err)
{
    reader_input *in = r->in;
    int started = in->rec_started, skipped = in->rec_skip, first = !in->seen_sep;
    long seg = in->seg_line, line = in->rec_line;
    in->rec_started = in->rec_skip = 0;
    in->seen_sep = 1;
    in->seg_line = in->lines.line + 1;
    if (skipped)
        return 0; /* reported when it passed the cap */
    if (!started) {
        /* blank space before the first or after the last separator is not
         * a record; between two separators it is an empty one */
        if (first || at_end)
            return 0;
        in->n_rec++;
        return error_set(err, CASUS_EEMPTY, "%s:%ld: empty record", in->shown, seg);
    }
    in->n_rec++;
    char *text = r->rec.data;
    size_t len = r->rec.len;
    while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\t' ||
                   text[len - 1] == '\r' || text[len - 1] == '\f' || text[len - 1] == '\v'))
        len--;
    /* The title: the first line, when a blank line follows it. */
    char *title = NULL;
    const char *nl = memchr(text, '\n', len);
    if (nl && (size_t)(nl - text) < BENCH_TITLE_MAX) {
        const char *l2 = nl + 1, *end = text + len;
        const char *nl2 = memchr(l2, '\n', (size_t)(end - l2));
        if (nl2 && io_blank(l2, (size_t)(nl2 - l2))) {
            size_t tl = (size_t)(nl - text);
            while (tl && (text[tl - 1] == ' ' || text[tl - 1] == '\t'))
                tl--;
            title = strndup(text, tl);
            if (!title)
                return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", in->shown, line);
        }
    }
    char id[64];
    char *longid = NULL;
    const char *idp = id;
    int k = snprintf(id, sizeof id, "%s:%ld", in->base, in->n_rec);
    if (k >= (int)sizeof id) {
        longid = malloc((size_t)k + 1);
        if (!longid) {
            free(title);
            return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", in->shown, line);
        }
        snprintf(longid, (size_t)k + 1, "%s:%ld", in->base, in->n_rec);
        idp = longid;
    }
    casus_article *a = casus_article_new(idp, "", in->nm.date, title, text, len);
    free(title);
    free(longid);
    if (!a || io_article_place(a, in->path, line)) {
        casus_article_free(a);
        return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", in->shown, line);
    }
    *out = a;
    return 1;
}

static int next_bench(casus_reader *r, casus_article **out, casus_error *err)
{
    reader_input *in = r->in;
    io_lines *L = &in->lines;
    for (;;) {
        const char *p;
        size_t n;
        int rc = io_lines_next(L, &p, &n);
        if (rc == 1) {
            if (n == 1 && p[0] == '\f') {
                rc = bench_finish(r, 0, out, err);
                buf_reset(&r->rec);
                if (rc)
                    return rc;
                continue;
            }
            if (in->rec_skip)
                continue;
            if (!in->rec_started) {
                if (io_blank(p, n))
                    continue;
                in->rec_started = 1;
                in->rec_line = L->line;
            }
            if ((rc = buf_append(&r->rec, p, n)) == 0)
                rc = buf_putc(&r->rec, '\n');
            if (rc == 0)
                continue;
            if (rc == CASUS_ENOMEM)
                return error_set(err, rc, "%s:%ld: out of memory", in->shown, L->line);
        } else if (rc == 0) {
            rc = bench_finish(r, 1, out, err);
            buf_reset(&r->rec);
            in->done = 1;
            return rc;
        } else if (rc != CASUS_ETOOBIG) {
            buf_reset(&r->rec);
            return source_error(in, rc, err);
        } else if (in->rec_skip) {
            continue;
        } else if (!in->rec_started) {
            in->rec_line = L->line;
        }
        /* Over the cap: report now, drop the rest of the record unread. */
        buf_reset(&r->rec);
        in->rec_skip = 1;
        in->rec_started = 1;
        in->n_rec++;
        return too_big(r, in->shown, in->rec_line, err);
    }
}

static int next_record(casus_reader *r, casus_article **out, casus_error *err)
{
    reader_input *in = r->in;
    if (in->fatal)
        return 0;
    switch (in->fmt) {
    case CASUS_FORMAT_JSONL: return next_jsonl(r, out, err);
    case CASUS_FORMAT_BENCH:
        if (in->done)
            return 0;
        return next_bench(r, out, err);
    default: return next_whole(r, out, err);
    }
}

/* ---------------------------------------------------------------- API */

static int reader_new(casus_reader **out, const casus_reader_opts *opts, casus_error *err)
{
    *out = NULL;
    casus_reader_opts o = {0};
    if (opts)
        o = *opts;
    if ((unsigned)o.format > CASUS_FORMAT_BENCH)
        return error_set(err, CASUS_EINVAL, "unknown input format %d", (int)o.format);
    casus_reader *r = calloc(1, sizeof *r);
    if (!r)
        return error_set(err, CASUS_ENOMEM, "out of memory");
    if (o.date) {
        if (casus_date_parse(o.date, r->date)) {
            free(r);
            return error_set(err, CASUS_EINVAL, "invalid date '%.40s' (want YYYY-MM-DD)", o.date);
        }
        r->has_date = 1;
    }
    r->format = o.format;
    r->max_record = o.max_record ? o.max_record : CASUS_DEFAULT_MAX_RECORD;
    buf_init(&r->rec, r->max_record);
    io_html_init();
    *out = r;
    return 0;
}

int casus_reader_open(casus_reader **out, const char *const *paths, size_t n_paths,
                      const casus_reader_opts *opts, casus_error *err)
{
    if (!out)
        return error_set(err, CASUS_EINVAL, "no reader to open");
    *out = NULL;
    if (n_paths && !paths)
        return error_set(err, CASUS_EINVAL, "no paths");
    for (size_t i = 0; i < n_paths; i++)
        if (!paths[i])
            return error_set(err, CASUS_EINVAL, "path %zu is NULL", i);
    casus_reader *r;
    int rc = reader_new(&r, opts, err);
    if (rc)
        return rc;
    static const char *const stdin_path[] = {"-"};
    if (!n_paths) {
        paths = stdin_path;
        n_paths = 1;
    }
    r->paths = calloc(n_paths, sizeof *r->paths);
    if (!r->paths)
        goto oom;
    r->n_paths = n_paths;
    for (size_t i = 0; i < n_paths; i++)
        if (!(r->paths[i] = strdup(paths[i])))
            goto oom;
    *out = r;
    return 0;
oom:
    casus_reader_free(r);
    return error_set(err, CASUS_ENOMEM, "out of memory");
}

int reader_open_memory(casus_reader **out, const char *name, const void *data, size_t n,
                       const casus_reader_opts *opts, casus_error *err)
{
    if (!out)
        return error_set(err, CASUS_EINVAL, "no reader to open");
    *out = NULL;
    casus_reader *r;
    int rc = reader_new(&r, opts, err);
    if (rc)
        return rc;
    r->mem = data;
    r->mem_len = data ? n : 0;
    r->mem_name = strdup(name && *name ? name : "memory");
    if (!r->mem_name) {
        casus_reader_free(r);
        return error_set(err, CASUS_ENOMEM, "out of memory");
    }
    r->mem_pending = 1;
    *out = r;
    return 0;
}

int casus_reader_next(casus_reader *r, casus_article **out, casus_error *err)
{
    if (!out)
        return error_set(err, CASUS_EINVAL, "no place for the article");
    *out = NULL;
    if (!r)
        return error_set(err, CASUS_EINVAL, "no reader");
    for (;;) {
        int rc;
        if (!r->in) {
            rc = reader_advance(r, err);
            if (rc == 0)
                return 0;
            if (rc < 0) {
                r->n_skipped++;
                return rc;
            }
        }
        rc = next_record(r, out, err);
        if (rc == 1) {
            r->n_read++;
            return 1;
        }
        if (rc == 0 || r->in->fatal)
            close_input(r);
        if (rc < 0) {
            r->n_skipped++;
            return rc;
        }
    }
}

void casus_reader_counts(const casus_reader *r, size_t *n_read, size_t *n_skipped)
{
    if (n_read)
        *n_read = r ? r->n_read : 0;
    if (n_skipped)
        *n_skipped = r ? r->n_skipped : 0;
}

void casus_reader_free(casus_reader *r)
{
    if (!r)
        return;
    close_input(r);
    while (r->n_dirs)
        pop_dir(r);
    free(r->dirs);
    free(r->seen);
    if (r->paths)
        for (size_t i = 0; i < r->n_paths; i++)
            free(r->paths[i]);
    free(r->paths);
    free(r->mem_name);
    buf_finish(&r->rec);
    free(r);
}
