/*
 * counts.c — counted things and numeric amounts (knowledge.h; OUTPUT.md
 * "counts" and "amounts", GDELT's V2Counts and V2.1Amounts).
 *
 * Input: the text layer, the syntax layer (UPOS, XPOS, lemmas, trees) and
 * the entity layer's word_mention. Output: d->counts and d->amounts, in
 * text order. Every count is also an amount; amounts add money ("$1.2
 * billion in aid": 1.2e9 USD, object "aid"), percentages (object
 * "percent") and measures and durations ("48 hours", "3 tons of rice").
 *
 * One left-to-right pass per sentence. At each word that can start a
 * number the parser reads a number phrase:
 *   - digits with thousands commas and a decimal point, with a glued
 *     scale "30m", "2bn", "5k" (also split: "30 m" when no space between;
 *     m and k only in money, "100m sprint" is metres);
 *   - wire style "4.0 mln dlrs", "eight pct", "90 cts", "Rs 500 crore";
 *   - words one..ninety-nine ("twenty-five"), "hundred", "thousand",
 *     "million", "billion", "trillion", "a dozen", "two hundred and fifty";
 *   - vague plurals, approximate, valued at the unit they name: "dozens"
 *     12, "hundreds" 100, "thousands" 1,000, "tens of thousands" 10,000,
 *     "hundreds of thousands" 100,000, "millions" 1e6;
 *   - ranges "300 to 400", "300-400", "between 300 and 400" (count is the
 *     lower bound, count_max the upper; "2 to 3 million" scales both);
 *   - money: a symbol or code before ("$", "US$", "€", "£", "¥", "A$",
 *     "HK$", "Rs", "USD", "RMB") or a currency word after ("euros",
 *     "yuan", "won", "Saudi riyals").
 * An approximation word before the phrase sets approx: "some", "about",
 * "around", "nearly", "almost", "approximately", "roughly", "over",
 * "under", "(an) estimated", "at least", "more/less/fewer than", "up to",
 * "close to", "as many as", "upwards of".
 *
 * The counted object is read after the phrase: adjectives then the first
 * run of nouns ("intercontinental ballistic missiles"), or a partitive
 * "15 of those tests" / "tens of thousands of refugees"; for money, "in
 * aid" / "of investment" or a following noun ("a $5 million deal"). The
 * object is the text as written from its first word to its head noun.
 * The tree extends the run to the number's own head noun when the tagger
 * broke it. A phrase "40 were killed" with no noun but a typed predicate
 * is a count without object.
 *
 * The count type (GDELT's KILL, WOUND, ARREST, KIDNAP, PROTEST, REFUGEES,
 * EVACUATION, SEIZE, AFFECT) comes first from the predicate the counted
 * thing takes part in: the head of the object (or of the number) in the
 * tree, with the role checked — object or passive subject of a transitive
 * verb ("killed 40 people", "40 people were killed"), subject of an
 * intransitive one ("300 refugees fled"), any role of a state adjective
 * ("five people dead/wounded"); then a participle or adjective attached to
 * the noun ("a dozen soldiers killed", "wounded soldiers"); then the words
 * right after the object ("12 soldiers were killed"); last the noun itself
 * ("deaths", "protesters", "refugees", "hostages", "arrests").
 *
 * Not quantities (skipped): years (four bare digits 1800..2100, unless an
 * approximation word or currency comes before, or "%" after), day numbers
 * next to a month name ("June 12", "8 August", "the 8th of August"), clock
 * times ("10:30", "3 p.m."), phone-like and other tokens mixing digits
 * with letters or several separators ("555-1234", "G20"), numbers glued by
 * a hyphen to a word ("F-16", "COVID-19", "20-year-old"), numbers right
 * after a capitalised word inside a sentence ("Resolution 2231", "Flight
 * 370"), after "No."/"number"/"#", inside a name (NER tag), and "N
 * units ago" (a date: dates.c). Ordinals ("first", "12th") are no
 * cardinals, so "its first three missiles" counts three.
 *
 * Cost: one pass over the words; per number phrase a few words of
 * look-ahead and a window of 8 words around the object head for its
 * dependents. No allocation but the output (arena). Measured at 0.7 % of
 * the pipeline up to the entity stage (docs/knowledge/counts-dates.md).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/doc.h"
#include "event/coder.h"
#include "knowledge/knowledge.h"

typedef struct scan {
    casus_doc *d;
    const casus_word *w;
    const casus_word_syntax *syn; /* may be NULL */
    uint32_t lo, hi;              /* the sentence's words [lo, hi) */
    uint32_t sent;
    casus_count *counts;
    size_t n_counts, cap_counts;
    casus_amount *amounts;
    size_t n_amounts, cap_amounts;
    int rc;
} scan;

/* A number phrase: words [first, last], value (and upper bound). */
typedef struct numph {
    uint32_t first, last;
    uint32_t num_first, num_last; /* the number words alone */
    double v, vmax;
    int approx;
    const char *cur; /* ISO 4217 or NULL */
} numph;

/* ------------------------------------------------------------ words */

static const char *norm(const scan *s, uint32_t i)
{
    return s->w[i].norm;
}

static int is(const scan *s, uint32_t i, const char *word)
{
    return i >= s->lo && i < s->hi && !strcasecmp(s->w[i].norm, word);
}

static int in_list(const char *p, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (!strcasecmp(p, list[k]))
            return 1;
    return 0;
}

static int is_any(const scan *s, uint32_t i, const char *const *list)
{
    return i >= s->lo && i < s->hi && in_list(s->w[i].norm, list);
}

