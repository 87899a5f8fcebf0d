/*
 * date.c — casus_date_parse: publication dates as they appear in feeds and
 * pages, reduced to "YYYY-MM-DD".
 *
 * Accepted: YYYY-MM-DD, YYYYMMDD, ISO 8601 / RFC 3339 timestamps
 * (2018-08-08T10:00:00Z, "2018-08-08 10:00", offsets, fractional seconds,
 * basic form 20180808T100000Z) and RFC 2822 dates with or without the
 * weekday ("Wed, 8 Aug 2018 10:00:00 +0000", obsolete two-digit years and
 * zone names included). Every field is validated (month 1-12, day within
 * the month in the Gregorian calendar, hour, minute, second, offset) and
 * nothing may follow but whitespace.
 *
 * Design choice: the date is the calendar date as written, in the
 * publisher's own zone; an offset is checked but not applied. A story
 * stamped "2018-08-08T23:30:00-05:00" was published on the 8th where it was
 * written, which is the date a reader of that paper saw. A weekday that
 * does not match the date is accepted (feeds get it wrong often enough).
 */
#include <string.h>

#include "casus.h"

typedef struct date_in {
    const char *s;
    size_t i;
} date_in;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void skip_ws(date_in *d)
{
    while (is_ws(d->s[d->i]))
        d->i++;
}

/* Exactly k digits; returns their value or -1. */
static int digits(date_in *d, int k)
{
    int v = 0;
    for (int j = 0; j < k; j++) {
        char c = d->s[d->i + (size_t)j];
        if (!is_digit(c))
            return -1;
        v = v * 10 + (c - '0');
    }
    d->i += (size_t)k;
    return v;
}

static size_t digit_run(const date_in *d)
{
    size_t k = 0;
    while (is_digit(d->s[d->i + k]))
        k++;
    return k;
}

/* The run of letters at d as a lower-case word in w[cap]; 0 if too long. */
static size_t word(date_in *d, char *w, size_t cap)
{
    size_t k = 0;
    while (is_alpha(d->s[d->i + k])) {
        if (k + 1 >= cap)
            return 0;
        w[k] = lower(d->s[d->i + k]);
        k++;
    }
    w[k] = '\0';
    d->i += k;
    return k;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid_ymd(int y, int m, int day)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || day < 1)
        return 0;
    int last = mdays[m - 1] + (m == 2 && leap(y));
    return day <= last;
}

/* A numeric offset after the sign: HH, HH:MM or HHMM. */
static int offset(date_in *d)
{
    int h = digits(d, 2);
    if (h < 0 || h > 23)
        return -1;
    int m = 0;
    if (d->s[d->i] == ':') {
        d->i++;
        if ((m = digits(d, 2)) < 0)
            return -1;
    } else if (is_digit(d->s[d->i])) {
        if ((m = digits(d, 2)) < 0)
            return -1;
    }
    return m <= 59 ? 0 : -1;
}

/* A zone name: UT, UTC, GMT, Z, the US zones of RFC 822, military letters. */
static int zone_name(const char *w)
{
    static const char *const names[] = {"ut",  "utc", "gmt", "z",   "est", "edt",
                                        "cst", "cdt", "mst", "mdt", "pst", "pdt"};
    for (size_t j = 0; j < sizeof names / sizeof *names; j++)
        if (!strcmp(w, names[j]))
            return 1;
    return w[0] && !w[1] && w[0] != 'j';
}

/* An optional zone: Z, +HH[:MM], -HHMM, or a name after a space. */
static int zone(date_in *d)
{
    size_t at = d->i;
    skip_ws(d);
    char c = d->s[d->i];
    if (c == '+' || c == '-') {
        d->i++;
        return offset(d);
    }
    if (is_alpha(c)) {
        char w[8];
        if (!word(d, w, sizeof w) || !zone_name(w))
            return -1;
        return 0;
    }
    d->i = at;
    return 0;
}

/* HH:MM[:SS[.frac]] (extended) or HHMM[SS[.frac]] (basic). */
static int clock_time(date_in *d)
{
    int h = digits(d, 2);
    if (h < 0 || h > 23)
        return -1;
    int colon = d->s[d->i] == ':';
    if (colon)
        d->i++;
    int m = digits(d, 2);
    if (m < 0 || m > 59)
        return -1;
    if (colon ? d->s[d->i] == ':' : is_digit(d->s[d->i])) {
        if (colon)
            d->i++;
        int sec = digits(d, 2);
        if (sec < 0 || sec > 60)
            return -1;
        if (d->s[d->i] == '.' || d->s[d->i] == ',') {
            d->i++;
            if (!is_digit(d->s[d->i]))
                return -1;
            while (is_digit(d->s[d->i]))
                d->i++;
        }
    }
    return 0;
}

