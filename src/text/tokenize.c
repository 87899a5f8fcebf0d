/*
 * tokenize.c — the tokeniser: surface tokens and syntactic words, following
 * the conventions of UD English-EWT (r2.16).
 *
 * Input: the original text and its normalised copy (text_norm: NFC, quotes
 * and dashes folded, spaces unified; see normalize.c). Output, in the
 * document arena: casus_token and casus_word arrays whose offsets index the
 * original text; each word's form is its original substring (NUL-terminated)
 * and its norm the normalised one ("’s" has norm "'s", the spaced "U. S."
 * has form and norm "U.S.").
 *
 * The conventions, as measured on EWT train (bench/eval_text scores them):
 *  - whitespace always separates; inside a chunk, letters and digits join
 *    across ' (don't, O'Brien), . (5.93, U.S, www.x.com), , between digit
 *    groups (1,750), : between digits (10:30), / - & _ @ and then the
 *    joined core is split again: hyphens split (15 - year, well - known)
 *    except after a short list of prefixes (e-mail, non-, anti-, co-, re-)
 *    and in phone-like numbers (713-853-3989); slashes split between words
 *    (and / or) but not in dates (11/28/2000, 9/11); & stays inside short
 *    initialisms (AT&T); a number and a unit split (5 pm, 10 k);
 *  - clitics are multiword tokens: do+n't, ca+n't, wo+n't, I+'m, Google+'s,
 *    parents+', and the apostrophe-less spellings dont, cant, im, gonna,
 *    cannot (can+not), and "its" when a verb-like word follows (it+s);
 *  - an abbreviation keeps its period (Dr., U.S., e.g., etc.) unless it
 *    ends a sentence, where the period is a token of its own (etc + .);
 *    this is also what tells the sentence splitter that "." ends one;
 *  - runs of . ! ? are one token (..., ?!), as are runs of one repeated
 *    symbol (--, **, >>); every other punctuation mark and every quote is a
 *    token of its own; URLs, e-mail addresses, @handles, #hashtags and
 *    emoticons are single tokens.
 *
 * Design: one left-to-right pass over the normalised text with a byte class
 * table for ASCII (utf8proc categories only for non-ASCII characters), the
 * tokens and words growing geometrically in the arena, spans kept in
 * normalised offsets and mapped to the original at the end, when the word
 * strings are copied into one pooled block. No allocation per token.
 *
 * Tuned for news, where two chunks in three are plain ASCII words: such a
 * chunk is found eight bytes at a time (chunk_end, alnum_end) and goes
 * straight to emit_unit_piece, which is what the general chunk scan would
 * do with it; the emit steps are inlined, with the rare splits (clitics,
 * bare contractions) out of line; the word lists are two hashed word sets
 * (wordset.h), one lookup answering every list; a text that is its own
 * normal form copies its word strings in one pass, short ones as one
 * 16-byte move.
 *
 * Measured (bench/eval_text on EWT dev from raw text): tokens F1 99.76,
 * words F1 99.55. Throughput: see sentence.c and bench/bench_text.
 */
#include <pthread.h>
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"
#include "text/tokenize.h"
#include "text/wordset.h"
#include "util/utf8.h"

/* The small per-character and per-token steps are inlined whatever the
 * compiler's size budget says; rare paths are kept out of the code they
 * branch from. */
#if defined(__GNUC__)
#define TOK_INLINE inline __attribute__((always_inline))
#define TOK_NOINLINE __attribute__((noinline))
#define TOK_COLD __attribute__((noinline, cold))
#define TOK_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define TOK_INLINE inline
#define TOK_NOINLINE
#define TOK_COLD
#define TOK_UNLIKELY(x) (x)
#endif

/* ---------------------------------------------------------------- classes */

enum {
    C_SP = 1,  /* whitespace and control characters */
    C_AL = 2,  /* letter (and, for non-ASCII, marks and other word characters) */
    C_DG = 4,  /* decimal digit */
    C_UP = 8,  /* uppercase (ASCII only) */
    C_PU = 16, /* punctuation */
    C_SY = 32, /* symbol */
    C_EX = 64  /* extender: a mark that attaches to what precedes it */
};

/* Byte classes of ASCII: S space or control, A letter, U capital, D digit,
 * Y symbol, P punctuation. */
#define S C_SP
#define A C_AL
#define U (C_AL | C_UP)
#define D C_DG
#define Y C_SY
#define P C_PU
static const unsigned char ctab[128] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, P, P, Y, Y, Y, Y, P, P, P, Y, Y, P, P, P, P, D, D, D, D, D, D, D, D, D, D, P, P, Y, Y, Y, P,
    Y, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, P, P, P, Y, P,
    Y, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, P, Y, P, Y, S,
};
#undef S
#undef A
#undef U
#undef D
#undef Y
#undef P

/* The class of a non-ASCII code point. */
static int cp_class(int32_t cp)
{
    if (cp == UTF8_REPLACEMENT)
        return C_AL; /* keeps mis-encoded words whole */
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ND: return C_DG;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF: return C_AL | C_EX;
    case UTF8PROC_CATEGORY_SK:
        if (cp >= 0x1F3FB && cp <= 0x1F3FF)
            return C_SY | C_EX; /* emoji skin tones */
        return C_SY;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: return C_PU;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SO: return C_SY;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: return C_SP;
    default: return C_AL;
    }
}

/* ---------------------------------------------------------------- state */

typedef struct tk {
    arena *mem;
    const unsigned char *s; /* normalised text */
    size_t n;
    const char *orig; /* original text */
    size_t orig_len;
    const uint32_t *map; /* NULL: identity */
    casus_token *tok;
    size_t n_tok, cap_tok;
    casus_word *w; /* spans in normalised offsets until the end */
    size_t n_w, cap_w;
    size_t pool; /* bytes of the substring words with their NULs */
    int err;
    int squote;   /* opening single quotes not yet closed, this paragraph */
    int backtick; /* the text holds a `, which word norms fold to ' */
} tk;

/* Class of the character at p; *len gets its byte length. */
static TOK_INLINE int cls_at(const tk *t, size_t p, int *len)
{
    unsigned char c = t->s[p];
    if (c < 0x80) {
        *len = 1;
        return ctab[c];
    }
    int32_t cp;
    *len = utf8_decode(t->s + p, t->n - p, &cp);
    return cp_class(cp);
}

static TOK_INLINE int cls(const tk *t, size_t p)
{
    int len;
    return p < t->n ? cls_at(t, p, &len) : C_SP;
}

/* Start of the character before p (p > 0). */
static size_t prev_char(const tk *t, size_t p)
{
    size_t q = p - 1;
    int k = 0;
    while (q > 0 && k < 3 && (t->s[q] & 0xC0) == 0x80) {
        q--;
        k++;
    }
    return q;
}

static TOK_INLINE int is_alnum_at(const tk *t, size_t p)
{
    return (cls(t, p) & (C_AL | C_DG)) != 0;
}

static TOK_INLINE int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* 1 if s[a..b) equals word, ignoring ASCII case. */
static int ieq(const tk *t, size_t a, size_t b, const char *word)
{
    size_t k = strlen(word);
    if (b - a != k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lower(t->s[a + i]) != word[i])
            return 0;
    return 1;
}

static int eq(const tk *t, size_t a, size_t b, const char *word)
{
    size_t k = strlen(word);
    return b - a == k && memcmp(t->s + a, word, k) == 0;
}

/* Lists end with NULL. */
#define N_OF(list) (sizeof(list) / sizeof(*(list)) - 1)

/* Sets of ASCII bytes as two 64-bit masks: a test is a shift, not a
 * strchr call. */
#define B_(c) ((uint64_t)1 << ((c)&63))
#define IN_SET_(c, lo, hi) ((c) < 64 ? ((lo) >> (c)&1) : (c) < 128 ? ((hi) >> ((c)&63) & 1) : 0)

/* 1 if c may join two letters or digits into one core (scan_core's
 * switch): . , ' ` - / & : _ * @ */
static TOK_INLINE int is_connector(unsigned c)
{
    const uint64_t lo =
        B_('.') | B_(',') | B_('\'') | B_('-') | B_('/') | B_('&') | B_(':') | B_('*');
    const uint64_t hi = B_('@') | B_('_') | B_('`');
    return IN_SET_(c, lo, hi);
}

