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
 * Tuned for throughput (the splitter is about half of the text path): the
 * per-token steps are inlined into the loop, the exported sent_* functions
 * (the trainer's and the tests' view) wrap the very same code; the word
 * lists are one hashed word set (wordset.h), not binary searches; the
 * score adds each template's weight as it hashes it, with no feature
 * array (SENT_TEMPLATES, written once); words of lower-case letters,
 * perhaps capitalised, hash without the shape loop (hash_plain).
 *
 * Web text (EWT) ends many sentences without punctuation and starts many
 * in lower case, which rules alone cannot follow; news text is cleaner but
 * has datelines, headlines on their own line, guillemets and "U. S.",
 * which the rules and the normalised forms ("U.S.") cover.
 * docs/SENTENCE.md has the rules, the features and the figures.
 */
#include "text/sentence.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#include "text/text.h"
#include "text/wordset.h"
#include "util/utf8.h"

/* The per-token steps are inlined into the splitter's loop (the exported
 * sent_* functions, for the trainer and the tests, wrap the same code);
 * rare paths stay out of it. */
#if defined(__GNUC__)
#define SENT_INLINE inline __attribute__((always_inline))
#define SENT_COLD __attribute__((noinline, cold))
#else
#define SENT_INLINE inline
#define SENT_COLD
#endif

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

/* sent_breaks with its common cases inline: tokens touching, or one space
 * between them. */
