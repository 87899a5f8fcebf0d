/*
 * cmd_entity.c — `casus entities` (named entities of articles or of a
 * pre-tokenised IOB2 file) and `casus eval ner` (strict span scores
 * against a gold IOB2 file).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define ENTITY_STAGES (CASUS_STAGE_TEXT | CASUS_STAGE_SYNTAX | CASUS_STAGE_ENTITY)

static void warn_stderr(void *ctx, const casus_error *e)
{
    fprintf(stderr, "casus %s: %s\n", (const char *)ctx, e->msg);
}

static void put_text_line(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i], out);
}

/* One article in the IOB2 layout casus reads: "# newdoc id", then per
 * sentence "# sent_id = <id>-<n>", "# text = ..." and one line per word:
 * index, form, tag. */
static int emit_iob2(const casus_doc *d, FILE *out, const void *ctx)
{
    (void)ctx;
    casus_text_view v;
    casus_doc_text(d, &v);
    const uint8_t *ner = casus_doc_ner(d);
    const casus_article *a = casus_doc_article(d);
    fprintf(out, "# newdoc id = %s\n", a->id);
    for (size_t s = 0; s < v.n_sentences; s++) {
        const casus_sentence *st = &v.sentences[s];
        fprintf(out, "# sent_id = %s-%zu\n# text = ", a->id, s + 1);
        put_text_line(out, v.text + st->start, st->end - st->start);
        fputc('\n', out);
        for (uint32_t i = 0; i < st->n_words; i++) {
            const casus_word *w = &v.words[st->word + i];
            fprintf(out, "%u\t%s\t%s\n", i + 1, w->form,
                    casus_ner_tag_name(ner ? ner[st->word + i] : CASUS_NER_O));
        }
        fputc('\n', out);
    }
    return ferror(out) ? CASUS_EIO : 0;
}

/* One article as a JSON line: its entities with their mentions and codes. */
static int emit_json(const casus_doc *d, FILE *out, const void *ctx)
{
    (void)ctx;
    return casus_write_json(out, d, 0);
}

int cmd_entities(const cli_cmd *cmd, cli_args *args)
{
    const char *fmt = cli_get(cmd, args, "format");
    if (fmt && strcmp(fmt, "iob2") && strcmp(fmt, "jsonl")) {
        fprintf(stderr, "casus entities: --format wants jsonl or iob2, not '%s'\n", fmt);
        return EXIT_USAGE;
    }
    int iob2 = fmt && !strcmp(fmt, "iob2");
    const char *input = cli_get(cmd, args, "input");
    if (!input || strcmp(input, "iob2"))
        return cli_run_articles(cmd, args, ENTITY_STAGES, iob2 ? emit_iob2 : emit_json, NULL);
    if (fmt && !iob2) {
        fprintf(stderr, "casus entities: --input iob2 writes IOB2, not '%s'\n", fmt);
        return EXIT_USAGE;
    }
    if (args->n_operands != 1) {
        fprintf(stderr, "casus entities: --input iob2 takes one file\n");
        return EXIT_USAGE;
    }
    casus_pipeline *p = cli_pipeline(cmd, args, ENTITY_STAGES);
    if (!p)
        return EXIT_FAIL;
    casus_error err = {0};
    int rc = casus_ner_iob2(p, args->operands[0], stdout, warn_stderr, (void *)"entities", &err);
    casus_pipeline_free(p);
    if (rc) {
        fprintf(stderr, "casus entities: %s\n", err.msg);
        return rc == CASUS_EIO ? EXIT_IOERR : rc == CASUS_ENOENT ? EXIT_NOINPUT : EXIT_FAIL;
    }
    return EXIT_OK;
}

static void print_row(const char *name, const casus_eval_count *c)
{
    double p = c->system ? 100.0 * (double)c->correct / (double)c->system : 0.0;
    double r = c->gold ? 100.0 * (double)c->correct / (double)c->gold : 0.0;
    double f =
        c->gold + c->system ? 200.0 * (double)c->correct / (double)(c->gold + c->system) : 0.0;
    printf("%-8s %8zu %8zu %8zu %9.2f %9.2f %9.2f\n", name, c->gold, c->system, c->correct, p, r,
           f);
}

int cmd_eval_ner(const cli_cmd *cmd, cli_args *args)
{
    const char *gold = cli_get(cmd, args, "gold");
    if (!gold) {
        fprintf(stderr, "casus eval: --gold FILE.iob2 is required\n");
        return EXIT_USAGE;
    }
    casus_pipeline *p = cli_pipeline(cmd, args, ENTITY_STAGES);
    if (!p)
        return EXIT_FAIL;
    casus_ner_scores sc;
    casus_error err = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = casus_eval_ner(p, gold, &sc, warn_stderr, (void *)"eval", &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    casus_pipeline_free(p);
    if (rc) {
        fprintf(stderr, "casus eval: %s\n", err.msg);
        return rc == CASUS_ENOENT ? EXIT_NOINPUT : EXIT_FAIL;
    }
    printf("%s: ner, strict spans, %zu sentences, %zu words, %.2f s\n", gold, sc.n_sentences,
           sc.n_words, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
    printf("%-8s %8s %8s %8s %9s %9s %9s\n", "type", "gold", "system", "correct", "precision",
           "recall", "F1");
    for (unsigned t = 1; t <= CASUS_NER_N_TYPES; t++)
        print_row(casus_ner_type_name(t), &sc.by_type[t]);
    print_row("all", &sc.by_type[0]);
    return EXIT_OK;
}
