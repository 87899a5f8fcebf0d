/*
 * test_knowledge_tone.c — the themes and tone layers of the knowledge stage
 * (src/knowledge/themes.c, tone.c) on sentences written for the project,
 * through a real pipeline (the committed models and dict/), and the two
 * dictionary loaders on bad files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "core/doc.h"
#include "knowledge/knowledge.h"

typedef struct run {
    casus_article a;
    casus_doc *d;
    const char *text;
    const casus_theme_hit *th;
    size_t n;
    const casus_tone *tone;
} run;

static void process(run *r, const char *text)
{
    memset(r, 0, sizeof *r);
    r->text = text;
    tu_process(&r->a, &r->d, text, "2019-05-02");
    r->th = casus_doc_themes(r->d, &r->n);
    r->tone = casus_doc_tone(r->d);
    assert_non_null(r->tone);
}

static void dump(const run *r)
{
    for (size_t i = 0; i < r->n; i++)
        fprintf(stderr, "  %s %u-%u \"%.*s\"\n", r->th[i].theme, r->th[i].start, r->th[i].end,
                (int)(r->th[i].end - r->th[i].start), r->text + r->th[i].start);
}

/* The number of hits of theme covering exactly the text span `what` (the
 * first occurrence of what in the text). */
static size_t hits(const run *r, const char *theme, const char *what)
{
    const char *p = strstr(r->text, what);
    assert_non_null(p);
    uint32_t a = (uint32_t)(p - r->text), b = a + (uint32_t)strlen(what);
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->th[i].theme, theme) && r->th[i].start == a && r->th[i].end == b)
            k++;
    if (!k) {
        fprintf(stderr, "no %s at \"%s\" (%u-%u) in:\n", theme, what, a, b);
        dump(r);
    }
    return k;
}

static size_t count_theme(const run *r, const char *theme)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        k += !strcmp(r->th[i].theme, theme);
    return k;
}

/* ---------------------------------------------------------------- themes */

static void test_dictionaries_loaded(void **state)
{
    (void)state;
    assert_non_null(tu_pipe()->knowledge);
    assert_true(kn_themes_count(tu_pipe()->knowledge->themes) >= 40);
    assert_non_null(tu_pipe()->knowledge->tone);
}

static void test_sanctions_and_missile(void **state)
{
    (void)state;
    run r;
    process(&r, "Washington announced fresh sanctions against Tehran on Tuesday after the "
                "Revolutionary Guards test-fired two ballistic missiles that could one day "
                "carry a nuclear warhead.");
    assert_int_equal(hits(&r, "SANCTIONS", "sanctions"), 1);
    /* the longest phrase: "ballistic missiles", not a bare word inside it */
    assert_int_equal(hits(&r, "WMD", "ballistic missiles"), 1);
    /* one phrase, two themes, the same span */
    assert_int_equal(hits(&r, "WMD", "nuclear warhead"), 1);
    assert_int_equal(hits(&r, "NUCLEAR", "nuclear warhead"), 1);
    /* "nuclear" alone is not counted again inside "nuclear warhead" */
    assert_int_equal(count_theme(&r, "NUCLEAR"), 1);
    for (size_t i = 1; i < r.n; i++)
        assert_true(r.th[i].start >= r.th[i - 1].start); /* text order */
    casus_doc_free(r.d);
}

static void test_multiword_and_lemma(void **state)
{
    (void)state;
    run r;
    process(&r, "Human rights monitors said the militia had kidnapped three aid workers and "
                "that refugees were fleeing the shelling.");
    assert_int_equal(hits(&r, "HUMAN_RIGHTS", "Human rights"), 1);
    assert_int_equal(hits(&r, "KIDNAP", "kidnapped"), 1); /* through the lemma */
    assert_int_equal(hits(&r, "AID_HUMANITARIAN", "aid workers"), 1);
    assert_int_equal(hits(&r, "REFUGEES", "refugees"), 1);
    assert_int_equal(hits(&r, "ARMEDCONFLICT", "shelling"), 1);
    casus_doc_free(r.d);
}

static void test_hyphenated_phrase(void **state)
{
    (void)state;
    run r;
    process(&r, "Both sides agreed to a cease-fire along the border.");
    assert_int_equal(hits(&r, "CEASEFIRE", "cease-fire"), 1);
    casus_doc_free(r.d);
}

