/*
 * dict.c — the actor dictionary: entries, the casus text format, and the
 * phrase matcher.
 *
 * Input: casus-format dictionary files (dict/README.md) and, through
 * petrarch.c, PETRARCH actor and agent files; both go through the same
 * builder (edict_begin / edict_add_name / edict_add_role / edict_end).
 * Output: an immutable table that answers "which dictionary phrase starts
 * at word i" for a sentence's normalised words.
 *
 * Design: a phrase is split into words with the text layer's own
 * tokeniser, so a name matches exactly the words the tokeniser produces for
 * it in running text ("U.S." stays one word, "Kim Jong Un's" ends in "'s").
 * Each word is case-folded and interned to an integer id; phrases form a
 * trie whose edges live in one open-addressing hash table keyed by (node,
 * word id). A match walks the trie from word i, one fold and two hash
 * probes per word, with no allocation, and stops at the first word that is
 * not a dictionary word — which for most words of a sentence is the first.
 *
 * Case: a phrase matches case-insensitively unless it is case-sensitive (an
 * "=" in the file, a short all-caps acronym, or a single word from a
 * PETRARCH file); then each of its words written all in capitals needs a
 * text word without lower-case letters, and each capitalised word a
 * capitalised text word. A trie node keeps its case-sensitive spellings as
 * separate variants, each with its entries merged with the node's
 * case-insensitive ones, so a match returns one ready array.
 *
 * Tuned for loading the whole dict/ (some 150,000 names) in a fraction of a
 * second: strings go to pooled blocks, the tokeniser's scratch arena is
 * reused, and the per-node variant arrays are built once, by sorting, in
 * edict_finish.
 */
#include "entity/dict.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/files.h"
#include "util/utf8.h"

#define EDICT_MAX_WORDS 32     /* longest phrase, in words */
#define EDICT_MAX_WORD 128     /* longest word, in bytes after folding */
#define EDICT_MAX_NAME 1024    /* longest name, in bytes */
#define EDICT_MAX_FILE ((size_t)256 << 20)

enum {
    CASE_AUTO = EDICT_CASE_AUTO,
    CASE_SENSITIVE = EDICT_CASE_SENSITIVE,
    CASE_FOLD = EDICT_CASE_FOLD
};

typedef struct vocab_slot {
    uint32_t hash;
    uint32_t id; /* 0: empty */
} vocab_slot;

typedef struct edge_slot {
    uint64_t key; /* (node << 32 | word id); word ids start at 1, so 0 is empty */
    uint32_t child;
} edge_slot;

typedef struct payload {
    uint32_t node;
    uint32_t entry;
    const char *spell; /* case-sensitive spelling (words joined by ' '), or NULL */
} payload;

typedef struct variant {
    const char *spell; /* NULL: case-insensitive */
    const edict_entry **ents;
    uint32_t n;
} variant;

typedef struct pending_name {
    uint32_t off; /* into the name buffer */
    uint32_t len;
    int mode;
} pending_name;

struct edict {
    arena mem;  /* strings, roles, entry arrays: lives as long as d */
    arena tmp;  /* tokeniser scratch, reset now and then */
    char *pool; /* current string block in mem */
    size_t pool_left;

    edict_entry *ent;
    size_t n_ent, cap_ent;
    uint32_t *ent_hash; /* dedup table: entry index + 1, 0 empty */
    size_t ent_hash_cap;

    /* vocabulary: folded words -> ids 1.. */
    vocab_slot *vocab;
    size_t vocab_cap;
    const char **words; /* id -> folded word */
    uint32_t *word_len;
    size_t n_words, cap_words, cap_word_len;

    edge_slot *edges;
    size_t edges_cap, n_edges;
    uint32_t n_nodes;

    payload *pay;
    size_t n_pay, cap_pay;

    /* after finish */
    uint32_t *node_var; /* node -> first variant; node_var[n_nodes] = end */
    variant *var;
    size_t n_var;
    int finished;

    /* the entry being built */
    int building;
    edict_entry cur;
    edict_role *roles;
    size_t n_roles, cap_roles;
    buf names;
    pending_name *pn;
    size_t n_pn, cap_pn;

    /* Places: a dictionary of their own (dict.h), created by the first
     * place entry; route is 1 while a place entry is being built, so the
     * builder calls go to it. */
    struct edict *place;
    int route;
    int is_place_table; /* 1 in d->place itself */
    /* after finish: EDICT_W_* bits per word id (index 0 unused), or NULL */
    uint8_t *wclass;
};

/* ---------------------------------------------------------------- memory */


/* A NUL-terminated copy of s[0..n) in d's string pool; owned by d. */
static const char *pool_str(edict *d, const char *s, size_t n)
{
    if (n + 1 > d->pool_left) {
        size_t block = n + 1 > 16384 ? n + 1 : 65536;
        d->pool = arena_alloc(&d->mem, block);
        if (!d->pool)
            return NULL;
        d->pool_left = block;
    }
    char *p = d->pool;
    memcpy(p, s, n);
    p[n] = '\0';
    d->pool += n + 1;
    d->pool_left -= n + 1;
    return p;
}

int edict_new(edict **out, casus_error *err)
{
    *out = NULL;
    edict *d = calloc(1, sizeof *d);
    if (!d)
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    arena_init(&d->mem, 0);
    arena_init(&d->tmp, 0);
    buf_init(&d->names, 0);
    d->n_nodes = 1; /* the root */
    *out = d;
    return 0;
}

void edict_free(edict *d)
{
    if (!d)
        return;
    arena_finish(&d->mem);
    arena_finish(&d->tmp);
    buf_finish(&d->names);
    free(d->ent);
    free(d->ent_hash);
    free(d->vocab);
    free(d->words);
    free(d->word_len);
    free(d->edges);
    free(d->pay);
    free(d->node_var);
    free(d->var);
    free(d->roles);
    free(d->pn);
    free(d->wclass);
    edict_free(d->place);
    free(d);
}

size_t edict_n_entries(const edict *d)
{
    return d ? d->n_ent : 0;
}

size_t edict_n_phrases(const edict *d)
{
    return d ? d->n_pay : 0;
}

const edict_entry *edict_entry_at(const edict *d, size_t i)
{
    return d && i < d->n_ent ? &d->ent[i] : NULL;
}

