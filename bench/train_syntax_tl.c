/*
 * train_syntax_tl.c — trains the tagger and the lemmatiser on a CoNLL-U
 * treebank (the same functions `casus train` calls), reporting dev scores
 * per epoch on stderr; can also build the tagger's word clusters.
 *
 *   train_syntax_tl tagger TRAIN DEV OUT [--epochs N] [--seed N] [--unlabeled TEXT]
 *                   [--k N] [--cluster-min-count N] [--clusters FILE] [--feats BITS]
 *                   [--min-abs X] [--dict-freq N] [--dict-ratio X] [--two-pass 0|1]
 *                   [--folds N] [--ambig-freq N]
 *       (options not given keep tagger_knobs_default, i.e. what `casus train
 *       tagger` does; --unlabeled TEXT is its --unlabeled)
 *   train_syntax_tl lemmatizer TRAIN DEV OUT [--tagger MODEL] [--epochs N]
 *   train_syntax_tl clusters TEXT OUT [--k N] [--min-count N] [--seed N]
 *   train_syntax_tl eval TAGGER LEMMATIZER CONLLU
 *   train_syntax_tl speed TAGGER LEMMATIZER TEXT   (tokens/s on plain text)
 *   train_syntax_tl dump TAGGER LEMMATIZER|- CONLLU  (form, gold, predicted per word)
 *   train_syntax_tl profile TAGGER TEXT  (each word of TEXT and its predicted class)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syntax/tag_cluster.h"
#include "syntax/tag_eval.h"
#include "syntax/tag_util.h"
#include "text/text.h"
#include "util/arena.h"
#include "bench_util.h"

static void print_line(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

static int usage(void)
{
    fprintf(stderr, "usage: see the comment at the top of bench/train_syntax_tl.c\n");
    return 2;
}

static int fail(const casus_error *err)
{
    fprintf(stderr, "train_syntax_tl: %s\n", err->msg);
    return 1;
}

static const char *opt(int argc, char **argv, const char *name, const char *dflt)
{
    for (int i = 0; i + 1 < argc; i++)
        if (!strcmp(argv[i], name))
            return argv[i + 1];
    return dflt;
}

static int cmd_eval(const char *tpath, const char *lpath, const char *cpath)
{
    casus_error err;
    tagger *t = NULL;
    lemmatizer *l = NULL;
    conllu_corpus c;
    if (tagger_load(&t, tpath, &err) || lemmatizer_load(&l, lpath, &err))
        return fail(&err);
    if (conllu_load(&c, cpath, &err))
        return fail(&err);
    if (tagger_fold_corpus(&c))
        return 1;
    tagger_scores ts;
    lemma_scores ls, lg;
    double t0 = bench_wall();
    if (tagger_eval(t, &c, &ts))
        return 1;
    double t1 = bench_wall();
    if (lemmatizer_eval(l, t, &c, &ls) || lemmatizer_eval(l, NULL, &c, &lg))
        return 1;
    double n = (double)ts.n_words;
    printf("%s: %zu words\n", cpath, ts.n_words);
    printf("UPOS %.2f  XPOS %.2f  FEATS %.2f  AllTags %.2f  (tagging %.0f words/s)\n",
           100 * ts.upos / n, 100 * ts.xpos / n, 100 * ts.feats / n, 100 * ts.all / n,
           n / (t1 - t0));
    printf("Lemma %.2f with predicted tags (unseen forms %.2f of %zu), %.2f with gold tags\n",
           100.0 * (double)ls.correct / n,
           100.0 * (double)ls.unseen_correct / (double)(ls.n_unseen ? ls.n_unseen : 1), ls.n_unseen,
           100.0 * (double)lg.correct / n);
    conllu_finish(&c);
    tagger_free(t);
    lemmatizer_free(l);
    return 0;
}

/* Tokenises the text with casus's own text layer (sentences are cut at
 * blank lines and sentence ends), then times tagging and lemmatising. */
