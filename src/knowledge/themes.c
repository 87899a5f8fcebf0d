/*
 * themes.c — the theme taxonomy (dict/themes/ *.txt) matched by lemma
 * phrases: GDELT's V2Themes, each hit with its span (knowledge.h).
 *
 * Input: the taxonomy files, one theme per line with its phrases
 *
 *     SANCTIONS  sanction | embargo | asset freeze | trade restriction
 *
 * (format: dict/README.md "Themes"), and a document's words with their
 * lemmas. Output: d->themes, one casus_theme_hit per theme of each matched
 * phrase, in text order.
 *
 * Design: a phrase is split with the text layer's own tokeniser, so it
 * matches exactly the words running text produces ("cease-fire" is three
 * words, "U.N." one). Its words are ASCII-lower-cased and form a trie whose
 * edges live in one open-addressing hash table keyed by (node, word). A
 * text word steps along an edge when either its lower-cased lemma or its
 * lower-cased form labels one (lemma first: "sanctions" matches the phrase
 * word "sanction" through its lemma, "human rights" matches "rights"
 * through its form whatever the lemmatiser said). Scanning a sentence is
 * one hash probe per word (two when lemma and form differ) for the words
 * that start no phrase, which is nearly all of them; the longest phrase
 * starting at a word wins, and the scan resumes after it, so hits never
 * overlap. Phrases stay within a sentence.
 *
 * Word hashes are computed once per word and combined with the node id per
 * probe; no allocation while matching except the hits, which go to the
 * document's arena.
 *
 * Limits: folding is ASCII-only (non-ASCII letters must be written in the
 * case the text uses); a word walks along the lemma edge when there is one
 * and only otherwise along the form edge (no backtracking between the
 * two); a phrase has at most KN_THEME_MAX_WORDS words of at most
 * KN_THEME_MAX_WORD bytes each.
 */
#include "knowledge/knowledge.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "text/text.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/files.h"

#define KN_THEME_MAX_WORDS 12 /* longest phrase, in words */
#define KN_THEME_MAX_WORD 64  /* longest phrase word, in bytes */
#define KN_THEME_MAX_NAME 64  /* longest theme name */
#define KN_THEME_MAX_LINE 65536

/* An edge of the trie; child 0 marks an empty slot (the root is nobody's
 * child). */
typedef struct edge {
    uint32_t hash; /* of (parent, word) */
    uint32_t parent;
    uint32_t child;
    uint32_t len;
    const char *word; /* folded, owned by the table's arena */
} edge;

/* A (node, theme) pair while loading; sorted into node_off/node_theme. */
typedef struct node_theme {
    uint32_t node, theme;
} node_theme;

struct kn_themes {
    arena mem;          /* words and names; lives as long as the table */
    const char **names; /* theme id -> name */
    size_t n_names, cap_names;
    edge *edges;
    size_t edges_cap, n_edges; /* cap a power of two */
    uint32_t n_nodes;
    node_theme *pairs;
    size_t n_pairs, cap_pairs;
    /* after loading: themes of node k are node_theme_ids[node_off[k] ..
     * node_off[k+1]) */
    uint32_t *node_off;
    uint32_t *theme_ids;
    arena tmp; /* tokeniser scratch while loading */
};

/* ---------------------------------------------------------------- hashing */

static uint32_t word_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static uint32_t edge_hash(uint32_t parent, uint32_t wh)
{
    uint32_t h = wh ^ (parent * 0x9E3779B1u);
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    return h;
}

/* ASCII-lower-cases s into out (KN_THEME_MAX_WORD bytes); returns the
 * length, or 0 when s is empty or too long. */
static size_t fold(const char *s, char *out)
{
    size_t n = 0;
    for (; s[n]; n++) {
        if (n >= KN_THEME_MAX_WORD)
            return 0;
        unsigned c = (unsigned char)s[n];
        out[n] = (char)(c - 'A' < 26u ? c | 0x20 : c);
    }
    return n;
}

static uint32_t edge_find(const struct kn_themes *t, uint32_t parent, const char *w, size_t n,
                          uint32_t wh)
{
    if (!t->edges_cap)
        return 0;
    uint32_t h = edge_hash(parent, wh);
    size_t mask = t->edges_cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const edge *e = &t->edges[i];
        if (!e->child)
            return 0;
        if (e->hash == h && e->parent == parent && e->len == n && !memcmp(e->word, w, n))
            return e->child;
    }
}

