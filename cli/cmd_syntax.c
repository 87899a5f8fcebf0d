/*
 * cmd_syntax.c — `casus train` and `casus eval`: training the syntax
 * models and scoring the pipeline against a gold treebank.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void print_progress(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

int cmd_train(const cli_cmd *cmd, cli_args *args)
{
    if (args->n_operands != 1) {
        fprintf(stderr, "casus train: name one model: tagger, lemmatizer or parser\n");
        return EXIT_USAGE;
    }
    casus_train_opts o = {.train_path = cli_get(cmd, args, "train"),
                          .dev_path = cli_get(cmd, args, "dev"),
                          .out_path = cli_get(cmd, args, "output"),
                          .tagger_path = cli_get(cmd, args, "tagger"),
                          .unlabeled_path = cli_get(cmd, args, "unlabeled"),
                          .progress = print_progress};
    if (!o.train_path || !o.out_path) {
        fprintf(stderr, "casus train: --train FILE and -o FILE are required\n");
        return EXIT_USAGE;
    }
    long epochs = cli_get_long(cmd, args, "epochs", 0);
    long seed = cli_get_long(cmd, args, "seed", 1);
    long beam = cli_get_long(cmd, args, "beam", 0);
    /* -1: cli_get_long said why; the beam's range is casus_train's */
    if (epochs < 0 || seed < 0 || beam < 0 || beam > INT_MAX)
        return EXIT_USAGE;
    o.beam = (int)beam;
    o.epochs = (int)epochs;
    o.seed = (uint64_t)seed;
    casus_error err = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = casus_train(args->operands[0], &o, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc) {
        fprintf(stderr, "casus train: %s\n", err.msg);
        return rc == CASUS_EINVAL ? EXIT_USAGE : rc == CASUS_ENOENT ? EXIT_NOINPUT : EXIT_FAIL;
    }
    fprintf(stderr, "casus train: wrote %s in %.1f s\n", o.out_path,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
    return EXIT_OK;
}

static void print_row(const char *name, const casus_eval_count *c, int raw)
{
    double p = c->system ? 100.0 * (double)c->correct / (double)c->system : 0.0;
    double r = c->gold ? 100.0 * (double)c->correct / (double)c->gold : 0.0;
    double f = c->gold + c->system ? 200.0 * (double)c->correct / (double)(c->gold + c->system)
                                   : 0.0;
    if (raw)
        printf("%-10s %8zu %8zu %8zu %9.2f %9.2f %9.2f\n", name, c->gold, c->system, c->correct,
               p, r, f);
    else
        printf("%-10s %8zu %8zu %9.2f\n", name, c->gold, c->correct, r);
}

int cmd_eval(const cli_cmd *cmd, cli_args *args)
{
    const char *what = args->n_operands == 1 ? args->operands[0] : NULL;
    if (what && !strcmp(what, "ner"))
        return cmd_eval_ner(cmd, args);
    if (!what || (strcmp(what, "syntax") && strcmp(what, "text"))) {
        fprintf(stderr, "casus eval: say what to score: syntax, text or ner\n");
        return EXIT_USAGE;
    }
    const char *gold = cli_get(cmd, args, "gold");
    if (!gold) {
        fprintf(stderr, "casus eval: --gold FILE.conllu is required\n");
        return EXIT_USAGE;
    }
    int text_only = !strcmp(what, "text");
    int raw = text_only || cli_get(cmd, args, "raw") != NULL;
    casus_pipeline *p =
        cli_pipeline(cmd, args, text_only ? CASUS_STAGE_TEXT : CASUS_STAGE_TEXT | CASUS_STAGE_SYNTAX);
    if (!p)
        return EXIT_FAIL;
    casus_eval_scores sc;
    casus_error err = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = casus_eval(p, gold, raw, &sc, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    casus_pipeline_free(p);
    if (rc) {
        fprintf(stderr, "casus eval: %s\n", err.msg);
        return rc == CASUS_ENOENT ? EXIT_NOINPUT : EXIT_FAIL;
    }
    printf("%s: %s, %s, %zu documents, %.2f s\n", gold, text_only ? "text layer" : "syntax",
           raw ? "from raw text (CoNLL-2018 alignment)" : "from gold tokens", sc.n_docs,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
    if (raw)
        printf("%-10s %8s %8s %8s %9s %9s %9s\n", "metric", "gold", "system", "correct",
               "precision", "recall", "F1");
    else
        printf("%-10s %8s %8s %9s\n", "metric", "words", "correct", "accuracy");
    if (raw) {
        print_row("Tokens", &sc.tokens, raw);
        print_row("Sentences", &sc.sentences, raw);
        print_row("Words", &sc.words, raw);
    }
    if (!text_only) {
        print_row("UPOS", &sc.upos, raw);
        print_row("XPOS", &sc.xpos, raw);
        print_row("UFeats", &sc.feats, raw);
        print_row("Lemmas", &sc.lemma, raw);
        print_row("UAS", &sc.uas, raw);
        print_row("LAS", &sc.las, raw);
    }
    return EXIT_OK;
}
