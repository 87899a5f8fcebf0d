/*
 * test_event.c — the event coder (src/event/coder.c, when.c) on sentences
 * written for the project, through the committed models and dict/, as
 * `casus code` runs them: one coding rule per test.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "event/coder.h"

typedef struct run {
    casus_article a;
    casus_doc *d;
    const casus_event *ev;
    size_t n;
} run;

static void code(run *r, const char *text, const char *date)
{
    memset(r, 0, sizeof *r);
    tu_process(&r->a, &r->d, text, date);
    r->ev = casus_doc_events(r->d, &r->n);
    assert_non_null(r->ev);
}

static void dump(const run *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const casus_event *e = &r->ev[i];
        fprintf(stderr, "  %s %s %s -> %s %s %s (%s)\n", e->date, e->source.code,
                e->source.name, e->has_target ? e->target.code : "-",
                e->has_target ? e->target.name : "-", e->code, e->rule);
    }
}

/* The first event with this source code, target code ("" for none) and
 * code, or NULL (and the events on stderr). */
static const casus_event *find(const run *r, const char *src, const char *tgt, const char *cd)
{
    for (size_t i = 0; i < r->n; i++) {
        const casus_event *e = &r->ev[i];
        if (!strcmp(e->source.code, src) && !strcmp(e->code, cd) &&
            (e->has_target ? !strcmp(e->target.code, tgt) : !*tgt))
            return e;
    }
    fprintf(stderr, "no event %s -> %s %s in:\n", src, tgt, cd);
    dump(r);
    return NULL;
}

static void test_hold_talks_reciprocal(void **state)
{
    (void)state;
    run r;
    code(&r, "North Korean Foreign Minister Ri Yong Ho held talks with Iranian President Hassan "
             "Rouhani in Tehran on Wednesday.",
         "2018-08-09");
    const casus_event *e = find(&r, "PRKGOV", "IRNGOV", "040");
    assert_non_null(e);
    assert_non_null(find(&r, "IRNGOV", "PRKGOV", "040"));
    assert_string_equal(e->rule, "consult.hold-talks-with");
    assert_string_equal(e->date, "2018-08-08"); /* the Wednesday before a Thursday article */
    assert_string_equal(e->root, "04");
    assert_int_equal(e->quadclass, 1);
    assert_true(e->place_mention >= 0);
    size_t nm;
    const casus_mention *m = casus_doc_mentions(r.d, &nm);
    assert_memory_equal(r.a.text + m[e->place_mention].start, "Tehran", 6);
    /* the trigger span points into the text */
    assert_memory_equal(r.a.text + e->trigger_start, "held", 4);
    casus_doc_free(r.d);
}

static void test_negation_codes_nothing(void **state)
{
    (void)state;
    run r;
    code(&r, "The Iranian president did not meet the North Korean envoy.", "2018-08-08");
    for (size_t i = 0; i < r.n; i++)
        assert_string_not_equal(r.ev[i].base, "040");
    casus_doc_free(r.d);
}

/* What someone is warned against, or left without doing, did not happen;
 * the warning itself did. */
static void test_warned_against(void **state)
{
    (void)state;
    run r;
    code(&r, "Rouhani warned the United States against pulling out of the deal.", "2018-08-08");
    assert_non_null(find(&r, "IRNGOV", "USA", "130"));
    for (size_t i = 0; i < r.n; i++)
        assert_string_not_equal(r.ev[i].root, "16");
    casus_doc_free(r.d);
}

/* "the Iran trip": a country written before a visit is where it goes. */
static void test_visit_compound_is_destination(void **state)
{
    (void)state;
    run r;
    code(&r, "Ri Yong Ho's Iran trip ended on Friday.", "2018-08-08");
    assert_non_null(find(&r, "PRKGOV", "IRN", "042"));
    for (size_t i = 0; i < r.n; i++)
        assert_false(!strcmp(r.ev[i].base, "042") && !strncmp(r.ev[i].source.code, "IRN", 3));
    casus_doc_free(r.d);
}

/* A noun with a preposition is no subject ("In an interview with ..., Ortega
 * warned" parsed with "interview" the nsubj of "warned"). */
