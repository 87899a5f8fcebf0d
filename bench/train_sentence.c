/*
 * train_sentence.c — trains the sentence splitter's boundary model on a
 * CoNLL-U treebank and writes it as C source (src/text/sentence_model.c).
 *
 *   train_sentence [--bits N] [--epochs N] [--dev dev.conllu] [--errors]
 *                  train.conllu > src/text/sentence_model.c
 *
 * The raw text is rebuilt from the "# text" lines the way the evaluation
 * does (a paragraph's sentences joined by one space, a blank line at
 * "# newpar" and "# newdoc") and run through the library's own
 * text_normalize and text_tokenize, so the model learns from the tokens it
 * will see. A position after token i is labelled a boundary when a gold
 * sentence ends at that token's end offset. Positions that the rules
 * (sent_rule) settle are not trained on; the others get sent_features with
 * the gold history ("tokens since the sentence began" counts from the gold
 * start).
 *
 * Model: an averaged perceptron over hashed features in a dense table of
 * 2^bits weights, trained for a fixed number of epochs in an order shuffled
 * by a fixed-seed generator: the same data gives the same bytes. The
 * averaged weights are scaled to int8 and written out; the scores on the
 * training and the --dev file (CoNLL 2018 sentence F1: exact span match)
 * go to stderr and are computed with sent_split on the quantised table,
 * i.e. exactly what the library will do.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/sentence.h"
#include "text/text.h"
#include "util/buf.h"

typedef struct gold {
    buf text;
    uint32_t *start, *end; /* gold sentence spans */
    size_t n, cap;
} gold;

