/*
 * jsonl.c — one JSONL line to one article.
 *
 * Fields: id (string or number), url, date, title, text; others are
 * ignored. jansson parses the line; since it rejects invalid UTF-8 outright,
 * a line that is not valid UTF-8 is first repaired (each bad byte becomes
 * U+FFFD) so that one stray Latin-1 byte costs a character, not the record.
 * The text keeps NUL bytes (JSON_ALLOW_NUL, "\u0000"): its length is taken
 * from the parser, never from strlen.
 *
 * Speed: jansson reads through a per-byte callback and builds a hash table
 * per object, about 65 MB/s; that alone would eat the whole read+tokenise
 * budget. So a line goes first through a small strict scanner for the
 * common shape (an object whose known fields are strings, other values of
 * modest size and depth) that decodes the five fields straight into one
 * scratch block. Anything it is not sure about — an error, a numeric id or
 * date, a long number, deep nesting — goes to jansson, which then decides
 * and words the error, so both paths accept exactly the same lines.
 */
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"
#include "util/error.h"
#include "util/utf8.h"

static const char *str_field(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The id as a string in idbuf: a string as is, a number printed. */
static const char *id_field(json_t *obj, char *idbuf, size_t cap)
{
    json_t *v = json_object_get(obj, "id");
    if (json_is_string(v) && json_string_value(v)[0])
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(idbuf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return idbuf;
    }
    if (json_is_real(v)) {
        double x = json_real_value(v);
        if (x == floor(x) && fabs(x) < 9e15)
            snprintf(idbuf, cap, "%.0f", x);
        else
            snprintf(idbuf, cap, "%.17g", x);
        return idbuf;
    }
    return NULL;
}

/* The date field's text (borrowed from obj, or printed into tmp for a
 * number such as 20180808, read as YYYYMMDD), or NULL. */
static const char *date_field(json_t *obj, char tmp[32])
{
    json_t *v = json_object_get(obj, "date");
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(tmp, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return tmp;
    }
    return NULL;
}

/* ---------------------------------------------------------------- fast path */

enum { F_ID, F_URL, F_DATE, F_TITLE, F_TEXT, F_N };

typedef struct fast {
    const char *p, *end;
    char *scratch; /* decoded strings, NUL-terminated, back to back */
    size_t used;
    const char *val[F_N]; /* decoded string values of the known fields */
    size_t len[F_N];
    int other[F_N]; /* the field's last value was not a string */
} fast;

static void fast_ws(fast *f)
{
    while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
        f->p++;
}

static int hex4(const char *p, unsigned *v)
{
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        x <<= 4;
        if (c >= '0' && c <= '9')
            x |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            x |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            x |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *v = x;
    return 0;
}

/* Decodes the string at p (on its opening quote) into the scratch block
 * and NUL-terminates it. Returns 0, or -1 for anything jansson should look
 * at (raw control characters, bad escapes, lone surrogates). The input is
 * valid UTF-8 already, so bytes >= 0x80 are copied as they are. */
static int fast_string(fast *f, const char **out, size_t *out_len)
{
    const char *p = f->p + 1, *end = f->end;
    char *o = f->scratch + f->used, *start = o;
    for (;;) {
        const char *q = p;
        while (q < end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
            q++;
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        p = q;
        if (p >= end || (unsigned char)*p < 0x20)
            return -1;
        if (*p == '"')
            break;
        if (end - p < 2)
            return -1;
        char e = p[1];
        p += 2;
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned v, lo;
            if (end - p < 4 || hex4(p, &v))
                return -1;
            p += 4;
            if (v >= 0xDC00 && v <= 0xDFFF)
                return -1;
            if (v >= 0xD800 && v <= 0xDBFF) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return -1;
                p += 6;
                v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
            }
            o += utf8_encode((int32_t)v, (unsigned char *)o);
            break;
        }
        default: return -1;
        }
    }
    f->p = p + 1;
    *o = '\0';
    *out = start;
    *out_len = (size_t)(o - start);
    f->used += (size_t)(o - start) + 1;
    return 0;
}

