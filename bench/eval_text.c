/*
 * eval_text.c — scores the text layer (tokens, words, sentences) against a
 * UD treebank, CoNLL 2018 shared-task style.
 *
 *   eval_text GOLD.conllu [--raw-out FILE] [--errors N] [--system SYS.conllu]
 *                         [--whole]
 *
 * Input: a gold CoNLL-U file. The raw text is rebuilt from its "# text"
 * lines: the sentences of a paragraph joined by one space, a blank line
 * ("\n\n") at each "# newpar" and "# newdoc". Each "# newdoc" starts a new
 * article (documents are independent); --whole runs the whole file as one
 * article instead. The real pipeline (casus_doc_process) runs on that raw
 * text; --system instead reads another CoNLL-U file (e.g. another tool's
 * output, or the gold file itself, which must score 100/100/100) and
 * locates its tokens in the rebuilt text.
 *
 * Output: a table of precision, recall and F1 for Tokens, Words and
 * Sentences, with counts. --errors N adds up to N examples of each kind of
 * mismatch, one per line so they can be sorted and counted:
 *   T  gold=[15][-][year]  sys=[15-year]  ctx=... for a <<15-year>> term ...
 *   W  gold=[do][n't]  sys=[don't]
 *   S- missed boundary:   ...left text||right text...
 *   S+ spurious boundary: ...left text||right text...
 * --raw-out writes the rebuilt text (documents separated by a blank line).
 *
 * Design: every span is a byte range [start, end) in one global text (all
 * documents joined by "\n\n"), so whitespace never belongs to a span and
 * gold and system spans compare directly. Gold tokens are found by
 * searching forward for their forms in their sentence's "# text". Words are
 * aligned as the CoNLL 2018 script does: outside multiword tokens by span;
 * inside a region of overlapping multiword tokens by the longest common
 * subsequence of lower-cased forms.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casus.h"

/* ---------------------------------------------------------------- vectors */

typedef struct span {
    uint32_t start, end;
} span;

typedef struct eword {
    uint32_t start, end; /* for a word of a multiword token: the token's span */
    int multi;
    char *form; /* malloc'ed */
} eword;

typedef struct seg {
    span *tok;
    size_t n_tok, cap_tok;
    eword *word;
    size_t n_word, cap_word;
    span *sent;
    size_t n_sent, cap_sent;
} seg;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "eval_text: out of memory\n");
        exit(2);
    }
    return q;
}

#define PUSH(arr, n, cap, val)                                                                     \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? 2 * (cap) : 1024;                                                      \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));                                        \
        }                                                                                          \
        (arr)[(n)++] = (val);                                                                      \
    } while (0)

static char *xstrndup(const char *s, size_t n)
{
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static void seg_free(seg *s)
{
    for (size_t i = 0; i < s->n_word; i++)
        free(s->word[i].form);
    free(s->tok);
    free(s->word);
    free(s->sent);
}

/* The global raw text. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void text_put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        while (t->len + n + 1 > t->cap)
            t->cap = t->cap ? 2 * t->cap : 1 << 16;
        t->s = xrealloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = 0;
}

typedef struct docspan {
    size_t start, end;
    char *id;
} docspan;

/* ---------------------------------------------------------------- CoNLL-U */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    char *s = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = cap ? 2 * cap : 1 << 20;
            s = xrealloc(s, cap);
        }
        size_t k = fread(s + n, 1, 65536, f);
        n += k;
        if (k < 65536)
            break;
    }
    fclose(f);
    s[n] = 0;
    *len = n;
    return s;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static size_t n_unlocated;

/* memmem is a GNU extension; a plain search is fast enough here. */
static const char *find(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || nn > hn)
        return NULL;
    for (size_t i = 0; i + nn <= hn; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nn) == 0)
            return hay + i;
    return NULL;
}

/*
 * Finds form in t->s starting at *cur and before lim: first right after
 * whitespace, else anywhere ahead. Returns its span and moves *cur past it.
 */
