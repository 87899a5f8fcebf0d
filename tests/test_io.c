/*
 * test_io.c — the article readers: dates, each format, format detection,
 * gzip, directory walks, stdin, and hostile input (truncated and corrupt
 * gzip, invalid UTF-8, NUL bytes, oversized records, malformed JSON).
 *
 * Fixtures in tests/data/io are written for this project; everything
 * large, compressed or damaged is generated at runtime in a temporary
 * directory that each test removes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "testutil.h"
#include "io/io.h"

#define IO_DATA CASUS_TEST_DATA "/io"
#define MAX_KEEP 64
#define MAX_ERRS 32

/* ---------------------------------------------------------------- helpers */

typedef struct run {
    casus_article *a[MAX_KEEP];
    size_t n; /* articles returned (all of them counted) */
    char err[MAX_ERRS][CASUS_ERROR_MSG_MAX];
    int code[MAX_ERRS];
    size_t n_err;
    size_t n_read, n_skipped;
} run;

static void drain(run *r, casus_reader *rd)
{
    casus_article *a;
    casus_error e;
    int rc;
    size_t guard = 0;
    while ((rc = casus_reader_next(rd, &a, &e)) != 0) {
        assert_true(++guard < 10000000);
        if (rc < 0) {
            assert_null(a);
            assert_int_equal(rc, e.code);
            if (r->n_err < MAX_ERRS) {
                memcpy(r->err[r->n_err], e.msg, sizeof e.msg);
                r->code[r->n_err] = rc;
            }
            r->n_err++;
            continue;
        }
        assert_int_equal(rc, 1);
        assert_non_null(a);
        assert_non_null(a->id);
        assert_non_null(a->url);
        assert_non_null(a->date);
        assert_non_null(a->title);
        assert_non_null(a->text);
        assert_non_null(a->source);
        assert_int_equal(a->text[a->text_len], '\0');
        assert_true(a->date[0] == '\0' || strlen(a->date) == 10);
        if (r->n < MAX_KEEP)
            r->a[r->n] = a;
        else
            casus_article_free(a);
        r->n++;
    }
    assert_null(a);
    /* the end is sticky */
    assert_int_equal(casus_reader_next(rd, &a, &e), 0);
    casus_reader_counts(rd, &r->n_read, &r->n_skipped);
    assert_int_equal(r->n_read, r->n);
    assert_int_equal(r->n_skipped, r->n_err);
    casus_reader_free(rd);
}

static run *run_paths(const char *const *paths, size_t n, const casus_reader_opts *o)
{
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    casus_reader *rd = NULL;
    casus_error e;
    assert_int_equal(casus_reader_open(&rd, paths, n, o, &e), 0);
    drain(r, rd);
    return r;
}

static run *run_path(const char *path, const casus_reader_opts *o)
{
    return run_paths(&path, 1, o);
}

static run *run_mem(const char *name, const void *data, size_t n, const casus_reader_opts *o)
{
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    casus_reader *rd = NULL;
    casus_error e;
    assert_int_equal(reader_open_memory(&rd, name, data, n, o, &e), 0);
    drain(r, rd);
    return r;
}

static run *run_str(const char *name, const char *s, const casus_reader_opts *o)
{
    return run_mem(name, s, strlen(s), o);
}

static void run_free(run *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n && i < MAX_KEEP; i++)
        casus_article_free(r->a[i]);
    free(r);
}

static void assert_text(const casus_article *a, const char *text)
{
    assert_int_equal(a->text_len, strlen(text));
    assert_memory_equal(a->text, text, a->text_len);
}

/* A temporary directory, removed recursively by rm_tree. */
static char *make_tmp(void)
{
    char tmpl[] = "/tmp/casus-io-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st))
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d))) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                    continue;
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
                rm_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void write_gz(const char *path, const char *mode, const void *data, size_t n)
{
    gzFile g = gzopen(path, mode);
    assert_non_null(g);
    assert_int_equal(gzwrite(g, data, (unsigned)n), (int)n);
    assert_int_equal(gzclose(g), Z_OK);
}

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)len + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    p[len] = '\0';
    *n = (size_t)len;
    return p;
}

/* ---------------------------------------------------------------- dates */

static void date_valid_forms(void **state)
{
    (void)state;
    static const char *const ok[][2] = {
        {"2018-08-08", "2018-08-08"},
        {" 2018-08-08 ", "2018-08-08"},
        {"20180808", "2018-08-08"},
        {"2018-08-08T10:00:00Z", "2018-08-08"},
        {"2018-08-08T10:00Z", "2018-08-08"},
        {"2018-08-08T10:00:00.123456+05:30", "2018-08-08"},
        {"2018-08-08T23:59:60-0800", "2018-08-08"},
        {"2018-08-08T10:00:00+02", "2018-08-08"},
        {"2018-08-08 10:00:00", "2018-08-08"},
        {"2018-08-08 10:00:00 UTC", "2018-08-08"},
        {"20180808T100000Z", "2018-08-08"},
        {"Wed, 8 Aug 2018 10:00:00 +0000", "2018-08-08"},
        {"Wed, 08 Aug 2018 10:00:00 GMT", "2018-08-08"},
        {"8 Aug 2018 10:00:00 +0000", "2018-08-08"},
        {"8 Aug 2018 10:00 -0500", "2018-08-08"},
        {"Wednesday, 8 August 2018 10:00:00 +0000 (UTC)", "2018-08-08"},
        {"Thu, 1 Mar 18 00:00:00 EST", "2018-03-01"},
        {"1 jan 1999", "1999-01-01"},
        {"2020-02-29", "2020-02-29"},
        {"2000-02-29T00:00:00Z", "2000-02-29"},
        {"29 Feb 2024 12:00:00 +0100", "2024-02-29"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char out[11] = "xxxxxxxxxx";
        int rc = casus_date_parse(ok[i][0], out);
        if (rc)
            print_error("rejected: '%s'\n", ok[i][0]);
        assert_int_equal(rc, 0);
        assert_string_equal(out, ok[i][1]);
    }
}

static void date_invalid_forms(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "   ",
        "2018-02-30",
        "2019-02-29",
        "1900-02-29",
        "2018-04-31",
        "2018-13-01",
        "2018-00-10",
        "2018-01-00",
        "20181301",
        "20180230",
        "2018080",
        "201808081",
        "2018-8-8",
        "2018/08/08",
        "2018-08-08x",
        "2018-08-08T",
        "2018-08-08T25:00:00Z",
        "2018-08-08T10:60:00Z",
        "2018-08-08T10:00:61Z",
        "2018-08-08T10:00:00+25:00",
        "2018-08-08T10:00:00.Z",
        "2018-08-08T10:00:00 Zulu time",
        "Wed, 31 Sep 2018 10:00:00 +0000",
        "Wed, 8 Aug 2018 10:00:00 +0000 trailing",
        "Xyz, 8 Aug 2018",
        "8 Augusto 2018",
        "Wed 8 2018",
        "8 Aug",
        "0000-01-01",
        "yesterday",
        "Wed, 8 Aug 2018 24:00:00 +0000",
        "8Aug 2018",
        "2018-08-08T10:00:00Z(x)",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char out[11];
        int rc = casus_date_parse(bad[i], out);
        if (rc != CASUS_EFORMAT)
            print_error("accepted: '%s'\n", bad[i]);
        assert_int_equal(rc, CASUS_EFORMAT);
    }
    char out[11];
    assert_int_equal(casus_date_parse(NULL, out), CASUS_EFORMAT);
}

