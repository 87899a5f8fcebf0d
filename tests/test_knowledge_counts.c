/*
 * test_knowledge_counts.c — counts and amounts (src/knowledge/counts.c) on
 * sentences written for the project, through the committed models and
 * dict/, as `casus code` runs them: numbers in digits and words, vague
 * quantities, ranges, approximation words, objects, GDELT count types,
 * money with its currency, and numbers that are no quantity.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

static int setup_counts(void **state)
{
    (void)state;
    return tu_setup_layers(CASUS_LAYER_COUNTS);
}

typedef struct run {
    casus_article a;
    casus_doc *d;
    const casus_count *c;
    size_t n;
    const casus_amount *am;
    size_t na;
} run;

static void code(run *r, const char *text)
{
    memset(r, 0, sizeof *r);
    tu_process(&r->a, &r->d, text, "2018-08-08");
    r->c = casus_doc_counts(r->d, &r->n);
    r->am = casus_doc_amounts(r->d, &r->na);
}

static int span_is(const run *r, uint32_t start, uint32_t end, const char *text)
{
    return end - start == strlen(text) && !memcmp(r->a.text + start, text, end - start);
}

static void dump(const run *r)
{
    for (size_t i = 0; i < r->n; i++)
        fprintf(stderr, "  count %g..%g%s [%s] %s \"%.*s\"\n", r->c[i].count, r->c[i].count_max,
                r->c[i].approx ? " ~" : "", r->c[i].object ? r->c[i].object : "-",
                r->c[i].type ? r->c[i].type : "-", (int)(r->c[i].end - r->c[i].start),
                r->a.text + r->c[i].start);
    for (size_t i = 0; i < r->na; i++)
        fprintf(stderr, "  amount %g %s [%s] \"%.*s\"\n", r->am[i].amount,
                r->am[i].currency ? r->am[i].currency : "-",
                r->am[i].object ? r->am[i].object : "-", (int)(r->am[i].end - r->am[i].start),
                r->a.text + r->am[i].start);
}

/* The count whose span is exactly text, or NULL (and the layer on stderr). */
static const casus_count *count_at(const run *r, const char *text)
{
    for (size_t i = 0; i < r->n; i++)
        if (span_is(r, r->c[i].start, r->c[i].end, text))
            return &r->c[i];
    fprintf(stderr, "no count \"%s\" in:\n", text);
    dump(r);
    return NULL;
}

static const casus_amount *amount_at(const run *r, const char *text)
{
    for (size_t i = 0; i < r->na; i++)
        if (span_is(r, r->am[i].start, r->am[i].end, text))
            return &r->am[i];
    fprintf(stderr, "no amount \"%s\" in:\n", text);
    dump(r);
    return NULL;
}

static void expect_count(const run *r, const char *text, double count, double count_max, int approx,
                         const char *object, const char *type)
{
    const casus_count *c = count_at(r, text);
    assert_non_null(c);
    assert_true(c->count == count);
    assert_true(c->count_max == count_max);
    assert_int_equal(c->approx, approx);
    if (object) {
        assert_non_null(c->object);
        assert_string_equal(c->object, object);
    } else {
        assert_null(c->object);
    }
    if (type) {
        assert_non_null(c->type);
        assert_string_equal(c->type, type);
    } else {
        if (c->type)
            fprintf(stderr, "unexpected type %s for \"%s\"\n", c->type, text);
        assert_null(c->type);
    }
}

static void expect_money(const run *r, const char *text, double amount, const char *currency,
                         const char *object)
{
    const casus_amount *a = amount_at(r, text);
    assert_non_null(a);
    assert_true(a->amount == amount);
    assert_non_null(a->currency);
    assert_string_equal(a->currency, currency);
    if (object) {
        assert_non_null(a->object);
        assert_string_equal(a->object, object);
    } else {
        assert_null(a->object);
    }
}

static void test_digits_and_words(void **state)
{
    (void)state;
    run r;
    code(&r, "Pyongyang launched 23 missiles during the spring. Its first three "
             "intercontinental ballistic missiles flew far.");
    expect_count(&r, "23 missiles", 23, 23, 0, "missiles", NULL);
    expect_count(&r, "three intercontinental ballistic missiles", 3, 3, 0,
                 "intercontinental ballistic missiles", NULL);
    /* "first" is an ordinal: one count per phrase */
    assert_int_equal(r.n, 2);
    /* every count is an amount too */
    const casus_amount *a = amount_at(&r, "23 missiles");
    assert_non_null(a);
    assert_true(a->amount == 23);
    assert_null(a->currency);
    assert_string_equal(a->object, "missiles");
    casus_doc_free(r.d);
}

