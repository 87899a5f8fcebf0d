/*
 * test_tokenize.c — the tokeniser: EWT conventions (contractions,
 * possessives, abbreviations, the spaced "U. S.", URLs, e-mails, handles,
 * emoticons, numbers, hyphens, quotes, dateline dashes), offsets into the
 * original text through normalisation, hostile input (invalid UTF-8, NUL,
 * a 10 MB word) and the compiled-in tables.
 *
 * Every sentence here was written for these tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "text/text.h"
#include "text/tokenize.h"

typedef struct toks {
    arena mem;
    text_norm norm;
    casus_token *t;
    size_t n;
    casus_word *w;
    size_t nw;
} toks;

static void tokenize_n(toks *k, const char *text, size_t len)
{
    arena_init(&k->mem, 0);
    assert_int_equal(text_normalize(&k->mem, text, len, &k->norm), 0);
    assert_int_equal(text_tokenize(&k->mem, text, len, &k->norm, &k->t, &k->n, &k->w, &k->nw), 0);
}

/*
 * Renders the tokens of text as "tok tok tok", a multiword token as
 * "tok(w1+w2)" with its word forms. Returns a static buffer.
 */
static const char *render(const char *text)
{
    static char out[4096];
    toks k;
    size_t len = strlen(text);
    tokenize_n(&k, text, len);
    size_t o = 0;
    for (size_t i = 0; i < k.n; i++) {
        const casus_token *t = &k.t[i];
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", i ? " " : "",
                              (int)(t->end - t->start), text + t->start);
        if (t->n_words > 1) {
            for (uint32_t w = t->word; w < t->word + t->n_words; w++)
                o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", w == t->word ? "(" : "+",
                                      k.w[w].form);
            o += (size_t)snprintf(out + o, sizeof out - o, ")");
        }
    }
    out[o] = '\0';
    arena_finish(&k.mem);
    return out;
}

/* The structural invariants every tokenisation keeps. */
static void check_invariants(const toks *k, size_t len)
{
    size_t words = 0;
    for (size_t i = 0; i < k->n; i++) {
        const casus_token *t = &k->t[i];
        assert_true(t->start < t->end);
        assert_true(t->end <= len);
        if (i)
            assert_true(k->t[i - 1].end <= t->start);
        assert_int_equal(t->word, words);
        assert_true(t->n_words >= 1);
        for (uint32_t w = t->word; w < t->word + t->n_words; w++) {
            assert_int_equal(k->w[w].token, i);
            assert_true(k->w[w].start >= t->start && k->w[w].end <= t->end);
            assert_non_null(k->w[w].form);
            assert_non_null(k->w[w].norm);
        }
        words += t->n_words;
    }
    assert_int_equal(words, k->nw);
}

static void tables_are_sorted(void **state)
{
    (void)state;
    assert_int_equal(tok_selfcheck(), 0);
}

static void mixed_sentence(void **state)
{
    (void)state;
    const char *s = "The minister\xE2\x80\x99s aide didn't say \xC2\xABwhen\xC2\xBB the U. S. "
                    "envoy arrives.";
    assert_string_equal(render(s), "The minister\xE2\x80\x99s(minister+\xE2\x80\x99s) aide "
                                   "didn't(did+n't) say \xC2\xAB when \xC2\xBB the U. S. envoy "
                                   "arrives .");
    toks k;
    tokenize_n(&k, s, strlen(s));
    check_invariants(&k, strlen(s));
    /* The curly apostrophe: form as written, norm folded. */
    assert_string_equal(k.w[2].form, "\xE2\x80\x99s");
    assert_string_equal(k.w[2].norm, "'s");
    /* The spaced U. S.: one token over "U. S.", one word "U.S.". */
    const casus_token *us = NULL;
    for (size_t i = 0; i < k.n; i++)
        if (s[k.t[i].start] == 'U')
            us = &k.t[i];
    assert_non_null(us);
    assert_int_equal(us->end - us->start, 5);
    assert_int_equal(us->n_words, 1);
    assert_int_equal(us->kind, CASUS_TOK_ABBREV);
    assert_string_equal(k.w[us->word].form, "U.S.");
    assert_string_equal(k.w[us->word].norm, "U.S.");
    arena_finish(&k.mem);
}

