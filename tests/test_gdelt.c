/*
 * test_gdelt.c — the GDELT 2.0 writers (src/io/gdelt.c): rows written for
 * sentences made up for the project parse back into the same fields: 61
 * columns per event row and 16 per mention row, every numeric column of
 * its GDELT type, the ids, dates, codes, offsets and the escaping that
 * keeps one event on one line. Also the trace hook behind `casus explain`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAX_ROWS 32
#define MAX_COLS 64

/* The rows of a writer's output, each split on tabs (fields point into buf). */
typedef struct table {
    char *buf;
    size_t len;
    size_t n_rows;
    size_t n_cols[MAX_ROWS];
    char *cols[MAX_ROWS][MAX_COLS];
} table;

static void split(table *t)
{
    t->n_rows = 0;
    char *p = t->buf, *end = t->buf + t->len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        assert_non_null(nl); /* every row ends with a newline */
        *nl = 0;
        assert_true(t->n_rows < MAX_ROWS);
        size_t r = t->n_rows++, c = 0;
        for (char *f = p;; c++) {
            assert_true(c < MAX_COLS);
            t->cols[r][c] = f;
            char *tab = strchr(f, '\t');
            if (!tab)
                break;
            *tab = 0;
            f = tab + 1;
        }
        t->n_cols[r] = c + 1;
        p = nl + 1;
    }
}

typedef int (*writer_fn)(FILE *f, const casus_doc *d);

static void write_rows(writer_fn w, const casus_doc *d, table *t)
{
    memset(t, 0, sizeof *t);
    FILE *f = open_memstream(&t->buf, &t->len);
    assert_non_null(f);
    assert_int_equal(w(f, d), 0);
    assert_int_equal(fclose(f), 0);
    split(t);
}

static int is_int(const char *s)
{
    if (!*s)
        return 0;
    char *end;
    errno = 0;
    (void)strtoll(s, &end, 10);
    return !errno && !*end;
}

static int is_float(const char *s)
{
    if (!*s)
        return 0;
    char *end;
    (void)strtod(s, &end);
    return !*end;
}

/* GDELT 2.0 event columns (1-based) by type; the rest are strings. */
static const int EVENT_INT[] = {1, 2, 3, 4, 26, 30, 32, 33, 34, 36, 44, 52, 60};
static const int EVENT_FLOAT[] = {5, 31, 35, 41, 42, 49, 50, 57, 58};
/* Nullable numeric columns casus leaves empty: AvgTone (no tone layer),
 * latitudes and longitudes (no geocoder yet), DATEADDED without a date. */
static const int EVENT_MAY_BE_EMPTY[] = {35, 41, 42, 49, 50, 57, 58, 60};
static const int MENTION_INT[] = {1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13};

static int fabs_diff_ok(double a, double b)
{
    double d = a - b;
    return d < 0.0001 && d > -0.0001;
}

static int in(const int *a, size_t n, int x)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] == x)
            return 1;
    return 0;
}

#define IN(a, x) in(a, sizeof a / sizeof *a, x)

/* The field of 1-based GDELT column c. */
#define COL(t, r, c) ((t)->cols[r][(c) - 1])

typedef struct run {
    casus_article *a;
    casus_doc *d;
    const casus_event *ev;
    size_t n;
} run;

static void process(run *r, const char *id, const char *url, const char *date, const char *text)
{
    r->a = casus_article_new(id, url, date, "", text, strlen(text));
    assert_non_null(r->a);
    casus_error err;
    assert_int_equal(casus_doc_process(tu_pipe(), r->a, &r->d, &err), 0);
    r->ev = casus_doc_events(r->d, &r->n);
}

static void done(run *r)
{
    casus_doc_free(r->d);
    casus_article_free(r->a);
}

static const char NEWS[] = "Iran and North Korea held talks in Tehran on Wednesday.\n"
                           "The United Nations criticised Israel in June.\n"
                           "President Trump imposed sanctions on Iran on Tuesday.";