/* 1 if c begins an emoticon in the table: : ; = ^ - o 0 O T > < ( 8 X */
static TOK_INLINE int emoticon_start(unsigned c)
{
    const uint64_t lo =
        B_(':') | B_(';') | B_('=') | B_('-') | B_('0') | B_('>') | B_('<') | B_('(') | B_('8');
    const uint64_t hi = B_('^') | B_('o') | B_('O') | B_('T') | B_('X');
    return IN_SET_(c, lo, hi);
}

/* 1 if c is a symbol that runs with itself: _ * + ~ # < > $ \ / */
static TOK_INLINE int run_symbol(unsigned c)
{
    const uint64_t lo = B_('*') | B_('+') | B_('#') | B_('<') | B_('>') | B_('$') | B_('/');
    const uint64_t hi = B_('_') | B_('~') | B_('\\');
    return IN_SET_(c, lo, hi);
}

/* 1 if the normalised byte at p came from a plain ASCII byte of the
 * original (a folded en or em dash did not). */
static int orig_plain(const tk *t, size_t p)
{
    if (!t->map)
        return 1;
    return (unsigned char)t->orig[t->map[p]] == t->s[p];
}

/* ---------------------------------------------------------------- output */

/* Makes room for need elements (the arrays start near their final size,
 * so this is rare after the first call). Not marked cold: text_tokenize
 * calls it first thing, and code after a cold call is laid out as cold. */
static TOK_NOINLINE int grow(tk *t, void **arr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 64;
    while (ncap < need)
        ncap *= 2;
    void *a = arena_array(t->mem, ncap, sz);
    if (!a) {
        t->err = CASUS_ENOMEM;
        return -1;
    }
    if (*cap)
        memcpy(a, *arr, *cap * sz);
    *arr = a;
    *cap = ncap;
    return 0;
}

/* Starts a token over [a, b) (normalised offsets); its words follow.
 * Whether whitespace follows is known now: tokens never grow. */
static TOK_INLINE int tok_begin(tk *t, size_t a, size_t b, int kind)
{
    if (t->err || (TOK_UNLIKELY(t->n_tok >= t->cap_tok) &&
                   grow(t, (void **)&t->tok, &t->cap_tok, t->n_tok + 1, sizeof *t->tok)))
        return -1;
    casus_token *k = &t->tok[t->n_tok++];
    k->start = (uint32_t)a;
    k->end = (uint32_t)b;
    k->word = (uint32_t)t->n_w;
    k->n_words = 0;
    k->space_after = b < t->n && t->s[b] < 0x80 && (ctab[t->s[b]] & C_SP);
    k->kind = (uint8_t)kind;
    return 0;
}

/* Adds a word [a, b) to the last token; form NULL means its substring
 * (copied by finish; pool counts the bytes that takes when the text is
 * its own normal form). */
static TOK_INLINE void word_add(tk *t, size_t a, size_t b, const char *form)
{
    if (t->err || (TOK_UNLIKELY(t->n_w >= t->cap_w) &&
                   grow(t, (void **)&t->w, &t->cap_w, t->n_w + 1, sizeof *t->w)))
        return;
    casus_word *w = &t->w[t->n_w++];
    w->start = (uint32_t)a;
    w->end = (uint32_t)b;
    w->token = (uint32_t)(t->n_tok - 1);
    w->form = form;
    w->norm = form;
    t->tok[t->n_tok - 1].n_words++;
    if (!form)
        t->pool += b - a + 1;
}

static TOK_INLINE void emit1(tk *t, size_t a, size_t b, int kind)
{
    if (!tok_begin(t, a, b, kind))
        word_add(t, a, b, NULL);
}

/* ---------------------------------------------------------------- tables */

/* Prefixes that keep their hyphen (e-mail, non-profit, co-operate). */
static const char *const hyphen_prefixes[] = {
    "anti",  "arch",  "bi",    "co",    "counter", "cross",  "e",     "ex",  "hyper",
    "intra", "macro", "mega",  "micro", "mid",     "mis",    "multi", "neo", "non",
    "over",  "post",  "pre",   "pro",   "pseudo",  "psycho", "quasi", "re",  "semi",
    "socio", "sub",   "super", "tri",   "ultra",   "un",     "utf",   NULL};

/* Abbreviations that keep their period: a capital after them is a name or
 * a number, not a new sentence (only a paragraph break ends one). */
static const char *const abbr_title[] = {
    "Adm",    "Aplo", "Arrv", "Ass't",  "Attn", "Brig", "Capt", "Cmdr", "Col", "Conf",
    "Cpl",    "Det",  "Dr",   "Drs",    "E.g",  "Esp",  "Fax",  "Fig",  "Fr",  "Ft",
    "Gen",    "Gens", "Gov",  "Gov't",  "Hon",  "I.e",  "Insp", "Jr",   "Lt",  "Maj",
    "Messrs", "Mlle", "Mme",  "Mob",    "Mr",   "Mrs",  "Ms",   "Msgr", "Mt",  "Nos",
    "Nr",     "P.S",  "PS",   "Para",   "Ph",   "Pres", "Prof", "Pvt",  "Rep", "Reps",
    "Rev",    "Rt",   "Sc",   "Sec",    "Sen",  "Sens", "Sgt",  "Spec", "Sr",  "St",
    "Sts",    "Supt", "Vol",  "approx", "arrv", "cf",   "e.g",  "eg",   "esp", "ext",
    "fig",    "i.e",  "lv",   "nr",     "pp",   "viz",  "vol",  "vs",   NULL};

/* Abbreviations that may end a sentence: their period is a token of its
 * own when a common sentence starter follows (Inc. The ...). */
static const char *const abbr_mid[] = {
    "Ala",  "Apr",  "Ariz", "Assn", "Aug",   "Ave",  "Blvd", "Bros", "Calif", "Co",   "Colo",
    "Conn", "Corp", "Cos",  "Dec",  "Del",   "Dept", "Feb",  "Fla",  "Fri",   "Ga",   "Ill",
    "Inc",  "Intl", "Jan",  "Jul",  "Jun",   "Kan",  "Ky",   "LTD",  "La",    "Ltd",  "Mar",
    "Mass", "Md",   "Mich", "Minn", "Mo",    "Mon",  "Natl", "Neb",  "Nev",   "Nov",  "Oct",
    "Okla", "Ore",  "PVT",  "Pa",   "Plc",   "Que",  "Rd",   "Sat",  "Sep",   "Sept", "Sun",
    "Tenn", "Tex",  "Thu",  "Thur", "Thurs", "Tue",  "Tues", "Univ", "Va",    "Wash", "Wed",
    "Wis",  "dept", "est",  "govt", NULL};

/* Abbreviations after which any capital starts a new sentence. */
static const char *const abbr_end[] = {"al",   "co", "dom", "ect", "etc", "hrs", "lb", "lbs",
                                       "mins", "oz", "ps",  "rec", "rep", "yrs", NULL};

/* Capitalised words that start sentences, for the ambiguous abbreviations
 * (U.S., Inc.): "in the U.S. The" ends one, "the U.S. Army" does not. */
static const char *const starters[] = {
    "a",      "according", "after",   "all",       "also",    "although",  "an",      "and",
    "any",    "are",       "as",      "at",        "because", "before",    "both",    "but",
    "by",     "can",       "could",   "did",       "do",      "each",      "earlier", "every",
    "for",    "from",      "had",     "has",       "have",    "he",        "her",     "here",
    "his",    "how",       "however", "i",         "if",      "in",        "is",      "it",
    "its",    "just",      "last",    "let",       "many",    "meanwhile", "most",    "my",
    "no",     "not",       "now",     "officials", "on",      "one",       "other",   "our",
    "please", "she",       "should",  "since",     "so",      "some",      "still",   "such",
    "thank",  "thanks",    "that",    "the",       "their",   "then",      "there",   "these",
    "they",   "this",      "those",   "though",    "to",      "today",     "was",     "we",
    "were",   "what",      "when",    "where",     "while",   "who",       "why",     "will",
    "with",   "would",     "yes",     "yesterday", "yet",     "you",       NULL};