static int at_end(date_in *d)
{
    skip_ws(d);
    return d->s[d->i] == '\0';
}

/* After YYYY-MM-DD or YYYYMMDD: nothing, or a time ("T" or blanks before
 * it) and an optional zone. */
static int iso_rest(date_in *d)
{
    size_t before = d->i;
    if (at_end(d))
        return 0;
    int spaced = d->i > before;
    char c = d->s[d->i];
    if (!spaced && (c == 'T' || c == 't'))
        d->i++;
    else if (!spaced || !is_digit(c))
        return -1;
    if (clock_time(d) || zone(d))
        return -1;
    return at_end(d) ? 0 : -1;
}

static int month_number(const char *w)
{
    static const char *const names[12] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};
    size_t n = strlen(w);
    for (int m = 0; m < 12; m++) {
        if (n == 3 && !strncmp(w, names[m], 3))
            return m + 1;
        if (!strcmp(w, names[m]))
            return m + 1;
        if (m == 8 && !strcmp(w, "sept"))
            return 9;
    }
    return 0;
}

static int weekday_name(const char *w)
{
    static const char *const names[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};
    size_t n = strlen(w);
    for (int k = 0; k < 7; k++)
        if ((n == 3 && !strncmp(w, names[k], 3)) || !strcmp(w, names[k]))
            return 1;
    return 0;
}

/* RFC 2822 after the optional weekday: D Mon YYYY [HH:MM[:SS] [zone]]. */
static int rfc2822(date_in *d, int *y, int *m, int *day)
{
    size_t k = digit_run(d);
    if (k < 1 || k > 2)
        return -1;
    *day = digits(d, (int)k);
    if (!is_ws(d->s[d->i]))
        return -1;
    skip_ws(d);
    char w[16];
    if (!word(d, w, sizeof w) || !(*m = month_number(w)))
        return -1;
    if (!is_ws(d->s[d->i]))
        return -1;
    skip_ws(d);
    k = digit_run(d);
    if (k < 2 || k > 4)
        return -1;
    *y = digits(d, (int)k);
    if (k == 2) /* RFC 2822 4.3: 00-49 are 2000-2049, 50-99 are 1950-1999 */
        *y += *y < 50 ? 2000 : 1900;
    else if (k == 3)
        *y += 1900;
    size_t before = d->i;
    if (at_end(d))
        return 0;
    if (d->i == before || clock_time(d) || zone(d))
        return -1;
    skip_ws(d);
    if (d->s[d->i] == '(') { /* a trailing comment, e.g. "(UTC)" */
        while (d->s[d->i] && d->s[d->i] != ')')
            d->i++;
        if (d->s[d->i] != ')')
            return -1;
        d->i++;
    }
    return at_end(d) ? 0 : -1;
}

int casus_date_parse(const char *s, char out[11])
{
    if (!s || !out)
        return CASUS_EFORMAT;
    date_in d = {s, 0};
    int y = 0, m = 0, day = 0;
    skip_ws(&d);
    size_t k = digit_run(&d);
    if (k == 4 && s[d.i + 4] == '-') {
        y = digits(&d, 4);
        d.i++;
        if ((m = digits(&d, 2)) < 0 || s[d.i] != '-')
            return CASUS_EFORMAT;
        d.i++;
        if ((day = digits(&d, 2)) < 0 || is_digit(s[d.i]) || iso_rest(&d))
            return CASUS_EFORMAT;
    } else if (k == 8) {
        y = digits(&d, 4);
        m = digits(&d, 2);
        day = digits(&d, 2);
        if (iso_rest(&d))
            return CASUS_EFORMAT;
    } else if (k == 1 || k == 2) {
        if (rfc2822(&d, &y, &m, &day))
            return CASUS_EFORMAT;
    } else if (k == 0 && is_alpha(s[d.i])) {
        char w[16];
        if (!word(&d, w, sizeof w) || !weekday_name(w))
            return CASUS_EFORMAT;
        skip_ws(&d);
        if (s[d.i] == ',')
            d.i++;
        skip_ws(&d);
        if (rfc2822(&d, &y, &m, &day))
            return CASUS_EFORMAT;
    } else {
        return CASUS_EFORMAT;
    }
    if (!valid_ymd(y, m, day))
        return CASUS_EFORMAT;
    /* digit by digit: the values are validated, and snprintf would make
     * the compiler worry about widths it cannot bound */
    const int parts[3][2] = {{y, 4}, {m, 2}, {day, 2}};
    char *o = out;
    for (int p = 0; p < 3; p++) {
        for (int j = parts[p][1] - 1, v = parts[p][0]; j >= 0; j--, v /= 10)
            o[j] = (char)('0' + v % 10);
        o += parts[p][1];
        if (p < 2)
            *o++ = '-';
    }
    *o = '\0';
    return 0;
}