static void format_names(void **state)
{
    (void)state;
    casus_format f;
    assert_int_equal(casus_format_parse("bench", &f), 0);
    assert_int_equal(f, CASUS_FORMAT_BENCH);
    assert_int_equal(casus_format_parse("auto", &f), 0);
    assert_int_equal(f, CASUS_FORMAT_AUTO);
    assert_int_equal(casus_format_parse("xml", &f), CASUS_EINVAL);
    assert_int_equal(casus_format_parse(NULL, &f), CASUS_EINVAL);
}

static void open_rejects_bad_options(void **state)
{
    (void)state;
    casus_reader *r = (casus_reader *)1;
    casus_error e;
    casus_reader_opts o = {.date = "2018-02-30"};
    const char *p = IO_DATA "/minister.txt";
    assert_int_equal(casus_reader_open(&r, &p, 1, &o, &e), CASUS_EINVAL);
    assert_null(r);
    assert_non_null(strstr(e.msg, "2018-02-30"));
    o = (casus_reader_opts){.format = (casus_format)99};
    assert_int_equal(casus_reader_open(&r, &p, 1, &o, &e), CASUS_EINVAL);
    casus_reader_free(NULL);
    size_t a = 1, b = 1;
    casus_reader_counts(NULL, &a, &b);
    assert_int_equal(a + b, 0);
}

/* ---------------------------------------------------------------- text */

static void text_file(void **state)
{
    (void)state;
    casus_reader_opts o = {.date = "20180807"};
    run *r = run_path(IO_DATA "/minister.txt", &o);
    assert_int_equal(r->n, 1);
    assert_int_equal(r->n_err, 0);
    casus_article *a = r->a[0];
    assert_string_equal(a->id, "minister.txt");
    assert_string_equal(a->date, "2018-08-07");
    assert_string_equal(a->url, "");
    assert_string_equal(a->title, "");
    assert_string_equal(a->source, IO_DATA "/minister.txt");
    assert_int_equal(a->line, 1);
    size_t n;
    char *want = read_file(IO_DATA "/minister.txt", &n);
    assert_int_equal(a->text_len, n);
    assert_memory_equal(a->text, want, n);
    free(want);
    run_free(r);

    /* without opts->date the date is "" */
    r = run_path(IO_DATA "/minister.txt", NULL);
    assert_string_equal(r->a[0]->date, "");
    run_free(r);
}

static void text_keeps_nul_and_invalid_utf8(void **state)
{
    (void)state;
    static const char data[] = "\xEF\xBB\xBF"
                               "Minister\0Voss \xFF\xC3 spoke.\n";
    run *r = run_mem("odd.txt", data, sizeof data - 1, NULL);
    assert_int_equal(r->n, 1);
    /* the BOM is gone, everything else is there as read */
    assert_int_equal(r->a[0]->text_len, sizeof data - 1 - 3);
    assert_memory_equal(r->a[0]->text, data + 3, sizeof data - 1 - 3);
    run_free(r);
}

static void text_empty_and_blank(void **state)
{
    (void)state;
    run *r = run_mem("empty.txt", "", 0, NULL);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->n_err, 1);
    assert_int_equal(r->code[0], CASUS_EEMPTY);
    assert_string_equal(r->err[0], "empty.txt: empty record");
    run_free(r);
    r = run_str("blank.txt", " \n\t\r\n", NULL);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->code[0], CASUS_EEMPTY);
    run_free(r);
    r = run_mem("null", NULL, 5, NULL);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->n_err, 1);
    run_free(r);
}

static void text_over_cap(void **state)
{
    (void)state;
    char *big = malloc(5000);
    assert_non_null(big);
    memset(big, 'x', 5000);
    casus_reader_opts o = {.max_record = 4096};
    run *r = run_mem("big.txt", big, 5000, &o);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->code[0], CASUS_ETOOBIG);
    assert_string_equal(r->err[0], "big.txt: record of more than 4096 bytes skipped");
    run_free(r);
    r = run_mem("fits.txt", big, 4096, &o);
    assert_int_equal(r->n, 1);
    assert_int_equal(r->a[0]->text_len, 4096);
    run_free(r);
    free(big);
}

/* ---------------------------------------------------------------- JSONL */

static void jsonl_file(void **state)
{
    (void)state;
    run *r = run_path(IO_DATA "/wire.jsonl", NULL);
    assert_int_equal(r->n_err, 0);
    assert_int_equal(r->n, 6);
    casus_article *a = r->a[0];
    assert_string_equal(a->id, "em-001");
    assert_string_equal(a->url, "https://example.org/em-001");
    assert_string_equal(a->date, "2018-08-08");
    assert_string_equal(a->title, "Eastmarch and Westmere sign accord");
    assert_text(a, "Minister Arlen Voss signed the accord in Portvale.");
    assert_string_equal(a->source, IO_DATA "/wire.jsonl");
    assert_int_equal(a->line, 1);
    assert_string_equal(r->a[1]->id, "42");
    assert_string_equal(r->a[1]->date, "2018-08-09");
    assert_int_equal(r->a[1]->line, 2);
    /* blank lines 3 and 4 are skipped silently; the missing id is made */
    assert_string_equal(r->a[2]->id, "wire.jsonl:5");
    assert_int_equal(r->a[2]->line, 5);
    assert_string_equal(r->a[2]->date, "2018-08-10");
    assert_string_equal(r->a[3]->date, "2018-08-08");
    /* an impossible date is dropped, the article kept; wrong types are "" */
    assert_string_equal(r->a[4]->id, "em-005");
    assert_string_equal(r->a[4]->date, "");
    assert_string_equal(r->a[4]->url, "");
    assert_string_equal(r->a[4]->title, "");
    assert_string_equal(r->a[5]->date, "2018-08-11");
    run_free(r);
}

