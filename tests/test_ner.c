/*
 * test_ner.c — named-entity recognition: the IOB2 reader (good files, and
 * malformed lines reported with file:line while loading goes on), the
 * writer reproducing its input, span extraction and strict span F1 on
 * hand-made cases, document-level label consistency, Viterbi's B/I
 * constraint, a tiny training run on the
 * fixture tests/data/ner/train.iob2 (written for casus), the same bytes
 * from the same seed, file and buffer loads tagging alike, damaged model
 * files refused without a crash, and the pipeline's entity stage.
 * No accuracy runs here: docs/ENTITIES.md gives the commands for those.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "entity/iob2.h"
#include "entity/ner_feat.h"
#include "syntax/syntax.h"
#include "testutil.h"
#include "util/model.h"

#define DATA CASUS_TEST_DATA "/ner"
#define MODEL CASUS_BUILD "/test_ner.bin"
#define MODEL2 CASUS_BUILD "/test_ner2.bin"

static unsigned char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)len + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    p[len] = 0;
    *n = (size_t)len;
    return p;
}

typedef struct warnings {
    int n;
    char msg[8][CASUS_ERROR_MSG_MAX];
} warnings;

static void collect(void *ctx, const casus_error *e)
{
    warnings *w = ctx;
    if (w->n < 8)
        snprintf(w->msg[w->n], sizeof w->msg[w->n], "%s", e->msg);
    w->n++;
}

static uint8_t tag_of(const char *s)
{
    uint8_t t = 255;
    assert_int_equal(iob2_tag_parse(s, strlen(s), &t), 0);
    return t;
}

/* ------------------------------------------------------------ reader */

static void reads_a_good_file(void **state)
{
    (void)state;
    iob2_corpus c;
    warnings w = {0};
    casus_error err;
    assert_int_equal(iob2_load(&c, DATA "/dev.iob2", collect, &w, &err), 0);
    assert_int_equal(w.n, 0);
    assert_int_equal(c.n_bad, 0);
    assert_int_equal(c.n_sents, 3);
    assert_int_equal(c.n_words, 18);
    assert_string_equal(c.sents[0].sent_id, "dev-0001");
    assert_int_equal(c.sents[0].new_doc, 1);
    assert_int_equal(c.sents[1].new_doc, 0);
    assert_int_equal(c.sents[0].n_words, 6);
    assert_string_equal(c.forms[0], "Hassan");
    assert_int_equal(c.tags[0], CASUS_NER_B(CASUS_NER_PER));
    assert_int_equal(c.tags[1], CASUS_NER_I(CASUS_NER_PER));
    assert_int_equal(c.tags[4], CASUS_NER_B(CASUS_NER_LOC));
    assert_int_equal(c.tags[8], CASUS_NER_I(CASUS_NER_ORG));
    iob2_finish(&c);
    iob2_finish(NULL);
    assert_int_equal(iob2_load(&c, DATA "/no-such-file.iob2", NULL, NULL, &err), CASUS_ENOENT);
    iob2_finish(&c);
}

