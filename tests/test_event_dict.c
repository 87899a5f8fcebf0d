/*
 * test_event_dict.c — the event-side dictionaries: the CAMEO code table
 * and its lookups, the pattern reader (good lines, every kind of bad line
 * with its file:line, check mode going on past them), the lemma index,
 * pattern_check (duplicates, shadowed patterns), and the real dict/: it
 * loads clean, pattern_check finds nothing, every CAMEO root has patterns,
 * and the seed's triggers are there.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/cameo.h"
#include "event/pattern.h"

#ifndef CASUS_DICT_DIR
#define CASUS_DICT_DIR "dict"
#endif

#define FIXTURE CASUS_TEST_DATA "/events"

/* Collected "file:line: reason" messages. */
typedef struct msgs {
    char text[64][CASUS_ERROR_MSG_MAX];
    size_t n;
} msgs;

static void collect(void *ctx, const char *msg)
{
    msgs *m = ctx;
    if (m->n < 64)
        snprintf(m->text[m->n], sizeof m->text[m->n], "%s", msg);
    m->n++;
}

/* The message that starts with prefix and holds needle, or fail. */
static void expect_msg(const msgs *m, const char *prefix, const char *needle)
{
    for (size_t i = 0; i < m->n && i < 64; i++)
        if (!strncmp(m->text[i], prefix, strlen(prefix)) && strstr(m->text[i], needle))
            return;
    for (size_t i = 0; i < m->n && i < 64; i++)
        print_message("  got: %s\n", m->text[i]);
    fail_msg("no message '%s...%s'", prefix, needle);
}

static cameo_table *load_real_codes(void)
{
    cameo_table *t = NULL;
    casus_error err = {0};
    int rc = cameo_table_load(&t, CASUS_DICT_DIR "/cameo/event_codes.txt", &err);
    if (rc)
        fail_msg("%s", err.msg);
    return t;
}

/* ---------------------------------------------------------------- CAMEO table */

static void test_cameo_table(void **state)
{
    (void)state;
    cameo_table *t = load_real_codes();
    assert_int_equal(cameo_table_count(t), 318);

    const cameo_code *c = cameo_lookup(t, "040");
    assert_non_null(c);
    assert_string_equal(c->root, "04");
    assert_string_equal(c->base, "040");
    assert_int_equal(c->quadclass, 1);
    assert_true(c->goldstein == 1.0);
    assert_string_equal(c->name, "Consult, not specified below");

    c = cameo_lookup(t, "042");
    assert_non_null(c);
    assert_true(c->goldstein == 1.9);
    assert_int_equal(c->quadclass, 1);

    c = cameo_lookup(t, "163");
    assert_non_null(c);
    assert_true(c->goldstein == -8.0);
    assert_int_equal(c->quadclass, 4);
    assert_string_equal(c->root, "16");

    c = cameo_lookup(t, "190");
    assert_non_null(c);
    assert_true(c->goldstein == -10.0);
    assert_int_equal(c->quadclass, 4);

    c = cameo_lookup(t, "0211");
    assert_non_null(c);
    assert_string_equal(c->base, "021");
    assert_int_equal(c->level, 4);
    c = cameo_lookup(t, "13");
    assert_non_null(c);
    assert_string_equal(c->base, "13");
    assert_int_equal(c->quadclass, 3);
    /* the manual's names where the GDELT lookup is off by a line */
    assert_string_equal(cameo_lookup(t, "106")->name, "Demand meeting, negotiation");

    assert_null(cameo_lookup(t, "999"));
    assert_null(cameo_lookup(t, "0"));
    assert_null(cameo_lookup(t, "04a"));
    assert_null(cameo_lookup(t, "04000"));
    assert_null(cameo_lookup(t, ""));
    assert_null(cameo_lookup(t, NULL));
    assert_null(cameo_lookup(NULL, "040"));
    for (int r = 1; r <= 20; r++) {
        char root[12];
        snprintf(root, sizeof root, "%02d", r);
        assert_non_null(cameo_lookup(t, root));
    }
    cameo_table_free(t);
    cameo_table_free(NULL);
}