static void test_partitive(void **state)
{
    (void)state;
    run r;
    code(&r, "The army carried out 15 of those tests near the coast.");
    expect_count(&r, "15 of those tests", 15, 15, 0, "tests", NULL);
    casus_doc_free(r.d);
}

static void test_approximations(void **state)
{
    (void)state;
    run r;
    code(&r, "Some 2,000 protesters marched through the capital. Police made more than 1,000 "
             "arrests. Nearly 70 villages lost power.");
    expect_count(&r, "2,000 protesters", 2000, 2000, 1, "protesters", "PROTEST");
    expect_count(&r, "1,000 arrests", 1000, 1000, 1, "arrests", "ARREST");
    expect_count(&r, "70 villages", 70, 70, 1, "villages", NULL);
    casus_doc_free(r.d);
}

static void test_vague_quantities(void **state)
{
    (void)state;
    run r;
    code(&r, "Tens of thousands of refugees crossed the border. Dozens of houses burned. "
             "Hundreds of thousands of people lost their homes. A dozen soldiers killed in the "
             "raid were buried on Friday.");
    expect_count(&r, "Tens of thousands of refugees", 10000, 10000, 1, "refugees", "REFUGEES");
    expect_count(&r, "Dozens of houses", 12, 12, 1, "houses", NULL);
    expect_count(&r, "Hundreds of thousands of people", 100000, 100000, 1, "people", NULL);
    expect_count(&r, "A dozen soldiers", 12, 12, 0, "soldiers", "KILL");
    casus_doc_free(r.d);
}

static void test_count_types(void **state)
{
    (void)state;
    run r;
    code(&r, "At least 40 people were killed and five people wounded in the blast. Rebels "
             "kidnapped eight aid workers. The police arrested 12 students on Monday. About 300 "
             "families fled the town.");
    expect_count(&r, "40 people", 40, 40, 1, "people", "KILL");
    expect_count(&r, "five people", 5, 5, 0, "people", "WOUND");
    expect_count(&r, "eight aid workers", 8, 8, 0, "aid workers", "KIDNAP");
    expect_count(&r, "12 students", 12, 12, 0, "students", "ARREST");
    expect_count(&r, "300 families", 300, 300, 1, "families", "REFUGEES");
    casus_doc_free(r.d);
}

static void test_type_needs_the_role(void **state)
{
    (void)state;
    run r;
    /* the killers are counted but not as killed */
    code(&r, "Four gunmen killed nine villagers.");
    expect_count(&r, "Four gunmen", 4, 4, 0, "gunmen", NULL);
    expect_count(&r, "nine villagers", 9, 9, 0, "villagers", "KILL");
    casus_doc_free(r.d);
}

static void test_ranges(void **state)
{
    (void)state;
    run r;
    code(&r, "Between 300 and 400 migrants reached the island. Officials counted 50 to 60 "
             "boats. The storm destroyed 200-250 homes. Aid groups expect 2 to 3 million "
             "visitors.");
    expect_count(&r, "300 and 400 migrants", 300, 400, 0, "migrants", NULL);
    expect_count(&r, "50 to 60 boats", 50, 60, 0, "boats", NULL);
    expect_count(&r, "200-250 homes", 200, 250, 0, "homes", NULL);
    expect_count(&r, "2 to 3 million visitors", 2e6, 3e6, 0, "visitors", NULL);
    casus_doc_free(r.d);
}

