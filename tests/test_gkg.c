/*
 * test_gkg.c — the GDELT GKG 2.1 writer (src/io/gkg.c). A synthetic
 * document fills every knowledge array (so each field's format is tested
 * whatever the extractors find today) and its row is parsed back with a
 * small parser of the codebook's separators: 27 columns, every list into
 * the same items with the right values and character offsets. Then real
 * pipeline runs (the row of a short article holds the places of its text
 * at their offsets), hostile names (tabs, line breaks, separators,
 * invalid UTF-8) that must not break a row, and a failing stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "core/doc.h"

/* ---------------------------------------------------------------- parsing */

#define N_COLS 27
#define MAX_ITEMS 64
#define MAX_FIELDS 16

/* One row split on tabs; cols point into buf. */
typedef struct row {
    char *buf;
    size_t len;
    size_t n_cols;
    char *cols[N_COLS + 8];
} row;

static void write_row(const casus_doc *d, row *r)
{
    memset(r, 0, sizeof *r);
    FILE *f = open_memstream(&r->buf, &r->len);
    assert_non_null(f);
    assert_int_equal(casus_write_gdelt_gkg(f, d), 0);
    assert_int_equal(fclose(f), 0);
    /* exactly one line */
    assert_true(r->len > 0);
    assert_int_equal(r->buf[r->len - 1], '\n');
    assert_null(memchr(r->buf, '\n', r->len - 1));
    assert_null(memchr(r->buf, '\r', r->len));
    r->buf[r->len - 1] = 0;
    char *p = r->buf;
    for (;;) {
        assert_true(r->n_cols < N_COLS + 8);
        r->cols[r->n_cols++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = 0;
        p = tab + 1;
    }
}

static void free_row(row *r)
{
    free(r->buf);
}

/* A list split into items on item_sep (a trailing separator ends the last
 * item, as GDELT writes ";"-lists) and each item into fields on
 * field_sep; strings point into a copy. */
typedef struct list {
    char *copy;
    size_t n;
    size_t n_fields[MAX_ITEMS];
    char *f[MAX_ITEMS][MAX_FIELDS];
} list;

static void parse_list(const char *s, char item_sep, char field_sep, list *l)
{
    memset(l, 0, sizeof *l);
    l->copy = strdup(s);
    assert_non_null(l->copy);
    char *p = l->copy;
    while (*p) {
        char *end = strchr(p, item_sep);
        if (end)
            *end = 0;
        assert_true(l->n < MAX_ITEMS);
        size_t i = l->n++, k = 0;
        for (char *q = p;;) {
            assert_true(k < MAX_FIELDS);
            l->f[i][k++] = q;
            char *sep = strchr(q, field_sep);
            if (!sep)
                break;
            *sep = 0;
            q = sep + 1;
        }
        l->n_fields[i] = k;
        if (!end)
            break;
        p = end + 1;
    }
}

static void free_list(list *l)
{
    free(l->copy);
}

/* Code points of text before byte off, counted independently of the
 * writer: every byte that is no UTF-8 continuation byte starts one (the
 * test texts are valid UTF-8). */
static unsigned long chars_before(const char *text, size_t off)
{
    unsigned long n = 0;
    for (size_t i = 0; i < off; i++)
        n += ((unsigned char)text[i] & 0xC0) != 0x80;
    return n;
}

static uint32_t at(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    return (uint32_t)(p - text);
}

static void assert_offset(const char *field, const char *text, uint32_t byte)
{
    char want[32];
    snprintf(want, sizeof want, "%lu", chars_before(text, byte));
    assert_string_equal(field, want);
}

/* ---------------------------------------------------------------- a synthetic document */

/* Non-ASCII before the items, so character and byte offsets differ. */
static const char TEXT[] =
    "Ülkü Ağa said \"we will\trebuild; the #city | now\" in Tehran. Tehran and Iran "
    "counted 3 soldiers killed and $2 billion in aid on 5 May 2018, in May 2018 "
    "and in the 1990s; Texas sent 1.5 tons of grain. Ağa Corp agreed.";

typedef struct synth {
    casus_article *a;
    casus_doc d;
    casus_quote quotes[2];
    casus_span qparts[2];
    casus_count counts[3];
    casus_amount amounts[2];
    casus_date_expr dates[4];
    casus_location locs[3];
    casus_span tehran[2], iran[1], texas[1];
    casus_theme_hit themes[3];
    casus_mention mentions[4];
    casus_entity entities[3];
    uint32_t ment_idx[4];
} synth;

static void build(synth *s, const char *title)
{
    memset(s, 0, sizeof *s);
    s->a = casus_article_new("gkg-1", "https://www.Example-News.org/world/a?x=1", "2018-05-07",
                             title, TEXT, strlen(TEXT));
    assert_non_null(s->a);
    casus_doc *d = &s->d;
    d->article = s->a;
    d->pipeline = tu_pipe();

    /* a quote in two parts, with a tab, a hash and a pipe in its text */
    s->qparts[0] = (casus_span){at(TEXT, "we will"), at(TEXT, "\" in Tehran")};
    s->quotes[0] = (casus_quote){.start = s->qparts[0].start,
                                 .end = s->qparts[0].end,
                                 .parts = s->qparts,
                                 .n_parts = 1,
                                 .text = "we will\trebuild; the #city | now",
                                 .verb = "said",
                                 .speaker_mention = 0,
                                 .speaker_entity = 0};
    s->quotes[1] = (casus_quote){.start = at(TEXT, "Ağa Corp"),
                                 .end = at(TEXT, " agreed"),
                                 .text = "Ağa\nCorp",
                                 .verb = NULL,
                                 .speaker_mention = -1,
                                 .speaker_entity = -1};
    d->quotes = s->quotes;
    d->n_quotes = 2;

    s->counts[0] = (casus_count){.count = 3,
                                 .count_max = 3,
                                 .object = "soldiers",
                                 .type = "KILL",
                                 .start = at(TEXT, "3 soldiers")};
    s->counts[1] = (casus_count){.count = 1.5,
                                 .count_max = 1.5,
                                 .object = "tons of grain",
                                 .type = NULL,
                                 .start = at(TEXT, "1.5 tons")}; /* untyped */
    s->counts[2] = (casus_count){.count = 2000,
                                 .count_max = 2000,
                                 .object = "#bad;object\t",
                                 .type = "PROTEST",
                                 .start = at(TEXT, "Texas")};
    d->counts = s->counts;
    d->n_counts = 3;

    s->amounts[0] = (casus_amount){
        .amount = 2e9, .currency = "USD", .object = "aid", .start = at(TEXT, "$2 billion")};
    s->amounts[1] =
        (casus_amount){.amount = 1.5, .object = "tons, of grain;", .start = at(TEXT, "1.5 tons")};
    d->amounts = s->amounts;
    d->n_amounts = 2;

    s->dates[0] = (casus_date_expr){
        .start = at(TEXT, "5 May 2018"), .resolved = "2018-05-05", .resolution = "day"};
    s->dates[1] = (casus_date_expr){
        .start = at(TEXT, "May 2018 "), .resolved = "2018-05", .resolution = "month"};
    s->dates[2] =
        (casus_date_expr){.start = at(TEXT, "1990s"), .resolved = "1990", .resolution = "decade"};
    s->dates[3] = (casus_date_expr){.start = 0, .resolved = "20x8", .resolution = "day"};
    d->dates = s->dates;
    d->n_dates = 4;

    s->tehran[0] = (casus_span){at(TEXT, "Tehran."), at(TEXT, "Tehran.") + 6};
    s->tehran[1] = (casus_span){at(TEXT, "Tehran and"), at(TEXT, "Tehran and") + 6};
    s->iran[0] = (casus_span){at(TEXT, "Iran "), at(TEXT, "Iran ") + 4};
    s->texas[0] = (casus_span){at(TEXT, "Texas"), at(TEXT, "Texas") + 5};
    s->locs[0] = (casus_location){.place = {.found = 1,
                                            .name = "Tehran",
                                            .country = "IR",
                                            .admin1 = "26",
                                            .has_coords = 1,
                                            .lat = 35.69439,
                                            .lon = 51.42151,
                                            .geonameid = 112931,
                                            .feature = "PPLC"},
                                  .mentions = s->tehran,
                                  .n_mentions = 2};
    s->locs[1] = (casus_location){
        .place = {.found = 1, .name = "Iran", .country = "IR", .feature = "country"},
        .mentions = s->iran,
        .n_mentions = 1};
    s->locs[2] = (casus_location){.place = {.found = 1,
                                            .name = "Tex#as;",
                                            .country = "US",
                                            .admin1 = "TX",
                                            .has_coords = 1,
                                            .lat = 31.25044,
                                            .lon = -99.25061,
                                            .geonameid = 4736286,
                                            .feature = "ADM1"},
                                  .mentions = s->texas,
                                  .n_mentions = 1};
    d->locations = s->locs;
    d->n_locations = 3;

    s->themes[0] = (casus_theme_hit){"ARMEDCONFLICT", at(TEXT, "killed"), at(TEXT, "killed") + 6};
    s->themes[1] = (casus_theme_hit){"TAX;AID,X", at(TEXT, "aid"), at(TEXT, "aid") + 3};
    s->themes[2] =
        (casus_theme_hit){"ARMEDCONFLICT", at(TEXT, "soldiers"), at(TEXT, "soldiers") + 8};
    d->themes = s->themes;
    d->n_themes = 3;

    d->tone = (casus_tone){.tone = -2.5,
                           .positive = 1.25,
                           .negative = 3.75,
                           .polarity = 5,
                           .activity = 20.123456789,
                           .self_group = 0,
                           .words = 44};
    d->has_tone = 1;

    /* a person twice (one entity with a hostile name), an organisation,
     * and a name of no type; a pronoun that no list takes */
    s->entities[0] = (casus_entity){.name = "Ağa,\tÜlkü;#", .type = 'P', .code = ""};
    s->entities[1] = (casus_entity){.name = "Ağa Corp", .type = 'O', .code = ""};
    s->entities[2] = (casus_entity){.name = "May", .type = 0, .code = ""};
    s->mentions[0] = (casus_mention){.start = 0,
                                     .end = at(TEXT, " said"),
                                     .entity = 0,
                                     .kind = CASUS_MENTION_NAME,
                                     .type = 'P',
                                     .code = ""};
    s->mentions[1] = (casus_mention){.start = at(TEXT, "Ağa Corp"),
                                     .end = at(TEXT, " agreed"),
                                     .entity = 1,
                                     .kind = CASUS_MENTION_NAME,
                                     .type = 'O',
                                     .code = ""};
    s->mentions[2] = (casus_mention){.start = at(TEXT, "May 2018 "),
                                     .end = at(TEXT, " 2018 "),
                                     .entity = 2,
                                     .kind = CASUS_MENTION_NAME,
                                     .type = 0,
                                     .code = ""};
    s->mentions[3] = (casus_mention){.start = at(TEXT, "Ağa Corp"),
                                     .end = at(TEXT, " Corp"),
                                     .entity = 0,
                                     .kind = CASUS_MENTION_NAME,
                                     .type = 'P',
                                     .code = ""};
    d->mentions = s->mentions;
    d->n_mentions = 4;
    d->entities = s->entities;
    d->n_entities = 3;
}

static void unbuild(synth *s)
{
    casus_article_free(s->a);
}

/* Column c (1-based, as the codebook numbers them). */
#define COL(r, c) ((r)->cols[(c)-1])

static void test_synthetic_fields_parse_back(void **state)
{
    (void)state;
    synth s;
    build(&s, "Talks <in> Tehran & more");
    row r;
    write_row(&s.d, &r);
    assert_int_equal(r.n_cols, N_COLS);

    /* 1-5 */
    assert_true(!strncmp(COL(&r, 1), "20180507000000-", 15));
    assert_true(strtoull(COL(&r, 1) + 15, NULL, 10) > 0);
    assert_string_equal(COL(&r, 2), "20180507000000");
    assert_string_equal(COL(&r, 3), "1");
    assert_string_equal(COL(&r, 4), "example-news.org");
    assert_string_equal(COL(&r, 5), "https://www.Example-News.org/world/a?x=1");

    /* 6-7 counts: the untyped one is left out, the object cleaned */
    list l;
    parse_list(COL(&r, 6), ';', '#', &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.n_fields[0], 10);
    assert_string_equal(l.f[0][0], "KILL");
    assert_string_equal(l.f[0][1], "3");
    assert_string_equal(l.f[0][2], "soldiers");
    assert_string_equal(l.f[0][3], "0");
    assert_string_equal(l.f[1][0], "PROTEST");
    assert_string_equal(l.f[1][1], "2000");
    assert_string_equal(l.f[1][2], "bad object");
    free_list(&l);
    parse_list(COL(&r, 7), ';', '#', &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.n_fields[0], 11);
    assert_int_equal(l.n_fields[1], 11);
    assert_offset(l.f[0][10], TEXT, s.counts[0].start);
    assert_offset(l.f[1][10], TEXT, s.counts[2].start);
    free_list(&l);

    /* 8-9 themes: V1 distinct, V2 each hit */
    parse_list(COL(&r, 8), ';', ',', &l);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.f[0][0], "ARMEDCONFLICT");
    assert_string_equal(l.f[1][0], "TAX AID X");
    free_list(&l);
    parse_list(COL(&r, 9), ';', ',', &l);
    assert_int_equal(l.n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(l.n_fields[i], 2);
        assert_offset(l.f[i][1], TEXT, s.themes[i].start);
    }
    assert_string_equal(l.f[2][0], "ARMEDCONFLICT");
    free_list(&l);

    /* 10 V1 locations: one per place, 7 fields, FIPS codes */
    parse_list(COL(&r, 10), ';', '#', &l);
    assert_int_equal(l.n, 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(l.n_fields[i], 7);
    assert_string_equal(l.f[0][0], "4");
    assert_string_equal(l.f[0][1], "Tehran, Iran");
    assert_string_equal(l.f[0][2], "IR");
    assert_string_equal(l.f[0][3], "IR26");
    assert_string_equal(l.f[0][4], "35.6944");
    assert_string_equal(l.f[0][5], "51.4215");
    assert_string_equal(l.f[0][6], "112931");
    assert_string_equal(l.f[1][0], "1");
    assert_string_equal(l.f[1][1], "Iran");
    assert_string_equal(l.f[1][2], "IR");
    assert_string_equal(l.f[1][6], "IR");
    assert_string_equal(l.f[2][0], "2");                           /* a US state */
    assert_true(!strncmp(l.f[2][1], "Tex as, United States", 21)); /* the table's name */
    assert_string_equal(l.f[2][2], "US");
    assert_string_equal(l.f[2][3], "USTX");
    assert_string_equal(l.f[2][6], "USTX");
    free_list(&l);
    /* 11 V2 locations: one per mention, 9 fields, ADM2 empty, offsets */
    parse_list(COL(&r, 11), ';', '#', &l);
    assert_int_equal(l.n, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(l.n_fields[i], 9);
        assert_string_equal(l.f[i][4], "");
    }
    assert_string_equal(l.f[1][1], "Tehran, Iran");
    assert_string_equal(l.f[1][7], "112931");
    assert_offset(l.f[0][8], TEXT, s.tehran[0].start);
    assert_offset(l.f[1][8], TEXT, s.tehran[1].start);
    assert_offset(l.f[2][8], TEXT, s.iran[0].start);
    assert_offset(l.f[3][8], TEXT, s.texas[0].start);
    free_list(&l);

    /* 12-15 persons and organisations: V1 distinct and lower case, V2
     * each name mention, the separators of the name cleaned */
    parse_list(COL(&r, 12), ';', ',', &l);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.f[0][0], "ağa ülkü #");
    free_list(&l);
    parse_list(COL(&r, 13), ';', ',', &l);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.f[0][0], "Ağa Ülkü #");
    assert_offset(l.f[0][1], TEXT, 0);
    assert_offset(l.f[1][1], TEXT, s.mentions[3].start);
    free_list(&l);
    parse_list(COL(&r, 14), ';', ',', &l);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.f[0][0], "ağa corp");
    free_list(&l);
    parse_list(COL(&r, 15), ';', ',', &l);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.f[0][0], "Ağa Corp");
    assert_offset(l.f[0][1], TEXT, s.mentions[1].start);
    free_list(&l);

    /* 16 tone: seven numbers */
    parse_list(COL(&r, 16), ';', ',', &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.n_fields[0], 7);
    const double want[7] = {-2.5, 1.25, 3.75, 5, 20.123457, 0, 44};
    for (size_t i = 0; i < 7; i++) {
        double got = strtod(l.f[0][i], NULL);
        assert_true(got - want[i] < 1e-6 && want[i] - got < 1e-6);
    }
    assert_string_equal(l.f[0][6], "44");
    free_list(&l);

    /* 17 dates: resolution 3, 2, 1; the unparseable one left out */
    parse_list(COL(&r, 17), ';', '#', &l);
    assert_int_equal(l.n, 3);
    const char *dates[3][4] = {
        {"3", "5", "5", "2018"}, {"2", "5", "0", "2018"}, {"1", "0", "0", "1990"}};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(l.n_fields[i], 5);
        for (size_t k = 0; k < 4; k++)
            assert_string_equal(l.f[i][k], dates[i][k]);
        assert_offset(l.f[i][4], TEXT, s.dates[i].start);
    }
    free_list(&l);

    /* 18-22 empty */
    for (int c = 18; c <= 22; c++)
        assert_string_equal(COL(&r, c), "");

    /* 23 quotations: "#" between, "|" within */
    parse_list(COL(&r, 23), '#', '|', &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.n_fields[0], 4);
    assert_int_equal(l.n_fields[1], 4);
    assert_offset(l.f[0][0], TEXT, s.quotes[0].start);
    char len[32];
    snprintf(len, sizeof len, "%lu",
             chars_before(TEXT, s.quotes[0].end) - chars_before(TEXT, s.quotes[0].start));
    assert_string_equal(l.f[0][1], len);
    assert_string_equal(l.f[0][2], "said");
    assert_string_equal(l.f[0][3], "we will rebuild; the city now");
    assert_string_equal(l.f[1][2], "");
    assert_string_equal(l.f[1][3], "Ağa Corp");
    assert_string_equal(l.f[1][1], "8"); /* "Ağa Corp": characters, not bytes */
    free_list(&l);

    /* 24 all names: every name mention, whatever its type */
    parse_list(COL(&r, 24), ';', ',', &l);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.f[2][0], "May");
    assert_offset(l.f[2][1], TEXT, s.mentions[2].start);
    free_list(&l);

    /* 25 amounts: plain digits, the object cleaned */
    parse_list(COL(&r, 25), ';', ',', &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.n_fields[0], 3);
    assert_int_equal(l.n_fields[1], 3);
    assert_string_equal(l.f[0][0], "2000000000");
    assert_string_equal(l.f[0][1], "aid");
    assert_offset(l.f[0][2], TEXT, s.amounts[0].start);
    assert_string_equal(l.f[1][0], "1.5");
    assert_string_equal(l.f[1][1], "tons of grain");
    free_list(&l);

    /* 26-27 */
    assert_string_equal(COL(&r, 26), "");
    assert_string_equal(COL(&r, 27), "<PAGE_TITLE>Talks &lt;in&gt; Tehran &amp; more</PAGE_TITLE>");
    free_row(&r);
    unbuild(&s);
}

