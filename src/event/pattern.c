/*
 * pattern.c — reads the event pattern dictionary and compiles it into a
 * lemma index.
 *
 * Input: pattern files (dict/README.md, "Event dictionaries"): one record
 * per line — `verb`/`noun` patterns, sentence `discard` phrases, `mood`
 * words — fields split at blanks, `key=value` fields and bare flags in any
 * order. Output: an immutable pattern_set.
 *
 * Design: the files are part of the product, so the reader is strict (an
 * unknown role, code, flag or field is an error naming file:line) yet can
 * also run in check mode, where every bad line is reported through a
 * callback and skipped, so `casus dict check` lists all problems at once.
 * Every string lives in one arena. pattern_finish sorts one array of
 * (kind, lemma, pattern) rows — a pattern with several trigger lemmas has a
 * row for each — most specific first, and hashes each (kind, lemma) run
 * into an open-addressing table, so a coder's lookup is one hash and a
 * probe or two, with no allocation. Mood words share that table.
 * Duplicate and shadowed patterns are found by a canonical signature
 * (particle and sorted conditions) compared within each run.
 */
#include "event/pattern.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity/dict.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/files.h"
#include "util/utf8.h"

#define MAX_FIELDS 64
#define MAX_LIST 512  /* lemmas in one list */
#define MAX_ROLES 16  /* roles in src= or tgt= */
#define MAX_CONDS 16
#define MAX_WORD 64   /* bytes in a lemma, particle or preposition */
#define MAX_ID 96

static const char *const rel_names[PATTERN_N_RELS] = {
    "subj",     "subj-pass", "obj",   "iobj",  "agent", "obl",   "nmod",   "poss",
    "compound", "amod",      "appos", "xcomp", "ccomp", "advcl", "advmod", "up", "mod",
    "acl",
};

static const char *const mood_names[] = {"", "intent", "future", "conditional", "negation"};

enum { KIND_MOOD = 2 }; /* index rows beyond PATTERN_VERB / PATTERN_NOUN */

typedef struct mood_word {
    const char *lemma;
    uint8_t mood;
    const char *file;
    uint32_t line;
} mood_word;

typedef struct row {
    uint8_t kind;
    const char *lemma;
    const pattern *p; /* NULL for a mood row */
    uint8_t mood;
} row;

typedef struct bucket {
    const char *lemma; /* NULL: empty */
    uint8_t kind;
    uint32_t start, n; /* into idx; for a mood row start is the mood */
} bucket;

struct pattern_set {
    arena mem;
    const cameo_table *codes;
    pattern_report_fn report;
    void *report_ctx;
    size_t n_problems;

    pattern *pats;
    const char **sigs; /* canonical particle + conditions, per pattern */
    size_t n, cap;
    pattern_discard *disc;
    size_t n_disc, cap_disc;
    mood_word *moods;
    size_t n_moods, cap_moods;

    /* ids of patterns and discards: hash -> (is_discard << 31 | index) + 1 */
    uint32_t *ids;
    size_t ids_cap, n_ids;

    /* after finish */
    const pattern **idx;
    size_t n_idx;
    bucket *buckets;
    size_t n_buckets; /* a power of two */
    int finished;
};

/* ---------------------------------------------------------------- helpers */


static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* FNV-1a over the ASCII-folded bytes, mixed with kind. */
static uint32_t hash_word(int kind, const char *s, size_t n)
{
    uint32_t h = 2166136261u ^ (uint32_t)kind;
    for (size_t i = 0; i < n; i++) {
        h ^= lower((unsigned char)s[i]);
        h *= 16777619u;
    }
    return h;
}

/* s[0..n) equals the NUL-terminated lower-case w, ASCII case ignored. */
static int eq_fold(const char *s, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (!w[i] || lower((unsigned char)s[i]) != (unsigned char)w[i])
            return 0;
    return w[n] == '\0';
}

static uint32_t hash_str(const char *s, size_t n)
{
    return hash_word(0, s, n);
}

/*
 * A bad line: in check mode reported and counted (returns 1: skip the
 * line), otherwise CASUS_EFORMAT with the message in err.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int problem(pattern_set *s, casus_error *err, const char *fmt, ...)
{
    casus_error e;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    e.code = CASUS_EFORMAT;
    if (s->report) {
        s->report(s->report_ctx, e.msg);
        s->n_problems++;
        return 1;
    }
    if (err)
        *err = e;
    return CASUS_EFORMAT;
}

static int nomem(casus_error *err, const char *name)
{
    return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
}

/* A field of the line being read. */
typedef struct fld {
    const char *s;
    size_t n;
} fld;

/* A lower-cased copy of s[0..n) in the arena (ASCII folded). */
static const char *copy_lower(pattern_set *s, const char *w, size_t n)
{
    char *c = arena_strndup(&s->mem, w, n);
    if (c)
        for (size_t i = 0; i < n; i++)
            c[i] = (char)lower((unsigned char)c[i]);
    return c;
}