static int cmd_speed(const char *tpath, const char *lpath, const char *path)
{
    casus_error err;
    tagger *t = NULL;
    lemmatizer *l = NULL;
    if (tagger_load(&t, tpath, &err) || lemmatizer_load(&l, lpath, &err))
        return fail(&err);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)sz + 1);
    if (!text || fread(text, 1, (size_t)sz, f) != (size_t)sz)
        return 1;
    fclose(f);
    text[sz] = 0;
    arena a;
    arena_init(&a, 0);
    text_norm tn;
    casus_token *tok;
    casus_word *words;
    casus_sentence *sents;
    size_t nt, nw, ns;
    if (text_normalize(&a, text, (size_t)sz, &tn) ||
        text_tokenize(&a, text, (size_t)sz, &tn, &tok, &nt, &words, &nw) ||
        text_split(&a, text, (size_t)sz, tok, nt, words, nw, &sents, &ns))
        return 1;
    const char **forms = malloc(nw * sizeof *forms);
    uint16_t *tags = malloc(nw * sizeof *tags);
    for (size_t i = 0; i < nw; i++)
        forms[i] = words[i].norm;
    arena scratch;
    arena_init(&scratch, 0);
    double t0 = bench_wall();
    for (size_t s = 0; s < ns; s++)
        if (tagger_tag(t, forms + sents[s].word, sents[s].n_words, tags + sents[s].word, &scratch))
            return 1;
    double t1 = bench_wall();
    size_t sum = 0;
    for (int rep = 0; rep < 3; rep++) {
        arena lm;
        arena_init(&lm, 0);
        for (size_t i = 0; i < nw; i++) {
            const char *le = lemmatizer_lemma(l, forms[i], tagger_upos(t, tags[i]),
                                              tagger_xpos(t, tags[i]), &lm);
            sum += le ? (size_t)le[0] : 0;
        }
        arena_finish(&lm);
    }
    double t2 = bench_wall();
    printf("%zu words, %zu sentences: tagger %.0f words/s, lemmatiser %.0f words/s (%zu)\n", nw, ns,
           (double)nw / (t1 - t0), 3.0 * (double)nw / (t2 - t1), sum & 1);
    arena_finish(&scratch);
    arena_finish(&a);
    free(forms);
    free(tags);
    free(text);
    tagger_free(t);
    lemmatizer_free(l);
    return 0;
}

/* Tags the text like cmd_speed and prints, per lowercased word, its count
 * and the count of each class predicted for it ("word<TAB>n<TAB>c:k ..."). */
static int cmd_profile(const char *tpath, const char *path)
{
    casus_error err;
    tagger *t = NULL;
    if (tagger_load(&t, tpath, &err))
        return fail(&err);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)sz + 1);
    if (!text || fread(text, 1, (size_t)sz, f) != (size_t)sz)
        return 1;
    fclose(f);
    text[sz] = 0;
    arena a;
    arena_init(&a, 0);
    text_norm tn;
    casus_token *tok;
    casus_word *words;
    casus_sentence *sents;
    size_t nt, nw, ns;
    if (text_normalize(&a, text, (size_t)sz, &tn) ||
        text_tokenize(&a, text, (size_t)sz, &tn, &tok, &nt, &words, &nw) ||
        text_split(&a, text, (size_t)sz, tok, nt, words, nw, &sents, &ns))
        return 1;
    const char **forms = malloc(nw * sizeof *forms);
    uint16_t *tags = malloc(nw * sizeof *tags);
    for (size_t i = 0; i < nw; i++)
        forms[i] = words[i].norm;
    arena scratch;
    arena_init(&scratch, 0);
    for (size_t s = 0; s < ns; s++)
        if (tagger_tag(t, forms + sents[s].word, sents[s].n_words, tags + sents[s].word, &scratch))
            return 1;
    for (size_t i = 0; i < nw; i++)
        printf("%s\t%u\n", forms[i], tagger_class_of(t, tags[i]));
    arena_finish(&scratch);
    arena_finish(&a);
    free(forms);
    free(tags);
    free(text);
    tagger_free(t);
    return 0;
}

