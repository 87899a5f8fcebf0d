/*
 * tone.c — GDELT's seven tone figures (V2Tone) from a word-polarity
 * lexicon (dict/tone/ *.txt) (knowledge.h).
 *
 * Input: the lexicon files, one word a line with a value (format:
 * dict/README.md "Tone lexicon"): a polarity in [-1, 1] (lexicon.txt, made
 * by scripts/build-tone from VADER, Hu & Liu and AFINN), or a modifier
 * (modifiers.txt, by hand): "negate", an intensifier factor "x1.5", or
 * "self" for a first-person pronoun; and a document's words with their
 * lemmas, tags and dependency relations. Output: d->tone, d->has_tone.
 *
 * The figures, over the document's word count W (words with a letter, so
 * numbers and punctuation do not dilute them):
 *   positive   100 * P / W, P the summed weight of the positive words
 *   negative   100 * N / W, N likewise for the negative words
 *   tone       positive - negative; polarity positive + negative
 *   activity   100 * (verbs not in the passive) / W
 *   self_group 100 * (first-person pronouns: I, me, we, us, our, ...) / W
 *   words      W
 * A word's polarity s is looked up by its lower-cased form, then by its
 * lower-cased lemma ("killings" -> "killing"? no -> "kill"). Its effective
 * polarity e = s * (product of the intensifiers right before it) * (-0.75
 * if a negator precedes it within three words of its clause), and it weighs
 * min(1.5, 2|e|): a word of typical strength (|s| = 0.5) counts as one
 * word, as in GDELT's percentages, "very" and "extremely" make it count
 * more, "slightly" less. A negator's scope ends at punctuation, at "but"
 * and at the sentence end; "not only" is not a negation. Words inside a
 * proper name ("Free Syrian Army", "Peace Corps") are counted but carry no
 * polarity.
 *
 * Design: one open-addressing hash table of folded words, built at load;
 * scoring is a single pass over the words with at most two probes each and
 * no allocation, so the layer costs little beside the parser.
 *
 * Limits: a bag of words with local negation only (no sarcasm, no
 * reported-speech attribution, no sense disambiguation: "a fine" and "fine
 * weather" share one score, which is why the lexicon leaves such words
 * out); folding is ASCII-only.
 */
#include "knowledge/knowledge.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/doc.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/files.h"
#include "util/utf8.h"

#define KN_TONE_MAX_WORD 64 /* longest word, in bytes */
#define KN_TONE_MAX_LINE 4096
#define KN_TONE_NEG_SCOPE 3     /* words a negator reaches */
#define KN_TONE_NEG_SCALE -0.75 /* a negated word's polarity, flipped and damped */
#define KN_TONE_MAX_WEIGHT 1.5  /* the most one word can count */
#define KN_TONE_MAX_FACTOR 4.0  /* intensifier factors, and their products */

enum { TW_POLAR = 1, TW_NEGATE = 2, TW_INTENS = 4, TW_SELF = 8 };

typedef struct lex_slot {
    const char *word; /* NULL: empty; folded, owned by the lexicon's arena */
    uint32_t hash, len;
    float score;  /* TW_POLAR */
    float factor; /* TW_INTENS */
    uint8_t flags;
} lex_slot;

struct kn_lexicon {
    arena mem;
    lex_slot *slots;
    size_t cap, n; /* cap a power of two */
};

static uint32_t word_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    h ^= h >> 15;
    return h;
}

/* ASCII-lower-cases s into out (KN_TONE_MAX_WORD bytes); returns the
 * length, or 0 when s is empty or too long. */
static size_t fold(const char *s, char *out)
{
    size_t n = 0;
    for (; s[n]; n++) {
        if (n >= KN_TONE_MAX_WORD)
            return 0;
        unsigned c = (unsigned char)s[n];
        out[n] = (char)(c - 'A' < 26u ? c | 0x20 : c);
    }
    return n;
}