static void test_subject_has_no_preposition(void **state)
{
    (void)state;
    run r;
    code(&r,
         "In an interview with the BBC's Ann Lee in May, President Daniel Ortega also warned "
         "that new sanctions would backfire on Washington.",
         "2018-08-08");
    assert_non_null(find(&r, "NICGOV", "USAGOV", "130"));
    casus_doc_free(r.d);
}

static void test_stated_refusal(void **state)
{
    (void)state;
    run r;
    /* a refusal stated for the future is a rejection, not a meeting */
    code(&r, "Iranian President Hassan Rouhani will not meet the North Korean envoy.",
         "2018-08-08");
    assert_non_null(find(&r, "IRNGOV", "PRKGOV", "125"));
    for (size_t i = 0; i < r.n; i++)
        assert_string_not_equal(r.ev[i].base, "040");
    casus_doc_free(r.d);
}

static void test_protest_at_place(void **state)
{
    (void)state;
    run r;
    /* a protest naming no one is aimed at the authorities of its place */
    code(&r, "Thousands of Iranians protested in Paris on Sunday.", "2018-08-08");
    const casus_event *e = NULL;
    for (size_t i = 0; i < r.n && !e; i++)
        if (!strcmp(r.ev[i].root, "14"))
            e = &r.ev[i];
    if (!e)
        dump(&r);
    assert_non_null(e);
    assert_true(e->has_target);
    assert_string_equal(e->target.code, "FRA");
    casus_doc_free(r.d);
}

static void test_intent(void **state)
{
    (void)state;
    run r;
    code(&r, "The North Korean foreign minister plans to visit Iran next month.", "2018-08-08");
    const casus_event *e = find(&r, "PRKGOV", "IRN", "036");
    assert_non_null(e);
    assert_string_equal(e->mood, "intent");
    casus_doc_free(r.d);
}

static void test_sanctions_on(void **state)
{
    (void)state;
    run r;
    code(&r, "Washington reimposed sanctions on Iran on Tuesday.", "2018-08-08");
    const casus_event *e = find(&r, "USAGOV", "IRN", "163");
    assert_non_null(e);
    assert_string_equal(e->date, "2018-08-07");
    assert_int_equal(e->quadclass, 4);
    casus_doc_free(r.d);
}

/* A quantity word's "of" phrase is what the verb acts on. */
static void test_counted_object(void **state)
{
    (void)state;
    run r;
    code(&r, "Pyongyang has tested a total of 23 missiles since January.", "2018-08-08");
    assert_non_null(find(&r, "PRKGOV", "", "150"));
    casus_doc_free(r.d);
    code(&r, "Iran and Britain held a new round of talks in Geneva on Monday.", "2018-08-08");
    assert_non_null(find(&r, "IRN", "GBR", "040"));
    casus_doc_free(r.d);
    code(&r, "Russia imposed a new package of sanctions on Ukraine.", "2018-08-08");
    assert_non_null(find(&r, "RUS", "UKR", "163"));
    casus_doc_free(r.d);
    /* a word patterns name itself is not looked through */
    code(&r, "The army fired a barrage of rockets at the rebels.", "2018-08-08");
    assert_non_null(find(&r, "MIL", "REB", "194"));
    casus_doc_free(r.d);
}

/* A noun trigger's verb lends it the subject it inherits itself ("by
 * continuing negotiations": the means clause's subject is the sentence's). */
static void test_noun_trigger_inherited_subject(void **state)
{
    (void)state;
    run r;
    code(&r,
         "The North Koreans were taking a cautious approach by continuing negotiations with "
         "the United States.",
         "2018-08-08");
    assert_non_null(find(&r, "PRK", "USA", "046"));
    casus_doc_free(r.d);
    code(&r, "Pyongyang continues to pose a threat to the region.", "2018-08-08");
    assert_non_null(find(&r, "PRKGOV", "", "130"));
    casus_doc_free(r.d);
}

/* A conjunct verb shares the first verb's auxiliary ("will close ... and
 * expel"): both are what Russia says it will do, not done. */
