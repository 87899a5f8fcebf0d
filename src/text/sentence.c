/*
 * sentence.c — the sentence splitter: groups tokens into sentences.
 *
 * Input: the text as read and its tokens and words (tokenize.c). Output:
 * casus_sentence spans in the document arena; every token in exactly one
 * sentence, in order; new_par marks the first sentence of the text and
 * each one after a blank line.
 *
 * Design: one left-to-right pass over the tokens, no allocation but the
 * result. A blank line ends sentence and paragraph. Every other position
 * between two tokens goes first to the rules (sent_rule), which settle what
 * is certain or what the training data cannot teach: a closing quote or
 * bracket glued to the final punctuation stays with its sentence, a
 * dateline dash ("LONDON —") does not end one, titles ("Brig. Gen.") and
 * initials ("C.A. Thomas") go on, a single line break after a headline or a
 * list item ends one, a word followed by a lower-case word goes on. The
 * rest goes to a linear model trained on UD English-EWT by
 * bench/train_sentence.c: ~20 features (lower-cased normalised forms,
 * shapes and classes of the tokens around the position, the sentence's
 * length so far), each hashed with one multiply into a dense int8 table
 * (sentence_model.c, 32 KB, cache-resident). Token classes are computed
 * once per token in a sliding window of four; the form hashes only for the
 * tokens around the one position in five that the rules leave open. The
 * decoder is greedy, so the length feature uses its own earlier decisions.
 *
 * Web text (EWT) ends many sentences without punctuation and starts many
 * in lower case, which rules alone cannot follow; news text is cleaner but
 * has datelines, headlines on their own line, guillemets and "U. S.",
 * which the rules and the normalised forms ("U.S.") cover.
 * docs/SENTENCE.md has the rules, the features and the figures.
 */
#include "text/sentence.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/text.h"
#include "util/utf8.h"

/* ---------------------------------------------------------------- breaks */

unsigned sent_breaks(const sent_input *in, size_t i)
{
    if (i + 1 >= in->n_tokens)
        return 2;
    const unsigned char *s = (const unsigned char *)in->text;
    size_t a = in->tokens[i].end, b = in->tokens[i + 1].start;
    if (b > in->len)
        b = in->len;
    if (b <= a + 1 && (b <= a || s[a] == ' ')) /* the common cases first */
        return 0;
    unsigned nl = 0;
    for (size_t k = a; k < b; k++) {
        unsigned char c = s[k];
        if (c == '\n' || c == '\v') {
            if (++nl >= 2)
                return 2;
        } else if (c == '\f') {
            return 2;
        } else if (c == 0xE2 && k + 2 < b && s[k + 1] == 0x80) {
            if (s[k + 2] == 0xA9) /* U+2029 paragraph separator */
                return 2;
            if (s[k + 2] == 0xA8 && ++nl >= 2) /* U+2028 line separator */
                return 2;
        } else if (c == 0xC2 && k + 1 < b && s[k + 1] == 0x85 && ++nl >= 2) { /* NEL */
            return 2;
        }
    }
    return nl;
}

/* ---------------------------------------------------------------- tokens */

/* Classes of ASCII characters, by code. */
#define CL_(c)                                                                               \
    ((c) >= 'a' && (c) <= 'z'                                      ? SENT_C_LOWER          \
     : (c) >= 'A' && (c) <= 'Z'                                    ? SENT_C_UPPER          \
     : (c) >= '0' && (c) <= '9'                                    ? SENT_C_DIGIT          \
     : (c) == '.' || (c) == '!' || (c) == '?'                      ? SENT_C_TERM           \
     : (c) == '(' || (c) == '[' || (c) == '{'                      ? SENT_C_OPEN           \
     : (c) == ')' || (c) == ']' || (c) == '}'                      ? SENT_C_CLOSE          \
     : (c) == '"' || (c) == '\'' || (c) == '`'                     ? SENT_C_QUOTE          \
     : (c) == '-'                                                  ? SENT_C_DASH           \
     : (c) == ',' || (c) == ';'                                    ? SENT_C_COMMA          \
     : (c) == ':'                                                  ? SENT_C_COLON          \
                                                                   : SENT_C_OTHER)
