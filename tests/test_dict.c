/*
 * test_dict.c — the actor dictionary: the casus format, duplicate merging,
 * longest match and its case rules, person roles by date, the gazetteer,
 * the PETRARCH readers (bad lines reported and skipped), and the real
 * dict/ folder against the seed's actors.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entity/dict.h"
#include "text/text.h"
#include "util/arena.h"

#ifndef CASUS_DICT_DIR
#define CASUS_DICT_DIR "dict"
#endif

#define FIXTURE CASUS_TEST_DATA "/dict"

/* A sentence split by the text layer, its word norms in the arena. */
typedef struct sent {
    arena mem;
    const char **norms;
    size_t n;
} sent;

static void sent_init(sent *s, const char *text)
{
    arena_init(&s->mem, 0);
    text_norm norm;
    casus_token *toks;
    casus_word *words;
    size_t nt;
    size_t len = strlen(text);
    assert_int_equal(text_normalize(&s->mem, text, len, &norm), 0);
    assert_int_equal(
        text_tokenize(&s->mem, text, len, &norm, &toks, &nt, &words, &s->n), 0);
    s->norms = arena_array(&s->mem, s->n + 1, sizeof *s->norms);
    assert_non_null(s->norms);
    for (size_t i = 0; i < s->n; i++)
        s->norms[i] = words[i].norm;
}

static void sent_finish(sent *s)
{
    arena_finish(&s->mem);
}

/* The index of the first word equal to w. */
static size_t word_at(const sent *s, const char *w)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->norms[i], w) == 0)
            return i;
    fail_msg("no word '%s'", w);
    return 0;
}

/* The match at word w of text; returns its length, *m filled. */
static size_t match_in(const edict *d, const char *text, const char *w, edict_match *m)
{
    sent s;
    sent_init(&s, text);
    size_t len = edict_longest(d, s.norms, s.n, word_at(&s, w), m);
    sent_finish(&s);
    return len;
}

/* The entry of kind k among the match's entries, or NULL. */
static const edict_entry *find_kind(const edict_match *m, edict_kind k)
{
    for (size_t i = 0; i < m->n_entries; i++)
        if (m->entries[i]->kind == k)
            return m->entries[i];
    return NULL;
}

static edict *load_fixture(void)
{
    edict *d;
    casus_error err;
    assert_int_equal(edict_new(&d, &err), 0);
    int rc = edict_load_dir(d, FIXTURE "/casus", &err);
    if (rc)
        fail_msg("%s", err.msg);
    assert_int_equal(edict_finish(d, &err), 0);
    return d;
}

static void test_longest_and_kinds(void **state)
{
    (void)state;
    edict *d = load_fixture();
    edict_match m;
    assert_int_equal(match_in(d, "The North Korean Foreign Minister arrived.", "North", &m), 2);
    const edict_entry *e = find_kind(&m, EDICT_DEMONYM);
    assert_non_null(e);
    assert_string_equal(e->code, "PRK");
    assert_false(e->flags & EDICT_F_PLURAL);
    /* the agent right after it, in any case */
    assert_int_equal(match_in(d, "The North Korean Foreign Minister arrived.", "Foreign", &m), 2);
    e = find_kind(&m, EDICT_AGENT);
    assert_non_null(e);
    assert_string_equal(e->code, "GOV");
    /* plural demonym and agent */
    assert_int_equal(match_in(d, "Two North Koreans met policemen.", "North", &m), 2);
    assert_true(find_kind(&m, EDICT_DEMONYM)->flags & EDICT_F_PLURAL);
    assert_int_equal(match_in(d, "Two North Koreans met police officers.", "police", &m), 2);
    assert_true(find_kind(&m, EDICT_AGENT)->flags & EDICT_F_PLURAL);
    assert_string_equal(find_kind(&m, EDICT_AGENT)->code, "COP");
    assert_int_equal(match_in(d, "An Iranian official spoke.", "Iranian", &m), 1);
    assert_string_equal(find_kind(&m, EDICT_DEMONYM)->code, "IRN");
    /* capitals */
    assert_int_equal(match_in(d, "Tehran warned Pyongyang.", "Tehran", &m), 1);
    e = find_kind(&m, EDICT_CAPITAL);
    assert_non_null(e);
    assert_string_equal(e->code, "IRN");
    assert_int_equal(e->type, 'L');
    assert_int_equal(match_in(d, "Tehran warned Pyongyang.", "Pyongyang", &m), 1);
    assert_string_equal(find_kind(&m, EDICT_CAPITAL)->code, "PRK");
    assert_int_equal(match_in(d, "A statement from the White House.", "the", &m), 3);
    assert_string_equal(find_kind(&m, EDICT_CAPITAL)->code, "USA");
    /* the longest phrase wins: "UN Security Council" over "UN" */
    assert_int_equal(match_in(d, "The UN Security Council met.", "UN", &m), 3);
    assert_string_equal(m.entries[0]->code, "IGOUNOSEC");
    /* "intelligence analyst" over "analyst" */
    assert_int_equal(match_in(d, "A former CIA intelligence analyst said.", "intelligence", &m), 2);
    assert_string_equal(m.entries[0]->code, "SPY");
    assert_int_equal(match_in(d, "A former CIA intelligence analyst said.", "CIA", &m), 1);
    assert_string_equal(m.entries[0]->code, "USASPY");
    assert_int_equal(match_in(d, "He told NBC News on Sunday.", "NBC", &m), 2);
    assert_string_equal(m.entries[0]->code, "USAMED");
    /* an abbreviation inside a sentence and at its end */
    assert_int_equal(match_in(d, "The U.S. said no.", "U.S.", &m), 1);
    assert_string_equal(m.entries[0]->code, "USA");
    sent s;
    sent_init(&s, "Sanctions were imposed by the U.S.");
    size_t i = s.n - 2; /* "U.S" then "." */
    assert_int_equal(edict_longest(d, s.norms, s.n, i, &m), 1);
    assert_string_equal(m.entries[0]->code, "USA");
    sent_finish(&s);
    /* the agent flag of a prefix code */
    assert_int_equal(match_in(d, "A peacekeeper died.", "peacekeeper", &m), 1);
    assert_true(m.entries[0]->flags & EDICT_F_PREFIX);
    /* nothing, and out-of-range starts */
    assert_int_equal(match_in(d, "Nothing here matches.", "Nothing", &m), 0);
    assert_int_equal(m.n_entries, 0);
    const char *one[] = {"Iran"};
    assert_int_equal(edict_longest(d, one, 1, 1, &m), 0);
    assert_int_equal(edict_longest(d, one, 1, 0, &m), 1);
    edict_free(d);
}

