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
    {"format", 'f', "FMT", "output format: jsonl (default), conllu, gdelt (GDELT 2.0 event rows),"
                           " gdelt-mentions (GDELT 2.0 mention rows) or gdelt-gkg (GDELT GKG 2.1"
                           " rows)"},
    {"tokens", 0, NULL, "include each sentence's tokens and words in the JSON"},
    {"layers", 0, "LIST", "knowledge layers to extract, comma-separated: quotes, counts, dates,"
                          " locations, themes, tone; or all (default) or none"},
    CLI_READER_OPTS,
    CLI_MODELS_OPT,
    CLI_DICT_OPTS,
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
    {"tagger", 0, "FILE", "parser, lemmatizer: use tags from this tagger model, not gold tags;"
                          " ner: POS features from it (default models/tagger.bin, 'none': no POS)"},
    {"unlabeled", 0, "FILE", "tagger: unlabelled news text to learn word clusters and profiles from;"
                             " ner: such text or a clusters file (word<TAB>id lines)"},
    {"epochs", 0, "N", "training epochs (default: the model's own)"},
    {"seed", 0, "N", "random seed (default 1); same data and seed give the same file"},
    {"beam", 0, "K", "parser: train for beam search of width K (more accurate, about K/2 times"
                     " slower to parse; default greedy)"},
    {0},
};

static const cli_opt entities_opts[] = {
    {"format", 'f', "FMT", "output format: jsonl (default: entities with mentions and codes) or iob2"},
    CLI_READER_OPTS,
    CLI_MODELS_OPT,
    CLI_DICT_OPTS,
    {0},
};