/* The record id is stable and differs between articles; an article with
 * neither date nor URL is CITATIONONLY under its id. */
static void test_record_id_and_citation(void **state)
{
    (void)state;
    synth s;
    build(&s, "");
    row r1, r2;
    write_row(&s.d, &r1);
    write_row(&s.d, &r2);
    assert_string_equal(COL(&r1, 1), COL(&r2, 1));
    assert_string_equal(COL(&r1, 27), "");
    free_row(&r2);

    casus_article *b = casus_article_new("gkg-2", "", "", "", TEXT, strlen(TEXT));
    assert_non_null(b);
    s.d.article = b;
    write_row(&s.d, &r2);
    assert_int_equal(r2.n_cols, N_COLS);
    assert_true(!strncmp(COL(&r2, 1), "0-", 2));
    assert_string_not_equal(COL(&r1, 1) + 15, COL(&r2, 1) + 2);
    assert_string_equal(COL(&r2, 2), "0");
    assert_string_equal(COL(&r2, 3), "2");
    assert_string_equal(COL(&r2, 4), "gkg-2");
    assert_string_equal(COL(&r2, 5), "gkg-2");
    free_row(&r1);
    free_row(&r2);
    casus_article_free(b);
    unbuild(&s);
}

/* Names, quotes, objects and titles full of separators, line breaks and
 * bad bytes: the row still has 27 columns and each list its items. */