static void test_cameo_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"040 04 040 1\n", "t.txt:1: a code line is"},
        {"040 04 040 1 1.0\n", "t.txt:1: missing name"},
        {"# c\n04x 04 040 1 1.0 X\n", "t.txt:2: bad code '04x'"},
        {"040 05 040 1 1.0 X\n", "t.txt:1: root of 040 must be 04"},
        {"0401 04 041 1 1.0 X\n", "t.txt:1: base of 0401 must be 040"},
        {"040 04 040 5 1.0 X\n", "t.txt:1: QuadClass"},
        {"040 04 040 1 11 X\n", "t.txt:1: Goldstein"},
        {"040 04 040 1 1.0 X\n040 04 040 1 1.0 Y\n", "t.txt:2: code 040 listed twice"},
        {"# nothing\n", "t.txt: no codes"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cameo_table *t = (cameo_table *)1;
        casus_error err = {0};
        assert_int_equal(
            cameo_table_load_mem(&t, "t.txt", cases[i].text, strlen(cases[i].text), &err),
            CASUS_EFORMAT);
        assert_null(t);
        if (strncmp(err.msg, cases[i].want, strlen(cases[i].want)))
            fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].want);
    }
    cameo_table *t;
    casus_error err;
    assert_int_equal(cameo_table_load(&t, FIXTURE "/missing.txt", &err), CASUS_ENOENT);
}

static void test_actor_units(void **state)
{
    (void)state;
    cameo_units *u = NULL;
    casus_error err = {0};
    if (cameo_units_load(&u, CASUS_DICT_DIR "/cameo/actor_codes.txt", &err))
        fail_msg("%s", err.msg);
    assert_true(cameo_units_count(u) > 300);
    assert_string_equal(cameo_unit_kind(u, "IRN"), "country");
    assert_non_null(strstr(cameo_unit_kind(u, "GOVERNMENT"), "role_primary"));
    assert_non_null(cameo_unit_kind(u, "IGO"));
    assert_non_null(cameo_unit_kind(u, "CUW")); /* ISO 3166, not in CAMEO */
    assert_null(cameo_unit_kind(u, "QQQ"));
    assert_string_equal(cameo_unit_kind(u, "USR"), "legacy"); /* Phoenix: Soviet Union */
    assert_null(cameo_unit_kind(u, "IR"));
    cameo_units_free(u);
}

/* ---------------------------------------------------------------- patterns */

static cameo_table *load_fixture_codes(void)
{
    cameo_table *t = NULL;
    casus_error err = {0};
    if (cameo_table_load(&t, FIXTURE "/codes.txt", &err))
        fail_msg("%s", err.msg);
    return t;
}