static void die(const char *msg)
{
    fprintf(stderr, "train_sentence: %s\n", msg);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

/* Reads the "# text" lines of a CoNLL-U file into g. */
static void read_conllu(const char *path, gold *g)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "train_sentence: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    buf_init(&g->text, 0);
    g->n = g->cap = 0;
    g->start = g->end = NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int par = 1;
    while ((len = getline(&line, &cap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = 0;
        if (!strncmp(line, "# newdoc", 8) || !strncmp(line, "# newpar", 8)) {
            par = 1;
        } else if (!strncmp(line, "# text = ", 9)) {
            const char *s = line + 9;
            size_t n = strlen(s);
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                n--;
            while (n && (*s == ' ' || *s == '\t'))
                s++, n--;
            if (g->text.len)
                buf_puts(&g->text, par ? "\n\n" : " ");
            if (g->n == g->cap) {
                g->cap = g->cap ? 2 * g->cap : 1024;
                g->start = xrealloc(g->start, g->cap * sizeof *g->start);
                g->end = xrealloc(g->end, g->cap * sizeof *g->end);
            }
            g->start[g->n] = (uint32_t)g->text.len;
            if (buf_append(&g->text, s, n))
                die("out of memory");
            g->end[g->n] = (uint32_t)g->text.len;
            g->n++;
            par = 0;
        }
    }
    free(line);
    fclose(f);
}

typedef struct tokd {
    arena mem;
    sent_input in;
} tokd;

static void tokenize_gold(const gold *g, tokd *t)
{
    arena_init(&t->mem, 0);
    text_norm norm;
    casus_token *tokens;
    casus_word *words;
    size_t nt, nw;
    if (text_normalize(&t->mem, g->text.data, g->text.len, &norm) ||
        text_tokenize(&t->mem, g->text.data, g->text.len, &norm, &tokens, &nt, &words, &nw))
        die("tokenizer failed");
    t->in = (sent_input){.text = g->text.data, .len = g->text.len, .tokens = tokens,
                         .n_tokens = nt, .words = words, .n_words = nw};
}

/* Marks tokens whose end is a gold sentence end; counts unreachable ends. */
static uint8_t *label(const gold *g, const sent_input *in, size_t *missed)
{
    uint8_t *y = calloc(in->n_tokens + 1, 1);
    if (!y)
        die("out of memory");
    size_t k = 0;
    *missed = 0;
    for (size_t s = 0; s < g->n; s++) {
        while (k < in->n_tokens && in->tokens[k].end < g->end[s])
            k++;
        if (k < in->n_tokens && in->tokens[k].end == g->end[s])
            y[k] = 1;
        else
            (*missed)++;
    }
    return y;
}

/* ---------------------------------------------------------------- examples */

typedef struct examples {
    uint32_t *feat; /* SENT_MAX_FEATS per example */
    uint8_t *nfeat;
    int8_t *y;
    size_t n, cap;
} examples;

typedef struct rule_stats {
    size_t yes_ok, yes_bad, no_ok, no_bad, par_ok, par_bad;
    int show; /* print the positions where a rule is wrong */
} rule_stats;

/* Walks the tokens the way sent_split does, with the gold history. */
static void collect(const sent_input *in, const uint8_t *y, examples *ex, rule_stats *st)
{
    size_t nt = in->n_tokens;
    sent_tok *tok = malloc((nt + 1) * sizeof *tok);
    unsigned *brk = malloc((nt + 1) * sizeof *brk);
    if (!tok || !brk)
        die("out of memory");
    for (size_t i = 0; i < nt; i++) {
        brk[i] = sent_breaks(in, i);
        sent_tok_describe(in, i, brk[i], &tok[i]);
        sent_tok_hash(in, i, &tok[i]);
    }
    size_t first = 0;
    for (size_t i = 0; i < nt; i++) {
        if (brk[i] >= 2) {
            if (y[i])
                st->par_ok++;
            else
                st->par_bad++;
            first = i + 1;
            continue;
        }
        const sent_tok *prev = i > first ? &tok[i - 1] : NULL;
        size_t since = i + 1 - first;
        int r = sent_rule(prev, &tok[i], &tok[i + 1], since);
        if (st->show && r != SENT_ASK && r != y[i]) {
            size_t e = in->tokens[i].end, a = e > 40 ? e - 40 : 0;
            size_t b = e + 30 < in->len ? e + 30 : in->len;
            fprintf(stderr, "rule %s: ", r == SENT_YES ? "yes" : "no");
            for (size_t x = a; x < b; x++) {
                if (x == e)
                    fputs(" || ", stderr);
                fputc(in->text[x] == '\n' ? '|' : in->text[x], stderr);
            }
            fputc('\n', stderr);
        }
        if (r == SENT_YES) {
            if (y[i])
                st->yes_ok++;
            else
                st->yes_bad++;
        } else if (r == SENT_NO) {
            if (y[i])
                st->no_bad++;
            else
                st->no_ok++;
        } else {
            if (ex->n == ex->cap) {
                ex->cap = ex->cap ? 2 * ex->cap : 65536;
                ex->feat = xrealloc(ex->feat, ex->cap * SENT_MAX_FEATS * sizeof *ex->feat);
                ex->nfeat = xrealloc(ex->nfeat, ex->cap);
                ex->y = xrealloc(ex->y, ex->cap);
            }
            const sent_tok *next2 = brk[i + 1] < 2 ? &tok[i + 2] : NULL;
            ex->nfeat[ex->n] = (uint8_t)sent_features(prev, &tok[i], &tok[i + 1], next2, since,
                                                      ex->feat + ex->n * SENT_MAX_FEATS);
            ex->y[ex->n] = y[i] ? 1 : -1;
            ex->n++;
        }
        if (y[i])
            first = i + 1;
    }
    free(tok);
    free(brk);
}

/* ---------------------------------------------------------------- training */

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint64_t rng(void)
{
    /* xorshift64*: fixed seed, so training is reproducible */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static double *train(const examples *ex, unsigned bits, int epochs, int min_count)
{
    size_t size = (size_t)1 << bits, mask = size - 1;
    double *w = calloc(size, sizeof *w), *u = calloc(size, sizeof *u);
    size_t *order = malloc((ex->n + 1) * sizeof *order);
    if (!w || !u || !order)
        die("out of memory");
    for (size_t i = 0; i < ex->n; i++)
        order[i] = i;
    double c = 1;
    for (int e = 0; e < epochs; e++) {
        for (size_t i = ex->n; i > 1; i--) {
            size_t j = (size_t)(rng() % i);
            size_t t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        size_t wrong = 0;
        for (size_t k = 0; k < ex->n; k++) {
            size_t i = order[k];
            const uint32_t *f = ex->feat + i * SENT_MAX_FEATS;
            double s = 0;
            for (size_t j = 0; j < ex->nfeat[i]; j++)
                s += w[f[j] & mask];
            int y = ex->y[i];
            if ((s > 0 ? 1 : -1) != y) {
                wrong++;
                for (size_t j = 0; j < ex->nfeat[i]; j++) {
                    w[f[j] & mask] += y;
                    u[f[j] & mask] += y * c;
                }
            }
            c++;
        }
        fprintf(stderr, "epoch %d: %zu of %zu wrong\n", e + 1, wrong, ex->n);
    }
    for (size_t i = 0; i < size; i++)
        w[i] -= u[i] / c;
    /* A weight seen in fewer than min_count positions is noise learnt by
     * heart: drop it, so that rare contexts fall back on general ones. */
    if (min_count > 1) {
        uint32_t *seen = calloc(size, sizeof *seen);
        if (!seen)
            die("out of memory");
        for (size_t i = 0; i < ex->n; i++)
            for (size_t j = 0; j < ex->nfeat[i]; j++)
                seen[ex->feat[i * SENT_MAX_FEATS + j] & mask]++;
        for (size_t i = 0; i < size; i++)
            if (seen[i] < (uint32_t)min_count)
                w[i] = 0;
        free(seen);
    }
    free(u);
    free(order);
    return w;
}

static int8_t *quantise(const double *w, unsigned bits, double *scale_out)
{
    size_t size = (size_t)1 << bits;
    double max = 0;
    for (size_t i = 0; i < size; i++)
        if (fabs(w[i]) > max)
            max = fabs(w[i]);
    double scale = max > 0 ? 127.0 / max : 1;
    int8_t *q = malloc(size * sizeof *q);
    if (!q)
        die("out of memory");
    for (size_t i = 0; i < size; i++)
        q[i] = (int8_t)lrint(w[i] * scale);
    *scale_out = scale;
    return q;
}

/* ---------------------------------------------------------------- scoring */

static void evaluate(const char *name, const gold *g, const sent_input *in, const sent_model *m,
                     int show_errors)
{
    arena mem;
    arena_init(&mem, 0);
    casus_sentence *s;
    size_t ns;
    if (sent_split(m, &mem, in, &s, &ns))
        die("split failed");
    size_t ok = 0, i = 0, j = 0;
    while (i < ns && j < g->n) {
        if (s[i].start == g->start[j] && s[i].end == g->end[j]) {
            ok++, i++, j++;
        } else if (s[i].end < g->end[j]) {
            i++;
        } else if (s[i].end > g->end[j]) {
            j++;
        } else {
            i++, j++;
        }
    }
    double p = ns ? (double)ok / (double)ns : 0, r = g->n ? (double)ok / (double)g->n : 0;
    fprintf(stderr, "%s: gold %zu, system %zu, correct %zu: P %.2f R %.2f F1 %.2f\n", name,
            g->n, ns, ok, 100 * p, 100 * r, p + r > 0 ? 200 * p * r / (p + r) : 0);
    if (show_errors) {
        /* boundaries the system put where gold has none (+) or missed (-) */
        uint8_t *sys = calloc(g->text.len + 1, 1), *ref = calloc(g->text.len + 1, 1);
        if (!sys || !ref)
            die("out of memory");
        for (size_t k = 0; k < ns; k++)
            sys[s[k].end] = 1;
        for (size_t k = 0; k < g->n; k++)
            ref[g->end[k]] = 1;
        for (size_t k = 0; k <= g->text.len; k++) {
            if (sys[k] == ref[k])
                continue;
            size_t a = k > 50 ? k - 50 : 0, b = k + 40 < g->text.len ? k + 40 : g->text.len;
            fputc(sys[k] ? '+' : '-', stderr);
            fputc(' ', stderr);
            for (size_t x = a; x < b; x++) {
                if (x == k)
                    fputs(" || ", stderr);
                fputc(g->text.data[x] == '\n' ? '|' : g->text.data[x], stderr);
            }
            fputc('\n', stderr);
        }
        free(sys);
        free(ref);
    }
    arena_finish(&mem);
}

static void free_all(gold *g, tokd *t, uint8_t *y, examples *ex)
{
    buf_finish(&g->text);
    free(g->start);
    free(g->end);
    arena_finish(&t->mem);
    free(y);
    free(ex->feat);
    free(ex->nfeat);
    free(ex->y);
}

/* ---------------------------------------------------------------- output */

static void write_model(const int8_t *q, unsigned bits, double scale, const char *train_path,
                        int epochs)
{
    size_t size = (size_t)1 << bits, nz = 0;
    for (size_t i = 0; i < size; i++)
        nz += q[i] != 0;
    printf("/*\n * sentence_model.c — GENERATED by bench/train_sentence.c; do not edit.\n"
           " *\n * The sentence splitter's boundary model: an averaged perceptron over\n"
           " * hashed features (sent_features), as a dense table of 2^%u int8\n"
           " * weights (%zu non-zero), the float weights times %.4f. A position is a\n"
           " * boundary when the sum of its features' weights is positive.\n *\n"
           " * Trained on %s, %d epochs.\n"
           " * Regenerate: see docs/SENTENCE.md.\n */\n",
           bits, nz, scale, strrchr(train_path, '/') ? strrchr(train_path, '/') + 1 : train_path,
           epochs);
    printf("#include \"text/sentence.h\"\n\n");
    printf("static const int8_t weights[%zu] = {\n", size);
    int col = 0;
    for (size_t i = 0; i < size; i++) {
        char num[16];
        int n = snprintf(num, sizeof num, "%d,", q[i]);
        if (col + n > 99) {
            printf("\n");
            col = 0;
        }
        fputs(num, stdout);
        col += n;
    }
    printf("\n};\n\nconst sent_model sent_model_ewt = {weights, %u};\n", bits);
}

int main(int argc, char **argv)
{
    unsigned bits = 15;
    int epochs = 10, show_errors = 0, min_count = 1;
    const char *dev_path = NULL, *train_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--bits") && i + 1 < argc)
            bits = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--epochs") && i + 1 < argc)
            epochs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--min-count") && i + 1 < argc)
            min_count = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--dev") && i + 1 < argc)
            dev_path = argv[++i];
        else if (!strcmp(argv[i], "--errors"))
            show_errors = 1;
        else if (argv[i][0] != '-' && !train_path)
            train_path = argv[i];
        else
            die("usage: train_sentence [--bits N] [--epochs N] [--dev dev.conllu] [--errors] "
                "train.conllu > sentence_model.c");
    }
    if (!train_path || bits < 8 || bits > 24 || epochs < 1)
        die("usage: train_sentence [--bits 8..24] [--epochs N] [--dev dev.conllu] [--errors] "
            "train.conllu > sentence_model.c");

    gold g;
    tokd t;
    size_t missed;
    read_conllu(train_path, &g);
    tokenize_gold(&g, &t);
    uint8_t *y = label(&g, &t.in, &missed);
    fprintf(stderr, "train: %zu sentences, %zu tokens, %zu ends inside a token\n", g.n,
            t.in.n_tokens, missed);
    examples ex = {0};
    rule_stats st = {.show = show_errors};
    collect(&t.in, y, &ex, &st);
    fprintf(stderr,
            "rules: paragraph %zu ok %zu wrong; yes %zu ok %zu wrong; no %zu ok %zu wrong; "
            "model decides %zu positions\n",
            st.par_ok, st.par_bad, st.yes_ok, st.yes_bad, st.no_ok, st.no_bad, ex.n);

    double *w = train(&ex, bits, epochs, min_count), scale;
    int8_t *q = quantise(w, bits, &scale);
    sent_model m = {q, bits};
    evaluate("train", &g, &t.in, &m, 0);

    if (dev_path) {
        gold dg;
        tokd dt;
        read_conllu(dev_path, &dg);
        tokenize_gold(&dg, &dt);
        uint8_t *dy = label(&dg, &dt.in, &missed);
        fprintf(stderr, "dev: %zu sentences, %zu ends inside a token\n", dg.n, missed);
        examples dex = {0};
        rule_stats dst = {.show = show_errors};
        collect(&dt.in, dy, &dex, &dst);
        fprintf(stderr,
                "dev rules: paragraph %zu ok %zu wrong; yes %zu ok %zu wrong; no %zu ok %zu "
                "wrong\n",
                dst.par_ok, dst.par_bad, dst.yes_ok, dst.yes_bad, dst.no_ok, dst.no_bad);
        evaluate("dev", &dg, &dt.in, &m, show_errors);
        free_all(&dg, &dt, dy, &dex);
    }
    write_model(q, bits, scale, train_path, epochs);
    free_all(&g, &t, y, &ex);
    free(w);
    free(q);
    return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