const char *edict_kind_name(edict_kind k)
{
    static const char *const names[] = {"country", "demonym", "capital", "actor",
                                        "person",  "agent",   "place"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

/* ---------------------------------------------------------------- folding */

static uint32_t fnv(const char *s, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x01000193u;
    return h;
}

/* Case-folds word s into out[EDICT_MAX_WORD]; returns its length, or 0
 * when it is empty or too long to be a dictionary word. */
static size_t fold_word(const char *s, char *out)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            if (o >= EDICT_MAX_WORD)
                return 0;
            unsigned c = *p++;
            out[o++] = (char)(c - 'A' < 26u ? c | 0x20 : c);
            continue;
        }
        int32_t cp;
        int k = utf8_decode(p, strlen((const char *)p), &cp);
        p += k;
        cp = utf8proc_tolower(cp);
        unsigned char enc[4];
        int m = utf8_encode(cp, enc);
        if (o + (size_t)m > EDICT_MAX_WORD)
            return 0;
        memcpy(out + o, enc, (size_t)m);
        o += (size_t)m;
    }
    return o;
}

/* The id of a folded word, or 0. */
static uint32_t vocab_get(const edict *d, const char *w, size_t n, uint32_t h)
{
    if (!d->vocab_cap)
        return 0;
    size_t mask = d->vocab_cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const vocab_slot *s = &d->vocab[i];
        if (!s->id)
            return 0;
        if (s->hash == h && d->word_len[s->id] == n && memcmp(d->words[s->id], w, n) == 0)
            return s->id;
    }
}

static int vocab_put(edict *d, const char *w, size_t n, uint32_t *id)
{
    uint32_t h = fnv(w, n, 0x811C9DC5u);
    if ((*id = vocab_get(d, w, n, h)) != 0)
        return 0;
    if ((d->n_words + 2) * 2 > d->vocab_cap) {
        size_t cap = d->vocab_cap ? d->vocab_cap * 2 : 4096;
        vocab_slot *t = calloc(cap, sizeof *t);
        if (!t)
            return CASUS_ENOMEM;
        for (size_t i = 0; i < d->vocab_cap; i++) {
            if (!d->vocab[i].id)
                continue;
            size_t j = d->vocab[i].hash & (cap - 1);
            while (t[j].id)
                j = (j + 1) & (cap - 1);
            t[j] = d->vocab[i];
        }
        free(d->vocab);
        d->vocab = t;
        d->vocab_cap = cap;
    }
    size_t nid = d->n_words + 1; /* ids start at 1 */
    if (array_grow((void **)&d->words, &d->cap_words, nid + 1, sizeof *d->words))
        return CASUS_ENOMEM;
    /* word_len is resized only when words' capacity grew (a realloc per
     * word copies each time under a sanitizer: quadratic) */
    if (d->cap_word_len < d->cap_words) {
        uint32_t *wl = realloc(d->word_len, d->cap_words * sizeof *wl);
        if (!wl)
            return CASUS_ENOMEM;
        d->word_len = wl;
        d->cap_word_len = d->cap_words;
    }
    const char *s = pool_str(d, w, n);
    if (!s)
        return CASUS_ENOMEM;
    d->words[nid] = s;
    d->word_len[nid] = (uint32_t)n;
    d->n_words = nid;
    size_t mask = d->vocab_cap - 1;
    size_t i = h & mask;
    while (d->vocab[i].id)
        i = (i + 1) & mask;
    d->vocab[i].hash = h;
    d->vocab[i].id = (uint32_t)nid;
    *id = (uint32_t)nid;
    return 0;
}

static inline uint64_t edge_key(uint32_t node, uint32_t wid)
{
    return (uint64_t)node << 32 | wid;
}

static inline size_t edge_hash(uint64_t k)
{
    k *= 0x9E3779B97F4A7C15ull;
    return (size_t)(k ^ k >> 29);
}

static uint32_t edge_get(const edict *d, uint32_t node, uint32_t wid)
{
    if (!d->edges_cap)
        return 0;
    uint64_t k = edge_key(node, wid);
    size_t mask = d->edges_cap - 1;
    for (size_t i = edge_hash(k) & mask;; i = (i + 1) & mask) {
        const edge_slot *s = &d->edges[i];
        if (!s->key)
            return 0;
        if (s->key == k)
            return s->child;
    }
}

static int edge_put(edict *d, uint32_t node, uint32_t wid, uint32_t *child)
{
    if ((*child = edge_get(d, node, wid)) != 0)
        return 0;
    if ((d->n_edges + 1) * 2 > d->edges_cap) {
        size_t cap = d->edges_cap ? d->edges_cap * 2 : 4096;
        edge_slot *t = calloc(cap, sizeof *t);
        if (!t)
            return CASUS_ENOMEM;
        for (size_t i = 0; i < d->edges_cap; i++) {
            if (!d->edges[i].key)
                continue;
            size_t j = edge_hash(d->edges[i].key) & (cap - 1);
            while (t[j].key)
                j = (j + 1) & (cap - 1);
            t[j] = d->edges[i];
        }
        free(d->edges);
        d->edges = t;
        d->edges_cap = cap;
    }
    if (d->n_nodes == UINT32_MAX)
        return CASUS_ETOOBIG;
    uint64_t k = edge_key(node, wid);
    size_t mask = d->edges_cap - 1;
    size_t i = edge_hash(k) & mask;
    while (d->edges[i].key)
        i = (i + 1) & mask;
    d->edges[i].key = k;
    d->edges[i].child = d->n_nodes++;
    d->n_edges++;
    *child = d->edges[i].child;
    return 0;
}

/* ---------------------------------------------------------------- case */

/* Letter case of the code point at *p (advancing it): 'u', 'l' or 0. */
static int cp_case(const unsigned char **p)
{
    unsigned c = **p;
    if (c < 0x80) {
        (*p)++;
        return c - 'A' < 26u ? 'u' : c - 'a' < 26u ? 'l' : 0;
    }
    int32_t cp;
    *p += utf8_decode(*p, strlen((const char *)*p), &cp);
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ? 'u'
           : cat == UTF8PROC_CATEGORY_LL                              ? 'l'
                                                                      : 0;
}

/* What word s[0..n) asks of a text word in a case-sensitive phrase:
 * 'A' no lower-case letters (two or more capitals, no lower case),
 * 'C' a capital first letter, 0 nothing. */
static int word_case_rule(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    int first = 0, upper = 0, lower = 0;
    while (p < end && *p) {
        int c = cp_case(&p);
        if (!first && c)
            first = c;
        upper += c == 'u';
        lower += c == 'l';
    }
    if (upper >= 2 && !lower)
        return 'A';
    return first == 'u' ? 'C' : 0;
}