static span locate(const text *t, size_t *cur, size_t lim, const char *form, size_t n,
                   const char *where)
{
    size_t p = *cur;
    while (p < lim && is_space((unsigned char)t->s[p]))
        p++;
    span sp;
    if (p + n <= lim && memcmp(t->s + p, form, n) == 0) {
        sp.start = (uint32_t)p;
    } else {
        const char *q = NULL;
        if (p < lim && n)
            q = find(t->s + p, lim - p, form, n);
        if (!q) {
            if (n_unlocated++ < 10)
                fprintf(stderr, "eval_text: %s: cannot find token \"%.*s\" in the text\n", where,
                        (int)n, form);
            sp.start = (uint32_t)p;
            sp.end = (uint32_t)(p + n <= lim ? p + n : lim);
            *cur = sp.end;
            return sp;
        }
        sp.start = (uint32_t)(q - t->s);
    }
    sp.end = (uint32_t)(sp.start + n);
    *cur = sp.end;
    return sp;
}

/* Field k (0-based, tab-separated) of line[0..n) into *f, *fn. */
static int field(const char *line, size_t n, int k, const char **f, size_t *fn)
{
    size_t i = 0;
    for (int j = 0; j < k; j++) {
        const char *tab = memchr(line + i, '\t', n - i);
        if (!tab)
            return 0;
        i = (size_t)(tab - line) + 1;
    }
    const char *tab = memchr(line + i, '\t', n - i);
    *f = line + i;
    *fn = tab ? (size_t)(tab - line) - i : n - i;
    return 1;
}

static int starts(const char *line, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(line, prefix, k) == 0;
}

/*
 * Reads a CoNLL-U file into s. With build set (gold), the raw text is built
 * from its "# text" lines into t, documents recorded in docs; otherwise the
 * tokens are located in the existing t, in order.
 */