static void jsonl_malformed_between_good(void **state)
{
    (void)state;
    const char *in = "{\"id\":\"a\",\"text\":\"First good line.\"}\n"
                     "{\"id\":\"b\",\"text\":\"unterminated}\n"
                     "{\"id\":\"c\",\"text\":\"Second good line.\"}\n"
                     "[1,2,3]\n"
                     "{\"id\":\"d\"}\n"
                     "{\"id\":\"e\",\"text\":17}\n"
                     "{\"id\":\"f\",\"text\":\" \\n \"}\n"
                     "\"just a string\"\n"
                     "{\"id\":\"g\",\"text\":\"x\"} trailing\n"
                     "{\"id\":1.5,\"text\":\"Third good line.\"}\n";
    run *r = run_str("feed.jsonl", in, NULL);
    assert_int_equal(r->n, 3);
    assert_string_equal(r->a[0]->id, "a");
    assert_string_equal(r->a[1]->id, "c");
    assert_int_equal(r->a[1]->line, 3);
    assert_string_equal(r->a[2]->id, "1.5");
    assert_int_equal(r->n_err, 7);
    assert_int_equal(r->n_skipped, 7);
    assert_int_equal(r->code[0], CASUS_EFORMAT);
    assert_true(!strncmp(r->err[0], "feed.jsonl:2: invalid JSON: ", 28));
    assert_non_null(strstr(r->err[0], "(column "));
    assert_string_equal(r->err[1], "feed.jsonl:4: not a JSON object");
    assert_string_equal(r->err[2], "feed.jsonl:5: no \"text\" string");
    assert_string_equal(r->err[3], "feed.jsonl:6: no \"text\" string");
    assert_int_equal(r->code[4], CASUS_EEMPTY);
    assert_string_equal(r->err[4], "feed.jsonl:7: empty record");
    assert_string_equal(r->err[5], "feed.jsonl:8: not a JSON object");
    assert_true(!strncmp(r->err[6], "feed.jsonl:9: invalid JSON", 26));
    run_free(r);
}

static void jsonl_crlf_bom_last_line(void **state)
{
    (void)state;
    const char *in = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"One.\"}\r\n\r\n"
                     "{\"id\":\"b\",\"text\":\"Two.\",\"date\":\"2018-08-08\"}";
    run *r = run_str("crlf.jsonl", in, NULL);
    assert_int_equal(r->n_err, 0);
    assert_int_equal(r->n, 2);
    assert_text(r->a[0], "One.");
    assert_text(r->a[1], "Two.");
    assert_int_equal(r->a[1]->line, 3);
    assert_string_equal(r->a[1]->date, "2018-08-08");
    run_free(r);
}

static void jsonl_invalid_utf8_and_nul(void **state)
{
    (void)state;
    static const char in[] = "{\"id\":\"a\",\"text\":\"caf\xE9 \xFF ok\"}\n"
                             "{\"id\":\"b\",\"text\":\"before\\u0000after\"}\n"
                             "{\"id\":\"c\",\"text\":\"raw\0nul\"}\n"
                             "{\"id\":\"d\",\"text\":\"still read\"}\n";
    run *r = run_mem("bad.jsonl", in, sizeof in - 1, NULL);
    assert_int_equal(r->n, 3);
    assert_text(r->a[0], "caf\xEF\xBF\xBD \xEF\xBF\xBD ok");
    assert_int_equal(r->a[1]->text_len, 12);
    assert_memory_equal(r->a[1]->text, "before\0after", 12);
    assert_string_equal(r->a[2]->id, "d");
    assert_int_equal(r->n_err, 1);
    assert_true(!strncmp(r->err[0], "bad.jsonl:3: invalid JSON", 25));
    run_free(r);
}

/* The fast scanner and jansson alone agree on every line. */
static void jsonl_fast_path_matches_jansson(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "{\"text\":\"plain\"}",
        " {\"text\" : \"spaced\" , \"id\" : \"x\" } ",
        "{\"text\":\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t end\"}",
        "{\"text\":\"\\u00e9\\u20AC \\ud83d\\ude00\"}",
        "{\"text\":\"lone \\ud83d here\"}",
        "{\"text\":\"lone \\ude00 here\"}",
        "{\"text\":\"bad \\x escape\"}",
        "{\"text\":\"short \\u12\"}",
        "{\"text\":\"nul \\u0000 inside\",\"title\":\"t\\u0000cut\"}",
        "{\"text\":\"raw\ttab\"}",
        "{\"te\\u0078t\":\"escaped key\"}",
        "{\"text\":\"first\",\"text\":\"second wins\"}",
        "{\"text\":\"a\",\"text\":5}",
        "{\"id\":\"\",\"text\":\"empty id\"}",
        "{\"id\":12,\"text\":\"numeric id\"}",
        "{\"id\":-0,\"text\":\"minus zero\"}",
        "{\"id\":1e3,\"text\":\"exp id\"}",
        "{\"id\":123456789012345678901234567890,\"text\":\"huge\"}",
        "{\"id\":null,\"text\":\"null id\"}",
        "{\"id\":[1],\"text\":\"array id\"}",
        "{\"date\":20180808,\"text\":\"numeric date\"}",
        "{\"date\":\"2018-08-08\",\"url\":true,\"title\":{\"a\":1},\"text\":\"x\"}",
        "{\"n\":[1,2,{\"a\":[true,false,null,\"s\",-1.5]}],\"text\":\"nested\"}",
        "{\"n\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"
        "\"text\":\"deep\"}",
        "{\"n\":01,\"text\":\"leading zero\"}",
        "{\"n\":1.,\"text\":\"bad real\"}",
        "{\"n\":.5,\"text\":\"bad real\"}",
        "{\"n\":-,\"text\":\"bad\"}",
        "{\"n\":tru,\"text\":\"bad literal\"}",
        "{\"n\":1,}",
        "{\"text\":\"x\",}",
        "{\"text\":\"x\"} {}",
        "{\"text\":\"x\"",
        "{\"text\":\"x",
        "{}",
        "[]",
        "\"text\"",
        "{\"text\":\"   \"}",
        "{\"text\":\"\\n\\t \"}",
        "{\"text\":\"caf\xC3\xA9 \xE2\x80\x94 ok\"}",
        "{\"text\":\"x\"}\r",
    };
    io_names nm = {"f.jsonl", "f.jsonl", "f.jsonl", NULL};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        casus_article *a = NULL, *b = NULL;
        casus_error ea, eb;
        size_t n = strlen(lines[i]);
        int ra = io_jsonl_parse(lines[i], n, 3, &nm, &a, &ea);
        int rb = io_jsonl_parse_jansson(lines[i], n, 3, &nm, &b, &eb);
        if (ra != rb)
            print_error("line %zu: %d vs %d\n", i, ra, rb);
        assert_int_equal(ra, rb);
        if (ra == 1) {
            assert_string_equal(a->id, b->id);
            assert_string_equal(a->url, b->url);
            assert_string_equal(a->date, b->date);
            assert_string_equal(a->title, b->title);
            assert_int_equal(a->text_len, b->text_len);
            assert_memory_equal(a->text, b->text, a->text_len);
        } else {
            assert_string_equal(ea.msg, eb.msg);
        }
        casus_article_free(a);
        casus_article_free(b);
    }
}