static void test_event_rows_parse_back(void **state)
{
    (void)state;
    run r;
    process(&r, "gd-1", "https://www.example-news.org/world/talks", "2018-08-08", NEWS);
    assert_true(r.n >= 3);
    table t;
    write_rows(casus_write_gdelt_events, r.d, &t);
    assert_int_equal(t.n_rows, r.n);
    for (size_t i = 0; i < t.n_rows; i++) {
        const casus_event *e = &r.ev[i];
        assert_int_equal(t.n_cols[i], 61);
        for (int c = 1; c <= 61; c++) {
            const char *f = COL(&t, i, c);
            if (!*f && IN(EVENT_MAY_BE_EMPTY, c))
                continue;
            if (IN(EVENT_INT, c) && !is_int(f))
                fail_msg("row %zu column %d: '%s' is no integer", i, c, f);
            if (IN(EVENT_FLOAT, c) && !is_float(f))
                fail_msg("row %zu column %d: '%s' is no number", i, c, f);
        }
        /* the id, and the same id again from the public function */
        char id[32];
        snprintf(id, sizeof id, "%llu", (unsigned long long)casus_gdelt_event_id("gd-1", i));
        assert_string_equal(COL(&t, i, 1), id);
        assert_true(strtoll(COL(&t, i, 1), NULL, 10) > 0);
        /* dates from the event's date */
        char day[9];
        snprintf(day, sizeof day, "%.4s%.2s%.2s", e->date, e->date + 5, e->date + 8);
        assert_string_equal(COL(&t, i, 2), day);
        assert_int_equal(strncmp(COL(&t, i, 3), day, 6), 0);
        assert_int_equal(strncmp(COL(&t, i, 4), day, 4), 0);
        int y = atoi(e->date), m = atoi(e->date + 5), dd = atoi(e->date + 8);
        assert_true(fabs_diff_ok(strtod(COL(&t, i, 5), NULL), y + ((m - 1) * 30 + dd) / 365.0));
        /* actors and codes */
        assert_string_equal(COL(&t, i, 6), e->source.code);
        assert_string_equal(COL(&t, i, 16), e->has_target ? e->target.code : "");
        assert_string_equal(COL(&t, i, 26), e->sentence == 0 ? "1" : "0");
        assert_string_equal(COL(&t, i, 27), e->code);
        assert_string_equal(COL(&t, i, 28), e->base);
        assert_string_equal(COL(&t, i, 29), e->root);
        assert_int_equal(atoi(COL(&t, i, 30)), e->quadclass);
        assert_true(fabs_diff_ok(strtod(COL(&t, i, 31), NULL), e->goldstein));
        assert_string_equal(COL(&t, i, 32), "1");
        assert_string_equal(COL(&t, i, 35), ""); /* AvgTone: no tone layer yet */
        assert_string_equal(COL(&t, i, 36), "0"); /* Actor1Geo: not known */
        assert_string_equal(COL(&t, i, 44), "0");
        assert_string_equal(COL(&t, i, 52), e->place_mention >= 0 ? COL(&t, i, 52) : "0");
        assert_string_equal(COL(&t, i, 60), "20180808000000");
        assert_string_equal(COL(&t, i, 61), "https://www.example-news.org/world/talks");
    }
    /* the actor code split into GDELT's columns, and the event place */
    int saw_un = 0, saw_usagov = 0, saw_tehran = 0;
    for (size_t i = 0; i < t.n_rows; i++) {
        if (!strcmp(COL(&t, i, 6), "IGOUNO")) {
            saw_un = 1;
            assert_string_equal(COL(&t, i, 7), "UNITED NATIONS");
            assert_string_equal(COL(&t, i, 8), "");    /* no country */
            assert_string_equal(COL(&t, i, 9), "UNO");  /* known group */
            assert_string_equal(COL(&t, i, 13), "IGO"); /* type */
        }
        if (!strcmp(COL(&t, i, 6), "USAGOV")) {
            saw_usagov = 1;
            assert_string_equal(COL(&t, i, 8), "USA");
            assert_string_equal(COL(&t, i, 13), "GOV");
            assert_string_equal(COL(&t, i, 17), "IRAN");
            assert_string_equal(COL(&t, i, 18), "IRN");
        }
        if (!strcmp(COL(&t, i, 53), "Tehran, Iran")) {
            saw_tehran = 1;
            assert_string_equal(COL(&t, i, 52), "4"); /* a world city */
            assert_string_equal(COL(&t, i, 54), "IR"); /* FIPS 10-4 */
            assert_string_equal(COL(&t, i, 26), "1");  /* the lead sentence */
        }
    }
    assert_true(saw_un && saw_usagov && saw_tehran);
    free(t.buf);
    done(&r);
}