/* Words after which "its" is "it is": it+s. */
static const char *const its_verbs[] = {
    "a",          "about",     "absolutely", "actually",     "all",       "almost",     "also",
    "always",     "amazing",   "an",         "awesome",      "bad",       "because",    "been",
    "being",      "better",    "between",    "called",       "cheap",     "clear",      "cold",
    "completely", "crazy",     "definitely", "done",         "easy",      "electrical", "fine",
    "for",        "free",      "from",       "funny",        "getting",   "going",      "gonna",
    "good",       "great",     "greatly",    "hard",         "healthier", "heated",     "her",
    "his",        "horrible",  "hot",        "immaculately", "important", "impossible", "in",
    "just",       "kind",      "less",       "like",         "more",      "much",       "my",
    "natural",    "necessary", "never",      "nice",         "no",        "not",        "nothing",
    "now",        "ok",        "okay",       "one",          "only",      "our",        "over",
    "possible",   "pretty",    "probably",   "prolly",       "quieter",   "quite",      "rare",
    "really",     "sad",       "simple",     "simply",       "so",        "sort",       "still",
    "strange",    "the",       "their",      "time",         "too",       "totally",    "true",
    "very",       "weird",     "worth",      "your",         NULL};

/* Words after which "your" is "you're": you+r. */
static const char *const your_verbs[] = {"calling", "doing", "going",  "gonna",   "in",
                                         "looking", "not",   "on",     "saying",  "stupid",
                                         "talking", "told",  "trying", "welcome", NULL};

/* Units that split from a number written against them (5pm, 10k, 35mm);
 * case matters: 3G and 17H stay whole. */
static const char *const units[] = {
    "AM",  "GB", "GHz", "GW", "K",   "KB",  "M",   "MB",   "MHz", "MW", "MWh", "PM",   "a.m", "am",
    "b",   "bn", "cm",  "ft", "gb",  "ghz", "gw",  "hr",   "hrs", "k",  "kW",  "kWh",  "kb",  "kg",
    "km",  "kw", "kwh", "lb", "lbs", "m",   "mb",  "mg",   "mhz", "mi", "min", "mins", "ml",  "mm",
    "mph", "mw", "oz",  "p",  "p.m", "pm",  "sec", "secs", "x",   "yr", "yrs", NULL};

/* Apostrophe-less contractions, split as EWT does: "do|nt". */
static const struct {
    const char *word;
    unsigned char cut[2]; /* cut points; 0 ends */
} bare[] = {{"aint", {2, 0}},  {"arent", {3, 0}},   {"arnt", {2, 0}},    {"cannot", {3, 0}},
            {"cant", {2, 0}},  {"couldnt", {5, 0}}, {"didnt", {3, 0}},   {"doesnt", {4, 0}},
            {"dont", {2, 0}},  {"dunno", {2, 3}},   {"elses", {4, 0}},   {"gonna", {3, 0}},
            {"gotta", {3, 0}}, {"hadnt", {3, 0}},   {"hasnt", {3, 0}},   {"havent", {4, 0}},
            {"heres", {4, 0}}, {"hes", {2, 0}},     {"im", {1, 0}},      {"isnt", {2, 0}},
            {"itll", {2, 0}},  {"ive", {1, 0}},     {"outta", {3, 0}},   {"shouldnt", {6, 0}},
            {"sorta", {4, 0}}, {"thats", {4, 0}},   {"theres", {5, 0}},  {"theyre", {4, 0}},
            {"wana", {3, 0}},  {"wanna", {3, 0}},   {"wasnt", {3, 0}},   {"werent", {4, 0}},
            {"whats", {4, 0}}, {"wont", {2, 0}},    {"wouldnt", {5, 0}}, {"youll", {3, 0}},
            {"youre", {3, 0}}, {NULL, {0, 0}}};

/* For each length, the last and the first letters of the words above (and
 * "its", "your", "lets"): a filter that spares most words the search. */
static const uint32_t bare_last[9] = {0x0,     0x0,     0x1000,  0x40010, 0xe0801,
                                      0xc4811, 0xc0010, 0x80000, 0x80000};
static const uint32_t bare_first[9] = {0x0,       0x0,      0x100,    0x180,  0x140090d,
                                       0x14c40d9, 0x48008c, 0x400004, 0x40000};

/* Emoticons, longest first where one is a prefix of another. */
static const char *const emoticons[] = {
    ">:(", ":-)", ":-(", ";-)", ":-D", ":-P", ":-p", ":-/", ":-|", ":'(", "^_^", "-_-",
    "^^",  "o_O", "O_o", "T_T", ":)",  ":(",  ";)",  ":D",  ":P",  ":p",  ":/",  ":|",
    "(:",  "=)",  "=(",  "<3",  ":]",  ":[",  ";D",  ":o",  ":O",  "=D",  "XD",  NULL};

/* ---------------------------------------------------------------- lookups */

/* The lists above in two word sets, one lookup per word whatever the number
 * of lists it is checked against: the lists that ignore case, and those
 * that do not. A bare contraction's index in bare[] rides in bits 8 up. */
enum { L_HYPHEN = 1, L_STARTER = 2, L_ITS = 4, L_YOUR = 8, L_BARE = 16 }; /* folded */
enum { L_TITLE = 1, L_MID = 2, L_END = 4, L_UNIT = 8 };                   /* exact */
static wordset folded_lists, exact_lists;
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static void lists_build(void)
{
    wordset_init(&folded_lists, 1);
    wordset_add_list(&folded_lists, hyphen_prefixes, L_HYPHEN);
    wordset_add_list(&folded_lists, starters, L_STARTER);
    wordset_add_list(&folded_lists, its_verbs, L_ITS);
    wordset_add_list(&folded_lists, your_verbs, L_YOUR);
    for (size_t i = 0; i < N_OF(bare); i++)
        wordset_add(&folded_lists, bare[i].word, L_BARE | (uint32_t)i << 8);
    wordset_init(&exact_lists, 0);
    wordset_add_list(&exact_lists, abbr_title, L_TITLE);
    wordset_add_list(&exact_lists, abbr_mid, L_MID);
    wordset_add_list(&exact_lists, abbr_end, L_END);
    wordset_add_list(&exact_lists, units, L_UNIT);
}

static void lists_ready(void)
{
    pthread_once(&lists_once, lists_build);
}

/* The L_* bits of s[a..b), ignoring ASCII case / exactly. */
static inline uint32_t folded_get(const tk *t, size_t a, size_t b)
{
    return wordset_get(&folded_lists, t->s + a, b - a);
}

static inline uint32_t exact_get(const tk *t, size_t a, size_t b)
{
    return wordset_get(&exact_lists, t->s + a, b - a);
}

/* ---------------------------------------------------------------- helpers */

static TOK_INLINE int is_quote_apos(unsigned char c)
{
    return c == '\'' || c == '`';
}

/* End of the letter run at p (ASCII letters and non-ASCII word chars). */
static size_t alpha_run(const tk *t, size_t p, size_t e)
{
    while (p < e) {
        int len, c = cls_at(t, p, &len);
        if (!(c & C_AL))
            break;
        p += (size_t)len;
    }
    return p;
}

static size_t digit_run(const tk *t, size_t p, size_t e)
{
    while (p < e && t->s[p] >= '0' && t->s[p] <= '9')
        p++;
    return p;
}

/* Position of the first non-space at or after p; *nl gets the number of
 * newlines skipped. */
static size_t skip_space(const tk *t, size_t p, int *nl)
{
    int k = 0;
    while (p < t->n) {
        unsigned char c = t->s[p];
        if (c >= 0x80 || !(ctab[c] & C_SP))
            break;
        k += c == '\n';
        p++;
    }
    *nl = k;
    return p;
}

/* ---------------------------------------------------------------- URLs */

static int starts_ci(const tk *t, size_t p, size_t e, const char *w)
{
    size_t k = strlen(w);
    if (e - p < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lower(t->s[p + i]) != w[i])
            return 0;
    return 1;
}