static void read_conllu(const char *path, int build, text *t, docspan **docs, size_t *n_docs,
                        seg *s)
{
    size_t len;
    char *data = read_file(path, &len);
    size_t cap_docs = 0;
    size_t cur = 0, lim = t->len;     /* search window for tokens */
    size_t sent_first_tok = SIZE_MAX; /* first token of the current sentence */
    int newpar = 0, in_doc = 0, doc_has_sent = 0;
    long mwt_last = 0; /* last word id of the open multiword token */
    uint32_t mwt_start = 0, mwt_end = 0;
    long lineno = 0;
    char where[256];

    for (size_t i = 0; i <= len;) {
        const char *line = data + i;
        const char *nl = i < len ? memchr(line, '\n', len - i) : NULL;
        size_t n = nl ? (size_t)(nl - line) : len - i;
        i += n + 1;
        lineno++;
        if (n && line[n - 1] == '\r')
            n--;
        snprintf(where, sizeof where, "%s:%ld", path, lineno);
        if (n == 0) { /* end of sentence */
            if (sent_first_tok != SIZE_MAX && s->n_tok > sent_first_tok) {
                span sp = {s->tok[sent_first_tok].start, s->tok[s->n_tok - 1].end};
                PUSH(s->sent, s->n_sent, s->cap_sent, sp);
            }
            sent_first_tok = SIZE_MAX;
            mwt_last = 0;
            if (i > len)
                break;
            continue;
        }
        if (line[0] == '#') {
            if (!build)
                continue;
            if (starts(line, n, "# newdoc")) {
                if (in_doc)
                    (*docs)[*n_docs - 1].end = t->len;
                if (t->len)
                    text_put(t, "\n\n", 2);
                const char *id = "";
                size_t idn = 0;
                const char *eq = memchr(line, '=', n);
                if (eq) {
                    id = eq + 1;
                    while (*id == ' ')
                        id++;
                    idn = n - (size_t)(id - line);
                }
                docspan d = {t->len, t->len, xstrndup(id, idn)};
                PUSH(*docs, *n_docs, cap_docs, d);
                in_doc = 1;
                doc_has_sent = 0;
            } else if (starts(line, n, "# newpar")) {
                newpar = 1;
            } else if (starts(line, n, "# text = ")) {
                if (!in_doc) {
                    docspan d = {t->len, t->len, xstrndup("doc", 3)};
                    PUSH(*docs, *n_docs, cap_docs, d);
                    in_doc = 1;
                    doc_has_sent = 0;
                }
                if (doc_has_sent)
                    text_put(t, newpar ? "\n\n" : " ", newpar ? 2 : 1);
                newpar = 0;
                doc_has_sent = 1;
                cur = t->len;
                text_put(t, line + 9, n - 9);
                lim = t->len;
            }
            continue;
        }
        const char *id, *form;
        size_t idn, formn;
        if (!field(line, n, 0, &id, &idn) || !field(line, n, 1, &form, &formn)) {
            fprintf(stderr, "eval_text: %s: not a CoNLL-U line\n", where);
            continue;
        }
        if (memchr(id, '.', idn)) /* empty node */
            continue;
        if (sent_first_tok == SIZE_MAX)
            sent_first_tok = s->n_tok;
        const char *dash = memchr(id, '-', idn);
        if (dash) {
            span sp = locate(t, &cur, lim, form, formn, where);
            PUSH(s->tok, s->n_tok, s->cap_tok, sp);
            mwt_last = strtol(dash + 1, NULL, 10);
            mwt_start = sp.start;
            mwt_end = sp.end;
            continue;
        }
        long wid = strtol(id, NULL, 10);
        eword w;
        w.form = xstrndup(form, formn);
        if (wid <= mwt_last) {
            w.start = mwt_start;
            w.end = mwt_end;
            w.multi = 1;
        } else {
            span sp = locate(t, &cur, lim, form, formn, where);
            PUSH(s->tok, s->n_tok, s->cap_tok, sp);
            w.start = sp.start;
            w.end = sp.end;
            w.multi = 0;
        }
        PUSH(s->word, s->n_word, s->cap_word, w);
    }
    if (build && in_doc)
        (*docs)[*n_docs - 1].end = t->len;
    free(data);
}

/* ---------------------------------------------------------------- system */

static void add_doc(seg *s, const casus_text_view *v, uint32_t off)
{
    for (size_t si = 0; si < v->n_sentences; si++) {
        const casus_sentence *st = &v->sentences[si];
        if (!st->n_tokens)
            continue;
        span sp = {v->tokens[st->token].start + off,
                   v->tokens[st->token + st->n_tokens - 1].end + off};
        PUSH(s->sent, s->n_sent, s->cap_sent, sp);
    }
    for (size_t ti = 0; ti < v->n_tokens; ti++) {
        const casus_token *tk = &v->tokens[ti];
        span sp = {tk->start + off, tk->end + off};
        PUSH(s->tok, s->n_tok, s->cap_tok, sp);
        for (uint32_t wi = tk->word; wi < tk->word + tk->n_words; wi++) {
            eword w = {sp.start, sp.end, tk->n_words > 1,
                       xstrndup(v->words[wi].form, strlen(v->words[wi].form))};
            PUSH(s->word, s->n_word, s->cap_word, w);
        }
    }
}

static int run_pipeline(const text *t, const docspan *docs, size_t n_docs, int whole, seg *s)
{
    casus_pipeline *p;
    casus_error err;
    if (casus_pipeline_new(&p, NULL, &err)) {
        fprintf(stderr, "eval_text: %s\n", err.msg);
        return -1;
    }
    docspan all = {0, t->len, (char *)"all"};
    if (whole) {
        docs = &all;
        n_docs = 1;
    }
    for (size_t i = 0; i < n_docs; i++) {
        casus_article *a = casus_article_new(docs[i].id, "", "", "", t->s + docs[i].start,
                                             docs[i].end - docs[i].start);
        if (!a) {
            fprintf(stderr, "eval_text: out of memory\n");
            return -1;
        }
        casus_doc *d;
        if (casus_doc_process(p, a, &d, &err)) {
            fprintf(stderr, "eval_text: %s\n", err.msg);
            casus_article_free(a);
            continue;
        }
        casus_text_view v;
        casus_doc_text(d, &v);
        add_doc(s, &v, (uint32_t)docs[i].start);
        casus_doc_free(d);
        casus_article_free(a);
    }
    casus_pipeline_free(p);
    return 0;
}