/* ---------------------------------------------------------------- ids */

static int ids_rehash(pattern_set *s, size_t cap)
{
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t)
        return CASUS_ENOMEM;
    for (size_t i = 0; i < s->ids_cap; i++) {
        uint32_t v = s->ids[i];
        if (!v)
            continue;
        uint32_t k = v - 1;
        const char *id = (k >> 31) ? s->disc[k & 0x7fffffffu].id : s->pats[k].id;
        size_t j = hash_str(id, strlen(id)) & (cap - 1);
        while (t[j])
            j = (j + 1) & (cap - 1);
        t[j] = v;
    }
    free(s->ids);
    s->ids = t;
    s->ids_cap = cap;
    return 0;
}

/* The file:line of an id already loaded, or 0 (then *slot is where it goes). */
static int id_find(const pattern_set *s, const char *id, size_t n, const char **file,
                   uint32_t *line, size_t *slot)
{
    if (!s->ids_cap)
        return 0;
    size_t j = hash_str(id, n) & (s->ids_cap - 1);
    while (s->ids[j]) {
        uint32_t k = s->ids[j] - 1;
        const char *other;
        if (k >> 31) {
            other = s->disc[k & 0x7fffffffu].id;
            *file = s->disc[k & 0x7fffffffu].file;
            *line = s->disc[k & 0x7fffffffu].line;
        } else {
            other = s->pats[k].id;
            *file = s->pats[k].file;
            *line = s->pats[k].line;
        }
        if (strlen(other) == n && !memcmp(other, id, n))
            return 1;
        j = (j + 1) & (s->ids_cap - 1);
    }
    if (slot)
        *slot = j;
    return 0;
}

static int id_add(pattern_set *s, const char *id, uint32_t value)
{
    if ((s->n_ids + 1) * 2 > s->ids_cap) {
        int rc = ids_rehash(s, s->ids_cap ? s->ids_cap * 2 : 256);
        if (rc)
            return rc;
    }
    size_t j = hash_str(id, strlen(id)) & (s->ids_cap - 1);
    while (s->ids[j])
        j = (j + 1) & (s->ids_cap - 1);
    s->ids[j] = value + 1;
    s->n_ids++;
    return 0;
}

/* Checks an id's spelling and that it is new; 0, 1 (reported) or an error. */
static int check_id(pattern_set *s, const char *name, size_t line, fld f, casus_error *err)
{
    int ok = f.n > 0 && f.n <= MAX_ID;
    for (size_t i = 0; ok && i < f.n; i++) {
        char c = f.s[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
             c == '_';
    }
    if (!ok)
        return problem(s, err, "%s:%zu: bad id '%.*s' (lower-case letters, digits, '.', '-', '_')",
                       name, line, (int)(f.n > MAX_ID ? MAX_ID : f.n), f.s);
    const char *file;
    uint32_t l;
    if (id_find(s, f.s, f.n, &file, &l, NULL))
        return problem(s, err, "%s:%zu: duplicate id '%.*s' (first at %s:%u)", name, line,
                       (int)f.n, f.s, file, l);
    return 0;
}

/* ---------------------------------------------------------------- fields */

/* A lemma list "a,b,c": lower-cased copies into out[] (arena), *n. */
static int parse_list(pattern_set *s, const char *name, size_t line, const char *what,
                      const char *v, size_t vn, const char ***out, uint32_t *n, casus_error *err)
{
    const char *tmp[MAX_LIST];
    uint32_t k = 0;
    const char *p = v, *end = v + vn;
    while (1) {
        const char *c = memchr(p, ',', (size_t)(end - p));
        const char *e = c ? c : end;
        size_t len = (size_t)(e - p);
        if (len == 0)
            return problem(s, err, "%s:%zu: empty word in %s list", name, line, what);
        if (len > MAX_WORD)
            return problem(s, err, "%s:%zu: word over %d bytes in %s list", name, line, MAX_WORD,
                           what);
        if (memchr(p, '=', len) || memchr(p, '|', len))
            return problem(s, err, "%s:%zu: '%.*s' in %s list: words are separated by ','",
                           name, line, (int)len, p, what);
        if (k == MAX_LIST)
            return problem(s, err, "%s:%zu: over %d words in %s list", name, line, MAX_LIST, what);
        if (!(tmp[k++] = copy_lower(s, p, len)))
            return nomem(err, name);
        if (!c)
            break;
        p = c + 1;
    }
    const char **a = arena_array(&s->mem, k, sizeof *a);
    if (!a)
        return nomem(err, name);
    memcpy(a, tmp, k * sizeof *a);
    *out = a;
    *n = k;
    return 0;
}

static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || c == '_' || c == '\'';
}

