/*
 * test_knowledge_quotes.c — quotations and their speakers
 * (src/knowledge/quotes.c) on sentences written for the project, through
 * the committed models and dict/, as `casus code` runs them: one rule of
 * the extractor per test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct run {
    casus_article a;
    casus_doc *d;
    const casus_quote *q;
    size_t n;
} run;

static void dump(const run *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const casus_quote *q = &r->q[i];
        fprintf(stderr, "  [%u,%u) parts %zu \"%s\" verb %s speaker %s (%s) entity %d\n", q->start,
                q->end, q->n_parts, q->text, q->verb ? q->verb : "-",
                q->speaker_name ? q->speaker_name : "-", q->speaker_code ? q->speaker_code : "-",
                (int)q->speaker_entity);
    }
}

/* Runs text through the whole pipeline and checks the invariants every
 * quote keeps: offsets in the text and in order, parts inside start/end,
 * a speaker name exactly when there is a speaker mention. */
static void quotes(run *r, const char *text)
{
    memset(r, 0, sizeof *r);
    tu_process(&r->a, &r->d, text, "2018-08-08");
    r->q = casus_doc_quotes(r->d, &r->n);
    size_t mentions = 0;
    casus_doc_mentions(r->d, &mentions);
    uint32_t prev_end = 0;
    for (size_t i = 0; i < r->n; i++) {
        const casus_quote *q = &r->q[i];
        assert_true(q->start < q->end && q->end <= r->a.text_len);
        assert_true(q->start >= prev_end);
        prev_end = q->end;
        assert_true(q->n_parts >= 1);
        assert_int_equal(q->parts[0].start, q->start);
        assert_int_equal(q->parts[q->n_parts - 1].end, q->end);
        for (size_t k = 0; k < q->n_parts; k++)
            assert_true(q->parts[k].start < q->parts[k].end);
        assert_non_null(q->text);
        assert_true(q->speaker_mention < (int32_t)mentions);
        assert_int_equal(q->speaker_mention >= 0, q->speaker_name != NULL);
        if (q->verb) {
            assert_int_equal(q->verb_span.end - q->verb_span.start, strlen(q->verb));
            assert_memory_equal(text + q->verb_span.start, q->verb, strlen(q->verb));
        }
    }
}

static void done(run *r)
{
    casus_doc_free(r->d);
}

/* The quote whose text starts with prefix, or NULL (and the quotes on
 * stderr). */
static const casus_quote *find(const run *r, const char *prefix)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strncmp(r->q[i].text, prefix, strlen(prefix)))
            return &r->q[i];
    fprintf(stderr, "no quote \"%s\" in:\n", prefix);
    dump(r);
    return NULL;
}

static void assert_speaker(const casus_quote *q, const char *name, const char *verb)
{
    assert_non_null(q);
    if (!q->speaker_name || !strstr(q->speaker_name, name) || (verb && !q->verb) ||
        (verb && strcmp(q->verb, verb)) || (!verb && q->verb))
        fprintf(stderr, "quote \"%s\": speaker %s verb %s, want %s %s\n", q->text,
                q->speaker_name ? q->speaker_name : "-", q->verb ? q->verb : "-", name,
                verb ? verb : "-");
    assert_non_null(q->speaker_name);
    assert_non_null(strstr(q->speaker_name, name));
    if (verb) {
        assert_non_null(q->verb);
        assert_string_equal(q->verb, verb);
    } else {
        assert_null(q->verb);
    }
}

/* «…,» Name added: guillemets, speaker after the quote, trailing comma
 * left out, offsets of the quoted words without the marks. */
static void test_guillemets_speaker_after(void **state)
{
    (void)state;
    run r;
    const char *t = "«We expect an answer within days,» Maria Santos added.";
    quotes(&r, t);
    assert_int_equal(r.n, 1);
    const casus_quote *q = find(&r, "We expect an answer within days");
    assert_speaker(q, "Maria Santos", "added");
    assert_string_equal(q->text, "We expect an answer within days");
    assert_int_equal(q->start, strlen("«"));
    assert_memory_equal(t + q->end - 4, "days", 4);
    assert_int_equal(q->n_parts, 1);
    assert_memory_equal(t + q->verb_span.start, "added", 5);
    assert_true(q->speaker_entity >= 0);
    done(&r);
}

/* A partial quote inside reported speech: the speaker is the subject of
 * the verb governing the clause that holds the quote. */