/* ---------------------------------------------------------------- scoring */

typedef struct score {
    size_t gold, sys, correct;
} score;

static score spans_score(const span *g, size_t ng, const span *y, size_t ny)
{
    score sc = {ng, ny, 0};
    size_t gi = 0, si = 0;
    while (gi < ng && si < ny) {
        if (y[si].start < g[gi].start)
            si++;
        else if (g[gi].start < y[si].start)
            gi++;
        else {
            sc.correct += g[gi].end == y[si].end;
            gi++;
            si++;
        }
    }
    return sc;
}

static int beyond_end(const eword *w, size_t n, size_t i, uint32_t end)
{
    if (i >= n)
        return 1;
    if (w[i].multi)
        return w[i].start >= end;
    return w[i].end > end;
}

static uint32_t extend_end(const eword *w, uint32_t end)
{
    return w->multi && w->end > end ? w->end : end;
}

static int form_eq(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

/* ---------------------------------------------------------------- errors */

static const text *g_text;

static void put_ctx(FILE *f, size_t a, size_t b, size_t width)
{
    size_t lo = a > width ? a - width : 0, hi = b + width < g_text->len ? b + width : g_text->len;
    for (size_t i = lo; i < hi; i++) {
        if (i == a)
            fputs("<<", f);
        if (i == b)
            fputs(">>", f);
        char c = g_text->s[i];
        fputc(c == '\n' ? '/' : c, f);
    }
    if (b >= hi)
        fputs(">>", f);
}

static void put_spans(FILE *f, const span *v, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        fprintf(f, "[%.*s]", (int)(v[i].end - v[i].start), g_text->s + v[i].start);
}

static void token_errors(const seg *g, const seg *y, size_t max)
{
    size_t gi = 0, si = 0, shown = 0, regions = 0;
    while (gi < g->n_tok && si < y->n_tok) {
        if (g->tok[gi].start == y->tok[si].start && g->tok[gi].end == y->tok[si].end) {
            gi++;
            si++;
            continue;
        }
        size_t g0 = gi, s0 = si;
        uint32_t a = g->tok[gi].start < y->tok[si].start ? g->tok[gi].start : y->tok[si].start;
        uint32_t ge = g->tok[gi++].end, se = y->tok[si++].end;
        while (ge != se) {
            if (ge < se) {
                if (gi >= g->n_tok)
                    break;
                ge = g->tok[gi++].end;
            } else {
                if (si >= y->n_tok)
                    break;
                se = y->tok[si++].end;
            }
        }
        regions++;
        if (shown < max) {
            shown++;
            fputs("T  gold=", stdout);
            put_spans(stdout, g->tok, g0, gi);
            fputs("  sys=", stdout);
            put_spans(stdout, y->tok, s0, si);
            fputs("  ctx=", stdout);
            put_ctx(stdout, a, ge > se ? ge : se, 30);
            fputc('\n', stdout);
        }
    }
    if (max)
        printf("(%zu token error regions)\n", regions);
}

static void put_words(FILE *f, const eword *w, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        fprintf(f, "[%s]", w[i].form);
}

/* The CoNLL 2018 word alignment; prints up to max mismatching multiword regions. */
static score words_score(const seg *gs_, const seg *ys_, size_t max)
{
    const eword *g = gs_->word, *y = ys_->word;
    size_t ng = gs_->n_word, ny = ys_->n_word;
    score sc = {ng, ny, 0};
    size_t gi = 0, si = 0, shown = 0, regions = 0;
    int *lcs = NULL;
    size_t lcs_cap = 0;
    while (gi < ng && si < ny) {
        if (g[gi].multi || y[si].multi) {
            uint32_t end;
            if (g[gi].multi) {
                end = g[gi].end;
                if (!y[si].multi && y[si].start < g[gi].start)
                    si++;
            } else {
                end = y[si].end;
                if (!g[gi].multi && g[gi].start < y[si].start)
                    gi++;
            }
            size_t gs = gi, ss = si;
            while (!beyond_end(g, ng, gi, end) || !beyond_end(y, ny, si, end)) {
                if (gi < ng && (si >= ny || g[gi].start <= y[si].start)) {
                    end = extend_end(&g[gi], end);
                    gi++;
                } else {
                    end = extend_end(&y[si], end);
                    si++;
                }
            }
            size_t G = gi - gs, S = si - ss, got = 0;
            if (G && S) {
                if ((G + 1) * (S + 1) > lcs_cap) {
                    lcs_cap = (G + 1) * (S + 1);
                    lcs = xrealloc(lcs, lcs_cap * sizeof *lcs);
                }
#define L(a, b) lcs[(a) * (S + 1) + (b)]
                for (size_t a = 0; a <= G; a++)
                    L(a, S) = 0;
                for (size_t b = 0; b <= S; b++)
                    L(G, b) = 0;
                for (size_t a = G; a-- > 0;)
                    for (size_t b = S; b-- > 0;) {
                        int v = 0;
                        if (form_eq(g[gs + a].form, y[ss + b].form))
                            v = 1 + L(a + 1, b + 1);
                        if (L(a + 1, b) > v)
                            v = L(a + 1, b);
                        if (L(a, b + 1) > v)
                            v = L(a, b + 1);
                        L(a, b) = v;
                    }
                size_t a = 0, b = 0;
                while (a < G && b < S) {
                    if (form_eq(g[gs + a].form, y[ss + b].form)) {
                        got++;
                        a++;
                        b++;
                    } else if (L(a, b) == L(a + 1, b)) {
                        a++;
                    } else {
                        b++;
                    }
                }
#undef L
            }
            sc.correct += got;
            if (got != G || got != S) {
                regions++;
                if (shown < max) {
                    shown++;
                    fputs("W  gold=", stdout);
                    put_words(stdout, g, gs, gi);
                    fputs("  sys=", stdout);
                    put_words(stdout, y, ss, si);
                    fputc('\n', stdout);
                }
            }
        } else if (g[gi].start == y[si].start && g[gi].end == y[si].end) {
            sc.correct++;
            gi++;
            si++;
        } else if (g[gi].start <= y[si].start) {
            gi++;
        } else {
            si++;
        }
    }
    free(lcs);
    if (max)
        printf("(%zu multiword error regions)\n", regions);
    return sc;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Prints sentence boundaries (sentence ends) present in one side only. */
static void sentence_errors(const seg *g, const seg *y, size_t max)
{
    uint32_t *ge = xrealloc(NULL, (g->n_sent + 1) * sizeof *ge);
    uint32_t *ye = xrealloc(NULL, (y->n_sent + 1) * sizeof *ye);
    for (size_t i = 0; i < g->n_sent; i++)
        ge[i] = g->sent[i].end;
    for (size_t i = 0; i < y->n_sent; i++)
        ye[i] = y->sent[i].end;
    qsort(ge, g->n_sent, sizeof *ge, cmp_u32);
    qsort(ye, y->n_sent, sizeof *ye, cmp_u32);
    size_t i = 0, j = 0, missed = 0, spurious = 0;
    while (i < g->n_sent || j < y->n_sent) {
        int side;
        uint32_t at;
        if (j >= y->n_sent || (i < g->n_sent && ge[i] < ye[j])) {
            side = -1;
            at = ge[i++];
        } else if (i >= g->n_sent || ye[j] < ge[i]) {
            side = 1;
            at = ye[j++];
        } else {
            i++;
            j++;
            continue;
        }
        size_t *cnt = side < 0 ? &missed : &spurious;
        if ((*cnt)++ < max) {
            size_t lo = at > 50 ? at - 50 : 0, hi = at + 50 < g_text->len ? at + 50 : g_text->len;
            fputs(side < 0 ? "S- missed boundary:   " : "S+ spurious boundary: ", stdout);
            for (size_t k = lo; k < hi; k++) {
                if (k == at)
                    fputs("||", stdout);
                char c = g_text->s[k];
                fputc(c == '\n' ? '/' : c, stdout);
            }
            fputc('\n', stdout);
        }
    }
    if (max)
        printf("(%zu missed, %zu spurious sentence boundaries)\n", missed, spurious);
    free(ge);
    free(ye);
}

static void print_row(const char *name, score sc)
{
    double p = sc.sys ? 100.0 * (double)sc.correct / (double)sc.sys : 0;
    double r = sc.gold ? 100.0 * (double)sc.correct / (double)sc.gold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("%-10s %8zu %8zu %8zu %9.2f %8.2f %8.2f\n", name, sc.gold, sc.sys, sc.correct, p, r, f);
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fprintf(stderr, "usage: eval_text GOLD.conllu [--raw-out FILE] [--errors N] "
                    "[--system SYS.conllu] [--whole]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *gold_path = NULL, *raw_out = NULL, *sys_path = NULL;
    size_t max_err = 0;
    int whole = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--raw-out") && i + 1 < argc)
            raw_out = argv[++i];
        else if (!strcmp(argv[i], "--errors") && i + 1 < argc)
            max_err = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--system") && i + 1 < argc)
            sys_path = argv[++i];
        else if (!strcmp(argv[i], "--whole"))
            whole = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            usage();
        else if (!gold_path)
            gold_path = argv[i];
        else
            usage();
    }
    if (!gold_path)
        usage();

    text t = {0};
    docspan *docs = NULL;
    size_t n_docs = 0;
    seg gold = {0}, sys = {0};
    read_conllu(gold_path, 1, &t, &docs, &n_docs, &gold);
    if (!t.s)
        text_put(&t, "", 0);
    g_text = &t;

    if (raw_out) {
        FILE *f = fopen(raw_out, "wb");
        if (!f || fwrite(t.s, 1, t.len, f) != t.len || fputc('\n', f) == EOF || fclose(f)) {
            perror(raw_out);
            return 2;
        }
    }
    if (sys_path)
        read_conllu(sys_path, 0, &t, NULL, NULL, &sys);
    else if (run_pipeline(&t, docs, n_docs, whole, &sys))
        return 2;

    if (max_err)
        token_errors(&gold, &sys, max_err);
    score tok = spans_score(gold.tok, gold.n_tok, sys.tok, sys.n_tok);
    score wrd = words_score(&gold, &sys, max_err);
    if (max_err)
        sentence_errors(&gold, &sys, max_err);
    score snt = spans_score(gold.sent, gold.n_sent, sys.sent, sys.n_sent);

    printf("%s: %zu documents, %zu bytes of text%s\n", gold_path, n_docs, t.len,
           whole ? " (one article)" : "");
    printf("%-10s %8s %8s %8s %9s %8s %8s\n", "metric", "gold", "system", "correct", "precision",
           "recall", "F1");
    print_row("Tokens", tok);
    print_row("Words", wrd);
    print_row("Sentences", snt);
    if (n_unlocated)
        printf("warning: %zu tokens not found in the text\n", n_unlocated);

    for (size_t i = 0; i < n_docs; i++)
        free(docs[i].id);
    free(docs);
    seg_free(&gold);
    seg_free(&sys);
    free(t.s);
    return 0;
}