/* Length of a URL starting at p inside the chunk [p, e), or 0. */
static size_t url_at(const tk *t, size_t p, size_t e)
{
    int k = 0;
    if (e - p < 5)
        return 0;
    /* http, ftp, www, mailto: most words fail at the second letter */
    int c1 = lower(t->s[p + 1]);
    if (c1 != 't' && c1 != 'w' && c1 != 'a')
        return 0;
    switch (lower(t->s[p])) {
    case 'h': k = starts_ci(t, p, e, "http://") || starts_ci(t, p, e, "https://"); break;
    case 'f': k = starts_ci(t, p, e, "ftp://"); break;
    case 'w': k = starts_ci(t, p, e, "www.") && is_alnum_at(t, p + 4); break;
    case 'm': k = starts_ci(t, p, e, "mailto:") && p + 7 < e; break;
    default: break;
    }
    if (!k)
        return 0;
    size_t q = e;
    /* Trailing punctuation belongs to the sentence, not the URL. */
    int depth = 0;
    for (size_t i = p; i < e; i++)
        depth += t->s[i] == '(' ? 1 : t->s[i] == ')' ? -1 : 0;
    while (q > p + 1) {
        unsigned char c = t->s[q - 1];
        if (c == ')' && depth < 0) {
            depth++;
            q--;
        } else if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
                   c == '"' || c == '\'' || c == '>' || c == ']') {
            q--;
        } else {
            break;
        }
    }
    return q - p;
}