/* One role path "obl:from/nmod:with"; returns 0, 1 (reported) or an error. */
static int parse_role(pattern_set *s, const char *name, size_t line, const char *v, size_t vn,
                      pattern_role *r, casus_error *err)
{
    memset(r, 0, sizeof *r);
    const char *p = v, *end = v + vn;
    while (1) {
        const char *sl = memchr(p, '/', (size_t)(end - p));
        const char *e = sl ? sl : end;
        const char *colon = memchr(p, ':', (size_t)(e - p));
        const char *ne = colon ? colon : e;
        int rel = -1;
        for (int i = 0; i < PATTERN_N_RELS; i++)
            if ((size_t)(ne - p) == strlen(rel_names[i]) &&
                !memcmp(p, rel_names[i], (size_t)(ne - p)))
                rel = i;
        if (rel < 0)
            return problem(s, err, "%s:%zu: unknown role '%.*s'", name, line, (int)vn, v);
        if (r->n_steps == PATTERN_MAX_STEPS)
            return problem(s, err, "%s:%zu: role '%.*s' has over %d steps", name, line, (int)vn, v,
                           PATTERN_MAX_STEPS);
        pattern_step *st = &r->steps[r->n_steps++];
        st->rel = (uint8_t)rel;
        st->prep = NULL;
        if (colon) {
            size_t pl = (size_t)(e - colon - 1);
            int ok = (rel == PATTERN_OBL || rel == PATTERN_NMOD) && pl > 0 && pl <= MAX_WORD &&
                     colon[1] != '_' && e[-1] != '_';
            for (size_t i = 0; ok && i < pl; i++)
                ok = is_word_char(colon[1 + i]);
            if (!ok)
                return problem(s, err, "%s:%zu: unknown role '%.*s' (only obl and nmod take "
                               ":preposition, in lower case)",
                               name, line, (int)vn, v);
            char *prep = arena_strndup(&s->mem, colon + 1, pl);
            if (!prep)
                return nomem(err, name);
            for (char *q = prep; *q; q++)
                if (*q == '_')
                    *q = ' ';
            st->prep = prep;
        }
        if (!sl)
            break;
        p = sl + 1;
    }
    return 0;
}

/* A comma list of roles into a new arena array. */
static int parse_roles(pattern_set *s, const char *name, size_t line, const char *v, size_t vn,
                       const pattern_role **out, uint32_t *n, casus_error *err)
{
    pattern_role tmp[MAX_ROLES];
    uint32_t k = 0;
    const char *p = v, *end = v + vn;
    while (1) {
        const char *c = memchr(p, ',', (size_t)(end - p));
        const char *e = c ? c : end;
        if (e == p)
            return problem(s, err, "%s:%zu: empty role in list", name, line);
        if (k == MAX_ROLES)
            return problem(s, err, "%s:%zu: over %d roles in a list", name, line, MAX_ROLES);
        int rc = parse_role(s, name, line, p, (size_t)(e - p), &tmp[k++], err);
        if (rc)
            return rc;
        if (!c)
            break;
        p = c + 1;
    }
    pattern_role *a = arena_array(&s->mem, k, sizeof *a);
    if (!a)
        return nomem(err, name);
    memcpy(a, tmp, k * sizeof *a);
    *out = a;
    *n = k;
    return 0;
}