static void jsonl_window_boundaries(void **state)
{
    (void)state;
    /* Lines of many lengths, some longer than the whole window, so that
     * lines cross every kind of refill boundary. */
    buf b;
    buf_init(&b, 0);
    size_t lens[400];
    for (size_t i = 0; i < 400; i++) {
        lens[i] = (i * 7919) % 3001 + 1;
        if (i % 97 == 5)
            lens[i] = IO_WINDOW + 1234 * i;
        char head[64];
        snprintf(head, sizeof head, "{\"id\":\"n%zu\",\"text\":\"", i);
        buf_puts(&b, head);
        for (size_t k = 0; k < lens[i]; k++)
            buf_putc(&b, 'a' + (int)((i + k) % 26));
        buf_puts(&b, i % 3 ? "\"}\n" : "\"}\r\n");
    }
    run *r = run_mem("many.jsonl", b.data, b.len, NULL);
    assert_int_equal(r->n_err, 0);
    assert_int_equal(r->n, 400);
    for (size_t i = 0; i < MAX_KEEP; i++) {
        char id[32];
        snprintf(id, sizeof id, "n%zu", i);
        assert_string_equal(r->a[i]->id, id);
        assert_int_equal(r->a[i]->text_len, lens[i]);
        assert_int_equal(r->a[i]->text[lens[i] - 1], 'a' + (int)((i + lens[i] - 1) % 26));
        assert_int_equal(r->a[i]->line, (long)i + 1);
    }
    run_free(r);
    buf_finish(&b);
}

/* A 10 MB line between two good ones, read from a file. */
static void jsonl_huge_line(void **state)
{
    (void)state;
    char *dir = make_tmp();
    char *path = path_in(dir, "huge.jsonl");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("{\"id\":\"before\",\"text\":\"Before the flood.\"}\n{\"id\":\"big\",\"text\":\"", f);
    static char chunk[1 << 16];
    memset(chunk, 'w', sizeof chunk);
    for (int i = 0; i < 160; i++) /* 10 MB */
        fwrite(chunk, 1, sizeof chunk, f);
    fputs("\"}\n{\"id\":\"after\",\"text\":\"After the flood.\"}\n", f);
    fclose(f);

    casus_reader_opts o = {.max_record = 1 << 20};
    run *r = run_path(path, &o);
    assert_int_equal(r->n, 2);
    assert_string_equal(r->a[0]->id, "before");
    assert_string_equal(r->a[1]->id, "after");
    assert_int_equal(r->a[1]->line, 3);
    assert_int_equal(r->n_err, 1);
    assert_int_equal(r->code[0], CASUS_ETOOBIG);
    char want[512];
    snprintf(want, sizeof want, "%s:2: record of more than 1048576 bytes skipped", path);
    assert_string_equal(r->err[0], want);
    run_free(r);

    /* the default 8 MB cap skips it too */
    r = run_path(path, NULL);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->n_err, 1);
    snprintf(want, sizeof want, "%s:2: record of more than 8388608 bytes skipped", path);
    assert_string_equal(r->err[0], want);
    run_free(r);

    /* and a larger cap reads it whole */
    o.max_record = 16 << 20;
    r = run_path(path, &o);
    assert_int_equal(r->n, 3);
    assert_int_equal(r->a[1]->text_len, (size_t)160 << 16);
    run_free(r);

    rm_tree(dir);
    free(path);
    free(dir);
}

/* ---------------------------------------------------------------- HTML */

static void html_article_page(void **state)
{
    (void)state;
    run *r = run_path(IO_DATA "/page.html", NULL);
    assert_int_equal(r->n_err, 0);
    assert_int_equal(r->n, 1);
    casus_article *a = r->a[0];
    assert_string_equal(a->id, "page.html");
    assert_string_equal(a->title, "Eastmarch recalls its ambassador");
    assert_string_equal(a->url, "https://courier.example/world/recall");
    assert_string_equal(a->date, "2018-08-08");
    assert_text(a, "Eastmarch recalls its ambassador\n\n"
                   "Foreign Minister Delia Moor said on Wednesday that Eastmarch had "
                   "recalled its envoy from Westmere.\n\n"
                   "The decision followed a dispute over fishing rights. Talks are "
                   "suspended.\n\n"
                   "First point\n\nSecond point\n\n"
                   "We will not be intimidated,\n\nshe said.\n\n"
                   "a pre block");
    run_free(r);
}

static void html_json_ld_and_main(void **state)
{
    (void)state;
    run *r = run_path(IO_DATA "/page_ld.html", NULL);
    assert_int_equal(r->n, 1);
    casus_article *a = r->a[0];
    assert_string_equal(a->title, "Westmere budget passes");
    assert_string_equal(a->date, "2019-03-04");
    assert_string_equal(a->url, "");
    assert_text(a, "Budget\n\nThe parliament of Westmere passed the budget by 61 votes to 40.");
    run_free(r);
}

static void html_meta_dates_and_fallbacks(void **state)
{
    (void)state;
    casus_reader_opts o = {.format = CASUS_FORMAT_HTML};
    run *r = run_str("x",
                     "<html><head><meta name=\"DC.date\" content=\"Wed, 8 Aug 2018\">"
                     "<meta property=\"og:url\" content=\"https://o.example/a\">"
                     "</head><body><p>One.</p><time datetime=\"2001-01-01\">x</time>"
                     "</body></html>",
                     &o);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->a[0]->date, "2018-08-08");
    assert_string_equal(r->a[0]->url, "https://o.example/a");
    run_free(r);
    r = run_str("x.html",
                "<p>Only a time: <time datetime=\"2016-05-06T07:00\">then</time></p>"
                "<meta name=\"date\" content=\"not a date\">",
                &o);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->a[0]->date, "2016-05-06");
    assert_text(r->a[0], "Only a time: then");
    run_free(r);
    /* the largest of several <article>s is the content */
    r = run_str("x.html",
                "<body><article><p>Teaser.</p></article>"
                "<article><p>The real story is longer than the teaser.</p>"
                "<article><p>Nested part.</p></article></article></body>",
                NULL);
    assert_int_equal(r->n, 1);
    assert_text(r->a[0], "The real story is longer than the teaser.\n\nNested part.");
    run_free(r);
}