static int glued(const scan *s, uint32_t a, uint32_t b)
{
    return s->w[a].end == s->w[b].start;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const char *upos(const scan *s, uint32_t i)
{
    return s->syn && s->syn[i].upos ? s->syn[i].upos : "X";
}

static const char *xpos(const scan *s, uint32_t i)
{
    return s->syn && s->syn[i].xpos ? s->syn[i].xpos : "";
}

static const char *lemma(const scan *s, uint32_t i)
{
    return s->syn && s->syn[i].lemma ? s->syn[i].lemma : s->w[i].norm;
}

static const char *deprel(const scan *s, uint32_t i)
{
    return s->syn && s->syn[i].deprel ? s->syn[i].deprel : "";
}

/* The head of word i inside the sentence, or -1. */
static int64_t head(const scan *s, uint32_t i)
{
    if (!s->syn)
        return -1;
    int32_t h = s->syn[i].head;
    return h >= (int32_t)s->lo && h < (int32_t)s->hi ? h : -1;
}

static int nounish(const scan *s, uint32_t i)
{
    const char *u = upos(s, i);
    return !strcmp(u, "NOUN") || !strcmp(u, "PROPN");
}

static int adjish(const scan *s, uint32_t i)
{
    const char *u = upos(s, i), *x = xpos(s, i);
    return !strcmp(u, "ADJ") || (!strcmp(u, "VERB") && (!strcmp(x, "VBN") || !strcmp(x, "VBG")));
}

/* ------------------------------------------------------------ numbers */

/* "2,000", "1.2", "1.2bn", "30m", "5k": the value times its glued scale;
 * 0 when the token is not such a number. */
static int digits_value(const char *p, double *v)
{
    char buf[32];
    size_t n = 0, i = 0, group = 0;
    int seen_comma = 0, seen_dot = 0;
    if (!is_digit(p[0]))
        return 0;
    for (; p[i] && (is_digit(p[i]) || p[i] == ',' || p[i] == '.'); i++) {
        if (n + 1 >= sizeof buf)
            return 0;
        if (p[i] == ',') {
            if (seen_dot || (seen_comma && group != 3) || (!seen_comma && (group < 1 || group > 3)))
                return 0;
            seen_comma = 1;
            group = 0;
            continue;
        }
        if (p[i] == '.') {
            if (seen_dot || !is_digit(p[i + 1]))
                return 0;
            if (seen_comma && group != 3)
                return 0;
            seen_dot = 1;
        } else if (!seen_dot) {
            group++;
        }
        buf[n++] = p[i];
    }
    if (seen_comma && !seen_dot && group != 3)
        return 0;
    buf[n] = 0;
    double mult = 1;
    const char *suf = p + i;
    if (*suf) {
        if (!strcasecmp(suf, "m") || !strcasecmp(suf, "mn") || !strcasecmp(suf, "mln"))
            mult = 1e6;
        else if (!strcasecmp(suf, "bn") || !strcasecmp(suf, "b") || !strcasecmp(suf, "bln"))
            mult = 1e9;
        else if (!strcasecmp(suf, "k"))
            mult = 1e3;
        else if (!strcasecmp(suf, "tn") || !strcasecmp(suf, "trn"))
            mult = 1e12;
        else
            return 0;
    }
    *v = strtod(buf, NULL) * mult;
    return 1;
}

/* A scale abbreviation glued to the number before it ("30 m" from
 * "€30m"), or 0. */
static double glued_scale(const char *p)
{
    if (!strcasecmp(p, "m") || !strcasecmp(p, "mn") || !strcasecmp(p, "mln"))
        return 1e6;
    if (!strcasecmp(p, "bn") || !strcasecmp(p, "b") || !strcasecmp(p, "bln"))
        return 1e9;
    if (!strcasecmp(p, "k"))
        return 1e3;
    if (!strcasecmp(p, "tn") || !strcasecmp(p, "trn"))
        return 1e12;
    return 0;
}

/* 0..19 and the tens as words; -1 otherwise. */
static int word_value(const char *p)
{
    static const char *const SMALL[] = {
        "zero",     "one",     "two",     "three",     "four",     "five",     "six",
        "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", NULL};
    static const char *const TENS[] = {"twenty",  "thirty", "forty",  "fifty", "sixty",
                                       "seventy", "eighty", "ninety", NULL};
    for (int k = 0; SMALL[k]; k++)
        if (!strcasecmp(p, SMALL[k]))
            return k;
    for (int k = 0; TENS[k]; k++)
        if (!strcasecmp(p, TENS[k]))
            return 20 + 10 * k;
    return -1;
}

static double big_scale(const char *p)
{
    if (!strcasecmp(p, "thousand"))
        return 1e3;
    if (!strcasecmp(p, "million"))
        return 1e6;
    if (!strcasecmp(p, "billion"))
        return 1e9;
    if (!strcasecmp(p, "trillion"))
        return 1e12;
    if (!strcasecmp(p, "mln") || !strcasecmp(p, "mn"))
        return 1e6; /* wire style: "4.0 mln dlrs" */
    if (!strcasecmp(p, "bln") || !strcasecmp(p, "bn"))
        return 1e9;
    if (!strcasecmp(p, "lakh"))
        return 1e5;
    if (!strcasecmp(p, "crore"))
        return 1e7;
    return 0;
}

static double vague_value(const char *p)
{
    if (!strcasecmp(p, "dozens"))
        return 12;
    if (!strcasecmp(p, "tens"))
        return 10;
    if (!strcasecmp(p, "hundreds"))
        return 100;
    if (!strcasecmp(p, "thousands"))
        return 1e3;
    if (!strcasecmp(p, "millions"))
        return 1e6;
    if (!strcasecmp(p, "billions"))
        return 1e9;
    return 0;
}

enum { K_NONE, K_A, K_DIGIT, K_UNIT, K_TENS, K_HUNDRED, K_SCALE, K_DOZEN };

/* Reads a number at word i: returns the words it used (0: none), the
 * value, whether it is vague and whether it carries a scale word. */
static uint32_t parse_value(const scan *s, uint32_t i, int allow_vague, double *out, int *vague,
                            int *scaled, int *m_or_k)
{
    *vague = 0;
    *scaled = 0;
    *m_or_k = 0;
    if (i >= s->hi)
        return 0;
    double vg = vague_value(norm(s, i));
    if (vg > 0) {
        if (!allow_vague)
            return 0;
        uint32_t j = i + 1;
        double v = vg, vb = j + 1 < s->hi && is(s, j, "of") ? vague_value(norm(s, j + 1)) : 0;
        if (vb >= 1e3 && vb > vg) {
            v *= vb;
            j += 2;
        } else if (vg == 10) {
            return 0; /* "tens" alone */
        }
        *out = v;
        *vague = 1;
        *scaled = 1;
        return j - i;
    }
    double total = 0, cur = 0;
    int kind = K_NONE;
    uint32_t j = i;
    if (is(s, i, "a") || is(s, i, "an")) {
        if (i + 1 >= s->hi)
            return 0;
        const char *nx = norm(s, i + 1);
        if (!big_scale(nx) && strcasecmp(nx, "hundred") && strcasecmp(nx, "dozen"))
            return 0;
        kind = K_A;
        cur = 1;
        j++;
    }
    for (; j < s->hi && j - i < 16; j++) {
        const char *p = norm(s, j);
        double v, sc;
        int wv;
        if (is_digit(p[0])) {
            if (kind != K_NONE || !digits_value(p, &v))
                break;
            cur = v;
            kind = K_DIGIT;
            if (!is_digit(p[strlen(p) - 1])) { /* "1.2bn" */
                const char *suf = p;
                while (is_digit(*suf) || *suf == ',' || *suf == '.')
                    suf++;
                *m_or_k = *suf == 'm' || *suf == 'M' || *suf == 'k' || *suf == 'K';
                total += cur;
                cur = 0;
                kind = K_SCALE;
                *scaled = 1;
            }
        } else if (kind == K_DIGIT && (sc = glued_scale(p)) > 0 && glued(s, j - 1, j)) {
            *m_or_k = sc < 1e9;
            total += cur * sc;
            cur = 0;
            kind = K_SCALE;
            *scaled = 1;
        } else if ((wv = word_value(p)) >= 0) {
            if (wv < 10 && wv > 0 && kind != K_NONE && kind != K_TENS && kind != K_HUNDRED &&
                kind != K_SCALE)
                break;
            if ((wv == 0 || wv >= 10) && kind != K_NONE && kind != K_HUNDRED && kind != K_SCALE)
                break;
            cur += wv;
            kind = wv >= 20 && wv % 10 == 0 ? K_TENS : K_UNIT;
        } else if (!strcmp(p, "-") && kind == K_TENS && j + 1 < s->hi && glued(s, j - 1, j) &&
                   glued(s, j, j + 1) && word_value(norm(s, j + 1)) > 0 &&
                   word_value(norm(s, j + 1)) < 10) {
            continue; /* "twenty-five" */
        } else if (!strcasecmp(p, "hundred")) {
            if (kind != K_A && kind != K_DIGIT && kind != K_UNIT && kind != K_TENS)
                break;
            cur = (cur ? cur : 1) * 100;
            kind = K_HUNDRED;
        } else if ((sc = big_scale(p)) > 0) {
            if (kind == K_NONE || kind == K_DOZEN)
                break;
            total += (cur ? cur : 1) * sc;
            cur = 0;
            kind = K_SCALE;
            *scaled = 1;
        } else if (!strcasecmp(p, "dozen")) {
            if (kind != K_A && kind != K_DIGIT && kind != K_UNIT && kind != K_TENS)
                break;
            total += (cur ? cur : 1) * 12;
            cur = 0;
            kind = K_DOZEN;
        } else if (!strcasecmp(p, "and") && (kind == K_HUNDRED || kind == K_SCALE) &&
                   j + 1 < s->hi && word_value(norm(s, j + 1)) > 0 &&
                   !is_digit(norm(s, j + 1)[0])) {
            continue; /* "two hundred and fifty" */
        } else {
            break;
        }
    }
    if (kind == K_NONE || kind == K_A)
        return 0;
    while (j > i && (is(s, j - 1, "and") || is(s, j - 1, "-")))
        j--;
    *out = total + cur;
    return j - i;
}

/* ------------------------------------------------------------ currency */

typedef struct curword {
    const char *word, *code;
} curword;

typedef struct curafter {
    const char *word, *code;
    double factor; /* 0.01 for cents and pence */
} curafter;

/* Symbols and codes before the number. */
static const curword CUR_BEFORE[] = {
    {"$", "USD"},   {"€", "EUR"},   {"£", "GBP"},   {"¥", "JPY"},   {"₹", "INR"},   {"₩", "KRW"},
    {"₽", "RUB"}, {"₺", "TRY"},   {"₪", "ILS"},   {"USD", "USD"}, {"EUR", "EUR"}, {"GBP", "GBP"},
    {"JPY", "JPY"}, {"CNY", "CNY"}, {"RMB", "CNY"}, {"INR", "INR"}, {"RUB", "RUB"}, {"KRW", "KRW"},
    {"IRR", "IRR"}, {"Rs", "INR"},  {"Rs.", "INR"}, {"CHF", "CHF"}, {NULL, NULL}};

/* Letters glued before "$". */
static const curword DOLLAR_PREFIX[] = {
    {"US", "USD"}, {"U.S.", "USD"}, {"A", "AUD"}, {"AU", "AUD"}, {"C", "CAD"},
    {"CA", "CAD"}, {"HK", "HKD"},   {"S", "SGD"}, {"NT", "TWD"}, {"NZ", "NZD"},
    {"R", "BRL"},  {"Mex", "MXN"},  {NULL, NULL}};

/* Currency words after the number (singular; a final "s" is allowed). */
static const curafter CUR_AFTER[] = {
    {"dollar", "USD", 1},  {"euro", "EUR", 1},     {"pound", "GBP", 1},    {"sterling", "GBP", 1},
    {"yuan", "CNY", 1},    {"renminbi", "CNY", 1}, {"yen", "JPY", 1},      {"won", "KRW", 1},
    {"ruble", "RUB", 1},   {"rouble", "RUB", 1},   {"rial", "IRR", 1},     {"riyal", "SAR", 1},
    {"rupee", "INR", 1},   {"lira", "TRY", 1},     {"shekel", "ILS", 1},   {"franc", "CHF", 1},
    {"peso", "MXN", 1},    {"hryvnia", "UAH", 1},  {"dinar", "IQD", 1},    {"naira", "NGN", 1},
    {"rand", "ZAR", 1},    {"baht", "THB", 1},     {"ringgit", "MYR", 1},  {"rupiah", "IDR", 1},
    {"USD", "USD", 1},     {"EUR", "EUR", 1},      {"GBP", "GBP", 1},      {"CNY", "CNY", 1},
    {"RMB", "CNY", 1},     {"JPY", "JPY", 1},      {"dlr", "USD", 1},      {"dl", "USD", 1},
    {"cent", "USD", 0.01}, {"ct", "USD", 0.01},    {"pence", "GBP", 0.01}, {NULL, NULL, 0}};

/* An adjective that names whose currency the word after is. */
typedef struct natcur {
    const char *adj, *word, *code;
} natcur;

static const natcur NAT_CUR[] = {{"canadian", "dollar", "CAD"},
                                 {"australian", "dollar", "AUD"},
                                 {"singapore", "dollar", "SGD"},
                                 {"taiwan", "dollar", "TWD"},
                                 {"taiwanese", "dollar", "TWD"},
                                 {"zimbabwean", "dollar", "ZWL"},
                                 {"pakistani", "rupee", "PKR"},
                                 {"indian", "rupee", "INR"},
                                 {"egyptian", "pound", "EGP"},
                                 {"syrian", "pound", "SYP"},
                                 {"lebanese", "pound", "LBP"},
                                 {"saudi", "riyal", "SAR"},
                                 {"qatari", "riyal", "QAR"},
                                 {"iranian", "rial", "IRR"},
                                 {"swiss", "franc", "CHF"},
                                 {"mexican", "peso", "MXN"},
                                 {"philippine", "peso", "PHP"},
                                 {"argentine", "peso", "ARS"},
                                 {"turkish", "lira", "TRY"},
                                 {"chinese", "yuan", "CNY"},
                                 {"japanese", "yen", "JPY"},
                                 {"korean", "won", "KRW"},
                                 {"russian", "ruble", "RUB"},
                                 {"russian", "rouble", "RUB"},
                                 {"iraqi", "dinar", "IQD"},
                                 {"jordanian", "dinar", "JOD"},
                                 {"kuwaiti", "dinar", "KWD"},
                                 {"israeli", "shekel", "ILS"},
                                 {"ukrainian", "hryvnia", "UAH"},
                                 {"nigerian", "naira", "NGN"},
                                 {NULL, NULL, NULL}};

/* Does p name currency word w (exactly, or with a final "s")? */
static int cur_match(const char *p, const char *w)
{
    size_t n = strlen(w);
    return !strncasecmp(p, w, n) && (!p[n] || ((p[n] == 's' || p[n] == 'S') && !p[n + 1]));
}

static const char *currency_word(const scan *s, uint32_t i, double *factor)
{
    const char *p = norm(s, i);
    for (int k = 0; CUR_AFTER[k].word; k++)
        if (cur_match(p, CUR_AFTER[k].word)) {
            *factor = CUR_AFTER[k].factor;
            return CUR_AFTER[k].code;
        }
    return NULL;
}

/* A currency symbol or code at word i followed by a number: the code, and
 * in *first the phrase's first word ("US" of "US$"). */
static const char *currency_before(const scan *s, uint32_t i, uint32_t *first)
{
    const char *p = norm(s, i), *code = NULL;
    for (int k = 0; CUR_BEFORE[k].word && !code; k++)
        if (!strcmp(p, CUR_BEFORE[k].word))
            code = CUR_BEFORE[k].code;
    if (!code || i + 1 >= s->hi || !is_digit(norm(s, i + 1)[0]))
        return NULL;
    *first = i;
    if (!strcmp(p, "$") && i > s->lo && glued(s, i - 1, i))
        for (int k = 0; DOLLAR_PREFIX[k].word; k++)
            if (!strcmp(norm(s, i - 1), DOLLAR_PREFIX[k].word)) {
                code = DOLLAR_PREFIX[k].code;
                *first = i - 1;
                break;
            }
    return code;
}

/* ------------------------------------------------------------ context */

/* Is there an approximation word before word i? */
static int approx_before(const scan *s, uint32_t i)
{
    static const char *const ONE[] = {"some",          "about",   "around", "nearly", "almost",
                                      "approximately", "roughly", "over",   "under",  "estimated",
                                      "approx.",       "circa",   "~",      NULL};
    if (i <= s->lo)
        return 0;
    if (is_any(s, i - 1, ONE))
        return 1;
    if (i < s->lo + 2)
        return 0;
    if (is(s, i - 1, "least") && is(s, i - 2, "at"))
        return 1;
    if (is(s, i - 1, "than") &&
        (is(s, i - 2, "more") || is(s, i - 2, "less") || is(s, i - 2, "fewer")))
        return 1;
    if (is(s, i - 1, "to") && (is(s, i - 2, "up") || is(s, i - 2, "close")))
        return 1;
    if (is(s, i - 1, "of") && is(s, i - 2, "upwards"))
        return 1;
    if (is(s, i - 1, "as") && (is(s, i - 2, "many") || is(s, i - 2, "much")))
        return 1;
    return 0;
}

static int month_word(const scan *s, uint32_t i)
{
    if (i < s->lo || i >= s->hi)
        return 0;
    unsigned char c = (unsigned char)s->w[i].form[0];
    return c >= 'A' && c <= 'Z' && when_month_name(norm(s, i));
}

/* Is the number phrase [i, last] no quantity (header comment)? */
static int not_quantity(const scan *s, uint32_t i, uint32_t last, int has_cur)
{
    const char *p = norm(s, i);
    static const char *const NAME_BEFORE[] = {"no.", "no", "number", "#", "nos.", NULL};
    static const char *const CLOCK[] = {"a.m.", "p.m.",    "am",  "pm",  "gmt",
                                        "utc",  "o'clock", "a.m", "p.m", NULL};
    /* glued by a hyphen: "F-16", "20-year-old" */
    if (i >= s->lo + 2 && is(s, i - 1, "-") && glued(s, i - 1, i) && glued(s, i - 2, i - 1) &&
        is_alpha(norm(s, i - 2)[0]))
        return 1;
    if (last + 2 < s->hi && is(s, last + 1, "-") && glued(s, last, last + 1) &&
        glued(s, last + 1, last + 2) && is_alpha(norm(s, last + 2)[0]) &&
        word_value(norm(s, last + 2)) < 0)
        return 1;
    /* dates */
    if (month_word(s, (uint32_t)(i - 1)) || month_word(s, last + 1) ||
        (is(s, last + 1, "of") && month_word(s, last + 2)))
        return 1;
    if (last + 1 < s->hi && is_any(s, last + 1, CLOCK))
        return 1;
    if (is_digit(p[0]) && i > s->lo && is_any(s, i - 1, NAME_BEFORE))
        return 1;
    /* inside a name (the NER tags; nominal mentions such as "40 people"
     * are no names) */
    if (s->d->ner && s->d->ner[i])
        return 1;
    if (has_cur)
        return 0;
    int approx = approx_before(s, i);
    if (strlen(p) == 4 && is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3])) {
        int y = atoi(p);
        if (y >= 1800 && y <= 2100 && !approx && !is(s, last + 1, "%") &&
            !is(s, last + 1, "percent"))
            return 1; /* a year */
    }
    /* "Resolution 2231": a capitalised word inside the sentence */
    if (is_digit(p[0]) && i > s->lo + 1 && !approx) {
        unsigned char c = (unsigned char)s->w[i - 1].form[0];
        if (c >= 'A' && c <= 'Z')
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ objects */

static const char *const TIME_UNITS[] = {
    "second",  "seconds",   "minute", "minutes", "hour",    "hours",    "day",    "days",
    "week",    "weeks",     "month",  "months",  "year",    "years",    "decade", "decades",
    "century", "centuries", "night",  "nights",  "weekend", "weekends", NULL};

static const char *const MEASURES[] = {
    "percent",   "%",      "pct",       "km",      "kilometres", "kilometers", "kilometre",
    "kilometer", "mile",   "miles",     "metre",   "metres",     "meter",      "meters",
    "m",         "feet",   "foot",      "inch",    "inches",     "kg",         "kilogram",
    "kilograms", "kilos",  "ton",       "tons",    "tonne",      "tonnes",     "barrel",
    "barrels",   "acre",   "acres",     "hectare", "hectares",   "degree",     "degrees",
    "mph",       "gallon", "gallons",   "litre",   "litres",     "liter",      "liters",
    "times",     "point",  "points",    "cm",      "mm",         "lb",         "lbs",
    "megawatts", "mw",     "gigawatts", "bpd",     "sq",         "square",     "cubic",
    NULL};

/* The object run at word k: adjectives, then nouns up to the first word
 * that is no noun. Returns 1 and [*first, *last] (last the head). */
static int object_run(const scan *s, uint32_t k, uint32_t *first, uint32_t *last)
{
    static const char *const STOP[] = {"last", "next", "this", "past", "ago",
                                       "more", "less", "than", "such", NULL};
    if (k >= s->hi || is_any(s, k, STOP))
        return 0;
    int64_t hd = -1;
    for (uint32_t j = k; j < s->hi && j - k < 8; j++) {
        if (is(s, j, "-") && hd < 0 && j > k && j + 1 < s->hi && glued(s, j - 1, j) &&
            glued(s, j, j + 1))
            continue;
        if (nounish(s, j)) {
            if (hd >= 0 && s->syn) {
                const char *x = xpos(s, (uint32_t)hd);
                if (!strcmp(x, "NNS") || !strcmp(x, "NNPS"))
                    break; /* a plural noun ends the phrase */
            }
            if (hd >= 0 && s->d->ner && s->d->ner[j] && !s->d->ner[hd])
                break; /* "politicians Lee Cheuk" */
            hd = j;
            continue;
        }
        if (hd >= 0)
            break;
        if (!adjish(s, j))
            break;
    }
    if (hd < 0)
        return 0;
    *first = k;
    *last = (uint32_t)hd;
    return 1;
}

/* The partitive object "of (those|the|its ...) tests" at word k ("of"). */
static int partitive(const scan *s, uint32_t k, uint32_t *first, uint32_t *last)
{
    static const char *const DET[] = {"the", "those", "these", "its", "their", "his",
                                      "her", "our",   "your",  "my",  "whom",  NULL};
    if (!is(s, k, "of"))
        return 0;
    k++;
    if (is_any(s, k, DET))
        k++;
    if (k >= s->hi || !strcmp(xpos(s, k), "JJS") || is(s, k, "most"))
        return 0; /* "one of the largest" */
    if (!object_run(s, k, first, last))
        return 0;
    /* "15 of those tests", not "three of Digimon" */
    return !s->syn || !strcmp(xpos(s, *last), "NNS") || !strcmp(xpos(s, *last), "NNPS");
}

/* ------------------------------------------------------------ count types */

typedef struct typeword {
    const char *lemma, *type;
    char role; /* 'T' transitive: object or passive subject; 'I' subject; 'A' any */
} typeword;

static const typeword PREDICATES[] = {{"kill", "KILL", 'T'},
                                      {"murder", "KILL", 'T'},
                                      {"slay", "KILL", 'T'},
                                      {"execute", "KILL", 'T'},
                                      {"massacre", "KILL", 'T'},
                                      {"behead", "KILL", 'T'},
                                      {"assassinate", "KILL", 'T'},
                                      {"slaughter", "KILL", 'T'},
                                      {"die", "KILL", 'I'},
                                      {"perish", "KILL", 'I'},
                                      {"dead", "KILL", 'A'},
                                      {"killed", "KILL", 'A'},
                                      {"wound", "WOUND", 'T'},
                                      {"injure", "WOUND", 'T'},
                                      {"hurt", "WOUND", 'T'},
                                      {"maim", "WOUND", 'T'},
                                      {"wounded", "WOUND", 'A'},
                                      {"injured", "WOUND", 'A'},
                                      {"arrest", "ARREST", 'T'},
                                      {"detain", "ARREST", 'T'},
                                      {"jail", "ARREST", 'T'},
                                      {"imprison", "ARREST", 'T'},
                                      {"apprehend", "ARREST", 'T'},
                                      {"arrested", "ARREST", 'A'},
                                      {"detained", "ARREST", 'A'},
                                      {"kidnap", "KIDNAP", 'T'},
                                      {"abduct", "KIDNAP", 'T'},
                                      {"kidnapped", "KIDNAP", 'A'},
                                      {"abducted", "KIDNAP", 'A'},
                                      {"protest", "PROTEST", 'I'},
                                      {"demonstrate", "PROTEST", 'I'},
                                      {"rally", "PROTEST", 'I'},
                                      {"march", "PROTEST", 'I'},
                                      {"flee", "REFUGEES", 'I'},
                                      {"fle", "REFUGEES", 'I'},
                                      {"displace", "REFUGEES", 'T'},
                                      {"uproot", "REFUGEES", 'T'},
                                      {"displaced", "REFUGEES", 'A'},
                                      {"evacuate", "EVACUATION", 'T'},
                                      {"evacuated", "EVACUATION", 'A'},
                                      {"seize", "SEIZE", 'T'},
                                      {"confiscate", "SEIZE", 'T'},
                                      {"impound", "SEIZE", 'T'},
                                      {"affect", "AFFECT", 'T'},
                                      {"strand", "AFFECT", 'T'},
                                      {"homeless", "AFFECT", 'A'},
                                      {NULL, NULL, 0}};

static const typeword NOUNS[] = {{"death", "KILL", 'A'},
                                 {"fatality", "KILL", 'A'},
                                 {"casualty", "KILL", 'A'},
                                 {"body", "KILL", 'A'},
                                 {"dead", "KILL", 'A'},
                                 {"injury", "WOUND", 'A'},
                                 {"wounded", "WOUND", 'A'},
                                 {"injured", "WOUND", 'A'},
                                 {"arrest", "ARREST", 'A'},
                                 {"detainee", "ARREST", 'A'},
                                 {"hostage", "KIDNAP", 'A'},
                                 {"abductee", "KIDNAP", 'A'},
                                 {"captive", "KIDNAP", 'A'},
                                 {"protester", "PROTEST", 'A'},
                                 {"protestor", "PROTEST", 'A'},
                                 {"demonstrator", "PROTEST", 'A'},
                                 {"marcher", "PROTEST", 'A'},
                                 {"refugee", "REFUGEES", 'A'},
                                 {"evacuee", "EVACUATION", 'A'},
                                 {"evacuation", "EVACUATION", 'A'},
                                 {NULL, NULL, 0}};

static const typeword *find_type(const typeword *t, const char *l)
{
    for (int k = 0; t[k].lemma; k++)
        if (!strcasecmp(l, t[k].lemma))
            return &t[k];
    return NULL;
}

/* The type of word w's predicate p when w stands in relation rel to it. */
static const char *predicate_type(const scan *s, uint32_t p, const char *rel)
{
    const typeword *t = find_type(PREDICATES, lemma(s, p));
    if (!t)
        t = find_type(PREDICATES, norm(s, p));
    if (!t)
        return NULL;
    if (t->role == 'A')
        return t->type;
    if (t->role == 'T' && (!strncmp(rel, "obj", 3) || !strcmp(rel, "nsubj:pass")))
        return t->type;
    if (t->role == 'I' && !strcmp(rel, "nsubj"))
        return t->type;
    return NULL;
}

/* A participle or adjective attached to w ("soldiers killed", "wounded
 * soldiers"), looked for in a window around w. */
static const char *modifier_type(const scan *s, uint32_t w)
{
    uint32_t a = w >= s->lo + 8 ? w - 8 : s->lo, b = w + 9 < s->hi ? w + 9 : s->hi;
    for (uint32_t c = a; c < b; c++) {
        if (head(s, c) != (int64_t)w)
            continue;
        const char *rel = deprel(s, c);
        if (strncmp(rel, "acl", 3) && strcmp(rel, "amod"))
            continue;
        const typeword *t = find_type(PREDICATES, lemma(s, c));
        if (!t)
            t = find_type(PREDICATES, norm(s, c));
        if (!t)
            continue;
        if (t->role == 'A' || t->role == 'I' || !strcmp(xpos(s, c), "VBN"))
            return t->type;
    }
    return NULL;
}

/* Has word w an object among its dependents (in a window around it)? */
static int has_object(const scan *s, uint32_t w)
{
    uint32_t a = w >= s->lo + 8 ? w - 8 : s->lo, b = w + 9 < s->hi ? w + 9 : s->hi;
    for (uint32_t c = a; c < b; c++)
        if (head(s, c) == (int64_t)w && !strncmp(deprel(s, c), "obj", 3))
            return 1;
    return 0;
}

/* The words right after the object: "(were|have been) killed", "fled". */
static const char *following_type(const scan *s, uint32_t k)
{
    static const char *const AUX[] = {"were", "was",  "are",        "is",    "have", "has",
                                      "had",  "been", "reportedly", "later", "also", NULL};
    for (int n = 0; n < 3 && is_any(s, k, AUX); n++)
        k++;
    if (k >= s->hi)
        return NULL;
    const char *x = xpos(s, k);
    /* the lemma ("killed" VBN -> kill), then the form as an adjective
     * ("238 injured" read as VBD), unless the verb has an object of its
     * own ("gunmen killed nine villagers") */
    for (int pass = 0; pass < 1 + !has_object(s, k); pass++) {
        const typeword *t = find_type(PREDICATES, pass ? norm(s, k) : lemma(s, k));
        if (t && (t->role == 'A' || (t->role == 'T' && !strcmp(x, "VBN")) ||
                  (t->role == 'I' && x[0] == 'V')))
            return t->type;
    }
    return NULL;
}

static const char *count_type(const scan *s, int64_t obj_first, int64_t obj_head, uint32_t num,
                              uint32_t after)
{
    const char *t = NULL;
    int64_t who = obj_head >= 0 ? obj_head : (int64_t)num;
    int64_t p = head(s, (uint32_t)who);
    if (p >= 0)
        t = predicate_type(s, (uint32_t)p, deprel(s, (uint32_t)who));
    if (!t && obj_head >= 0) {
        p = head(s, num); /* "15 of those soldiers were killed" */
        if (p >= 0 && p != obj_head)
            t = predicate_type(s, (uint32_t)p, deprel(s, num));
    }
    if (!t)
        t = modifier_type(s, (uint32_t)who);
    if (!t)
        t = following_type(s, after);
    if (!t && obj_head >= 0)
        for (int64_t k = obj_first; k < obj_head && !t; k++) {
            const typeword *tw = find_type(PREDICATES, lemma(s, (uint32_t)k));
            if (tw && tw->role == 'A')
                t = tw->type;
        }
    if (!t && obj_head >= 0) {
        const typeword *tw = find_type(NOUNS, lemma(s, (uint32_t)obj_head));
        if (!tw)
            tw = find_type(NOUNS, norm(s, (uint32_t)obj_head));
        if (tw)
            t = tw->type;
    }
    return t;
}

/* ------------------------------------------------------------ output */

/* The text of words [a, b] with white space runs folded to one space;
 * owned by the arena. */
static const char *span_text(scan *s, uint32_t a, uint32_t b)
{
    const char *text = s->d->article->text;
    uint32_t start = s->w[a].start, end = s->w[b].end;
    char *out = arena_alloc(&s->d->mem, (size_t)(end - start) + 1);
    if (!out) {
        s->rc = CASUS_ENOMEM;
        return NULL;
    }
    size_t n = 0;
    int space = 0;
    for (uint32_t k = start; k < end; k++) {
        char c = text[k];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = 1;
            continue;
        }
        if (space && n)
            out[n++] = ' ';
        space = 0;
        out[n++] = c;
    }
    out[n] = 0;
    return out;
}

