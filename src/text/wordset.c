/*
 * wordset.c — building the small word sets of wordset.h.
 *
 * Input: NULL-terminated lists of ASCII words. Output: an open-addressing
 * table (linear probing, 1024 slots) that wordset_get (inline, in the
 * header) probes. Built once per process, then only read.
 */
#include "text/wordset.h"

#include <string.h>

void wordset_init(wordset *s, int fold)
{
    memset(s, 0, sizeof *s);
    s->fold = fold;
}

void wordset_add(wordset *s, const char *word, uint32_t value)
{
    size_t n = strlen(word);
    if (n == 0 || n > WORDSET_MAX_LEN || value == 0) {
        s->overflow = 1;
        return;
    }
    uint32_t h = 0x811C9DC5u ^ (uint32_t)n;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)word[i];
        if (s->fold && c - 'A' < 26u) {
            s->overflow = 1; /* a folding set holds lower-case words */
            return;
        }
        h = wordset_hash_(h, c);
    }
    const uint32_t mask = (1u << WORDSET_BITS) - 1;
    if (s->used * 2 >= mask) { /* keep probes short and the search bounded */
        s->overflow = 1;
        return;
    }
    for (uint32_t i = (h ^ h >> 15) & mask;; i = (i + 1) & mask) {
        wordset_slot *e = &s->slot[i];
        if (!e->value) {
            e->value = value;
            e->len = (uint8_t)n;
            memcpy(e->key, word, n);
            s->used++;
            return;
        }
        if (e->len == n && memcmp(e->key, word, n) == 0) {
            e->value |= value;
            return;
        }
    }
}

void wordset_add_list(wordset *s, const char *const *list, uint32_t value)
{
    for (; *list; list++)
        wordset_add(s, *list, value);
}
