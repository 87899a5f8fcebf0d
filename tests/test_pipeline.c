/*
 * test_pipeline.c — the pipeline and document lifecycle, the arena cap and
 * the writers' output on small documents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void free_null_is_noop(void **state)
{
    (void)state;
    casus_pipeline_free(NULL);
    casus_doc_free(NULL);
    casus_article_free(NULL);
    casus_reader_free(NULL);
}

static void hostile_article_hits_the_cap(void **state)
{
    (void)state;
    casus_pipeline_opts o = {.max_doc_bytes = 256 << 10};
    casus_pipeline *p = NULL;
    assert_int_equal(casus_pipeline_new(&p, &o, NULL), 0);
    size_t n = 4 << 20;
    char *text = malloc(n);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        text[i] = (i % 2) ? ' ' : 'a';
    casus_article *a = casus_article_new("big", NULL, NULL, NULL, text, n);
    free(text);
    assert_non_null(a);
    casus_doc *d = NULL;
    casus_error err = {0};
    assert_int_equal(casus_doc_process(p, a, &d, &err), CASUS_ETOOBIG);
    assert_null(d);
    assert_non_null(strstr(err.msg, "big"));
    casus_article_free(a);
    casus_pipeline_free(p);
}

static void empty_article_has_no_sentences(void **state)
{
    (void)state;
    casus_pipeline *p = NULL;
    assert_int_equal(casus_pipeline_new(&p, NULL, NULL), 0);
    casus_article *a = casus_article_new("e", NULL, NULL, NULL, "", 0);
    casus_doc *d = NULL;
    assert_int_equal(casus_doc_process(p, a, &d, NULL), 0);
    casus_text_view v;
    casus_doc_text(d, &v);
    assert_int_equal(v.n_tokens, 0);
    assert_int_equal(v.n_sentences, 0);
    assert_ptr_equal(casus_doc_article(d), a);
    casus_doc_free(d);
    casus_article_free(a);
    casus_pipeline_free(p);
}

static char *write_to_string(const casus_doc *d, int conllu)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    assert_non_null(f);
    assert_int_equal(conllu ? casus_write_conllu(f, d) : casus_write_json(f, d, 1), 0);
    fclose(f);
    return s;
}

static void writers_escape_and_keep_offsets(void **state)
{
    (void)state;
    casus_pipeline *p = NULL;
    assert_int_equal(casus_pipeline_new(&p, NULL, NULL), 0);
    /* An invalid byte (0xFF) inside a word: offsets stay byte offsets into
     * the text as read, output shows U+FFFD. */
    const char text[] = "Envoys met\xFF today.";
    casus_article *a = casus_article_new("w\"1", "u", "2026-01-02", "T", text, sizeof text - 1);
    casus_doc *d = NULL;
    assert_int_equal(casus_doc_process(p, a, &d, NULL), 0);
    char *json = write_to_string(d, 0);
    assert_non_null(strstr(json, "\"id\":\"w\\\"1\""));
    assert_non_null(strstr(json, "\xEF\xBF\xBD"));
    assert_null(strstr(json, "\xFF"));
    assert_non_null(strstr(json, "\"start\":0,\"end\":6,\"text\":\"Envoys\""));
    assert_int_equal(json[strlen(json) - 1], '\n');
    char *conllu = write_to_string(d, 1);
    assert_non_null(strstr(conllu, "# text = Envoys met\xEF\xBF\xBD today."));
    assert_non_null(strstr(conllu, "TokenRange=0:6"));
    assert_null(strstr(conllu, "\xFF"));
    free(json);
    free(conllu);
    casus_doc_free(d);
    casus_article_free(a);
    casus_pipeline_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(free_null_is_noop),
        cmocka_unit_test(hostile_article_hits_the_cap),
        cmocka_unit_test(empty_article_has_no_sentences),
        cmocka_unit_test(writers_escape_and_keep_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
