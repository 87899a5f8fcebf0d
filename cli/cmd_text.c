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
} out_ctx;

static int emit_doc(const casus_doc *d, FILE *out, const void *arg)
{
    const out_ctx *o = arg;
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
    return cli_run_articles(cmd, args, emit_doc, &o);
}

int cmd_code(const cli_cmd *cmd, cli_args *args)
{
    out_ctx o = {.jsonl = 1, .with_tokens = cli_get(cmd, args, "tokens") != NULL};
    const char *fmt = cli_get(cmd, args, "format");
    if (fmt && !strcmp(fmt, "conllu"))
        o.jsonl = 0;
    else if (fmt && strcmp(fmt, "jsonl")) {
        fprintf(stderr, "casus code: --format wants jsonl or conllu, not '%s'\n", fmt);
        return EXIT_USAGE;
    }
    return cli_run_articles(cmd, args, emit_doc, &o);
}