/* ---------------------------------------------------------------- building */

static int edges_grow(struct kn_themes *t)
{
    size_t cap = t->edges_cap ? t->edges_cap * 2 : 1024;
    edge *ne = calloc(cap, sizeof *ne);
    if (!ne)
        return CASUS_ENOMEM;
    for (size_t i = 0; i < t->edges_cap; i++) {
        if (!t->edges[i].child)
            continue;
        size_t j = t->edges[i].hash & (cap - 1);
        while (ne[j].child)
            j = (j + 1) & (cap - 1);
        ne[j] = t->edges[i];
    }
    free(t->edges);
    t->edges = ne;
    t->edges_cap = cap;
    return 0;
}

/* The child of parent along w[0..n), made if missing. */
static int edge_put(struct kn_themes *t, uint32_t parent, const char *w, size_t n, uint32_t *child)
{
    uint32_t wh = word_hash(w, n);
    uint32_t c = edge_find(t, parent, w, n, wh);
    if (c) {
        *child = c;
        return 0;
    }
    if ((t->n_edges + 1) * 2 > t->edges_cap && edges_grow(t))
        return CASUS_ENOMEM;
    char *copy = arena_strndup(&t->mem, w, n);
    if (!copy)
        return CASUS_ENOMEM;
    uint32_t h = edge_hash(parent, wh);
    size_t mask = t->edges_cap - 1, i = h & mask;
    while (t->edges[i].child)
        i = (i + 1) & mask;
    t->edges[i] = (edge){h, parent, t->n_nodes, (uint32_t)n, copy};
    t->n_edges++;
    *child = t->n_nodes++;
    return 0;
}

/* The id of theme name[0..n), added if new. */
static int theme_id(struct kn_themes *t, const char *name, size_t n, uint32_t *id)
{
    for (size_t i = 0; i < t->n_names; i++)
        if (!strncmp(t->names[i], name, n) && !t->names[i][n]) {
            *id = (uint32_t)i;
            return 0;
        }
    if (array_grow((void **)&t->names, &t->cap_names, t->n_names + 1, sizeof *t->names))
        return CASUS_ENOMEM;
    const char *copy = arena_strndup(&t->mem, name, n);
    if (!copy)
        return CASUS_ENOMEM;
    t->names[t->n_names] = copy;
    *id = (uint32_t)t->n_names++;
    return 0;
}

