/*
 * tokenize.h — the tokeniser's private interface, for its tests.
 *
 * text_tokenize (text.h) is the entry point; this header only exposes the
 * self-check that the tests run over the tokeniser's compiled-in tables.
 */
#ifndef CASUS_TEXT_TOKENIZE_H
#define CASUS_TEXT_TOKENIZE_H

/* 0 if every word list is sorted and without repeats (and lower-case where
 * lookups fold case), the quick filters agree with the lists, and the word
 * sets built from them answer every listed word with its list; otherwise
 * the number of the first failed check. */
int tok_selfcheck(void);

#endif
