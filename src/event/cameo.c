/*
 * cameo.c — the CAMEO event code table and the actor code units.
 *
 * Input: the text tables under dict/cameo/ (one record per line, fields
 * split at blanks, the name the rest of the line). Output: immutable
 * tables the coder and `casus dict check` share between threads.
 *
 * Design: a CAMEO event code is 2 to 4 decimal digits, so lookup needs no
 * hashing: the code's digits and length give a slot in one dense array of
 * 100 + 1,000 + 10,000 indices (44 KB), O(1) and allocation-free. Actor
 * units are three letters or digits: a 36^3 array of kind indices would
 * also do, but a sorted array and a binary search over some 350 units is
 * small and plenty fast for a checker.
 */
#include "event/cameo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "entity/dict.h"
#include "util/arena.h"
#include "util/error.h"

#define N_SLOTS (100 + 1000 + 10000)

struct cameo_table {
    arena mem;
    cameo_code *codes;
    size_t n, cap;
    int32_t slot[N_SLOTS]; /* index + 1 into codes; 0 none */
};

/* The slot of a 2-4 digit code, or -1. */
static long code_slot(const char *s, size_t len)
{
    if (len < 2 || len > 4)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return len == 2 ? v : len == 3 ? 100 + v : 1100 + v;
}

/* Splits the next blank-separated field off *p (up to end); returns its
 * start and sets *len; NULL when no field is left. */
static const char *field(const char **p, const char *end, size_t *len)
{
    const char *s = *p;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s == end)
        return NULL;
    const char *e = s;
    while (e < end && *e != ' ' && *e != '\t')
        e++;
    *p = e;
    *len = (size_t)(e - s);
    return s;
}

/* Calls fn on each line of data that is neither blank nor a comment, with
 * the line's bounds (the line end and a trailing '\r' cut). A NUL byte is a
 * format error. Stops at the first nonzero return. */
typedef int (*line_fn)(void *ctx, const char *name, size_t line, const char *s, const char *end,
                       casus_error *err);

static int each_line(const char *name, const char *data, size_t size, line_fn fn, void *ctx,
                     casus_error *err)
{
    size_t line = 0;
    const char *p = data, *stop = data + size;
    while (p < stop) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(stop - p));
        const char *e = nl ? nl : stop;
        const char *next = nl ? nl + 1 : stop;
        if (memchr(p, '\0', (size_t)(e - p)))
            return error_set(err, CASUS_EFORMAT, "%s:%zu: NUL byte", name, line);
        if (e > p && e[-1] == '\r')
            e--;
        const char *s = p;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        if (s < e && *s != '#') {
            int rc = fn(ctx, name, line, s, e, err);
            if (rc)
                return rc;
        }
        p = next;
    }
    return 0;
}

static int parse_double(const char *s, size_t len, double *out)
{
    char tmp[32];
    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    *out = strtod(tmp, &end);
    return *end ? -1 : 0;
}

static int code_line(void *ctx, const char *name, size_t line, const char *s, const char *end,
                     casus_error *err)
{
    cameo_table *t = ctx;
    const char *f[5];
    size_t fl[5];
    for (int i = 0; i < 5; i++)
        if (!(f[i] = field(&s, end, &fl[i])))
            return error_set(err, CASUS_EFORMAT,
                             "%s:%zu: a code line is CODE ROOT BASE QUADCLASS GOLDSTEIN NAME",
                             name, line);
    long slot = code_slot(f[0], fl[0]);
    if (slot < 0)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: bad code '%.*s' (2 to 4 digits)", name,
                         line, (int)fl[0], f[0]);
    if (t->slot[slot])
        return error_set(err, CASUS_EFORMAT, "%s:%zu: code %.*s listed twice", name, line,
                         (int)fl[0], f[0]);
    size_t want_base = fl[0] == 2 ? 2 : 3;
    if (fl[1] != 2 || memcmp(f[1], f[0], 2) != 0)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: root of %.*s must be %.2s", name, line,
                         (int)fl[0], f[0], f[0]);
    if (fl[2] != want_base || memcmp(f[2], f[0], want_base) != 0)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: base of %.*s must be %.*s", name, line,
                         (int)fl[0], f[0], (int)want_base, f[0]);
    if (fl[3] != 1 || f[3][0] < '1' || f[3][0] > '4')
        return error_set(err, CASUS_EFORMAT, "%s:%zu: QuadClass must be 1, 2, 3 or 4", name,
                         line);
    double g;
    if (parse_double(f[4], fl[4], &g) || !(g >= -10.0 && g <= 10.0))
        return error_set(err, CASUS_EFORMAT, "%s:%zu: Goldstein score must be in -10..10", name,
                         line);
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (s == end)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: missing name", name, line);
    if (t->n == t->cap) {
        size_t c = t->cap ? t->cap * 2 : 512;
        cameo_code *q = realloc(t->codes, c * sizeof *q);
        if (!q)
            return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
        t->codes = q;
        t->cap = c;
    }
    cameo_code *c = &t->codes[t->n];
    c->code = arena_strndup(&t->mem, f[0], fl[0]);
    c->root = arena_strndup(&t->mem, f[0], 2);
    c->base = arena_strndup(&t->mem, f[0], want_base);
    c->name = arena_strndup(&t->mem, s, (size_t)(end - s));
    if (!c->code || !c->root || !c->base || !c->name)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
    c->goldstein = g;
    c->quadclass = f[3][0] - '0';
    c->level = (int)fl[0];
    t->n++;
    t->slot[slot] = (int32_t)t->n;
    return 0;
}

