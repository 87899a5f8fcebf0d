/*
 * dates.c — date expressions and what they resolve to against the article
 * date (knowledge.h; OUTPUT.md "dates", GDELT's V2.1Dates).
 *
 * Input: the text layer (words, sentences), the syntax layer's UPOS when
 * present, and the article's date. Output: d->dates, in text order, each
 * expression once, resolved to "YYYY", "YYYY-MM" or "YYYY-MM-DD" with its
 * resolution.
 *
 * What is read (one left-to-right pass per sentence; each matcher looks at
 * a few words around the current one, so the work is linear):
 *   - full and partial calendar dates: "August 8, 2018", "8 August 2018",
 *     "the 8th of August", "Aug. 8", "June 12", "September 2017",
 *     "in September", "last September", "next March";
 *   - years "2017" (1800..2100, four bare digits), decades "the 1990s",
 *     "the '90s", centuries "the 20th century", "the nineteenth century";
 *   - weekdays "Tuesday", "last Tuesday", "next Friday";
 *   - "yesterday", "today", "tonight", "tomorrow", "last night",
 *     "this morning/afternoon/evening";
 *   - "last/this/next year|month|week", "earlier/later this year|month";
 *   - "N days|weeks|months|years|decades ago" (N in digits or words, "a").
 *
 * Resolution, as the event coder does it (src/event/when.c): news reports
 * the past, so a month or day without a year is the latest one on or
 * before the article's date, a bare weekday the latest such day on or
 * before it (the article's own day included), "last Tuesday" the one
 * before that when it is today. "next ..." names the future. Only what the
 * words fix is claimed: "in September" is month resolution, "two decades
 * ago" year resolution (2018 - 20 = 1998), "N days/weeks ago" day
 * resolution, "last/this/next week" month resolution (the month of the day
 * a week before/after, like when.c), "the 1990s" decade ("1990"), "the
 * 20th century" century ("1900"). Without an article date only what the
 * text fixes by itself is kept: explicit years, dates with a year,
 * decades and centuries; relative expressions are skipped.
 *
 * Spans cover the expression without the preposition or article before it
 * ("on Tuesday" -> "Tuesday", "the 1990s" -> "1990s", "in 2017" -> "2017")
 * but with the words that change its meaning ("last Tuesday", "earlier
 * this month", "two years ago").
 *
 * Guards against numbers that are not dates: a four-digit year is not
 * taken after an approximation word or currency ("some 2000 soldiers",
 * "$2017") or before "%"/"percent"; "May" and "March" are taken only when
 * capitalised and next to a day, year, or a preposition or modifier of
 * time ("in May", "since March"); month abbreviations ("Jan", "Dec.") only
 * next to a day or year. Unused: seasons ("last summer"), spans ("from
 * 2010 to 2015" gives two years), clock times, "the past year".
 *
 * Cost: a few string compares per word; 0.45 % of the pipeline up to the
 * entity stage (docs/knowledge/counts-dates.md).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/doc.h"
#include "event/coder.h"
#include "knowledge/knowledge.h"

typedef enum res { R_DAY, R_MONTH, R_YEAR, R_DECADE, R_CENTURY } res;

static const char *const RES_NAME[] = {"day", "month", "year", "decade", "century"};

typedef struct scan {
    casus_doc *d;
    const casus_word *w;
    uint32_t lo, hi; /* the sentence's words [lo, hi) */
    uint32_t sent;
    int has_art; /* the article has a date */
    when_date art;
    long today; /* days since 1970 of the article date */
    casus_date_expr *out;
    size_t n, cap;
    int rc;
} scan;

/* ------------------------------------------------------------ words */

static const char *norm(const scan *s, uint32_t i)
{
    return s->w[i].norm;
}

static int is(const scan *s, uint32_t i, const char *word)
{
    return i < s->hi && !strcasecmp(s->w[i].norm, word);
}

static int is_any(const scan *s, uint32_t i, const char *const *list)
{
    if (i >= s->hi)
        return 0;
    for (int k = 0; list[k]; k++)
        if (!strcasecmp(s->w[i].norm, list[k]))
            return 1;
    return 0;
}

static int upper_initial(const scan *s, uint32_t i)
{
    unsigned char c = (unsigned char)s->w[i].form[0];
    return c >= 'A' && c <= 'Z';
}

