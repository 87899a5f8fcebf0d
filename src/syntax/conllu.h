/*
 * conllu.h — reading CoNLL-U treebanks (UD) for training and evaluation.
 *
 * A whole file is loaded into one arena: the EWT training set (12.5 k
 * sentences, 205 k words) takes a few MB, and trainers iterate over it many
 * times. Empty nodes (ids like 8.1) are skipped; multiword-token ranges are
 * kept as ranges over the words they cover.
 */
#ifndef CASUS_SYNTAX_CONLLU_H
#define CASUS_SYNTAX_CONLLU_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "util/arena.h"

typedef struct conllu_word {
    const char *form, *lemma, *upos, *xpos, *feats, *deprel, *misc;
    int head;         /* 0 = root, -1 = "_" (none) */
    uint8_t space_after; /* from MISC SpaceAfter=No */
} conllu_word;

typedef struct conllu_mwt {
    int first, last; /* 1-based word ids, inclusive */
    const char *form;
    uint8_t space_after;
} conllu_mwt;

typedef struct conllu_sent {
    const char *sent_id; /* "" if absent */
    const char *text;    /* "# text", "" if absent */
    const char *newdoc;  /* "# newdoc id" value, NULL if none; "" if no id */
    const char *newpar;  /* "# newpar" value, NULL if none */
    conllu_word *words;  /* words[0] is word id 1 */
    int n_words;
    conllu_mwt *mwts;
    int n_mwts;
} conllu_sent;

typedef struct conllu_corpus {
    arena mem; /* owns everything */
    conllu_sent *sents;
    size_t n_sents;
} conllu_corpus;

/* Loads path. Caller releases with conllu_finish (also after an error).
 * Malformed lines are errors naming path:line. */
int conllu_load(conllu_corpus *c, const char *path, casus_error *err);
/* Parses a buffer (name is used in messages). */
int conllu_parse(conllu_corpus *c, const char *name, const char *data, size_t len,
                 casus_error *err);
void conllu_finish(conllu_corpus *c);

#endif
