/*
 * quotes.c — direct quotations and their speakers (kn_quotes, knowledge.h;
 * GDELT GKG 2.1 Quotations, OUTPUT.md "quotes").
 *
 * Input: the text layer (words, sentences, paragraphs), the syntax layer
 * (lemmas, heads, relations) and the entity layer (word_mention, mentions,
 * entities). Output: d->quotes in text order, owned by the arena.
 *
 * 1. Marks. A quote mark is a word that is a whole token of its own and
 *    whose original bytes are one of " ' `` '' « » “ ” „ ‘ ’ ‚ ‹ › (the
 *    text layer folds them in norm, so the bytes of the article are read).
 *    Marks fall into three families, paired only within a family: double
 *    (" “ ” „ `` ''), guillemets (« ») and single (' ‘ ’ ‚ ‹ ›); a mark of
 *    another family inside an open quote is nested and left in the text.
 *    Direction comes from spacing first ("said “We" opens, "win,” he"
 *    closes; this also reads German „…“ and »…« right) and from the glyph
 *    when spacing says nothing (French « Non »); an ASCII mark with no
 *    telling spacing closes the open quote of its family, else opens one.
 *    Possessive apostrophes are never marks: the tokenizer keeps them in
 *    their word's token ("students'").
 * 2. Pairing, one pass over the marks. A quote never crosses a paragraph
 *    end, except by the news convention for long quotes: the paragraph
 *    ends with the quote still open and the next one opens with a mark of
 *    the same family; the quote then goes on, one part per paragraph (at
 *    most MAX_PARAGRAPHS, then the next paragraph starts a new quote). An
 *    unclosed quote (the paragraph ends, another opener of its family
 *    comes, it has run MAX_PART_SENTENCES sentences, or the article ends)
 *    is cut at the earliest of: the paragraph end, the new opener, the end
 *    of the MAX_UNCLOSED_SENTENCES-th sentence from its start, its
 *    MAX_UNCLOSED_WORDS-th word (one endless sentence). A stray closer is
 *    ignored. Commas, colons, semicolons and dashes at either end are not
 *    part of the quote ("toes,»" gives "toes").
 * 3. Attribution, strongest evidence first:
 *    a. syntax: from each word of the quote whose head lies outside it, up
 *       the heads through clausal relations (ccomp, xcomp, advcl, conj,
 *       parataxis, csubj) to a speech verb ("Rouhani warned that Washington
 *       pulling out "would carry a high cost"": carry -> warned); or a
 *       speech verb just outside the quote whose head is in it (a parser's
 *       parataxis reading of "“…,” he said");
 *    b. "according to X" near the quote, in its first or last sentence
 *       (no verb reported);
 *    c. a signature: a dash and a person's name right after the closer;
 *    d. a speech verb within NEAR words after the closer, else before the
 *       opener, in the same sentence (when the parse missed the link);
 *    e. for a quote that fills its sentences: the previous sentence when it
 *       ends with a colon or comma ("She said:" ¶ "…"), or a short next
 *       sentence of the paragraph made of an attribution.
 *    Speech verbs are matched by lemma (VERB only): say, add, tell, warn,
 *    ... (speech_lemmas). The speaker is the verb's nsubj (of several, a
 *    name before a description), else that of the verb it is conjoined to
 *    or depends on (xcomp/advcl: "adding"), else a mention just after it
 *    ("said Maj. Gen. Gary J. Volesky"), else, when the parse gave the verb
 *    no subject, the nearest person name before it. A subject that is a
 *    description gives way to a name in apposition; one with no mention
 *    takes one from its appos/flat/compound, then nmod:poss dependents.
 * 4. Split quotes: «A,» she said, «B.» — two quotes of one paragraph whose
 *    gap (at most SPLIT_GAP words) holds the one speech verb attributing
 *    either or both — become one quote of two parts. "A," he said. "B." is
 *    the same case across a sentence end.
 * 5. Filters. A quote right after a naming word (so-called, dubbed,
 *    called, nicknamed, ..., also with "the" between) is a name: dropped. A
 *    quote of at most SCARE_WORDS words inside a sentence (not filling it)
 *    is a scare quote unless syntax (a, with the quote's own relation
 *    ccomp, xcomp, parataxis or obj) or "according to" attributes it: 'the
 *    "charm offensive"' is dropped, 'Kim said the deal was "dead"' is kept.
 *    A title-cased quote of at most TITLE_WORDS words not attributed by a
 *    or b is a title ("The Internet Explorer 6 Countdown"): dropped.
 * 6. Speakers then missing are inherited: a pronoun the entity layer left
 *    unresolved takes the previous quote's person speaker (within
 *    INHERIT_SENTENCES sentences); a quote with no attribution at all that
 *    fills its sentences takes the speaker of a quote ending in the
 *    sentence before it ("A," Kim said. ¶ "B.") or of one starting right
 *    after it in its paragraph.
 * The speaker is reported as its mention, that mention's entity, the
 * entity's name (the mention's text when it has none) and the mention's
 * actor code (else the entity's). Pronouns thus come out as the entity
 * coref linked them to.
 *
 * Cost: one pass over the words looking at one byte each; everything else
 * runs on the marks only, and every search is bounded by a word window or
 * a hop count, so the stage is linear in the document. Articles without a
 * quote mark cost the byte scan alone. Measured: about 1.2 M sentences/s,
 * 0.2 % of the pipeline (docs/knowledge/quotes.md).
 */
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "knowledge/knowledge.h"

enum { FAM_DOUBLE = 1, FAM_GUILL, FAM_SINGLE };
enum { DIR_CLOSE = -1, DIR_AMBIG = 0, DIR_OPEN = 1 };