/* A number short enough that jansson cannot find it too big. */
static int fast_number(fast *f)
{
    const char *p = f->p, *s = p, *end = f->end;
    if (p < end && *p == '-')
        p++;
    if (p >= end || !(*p >= '0' && *p <= '9'))
        return -1;
    if (*p == '0')
        p++;
    else
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || !(*p >= '0' && *p <= '9'))
            return -1;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E'))
        return -1;
    if (p - s > 15)
        return -1;
    f->p = p;
    return 0;
}

static int fast_value(fast *f, int depth);

static int fast_skip_string(fast *f)
{
    const char *v;
    size_t n, mark = f->used;
    int rc = fast_string(f, &v, &n);
    f->used = mark;
    return rc;
}

/* Skips any value, validating it; containers to a modest depth. */
static int fast_value(fast *f, int depth)
{
    if (f->p >= f->end)
        return -1;
    char c = *f->p;
    if (c == '"')
        return fast_skip_string(f);
    if (c == '-' || (c >= '0' && c <= '9'))
        return fast_number(f);
    static const char *const lits[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t k = strlen(lits[i]);
        if ((size_t)(f->end - f->p) >= k && !memcmp(f->p, lits[i], k)) {
            f->p += k;
            return 0;
        }
    }
    if ((c != '[' && c != '{') || depth >= 32)
        return -1;
    char close = c == '[' ? ']' : '}';
    f->p++;
    fast_ws(f);
    if (f->p < f->end && *f->p == close) {
        f->p++;
        return 0;
    }
    for (;;) {
        if (close == '}') {
            if (f->p >= f->end || *f->p != '"' || fast_skip_string(f))
                return -1;
            fast_ws(f);
            if (f->p >= f->end || *f->p != ':')
                return -1;
            f->p++;
            fast_ws(f);
        }
        if (fast_value(f, depth + 1))
            return -1;
        fast_ws(f);
        if (f->p >= f->end)
            return -1;
        if (*f->p == close) {
            f->p++;
            return 0;
        }
        if (*f->p != ',')
            return -1;
        f->p++;
        fast_ws(f);
    }
}

/* The top-level object. Returns 0 with the fields decoded, or -1. */
static int fast_object(fast *f)
{
    static const char *const keys[F_N] = {"id", "url", "date", "title", "text"};
    fast_ws(f);
    if (f->p >= f->end || *f->p != '{')
        return -1;
    f->p++;
    fast_ws(f);
    if (f->p < f->end && *f->p == '}') {
        f->p++;
    } else {
        for (;;) {
            const char *key;
            size_t kl, mark = f->used;
            if (f->p >= f->end || *f->p != '"' || fast_string(f, &key, &kl))
                return -1;
            int which = -1;
            for (int k = 0; k < F_N; k++)
                if (kl == strlen(keys[k]) && !memcmp(key, keys[k], kl))
                    which = k;
            f->used = mark;
            fast_ws(f);
            if (f->p >= f->end || *f->p != ':')
                return -1;
            f->p++;
            fast_ws(f);
            if (which >= 0 && f->p < f->end && *f->p == '"') {
                /* a repeated key: the last value wins, as in jansson */
                if (fast_string(f, &f->val[which], &f->len[which]))
                    return -1;
                f->other[which] = 0;
            } else {
                if (fast_value(f, 1))
                    return -1;
                if (which >= 0) {
                    f->val[which] = NULL;
                    f->other[which] = 1;
                }
            }
            fast_ws(f);
            if (f->p >= f->end)
                return -1;
            if (*f->p == '}') {
                f->p++;
                break;
            }
            if (*f->p != ',')
                return -1;
            f->p++;
            fast_ws(f);
        }
    }
    fast_ws(f);
    return f->p == f->end ? 0 : -1;
}

