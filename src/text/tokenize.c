/*
 * tokenize.c — PLACEHOLDER: splits on whitespace and punctuation. To be
 * replaced by the EWT-convention tokeniser.
 */
#include <ctype.h>

#include "text/text.h"

int text_tokenize(arena *mem, const char *text, size_t len, const text_norm *norm,
                  casus_token **tokens, size_t *n_tokens, casus_word **words, size_t *n_words)
{
    (void)norm;
    casus_token *t = arena_array(mem, len + 1, sizeof *t);
    casus_word *w = arena_array(mem, len + 1, sizeof *w);
    if (!t || !w)
        return CASUS_ENOMEM;
    size_t n = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (isspace(c) || c == 0) {
            i++;
            continue;
        }
        size_t s = i;
        if (ispunct(c))
            i++;
        else
            while (i < len && !isspace((unsigned char)text[i]) && text[i] &&
                   !ispunct((unsigned char)text[i]))
                i++;
        t[n] = (casus_token){.start = (uint32_t)s, .end = (uint32_t)i, .word = (uint32_t)n,
                             .n_words = 1, .space_after = i < len && isspace((unsigned char)text[i]),
                             .kind = ispunct(c) ? CASUS_TOK_PUNCT : CASUS_TOK_WORD};
        char *f = arena_strndup(mem, text + s, i - s);
        if (!f)
            return CASUS_ENOMEM;
        w[n] = (casus_word){.start = (uint32_t)s, .end = (uint32_t)i, .token = (uint32_t)n,
                            .form = f, .norm = f};
        n++;
    }
    *tokens = t;
    *n_tokens = n;
    *words = w;
    *n_words = n;
    return 0;
}
