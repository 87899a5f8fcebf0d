/*
 * ner_news.c — what unlabelled news text tells the NER trainer about a
 * word: how often it is written with a capital where capitals are not
 * required (after the first word of a sentence), and how often it occurs.
 *
 * Web text (much of Universal NER's EWT) often writes names in lower
 * case ("tampa bay", "auckland"); in edited news the same words are
 * capitalised nearly every time, and common nouns nearly never. The
 * trainer packs one small class per word (ner_news_class) next to its
 * word cluster, so the model carries it and tagging needs nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity/ner_feat.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct counts {
    tagger_map ids; /* lower key -> index */
    uint32_t *total, *caps, *upper;
    size_t n, cap;
} counts;

static int count_word(counts *c, const char *s, int initial)
{
    unsigned char c0 = (unsigned char)s[0];
    if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z')))
        return 0;
    size_t n = strlen(s);
    char low[64];
    size_t ln = tagger_lower(s, n, low, sizeof low);
    uint64_t h = pcp_hash_bytes(low, ln, NER_SEED_LOWER);
    uint32_t *v = tagger_map_slot(&c->ids, h ? h : 1);
    if (!v)
        return CASUS_ENOMEM;
    if (*v == TAGGER_NONE) {
        if (c->n == c->cap) {
            size_t nc = c->cap ? c->cap * 2 : 65536;
            uint32_t *a = realloc(c->total, nc * sizeof *a);
            if (a)
                c->total = a;
            uint32_t *b = realloc(c->caps, nc * sizeof *b);
            if (b)
                c->caps = b;
            uint32_t *d = realloc(c->upper, nc * sizeof *d);
            if (d)
                c->upper = d;
            if (!a || !b || !d)
                return CASUS_ENOMEM;
            c->cap = nc;
        }
        c->total[c->n] = c->caps[c->n] = c->upper[c->n] = 0;
        *v = (uint32_t)c->n++;
    }
    if (initial)
        return 0; /* known, but its capital says nothing */
    int upper = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            upper = 0;
    c->total[*v]++;
    c->caps[*v] += c0 >= 'A' && c0 <= 'Z';
    c->upper[*v] += upper && n > 1;
    return 0;
}

/* Words after which a capital is required or common anyway. */
static int opens(const char *s)
{
    return !strcmp(s, "\"") || !strcmp(s, "'") || !strcmp(s, "(") || !strcmp(s, ":") ||
           !strcmp(s, "-") || !strcmp(s, "--") || !strcmp(s, "[");
}

static int count_chunk(counts *c, const char *text, size_t len)
{
    arena a;
    arena_init(&a, 0);
    text_norm tn;
    casus_token *tok = NULL;
    casus_word *w = NULL;
    casus_sentence *st = NULL;
    size_t nt = 0, nw = 0, ns = 0;
    int rc = text_normalize(&a, text, len, &tn);
    if (!rc)
        rc = text_tokenize(&a, text, len, &tn, &tok, &nt, &w, &nw);
    if (!rc)
        rc = text_split(&a, text, len, tok, nt, w, nw, &st, &ns);
    for (size_t s = 0; !rc && s < ns; s++)
        for (uint32_t i = 0; !rc && i < st[s].n_words; i++) {
            const casus_word *x = &w[st[s].word + i];
            rc = count_word(c, x->norm, i == 0 || opens(w[st[s].word + i - 1].norm));
        }
    arena_finish(&a);
    return rc;
}

uint32_t ner_news_class(uint32_t total, uint32_t caps, uint32_t upper)
{
    if (!total)
        return NER_NEWS_UNSEEN;
    uint32_t cls;
    if (upper * 2 > total)
        cls = 6;
    else if (caps * 50 < total)
        cls = 0;
    else if (caps * 5 < total)
        cls = 1;
    else if (caps * 2 < total)
        cls = 2;
    else if (caps * 5 < total * 4)
        cls = 3;
    else if (caps * 50 < total * 49)
        cls = 4;
    else
        cls = 5;
    uint32_t freq = total < 10 ? 0 : total < 100 ? 1 : total < 1000 ? 2 : 3;
    return cls | freq << 3;
}

/* Calls fn on each paragraph of the text at path (blank or form-feed
 * lines end them). */
static int for_each_chunk(const char *path, int (*fn)(void *ctx, const char *text, size_t len),
                          void *ctx, casus_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, CASUS_ENOENT, "%s: cannot open", path);
    buf chunk;
    buf_init(&chunk, 0);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int rc = 0;
    /* Chunks are paragraphs: blank or form-feed lines end them. */
    while (!rc && (len = getline(&line, &lcap, f)) > 0) {
        int blank = 1;
        for (ssize_t i = 0; i < len; i++)
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\n' && line[i] != '\r' &&
                line[i] != '\f')
                blank = 0;
        if (blank) {
            if (chunk.len)
                rc = fn(ctx, chunk.data, chunk.len);
            buf_reset(&chunk);
        } else {
            rc = buf_append(&chunk, line, (size_t)len);
        }
    }
    if (!rc && chunk.len)
        rc = fn(ctx, chunk.data, chunk.len);
    free(line);
    fclose(f);
    buf_finish(&chunk);
    if (rc)
        error_set(err, rc, "%s: %s", path, casus_strerror(rc));
    return rc;
}

static int count_cb(void *ctx, const char *text, size_t len)
{
    return count_chunk(ctx, text, len);
}

int ner_news_stats(const char *path, tagger_map *out, size_t *n_words, casus_error *err)
{
    counts c;
    memset(&c, 0, sizeof c);
    tagger_map_init(&c.ids);
    int rc = for_each_chunk(path, count_cb, &c, err);
    size_t kept = 0;
    /* The map's own slot order: same text, same insertions, same table. */
    for (size_t i = 0; !rc && i < c.ids.cap; i++) {
        if (!c.ids.keys[i])
            continue;
        uint32_t k = c.ids.vals[i];
        if (c.total[k] < 2)
            continue;
        uint32_t *v = tagger_map_slot(out, c.ids.keys[i]);
        if (!v) {
            rc = CASUS_ENOMEM;
            break;
        }
        *v = ner_news_class(c.total[k], c.caps[k], c.upper[k]);
        kept++;
    }
    if (rc == CASUS_ENOMEM)
        error_set(err, rc, "%s: %s", path, casus_strerror(rc));
    *n_words = kept;
    tagger_map_finish(&c.ids);
    free(c.total);
    free(c.caps);
    free(c.upper);
    return rc;
}
