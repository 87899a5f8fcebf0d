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
    int gdelt; /* 1 GDELT events, 2 GDELT mentions (casus code) */
} out_ctx;

static int emit_doc(const casus_doc *d, FILE *out, const void *arg)
{
    const out_ctx *o = arg;
    if (o->gdelt)
        return o->gdelt == 1 ? casus_write_gdelt_events(out, d) : casus_write_gdelt_mentions(out, d);
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
    else if (fmt && strcmp(fmt, "jsonl")) {
        fprintf(stderr, "casus code: --format wants jsonl, conllu, gdelt or gdelt-mentions, "
                        "not '%s'\n", fmt);
        return EXIT_USAGE;
    }
    return cli_run_articles(cmd, args, CASUS_STAGE_ALL, emit_doc, &o);
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