#define C4_(c) CL_(c), CL_(c + 1), CL_(c + 2), CL_(c + 3)
#define C16_(c) C4_(c), C4_(c + 4), C4_(c + 8), C4_(c + 12)
#define C64_(c) C16_(c), C16_(c + 16), C16_(c + 32), C16_(c + 48)
static const uint8_t ascii_class[128] = {C64_(0), C64_(64)};

/* The class of a code point. ’ counts as an ambiguous quote: it is also
 * the apostrophe. */
static uint8_t char_class(int32_t c)
{
    if (c < 0x80)
        return c >= 0 ? ascii_class[c] : SENT_C_OTHER;
    switch (c) {
    case 0x2026: /* … */
    case 0x203C: /* ‼ */
    case 0x2047: case 0x2048: case 0x2049:
    case 0x3002: /* 。 */
    case 0xFF01: case 0xFF0E: case 0xFF1F:
        return SENT_C_TERM;
    case 0x2019: /* ’ */
        return SENT_C_QUOTE;
    case 0x00BB: case 0x203A: /* » › */
        return SENT_C_CLOSE;
    case 0x00BF: case 0x00A1: /* ¿ ¡ */
        return SENT_C_OPEN;
    default:
        break;
    }
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return SENT_C_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return SENT_C_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
        return SENT_C_LETTER;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return SENT_C_DIGIT;
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PI:
        return SENT_C_OPEN;
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PF:
        return SENT_C_CLOSE;
    case UTF8PROC_CATEGORY_PD:
        return SENT_C_DASH;
    default:
        return SENT_C_OTHER;
    }
}

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

/* Per byte: its ASCII lower case, and the symbol it adds to a shape: X x d
 * for ASCII letters and digits, u for a non-ASCII character (its lead
 * byte; continuation bytes add nothing), the character itself otherwise. */
#define LOWER_(c) ((c) >= 'A' && (c) <= 'Z' ? (c) | 0x20 : (c))
#define SHAPE_(c)                                                                            \
    ((c) >= 'a' && (c) <= 'z'   ? 'x'                                                        \
     : (c) >= 'A' && (c) <= 'Z' ? 'X'                                                        \
     : (c) >= '0' && (c) <= '9' ? 'd'                                                        \
     : (c) >= 0xC0              ? 'u'                                                        \
     : (c) >= 0x80              ? 0                                                          \
                                : (c))
#define X4_(F, c) F(c), F(c + 1), F(c + 2), F(c + 3)
#define X16_(F, c) X4_(F, c), X4_(F, c + 4), X4_(F, c + 8), X4_(F, c + 12)
#define X64_(F, c) X16_(F, c), X16_(F, c + 16), X16_(F, c + 32), X16_(F, c + 48)
#define X256_(F) X64_(F, 0), X64_(F, 64), X64_(F, 128), X64_(F, 192)

static const unsigned char lower_tab[256] = {X256_(LOWER_)};
static const unsigned char shape_tab[256] = {X256_(SHAPE_)};

/* Hashes a form into *form and *shape and counts cased letters. Shapes
 * keep at most two of a run (Xxx == Xxxxxx) and eight symbols. */
typedef struct hash_state {
    uint32_t form, shape;
    unsigned char last_sym;
    unsigned run, n_sym, upper, lower;
} hash_state;

static void hash_bytes(hash_state *h, const unsigned char *s, size_t n, int nul_ends)
{
    /* the state in locals: stores through h could alias s (a char *) */
    uint32_t f = h->form, g = h->shape;
    unsigned last_sym = h->last_sym, run = h->run, n_sym = h->n_sym;
    unsigned upper = h->upper, lower = h->lower;
    for (size_t k = 0; nul_ends ? s[k] != 0 : k < n; k++) {
        unsigned c = s[k], y = shape_tab[c];
        if (c == 0xE2 && (nul_ends || k + 2 < n) && s[k + 1] == 0x80 && s[k + 2] == 0xA6) {
            /* "…" hashes as "...", the spelling the model was trained on */
            f = (((f ^ '.') * FNV_PRIME ^ '.') * FNV_PRIME ^ '.') * FNV_PRIME;
            y = '.';
            k += 2;
        } else {
            f = (f ^ lower_tab[c]) * FNV_PRIME;
        }
        if (!y)
            continue;
        upper += y == 'X';
        lower += y == 'x';
        if (y == last_sym) {
            if (++run > 2)
                continue;
        } else {
            last_sym = y;
            run = 1;
        }
        if (n_sym < 8) {
            g = (g ^ y) * FNV_PRIME;
            n_sym++;
        }
    }
    h->form = f;
    h->shape = g;
    h->last_sym = (unsigned char)last_sym;
    h->run = run;
    h->n_sym = n_sym;
    h->upper = upper;
    h->lower = lower;
}