/* ---------------------------------------------------------------- records */

/* The article from decoded fields; date is raw (parsed here). */
static int make_article(const char *id, const char *url, const char *date, const char *title,
                        const char *text, size_t text_len, long line_no, const io_names *nm,
                        casus_article **out, casus_error *err)
{
    if (io_blank(text, text_len))
        return error_set(err, CASUS_EEMPTY, "%s:%ld: empty record", nm->shown, line_no);
    char fallback[64], day[11];
    char *longid = NULL;
    if (!id || !*id) {
        int k = snprintf(fallback, sizeof fallback, "%s:%ld", nm->base, line_no);
        if (k >= (int)sizeof fallback) {
            longid = malloc((size_t)k + 1);
            if (!longid)
                return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", nm->shown, line_no);
            snprintf(longid, (size_t)k + 1, "%s:%ld", nm->base, line_no);
        }
        id = longid ? longid : fallback;
    }
    if (!date || casus_date_parse(date, day))
        day[0] = '\0';
    casus_article *a = casus_article_new(id, url, day[0] ? day : nm->date, title, text, text_len);
    free(longid);
    if (!a || io_article_place(a, nm->path, line_no)) {
        casus_article_free(a);
        return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", nm->shown, line_no);
    }
    *out = a;
    return 1;
}

/* Returns the result, or 0 when jansson must decide. */
static int fast_parse(const char *line, size_t n, long line_no, const io_names *nm,
                      casus_article **out, casus_error *err)
{
    fast f = {.p = line, .end = line + n};
    /* decoded strings never outgrow their quoted source */
    f.scratch = malloc(n + 1);
    if (!f.scratch)
        return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", nm->shown, line_no);
    int rc = 0;
    if (!fast_object(&f) && f.val[F_TEXT] && !f.other[F_ID] && !f.other[F_DATE])
        rc = make_article(f.val[F_ID], f.val[F_URL], f.val[F_DATE], f.val[F_TITLE], f.val[F_TEXT],
                          f.len[F_TEXT], line_no, nm, out, err);
    free(f.scratch);
    return rc;
}

int io_jsonl_parse(const char *line, size_t n, long line_no, const io_names *nm,
                   casus_article **out, casus_error *err)
{
    *out = NULL;
    if (io_blank(line, n))
        return 0;
    char *fixed = NULL;
    if (!utf8_valid(line, n)) {
        fixed = utf8_repair(line, n, &n);
        if (!fixed)
            return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", nm->shown, line_no);
        line = fixed;
    }
    int rc = fast_parse(line, n, line_no, nm, out, err);
    if (!rc)
        rc = io_jsonl_parse_jansson(line, n, line_no, nm, out, err);
    free(fixed);
    return rc;
}

int io_jsonl_parse_jansson(const char *line, size_t n, long line_no, const io_names *nm,
                           casus_article **out, casus_error *err)
{
    *out = NULL;
    int rc;
    json_error_t je;
    json_t *root = json_loadb(line, n, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
    if (!root)
        return error_set(err, CASUS_EFORMAT, "%s:%ld: invalid JSON: %s (column %d)", nm->shown,
                         line_no, je.text, je.column);
    json_t *text = json_object_get(root, "text");
    if (!json_is_object(root)) {
        rc = error_set(err, CASUS_EFORMAT, "%s:%ld: not a JSON object", nm->shown, line_no);
    } else if (!json_is_string(text)) {
        rc = error_set(err, CASUS_EFORMAT, "%s:%ld: no \"text\" string", nm->shown, line_no);
    } else {
        char idbuf[64], tmp[32];
        rc = make_article(id_field(root, idbuf, sizeof idbuf), str_field(root, "url"),
                          date_field(root, tmp), str_field(root, "title"), json_string_value(text),
                          json_string_length(text), line_no, nm, out, err);
    }
    json_decref(root);
    return rc;
}
