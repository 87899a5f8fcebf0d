/*
 * doc.h — the document and pipeline internals shared by the stages.
 *
 * A document holds its article (borrowed), one arena for every layer, and
 * the layers themselves. Each stage reads what earlier stages wrote and
 * adds its own; none reaches back up.
 */
#ifndef CASUS_CORE_DOC_H
#define CASUS_CORE_DOC_H

#include "casus.h"
#include "util/arena.h"

struct tagger;
struct lemmatizer;
struct parser;

struct casus_pipeline {
    casus_pipeline_opts opts; /* models_dir is not kept */
    struct tagger *tagger;    /* NULL unless the syntax stage runs */
    struct lemmatizer *lemmatizer;
    struct parser *parser;
};

struct casus_doc {
    const casus_article *article; /* borrowed */
    const casus_pipeline *pipeline;
    arena mem; /* owns every layer below */

    /* text layer (src/text) */
    casus_token *tokens;
    size_t n_tokens;
    casus_word *words;
    size_t n_words;
    casus_sentence *sentences;
    size_t n_sentences;

    /* syntax layer (src/syntax): parallel to words, NULL when not run */
    casus_word_syntax *syn;
};

#endif