static void role_is(const pattern_role *r, const char *want)
{
    char buf[128];
    pattern_role_format(r, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_good_patterns(void **state)
{
    (void)state;
    cameo_table *codes = load_fixture_codes();
    pattern_set *s;
    casus_error err = {0};
    assert_int_equal(pattern_set_new(&s, codes, &err), 0);
    if (pattern_load_file(s, FIXTURE "/good.txt", &err))
        fail_msg("%s", err.msg);
    assert_int_equal(pattern_load_file(s, FIXTURE "/crlf.txt", &err), 0);
    assert_int_equal(pattern_finish(s, &err), 0);
    assert_int_equal(pattern_count(s), 11);
    assert_int_equal(pattern_load_file(s, FIXTURE "/good.txt", &err), CASUS_EINVAL);

    const pattern *p = pattern_by_id(s, "t.meet");
    assert_non_null(p);
    assert_string_equal(p->code, "040");
    assert_non_null(p->cameo);
    assert_true(p->cameo->goldstein == 1.0);
    assert_int_equal(p->kind, PATTERN_VERB);
    assert_string_equal(p->lemma, "meet");
    assert_int_equal(p->n_src, 1);
    role_is(&p->src[0], "subj");
    assert_int_equal(p->n_tgt, 2);
    role_is(&p->tgt[0], "obj");
    role_is(&p->tgt[1], "obl:with");
    assert_int_equal(p->tgt[1].steps[0].rel, PATTERN_OBL);
    assert_string_equal(p->tgt[1].steps[0].prep, "with");
    assert_true(p->flags & PATTERN_F_RECIPROCAL);
    assert_string_equal(p->reverse, "040");
    assert_string_equal(p->intent, "036");
    assert_non_null(p->intent_cameo);
    assert_string_equal(p->file, FIXTURE "/good.txt");
    assert_int_equal(p->line, 2);

    p = pattern_by_id(s, "t.hold-talks");
    assert_int_equal(p->n_conds, 1);
    assert_int_equal(p->conds[0].op, PATTERN_HAS);
    role_is(&p->conds[0].role, "obj");
    assert_int_equal(p->conds[0].n_lemmas, 3);
    assert_string_equal(p->conds[0].lemmas[1], "talks");
    role_is(&p->tgt[1], "obj/nmod:with");
    assert_int_equal(p->tgt[1].n_steps, 2);

    p = pattern_by_id(s, "t.host");
    assert_string_equal(p->reverse, "042");
    assert_false(p->flags & PATTERN_F_RECIPROCAL);

    p = pattern_by_id(s, "t.pull-out");
    assert_string_equal(p->prt, "out");
    assert_string_equal(p->conds[0].lemmas[1], "treaty"); /* folded */
    role_is(&p->tgt[1], "obl:of/mod");
    assert_int_equal(p->specificity, 4);

    p = pattern_by_id(s, "t.impose");
    assert_int_equal(p->n_lemmas, 2);
    assert_string_equal(p->lemmas[1], "reimpose");
    role_is(&p->src[1], "agent");
    assert_string_equal(p->intent, "1312");

    p = pattern_by_id(s, "t.bare-hold");
    assert_int_equal(p->n_conds, 2);
    assert_int_equal(p->conds[0].op, PATTERN_NOT);
    assert_int_equal(p->conds[1].op, PATTERN_NONE);
    assert_true(p->flags & PATTERN_F_WEAK);
    assert_int_equal(p->specificity, 2);

    p = pattern_by_id(s, "t.no-rally");
    assert_null(p->code);
    assert_null(p->cameo);

    p = pattern_by_id(s, "t.out-of");
    assert_string_equal(p->tgt[0].steps[0].prep, "out of");
    role_is(&p->tgt[0], "obl:out_of");

    p = pattern_by_id(s, "t.crlf");
    role_is(&p->tgt[0], "obj");
    assert_null(pattern_by_id(s, "t.world-cup")); /* a discard, not a pattern */
    assert_null(pattern_by_id(s, "nope"));

    /* lookup by lemma: most specific first */
    size_t n;
    const pattern *const *hold = pattern_find(s, PATTERN_VERB, "hold", &n);
    assert_int_equal(n, 3);
    /* all of specificity 2 (a word list; or != and =-), so in load order */
    assert_string_equal(hold[0]->id, "t.hold-talks");
    assert_string_equal(hold[1]->id, "t.bare-hold");
    assert_string_equal(hold[2]->id, "t.no-rally");
    assert_ptr_equal(pattern_find(s, PATTERN_VERB, "HOLD", &n), hold);
    assert_ptr_equal(pattern_find_n(s, PATTERN_VERB, "holding", 4, &n), hold);
    assert_null(pattern_find(s, PATTERN_NOUN, "hold", &n));
    assert_int_equal(n, 0);
    assert_null(pattern_find(s, PATTERN_VERB, "trip", &n));
    const pattern *const *trip = pattern_find(s, PATTERN_NOUN, "Visit", &n);
    assert_int_equal(n, 1);
    assert_string_equal(trip[0]->id, "t.trip");
    role_is(&trip[0]->src[2], "up/subj");
    assert_int_equal(trip[0]->kind, PATTERN_NOUN);
    pattern_find(s, PATTERN_NOUN, "sanctions", &n);
    assert_int_equal(n, 1);
    assert_null(pattern_find(s, PATTERN_VERB, NULL, &n));

    assert_int_equal(pattern_mood(s, "plan"), PATTERN_MOOD_INTENT);
    assert_int_equal(pattern_mood(s, "Intend"), PATTERN_MOOD_INTENT);
    assert_int_equal(pattern_mood(s, "n't"), PATTERN_MOOD_NEGATION);
    assert_int_equal(pattern_mood(s, "meet"), PATTERN_MOOD_NONE);
    size_t nd;
    const pattern_discard *d = pattern_discards(s, &nd);
    assert_int_equal(nd, 1);
    assert_int_equal(d[0].n_words, 2);
    assert_string_equal(d[0].words[0], "world");
    assert_string_equal(d[0].words[1], "cup");

    msgs m = {0};
    assert_int_equal(pattern_check(s, collect, &m), 0);
    assert_int_equal(m.n, 0);
    pattern_set_free(s);
    pattern_set_free(NULL);
    cameo_table_free(codes);
}

static void test_bad_lines_strict(void **state)
{
    (void)state;
    cameo_table *codes = load_fixture_codes();
    static const struct {
        const char *line, *want;
    } cases[] = {
        {"verb x 999 meet src=subj\n", "t.txt:1: unknown CAMEO code '999'"},
        {"verb x 040 meet src=subject\n", "t.txt:1: unknown role 'subject'"},
        {"verb x 040 meet src=subj tgt=obj:with\n", "t.txt:1: unknown role 'obj:with'"},
        {"verb x 040 meet src=subj tgt=a/b/c/d\n", "t.txt:1: unknown role 'a/b/c/d'"},
        {"verb x 040 meet src=subj tgt=up/up/up/obj\n", "over 3 steps"},
        {"verb x 040 meet src=subj\nverb x 040 greet src=subj\n",
         "t.txt:2: duplicate id 'x' (first at t.txt:1)"},
        {"\n\nverb x 040\n", "t.txt:3: a pattern is KIND ID CODE"},
        {"frob x 040 meet src=subj\n", "t.txt:1: unknown line kind 'frob'"},
        {"verb x 040 meet tgt=obj\n", "t.txt:1: pattern 'x' needs src="},
        {"verb x 040 meet src=subj often\n", "t.txt:1: unknown flag 'often'"},
        {"verb X 040 meet src=subj\n", "t.txt:1: bad id 'X'"},
        {"verb x 4x0 meet src=subj\n", "t.txt:1: bad CAMEO code '4x0'"},
        {"verb x 040 meet src=subj intent=-\n", "t.txt:1: bad CAMEO code '-'"},
        {"verb x 040 meet obj!=* src=subj\n", "!= takes words"},
        {"verb x 040 meet obj=a,,b src=subj\n", "t.txt:1: empty word"},
        {"verb x 040 meet src=subj src=obj\n", "t.txt:1: src= given twice"},
        {"verb x 040 meet src=subj reciprocal\n", "reciprocal needs a code and tgt="},
        {"verb x 040 meet src=subj tgt=obj reciprocal reverse=042\n", "reciprocal and reverse= together"},
        {"verb x 040 meet src=subj tgt=obj reverse=042 reverse=042\n", "reverse= given twice"},
        {"verb x 040 meet prt=Out src=subj\n", "bad particle 'Out'"},
        {"verb x 040 meet =x src=subj\n", "KEY=VALUE with neither empty"},
        {"mood sometimes plan\n", "t.txt:1: unknown mood 'sometimes'"},
        {"mood intent plan\nmood future plan\n", "t.txt:2: mood word 'plan' already listed at t.txt:1"},
        {"discard x\n", "t.txt:1: a discard is"},
        {"verb x 040 me\0et src=subj\n", "t.txt:1: NUL byte"},
        {"verb x 040 \xff src=subj\n", "t.txt:1: not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pattern_set *s;
        casus_error err = {0};
        assert_int_equal(pattern_set_new(&s, codes, &err), 0);
        size_t len = strlen(cases[i].line);
        if (strstr(cases[i].want, "NUL"))
            len = sizeof "verb x 040 me\0et src=subj\n" - 1;
        int rc = pattern_load_mem(s, "t.txt", cases[i].line, len, &err);
        if (rc != CASUS_EFORMAT || !strstr(err.msg, cases[i].want))
            fail_msg("case %zu: rc %d, got '%s', want '%s'", i, rc, err.msg, cases[i].want);
        pattern_set_free(s);
    }
    /* without a table, any 2-4 digit code passes */
    pattern_set *s;
    casus_error err = {0};
    assert_int_equal(pattern_set_new(&s, NULL, &err), 0);
    const char *txt = "verb x 999 meet src=subj\n";
    assert_int_equal(pattern_load_mem(s, "t.txt", txt, strlen(txt), &err), 0);
    pattern_set_free(s);
    assert_int_equal(pattern_set_new(&s, NULL, &err), 0);
    assert_int_equal(pattern_load_file(s, FIXTURE "/missing.txt", &err), CASUS_ENOENT);
    assert_int_equal(pattern_load_dir(s, FIXTURE "/missing", &err), CASUS_ENOENT);
    pattern_set_free(s);
    cameo_table_free(codes);
}

static void test_check_mode(void **state)
{
    (void)state;
    cameo_table *codes = load_fixture_codes();
    pattern_set *s;
    casus_error err = {0};
    msgs m = {0};
    assert_int_equal(pattern_set_new(&s, codes, &err), 0);
    pattern_set_report(s, collect, &m);
    const char *f = FIXTURE "/bad.txt";
    if (pattern_load_file(s, f, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(pattern_load_file(s, FIXTURE "/binary.txt", &err), 0);
    assert_int_equal(pattern_finish(s, &err), 0);

    char pre[256];
#define AT(line) (snprintf(pre, sizeof pre, "%s:%d: ", f, line), pre)
    expect_msg(&m, AT(2), "unknown CAMEO code '999'");
    expect_msg(&m, AT(3), "unknown role 'subject'");
    expect_msg(&m, AT(5), "duplicate id 'b.ok'");
    expect_msg(&m, AT(6), "a pattern is KIND ID CODE");
    expect_msg(&m, AT(7), "unknown line kind 'frob'");
    expect_msg(&m, AT(8), "needs src=");
    expect_msg(&m, AT(9), "unknown flag 'sometimes'");
    expect_msg(&m, AT(10), "bad id 'B.Bad-Id'");
    expect_msg(&m, AT(11), "unknown role 'obj:with'");
    expect_msg(&m, AT(12), "bad CAMEO code '4x0'");
    expect_msg(&m, AT(15), "!= takes words");
    expect_msg(&m, AT(16), "bad CAMEO code '0x'");
    expect_msg(&m, AT(17), "unknown mood 'sometimes'");
    expect_msg(&m, FIXTURE "/binary.txt:1: ", "NUL byte");
    expect_msg(&m, FIXTURE "/binary.txt:2: ", "not valid UTF-8");
    assert_int_equal(m.n, 15);
    assert_int_equal(pattern_n_problems(s), 15);

    /* loading went on past every bad line */
    assert_non_null(pattern_by_id(s, "b.ok"));
    assert_non_null(pattern_by_id(s, "b.good-last"));
    assert_non_null(pattern_by_id(s, "n.after"));
    assert_null(pattern_by_id(s, "b.unknown-code"));
    assert_int_equal(pattern_count(s), 5); /* b.ok, dup-pattern, shadowed, good-last, n.after */

    msgs c = {0};
    assert_int_equal(pattern_check(s, collect, &c), 2);
    assert_int_equal(c.n, 2);
    expect_msg(&c, AT(13), "duplicate pattern 'b.dup-pattern'");
    expect_msg(&c, AT(13), "already 'b.ok'");
    expect_msg(&c, AT(14), "unreachable pattern 'b.shadowed' (042)");
    expect_msg(&c, AT(14), "shadowed by 'b.ok' (040");
#undef AT
    assert_int_equal(pattern_check(s, NULL, NULL), 2);
    pattern_set_free(s);
    cameo_table_free(codes);
}

/* ---------------------------------------------------------------- the real dict/ */

static void test_real_dict(void **state)
{
    (void)state;
    cameo_table *codes = load_real_codes();
    pattern_set *s;
    casus_error err = {0};
    assert_int_equal(pattern_set_new(&s, codes, &err), 0);
    if (pattern_load_dir(s, CASUS_DICT_DIR "/events", &err))
        fail_msg("%s", err.msg);
    assert_int_equal(pattern_finish(s, &err), 0);
    msgs m = {0};
    size_t problems = pattern_check(s, collect, &m);
    for (size_t i = 0; i < m.n && i < 64; i++)
        print_message("  %s\n", m.text[i]);
    assert_int_equal(problems, 0);
    assert_true(pattern_count(s) > 3000);

    /* every root has patterns written by hand, and so does every 3-digit
     * code but a few that news rarely reports */
    size_t per_root[21] = {0}, hand = 0;
    static char seen[1000];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < pattern_count(s); i++) {
        const pattern *p = pattern_at(s, i);
        if (!p->code || (p->flags & PATTERN_F_WEAK))
            continue;
        hand++;
        per_root[atoi(p->cameo->root)]++;
        if (p->cameo->level >= 3)
            seen[atoi(p->cameo->base)] = 1;
    }
    for (int r = 1; r <= 20; r++)
        if (!per_root[r])
            fail_msg("root %02d has no hand-written pattern", r);
    size_t missing = 0;
    for (size_t i = 0; i < cameo_table_count(codes); i++) {
        const cameo_code *c = cameo_table_at(codes, i);
        if (c->level == 3 && !seen[atoi(c->code)]) {
            print_message("  no hand-written pattern for %s %s\n", c->code, c->name);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
    assert_true(hand > 400);

    /* the seed's triggers */
    static const struct {
        pattern_kind kind;
        const char *lemma, *id, *code;
    } seed[] = {
        {PATTERN_VERB, "hold", "consult.hold-talks-with", "040"},
        {PATTERN_VERB, "meet", "consult.meet", "040"},
        {PATTERN_VERB, "visit", "consult.visit", "042"},
        {PATTERN_NOUN, "trip", "consult.visit-to", "042"},
        {PATTERN_VERB, "host", "consult.host", "043"},
        {PATTERN_NOUN, "summit", "consult.meeting-with", "040"},
        {PATTERN_NOUN, "talks", "consult.talks-with", "046"},
        {PATTERN_VERB, "impose", "reduce.impose-sanctions", "163"},
        {PATTERN_VERB, "reimpose", "reduce.impose-sanctions", "163"},
        {PATTERN_NOUN, "sanctions", "reduce.sanctions", "163"},
        {PATTERN_VERB, "warn", "threaten.warn", "130"},
        {PATTERN_VERB, "advise", "appeal.advise", "020"},
        {PATTERN_VERB, "pull", "reduce.pull-out-of-deal", "161"},
        {PATTERN_VERB, "withdraw", "reduce.withdraw-from-deal", "161"},
        {PATTERN_VERB, "test", "force.test-weapon", "150"},
        {PATTERN_VERB, "launch", "force.launch-missile", "150"},
        {PATTERN_NOUN, "test", "force.weapon-test", "150"},
        {PATTERN_VERB, "brief", "consult.brief", "040"},
        {PATTERN_VERB, "trust", "discard.trust", NULL},
    };
    for (size_t i = 0; i < sizeof seed / sizeof *seed; i++) {
        size_t n;
        const pattern *const *run = pattern_find(s, seed[i].kind, seed[i].lemma, &n);
        size_t k = 0;
        while (k < n && strcmp(run[k]->id, seed[i].id))
            k++;
        if (k == n)
            fail_msg("no pattern %s for '%s'", seed[i].id, seed[i].lemma);
        if (seed[i].code)
            assert_string_equal(run[k]->code, seed[i].code);
        else
            assert_null(run[k]->code);
    }
    /* "launch missiles" (a test) and "launch missiles at X" (an attack)
     * exclude each other: the test has no obl:at */
    const pattern *launch = pattern_by_id(s, "force.launch-missile");
    const pattern *fire_at = pattern_by_id(s, "fight.fire-at");
    assert_non_null(launch);
    assert_non_null(fire_at);
    int none_at = 0;
    for (uint32_t k = 0; k < launch->n_conds; k++) {
        char role[64];
        pattern_role_format(&launch->conds[k].role, role, sizeof role);
        if (!strcmp(role, "obl:at") && launch->conds[k].op == PATTERN_NONE)
            none_at = 1;
    }
    assert_true(none_at);

    size_t nd;
    pattern_discards(s, &nd);
    assert_true(nd > 20);
    assert_int_equal(pattern_mood(s, "plan"), PATTERN_MOOD_INTENT);
    assert_int_equal(pattern_mood(s, "would"), PATTERN_MOOD_CONDITIONAL);
    pattern_set_free(s);
    cameo_table_free(codes);
}

static void test_dict_check(void **state)
{
    (void)state;
    casus_dict_stats st;
    casus_error err = {0};
    msgs m = {0};
    if (casus_dict_check(CASUS_DICT_DIR, collect, &m, &st, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(st.n_codes, 318);
    assert_true(st.n_patterns > 3000);
    assert_true(st.n_files >= 20);
    assert_int_equal(st.n_problems, m.n);
    /* the event side is clean: whatever is reported is about actor codes */
    for (size_t i = 0; i < m.n && i < 64; i++)
        if (!strstr(m.text[i], "unknown actor code prefix"))
            fail_msg("event dictionary problem: %s", m.text[i]);
    assert_int_equal(casus_dict_check(FIXTURE "/missing", NULL, NULL, &st, &err), CASUS_ENOENT);
}

/* Loading is fast enough to do at every start. */
static void test_load_speed(void **state)
{
    (void)state;
    cameo_table *codes = load_real_codes();
    pattern_set *s;
    casus_error err = {0};
    assert_int_equal(pattern_set_new(&s, codes, &err), 0);
    assert_int_equal(pattern_load_dir(s, CASUS_DICT_DIR "/events", &err), 0);
    assert_int_equal(pattern_finish(s, &err), 0);
    const char *lemmas[] = {"meet", "hold", "visit", "say", "the", "attack", "Sanction"};
    size_t total = 0;
    for (int r = 0; r < 100000; r++)
        for (size_t i = 0; i < sizeof lemmas / sizeof *lemmas; i++) {
            size_t n;
            pattern_find(s, i % 2 ? PATTERN_NOUN : PATTERN_VERB, lemmas[i], &n);
            total += n;
        }
    assert_true(total > 0);
    pattern_set_free(s);
    cameo_table_free(codes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cameo_table),      cmocka_unit_test(test_cameo_errors),
        cmocka_unit_test(test_actor_units),      cmocka_unit_test(test_good_patterns),
        cmocka_unit_test(test_bad_lines_strict), cmocka_unit_test(test_check_mode),
        cmocka_unit_test(test_real_dict),        cmocka_unit_test(test_dict_check),
        cmocka_unit_test(test_load_speed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