/* 1 if text word t meets the rule of spelling word s[0..n). */
static int word_case_ok(const char *s, size_t n, const char *t)
{
    int rule = word_case_rule(s, n);
    if (!rule)
        return 1;
    const unsigned char *p = (const unsigned char *)t;
    if (rule == 'C') {
        while (*p) {
            int c = cp_case(&p);
            if (c)
                return c == 'u';
        }
        return 0;
    }
    while (*p)
        if (cp_case(&p) == 'l')
            return 0;
    return 1;
}

/* 1 if the text words meet every rule of spelling spell (words joined by
 * single spaces; as many as the match is long). */
static int spell_ok(const char *spell, const char *const *norms)
{
    const char *s = spell;
    for (size_t k = 0;; k++) {
        const char *e = strchr(s, ' ');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (!word_case_ok(s, n, norms[k]))
            return 0;
        if (!e)
            return 1;
        s = e + 1;
    }
}

/* ---------------------------------------------------------------- building */

static void reset_tmp(edict *d)
{
    if (d->tmp.reserved > ((size_t)4 << 20)) {
        arena_finish(&d->tmp);
        arena_init(&d->tmp, 0);
    }
}

/* Splits name[0..n) into the text layer's words, owned by d->tmp. */
static int split_words(edict *d, const char *name, size_t n, const casus_word **words,
                       size_t *nw)
{
    text_norm norm;
    casus_token *toks;
    size_t nt;
    casus_word *w = NULL;
    *nw = 0;
    int rc = text_normalize(&d->tmp, name, n, &norm);
    if (!rc)
        rc = text_tokenize(&d->tmp, name, n, &norm, &toks, &nt, &w, nw);
    *words = w;
    return rc;
}

/* Adds the phrase of words w[0..nw) for entry index e. */
static int add_words(edict *d, uint32_t e, const casus_word *w, size_t nw, int mode)
{
    if (nw == 0 || nw > EDICT_MAX_WORDS)
        return 0;
    if (mode == CASE_AUTO) {
        /* Short all-caps acronyms (UN, CIA, NATO, IAEA) never match lower
         * case text: "us", "who" are words. */
        mode = CASE_FOLD;
        if (nw == 1) {
            const char *s = w[0].norm;
            size_t len = strlen(s), letters = 0;
            int ok = 1;
            for (size_t i = 0; i < len; i++) {
                if (s[i] >= 'A' && s[i] <= 'Z')
                    letters++;
                else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '&')
                    ok = 0;
            }
            if (ok && letters >= 2 && letters <= 5)
                mode = CASE_SENSITIVE;
        }
    }
    uint32_t node = 0;
    char f[EDICT_MAX_WORD];
    size_t spell_len = 0;
    int rc, any = 0;
    for (size_t k = 0; k < nw; k++) {
        size_t fl = fold_word(w[k].norm, f);
        if (!fl)
            return 0;
        uint32_t wid;
        if ((rc = vocab_put(d, f, fl, &wid)) || (rc = edge_put(d, node, wid, &node)))
            return rc;
        size_t l = strlen(w[k].norm);
        spell_len += l + 1;
        any |= word_case_rule(w[k].norm, l) != 0;
    }
    const char *spell = NULL;
    /* A spelling with no rule for any word is case-insensitive. */
    if (mode == CASE_SENSITIVE && any) {
        char *s = arena_alloc(&d->tmp, spell_len);
        if (!s)
            return CASUS_ENOMEM;
        size_t o = 0;
        for (size_t k = 0; k < nw; k++) {
            size_t l = strlen(w[k].norm);
            memcpy(s + o, w[k].norm, l);
            o += l;
            s[o++] = k + 1 < nw ? ' ' : '\0';
        }
        if (!(spell = pool_str(d, s, o - 1)))
            return CASUS_ENOMEM;
    }
    if (array_grow((void **)&d->pay, &d->cap_pay, d->n_pay + 1, sizeof *d->pay))
        return CASUS_ENOMEM;
    d->pay[d->n_pay++] = (payload){node, e, spell};
    return 0;
}

/* Adds name[0..n) for entry index e. A name with no words, too many or
 * too long ones is skipped (0). */
static int add_phrase(edict *d, uint32_t e, const char *name, size_t n, int mode)
{
    reset_tmp(d);
    const casus_word *w;
    size_t nw;
    int rc = split_words(d, name, n, &w, &nw);
    if (rc)
        return rc;
    /* A name that ends in an abbreviation ("U.S.") is tokenised as if it
     * ended a sentence ("U.S" "."). Inside a sentence it is one word, so
     * that form is added too, from the name followed by a word; and the
     * sentence-final form is added without its period, which belongs to
     * the sentence. */
    if (nw >= 2 && strcmp(w[nw - 1].norm, ".") == 0 && w[nw - 1].start == w[nw - 2].end &&
        n + 5 <= EDICT_MAX_NAME) {
        char tmp[EDICT_MAX_NAME + 8];
        memcpy(tmp, name, n);
        memcpy(tmp + n, " and", 4);
        const casus_word *w2;
        size_t nw2;
        if ((rc = split_words(d, tmp, n + 4, &w2, &nw2)))
            return rc;
        if (nw2 >= 2 && (rc = add_words(d, e, w2, nw2 - 1, mode)))
            return rc;
        nw--;
    }
    return add_words(d, e, w, nw, mode);
}

int edict_begin(edict *d, edict_kind kind, const char *code, char type, unsigned flags,
                const char *name, int mode, casus_error *err)
{
    if (d->finished)
        return error_set(err, CASUS_EINVAL, "dictionary: loading after edict_finish");
    /* An entry begun and not ended is dropped, in either table. */
    if (kind == EDICT_PLACE && !d->is_place_table) {
        if (!d->place) {
            if (edict_new(&d->place, err))
                return CASUS_ENOMEM;
            d->place->is_place_table = 1;
        }
        d->building = 0;
        d->route = 1;
        return edict_begin(d->place, kind, code, type, flags, name, mode, err);
    }
    if (kind != EDICT_PLACE && d->is_place_table)
        return error_set(err, CASUS_EINVAL, "dictionary: only places go to a place table");
    d->route = 0;
    if (d->place)
        d->place->building = 0;
    d->building = 1;
    d->cur = (edict_entry){kind, NULL, NULL, type, NULL, 0, flags, NULL};
    d->n_roles = 0;
    d->n_pn = 0;
    buf_reset(&d->names);
    if (!(d->cur.code = code ? pool_str(d, code, strlen(code)) : NULL) && code)
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    return edict_add_name(d, name, strlen(name), mode, err);
}