static void contractions(void **state)
{
    (void)state;
    assert_string_equal(render("I'm sure they're gonna win, but we can't and won't; cannot "
                               "wait, you'll see."),
                        "I'm(I+'m) sure they're(they+'re) gonna(gon+na) win , but we "
                        "can't(ca+n't) and won't(wo+n't) ; cannot(can+not) wait , "
                        "you'll(you+'ll) see .");
    assert_string_equal(render("I dont think she'd mind; we've heard it's late."),
                        "I dont(do+nt) think she'd(she+'d) mind ; we've(we+'ve) heard "
                        "it's(it+'s) late .");
    /* "its" is it+s before a verb-like word, a possessive before a noun. */
    assert_string_equal(render("Its not over, its end is near."),
                        "Its(It+s) not over , its end is near .");
    /* Curly apostrophes split the same way. */
    assert_string_equal(render("We don\xE2\x80\x99t know."),
                        "We don\xE2\x80\x99t(do+n\xE2\x80\x99t) know .");
}

static void possessives(void **state)
{
    (void)state;
    assert_string_equal(render("Kim Jong Un\xE2\x80\x99s aides and the workers' union met at "
                               "Google's office."),
                        "Kim Jong Un\xE2\x80\x99s(Un+\xE2\x80\x99s) aides and the "
                        "workers'(workers+') union met at Google's(Google+'s) office .");
    /* A closing single quote after s is a quote, not a possessive. */
    assert_string_equal(render("He said 'no more games' twice."),
                        "He said ' no more games ' twice .");
    /* Numbers keep their 's. */
    assert_string_equal(render("music of the 1970's"), "music of the 1970's");
}

static void abbreviations(void **state)
{
    (void)state;
    assert_string_equal(render("Gen. Smith met Dr. Jones in Washington, D.C., at 5 p.m. on "
                               "Jan. 3, e.g. for talks."),
                        "Gen. Smith met Dr. Jones in Washington , D.C. , at 5 p.m. on Jan. 3 , "
                        "e.g. for talks .");
    /* At the end of a sentence the period is a token of its own. */
    assert_string_equal(render("They sell pens, paper, etc. The shop is in the U.S."),
                        "They sell pens , paper , etc . The shop is in the U.S .");
    assert_string_equal(render("Acme Inc. said sales grew. Acme Inc. The firm grew."),
                        "Acme Inc. said sales grew . Acme Inc . The firm grew .");
    /* Initials stay. */
    assert_string_equal(render("George W. Bush spoke."), "George W. Bush spoke .");
    toks k;
    const char *s = "Dr. No";
    tokenize_n(&k, s, strlen(s));
    assert_int_equal(k.n, 2);
    assert_int_equal(k.t[0].kind, CASUS_TOK_ABBREV);
    arena_finish(&k.mem);
}

static void web_tokens(void **state)
{
    (void)state;
    const char *s = "See https://example.org/a_b?x=1. Write to press@example.com or "
                    "@casus_news #elections2024 at www.example.net now.";
    assert_string_equal(render(s), "See https://example.org/a_b?x=1 . Write to "
                                   "press@example.com or @casus_news #elections2024 at "
                                   "www.example.net now .");
    toks k;
    tokenize_n(&k, s, strlen(s));
    check_invariants(&k, strlen(s));
    assert_int_equal(k.t[1].kind, CASUS_TOK_URL);
    assert_int_equal(k.t[5].kind, CASUS_TOK_EMAIL);
    assert_int_equal(k.t[7].kind, CASUS_TOK_HANDLE);
    assert_int_equal(k.t[8].kind, CASUS_TOK_HANDLE);
    assert_int_equal(k.t[10].kind, CASUS_TOK_URL);
    arena_finish(&k.mem);
    /* A URL in brackets keeps the brackets out. */
    assert_string_equal(render("(http://example.org/x)"), "( http://example.org/x )");
}

static void emoticons(void **state)
{
    (void)state;
    assert_string_equal(render("Great game :) but sad :( ;-) <3 and :D"),
                        "Great game :) but sad :( ;-) <3 and :D");
    toks k;
    const char *s = "ok :-)";
    tokenize_n(&k, s, strlen(s));
    assert_int_equal(k.n, 2);
    assert_int_equal(k.t[1].kind, CASUS_TOK_EMOTICON);
    arena_finish(&k.mem);
    /* Not in a time or a ratio. */
    assert_string_equal(render("at 10:30 (see note 2)"), "at 10:30 ( see note 2 )");
}