static void *grow(scan *s, void **arr, size_t *n, size_t *cap, size_t size)
{
    if (s->rc)
        return NULL;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        void *a = arena_array(&s->d->mem, nc, size);
        if (!a) {
            s->rc = CASUS_ENOMEM;
            return NULL;
        }
        if (*n)
            memcpy(a, *arr, *n * size);
        *arr = a;
        *cap = nc;
    }
    return (char *)*arr + (*n)++ * size;
}

static void emit_amount(scan *s, const numph *np, const char *object, uint32_t end_word)
{
    casus_amount *a = grow(s, (void **)&s->amounts, &s->n_amounts, &s->cap_amounts, sizeof *a);
    if (!a)
        return;
    memset(a, 0, sizeof *a);
    a->amount = np->v;
    a->currency = np->cur;
    a->object = object;
    a->start = s->w[np->first].start;
    a->end = s->w[end_word].end;
    a->sentence = s->sent;
}

static void emit_count(scan *s, const numph *np, const char *object, const char *type,
                       uint32_t end_word)
{
    casus_count *c = grow(s, (void **)&s->counts, &s->n_counts, &s->cap_counts, sizeof *c);
    if (!c)
        return;
    memset(c, 0, sizeof *c);
    c->count = np->v;
    c->count_max = np->vmax;
    c->approx = np->approx;
    c->object = object;
    c->type = type;
    c->start = s->w[np->first].start;
    c->end = s->w[end_word].end;
    c->sentence = s->sent;
}

