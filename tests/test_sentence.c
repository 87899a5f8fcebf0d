/*
 * test_sentence.c — the sentence splitter (src/text/sentence.c).
 *
 * Most tests run the real text layer (normalise, tokenise, split) on a
 * sentence written for this file and compare the sentences' text, so they
 * hold whatever the tokeniser does inside a sentence. A few build tokens
 * by hand to pin the splitter down independently of the tokeniser, and one
 * checks the invariants (every token in exactly one sentence, in order, no
 * empty sentence) on random input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "text/sentence.h"
#include "text/text.h"

typedef struct split_result {
    arena mem;
    const char *text;
    size_t len;
    casus_token *tokens;
    size_t n_tokens;
    casus_word *words;
    size_t n_words;
    casus_sentence *sents;
    size_t n_sents;
} split_result;

static void run_split(split_result *r, const char *text, size_t len)
{
    arena_init(&r->mem, 64 << 20);
    r->text = text;
    r->len = len;
    text_norm norm;
    assert_int_equal(text_normalize(&r->mem, text, len, &norm), 0);
    assert_int_equal(text_tokenize(&r->mem, text, len, &norm, &r->tokens, &r->n_tokens,
                                   &r->words, &r->n_words),
                     0);
    assert_int_equal(text_split(&r->mem, text, len, r->tokens, r->n_tokens, r->words,
                                r->n_words, &r->sents, &r->n_sents),
                     0);
}

/* Every token in exactly one sentence, in order; spans and word ranges
 * agree with the tokens; the first sentence opens a paragraph. */
static void check_invariants(const split_result *r)
{
    size_t next = 0, next_word = r->n_tokens ? r->tokens[0].word : 0;
    for (size_t i = 0; i < r->n_sents; i++) {
        const casus_sentence *s = &r->sents[i];
        assert_true(s->n_tokens > 0);
        assert_int_equal(s->token, next);
        assert_true(s->token + s->n_tokens <= r->n_tokens);
        assert_int_equal(s->start, r->tokens[s->token].start);
        assert_int_equal(s->end, r->tokens[s->token + s->n_tokens - 1].end);
        assert_int_equal(s->word, next_word);
        const casus_token *last = &r->tokens[s->token + s->n_tokens - 1];
        assert_int_equal(s->word + s->n_words, last->word + last->n_words);
        next = s->token + s->n_tokens;
        next_word = s->word + s->n_words;
        if (i == 0)
            assert_int_equal(s->new_par, 1);
    }
    assert_int_equal(next, r->n_tokens);
    if (r->n_tokens == 0)
        assert_int_equal(r->n_sents, 0);
}

/*
 * Splits text and compares with `expected`: the sentences' texts joined
 * by " | ", a sentence that opens a paragraph (after the first) written
 * with " ||| " before it. Line breaks inside a sentence print as spaces.
 */
static void expect_split(const char *text, const char *expected)
{
    split_result r;
    run_split(&r, text, strlen(text));
    check_invariants(&r);
    char got[4096];
    size_t n = 0;
    for (size_t i = 0; i < r.n_sents; i++) {
        const casus_sentence *s = &r.sents[i];
        const char *sep = i == 0 ? "" : s->new_par ? " ||| " : " | ";
        n += (size_t)snprintf(got + n, sizeof got - n, "%s", sep);
        for (uint32_t k = s->start; k < s->end && n + 1 < sizeof got; k++)
            got[n++] = text[k] == '\n' ? ' ' : text[k];
        got[n] = 0;
        assert_true(n + 8 < sizeof got);
    }
    got[n] = 0;
    if (strcmp(got, expected) != 0)
        print_error("text:     %s\nexpected: %s\ngot:      %s\n", text, expected, got);
    assert_string_equal(got, expected);
    arena_finish(&r.mem);
}