/* A CAMEO code field; "-" gives NULL when allow_none. */
static int parse_code(pattern_set *s, const char *name, size_t line, fld f, int allow_none,
                      const char **code, const cameo_code **crow, casus_error *err)
{
    *code = NULL;
    *crow = NULL;
    if (allow_none && f.n == 1 && f.s[0] == '-')
        return 0;
    int digits = f.n >= 2 && f.n <= 4;
    for (size_t i = 0; digits && i < f.n; i++)
        digits = f.s[i] >= '0' && f.s[i] <= '9';
    if (!digits)
        return problem(s, err, "%s:%zu: bad CAMEO code '%.*s' (2 to 4 digits%s)", name, line,
                       (int)(f.n > 16 ? 16 : f.n), f.s, allow_none ? ", or - for none" : "");
    if (s->codes && !(*crow = cameo_lookup_n(s->codes, f.s, f.n)))
        return problem(s, err, "%s:%zu: unknown CAMEO code '%.*s'", name, line, (int)f.n, f.s);
    if (!(*code = arena_strndup(&s->mem, f.s, f.n)))
        return nomem(err, name);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The canonical text of a pattern's trigger constraints. */
static int signature(pattern_set *s, pattern *p, const char *name, casus_error *err)
{
    buf b;
    buf_init(&b, 0);
    char role[256];
    const char *items[MAX_CONDS];
    char *cond_txt[MAX_CONDS] = {0};
    int rc = buf_puts(&b, p->prt ? p->prt : "-");
    for (uint32_t i = 0; !rc && i < p->n_conds; i++) {
        const pattern_cond *c = &p->conds[i];
        buf cb;
        buf_init(&cb, 0);
        pattern_role_format(&c->role, role, sizeof role);
        rc = buf_puts(&cb, role);
        static const char *const ops[] = {"=", "!=", "=*", "=-"};
        if (!rc)
            rc = buf_puts(&cb, ops[c->op]);
        if (!rc && c->n_lemmas) {
            const char **l = malloc(c->n_lemmas * sizeof *l);
            if (!l)
                rc = CASUS_ENOMEM;
            else {
                memcpy(l, c->lemmas, c->n_lemmas * sizeof *l);
                qsort(l, c->n_lemmas, sizeof *l, cmp_str);
                for (uint32_t k = 0; !rc && k < c->n_lemmas; k++)
                    if (k == 0 || strcmp(l[k], l[k - 1]))
                        rc = buf_puts(&cb, l[k]) || buf_putc(&cb, ',');
                free(l);
            }
        }
        cond_txt[i] = rc ? NULL : buf_take(&cb, NULL);
        buf_finish(&cb);
        if (!rc && !cond_txt[i])
            rc = CASUS_ENOMEM;
        items[i] = cond_txt[i];
    }
    if (!rc) {
        qsort(items, p->n_conds, sizeof *items, cmp_str);
        for (uint32_t i = 0; !rc && i < p->n_conds; i++)
            rc = buf_putc(&b, ' ') || buf_puts(&b, items[i]);
    }
    for (uint32_t i = 0; i < p->n_conds; i++)
        free(cond_txt[i]);
    if (!rc && !(s->sigs[s->n] = arena_strndup(&s->mem, b.data ? b.data : "", b.len)))
        rc = CASUS_ENOMEM;
    buf_finish(&b);
    return rc ? nomem(err, name) : 0;
}

/* ---------------------------------------------------------------- lines */

static int read_pattern(pattern_set *s, const char *name, const char *file, size_t line,
                        const fld *f, size_t nf, casus_error *err)
{
    if (nf < 4)
        return problem(s, err, "%s:%zu: a pattern is KIND ID CODE LEMMA[,LEMMA...] [FIELD...]",
                       name, line);
    int rc = check_id(s, name, line, f[1], err);
    if (rc)
        return rc;
    pattern p;
    memset(&p, 0, sizeof p);
    p.kind = f[0].s[0] == 'v' ? PATTERN_VERB : PATTERN_NOUN;
    if ((rc = parse_code(s, name, line, f[2], 1, &p.code, &p.cameo, err)))
        return rc;
    const char **lemmas;
    if ((rc = parse_list(s, name, line, "trigger", f[3].s, f[3].n, &lemmas, &p.n_lemmas, err)))
        return rc;
    p.lemmas = lemmas;
    p.lemma = lemmas[0];
    pattern_cond conds[MAX_CONDS];
    int have_src = 0, have_tgt = 0;
    for (size_t i = 4; i < nf; i++) {
        const char *v = f[i].s;
        size_t n = f[i].n;
        const char *eq = memchr(v, '=', n);
        if (!eq) {
            if (n == 10 && !memcmp(v, "reciprocal", 10))
                p.flags |= PATTERN_F_RECIPROCAL;
            else if (n == 4 && !memcmp(v, "weak", 4))
                p.flags |= PATTERN_F_WEAK;
            else
                return problem(s, err, "%s:%zu: unknown flag '%.*s' (reciprocal, weak, or "
                               "KEY=VALUE)", name, line, (int)(n > 64 ? 64 : n), v);
            continue;
        }
        int neg = eq > v && eq[-1] == '!';
        size_t kn = (size_t)(eq - v) - (size_t)neg;
        const char *val = eq + 1;
        size_t vn = n - (size_t)(val - v);
        if (kn == 0 || vn == 0)
            return problem(s, err, "%s:%zu: '%.*s': KEY=VALUE with neither empty", name, line,
                           (int)(n > 64 ? 64 : n), v);
#define KEY(k) (kn == sizeof(k) - 1 && !memcmp(v, k, kn))
        if (!neg && (KEY("src") || KEY("tgt"))) {
            int *have = KEY("src") ? &have_src : &have_tgt;
            if (*have)
                return problem(s, err, "%s:%zu: %.*s= given twice", name, line, (int)kn, v);
            *have = 1;
            if (KEY("tgt") && vn == 1 && val[0] == '-')
                continue; /* explicitly no target */
            rc = KEY("src") ? parse_roles(s, name, line, val, vn, &p.src, &p.n_src, err)
                            : parse_roles(s, name, line, val, vn, &p.tgt, &p.n_tgt, err);
            if (rc)
                return rc;
        } else if (!neg && KEY("prt")) {
            int ok = !p.prt && vn <= MAX_WORD;
            for (size_t k = 0; ok && k < vn; k++)
                ok = is_word_char(val[k]) && val[k] != '_';
            if (!ok)
                return problem(s, err, "%s:%zu: bad particle '%.*s' (one lower-case word, once)",
                               name, line, (int)(vn > 64 ? 64 : vn), val);
            if (!(p.prt = arena_strndup(&s->mem, val, vn)))
                return nomem(err, name);
        } else if (!neg && KEY("intent")) {
            if (p.intent)
                return problem(s, err, "%s:%zu: intent= given twice", name, line);
            fld cf = {val, vn};
            if ((rc = parse_code(s, name, line, cf, 0, &p.intent, &p.intent_cameo, err)))
                return rc;
        } else if (!neg && KEY("reverse")) {
            if (p.reverse)
                return problem(s, err, "%s:%zu: reverse= given twice (or with reciprocal)", name,
                               line);
            fld cf = {val, vn};
            if ((rc = parse_code(s, name, line, cf, 0, &p.reverse, &p.reverse_cameo, err)))
                return rc;
        } else {
            if (p.n_conds == MAX_CONDS)
                return problem(s, err, "%s:%zu: over %d conditions", name, line, MAX_CONDS);
            pattern_cond *c = &conds[p.n_conds];
            memset(c, 0, sizeof *c);
            if ((rc = parse_role(s, name, line, v, kn, &c->role, err)))
                return rc;
            if (vn == 1 && (val[0] == '*' || val[0] == '-')) {
                if (neg)
                    return problem(s, err, "%s:%zu: '%.*s': != takes words, not * or -", name,
                                   line, (int)n, v);
                c->op = val[0] == '*' ? PATTERN_ANY : PATTERN_NONE;
            } else {
                c->op = neg ? PATTERN_NOT : PATTERN_HAS;
                const char **l;
                if ((rc = parse_list(s, name, line, "condition", val, vn, &l, &c->n_lemmas, err)))
                    return rc;
                c->lemmas = l;
            }
            p.n_conds++;
        }
#undef KEY
    }
    if (p.code && !have_src)
        return problem(s, err, "%s:%zu: pattern '%.*s' needs src=ROLE[,ROLE...]", name, line,
                       (int)f[1].n, f[1].s);
    if (p.flags & PATTERN_F_RECIPROCAL) {
        if (p.reverse)
            return problem(s, err, "%s:%zu: reciprocal and reverse= together", name, line);
        if (!p.code || !p.n_tgt)
            return problem(s, err, "%s:%zu: reciprocal needs a code and tgt=", name, line);
        p.reverse = p.code;
        p.reverse_cameo = p.cameo;
    }
    if (p.reverse && (!p.code || !p.n_tgt))
        return problem(s, err, "%s:%zu: reverse= needs a code and tgt=", name, line);
    if (p.n_conds) {
        pattern_cond *a = arena_array(&s->mem, p.n_conds, sizeof *a);
        if (!a)
            return nomem(err, name);
        memcpy(a, conds, p.n_conds * sizeof *a);
        p.conds = a;
    }
    if (!(p.id = arena_strndup(&s->mem, f[1].s, f[1].n)))
        return nomem(err, name);
    p.file = file;
    p.line = (uint32_t)line;
    p.specificity = p.prt ? 2 : 0;
    for (uint32_t i = 0; i < p.n_conds; i++)
        p.specificity += conds[i].op == PATTERN_HAS ? 2 : 1;
    size_t old_cap = s->cap;
    if (array_grow((void **)&s->pats, &s->cap, s->n + 1, sizeof *s->pats))
        return nomem(err, name);
    if (s->cap != old_cap || !s->sigs) { /* sigs keeps the capacity of pats */
        const char **sigs = realloc(s->sigs, s->cap * sizeof *sigs);
        if (!sigs) {
            s->cap = old_cap;
            return nomem(err, name);
        }
        s->sigs = sigs;
    }
    p.index = (uint32_t)s->n;
    if ((rc = signature(s, &p, name, err)))
        return rc;
    s->pats[s->n] = p;
    if (id_add(s, p.id, (uint32_t)s->n))
        return nomem(err, name);
    s->n++;
    return 0;
}

static int read_discard(pattern_set *s, const char *name, const char *file, size_t line,
                        const fld *f, size_t nf, casus_error *err)
{
    if (nf < 3)
        return problem(s, err, "%s:%zu: a discard is discard ID WORD [WORD...]", name, line);
    int rc = check_id(s, name, line, f[1], err);
    if (rc)
        return rc;
    pattern_discard d;
    memset(&d, 0, sizeof d);
    const char **w = arena_array(&s->mem, nf - 2, sizeof *w);
    if (!w || !(d.id = arena_strndup(&s->mem, f[1].s, f[1].n)))
        return nomem(err, name);
    for (size_t i = 2; i < nf; i++) {
        if (f[i].n > MAX_WORD)
            return problem(s, err, "%s:%zu: word over %d bytes", name, line, MAX_WORD);
        if (!(w[i - 2] = copy_lower(s, f[i].s, f[i].n)))
            return nomem(err, name);
    }
    d.words = w;
    d.n_words = (uint32_t)(nf - 2);
    d.file = file;
    d.line = (uint32_t)line;
    if (array_grow((void **)&s->disc, &s->cap_disc, s->n_disc + 1, sizeof *s->disc))
        return nomem(err, name);
    s->disc[s->n_disc] = d;
    if (id_add(s, d.id, (uint32_t)s->n_disc | 0x80000000u))
        return nomem(err, name);
    s->n_disc++;
    return 0;
}

static int read_mood(pattern_set *s, const char *name, const char *file, size_t line,
                     const fld *f, size_t nf, casus_error *err)
{
    if (nf != 3)
        return problem(s, err, "%s:%zu: a mood line is mood KIND LEMMA[,LEMMA...]", name, line);
    int mood = 0;
    for (int i = 1; i < (int)(sizeof mood_names / sizeof *mood_names); i++)
        if (f[1].n == strlen(mood_names[i]) && !memcmp(f[1].s, mood_names[i], f[1].n))
            mood = i;
    if (!mood)
        return problem(s, err,
                       "%s:%zu: unknown mood '%.*s' (intent, future, conditional, negation)", name,
                       line, (int)(f[1].n > 32 ? 32 : f[1].n), f[1].s);
    const char **l;
    uint32_t n;
    int rc = parse_list(s, name, line, "mood", f[2].s, f[2].n, &l, &n, err);
    if (rc)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        for (size_t k = 0; k < s->n_moods; k++)
            if (!strcmp(s->moods[k].lemma, l[i]))
                return problem(s, err, "%s:%zu: mood word '%s' already listed at %s:%u", name,
                               line, l[i], s->moods[k].file, s->moods[k].line);
        if (array_grow((void **)&s->moods, &s->cap_moods, s->n_moods + 1, sizeof *s->moods))
            return nomem(err, name);
        mood_word *m = &s->moods[s->n_moods++];
        m->lemma = l[i];
        m->mood = (uint8_t)mood;
        m->file = file;
        m->line = (uint32_t)line;
    }
    return 0;
}