static void test_case_rules(void **state)
{
    (void)state;
    edict *d = load_fixture();
    edict_match m;
    /* multiword names match in any case */
    assert_int_equal(match_in(d, "news from north korea today", "north", &m), 2);
    assert_int_equal(match_in(d, "NEWS FROM NORTH KOREA", "NORTH", &m), 2);
    /* a single ordinary word too */
    assert_int_equal(match_in(d, "news from iran today", "iran", &m), 1);
    /* short all-caps acronyms only in capitals */
    assert_int_equal(match_in(d, "The US said so.", "US", &m), 1);
    assert_int_equal(match_in(d, "Let us go.", "us", &m), 0);
    assert_int_equal(match_in(d, "Us and them.", "Us", &m), 0);
    assert_int_equal(match_in(d, "The CIA said so.", "CIA", &m), 1);
    assert_int_equal(match_in(d, "The cia said so.", "cia", &m), 0);
    /* "=" words: common English words match only capitalised */
    assert_int_equal(match_in(d, "Turkey and Chad agreed.", "Turkey", &m), 1);
    assert_int_equal(match_in(d, "TURKEY AGREED.", "TURKEY", &m), 1);
    assert_int_equal(match_in(d, "We ate turkey.", "turkey", &m), 0);
    assert_int_equal(match_in(d, "Turkey and Chad agreed.", "Chad", &m), 1);
    assert_int_equal(match_in(d, "A hanging chad.", "chad", &m), 0);
    assert_int_equal(match_in(d, "Trump spoke.", "Trump", &m), 1);
    assert_int_equal(match_in(d, "A trump card.", "trump", &m), 0);
    /* the Republic of Turkey has no "=": any case */
    assert_int_equal(match_in(d, "the republic of turkey", "republic", &m), 3);
    /* typographic apostrophes are folded by the text layer */
    assert_int_equal(match_in(d, "Kim Jong-un’s visit", "Kim", &m), 4); /* Jong - un */
    assert_int_equal(match_in(d, "Kim Jong Un's visit", "Kim", &m), 3);
    assert_int_equal(find_kind(&m, EDICT_PERSON)->type, 'P');
    edict_free(d);
}

