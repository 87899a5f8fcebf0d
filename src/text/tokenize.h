/*
 * tokenize.h — the tokeniser's private interface, for its tests.
 *
 * text_tokenize (text.h) is the entry point; this header only exposes the
 * self-check that the tests run over the tokeniser's compiled-in tables.
 */
#ifndef CASUS_TEXT_TOKENIZE_H
#define CASUS_TEXT_TOKENIZE_H

/* 0 if every word table is sorted as its binary search needs (and
 * lower-case where the search folds case) and the quick filters agree with
 * the tables; otherwise the number of the first failed check. */
int tok_selfcheck(void);

#endif