static const cli_opt eval_opts[] = {
    {"gold", 'g', "FILE", "gold treebank (CoNLL-U), or for ner a gold IOB2 file"},
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

static const cli_opt dict_opts[] = {
    {"dict", 'd', "DIR",
     "dictionary folder (default: $CASUS_DICT or the dict/ folder casus was built with)"},
    {0},
};

static const cli_opt explain_opts[] = {
    {"date", 0, "YYYY-MM-DD", "the article's date, for resolving 'on Wednesday', 'last year'"},
    CLI_MODELS_OPT,
    CLI_DICT_OPTS,
    {0},
};

static const cli_opt ingest_opts[] = {
    {"db", 0, "FILE", "the SQLite database to store into (created when absent)"},
    {"batch", 0, "N", "articles per transaction (default 64; also committed every 0.5 s)"},
    CLI_READER_OPTS,
    CLI_MODELS_OPT,
    CLI_DICT_OPTS,
    {0},
};

static const cli_opt query_opts[] = {
    {"db", 0, "FILE", "the event database (made by casus ingest)"},
    {"format", 'f', "FMT", "table (default on a terminal), tsv (default otherwise), csv or json"},
    {"since", 0, "DATE", "events (articles for search, quotes) on or after DATE (YYYY[-MM[-DD]])"},
    {"until", 0, "DATE", "... on or before DATE (YYYY[-MM[-DD]]: 2018 is up to 2018-12-31)"},
    {"by", 0, "PERIOD", "dyad, timeline: day, week, month (default) or year"},
    {"actor", 0, "CODE", "events: either actor (USA matches USA, USAGOV, USAMIL...)"},
    {"source", 0, "CODE", "events: the source actor (actor 1)"},
    {"target", 0, "CODE", "events: the target actor (actor 2)"},
    {"code", 0, "PREFIX", "events, codes: CAMEO event code prefix (14: every protest)"},
    {"place", 0, "NAME", "events: place name, or ISO2 country code of the place"},
    {"article", 0, "ID", "events: the events one article reported (its id), in its order"},
    {"speaker", 0, "CODE", "quotes: the speaker's actor code (prefix)"},
    {"limit", 'n', "N", "at most N rows (events 20, search 20, quotes 50, dyads 10)"},
    {"top", 0, "N", "actors: the N most frequent (default 20)"},
    {"dict", 'd', "DIR", "dictionary folder, for CAMEO code names"},
    {0},
};

static const cli_opt export_opts[] = {
    {"db", 0, "FILE", "the event database (made by casus ingest)"},
    {"format", 'f', "FMT", "gdelt-events, gdelt-mentions, gdelt-gkg, jsonl or csv"},
    {"since", 0, "DATE", "events (articles for gdelt-gkg) on or after DATE (YYYY[-MM[-DD]])"},
    {"until", 0, "DATE", "... on or before DATE"},
    {"output", 'o', "FILE", "write to FILE instead of stdout"},
    {"dict", 'd', "DIR", "dictionary folder (actor code units for the GDELT columns)"},
    {"quiet", 'q', NULL, "do not report the row count"},
    {0},
};

static const cli_cmd commands[] = {
    {"code", "[OPTIONS] [FILES...]", "Code articles: one JSON object per article per line.",
     "With --format gdelt each event is a GDELT 2.0 event row (61 tab-separated\n"
     "columns, no header); with --format gdelt-mentions a GDELT 2.0 mention row\n"
     "(16 columns). docs/EVENTS.md lists which columns casus fills. With --format\n"
     "gdelt-gkg each article is one GDELT Global Knowledge Graph 2.1 row (27\n"
     "columns: counts, themes, locations, persons, organisations, tone, dates,\n"
     "quotations, names, amounts; docs/knowledge/gkg.md).\n\n"
     "--layers picks the knowledge layers (quotes, counts and amounts, dates,\n"
     "locations, themes, tone) the knowledge stage extracts; the others stay\n"
     "empty. --layers none skips the stage: the fastest run when only events\n"
     "are wanted.\n\n" INPUT_HELP,
     code_opts, cmd_code},
    {"ingest", "--db FILE [OPTIONS] [FILES...]",
     "Code articles (every layer) and store them in an SQLite event database.",
     "The schema is in docs/SCHEMA.md. An article already stored (same id, or the\n"
     "same text whitespace aside) is skipped without being coded. Reports of the\n"
     "same event (date, actors, CAMEO base code, place) become one event with\n"
     "NumMentions, NumSources, NumArticles and the average tone, as in GDELT.\n"
     "Articles are committed in batches; a killed run keeps every committed\n"
     "article whole and the next run carries on. A progress line is shown when\n"
     "stderr is a terminal.\n\n" INPUT_HELP,
     ingest_opts, cmd_ingest},
    {"query", "--db FILE dyad A B | dyads | events | actors | codes | timeline CODE |\n"
              "       search \"WORDS\" | quotes [OPTIONS]",
     "Query an event database: dyads, events with their sentences, actors, codes.",
     "dyad A B      both directions per period: counts per QuadClass, mean\n"
     "              Goldstein, mentions, the top CAMEO base codes\n"
     "dyads         the most frequent country (or actor) pairs\n"
     "events        the latest events matching --actor/--source/--target/--code/\n"
     "              --place/--since/--until (or those of --article), each with the\n"
     "              rule, the trigger, the article and the sentence that coded it\n"
     "actors        the most frequent actor codes; codes: CAMEO event codes\n"
     "timeline CODE one actor per period, with its top partners\n"
     "search WORDS  full-text search over the articles, ranked, with snippets\n"
     "              (FTS5 syntax is kept when used: \"a b\" NEAR() OR NOT prefix*)\n"
     "quotes        quotations, optionally by --speaker\n\n"
     "An actor code of 3 letters matches every code that starts with it (USA is\n"
     "USA, USAGOV, USAMIL...); a longer one matches itself and the codes it starts\n"
     "(USAGOV is USAGOV, USAGOVMIL...). docs/QUERY.md has the columns.",
     query_opts, cmd_query},
    {"export", "--db FILE --format FMT [--since D] [--until D] [-o FILE]",
     "Write an event database as GDELT files, JSON lines or CSV.",
     "gdelt-events: GDELT 2.0 event rows (61 columns), one per merged event, with\n"
     "NumMentions, NumSources, NumArticles and AvgTone of the merged reports;\n"
     "gdelt-mentions: GDELT 2.0 mention rows (16 columns), one per report;\n"
     "gdelt-gkg: GKG 2.1 rows (27 columns), one per article; jsonl and csv: one\n"
     "merged event per line with its first report. No header for GDELT formats.",
     export_opts, cmd_export},
    {"explain", "[OPTIONS] \"SENTENCE...\" | -",
     "Show how casus reads a sentence: tree, entities, events and why not.",
     "Runs the whole pipeline on the text given as arguments (joined by spaces) or,\n"
     "with '-', on stdin, and prints for each sentence its words as a dependency\n"
     "tree (id, form, lemma, UPOS, head:relation), the mentions with their entities\n"
     "and actor codes, each event with source, target, CAMEO code and name, the\n"
     "pattern that fired (id and file:line), date and how it was resolved, place\n"
     "and mood, and each trigger that was found but coded nothing, with the reason.",
     explain_opts, cmd_explain},
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
    {"entities", "[OPTIONS] [FILES...] | --input iob2 FILE",
     "Find the people, organisations and places of articles, link their mentions\n"
     "and give each its CAMEO actor code; write one JSON object per article.",
     "Each entity has a name, a type (PER, ORG, LOC), an actor code and its mentions\n"
     "(byte offsets into the article, kind: name, nominal or pronoun, and the code\n"
     "the mention carries in its context). Codes of people depend on the article's\n"
     "date (--date for plain text). With --format iob2 the NER tags are written\n"
     "instead, one line per word. With --input iob2 FILE --format iob2 the file is\n"
     "pre-tokenised IOB2 (Universal NER: index, word, tag, ... per line): every line\n"
     "is written back with the tag column replaced by casus's tag (comments, blank\n"
     "lines and other columns kept), for evaluation.\n\n" INPUT_HELP,
     entities_opts, cmd_entities},
    {"train", "tagger|lemmatizer|parser|ner --train FILE [--dev FILE] -o FILE",
     "Train a syntax or NER model on a CoNLL-U treebank or IOB2 file.",
     "Reports dev scores per epoch on stderr and keeps the best epoch. Deterministic:\n"
     "the same data and seed give the same bytes. `make models` trains every model\n"
     "from ../shared/data/ud and ../shared/data/uner.",
     train_opts, cmd_train},
    {"eval", "syntax|text|ner --gold FILE [--raw]",
     "Score the pipeline against a gold CoNLL-U treebank or IOB2 file.",
     "syntax: UPOS, XPOS, UFeats, lemma, UAS and LAS, from the gold tokens or, with\n"
     "--raw, end to end from the text rebuilt from '# text' lines (CoNLL-2018\n"
     "alignment by character offsets). text: tokens, sentences and words from raw text.\n"
     "ner: strict span precision, recall and F1 (PER, ORG, LOC and micro-averaged) on\n"
     "the gold IOB2 file's own words.",
     eval_opts, cmd_eval},
    {"dict", "check [--dict DIR]",
     "Check the dictionaries: CAMEO tables, event patterns, actor codes.",
     "Prints each problem as file:line: message, then a summary line. Exit 0 when\n"
     "clean, 1 when problems were found, 3 when the dictionaries cannot be read.",
     dict_opts, cmd_dict},
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