static void test_person_dates(void **state)
{
    (void)state;
    edict *d = load_fixture();
    edict_match m;
    assert_int_equal(match_in(d, "Rouhani said.", "Rouhani", &m), 1);
    const edict_entry *e = find_kind(&m, EDICT_PERSON);
    assert_non_null(e);
    assert_string_equal(e->name, "Hassan Rouhani");
    assert_string_equal(e->code, "IRNELI");
    assert_int_equal(e->n_roles, 2);
    assert_string_equal(edict_person_code(e, 20180808), "IRNGOV");
    assert_string_equal(edict_person_code(e, 20130803), "IRNGOV"); /* from is inclusive */
    assert_string_equal(edict_person_code(e, 20130802), "IRNELI"); /* before: the default */
    assert_string_equal(edict_person_code(e, 19900101), "IRNGOVLEG");
    assert_string_equal(edict_person_code(e, 20210803), "IRNELI"); /* to is exclusive */
    assert_string_equal(edict_person_code(e, 0), "IRNGOV");        /* the latest role */
    assert_int_equal(match_in(d, "President Donald Trump said.", "Donald", &m), 2);
    e = find_kind(&m, EDICT_PERSON);
    assert_string_equal(edict_person_code(e, 20100101), "USABUS");
    assert_string_equal(edict_person_code(e, 20160101), "USAELI");
    assert_string_equal(edict_person_code(e, 20180808), "USAGOV");
    /* no default: NULL outside the roles */
    assert_int_equal(match_in(d, "Kim Jong Un said.", "Kim", &m), 3);
    e = find_kind(&m, EDICT_PERSON);
    assert_null(e->code);
    assert_null(edict_person_code(e, 20000101));
    assert_string_equal(edict_person_code(e, 20180808), "PRKGOV");
    assert_null(edict_person_code(NULL, 0));
    edict_free(d);
}

static void test_duplicates_and_extra(void **state)
{
    (void)state;
    edict *d = load_fixture();
    edict_match m;
    /* countries.extra.txt merged its alias into the Iran entry */
    assert_int_equal(match_in(d, "They say the Islamic republic will respond.", "the", &m), 3);
    assert_int_equal(m.n_entries, 1);
    assert_string_equal(m.entries[0]->name, "Iran");
    assert_int_equal(match_in(d, "Iran spoke.", "Iran", &m), 1);
    assert_int_equal(m.n_entries, 1);
    const edict_entry *iran = m.entries[0];
    assert_int_equal(match_in(d, "the Islamic Republic of Iran", "Islamic", &m), 4);
    assert_ptr_equal(m.entries[0], iran);
    size_t n = edict_n_entries(d);
    edict_free(d);

    /* the same entry twice is one entry; a homonym with another code is two */
    casus_error err;
    assert_int_equal(edict_new(&d, &err), 0);
    const char *text = "country IRN L Iran\n"
                       "country IRN L Iran | Persia\n"
                       "country IRN L Iran | Persia\n"
                       "actor USAMED O Persia\n";
    assert_int_equal(edict_load_mem(d, "dup.txt", text, strlen(text), &err), 0);
    assert_int_equal(edict_finish(d, &err), 0);
    assert_int_equal(edict_n_entries(d), 2);
    assert_int_equal(edict_n_phrases(d), 3); /* Iran, Persia->IRN, Persia->USAMED */
    const char *w[] = {"Persia"};
    assert_int_equal(edict_longest(d, w, 1, 0, &m), 1);
    assert_int_equal(m.n_entries, 2);
    /* loading after finish is refused */
    assert_int_equal(edict_load_mem(d, "late.txt", text, strlen(text), &err), CASUS_EINVAL);
    edict_free(d);
    assert_true(n > 10);
}