int edict_add_name(edict *d, const char *name, size_t len, int mode, casus_error *err)
{
    if (d->route)
        return edict_add_name(d->place, name, len, mode, err);
    if (!d->building)
        return error_set(err, CASUS_EINVAL, "dictionary: name outside an entry");
    if (len > EDICT_MAX_NAME)
        return 0;
    if (array_grow((void **)&d->pn, &d->cap_pn, d->n_pn + 1, sizeof *d->pn))
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    pending_name *p = &d->pn[d->n_pn++];
    p->off = (uint32_t)d->names.len;
    p->len = (uint32_t)len;
    p->mode = mode;
    if (buf_append(&d->names, name, len) || buf_putc(&d->names, '\0'))
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    return 0;
}

int edict_add_role(edict *d, const char *code, int32_t from, int32_t to, casus_error *err)
{
    if (d->route)
        return edict_add_role(d->place, code, from, to, err);
    if (!d->building)
        return error_set(err, CASUS_EINVAL, "dictionary: role outside an entry");
    if (array_grow((void **)&d->roles, &d->cap_roles, d->n_roles + 1, sizeof *d->roles))
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    const char *c = pool_str(d, code, strlen(code));
    if (!c)
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    d->roles[d->n_roles++] = (edict_role){c, from, to};
    return 0;
}

int edict_add_geo(edict *d, const edict_geo *g, casus_error *err)
{
    if (d->route)
        return edict_add_geo(d->place, g, err);
    if (!d->building || d->cur.kind != EDICT_PLACE)
        return error_set(err, CASUS_EINVAL, "dictionary: a geo line belongs to a place");
    if (d->cur.geo)
        return error_set(err, CASUS_EINVAL, "dictionary: a place has one geo line");
    edict_geo *x = arena_alloc(&d->mem, sizeof *x);
    if (!x)
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    *x = *g;
    if ((g->admin1 && !(x->admin1 = pool_str(d, g->admin1, strlen(g->admin1)))) ||
        (g->feature && !(x->feature = pool_str(d, g->feature, strlen(g->feature)))))
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    d->cur.geo = x;
    return 0;
}