static void test_no_theme(void **state)
{
    (void)state;
    run r;
    process(&r, "The cat slept on the warm windowsill all afternoon.");
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

/* ---------------------------------------------------------------- tone */

static void test_tone_sign(void **state)
{
    (void)state;
    run good, bad;
    process(&good, "The two leaders praised the excellent progress and welcomed a "
                   "successful, friendly meeting.");
    process(&bad, "The attack killed dozens of people, and officials condemned the "
                  "horrific violence.");
    assert_true(good.tone->tone > 0);
    assert_true(good.tone->positive > good.tone->negative);
    assert_true(bad.tone->tone < 0);
    assert_true(bad.tone->negative > bad.tone->positive);
    /* tone = positive - negative, polarity = positive + negative */
    const casus_tone *t = bad.tone;
    assert_true(t->tone - (t->positive - t->negative) < 1e-9 &&
                t->tone - (t->positive - t->negative) > -1e-9);
    assert_true(t->polarity - (t->positive + t->negative) < 1e-9 &&
                t->polarity - (t->positive + t->negative) > -1e-9);
    casus_doc_free(good.d);
    casus_doc_free(bad.d);
}

static void test_negation_flips(void **state)
{
    (void)state;
    run plain, negated, contracted;
    process(&plain, "The talks were successful.");
    process(&negated, "The talks were not successful.");
    process(&contracted, "The talks weren't successful.");
    assert_true(plain.tone->tone > 0);
    assert_true(negated.tone->tone < 0);
    assert_true(contracted.tone->tone < 0);
    /* damped: the negated word weighs less than the plain one */
    assert_true(-negated.tone->tone * 5 < plain.tone->tone * 4 + 1e-9);
    casus_doc_free(plain.d);
    casus_doc_free(negated.d);
    casus_doc_free(contracted.d);
}

static void test_negation_scope_ends(void **state)
{
    (void)state;
    run r;
    /* the comma closes the negator's scope: "good" stays positive */
    process(&r, "Nobody came, and the news was good.");
    assert_true(r.tone->tone > 0);
    casus_doc_free(r.d);
    process(&r, "The aid was no longer safe to deliver.");
    assert_true(r.tone->tone < 0);
    casus_doc_free(r.d);
}

static void test_intensifiers_scale(void **state)
{
    (void)state;
    run plain, very, slightly;
    process(&plain, "Observers called the vote fair.");
    process(&very, "Observers called the vote very fair.");
    process(&slightly, "Observers called the vote slightly fair.");
    /* same polar word; the intensifier changes its weight (per word) */
    double p = plain.tone->positive * plain.tone->words;
    double v = very.tone->positive * very.tone->words;
    double s = slightly.tone->positive * slightly.tone->words;
    assert_true(p > 0);
    assert_true(v > p);
    assert_true(s < p && s > 0);
    casus_doc_free(plain.d);
    casus_doc_free(very.d);
    casus_doc_free(slightly.d);
}

static void test_word_count_and_densities(void **state)
{
    (void)state;
    run r;
    /* 10 words with letters; "2,000", "." and "," are not words */
    process(&r, "We marched with 2,000 others, and our leaders spoke to us.");
    assert_int_equal(r.tone->words, 10);
    /* we, our, us: 3 of 10 */
    assert_true(r.tone->self_group > 29.99 && r.tone->self_group < 30.01);
    /* marched, spoke: 2 active verbs of 10 */
    assert_true(r.tone->activity > 19.99 && r.tone->activity < 20.01);
    casus_doc_free(r.d);

    /* "US" the country is no pronoun; a passive verb is not active */
    process(&r, "The US embassy was attacked.");
    assert_int_equal(r.tone->words, 5);
    assert_true(r.tone->self_group == 0);
    assert_true(r.tone->activity == 0);
    casus_doc_free(r.d);
}

static void test_names_carry_no_tone(void **state)
{
    (void)state;
    run r;
    /* "peace" and "liberty" are polar words, but not inside a name */
    process(&r, "The Peace Corps sent volunteers to Liberty University.");
    assert_true(r.tone->positive == 0);
    casus_doc_free(r.d);
    process(&r, "The volunteers longed for peace and liberty.");
    assert_true(r.tone->positive > 0);
    casus_doc_free(r.d);
}

static void test_empty_text(void **state)
{
    (void)state;
    run r;
    process(&r, "... 42 !!");
    assert_int_equal(r.tone->words, 0);
    assert_true(r.tone->tone == 0 && r.tone->polarity == 0);
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

/* ---------------------------------------------------------------- loaders */

/* A fresh temp dir holding sub/name with the given content. */
static void write_dict(char *dir, const char *sub, const char *name, const char *content)
{
    strcpy(dir, "/tmp/casus-kn-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void remove_dict(const char *dir, const char *sub, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    unlink(path);
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    rmdir(path);
    rmdir(dir);
}

static void test_themes_bad_file(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "# ok\nSANCTIONS embargo\nlower-case phrase\n",                /* bad name */
        "# ok\nSANCTIONS embargo\nTERROR\n",                           /* no phrases */
        "# ok\nSANCTIONS embargo\nTERROR bomb || attack\n",            /* empty phrase */
        "# ok\nSANCTIONS embargo\nTERROR a b c d e f g h i j k l m\n", /* too long */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char dir[64];
        write_dict(dir, "themes", "bad.txt", bad[i]);
        struct kn_themes *t = (struct kn_themes *)1;
        casus_error err = {0};
        int rc = kn_themes_load(&t, dir, &err);
        assert_int_equal(rc, CASUS_EFORMAT);
        assert_null(t);
        assert_non_null(strstr(err.msg, "bad.txt:3:"));
        remove_dict(dir, "themes", "bad.txt");
    }
}

static void test_themes_good_file(void **state)
{
    (void)state;
    char dir[64];
    write_dict(dir, "themes", "a.txt",
               "# two themes, one on two lines\r\nA_ONE x | y z\nB_TWO y z\nA_ONE w\n\n");
    struct kn_themes *t = NULL;
    casus_error err = {0};
    assert_int_equal(kn_themes_load(&t, dir, &err), 0);
    assert_non_null(t);
    assert_int_equal(kn_themes_count(t), 2);
    kn_themes_free(t);
    remove_dict(dir, "themes", "a.txt");

    /* no themes folder: no table and no error */
    assert_int_equal(kn_themes_load(&t, "/nonexistent-casus-dir", &err), 0);
    assert_null(t);
    kn_themes_free(NULL);
}

static void test_tone_bad_file(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "# ok\ngood\t0.5\nbad\n",           /* no value */
        "# ok\ngood\t0.5\nbad\t-1.5\n",     /* out of range */
        "# ok\ngood\t0.5\nbad\tnegative\n", /* unknown value */
        "# ok\ngood\t0.5\ngood\t0.7\n",     /* twice */
        "# ok\ngood\t0.5\nBad\t-0.5\n",     /* not lower-case */
        "# ok\ngood\t0.5\nvery\tx0\n",      /* bad factor */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char dir[64];
        write_dict(dir, "tone", "lex.txt", bad[i]);
        struct kn_lexicon *l = (struct kn_lexicon *)1;
        casus_error err = {0};
        assert_int_equal(kn_tone_load(&l, dir, &err), CASUS_EFORMAT);
        assert_null(l);
        assert_non_null(strstr(err.msg, "lex.txt:3:"));
        remove_dict(dir, "tone", "lex.txt");
    }
    struct kn_lexicon *l = NULL;
    casus_error err = {0};
    assert_int_equal(kn_tone_load(&l, "/nonexistent-casus-dir", &err), 0);
    assert_null(l);
    kn_tone_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dictionaries_loaded),
        cmocka_unit_test(test_sanctions_and_missile),
        cmocka_unit_test(test_multiword_and_lemma),
        cmocka_unit_test(test_hyphenated_phrase),
        cmocka_unit_test(test_no_theme),
        cmocka_unit_test(test_tone_sign),
        cmocka_unit_test(test_negation_flips),
        cmocka_unit_test(test_negation_scope_ends),
        cmocka_unit_test(test_intensifiers_scale),
        cmocka_unit_test(test_word_count_and_densities),
        cmocka_unit_test(test_names_carry_no_tone),
        cmocka_unit_test(test_empty_text),
        cmocka_unit_test(test_themes_bad_file),
        cmocka_unit_test(test_themes_good_file),
        cmocka_unit_test(test_tone_bad_file),
    };
    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
