/*
 * eval.c — scoring the pipeline against a gold CoNLL-U treebank.
 *
 * With gold tokens the syntax stage sees the treebank's own words, so the
 * scores are plain accuracies. From raw text (CoNLL-2018 shared-task
 * style) the text of each document is rebuilt from its "# text" lines, run
 * through the whole pipeline, and system and gold are aligned by character
 * offsets: tokens and sentences match when their spans are equal; words
 * match inside tokens of equal span (position by position when both split
 * the token into as many words, else by the longest common subsequence of
 * their lower-cased forms, as the shared task's script does). Tag, lemma and
 * attachment scores count aligned words only, so they are F1 scores over
 * all gold and system words. A head is right when the system head is
 * aligned to the gold head (or both are the root).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "syntax/conllu.h"
#include "syntax/stage.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct gword {
    uint32_t tok_start, tok_end; /* the surface token's span in the rebuilt text */
    uint32_t tok;                /* gold token index (document) */
    const conllu_word *w;
    int32_t head; /* gold head as a document word index, -1 = root */
} gword;

typedef struct span {
    uint32_t start, end;
} span;

static void count_tags(casus_eval_scores *sc, const conllu_word *g, const casus_word_syntax *y,
                       int head_ok)
{
    sc->upos.correct += !strcmp(g->upos, y->upos ? y->upos : "_");
    sc->xpos.correct += !strcmp(g->xpos, y->xpos ? y->xpos : "_");
    sc->feats.correct += !strcmp(g->feats, y->feats && *y->feats ? y->feats : "_");
    sc->lemma.correct += !strcmp(g->lemma, y->lemma ? y->lemma : "_");
    sc->uas.correct += head_ok;
    sc->las.correct += head_ok && !strcmp(g->deprel, y->deprel ? y->deprel : "_");
}

static void add_all(casus_eval_scores *sc, size_t gold, size_t sys)
{
    casus_eval_count *c[] = {&sc->upos, &sc->xpos, &sc->feats, &sc->lemma, &sc->uas, &sc->las};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        c[i]->gold += gold;
        c[i]->system += sys;
    }
}

/* ---------------------------------------------------------------- gold tokens */

static int eval_gold_tokens(const casus_pipeline *p, const conllu_corpus *c,
                            casus_eval_scores *sc, const char *path, casus_error *err)
{
    arena mem;
    arena_init(&mem, 0);
    int rc = 0;
    for (size_t s = 0; !rc && s < c->n_sents; s++) {
        const conllu_sent *st = &c->sents[s];
        size_t n = (size_t)st->n_words;
        syntax_scratch scr;
        casus_word_syntax *syn = arena_array(&mem, n, sizeof *syn);
        rc = syn ? syntax_scratch_init(&scr, &mem, n) : CASUS_ENOMEM;
        for (size_t i = 0; !rc && i < n; i++)
            if (!(scr.forms[i] = syntax_norm_form(&mem, st->words[i].form)))
                rc = CASUS_ENOMEM;
        if (!rc)
            rc = syntax_sentence(p, &scr, n, 0, syn, &mem);
        if (rc) {
            error_set(err, rc, "%s: sentence %s: %s", path, st->sent_id, casus_strerror(rc));
            break;
        }
        for (size_t i = 0; i < n; i++) {
            const conllu_word *g = &st->words[i];
            int head_ok = (syn[i].head < 0 ? 0 : syn[i].head + 1) == g->head;
            count_tags(sc, g, &syn[i], head_ok);
        }
        add_all(sc, n, n);
        size_t n_tok = n;
        for (int m = 0; m < st->n_mwts; m++)
            n_tok -= (size_t)(st->mwts[m].last - st->mwts[m].first);
        sc->tokens.gold += n_tok;
        sc->tokens.system += n_tok;
        sc->tokens.correct += n_tok;
        sc->words.gold += n;
        sc->words.system += n;
        sc->words.correct += n;
        sc->sentences.gold++;
        sc->sentences.system++;
        sc->sentences.correct++;
        sc->n_docs += st->newdoc != NULL || s == 0;
        arena_finish(&mem);
        arena_init(&mem, 0);
    }
    arena_finish(&mem);
    return rc;
}

/* ---------------------------------------------------------------- raw text */

/* Finds form in text[*cur..len) skipping whitespace first; returns its
 * span, or the empty span at *cur when it is not there. */
static span locate(const char *text, size_t len, size_t *cur, const char *form)
{
    size_t i = *cur, n = strlen(form);
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    if (n && i + n <= len && !memcmp(text + i, form, n)) {
        *cur = i + n;
        return (span){(uint32_t)i, (uint32_t)(i + n)};
    }
    /* Not where expected (the treebank's text and forms disagree): look
     * ahead a little. */
    for (size_t j = i; n && j + n <= len && j < i + 64; j++)
        if (!memcmp(text + j, form, n)) {
            *cur = j + n;
            return (span){(uint32_t)j, (uint32_t)(j + n)};
        }
    return (span){(uint32_t)i, (uint32_t)i};
}