/* Kind "place": a table of its own, with its geo line parsed and kept. */
static void test_places(void **state)
{
    (void)state;
    static const char text[] =
        "country USA L United States\n"
        "capital USA L Washington\n"
        "place USA L Washington | Washington D.C.\n"
        "\tgeo 4140963 38.89511 -77.03637 DC 689545 PPLC\n"
        "place USA L Springfield\n"
        "\tgeo 4409896 37.21533 -93.29824 MO 169176 PPLA2\n"
        "place USA L Springfield\n"
        "\tgeo 4951788 42.10148 -72.58981 MA 155929 PPLA2\n"
        "place USA L Springfield\n"
        "\tgeo 4951788 42.10148 -72.58981 MA 155929 PPLA2\n"
        "place USA L =Mobile\n"
        "\tgeo 4076598 30.69436 -88.04305 AL 187041 PPLA2\n"
        "place USA L California\n"
        "\tgeo 5332921 - - CA - ADM1\n"
        "place NZL L Auckland\n"
        "person - P Ann Smith\n"
        "person - P Ann Jones\n"
        "actor USABUS O Acme Bank\n"
        "actor USABUS O Union Bank\n"
        "actor USABUS O First Bank\n"
        "place USA L Salt Lake City\n"
        "\tgeo 5780993 40.76078 -111.89105 UT 200133 PPLA\n"
        "place USA L Carson City\n"
        "\tgeo 5501344 39.1638 -119.7674 NV 55916 PPLA\n"
        "place USA L Dodge City\n"
        "\tgeo 4887158 37.7528 -100.01708 KS 27340 PPL\n";
    edict *d;
    casus_error err;
    assert_int_equal(edict_new(&d, &err), 0);
    int rc = edict_load_mem(d, "p.txt", text, sizeof text - 1, &err);
    if (rc)
        fail_msg("%s", err.msg);
    assert_int_equal(edict_finish(d, &err), 0);
    assert_string_equal(edict_kind_name(EDICT_PLACE), "place");

    /* The main table never sees places: "Washington" is still only the capital. */
    assert_int_equal(edict_n_entries(d), 7);
    assert_int_equal(edict_n_places(d), 9); /* the repeated Springfield merged */
    edict_match m;
    assert_int_equal(match_in(d, "He flew to Washington today .", "Washington", &m), 1);
    assert_int_equal(m.n_entries, 1);
    assert_int_equal(m.entries[0]->kind, EDICT_CAPITAL);
    assert_null(m.entries[0]->geo);
    sent s;
    sent_init(&s, "Springfield and Auckland are far apart .");
    assert_int_equal(edict_longest(d, s.norms, s.n, 0, &m), 0);

    /* The place table: homonyms are distinct entries, told apart by id. */
    assert_int_equal(edict_longest_place(d, s.norms, s.n, 0, &m), 1);
    assert_int_equal(m.n_entries, 2);
    uint32_t ids = 0;
    for (size_t k = 0; k < m.n_entries; k++) {
        const edict_entry *e = m.entries[k];
        assert_int_equal(e->kind, EDICT_PLACE);
        assert_int_equal(e->type, 'L');
        assert_string_equal(e->code, "USA");
        assert_non_null(e->geo);
        ids += e->geo->id;
        assert_true(e->geo->has_coords);
        assert_string_equal(e->geo->feature, "PPLA2");
    }
    assert_int_equal(ids, 4409896u + 4951788u);
    assert_int_equal(edict_longest_place(d, s.norms, s.n, 2, &m), 1);
    assert_null(m.entries[0]->geo); /* Auckland has no geo line */
    uint16_t g[16];
    edict_place_gazetteer(d, s.norms, s.n, g);
    assert_int_equal(g[0], EDICT_GAZ_PLACE | EDICT_GAZ_SINGLE);
    assert_int_equal(g[1], 0);
    assert_int_equal(g[2], EDICT_GAZ_PLACE | EDICT_GAZ_SINGLE);
    edict_gazetteer(d, s.norms, s.n, g);
    assert_int_equal(g[0], 0); /* the actor gazetteer is unchanged */
    sent_finish(&s);

    /* Geo fields, and a multiword name. */
    sent_init(&s, "She lives in Washington D.C. now .");
    assert_int_equal(edict_longest_place(d, s.norms, s.n, 3, &m), 2);
    const edict_geo *geo = m.entries[0]->geo;
    assert_int_equal(geo->id, 4140963u);
    assert_true(geo->lat > 38.89510 && geo->lat < 38.89512);
    assert_true(geo->lon < -77.03636 && geo->lon > -77.03638);
    assert_string_equal(geo->admin1, "DC");
    assert_true(geo->population == 689545);
    assert_string_equal(geo->feature, "PPLC");
    edict_place_gazetteer(d, s.norms, s.n, g);
    assert_int_equal(g[3], EDICT_GAZ_PLACE | EDICT_GAZ_BEGIN);
    assert_int_equal(g[4], EDICT_GAZ_PLACE | EDICT_GAZ_END);
    sent_finish(&s);
    sent_init(&s, "California is big .");
    assert_int_equal(edict_longest_place(d, s.norms, s.n, 0, &m), 1);
    geo = m.entries[0]->geo;
    assert_false(geo->has_coords);
    assert_true(geo->population == -1);
    assert_string_equal(geo->feature, "ADM1");
    sent_finish(&s);

    /* Case rules hold in the place table too. */
    sent_init(&s, "a mobile phone in Mobile");
    assert_int_equal(edict_longest_place(d, s.norms, s.n, 1, &m), 0);
    assert_int_equal(edict_longest_place(d, s.norms, s.n, 4, &m), 1);
    sent_finish(&s);

    /* Word classes. */
    assert_int_equal(edict_word_class(d, "Ann"), EDICT_W_GIVEN);
    assert_int_equal(edict_word_class(d, "ann"), EDICT_W_GIVEN);
    assert_int_equal(edict_word_class(d, "Smith"), 0); /* one name only */
    assert_int_equal(edict_word_class(d, "Bank"), EDICT_W_ORG_HEAD);
    assert_int_equal(edict_word_class(d, "City"), EDICT_W_PLACE_HEAD);
    assert_int_equal(edict_word_class(d, "zzz"), 0);
    assert_int_equal(edict_word_class(NULL, "Ann"), 0);
    assert_int_equal(edict_n_places(NULL), 0);
    assert_null(edict_place_at(d, 99));
    assert_non_null(edict_place_at(d, 0));
    edict_free(d);

    /* The builder: a geo outside a place is refused. */
    assert_int_equal(edict_new(&d, &err), 0);
    edict_geo gg = {.id = 1, .population = -1};
    assert_int_equal(edict_begin(d, EDICT_COUNTRY, "FRA", 'L', 0, "France", 0, &err), 0);
    assert_int_equal(edict_add_geo(d, &gg, &err), CASUS_EINVAL);
    assert_int_equal(edict_begin(d, EDICT_PLACE, "FRA", 'L', 0, "Lyon", 0, &err), 0);
    assert_int_equal(edict_add_geo(d, &gg, &err), 0);
    assert_int_equal(edict_add_geo(d, &gg, &err), CASUS_EINVAL);
    assert_int_equal(edict_finish(d, &err), 0);
    assert_int_equal(edict_n_entries(d), 0); /* France was begun, never ended */
    assert_int_equal(edict_n_places(d), 1);
    edict_free(d);
}