/* Adds phrase p[0..n) (NUL at p[n]) for theme; err names path:line. */
static int add_phrase(struct kn_themes *t, uint32_t theme, const char *p, size_t n,
                      const char *path, long line, casus_error *err)
{
    if (t->tmp.reserved > ((size_t)1 << 20)) {
        arena_finish(&t->tmp);
        arena_init(&t->tmp, 0);
    }
    text_norm norm;
    casus_token *toks;
    size_t nt, nw = 0;
    casus_word *w = NULL;
    int rc = text_normalize(&t->tmp, p, n, &norm);
    if (!rc)
        rc = text_tokenize(&t->tmp, p, n, &norm, &toks, &nt, &w, &nw);
    if (rc)
        return error_set(err, rc, "%s:%ld: out of memory", path, line);
    if (nw == 0)
        return error_set(err, CASUS_EFORMAT, "%s:%ld: empty phrase", path, line);
    if (nw > KN_THEME_MAX_WORDS)
        return error_set(err, CASUS_EFORMAT, "%s:%ld: phrase \"%s\" has more than %d words", path,
                         line, p, KN_THEME_MAX_WORDS);
    uint32_t node = 0;
    char f[KN_THEME_MAX_WORD];
    for (size_t k = 0; k < nw; k++) {
        size_t fl = fold(w[k].norm, f);
        if (!fl)
            return error_set(err, CASUS_EFORMAT, "%s:%ld: phrase \"%s\": word over %d bytes", path,
                             line, p, KN_THEME_MAX_WORD);
        if (edge_put(t, node, f, fl, &node))
            return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", path, line);
    }
    if (array_grow((void **)&t->pairs, &t->cap_pairs, t->n_pairs + 1, sizeof *t->pairs))
        return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", path, line);
    t->pairs[t->n_pairs++] = (node_theme){node, theme};
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* One line of a taxonomy file: blank, "# comment" or "NAME phrase | ...". */
static int parse_line(struct kn_themes *t, char *s, const char *path, long line, casus_error *err)
{
    while (is_space(*s))
        s++;
    if (!*s || *s == '#')
        return 0;
    char *name = s;
    while (*s && !is_space(*s))
        s++;
    size_t name_len = (size_t)(s - name);
    if (name_len > KN_THEME_MAX_NAME)
        return error_set(err, CASUS_EFORMAT, "%s:%ld: theme name longer than %d bytes", path, line,
                         KN_THEME_MAX_NAME);
    for (size_t i = 0; i < name_len; i++) {
        char c = name[i];
        int ok = (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
        if (!ok)
            return error_set(err, CASUS_EFORMAT,
                             "%s:%ld: bad theme name \"%.*s\" (want [A-Z_][A-Z0-9_]*)", path, line,
                             (int)name_len, name);
    }
    while (is_space(*s))
        s++;
    if (!*s)
        return error_set(err, CASUS_EFORMAT, "%s:%ld: theme %.*s has no phrases", path, line,
                         (int)name_len, name);
    uint32_t id;
    if (theme_id(t, name, name_len, &id))
        return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", path, line);
    for (;;) {
        char *bar = strchr(s, '|');
        char *end = bar ? bar : s + strlen(s);
        char *b = s, *e = end;
        while (b < e && is_space(*b))
            b++;
        while (e > b && is_space(e[-1]))
            e--;
        if (b == e)
            return error_set(err, CASUS_EFORMAT, "%s:%ld: empty phrase in theme %s", path, line,
                             t->names[id]);
        char keep = *e;
        *e = '\0';
        int rc = add_phrase(t, id, b, (size_t)(e - b), path, line, err);
        *e = keep;
        if (rc)
            return rc;
        if (!bar)
            return 0;
        s = bar + 1;
    }
}

static int load_line(void *ctx, char *line, const char *path, long no, casus_error *err)
{
    return parse_line(ctx, line, path, no, err);
}

static int load_file(void *ctx, const char *path, casus_error *err)
{
    return files_each_line(path, KN_THEME_MAX_LINE, load_line, ctx, err);
}

static int cmp_pair(const void *a, const void *b)
{
    const node_theme *x = a, *y = b;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    return x->theme < y->theme ? -1 : x->theme > y->theme;
}

/* Turns the (node, theme) pairs into node_off/theme_ids, without
 * duplicates (a phrase listed twice for one theme). */
static int finish(struct kn_themes *t)
{
    qsort(t->pairs, t->n_pairs, sizeof *t->pairs, cmp_pair);
    t->node_off = calloc((size_t)t->n_nodes + 1, sizeof *t->node_off);
    t->theme_ids = malloc((t->n_pairs ? t->n_pairs : 1) * sizeof *t->theme_ids);
    if (!t->node_off || !t->theme_ids)
        return CASUS_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < t->n_pairs; i++) {
        if (i && t->pairs[i].node == t->pairs[i - 1].node &&
            t->pairs[i].theme == t->pairs[i - 1].theme)
            continue;
        t->theme_ids[n++] = t->pairs[i].theme;
        t->node_off[t->pairs[i].node + 1]++;
    }
    for (uint32_t k = 0; k < t->n_nodes; k++)
        t->node_off[k + 1] += t->node_off[k];
    free(t->pairs);
    t->pairs = NULL;
    t->n_pairs = t->cap_pairs = 0;
    arena_finish(&t->tmp);
    arena_init(&t->tmp, 0);
    return 0;
}

int kn_themes_load(struct kn_themes **out, const char *dict_dir, casus_error *err)
{
    *out = NULL;
    if (!dict_dir)
        return 0;
    size_t dl = strlen(dict_dir);
    char *dir = malloc(dl + sizeof "/themes");
    if (!dir)
        return error_set(err, CASUS_ENOMEM, "themes: out of memory");
    memcpy(dir, dict_dir, dl);
    memcpy(dir + dl, "/themes", sizeof "/themes");
    struct kn_themes *t = calloc(1, sizeof *t);
    if (!t) {
        free(dir);
        return error_set(err, CASUS_ENOMEM, "themes: out of memory");
    }
    arena_init(&t->mem, 0);
    arena_init(&t->tmp, 0);
    t->n_nodes = 1; /* the root */
    int rc = files_each_txt(dir, NULL, load_file, t, err);
    if (rc == CASUS_ENOENT) {
        /* no dict/themes: the layer stays empty */
        free(dir);
        kn_themes_free(t);
        return 0;
    }
    if (!rc && finish(t))
        rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", dir);
    free(dir);
    if (rc) {
        kn_themes_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

void kn_themes_free(struct kn_themes *t)
{
    if (!t)
        return;
    arena_finish(&t->mem);
    arena_finish(&t->tmp);
    free(t->names);
    free(t->edges);
    free(t->pairs);
    free(t->node_off);
    free(t->theme_ids);
    free(t);
}

size_t kn_themes_count(const struct kn_themes *t)
{
    return t ? t->n_names : 0;
}

/* ---------------------------------------------------------------- matching */

/* A word's two keys: its folded lemma and its folded form. */
typedef struct word_keys {
    char lemma[KN_THEME_MAX_WORD], form[KN_THEME_MAX_WORD];
    size_t lemma_len, form_len; /* 0: no key (too long) */
    uint32_t lemma_hash, form_hash;
    int same; /* lemma and form fold to the same bytes */
} word_keys;

static void keys_of(const casus_doc *d, size_t i, word_keys *k)
{
    k->form_len = fold(d->words[i].norm, k->form);
    k->form_hash = k->form_len ? word_hash(k->form, k->form_len) : 0;
    const char *lemma = d->syn ? d->syn[i].lemma : NULL;
    k->lemma_len = lemma ? fold(lemma, k->lemma) : 0;
    k->same = k->lemma_len == k->form_len && !memcmp(k->lemma, k->form, k->form_len);
    k->lemma_hash = k->same ? k->form_hash : k->lemma_len ? word_hash(k->lemma, k->lemma_len) : 0;
}

static uint32_t step(const struct kn_themes *t, uint32_t node, const word_keys *k)
{
    uint32_t c = 0;
    if (k->lemma_len)
        c = edge_find(t, node, k->lemma, k->lemma_len, k->lemma_hash);
    if (!c && k->form_len && !k->same)
        c = edge_find(t, node, k->form, k->form_len, k->form_hash);
    return c;
}

/* Appends a hit to d->themes, doubling the arena array as needed. */
static int push_hit(casus_doc *d, size_t *cap, const char *theme, uint32_t start, uint32_t end)
{
    if (d->n_themes == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        casus_theme_hit *a = arena_array(&d->mem, nc, sizeof *a);
        if (!a)
            return CASUS_ENOMEM;
        if (d->n_themes)
            memcpy(a, d->themes, d->n_themes * sizeof *a);
        d->themes = a;
        *cap = nc;
    }
    d->themes[d->n_themes++] = (casus_theme_hit){theme, start, end};
    return 0;
}

int kn_themes(casus_doc *d)
{
    const struct kn_themes *t = d->pipeline->knowledge ? d->pipeline->knowledge->themes : NULL;
    if (!t || !t->n_edges)
        return 0;
    size_t cap = 0;
    word_keys keys[KN_THEME_MAX_WORDS]; /* ring of the words ahead, by index mod max */
    for (size_t s = 0; s < d->n_sentences; s++) {
        size_t first = d->sentences[s].word, end = first + d->sentences[s].n_words;
        if (end > d->n_words)
            end = d->n_words;
        size_t have = first; /* keys computed for words [first, have) */
        for (size_t i = first; i < end;) {
            if (have <= i) {
                keys_of(d, i, &keys[i % KN_THEME_MAX_WORDS]);
                have = i + 1;
            }
            uint32_t node = step(t, 0, &keys[i % KN_THEME_MAX_WORDS]);
            size_t best = 0; /* words in the longest match */
            uint32_t best_node = 0;
            for (size_t j = i; node;) {
                if (t->node_off[node + 1] > t->node_off[node]) {
                    best = j - i + 1;
                    best_node = node;
                }
                if (++j >= end || j - i >= KN_THEME_MAX_WORDS)
                    break;
                if (have <= j) {
                    keys_of(d, j, &keys[j % KN_THEME_MAX_WORDS]);
                    have = j + 1;
                }
                node = step(t, node, &keys[j % KN_THEME_MAX_WORDS]);
            }
            if (!best) {
                i++;
                continue;
            }
            uint32_t a = d->words[i].start, b = d->words[i + best - 1].end;
            for (uint32_t k = t->node_off[best_node]; k < t->node_off[best_node + 1]; k++) {
                int rc = push_hit(d, &cap, t->names[t->theme_ids[k]], a, b);
                if (rc)
                    return rc;
            }
            i += best;
        }
    }
    return 0;
}