static const lex_slot *lex_find(const struct kn_lexicon *l, const char *w, size_t n)
{
    uint32_t h = word_hash(w, n);
    size_t mask = l->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const lex_slot *s = &l->slots[i];
        if (!s->word)
            return NULL;
        if (s->hash == h && s->len == n && !memcmp(s->word, w, n))
            return s;
    }
}

/* ---------------------------------------------------------------- loading */

static int lex_grow(struct kn_lexicon *l)
{
    size_t cap = l->cap ? l->cap * 2 : 4096;
    lex_slot *ns = calloc(cap, sizeof *ns);
    if (!ns)
        return CASUS_ENOMEM;
    for (size_t i = 0; i < l->cap; i++) {
        if (!l->slots[i].word)
            continue;
        size_t j = l->slots[i].hash & (cap - 1);
        while (ns[j].word)
            j = (j + 1) & (cap - 1);
        ns[j] = l->slots[i];
    }
    free(l->slots);
    l->slots = ns;
    l->cap = cap;
    return 0;
}

/* The slot of w[0..n), made empty-flagged if new; NULL when out of memory. */
static lex_slot *lex_put(struct kn_lexicon *l, const char *w, size_t n)
{
    if (l->cap) {
        lex_slot *s = (lex_slot *)lex_find(l, w, n);
        if (s)
            return s;
    }
    if ((l->n + 1) * 2 > l->cap && lex_grow(l))
        return NULL;
    char *copy = arena_strndup(&l->mem, w, n);
    if (!copy)
        return NULL;
    uint32_t h = word_hash(w, n);
    size_t mask = l->cap - 1, i = h & mask;
    while (l->slots[i].word)
        i = (i + 1) & mask;
    l->slots[i] = (lex_slot){copy, h, (uint32_t)n, 0, 1, 0};
    l->n++;
    return &l->slots[i];
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* One line: blank, "# comment" or "WORD VALUE". */
static int parse_line(struct kn_lexicon *l, char *s, const char *path, long line, casus_error *err)
{
    while (is_space(*s))
        s++;
    if (!*s || *s == '#')
        return 0;
    char *w = s;
    while (*s && !is_space(*s))
        s++;
    size_t wl = (size_t)(s - w);
    while (is_space(*s))
        s++;
    char *v = s;
    while (*s && !is_space(*s))
        s++;
    size_t vl = (size_t)(s - v);
    while (is_space(*s))
        s++;
    if (!vl || *s)
        return error_set(err, CASUS_EFORMAT, "%s:%ld: want WORD<TAB>VALUE", path, line);
    if (wl > KN_TONE_MAX_WORD)
        return error_set(err, CASUS_EFORMAT, "%s:%ld: word longer than %d bytes", path, line,
                         KN_TONE_MAX_WORD);
    for (size_t i = 0; i < wl; i++)
        if (w[i] >= 'A' && w[i] <= 'Z')
            return error_set(err, CASUS_EFORMAT, "%s:%ld: word \"%.*s\" is not lower-case", path,
                             line, (int)wl, w);
    v[vl] = '\0';
    uint8_t flag;
    double x = 0;
    if (!strcmp(v, "negate")) {
        flag = TW_NEGATE;
    } else if (!strcmp(v, "self")) {
        flag = TW_SELF;
    } else {
        char *end;
        int intens = v[0] == 'x';
        errno = 0;
        x = strtod(v + intens, &end);
        if (end == v + intens || *end || errno || !isfinite(x))
            return error_set(err, CASUS_EFORMAT,
                             "%s:%ld: bad value \"%s\" (want a number, xFACTOR, negate or self)",
                             path, line, v);
        if (intens && !(x > 0 && x <= KN_TONE_MAX_FACTOR))
            return error_set(err, CASUS_EFORMAT, "%s:%ld: factor %s out of (0, %g]", path, line, v,
                             KN_TONE_MAX_FACTOR);
        if (!intens && !(x >= -1 && x <= 1 && x != 0))
            return error_set(err, CASUS_EFORMAT, "%s:%ld: polarity %s out of [-1, 1] or zero", path,
                             line, v);
        flag = intens ? TW_INTENS : TW_POLAR;
    }
    lex_slot *e = lex_put(l, w, wl);
    if (!e)
        return error_set(err, CASUS_ENOMEM, "%s:%ld: out of memory", path, line);
    if (e->flags & flag)
        return error_set(err, CASUS_EFORMAT, "%s:%ld: \"%.*s\" given twice", path, line, (int)wl,
                         w);
    e->flags |= flag;
    if (flag == TW_POLAR)
        e->score = (float)x;
    else if (flag == TW_INTENS)
        e->factor = (float)x;
    return 0;
}

static int load_line(void *ctx, char *line, const char *path, long no, casus_error *err)
{
    return parse_line(ctx, line, path, no, err);
}

static int load_file(void *ctx, const char *path, casus_error *err)
{
    return files_each_line(path, KN_TONE_MAX_LINE, load_line, ctx, err);
}

int kn_tone_load(struct kn_lexicon **out, const char *dict_dir, casus_error *err)
{
    *out = NULL;
    if (!dict_dir)
        return 0;
    size_t dl = strlen(dict_dir);
    char *dir = malloc(dl + sizeof "/tone");
    if (!dir)
        return error_set(err, CASUS_ENOMEM, "tone: out of memory");
    memcpy(dir, dict_dir, dl);
    memcpy(dir + dl, "/tone", sizeof "/tone");
    struct kn_lexicon *l = calloc(1, sizeof *l);
    if (!l) {
        free(dir);
        return error_set(err, CASUS_ENOMEM, "tone: out of memory");
    }
    arena_init(&l->mem, 0);
    int rc = files_each_txt(dir, NULL, load_file, l, err);
    free(dir);
    if (rc == CASUS_ENOENT || (!rc && !l->n)) {
        /* no dict/tone (or an empty one): the layer stays empty */
        kn_tone_free(l);
        return 0;
    }
    if (rc) {
        kn_tone_free(l);
        return rc;
    }
    *out = l;
    return 0;
}

void kn_tone_free(struct kn_lexicon *l)
{
    if (!l)
        return;
    arena_finish(&l->mem);
    free(l->slots);
    free(l);
}

/* ---------------------------------------------------------------- scoring */

/* 1 when s holds a letter (so it is a word for the counts). */
static int has_letter(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; p[i];) {
        unsigned c = p[i];
        if (c < 0x80) {
            if ((c | 0x20) - 'a' < 26u)
                return 1;
            i++;
            continue;
        }
        int32_t cp;
        int k = utf8_decode(p + i, strlen((const char *)p + i), &cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
            return 1;
        i += (size_t)k;
    }
    return 0;
}

/* 1 for punctuation that closes a negator's scope. */
static int ends_clause(const char *s)
{
    return (s[0] == ',' || s[0] == ';' || s[0] == ':' || s[0] == '.' || s[0] == '!' ||
            s[0] == '?' || s[0] == '(' || s[0] == ')' || s[0] == '"' || s[0] == '-') &&
           !s[1];
}

/* 1 when s (NUL-terminated) has two or more letters, all capitals ("US",
 * which is no pronoun). */
static int all_caps(const char *s)
{
    size_t n = 0;
    for (; *s; s++, n++)
        if (!(*s >= 'A' && *s <= 'Z'))
            return 0;
    return n >= 2;
}

int kn_tone(casus_doc *d)
{
    const struct kn_lexicon *l = d->pipeline->knowledge ? d->pipeline->knowledge->tone : NULL;
    if (!l)
        return 0;
    const casus_word_syntax *syn = d->syn;
    uint32_t words = 0, verbs = 0, passive = 0, self = 0;
    double pos = 0, neg = 0;
    char fw[KN_TONE_MAX_WORD], fl[KN_TONE_MAX_WORD];
    for (size_t si = 0; si < d->n_sentences; si++) {
        size_t first = d->sentences[si].word, end = first + d->sentences[si].n_words;
        if (end > d->n_words)
            end = d->n_words;
        int neg_left = 0;    /* words still in a negator's scope */
        double intens = 1.0; /* product of the intensifiers just before */
        for (size_t i = first; i < end; i++) {
            const char *form = d->words[i].norm;
            if (!has_letter(form)) {
                if (ends_clause(form))
                    neg_left = 0;
                intens = 1.0;
                continue;
            }
            words++;
            if (syn) {
                if (syn[i].upos && !strcmp(syn[i].upos, "VERB"))
                    verbs++;
                if (syn[i].deprel && !strcmp(syn[i].deprel, "aux:pass") && syn[i].head >= 0 &&
                    (size_t)syn[i].head < d->n_words && syn[syn[i].head].upos &&
                    !strcmp(syn[syn[i].head].upos, "VERB"))
                    passive++;
            }
            size_t nf = fold(form, fw);
            const lex_slot *ef = nf ? lex_find(l, fw, nf) : NULL;
            const lex_slot *el = NULL;
            const char *lemma = syn ? syn[i].lemma : NULL;
            size_t nl = lemma ? fold(lemma, fl) : 0;
            if (nl && (nl != nf || memcmp(fl, fw, nl)))
                el = lex_find(l, fl, nl);
            unsigned flags = (ef ? ef->flags : 0u) | (el ? el->flags : 0u);

            if ((flags & TW_SELF) && !all_caps(form) &&
                (!syn || (syn[i].upos && !strcmp(syn[i].upos, "PRON"))))
                self++;
            if (flags & TW_NEGATE) {
                /* "not only ... but also" asserts */
                int only = i + 1 < end && !strcmp(d->words[i + 1].norm, "only");
                neg_left = only ? 0 : KN_TONE_NEG_SCOPE;
                intens = 1.0;
                continue;
            }
            if (flags & TW_INTENS) {
                double f = ef && (ef->flags & TW_INTENS) ? ef->factor : el->factor;
                intens *= f;
                if (intens > KN_TONE_MAX_FACTOR)
                    intens = KN_TONE_MAX_FACTOR;
                if (neg_left > 0)
                    neg_left--;
                continue;
            }
            if (nf == 3 && !memcmp(fw, "but", 3))
                neg_left = 0;
            const lex_slot *p = ef && (ef->flags & TW_POLAR)   ? ef
                                : el && (el->flags & TW_POLAR) ? el
                                                               : NULL;
            int in_name = d->word_mention && d->word_mention[i] >= 0 &&
                          (size_t)d->word_mention[i] < d->n_mentions &&
                          d->mentions[d->word_mention[i]].kind == CASUS_MENTION_NAME;
            if (p && !in_name) {
                double e = p->score * intens;
                if (neg_left > 0)
                    e *= KN_TONE_NEG_SCALE;
                double w = fabs(e) * 2.0;
                if (w > KN_TONE_MAX_WEIGHT)
                    w = KN_TONE_MAX_WEIGHT;
                if (e > 0)
                    pos += w;
                else
                    neg += w;
            }
            intens = 1.0;
            if (neg_left > 0)
                neg_left--;
        }
    }
    casus_tone *t = &d->tone;
    memset(t, 0, sizeof *t);
    t->words = words;
    if (words) {
        double per = 100.0 / words;
        t->positive = pos * per;
        t->negative = neg * per;
        t->tone = t->positive - t->negative;
        t->polarity = t->positive + t->negative;
        t->activity = (verbs > passive ? verbs - passive : 0) * per;
        t->self_group = self * per;
    }
    d->has_tone = 1;
    return 0;
}