static void test_conjunct_shares_modal(void **state)
{
    (void)state;
    run r;
    code(&r, "Russia will close its embassy and expel the diplomats.", "2018-08-08");
    size_t future = 0;
    for (size_t i = 0; i < r.n; i++) {
        assert_true(strncmp(r.ev[i].code, "166", 3) != 0); /* no expulsion done */
        future += r.ev[i].mood && !strcmp(r.ev[i].mood, "future");
    }
    assert_int_equal(future, r.n);
    assert_true(r.n >= 2);
    casus_doc_free(r.d);
}

/* A question reports nothing; a quoted one is reported speech. Diplomatic
 * cooperation (05x) with no one to cooperate with is no event. */
static void test_question_and_dyadic_support(void **state)
{
    (void)state;
    run r;
    code(&r, "Will Iran attack Israel?", "2018-08-08");
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
    code(&r, "Did Secretary Kerry discuss Aleppo with Russia?", "2018-08-08");
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
    code(&r, "Iran attacked Israel (officially).", "2018-08-08");
    assert_non_null(find(&r, "IRN", "ISR", "190"));
    casus_doc_free(r.d);
    code(&r, "About 6,000 American troops will support the exercise.", "2018-08-08");
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
    code(&r, "Britain supported Iraq in the fight against terrorism.", "2018-08-08");
    assert_non_null(find(&r, "GBR", "IRQ", "051"));
    casus_doc_free(r.d);
}

/* A noun trigger received ("got a warning from", "received aid from") is
 * done by the "from" phrase to the receiver; with no giver, no event. */