static void test_mention_rows_parse_back(void **state)
{
    (void)state;
    /* a two-byte character before the events: GDELT counts characters */
    static const char text[] = "Caf\xc3\xa9 owners said nothing.\n"
                               "Japan hosted Germany's foreign minister in Tokyo.";
    run r;
    process(&r, "gd-2", "http://WWW.Example.COM:8080/a/b", "2018-08-09", text);
    assert_true(r.n >= 1);
    table ev, t;
    write_rows(casus_write_gdelt_events, r.d, &ev);
    write_rows(casus_write_gdelt_mentions, r.d, &t);
    assert_int_equal(t.n_rows, r.n);
    for (size_t i = 0; i < t.n_rows; i++) {
        const casus_event *e = &r.ev[i];
        assert_int_equal(t.n_cols[i], 16);
        for (int c = 1; c <= 16; c++)
            if (IN(MENTION_INT, c) && !is_int(COL(&t, i, c)))
                fail_msg("row %zu column %d: '%s' is no integer", i, c, COL(&t, i, c));
        assert_string_equal(COL(&t, i, 1), COL(&ev, i, 1)); /* the event's id */
        assert_string_equal(COL(&t, i, 2), COL(&ev, i, 60));
        assert_string_equal(COL(&t, i, 4), "1");
        assert_string_equal(COL(&t, i, 5), "example.com");
        assert_string_equal(COL(&t, i, 6), "http://WWW.Example.COM:8080/a/b");
        assert_int_equal(atoi(COL(&t, i, 7)), (int)e->sentence + 1);
        /* offsets in characters: one less than bytes after the é */
        size_t n_m;
        const casus_mention *ms = casus_doc_mentions(r.d, &n_m);
        assert_int_equal(atoll(COL(&t, i, 8)), (long long)ms[e->source.mention].start - 1);
        assert_int_equal(atoll(COL(&t, i, 10)), (long long)e->trigger_start - 1);
        if (!e->has_target)
            assert_string_equal(COL(&t, i, 9), "-1");
        assert_string_equal(COL(&t, i, 11), "1");
        int conf = atoi(COL(&t, i, 12));
        assert_true(conf >= 0 && conf <= 100);
        assert_int_equal(conf, (int)(e->confidence * 100 + 0.5));
        assert_int_equal(atoll(COL(&t, i, 13)), (long long)strlen(text) - 1);
        assert_string_equal(COL(&t, i, 14), ""); /* tone: not yet */
        assert_string_equal(COL(&t, i, 15), "");
        assert_string_equal(COL(&t, i, 16), "");
    }
    free(ev.buf);
    free(t.buf);
    done(&r);
}

/* A tab or newline in a field never breaks the row; no URL makes a
 * citation-only mention of the article id; no date leaves dates empty. */
