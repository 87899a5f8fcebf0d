/*
 * test_lemmatizer.c — the lemmatiser trained on the fixture
 * tests/data/syntax/tiny.conllu: lexicon answers (irregular verbs,
 * clitics by tag), rules (numbers, proper nouns), edit scripts for words
 * the fixture never shows ("reimposed" -> reimpose), determinism, and
 * damaged models refused without a crash.
 *
 * Everything a test allocates hangs off its fixture and is released by
 * the teardown, so a failing assertion (cmocka jumps out of the test)
 * does not add leak reports to the failure under ASan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "syntax/tag_eval.h"
#include "syntax/tag_util.h"
#include "testutil.h"

#define FIXTURE CASUS_TEST_DATA "/syntax/tiny.conllu"
#define MODEL CASUS_BUILD "/test_lemmatizer.bin"
#define MODEL2 CASUS_BUILD "/test_lemmatizer2.bin"

static int train(const char *out)
{
    syntax_train_opts o = {
        .train_path = FIXTURE, .dev_path = FIXTURE, .out_path = out, .epochs = 10, .seed = 3};
    casus_error err;
    int rc = lemmatizer_train(&o, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    return rc;
}

static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = NULL;
    assert_int_equal(posix_memalign(&p, 64, (size_t)n), 0);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void fix_crc(unsigned char *p, size_t n)
{
    static const unsigned char zero[4] = {0};
    uLong c = crc32(0L, Z_NULL, 0);
    c = crc32(c, p, 32);
    c = crc32(c, zero, 4);
    c = crc32(c, p + 36, (uInt)(n - 36));
    for (int i = 0; i < 4; i++)
        p[32 + i] = (unsigned char)(c >> (8 * i));
}

typedef struct fixture {
    lemmatizer *l;
    arena mem;
    conllu_corpus c;
    unsigned char *a, *a2, *b;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    arena_init(&fx->mem, 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    lemmatizer_free(fx->l);
    arena_finish(&fx->mem);
    conllu_finish(&fx->c);
    free(fx->a);
    free(fx->a2);
    free(fx->b);
    free(fx);
    return 0;
}

#define LEMMA(form, upos, xpos, want)                                                              \
    assert_string_equal(lemmatizer_lemma(l, form, upos, xpos, mem), want)

static void lemmas(void **state)
{
    fixture *fx = *state;
    assert_int_equal(train(MODEL), 0);
    casus_error err;
    assert_int_equal(lemmatizer_load(&fx->l, MODEL, &err), 0);
    lemmatizer *l = fx->l;
    arena *mem = &fx->mem;
    /* From the lexicon. */
    LEMMA("warned", "VERB", "VBD", "warn");
    LEMMA("met", "VERB", "VBD", "meet");
    LEMMA("held", "VERB", "VBD", "hold");
    LEMMA("held", "VERB", "VBN", "hold");
    LEMMA("talks", "NOUN", "NNS", "talk");
    LEMMA("sanctions", "NOUN", "NNS", "sanction");
    LEMMA("U.S.", "PROPN", "NNP", "U.S.");
    LEMMA("n't", "PART", "RB", "not");
    LEMMA("'s", "AUX", "VBZ", "be");
    LEMMA("'s", "PART", "POS", "'s");
    LEMMA("'m", "AUX", "VBP", "be");
    LEMMA("Officials", "NOUN", "NNS", "official"); /* lower case for nouns */
    LEMMA("Talks", "NOUN", "NNS", "talk");         /* via the lowercased form */
    /* Rules. */
    LEMMA("12,500", "NUM", "CD", "12500");
    LEMMA("3.5", "NUM", "CD", "3.5");
    LEMMA("Pyongyang", "PROPN", "NNP", "Pyongyang");
    /* Edit scripts for forms the fixture never shows. */
    LEMMA("reimposed", "VERB", "VBD", "reimpose");
    LEMMA("warned", "VERB", "VBN", "warn");
    LEMMA("missiles", "NOUN", "NNS", "missile");
    LEMMA("ministries", "NOUN", "NNS", "ministry");
    LEMMA("walked", "VERB", "VBD", "walk");
    /* Unknown tags and empty forms do not trip it. */
    assert_non_null(lemmatizer_lemma(l, "zork", "XYZ", "??", mem));
    assert_non_null(lemmatizer_lemma(l, "zork", NULL, NULL, mem));
    LEMMA("", "X", "X", "");
    char longw[600];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    LEMMA(longw, "NOUN", "NN", longw);
    /* The whole fixture with its gold tags. */
    assert_int_equal(conllu_load(&fx->c, FIXTURE, &err), 0);
    assert_int_equal(tagger_fold_corpus(&fx->c), 0);
    lemma_scores s;
    assert_int_equal(lemmatizer_eval(l, NULL, &fx->c, &s), 0);
    assert_int_equal(s.correct, s.n_words);
    lemmatizer_free(NULL);
}

static void same_bytes_and_damage(void **state)
{
    fixture *fx = *state;
    assert_int_equal(train(MODEL), 0);
    assert_int_equal(train(MODEL2), 0);
    size_t n, n2;
    fx->a = read_file(MODEL, &n);
    fx->a2 = read_file(MODEL2, &n2);
    unsigned char *a = fx->a;
    assert_int_equal(n, n2);
    assert_memory_equal(a, fx->a2, n);
    assert_int_equal(posix_memalign((void **)&fx->b, 64, n), 0);
    unsigned char *b = fx->b;
    casus_error err;
    memcpy(b, a, n);
    assert_int_equal(lemmatizer_load_buffer(&fx->l, b, n, &err), 0);
    lemmatizer_free(fx->l);
    fx->l = NULL;
    for (size_t len = 0; len < n; len += (len < 512 ? 1 : 101)) {
        memcpy(b, a, len);
        assert_int_not_equal(lemmatizer_load_buffer(&fx->l, b, len, &err), 0);
        assert_null(fx->l);
    }
    for (size_t pos = 64; pos < n; pos += 7) {
        memcpy(b, a, n);
        b[pos] ^= 0xFF;
        fix_crc(b, n);
        if (lemmatizer_load_buffer(&fx->l, b, n, &err) == 0) {
            assert_non_null(lemmatizer_lemma(fx->l, "reimposed", "VERB", "VBD", &fx->mem));
            assert_non_null(lemmatizer_lemma(fx->l, "talks", "NOUN", "NNS", &fx->mem));
            lemmatizer_free(fx->l);
            fx->l = NULL;
        } else {
            assert_null(fx->l);
        }
    }
    /* A lemmatiser is not a tagger (the container's kind is checked). */
    tagger *t = NULL;
    assert_int_equal(tagger_load(&t, MODEL, &err), CASUS_EFORMAT);
    assert_null(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lemmas, setup, teardown),
        cmocka_unit_test_setup_teardown(same_bytes_and_damage, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
