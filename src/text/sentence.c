/*
 * sentence.c — PLACEHOLDER: ends a sentence after . ! ? and at blank
 * lines. To be replaced by the real splitter.
 */
#include "text/text.h"

int text_split(arena *mem, const char *text, size_t len, const casus_token *tokens,
               size_t n_tokens, const casus_word *words, size_t n_words,
               casus_sentence **sentences, size_t *n_sentences)
{
    (void)len;
    (void)words;
    (void)n_words;
    casus_sentence *s = arena_array(mem, n_tokens + 1, sizeof *s);
    if (!s)
        return CASUS_ENOMEM;
    size_t n = 0, first = 0;
    for (size_t i = 0; i < n_tokens; i++) {
        char c = text[tokens[i].start];
        if (c == '.' || c == '!' || c == '?' || i + 1 == n_tokens) {
            s[n] = (casus_sentence){.start = tokens[first].start, .end = tokens[i].end,
                                    .token = (uint32_t)first,
                                    .n_tokens = (uint32_t)(i + 1 - first),
                                    .word = tokens[first].word,
                                    .n_words = tokens[i].word + tokens[i].n_words -
                                               tokens[first].word,
                                    .new_par = n == 0};
            n++;
            first = i + 1;
        }
    }
    *sentences = s;
    *n_sentences = n;
    return 0;
}
