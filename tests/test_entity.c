/*
 * test_entity.c — mentions, actor codes and coreference (src/entity/
 * entity.c, coref.c) on sentences written for the project, run through
 * the committed models (NER included) and the repository's dictionaries
 * (dict/), as the pipeline runs them. Each test is one rule of
 * docs/ENTITIES.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "core/doc.h"
#include "entity/dict.h"
#include "entity/entity.h"

static casus_pipeline *pipe_;
static edict *dict_;

static int setup(void **state)
{
    (void)state;
    casus_error err;
    casus_pipeline_opts o = {.stages = CASUS_STAGE_TEXT | CASUS_STAGE_SYNTAX | CASUS_STAGE_ENTITY};
    if (casus_pipeline_new(&pipe_, &o, &err)) {
        fprintf(stderr, "test_entity: %s\n", err.msg);
        return -1;
    }
    if (edict_new(&dict_, &err) || edict_load_dir(dict_, CASUS_DICT_DIR, &err) ||
        edict_finish(dict_, &err)) {
        fprintf(stderr, "test_entity: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    casus_pipeline_free(pipe_);
    edict_free(dict_);
    return 0;
}

/* One analysed text: the document keeps the layer in its arena. */
typedef struct run {
    casus_article a;
    casus_doc *d;
    entity_layer L;
} run;

static void run_text(run *r, const char *text, const char *date)
{
    memset(r, 0, sizeof *r);
    r->a.id = (char *)"t";
    r->a.text = (char *)text;
    r->a.text_len = strlen(text);
    r->a.date = (char *)date;
    casus_error err;
    assert_int_equal(casus_doc_process(pipe_, &r->a, &r->d, &err), 0);
    /* the layer as the pipeline made it, through the public accessors */
    r->L.mentions = (casus_mention *)casus_doc_mentions(r->d, &r->L.n_mentions);
    r->L.entities = (casus_entity *)casus_doc_entities(r->d, &r->L.n_entities);
    assert_non_null(r->L.mentions);
}

static void run_free(run *r)
{
    casus_doc_free(r->d);
}

/* The mention whose text is exactly s (the first one), or NULL. */
static const casus_mention *mention(const run *r, const char *s)
{
    size_t n = strlen(s);
    for (size_t k = 0; k < r->L.n_mentions; k++) {
        const casus_mention *m = &r->L.mentions[k];
        if (m->end - m->start == n && !memcmp(r->a.text + m->start, s, n))
            return m;
    }
    fprintf(stderr, "no mention \"%s\"; mentions:", s);
    for (size_t k = 0; k < r->L.n_mentions; k++) {
        const casus_mention *m = &r->L.mentions[k];
        fprintf(stderr, " [%.*s]", (int)(m->end - m->start), r->a.text + m->start);
    }
    fprintf(stderr, "\n");
    return NULL;
}

/* The n-th (0-based) mention whose text is s. */
static const casus_mention *mention_n(const run *r, const char *s, int nth)
{
    size_t n = strlen(s);
    for (size_t k = 0; k < r->L.n_mentions; k++) {
        const casus_mention *m = &r->L.mentions[k];
        if (m->end - m->start == n && !memcmp(r->a.text + m->start, s, n) && nth-- == 0)
            return m;
    }
    return NULL;
}

static void assert_code(const run *r, const char *text, const char *code)
{
    const casus_mention *m = mention(r, text);
    assert_non_null(m);
    if (strcmp(m->code, code))
        fprintf(stderr, "\"%s\": code %s, expected %s\n", text, m->code, code);
    assert_string_equal(m->code, code);
}

static void assert_same(const run *r, const casus_mention *a, const casus_mention *b)
{
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a->entity >= 0);
    assert_int_equal(a->entity, b->entity);
}

/* ------------------------------------------------------------ actor codes */

static void test_title_and_demonym(void **state)
{
    (void)state;
    run r;
    run_text(&r, "North Korean Foreign Minister Ri Yong Ho arrived in Tehran on Monday.",
             "2018-08-08");
    assert_code(&r, "Ri Yong Ho", "PRKGOV");
    run_free(&r);
}

/* A description right before a name is that person's even when the
 * parser hangs the name elsewhere ("Jorge Arreaza" under "Tuesday"). */
static void test_counterpart_misparsed(void **state)
{
    (void)state;
    run r;
    run_text(&r,
             "Cuban Foreign Minister Bruno Rodriguez also met with Venezuelan counterpart "
             "Jorge Arreaza Tuesday in an effort to bolster longstanding ties between the two "
             "countries.",
             "2018-08-08");
    assert_same(&r, mention(&r, "Venezuelan counterpart"), mention(&r, "Jorge Arreaza"));
    assert_code(&r, "Jorge Arreaza", "VENGOV");
    run_free(&r);
}