static int cmd_dump(const char *tpath, const char *lpath, const char *cpath)
{
    casus_error err;
    tagger *t = NULL;
    lemmatizer *l = NULL;
    conllu_corpus c;
    if (tagger_load(&t, tpath, &err) || (strcmp(lpath, "-") && lemmatizer_load(&l, lpath, &err)))
        return fail(&err);
    if (conllu_load(&c, cpath, &err) || tagger_fold_corpus(&c))
        return 1;
    for (size_t s = 0; s < c.n_sents; s++) {
        size_t n = (size_t)c.sents[s].n_words;
        const char *forms[1024];
        uint16_t tags[1024];
        if (n > 1024)
            continue;
        for (size_t i = 0; i < n; i++)
            forms[i] = c.sents[s].words[i].form;
        arena a;
        arena_init(&a, 0);
        if (tagger_tag(t, forms, n, tags, &a))
            return 1;
        for (size_t i = 0; i < n; i++) {
            const conllu_word *w = &c.sents[s].words[i];
            const char *le = l ? lemmatizer_lemma(l, w->form, tagger_upos(t, tags[i]),
                                                  tagger_xpos(t, tags[i]), &a)
                               : "_";
            printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", w->form, w->upos, w->xpos, w->feats,
                   w->lemma, tagger_upos(t, tags[i]), tagger_xpos(t, tags[i]),
                   tagger_feats(t, tags[i]), le);
        }
        arena_finish(&a);
        printf("\n");
    }
    conllu_finish(&c);
    tagger_free(t);
    lemmatizer_free(l);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return usage();
    casus_error err;
    syntax_train_opts o = {0};
    o.progress = print_line;
    o.seed = strtoull(opt(argc, argv, "--seed", "1"), NULL, 10);
    o.epochs = atoi(opt(argc, argv, "--epochs", "0"));
    if (!strcmp(argv[1], "tagger") && argc >= 5) {
        o.train_path = argv[2];
        o.dev_path = argv[3];
        o.out_path = argv[4];
        tagger_knobs k;
        tagger_knobs_default(&k);
        const char *v;
        if ((v = opt(argc, argv, "--min-abs", NULL)))
            k.min_abs = (float)atof(v);
        if ((v = opt(argc, argv, "--dict-freq", NULL)))
            k.dict_min_freq = (uint32_t)atoi(v);
        if ((v = opt(argc, argv, "--dict-ratio", NULL)))
            k.dict_min_ratio = (float)atof(v);
        if ((v = opt(argc, argv, "--two-pass", NULL)))
            k.two_pass = atoi(v);
        if ((v = opt(argc, argv, "--ambig-freq", NULL)))
            k.ambig_min_freq = (uint32_t)atoi(v);
        if ((v = opt(argc, argv, "--folds", NULL)))
            k.folds = atoi(v);
        if ((v = opt(argc, argv, "--feats", NULL)))
            k.feats = (uint32_t)strtoul(v, NULL, 0);
        if ((v = opt(argc, argv, "--k", NULL)))
            k.cluster_k = (uint32_t)atoi(v);
        if ((v = opt(argc, argv, "--cluster-min-count", NULL)))
            k.cluster_min_count = (uint32_t)atoi(v);
        k.clusters_path = opt(argc, argv, "--clusters", NULL);
        o.unlabeled_path = opt(argc, argv, "--unlabeled", NULL);
        double t0 = bench_wall();
        if (tagger_train_ex(&o, &k, &err))
            return fail(&err);
        fprintf(stderr, "trained in %.1f s\n", bench_wall() - t0);
        return 0;
    }
    if (!strcmp(argv[1], "lemmatizer") && argc >= 5) {
        o.train_path = argv[2];
        o.dev_path = argv[3];
        o.out_path = argv[4];
        o.tagger_path = opt(argc, argv, "--tagger", NULL);
        double t0 = bench_wall();
        if (lemmatizer_train(&o, &err))
            return fail(&err);
        fprintf(stderr, "trained in %.1f s\n", bench_wall() - t0);
        return 0;
    }
    if (!strcmp(argv[1], "clusters")) {
        double t0 = bench_wall();
        if (tagger_cluster_build(argv[2], argv[3], (uint32_t)atoi(opt(argc, argv, "--k", "256")),
                                 (uint32_t)atoi(opt(argc, argv, "--min-count", "5")), o.seed,
                                 print_line, NULL, &err))
            return fail(&err);
        fprintf(stderr, "built in %.1f s\n", bench_wall() - t0);
        return 0;
    }
    if (!strcmp(argv[1], "eval") && argc >= 5)
        return cmd_eval(argv[2], argv[3], argv[4]);
    if (!strcmp(argv[1], "dump") && argc >= 5)
        return cmd_dump(argv[2], argv[3], argv[4]);
    if (!strcmp(argv[1], "profile"))
        return cmd_profile(argv[2], argv[3]);
    if (!strcmp(argv[1], "speed") && argc >= 5)
        return cmd_speed(argv[2], argv[3], argv[4]);
    return usage();
}
