/*
 * casus.c — the command-line front end: dispatches subcommands.
 *
 * Each subcommand is a cli_cmd with its own option table; this file only
 * finds the command, parses its options and returns its exit code.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_opt tokenize_opts[] = {
    {"format", 'f', "FMT", "output format: conllu (default) or jsonl"},
    CLI_READER_OPTS,
    {0},
};

static const cli_opt code_opts[] = {
    {"format", 'f', "FMT", "output format: jsonl (default) or conllu"},
    {"tokens", 0, NULL, "include each sentence's tokens and words in the JSON"},
    CLI_READER_OPTS,
    CLI_MODELS_OPT,
    {0},
};

static const cli_opt parse_opts[] = {
    {"format", 'f', "FMT", "output format: conllu (default) or jsonl"},
    CLI_READER_OPTS,
    CLI_MODELS_OPT,
    {0},
};

static const cli_opt train_opts[] = {
    {"train", 0, "FILE", "training treebank (CoNLL-U)"},
    {"dev", 0, "FILE", "development treebank: per-epoch scores, best epoch kept"},
    {"output", 'o', "FILE", "model file to write"},
    {"tagger", 0, "FILE", "parser, lemmatizer: use tags from this tagger model, not gold tags"},
    {"unlabeled", 0, "FILE", "tagger: unlabelled news text to learn word clusters and profiles from"},
    {"epochs", 0, "N", "training epochs (default: the model's own)"},
    {"seed", 0, "N", "random seed (default 1); same data and seed give the same file"},
    {0},
};

static const cli_opt eval_opts[] = {
    {"gold", 'g', "FILE", "gold treebank (CoNLL-U)"},
    {"raw", 0, NULL, "syntax: start from raw text rebuilt from '# text' (end to end)"},
    CLI_MODELS_OPT,
    {0},
};

#define INPUT_HELP                                                                            \
    "Inputs are files, directories (read recursively, in sorted order) and '-'\n"              \
    "for stdin (the default). Formats: plain text (one article per file; its id\n"              \
    "is the file name), JSONL (one article per line: id, url, date, title, text),\n"           \
    "HTML pages, and the benchmark format (articles separated by a line holding\n"             \
    "only a form feed); any of them gzip-compressed. Bad records are reported\n"               \
    "on stderr as file:line: reason and skipped."

static const cli_cmd commands[] = {
    {"code", "[OPTIONS] [FILES...]", "Code articles: one JSON object per article per line.",
     INPUT_HELP, code_opts, cmd_code},
    {"tokenize", "[OPTIONS] [FILES...]",
     "Split articles into sentences and tokens; write CoNLL-U (or JSON lines).",
     "Token byte offsets into the original text are in MISC as TokenRange=start:end\n"
     "(end exclusive); contractions and clitics are multiword tokens.\n\n" INPUT_HELP,
     tokenize_opts, cmd_tokenize},
    {"parse", "[OPTIONS] [FILES...] | --input conllu FILE",
     "Tag, lemmatise and parse articles; write CoNLL-U (or JSON lines).",
     "With --input conllu the file's own sentences and words are kept exactly\n"
     "(tokens are not recomputed), for evaluation with gold tokens.\n\n" INPUT_HELP,
     parse_opts, cmd_parse},
    {"train", "tagger|lemmatizer|parser --train FILE [--dev FILE] -o FILE",
     "Train a syntax model on a CoNLL-U treebank.",
     "Reports dev scores per epoch on stderr and keeps the best epoch. Deterministic:\n"
     "the same data and seed give the same bytes. `make models` trains all three\n"
     "from ../shared/data/ud.",
     train_opts, cmd_train},
    {"eval", "syntax|text --gold FILE [--raw]",
     "Score the pipeline against a gold CoNLL-U treebank.",
     "syntax: UPOS, XPOS, UFeats, lemma, UAS and LAS, from the gold tokens or, with\n"
     "--raw, end to end from the text rebuilt from '# text' lines (CoNLL-2018\n"
     "alignment by character offsets). text: tokens, sentences and words from raw text.",
     eval_opts, cmd_eval},
};

#define N_COMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *f)
{
    fprintf(f, "usage: casus [--version] [--help] <command> [OPTIONS] [ARGS]\n\n"
               "casus reads news and writes down who did what to whom, when and where.\n\n"
               "commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun 'casus <command> --help' for a command's options.\n"
               "Exit codes: 0 ok, 1 failed (nothing could be read), 2 usage, 3 no input,\n"
               "4 output error, 5 out of memory or internal error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        if (argc > 2)
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (!strcmp(argv[2], commands[i].name)) {
                    cli_print_help(&commands[i], stdout);
                    return EXIT_OK;
                }
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V") || !strcmp(name, "version")) {
        printf("casus %s\n", CASUS_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(name, commands[i].name))
            continue;
        cli_args args;
        int rc = cli_parse(&commands[i], argc - 1, argv + 1, &args);
        if (rc < 0)
            return EXIT_OK;
        if (rc)
            return rc;
        return commands[i].run(&commands[i], &args);
    }
    fprintf(stderr, "casus: unknown command '%s'\n\n", name);
    usage(stderr);
    return EXIT_USAGE;
}