static void test_format_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"planet EAR L Earth\n", "x.txt:1: unknown kind"},
        {"country IRN X Iran\n", "x.txt:1: bad type"},
        {"country iran L Iran\n", "x.txt:1: bad code"},
        {"country IRN L\n", "x.txt:1: missing name"},
        {"country IRN\n", "x.txt:1: missing type"},
        {"country IRN L Iran | \n", "x.txt:1: empty name"},
        {"country - L Iran\n", "x.txt:1: a country needs a code"},
        {"\tIRNGOV 2013-08-03 -\n", "x.txt:1: role line without an entry"},
        {"person - P A\n\tIRNGOV 2013-13-03 -\n", "x.txt:2: bad date"},
        {"person - P A\n\tIRNGOV 2013-08-03\n", "x.txt:2: a role is CODE FROM TO"},
        {"place USA L X\n\tgeo 1 2 3\n", "x.txt:2: a geo line is"},
        {"place USA L X\n\tgeo 0 1.5 2.5 - - PPL\n", "x.txt:2: bad geonameid"},
        {"place USA L X\n\tgeo 99999999999 1.5 2.5 - - PPL\n", "x.txt:2: bad geonameid"},
        {"place USA L X\n\tgeo 7 91.0 2.5 - - PPL\n", "x.txt:2: bad coordinates"},
        {"place USA L X\n\tgeo 7 1.5 -180.5 - - PPL\n", "x.txt:2: bad coordinates"},
        {"place USA L X\n\tgeo 7 1.5 2.x - - PPL\n", "x.txt:2: bad coordinates"},
        {"place USA L X\n\tgeo 7 1. 2.5 - - PPL\n", "x.txt:2: bad coordinates"},
        {"place USA L X\n\tgeo 7 - 2.5 - - PPL\n", "x.txt:2: latitude and longitude go together"},
        {"place USA L X\n\tgeo 7 1 2 N|Y - PPL\n", "x.txt:2: bad admin1 code"},
        {"place USA L X\n\tgeo 7 1 2 NY 12a PPL\n", "x.txt:2: bad population"},
        {"place USA L X\n\tgeo 7 1 2 NY 1 P=L\n", "x.txt:2: bad feature code"},
        {"place USA L X\n\tgeo 7 1 2 NY 1 PPL\n\tgeo 7 1 2 NY 1 PPL\n", "x.txt:3: a place has one geo line"},
        {"country USA L X\n\tgeo 7 1 2 NY 1 PPL\n", "x.txt:2: a geo line belongs to a place"},
        {"place USA L X\n\tUSAGOV 2001 -\n", "x.txt:2: a place has no roles"},
        {"place - L X\n", "x.txt:1: a place needs a code"},
        {"person - P A\n\tIRNGOV 2014 2013\n", "x.txt:2: role ends before it begins"},
        {"agent,plurl GOV - x\n", "x.txt:1: unknown flag"},
        {"# fine\n\ncountry IRN L \xff\n", "x.txt:3: name is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        edict *d;
        casus_error err;
        assert_int_equal(edict_new(&d, &err), 0);
        int rc = edict_load_mem(d, "x.txt", cases[i].text, strlen(cases[i].text), &err);
        if (rc != CASUS_EFORMAT || strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
            fail_msg("case %zu: rc %d, '%s'", i, rc, err.msg);
        edict_free(d);
    }
    /* escapes: a literal bar and a leading '=' */
    edict *d;
    casus_error err;
    assert_int_equal(edict_new(&d, &err), 0);
    const char *text = "actor USAMED O AT\\|T News | \\=Equals\r\n";
    assert_int_equal(edict_load_mem(d, "x.txt", text, strlen(text), &err), 0);
    assert_int_equal(edict_finish(d, &err), 0);
    assert_string_equal(edict_entry_at(d, 0)->name, "AT|T News");
    edict_match m;
    const char *w[] = {"=", "Equals"};
    assert_int_equal(edict_longest(d, w, 2, 0, &m), 2);
    edict_free(d);
    /* missing files and folders */
    assert_int_equal(edict_new(&d, &err), 0);
    assert_int_equal(edict_load_dir(d, FIXTURE "/no-such-dir", &err), CASUS_ENOENT);
    assert_int_equal(edict_load_file(d, FIXTURE "/no-such-file.txt", &err), CASUS_ENOENT);
    edict_free(d);
    edict_free(NULL);
}