static void html_without_body(void **state)
{
    (void)state;
    run *r = run_path(IO_DATA "/nobody.html", NULL);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->n_err, 1);
    assert_int_equal(r->code[0], CASUS_EEMPTY);
    assert_non_null(strstr(r->err[0], "nobody.html: empty record"));
    run_free(r);
    /* text in bare divs is not lost */
    r = run_path(IO_DATA "/divs.html", NULL);
    assert_int_equal(r->n, 1);
    assert_text(r->a[0], "Text that sits in bare divs, without paragraphs.\n\nA second block.");
    run_free(r);
    r = run_str("t.html", "<html><head><title> </title></head><p>Body.</p></html>", NULL);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->a[0]->title, "");
    run_free(r);
    r = run_str("e.html", "<html></html>", NULL);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->code[0], CASUS_EEMPTY);
    run_free(r);
}

static void html_bad_bytes(void **state)
{
    (void)state;
    static const char in[] = "<html><body><p>Caf\xE9 \xFF and\0 more</p>"
                             "<p>\xE2\x80\x94 dash</p></body></html>";
    run *r = run_mem("bad.html", in, sizeof in - 1, NULL);
    assert_int_equal(r->n, 1);
    assert_text(r->a[0], "Caf\xEF\xBF\xBD \xEF\xBF\xBD and\xEF\xBF\xBD more\n\n\xE2\x80\x94 dash");
    run_free(r);
    /* a declared Latin-1 page is decoded by libxml2 */
    static const char latin[] = "<html><head><meta charset=\"iso-8859-1\"></head>"
                                "<body><p>Caf\xE9</p></body></html>";
    r = run_mem("latin.html", latin, sizeof latin - 1, NULL);
    assert_int_equal(r->n, 1);
    assert_text(r->a[0], "Caf\xC3\xA9");
    run_free(r);
}

/* ---------------------------------------------------------------- bench */

static void bench_file(void **state)
{
    (void)state;
    run *r = run_path(IO_DATA "/bench.txt", NULL);
    assert_int_equal(r->n, 3);
    assert_string_equal(r->a[0]->id, "bench.txt:1");
    assert_int_equal(r->a[0]->line, 1);
    assert_string_equal(r->a[0]->title, "EASTMARCH RECALLS ENVOY");
    assert_text(r->a[0], "EASTMARCH RECALLS ENVOY\n\nForeign Minister Delia Moor recalled the "
                         "envoy.\n\nTalks are suspended.");
    assert_string_equal(r->a[1]->id, "bench.txt:2");
    assert_int_equal(r->a[1]->line, 10);
    assert_string_equal(r->a[1]->title, "");
    assert_text(r->a[1], "WESTMERE BUDGET PASSES\nThe budget passed by 61 votes.");
    assert_string_equal(r->a[2]->id, "bench.txt:4");
    assert_int_equal(r->a[2]->line, 15);
    assert_string_equal(r->a[2]->title, "");
    assert_int_equal(r->n_err, 1);
    assert_int_equal(r->code[0], CASUS_EEMPTY);
    assert_string_equal(r->err[0], IO_DATA "/bench.txt:13: empty record");
    run_free(r);
}

static void bench_crlf_and_forced(void **state)
{
    (void)state;
    const char *in = "\f\r\nTITLE ONE\r\n\r\nBody one.\r\n\f\r\nTitle two\r\n\r\nBody two.";
    run *r = run_str("feed", in, NULL); /* sniffed */
    assert_int_equal(r->n_err, 0);
    assert_int_equal(r->n, 2);
    assert_string_equal(r->a[0]->id, "feed:1");
    assert_int_equal(r->a[0]->line, 2);
    assert_string_equal(r->a[0]->title, "TITLE ONE");
    assert_text(r->a[0], "TITLE ONE\n\nBody one.");
    assert_string_equal(r->a[1]->title, "Title two");
    assert_text(r->a[1], "Title two\n\nBody two.");
    run_free(r);

    /* a long first line is not a title; a file without separators is one
     * record when the format is forced */
    casus_reader_opts o = {.format = CASUS_FORMAT_BENCH};
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 250; i++)
        buf_putc(&b, 'T');
    buf_puts(&b, "\n\nBody.\n");
    r = run_mem("long", b.data, b.len, &o);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->a[0]->title, "");
    assert_string_equal(r->a[0]->id, "long:1");
    run_free(r);
    buf_finish(&b);
}

static void bench_nul_bytes(void **state)
{
    (void)state;
    static const char nul[] = "Title\n\nText with a \0 NUL byte.\n\f\n\0\n";
    run *r = run_mem("n.txt", nul, sizeof nul - 1, NULL);
    assert_int_equal(r->n, 2);
    assert_string_equal(r->a[0]->title, "Title");
    assert_int_equal(r->a[0]->text_len, strlen("Title\n\nText with a ") + 1 + strlen(" NUL byte."));
    assert_memory_equal(r->a[0]->text, "Title\n\nText with a \0 NUL byte.", r->a[0]->text_len);
    assert_int_equal(r->a[1]->text_len, 1);
    assert_int_equal(r->a[1]->text[0], '\0');
    run_free(r);
}

static void bench_oversized_reports(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    buf_puts(&b, "First\n\nText.\n\f\n\nBig\n");
    for (int i = 0; i < 300; i++)
        buf_puts(&b, "A line of a record that is far too long for the cap.\n");
    buf_puts(&b, "\f\nLast\n\nText.\n");
    casus_reader_opts o = {.max_record = 4096};
    run *r = run_mem("b.txt", b.data, b.len, &o);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->n_err, 1);
    assert_string_equal(r->err[0], "b.txt:6: record of more than 4096 bytes skipped");
    assert_string_equal(r->a[1]->id, "b.txt:3");
    run_free(r);
    buf_finish(&b);
}

/* ---------------------------------------------------------------- detection */