static void test_escaping_and_missing_fields(void **state)
{
    (void)state;
    run r;
    process(&r, "odd\tid", "https://ex.org/a\tb\nc", "", "Iran and North Korea held talks.");
    assert_true(r.n >= 1);
    table t;
    write_rows(casus_write_gdelt_events, r.d, &t);
    assert_int_equal(t.n_rows, r.n);
    assert_int_equal(t.n_cols[0], 61);
    assert_string_equal(COL(&t, 0, 61), "https://ex.org/a b c");
    assert_string_equal(COL(&t, 0, 60), "");
    free(t.buf);
    done(&r);

    process(&r, "gd-3", "", "2018-08-08", "Iran and North Korea held talks.");
    write_rows(casus_write_gdelt_mentions, r.d, &t);
    assert_true(t.n_rows >= 1);
    assert_int_equal(t.n_cols[0], 16);
    assert_string_equal(COL(&t, 0, 4), "2"); /* CITATIONONLY */
    assert_string_equal(COL(&t, 0, 5), "");
    assert_string_equal(COL(&t, 0, 6), "gd-3");
    free(t.buf);
    done(&r);
}

static void test_event_ids(void **state)
{
    (void)state;
    uint64_t a = casus_gdelt_event_id("seed", 0), b = casus_gdelt_event_id("seed", 1);
    assert_true(a != b);
    assert_true(a == casus_gdelt_event_id("seed", 0)); /* stable */
    assert_true(a <= INT64_MAX && b <= INT64_MAX);     /* positive as a signed integer */
    /* "a-1" event 2 and "a" event ... cannot meet: the id hashed is "<id>-<n>" */
    assert_true(casus_gdelt_event_id("a-1", 1) != casus_gdelt_event_id("a", 0));
    assert_true(casus_gdelt_event_id(NULL, 0) == casus_gdelt_event_id("", 0));
}

typedef struct skips {
    int negated, no_source, n;
} skips;

static void on_skip(void *ctx, const casus_event_skip *s)
{
    skips *k = ctx;
    k->n++;
    assert_non_null(s->reason);
    k->negated += !strcmp(s->reason, "negated");
    k->no_source += !strncmp(s->reason, "no source:", 10);
}

/* The trace hook: the same events, and the reasons of what was not coded. */
static void test_trace_reasons(void **state)
{
    (void)state;
    run r;
    process(&r, "t", "", "2018-08-08",
            "Rouhani did not meet Kim. The day held talks with Iran. Iran and North Korea held "
            "talks.");
    size_t n_before = r.n;
    char before[8][8];
    for (size_t i = 0; i < n_before && i < 8; i++)
        snprintf(before[i], sizeof before[i], "%s", r.ev[i].code);
    skips k = {0};
    casus_error err;
    assert_int_equal(casus_doc_trace_events(r.d, on_skip, &k, &err), 0);
    size_t n_after;
    const casus_event *ev = casus_doc_events(r.d, &n_after);
    assert_int_equal(n_after, n_before);
    for (size_t i = 0; i < n_after && i < 8; i++)
        assert_string_equal(ev[i].code, before[i]);
    assert_int_equal(k.negated, 1);
    assert_true(k.no_source >= 1);
    /* names and rule locations for explain */
    assert_string_equal(casus_event_name(tu_pipe(), "040"), "Consult, not specified below");
    assert_null(casus_event_name(tu_pipe(), "999"));
    const char *file;
    uint32_t line;
    assert_int_equal(casus_event_rule(tu_pipe(), ev[0].rule, &file, &line), 0);
    assert_non_null(strstr(file, "events/"));
    assert_true(line > 0);
    assert_int_equal(casus_event_rule(tu_pipe(), "no.such-rule", &file, &line), CASUS_ENOENT);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_rows_parse_back),
        cmocka_unit_test(test_mention_rows_parse_back),
        cmocka_unit_test(test_escaping_and_missing_fields),
        cmocka_unit_test(test_event_ids),
        cmocka_unit_test(test_trace_reasons),
    };
    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