/* 1 if the token looks like a list number: 1. 12) a. iv. (digits or up to
 * four roman/latin letters, then . or )). */
static int numbered(const unsigned char *s, size_t n)
{
    if (n < 2 || n > 5 || (s[n - 1] != '.' && s[n - 1] != ')'))
        return 0;
    int digits = 1, letters = 1;
    for (size_t k = 0; k + 1 < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            digits = 0;
        if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
            letters = 0;
    }
    return digits || (letters && n <= 2) ||
           (letters && strspn((const char *)s, "ivxlIVXL") + 1 == n);
}

/* 1 if s[0..n) is initials: letters each followed by a period, perhaps a
 * space between (J. C.A. U.S. U. S.). */
static int initials(const unsigned char *s, size_t n)
{
    size_t k = 0;
    while (k < n) {
        if (k + 1 >= n || lower_tab[s[k]] < 'a' || lower_tab[s[k]] > 'z' || s[k + 1] != '.')
            return 0;
        k += 2;
        while (k < n && s[k] == ' ')
            k++;
    }
    return 1;
}

/* The class of the character at s[0..n) (n >= 1). */
static uint8_t first_class(const unsigned char *s, size_t n)
{
    int32_t cp = s[0];
    if (cp >= 0x80)
        utf8_decode(s, n, &cp);
    return char_class(cp);
}

/* The class of the last character of s[0..n) (n >= 1). */
static uint8_t last_class(const unsigned char *s, size_t n)
{
    size_t k = n - 1;
    if (s[k] < 0x80)
        return char_class(s[k]);
    while (k > 0 && k + 4 > n && (s[k] & 0xC0) == 0x80)
        k--;
    int32_t cp;
    utf8_decode(s + k, n - k, &cp);
    return char_class(cp);
}

/* The token's bytes, clamped to the text. */
static const unsigned char *tok_bytes(const sent_input *in, size_t i, size_t *n)
{
    const casus_token *t = &in->tokens[i];
    size_t a = t->start, b = t->end;
    if (b > in->len)
        b = in->len;
    if (a > b)
        a = b;
    *n = b - a;
    return (const unsigned char *)in->text + a;
}

/*
 * Abbreviations whose period does not end a sentence in the given context.
 * The model learns the common ones from EWT; these are the news-specific
 * ones it rarely or never saw (military ranks, "Brig. Gen.", "No. 5").
 * Lower case, without the period, sorted for bsearch.
 */
static const char *const abbr_title[] = {
    /* before a capitalised word: a name follows */
    "adm", "amb", "atty", "brig", "capt", "cdr", "cmdr", "col", "cpl", "cpt", "det", "dr",
    "ens", "fr", "gen", "gov", "hon", "insp", "lcpl", "lt", "ltc", "maj", "messrs", "mme",
    "mr", "mrs", "ms", "msgt", "mssrs", "pfc", "pres", "prof", "pvt", "rep", "rev", "sen",
    "sfc", "sgt", "spc", "ssg", "ssgt", "supt"};
static const char *const abbr_number[] = {
    /* before a number */
    "apr", "art", "aug", "ch", "dec", "feb", "fig", "jan", "jul", "jun", "mar", "no", "nos",
    "nov", "oct", "p", "para", "pp", "sec", "sep", "sept", "vol"};
static const char *const abbr_never[] = {"cf", "e.g", "eg", "i.e", "ie", "p.s", "viz", "vs"};

/* Capitalised words that mostly begin a sentence: after "U.S." or "etc."
 * they tell that the period also ended the sentence. (Not "A" and "I",
 * which are also initials.) */