/* ------------------------------------------------------------ phrases */

/* Could word i start a number phrase? A cheap test before the parser:
 * digits, symbols, "a"/"an" before a scale word, and (with the tagger)
 * cardinals, vague plurals and upper-case currency codes. */
static int may_start(const scan *s, uint32_t i)
{
    const char *p = norm(s, i);
    unsigned char c = (unsigned char)p[0];
    if (is_digit((char)c) || c == '$' || c >= 0x80)
        return 1;
    if ((c == 'a' || c == 'A') && (!p[1] || ((p[1] == 'n' || p[1] == 'N') && !p[2])))
        return i + 1 < s->hi && strchr("htmbdHTMBD", norm(s, i + 1)[0]) != NULL;
    if (!s->syn)
        return c && strchr("zotfsenhdmbZOTFSENHDMBUEGJCIRK", c) != NULL;
    if (!strcmp(upos(s, i), "NUM"))
        return 1;
    if (c >= 'A' && c <= 'Z' && (strlen(p) == 3 || !strcmp(p, "Rs") || !strcmp(p, "Rs.")))
        return 1;
    size_t n = strlen(p);
    return n >= 4 && (p[n - 1] == 's' || p[n - 1] == 'S') && strchr("dthmbDTHMB", c) != NULL;
}