static void numbers(void **state)
{
    (void)state;
    assert_string_equal(render("Profits rose 10% to $1,750.25 million, or 5.93 a share, at "
                               "10:30 on 3/14/2024 in the 1980s and 3rd quarter; call "
                               "713-853-3989."),
                        "Profits rose 10 % to $ 1,750.25 million , or 5.93 a share , at 10:30 "
                        "on 3/14/2024 in the 1980s and 3rd quarter ; call 713-853-3989 .");
    assert_string_equal(render("from 5pm to 9pm, 1/2 cup, 1969-1970 and 9/11"),
                        "from 5 pm to 9 pm , 1 / 2 cup , 1969 - 1970 and 9/11");
    toks k;
    const char *s = "1,750";
    tokenize_n(&k, s, strlen(s));
    assert_int_equal(k.n, 1);
    assert_int_equal(k.t[0].kind, CASUS_TOK_NUMBER);
    arena_finish(&k.mem);
}

static void hyphens_and_slashes(void **state)
{
    (void)state;
    assert_string_equal(render("A 15-year-old e-mail from anti-war groups and a well-known "
                               "co-operative and/or non-profit."),
                        "A 15 - year - old e-mail from anti-war groups and a well - known "
                        "co-operative and / or non-profit .");
}

static void quotes_and_dashes(void **state)
{
    (void)state;
    const char *s = "LONDON \xE2\x80\x94 The talks ended -- abruptly... \xE2\x80\x9CNo,\xE2\x80"
                    "\x9D said \xE2\x80\x98one\xE2\x80\x99; \xE2\x80\x9EJa\xE2\x80\x9C and "
                    "\"yes\" and \xE2\x80\xB9oui\xE2\x80\xBA!";
    assert_string_equal(render(s),
                        "LONDON \xE2\x80\x94 The talks ended -- abruptly ... \xE2\x80\x9C No , "
                        "\xE2\x80\x9D said \xE2\x80\x98 one \xE2\x80\x99 ; \xE2\x80\x9E Ja "
                        "\xE2\x80\x9C and \" yes \" and \xE2\x80\xB9 oui \xE2\x80\xBA !");
    toks k;
    tokenize_n(&k, s, strlen(s));
    check_invariants(&k, strlen(s));
    /* The em dash: one token over its three bytes, norm "-". */
    assert_int_equal(k.t[1].start, 7);
    assert_int_equal(k.t[1].end, 10);
    assert_int_equal(k.t[1].kind, CASUS_TOK_PUNCT);
    assert_string_equal(k.w[1].form, "\xE2\x80\x94");
    assert_string_equal(k.w[1].norm, "-");
    assert_true(k.t[0].space_after);
    arena_finish(&k.mem);
    /* An en dash between words splits, where a hyphen would join. */
    assert_string_equal(render("e\xE2\x80\x93mail"), "e \xE2\x80\x93 mail");
}

static void space_after(void **state)
{
    (void)state;
    toks k;
    const char *s = "Yes, no.";
    tokenize_n(&k, s, strlen(s));
    assert_int_equal(k.n, 4);
    assert_false(k.t[0].space_after);
    assert_true(k.t[1].space_after);
    assert_false(k.t[2].space_after);
    assert_false(k.t[3].space_after);
    arena_finish(&k.mem);
}

static void invalid_utf8_and_nul(void **state)
{
    (void)state;
    const char s[] = "abc\xFF def\0ghi \xE2\x80 x";
    size_t len = sizeof s - 1;
    toks k;
    tokenize_n(&k, s, len);
    check_invariants(&k, len);
    assert_int_equal(k.n, 5);
    /* The invalid byte stays inside its word; offsets do not move. */
    assert_int_equal(k.t[0].start, 0);
    assert_int_equal(k.t[0].end, 4);
    assert_int_equal(k.t[1].start, 5);
    assert_int_equal(k.t[1].end, 8);
    assert_int_equal(k.t[2].start, 9);
    assert_int_equal(k.t[2].end, 12);
    assert_int_equal(k.t[3].start, 13);
    assert_int_equal(k.t[3].end, 15);
    assert_int_equal(k.t[4].start, 16);
    assert_string_equal(k.w[0].norm, "abc\xEF\xBF\xBD");
    arena_finish(&k.mem);
}

static void combining_marks(void **state)
{
    (void)state;
    const char *s = "Cafe\xCC\x81 open";
    toks k;
    tokenize_n(&k, s, strlen(s));
    check_invariants(&k, strlen(s));
    assert_int_equal(k.n, 2);
    assert_int_equal(k.t[0].start, 0);
    assert_int_equal(k.t[0].end, 6);
    assert_string_equal(k.w[0].form, "Cafe\xCC\x81");
    assert_string_equal(k.w[0].norm, "Caf\xC3\xA9");
    assert_int_equal(k.t[1].start, 7);
    arena_finish(&k.mem);
}