static void test_partial_quote_reported_speech(void **state)
{
    (void)state;
    run r;
    quotes(&r, "President Hassan Rouhani warned on Sunday that leaving the accord \"would "
               "bring a heavy price for everyone\" in the region.");
    const casus_quote *q = find(&r, "would bring a heavy price for everyone");
    assert_speaker(q, "Rouhani", "warned");
    assert_string_equal(q->text, "would bring a heavy price for everyone");
    assert_string_equal(q->speaker_code, "IRNGOV");
    done(&r);
}

/* “…,” he said: a pronoun speaker comes out as the entity it names. */
static void test_pronoun_speaker_resolved(void **state)
{
    (void)state;
    run r;
    quotes(&r, "Prime Minister Imran Khan toured the flooded villages on Tuesday.\n\n"
               "“We will rebuild every house that was lost,” he said.");
    const casus_quote *q = find(&r, "We will rebuild every house that was lost");
    assert_speaker(q, "Imran Khan", "said");
    size_t n_m = 0, n_e = 0;
    const casus_mention *m = casus_doc_mentions(r.d, &n_m);
    const casus_entity *e = casus_doc_entities(r.d, &n_e);
    assert_true(q->speaker_mention >= 0 && q->speaker_entity >= 0);
    assert_int_equal(m[q->speaker_mention].kind, CASUS_MENTION_PRONOUN);
    assert_int_equal(m[q->speaker_mention].entity, q->speaker_entity);
    assert_string_equal(e[q->speaker_entity].name, q->speaker_name);
    done(&r);
}

/* She said: ‘…’ — single curly quotes, speaker before the quote. */
static void test_single_quotes_speaker_before(void **state)
{
    (void)state;
    run r;
    quotes(&r, "Chancellor Angela Merkel met the union leaders in Berlin. She said: ‘The "
               "strike has gone on long enough.’");
    const casus_quote *q = find(&r, "The strike has gone on long enough.");
    assert_speaker(q, "Merkel", "said");
    done(&r);
}

/* «A,» she said, «B.» is one quote of two parts. */
static void test_split_quote(void **state)
{
    (void)state;
    run r;
    const char *t = "«We are ready to talk,» Javad Zarif said, «but not while we are threatened.»";
    quotes(&r, t);
    assert_int_equal(r.n, 1);
    const casus_quote *q = &r.q[0];
    assert_speaker(q, "Zarif", "said");
    assert_int_equal(q->n_parts, 2);
    assert_string_equal(q->text, "We are ready to talk but not while we are threatened.");
    assert_memory_equal(t + q->parts[0].start, "We are ready to talk",
                        q->parts[0].end - q->parts[0].start);
    assert_memory_equal(t + q->parts[1].start, "but not while we are threatened.",
                        q->parts[1].end - q->parts[1].start);
    done(&r);
}

/* "A," he said. "B." — the same across a sentence end, with ASCII marks. */
static void test_split_quote_across_sentences(void **state)
{
    (void)state;
    run r;
    quotes(&r, "\"The sanctions are illegal,\" Sergei Lavrov said. \"They will fail.\"");
    assert_int_equal(r.n, 1);
    assert_int_equal(r.q[0].n_parts, 2);
    assert_string_equal(r.q[0].text, "The sanctions are illegal They will fail.");
    assert_speaker(&r.q[0], "Lavrov", "said");
    done(&r);
}

/* A quote over two paragraphs: the first paragraph ends with the quote
 * open and the next one opens with a mark; the speaker is in the colon
 * sentence before it. */
static void test_multi_paragraph_quote(void **state)
{
    (void)state;
    run r;
    quotes(&r, "Maria Lopez, an economist at the central bank, told reporters:\n\n"
               "\"Exports have fallen for six months. Prices keep rising.\n\n"
               "\"Nobody expects a quick recovery.\"\n\nThe bank meets again in May.");
    assert_int_equal(r.n, 1);
    const casus_quote *q = &r.q[0];
    assert_int_equal(q->n_parts, 2);
    assert_string_equal(q->text, "Exports have fallen for six months. Prices keep rising. Nobody "
                                 "expects a quick recovery.");
    assert_speaker(q, "Maria Lopez", "told");
    done(&r);
}

/* An unclosed quote stops at its paragraph's end. */
static void test_unclosed_quote_stops_at_paragraph(void **state)
{
    (void)state;
    run r;
    const char *t = "The mayor, Tom Reyes, said \"the bridge will reopen next week.\n\n"
                    "Traffic was heavy on Monday. Drivers waited for hours at the river.";
    quotes(&r, t);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.q[0].text, "the bridge will reopen next week.");
    assert_true(r.q[0].end <= (uint32_t)(strstr(t, "Traffic") - t));
    assert_speaker(&r.q[0], "Reyes", "said");
    done(&r);
}