static int streq0(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static uint32_t entry_hash(const edict_entry *e)
{
    uint32_t h = 0x811C9DC5u ^ (uint32_t)e->kind ^ (uint32_t)e->type << 8 ^ e->flags << 16;
    h = fnv(e->name, strlen(e->name), h);
    if (e->code)
        h = fnv(e->code, strlen(e->code), h * 31);
    for (size_t i = 0; i < e->n_roles; i++) {
        h = fnv(e->roles[i].code, strlen(e->roles[i].code), h);
        h = (h ^ (uint32_t)e->roles[i].from) * 0x01000193u;
        h = (h ^ (uint32_t)e->roles[i].to) * 0x01000193u;
    }
    if (e->geo)
        h = (h ^ e->geo->id) * 0x01000193u;
    return h;
}

static int entry_eq(const edict_entry *a, const edict_entry *b)
{
    if (a->kind != b->kind || a->type != b->type || a->flags != b->flags ||
        strcmp(a->name, b->name) || !streq0(a->code, b->code) || a->n_roles != b->n_roles)
        return 0;
    /* Places are told apart by geonameid: many towns share a name. */
    if (!a->geo != !b->geo || (a->geo && a->geo->id != b->geo->id))
        return 0;
    for (size_t i = 0; i < a->n_roles; i++)
        if (strcmp(a->roles[i].code, b->roles[i].code) || a->roles[i].from != b->roles[i].from ||
            a->roles[i].to != b->roles[i].to)
            return 0;
    return 1;
}

/* The index of an entry equal to e, or of e added as new. */
static int entry_intern(edict *d, const edict_entry *e, uint32_t *idx)
{
    if ((d->n_ent + 1) * 2 > d->ent_hash_cap) {
        size_t cap = d->ent_hash_cap ? d->ent_hash_cap * 2 : 1024;
        uint32_t *t = calloc(cap, sizeof *t);
        if (!t)
            return CASUS_ENOMEM;
        for (size_t i = 0; i < d->n_ent; i++) {
            size_t j = entry_hash(&d->ent[i]) & (cap - 1);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = (uint32_t)i + 1;
        }
        free(d->ent_hash);
        d->ent_hash = t;
        d->ent_hash_cap = cap;
    }
    size_t mask = d->ent_hash_cap - 1;
    size_t j = entry_hash(e) & mask;
    for (; d->ent_hash[j]; j = (j + 1) & mask)
        if (entry_eq(&d->ent[d->ent_hash[j] - 1], e)) {
            *idx = d->ent_hash[j] - 1;
            return 0;
        }
    if (d->n_ent >= UINT32_MAX - 1)
        return CASUS_ETOOBIG;
    if (array_grow((void **)&d->ent, &d->cap_ent, d->n_ent + 1, sizeof *d->ent))
        return CASUS_ENOMEM;
    d->ent[d->n_ent] = *e;
    d->ent_hash[j] = (uint32_t)d->n_ent + 1;
    *idx = (uint32_t)d->n_ent++;
    return 0;
}

int edict_end(edict *d, casus_error *err)
{
    if (d->route)
        return edict_end(d->place, err);
    if (!d->building)
        return 0;
    d->building = 0;
    if (!d->n_pn)
        return 0;
    edict_entry e = d->cur;
    const pending_name *canon = &d->pn[0];
    if (!(e.name = pool_str(d, d->names.data + canon->off, canon->len)))
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    if (d->n_roles) {
        edict_role *r = arena_array(&d->mem, d->n_roles, sizeof *r);
        if (!r)
            return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
        memcpy(r, d->roles, d->n_roles * sizeof *r);
        e.roles = r;
        e.n_roles = d->n_roles;
    }
    uint32_t idx;
    int rc = entry_intern(d, &e, &idx);
    for (size_t i = 0; !rc && i < d->n_pn; i++)
        rc = add_phrase(d, idx, d->names.data + d->pn[i].off, d->pn[i].len, d->pn[i].mode);
    if (rc)
        return error_set(err, rc, "dictionary: %s", casus_strerror(rc));
    return 0;
}

/* ---------------------------------------------------------------- finish */

static int cmp_payload(const void *a, const void *b)
{
    const payload *x = a, *y = b;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    if (x->spell != y->spell) {
        if (!x->spell)
            return 1; /* case-insensitive last */
        if (!y->spell)
            return -1;
        int c = strcmp(x->spell, y->spell);
        if (c)
            return c;
    }
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Words of the canonical name e->name split at spaces, as word ids
 * (0: not a dictionary word); returns their number (at most max). */
static size_t name_word_ids(const edict *d, const char *name, uint32_t *ids, size_t max)
{
    size_t k = 0;
    char w[EDICT_MAX_WORD + 1], f[EDICT_MAX_WORD];
    for (const char *p = name; *p && k < max;) {
        while (*p == ' ')
            p++;
        size_t n = 0;
        while (p[n] && p[n] != ' ')
            n++;
        if (!n)
            break;
        uint32_t id = 0;
        if (n <= EDICT_MAX_WORD) {
            memcpy(w, p, n);
            w[n] = '\0';
            size_t fl = fold_word(w, f);
            id = fl ? vocab_get(d, f, fl, fnv(f, fl, 0x811C9DC5u)) : 0;
        }
        ids[k++] = id;
        p += n;
    }
    return k;
}

/* The EDICT_W_* classes of the words (dict.h): counted over the canonical
 * names of two or more words, so that a one-word actor ("Hamas") or
 * country makes no class. */
static int word_classes(edict *d)
{
    size_t nw = d->n_words + 1;
    uint16_t *first = calloc(nw, sizeof *first), *last = calloc(nw, sizeof *last),
             *org = calloc(nw, sizeof *org);
    d->wclass = calloc(nw, 1);
    int rc = first && last && org && d->wclass ? 0 : CASUS_ENOMEM;
    for (size_t i = 0; !rc && i < d->n_ent; i++) {
        const edict_entry *e = &d->ent[i];
        uint32_t ids[EDICT_MAX_WORDS];
        size_t k = name_word_ids(d, e->name, ids, EDICT_MAX_WORDS);
        if (k < 2)
            continue;
        uint32_t a = ids[0], z = ids[k - 1];
        if (e->kind == EDICT_PERSON && e->type == 'P') {
            if (a && first[a] < UINT16_MAX)
                first[a]++;
            if (z && last[z] < UINT16_MAX)
                last[z]++;
        } else if ((e->kind == EDICT_ACTOR && e->type == 'O') || e->kind == EDICT_PLACE) {
            if (z && org[z] < UINT16_MAX)
                org[z]++;
        }
    }
    for (size_t id = 1; !rc && id < nw; id++) {
        uint8_t c = 0;
        if (first[id] >= 2)
            c |= EDICT_W_GIVEN;
        if (last[id] >= 2)
            c |= EDICT_W_SURNAME;
        if (org[id] >= 3)
            c |= d->is_place_table ? EDICT_W_PLACE_HEAD : EDICT_W_ORG_HEAD;
        d->wclass[id] = c;
    }
    free(first);
    free(last);
    free(org);
    return rc;
}

int edict_finish(edict *d, casus_error *err)
{
    if (d->finished)
        return 0;
    int rc = edict_end(d, err);
    if (rc)
        return rc;
    d->route = 0;
    if (d->place && (rc = edict_finish(d->place, err)))
        return rc;
    if ((rc = word_classes(d)))
        return error_set(err, rc, "dictionary: out of memory");
    if (d->n_pay)
        qsort(d->pay, d->n_pay, sizeof *d->pay, cmp_payload);
    /* Drop repeats (the same phrase, spelling and entry). */
    size_t m = 0;
    for (size_t i = 0; i < d->n_pay; i++) {
        if (m && cmp_payload(&d->pay[m - 1], &d->pay[i]) == 0)
            continue;
        d->pay[m++] = d->pay[i];
    }
    d->n_pay = m;
    d->node_var = calloc((size_t)d->n_nodes + 1, sizeof *d->node_var);
    d->var = malloc((m ? m : 1) * sizeof *d->var);
    if (!d->node_var || !d->var)
        return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
    size_t nv = 0, i = 0;
    uint32_t node = 0;
    while (i < m) {
        uint32_t nd = d->pay[i].node;
        while (node <= nd)
            d->node_var[node++] = (uint32_t)nv;
        size_t end = i;
        while (end < m && d->pay[end].node == nd)
            end++;
        size_t fold = i; /* first case-insensitive payload of the node */
        while (fold < end && d->pay[fold].spell)
            fold++;
        size_t n_fold = end - fold;
        size_t j = i;
        while (j < end) {
            size_t k = j;
            while (k < end && d->pay[k].spell == d->pay[j].spell)
                k++;
            if (d->pay[j].spell) {
                while (k < end && d->pay[k].spell && strcmp(d->pay[k].spell, d->pay[j].spell) == 0)
                    k++;
            }
            size_t cnt = (k - j) + (d->pay[j].spell ? n_fold : 0);
            const edict_entry **ents = arena_array(&d->mem, cnt, sizeof *ents);
            if (!ents)
                return error_set(err, CASUS_ENOMEM, "dictionary: out of memory");
            size_t o = 0;
            for (size_t q = j; q < k; q++)
                ents[o++] = &d->ent[d->pay[q].entry];
            if (d->pay[j].spell)
                for (size_t q = fold; q < end; q++)
                    ents[o++] = &d->ent[d->pay[q].entry];
            d->var[nv++] = (variant){d->pay[j].spell, ents, (uint32_t)cnt};
            j = k;
        }
        i = end;
    }
    while (node <= d->n_nodes)
        d->node_var[node++] = (uint32_t)nv;
    d->n_var = nv;
    d->finished = 1;
    /* The build-time scratch is no longer needed. */
    arena_finish(&d->tmp);
    arena_init(&d->tmp, 0);
    buf_finish(&d->names);
    buf_init(&d->names, 0);
    free(d->ent_hash);
    d->ent_hash = NULL;
    d->ent_hash_cap = 0;
    return 0;
}

/* ---------------------------------------------------------------- matching */

size_t edict_longest(const edict *d, const char *const *norms, size_t n, size_t i,
                     edict_match *m)
{
    m->len = 0;
    m->entries = NULL;
    m->n_entries = 0;
    if (!d || !d->finished || i >= n || !norms)
        return 0;
    uint32_t node = 0;
    char f[EDICT_MAX_WORD];
    for (size_t j = i; j < n && j - i < EDICT_MAX_WORDS; j++) {
        if (!norms[j])
            break;
        size_t fl = fold_word(norms[j], f);
        if (!fl)
            break;
        uint32_t wid = vocab_get(d, f, fl, fnv(f, fl, 0x811C9DC5u));
        if (!wid || !(node = edge_get(d, node, wid)))
            break;
        for (uint32_t v = d->node_var[node]; v < d->node_var[node + 1]; v++) {
            const variant *x = &d->var[v];
            if (x->spell && !spell_ok(x->spell, norms + i))
                continue;
            m->len = j - i + 1;
            m->entries = x->ents;
            m->n_entries = x->n;
            break;
        }
    }
    return m->len;
}

static uint16_t match_class(const edict_match *m)
{
    uint16_t c = 0;
    for (size_t k = 0; k < m->n_entries; k++) {
        const edict_entry *e = m->entries[k];
        if (e->kind == EDICT_DEMONYM)
            c |= EDICT_GAZ_DEMONYM;
        else if (e->kind == EDICT_AGENT)
            c |= EDICT_GAZ_AGENT;
        else if (e->type == 'P')
            c |= EDICT_GAZ_PER;
        else if (e->type == 'O')
            c |= EDICT_GAZ_ORG;
        else if (e->type == 'L')
            c |= EDICT_GAZ_LOC;
    }
    return c;
}

static void gazetteer(const edict *d, const char *const *norms, size_t n, uint16_t *out,
                      int place)
{
    /* The match starting at each of the last EDICT_MAX_WORDS words, in a
     * ring: a phrase covering word k starts at most that far back. */
    uint16_t len[EDICT_MAX_WORDS], cls[EDICT_MAX_WORDS];
    for (size_t k = 0; k < n; k++) {
        edict_match m;
        size_t r = k % EDICT_MAX_WORDS;
        len[r] = (uint16_t)edict_longest(d, norms, n, k, &m);
        cls[r] = !len[r] ? 0 : place ? EDICT_GAZ_PLACE : match_class(&m);
        size_t best = 0, start = 0;
        size_t lo = k + 1 >= EDICT_MAX_WORDS ? k + 1 - EDICT_MAX_WORDS : 0;
        for (size_t s = lo; s <= k; s++) {
            size_t l = len[s % EDICT_MAX_WORDS];
            if (s + l > k && l > best) {
                best = l;
                start = s;
            }
        }
        if (!best) {
            out[k] = 0;
            continue;
        }
        uint16_t bits = cls[start % EDICT_MAX_WORDS];
        if (best == 1)
            bits |= EDICT_GAZ_SINGLE;
        else if (k == start)
            bits |= EDICT_GAZ_BEGIN;
        else if (k == start + best - 1)
            bits |= EDICT_GAZ_END;
        out[k] = bits;
    }
}

void edict_gazetteer(const edict *d, const char *const *norms, size_t n, uint16_t *out)
{
    gazetteer(d, norms, n, out, 0);
}

size_t edict_n_places(const edict *d)
{
    return d ? edict_n_entries(d->place) : 0;
}

const edict_entry *edict_place_at(const edict *d, size_t i)
{
    return d ? edict_entry_at(d->place, i) : NULL;
}

size_t edict_longest_place(const edict *d, const char *const *norms, size_t n, size_t i,
                           edict_match *m)
{
    return edict_longest(d ? d->place : NULL, norms, n, i, m);
}

void edict_place_gazetteer(const edict *d, const char *const *norms, size_t n, uint16_t *out)
{
    gazetteer(d ? d->place : NULL, norms, n, out, 1);
}

unsigned edict_word_class(const edict *d, const char *norm)
{
    if (!d || !d->finished || !norm)
        return 0;
    char f[EDICT_MAX_WORD];
    size_t fl = fold_word(norm, f);
    if (!fl)
        return 0;
    uint32_t h = fnv(f, fl, 0x811C9DC5u);
    uint32_t id = vocab_get(d, f, fl, h);
    unsigned c = id ? d->wclass[id] : 0;
    if (d->place && d->place->finished && (id = vocab_get(d->place, f, fl, h)) != 0)
        c |= d->place->wclass[id];
    return c;
}

const char *edict_person_code(const edict_entry *e, int32_t date)
{
    if (!e)
        return NULL;
    const edict_role *best = NULL;
    for (size_t i = 0; i < e->n_roles; i++) {
        const edict_role *r = &e->roles[i];
        if (date) {
            if ((r->from && date < r->from) || (r->to && date >= r->to))
                continue;
            if (!best || r->from > best->from)
                best = r;
        } else {
            /* the latest role: the one that began last, open-ended first */
            if (!best || r->from > best->from ||
                (r->from == best->from && best->to && (!r->to || r->to > best->to)))
                best = r;
        }
    }
    return best ? best->code : e->code;
}

/* ---------------------------------------------------------------- files */

/* Reads the whole file; *data (NUL-terminated) freed by the caller. */
int edict_read_file(const char *path, char **data, size_t *size, casus_error *err)
{
    *data = NULL;
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, errno == ENOENT ? CASUS_ENOENT : CASUS_EIO, "%s: %s", path,
                         strerror(errno));
    buf b;
    buf_init(&b, EDICT_MAX_FILE);
    char chunk[65536];
    size_t got;
    int rc = 0;
    while (!rc && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_append(&b, chunk, got);
    if (!rc && ferror(f))
        rc = CASUS_EIO;
    fclose(f);
    int empty = !rc && !b.data;
    if (empty)
        rc = buf_putc(&b, '\0');
    if (rc) {
        buf_finish(&b);
        return error_set(err, rc, "%s: %s", path,
                         rc == CASUS_EIO ? "read failed" : casus_strerror(rc));
    }
    *data = buf_take(&b, size);
    if (empty)
        *size = 0;
    return 0;
}

/* Parses a date "yyyy-mm-dd", "yyyy-mm", "yyyy" or "-" (open: 0). */
static int parse_date(const char *s, size_t n, int32_t *out)
{
    if (n == 1 && s[0] == '-') {
        *out = 0;
        return 0;
    }
    int y = 0, mo = 1, da = 1;
    if (n != 4 && n != 7 && n != 10)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
        } else if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (n >= 7)
        mo = (s[5] - '0') * 10 + (s[6] - '0');
    if (n == 10)
        da = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1 || mo < 1 || mo > 12 || da < 1 || da > 31)
        return -1;
    *out = y * 10000 + mo * 100 + da;
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* The next whitespace-separated field of s[*p..n). */
static int next_field(const char *s, size_t n, size_t *p, const char **f, size_t *fl)
{
    size_t i = *p;
    while (i < n && is_space(s[i]))
        i++;
    if (i >= n)
        return 0;
    size_t j = i;
    while (j < n && !is_space(s[j]))
        j++;
    *f = s + i;
    *fl = j - i;
    *p = j;
    return 1;
}

static int field_is(const char *f, size_t fl, const char *w)
{
    return strlen(w) == fl && memcmp(f, w, fl) == 0;
}

static int valid_code(const char *f, size_t fl)
{
    if (fl == 0 || fl > 32)
        return 0;
    for (size_t i = 0; i < fl; i++)
        if (!((f[i] >= 'A' && f[i] <= 'Z') || (f[i] >= '0' && f[i] <= '9') || f[i] == '_'))
            return 0;
    return 1;
}

/* The names field: split at unescaped '|', trimmed, unescaped. */
static int parse_names(edict *d, const char *s, size_t n, const char *file, size_t line,
                       edict_kind kind, const char *code, char type, unsigned flags,
                       casus_error *err)
{
    char name[EDICT_MAX_NAME + 1];
    size_t p = 0;
    int first = 1;
    while (p <= n) {
        size_t o = 0;
        int mode = CASE_AUTO, lead = 1;
        while (p < n && is_space(s[p]))
            p++;
        if (p < n && s[p] == '=') {
            mode = CASE_SENSITIVE;
            p++;
        }
        while (p < n && s[p] != '|') {
            char c = s[p];
            if (c == '\\' && p + 1 < n) {
                c = s[++p];
            }
            if (o >= EDICT_MAX_NAME)
                return error_set(err, CASUS_EFORMAT, "%s:%zu: name over %d bytes", file, line,
                                 EDICT_MAX_NAME);
            name[o++] = c;
            lead = 0;
            p++;
        }
        (void)lead;
        while (o && is_space(name[o - 1]))
            o--;
        name[o] = '\0';
        if (!o)
            return error_set(err, CASUS_EFORMAT, "%s:%zu: empty name", file, line);
        if (!utf8_valid(name, o))
            return error_set(err, CASUS_EFORMAT, "%s:%zu: name is not valid UTF-8", file, line);
        int rc;
        if (first) {
            rc = edict_begin(d, kind, code, type, flags, name, mode, err);
            first = 0;
        } else {
            rc = edict_add_name(d, name, o, mode, err);
        }
        if (rc)
            return rc;
        p++; /* past '|' (or the end) */
    }
    return 0;
}

static int parse_header(edict *d, const char *s, size_t n, const char *file, size_t line,
                        casus_error *err)
{
    size_t p = 0;
    const char *f;
    size_t fl;
    if (!next_field(s, n, &p, &f, &fl))
        return 0;
    /* kind[,flag...] */
    size_t kl = 0;
    while (kl < fl && f[kl] != ',')
        kl++;
    static const char *const kinds[] = {"country", "demonym", "capital", "actor",
                                        "person",  "agent",   "place"};
    int kind = -1;
    for (int k = 0; k < 7; k++)
        if (field_is(f, kl, kinds[k]))
            kind = k;
    if (kind < 0)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: unknown kind '%.*s'", file, line, (int)kl, f);
    unsigned flags = 0;
    for (size_t q = kl; q < fl;) {
        size_t a = q + 1, b = a;
        while (b < fl && f[b] != ',')
            b++;
        if (field_is(f + a, b - a, "plural"))
            flags |= EDICT_F_PLURAL;
        else if (field_is(f + a, b - a, "prefix"))
            flags |= EDICT_F_PREFIX;
        else
            return error_set(err, CASUS_EFORMAT, "%s:%zu: unknown flag '%.*s'", file, line,
                             (int)(b - a), f + a);
        q = b;
    }
    const char *c;
    size_t cl;
    if (!next_field(s, n, &p, &c, &cl))
        return error_set(err, CASUS_EFORMAT, "%s:%zu: missing code", file, line);
    char code[33];
    const char *codep = NULL;
    if (!field_is(c, cl, "-")) {
        if (!valid_code(c, cl))
            return error_set(err, CASUS_EFORMAT, "%s:%zu: bad code '%.*s'", file, line,
                             (int)(cl > 40 ? 40 : cl), c);
        memcpy(code, c, cl);
        code[cl] = '\0';
        codep = code;
    } else if (kind != EDICT_PERSON) {
        return error_set(err, CASUS_EFORMAT, "%s:%zu: a %s needs a code", file, line, kinds[kind]);
    }
    const char *t;
    size_t tl;
    if (!next_field(s, n, &p, &t, &tl))
        return error_set(err, CASUS_EFORMAT, "%s:%zu: missing type", file, line);
    char type;
    if (field_is(t, tl, "-"))
        type = 0;
    else if (tl == 1 && (t[0] == 'P' || t[0] == 'O' || t[0] == 'L'))
        type = t[0];
    else
        return error_set(err, CASUS_EFORMAT, "%s:%zu: bad type '%.*s' (P, O, L or -)", file, line,
                         (int)(tl > 8 ? 8 : tl), t);
    while (p < n && is_space(s[p]))
        p++;
    if (p >= n)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: missing name", file, line);
    return parse_names(d, s + p, n - p, file, line, (edict_kind)kind, codep, type, flags, err);
}

static int parse_role(edict *d, const char *s, size_t n, const char *file, size_t line,
                      casus_error *err)
{
    size_t p = 0;
    const char *f[4];
    size_t fl[4];
    int k = 0;
    while (k < 4 && next_field(s, n, &p, &f[k], &fl[k]))
        k++;
    if (k != 3)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: a role is CODE FROM TO", file, line);
    if (!valid_code(f[0], fl[0]))
        return error_set(err, CASUS_EFORMAT, "%s:%zu: bad role code", file, line);
    int32_t from, to;
    if (parse_date(f[1], fl[1], &from) || parse_date(f[2], fl[2], &to))
        return error_set(err, CASUS_EFORMAT, "%s:%zu: bad date (yyyy-mm-dd or -)", file, line);
    if (from && to && to <= from)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: role ends before it begins", file, line);
    char code[33];
    memcpy(code, f[0], fl[0]);
    code[fl[0]] = '\0';
    return edict_add_role(d, code, from, to, err);
}

/* A decimal "-12.345" (at most 3 integer and 9 fractional digits) in
 * [-lim, lim]. Written out rather than strtod, which follows the locale. */
static int parse_degrees(const char *s, size_t n, double lim, double *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < n && s[i] == '-') {
        neg = 1;
        i++;
    }
    double v = 0, scale = 1;
    size_t int_digits = 0, frac_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && int_digits < 4) {
        v = v * 10 + (s[i++] - '0');
        int_digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9' && frac_digits < 10) {
            scale /= 10;
            v += (s[i++] - '0') * scale;
            frac_digits++;
        }
        if (!frac_digits)
            return -1;
    }
    if (i != n || !int_digits || int_digits > 3 || frac_digits > 9 || v > lim)
        return -1;
    *out = neg ? -v : v;
    return 0;
}

