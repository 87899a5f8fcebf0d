/*
 * cmd_text.c — `casus tokenize` and `casus code`: read articles, run the
 * pipeline, write CoNLL-U or JSON lines.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct out_ctx {
    int jsonl;
    int with_tokens;
    int gdelt; /* 1 GDELT events, 2 GDELT mentions, 3 GDELT GKG (casus code) */
} out_ctx;

static int emit_doc(const casus_doc *d, FILE *out, const void *arg)
{
    const out_ctx *o = arg;
    if (o->gdelt == 1)
        return casus_write_gdelt_events(out, d);
    if (o->gdelt == 2)
        return casus_write_gdelt_mentions(out, d);
    if (o->gdelt == 3)
        return casus_write_gdelt_gkg(out, d);
    if (o->jsonl)
        return casus_write_json(out, d, o->with_tokens);
    return casus_write_conllu(out, d);
}

int cmd_tokenize(const cli_cmd *cmd, cli_args *args)
{
    out_ctx o = {.jsonl = 0, .with_tokens = 1};
    const char *fmt = cli_get(cmd, args, "format");
    if (fmt && !strcmp(fmt, "jsonl"))
        o.jsonl = 1;
    else if (fmt && strcmp(fmt, "conllu")) {
        fprintf(stderr, "casus tokenize: --format wants conllu or jsonl, not '%s'\n", fmt);
        return EXIT_USAGE;
    }
    return cli_run_articles(cmd, args, CASUS_STAGE_TEXT, emit_doc, &o);
}

int cmd_code(const cli_cmd *cmd, cli_args *args)
{
    out_ctx o = {.jsonl = 1, .with_tokens = cli_get(cmd, args, "tokens") != NULL};
    const char *fmt = cli_get(cmd, args, "format");
    if (fmt && !strcmp(fmt, "conllu"))
        o.jsonl = 0;
    else if (fmt && !strcmp(fmt, "gdelt"))
        o.gdelt = 1;
    else if (fmt && !strcmp(fmt, "gdelt-mentions"))
        o.gdelt = 2;
    else if (fmt && !strcmp(fmt, "gdelt-gkg"))
        o.gdelt = 3;
    else if (fmt && strcmp(fmt, "jsonl")) {
        fprintf(stderr, "casus code: --format wants jsonl, conllu, gdelt, gdelt-mentions or "
                        "gdelt-gkg, not '%s'\n", fmt);
        return EXIT_USAGE;
    }
    /* --layers: checked here, for a usage error before anything loads;
     * cli_pipeline reads it again into the pipeline's options */
    unsigned stages = CASUS_STAGE_ALL, layers = CASUS_LAYER_ALL;
    const char *list = cli_get(cmd, args, "layers");
    if (list) {
        char bad[64];
        if (cli_layers_parse(list, &layers, bad, sizeof bad)) {
            if (!bad[0]) {
                fprintf(stderr, "casus code: --layers '%s' has an empty item\n", list);
                return EXIT_USAGE;
            }
            fprintf(stderr, "casus code: --layers wants a comma-separated list of quotes, "
                            "counts, dates, locations, themes, tone, or all or none, not '%s'\n",
                    bad);
            return EXIT_USAGE;
        }
        if (!layers)
            stages &= ~CASUS_STAGE_KNOWLEDGE;
    }
    return cli_run_articles(cmd, args, stages, emit_doc, &o);
}

int cmd_parse(const cli_cmd *cmd, cli_args *args)
{
    const char *input = cli_get(cmd, args, "input");
    if (input && !strcmp(input, "conllu")) {
        if (args->n_operands != 1) {
            fprintf(stderr, "casus parse: --input conllu takes one file\n");
            return EXIT_USAGE;
        }
        casus_pipeline *p = cli_pipeline(cmd, args, CASUS_STAGE_TEXT | CASUS_STAGE_SYNTAX);
        if (!p)
            return EXIT_FAIL;
        casus_error err = {0};
        int rc = casus_parse_conllu(p, args->operands[0], stdout, &err);
        casus_pipeline_free(p);
        if (rc) {
            fprintf(stderr, "casus parse: %s\n", err.msg);
            return rc == CASUS_EIO ? EXIT_IOERR : rc == CASUS_ENOENT ? EXIT_NOINPUT : EXIT_FAIL;
        }
        return EXIT_OK;
    }
    out_ctx o = {.jsonl = 0, .with_tokens = 1};
    const char *fmt = cli_get(cmd, args, "format");
    if (fmt && !strcmp(fmt, "jsonl"))
        o.jsonl = 1;
    else if (fmt && strcmp(fmt, "conllu")) {
        fprintf(stderr, "casus parse: --format wants conllu or jsonl, not '%s'\n", fmt);
        return EXIT_USAGE;
    }
    return cli_run_articles(cmd, args, CASUS_STAGE_TEXT | CASUS_STAGE_SYNTAX, emit_doc, &o);
}