int cameo_table_load_mem(cameo_table **out, const char *name, const char *data, size_t size,
                         casus_error *err)
{
    *out = NULL;
    cameo_table *t = calloc(1, sizeof *t);
    if (!t)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
    arena_init(&t->mem, 0);
    int rc = each_line(name, data, size, code_line, t, err);
    if (!rc && t->n == 0)
        rc = error_set(err, CASUS_EFORMAT, "%s: no codes", name);
    if (rc) {
        cameo_table_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

int cameo_table_load(cameo_table **out, const char *path, casus_error *err)
{
    char *data;
    size_t size;
    *out = NULL;
    int rc = edict_read_file(path, &data, &size, err);
    if (rc)
        return rc;
    rc = cameo_table_load_mem(out, path, data, size, err);
    free(data);
    return rc;
}

void cameo_table_free(cameo_table *t)
{
    if (!t)
        return;
    arena_finish(&t->mem);
    free(t->codes);
    free(t);
}

const cameo_code *cameo_lookup_n(const cameo_table *t, const char *code, size_t len)
{
    if (!t || !code)
        return NULL;
    long slot = code_slot(code, len);
    if (slot < 0 || !t->slot[slot])
        return NULL;
    return &t->codes[t->slot[slot] - 1];
}

const cameo_code *cameo_lookup(const cameo_table *t, const char *code)
{
    return code ? cameo_lookup_n(t, code, strnlen(code, 5)) : NULL;
}

size_t cameo_table_count(const cameo_table *t)
{
    return t ? t->n : 0;
}

const cameo_code *cameo_table_at(const cameo_table *t, size_t i)
{
    return t && i < t->n ? &t->codes[i] : NULL;
}

/* ---------------------------------------------------------------- actor units */

typedef struct unit {
    char code[4];
    const char *kind;
    const char *desc;
} unit;

struct cameo_units {
    arena mem;
    unit *u;
    size_t n, cap;
};

static int unit_line(void *ctx, const char *name, size_t line, const char *s, const char *end,
                     casus_error *err)
{
    cameo_units *t = ctx;
    const char *f[2];
    size_t fl[2];
    for (int i = 0; i < 2; i++)
        if (!(f[i] = field(&s, end, &fl[i])))
            return error_set(err, CASUS_EFORMAT, "%s:%zu: a unit line is CODE KIND DESCRIPTION",
                             name, line);
    int ok = fl[0] == 3;
    for (size_t i = 0; ok && i < 3; i++)
        ok = isupper((unsigned char)f[0][i]) || isdigit((unsigned char)f[0][i]);
    if (!ok)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: bad unit '%.*s' (3 capitals or digits)",
                         name, line, (int)fl[0], f[0]);
    if (t->n == t->cap) {
        size_t c = t->cap ? t->cap * 2 : 512;
        unit *q = realloc(t->u, c * sizeof *q);
        if (!q)
            return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
        t->u = q;
        t->cap = c;
    }
    unit *u = &t->u[t->n];
    memcpy(u->code, f[0], 3);
    u->code[3] = '\0';
    if (!(u->kind = arena_strndup(&t->mem, f[1], fl[1])))
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    if (!(u->desc = arena_strndup(&t->mem, s, (size_t)(end - s))))
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
    t->n++;
    return 0;
}

static int cmp_unit(const void *a, const void *b)
{
    return memcmp(((const unit *)a)->code, ((const unit *)b)->code, 3);
}

int cameo_units_load_mem(cameo_units **out, const char *name, const char *data, size_t size,
                         casus_error *err)
{
    *out = NULL;
    cameo_units *t = calloc(1, sizeof *t);
    if (!t)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
    arena_init(&t->mem, 0);
    int rc = each_line(name, data, size, unit_line, t, err);
    if (rc) {
        cameo_units_free(t);
        return rc;
    }
    if (t->n)
        qsort(t->u, t->n, sizeof *t->u, cmp_unit);
    for (size_t i = 1; i < t->n; i++)
        if (!cmp_unit(&t->u[i - 1], &t->u[i])) {
            rc = error_set(err, CASUS_EFORMAT, "%s: unit %s listed twice", name, t->u[i].code);
            cameo_units_free(t);
            return rc;
        }
    *out = t;
    return 0;
}

int cameo_units_load(cameo_units **out, const char *path, casus_error *err)
{
    char *data;
    size_t size;
    *out = NULL;
    int rc = edict_read_file(path, &data, &size, err);
    if (rc)
        return rc;
    rc = cameo_units_load_mem(out, path, data, size, err);
    free(data);
    return rc;
}

void cameo_units_free(cameo_units *u)
{
    if (!u)
        return;
    arena_finish(&u->mem);
    free(u->u);
    free(u);
}

static const unit *unit_find(const cameo_units *u, const char *s)
{
    if (!u || !s || u->n == 0)
        return NULL;
    unit key = {.kind = NULL, .desc = NULL};
    size_t len = strnlen(s, 3);
    if (len < 3)
        return NULL;
    memcpy(key.code, s, 3);
    key.code[3] = '\0';
    return bsearch(&key, u->u, u->n, sizeof *u->u, cmp_unit);
}

const char *cameo_unit_kind(const cameo_units *u, const char *s)
{
    const unit *hit = unit_find(u, s);
    return hit ? hit->kind : NULL;
}

const char *cameo_unit_desc(const cameo_units *u, const char *s)
{
    const unit *hit = unit_find(u, s);
    return hit ? hit->desc : NULL;
}

size_t cameo_units_count(const cameo_units *u)
{
    return u ? u->n : 0;
}