/* An unclosed quote in a text without paragraphs is cut after three
 * sentences, not at the end of the article. */
static void test_unclosed_quote_is_capped(void **state)
{
    (void)state;
    run r;
    const char *t = "The senator said \"we will vote against the budget. It cuts schools. It cuts "
                    "hospitals. The vote is on Friday. Both parties expect a close result. The "
                    "session ends in July. Lobbyists have filled the corridors all week.";
    quotes(&r, t);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.q[0].text, "we will vote against the budget. It cuts schools. It cuts "
                                     "hospitals.");
    done(&r);

    /* one endless sentence: cut after 200 words */
    static char buf[8192];
    size_t n = (size_t)snprintf(buf, sizeof buf, "The senator said \"we");
    while (n + 8 < sizeof buf) {
        memcpy(buf + n, " vote", 5);
        n += 5;
    }
    buf[n] = 0;
    quotes(&r, buf);
    assert_int_equal(r.n, 1);
    assert_true(r.q[0].end - r.q[0].start < 200 * 5 + 10);
    done(&r);
}

/* Scare quotes of one to three words without attribution, and names after
 * "so-called", are no quotes; a short quote governed by a speech verb is. */
static void test_scare_quotes(void **state)
{
    (void)state;
    run r;
    quotes(&r, "The minister rejected the so-called \"peace dividend\" on Friday. Critics see "
               "the visit as a \"charm offensive\" aimed at investors. The paper described "
               "what it called the \"axis of evil\" in detail.");
    assert_int_equal(r.n, 0);
    done(&r);

    quotes(&r, "Ri Yong Ho said the agreement was \"dead\".");
    assert_int_equal(r.n, 1);
    assert_speaker(find(&r, "dead"), "Ri Yong Ho", "said");
    done(&r);
}

/* "…", according to X: the speaker with no verb. */
static void test_according_to(void **state)
{
    (void)state;
    run r;
    quotes(&r, "The ceasefire in the north is \"holding for now, but barely\", according to the "
               "Red Cross.");
    const casus_quote *q = find(&r, "holding for now, but barely");
    assert_speaker(q, "Red Cross", NULL);
    done(&r);
}

/* A quote filling its sentence, attributed by a short sentence after it. */
static void test_speaker_in_next_sentence(void **state)
{
    (void)state;
    run r;
    quotes(&r, "\"The count was fair and open from start to finish.\" Maria Lopez said so on "
               "Monday.");
    const casus_quote *q = find(&r, "The count was fair and open");
    assert_speaker(q, "Maria Lopez", "said");
    done(&r);
}

/* German „…“ and spaced French « … » quotes. */
static void test_german_and_french_marks(void **state)
{
    (void)state;
    run r;
    quotes(&r, "Olaf Scholz said „we will not send those weapons now“ after the meeting. "
               "Emmanuel Macron replied « the door remains open to talks ».");
    assert_int_equal(r.n, 2);
    assert_string_equal(r.q[0].text, "we will not send those weapons now");
    assert_speaker(&r.q[0], "Scholz", "said");
    assert_string_equal(r.q[1].text, "the door remains open to talks");
    assert_speaker(&r.q[1], "Macron", "replied");
    done(&r);
}

/* Apostrophes, possessives, inch marks and stray closers are no quotes. */
static void test_no_quote_from_apostrophes(void **state)
{
    (void)state;
    run r;
    quotes(&r, "The protesters' demands date from the '90s. The screen is 6\" wide and the "
               "students’ union met. It was rock 'n' roll.");
    assert_int_equal(r.n, 0);
    done(&r);
}

/* A quote with no attribution anywhere has no speaker and no verb. */
static void test_unattributed_quote(void **state)
{
    (void)state;
    run r;
    quotes(&r, "Rain fell all day over the capital.\n\n\"Nobody came to the square today, and "
               "nobody will come tomorrow.\"\n\nThe square stayed empty.");
    assert_int_equal(r.n, 1);
    assert_null(r.q[0].speaker_name);
    assert_int_equal(r.q[0].speaker_mention, -1);
    assert_int_equal(r.q[0].speaker_entity, -1);
    assert_null(r.q[0].verb);
    assert_int_equal(r.q[0].verb_span.start, 0);
    done(&r);
}

/* Several quotes come out in text order. */
/* A preposition's noun is no subject, even when the parser says so ("In an
 * interview with ..., Ortega warned" with "interview" the nsubj). */