/* Collects reports. */
typedef struct reports {
    char msgs[32][CASUS_ERROR_MSG_MAX];
    size_t n;
} reports;

static void collect(void *ctx, const char *msg)
{
    reports *r = ctx;
    if (r->n < 32)
        snprintf(r->msgs[r->n++], CASUS_ERROR_MSG_MAX, "%s", msg);
}

static int reported(const reports *r, const char *prefix)
{
    for (size_t i = 0; i < r->n; i++)
        if (strstr(r->msgs[i], prefix))
            return 1;
    return 0;
}

static void test_petrarch_actors(void **state)
{
    (void)state;
    edict *d;
    casus_error err;
    reports r = {0};
    assert_int_equal(edict_new(&d, &err), 0);
    int rc = edict_load_petrarch_actors(d, FIXTURE "/petrarch_actors.txt", collect, &r, &err);
    if (rc)
        fail_msg("%s", err.msg);
    assert_int_equal(edict_finish(d, &err), 0);
    for (size_t i = 0; i < r.n; i++)
        print_message("report: %s\n", r.msgs[i]);
    assert_true(reported(&r, "petrarch_actors.txt:7: unclosed ["));
    assert_true(reported(&r, "petrarch_actors.txt:9: bad name"));
    assert_true(reported(&r, "petrarch_actors.txt:12: bad code"));
    assert_true(reported(&r, "petrarch_actors.txt:13: date range ends before it begins"));
    assert_true(reported(&r, "petrarch_actors.txt:13: no code for Trentino"));
    assert_true(reported(&r, "petrarch_actors.txt:14: bad date"));
    assert_true(reported(&r, "petrarch_actors.txt:18: no code for Nocode Person"));
    assert_int_equal(r.n, 7);
    edict_match m;
    /* processing went on past every bad line */
    assert_int_equal(match_in(d, "Rufus T. Firefly spoke.", "Rufus", &m), 3);
    const edict_entry *e = m.entries[0];
    assert_int_equal(e->kind, EDICT_PERSON);
    assert_string_equal(e->name, "Rufus T. Firefly");
    assert_string_equal(e->code, "FRDELI");
    assert_int_equal(e->n_roles, 1);
    assert_string_equal(edict_person_code(e, 19500101), "FRDGOV");
    assert_string_equal(edict_person_code(e, 20050101), "FRDELI");
    assert_int_equal(match_in(d, "Firefly spoke.", "Firefly", &m), 1);
    assert_int_equal(match_in(d, "a firefly glowed.", "firefly", &m), 0); /* one-word: capitalised */
    assert_int_equal(match_in(d, "the republic of freedonia", "the", &m), 4);
    assert_string_equal(m.entries[0]->code, "FRD");
    assert_int_equal(match_in(d, "Harpo and the Tehran Times.", "Harpo", &m), 1);
    assert_string_equal(m.entries[0]->code, "USAMED");
    assert_int_equal(match_in(d, "Harpo and the Tehran Times.", "Tehran", &m), 2);
    assert_string_equal(m.entries[0]->code, "IRNMED");
    assert_int_equal(m.entries[0]->kind, EDICT_ACTOR);
    assert_int_equal(match_in(d, "Chicolini spoke.", "Chicolini", &m), 0);
    /* a missing file is an error */
    assert_int_equal(edict_load_petrarch_actors(d, FIXTURE "/nope.txt", collect, &r, &err),
                     CASUS_ENOENT);
    edict_free(d);
}

