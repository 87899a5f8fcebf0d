/*
 * text.h — the text layer: normalisation, tokens, sentences.
 *
 * Input: the article text as read (any bytes). Output, in the document's
 * arena: tokens, syntactic words and sentences whose byte offsets index that
 * text. Invalid UTF-8 is read as U+FFFD one byte at a time, so offsets never
 * move; normalised forms (NFC, folded quotes and dashes) are kept beside the
 * original spans for matching.
 */
#ifndef CASUS_TEXT_TEXT_H
#define CASUS_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "util/arena.h"

/*
 * Normalised text with a map back to the original.
 * norm[0..norm_len) is NFC, with quote variants folded to ' and ", dash
 * variants to -, invalid bytes to U+FFFD and NUL to a space. map[i] is the
 * original offset of the character that produced norm byte i; map[norm_len]
 * is the original length. When the original is already normal, norm points
 * at it and map is NULL (offsets are then identical).
 */
typedef struct text_norm {
    const char *norm;
    size_t norm_len;
    const uint32_t *map; /* NULL: identity */
} text_norm;

/* Fills *out; everything is owned by mem. Returns 0 or CASUS_ENOMEM /
 * CASUS_ETOOBIG. */
int text_normalize(arena *mem, const char *text, size_t len, text_norm *out);

/* The original offset of normalised offset i (0 <= i <= norm_len). */
static inline uint32_t text_norm_orig(const text_norm *n, size_t i)
{
    return n->map ? n->map[i] : (uint32_t)i;
}

/* Tokenises text[0..len) into tokens and words, owned by mem. */
int text_tokenize(arena *mem, const char *text, size_t len, const text_norm *norm,
                  casus_token **tokens, size_t *n_tokens, casus_word **words, size_t *n_words);

/* Groups the tokens into sentences, owned by mem. */
int text_split(arena *mem, const char *text, size_t len, const casus_token *tokens,
               size_t n_tokens, const casus_word *words, size_t n_words,
               casus_sentence **sentences, size_t *n_sentences);

/* Runs the three steps for a document (stores the results in d). */
int text_process(casus_doc *d, casus_error *err);

#endif