/* Reads the number phrase at i into np; returns the words it used from i
 * (0: no number here). */
static uint32_t read_phrase(scan *s, uint32_t i, numph *np)
{
    memset(np, 0, sizeof *np);
    uint32_t first = i, j = i;
    const char *cur = currency_before(s, i, &first);
    if (cur)
        j = i + 1;
    else if (!is_digit(norm(s, i)[0]) && strlen(norm(s, i)) > 9)
        return 0;
    double v;
    int vague, scaled, m_or_k, m_or_k2 = 0;
    uint32_t n = parse_value(s, j, 1, &v, &vague, &scaled, &m_or_k);
    if (!n)
        return 0;
    uint32_t last = j + n - 1;
    np->first = first;
    np->num_first = j;
    np->num_last = last;
    np->v = np->vmax = v;
    np->approx = vague || approx_before(s, first);
    /* a range */
    uint32_t k = last + 1;
    int between = j > s->lo && is(s, j - 1, "between");
    int dash = k + 1 < s->hi && (is(s, k, "-") || is(s, k, "–")) && glued(s, last, k) &&
               glued(s, k, k + 1);
    if (!vague && k + 1 < s->hi &&
        (dash || (!between && is(s, k, "to")) || (between && is(s, k, "and")))) {
        double v2;
        int vague2, scaled2;
        uint32_t k2 = k + 1;
        if (cur && !strcmp(norm(s, k2), norm(s, i)))
            k2++; /* "$300 to $400" */
        uint32_t n2 = k2 < s->hi ? parse_value(s, k2, 0, &v2, &vague2, &scaled2, &m_or_k2) : 0;
        if (n2) {
            double lo = v;
            if (scaled2 && !scaled)
                for (double m = 1e12; m >= 1e3; m /= 1e3)
                    if (lo * m <= v2) {
                        lo *= m;
                        break;
                    }
            if (v2 > lo) {
                np->v = lo;
                np->vmax = v2;
                last = k2 + n2 - 1;
                np->num_last = last;
            } else if (dash) {
                np->v = 0; /* a score "3-1": no quantity */
                np->last = np->num_last = k2 + n2 - 1;
                return k2 + n2 - i;
            }
        }
    }
    /* a currency word after */
    if (!cur && last + 1 < s->hi) {
        uint32_t c = last + 1;
        double factor = 1;
        const char *code = currency_word(s, c, &factor);
        if (!code && c + 1 < s->hi) {
            const char *adj = norm(s, c);
            for (int q = 0; NAT_CUR[q].adj && !code; q++)
                if (!strcasecmp(adj, NAT_CUR[q].adj) &&
                    cur_match(norm(s, c + 1), NAT_CUR[q].word)) {
                    code = NAT_CUR[q].code;
                    c++;
                }
        } else if (code && !strcasecmp(norm(s, c), "won") && !scaled && v < 1000) {
            code = NULL; /* "three won" */
        } else if (code && cur_match(norm(s, c), "pound") && is(s, c + 1, "of")) {
            code = NULL; /* "500 pounds of explosives" */
        }
        if (code) {
            cur = code;
            last = c;
            np->v *= factor;
            np->vmax *= factor;
        }
    }
    np->cur = cur;
    np->last = last;
    if ((m_or_k || m_or_k2) && !cur)
        np->v = 0; /* "100m" without currency: metres, not millions */
    return last - i + 1;
}