static void detection_by_content_and_name(void **state)
{
    (void)state;
    static const struct {
        const char *name, *data, *id;
        size_t n;
    } cases[] = {
        {"noext", "  \n{\"text\":\"Json by content.\"}\n", "noext:2", 1},
        {"noext", "<!DOCTYPE html><p>Html by content.</p>", "noext", 1},
        {"noext", "<HTML><body><p>Upper case.</p></body></HTML>", "noext", 1},
        {"noext", "<p>A fragment is text.</p>", "noext", 1},
        {"noext", "One\n\nText.\n\f\nTwo\n", "noext:1", 2},
        {"noext", "Not \f a separator\n", "noext", 1},
        {"a.ndjson", "{\"id\":\"x\",\"text\":\"Ndjson.\"}", "x", 1},
        {"a.JSON", "{\"id\":\"x\",\"text\":\"Json.\"}", "x", 1},
        {"a.htm", "<p>Htm</p>", "a.htm", 1},
        {"a.xhtml", "<p>Xhtml</p>", "a.xhtml", 1},
        {"a.text", "{\"not\":\"json\"}", "a.text", 1},
        {"dir/a.txt.gz", "Plain text named .gz but not compressed.", "a.txt", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        run *r = run_str(cases[i].name, cases[i].data, NULL);
        if (r->n != cases[i].n || r->n_err)
            print_error("case %zu (%s): %zu articles, %zu errors\n", i, cases[i].name, r->n,
                        r->n_err);
        assert_int_equal(r->n, cases[i].n);
        assert_string_equal(r->a[0]->id, cases[i].id);
        run_free(r);
    }
    /* a forced format wins over name and content */
    casus_reader_opts o = {.format = CASUS_FORMAT_TEXT};
    run *r = run_str("a.jsonl", "{\"text\":\"x\"}\n{\"text\":\"y\"}\n", &o);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->a[0]->id, "a.jsonl");
    run_free(r);
}

/* ---------------------------------------------------------------- gzip */

static const char gz_jsonl[] = "{\"id\":\"g1\",\"text\":\"Compressed one.\"}\n"
                               "{\"id\":\"g2\",\"text\":\"Compressed two.\"}\n";
static const char gz_html[] = "<html><head><title>Zipped page</title></head>"
                              "<body><p>Zipped paragraph.</p></body></html>";
static const char gz_bench[] = "ONE\n\nFirst.\n\f\nTWO\n\nSecond.\n\f\n";
static const char gz_text[] = "A zipped plain text article about Minister Voss.\n";

static void gzip_each_format(void **state)
{
    (void)state;
    char *dir = make_tmp();
    char *p[6] = {path_in(dir, "a.jsonl.gz"), path_in(dir, "b.html.gz"),
                  path_in(dir, "c.txt.gz"),   path_in(dir, "d.gz"),
                  path_in(dir, "e-sniffed"),  path_in(dir, "f.jsonl.GZ")};
    write_gz(p[0], "wb", gz_jsonl, sizeof gz_jsonl - 1);
    write_gz(p[1], "wb", gz_html, sizeof gz_html - 1);
    write_gz(p[2], "wb", gz_bench, sizeof gz_bench - 1);
    write_gz(p[3], "wb", gz_text, sizeof gz_text - 1);
    write_gz(p[4], "wb", gz_jsonl, sizeof gz_jsonl - 1);
    /* two members, the second appended: one stream of content */
    write_gz(p[5], "wb", gz_jsonl, 38);
    write_gz(p[5], "ab", gz_jsonl + 38, sizeof gz_jsonl - 1 - 38);
    run *r = run_paths((const char *const *)p, 6, NULL);
    assert_int_equal(r->n_err, 0);
    assert_int_equal(r->n, 10);
    assert_string_equal(r->a[0]->id, "g1");
    assert_string_equal(r->a[1]->id, "g2");
    assert_string_equal(r->a[2]->id, "b.html");
    assert_string_equal(r->a[2]->title, "Zipped page");
    assert_text(r->a[2], "Zipped paragraph.");
    assert_string_equal(r->a[3]->id, "c.txt:1");
    assert_string_equal(r->a[4]->id, "c.txt:2");
    assert_text(r->a[4], "TWO\n\nSecond.");
    assert_string_equal(r->a[5]->id, "d");
    assert_text(r->a[5], gz_text);
    assert_string_equal(r->a[6]->id, "g1");
    assert_string_equal(r->a[8]->id, "g1");
    assert_string_equal(r->a[9]->id, "g2");
    assert_string_equal(r->a[9]->source, p[5]);
    run_free(r);
    for (int i = 0; i < 6; i++)
        free(p[i]);
    rm_tree(dir);
    free(dir);
}

static void gzip_big_stream(void **state)
{
    (void)state;
    /* many lines through the inflate path, across window refills */
    char *dir = make_tmp();
    char *p = path_in(dir, "big.jsonl.gz");
    gzFile g = gzopen(p, "wb");
    assert_non_null(g);
    for (int i = 0; i < 50000; i++)
        gzprintf(g, "{\"id\":\"%d\",\"text\":\"Article number %d about the ministers.\"}\n", i, i);
    gzclose(g);
    run *r = run_path(p, NULL);
    assert_int_equal(r->n_err, 0);
    assert_int_equal(r->n, 50000);
    assert_string_equal(r->a[63]->id, "63");
    run_free(r);
    rm_tree(dir);
    free(p);
    free(dir);
}