static const char *const starters[] = {
    "after", "all", "also", "although", "and", "any", "are", "as", "at", "because", "before",
    "both", "but", "by", "can", "do", "each", "even", "for", "have", "he", "her", "here", "his",
    "how", "however", "if", "in", "is", "it", "its", "let", "many", "meanwhile", "most", "my",
    "no", "not", "now", "on", "once", "one", "our", "please", "she", "since", "so", "some",
    "still", "such", "thank", "thanks", "that", "the", "their", "then", "there", "these",
    "they", "this", "those", "to", "we", "what", "when", "where", "while", "who", "why", "with",
    "yet", "you", "your"};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int in_list(const char *w, const char *const *list, size_t n)
{
    return bsearch(&w, list, n, sizeof *list, cmp_str) != NULL;
}

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* 1 if s[0..n) is a capitalised sentence starter ("The", "However"). */
static int is_starter(const unsigned char *s, size_t n)
{
    char w[12];
    if (n < 2 || n >= sizeof w || s[0] < 'A' || s[0] > 'Z')
        return 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] < 'A' || lower_tab[s[k]] < 'a' || lower_tab[s[k]] > 'z')
            return 0;
        w[k] = (char)lower_tab[s[k]];
    }
    w[n] = 0;
    return in_list(w, starters, COUNT_OF(starters));
}

/* The SENT_A_* class of the word s[0..n) written before a period. */
static uint8_t abbr_class(const unsigned char *s, size_t n)
{
    char w[8];
    if (n == 0 || n >= sizeof w)
        return SENT_A_NONE;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = s[k];
        if (c >= 0x80)
            return SENT_A_NONE;
        w[k] = (char)lower_tab[c];
    }
    w[n] = 0;
    if (in_list(w, abbr_never, COUNT_OF(abbr_never)))
        return SENT_A_NEVER;
    if (s[0] >= 'A' && s[0] <= 'Z' && in_list(w, abbr_title, COUNT_OF(abbr_title)))
        return SENT_A_TITLE;
    if (in_list(w, abbr_number, COUNT_OF(abbr_number)))
        return SENT_A_NUMBER;
    return SENT_A_NONE;
}

void sent_tok_describe(const sent_input *in, size_t i, unsigned breaks, sent_tok *out)
{
    /* Locals, and one store of the whole struct at the end: reading a
     * field back right after a byte store stalls store forwarding. */
    size_t n;
    const unsigned char *s = tok_bytes(in, i, &n);
    uint8_t flags = 0, first = SENT_C_OTHER, last = SENT_C_OTHER, abbr = SENT_A_NONE;
    if (in->tokens[i].space_after || breaks)
        flags |= SENT_F_SPACE;
    if (breaks)
        flags |= SENT_F_NEWLINE;
    if (n) {
        first = s[0] < 0x80 ? ascii_class[s[0]] : first_class(s, n);
        last = s[n - 1] < 0x80 ? ascii_class[s[n - 1]] : last_class(s, n);
        if (first == SENT_C_TERM && last == SENT_C_TERM) {
            size_t k = 0;
            while (k < n) {
                int32_t cp = s[k];
                int len = cp < 0x80 ? 1 : utf8_decode(s + k, n - k, &cp);
                if (char_class(cp) != SENT_C_TERM)
                    break;
                k += (size_t)len;
            }
            if (k == n)
                flags |= SENT_F_TERM;
        }
        if (s[n - 1] == '.' || s[n - 1] == ')') {
            if (n >= 2 && s[n - 1] == '.' && !(flags & SENT_F_TERM) &&
                (first == SENT_C_UPPER || first == SENT_C_LOWER)) {
                flags |= SENT_F_ABBR;
                abbr = abbr_class(s, n - 1); /* "Gen." as one token */
                if (initials(s, n))
                    flags |= SENT_F_INITIALS;
            } else if (n == 1 && s[0] == '.' && i > 0 &&
                       in->tokens[i - 1].end == in->tokens[i].start) {
                size_t pn; /* "Gen" "." as two */
                const unsigned char *p = tok_bytes(in, i - 1, &pn);
                abbr = abbr_class(p, pn);
            }
            if (numbered(s, n))
                flags |= SENT_F_NUMBERED;
        }
        /* only the rule after an abbreviation asks, so only look there */
        if (first == SENT_C_UPPER && n <= 9 && i > 0 && in->tokens[i - 1].end > 0 &&
            in->tokens[i - 1].end <= in->len && in->text[in->tokens[i - 1].end - 1] == '.' &&
            is_starter(s, n))
            flags |= SENT_F_STARTER;
    }
    *out = (sent_tok){.first = first, .last = last, .kind = in->tokens[i].kind,
                      .flags = flags, .len = (uint8_t)(n > 15 ? 15 : n), .abbr = abbr};
}