/* Reads and reports the phrase at word i; returns the word to go on from. */
static uint32_t phrase_at(scan *s, uint32_t i)
{
    static const char *const NOT_ONE[] = {"no",  "any",  "every", "each",
                                          "the", "this", "that",  NULL};
    numph np;
    uint32_t used = may_start(s, i) ? read_phrase(s, i, &np) : 0;
    if (!used)
        return i + 1;
    uint32_t next = i + used;
    if (not_quantity(s, np.num_first, np.num_last, np.cur != NULL) || np.v <= 0)
        return next;
    if (np.num_first == np.num_last && is(s, np.num_first, "one") &&
        is_any(s, np.num_first - 1, NOT_ONE))
        return next; /* "no one", "the one" */
    uint32_t k = np.last + 1, of = 0, ol = 0;
    int has_obj = 0, percent = 0;
    if (k < s->hi && (is(s, k, "%") || is(s, k, "percent") || is(s, k, "pct") ||
                      (is(s, k, "per") && is(s, k + 1, "cent")))) {
        percent = 1;
        ol = is(s, k, "per") ? k + 1 : k;
        of = k;
    } else if (np.cur) {
        if (is(s, k, "in") || is(s, k, "of") || is(s, k, "for") ||
            (is(s, k, "worth") && is(s, k + 1, "of")))
            has_obj = object_run(s, is(s, k, "worth") ? k + 2 : k + 1, &of, &ol);
        if (!has_obj)
            has_obj = object_run(s, k, &of, &ol);
    } else {
        if (is(s, k, "of"))
            has_obj = !(np.num_first == np.num_last && is(s, np.num_first, "one")) &&
                      partitive(s, k, &of, &ol);
        else
            has_obj = object_run(s, k, &of, &ol);
        if (has_obj && !is(s, k, "of")) {
            /* the tree's head noun when the tagger broke the run */
            int64_t h = head(s, np.num_last);
            if (h > (int64_t)ol && h < (int64_t)ol + 4 && nounish(s, (uint32_t)h) &&
                !strncmp(deprel(s, np.num_last), "nummod", 6)) {
                int ok = 1;
                for (uint32_t q = ol + 1; q < (uint32_t)h; q++)
                    ok &= adjish(s, q) || nounish(s, q);
                if (ok)
                    ol = (uint32_t)h;
            }
        }
    }
    if (percent) {
        emit_amount(s, &np, "percent", ol);
        return ol + 1;
    }
    if (has_obj && is(s, ol + 1, "ago"))
        return ol + 2; /* a date (dates.c) */
    if (np.cur) {
        const char *obj = has_obj ? span_text(s, of, ol) : NULL;
        emit_amount(s, &np, obj, has_obj ? ol : np.last);
        return has_obj ? ol + 1 : next;
    }
    if (!has_obj) {
        /* "40 were killed": a typed count without object */
        const char *t = count_type(s, -1, -1, np.num_last, np.last + 1);
        if (t && !is(s, np.last + 1, "of"))
            emit_count(s, &np, NULL, t, np.last);
        return next;
    }
    int unit = in_list(norm(s, ol), TIME_UNITS) || in_list(norm(s, ol), MEASURES);
    if (unit && is(s, ol + 1, "of")) {
        uint32_t f2, l2;
        if (object_run(s, ol + 2, &f2, &l2))
            ol = l2; /* "3 tons of rice" */
    }
    const char *obj = span_text(s, of, ol);
    if (!unit)
        emit_count(s, &np, obj, count_type(s, of, ol, np.num_last, ol + 1), ol);
    emit_amount(s, &np, obj, ol);
    return ol + 1;
}

/* Every phrase moves the scan forward, so the pass is linear. */
static void scan_sentence(scan *s)
{
    uint32_t i = s->lo;
    while (i < s->hi && !s->rc) {
        uint32_t next = phrase_at(s, i);
        i = next > i ? next : i + 1;
    }
}

int kn_counts(struct casus_doc *d)
{
    scan s;
    memset(&s, 0, sizeof s);
    s.d = d;
    s.w = d->words;
    s.syn = d->syn;
    for (size_t k = 0; k < d->n_sentences && !s.rc; k++) {
        kn_sentence_span(d, k, &s.lo, &s.hi);
        s.sent = (uint32_t)k;
        scan_sentence(&s);
    }
    if (s.rc)
        return s.rc;
    d->counts = s.counts;
    d->n_counts = s.n_counts;
    d->amounts = s.amounts;
    d->n_amounts = s.n_amounts;
    return 0;
}