static void test_counterpart(void **state)
{
    (void)state;
    run r;
    run_text(&r, "The minister also met his Iranian counterpart Javad Zarif on Tuesday.",
             "2018-08-08");
    assert_code(&r, "Javad Zarif", "IRNGOV");
    run_free(&r);
}

static void test_possessor(void **state)
{
    (void)state;
    run r;
    run_text(&r, "Kim Jong Un's top diplomat flew to Iran this week.", "2018-08-08");
    assert_code(&r, "Kim Jong Un's top diplomat", "PRKGOV");
    assert_code(&r, "Kim Jong Un", "PRKGOV");
    run_free(&r);
}

static void test_former_drops_role(void **state)
{
    (void)state;
    run r;
    run_text(&r, "The talks were useful, said a former CIA intelligence analyst.", "2018-08-08");
    assert_code(&r, "a former CIA intelligence analyst", "USA");
    assert_code(&r, "CIA", "USASPY");
    run_free(&r);
}

static void test_capital_acts(void **state)
{
    (void)state;
    run r;
    run_text(&r, "Tehran warned Pyongyang not to trust any promise. The envoy stayed in Tehran.",
             "2018-08-08");
    const casus_mention *acting = mention_n(&r, "Tehran", 0), *place = mention_n(&r, "Tehran", 1);
    assert_non_null(acting);
    assert_non_null(place);
    assert_string_equal(acting->code, "IRNGOV");
    assert_string_equal(place->code, "IRN");
    assert_code(&r, "Pyongyang", "PRKGOV");
    run_free(&r);
}

static void test_alias(void **state)
{
    (void)state;
    run r;
    run_text(&r, "Washington imposed new sanctions on the Islamic republic.", "2018-08-08");
    assert_code(&r, "Islamic republic", "IRN");
    assert_code(&r, "Washington", "USAGOV");
    run_free(&r);
}

static void test_unknown_person_with_role(void **state)
{
    (void)state;
    run r;
    run_text(&r, "A Guyanese police officer was injured near the border.", "2018-08-08");
    assert_code(&r, "A Guyanese police officer", "GUYCOP");
    run_free(&r);
}

static void test_dated_roles(void **state)
{
    (void)state;
    run r;
    run_text(&r, "Donald Trump spoke in New York.", "2018-08-08");
    assert_code(&r, "Donald Trump", "USAGOV");
    run_free(&r);
    run_text(&r, "Donald Trump spoke in New York.", "2014-03-01");
    assert_code(&r, "Donald Trump", "USABUS");
    run_free(&r);
}

static void test_surname_alone(void **state)
{
    (void)state;
    run r;
    /* no full name in the article: the one Mugabe of the dictionaries */
    run_text(&r, "Opposition groups are demanding that President Mugabe abandon his policy.",
             "2002-05-01");
    assert_code(&r, "Mugabe", "ZWEGOV");
    run_free(&r);
}

/* Only a lone surname: another first name is another person ("Peter Cook"
 * of the Pentagon is not Robin Cook, the British foreign secretary). */
static void test_full_name_not_by_surname(void **state)
{
    (void)state;
    run r;
    run_text(&r, "Peter Cook told reporters today that the strikes hit two vehicles.",
             "2003-02-01");
    const casus_mention *m = mention(&r, "Peter Cook");
    assert_non_null(m);
    assert_true(strncmp(m->code, "GBR", 3) != 0);
    run_free(&r);
    run_text(&r, "Foreign Secretary Cook told reporters today that talks would go on.",
             "2003-02-01");
    assert_code(&r, "Cook", "GBRGOV");
    run_free(&r);
}

/* ------------------------------------------------------------ coreference */

static void test_surname(void **state)
{
    (void)state;
    run r;
    run_text(&r,
             "Iranian President Hassan Rouhani spoke on Sunday. Rouhani said the deal was dead.",
             "2018-08-08");
    const casus_mention *full = mention(&r, "Hassan Rouhani"), *sur = mention(&r, "Rouhani");
    assert_same(&r, full, sur);
    assert_string_equal(r.L.entities[full->entity].name, "Hassan Rouhani");
    assert_string_equal(r.L.entities[full->entity].code, "IRNGOV");
    run_free(&r);
}

static void test_korean_name_first_word(void **state)
{
    (void)state;
    run r;
    run_text(&r,
             "North Korean Foreign Minister Ri Yong Ho landed in Tehran. Ri then met officials.",
             "2018-08-08");
    assert_same(&r, mention(&r, "Ri Yong Ho"), mention_n(&r, "Ri", 0));
    run_free(&r);
}

static void test_ambiguous_kim_by_recency(void **state)
{
    (void)state;
    run r;
    run_text(&r,
             "Kim Jong Un met the envoy in June. Soo Kim, a former CIA analyst, spoke on Monday. "
             "\"It is a game,\" Kim said.",
             "2018-08-08");
    const casus_mention *kju = mention(&r, "Kim Jong Un"), *soo = mention(&r, "Soo Kim");
    const casus_mention *kim = mention_n(&r, "Kim", 0);
    assert_non_null(kju);
    assert_non_null(soo);
    assert_non_null(kim);
    assert_true(kju->entity != soo->entity);
    assert_same(&r, soo, kim);
    run_free(&r);
}

