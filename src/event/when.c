/*
 * when.c — resolving the time expressions that attach to an event
 * ("on Wednesday", "in September", "June 12", "last year") against the
 * article's date.
 *
 * News reports the past: an expression without a year names the latest
 * such day or month on or before the article's date ("in September" in an
 * August 2018 article is September 2017; "Tuesday" in a Wednesday article
 * is the day before). Only what the words fix is claimed: "in June" has
 * month resolution, "last year" year resolution.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event/coder.h"

static const char *const MONTHS[12] = {"january", "february", "march",     "april",
                                       "may",     "june",     "july",      "august",
                                       "september", "october", "november", "december"};
static const char *const MONTHS3[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const DAYS[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                    "thursday", "friday", "saturday"};

static int month_of(const char *s)
{
    char low[16];
    size_t n = strlen(s);
    if (n >= sizeof low || n < 3)
        return 0;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    if (low[n - 1] == '.')
        low[--n] = 0;
    for (int m = 0; m < 12; m++)
        if (!strcmp(low, MONTHS[m]) || (n == 3 && !strcmp(low, MONTHS3[m])) ||
            (n == 4 && m == 8 && !strcmp(low, "sept")))
            return m + 1;
    return 0;
}

static int weekday_of(const char *s)
{
    for (int d = 0; d < 7; d++)
        if (!strcasecmp(s, DAYS[d]))
            return d;
    return -1;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int D[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : D[m - 1];
}

/* Days since 1970-01-01 (proleptic Gregorian). */
static long day_number(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static when_date from_day_number(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    when_date r = {(int)(y + (m <= 2)), (int)m, (int)d, WHEN_DAY};
    return r;
}

when_date when_article(const char *date)
{
    when_date r = {0, 0, 0, WHEN_NONE};
    if (!date || strlen(date) < 10 || date[4] != '-' || date[7] != '-')
        return r;
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
        return r;
    r.year = y;
    r.month = m;
    r.day = d;
    r.res = WHEN_DAY;
    return r;
}

void when_format(when_date d, char out[11])
{
    unsigned y = (unsigned)(d.year < 0 ? 0 : d.year) % 10000;
    unsigned m = d.month >= 1 && d.month <= 12 ? (unsigned)d.month : 1;
    unsigned dd = d.day >= 1 && d.day <= 31 ? (unsigned)d.day : 1;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = 0;
}

static const char *lemma(const casus_word *words, const casus_word_syntax *syn, size_t w)
{
    return syn && syn[w].lemma ? syn[w].lemma : words[w].norm;
}

/* The first child of w whose norm (any case) is one of list, or -1. */
static int32_t child_word(const casus_word *words, const int32_t *first_child,
                          const int32_t *next_sib, size_t w, const char *const *list)
{
    for (int32_t c = first_child[w]; c >= 0; c = next_sib[c])
        for (int i = 0; list[i]; i++)
            if (!strcasecmp(words[c].norm, list[i]))
                return c;
    return -1;
}

/* A day number 1..31 among w's children ("June 12"), or 0. */
static int day_child(const casus_word *words, const int32_t *first_child, const int32_t *next_sib,
                     size_t w)
{
    for (int32_t c = first_child[w]; c >= 0; c = next_sib[c]) {
        const char *f = words[c].norm;
        char *end;
        long v = strtol(f, &end, 10);
        if (end != f && (!*end || !strcmp(end, "th") || !strcmp(end, "st") ||
                         !strcmp(end, "nd") || !strcmp(end, "rd")) &&
            v >= 1 && v <= 31)
            return (int)v;
    }
    return 0;
}

static int year_of(const char *s)
{
    if (strlen(s) != 4)
        return 0;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    int y = atoi(s);
    return y >= 1900 && y <= 2100 ? y : 0;
}

when_date when_resolve(const casus_word *words, const casus_word_syntax *syn,
                       const int32_t *first_child, const int32_t *next_sib, size_t w,
                       when_date art)
{
    return when_resolve_dir(words, syn, first_child, next_sib, w, art, 0);
}

when_date when_resolve_dir(const casus_word *words, const casus_word_syntax *syn,
                           const int32_t *first_child, const int32_t *next_sib, size_t w,
                           when_date art, int ahead)
{
    when_date none = {0, 0, 0, WHEN_NONE};
    if (!art.year)
        return none;
    static const char *const LAST[] = {"last", "past", "previous", NULL};
    static const char *const THIS[] = {"this", NULL};
    static const char *const NEXT[] = {"next", "coming", NULL};
    const char *f = words[w].norm, *l = lemma(words, syn, w);
    long today = day_number(art.year, art.month, art.day);

    int wd = weekday_of(f);
    if (wd >= 0) {
        long t = today;
        int art_wd = (int)(((today % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
        int last = child_word(words, first_child, next_sib, w, LAST) >= 0;
        if ((ahead && !last) || child_word(words, first_child, next_sib, w, NEXT) >= 0) {
            /* "will meet on Friday": the first such day on or after the article */
            t += (wd - art_wd + 7) % 7;
            if (!ahead && t == today)
                t += 7;
            return from_day_number(t);
        }
        t -= (art_wd - wd + 7) % 7;
        if (last && t == today)
            t -= 7;
        return from_day_number(t);
    }
    if (!strcasecmp(f, "yesterday"))
        return from_day_number(today - 1);
    if (!strcasecmp(f, "today") || !strcasecmp(f, "tonight"))
        return art;

    int m = month_of(f);
    if (m) {
        int y = art.year;
        int yc = 0;
        for (int32_t c = first_child[w]; c >= 0 && !yc; c = next_sib[c])
            yc = year_of(words[c].norm);
        int d = day_child(words, first_child, next_sib, w);
        if (yc)
            y = yc;
        else if (child_word(words, first_child, next_sib, w, LAST) >= 0)
            y = m >= art.month ? art.year - 1 : art.year;
        else if (child_word(words, first_child, next_sib, w, NEXT) >= 0)
            y = m <= art.month ? art.year + 1 : art.year;
        else if (ahead) {
            if (m < art.month || (m == art.month && d && d < art.day))
                y = art.year + 1; /* "will visit in March": the next March */
        } else if (m > art.month || (m == art.month && d > art.day))
            y = art.year - 1; /* the latest such month on or before the article */
        if (d && d > days_in(y, m))
            d = 0;
        when_date r = {y, m, d, d ? WHEN_DAY : WHEN_MONTH};
        return r;
    }
    int y = year_of(f);
    if (y) {
        when_date r = {y, 0, 0, WHEN_YEAR};
        return r;
    }
    if (!strcasecmp(l, "year") || !strcasecmp(l, "week") || !strcasecmp(l, "month")) {
        int last = child_word(words, first_child, next_sib, w, LAST) >= 0;
        int this_ = child_word(words, first_child, next_sib, w, THIS) >= 0;
        int next = child_word(words, first_child, next_sib, w, NEXT) >= 0;
        if (!last && !this_ && !next)
            return none;
        if (!strcasecmp(l, "year")) {
            when_date r = {art.year + (last ? -1 : next ? 1 : 0), 0, 0, WHEN_YEAR};
            return r;
        }
        if (!strcasecmp(l, "month")) {
            int mm = art.month + (last ? -1 : next ? 1 : 0), yy = art.year;
            if (mm < 1) {
                mm = 12;
                yy--;
            } else if (mm > 12) {
                mm = 1;
                yy++;
            }
            when_date r = {yy, mm, 0, WHEN_MONTH};
            return r;
        }
        /* a week: its month is all the words fix */
        when_date r = from_day_number(today + (last ? -7 : next ? 7 : 0));
        r.day = 0;
        r.res = WHEN_MONTH;
        return r;
    }
    return none;
}

when_date when_shift(when_date d, int days)
{
    if (d.res != WHEN_DAY)
        return d;
    return from_day_number(day_number(d.year, d.month, d.day) + days);
}

int when_month_name(const char *s)
{
    return month_of(s);
}

int when_weekday_name(const char *s)
{
    return weekday_of(s);
}

int when_days_in_month(int y, int m)
{
    return m >= 1 && m <= 12 ? days_in(y, m) : 0;
}

long when_to_days(int y, int m, int d)
{
    return day_number(y, m, d);
}

when_date when_from_days(long days)
{
    return from_day_number(days);
}