void sent_tok_hash(const sent_input *in, size_t i, sent_tok *out)
{
    const casus_token *t = &in->tokens[i];
    hash_state h = {.form = FNV_BASIS, .shape = FNV_BASIS};
    /* The words' normalised forms fold quotes, dashes and "U. S." so that
     * news typography meets the forms the model was trained on. */
    if (t->n_words > 0 && (size_t)t->word + t->n_words <= in->n_words) {
        for (uint32_t w = t->word; w < t->word + t->n_words; w++) {
            const char *f = in->words[w].norm ? in->words[w].norm : in->words[w].form;
            if (f)
                hash_bytes(&h, (const unsigned char *)f, 0, 1);
        }
    } else {
        size_t n;
        const unsigned char *s = tok_bytes(in, i, &n);
        hash_bytes(&h, s, n, 0);
    }
    if (h.upper >= 2 && h.lower == 0)
        out->flags |= SENT_F_ALLCAPS;
    out->form = h.form;
    out->shape = h.shape;
    out->hashed = 1;
}

/* ---------------------------------------------------------------- rules */

static int word_like(const sent_tok *t)
{
    return (t->kind == CASUS_TOK_WORD || t->kind == CASUS_TOK_NUMBER) &&
           (t->last == SENT_C_LOWER || t->last == SENT_C_UPPER || t->last == SENT_C_DIGIT ||
            t->last == SENT_C_LETTER);
}

/* A closing quote or bracket written right after c: it ends with c. */
static int glued_closer(const sent_tok *c, const sent_tok *next)
{
    if (c->flags & SENT_F_SPACE)
        return 0;
    if (next->first != SENT_C_CLOSE && next->first != SENT_C_QUOTE)
        return 0;
    if (next->kind != CASUS_TOK_PUNCT && next->kind != CASUS_TOK_SYMBOL)
        return 0;
    return c->last != SENT_C_OPEN && c->last != SENT_C_DASH;
}

int sent_rule(const sent_tok *prev, const sent_tok *c, const sent_tok *next, size_t since)
{
    /* No sentence begins with a closing bracket or quote: `left." ”`,
     * `done.»`, `(again.)` keep it. */
    if (glued_closer(c, next) ||
        (next->first == SENT_C_CLOSE && next->kind == CASUS_TOK_PUNCT))
        return SENT_NO;
    if (c->last == SENT_C_OPEN && c->kind == CASUS_TOK_PUNCT)
        return SENT_NO;
    /* A dateline: "LONDON —", "PARIS, Aug. 8 —", "TEHRAN (AFP) -" begins
     * the sentence. */
    if (c->first == SENT_C_DASH && c->kind == CASUS_TOK_PUNCT && since <= 8 && prev &&
        !(prev->flags & SENT_F_TERM) &&
        (prev->first == SENT_C_UPPER || prev->first == SENT_C_DIGIT || prev->last == SENT_C_CLOSE))
        return SENT_NO;
    if (c->abbr == SENT_A_NEVER || (c->abbr == SENT_A_TITLE && next->first == SENT_C_UPPER) ||
        (c->abbr == SENT_A_NUMBER && next->first == SENT_C_DIGIT))
        return SENT_NO;
    /* "moved to the U.S. The move": an abbreviation's period ends the
     * sentence too when a typical first word follows; initials before
     * any other capitalised word are part of a name ("C.A. Thomas",
     * "U.S. Senate"). */
    if ((c->flags & SENT_F_ABBR) && next->first == SENT_C_UPPER && (c->flags & SENT_F_SPACE)) {
        if (next->flags & SENT_F_STARTER)
            return SENT_YES;
        if (c->flags & SENT_F_INITIALS)
            return SENT_NO;
    }
    if (c->flags & SENT_F_NEWLINE) {
        /* A line break ends a headline, a dateline line, a list item, a
         * "said:" line; a line that goes on in lower case, or ends with a
         * comma or dash, is a wrapped sentence. */
        if (c->last == SENT_C_COMMA || c->last == SENT_C_DASH || c->last == SENT_C_OPEN)
            return SENT_ASK;
        if (next->first == SENT_C_LOWER && !(c->flags & SENT_F_TERM) && c->last != SENT_C_CLOSE &&
            c->last != SENT_C_QUOTE)
            return word_like(c) ? SENT_NO : SENT_ASK;
        return SENT_YES;
    }
    /* Sentences are separated by space: "3.5", "U.S" or "end.Next" as
     * tokens with nothing between them are not cut. */
    if (!(c->flags & SENT_F_SPACE))
        return SENT_NO;
    if (next->first == SENT_C_LOWER && next->kind == CASUS_TOK_WORD &&
        ((word_like(c) && !(c->flags & SENT_F_ABBR)) || c->last == SENT_C_COMMA))
        return SENT_NO;
    /* A capitalised word after a sentence's first word ("Microsoft Corp
     * said") or after a number ("In 1986 ChemLawn earned") goes on: EWT's
     * one-word sentences and "... 5/20 Thanks" are too rare to learn, and
     * the model's guesses there were wrong twice as often as right on dev. */
    if (next->first == SENT_C_UPPER && word_like(c) &&
        (since == 1 || c->last == SENT_C_DIGIT))
        return SENT_NO;
    return SENT_ASK;
}