static void gzip_truncated_keeps_complete_records(void **state)
{
    (void)state;
    char *dir = make_tmp();
    char *p = path_in(dir, "cut.jsonl.gz");
    char *next = path_in(dir, "next.txt");
    gzFile g = gzopen(p, "wb1");
    assert_non_null(g);
    /* incompressible-ish lines, so the cut falls mid-stream */
    unsigned x = 12345;
    for (int i = 0; i < 2000; i++) {
        char t[128];
        for (int k = 0; k < 100; k++) {
            x = x * 1103515245u + 12345u;
            t[k] = (char)('a' + (x >> 16) % 26);
        }
        t[100] = '\0';
        gzprintf(g, "{\"id\":\"%d\",\"text\":\"%s\"}\n", i, t);
    }
    gzclose(g);
    size_t n;
    char *all = read_file(p, &n);
    write_file(p, all, n / 2);
    write_file(next, "The next file is still read.", 28);

    const char *paths[] = {p, next};
    run *r = run_paths(paths, 2, NULL);
    assert_true(r->n > 100);
    assert_true(r->n < 2000);
    assert_int_equal(r->n_err, 1);
    assert_int_equal(r->code[0], CASUS_EFORMAT);
    char want[512];
    snprintf(want, sizeof want, "%s: truncated gzip stream", p);
    assert_string_equal(r->err[0], want);
    /* the articles before the damage are whole, in order, then next.txt */
    for (size_t i = 0; i < MAX_KEEP && i + 1 < r->n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%zu", i);
        assert_string_equal(r->a[i]->id, id);
        assert_int_equal(r->a[i]->text_len, 100);
    }
    run_free(r);

    /* bench and text: the record cut by the damage is not handed out */
    write_gz(p, "wb", gz_bench, sizeof gz_bench - 1);
    free(all);
    all = read_file(p, &n);
    write_file(p, all, n - 4); /* only the trailer is missing */
    casus_reader_opts o = {.format = CASUS_FORMAT_BENCH};
    r = run_path(p, &o);
    assert_int_equal(r->n, 2); /* the content is whole, the check is not */
    assert_int_equal(r->n_err, 1);
    run_free(r);
    write_file(p, all, n / 2);
    o.format = CASUS_FORMAT_TEXT;
    r = run_path(p, &o);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->n_err, 1);
    run_free(r);
    /* only the magic */
    write_file(p, "\x1f\x8b", 2);
    r = run_path(p, NULL);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->n_err, 1);
    assert_int_equal(r->code[0], CASUS_EFORMAT);
    run_free(r);

    free(all);
    rm_tree(dir);
    free(p);
    free(next);
    free(dir);
}

static void gzip_corrupt(void **state)
{
    (void)state;
    char *dir = make_tmp();
    char *p = path_in(dir, "bad.jsonl.gz");
    write_gz(p, "wb", gz_jsonl, sizeof gz_jsonl - 1);
    size_t n;
    char *all = read_file(p, &n);
    for (size_t i = 12; i < n - 8; i += 3)
        all[i] ^= 0x5a;
    write_file(p, all, n);
    run *r = run_path(p, NULL);
    /* garbage inflated before zlib notices may make bad lines too; the
     * damage itself is the last report */
    assert_true(r->n_err >= 1 && r->n_err <= MAX_ERRS);
    assert_int_equal(r->code[r->n_err - 1], CASUS_EFORMAT);
    assert_non_null(strstr(r->err[r->n_err - 1], "bad.jsonl.gz: "));
    assert_non_null(strstr(r->err[r->n_err - 1], "gzip"));
    run_free(r);
    /* a bad CRC in the trailer */
    free(all);
    write_gz(p, "wb", gz_jsonl, sizeof gz_jsonl - 1);
    all = read_file(p, &n);
    all[n - 6] ^= 1;
    write_file(p, all, n);
    r = run_path(p, NULL);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->n_err, 1);
    assert_non_null(strstr(r->err[0], "corrupt gzip stream"));
    run_free(r);
    /* trailing garbage after a member is ignored, as gzip -d does */
    free(all);
    write_gz(p, "wb", gz_jsonl, sizeof gz_jsonl - 1);
    all = read_file(p, &n);
    all = realloc(all, n + 5);
    memcpy(all + n, "\0\0\0\0\0", 5);
    write_file(p, all, n + 5);
    r = run_path(p, NULL);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->n_err, 0);
    run_free(r);
    free(all);
    rm_tree(dir);
    free(p);
    free(dir);
}

/* ---------------------------------------------------------------- dirs */

static void make_file(const char *dir, const char *name, const char *text)
{
    char *p = path_in(dir, name);
    write_file(p, text, strlen(text));
    free(p);
}

static void dir_walk_order_and_skips(void **state)
{
    (void)state;
    char *dir = make_tmp();
    char *sub = path_in(dir, "m-sub");
    char *hid = path_in(dir, ".hidden-dir");
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(mkdir(hid, 0755), 0);
    make_file(dir, "b.txt", "Bee.");
    make_file(dir, "Z.txt", "Upper zed sorts first.");
    make_file(dir, "a.txt", "Ay.");
    make_file(dir, ".dot.txt", "Hidden.");
    make_file(hid, "x.txt", "Hidden too.");
    make_file(sub, "c.txt", "Sea.");
    make_file(dir, "z.jsonl", "{\"text\":\"Zed.\"}\n");
    char *loop = path_in(sub, "loop");
    assert_int_equal(symlink("..", loop), 0);
    char *broken = path_in(dir, "n-broken");
    assert_int_equal(symlink("does-not-exist", broken), 0);
    /* a FIFO in a tree is not an article, and must not block the walk */
    char *fifo = path_in(dir, "o-fifo");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    free(fifo);

    run *r = run_path(dir, NULL);
    assert_int_equal(r->n, 5);
    assert_string_equal(r->a[0]->id, "Z.txt");
    assert_string_equal(r->a[1]->id, "a.txt");
    assert_string_equal(r->a[2]->id, "b.txt");
    assert_string_equal(r->a[3]->id, "c.txt");
    assert_string_equal(r->a[4]->id, "z.jsonl:1");
    char *csrc = path_in(sub, "c.txt");
    assert_string_equal(r->a[3]->source, csrc);
    free(csrc);
    assert_int_equal(r->n_err, 1);
    assert_int_equal(r->code[0], CASUS_ENOENT);
    char want[600];
    snprintf(want, sizeof want, "%s: cannot open (No such file or directory)", broken);
    assert_string_equal(r->err[0], want);
    run_free(r);

    /* a directory path with a trailing slash walks the same */
    char *slash = path_in(dir, "");
    r = run_path(slash, NULL);
    assert_int_equal(r->n, 5);
    char *asrc = path_in(dir, "a.txt");
    assert_string_equal(r->a[1]->source, asrc);
    free(asrc);
    run_free(r);

    free(slash);
    free(loop);
    free(broken);
    free(sub);
    free(hid);
    rm_tree(dir);
    free(dir);
}

static void dir_unreadable_entries(void **state)
{
    (void)state;
    char *dir = make_tmp();
    make_file(dir, "a.txt", "Readable first.");
    make_file(dir, "b.txt", "Unreadable when not root.");
    make_file(dir, "c.txt", "Readable last.");
    char *locked = path_in(dir, "d-locked");
    assert_int_equal(mkdir(locked, 0755), 0);
    make_file(locked, "e.txt", "Inside a locked directory.");
    char *b = path_in(dir, "b.txt");
    chmod(b, 0);
    chmod(locked, 0);
    int root = geteuid() == 0;
    run *r = run_path(dir, NULL);
    if (root) {
        assert_int_equal(r->n, 4);
        assert_int_equal(r->n_err, 0);
    } else {
        assert_int_equal(r->n, 2);
        assert_string_equal(r->a[0]->id, "a.txt");
        assert_string_equal(r->a[1]->id, "c.txt");
        assert_int_equal(r->n_err, 2);
        assert_int_equal(r->code[0], CASUS_EIO);
        assert_non_null(strstr(r->err[0], "b.txt: cannot open (Permission denied)"));
        assert_non_null(strstr(r->err[1], "d-locked: cannot read directory (Permission denied)"));
    }
    run_free(r);
    free(b);
    free(locked);
    rm_tree(dir);
    free(dir);
}