static void test_petrarch_agents(void **state)
{
    (void)state;
    edict *d;
    casus_error err;
    reports r = {0};
    assert_int_equal(edict_new(&d, &err), 0);
    int rc = edict_load_petrarch_agents(d, FIXTURE "/petrarch_agents.txt", collect, &r, &err);
    if (rc)
        fail_msg("%s", err.msg);
    assert_int_equal(edict_finish(d, &err), 0);
    for (size_t i = 0; i < r.n; i++)
        print_message("report: %s\n", r.msgs[i]);
    assert_true(reported(&r, "petrarch_agents.txt:7: no code"));
    assert_true(reported(&r, "petrarch_agents.txt:8: an agent code is"));
    assert_true(reported(&r, "petrarch_agents.txt:10: unknown substitution set"));
    assert_true(reported(&r, "petrarch_agents.txt:11: unclosed ["));
    assert_int_equal(r.n, 4);
    edict_match m;
    assert_int_equal(match_in(d, "The Treasury Secretary spoke.", "Treasury", &m), 2);
    assert_string_equal(m.entries[0]->code, "GOV");
    assert_string_equal(m.entries[0]->name, "treasury secretary");
    assert_int_equal(match_in(d, "Treasury secretaries spoke.", "Treasury", &m), 2);
    assert_true(m.entries[0]->flags & EDICT_F_PLURAL);
    assert_int_equal(match_in(d, "foreign ministers met", "foreign", &m), 2);
    assert_true(m.entries[0]->flags & EDICT_F_PLURAL);
    assert_int_equal(match_in(d, "a policeman and policewomen", "policeman", &m), 1);
    assert_string_equal(m.entries[0]->code, "COP");
    assert_false(m.entries[0]->flags & EDICT_F_PLURAL);
    assert_int_equal(match_in(d, "a policeman and policewomen", "policewomen", &m), 1);
    assert_true(m.entries[0]->flags & EDICT_F_PLURAL);
    assert_int_equal(match_in(d, "peacekeepers", "peacekeepers", &m), 1);
    assert_true(m.entries[0]->flags & EDICT_F_PREFIX);
    assert_string_equal(m.entries[0]->code, "IGO");
    assert_int_equal(match_in(d, "riot police", "riot", &m), 2);
    assert_int_equal(match_in(d, "presidents of the senate", "presidents", &m), 4);
    assert_string_equal(m.entries[0]->code, "LEG");
    edict_free(d);
}

static void test_gazetteer(void **state)
{
    (void)state;
    edict *d = load_fixture();
    sent s;
    sent_init(&s, "North Korean Foreign Minister Ri met Rouhani in Tehran .");
    uint16_t out[32];
    assert_true(s.n < 32);
    edict_gazetteer(d, s.norms, s.n, out);
    assert_int_equal(out[0], EDICT_GAZ_DEMONYM | EDICT_GAZ_BEGIN);
    assert_int_equal(out[1], EDICT_GAZ_DEMONYM | EDICT_GAZ_END);
    assert_int_equal(out[2], EDICT_GAZ_AGENT | EDICT_GAZ_BEGIN);
    assert_int_equal(out[3], EDICT_GAZ_AGENT | EDICT_GAZ_END);
    assert_int_equal(out[4], 0);
    assert_int_equal(out[6], EDICT_GAZ_PER | EDICT_GAZ_SINGLE);
    assert_int_equal(out[8], EDICT_GAZ_LOC | EDICT_GAZ_SINGLE);
    assert_int_equal(out[9], 0);
    sent_finish(&s);
    sent_init(&s, "The UN Security Council and the White House .");
    edict_gazetteer(d, s.norms, s.n, out);
    assert_int_equal(out[1], EDICT_GAZ_ORG | EDICT_GAZ_BEGIN);
    assert_int_equal(out[2], EDICT_GAZ_ORG);
    assert_int_equal(out[3], EDICT_GAZ_ORG | EDICT_GAZ_END);
    assert_int_equal(out[5], EDICT_GAZ_LOC | EDICT_GAZ_BEGIN);
    sent_finish(&s);
    edict_free(d);
}