/* A field of up to max characters of [A-Za-z0-9._-], or "-" (NULL). */
static int parse_token(const char *f, size_t fl, size_t max, char *out, const char **res)
{
    *res = NULL;
    if (fl == 1 && f[0] == '-')
        return 0;
    if (!fl || fl > max)
        return -1;
    for (size_t i = 0; i < fl; i++) {
        char c = f[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return -1;
    }
    memcpy(out, f, fl);
    out[fl] = '\0';
    *res = out;
    return 0;
}

/* "geo ID LAT LON ADMIN1 POPULATION FEATURE" (dict/README.md): where the
 * place above is. LAT and LON are both "-" or both numbers; ADMIN1,
 * POPULATION and FEATURE may be "-". */
static int parse_geo(edict *d, const char *s, size_t n, const char *file, size_t line,
                     casus_error *err)
{
    size_t p = 0;
    const char *f[8];
    size_t fl[8];
    int k = 0;
    while (k < 8 && next_field(s, n, &p, &f[k], &fl[k]))
        k++;
    if (k != 7)
        return error_set(err, CASUS_EFORMAT,
                         "%s:%zu: a geo line is geo ID LAT LON ADMIN1 POPULATION FEATURE", file,
                         line);
    edict_geo g = {0};
    uint64_t id = 0;
    for (size_t i = 0; i < fl[1]; i++) {
        if (f[1][i] < '0' || f[1][i] > '9' || i >= 10) {
            id = 0;
            break;
        }
        id = id * 10 + (uint64_t)(f[1][i] - '0');
    }
    if (!id || id > UINT32_MAX)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: bad geonameid", file, line);
    g.id = (uint32_t)id;
    int no_lat = field_is(f[2], fl[2], "-"), no_lon = field_is(f[3], fl[3], "-");
    if (no_lat != no_lon)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: latitude and longitude go together", file,
                         line);
    if (!no_lat) {
        if (parse_degrees(f[2], fl[2], 90, &g.lat) || parse_degrees(f[3], fl[3], 180, &g.lon))
            return error_set(err, CASUS_EFORMAT, "%s:%zu: bad coordinates", file, line);
        g.has_coords = 1;
    }
    char admin1[33], feature[17];
    if (parse_token(f[4], fl[4], 32, admin1, &g.admin1))
        return error_set(err, CASUS_EFORMAT, "%s:%zu: bad admin1 code", file, line);
    g.population = -1;
    if (!field_is(f[5], fl[5], "-")) {
        int64_t v = 0;
        for (size_t i = 0; i < fl[5]; i++) {
            if (f[5][i] < '0' || f[5][i] > '9' || i >= 12)
                return error_set(err, CASUS_EFORMAT, "%s:%zu: bad population", file, line);
            v = v * 10 + (f[5][i] - '0');
        }
        g.population = v;
    }
    if (parse_token(f[6], fl[6], 16, feature, &g.feature))
        return error_set(err, CASUS_EFORMAT, "%s:%zu: bad feature code", file, line);
    int rc = edict_add_geo(d, &g, err);
    if (rc == CASUS_EINVAL)
        return error_set(err, CASUS_EFORMAT, "%s:%zu: %s", file, line,
                         d->route && d->place->cur.geo ? "a place has one geo line"
                                                       : "a geo line belongs to a place");
    return rc;
}

