/*
 * stage.h — the syntax stage as the pipeline sees it, and the per-sentence
 * analysis shared with `casus parse --input conllu` and `casus eval`.
 */
#ifndef CASUS_SYNTAX_STAGE_H
#define CASUS_SYNTAX_STAGE_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "util/arena.h"

/* Loads tagger.bin, lemmatizer.bin and parser.bin from dir into p. On
 * error, what was loaded stays in p for syntax_unload. */
int syntax_load(casus_pipeline *p, const char *dir, casus_error *err);
void syntax_unload(casus_pipeline *p);
/* Tags, lemmatises and parses every sentence of d (no-op without models). */
int syntax_process(casus_doc *d, casus_error *err);

/* Per-sentence working arrays, sized for sentences of up to cap words. */
typedef struct syntax_scratch {
    const char **forms; /* the caller fills forms[0..n) (normalised forms) */
    const char **lemmas, **upos, **xpos;
    uint16_t *tags, *labels;
    int32_t *heads;
    size_t cap;
} syntax_scratch;

/* Allocates the arrays from mem. Returns 0 or CASUS_ENOMEM. */
int syntax_scratch_init(syntax_scratch *s, arena *mem, size_t cap);

/* Analyses the n words in s->forms. out[i].head is first + (head - 1) for
 * a word whose head is word `head` (1-based) of the sentence, -1 for the
 * root. Strings are owned by the models or by mem. */
int syntax_sentence(const casus_pipeline *p, syntax_scratch *s, size_t n, uint32_t first,
                    casus_word_syntax *out, arena *mem);

/* The normalised form of a pre-tokenised word (text_normalize folding);
 * owned by mem, or form itself when nothing changes. NULL when out of
 * memory. */
const char *syntax_norm_form(arena *mem, const char *form);

#endif