static void test_hostile_text_is_cleaned(void **state)
{
    (void)state;
    synth s;
    build(&s, "a\tb\nc\r\xff<");
    s.entities[0].name = "\t;#,|\n\r\x0b\xc3\x28 \xe2\x80\xa8 x";
    s.entities[1].name = "\t;,\n"; /* cleans to nothing: left out */
    s.quotes[0].text = "#|#\n|\t"; /* likewise */
    s.quotes[0].verb = "sa#id|\n";
    s.quotes[1].verb = "told";
    s.counts[0].type = "KI;LL#";
    s.amounts[0].object = "\n;,#\t";
    s.themes[0].theme = "A\tB\nC;D,E";
    s.locs[0].place.name = "Teh\tran;#\n";
    row r;
    write_row(&s.d, &r);
    assert_int_equal(r.n_cols, N_COLS);

    list l;
    parse_list(COL(&r, 13), ';', ',', &l);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.f[0][0], "# | \xef\xbf\xbd( x"); /* no separators here */
    assert_int_equal(l.n_fields[0], 2);
    free_list(&l);
    assert_string_equal(COL(&r, 14), "");
    assert_string_equal(COL(&r, 15), "");
    parse_list(COL(&r, 23), '#', '|', &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.n_fields[0], 4);
    assert_string_equal(l.f[0][2], "told");
    free_list(&l);
    parse_list(COL(&r, 6), ';', '#', &l);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.f[0][0], "KI LL");
    free_list(&l);
    parse_list(COL(&r, 25), ';', ',', &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.n_fields[0], 3);
    assert_string_equal(l.f[0][1], "#"); /* "#" is no separator here */
    free_list(&l);
    parse_list(COL(&r, 9), ';', ',', &l);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.f[0][0], "A B C D E");
    free_list(&l);
    parse_list(COL(&r, 11), ';', '#', &l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.n_fields[0], 9);
    assert_string_equal(l.f[0][1], "Teh ran, Iran");
    free_list(&l);
    assert_string_equal(COL(&r, 27), "<PAGE_TITLE>a b c \xef\xbf\xbd&lt;</PAGE_TITLE>");
    free_row(&r);
    unbuild(&s);
}