static int all_digits(const char *p, size_t n)
{
    if (!n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (p[k] < '0' || p[k] > '9')
            return 0;
    return 1;
}

/* A day of the month, "12", "12th", "1st", or 0. */
static int day_num(const scan *s, uint32_t i)
{
    if (i >= s->hi)
        return 0;
    const char *p = norm(s, i);
    size_t n = strlen(p), digits = 0;
    while (digits < n && p[digits] >= '0' && p[digits] <= '9')
        digits++;
    if (digits < 1 || digits > 2)
        return 0;
    const char *suf = p + digits;
    if (*suf && strcasecmp(suf, "st") && strcasecmp(suf, "nd") && strcasecmp(suf, "rd") &&
        strcasecmp(suf, "th"))
        return 0;
    int v = atoi(p);
    return v >= 1 && v <= 31 ? v : 0;
}

/* Four bare digits in [lo, hi], else 0. */
static int year_num(const scan *s, uint32_t i, int lo, int hi)
{
    if (i >= s->hi)
        return 0;
    const char *p = norm(s, i);
    if (strlen(p) != 4 || !all_digits(p, 4))
        return 0;
    int y = atoi(p);
    return y >= lo && y <= hi ? y : 0;
}

/* A month name at word i, under the guards of the header comment. */
static int month_at(const scan *s, uint32_t i)
{
    if (i >= s->hi || !upper_initial(s, i))
        return 0;
    const char *p = norm(s, i);
    int m = when_month_name(p);
    if (!m)
        return 0;
    size_t n = strlen(p);
    int full = n > 4 || !strcasecmp(p, "june") || !strcasecmp(p, "july");
    int near_number = day_num(s, i + 1) || year_num(s, i + 1, 1000, 2200) ||
                      (i > s->lo && day_num(s, i - 1)) ||
                      (i > s->lo + 1 && is(s, i - 1, "of") && day_num(s, i - 2));
    if (!strcasecmp(p, "may") || !strcasecmp(p, "march")) {
        static const char *const TIME_WORDS[] = {
            "in",     "since", "until", "till",    "by",   "last",    "next",   "this",
            "early",  "mid",   "late",  "from",    "to",   "through", "during", "of",
            "before", "after", "on",    "between", "mid-", "coming",  NULL};
        if (near_number || (i > s->lo && is_any(s, i - 1, TIME_WORDS)))
            return m;
        return 0;
    }
    if (!full && !near_number)
        return 0; /* "Jan", "Dec." alone may be a name */
    return m;
}

/* A small cardinal for "N units ago": digits 1..999, one..twenty,
 * thirty..ninety, "a"/"an", else 0. */
static int small_number(const scan *s, uint32_t i)
{
    static const char *const W[] = {
        "zero",     "one",     "two",     "three",     "four",     "five",     "six",
        "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
    static const char *const TENS[] = {"thirty",  "forty",  "fifty", "sixty",
                                       "seventy", "eighty", "ninety"};
    const char *p = norm(s, i);
    size_t n = strlen(p);
    if (n && n <= 3 && all_digits(p, n))
        return atoi(p);
    if (!strcasecmp(p, "a") || !strcasecmp(p, "an"))
        return 1;
    for (int k = 1; k <= 20; k++)
        if (!strcasecmp(p, W[k]))
            return k;
    for (int k = 0; k < 7; k++)
        if (!strcasecmp(p, TENS[k]))
            return 30 + 10 * k;
    return 0;
}

/* ------------------------------------------------------------ output */

static void emit(scan *s, uint32_t first, uint32_t last, int y, int m, int dd, res r)
{
    if (s->rc || y < 0 || y > 9999)
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        casus_date_expr *a = arena_array(&s->d->mem, cap, sizeof *a);
        if (!a) {
            s->rc = CASUS_ENOMEM;
            return;
        }
        if (s->n)
            memcpy(a, s->out, s->n * sizeof *a);
        s->out = a;
        s->cap = cap;
    }
    casus_date_expr *e = &s->out[s->n++];
    memset(e, 0, sizeof *e);
    e->start = s->w[first].start;
    e->end = s->w[last].end;
    e->sentence = s->sent;
    when_date wd = {y, m ? m : 1, dd ? dd : 1, WHEN_DAY};
    when_format(wd, e->resolved);
    e->resolved[r == R_DAY ? 10 : r == R_MONTH ? 7 : 4] = 0;
    e->resolution = RES_NAME[r];
}

static void emit_days(scan *s, uint32_t first, uint32_t last, long days, res r)
{
    when_date t = when_from_days(days);
    emit(s, first, last, t.year, t.month, t.day, r);
}

/* ------------------------------------------------------------ matchers
 * Each looks at word i and returns how many words it used (0: no match). */

/* "last"/"this"/"next"/"coming" before word i: -1, 0 (this), 1, or 2 (none). */
static int direction(const scan *s, uint32_t i)
{
    if (i <= s->lo)
        return 2;
    if (is(s, i - 1, "last") || is(s, i - 1, "past"))
        return -1;
    if (is(s, i - 1, "this"))
        return 0;
    if (is(s, i - 1, "next") || is(s, i - 1, "coming"))
        return 1;
    return 2;
}

/* Month-led dates: "August 8, 2018", "Aug. 8", "September 2017",
 * "last September", "September". */
static uint32_t match_month(scan *s, uint32_t i)
{
    int m = month_at(s, i);
    if (!m)
        return 0;
    uint32_t j = i + 1, last = i;
    int dd = day_num(s, j), y = 0;
    if (dd) {
        last = j++;
        if (is(s, j, ",") && year_num(s, j + 1, 1000, 2200))
            j++;
    }
    y = year_num(s, j, 1000, 2200);
    if (y)
        last = j;
    int dir = direction(s, i);
    uint32_t first = (dir != 2 && !y && !dd) ? i - 1 : i;
    if (!y) {
        if (!s->has_art)
            return last - i + 1; /* consumed, not claimed */
        y = s->art.year;
        if (first < i && dir == -1)
            y = m >= s->art.month ? y - 1 : y;
        else if (first < i && dir == 1)
            y = m <= s->art.month ? y + 1 : y;
        else if (first < i && dir == 0)
            ; /* "this September": the article's year */
        else if (m > s->art.month || (m == s->art.month && dd > s->art.day))
            y--;
    }
    if (dd > when_days_in_month(y, m))
        dd = 0;
    emit(s, first, last, y, m, dd, dd ? R_DAY : R_MONTH);
    return last - i + 1;
}

/* Day-led dates: "8 August 2018", "the 8th of August". */
static uint32_t match_day_month(scan *s, uint32_t i)
{
    int dd = day_num(s, i);
    if (!dd)
        return 0;
    uint32_t j = i + 1;
    if (is(s, j, "of"))
        j++;
    int m = month_at(s, j);
    if (!m)
        return 0;
    uint32_t last = j;
    int y = year_num(s, j + 1, 1000, 2200);
    if (!y && is(s, j + 1, ",") && year_num(s, j + 2, 1000, 2200)) {
        y = year_num(s, j + 2, 1000, 2200);
        last = j + 2;
    } else if (y) {
        last = j + 1;
    }
    if (!y) {
        if (!s->has_art)
            return last - i + 1;
        y = s->art.year;
        if (m > s->art.month || (m == s->art.month && dd > s->art.day))
            y--;
    }
    if (dd > when_days_in_month(y, m))
        return last - i + 1;
    emit(s, i, last, y, m, dd, R_DAY);
    return last - i + 1;
}

/* A bare year, "2017", unless the words around make it a quantity. */
static uint32_t match_year(scan *s, uint32_t i)
{
    int y = year_num(s, i, 1800, 2100);
    if (!y)
        return 0;
    static const char *const BEFORE[] = {
        "some", "about", "around",  "nearly",    "almost", "approximately",
        "over", "than",  "roughly", "estimated", "least",  "$",
        "€",    "£",     "¥",       "#",         "no.",    "number",
        NULL};
    static const char *const AFTER[] = {"%", "percent", "per", "of", NULL};
    if (i > s->lo && is_any(s, i - 1, BEFORE))
        return 1;
    if (is_any(s, i + 1, AFTER))
        return 1;
    /* "Resolution 2231", "Flight 2017": a number right after a capitalised
     * word that is not a preposition starting the sentence is a name */
    if (i > s->lo && upper_initial(s, i - 1) && !when_month_name(norm(s, i - 1)) &&
        !(i - 1 == s->lo))
        return 1;
    emit(s, i, i, y, 0, 0, R_YEAR);
    return 1;
}

/* "1990s", "the 90s", "the '90s", "’90s". */
static uint32_t match_decade(scan *s, uint32_t i)
{
    const char *p = norm(s, i);
    int apostrophe = 0;
    if (p[0] == '\'') {
        p++;
        apostrophe = 1;
    } else if (!strncmp(p, "\xE2\x80\x99", 3)) {
        p += 3;
        apostrophe = 1;
    }
    size_t n = strlen(p);
    if (!apostrophe && n == 5 && all_digits(p, 4) && p[3] == '0' && (p[4] == 's' || p[4] == 'S')) {
        int y = atoi(p);
        if (y < 1000 || y > 2100)
            return 0;
        emit(s, i, i, y, 0, 0, R_DECADE);
        return 1;
    }
    if (n != 3 || !all_digits(p, 2) || p[1] != '0' || (p[2] != 's' && p[2] != 'S'))
        return 0;
    /* "the 90s", "the ' 90s" or "'90s" */
    uint32_t first = i, k = i;
    if (!apostrophe && k > s->lo && (is(s, k - 1, "'") || is(s, k - 1, "\xE2\x80\x99"))) {
        first = --k;
        apostrophe = 1;
    }
    if (!apostrophe && !(k > s->lo && is(s, k - 1, "the")))
        return 0;
    int yy = atoi(p), ref = s->has_art ? s->art.year : 2000;
    int y = (ref / 100) * 100 + yy;
    if (y > ref)
        y -= 100;
    emit(s, first, i, y, 0, 0, R_DECADE);
    return 1;
}

/* "the 20th century", "the nineteenth century", "21st-century". */
static uint32_t match_century(scan *s, uint32_t i)
{
    static const char *const ORD[] = {"fifteenth",  "sixteenth", "seventeenth", "eighteenth",
                                      "nineteenth", "twentieth", NULL};
    int c = 0;
    uint32_t last = i + 1;
    const char *p = norm(s, i);
    if (day_num(s, i) && !all_digits(p, strlen(p)))
        c = atoi(p);
    for (int k = 0; ORD[k] && !c; k++)
        if (!strcasecmp(p, ORD[k]))
            c = 15 + k;
    if (!c && is(s, i, "twenty") && is(s, i + 1, "-") && is(s, i + 2, "first")) {
        c = 21;
        last = i + 3;
    }
    if (!c || c > 21)
        return 0;
    if (is(s, last, "-"))
        last++;
    if (!is(s, last, "century"))
        return 0;
    emit(s, i, last, (c - 1) * 100, 0, 0, R_CENTURY);
    return last - i + 1;
}

/* "two years ago", "a decade ago", "three days ago". */
static uint32_t match_ago(scan *s, uint32_t i)
{
    if (i + 2 >= s->hi || !is(s, i + 2, "ago"))
        return 0;
    int k = small_number(s, i);
    if (!k)
        return 0;
    const char *u = norm(s, i + 1);
    if (!s->has_art)
        return 3;
    when_date a = s->art;
    if (!strncasecmp(u, "day", 3) && strlen(u) <= 4) {
        emit_days(s, i, i + 2, s->today - k, R_DAY);
    } else if (!strncasecmp(u, "week", 4) && strlen(u) <= 5) {
        emit_days(s, i, i + 2, s->today - 7L * k, R_DAY);
    } else if (!strncasecmp(u, "month", 5) && strlen(u) <= 6) {
        long mm = (long)a.year * 12 + (a.month - 1) - k;
        emit(s, i, i + 2, (int)(mm / 12), (int)(mm % 12) + 1, 0, R_MONTH);
    } else if (!strncasecmp(u, "year", 4) && strlen(u) <= 5) {
        emit(s, i, i + 2, a.year - k, 0, 0, R_YEAR);
    } else if (!strncasecmp(u, "decade", 6) && strlen(u) <= 7) {
        emit(s, i, i + 2, a.year - 10 * k, 0, 0, R_YEAR);
    } else {
        return 0;
    }
    return 3;
}

/* Weekdays: "Tuesday", "last Tuesday", "next Friday". */
static uint32_t match_weekday(scan *s, uint32_t i)
{
    int wd = when_weekday_name(norm(s, i));
    if (wd < 0 || !upper_initial(s, i))
        return 0;
    if (!s->has_art)
        return 1;
    int art_wd = (int)(((s->today % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    int dir = direction(s, i);
    long t;
    uint32_t first = i;
    if (dir == 1) {
        t = s->today + ((wd - art_wd + 7) % 7 ? (wd - art_wd + 7) % 7 : 7);
        first = i - 1;
    } else {
        t = s->today - (art_wd - wd + 7) % 7;
        if (dir == -1 || dir == 0) {
            first = i - 1;
            if (dir == -1 && t == s->today)
                t -= 7;
        }
    }
    emit_days(s, first, i, t, R_DAY);
    return 1;
}

/* yesterday, today, tomorrow, tonight, last night, this morning, and
 * last/this/next year|month|week with "earlier/later this ...". */
static uint32_t match_relative(scan *s, uint32_t i)
{
    if (!s->has_art)
        return 0;
    if (is(s, i, "yesterday")) {
        emit_days(s, i, i, s->today - 1, R_DAY);
        return 1;
    }
    if (is(s, i, "today") || is(s, i, "tonight")) {
        emit_days(s, i, i, s->today, R_DAY);
        return 1;
    }
    if (is(s, i, "tomorrow")) {
        emit_days(s, i, i, s->today + 1, R_DAY);
        return 1;
    }
    int dir;
    uint32_t first = i;
    if (is(s, i, "last"))
        dir = -1;
    else if (is(s, i, "this"))
        dir = 0;
    else if (is(s, i, "next"))
        dir = 1;
    else if ((is(s, i, "earlier") || is(s, i, "later")) && is(s, i + 1, "this")) {
        dir = 0;
        i++;
    } else {
        return 0;
    }
    uint32_t u = i + 1;
    if (u >= s->hi)
        return 0;
    uint32_t used = u - first + 1;
    if (dir == -1 && is(s, u, "night")) {
        emit_days(s, first, u, s->today - 1, R_DAY);
    } else if (dir == 0 && (is(s, u, "morning") || is(s, u, "afternoon") || is(s, u, "evening"))) {
        emit_days(s, first, u, s->today, R_DAY);
    } else if (is(s, u, "year")) {
        emit(s, first, u, s->art.year + dir, 0, 0, R_YEAR);
    } else if (is(s, u, "month")) {
        long mm = (long)s->art.year * 12 + (s->art.month - 1) + dir;
        emit(s, first, u, (int)(mm / 12), (int)(mm % 12) + 1, 0, R_MONTH);
    } else if (is(s, u, "week")) {
        emit_days(s, first, u, s->today + 7L * dir, R_MONTH);
    } else {
        return 0;
    }
    return used;
}

static void scan_sentence(scan *s)
{
    uint32_t i = s->lo;
    while (i < s->hi && !s->rc) {
        const char *p = norm(s, i);
        uint32_t used = 0;
        if (p[0] == '\'' || !strncmp(p, "\xE2\x80\x99", 3)) {
            used = match_decade(s, i);
        } else if (p[0] >= '0' && p[0] <= '9') {
            used = match_day_month(s, i);
            if (!used)
                used = match_century(s, i);
            if (!used)
                used = match_decade(s, i);
            if (!used)
                used = match_ago(s, i);
            if (!used)
                used = match_year(s, i);
        } else if ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) {
            used = match_month(s, i);
            if (!used)
                used = match_weekday(s, i);
            if (!used)
                used = match_relative(s, i);
            if (!used)
                used = match_century(s, i);
            if (!used)
                used = match_ago(s, i);
        }
        i += used ? used : 1;
    }
}

int kn_dates(struct casus_doc *d)
{
    scan s;
    memset(&s, 0, sizeof s);
    s.d = d;
    s.w = d->words;
    s.art = when_article(d->article->date);
    s.has_art = s.art.res != WHEN_NONE;
    if (s.has_art)
        s.today = when_to_days(s.art.year, s.art.month, s.art.day);
    for (size_t k = 0; k < d->n_sentences && !s.rc; k++) {
        kn_sentence_span(d, k, &s.lo, &s.hi);
        s.sent = (uint32_t)k;
        scan_sentence(&s);
    }
    if (s.rc)
        return s.rc;
    d->dates = s.out;
    d->n_dates = s.n;
    return 0;
}