static int lower_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

typedef struct doc_gold {
    buf text;
    gword *words;
    size_t n_words, cap_words;
    span *tokens;
    size_t n_tokens, cap_tokens;
    span *sents;
    size_t n_sents, cap_sents;
} doc_gold;

static int push(void **arr, size_t *n, size_t *cap, size_t size)
{
    if (*n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 256;
    void *p = realloc(*arr, nc * size);
    if (!p)
        return CASUS_ENOMEM;
    *arr = p;
    *cap = nc;
    return 0;
}

/* Adds sentence st to the document being rebuilt. */
static int gold_add_sentence(doc_gold *g, const conllu_sent *st, int first_in_doc)
{
    int rc = 0;
    if (!first_in_doc)
        rc = buf_puts(&g->text, st->newpar ? "\n\n" : " ");
    size_t base = g->text.len;
    if (!rc)
        rc = buf_puts(&g->text, st->text);
    if (rc)
        return rc;
    size_t cur = base, first_word = g->n_words;
    int m = 0;
    for (int i = 0; i < st->n_words;) {
        const char *form = st->words[i].form;
        int last = i;
        if (m < st->n_mwts && st->mwts[m].first == i + 1) {
            form = st->mwts[m].form;
            last = st->mwts[m].last - 1;
            m++;
        }
        span sp = locate(g->text.data, g->text.len, &cur, form);
        if (push((void **)&g->tokens, &g->n_tokens, &g->cap_tokens, sizeof *g->tokens))
            return CASUS_ENOMEM;
        g->tokens[g->n_tokens++] = sp;
        for (int k = i; k <= last; k++) {
            if (push((void **)&g->words, &g->n_words, &g->cap_words, sizeof *g->words))
                return CASUS_ENOMEM;
            const conllu_word *w = &st->words[k];
            g->words[g->n_words++] =
                (gword){.tok_start = sp.start, .tok_end = sp.end,
                        .tok = (uint32_t)(g->n_tokens - 1), .w = w,
                        .head = w->head > 0 ? (int32_t)(first_word + (size_t)w->head - 1) : -1};
        }
        i = last + 1;
    }
    if (push((void **)&g->sents, &g->n_sents, &g->cap_sents, sizeof *g->sents))
        return CASUS_ENOMEM;
    if (g->n_words > first_word)
        g->sents[g->n_sents++] = (span){g->words[first_word].tok_start,
                                        g->tokens[g->n_tokens - 1].end};
    return 0;
}

static void count_spans(casus_eval_count *c, const span *g, size_t ng, const span *y, size_t ny)
{
    c->gold += ng;
    c->system += ny;
    for (size_t i = 0, j = 0; i < ng && j < ny;) {
        if (g[i].start == y[j].start && g[i].end == y[j].end) {
            c->correct++;
            i++;
            j++;
        } else if (g[i].start < y[j].start ||
                   (g[i].start == y[j].start && g[i].end < y[j].end)) {
            i++;
        } else {
            j++;
        }
    }
}

/* Aligns the words of gold token gt (gold words g[ga..gb)) and system token
 * (words y[ya..yb)); fills g2y / y2g. */
static void align_words(const doc_gold *gd, size_t ga, size_t gb, const casus_word *yw,
                        size_t ya, size_t yb, int32_t *g2y, int32_t *y2g, arena *mem)
{
    size_t ng = gb - ga, ny = yb - ya;
    if (ng == ny) {
        for (size_t k = 0; k < ng; k++) {
            g2y[ga + k] = (int32_t)(ya + k);
            y2g[ya + k] = (int32_t)(ga + k);
        }
        return;
    }
    /* LCS over lower-cased forms. */
    uint16_t *t = arena_array(mem, (ng + 1) * (ny + 1), sizeof *t);
    if (!t)
        return;
#define T(i, j) t[(i) * (ny + 1) + (j)]
    for (size_t i = ng + 1; i-- > 0;)
        for (size_t j = ny + 1; j-- > 0;) {
            if (i == ng || j == ny)
                T(i, j) = 0;
            else if (lower_eq(gd->words[ga + i].w->form, yw[ya + j].form))
                T(i, j) = (uint16_t)(T(i + 1, j + 1) + 1);
            else
                T(i, j) = T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
        }
    for (size_t i = 0, j = 0; i < ng && j < ny;) {
        if (lower_eq(gd->words[ga + i].w->form, yw[ya + j].form)) {
            g2y[ga + i] = (int32_t)(ya + j);
            y2g[ya + j] = (int32_t)(ga + i);
            i++;
            j++;
        } else if (T(i + 1, j) >= T(i, j + 1)) {
            i++;
        } else {
            j++;
        }
    }
#undef T
}

static int eval_doc_raw(const casus_pipeline *p, doc_gold *gd, const char *id,
                        casus_eval_scores *sc, casus_error *err)
{
    casus_article *a = casus_article_new(id, NULL, NULL, NULL, gd->text.data ? gd->text.data : "",
                                         gd->text.len);
    if (!a)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", id);
    casus_doc *d = NULL;
    int rc = casus_doc_process(p, a, &d, err);
    if (rc) {
        casus_article_free(a);
        return rc;
    }
    /* Tokens and sentences. */
    span *yt = arena_array(&d->mem, d->n_tokens + 1, sizeof *yt);
    span *ys = arena_array(&d->mem, d->n_sentences + 1, sizeof *ys);
    int32_t *g2y = arena_array(&d->mem, gd->n_words + 1, sizeof *g2y);
    int32_t *y2g = arena_array(&d->mem, d->n_words + 1, sizeof *y2g);
    if (!yt || !ys || !g2y || !y2g) {
        casus_doc_free(d);
        casus_article_free(a);
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", id);
    }
    for (size_t i = 0; i < d->n_tokens; i++)
        yt[i] = (span){d->tokens[i].start, d->tokens[i].end};
    for (size_t i = 0; i < d->n_sentences; i++)
        ys[i] = (span){d->sentences[i].start, d->sentences[i].end};
    count_spans(&sc->tokens, gd->tokens, gd->n_tokens, yt, d->n_tokens);
    count_spans(&sc->sentences, gd->sents, gd->n_sents, ys, d->n_sentences);

    /* Words, within tokens of equal span. */
    for (size_t i = 0; i < gd->n_words; i++)
        g2y[i] = -1;
    for (size_t i = 0; i < d->n_words; i++)
        y2g[i] = -1;
    size_t gi = 0, yi = 0;
    while (gi < gd->n_words && yi < d->n_tokens) {
        const gword *g = &gd->words[gi];
        const casus_token *t = &d->tokens[yi];
        size_t gb = gi;
        while (gb < gd->n_words && gd->words[gb].tok == g->tok)
            gb++;
        if (g->tok_start == t->start && g->tok_end == t->end) {
            align_words(gd, gi, gb, d->words, t->word, t->word + t->n_words, g2y, y2g, &d->mem);
            gi = gb;
            yi++;
        } else if (g->tok_start < t->start ||
                   (g->tok_start == t->start && g->tok_end < t->end)) {
            gi = gb;
        } else {
            yi++;
        }
    }
    size_t aligned = 0;
    for (size_t i = 0; i < gd->n_words; i++)
        aligned += g2y[i] >= 0;
    sc->words.gold += gd->n_words;
    sc->words.system += d->n_words;
    sc->words.correct += aligned;
    if (d->syn) {
        add_all(sc, gd->n_words, d->n_words);
        for (size_t i = 0; i < gd->n_words; i++) {
            if (g2y[i] < 0)
                continue;
            const casus_word_syntax *y = &d->syn[g2y[i]];
            int32_t gh = gd->words[i].head;
            int head_ok = y->head < 0 ? gh < 0 : (gh >= 0 && y2g[y->head] == gh);
            count_tags(sc, gd->words[i].w, y, head_ok);
        }
    }
    sc->n_docs++;
    casus_doc_free(d);
    casus_article_free(a);
    return 0;
}

static int eval_raw(const casus_pipeline *p, const conllu_corpus *c, casus_eval_scores *sc,
                    casus_error *err)
{
    doc_gold g = {0};
    buf_init(&g.text, 0);
    int rc = 0;
    char id[64];
    size_t doc_no = 0;
    for (size_t s = 0; !rc && s <= c->n_sents; s++) {
        int boundary = s == c->n_sents || (c->sents[s].newdoc && s > 0);
        if (boundary && g.n_words) {
            snprintf(id, sizeof id, "doc-%zu", ++doc_no);
            rc = eval_doc_raw(p, &g, id, sc, err);
            buf_reset(&g.text);
            g.n_words = g.n_tokens = g.n_sents = 0;
        }
        if (!rc && s < c->n_sents)
            rc = gold_add_sentence(&g, &c->sents[s], g.n_words == 0);
    }
    if (rc == CASUS_ENOMEM)
        error_set(err, rc, "eval: out of memory");
    buf_finish(&g.text);
    free(g.words);
    free(g.tokens);
    free(g.sents);
    return rc;
}

int casus_eval(const casus_pipeline *p, const char *gold_path, int raw, casus_eval_scores *out,
               casus_error *err)
{
    memset(out, 0, sizeof *out);
    if (!raw && (!p->tagger || !p->lemmatizer || !p->parser))
        return error_set(err, CASUS_EINVAL, "eval: scoring from gold tokens needs the syntax models");
    conllu_corpus c;
    int rc = conllu_load(&c, gold_path, err);
    if (!rc)
        rc = raw ? eval_raw(p, &c, out, err) : eval_gold_tokens(p, &c, out, gold_path, err);
    conllu_finish(&c);
    return rc;
}