static void empty_and_blank(void **state)
{
    (void)state;
    toks k;
    tokenize_n(&k, "", 0);
    assert_int_equal(k.n, 0);
    assert_int_equal(k.nw, 0);
    arena_finish(&k.mem);
    tokenize_n(&k, " \n\t\r\n ", 6);
    assert_int_equal(k.n, 0);
    arena_finish(&k.mem);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A 10 MB word is one token; long runs of connectors stay linear (1 MB of
 * each pattern in well under a second each, even under sanitizers). */
static void huge_inputs(void **state)
{
    (void)state;
    size_t len = (size_t)10 << 20;
    char *s = malloc(len);
    assert_non_null(s);
    memset(s, 'a', len);
    double t0 = seconds();
    toks tk;
    tokenize_n(&tk, s, len);
    assert_int_equal(tk.n, 1);
    assert_int_equal(tk.t[0].end, len);
    assert_int_equal(strlen(tk.w[0].form), len);
    arena_finish(&tk.mem);
    assert_true(seconds() - t0 < 10.0);

    len = (size_t)1 << 20;
    const char *patterns[] = {"a-", "@a",  "a.",      "a'", "-",   "1,", "e\xCC\x81",
                              "a/", "U. ", "http://", "a@", "s' ", ":)"};
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
        size_t k = strlen(patterns[p]);
        for (size_t i = 0; i < len; i++)
            s[i] = patterns[p][i % k];
        t0 = seconds();
        tokenize_n(&tk, s, len);
        check_invariants(&tk, len);
        arena_finish(&tk.mem);
        assert_true(seconds() - t0 < 10.0);
    }
    free(s);
}

/* A document over its arena cap fails cleanly. */
static void over_the_cap(void **state)
{
    (void)state;
    size_t len = (size_t)4 << 20;
    char *s = malloc(len);
    assert_non_null(s);
    for (size_t i = 0; i < len; i++)
        s[i] = i % 2 ? '-' : 'a';
    arena mem;
    arena_init(&mem, (size_t)8 << 20);
    text_norm n;
    casus_token *t;
    casus_word *w;
    size_t nt, nw;
    assert_int_equal(text_normalize(&mem, s, len, &n), 0);
    assert_int_equal(text_tokenize(&mem, s, len, &n, &t, &nt, &w, &nw), CASUS_ENOMEM);
    arena_finish(&mem);
    free(s);
}

/* The pipeline gives the same tokens as the direct calls. */
static void through_pipeline(void **state)
{
    (void)state;
    const char *s = "The envoy\xE2\x80\x99s plane landed at 9 a.m. on Monday. Officials "
                    "didn't comment.";
    casus_pipeline *p;
    assert_int_equal(casus_pipeline_new(&p, NULL, NULL), 0);
    casus_article *a = casus_article_new("t1", "", "", "", s, strlen(s));
    assert_non_null(a);
    casus_doc *d;
    assert_int_equal(casus_doc_process(p, a, &d, NULL), 0);
    casus_text_view v;
    casus_doc_text(d, &v);
    toks k;
    tokenize_n(&k, s, strlen(s));
    assert_int_equal(v.n_tokens, k.n);
    assert_int_equal(v.n_words, k.nw);
    for (size_t i = 0; i < k.n; i++) {
        assert_int_equal(v.tokens[i].start, k.t[i].start);
        assert_int_equal(v.tokens[i].end, k.t[i].end);
    }
    for (size_t i = 0; i < k.nw; i++)
        assert_string_equal(v.words[i].form, k.w[i].form);
    arena_finish(&k.mem);
    casus_doc_free(d);
    casus_article_free(a);
    casus_pipeline_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_are_sorted),   cmocka_unit_test(mixed_sentence),
        cmocka_unit_test(contractions),        cmocka_unit_test(possessives),
        cmocka_unit_test(abbreviations),       cmocka_unit_test(web_tokens),
        cmocka_unit_test(emoticons),           cmocka_unit_test(numbers),
        cmocka_unit_test(hyphens_and_slashes), cmocka_unit_test(quotes_and_dashes),
        cmocka_unit_test(space_after),         cmocka_unit_test(invalid_utf8_and_nul),
        cmocka_unit_test(combining_marks),     cmocka_unit_test(empty_and_blank),
        cmocka_unit_test(huge_inputs),         cmocka_unit_test(over_the_cap),
        cmocka_unit_test(through_pipeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