#define MAX_PART_SENTENCES 8     /* an open quote running longer is unclosed */
#define MAX_UNCLOSED_SENTENCES 3 /* an unclosed quote is cut after this many */
#define MAX_UNCLOSED_WORDS 200   /* ... or after this many words */
#define MAX_PARAGRAPHS 12        /* paragraphs one quote may run over */
#define WINDOW 12                /* words either side searched for "according to" */
#define NEAR 6                   /* words either side searched for a loose verb */
#define MAX_HOPS 8               /* heads climbed from a quote to its verb */
#define INVERTED 8               /* words after a verb searched for its speaker */
#define CHILD_SPAN 40            /* words either side searched for a dependent */
#define SCARE_WORDS 3
#define TITLE_WORDS 10
#define SPLIT_GAP 8
#define NEXT_ATTR_WORDS 8 /* longest next sentence read as a bare attribution */
#define INHERIT_SENTENCES 5

typedef struct qmark {
    uint32_t w, s; /* word and its sentence */
    uint8_t fam;
    int8_t dir;
} qmark;

typedef struct qpart {
    uint32_t w0, w1; /* words [w0, w1) */
} qpart;

/* How a quote was attributed, weakest last. */
enum { ATTR_NONE = 0, ATTR_INHERIT, ATTR_NEIGHBOUR, ATTR_NEAR, ATTR_ACCORDING, ATTR_SYNTAX };

typedef struct qraw {
    uint32_t part0, n_parts;  /* into the parts array */
    uint32_t open_w, close_w; /* the marks; close_w is the cut when unclosed */
    uint8_t closed;
    uint8_t attr;   /* ATTR_* */
    uint8_t strong; /* attributed well enough to keep a short quote */
    uint8_t dead;
    uint8_t pron;    /* the speaker is a pronoun coref left unresolved */
    int32_t verb;    /* word, -1 */
    int32_t mention; /* speaker mention, -1 */
} qraw;

typedef struct qctx {
    casus_doc *d;
    const char *text;
    size_t len;
    const casus_word_syntax *syn; /* may be NULL */
    const int32_t *wm;            /* word_mention, may be NULL */
    qmark *marks;
    size_t n_marks;
    qpart *parts;
    size_t n_parts;
    qraw *q;
    size_t n_q;
    /* the quote being paired */
    int active;
    uint8_t fam;
    uint32_t part_w0, part_s;
} qctx;

/* ------------------------------------------------------------ marks */

/* The family and glyph direction of the mark p[0..n), 0 when it is none. */
static uint8_t mark_glyph(const unsigned char *p, size_t n, int8_t *dir)
{
    if (n == 1) {
        *dir = DIR_AMBIG;
        return p[0] == '"' ? FAM_DOUBLE : p[0] == '\'' ? FAM_SINGLE : 0;
    }
    if (n == 2) {
        if (p[0] == '`' && p[1] == '`')
            return *dir = DIR_OPEN, FAM_DOUBLE;
        if (p[0] == '\'' && p[1] == '\'')
            return *dir = DIR_CLOSE, FAM_DOUBLE;
        if (p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB))
            return *dir = p[1] == 0xAB ? DIR_OPEN : DIR_CLOSE, FAM_GUILL;
        return 0;
    }
    if (n != 3 || p[0] != 0xE2 || p[1] != 0x80)
        return 0;
    switch (p[2]) {
    case 0x9C: /* “ */
    case 0x9E: /* „ */ return *dir = DIR_OPEN, FAM_DOUBLE;
    case 0x9D: /* ” */ return *dir = DIR_CLOSE, FAM_DOUBLE;
    case 0x98: /* ‘ */
    case 0x9A: /* ‚ */
    case 0xB9: /* ‹ */ return *dir = DIR_OPEN, FAM_SINGLE;
    case 0x99: /* ’ */
    case 0xBA: /* › */ return *dir = DIR_CLOSE, FAM_SINGLE;
    default: return 0;
    }
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Is the text before byte i a left boundary (start, space, opening
 * punctuation, a dash, another opening mark)? */
static int left_edge(const unsigned char *t, size_t i)
{
    if (i == 0)
        return 1;
    unsigned char c = t[i - 1];
    if (is_space(c) || (c && strchr("([{-/:", c)))
        return 1;
    if (i >= 2 && t[i - 2] == 0xC2 && (c == 0xA0 || c == 0xAB)) /* nbsp « */
        return 1;
    if (i >= 3 && t[i - 3] == 0xE2 && t[i - 2] == 0x80)
        return c == 0x93 || c == 0x94 || c == 0x9C || c == 0x98 || c == 0xAF; /* – — “ ‘ nnbsp */
    return 0;
}

/* Is the text from byte i a right boundary (end, space, closing or
 * sentence punctuation, a dash, another closing mark)? */
static int right_edge(const unsigned char *t, size_t len, size_t i)
{
    if (i >= len)
        return 1;
    unsigned char c = t[i];
    if (is_space(c) || strchr(".,;:!?)]}-/", c))
        return 1;
    if (i + 1 < len && c == 0xC2 && (t[i + 1] == 0xA0 || t[i + 1] == 0xBB))
        return 1;
    if (i + 2 < len && c == 0xE2 && t[i + 1] == 0x80)
        return t[i + 2] == 0x93 || t[i + 2] == 0x94 || t[i + 2] == 0xA6 || t[i + 2] == 0x9D ||
               t[i + 2] == 0x99 || t[i + 2] == 0xAF; /* – — … ” ’ nnbsp */
    return 0;
}

static int deprel_is(const qctx *c, uint32_t w, const char *rel)
{
    return c->syn && c->syn[w].deprel && !strcmp(c->syn[w].deprel, rel);
}

static int deprel_starts(const qctx *c, uint32_t w, const char *prefix)
{
    return c->syn && c->syn[w].deprel && !strncmp(c->syn[w].deprel, prefix, strlen(prefix));
}