/* ---------------------------------------------------------------- loading */

int pattern_set_new(pattern_set **out, const cameo_table *codes, casus_error *err)
{
    *out = NULL;
    pattern_set *s = calloc(1, sizeof *s);
    if (!s)
        return error_set(err, CASUS_ENOMEM, "patterns: out of memory");
    arena_init(&s->mem, 0);
    s->codes = codes;
    *out = s;
    return 0;
}

void pattern_set_free(pattern_set *s)
{
    if (!s)
        return;
    arena_finish(&s->mem);
    free(s->pats);
    free(s->sigs);
    free(s->disc);
    free(s->moods);
    free(s->ids);
    free(s->idx);
    free(s->buckets);
    free(s);
}

void pattern_set_report(pattern_set *s, pattern_report_fn report, void *ctx)
{
    s->report = report;
    s->report_ctx = ctx;
}

size_t pattern_n_problems(const pattern_set *s)
{
    return s ? s->n_problems : 0;
}

int pattern_load_mem(pattern_set *s, const char *name, const char *data, size_t size,
                     casus_error *err)
{
    if (s->finished)
        return error_set(err, CASUS_EINVAL, "%s: pattern set already finished", name);
    const char *file = arena_strndup(&s->mem, name, strlen(name));
    if (!file)
        return nomem(err, name);
    size_t line = 0;
    const char *p = data, *stop = data + size;
    while (p < stop) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(stop - p));
        const char *e = nl ? nl : stop;
        const char *next = nl ? nl + 1 : stop;
        const char *b = p;
        p = next;
        if (e > b && e[-1] == '\r')
            e--;
        int rc = 0;
        if (memchr(b, '\0', (size_t)(e - b)))
            rc = problem(s, err, "%s:%zu: NUL byte", name, line);
        else if (!utf8_valid(b, (size_t)(e - b)))
            rc = problem(s, err, "%s:%zu: not valid UTF-8", name, line);
        if (rc == 1)
            continue;
        if (rc)
            return rc;
        fld f[MAX_FIELDS];
        size_t nf = 0;
        const char *q = b;
        int too_many = 0;
        while (1) {
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            if (q == e || *q == '#')
                break;
            const char *w = q;
            while (q < e && *q != ' ' && *q != '\t')
                q++;
            if (nf == MAX_FIELDS) {
                too_many = 1;
                break;
            }
            f[nf].s = w;
            f[nf].n = (size_t)(q - w);
            nf++;
        }
        if (nf == 0)
            continue;
        if (too_many)
            rc = problem(s, err, "%s:%zu: over %d fields", name, line, MAX_FIELDS);
        else if ((f[0].n == 4 && !memcmp(f[0].s, "verb", 4)) ||
                 (f[0].n == 4 && !memcmp(f[0].s, "noun", 4)))
            rc = read_pattern(s, name, file, line, f, nf, err);
        else if (f[0].n == 7 && !memcmp(f[0].s, "discard", 7))
            rc = read_discard(s, name, file, line, f, nf, err);
        else if (f[0].n == 4 && !memcmp(f[0].s, "mood", 4))
            rc = read_mood(s, name, file, line, f, nf, err);
        else
            rc = problem(s, err, "%s:%zu: unknown line kind '%.*s' (verb, noun, discard, mood)",
                         name, line, (int)(f[0].n > 32 ? 32 : f[0].n), f[0].s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int pattern_load_file(pattern_set *s, const char *path, casus_error *err)
{
    char *data;
    size_t size;
    int rc = edict_read_file(path, &data, &size, err);
    if (rc)
        return rc;
    rc = pattern_load_mem(s, path, data, size, err);
    free(data);
    return rc;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_one(void *ctx, const char *path, casus_error *err)
{
    return pattern_load_file(ctx, path, err);
}

int pattern_load_dir(pattern_set *s, const char *dir, casus_error *err)
{
    return files_each_txt(dir, cmp_name, load_one, s, err);
}

/* ---------------------------------------------------------------- index */

static int cmp_row(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    int c = strcmp(x->lemma, y->lemma);
    if (c)
        return c;
    if (!x->p || !y->p)
        return 0;
    if (x->p->specificity != y->p->specificity)
        return x->p->specificity > y->p->specificity ? -1 : 1;
    return x->p->index < y->p->index ? -1 : x->p->index > y->p->index;
}

int pattern_finish(pattern_set *s, casus_error *err)
{
    if (s->finished)
        return error_set(err, CASUS_EINVAL, "patterns: already finished");
    size_t n_rows = s->n_moods;
    for (size_t i = 0; i < s->n; i++)
        n_rows += s->pats[i].n_lemmas;
    row *rows = calloc(n_rows ? n_rows : 1, sizeof *rows);
    s->idx = calloc(n_rows ? n_rows : 1, sizeof *s->idx);
    size_t nb = 16;
    while (nb < n_rows * 2 + 16)
        nb *= 2;
    s->buckets = calloc(nb, sizeof *s->buckets);
    if (!rows || !s->idx || !s->buckets) {
        free(rows);
        return error_set(err, CASUS_ENOMEM, "patterns: out of memory");
    }
    s->n_buckets = nb;
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        for (uint32_t j = 0; j < s->pats[i].n_lemmas; j++)
            rows[k++] = (row){s->pats[i].kind, s->pats[i].lemmas[j], &s->pats[i], 0};
    for (size_t i = 0; i < s->n_moods; i++)
        rows[k++] = (row){KIND_MOOD, s->moods[i].lemma, NULL, s->moods[i].mood};
    qsort(rows, n_rows, sizeof *rows, cmp_row);
    for (size_t i = 0; i < n_rows;) {
        size_t j = i;
        while (j < n_rows && rows[j].kind == rows[i].kind && !strcmp(rows[j].lemma, rows[i].lemma))
            j++;
        /* the same pattern listing a lemma twice gets one row */
        size_t start = s->n_idx;
        for (size_t r = i; r < j; r++)
            if (rows[r].p && (s->n_idx == start || s->idx[s->n_idx - 1] != rows[r].p))
                s->idx[s->n_idx++] = rows[r].p;
        size_t h = hash_word(rows[i].kind, rows[i].lemma, strlen(rows[i].lemma)) & (nb - 1);
        while (s->buckets[h].lemma)
            h = (h + 1) & (nb - 1);
        bucket *bk = &s->buckets[h];
        bk->lemma = rows[i].lemma;
        bk->kind = rows[i].kind;
        if (rows[i].kind == KIND_MOOD) {
            bk->start = rows[i].mood;
            bk->n = 0;
        } else {
            bk->start = (uint32_t)start;
            bk->n = (uint32_t)(s->n_idx - start);
        }
        i = j;
    }
    free(rows);
    s->finished = 1;
    return 0;
}

static const bucket *find_bucket(const pattern_set *s, int kind, const char *lemma, size_t len)
{
    if (!s || !s->finished || !lemma)
        return NULL;
    size_t h = hash_word(kind, lemma, len) & (s->n_buckets - 1);
    while (s->buckets[h].lemma) {
        const bucket *b = &s->buckets[h];
        if (b->kind == kind && eq_fold(lemma, len, b->lemma))
            return b;
        h = (h + 1) & (s->n_buckets - 1);
    }
    return NULL;
}

const pattern *const *pattern_find_n(const pattern_set *s, pattern_kind kind, const char *lemma,
                                     size_t len, size_t *n)
{
    const bucket *b = (kind == PATTERN_VERB || kind == PATTERN_NOUN)
                          ? find_bucket(s, (int)kind, lemma, len)
                          : NULL;
    if (!b || !b->n) {
        *n = 0;
        return NULL;
    }
    *n = b->n;
    return s->idx + b->start;
}

const pattern *const *pattern_find(const pattern_set *s, pattern_kind kind, const char *lemma,
                                   size_t *n)
{
    return pattern_find_n(s, kind, lemma, lemma ? strlen(lemma) : 0, n);
}

pattern_mood_kind pattern_mood(const pattern_set *s, const char *lemma)
{
    const bucket *b = lemma ? find_bucket(s, KIND_MOOD, lemma, strlen(lemma)) : NULL;
    return b ? (pattern_mood_kind)b->start : PATTERN_MOOD_NONE;
}

const pattern_discard *pattern_discards(const pattern_set *s, size_t *n)
{
    *n = s ? s->n_disc : 0;
    return s ? s->disc : NULL;
}

size_t pattern_count(const pattern_set *s)
{
    return s ? s->n : 0;
}

const pattern *pattern_at(const pattern_set *s, size_t i)
{
    return s && i < s->n ? &s->pats[i] : NULL;
}

const pattern *pattern_by_id(const pattern_set *s, const char *id)
{
    if (!s || !id || !s->ids_cap)
        return NULL;
    size_t n = strlen(id);
    size_t j = hash_str(id, n) & (s->ids_cap - 1);
    while (s->ids[j]) {
        uint32_t k = s->ids[j] - 1;
        if (!(k >> 31) && !strcmp(s->pats[k].id, id))
            return &s->pats[k];
        j = (j + 1) & (s->ids_cap - 1);
    }
    return NULL;
}

/* ---------------------------------------------------------------- check */

size_t pattern_check(const pattern_set *s, pattern_report_fn report, void *ctx)
{
    if (!s || !s->finished)
        return 0;
    size_t found = 0;
    char msg[CASUS_ERROR_MSG_MAX];
    for (size_t i = 0; i < s->n; i++) {
        const pattern *p = &s->pats[i];
        const pattern *q = NULL;
        const char *lemma = NULL;
        for (uint32_t j = 0; j < p->n_lemmas && !q; j++) {
            size_t n;
            const pattern *const *run = pattern_find(s, (pattern_kind)p->kind, p->lemmas[j], &n);
            for (size_t r = 0; r < n && run[r] != p; r++)
                if (run[r]->specificity == p->specificity &&
                    !strcmp(s->sigs[run[r]->index], s->sigs[p->index])) {
                    q = run[r];
                    lemma = p->lemmas[j];
                    break;
                }
        }
        if (!q)
            continue;
        found++;
        if (!report)
            continue;
        int same = (!p->code && !q->code) || (p->code && q->code && !strcmp(p->code, q->code));
        if (same)
            snprintf(msg, sizeof msg,
                     "%s:%u: duplicate pattern '%s': %s '%s' with these conditions is already "
                     "'%s' (%s:%u)",
                     p->file, p->line, p->id, p->kind == PATTERN_VERB ? "verb" : "noun", lemma,
                     q->id, q->file, q->line);
        else
            snprintf(msg, sizeof msg,
                     "%s:%u: unreachable pattern '%s' (%s): %s '%s' with these conditions is "
                     "shadowed by '%s' (%s, %s:%u)",
                     p->file, p->line, p->id, p->code ? p->code : "-",
                     p->kind == PATTERN_VERB ? "verb" : "noun", lemma, q->id,
                     q->code ? q->code : "-", q->file, q->line);
        report(ctx, msg);
    }
    return found;
}

const char *pattern_rel_name(pattern_rel r)
{
    return (unsigned)r < PATTERN_N_RELS ? rel_names[r] : "?";
}

void pattern_role_format(const pattern_role *r, char *out, size_t size)
{
    size_t len = 0;
    if (size == 0)
        return;
    out[0] = '\0';
    for (uint8_t i = 0; i < r->n_steps && i < PATTERN_MAX_STEPS; i++) {
        const pattern_step *st = &r->steps[i];
        int w = snprintf(out + len, size - len, "%s%s%s", i ? "/" : "",
                         pattern_rel_name((pattern_rel)st->rel), st->prep ? ":" : "");
        if (w < 0 || (size_t)w >= size - len)
            return;
        len += (size_t)w;
        for (const char *c = st->prep; c && *c && len + 1 < size; c++)
            out[len++] = *c == ' ' ? '_' : *c;
        out[len] = '\0';
    }
}
