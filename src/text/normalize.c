/*
 * normalize.c — PLACEHOLDER: identity normalisation. To be replaced by the
 * utf8proc-based NFC + folding implementation.
 */
#include "text/text.h"

int text_normalize(arena *mem, const char *text, size_t len, text_norm *out)
{
    (void)mem;
    out->norm = text;
    out->norm_len = len;
    out->map = NULL;
    return 0;
}