/* Word w's mark, 0 when it is none. */
static int mark_of(const qctx *c, uint32_t w, qmark *m)
{
    const casus_word *x = &c->d->words[w];
    if (x->end <= x->start || x->end > c->len || x->end - x->start > 3)
        return 0;
    const unsigned char *t = (const unsigned char *)c->text;
    unsigned char b = t[x->start];
    if (b != '"' && b != '\'' && b != '`' && b != 0xC2 && b != 0xE2)
        return 0;
    const casus_token *tok = &c->d->tokens[x->token];
    if (tok->n_words != 1 || tok->start != x->start || tok->end != x->end)
        return 0;
    int8_t dir = DIR_AMBIG;
    uint8_t fam = mark_glyph(t + x->start, x->end - x->start, &dir);
    if (!fam || deprel_is(c, w, "case"))
        return 0;
    int l = left_edge(t, x->start), r = right_edge(t, c->len, x->end);
    if (l && !r)
        dir = DIR_OPEN;
    else if (!l && r)
        dir = DIR_CLOSE;
    m->w = w;
    m->fam = fam;
    m->dir = dir;
    return 1;
}

/* ------------------------------------------------------------ pairing */

static int is_trim(const qctx *c, uint32_t w)
{
    const casus_word *x = &c->d->words[w];
    size_t n = x->end - x->start;
    const unsigned char *p = (const unsigned char *)c->text + x->start;
    if (n == 1)
        return *p == ',' || *p == ';' || *p == ':' || *p == '-';
    return n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94);
}

/* Appends words [w0, w1), trimmed, as a part of the latest quote. */
static void add_part(qctx *c, uint32_t w0, uint32_t w1)
{
    while (w0 < w1 && is_trim(c, w0))
        w0++;
    while (w1 > w0 && is_trim(c, w1 - 1))
        w1--;
    if (w1 <= w0)
        return;
    c->parts[c->n_parts].w0 = w0;
    c->parts[c->n_parts].w1 = w1;
    c->n_parts++;
    c->q[c->n_q - 1].n_parts++;
}

static void open_quote(qctx *c, const qmark *m)
{
    qraw *q = &c->q[c->n_q++];
    memset(q, 0, sizeof *q);
    q->part0 = (uint32_t)c->n_parts;
    q->open_w = m->w;
    q->verb = q->mention = -1;
    c->active = 1;
    c->fam = m->fam;
    c->part_w0 = m->w + 1;
    c->part_s = m->s;
}

static void close_quote(qctx *c, uint32_t close_w)
{
    add_part(c, c->part_w0, close_w);
    qraw *q = &c->q[c->n_q - 1];
    q->closed = 1;
    q->close_w = close_w;
    c->active = 0;
}

/* Cuts the open quote at the earliest of limit (exclusive), its
 * paragraph's end and the end of its MAX_UNCLOSED_SENTENCES-th sentence. */
static void cut_quote(qctx *c, uint32_t limit)
{
    const casus_doc *d = c->d;
    uint32_t s = c->part_s, last = s;
    while (last + 1 < d->n_sentences && last + 1 < s + MAX_UNCLOSED_SENTENCES &&
           !d->sentences[last + 1].new_par)
        last++;
    uint32_t end = d->sentences[last].word + d->sentences[last].n_words;
    if (limit < end)
        end = limit;
    if (end > c->part_w0 && end - c->part_w0 > MAX_UNCLOSED_WORDS)
        end = c->part_w0 + MAX_UNCLOSED_WORDS; /* one endless sentence */
    if (end < c->part_w0)
        end = c->part_w0;
    add_part(c, c->part_w0, end);
    qraw *q = &c->q[c->n_q - 1];
    q->closed = 0;
    q->close_w = end;
    c->active = 0;
}

static void pair_marks(qctx *c)
{
    const casus_doc *d = c->d;
    size_t par_scan = 0; /* next sentence to test for a paragraph start */
    for (size_t i = 0; i < c->n_marks; i++) {
        const qmark *m = &c->marks[i];
        if (c->active) {
            size_t p = 0;
            int found = 0;
            for (; par_scan <= m->s; par_scan++)
                if (par_scan > c->part_s && d->sentences[par_scan].new_par) {
                    p = par_scan++;
                    found = 1;
                    break;
                }
            if (found) {
                uint32_t pw = d->sentences[p].word;
                if (m->s == p && m->w == pw && m->fam == c->fam && m->dir != DIR_CLOSE &&
                    c->q[c->n_q - 1].n_parts + 1 < MAX_PARAGRAPHS) {
                    /* a quote running on into the next paragraph */
                    add_part(c, c->part_w0, pw);
                    c->part_w0 = m->w + 1;
                    c->part_s = m->s;
                    continue;
                }
                cut_quote(c, pw);
            } else if (m->s - c->part_s >= MAX_PART_SENTENCES) {
                cut_quote(c, m->w);
            } else if (m->fam != c->fam) {
                continue; /* nested */
            } else if (m->dir == DIR_OPEN) {
                cut_quote(c, m->w);
            } else {
                close_quote(c, m->w);
                continue;
            }
        }
        if (m->dir == DIR_CLOSE)
            continue; /* stray */
        open_quote(c, m);
        par_scan = m->s + 1;
    }
    if (c->active)
        cut_quote(c, (uint32_t)d->n_words);
}

/* ------------------------------------------------------------ syntax helpers */