/* ---------------------------------------------------------------- features */

/* A feature hash from a template number and two values: one 64-bit
 * multiply; its high half depends on every input bit. */
static inline uint32_t feat3(uint32_t tmpl, uint32_t a, uint32_t b)
{
    uint64_t x = ((uint64_t)a << 32 | b) ^ ((uint64_t)tmpl * 0xD6E8FEB86659FD93ull);
    x *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

static inline uint32_t feat2(uint32_t tmpl, uint32_t a)
{
    return feat3(tmpl, a, 0x5bd1e995u);
}

static unsigned bucket_since(size_t n)
{
    return n <= 4 ? (unsigned)n : n <= 7 ? 5 : n <= 15 ? 6 : 7;
}

size_t sent_features(const sent_tok *prev, const sent_tok *c, const sent_tok *next,
                     const sent_tok *next2, size_t since, uint32_t *out)
{
    static const sent_tok none = {.form = 0x51A7u, .shape = 0x51A7u, .first = SENT_C_COUNT,
                                  .last = SENT_C_COUNT, .kind = 0xFF, .flags = 0, .len = 0};
    if (!prev)
        prev = &none;
    if (!next2)
        next2 = &none;
    uint32_t sp = (c->flags & SENT_F_SPACE) != 0;
    uint32_t nsp = (next->flags & SENT_F_SPACE) != 0;
    uint32_t cc = (uint32_t)c->first | (uint32_t)c->last << 4 | (uint32_t)c->flags << 8 |
                  (uint32_t)c->kind << 16;
    uint32_t nc = (uint32_t)next->first | (uint32_t)next->last << 4 |
                  (uint32_t)next->flags << 8 | (uint32_t)next->kind << 16;
    uint32_t pc = (uint32_t)prev->first | (uint32_t)prev->last << 4 | (uint32_t)prev->flags << 8;
    uint32_t n2c = (uint32_t)next2->first | (uint32_t)next2->last << 4;
    uint32_t bs = bucket_since(since);
    /* The first argument of feat2/feat3 names the template and seeds its
     * hash; missing numbers are templates dropped after ablation on dev. */
    size_t n = 0;
    out[n++] = feat2(1, 0);
    out[n++] = feat2(2, c->form);
    out[n++] = feat2(3, next->form);
    out[n++] = feat2(4, prev->form);
    out[n++] = feat2(5, c->shape);
    out[n++] = feat2(6, next->shape);
    out[n++] = feat3(8, c->form, next->first | sp << 8);
    out[n++] = feat3(10, c->shape, next->shape);
    out[n++] = feat3(11, prev->form, c->form);
    out[n++] = feat3(12, cc, nc);
    out[n++] = feat3(13, next->form, c->last | sp << 8);
    out[n++] = feat3(14, c->last | next->first << 4 | next2->first << 8, sp | nsp << 1);
    out[n++] = feat2(15, bs);
    out[n++] = feat3(16, bs, c->last | next->first << 4);
    out[n++] = feat3(19, pc, cc);
    out[n++] = feat3(20, c->form, next->shape);
    out[n++] = feat3(21, c->shape, next->form);
    out[n++] = feat3(22, prev->form, c->form ^ (next->first << 24));
    out[n++] = feat3(24, nc, n2c);
    out[n++] = feat3(25, c->len | c->last << 4, next->first);
    return n;
}

/* ---------------------------------------------------------------- split */

static int score(const sent_model *m, const uint32_t *f, size_t n)
{
    uint32_t mask = ((uint32_t)1 << m->bits) - 1;
    int32_t sum = 0;
    for (size_t k = 0; k < n; k++)
        sum += m->weights[f[k] & mask];
    return sum > 0;
}

static void put_sentence(casus_sentence *s, const sent_input *in, size_t first, size_t last,
                         int new_par)
{
    const casus_token *a = &in->tokens[first], *b = &in->tokens[last];
    uint32_t w_end = b->word + b->n_words;
    *s = (casus_sentence){.start = a->start, .end = b->end, .token = (uint32_t)first,
                          .n_tokens = (uint32_t)(last + 1 - first), .word = a->word,
                          .n_words = w_end > a->word ? w_end - a->word : 0,
                          .new_par = (uint8_t)(new_par != 0)};
}

int sent_split(const sent_model *m, arena *mem, const sent_input *in,
               casus_sentence **sentences, size_t *n_sentences)
{
    *sentences = NULL;
    *n_sentences = 0;
    size_t nt = in->n_tokens;
    casus_sentence *out = arena_array(mem, nt ? nt : 1, sizeof *out);
    if (!out)
        return CASUS_ENOMEM;

    /* win[k & 3] describes token k for k in i-1 .. i+2, brk[k & 3] the
     * line breaks after it (2: the paragraph ends with token k). */
    sent_tok win[4];
    unsigned brk[4];
    size_t ns = 0, first = 0;
    int new_par = 1;
    uint32_t f[SENT_MAX_FEATS];
    for (size_t k = 0; k < 2 && k < nt; k++) {
        brk[k] = sent_breaks(in, k);
        sent_tok_describe(in, k, brk[k], &win[k]);
    }
    for (size_t i = 0; i < nt; i++) {
        if (i + 2 < nt) {
            brk[(i + 2) & 3] = sent_breaks(in, i + 2);
            sent_tok_describe(in, i + 2, brk[(i + 2) & 3], &win[(i + 2) & 3]);
        }
        int end = 1;
        if (brk[i & 3] < 2) {
            const sent_tok *prev = i > first ? &win[(i - 1) & 3] : NULL;
            const sent_tok *c = &win[i & 3], *next = &win[(i + 1) & 3];
            size_t since = i + 1 - first;
            end = sent_rule(prev, c, next, since);
            if (end == SENT_ASK) {
                int has2 = brk[(i + 1) & 3] < 2; /* only its classes are used */
                for (size_t k = prev ? i - 1 : i; k <= i + 1; k++)
                    if (!win[k & 3].hashed)
                        sent_tok_hash(in, k, &win[k & 3]);
                size_t n = sent_features(prev, c, next, has2 ? &win[(i + 2) & 3] : NULL,
                                         since, f);
                end = score(m, f, n);
            }
        }
        if (end) {
            put_sentence(&out[ns++], in, first, i, new_par);
            new_par = brk[i & 3] >= 2;
            first = i + 1;
        }
    }
    *sentences = out;
    *n_sentences = ns;
    return 0;
}

int text_split(arena *mem, const char *text, size_t len, const casus_token *tokens,
               size_t n_tokens, const casus_word *words, size_t n_words,
               casus_sentence **sentences, size_t *n_sentences)
{
    sent_input in = {.text = text, .len = len, .tokens = tokens, .n_tokens = n_tokens,
                     .words = words, .n_words = n_words};
    return sent_split(&sent_model_ewt, mem, &in, sentences, n_sentences);
}