/* An empty document (no layers) is still one row of 27 columns. */
static void test_empty_document(void **state)
{
    (void)state;
    casus_article *a = casus_article_new("empty", "", "2018-01-02", "", "", 0);
    assert_non_null(a);
    casus_doc d;
    memset(&d, 0, sizeof d);
    d.article = a;
    row r;
    write_row(&d, &r);
    assert_int_equal(r.n_cols, N_COLS);
    for (int c = 6; c <= N_COLS; c++)
        assert_string_equal(COL(&r, c), "");
    free_row(&r);
    casus_article_free(a);
}

/* A stream that refuses to be written: CASUS_EIO. */
static void test_write_error(void **state)
{
    (void)state;
    synth s;
    build(&s, "");
    FILE *f = fopen("/dev/null", "r");
    assert_non_null(f);
    assert_int_equal(casus_write_gdelt_gkg(f, &s.d), CASUS_EIO);
    fclose(f);
    unbuild(&s);
}

/* ---------------------------------------------------------------- the pipeline */

static const char NEWS[] = "Café owners in Tehran protested on Monday.\n"
                           "Later, Iran's foreign minister travelled to Pyongyang, where "
                           "North Korea's leader received him.";

static void test_pipeline_row(void **state)
{
    (void)state;
    casus_article *a = casus_article_new("gkg-news", "http://news.example.com/x", "2018-08-08", "",
                                         NEWS, strlen(NEWS));
    assert_non_null(a);
    casus_doc *d = NULL;
    casus_error err;
    assert_int_equal(casus_doc_process(tu_pipe(), a, &d, &err), 0);
    row r;
    write_row(d, &r);
    assert_int_equal(r.n_cols, N_COLS);
    assert_string_equal(COL(&r, 4), "news.example.com");

    /* every place of the text is in V2 locations at its character offset,
     * and each V2 item has its 9 fields */
    list l;
    parse_list(COL(&r, 11), ';', '#', &l);
    const char *places[] = {"Tehran", "Pyongyang"};
    for (size_t p = 0; p < 2; p++) {
        char want[32];
        snprintf(want, sizeof want, "%lu", chars_before(NEWS, at(NEWS, places[p])));
        int found = 0;
        for (size_t i = 0; i < l.n; i++) {
            assert_int_equal(l.n_fields[i], 9);
            if (strstr(l.f[i][1], places[p]) && !strcmp(l.f[i][8], want))
                found = 1;
        }
        if (!found)
            fail_msg("%s not in V2 locations '%s'", places[p], COL(&r, 11));
    }
    free_list(&l);
    /* the countries are there with their FIPS codes (North Korea is KN) */
    parse_list(COL(&r, 10), ';', '#', &l);
    int kn = 0, ir = 0;
    for (size_t i = 0; i < l.n; i++) {
        assert_int_equal(l.n_fields[i], 7);
        kn |= !strcmp(l.f[i][2], "KN");
        ir |= !strcmp(l.f[i][2], "IR");
    }
    assert_true(kn && ir);
    free_list(&l);
    /* the names of AllNames are the text's: each offset points at a name
     * mention of the document */
    size_t n_m;
    const casus_mention *m = casus_doc_mentions(d, &n_m);
    parse_list(COL(&r, 24), ';', ',', &l);
    assert_true(l.n > 0);
    for (size_t i = 0; i < l.n; i++) {
        assert_int_equal(l.n_fields[i], 2);
        unsigned long off = strtoul(l.f[i][1], NULL, 10);
        int hit = 0;
        for (size_t k = 0; k < n_m; k++)
            hit |= chars_before(NEWS, m[k].start) == off;
        assert_true(hit);
    }
    free_list(&l);
    free_row(&r);
    casus_doc_free(d);
    casus_article_free(a);
}