static void tags_parse_and_print(void **state)
{
    (void)state;
    static const char *const names[] = {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"};
    for (unsigned t = 0; t < CASUS_NER_N_TAGS; t++) {
        assert_int_equal(tag_of(names[t]), t);
        assert_string_equal(casus_ner_tag_name(t), names[t]);
    }
    assert_string_equal(casus_ner_tag_name(7), "?");
    assert_string_equal(casus_ner_type_name(CASUS_NER_ORG), "ORG");
    assert_string_equal(casus_ner_type_name(0), "?");
    uint8_t t;
    assert_int_equal(iob2_tag_parse("B-MISC", 6, &t), CASUS_EFORMAT);
    assert_int_equal(iob2_tag_parse("B-PE", 4, &t), CASUS_EFORMAT);
    assert_int_equal(iob2_tag_parse("o", 1, &t), CASUS_EFORMAT);
    assert_int_equal(iob2_tag_parse("", 0, &t), CASUS_EFORMAT);
    assert_int_equal(CASUS_NER_TYPE(CASUS_NER_I(CASUS_NER_LOC)), CASUS_NER_LOC);
    assert_true(CASUS_NER_IS_B(CASUS_NER_B(CASUS_NER_ORG)));
    assert_false(CASUS_NER_IS_B(CASUS_NER_I(CASUS_NER_ORG)));
}

static void reports_bad_lines_and_goes_on(void **state)
{
    (void)state;
    iob2_corpus c;
    warnings w = {0};
    casus_error err;
    assert_int_equal(iob2_load(&c, DATA "/bad.iob2", collect, &w, &err), 0);
    assert_int_equal(w.n, 4);
    assert_int_equal(c.n_bad, 4);
    assert_non_null(strstr(w.msg[0], "bad.iob2:5:"));
    assert_non_null(strstr(w.msg[1], "bad.iob2:6:"));
    assert_non_null(strstr(w.msg[1], "read as O"));
    assert_non_null(strstr(w.msg[2], "bad.iob2:7:"));
    assert_non_null(strstr(w.msg[3], "bad.iob2:8:"));
    /* Kim met Ri Pyongyang . | Tehran answered . */
    assert_int_equal(c.n_sents, 2);
    assert_int_equal(c.sents[0].n_words, 5);
    assert_int_equal(c.sents[1].n_words, 3);
    assert_string_equal(c.forms[2], "Ri");
    assert_int_equal(c.tags[2], CASUS_NER_O); /* B-MISC */
    assert_string_equal(c.forms[3], "Pyongyang");
    assert_int_equal(c.tags[5], CASUS_NER_I(CASUS_NER_LOC));
    /* The writer keeps bad lines as they were. */
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(iob2_write(&c, c.tags, f), 0);
    rewind(f);
    char line[256];
    int seen = 0;
    while (fgets(line, sizeof line, f))
        seen += !strcmp(line, "this line has no tabs\n") || !strcmp(line, "4\tin\n");
    assert_int_equal(seen, 2);
    fclose(f);
    iob2_finish(&c);
    /* Without a callback the same file loads the same way. */
    assert_int_equal(iob2_parse(&c, "mem", "1\tA\n\n2\n", 7, NULL, NULL, &err), 0);
    assert_int_equal(c.n_bad, 2);
    assert_int_equal(c.n_words, 0);
    iob2_finish(&c);
}

static void writer_reproduces_its_input(void **state)
{
    (void)state;
    size_t n;
    unsigned char *want = read_file(DATA "/train.iob2", &n);
    iob2_corpus c;
    casus_error err;
    assert_int_equal(iob2_load(&c, DATA "/train.iob2", NULL, NULL, &err), 0);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    assert_int_equal(iob2_write(&c, c.tags, f), 0);
    fclose(f);
    assert_int_equal(len, n);
    assert_memory_equal(out, want, n);
    free(out);
    free(want);
    iob2_finish(&c);
}

/* ------------------------------------------------------------ spans, F1 */

static void spans_read_like_conlleval(void **state)
{
    (void)state;
    enum { O = 0, BP = 1, IP = 2, BO = 3, IO = 4, BL = 5, IL = 6 };
    const uint8_t t[] = {BP, IP, O, IL, IL, BL, BL, IO, BO, IO, IO};
    ner_span s[16];
    size_t n = ner_spans(t, sizeof t, s);
    assert_int_equal(n, 6);
    assert_int_equal(s[0].first, 0); /* B-PER I-PER */
    assert_int_equal(s[0].last, 1);
    assert_int_equal(s[0].type, CASUS_NER_PER);
    assert_int_equal(s[1].first, 3); /* I-LOC after O opens a span */
    assert_int_equal(s[1].last, 4);
    assert_int_equal(s[2].first, 5); /* B-LOC B-LOC: two spans */
    assert_int_equal(s[2].last, 5);
    assert_int_equal(s[3].first, 6);
    assert_int_equal(s[4].first, 7); /* I-ORG after B-LOC opens */
    assert_int_equal(s[4].last, 7);
    assert_int_equal(s[4].type, CASUS_NER_ORG);
    assert_int_equal(s[5].first, 8); /* B-ORG I-ORG I-ORG */
    assert_int_equal(s[5].last, 10);
    assert_int_equal(ner_spans(t, 0, s), 0);
}

/* ------------------------------------------------------------ document */

static void document_names_are_consistent(void **state)
{
    (void)state;
    enum { O = 0, BP = 1, IP = 2, BO = 3, IO = 4, BL = 5 };
    /* Sentence 1: "Mara Quell joined Tovik Labs ."; 2: "Quell left Tovik Labs
     * for Tovik ."; 3: "Tovik Labs and Brenn Labs hired Quell ." */
    const char *const w[] = {"Mara", "Quell", "joined", "Tovik", "Labs", ".",
                             "Quell", "left", "Tovik", "Labs", "for", "Tovik", ".",
                             "Tovik", "Labs", "and", "Brenn", "Labs", "hired", "Quell", "."};
    const uint8_t first[] = {1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    uint8_t t[] = {BP, IP, O, BO, IO, O, O, O, O, O, O, BL, O, O, O, O, BL, IO, O, O, O};
    enum { N = sizeof t };
    assert_int_equal(ner_doc_consistency(w, first, N, t), 0);
    /* "Tovik Labs" found once as ORG: its untagged occurrences are ORG. */
    assert_int_equal(t[8], BO);
    assert_int_equal(t[9], IO);
    assert_int_equal(t[13], BO);
    assert_int_equal(t[14], IO);
    /* "Quell", the last word of a person's name, is PER elsewhere. */
    assert_int_equal(t[6], BP);
    assert_int_equal(t[19], BP);
    /* Tagged words are left alone, "Tovik" alone keeps its LOC, and a
     * partly tagged phrase ("Brenn Labs" as B-LOC I-ORG) is not rewritten. */
    assert_int_equal(t[11], BL);
    assert_int_equal(t[16], BL);
    assert_int_equal(t[17], IO);
    assert_int_equal(t[2], O);
    assert_int_equal(t[15], O);
    /* Names do not cross sentences: "Labs ." + "Quell" is never a phrase. */
    const char *const w2[] = {"Ada", "Brun", "Ada", "Brun"};
    const uint8_t first2[] = {1, 0, 1, 0};
    uint8_t t2[] = {BP, IP, O, O};
    assert_int_equal(ner_doc_consistency(w2, first2, 4, t2), 0);
    assert_int_equal(t2[2], BP);
    assert_int_equal(t2[3], IP);
    const uint8_t first3[] = {1, 0, 0, 1};
    uint8_t t3[] = {BP, IP, O, O}; /* "Ada Brun | Ada | Brun": two single words */
    assert_int_equal(ner_doc_consistency(w2, first3, 4, t3), 0);
    assert_int_equal(t3[2], BP);
    assert_int_equal(t3[3], BP);
    /* Majority type; a tie goes to the first span. */
    const char *const w4[] = {"Kell", "Kell", "Kell", "Kell", "Rho", "Rho", "Rho"};
    const uint8_t first4[] = {1, 1, 1, 1, 1, 1, 1};
    uint8_t t4[] = {BL, BO, BO, O, BL, BO, O};
    assert_int_equal(ner_doc_consistency(w4, first4, 7, t4), 0);
    assert_int_equal(t4[3], BO);
    assert_int_equal(t4[6], BL);
    assert_int_equal(ner_doc_consistency(w4, first4, 0, t4), 0);
}

static void strict_f1_arithmetic(void **state)
{
    (void)state;
    enum { O = 0, BP = 1, IP = 2, BO = 3, IO = 4, BL = 5, IL = 6 };
    /* gold: [PER 0-1] [LOC 3] [ORG 5-6] [LOC 8]
     * sys:  [PER 0-1] (right) [LOC 3-4] (boundary) [PER 5-6] (type) [LOC 8] (right) [ORG 9] */
    const uint8_t gold[] = {BP, IP, O, BL, O, BO, IO, O, BL, O};
    const uint8_t sys[] = {BP, IP, O, BL, IL, BP, IP, O, BL, BO};
    casus_ner_scores sc;
    memset(&sc, 0, sizeof sc);
    assert_int_equal(ner_score_sentence(gold, sys, sizeof gold, &sc), 0);
    assert_int_equal(sc.by_type[0].gold, 4);
    assert_int_equal(sc.by_type[0].system, 5);
    assert_int_equal(sc.by_type[0].correct, 2);
    assert_int_equal(sc.by_type[CASUS_NER_PER].gold, 1);
    assert_int_equal(sc.by_type[CASUS_NER_PER].system, 2);
    assert_int_equal(sc.by_type[CASUS_NER_PER].correct, 1);
    assert_int_equal(sc.by_type[CASUS_NER_LOC].gold, 2);
    assert_int_equal(sc.by_type[CASUS_NER_LOC].system, 2);
    assert_int_equal(sc.by_type[CASUS_NER_LOC].correct, 1);
    assert_int_equal(sc.by_type[CASUS_NER_ORG].gold, 1);
    assert_int_equal(sc.by_type[CASUS_NER_ORG].system, 1);
    assert_int_equal(sc.by_type[CASUS_NER_ORG].correct, 0);
    /* F1 = 2c / (g + s) = 4 / 9; a second, perfect sentence adds up. */
    assert_int_equal(ner_score_sentence(gold, gold, sizeof gold, &sc), 0);
    assert_int_equal(sc.by_type[0].gold, 8);
    assert_int_equal(sc.by_type[0].system, 9);
    assert_int_equal(sc.by_type[0].correct, 6);
    assert_int_equal(ner_score_sentence(gold, sys, 0, &sc), 0);
    assert_int_equal(sc.by_type[0].gold, 8);
}

static void viterbi_keeps_iob2_valid(void **state)
{
    (void)state;
    /* Emissions that prefer I-LOC everywhere: the first word cannot be
     * I-x, nor can I-LOC follow anything but B-LOC or I-LOC. */
    enum { N = 4 };
    double em[N * NER_N_TAGS], dy[N * NER_N_PREV * NER_N_TAGS];
    memset(dy, 0, sizeof dy);
    for (size_t i = 0; i < N; i++)
        for (uint32_t c = 0; c < NER_N_TAGS; c++)
            em[i * NER_N_TAGS + c] = c == CASUS_NER_I(CASUS_NER_LOC)   ? 10.0
                                     : c == CASUS_NER_B(CASUS_NER_PER) ? 1.0
                                                                       : 0.0;
    uint8_t tags[N], work[N * NER_N_TAGS];
    ner_viterbi(em, dy, N, tags, work);
    assert_int_equal(tags[0], CASUS_NER_B(CASUS_NER_LOC));
    for (size_t i = 1; i < N; i++)
        assert_int_equal(tags[i], CASUS_NER_I(CASUS_NER_LOC));
    for (uint32_t p = 0; p < NER_N_PREV; p++)
        for (uint32_t c = 0; c < NER_N_TAGS; c++)
            if (c && !(c & 1))
                assert_int_equal(ner_allowed(p, c), p == c || p + 1 == c);
            else
                assert_true(ner_allowed(p, c));
}

/* ------------------------------------------------------------ training */

static int train(const char *out, uint64_t seed, const char *unlabeled)
{
    syntax_train_opts o = {.train_path = DATA "/train.iob2",
                           .dev_path = DATA "/dev.iob2",
                           .out_path = out,
                           .tagger_path = "none",
                           .unlabeled_path = unlabeled,
                           .epochs = 6,
                           .seed = seed};
    casus_error err = {0};
    int rc = ner_train(&o, &err);
    if (rc)
        fprintf(stderr, "ner_train: %s\n", err.msg);
    return rc;
}

/* Tags every sentence of c with m. */
static void tag_all(const ner_model *m, const iob2_corpus *c, uint8_t *tags)
{
    arena mem;
    arena_init(&mem, 0);
    for (size_t s = 0; s < c->n_sents; s++) {
        const iob2_sent *st = &c->sents[s];
        ner_sentence ns = {.norms = c->forms + st->word, .n = st->n_words};
        assert_int_equal(ner_tag(m, &ns, tags + st->word, &mem), 0);
    }
    arena_finish(&mem);
}

static void trains_and_round_trips(void **state)
{
    (void)state;
    assert_int_equal(setenv("CASUS_DICT", CASUS_BUILD "/no-dict-here", 1), 0);
    assert_int_equal(train(MODEL, 1, CASUS_TEST_DATA "/parser/clusters.txt"), 0);
    assert_int_equal(train(MODEL2, 1, CASUS_TEST_DATA "/parser/clusters.txt"), 0);
    size_t n1, n2;
    unsigned char *a = read_file(MODEL, &n1), *b = read_file(MODEL2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1); /* same data, same seed: same bytes */
    free(b);

    ner_model *m = NULL, *mb = NULL;
    casus_error err;
    assert_int_equal(ner_load(&m, MODEL, &err), 0);
    assert_int_equal(ner_features(m), NER_F_CLUSTERS);
    unsigned char *copy = NULL;
    assert_int_equal(posix_memalign((void **)&copy, 64, n1), 0);
    memcpy(copy, a, n1);
    assert_int_equal(ner_load_buffer(&mb, copy, n1, &err), 0);

    iob2_corpus c;
    assert_int_equal(iob2_load(&c, DATA "/train.iob2", NULL, NULL, &err), 0);
    uint8_t *t1 = malloc(c.n_words), *t2 = malloc(c.n_words);
    tag_all(m, &c, t1);
    tag_all(mb, &c, t2);
    assert_memory_equal(t1, t2, c.n_words);
    /* It learnt its training set. */
    casus_ner_scores sc;
    memset(&sc, 0, sizeof sc);
    for (size_t s = 0; s < c.n_sents; s++)
        assert_int_equal(ner_score_sentence(c.tags + c.sents[s].word, t1 + c.sents[s].word,
                                            c.sents[s].n_words, &sc),
                         0);
    assert_true(sc.by_type[0].correct * 4 >= sc.by_type[0].gold * 3);
    free(t1);
    free(t2);
    iob2_finish(&c);
    ner_free(m);
    ner_free(mb);
    ner_free(NULL);
    free(copy);
    free(a);

    /* Without clusters, and with another seed. */
    assert_int_equal(train(MODEL2, 7, NULL), 0);
    assert_int_equal(ner_load(&m, MODEL2, &err), 0);
    assert_int_equal(ner_features(m), 0);
    ner_free(m);
    /* A missing training file is an error naming it. */
    syntax_train_opts o = {
        .train_path = DATA "/missing.iob2", .out_path = MODEL2, .tagger_path = "none"};
    assert_int_equal(ner_train(&o, &err), CASUS_ENOENT);
    assert_non_null(strstr(err.msg, "missing.iob2"));
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

static void damaged_models_are_refused(void **state)
{
    (void)state;
    size_t n;
    unsigned char *a = read_file(MODEL, &n);
    unsigned char *b = NULL;
    assert_int_equal(posix_memalign((void **)&b, 64, n), 0);
    ner_model *m = NULL;
    casus_error err;
    for (size_t len = 0; len < n; len += (len < 512 ? 1 : 331)) {
        memcpy(b, a, len);
        assert_int_not_equal(ner_load_buffer(&m, b, len, &err), 0);
        assert_null(m);
    }
    for (size_t pos = 0; pos < n; pos += 211) {
        memcpy(b, a, n);
        b[pos] ^= 0x5A;
        assert_int_not_equal(ner_load_buffer(&m, b, n, &err), 0);
    }
    /* Behind a valid checksum: an error, or a model that tags. */
    const char *forms[] = {"Rouhani", "met", "Kim", "in", "Pyongyang", "."};
    ner_sentence ns = {.norms = forms, .n = 6};
    uint8_t tags[6];
    arena mem;
    arena_init(&mem, 0);
    for (size_t pos = 64; pos < n; pos += 7) {
        memcpy(b, a, n);
        b[pos] ^= 0xFF;
        fix_crc(b, n);
        if (ner_load_buffer(&m, b, n, &err) == 0) {
            assert_int_equal(ner_tag(m, &ns, tags, &mem), 0);
            for (int k = 0; k < 6; k++)
                assert_true(tags[k] < CASUS_NER_N_TAGS);
            ner_free(m);
        } else {
            assert_null(m);
        }
    }
    arena_finish(&mem);
    /* Another version of the NER layout. */
    model_file mf;
    memcpy(b, a, n);
    assert_int_equal(model_open_buffer(&mf, b, n, "ner", &err), 0);
    const model_section *meta = model_find(&mf, "meta");
    assert_non_null(meta);
    size_t off = (size_t)((const unsigned char *)meta->data - b);
    model_close(&mf);
    b[off] = 9;
    fix_crc(b, n);
    assert_int_equal(ner_load_buffer(&m, b, n, &err), CASUS_EVERSION);
    assert_non_null(strstr(err.msg, "version 9"));
    /* Another container version, another kind, no file. */
    memcpy(b, a, n);
    b[8] = 2;
    assert_int_equal(ner_load_buffer(&m, b, n, &err), CASUS_EVERSION);
    memcpy(b, a, n);
    memcpy(b + 40, "tagger", 7);
    fix_crc(b, n);
    assert_int_equal(ner_load_buffer(&m, b, n, &err), CASUS_EFORMAT);
    assert_int_equal(ner_load(&m, DATA "/train.iob2", &err), CASUS_EFORMAT);
    assert_int_equal(ner_load(&m, CASUS_BUILD "/no-such-model.bin", &err), CASUS_ENOENT);
    free(a);
    free(b);
}

/* ------------------------------------------------------------ pipeline */

static void pipeline_entity_stage(void **state)
{
    (void)state;
    casus_pipeline *p = NULL;
    casus_error err;
    casus_pipeline_opts o = {.stages = CASUS_STAGE_TEXT | CASUS_STAGE_ENTITY};
    assert_int_equal(casus_pipeline_new(&p, &o, &err), CASUS_EINVAL);
    assert_null(p);
    /* A folder without ner.bin: the error names the file. */
    o.stages = CASUS_STAGE_TEXT | CASUS_STAGE_SYNTAX | CASUS_STAGE_ENTITY;
    o.models_dir = CASUS_BUILD "/ner-models";
    int rc = system("mkdir -p " CASUS_BUILD "/ner-models && for f in tagger lemmatizer parser; do "
                    "ln -sf \"$PWD/models/$f.bin\" " CASUS_BUILD "/ner-models/$f.bin; done && "
                    "rm -f " CASUS_BUILD "/ner-models/ner.bin");
    assert_int_equal(rc, 0);
    assert_int_equal(casus_pipeline_new(&p, &o, &err), CASUS_ENOENT);
    assert_non_null(strstr(err.msg, "ner.bin"));
    /* With the tiny model (no POS features) the stage tags a document. */
    rc = system("cp " MODEL " " CASUS_BUILD "/ner-models/ner.bin");
    assert_int_equal(rc, 0);
    o.dict_dir = CASUS_BUILD "/no-dict-here";
    assert_int_equal(casus_pipeline_new(&p, &o, &err), 0);
    const char *text = "Hassan Rouhani flew to Geneva. The United Nations met in Brussels.";
    casus_article *a = casus_article_new("t1", "", "", "", text, strlen(text));
    casus_doc *d = NULL;
    assert_int_equal(casus_doc_process(p, a, &d, &err), 0);
    casus_text_view v;
    casus_doc_text(d, &v);
    const uint8_t *ner = casus_doc_ner(d);
    assert_non_null(ner);
    for (size_t s = 0; s < v.n_sentences; s++)
        for (uint32_t i = 0; i < v.sentences[s].n_words; i++) {
            uint8_t t = ner[v.sentences[s].word + i];
            assert_true(t < CASUS_NER_N_TAGS);
            if (t && !CASUS_NER_IS_B(t)) /* an I tag continues its type */
                assert_true(i > 0 &&
                            CASUS_NER_TYPE(ner[v.sentences[s].word + i - 1]) == CASUS_NER_TYPE(t));
        }
    assert_int_equal(ner[0], CASUS_NER_B(CASUS_NER_PER));
    casus_doc_free(d);
    /* casus_eval_ner on the fixture. */
    casus_ner_scores sc;
    warnings w = {0};
    assert_int_equal(casus_eval_ner(p, DATA "/dev.iob2", &sc, collect, &w, &err), 0);
    assert_int_equal(sc.n_sentences, 3);
    assert_int_equal(sc.n_words, 18);
    assert_int_equal(sc.by_type[0].gold, 4);
    assert_int_equal(w.n, 0);
    assert_int_equal(casus_eval_ner(p, DATA "/bad.iob2", &sc, collect, &w, &err), 0);
    assert_int_equal(sc.n_bad_lines, 4);
    assert_int_equal(w.n, 4);
    casus_article_free(a);
    casus_pipeline_free(p);
    /* Without the entity stage there are no tags, and the IOB2 entry
     * points say why. */
    o.stages = CASUS_STAGE_TEXT;
    assert_int_equal(casus_pipeline_new(&p, &o, &err), 0);
    assert_int_equal(casus_ner_iob2(p, DATA "/dev.iob2", stdout, NULL, NULL, &err), CASUS_EINVAL);
    casus_pipeline_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_a_good_file),
        cmocka_unit_test(tags_parse_and_print),
        cmocka_unit_test(reports_bad_lines_and_goes_on),
        cmocka_unit_test(writer_reproduces_its_input),
        cmocka_unit_test(spans_read_like_conlleval),
        cmocka_unit_test(strict_f1_arithmetic),
        cmocka_unit_test(document_names_are_consistent),
        cmocka_unit_test(viterbi_keeps_iob2_valid),
        cmocka_unit_test(trains_and_round_trips),
        cmocka_unit_test(damaged_models_are_refused),
        cmocka_unit_test(pipeline_entity_stage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