static SENT_INLINE unsigned breaks_(const sent_input *in, size_t i)
{
    if (i + 1 < in->n_tokens) {
        size_t a = in->tokens[i].end, b = in->tokens[i + 1].start;
        if (b == a || (b == a + 1 && b <= in->len && in->text[a] == ' '))
            return 0;
    }
    return sent_breaks(in, i);
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

/* 1 << 32 for a lower-case ASCII letter, 1 for an upper-case one: one add
 * per byte counts both. */
#define CASES_(c) ((c) >= 'a' && (c) <= 'z' ? (uint64_t)1 << 32 : (c) >= 'A' && (c) <= 'Z' ? 1u : 0u)
static const uint64_t case_tab[256] = {X256_(CASES_)};

/* Hashes a form into *form and *shape and counts cased letters. Shapes
 * keep at most two of a run (Xxx == Xxxxxx) and eight symbols. */
typedef struct hash_state {
    uint32_t form, shape;
    unsigned char last_sym;
    unsigned run, n_sym;
    uint64_t cases; /* lower-case letters << 32 | upper-case letters */
} hash_state;

/* Inline, so that each caller gets a copy specialised for its nul_ends. */
static SENT_INLINE void hash_bytes(hash_state *h, const unsigned char *s, size_t n, int nul_ends)
{
    /* the state in locals: stores through h could alias s (a char *) */
    uint32_t f = h->form, g = h->shape;
    unsigned last_sym = h->last_sym, run = h->run, n_sym = h->n_sym;
    uint64_t cases = h->cases;
    const unsigned char *end = s + n; /* unused when nul_ends */
    for (;;) {
        unsigned c;
        if (nul_ends) {
            c = *s;
            if (!c)
                break;
        } else {
            if (s == end)
                break;
            c = *s;
        }
        unsigned y = shape_tab[c];
        if (c == 0xE2 && (nul_ends || end - s > 2) && s[1] == 0x80 && s[2] == 0xA6) {
            /* "…" hashes as "...", the spelling the model was trained on */
            f = (((f ^ '.') * FNV_PRIME ^ '.') * FNV_PRIME ^ '.') * FNV_PRIME;
            y = '.';
            s += 3;
        } else {
            f = (f ^ lower_tab[c]) * FNV_PRIME;
            cases += case_tab[c];
            s++;
        }
        if (!y)
            continue;
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
    h->cases = cases;
}

/* hash_bytes for the commonest words, ASCII letters all in lower case but
 * perhaps the first ("said", "The"), from the initial state: their shape
 * is "x", "xx", "X", "Xx" or "Xxx" by length alone. Returns 0, having set
 * nothing, for any other string. */
static SENT_INLINE int hash_plain(const unsigned char *s, hash_state *h)
{
    unsigned c = s[0];
    unsigned cap = c - 'A' < 26u;
    if (!cap && c - 'a' >= 26u)
        return 0;
    uint32_t f = (FNV_BASIS ^ (c | 0x20)) * FNV_PRIME;
    size_t k = 1;
    for (; (c = s[k]) != 0; k++) {
        if (c - 'a' >= 26u)
            return 0;
        f = (f ^ c) * FNV_PRIME;
    }
    /* the first symbol, then the x's a run keeps: two in all for "said",
     * X and two for "Said" */
    uint32_t g = (FNV_BASIS ^ (cap ? 'X' : 'x')) * FNV_PRIME;
    size_t more = k - 1 < 2 - !cap ? k - 1 : 2 - !cap;
    for (size_t j = 0; j < more; j++)
        g = (g ^ 'x') * FNV_PRIME;
    h->form = f;
    h->shape = g;
    h->cases = cap + ((uint64_t)(k - cap) << 32);
    return 1;
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
 * Lower case, without the period; looked up in one table (words below).
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

/* The lists above in one table: bit per list, one lookup per word. */
enum { W_NEVER = 1, W_TITLE = 2, W_NUMBER = 4, W_STARTER = 8 };
static wordset word_lists;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static void add_all(const char *const *list, size_t n, uint32_t bit)
{
    for (size_t k = 0; k < n; k++)
        wordset_add(&word_lists, list[k], bit);
}

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static void words_build(void)
{
    wordset_init(&word_lists, 1);
    add_all(abbr_never, COUNT_OF(abbr_never), W_NEVER);
    add_all(abbr_title, COUNT_OF(abbr_title), W_TITLE);
    add_all(abbr_number, COUNT_OF(abbr_number), W_NUMBER);
    add_all(starters, COUNT_OF(starters), W_STARTER);
}

static void words_ready(void)
{
    pthread_once(&words_once, words_build);
}

/* 1 if s[0..n) is a capitalised sentence starter ("The", "However"). Every
 * starter is lower-case letters, so a match also means s is letters. */
static int is_starter(const unsigned char *s, size_t n)
{
    if (n < 2 || n >= 12 || s[0] < 'A' || s[0] > 'Z')
        return 0;
    return (wordset_get(&word_lists, s, n) & W_STARTER) != 0;
}

/* The SENT_A_* class of the word s[0..n) written before a period. The
 * lists are ASCII, so a word with other bytes is on none of them. */
static uint8_t abbr_class(const unsigned char *s, size_t n)
{
    if (n == 0 || n >= 8)
        return SENT_A_NONE;
    uint32_t v = wordset_get(&word_lists, s, n);
    if (v & W_NEVER)
        return SENT_A_NEVER;
    if (s[0] >= 'A' && s[0] <= 'Z' && (v & W_TITLE))
        return SENT_A_TITLE;
    if (v & W_NUMBER)
        return SENT_A_NUMBER;
    return SENT_A_NONE;
}

/* 1 if every character of s[0..n) is terminal punctuation (. ! ? …). */
static int only_term(const unsigned char *s, size_t n)
{
    size_t k = 0;
    while (k < n) {
        int32_t cp = s[k];
        int len = cp < 0x80 ? 1 : utf8_decode(s + k, n - k, &cp);
        if (char_class(cp) != SENT_C_TERM)
            return 0;
        k += (size_t)len;
    }
    return 1;
}

/* The flags and abbreviation class of token i, which ends in '.' or ')'
 * (one token in twelve: kept out of the common path). */
static SENT_COLD void describe_period(const sent_input *in, size_t i, const unsigned char *s,
                                      size_t n, unsigned first, unsigned *flags,
                                      unsigned *abbr)
{
    if (n >= 2 && s[n - 1] == '.' && !(*flags & SENT_F_TERM) &&
        (first == SENT_C_UPPER || first == SENT_C_LOWER)) {
        *flags |= SENT_F_ABBR;
        *abbr = abbr_class(s, n - 1); /* "Gen." as one token */
        if (initials(s, n))
            *flags |= SENT_F_INITIALS;
    } else if (n == 1 && s[0] == '.' && i > 0 && in->tokens[i - 1].end == in->tokens[i].start) {
        size_t pn; /* "Gen" "." as two */
        const unsigned char *p = tok_bytes(in, i - 1, &pn);
        *abbr = abbr_class(p, pn);
    }
    if (numbered(s, n))
        *flags |= SENT_F_NUMBERED;
}

/* sent_tok_describe, inline in the splitter's loop. */
static SENT_INLINE void describe_(const sent_input *in, size_t i, unsigned breaks, sent_tok *out)
{
    /* Locals, and one store of the whole struct at the end: reading a
     * field back right after a byte store stalls store forwarding. */
    const casus_token *t = &in->tokens[i];
    size_t n;
    const unsigned char *s = tok_bytes(in, i, &n);
    unsigned flags = breaks ? SENT_F_SPACE | SENT_F_NEWLINE : t->space_after ? SENT_F_SPACE : 0;
    unsigned first = SENT_C_OTHER, last = SENT_C_OTHER, abbr = SENT_A_NONE;
    if (n) {
        unsigned c0 = s[0], cz = s[n - 1];
        first = c0 < 0x80 ? ascii_class[c0] : first_class(s, n);
        last = cz < 0x80 ? ascii_class[cz] : last_class(s, n);
        /* one ASCII byte of class TERM is all terminal */
        if (first == SENT_C_TERM && last == SENT_C_TERM && (n == 1 || only_term(s, n)))
            flags |= SENT_F_TERM;
        if (cz == '.' || cz == ')')
            describe_period(in, i, s, n, first, &flags, &abbr);
        /* only the rule after an abbreviation asks, so only look there */
        if (first == SENT_C_UPPER && n <= 9 && i > 0) {
            size_t pe = in->tokens[i - 1].end;
            if (pe > 0 && pe <= in->len && in->text[pe - 1] == '.' && is_starter(s, n))
                flags |= SENT_F_STARTER;
        }
    }
    *out = (sent_tok){.first = (uint8_t)first, .last = (uint8_t)last, .kind = t->kind,
                      .flags = (uint8_t)flags, .len = (uint8_t)(n > 15 ? 15 : n),
                      .abbr = (uint8_t)abbr};
}

void sent_tok_describe(const sent_input *in, size_t i, unsigned breaks, sent_tok *out)
{
    words_ready();
    describe_(in, i, breaks, out);
}

/* sent_tok_hash, inline in the splitter's loop. */
static SENT_INLINE void hash_(const sent_input *in, size_t i, sent_tok *out)
{
    const casus_token *t = &in->tokens[i];
    hash_state h = {.form = FNV_BASIS, .shape = FNV_BASIS};
    /* The words' normalised forms fold quotes, dashes and "U. S." so that
     * news typography meets the forms the model was trained on. */
    if (t->n_words == 1 && (size_t)t->word < in->n_words) {
        const char *f = in->words[t->word].norm ? in->words[t->word].norm : in->words[t->word].form;
        if (f && !hash_plain((const unsigned char *)f, &h))
            hash_bytes(&h, (const unsigned char *)f, 0, 1);
    } else if (t->n_words > 0 && (size_t)t->word + t->n_words <= in->n_words) {
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
    uint32_t upper = (uint32_t)h.cases, lower = (uint32_t)(h.cases >> 32);
    if (upper >= 2 && lower == 0)
        out->flags |= SENT_F_ALLCAPS;
    out->form = h.form;
    out->shape = h.shape;
    out->hashed = 1;
}

void sent_tok_hash(const sent_input *in, size_t i, sent_tok *out)
{
    hash_(in, i, out);
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

/* sent_rule, inline in the splitter's loop. */
static SENT_INLINE int rule_(const sent_tok *prev, const sent_tok *c, const sent_tok *next,
                        size_t since)
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
    /* Two capitalised words on one line are a name ("Kim Jong Un's"),
     * never a boundary without punctuation. */
    if (next->first == SENT_C_UPPER && c->first == SENT_C_UPPER && word_like(c) &&
        !(c->flags & SENT_F_ABBR) && next->kind == CASUS_TOK_WORD)
        return SENT_NO;
    return SENT_ASK;
}

int sent_rule(const sent_tok *prev, const sent_tok *c, const sent_tok *next, size_t since)
{
    return rule_(prev, c, next, since);
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

/* What the templates read, with a missing prev or next2 replaced. */
typedef struct feat_ops {
    const sent_tok *p, *c, *n, *n2;
    uint32_t sp, nsp, cc, nc, pc, n2c, bs;
} feat_ops;

static SENT_INLINE void feat_ops_init(feat_ops *o, const sent_tok *prev, const sent_tok *c,
                                      const sent_tok *next, const sent_tok *next2, size_t since)
{
    static const sent_tok none = {.form = 0x51A7u, .shape = 0x51A7u, .first = SENT_C_COUNT,
                                  .last = SENT_C_COUNT, .kind = 0xFF, .flags = 0, .len = 0};
    if (!prev)
        prev = &none;
    if (!next2)
        next2 = &none;
    o->p = prev;
    o->c = c;
    o->n = next;
    o->n2 = next2;
    o->sp = (c->flags & SENT_F_SPACE) != 0;
    o->nsp = (next->flags & SENT_F_SPACE) != 0;
    o->cc = (uint32_t)c->first | (uint32_t)c->last << 4 | (uint32_t)c->flags << 8 |
            (uint32_t)c->kind << 16;
    o->nc = (uint32_t)next->first | (uint32_t)next->last << 4 | (uint32_t)next->flags << 8 |
            (uint32_t)next->kind << 16;
    o->pc = (uint32_t)prev->first | (uint32_t)prev->last << 4 | (uint32_t)prev->flags << 8;
    o->n2c = (uint32_t)next2->first | (uint32_t)next2->last << 4;
    o->bs = bucket_since(since);
}

/*
 * The templates, written once and expanded twice: into the hash array of
 * sent_features (the trainer's view) and straight into the weight sum of
 * the splitter, which so needs no array. The first argument of feat2/feat3
 * names the template and seeds its hash; missing numbers are templates
 * dropped after ablation on dev.
 */
#define SENT_TEMPLATES(F, o)                                                                 \
    F(feat2(1, 0))                                                                           \
    F(feat2(2, (o).c->form))                                                                 \
    F(feat2(3, (o).n->form))                                                                 \
    F(feat2(4, (o).p->form))                                                                 \
    F(feat2(5, (o).c->shape))                                                                \
    F(feat2(6, (o).n->shape))                                                                \
    F(feat3(8, (o).c->form, (o).n->first | (o).sp << 8))                                     \
    F(feat3(10, (o).c->shape, (o).n->shape))                                                 \
    F(feat3(11, (o).p->form, (o).c->form))                                                   \
    F(feat3(12, (o).cc, (o).nc))                                                             \
    F(feat3(13, (o).n->form, (o).c->last | (o).sp << 8))                                     \
    F(feat3(14, (o).c->last | (o).n->first << 4 | (o).n2->first << 8, (o).sp | (o).nsp << 1)) \
    F(feat2(15, (o).bs))                                                                     \
    F(feat3(16, (o).bs, (o).c->last | (o).n->first << 4))                                    \
    F(feat3(19, (o).pc, (o).cc))                                                             \
    F(feat3(20, (o).c->form, (o).n->shape))                                                  \
    F(feat3(21, (o).c->shape, (o).n->form))                                                  \
    F(feat3(22, (o).p->form, (o).c->form ^ ((uint32_t)(o).n->first << 24)))                  \
    F(feat3(24, (o).nc, (o).n2c))                                                            \
    F(feat3(25, (o).c->len | (o).c->last << 4, (o).n->first))

size_t sent_features(const sent_tok *prev, const sent_tok *c, const sent_tok *next,
                     const sent_tok *next2, size_t since, uint32_t *out)
{
    feat_ops o;
    feat_ops_init(&o, prev, c, next, next2, since);
    size_t n = 0;
#define STORE_(h) out[n++] = (h);
    SENT_TEMPLATES(STORE_, o)
#undef STORE_
    return n;
}

/* ---------------------------------------------------------------- split */

/* 1 if the model puts a boundary after c: the sum of the features'
 * weights is positive (as sent_features then summing, without the array). */
static SENT_INLINE int score_(const sent_model *m, const sent_tok *prev, const sent_tok *c,
                              const sent_tok *next, const sent_tok *next2, size_t since)
{
    feat_ops o;
    feat_ops_init(&o, prev, c, next, next2, since);
    const uint32_t mask = ((uint32_t)1 << m->bits) - 1;
    const int8_t *w = m->weights;
    int32_t sum = 0;
#define ADD_(h) sum += w[(h) & mask];
    SENT_TEMPLATES(ADD_, o)
#undef ADD_
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
    words_ready();
    for (size_t k = 0; k < 2 && k < nt; k++) {
        brk[k] = breaks_(in, k);
        describe_(in, k, brk[k], &win[k]);
    }
    for (size_t i = 0; i < nt; i++) {
        if (i + 2 < nt) {
            brk[(i + 2) & 3] = breaks_(in, i + 2);
            describe_(in, i + 2, brk[(i + 2) & 3], &win[(i + 2) & 3]);
        }
        int end = 1;
        if (brk[i & 3] < 2) {
            const sent_tok *prev = i > first ? &win[(i - 1) & 3] : NULL;
            const sent_tok *c = &win[i & 3], *next = &win[(i + 1) & 3];
            size_t since = i + 1 - first;
            end = rule_(prev, c, next, since);
            if (end == SENT_ASK) {
                int has2 = brk[(i + 1) & 3] < 2; /* only its classes are used */
                for (size_t k = prev ? i - 1 : i; k <= i + 1; k++)
                    if (!win[k & 3].hashed)
                        hash_(in, k, &win[k & 3]);
                end = score_(m, prev, c, next, has2 ? &win[(i + 2) & 3] : NULL, since);
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
