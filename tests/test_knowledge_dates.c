/*
 * test_knowledge_dates.c — date expressions (src/knowledge/dates.c) on
 * sentences written for the project, resolved against an article dated
 * Wednesday 2018-08-08 (and against none), through the committed models.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

static int setup_dates(void **state)
{
    (void)state;
    return tu_setup_layers(CASUS_LAYER_DATES);
}

typedef struct run {
    casus_article a;
    casus_doc *d;
    const casus_date_expr *e;
    size_t n;
} run;

static void code(run *r, const char *text, const char *date)
{
    memset(r, 0, sizeof *r);
    tu_process(&r->a, &r->d, text, date);
    r->e = casus_doc_dates(r->d, &r->n);
}

static void dump(const run *r)
{
    for (size_t i = 0; i < r->n; i++)
        fprintf(stderr, "  \"%.*s\" -> %s (%s), sentence %u\n", (int)(r->e[i].end - r->e[i].start),
                r->a.text + r->e[i].start, r->e[i].resolved, r->e[i].resolution, r->e[i].sentence);
}

/* Checks the date expression whose span is exactly text. */
static void expect(const run *r, const char *text, const char *resolved, const char *resolution)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < r->n; i++) {
        const casus_date_expr *e = &r->e[i];
        if (e->end - e->start == len && !memcmp(r->a.text + e->start, text, len)) {
            if (strcmp(e->resolved, resolved) || strcmp(e->resolution, resolution))
                dump(r);
            assert_string_equal(e->resolved, resolved);
            assert_string_equal(e->resolution, resolution);
            return;
        }
    }
    fprintf(stderr, "no date \"%s\" in:\n", text);
    dump(r);
    fail();
}

static void test_brief_examples(void **state)
{
    (void)state;
    run r;
    code(&r,
         "The regime fired missiles last year. Talks resumed on June 12. Envoys met in "
         "September. The minister flew home on Tuesday. The clan arrived two decades ago. "
         "Prices fell in the 1990s. The deal was signed in 2017.",
         "2018-08-08");
    expect(&r, "last year", "2017", "year");
    expect(&r, "June 12", "2018-06-12", "day");
    expect(&r, "September", "2017-09", "month"); /* the latest September before August 2018 */
    expect(&r, "Tuesday", "2018-08-07", "day");
    expect(&r, "two decades ago", "1998", "year");
    expect(&r, "1990s", "1990", "decade");
    expect(&r, "2017", "2017", "year");
    assert_int_equal(r.n, 7);
    /* text order and sentence numbers */
    for (size_t i = 1; i < r.n; i++)
        assert_true(r.e[i - 1].start < r.e[i].start);
    assert_int_equal(r.e[0].sentence, 0);
    assert_int_equal(r.e[6].sentence, 6);
    casus_doc_free(r.d);
}

static void test_calendar_forms(void **state)
{
    (void)state;
    run r;
    code(&r,
         "The letter is dated August 8, 2018. A copy followed on 8 August 2018. The reply "
         "came on Aug. 8. The treaty of 3 March 1918 ended the war. Elections were held in "
         "March 2016. The summit opened on the 14th of July.",
         "2018-08-08");
    expect(&r, "August 8, 2018", "2018-08-08", "day");
    expect(&r, "8 August 2018", "2018-08-08", "day");
    expect(&r, "Aug. 8", "2018-08-08", "day");
    expect(&r, "3 March 1918", "1918-03-03", "day");
    expect(&r, "March 2016", "2016-03", "month");
    expect(&r, "14th of July", "2018-07-14", "day");
    assert_int_equal(r.n, 6);
    casus_doc_free(r.d);
}

static void test_relative_days(void **state)
{
    (void)state;
    run r;
    code(&r,
         "Troops withdrew yesterday. Aid arrives today and more tomorrow. Shelling resumed "
         "last night. The envoy left last Wednesday, returned Wednesday and leaves next "
         "Friday. Three days ago the border closed.",
         "2018-08-08");
    expect(&r, "yesterday", "2018-08-07", "day");
    expect(&r, "today", "2018-08-08", "day");
    expect(&r, "tomorrow", "2018-08-09", "day");
    expect(&r, "last night", "2018-08-07", "day");
    expect(&r, "last Wednesday", "2018-08-01", "day"); /* not the article's own Wednesday */
    expect(&r, "Wednesday", "2018-08-08", "day");
    expect(&r, "next Friday", "2018-08-10", "day");
    expect(&r, "Three days ago", "2018-08-05", "day");
    casus_doc_free(r.d);
}