static void test_definite_description(void **state)
{
    (void)state;
    run r;
    run_text(&r,
             "North Korean Foreign Minister Ri Yong Ho met Iranian President Hassan Rouhani. "
             "The North Korean foreign minister said the talks went well. "
             "The Iranian president thanked him.",
             "2018-08-08");
    assert_same(&r, mention(&r, "Ri Yong Ho"), mention(&r, "The North Korean foreign minister"));
    assert_same(&r, mention(&r, "Hassan Rouhani"), mention(&r, "The Iranian president"));
    run_free(&r);
}

static void test_pronoun_reported_clause(void **state)
{
    (void)state;
    run r;
    run_text(&r,
             "North Korean Foreign Minister Ri Yong Ho visited Tehran. The North Korean foreign "
             "minister said he had briefed Rouhani on the talks.",
             "2018-08-08");
    const casus_mention *he = mention(&r, "he");
    assert_same(&r, mention(&r, "Ri Yong Ho"), he);
    assert_string_equal(he->code, "PRKGOV");
    run_free(&r);
}

static void test_its_and_demonym_plural(void **state)
{
    (void)state;
    run r;
    run_text(&r,
             "North Korea tested three missiles in its weapons program. The North Koreans say "
             "the tests will go on.",
             "2018-08-08");
    const casus_mention *nk = mention(&r, "North Korea");
    assert_same(&r, nk, mention(&r, "its"));
    assert_same(&r, nk, mention(&r, "The North Koreans"));
    assert_string_equal(r.L.entities[nk->entity].code, "PRK");
    run_free(&r);
}

/* A demonym several territories share belongs to the most populous
 * ("American" is the United States, not the Northern Mariana Islands), and
 * France keeps its own name (Phoenix files Mayotte under FRA). */
static void test_shared_demonym(void **state)
{
    (void)state;
    run r;
    run_text(&r, "An American diplomat met French officials in Paris.", "2018-08-08");
    assert_code(&r, "An American diplomat", "USAGOV");
    assert_code(&r, "French officials", "FRAGOV");
    run_free(&r);
}

/* A name split at an unspaced hyphen stays one name. */
static void test_hyphenated_name(void **state)
{
    (void)state;
    run r;
    run_text(&r, "President Moon Jae-in arrived in Pyongyang on Tuesday.", "2018-09-18");
    assert_code(&r, "Moon Jae-in", "KORGOV");
    run_free(&r);
}

static void test_no_dictionary(void **state)
{
    (void)state;
    /* Without dictionaries or NER there is nothing to name, and no crash. */
    run r;
    memset(&r, 0, sizeof r);
    const char *text = "He said it would rain.";
    r.a.id = (char *)"t";
    r.a.text = (char *)text;
    r.a.text_len = strlen(text);
    r.a.date = (char *)"";
    casus_error err;
    assert_int_equal(casus_doc_process(pipe_, &r.a, &r.d, &err), 0);
    entity_input in = {.text = text, .words = r.d->words, .n_words = r.d->n_words,
                       .syn = r.d->syn, .sentences = r.d->sentences,
                       .n_sentences = r.d->n_sentences};
    assert_int_equal(entity_build(&in, &r.d->mem, &r.L), 0);
    assert_int_equal(r.L.n_entities, 0);
    run_free(&r);
}

static void test_date_int(void **state)
{
    (void)state;
    assert_int_equal(entity_date_int("2018-08-08"), 20180808);
    assert_int_equal(entity_date_int("2018-8-08"), 0);
    assert_int_equal(entity_date_int(""), 0);
    assert_int_equal(entity_date_int(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_and_demonym),
        cmocka_unit_test(test_counterpart),
        cmocka_unit_test(test_counterpart_misparsed),
        cmocka_unit_test(test_possessor),
        cmocka_unit_test(test_former_drops_role),
        cmocka_unit_test(test_capital_acts),
        cmocka_unit_test(test_alias),
        cmocka_unit_test(test_unknown_person_with_role),
        cmocka_unit_test(test_dated_roles),
        cmocka_unit_test(test_surname_alone),
        cmocka_unit_test(test_full_name_not_by_surname),
        cmocka_unit_test(test_surname),
        cmocka_unit_test(test_korean_name_first_word),
        cmocka_unit_test(test_ambiguous_kim_by_recency),
        cmocka_unit_test(test_definite_description),
        cmocka_unit_test(test_pronoun_reported_clause),
        cmocka_unit_test(test_its_and_demonym_plural),
        cmocka_unit_test(test_shared_demonym),
        cmocka_unit_test(test_hyphenated_name),
        cmocka_unit_test(test_no_dictionary),
        cmocka_unit_test(test_date_int),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