static void test_subject_not_a_prepositional_phrase(void **state)
{
    (void)state;
    run r;
    quotes(&r, "In an interview with the BBC's Ann Lee in May, President Daniel Ortega also "
               "warned that new sanctions «would backfire on Washington».");
    assert_int_equal(r.n, 1);
    assert_speaker(&r.q[0], "Daniel Ortega", "warned");
    done(&r);
}

/* A noun parsed as a conjunct of a verb does not climb to a speech verb: a
 * scare quote stays a scare quote. */
static void test_scare_quote_under_conjoined_noun(void **state)
{
    (void)state;
    run r;
    quotes(&r, "The rebels were taking a cautious approach by continuing talks with the army "
               "while also pursuing diplomacy and «coalition-building» with countries such as "
               "Chad.");
    assert_int_equal(r.n, 0);
    done(&r);
}

static void test_text_order(void **state)
{
    (void)state;
    run r;
    quotes(&r, "“The first round went well,” said Ana Ruiz. Later, Peter Blake told the panel "
               "that the second round “could take much longer than planned”. “We are not "
               "worried about the schedule,” Ana Ruiz added.");
    assert_int_equal(r.n, 3);
    assert_speaker(&r.q[0], "Ana Ruiz", "said");
    assert_speaker(&r.q[1], "Peter Blake", "told");
    assert_speaker(&r.q[2], "Ana Ruiz", "added");
    done(&r);
}

/* Paragraphs that all open a quote and never close one: the multi-
 * paragraph convention joins at most twelve of them. */
static void test_open_paragraphs_are_capped(void **state)
{
    (void)state;
    static const char para[] = "\"The harvest was poor again this year in the valley.\n\n";
    char buf[40 * sizeof para];
    size_t n = 0;
    for (int i = 0; i < 30; i++) {
        memcpy(buf + n, para, sizeof para - 1);
        n += sizeof para - 1;
    }
    buf[n] = 0;
    run r;
    quotes(&r, buf);
    assert_true(r.n >= 3);
    for (size_t i = 0; i < r.n; i++)
        assert_true(r.q[i].n_parts <= 12);
    done(&r);
}

/* Bytes that are all marks, unbalanced in every way, and random mixes:
 * no crash, every invariant of quotes() holds, and no quote spans more
 * than its paragraph. */
static void test_hostile_marks(void **state)
{
    (void)state;
    static const char *const pieces[] = {"\"", "'",  "«",    "»",       "“",   "”",
                                         "„",  "‘",  "’",    "``",      "''",  "‹",
                                         "›",  " ",  "\n\n", "said ",   "he ", "Kim ",
                                         ". ", ", ", ": ",   "we win ", "—",   "according to "};
    char buf[2048];
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (int round = 0; round < 200; round++) {
        size_t n = 0;
        while (n < sizeof buf - 32) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            const char *p = pieces[(seed >> 33) % (sizeof pieces / sizeof *pieces)];
            size_t l = strlen(p);
            memcpy(buf + n, p, l);
            n += l;
            if ((seed >> 20) % 97 == 0)
                break;
        }
        buf[n] = 0;
        run r;
        quotes(&r, buf);
        for (size_t i = 0; i < r.n; i++)
            for (size_t k = 0; k < r.q[i].n_parts; k++)
                for (uint32_t b = r.q[i].parts[k].start; b + 1 < r.q[i].parts[k].end; b++)
                    assert_false(buf[b] == '\n' && buf[b + 1] == '\n');
        done(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guillemets_speaker_after),
        cmocka_unit_test(test_partial_quote_reported_speech),
        cmocka_unit_test(test_pronoun_speaker_resolved),
        cmocka_unit_test(test_single_quotes_speaker_before),
        cmocka_unit_test(test_split_quote),
        cmocka_unit_test(test_split_quote_across_sentences),
        cmocka_unit_test(test_multi_paragraph_quote),
        cmocka_unit_test(test_unclosed_quote_stops_at_paragraph),
        cmocka_unit_test(test_unclosed_quote_is_capped),
        cmocka_unit_test(test_scare_quotes),
        cmocka_unit_test(test_according_to),
        cmocka_unit_test(test_speaker_in_next_sentence),
        cmocka_unit_test(test_german_and_french_marks),
        cmocka_unit_test(test_no_quote_from_apostrophes),
        cmocka_unit_test(test_unattributed_quote),
        cmocka_unit_test(test_text_order),
        cmocka_unit_test(test_subject_not_a_prepositional_phrase),
        cmocka_unit_test(test_scare_quote_under_conjoined_noun),
        cmocka_unit_test(test_open_paragraphs_are_capped),
        cmocka_unit_test(test_hostile_marks),
    };
    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