static void test_relative_periods(void **state)
{
    (void)state;
    run r;
    code(&r,
         "Fighting flared last week. Rebels regrouped earlier this month. A vote is due next "
         "month. The army retreated two years ago. Inflation doubled five months ago. A new "
         "law passes this year. Exports will grow next year. Last September the dam broke. "
         "The empire fell in the 19th century.",
         "2018-08-08");
    expect(&r, "last week", "2018-08", "month");
    expect(&r, "earlier this month", "2018-08", "month");
    expect(&r, "next month", "2018-09", "month");
    expect(&r, "two years ago", "2016", "year");
    expect(&r, "five months ago", "2018-03", "month");
    expect(&r, "this year", "2018", "year");
    expect(&r, "next year", "2019", "year");
    expect(&r, "Last September", "2017-09", "month");
    expect(&r, "19th century", "1800", "century");
    casus_doc_free(r.d);
}

static void test_without_article_date(void **state)
{
    (void)state;
    run r;
    /* only what the text fixes by itself */
    code(&r,
         "Last year the plant closed. It reopened on June 12 and again on Tuesday. The "
         "accord of August 8, 2018 replaced the one from 2015. Unrest grew in the 1990s.",
         "");
    expect(&r, "August 8, 2018", "2018-08-08", "day");
    expect(&r, "2015", "2015", "year");
    expect(&r, "1990s", "1990", "decade");
    assert_int_equal(r.n, 3);
    casus_doc_free(r.d);
}

static void test_not_dates(void **state)
{
    (void)state;
    run r;
    code(&r,
         "Some 2000 soldiers may march. Council Resolution 2231 stands. The fund holds "
         "$2017 and 2,000 rifles. Jan Smith spoke.",
         "2018-08-08");
    if (r.n)
        dump(&r);
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

static void test_may_and_march(void **state)
{
    (void)state;
    run r;
    code(&r, "The talks may resume in May. Veterans march in March.", "2018-08-08");
    expect(&r, "May", "2018-05", "month");
    expect(&r, "March", "2018-03", "month");
    assert_int_equal(r.n, 2);
    casus_doc_free(r.d);
}

static void test_hostile_input(void **state)
{
    (void)state;
    static char buf[8000];
    size_t n = 0;
    const char *parts[] = {"last ",  "June ", "31 ",          "February 30, ", "'",    "90s ",
                           "ago ",   "the ",  "\xe2\x80\x99", "century ",      "\xff", "twenty-",
                           "first ", ", ",    "9999 ",        "next "};
    for (size_t k = 0; n + 40 < sizeof buf; k++) {
        const char *p = parts[(k * 5 + k / 7) % (sizeof parts / sizeof *parts)];
        size_t l = strlen(p);
        memcpy(buf + n, p, l);
        n += l;
    }
    buf[n] = 0;
    run r;
    code(&r, buf, "2018-08-08");
    for (size_t i = 0; i < r.n; i++) {
        assert_true(r.e[i].start < r.e[i].end && r.e[i].end <= n);
        assert_true(strlen(r.e[i].resolved) == 4 || strlen(r.e[i].resolved) == 7 ||
                    strlen(r.e[i].resolved) == 10);
    }
    casus_doc_free(r.d);
    /* a malformed article date counts as none */
    code(&r, "It happened last year, on February 29.", "2018-02-30");
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brief_examples),       cmocka_unit_test(test_calendar_forms),
        cmocka_unit_test(test_relative_days),        cmocka_unit_test(test_relative_periods),
        cmocka_unit_test(test_without_article_date), cmocka_unit_test(test_not_dates),
        cmocka_unit_test(test_may_and_march),        cmocka_unit_test(test_hostile_input),
    };
    return cmocka_run_group_tests(tests, setup_dates, tu_teardown);
}