static void abbreviations_mid_sentence(void **state)
{
    (void)state;
    expect_split("Gen. Smith met Dr. Lee on Jan. 5 near the old harbour. They spoke for an hour.",
                 "Gen. Smith met Dr. Lee on Jan. 5 near the old harbour. | They spoke for an hour.");
    expect_split("Mr. Brown and Mrs. Green arrived late. The meeting began without them.",
                 "Mr. Brown and Mrs. Green arrived late. | The meeting began without them.");
    expect_split("Brig. Gen. Ortiz will brief reporters. Col. Hale will moderate.",
                 "Brig. Gen. Ortiz will brief reporters. | Col. Hale will moderate.");
    expect_split("The base confirmed that Spc. Dana Reyes was injured.",
                 "The base confirmed that Spc. Dana Reyes was injured.");
    expect_split("Bring fruit, e.g. apples or pears, to the picnic. We start at noon.",
                 "Bring fruit, e.g. apples or pears, to the picnic. | We start at noon.");
    expect_split("The vote is set for Feb. 12 in the main hall. No. 7 on the list withdrew.",
                 "The vote is set for Feb. 12 in the main hall. | No. 7 on the list withdrew.");
}

static void us_mid_and_end(void **state)
{
    (void)state;
    expect_split("The U.S. envoy landed in the capital on Sunday. Talks start today.",
                 "The U.S. envoy landed in the capital on Sunday. | Talks start today.");
    expect_split("Her family moved to the U.S. The move was hard for them.",
                 "Her family moved to the U.S. | The move was hard for them.");
    expect_split("Officials from the U. S. and Canada met twice. Nothing was agreed.",
                 "Officials from the U. S. and Canada met twice. | Nothing was agreed.");
    /* initials before a name are not an end */
    expect_split("The award went to retired teacher R.J. Moreno of Tucson. She accepted.",
                 "The award went to retired teacher R.J. Moreno of Tucson. | She accepted.");
}

static void quotes_after_final_punctuation(void **state)
{
    (void)state;
    expect_split("She said, \"We are ready.\" Then she sat down.",
                 "She said, \"We are ready.\" | Then she sat down.");
    expect_split("He wrote: \xE2\x80\x9CThe bridge is closed.\xE2\x80\x9D Drivers took the ferry.",
                 "He wrote: \xE2\x80\x9CThe bridge is closed.\xE2\x80\x9D | Drivers took the "
                 "ferry.");
    expect_split("\xC2\xABThe plan will work,\xC2\xBB the mayor added. \xC2\xABWe have no "
                 "choice.\xC2\xBB",
                 "\xC2\xABThe plan will work,\xC2\xBB the mayor added. | \xC2\xABWe have no "
                 "choice.\xC2\xBB");
    expect_split("The fee rose (again.) Nobody was surprised.",
                 "The fee rose (again.) | Nobody was surprised.");
    /* a closing quote set off by a space still ends its sentence */
    expect_split("They said it was over. \xE2\x80\x9D The crowd left.",
                 "They said it was over. \xE2\x80\x9D | The crowd left.");
    expect_split("It rained all day.\xC2\xBB Then it snowed.",
                 "It rained all day.\xC2\xBB | Then it snowed.");
}

static void dateline_starts_sentence(void **state)
{
    (void)state;
    expect_split("MADRID (Wire) - Trains stopped for an hour. Service resumed at noon.",
                 "MADRID (Wire) - Trains stopped for an hour. | Service resumed at noon.");
    expect_split("ROME, Oct. 3 - The council voted late on Friday.",
                 "ROME, Oct. 3 - The council voted late on Friday.");
    expect_split("PARIS \xE2\x80\x94 The talks ended on Monday without a deal. Both sides will "
                 "meet again.",
                 "PARIS \xE2\x80\x94 The talks ended on Monday without a deal. | Both sides will "
                 "meet again.");
    expect_split("The storm weakened overnight.\nOSLO \xE2\x80\x94 Ferries resumed at dawn.",
                 "The storm weakened overnight. | OSLO \xE2\x80\x94 Ferries resumed at dawn.");
}