/* 1 while an entry is being built, in either table. */
static int building(const edict *d)
{
    return d->route ? d->place->building : d->building;
}

static int load_text(edict *d, const char *file, const char *data, size_t size, casus_error *err)
{
    if (d->finished)
        return error_set(err, CASUS_EINVAL, "%s: loading after edict_finish", file);
    size_t line = 0, p = 0;
    int rc = 0;
    while (!rc && p < size) {
        size_t e = p;
        while (e < size && data[e] != '\n')
            e++;
        line++;
        size_t n = e - p;
        const char *s = data + p;
        p = e + 1;
        if (n && s[n - 1] == '\r')
            n--;
        if (line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        size_t q = 0;
        while (q < n && is_space(s[q]))
            q++;
        if (q == n || s[q] == '#')
            continue;
        if (memchr(s, '\0', n)) {
            rc = error_set(err, CASUS_EFORMAT, "%s:%zu: NUL byte", file, line);
            break;
        }
        if (q > 0) {
            if (!building(d)) {
                rc = error_set(err, CASUS_EFORMAT, "%s:%zu: role line without an entry", file,
                               line);
                break;
            }
            if (n - q >= 4 && memcmp(s + q, "geo", 3) == 0 && is_space(s[q + 3]))
                rc = parse_geo(d, s + q, n - q, file, line, err);
            else if (d->route)
                rc = error_set(err, CASUS_EFORMAT, "%s:%zu: a place has no roles", file, line);
            else
                rc = parse_role(d, s, n, file, line, err);
        } else {
            rc = edict_end(d, err);
            if (!rc)
                rc = parse_header(d, s, n, file, line, err);
        }
    }
    if (!rc)
        rc = edict_end(d, err);
    d->building = 0;
    if (d->place)
        d->place->building = 0;
    d->route = 0;
    return rc;
}

int edict_load_mem(edict *d, const char *name, const char *data, size_t size, casus_error *err)
{
    return load_text(d, name, data, size, err);
}

int edict_load_file(edict *d, const char *path, casus_error *err)
{
    char *data;
    size_t size;
    int rc = edict_read_file(path, &data, &size, err);
    if (rc)
        return rc;
    rc = load_text(d, path, data, size, err);
    free(data);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int cmp_dir_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int ex = ends_with(x, ".extra.txt"), ey = ends_with(y, ".extra.txt");
    if (ex != ey)
        return ex - ey;
    return strcmp(x, y);
}

static int load_one(void *ctx, const char *path, casus_error *err)
{
    return edict_load_file(ctx, path, err);
}

int edict_load_dir(edict *d, const char *dir, casus_error *err)
{
    return files_each_txt(dir, cmp_dir_name, load_one, d, err);
}
