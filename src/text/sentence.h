/*
 * sentence.h — internals of the sentence splitter, shared by text_split
 * (sentence.c), its generated model (sentence_model.c) and the trainer
 * (bench/train_sentence.c).
 *
 * The splitter decides, after each token, whether a sentence ends there.
 * Rules settle what is certain (a blank line, the end of the text, a closing
 * quote glued to the punctuation before it, a line break); every other
 * position inside a paragraph is scored by a linear model: the sum of
 * int8 weights of about twenty hashed features, a boundary when the sum is
 * positive. The trainer calls the very same functions, so the features it
 * learns from are the features the library computes.
 */
#ifndef CASUS_TEXT_SENTENCE_H
#define CASUS_TEXT_SENTENCE_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "util/arena.h"

/* Character classes for the first and last character of a token. */
enum {
    SENT_C_LOWER = 0,
    SENT_C_UPPER,
    SENT_C_DIGIT,
    SENT_C_LETTER, /* a letter without case (CJK, Arabic, ...) */
    SENT_C_TERM,   /* . ! ? and the ellipsis */
    SENT_C_OPEN,   /* ( [ { and opening quotes: “ ‘ « „ ‹ ¿ ¡ */
    SENT_C_CLOSE,  /* ) ] } and closing quotes: ” » › */
    SENT_C_QUOTE,  /* " ' ` ’: direction unknown */
    SENT_C_DASH,   /* - – — ― */
    SENT_C_COMMA,  /* , ; */
    SENT_C_COLON,  /* : */
    SENT_C_OTHER,
    SENT_C_COUNT
};

/* Token flags. */
enum {
    SENT_F_SPACE = 1,    /* whitespace follows the token */
    SENT_F_TERM = 2,     /* only terminal punctuation: . ? ! ... ?! */
    SENT_F_ABBR = 4,     /* a word ending in '.' (Gen., U.S., e.g.) */
    SENT_F_ALLCAPS = 8,  /* two or more letters, all upper case */
    SENT_F_NEWLINE = 16, /* a line break follows the token */
    SENT_F_NUMBERED = 32, /* a list number: 1. 2) a. iv. */
    SENT_F_STARTER = 64,  /* a capitalised typical first word: The, However */
    SENT_F_INITIALS = 128 /* letters and periods: J. C.A. U.S. U. S. */
};

/* Abbreviations that a period does not end (a short list for news). */
enum {
    SENT_A_NONE = 0,
    SENT_A_TITLE,  /* Gen. Brig. Dr. Mr.: not before a capitalised word */
    SENT_A_NUMBER, /* No. Jan. Vol.: not before a number */
    SENT_A_NEVER   /* e.g. i.e. vs. */
};

/* What the splitter knows of one token; computed once per token. */
typedef struct sent_tok {
    uint32_t form;  /* hash of the normalised form, ASCII lower-cased */
    uint32_t shape; /* hash of the shape: Xxx, dd.dd, X.X. */
    uint8_t first;  /* SENT_C_* of the first character */
    uint8_t last;   /* SENT_C_* of the last character */
    uint8_t kind;   /* casus_token_kind */
    uint8_t flags;  /* SENT_F_*; 8 bits, all in use */
    uint8_t len;    /* length in bytes, at most 15 */
    uint8_t abbr;   /* SENT_A_*: for "Gen." and for the "." of "Gen" "." */
    uint8_t hashed; /* form, shape and SENT_F_ALLCAPS are set */
} sent_tok;

/* The token sequence the splitter reads; all borrowed. */
typedef struct sent_input {
    const char *text;
    size_t len;
    const casus_token *tokens;
    size_t n_tokens;
    const casus_word *words;
    size_t n_words;
} sent_input;

/* A linear model: weights[hash & (2^bits - 1)], summed; > 0 is a boundary.
 * int8 weights: on EWT dev they decide exactly as int16 ones did, and the
 * table (32 KB at 2^15) stays in the L1/L2 cache between documents. */
typedef struct sent_model {
    const int8_t *weights;
    unsigned bits;
} sent_model;

/* The model trained on UD English-EWT, generated into sentence_model.c. */
extern const sent_model sent_model_ewt;

#define SENT_MAX_FEATS 32

/* Line breaks between token i and token i+1: 0, 1, or 2 for a paragraph
 * break (a blank line, a form feed, U+2029). The last token counts as
 * followed by a paragraph break. */
unsigned sent_breaks(const sent_input *in, size_t i);

/* Describes token i (i < n_tokens) for the rules: classes, kind, flags
 * but SENT_F_ALLCAPS; breaks is sent_breaks(in, i). */
void sent_tok_describe(const sent_input *in, size_t i, unsigned breaks, sent_tok *out);

/* Adds what the features need: the form and shape hashes and
 * SENT_F_ALLCAPS. Only positions the rules leave open pay for it. */
void sent_tok_hash(const sent_input *in, size_t i, sent_tok *out);

/* The rule's verdict for a position inside a paragraph. */
enum { SENT_NO = 0, SENT_YES = 1, SENT_ASK = 2 };

/*
 * The rules for the position after token c: prev is the token before it
 * (NULL when c begins the current sentence), next the token after it. `since` is
 * the number of tokens of the current sentence up to and including c.
 */
int sent_rule(const sent_tok *prev, const sent_tok *c, const sent_tok *next, size_t since);

/*
 * The feature hashes for the position after token c, into out (at least
 * SENT_MAX_FEATS entries); returns how many. prev and next2 may be NULL
 * (c begins the current sentence; the paragraph ends with next). `since`
 * as above.
 */
size_t sent_features(const sent_tok *prev, const sent_tok *c, const sent_tok *next,
                     const sent_tok *next2, size_t since, uint32_t *out);

/* The splitter itself with a given model (text_split uses sent_model_ewt).
 * Sentences are owned by mem. */
int sent_split(const sent_model *m, arena *mem, const sent_input *in,
               casus_sentence **sentences, size_t *n_sentences);

#endif