/* Lemmas of the verbs that introduce speech, sorted for bsearch. */
static const char *const speech_lemmas[] = {
    "acknowledge", "add",       "admit",    "affirm",  "allege",  "announce", "argue",
    "ask",         "assert",    "caution",  "claim",   "comment", "complain", "concede",
    "conclude",    "confirm",   "continue", "counter", "declare", "deny",     "describe",
    "emphasise",   "emphasize", "explain",  "insist",  "joke",    "lament",   "maintain",
    "mention",     "note",      "observe",  "pledge",  "predict", "promise",  "quip",
    "recall",      "reiterate", "remark",   "reply",   "respond", "retort",   "say",
    "shout",       "state",     "stress",   "suggest", "tell",    "testify",  "threaten",
    "tweet",       "urge",      "vow",      "warn",    "write",
};

static int cmp_lemma(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_speech(const qctx *c, int32_t w)
{
    if (!c->syn || w < 0)
        return 0;
    const casus_word_syntax *x = &c->syn[w];
    if (!x->lemma || !x->upos || strcmp(x->upos, "VERB"))
        return 0;
    return bsearch(&x->lemma, speech_lemmas, sizeof speech_lemmas / sizeof *speech_lemmas,
                   sizeof *speech_lemmas, cmp_lemma) != NULL;
}

static int32_t head_of(const qctx *c, uint32_t w)
{
    if (!c->syn)
        return -1;
    int32_t h = c->syn[w].head;
    return h >= 0 && (size_t)h < c->d->n_words ? h : -1;
}

static int is_punct(const qctx *c, uint32_t w)
{
    if (c->syn && c->syn[w].upos)
        return !strcmp(c->syn[w].upos, "PUNCT");
    return c->d->tokens[c->d->words[w].token].kind == CASUS_TOK_PUNCT;
}

/* The sentence holding word w. */
static uint32_t sent_of(const casus_doc *d, uint32_t w)
{
    size_t lo = 0, hi = d->n_sentences;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (d->sentences[mid].word <= w)
            lo = mid;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

static uint32_t sent_end(const casus_doc *d, uint32_t s)
{
    return d->sentences[s].word + d->sentences[s].n_words;
}

/* Does word w's original text equal lower-case s, ignoring ASCII case? */
static int word_is(const qctx *c, uint32_t w, const char *s)
{
    const casus_word *x = &c->d->words[w];
    size_t n = strlen(s);
    if (x->end - x->start != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)c->text[x->start + i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        if (ch != (unsigned char)s[i])
            return 0;
    }
    return 1;
}

/* Is word w inside one of q's parts? (sorted and disjoint: a quote may
 * run over many paragraphs, so this is a binary search) */
static int in_quote(const qctx *c, const qraw *q, int32_t w)
{
    if (w < 0)
        return 0;
    const qpart *p = c->parts + q->part0;
    size_t lo = 0, hi = q->n_parts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uint32_t)w < p[mid].w0)
            hi = mid;
        else if ((uint32_t)w >= p[mid].w1)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* The first dependent of w whose relation starts with rel (exact when
 * exact), near w in its sentence; -1. */
static int32_t child(const qctx *c, uint32_t w, const char *rel, int exact)
{
    uint32_t s = sent_of(c->d, w);
    uint32_t lo = c->d->sentences[s].word, hi = sent_end(c->d, s);
    if (w > lo + CHILD_SPAN)
        lo = w - CHILD_SPAN;
    if (hi > w + CHILD_SPAN)
        hi = w + CHILD_SPAN;
    for (uint32_t x = lo; x < hi; x++)
        if (c->syn[x].head == (int32_t)w &&
            (exact ? deprel_is(c, x, rel) : deprel_starts(c, x, rel)))
            return (int32_t)x;
    return -1;
}

/* The mention naming the person or group word w stands for; -1. A
 * description gives way to a name in apposition ("Malaysia's Prime
 * Minister, Najib Razak"); a word with no mention takes one from its
 * flat, appos or compound dependents, then from its possessor ("Cornyn's
 * statement added"). */
static int32_t mention_at(const qctx *c, int32_t w)
{
    if (w < 0 || !c->wm)
        return -1;
    static const char *const rels[] = {"appos", "flat", "compound", "nmod:poss"};
    int32_t m = c->wm[w];
    if (m >= 0 && c->d->mentions[m].kind != CASUS_MENTION_NOMINAL)
        return m;
    for (size_t i = 0; i < sizeof rels / sizeof *rels; i++) {
        if (m >= 0 && i >= 2)
            break;
        int32_t x = child(c, (uint32_t)w, rels[i], 0);
        int32_t k = x >= 0 ? c->wm[x] : -1;
        if (k >= 0 && k != m && (m < 0 || c->d->mentions[k].kind == CASUS_MENTION_NAME))
            return k;
    }
    return m;
}

/* Does w, in sentence [lo, end), have a preposition as a case dependent?
 * Then it is no subject, whatever the parser says ("In an interview with
 * ..., Rouhani warned" with "interview" the nsubj). */
static int has_preposition(const qctx *c, uint32_t w, uint32_t lo, uint32_t end)
{
    for (uint32_t u = lo; u < end; u++)
        if (c->syn[u].head == (int32_t)w && deprel_is(c, u, "case") && c->syn[u].upos &&
            !strcmp(c->syn[u].upos, "ADP"))
            return 1;
    return 0;
}

/* The speaker mention of speech verb v (see the header); -1. */
static int32_t speaker_of(const qctx *c, const qraw *q, int32_t v)
{
    if (!c->syn || !c->wm || v < 0)
        return -1;
    uint32_t s = sent_of(c->d, (uint32_t)v);
    uint32_t lo = c->d->sentences[s].word, end = sent_end(c->d, s);
    int32_t x = v, seen_subj = 0;
    for (int hop = 0; hop < 3 && x >= 0; hop++) {
        /* every subject: a parser may split "Spc. Lorraine Walsh" in two;
         * nsubj:pass only above the verb ("was quoted as saying") */
        uint32_t a = (uint32_t)x > lo + CHILD_SPAN ? (uint32_t)x - CHILD_SPAN : lo;
        uint32_t b = (uint32_t)x + CHILD_SPAN < end ? (uint32_t)x + CHILD_SPAN : end;
        int32_t best = -1;
        for (uint32_t w = a; w < b; w++) {
            if (c->syn[w].head != x ||
                !(hop ? deprel_starts(c, w, "nsubj") : deprel_is(c, w, "nsubj")) ||
                has_preposition(c, w, lo, end))
                continue;
            int32_t m = mention_at(c, (int32_t)w);
            /* a subject after the verb with no mention of its own may be a
             * title ("said Maj. Gen. Gary J. Volesky"): read on below */
            if (m >= 0 || (int32_t)w < x)
                seen_subj = 1;
            if (m >= 0 && (best < 0 || (c->d->mentions[best].kind == CASUS_MENTION_NOMINAL &&
                                        c->d->mentions[m].kind == CASUS_MENTION_NAME)))
                best = m;
        }
        if (seen_subj)
            return best;
        if (!deprel_is(c, (uint32_t)x, "conj") && !deprel_is(c, (uint32_t)x, "xcomp") &&
            !deprel_is(c, (uint32_t)x, "advcl"))
            break;
        x = head_of(c, (uint32_t)x);
        if (x >= 0 && in_quote(c, q, x))
            break;
    }
    /* inverted: «…,» said Soo Kim; «…,» said Maj. Gen. Gary J. Volesky */
    for (uint32_t w = (uint32_t)v + 1; w < end && w <= (uint32_t)v + INVERTED; w++) {
        if (in_quote(c, q, (int32_t)w) || word_is(c, w, ","))
            break;
        int32_t m = c->wm[w];
        if (m >= 0 && c->d->mentions[m].type != 'L')
            return m;
    }
    /* a parse with no subject: the nearest person named before the verb */
    for (uint32_t w = (uint32_t)v; w > lo && w + WINDOW > (uint32_t)v;) {
        w--;
        if (in_quote(c, q, (int32_t)w))
            break;
        int32_t m = c->wm[w];
        if (m >= 0 && c->d->mentions[m].type == 'P' && c->d->mentions[m].kind == CASUS_MENTION_NAME)
            return m;
    }
    return -1;
}

/* ------------------------------------------------------------ attribution */

static int clausal(const qctx *c, uint32_t w)
{
    return deprel_starts(c, w, "ccomp") || deprel_starts(c, w, "xcomp") ||
           deprel_starts(c, w, "advcl") || deprel_starts(c, w, "conj") ||
           deprel_starts(c, w, "parataxis") || deprel_starts(c, w, "csubj");
}

/* Is w's relation the one of what was said (for a short quote)? */
static int said_rel(const qctx *c, uint32_t w)
{
    return deprel_starts(c, w, "ccomp") || deprel_starts(c, w, "xcomp") ||
           deprel_starts(c, w, "parataxis") || deprel_is(c, w, "obj");
}

/* a. The speech verb governing part p of q, or one of its dependents. */
static int32_t verb_by_syntax(const qctx *c, const qraw *q, const qpart *p, uint8_t *strong)
{
    for (uint32_t w = p->w0; w < p->w1; w++) {
        int32_t x = head_of(c, w), from = (int32_t)w;
        if (x < 0 || in_quote(c, q, x))
            continue;
        /* a noun conjoined to a verb is a misparse, not a clause: "pursuing
         * diplomacy and "ally-building"" with "building" a conj of
         * "pursuing" says nothing of who speaks */
        if (deprel_starts(c, w, "conj") && c->syn[w].upos &&
            (!strcmp(c->syn[w].upos, "NOUN") || !strcmp(c->syn[w].upos, "PROPN")))
            continue;
        for (int hop = 0; x >= 0 && hop < MAX_HOPS; hop++) {
            if (in_quote(c, q, x))
                break;
            if (is_speech(c, x)) {
                /* the quote is what was said, not a phrase somewhere in
                 * it ("described what it called the "axis of evil"") */
                *strong = (uint8_t)(hop == 0 ? said_rel(c, w) : clausal(c, w));
                return x;
            }
            /* "told the panel that the round "could take longer"" parsed
             * with the that-clause an acl of "panel": the addressee's verb */
            int addressee = deprel_starts(c, (uint32_t)from, "acl") &&
                            (deprel_is(c, (uint32_t)x, "obj") || deprel_is(c, (uint32_t)x, "iobj"));
            if (!clausal(c, (uint32_t)x) && !addressee)
                break;
            from = x;
            x = head_of(c, (uint32_t)x);
        }
    }
    /* a speech verb beside the quote whose head is in it */
    uint32_t s0 = sent_of(c->d, p->w0), s1 = sent_of(c->d, p->w1 - 1);
    uint32_t lo = c->d->sentences[s0].word, hi = sent_end(c->d, s1);
    uint32_t a = p->w0 > lo + NEAR ? p->w0 - NEAR : lo;
    uint32_t b = p->w1 + NEAR < hi ? p->w1 + NEAR : hi;
    for (uint32_t w = a; w < b; w++) {
        if (w >= p->w0 && w < p->w1)
            continue;
        int32_t h = head_of(c, w);
        if (h >= 0 && in_quote(c, q, h) && is_speech(c, (int32_t)w)) {
            *strong = 1;
            return (int32_t)w;
        }
    }
    return -1;
}

/* b. The mention after "according to" near q; -1. */
static int32_t according_to(const qctx *c, const qraw *q)
{
    if (!c->wm)
        return -1;
    const qpart *first = &c->parts[q->part0], *last = &c->parts[q->part0 + q->n_parts - 1];
    uint32_t s0 = sent_of(c->d, first->w0), s1 = sent_of(c->d, last->w1 - 1);
    uint32_t lo = c->d->sentences[s0].word, hi = sent_end(c->d, s1);
    uint32_t ranges[2][2] = {
        {first->w0 > lo + WINDOW ? first->w0 - WINDOW : lo, first->w0},
        {last->w1, last->w1 + WINDOW < hi ? last->w1 + WINDOW : hi},
    };
    for (int r = 0; r < 2; r++)
        for (uint32_t w = ranges[r][0]; w < ranges[r][1] && w + 1 < hi; w++) {
            if (!word_is(c, w, "according") || !word_is(c, w + 1, "to"))
                continue;
            for (uint32_t x = w + 2; x < hi && x < w + 8; x++) {
                if (in_quote(c, q, (int32_t)x))
                    break;
                if (c->wm[x] >= 0)
                    return c->wm[x];
            }
        }
    return -1;
}

/* c. A speech verb close after, else close before, q; -1. */
static int32_t verb_near(const qctx *c, const qraw *q)
{
    const qpart *first = &c->parts[q->part0], *last = &c->parts[q->part0 + q->n_parts - 1];
    uint32_t s1 = sent_of(c->d, last->w1 - 1);
    uint32_t hi = sent_end(c->d, s1);
    for (uint32_t w = last->w1; w < hi && w < last->w1 + NEAR; w++)
        if (is_speech(c, (int32_t)w))
            return (int32_t)w;
    uint32_t lo = c->d->sentences[sent_of(c->d, first->w0)].word;
    for (uint32_t w = first->w0; w > lo && w + NEAR > first->w0;) {
        w--;
        if (is_speech(c, (int32_t)w))
            return (int32_t)w;
    }
    return -1;
}

/* Does q fill the sentences it stands in (nothing but punctuation and
 * marks outside it)? */
static int fills(const qctx *c, const qraw *q)
{
    const qpart *first = &c->parts[q->part0], *last = &c->parts[q->part0 + q->n_parts - 1];
    uint32_t s0 = sent_of(c->d, first->w0), s1 = sent_of(c->d, last->w1 - 1);
    for (uint32_t w = first->w0; w > c->d->sentences[s0].word;)
        if (!is_punct(c, --w))
            return 0;
    for (uint32_t w = last->w1; w < sent_end(c->d, s1); w++)
        if (!is_punct(c, w))
            return 0;
    return 1;
}

/* Does sentence s hold a quote mark? (short sentences only) */
static int has_mark(const qctx *c, uint32_t s)
{
    qmark m;
    for (uint32_t w = c->d->sentences[s].word; w < sent_end(c->d, s); w++)
        if (mark_of(c, w, &m))
            return 1;
    return 0;
}

/* d. The speech verb of the sentence before ("She said:") or a short
 * attribution sentence after; -1. */
static int32_t verb_neighbour(const qctx *c, const qraw *q)
{
    const casus_doc *d = c->d;
    const qpart *first = &c->parts[q->part0], *last = &c->parts[q->part0 + q->n_parts - 1];
    uint32_t s0 = sent_of(d, first->w0), s1 = sent_of(d, last->w1 - 1);
    if (s0 > 0) {
        const casus_sentence *p = &d->sentences[s0 - 1];
        uint32_t end = p->word + p->n_words;
        if (p->n_words && (word_is(c, end - 1, ":") || word_is(c, end - 1, ",")))
            for (uint32_t w = end; w > p->word && w + WINDOW > end;)
                if (is_speech(c, (int32_t)--w))
                    return (int32_t)w;
    }
    if (s1 + 1 < d->n_sentences && !d->sentences[s1 + 1].new_par &&
        d->sentences[s1 + 1].n_words <= NEXT_ATTR_WORDS && !has_mark(c, s1 + 1)) {
        const casus_sentence *n = &d->sentences[s1 + 1];
        for (uint32_t w = n->word; w < n->word + n->n_words; w++)
            if (is_speech(c, (int32_t)w) && speaker_of(c, q, (int32_t)w) >= 0)
                return (int32_t)w;
    }
    return -1;
}

static void set_speaker(const qctx *c, qraw *q, int32_t m)
{
    q->mention = m;
    q->pron = 0;
    if (m >= 0 && c->d->mentions[m].kind == CASUS_MENTION_PRONOUN && c->d->mentions[m].entity < 0) {
        q->mention = -1;
        q->pron = 1;
    }
}

static void attribute(const qctx *c, qraw *q)
{
    uint8_t strong = 0;
    int32_t v = verb_by_syntax(c, q, &c->parts[q->part0], &strong);
    if (v < 0 && q->n_parts > 1)
        v = verb_by_syntax(c, q, &c->parts[q->part0 + q->n_parts - 1], &strong);
    if (v >= 0) {
        q->attr = ATTR_SYNTAX;
        q->strong = strong;
        q->verb = v;
        set_speaker(c, q, speaker_of(c, q, v));
        return;
    }
    int32_t m = according_to(c, q);
    if (m >= 0) {
        q->attr = ATTR_ACCORDING;
        q->strong = 1;
        set_speaker(c, q, m);
        return;
    }
    /* a signature: "…" — Matthew Ingram */
    uint32_t w = q->close_w + 1;
    if (q->closed && w + 1 < c->d->n_words && c->wm && is_trim(c, w) && !word_is(c, w, ",") &&
        c->wm[w + 1] >= 0 && c->d->mentions[c->wm[w + 1]].type == 'P' &&
        c->d->mentions[c->wm[w + 1]].kind == CASUS_MENTION_NAME) {
        q->attr = ATTR_NEAR;
        set_speaker(c, q, c->wm[w + 1]);
        return;
    }
    v = verb_near(c, q);
    if (v < 0 && fills(c, q)) {
        v = verb_neighbour(c, q);
        if (v >= 0)
            q->attr = ATTR_NEIGHBOUR;
    } else if (v >= 0) {
        q->attr = ATTR_NEAR;
    }
    if (v >= 0) {
        q->verb = v;
        set_speaker(c, q, speaker_of(c, q, v));
    }
}

/* ------------------------------------------------------------ filters */

static const char *const naming_words[] = {
    "so-called", "called",  "dubbed", "nicknamed", "termed", "branded",
    "labelled",  "labeled", "titled", "entitled",  "named",  "codenamed",
};

static int after_naming_word(const qctx *c, const qraw *q)
{
    if (q->open_w == 0)
        return 0;
    uint32_t w = q->open_w - 1;
    if (w > 0 && (word_is(c, w, "the") || word_is(c, w, "a") || word_is(c, w, "an")))
        w--; /* called the "axis of evil" */
    for (size_t i = 0; i < sizeof naming_words / sizeof *naming_words; i++)
        if (word_is(c, w, naming_words[i]))
            return 1;
    return 0;
}

/* Is q a title ("The Internet Explorer 6 Countdown"): no more than
 * TITLE_WORDS words, each capitalised but for short function words, and
 * no sentence punctuation at its end? */
static int is_title(const qctx *c, const qraw *q)
{
    static const char *const small[] = {"a",  "an", "and", "at",  "by", "for", "in",
                                        "of", "on", "or",  "the", "to", "vs",  "with"};
    const qpart *p = &c->parts[q->part0];
    if (q->n_parts != 1 || p->w1 - p->w0 > TITLE_WORDS)
        return 0;
    const char *last = c->text + c->d->words[p->w1 - 1].start;
    if (*last == '.' || *last == '?' || *last == '!')
        return 0;
    int caps = 0;
    for (uint32_t w = p->w0; w < p->w1; w++) {
        unsigned char ch = (unsigned char)c->text[c->d->words[w].start];
        if (ch >= 'A' && ch <= 'Z') {
            caps++;
            continue;
        }
        if (ch < 'a' || ch > 'z')
            continue; /* digits, punctuation */
        int ok = 0;
        for (size_t i = 0; i < sizeof small / sizeof *small && !ok; i++)
            ok = word_is(c, w, small[i]);
        if (!ok || w == p->w0)
            return 0;
    }
    return caps >= 2;
}

/* Does q hold more than SCARE_WORDS words (punctuation aside)? */
static int is_long(const qctx *c, const qraw *q)
{
    unsigned n = 0;
    for (uint32_t k = 0; k < q->n_parts; k++) {
        const qpart *p = &c->parts[q->part0 + k];
        for (uint32_t w = p->w0; w < p->w1; w++)
            if (!is_punct(c, w) && ++n > SCARE_WORDS)
                return 1;
    }
    return 0;
}

/* The verb of the split quote a, b: «A,» she said, «B.» — one verb in the
 * gap between them, attributing a or b or both and no other; -1. */
static int32_t split_verb(const qctx *c, const qraw *a, const qraw *b)
{
    if (!a->closed || b->open_w - a->close_w > SPLIT_GAP + 1 || b->attr == ATTR_ACCORDING)
        return -1;
    int32_t v = a->verb >= 0 ? a->verb : b->verb;
    if (v <= (int32_t)a->close_w || v >= (int32_t)b->open_w || (b->verb >= 0 && b->verb != v))
        return -1;
    uint32_t sa = sent_of(c->d, a->close_w), sb = sent_of(c->d, b->open_w);
    for (uint32_t s = sa + 1; s <= sb; s++)
        if (c->d->sentences[s].new_par)
            return -1;
    for (uint32_t w = a->close_w + 1; w < b->open_w; w++)
        if (is_speech(c, (int32_t)w) && (int32_t)w != v)
            return -1;
    return v;
}

/* ------------------------------------------------------------ output */

static int emit(qctx *c, const qraw *q, casus_quote *out)
{
    casus_doc *d = c->d;
    casus_span *parts = arena_array(&d->mem, q->n_parts, sizeof *parts);
    if (!parts)
        return CASUS_ENOMEM;
    size_t total = 0;
    for (uint32_t k = 0; k < q->n_parts; k++) {
        const qpart *p = &c->parts[q->part0 + k];
        parts[k].start = d->words[p->w0].start;
        parts[k].end = d->words[p->w1 - 1].end;
        total += parts[k].end - parts[k].start + 1;
    }
    char *text = arena_alloc(&d->mem, total + 1);
    if (!text)
        return CASUS_ENOMEM;
    size_t n = 0;
    for (uint32_t k = 0; k < q->n_parts; k++) {
        if (k)
            text[n++] = ' ';
        int space = 0;
        for (uint32_t i = parts[k].start; i < parts[k].end; i++) {
            unsigned char ch = (unsigned char)c->text[i];
            if (is_space(ch)) {
                space = 1;
                continue;
            }
            if (space)
                text[n++] = ' ';
            space = 0;
            text[n++] = (char)ch;
        }
    }
    text[n] = 0;

    memset(out, 0, sizeof *out);
    out->start = parts[0].start;
    out->end = parts[q->n_parts - 1].end;
    out->sentence = sent_of(d, c->parts[q->part0].w0);
    out->parts = parts;
    out->n_parts = q->n_parts;
    out->text = text;
    out->speaker_mention = out->speaker_entity = -1;
    if (q->verb >= 0) {
        const casus_word *v = &d->words[q->verb];
        out->verb =
            v->form ? v->form : arena_strndup(&d->mem, c->text + v->start, v->end - v->start);
        if (!out->verb)
            return CASUS_ENOMEM;
        out->verb_span.start = v->start;
        out->verb_span.end = v->end;
    }
    if (q->mention >= 0) {
        const casus_mention *m = &d->mentions[q->mention];
        const casus_entity *e = m->entity >= 0 ? &d->entities[m->entity] : NULL;
        out->speaker_mention = q->mention;
        out->speaker_entity = m->entity;
        out->speaker_name =
            e && e->name ? e->name : arena_strndup(&d->mem, c->text + m->start, m->end - m->start);
        if (!out->speaker_name)
            return CASUS_ENOMEM;
        out->speaker_code = m->code && *m->code ? m->code : e && e->code ? e->code : "";
    }
    return 0;
}

int kn_quotes(casus_doc *d)
{
    if (!d->n_words || !d->n_sentences || !d->article || !d->article->text)
        return 0;
    qctx c = {0};
    c.d = d;
    c.text = d->article->text;
    c.len = d->article->text_len;
    c.syn = d->syn;
    c.wm = d->word_mention;

    /* 1. marks: count, then collect with their sentences */
    qmark m;
    size_t n = 0;
    for (uint32_t w = 0; w < d->n_words; w++)
        n += (size_t)mark_of(&c, w, &m);
    if (!n)
        return 0;
    c.marks = arena_array(&d->mem, n, sizeof *c.marks);
    c.parts = arena_array(&d->mem, n, sizeof *c.parts);
    c.q = arena_array(&d->mem, n, sizeof *c.q);
    if (!c.marks || !c.parts || !c.q)
        return CASUS_ENOMEM;
    for (uint32_t s = 0; s < d->n_sentences; s++) {
        const casus_sentence *st = &d->sentences[s];
        for (uint32_t w = st->word; w < st->word + st->n_words && c.n_marks < n; w++)
            if (mark_of(&c, w, &m)) {
                m.s = s;
                c.marks[c.n_marks++] = m;
            }
    }

    /* 2. pairing; 3. attribution */
    pair_marks(&c);
    for (size_t i = 0; i < c.n_q; i++) {
        qraw *q = &c.q[i];
        if (!q->n_parts || after_naming_word(&c, q)) {
            q->dead = 1;
            continue;
        }
        attribute(&c, q);
    }

    /* 4. split quotes: merged into the first; their parts are adjacent */
    size_t prev = (size_t)-1;
    for (size_t i = 0; i < c.n_q; i++) {
        qraw *q = &c.q[i];
        if (q->dead)
            continue;
        qraw *a = prev != (size_t)-1 ? &c.q[prev] : NULL;
        if (a && a->part0 + a->n_parts == q->part0 && split_verb(&c, a, q) >= 0) {
            if (a->verb < 0) {
                a->verb = q->verb;
                a->mention = q->mention;
                a->pron = q->pron;
                a->attr = q->attr;
            }
            a->n_parts += q->n_parts;
            a->close_w = q->close_w;
            a->closed = q->closed;
            a->strong = 1;
            q->dead = 1;
            continue;
        }
        prev = i;
    }

    /* 5. scare quotes */
    size_t kept = 0;
    for (size_t i = 0; i < c.n_q; i++) {
        qraw *q = &c.q[i];
        if (q->dead)
            continue;
        if ((!q->strong && !is_long(&c, q) && !fills(&c, q)) ||
            (q->attr != ATTR_SYNTAX && q->attr != ATTR_ACCORDING && is_title(&c, q)))
            q->dead = 1;
        else
            kept++;
    }
    if (!kept)
        return 0;

    /* 6. inherited speakers */
    const qraw *last = NULL;
    for (size_t i = 0; i < c.n_q; i++) {
        qraw *q = &c.q[i];
        if (q->dead)
            continue;
        uint32_t s0 = sent_of(d, c.parts[q->part0].w0);
        if (q->mention < 0 && last && last->mention >= 0) {
            uint32_t ls = sent_of(d, c.parts[last->part0 + last->n_parts - 1].w1 - 1);
            const casus_mention *lm = &d->mentions[last->mention];
            if (q->pron && lm->type == 'P' && s0 - ls <= INHERIT_SENTENCES)
                q->mention = last->mention;
            else if (q->attr == ATTR_NONE && (s0 == ls || s0 == ls + 1) && fills(&c, q)) {
                q->mention = last->mention;
                q->attr = ATTR_INHERIT;
            }
        }
        last = q;
    }
    /* backwards: a quote right before an attributed one in its paragraph */
    const qraw *next = NULL;
    for (size_t i = c.n_q; i-- > 0;) {
        qraw *q = &c.q[i];
        if (q->dead)
            continue;
        if (q->attr == ATTR_NONE && next && next->mention >= 0 && next->attr != ATTR_INHERIT &&
            fills(&c, q)) {
            uint32_t e = q->closed ? q->close_w + 1 : q->close_w;
            uint32_t s = sent_of(d, c.parts[q->part0 + q->n_parts - 1].w1 - 1);
            uint32_t ns = sent_of(d, next->open_w);
            int gap_ok = !d->sentences[ns].new_par || ns == s;
            for (uint32_t w = e; gap_ok && w < next->open_w; w++)
                gap_ok = is_punct(&c, w);
            if (gap_ok && ns <= s + 1) {
                q->mention = next->mention;
                q->attr = ATTR_INHERIT;
            }
        }
        next = q;
    }

    d->quotes = arena_array(&d->mem, kept, sizeof *d->quotes);
    if (!d->quotes)
        return CASUS_ENOMEM;
    for (size_t i = 0; i < c.n_q; i++) {
        if (c.q[i].dead)
            continue;
        int rc = emit(&c, &c.q[i], &d->quotes[d->n_quotes]);
        if (rc)
            return rc;
        d->n_quotes++;
    }
    return 0;
}