/* With the knowledge stage off the knowledge columns are empty; the
 * entity layer still fills the names. */
static void test_pipeline_without_knowledge(void **state)
{
    (void)state;
    casus_pipeline *p = NULL;
    casus_error err;
    casus_pipeline_opts po = {.stages = CASUS_STAGE_ALL & ~CASUS_STAGE_KNOWLEDGE};
    assert_int_equal(casus_pipeline_new(&p, &po, &err), 0);
    casus_article *a = casus_article_new("gkg-nk", "", "2018-08-08", "", NEWS, strlen(NEWS));
    casus_doc *d = NULL;
    assert_int_equal(casus_doc_process(p, a, &d, &err), 0);
    row r;
    write_row(d, &r);
    assert_int_equal(r.n_cols, N_COLS);
    const int empty[] = {6, 7, 8, 9, 10, 11, 16, 17, 23, 25};
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++)
        assert_string_equal(COL(&r, empty[i]), "");
    assert_string_not_equal(COL(&r, 24), "");
    free_row(&r);
    casus_doc_free(d);
    casus_article_free(a);
    casus_pipeline_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synthetic_fields_parse_back),
        cmocka_unit_test(test_record_id_and_citation),
        cmocka_unit_test(test_hostile_text_is_cleaned),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_pipeline_row),
        cmocka_unit_test(test_pipeline_without_knowledge),
    };
    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