static void test_received_from(void **state)
{
    (void)state;
    run r;
    code(&r, "Israel got a warning from Washington.", "2018-08-08");
    assert_non_null(find(&r, "USA", "ISR", "130"));
    assert_int_equal(r.n, 1);
    casus_doc_free(r.d);
    code(&r, "Iran received military aid from Russia.", "2018-08-08");
    assert_non_null(find(&r, "RUS", "IRN", "070"));
    casus_doc_free(r.d);
    code(&r, "Israel got a warning.", "2018-08-08");
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

/* A purpose clause is a goal, not an act: only the main verb codes. */
static void test_purpose_clause_is_a_goal(void **state)
{
    (void)state;
    run r;
    code(&r, "Britain is working with its allies to defeat Daesh.", "2018-08-08");
    for (size_t i = 0; i < r.n; i++)
        assert_true(strncmp(r.ev[i].code, "19", 2) != 0);
    casus_doc_free(r.d);
    code(&r, "Britain attacked Daesh in Syria.", "2018-08-08");
    assert_non_null(find(&r, "GBR", "IMGMUSISI", "190"));
    casus_doc_free(r.d);
    /* the xcomp of a verb of working towards something */
    code(&r, "Britain is helping Iraq to defeat ISIL.", "2018-08-08");
    assert_non_null(find(&r, "GBR", "IRQ", "070"));
    for (size_t i = 0; i < r.n; i++)
        assert_true(strncmp(r.ev[i].code, "19", 2) != 0);
    casus_doc_free(r.d);
}

/* What an actor must do is not done by it; a speaker saying so demands it. */
static void test_obligation_is_no_act(void **state)
{
    (void)state;
    run r;
    code(&r, "Syria must allow the inspectors in and comply with the resolution.", "2018-08-08");
    assert_int_equal(r.n, 0);
    casus_doc_free(r.d);
}

static void test_compound_actors(void **state)
{
    (void)state;
    run r;
    code(&r, "Iran and North Korea held talks in Tehran.", "2018-08-08");
    assert_non_null(find(&r, "IRN", "PRK", "040"));
    assert_non_null(find(&r, "PRK", "IRN", "040"));
    casus_doc_free(r.d);
}

static void test_host_gives_visit(void **state)
{
    (void)state;
    run r;
    code(&r, "Iranian President Hassan Rouhani hosted the North Korean foreign minister.",
         "2018-08-08");
    assert_non_null(find(&r, "IRNGOV", "PRKGOV", "043"));
    assert_non_null(find(&r, "PRKGOV", "IRNGOV", "042"));
    casus_doc_free(r.d);
}

static void test_noun_trigger_between(void **state)
{
    (void)state;
    run r;
    code(&r, "He spoke about the talks between Pyongyang and Washington.", "2018-08-08");
    assert_non_null(find(&r, "PRKGOV", "USAGOV", "046"));
    casus_doc_free(r.d);
}

static void test_month_and_year_dates(void **state)
{
    (void)state;
    run r;
    code(&r, "North Korea launched three ballistic missiles last year. Donald Trump met Kim Jong "
             "Un in Singapore in June.",
         "2018-08-08");
    const casus_event *e = find(&r, "PRK", "", "150");
    assert_non_null(e);
    assert_string_equal(e->date, "2017-01-01");
    assert_string_equal(e->date_resolution, "year");
    e = find(&r, "USAGOV", "PRKGOV", "040");
    assert_non_null(e);
    assert_string_equal(e->date, "2018-06-01");
    assert_string_equal(e->date_resolution, "month");
    casus_doc_free(r.d);
}

static void test_when_resolve_rules(void **state)
{
    (void)state;
    /* "in September" in an August article is last September */
    when_date art = when_article("2018-08-08");
    assert_int_equal(art.year, 2018);
    char out[11];
    when_format(art, out);
    assert_string_equal(out, "2018-08-08");
    when_date bad = when_article("2018-02-30");
    assert_int_equal(bad.res, WHEN_NONE);
    run r;
    code(&r, "Rouhani warned Washington in September.", "2018-08-08");
    const casus_event *e = find(&r, "IRNGOV", "USAGOV", "130");
    if (e)
        assert_string_equal(e->date, "2017-09-01");
    casus_doc_free(r.d);
}

static void test_places_geocoded(void **state)
{
    (void)state;
    run r;
    code(&r, "Iran and North Korea held talks in Tehran on Wednesday.", "2018-08-08");
    const casus_event *e = find(&r, "IRN", "PRK", "040");
    assert_non_null(e);
    assert_true(e->place.found);
    assert_string_equal(e->place.country, "IR");
    assert_int_equal(e->place.geonameid, 112931);
    assert_true(e->place.has_coords && e->place.lat > 35.6 && e->place.lat < 35.8);
    casus_doc_free(r.d);
    /* the same name elsewhere: the article's countries decide */
    code(&r, "Hundreds of people protested in Paris on Monday over a plan by Texas officials, "
             "police in the United States said.",
         "2018-08-08");
    const casus_event *p = NULL;
    for (size_t i = 0; i < r.n && !p; i++)
        if (r.ev[i].place.found)
            p = &r.ev[i];
    assert_non_null(p);
    assert_string_equal(p->place.country, "US");
    assert_string_equal(p->place.admin1, "TX");
    casus_doc_free(r.d);
}

/* An event with source and target codes starting as given, code starting
 * with prefix, the date starting with date ("" any), or NULL. */
static const casus_event *find_like(const run *r, const char *src, const char *tgt,
                                    const char *prefix, const char *date)
{
    for (size_t i = 0; i < r->n; i++) {
        const casus_event *e = &r->ev[i];
        if (!strncmp(e->source.code, src, strlen(src)) && e->has_target &&
            !strncmp(e->target.code, tgt, strlen(tgt)) &&
            !strncmp(e->code, prefix, strlen(prefix)) && !strncmp(e->date, date, strlen(date)))
            return e;
    }
    fprintf(stderr, "no event %s* -> %s* %s* on %s* in:\n", src, tgt, prefix, date);
    dump(r);
    return NULL;
}

static const char *place_name(const run *r, const casus_event *e)
{
    size_t nm, ne;
    const casus_mention *m = casus_doc_mentions(r->d, &nm);
    const casus_entity *en = casus_doc_entities(r->d, &ne);
    if (!e || e->place_mention < 0 || m[e->place_mention].entity < 0)
        return "";
    return en[m[e->place_mention].entity].name;
}

/* The acceptance story of issue 5: an article written for the project with
 * the seed's facts, dated 2018-08-08. */
/* A role-only actor takes the one country its sentence names, unless that
 * country is the other party itself. */
static void test_role_country_from_context(void **state)
{
    (void)state;
    run r;
    code(&r, "Interior Minister Tomas Bradek threatened to impose a curfew in Bratislava.",
         "2018-08-08");
    const casus_event *e = NULL;
    for (size_t i = 0; i < r.n && !e; i++)
        if (!strcmp(r.ev[i].root, "13"))
            e = &r.ev[i];
    if (!e)
        dump(&r);
    assert_non_null(e);
    assert_string_equal(e->source.code, "SVKGOV");
    casus_doc_free(r.d);
    code(&r, "Interior Minister Tomas Bradek threatened Slovakia.", "2018-08-08");
    assert_non_null(find(&r, "GOV", "SVK", "130"));
    casus_doc_free(r.d);
}

/* A verb whose pattern finds no target takes the one named in its purpose
 * clause or past an infinitive. */
static void test_target_from_purpose_clause(void **state)
{
    (void)state;
    run r;
    code(&r, "The Kenyan army opened fire to disperse Somali refugees.", "2018-08-08");
    assert_non_null(find(&r, "KENMIL", "SOMREF", "193"));
    casus_doc_free(r.d);
    code(&r, "The Turkish president has promised to send humanitarian aid to Syria.", "2018-08-08");
    assert_non_null(find(&r, "TURGOV", "SYR", "030"));
    casus_doc_free(r.d);
}

/* A participle clause ("..., killing twelve civilians") acts with its
 * main clause's subject. */
static void test_participle_subject(void **state)
{
    (void)state;
    run r;
    code(&r, "Sudanese rebels attacked a village in Darfur, killing twelve civilians.",
         "2018-08-08");
    assert_non_null(find(&r, "SDNREB", "SDNCVL", "1823"));
    casus_doc_free(r.d);
}

/* "X said Y must ..." is a demand on Y even when the statement found a
 * target; a refused intake of refugees is a rejection; a boycott stated as
 * what one would do is a threat. */
static void test_reported_obligation_and_refusal(void **state)
{
    (void)state;
    run r;
    code(&r, "Moscow said on Monday that Georgia must hand over the two pilots.", "2018-08-08");
    assert_non_null(find(&r, "RUSGOV", "GEO", "100"));
    casus_doc_free(r.d);
    code(&r, "Jordan said it will not accept more Syrian refugees.", "2018-08-08");
    assert_non_null(find(&r, "JOR", "SYRREF", "122"));
    casus_doc_free(r.d);
    code(&r, "Venezuelan opposition leaders said they would boycott the elections.", "2018-08-08");
    assert_non_null(find(&r, "VENOPP", "", "1312"));
    casus_doc_free(r.d);
}

/* "Serbian" before a name is a demonym, not Phoenix's dated "person"
 * Serbia; a passive's subject is never taken from the words before it. */
static void test_demonym_title_and_passive(void **state)
{
    (void)state;
    run r;
    code(&r, "Serbian President Boris Tadic promised to reform the army.", "2008-08-08");
    assert_non_null(find(&r, "SRBGOV", "SRBMIL", "030"));
    casus_doc_free(r.d);
    code(&r, "A convoy of Sudanese refugees was attacked by Chadian soldiers.", "2008-08-08");
    assert_non_null(find(&r, "TCDMIL", "SDNREF", "190"));
    casus_doc_free(r.d);
}

/* The one who must act is the target of a demand, whatever the parser made
 * of the clause; killed members of a named group are that group. */
static void test_demand_clause_and_group_target(void **state)
{
    (void)state;
    run r;
    code(&r, "Washington demanded that Hamas renounce violence.", "2015-08-08");
    assert_non_null(find(&r, "USAGOV", "PSEREB", "100"));
    casus_doc_free(r.d);
    code(&r, "Recent Russian air strikes have killed at least twelve Islamic State fighters.",
         "2015-08-08");
    assert_non_null(find(&r, "RUS", "IMGMUSISI", "1823"));
    casus_doc_free(r.d);
}

/* A demand is made on the subject of the "that" clause after it. */
static void test_demand_on_that_clause(void **state)
{
    (void)state;
    run r;
    code(&r,
         "The World Health Organization repeated its demand on Monday that Syria allow "
         "vaccinations in Idlib.",
         "2015-08-08");
    assert_non_null(find(&r, "IGOUNOWHO", "SYR", "100"));
    casus_doc_free(r.d);
}

/* What the text puts ahead happens on the next such day, not the last. */
static void test_future_weekday(void **state)
{
    (void)state;
    run r;
    code(&r, "Trump will meet Kim Jong Un in Singapore on Tuesday.", "2018-06-08");
    const casus_event *e = find(&r, "USAGOV", "PRKGOV", "036");
    assert_non_null(e);
    assert_string_equal(e->date, "2018-06-12"); /* the Tuesday after a Friday article */
    casus_doc_free(r.d);
}

static void test_seed_story(void **state)
{
    (void)state;
    static char text[8192];
    FILE *f = fopen("tests/golden/inputs/entities_seed.txt", "rb");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    run r;
    code(&r, text, "2018-08-08");
    /* North Korea (Ri) meets Iran (Rouhani) in Tehran on 2018-08-08 */
    const casus_event *e = find_like(&r, "PRKGOV", "IRNGOV", "04", "2018-08-08");
    assert_non_null(e);
    assert_string_equal(place_name(&r, e), "Tehran");
    /* Ri meets Zarif on Tuesday, 2018-08-07 */
    assert_non_null(find_like(&r, "PRKGOV", "IRNGOV", "04", "2018-08-07"));
    /* the United States (Trump) sanctions Iran, a day before */
    assert_non_null(find_like(&r, "USAGOV", "IRN", "163", "2018-08-07"));
    /* Ri's trip to Iran */
    assert_non_null(find_like(&r, "PRKGOV", "IRN", "042", ""));
    /* Trump meets Kim Jong Un in Singapore in June 2018 */
    e = find_like(&r, "USAGOV", "PRKGOV", "04", "2018-06");
    assert_non_null(e);
    assert_string_equal(place_name(&r, e), "Singapore");
    /* Iran warns North Korea not to trust the US administration */
    assert_non_null(find_like(&r, "IRNGOV", "PRKGOV", "13", ""));
    /* Rouhani warns the US, in September 2017 */
    assert_non_null(find_like(&r, "IRNGOV", "USAGOV", "13", "2017-09"));
    /* North Korea's missile and nuclear tests last year: root 15, 2017 */
    int tests = 0;
    for (size_t i = 0; i < r.n; i++)
        tests += !strncmp(r.ev[i].source.code, "PRK", 3) && !strcmp(r.ev[i].root, "15") &&
                 !strncmp(r.ev[i].date, "2017", 4);
    assert_true(tests >= 2);
    casus_doc_free(r.d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hold_talks_reciprocal),
        cmocka_unit_test(test_negation_codes_nothing),
        cmocka_unit_test(test_warned_against),
        cmocka_unit_test(test_visit_compound_is_destination),
        cmocka_unit_test(test_subject_has_no_preposition),
        cmocka_unit_test(test_stated_refusal),
        cmocka_unit_test(test_protest_at_place),
        cmocka_unit_test(test_intent),
        cmocka_unit_test(test_sanctions_on),
        cmocka_unit_test(test_counted_object),
        cmocka_unit_test(test_noun_trigger_inherited_subject),
        cmocka_unit_test(test_conjunct_shares_modal),
        cmocka_unit_test(test_question_and_dyadic_support),
        cmocka_unit_test(test_received_from),
        cmocka_unit_test(test_purpose_clause_is_a_goal),
        cmocka_unit_test(test_obligation_is_no_act),
        cmocka_unit_test(test_compound_actors),
        cmocka_unit_test(test_host_gives_visit),
        cmocka_unit_test(test_noun_trigger_between),
        cmocka_unit_test(test_month_and_year_dates),
        cmocka_unit_test(test_when_resolve_rules),
        cmocka_unit_test(test_seed_story),
        cmocka_unit_test(test_places_geocoded),
        cmocka_unit_test(test_role_country_from_context),
        cmocka_unit_test(test_target_from_purpose_clause),
        cmocka_unit_test(test_participle_subject),
        cmocka_unit_test(test_reported_obligation_and_refusal),
        cmocka_unit_test(test_demonym_title_and_passive),
        cmocka_unit_test(test_demand_clause_and_group_target),
        cmocka_unit_test(test_demand_on_that_clause),
        cmocka_unit_test(test_future_weekday),
    };
    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