static void headline_line(void **state)
{
    (void)state;
    expect_split("Storm closes coastal roads\nThe storm reached the coast at dawn. Several "
                 "roads were closed.",
                 "Storm closes coastal roads | The storm reached the coast at dawn. | Several "
                 "roads were closed.");
    expect_split("Museum Reopens After Repairs\n\nThe museum reopened on Friday.\nVisitors "
                 "queued for hours.",
                 "Museum Reopens After Repairs ||| The museum reopened on Friday. | Visitors "
                 "queued for hours.");
    /* a company name opening a paragraph is not a one-word sentence */
    expect_split("Northwind Corp said its profit rose.", "Northwind Corp said its profit rose.");
    /* a wrapped line that goes on in lower case is one sentence */
    expect_split("The committee will publish its\nreport next week.",
                 "The committee will publish its report next week.");
}

static void paragraphs_and_new_par(void **state)
{
    (void)state;
    const char *text = "One sentence here. Another one here.\n\nA second paragraph.\n \t\n"
                       "Third paragraph, first line.\r\n\r\nFourth.";
    expect_split(text, "One sentence here. | Another one here. ||| A second paragraph. ||| "
                       "Third paragraph, first line. ||| Fourth.");
    split_result r;
    run_split(&r, text, strlen(text));
    assert_int_equal(r.n_sents, 5);
    const uint8_t want[] = {1, 0, 1, 1, 1};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(r.sents[i].new_par, want[i]);
    arena_finish(&r.mem);
    /* a paragraph without final punctuation still ends at the blank line */
    expect_split("no punctuation at all\n\nnext paragraph", "no punctuation at all ||| next "
                                                            "paragraph");
}

static void ellipsis_and_marks(void **state)
{
    (void)state;
    expect_split("We waited... and waited for the bus. It never came.",
                 "We waited... and waited for the bus. | It never came.");
    expect_split("Did she really win?! Nobody expected it.",
                 "Did she really win?! | Nobody expected it.");
    expect_split("Really? Yes! Wonderful.", "Really? | Yes! | Wonderful.");
    expect_split("The lights went out\xE2\x80\xA6 Then the music stopped.",
                 "The lights went out\xE2\x80\xA6 | Then the music stopped.");
}

static void numbered_list(void **state)
{
    (void)state;
    expect_split("Steps:\n1. Open the box.\n2. Remove the lid.\n3. Enjoy the cake.",
                 "Steps: | 1. Open the box. | 2. Remove the lid. | 3. Enjoy the cake.");
}

static void empty_and_tiny(void **state)
{
    (void)state;
    const char *texts[] = {"", "   ", "\n\n\n", " \t \r\n "};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        split_result r;
        run_split(&r, texts[i], strlen(texts[i]));
        assert_int_equal(r.n_tokens, 0);
        assert_int_equal(r.n_sents, 0);
        arena_finish(&r.mem);
    }
    expect_split("Hello", "Hello");
    expect_split("  Hello  ", "Hello");
    expect_split(".", ".");
    expect_split("this text has no final punctuation", "this text has no final punctuation");
}

/* Tokens built by hand: "Gen." and "U.S." as single tokens. */
static void hand_made_tokens(void **state)
{
    (void)state;
    const char *text = "Gen. Lee went to the U.S. The trip was short.";
    static const struct {
        uint32_t start, end;
        uint8_t kind;
    } spans[] = {{0, 4, CASUS_TOK_ABBREV}, {5, 8, 0},   {9, 13, 0},  {14, 16, 0},
                 {17, 20, 0},              {21, 25, CASUS_TOK_ABBREV},
                 {26, 29, 0},              {30, 34, 0}, {35, 38, 0}, {39, 44, 0},
                 {44, 45, CASUS_TOK_PUNCT}};
    size_t n = sizeof spans / sizeof *spans;
    casus_token tokens[16];
    casus_word words[16];
    char forms[16][8];
    for (size_t i = 0; i < n; i++) {
        uint32_t a = spans[i].start, b = spans[i].end;
        memcpy(forms[i], text + a, b - a);
        forms[i][b - a] = 0;
        tokens[i] = (casus_token){.start = a, .end = b, .word = (uint32_t)i, .n_words = 1,
                                  .space_after = text[b] == ' ', .kind = spans[i].kind};
        words[i] = (casus_word){.start = a, .end = b, .token = (uint32_t)i, .form = forms[i],
                                .norm = forms[i]};
    }
    arena mem;
    arena_init(&mem, 0);
    casus_sentence *s;
    size_t ns;
    assert_int_equal(text_split(&mem, text, strlen(text), tokens, n, words, n, &s, &ns), 0);
    assert_int_equal(ns, 2);
    assert_int_equal(s[0].start, 0);
    assert_int_equal(s[0].end, 25);
    assert_int_equal(s[0].n_tokens, 6);
    assert_int_equal(s[1].start, 26);
    assert_int_equal(s[1].token, 6);
    assert_int_equal(s[1].word, 6);
    assert_int_equal(s[1].n_words, 5);
    assert_int_equal(s[1].new_par, 0);
    /* no tokens: no sentences */
    assert_int_equal(text_split(&mem, text, strlen(text), tokens, 0, words, 0, &s, &ns), 0);
    assert_int_equal(ns, 0);
    arena_finish(&mem);
}

