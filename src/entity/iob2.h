/*
 * iob2.h — reading pre-tokenised named-entity files in the IOB2 layout of
 * Universal NER: "# ..." comment lines, one word per line as
 * "index<TAB>word<TAB>tag[<TAB>more columns]", a blank line after each
 * sentence. Used by NER training, `casus entities --input iob2` and
 * `casus eval ner`.
 *
 * A file is loaded whole into one arena and kept line by line, so a
 * writer can reproduce it exactly with only the tag column replaced.
 * Malformed lines do not stop loading: each is reported (path:line) to a
 * callback, kept for output, and not counted as a word.
 */
#ifndef CASUS_ENTITY_IOB2_H
#define CASUS_ENTITY_IOB2_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "casus.h"
#include "util/arena.h"

enum { IOB2_COMMENT, IOB2_WORD, IOB2_BLANK, IOB2_BAD };

/* One line of the file, without its newline. */
typedef struct iob2_line {
    const char *text;
    uint32_t len;
    uint32_t lineno;  /* 1-based */
    uint32_t tag_off; /* IOB2_WORD: the tag column is text[tag_off .. tag_end) */
    uint32_t tag_end;
    uint8_t kind; /* IOB2_* */
} iob2_line;

typedef struct iob2_sent {
    uint32_t line, n_lines; /* lines[line .. line+n_lines): comments, words, bad lines */
    uint32_t word, n_words; /* words[word .. word+n_words) */
    const char *sent_id;    /* "# sent_id = X" value, "" if none */
    uint8_t new_doc;        /* "# newdoc" seen before it */
} iob2_sent;

typedef struct iob2_corpus {
    arena mem; /* owns everything below */
    iob2_line *lines;
    size_t n_lines; /* every line, blank ones included */
    iob2_sent *sents;
    size_t n_sents;
    const char **forms;  /* per word: column 2 as written */
    uint8_t *tags;       /* per word: gold tag (casus.h encoding), O when bad */
    uint32_t *word_line; /* per word: its index in lines */
    size_t n_words;
    size_t n_bad; /* lines reported as malformed (bad tags included) */
} iob2_corpus;

/* Loads path. warn (may be NULL) receives each malformed line as
 * "path:line: reason" and loading goes on. Caller releases with
 * iob2_finish, also after an error. Errors: CASUS_ENOENT, CASUS_EIO,
 * CASUS_ENOMEM. */
int iob2_load(iob2_corpus *c, const char *path, casus_warn_fn warn, void *ctx, casus_error *err);
/* The same on a buffer (name is used in messages). */
int iob2_parse(iob2_corpus *c, const char *name, const char *data, size_t len, casus_warn_fn warn,
               void *ctx, casus_error *err);
void iob2_finish(iob2_corpus *c);

/* Parses "O", "B-PER" ... "I-LOC" (s[0..n)) into *tag. Returns 0, or
 * CASUS_EFORMAT for anything else. */
int iob2_tag_parse(const char *s, size_t n, uint8_t *tag);

/* Writes the corpus to f, every line as read except that a word's tag
 * column holds tags[word] (casus_ner_tag_name). Returns 0 or CASUS_EIO. */
int iob2_write(const iob2_corpus *c, const uint8_t *tags, FILE *f);

#endif