static void test_money(void **state)
{
    (void)state;
    run r;
    code(&r, "Washington pledged $1.2 billion in aid. The bank lent US$ 5 million to farmers. "
             "Brussels found €30m for roads. London spent £2bn on ships. Berlin paid 500 million "
             "euros in compensation. Beijing offered 10 billion yuan in loans. Seoul set aside "
             "1.5 trillion won for the plan. Ottawa gave 40 million Canadian dollars.");
    expect_money(&r, "$1.2 billion in aid", 1.2e9, "USD", "aid");
    expect_money(&r, "US$ 5 million", 5e6, "USD", NULL);
    expect_money(&r, "€30m for roads", 3e7, "EUR", "roads");
    expect_money(&r, "£2bn", 2e9, "GBP", NULL);
    expect_money(&r, "500 million euros in compensation", 5e8, "EUR", "compensation");
    expect_money(&r, "10 billion yuan in loans", 1e10, "CNY", "loans");
    expect_money(&r, "1.5 trillion won", 1.5e12, "KRW", NULL);
    expect_money(&r, "40 million Canadian dollars", 4e7, "CAD", NULL);
    /* money is an amount, never a count */
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

static void test_measures_are_amounts_only(void **state)
{
    (void)state;
    run r;
    code(&r, "Turnout rose 5 percent to 62%. The siege lasted 48 hours. Customs seized 3 tons "
             "of cocaine.");
    const casus_amount *a = amount_at(&r, "5 percent");
    assert_non_null(a);
    assert_string_equal(a->object, "percent");
    a = amount_at(&r, "62%");
    assert_non_null(a);
    assert_true(a->amount == 62);
    a = amount_at(&r, "48 hours");
    assert_non_null(a);
    assert_string_equal(a->object, "hours");
    a = amount_at(&r, "3 tons of cocaine");
    assert_non_null(a);
    assert_string_equal(a->object, "tons of cocaine");
    if (r.n)
        dump(&r);
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

static void test_not_quantities(void **state)
{
    (void)state;
    run r;
    code(&r, "In 2017 the council adopted Resolution 2231 after the G20 summit. The meeting "
             "opened on June 12 at 10:30 a.m. and closed on 14 July at 3 p.m. An F-16 escorted "
             "a 20-year-old pilot. The home side won 3-1. Call 555-0199 for details. Two years "
             "ago nobody came. No one was hurt.");
    if (r.n || r.na)
        dump(&r);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.na, 0);
    casus_doc_free(r.d);
}

static void test_typed_count_without_object(void **state)
{
    (void)state;
    run r;
    code(&r, "The floods left 107 dead and 238 injured.");
    expect_count(&r, "107", 107, 107, 0, NULL, "KILL");
    expect_count(&r, "238", 238, 238, 0, NULL, "WOUND");
    casus_doc_free(r.d);
}

static void test_word_numbers(void **state)
{
    (void)state;
    run r;
    code(&r, "The navy sent twenty-five ships and two hundred and fifty sailors. A thousand "
             "volunteers joined.");
    expect_count(&r, "twenty-five ships", 25, 25, 0, "ships", NULL);
    expect_count(&r, "two hundred and fifty sailors", 250, 250, 0, "sailors", NULL);
    expect_count(&r, "A thousand volunteers", 1000, 1000, 0, "volunteers", NULL);
    casus_doc_free(r.d);
}

static void test_hostile_input(void **state)
{
    (void)state;
    /* long runs of numbers, separators and stray bytes end cleanly */
    static char buf[20000];
    size_t n = 0;
    const char *parts[] = {"1-",       "2,",      "$",        "9999999999999999999999999 ",
                           "between ", "and ",    "tens of ", "\xff\xfe",
                           "a dozen ", "- ",      "3 to ",    "€",
                           "'90s ",    "of the ", "1.2bn ",   "m "};
    for (size_t k = 0; n + 40 < sizeof buf; k++) {
        const char *p = parts[(k * 7 + k / 3) % (sizeof parts / sizeof *parts)];
        size_t l = strlen(p);
        memcpy(buf + n, p, l);
        n += l;
    }
    buf[n] = 0;
    run r;
    code(&r, buf);
    for (size_t i = 0; i < r.n; i++)
        assert_true(r.c[i].start < r.c[i].end && r.c[i].end <= n);
    for (size_t i = 0; i < r.na; i++)
        assert_true(r.am[i].start < r.am[i].end && r.am[i].end <= n);
    casus_doc_free(r.d);
    code(&r, "");
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digits_and_words),
        cmocka_unit_test(test_partitive),
        cmocka_unit_test(test_approximations),
        cmocka_unit_test(test_vague_quantities),
        cmocka_unit_test(test_count_types),
        cmocka_unit_test(test_type_needs_the_role),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_measures_are_amounts_only),
        cmocka_unit_test(test_not_quantities),
        cmocka_unit_test(test_typed_count_without_object),
        cmocka_unit_test(test_word_numbers),
        cmocka_unit_test(test_hostile_input),
    };
    return cmocka_run_group_tests(tests, setup_counts, tu_teardown);
}