/* The rules on their own: glued closers, "?!", list numbers. */
static void rules(void **state)
{
    (void)state;
    sent_tok period = {.first = SENT_C_TERM, .last = SENT_C_TERM, .kind = CASUS_TOK_PUNCT,
                       .flags = SENT_F_TERM, .len = 1};
    sent_tok closer = {.first = SENT_C_CLOSE, .last = SENT_C_CLOSE, .kind = CASUS_TOK_PUNCT,
                       .flags = SENT_F_SPACE, .len = 3};
    sent_tok word = {.first = SENT_C_UPPER, .last = SENT_C_LOWER, .kind = CASUS_TOK_WORD,
                     .flags = SENT_F_SPACE, .len = 4};
    sent_tok lower = {.first = SENT_C_LOWER, .last = SENT_C_LOWER, .kind = CASUS_TOK_WORD,
                      .flags = SENT_F_SPACE, .len = 4};
    /* ". ”" glued: never between them */
    assert_int_equal(sent_rule(&word, &period, &closer, 5), SENT_NO);
    /* "word word" in lower case: never */
    assert_int_equal(sent_rule(NULL, &word, &lower, 1), SENT_NO);
    /* a line break before a capitalised word ends the line's sentence */
    sent_tok nl = word;
    nl.flags |= SENT_F_NEWLINE;
    assert_int_equal(sent_rule(NULL, &nl, &word, 3), SENT_YES);
    /* "Gen." before a name */
    sent_tok gen = {.first = SENT_C_UPPER, .last = SENT_C_TERM, .kind = CASUS_TOK_ABBREV,
                    .flags = SENT_F_SPACE | SENT_F_ABBR, .len = 4, .abbr = SENT_A_TITLE};
    assert_int_equal(sent_rule(NULL, &gen, &word, 1), SENT_NO);
}

/* Random text of words, punctuation, quotes and line breaks. */
static void random_invariants(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "word", "Name", "U.S.", "Gen.", ".", "!", "?", "...", ",", " ", " ", " ", "\n",
        "\n\n", "\"", "\xE2\x80\x9D", "\xC2\xBB", "\xC2\xAB", "(", ")", "\xE2\x80\x94", "1.",
        "12", "e.g.", "\xFF", "\t", "-", "?!", "\xE2\x80\xA6", "x"};
    size_t np = sizeof pieces / sizeof *pieces;
    uint32_t seed = 12345;
    char text[2048];
    for (int round = 0; round < 300; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t want = (seed >> 16) % 400;
        while (n < want) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % np];
            size_t k = strlen(p);
            if (n + k >= sizeof text)
                break;
            memcpy(text + n, p, k);
            n += k;
        }
        split_result r;
        run_split(&r, text, n);
        check_invariants(&r);
        arena_finish(&r.mem);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(abbreviations_mid_sentence),
        cmocka_unit_test(us_mid_and_end),
        cmocka_unit_test(quotes_after_final_punctuation),
        cmocka_unit_test(dateline_starts_sentence),
        cmocka_unit_test(headline_line),
        cmocka_unit_test(paragraphs_and_new_par),
        cmocka_unit_test(ellipsis_and_marks),
        cmocka_unit_test(numbered_list),
        cmocka_unit_test(empty_and_tiny),
        cmocka_unit_test(hand_made_tokens),
        cmocka_unit_test(rules),
        cmocka_unit_test(random_invariants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