static void test_real_dict(void **state)
{
    (void)state;
    edict *d;
    casus_error err;
    assert_int_equal(edict_new(&d, &err), 0);
    clock_t t0 = clock();
    int rc = edict_load_dir(d, CASUS_DICT_DIR, &err);
    if (rc)
        fail_msg("%s", err.msg);
    assert_int_equal(edict_finish(d, &err), 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    print_message("dict/: %zu entries, %zu phrases, loaded in %.3f s\n", edict_n_entries(d),
                  edict_n_phrases(d), secs);
    edict_match m;
    const char *text =
        "North Korean Foreign Minister Ri Yong Ho met his Iranian counterpart Javad Zarif in "
        "Tehran, and President Hassan Rouhani said the Islamic republic backs Pyongyang against "
        "Washington, NBC News reported, citing a former CIA intelligence analyst and a police "
        "officer; Kim Jong Un and Donald Trump did not comment.";
    sent s;
    sent_init(&s, text);
    struct {
        const char *word;
        size_t len;
        edict_kind kind;
        const char *code;
    } want[] = {
        {"North", 2, EDICT_DEMONYM, "PRK"},   {"Foreign", 2, EDICT_AGENT, "GOV"},
        {"Ri", 3, EDICT_PERSON, NULL},        {"Iranian", 1, EDICT_DEMONYM, "IRN"},
        {"Javad", 2, EDICT_PERSON, NULL},     {"Tehran", 1, EDICT_CAPITAL, "IRN"},
        {"Hassan", 2, EDICT_PERSON, NULL},    {"Pyongyang", 1, EDICT_CAPITAL, "PRK"},
        {"Washington", 1, EDICT_CAPITAL, "USA"}, {"NBC", 2, EDICT_ACTOR, "USAMED"},
        {"CIA", 1, EDICT_ACTOR, "USASPY"},    {"analyst", 1, EDICT_AGENT, "EDU"},
        {"police", 2, EDICT_AGENT, "COP"},    {"Kim", 3, EDICT_PERSON, NULL},
        {"Donald", 2, EDICT_PERSON, NULL},
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        size_t i = word_at(&s, want[k].word);
        size_t len = edict_longest(d, s.norms, s.n, i, &m);
        const edict_entry *e = find_kind(&m, want[k].kind);
        if (len != want[k].len || !e)
            fail_msg("'%s': length %zu, %s", want[k].word, len, e ? "found" : "kind not found");
        if (want[k].code && strcmp(e->code, want[k].code) != 0)
            fail_msg("'%s': code %s", want[k].word, e->code);
    }
    size_t i = word_at(&s, "the");
    assert_int_equal(edict_longest(d, s.norms, s.n, i + 0, &m) >= 2, 1);
    assert_string_equal(find_kind(&m, EDICT_COUNTRY)->code, "IRN");
    /* people on the seed's date */
    const struct {
        const char *word, *code;
    } people[] = {{"Hassan", "IRNGOV"}, {"Javad", "IRNGOV"}, {"Ri", "PRKGOV"},
                  {"Kim", "PRKGOV"},    {"Donald", "USAGOV"}};
    for (size_t k = 0; k < sizeof people / sizeof *people; k++) {
        edict_longest(d, s.norms, s.n, word_at(&s, people[k].word), &m);
        const char *c = edict_person_code(find_kind(&m, EDICT_PERSON), 20180808);
        if (!c || strcmp(c, people[k].code) != 0)
            fail_msg("%s on 2018-08-08: %s", people[k].word, c ? c : "NULL");
    }
    assert_int_equal(match_in(d, "They met in Seoul and Moscow and Beijing.", "Seoul", &m), 1);
    assert_string_equal(find_kind(&m, EDICT_CAPITAL)->code, "KOR");
    assert_int_equal(match_in(d, "The Kremlin and Downing Street", "Kremlin", &m), 1);
    assert_string_equal(find_kind(&m, EDICT_CAPITAL)->code, "RUS");
    assert_int_equal(match_in(d, "The Kremlin and Downing Street", "Downing", &m), 2);
    assert_string_equal(find_kind(&m, EDICT_CAPITAL)->code, "GBR");
    assert_int_equal(match_in(d, "North Koreans and Iranians", "Iranians", &m), 1);
    assert_true(find_kind(&m, EDICT_DEMONYM)->flags & EDICT_F_PLURAL);
    assert_int_equal(match_in(d, "Let us go to the shops in May.", "us", &m), 0);
    assert_int_equal(match_in(d, "We ate turkey.", "turkey", &m), 0);
    assert_int_equal(match_in(d, "Hamas and the IAEA.", "Hamas", &m), 1);
    assert_int_equal(match_in(d, "Hamas and the IAEA.", "IAEA", &m), 1);
    assert_int_equal(match_in(d, "He met a Guyanese police officer.", "Guyanese", &m), 1);
    assert_string_equal(find_kind(&m, EDICT_DEMONYM)->code, "GUY");

    /* matching speed: the gazetteer over the sentence, many times */
    uint16_t *out = malloc(s.n * sizeof *out);
    assert_non_null(out);
    int reps = 20000;
    t0 = clock();
    for (int k = 0; k < reps; k++)
        edict_gazetteer(d, s.norms, s.n, out);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    print_message("gazetteer: %d sentences of %zu words in %.3f s (%.0f sentences/s)\n", reps,
                  s.n, secs, secs > 0 ? reps / secs : 0.0);
    free(out);
    sent_finish(&s);
    edict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_and_kinds), cmocka_unit_test(test_case_rules),
        cmocka_unit_test(test_person_dates),      cmocka_unit_test(test_duplicates_and_extra),
        cmocka_unit_test(test_format_errors),     cmocka_unit_test(test_petrarch_actors),
        cmocka_unit_test(test_petrarch_agents),   cmocka_unit_test(test_gazetteer),
        cmocka_unit_test(test_real_dict),         cmocka_unit_test(test_places),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
