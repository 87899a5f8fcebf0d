/*
 * fuzz_tokenize.c — libFuzzer target for the normaliser and the tokeniser.
 *
 * Runs text_normalize + text_tokenize on the raw input bytes (any bytes:
 * invalid UTF-8, NUL, combining marks) and aborts unless the invariants
 * hold: the map is monotonic and lands on character starts; tokens are
 * sorted, non-empty, non-overlapping and inside the text; words lie inside
 * their token, in order, each with a form and a norm; no token starts or
 * ends inside a valid UTF-8 sequence of the original.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    /* Character starts of the original: valid sequences, or single bytes. */
    unsigned char *start = calloc(size + 1, 1);
    if (!start)
        return 0;
    for (size_t i = 0; i < size;) {
        int32_t cp;
        start[i] = 1;
        i += (size_t)utf8_decode(data + i, size - i, &cp);
    }
    start[size] = 1;

    arena mem;
    arena_init(&mem, (size_t)64 << 20);
    text_norm n;
    if (text_normalize(&mem, text, size, &n))
        abort();
    if (n.map) {
        if (n.map[n.norm_len] != size)
            abort();
        for (size_t i = 0; i < n.norm_len; i++)
            if (n.map[i] >= size || !start[n.map[i]] || (i && n.map[i - 1] > n.map[i]))
                abort();
    } else if (n.norm != text || n.norm_len != size) {
        abort();
    }

    casus_token *t;
    casus_word *w;
    size_t nt, nw;
    if (text_tokenize(&mem, text, size, &n, &t, &nt, &w, &nw))
        abort();
    size_t words = 0;
    for (size_t i = 0; i < nt; i++) {
        if (t[i].start >= t[i].end || t[i].end > size || !start[t[i].start] || !start[t[i].end])
            abort();
        if (i && t[i - 1].end > t[i].start)
            abort();
        if (t[i].word != words || t[i].n_words == 0 || t[i].kind > CASUS_TOK_ABBREV)
            abort();
        uint32_t prev_end = t[i].start;
        for (uint32_t k = t[i].word; k < t[i].word + t[i].n_words; k++) {
            if (k >= nw || w[k].token != i || w[k].start < prev_end || w[k].start >= w[k].end ||
                w[k].end > t[i].end || !w[k].form || !w[k].norm)
                abort();
            prev_end = w[k].end;
        }
        words += t[i].n_words;
    }
    if (words != nw)
        abort();

    arena_finish(&mem);
    free(start);
    return 0;
}