static void missing_paths_go_on(void **state)
{
    (void)state;
    const char *paths[] = {IO_DATA "/no-such-file.txt", IO_DATA "/minister.txt",
                           IO_DATA "/minister.txt/not-a-dir"};
    run *r = run_paths(paths, 3, NULL);
    assert_int_equal(r->n, 1);
    assert_int_equal(r->n_err, 2);
    assert_int_equal(r->code[0], CASUS_ENOENT);
    assert_string_equal(r->err[0],
                        IO_DATA "/no-such-file.txt: cannot open (No such file or directory)");
    assert_non_null(strstr(r->err[1], "not-a-dir: cannot open"));
    run_free(r);
}

static void empty_inputs(void **state)
{
    (void)state;
    char *dir = make_tmp();
    make_file(dir, "empty.jsonl", "");
    make_file(dir, "blank.jsonl", "\n\n  \n\r\n");
    make_file(dir, "empty.txt", "");
    char *sub = path_in(dir, "empty-dir");
    assert_int_equal(mkdir(sub, 0755), 0);
    run *r = run_path(dir, NULL);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->n_err, 1); /* only the empty text file */
    assert_non_null(strstr(r->err[0], "empty.txt: empty record"));
    run_free(r);
    casus_reader_opts o = {.format = CASUS_FORMAT_BENCH};
    r = run_str("e", "", &o);
    assert_int_equal(r->n + r->n_err, 0);
    run_free(r);
    r = run_str("e", "\f\n\f\n", &o);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->n_err, 1); /* the record between the separators */
    run_free(r);
    free(sub);
    rm_tree(dir);
    free(dir);
}

/* stdin: the test puts a file on fd 0 for the length of a read. */
static void stdin_is_sniffed(void **state)
{
    (void)state;
    char *dir = make_tmp();
    char *p = path_in(dir, "in");
    static const char *const inputs[] = {"Plain text on stdin.", "{\"text\":\"Json on stdin.\"}\n"};
    static const char *const ids[] = {"stdin", "stdin:1"};
    for (int k = 0; k < 2; k++) {
        write_file(p, inputs[k], strlen(inputs[k]));
        int saved = dup(STDIN_FILENO);
        int fd = open(p, O_RDONLY);
        assert_true(saved >= 0 && fd >= 0);
        assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
        close(fd);
        run *r = k ? run_path("-", NULL) : run_paths(NULL, 0, NULL);
        assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
        close(saved);
        assert_int_equal(r->n, 1);
        assert_string_equal(r->a[0]->id, ids[k]);
        assert_string_equal(r->a[0]->source, "-");
        run_free(r);
    }
    free(p);
    rm_tree(dir);
    free(dir);
}

/* The line reader straight: lines, CR stripping, a cap, the end. */
static void lines_direct(void **state)
{
    (void)state;
    static const char in[] = "one\r\ntwo\n\nthree-is-long\nfour";
    io_source s;
    assert_int_equal(io_source_init_mem(&s, in, sizeof in - 1), 0);
    io_lines L;
    assert_int_equal(io_lines_init(&L, &s, 8), 0);
    const char *p;
    size_t n;
    assert_int_equal(io_lines_next(&L, &p, &n), 1);
    assert_int_equal(n, 3);
    assert_memory_equal(p, "one", 3);
    assert_int_equal(io_lines_next(&L, &p, &n), 1);
    assert_memory_equal(p, "two", 3);
    assert_int_equal(io_lines_next(&L, &p, &n), 1);
    assert_int_equal(n, 0);
    assert_int_equal(io_lines_next(&L, &p, &n), CASUS_ETOOBIG);
    assert_int_equal(L.line, 4);
    assert_int_equal(io_lines_next(&L, &p, &n), 1);
    assert_memory_equal(p, "four", 4);
    assert_int_equal(L.line, 5);
    assert_int_equal(io_lines_next(&L, &p, &n), 0);
    assert_int_equal(io_lines_next(&L, &p, &n), 0);
    io_lines_finish(&L);
    io_source_finish(&s);
    io_source_finish(NULL);
    io_lines_finish(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_valid_forms),
        cmocka_unit_test(date_invalid_forms),
        cmocka_unit_test(format_names),
        cmocka_unit_test(open_rejects_bad_options),
        cmocka_unit_test(text_file),
        cmocka_unit_test(text_keeps_nul_and_invalid_utf8),
        cmocka_unit_test(text_empty_and_blank),
        cmocka_unit_test(text_over_cap),
        cmocka_unit_test(jsonl_file),
        cmocka_unit_test(jsonl_malformed_between_good),
        cmocka_unit_test(jsonl_crlf_bom_last_line),
        cmocka_unit_test(jsonl_invalid_utf8_and_nul),
        cmocka_unit_test(jsonl_fast_path_matches_jansson),
        cmocka_unit_test(jsonl_window_boundaries),
        cmocka_unit_test(jsonl_huge_line),
        cmocka_unit_test(html_article_page),
        cmocka_unit_test(html_json_ld_and_main),
        cmocka_unit_test(html_meta_dates_and_fallbacks),
        cmocka_unit_test(html_without_body),
        cmocka_unit_test(html_bad_bytes),
        cmocka_unit_test(bench_file),
        cmocka_unit_test(bench_crlf_and_forced),
        cmocka_unit_test(bench_nul_bytes),
        cmocka_unit_test(bench_oversized_reports),
        cmocka_unit_test(detection_by_content_and_name),
        cmocka_unit_test(gzip_each_format),
        cmocka_unit_test(gzip_big_stream),
        cmocka_unit_test(gzip_truncated_keeps_complete_records),
        cmocka_unit_test(gzip_corrupt),
        cmocka_unit_test(dir_walk_order_and_skips),
        cmocka_unit_test(dir_unreadable_entries),
        cmocka_unit_test(missing_paths_go_on),
        cmocka_unit_test(empty_inputs),
        cmocka_unit_test(stdin_is_sniffed),
        cmocka_unit_test(lines_direct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