/* Length of an emoticon at p, or 0. */
static size_t emoticon_at(const tk *t, size_t p, size_t e, size_t chunk_start)
{
    unsigned char c = t->s[p];
    if (!emoticon_start(c) || e - p < 2) /* all have 2 bytes or more */
        return 0;
    int after_word = -1; /* worked out only for a match */
    for (const char *const *m = emoticons; *m; m++) {
        if ((unsigned char)(*m)[0] != c || (unsigned char)(*m)[1] != t->s[p + 1])
            continue;
        size_t k = strlen(*m);
        if (e - p >= k && memcmp(t->s + p, *m, k) == 0) {
            if (after_word < 0)
                after_word = p > chunk_start && is_alnum_at(t, prev_char(t, p));
            size_t q = p + k;
            if (q < e && is_alnum_at(t, q))
                continue;
            if (q < e && (t->s[q] == '/' || t->s[q] == ':'))
                continue;
            if (!strcmp(*m, "(:") && q != e)
                continue;
            /* "family:)" at a chunk end; not "note:(see" */
            if (after_word && (q != e || (*m)[0] != ':' || k != 2 || (*m)[1] == '/'))
                continue;
            if ((!strcmp(*m, "XD") || !strcmp(*m, ":o") || !strcmp(*m, ":O")) && q != e)
                continue;
            return k;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- words */

/*
 * The joined core of a word starting at p: letters and digits joined across
 * the connectors listed in the file comment. Sets *flags: 1 internal '.',
 * 2 '@', 4 '-', 8 '/', 16 '&', 32 apostrophe.
 */
static size_t scan_core(const tk *t, size_t p, size_t e, int *flags)
{
    size_t q = p;
    int f = 0;
    for (;;) {
        while (q < e) {
            unsigned char ch = t->s[q];
            if (ch < 0x80) { /* most letters: no decoding */
                if (!(ctab[ch] & (C_AL | C_DG)))
                    break;
                q++;
                continue;
            }
            int len, c = cls_at(t, q, &len);
            if (!(c & (C_AL | C_DG)))
                break;
            q += (size_t)len;
        }
        if (q >= e || q + 1 >= e || q == p)
            break;
        unsigned char c = t->s[q];
        int prev = cls(t, prev_char(t, q)), next = cls(t, q + 1);
        int join = 0;
        switch (c) {
        case '.':
            join = (next & (C_AL | C_DG)) != 0;
            if (join)
                f |= 1;
            break;
        case ',':
            if (prev & C_DG) {
                size_t d = digit_run(t, q + 1, e);
                /* 1,750 (a group of three); 3,40 and 7,5 (decimal commas). */
                if (d == q + 4 && (d == e || !(cls(t, d) & (C_AL | C_DG))))
                    join = 1;
                else if ((d == q + 2 || d == q + 3) && q - p <= 2 &&
                         (d == e || !(cls(t, d) & (C_AL | C_DG))) && (d == e || t->s[d] != ','))
                    join = 1;
            }
            break;
        case '\'':
        case '`':
            join = (prev & C_AL) && (next & C_AL);
            if (join)
                f |= 32;
            else if ((prev & C_DG) && lower(t->s[q + 1]) == 's' &&
                     (q + 2 == e || !(cls(t, q + 2) & (C_AL | C_DG))))
                join = 1; /* 1980's, 70's: one word */
            break;
        case '-':
            join = (next & (C_AL | C_DG)) && orig_plain(t, q);
            if (join)
                f |= 4;
            break;
        case '/':
            join = (next & (C_AL | C_DG)) != 0;
            if (join)
                f |= 8;
            break;
        case '&':
            join = (prev & C_AL) && (next & C_AL);
            if (join)
                f |= 16;
            break;
        case ':': join = (prev & C_DG) && (next & C_DG); break;
        case '_': join = (next & (C_AL | C_DG)) != 0; break;
        case '*':
            join = (prev & C_AL) && (next & C_AL); /* sh*t */
            break;
        case '@':
            join = (next & (C_AL | C_DG)) != 0;
            if (join)
                f |= 2;
            break;
        default: break;
        }
        if (!join && c == '.' && q + 2 < e) {
            /* Elided e-mail addresses: franz371...@gmail.com */
            size_t d = q;
            while (d < e && t->s[d] == '.')
                d++;
            if (d + 1 < e && t->s[d] == '@' && (cls(t, d + 1) & (C_AL | C_DG))) {
                q = d;
                continue;
            }
        }
        if (!join)
            break;
        q++;
    }
    *flags = f;
    return q;
}

/* Abbreviation types for a core followed by a period. */
enum { AB_NONE, AB_TITLE, AB_MID, AB_END, AB_NUMBER };

static int abbrev_type(const tk *t, size_t a, size_t b)
{
    uint32_t lists = exact_get(t, a, b);
    if (lists & L_TITLE)
        return AB_TITLE;
    if (eq(t, a, b, "No") || eq(t, a, b, "no"))
        return AB_NUMBER;
    /* Single capital: an initial (W. Bush). */
    if (b - a == 1)
        return t->s[a] < 0x80 && (ctab[t->s[a]] & C_UP) ? AB_MID : AB_NONE;
    /* Letters separated by single periods: U.S, a.m, D.C, Ph.D. */
    size_t i = a;
    int groups = 0, ok = 1;
    while (i < b) {
        size_t j = alpha_run(t, i, b);
        if (j == i || j - i > 2) {
            ok = 0;
            break;
        }
        groups++;
        if (j < b && t->s[j] != '.') {
            ok = 0;
            break;
        }
        i = j < b ? j + 1 : j;
    }
    if (ok && groups >= 2)
        return AB_MID;
    if (lists & L_MID)
        return AB_MID;
    if (lists & L_END)
        return AB_END;
    return AB_NONE;
}

/* 1 if the abbreviation (of type ty) whose period is at dot ends its
 * sentence, so that the period is a token of its own. */
static int abbrev_ends_sentence(const tk *t, size_t dot, size_t e, int ty)
{
    if (dot + 1 < e) {
        unsigned char c = t->s[dot + 1];
        if (c == '"' || c == '\'') /* closing quote after the period */
            return ty != AB_TITLE;
        return 0; /* a comma, a bracket: still inside the sentence */
    }
    int nl;
    size_t x = skip_space(t, e, &nl);
    if (x >= t->n || nl >= 2)
        return 1;
    if (ty == AB_TITLE)
        return 0;
    if (ty == AB_NUMBER) /* No. 5, but "No." as an answer */
        return !(cls(t, x) & C_DG) && t->s[x] != '#';
    if (!(cls(t, x) & C_UP))
        return 0;
    if (ty == AB_END)
        return 1;
    size_t y = alpha_run(t, x, t->n);
    return (folded_get(t, x, y) & L_STARTER) != 0;
}

/* 1 if the text after p (a word's end) starts with a word of the list
 * whose L_* bit is list. */
static int next_word_in(const tk *t, size_t p, uint32_t list)
{
    int nl;
    size_t x = skip_space(t, p, &nl);
    if (nl >= 2 || x >= t->n)
        return 0;
    size_t y = alpha_run(t, x, t->n);
    return y > x && (folded_get(t, x, y) & list) != 0;
}

static void emit_piece(tk *t, size_t a, size_t b, int kind, int poss);

/* 1 if the word [a, b) is one the bare-contraction filter lets through to
 * the lookup: first and last letters and length as in bare[] (and "its",
 * "your", "lets"). */
static TOK_INLINE int bare_candidate(const tk *t, size_t a, size_t b)
{
    size_t len = b - a;
    unsigned last = (unsigned)lower(t->s[b - 1]) - 'a', first = (unsigned)lower(t->s[a]) - 'a';
    return len <= 8 && last < 26 && first < 26 && (bare_last[len] >> last & 1) &&
           (bare_first[len] >> first & 1);
}

/*
 * Emits the alphabetic-or-numeric piece [a, b) as a token, split into
 * syntactic words where it is a contraction or a possessive. poss: a
 * trailing apostrophe at b is a possessive clitic ("parents'"). The common
 * case, one plain word, is settled inline; emit_piece_split has the rest.
 */
static TOK_COLD void emit_piece_split(tk *t, size_t a, size_t b, int kind, int poss)
{
    size_t len = b - a;
    const unsigned char *s = t->s;
    if (poss) {
        if (!tok_begin(t, a, b + 1, kind)) {
            word_add(t, a, b, NULL);
            word_add(t, b, b + 1, NULL);
        }
        return;
    }
    if (kind == CASUS_TOK_WORD && len >= 4 && is_quote_apos(s[b - 3]) &&
        ((lower(s[b - 2]) == 'm' && lower(s[b - 1]) == 'a') ||
         (lower(s[b - 2]) == 't' && lower(s[b - 1]) == 'a' && lower(s[b - 4]) == 'n'))) {
        /* I'ma, wasn'ta: "I'm a", "wasn't a". */
        emit_piece(t, a, b - 1, kind, 0);
        emit1(t, b - 1, b, kind);
        return;
    }
    if (kind == CASUS_TOK_WORD && len >= 2) {
        /* Clitics after an apostrophe. */
        size_t cut = 0;
        if (len >= 4 && lower(s[b - 1]) == 't' && is_quote_apos(s[b - 2]) &&
            lower(s[b - 3]) == 'n' && (cls(t, b - 4) & C_AL))
            cut = b - 3;
        else if (len >= 3 && is_quote_apos(s[b - 2]) &&
                 (lower(s[b - 1]) == 's' || lower(s[b - 1]) == 'm' || lower(s[b - 1]) == 'd'))
            cut = b - 2;
        else if (len >= 4 && is_quote_apos(s[b - 3]) &&
                 ((lower(s[b - 2]) == 'r' && lower(s[b - 1]) == 'e') ||
                  (lower(s[b - 2]) == 'v' && lower(s[b - 1]) == 'e') ||
                  (lower(s[b - 2]) == 'l' && lower(s[b - 1]) == 'l')))
            cut = b - 3;
        /* "60's" is one word; the clitic needs letters before it. */
        if (cut && cut > a && (cls(t, prev_char(t, cut)) & C_AL)) {
            if (!tok_begin(t, a, b, kind)) {
                word_add(t, a, cut, NULL);
                word_add(t, cut, b, NULL);
            }
            return;
        }
        /* Apostrophe-less spellings. */
        if (bare_candidate(t, a, b)) {
            uint32_t v = folded_get(t, a, b);
            long i = (v & L_BARE) ? (long)(v >> 8) : -1;
            /* "IM" is instant messaging, not "I'm". */
            if (i >= 0 && len == 2 && (cls(t, a) & C_UP) && (cls(t, a + 1) & C_UP))
                i = -1;
            if (i >= 0) {
                if (!tok_begin(t, a, b, kind)) {
                    size_t prev = a;
                    for (int j = 0; j < 2 && bare[i].cut[j]; j++) {
                        word_add(t, prev, a + bare[i].cut[j], NULL);
                        prev = a + bare[i].cut[j];
                    }
                    word_add(t, prev, b, NULL);
                }
                return;
            }
            if (len == 4 && eq(t, a, b, "Lets")) {
                if (!tok_begin(t, a, b, kind)) {
                    word_add(t, a, a + 3, NULL);
                    word_add(t, a + 3, b, NULL);
                }
                return;
            }
            if (len == 4 && ieq(t, a, b, "your") && next_word_in(t, b, L_YOUR)) {
                if (!tok_begin(t, a, b, kind)) {
                    word_add(t, a, a + 3, NULL);
                    word_add(t, a + 3, b, NULL);
                }
                return;
            }
            if (len == 3 && ieq(t, a, b, "its") && next_word_in(t, b, L_ITS)) {
                if (!tok_begin(t, a, b, kind)) {
                    word_add(t, a, a + 2, NULL);
                    word_add(t, a + 2, b, NULL);
                }
                return;
            }
        }
    }
    emit1(t, a, b, kind);
}

static TOK_INLINE void emit_piece(tk *t, size_t a, size_t b, int kind, int poss)
{
    /* emit_piece_split changes nothing unless there is a possessive, an
     * apostrophe two or three from the end (clitics, "I'ma"), or a word
     * the bare-contraction filter passes. */
    const unsigned char *s = t->s;
    size_t len = b - a;
    if (poss || (kind == CASUS_TOK_WORD && len >= 2 &&
                 ((len >= 3 && is_quote_apos(s[b - 2])) || (len >= 4 && is_quote_apos(s[b - 3])) ||
                  bare_candidate(t, a, b))))
        emit_piece_split(t, a, b, kind, poss);
    else
        emit1(t, a, b, kind);
}

/* Kind of a plain piece. */
static TOK_INLINE int piece_kind(const tk *t, size_t a, size_t b)
{
    return (cls(t, a) & C_DG) ? CASUS_TOK_NUMBER : CASUS_TOK_WORD;
}

/* 1 if the core [a, b) is a phone-like number: digit groups joined by
 * hyphens (713-853-3989, 345-9945, 77415-0027), not a range (1969-1970). */
static int phone_like(const tk *t, size_t a, size_t b)
{
    int groups = 0;
    size_t lens[2] = {0, 0};
    for (size_t i = a; i < b;) {
        size_t j = digit_run(t, i, b);
        if (j == i || (j < b && t->s[j] != '-'))
            return 0;
        if (groups < 2)
            lens[groups] = j - i;
        groups++;
        i = j + 1;
    }
    if (groups >= 3)
        return 1;
    return groups == 2 && ((lens[1] == 4 && lens[0] != 4) || lens[0] == 5);
}

/* 1 if the hyphen at h inside the core [a, b) stays inside its token. */
static int keep_hyphen(const tk *t, size_t a, size_t h)
{
    /* The part before: back to the previous connector. */
    size_t l = h;
    while (l > a && (cls(t, prev_char(t, l)) & (C_AL | C_DG)))
        l = prev_char(t, l);
    return l == a && (folded_get(t, l, h) & L_HYPHEN) != 0;
}

/* 1 if the slash at h inside the core [a, b) stays inside its token. */
static int keep_slash(const tk *t, size_t a, size_t b, size_t h)
{
    size_t l = h;
    while (l > a && (cls(t, prev_char(t, l)) & (C_AL | C_DG)))
        l = prev_char(t, l);
    size_t r = h + 1;
    while (r < b && (cls(t, r) & (C_AL | C_DG)))
        r++;
    int ld = digit_run(t, l, h) == h, rd = digit_run(t, h + 1, r) == r;
    if (ld && rd) {
        /* Dates and 9/11 stay; a fraction of single digits splits (1 / 2). */
        if (h - l == 1 && r - h - 1 == 1 && (l == a) && r == b)
            return 0;
        return 1;
    }
    /* l/c, I/C, w/o. */
    if (h - l == 1 && r - h - 1 == 1)
        return 1;
    return 0;
}

/* 1 if the ampersand at h inside the core stays (AT&T, P&L). */
static int keep_amp(const tk *t, size_t a, size_t b, size_t h)
{
    size_t l = h, r = h + 1;
    while (l > a && (cls(t, l - 1) & C_AL))
        l--;
    while (r < b && (cls(t, r) & C_AL))
        r++;
    return h - l <= 4 && r - h - 1 <= 4;
}

/* Emits a piece, splitting a number from a unit written against it: 5pm,
 * 10k (but 3rd, 1980s, 17H stay whole). */
static TOK_INLINE void emit_unit_piece(tk *t, size_t a, size_t b, int poss)
{
    if (t->s[a] >= '0' && t->s[a] <= '9') {
        size_t d = a;
        while (d < b && ((t->s[d] >= '0' && t->s[d] <= '9') || t->s[d] == '.' || t->s[d] == ',' ||
                         t->s[d] == ':'))
            d++;
        if (d < b && alpha_run(t, d, b) == b && (exact_get(t, d, b) & L_UNIT)) {
            emit1(t, a, d, CASUS_TOK_NUMBER);
            emit_piece(t, d, b, CASUS_TOK_WORD, poss);
            return;
        }
    }
    emit_piece(t, a, b, piece_kind(t, a, b), poss);
}

/* Splits the core [a, b) at the hyphens, slashes and ampersands that do not
 * stay, and at a number-unit boundary, and emits the pieces. last_poss: a
 * possessive apostrophe follows the core. */
static void emit_core(tk *t, size_t a, size_t b, int flags, int last_poss)
{
    if ((flags & 1) && !(flags & 32)) {
        /* Domains and file names (Get-A-Free-House.com, 02-05-02.doc) and
         * numbers (5.93) stay whole. */
        int kind = piece_kind(t, a, b);
        emit_piece(t, a, b, kind, last_poss);
        return;
    }
    if (!(flags & (4 | 8 | 16))) {
        emit_unit_piece(t, a, b, last_poss);
        return;
    }
    if ((flags & 4) && phone_like(t, a, b)) {
        emit1(t, a, b, CASUS_TOK_NUMBER);
        return;
    }
    size_t start = a;
    for (size_t i = a; i < b; i++) {
        unsigned char c = t->s[i];
        int split = 0;
        if (c == '-' && (flags & 4))
            split = !keep_hyphen(t, a, i);
        else if (c == '/' && (flags & 8))
            split = !keep_slash(t, a, b, i);
        else if (c == '&' && (flags & 16))
            split = !keep_amp(t, a, b, i);
        if (!split)
            continue;
        if (i > start)
            emit_unit_piece(t, start, i, 0);
        emit1(t, i, i + 1, c == '-' ? CASUS_TOK_PUNCT : CASUS_TOK_SYMBOL);
        start = i + 1;
    }
    if (start < b)
        emit_unit_piece(t, start, b, last_poss);
}

/* ---------------------------------------------------------------- chunks */

/* The spaced "U. S." (and U. N., U. K., E. U., D. C.): one token, form
 * "U.S.". Returns the end of the span or 0. */
static size_t spaced_acronym(tk *t, size_t p, const char **form)
{
    static const char *const pairs[] = {"US", "UN", "UK", "EU", "DC", NULL};
    static const char *const forms[] = {"U.S.", "U.N.", "U.K.", "E.U.", "D.C."};
    const unsigned char *s = t->s;
    if (p + 5 > t->n || s[p + 1] != '.' || s[p + 2] != ' ' || s[p + 4] != '.')
        return 0;
    if (p > 0 && (cls(t, prev_char(t, p)) & (C_AL | C_DG)))
        return 0;
    if (p + 5 < t->n && !(cls(t, p + 5) & (C_SP | C_PU)))
        return 0;
    for (int i = 0; pairs[i]; i++)
        if (s[p] == (unsigned char)pairs[i][0] && s[p + 3] == (unsigned char)pairs[i][1]) {
            *form = forms[i];
            return p + 5;
        }
    return 0;
}

/* A run of punctuation or symbols starting at p. */
static size_t punct_at(tk *t, size_t p, size_t e, int *kind)
{
    const unsigned char *s = t->s;
    unsigned char c = s[p];
    int len, k = cls_at(t, p, &len);
    *kind = (k & C_SY) ? CASUS_TOK_SYMBOL : CASUS_TOK_PUNCT;
    size_t q = p + (size_t)len;
    if (c == '.' || c == '!' || c == '?' ||
        (c == 0xE2 && len == 3 && s[p + 1] == 0x80 && s[p + 2] == 0xA6)) {
        /* . ! ? and … in any mix: one token. */
        *kind = CASUS_TOK_PUNCT;
        while (q < e) {
            unsigned char d = s[q];
            if (d == '.' || d == '!' || d == '?')
                q++;
            else if (d == 0xE2 && q + 2 < e && s[q + 1] == 0x80 && s[q + 2] == 0xA6)
                q += 3;
            else
                break;
        }
        return q;
    }
    if (c == '-' || c == '=' || (c == '<' && q < e && (s[q] == '-' || s[q] == '='))) {
        /* Rules and arrows: --, ----==, <-, ===>. A dash only runs with
         * dashes of its own kind (— stays apart from -). */
        int plain = orig_plain(t, p);
        while (q < e && (s[q] == '-' || s[q] == '=') && (s[q] != '-' || orig_plain(t, q) == plain))
            q++;
        if (q < e && s[q] == '>' && q > p + 0 && (q + 1 == e || s[q + 1] != '>'))
            q++;
        *kind = c == '-' && q == p + 1 ? CASUS_TOK_PUNCT : CASUS_TOK_SYMBOL;
        if (c == '-')
            *kind = CASUS_TOK_PUNCT;
        return q;
    }
    if (run_symbol(c)) {
        /* A run of one repeated symbol: **, >>, $$$, //. */
        while (q < e && s[q] == c)
            q++;
        if (c == '_' || c == '/' || c == '\\')
            *kind = CASUS_TOK_PUNCT;
        return q;
    }
    if (c == '\'' || c == '`') {
        /* '' and `` are one quote. */
        if (q < e && s[q] == c)
            q++;
        *kind = CASUS_TOK_PUNCT;
        return q;
    }
    /* Any other mark is a token alone, with the marks attached to it. */
    while (q < e) {
        int l2, k2 = cls_at(t, q, &l2);
        if (!(k2 & C_EX))
            break;
        q += (size_t)l2;
    }
    return q;
}

/* The first byte at or after p that is ASCII whitespace or control (ctab's
 * C_SP: below 0x21, or 0x7F), or n: where the chunk ends. Eight bytes at a
 * time where the byte order lets the first hit be found by counting
 * zeros; every step below stays inside its byte, so no carry crosses. */
static TOK_INLINE size_t chunk_end(const unsigned char *s, size_t p, size_t n)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    for (; p + 8 <= n; p += 8) {
        uint64_t x;
        memcpy(&x, s + p, 8);
        uint64_t low7 = x & ~highs;                   /* each byte below 0x80 */
        uint64_t ge21 = (low7 + 0x5F * ones) & highs; /* low7 >= 0x21 */
        uint64_t is7f = (low7 + ones) & highs;        /* low7 == 0x7F */
        uint64_t hit = (~ge21 | is7f) & ~x & highs;   /* and the byte itself ASCII */
        if (hit)
            return p + (size_t)(__builtin_ctzll(hit) >> 3);
    }
#endif
    while (p < n && (s[p] >= 0x80 || !(ctab[s[p]] & C_SP)))
        p++;
    return p;
}

/* The first byte at or after p that is not an ASCII letter or digit, or
 * n: the end of a plain word. Eight bytes at a time as chunk_end; a byte
 * is a letter when, with bit 5 set, it lies in a..z. */
static TOK_INLINE size_t alnum_end(const unsigned char *s, size_t p, size_t n)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    for (; p + 8 <= n; p += 8) {
        uint64_t x;
        memcpy(&x, s + p, 8);
        uint64_t low7 = x & ~highs, fold = low7 | 0x20 * ones;
        uint64_t letter = ((fold + (0x80 - 'a') * ones) & ~(fold + (0x7F - 'z') * ones));
        uint64_t digit = ((low7 + (0x80 - '0') * ones) & ~(low7 + (0x7F - '9') * ones));
        uint64_t miss = ~((letter | digit) & ~x) & highs;
        if (miss)
            return p + (size_t)(__builtin_ctzll(miss) >> 3);
    }
#endif
    while (p < n && s[p] < 0x80 && (ctab[s[p]] & (C_AL | C_DG)))
        p++;
    return p;
}

/* Tokenises the word or number starting at p inside the chunk [p, e);
 * returns where the chunk scan goes on. Inline where the chunk scan meets
 * an ASCII letter or digit (most words), a call elsewhere. */
static TOK_INLINE size_t scan_word(tk *t, size_t p, size_t e)
{
    const unsigned char *s = t->s;
    /* Most words are ASCII letters or digits up to a byte that cannot join
     * them to more (scan_core would stop there too): only the others need
     * the full scan. */
    int flags = 0;
    size_t q = alnum_end(s, p, t->n); /* s[e] is a space: q <= e */
    if (q < e && (s[q] >= 0x80 || (q + 1 < e && q > p && is_connector(s[q]))))
        q = scan_core(t, p, e, &flags);
    if (flags & 2) {
        /* E-mail address (a@b.c, Rice@ENRON); a final period is the
         * sentence's. "Johnson/ENRON@enronXgate": the name before the
         * slash is a word. */
        size_t at = p, sl = p;
        while (at < q && s[at] != '@')
            at++;
        for (size_t i = p; i < at; i++)
            if (s[i] == '/')
                sl = i;
        if (sl > p) {
            emit_core(t, p, sl, flags & ~2, 0);
            emit1(t, sl, sl + 1, CASUS_TOK_PUNCT);
            p = sl + 1;
        }
        emit1(t, p, q, CASUS_TOK_EMAIL);
        return q;
    }
    if (q < e && s[q] == '.' &&
        !(q + 2 < e && s[q + 1] == '.' && s[q + 2] == '.')) { /* not an ellipsis */
        int ty = abbrev_type(t, p, q);
        if (ty != AB_NONE && !abbrev_ends_sentence(t, q, e, ty)) {
            emit1(t, p, q + 1, CASUS_TOK_ABBREV);
            return q + 1;
        }
    }
    /* A trailing apostrophe after s: possessive (parents') unless it
     * closes a single quote. */
    int poss = 0;
    if (q < e && s[q] == '\'' && q > p && lower(s[q - 1]) == 's' &&
        (q + 1 == e || !is_alnum_at(t, q + 1)) && q - p >= 2) {
        if (t->squote > 0)
            t->squote--;
        else
            poss = 1;
    } else if (q < e && s[q] == '\'' && q - p >= 4 && lower(s[q - 1]) == 'n' &&
               lower(s[q - 2]) == 'i' && (q + 1 == e || !is_alnum_at(t, q + 1)) && !flags &&
               t->squote == 0) {
        /* lovin', nothin': the apostrophe is part of the word */
        emit1(t, p, q + 1, CASUS_TOK_WORD);
        return q + 1;
    }
    if (flags)
        emit_core(t, p, q, flags, poss);
    else
        emit_unit_piece(t, p, q, poss); /* what emit_core does without flags */
    return q + (size_t)poss;
}

static TOK_NOINLINE size_t scan_word_call(tk *t, size_t p, size_t e)
{
    return scan_word(t, p, e);
}

/* Tokenises one whitespace-delimited chunk [p, e); may consume past e (the
 * spaced "U. S."); returns where the next chunk scan starts. */
static size_t scan_chunk(tk *t, size_t p, size_t e)
{
    const size_t chunk_start = p;
    const unsigned char *s = t->s;
    while (p < e && !t->err) {
        unsigned char c = s[p];
        int len, k = cls_at(t, p, &len);

        if ((c == 'h' || c == 'H' || c == 'w' || c == 'W' || c == 'f' || c == 'F' || c == 'm' ||
             c == 'M')) {
            size_t u = url_at(t, p, e);
            if (u) {
                emit1(t, p, p + u, CASUS_TOK_URL);
                p += u;
                continue;
            }
        }
        if ((k & C_UP) && p + 1 < e && s[p + 1] == '.' && p + 2 == e) {
            const char *form;
            size_t q = spaced_acronym(t, p, &form);
            if (q) {
                if (!tok_begin(t, p, q, CASUS_TOK_ABBREV))
                    word_add(t, p, q, form);
                return q;
            }
        }
        if (c < 0x80 && (k & (C_AL | C_DG))) {
            /* An ASCII letter or digit: none of the cases below applies. */
            p = scan_word(t, p, e);
            continue;
        }
        if (k & (C_PU | C_SY)) {
            size_t m = emoticon_at(t, p, e, chunk_start);
            if (m) {
                emit1(t, p, p + m, CASUS_TOK_EMOTICON);
                p += m;
                continue;
            }
        }
        if ((c == '@' || c == '#') && p + 1 < e && (cls(t, p + 1) & C_AL) &&
            (p == chunk_start || !is_alnum_at(t, prev_char(t, p)))) {
            /* @handle, #hashtag */
            size_t q = p + 1;
            while (q < e && ((cls(t, q) & (C_AL | C_DG)) || s[q] == '_'))
                q += s[q] < 0x80 ? 1 : (size_t)(cls_at(t, q, &len), len);
            if (c == '@' && q + 1 < e && s[q] == '.' && is_alnum_at(t, q + 1)) {
                /* @paulhastings.com: a domain, not a handle */
                int f2;
                q = scan_core(t, p + 1, e, &f2);
                emit1(t, p, q, CASUS_TOK_EMAIL);
                p = q;
                continue;
            }
            emit1(t, p, q, CASUS_TOK_HANDLE);
            p = q;
            continue;
        }
        if (c == '\'' && p + 2 < e && (cls(t, p + 1) & C_DG) && (cls(t, p + 2) & C_DG) &&
            (p + 3 == e || !(cls(t, p + 3) & C_DG) || digit_run(t, p + 1, e) == p + 3) &&
            (p == chunk_start || !is_alnum_at(t, prev_char(t, p)))) {
            /* '72, '60s */
            size_t q = alpha_run(t, p + 3, e);
            emit1(t, p, q, CASUS_TOK_NUMBER);
            p = q;
            continue;
        }
        if (c == '+' && p == chunk_start && p + 1 < e && (cls(t, p + 1) & C_DG)) {
            size_t q = digit_run(t, p + 1, e);
            emit1(t, p, q, CASUS_TOK_NUMBER);
            p = q;
            continue;
        }
        if (k & C_EX) {
            /* A stray mark at a chunk start: a token of its own. */
            size_t q = p + (size_t)len;
            emit1(t, p, q, CASUS_TOK_SYMBOL);
            p = q;
            continue;
        }
        if (c == '.' && p + 1 < e && (cls(t, p + 1) & C_AL) &&
            (p == chunk_start || s[p - 1] == ')' || s[p - 1] == '"')) {
            /* A file extension on its own: "(draft).doc" */
            size_t q = alpha_run(t, p + 1, e);
            if (q - p <= 5 && (q == e || !is_alnum_at(t, q))) {
                emit1(t, p, q, CASUS_TOK_WORD);
                p = q;
                continue;
            }
        }
        if (!(k & (C_AL | C_DG))) {
            int kind;
            size_t q = punct_at(t, p, e, &kind);
            /* Single quotes: track opening ones, so that a later s' can
             * tell a possessive from a closing quote. */
            if (c == '\'' && q == p + 1) {
                if (p == chunk_start && q < e && is_alnum_at(t, q))
                    t->squote++;
                else if (t->squote > 0 && p > chunk_start)
                    t->squote--;
            }
            emit1(t, p, q, kind);
            p = q;
            continue;
        }
        p = scan_word_call(t, p, e); /* a word that starts with a non-ASCII letter */
    }
    return p > e ? p : e;
}

/* ---------------------------------------------------------------- finish */

/* Copies n bytes from src (avail readable there) to dst (room writable):
 * a word of up to 16 bytes, most of them, as one 16-byte move. */
static TOK_INLINE void copy_short(char *dst, size_t room, const char *src, size_t avail, size_t n)
{
    if (n <= 16 && room >= 16 && avail >= 16)
        memcpy(dst, src, 16);
    else
        memcpy(dst, src, n);
}

/* finish for a text that is its own normal form (no map, no `): the
 * offsets stand, and form and norm are one copy of the substring. */
static int finish_same(tk *t)
{
    char *buf = arena_alloc(t->mem, t->pool);
    if (!buf)
        return CASUS_ENOMEM;
    char *end = buf + t->pool;
    for (size_t i = 0; i < t->n_w; i++) {
        casus_word *w = &t->w[i];
        if (w->form)
            continue;
        size_t ol = w->end - w->start;
        copy_short(buf, (size_t)(end - buf), t->orig + w->start, t->orig_len - w->start, ol);
        buf[ol] = '\0';
        w->form = w->norm = buf;
        buf += ol + 1;
    }
    return 0;
}

/* Copies the word strings into one pooled block and maps every span to
 * original offsets. */
static int finish(tk *t)
{
    if (!t->map && !t->backtick)
        return finish_same(t);
    /* The first pass sizes the pool and marks, in norm, the words whose
     * normalised form differs from their original substring (they need a
     * second copy); the second copies. */
    static const char differs_mark[1];
    const unsigned char *s = t->s;
    size_t pool = 0;
    for (size_t i = 0; i < t->n_w; i++) {
        casus_word *w = &t->w[i];
        if (w->form)
            continue;
        uint32_t os = t->map ? t->map[w->start] : w->start;
        uint32_t oe = t->map ? t->map[w->end] : w->end;
        size_t ol = oe - os, nl = w->end - w->start;
        pool += ol + 1;
        int differs = 0;
        if (t->map) {
            /* inline: words are short, a memcmp call costs more */
            const char *o = t->orig + os;
            const unsigned char *q = s + w->start;
            size_t j = 0;
            if (ol == nl)
                while (j < nl && (unsigned char)o[j] == q[j])
                    j++;
            differs = ol != nl || j < nl;
        }
        if (!differs && t->backtick && memchr(s + w->start, '`', nl))
            differs = 1;
        if (differs) {
            pool += nl + 1;
            w->norm = differs_mark;
        }
    }
    char *buf = arena_alloc(t->mem, pool);
    if (!buf)
        return CASUS_ENOMEM;
    char *end = buf + pool;
    for (size_t i = 0; i < t->n_w; i++) {
        casus_word *w = &t->w[i];
        uint32_t os = t->map ? t->map[w->start] : w->start;
        uint32_t oe = t->map ? t->map[w->end] : w->end;
        if (!w->form) {
            size_t ol = oe - os, nl = w->end - w->start;
            int differs = w->norm == differs_mark;
            copy_short(buf, (size_t)(end - buf), t->orig + os, t->orig_len - os, ol);
            buf[ol] = '\0';
            w->form = w->norm = buf;
            buf += ol + 1;
            if (differs) {
                for (size_t j = 0; j < nl; j++)
                    buf[j] = s[w->start + j] == '`' ? '\'' : (char)s[w->start + j];
                buf[nl] = '\0';
                w->norm = buf;
                buf += nl + 1;
            }
        }
        w->start = os;
        w->end = oe;
    }
    for (size_t i = 0; t->map && i < t->n_tok; i++) {
        casus_token *k = &t->tok[i];
        k->start = t->map[k->start];
        k->end = t->map[k->end];
    }
    return 0;
}

/* ---------------------------------------------------------------- checks */

static int sorted(const void *list, size_t n, size_t stride, int fold)
{
    const char *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *w = *(const char *const *)((const char *)list + i * stride);
        if (!w || strlen(w) > 24 || (prev && strcmp(prev, w) >= 0))
            return 0;
        for (const char *c = w; fold && *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                return 0;
        prev = w;
    }
    return 1;
}

int tok_selfcheck(void)
{
    if (!sorted(hyphen_prefixes, N_OF(hyphen_prefixes), sizeof *hyphen_prefixes, 1))
        return 1;
    if (!sorted(abbr_title, N_OF(abbr_title), sizeof *abbr_title, 0))
        return 2;
    if (!sorted(abbr_mid, N_OF(abbr_mid), sizeof *abbr_mid, 0))
        return 3;
    if (!sorted(abbr_end, N_OF(abbr_end), sizeof *abbr_end, 0))
        return 4;
    if (!sorted(starters, N_OF(starters), sizeof *starters, 1))
        return 5;
    if (!sorted(its_verbs, N_OF(its_verbs), sizeof *its_verbs, 1))
        return 6;
    if (!sorted(your_verbs, N_OF(your_verbs), sizeof *your_verbs, 1))
        return 7;
    if (!sorted(units, N_OF(units), sizeof *units, 0))
        return 8;
    if (!sorted(bare, N_OF(bare), sizeof *bare, 1))
        return 9;
    for (size_t i = 0; i < N_OF(bare); i++) {
        size_t k = strlen(bare[i].word);
        unsigned f = (unsigned)(bare[i].word[0] - 'a'), l = (unsigned)(bare[i].word[k - 1] - 'a');
        if (k > 8 || !(bare_first[k] >> f & 1) || !(bare_last[k] >> l & 1))
            return 10;
    }
    lists_ready();
    if (folded_lists.overflow || exact_lists.overflow)
        return 11;
    static const struct {
        const char *const *list;
        const wordset *set;
        uint32_t bit;
    } lists[] = {{hyphen_prefixes, &folded_lists, L_HYPHEN},
                 {starters, &folded_lists, L_STARTER},
                 {its_verbs, &folded_lists, L_ITS},
                 {your_verbs, &folded_lists, L_YOUR},
                 {abbr_title, &exact_lists, L_TITLE},
                 {abbr_mid, &exact_lists, L_MID},
                 {abbr_end, &exact_lists, L_END},
                 {units, &exact_lists, L_UNIT}};
    for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
        for (const char *const *w = lists[k].list; *w; w++)
            if (!(wordset_get(lists[k].set, (const unsigned char *)*w, strlen(*w)) & lists[k].bit))
                return 12;
    for (size_t i = 0; i < N_OF(bare); i++) {
        const char *w = bare[i].word;
        uint32_t v = wordset_get(&folded_lists, (const unsigned char *)w, strlen(w));
        if (!(v & L_BARE) || v >> 8 != i)
            return 12;
    }
    return 0;
}

int text_tokenize(arena *mem, const char *text, size_t len, const text_norm *norm,
                  casus_token **tokens, size_t *n_tokens, casus_word **words, size_t *n_words)
{
    lists_ready();
    tk t = {0};
    t.mem = mem;
    t.s = (const unsigned char *)norm->norm;
    t.n = norm->norm_len;
    t.orig = text;
    t.orig_len = len;
    t.map = norm->map;
    t.backtick = t.n && memchr(t.s, '`', t.n) != NULL;
    /* News text runs about one token per 5-6 bytes; start near that (but
     * not huge for one long word) and let the arrays double. */
    size_t est = t.n / 6 + 16;
    if (est > ((size_t)1 << 16))
        est = (size_t)1 << 16;
    if (grow(&t, (void **)&t.tok, &t.cap_tok, est, sizeof *t.tok) ||
        grow(&t, (void **)&t.w, &t.cap_w, est, sizeof *t.w))
        return CASUS_ENOMEM;

    const unsigned char *s = t.s;
    size_t p = 0, n = t.n;
    int newlines = 0;
    while (p < n && !t.err) {
        unsigned char c = s[p];
        if (c < 0x80 && (ctab[c] & C_SP)) {
            if (c == '\n' && ++newlines >= 2)
                t.squote = 0; /* quotes do not run across paragraphs */
            p++;
            continue;
        }
        newlines = 0;
        if (c < 0x80 && (ctab[c] & (C_AL | C_DG))) {
            /* A chunk of ASCII letters and digits alone (two tokens in
             * three): scan_chunk would find no URL, acronym, connector,
             * period or apostrophe in it and end up in emit_unit_piece. */
            size_t q = alnum_end(s, p + 1, n);
            if (q == n || (s[q] < 0x80 && (ctab[s[q]] & C_SP))) {
                emit_unit_piece(&t, p, q, 0);
                p = q;
                continue;
            }
            p = scan_chunk(&t, p, chunk_end(s, q, n));
            continue;
        }
        p = scan_chunk(&t, p, chunk_end(s, p + 1, n));
    }
    if (t.err)
        return t.err;
    int rc = finish(&t);
    if (rc)
        return rc;
    *tokens = t.tok;
    *n_tokens = t.n_tok;
    *words = t.w;
    *n_words = t.n_w;
    return 0;
}
