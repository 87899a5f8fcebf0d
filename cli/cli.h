/*
 * cli.h — shared pieces of the casus command-line front end.
 *
 * The front end only parses options, calls the library and maps errors to
 * exit codes; it includes nothing from the library but casus.h.
 */
#ifndef CASUS_CLI_H
#define CASUS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "casus.h"

/* Exit codes (sysexits-like, named once here). */
typedef enum cli_exit {
    EXIT_OK = 0,
    EXIT_FAIL = 1,     /* the job ran but failed: e.g. nothing could be read */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_NOINPUT = 3,  /* an input could not be opened at all */
    EXIT_IOERR = 4,    /* writing the output failed */
    EXIT_SOFTWARE = 5  /* out of memory or an internal error */
} cli_exit;

/* One option of a command. Tables end with a zeroed entry. */
typedef struct cli_opt {
    const char *name; /* long name without "--" */
    char short_name;  /* 0 if none */
    const char *arg;  /* argument placeholder ("N", "FILE") or NULL for a flag */
    const char *help;
} cli_opt;

/* A parsed command line: values[i] is the argument of opts[i] ("1" for a
 * set flag) or NULL; operands are the remaining arguments. */
typedef struct cli_args {
    const char *values[32];
    const char *all[32][16]; /* every value of a repeated option, in order */
    size_t n_all[32];
    const char **operands;
    size_t n_operands;
} cli_args;

typedef struct cli_cmd {
    const char *name;
    const char *usage;   /* "[OPTIONS] [FILES...]" */
    const char *summary; /* one line */
    const char *details; /* paragraph(s) printed by --help, or NULL */
    const cli_opt *opts;
    int (*run)(const struct cli_cmd *cmd, cli_args *args);
} cli_cmd;

/* Parses argv[0..argc) (argv[0] is the command name) by cmd->opts; prints
 * the error and returns EXIT_USAGE on a bad option, -1 after printing help,
 * 0 otherwise. args->operands points into argv. */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, cli_args *args);
void cli_print_help(const cli_cmd *cmd, FILE *f);
/* Index of option `name` in cmd->opts (the table is static: a missing name
 * is a programming error and returns 0). */
const char *cli_get(const cli_cmd *cmd, const cli_args *args, const char *name);
/* Every value given to option `name` (repeatable, e.g. --actors A --actors
 * B), in order; *n gets the count (at most 16 are kept). */
const char *const *cli_get_all(const cli_cmd *cmd, const cli_args *args, const char *name,
                               size_t *n);
/* Parses a non-negative integer option; prints an error and returns -1 on
 * junk. def is returned when the option is absent. */
long cli_get_long(const cli_cmd *cmd, const cli_args *args, const char *name, long def);

/* The options every article-reading command shares. */
#define CLI_READER_OPTS                                                                        \
    {"input", 'i', "FMT", "input format: auto, text, jsonl, html, bench (default auto)"},     \
        {"date", 0, "YYYY-MM-DD", "date of plain-text articles (they carry none)"},            \
        {"max-record", 0, "BYTES", "skip records larger than this (default 8 MB)"},            \
        {"jobs", 'j', "N", "worker threads (default 1); output stays in input order"},         \
        {"quiet", 'q', NULL, "do not report skipped records or the final counts"}

/*
 * Reads every article of the command's operands, runs the pipeline on it
 * with N workers and has emit(doc, out) write each one; the outputs reach
 * stdout in input order. emit runs on worker threads (writing to a private
 * memory stream) when N > 1, so it must only read ctx. Reports skipped
 * records on stderr as they happen and the counts at the end.
 */
typedef int (*cli_emit_fn)(const casus_doc *d, FILE *out, const void *ctx);
int cli_run_articles(const cli_cmd *cmd, cli_args *args, unsigned stages, cli_emit_fn emit,
                     const void *ctx);

/*
 * Hooks for commands whose output does not go to stdout (`casus ingest`).
 * Both run on the main thread. skip(ctx, a) is asked before an article is
 * processed: a non-zero answer drops it unprocessed. sink(ctx, a, out, len)
 * receives each document's emitted bytes in input order instead of stdout;
 * a non-zero return stops the run as a write error would.
 */
typedef struct cli_run_hooks {
    int (*skip)(void *ctx, const casus_article *a);
    int (*sink)(void *ctx, const casus_article *a, const char *out, size_t len);
    void *ctx;
} cli_run_hooks;
int cli_run_articles_hooked(const cli_cmd *cmd, cli_args *args, unsigned stages,
                            cli_emit_fn emit, const void *ctx, const cli_run_hooks *hooks);

/* --dict DIR, --actors FILE, --agents FILE: the dictionaries of commands
 * that find entities. */
#define CLI_DICT_OPTS                                                                          \
    {"dict", 0, "DIR", "dictionary folder (default: $CASUS_DICT or the dict/ folder casus "    \
                       "was built with)"},                                                     \
        {"actors", 0, "FILE", "also load this PETRARCH-format actor dictionary (repeatable)"},   \
        {"agents", 0, "FILE", "also load this PETRARCH-format agent dictionary (repeatable)"}

/* --models DIR, for commands that load models. */
#define CLI_MODELS_OPT                                                                         \
    {"models", 'm', "DIR", "folder of tagger.bin, lemmatizer.bin, parser.bin (default: "       \
                           "$CASUS_MODELS or the models/ folder casus was built with)"}

/* Makes the pipeline for the given stages with the command's --models;
 * prints the error and returns NULL on failure. */
casus_pipeline *cli_pipeline(const cli_cmd *cmd, const cli_args *args, unsigned stages);

/* Parses a --layers list ("quotes,dates", "all", "none": names of the
 * knowledge layers, comma-separated) into CASUS_LAYER_* bits; *layers is 0
 * for "none". Returns 0, or -1 with the offending item copied into
 * bad[0..size) (an empty item is "", an empty list too). cli_pipeline sets
 * the pipeline's layers from the command's --layers, when it has one. */
int cli_layers_parse(const char *list, unsigned *layers, char *bad, size_t size);

int cmd_tokenize(const cli_cmd *cmd, cli_args *args);
int cmd_code(const cli_cmd *cmd, cli_args *args);
int cmd_parse(const cli_cmd *cmd, cli_args *args);
int cmd_train(const cli_cmd *cmd, cli_args *args);
int cmd_eval(const cli_cmd *cmd, cli_args *args);
int cmd_entities(const cli_cmd *cmd, cli_args *args);
int cmd_eval_ner(const cli_cmd *cmd, cli_args *args); /* `casus eval ner` */
int cmd_dict(const cli_cmd *cmd, cli_args *args);     /* `casus dict check` */
int cmd_explain(const cli_cmd *cmd, cli_args *args);  /* `casus explain "sentence"` */
int cmd_ingest(const cli_cmd *cmd, cli_args *args);   /* `casus ingest --db FILE` */
int cmd_query(const cli_cmd *cmd, cli_args *args);    /* `casus query --db FILE KIND` */
int cmd_export(const cli_cmd *cmd, cli_args *args);   /* `casus export --db FILE` */

#endif
