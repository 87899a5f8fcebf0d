/*
 * wordset.h — small fixed sets of short ASCII words (abbreviations, sentence
 * starters, clitic hosts) for the tokeniser and the sentence splitter.
 *
 * A set maps a word to a nonzero 32-bit value, typically a bitmask of the
 * lists the word is on (plus, for one list, an index), so that one lookup
 * answers "is it on list A, B or C". Lookups hash the key once and probe an
 * open-addressing table: a few dozen instructions, where the binary searches
 * over string lists they replace cost several hundred per word.
 *
 * The tables are built from the readable word lists in the modules that use
 * them, once per process (under pthread_once in those modules), so the lists
 * stay the single source of truth; a set is read-only once built and safe to
 * share between threads.
 */
#ifndef CASUS_TEXT_WORDSET_H
#define CASUS_TEXT_WORDSET_H

#include <stddef.h>
#include <stdint.h>

#define WORDSET_MAX_LEN 24 /* longest word a set holds or looks up */
#define WORDSET_BITS 10    /* 1024 slots: load under 0.3 for our lists */

typedef struct wordset_slot {
    uint32_t value; /* 0: empty */
    uint8_t len;
    char key[WORDSET_MAX_LEN + 1];
} wordset_slot;

typedef struct wordset {
    int fold;      /* keys are ASCII lower case; lookups fold their key */
    int overflow;  /* set by wordset_add on a word it could not hold */
    unsigned used; /* slots in use */
    wordset_slot slot[1u << WORDSET_BITS];
} wordset;

/* Empties s. fold: look words up ignoring ASCII case (the words added must
 * then be lower case). */
void wordset_init(wordset *s, int fold);

/* ORs value into the word's value, adding the word if new. A word over
 * WORDSET_MAX_LEN, an upper-case letter in a folding set or a full table
 * sets s->overflow (the self-checks test it). */
void wordset_add(wordset *s, const char *word, uint32_t value);

/* Adds every word of a NULL-terminated list with value. */
void wordset_add_list(wordset *s, const char *const *list, uint32_t value);

static inline uint32_t wordset_hash_(uint32_t h, unsigned c)
{
    return (h ^ c) * 0x01000193u;
}

/* The value of s[0..n), or 0 if absent. */
static inline uint32_t wordset_get(const wordset *set, const unsigned char *s, size_t n)
{
    if (n == 0 || n > WORDSET_MAX_LEN)
        return 0;
    unsigned char k[WORDSET_MAX_LEN];
    uint32_t h = 0x811C9DC5u ^ (uint32_t)n;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (set->fold && c - 'A' < 26u)
            c |= 0x20;
        k[i] = (unsigned char)c;
        h = wordset_hash_(h, c);
    }
    const uint32_t mask = (1u << WORDSET_BITS) - 1;
    for (uint32_t i = (h ^ h >> 15) & mask;; i = (i + 1) & mask) {
        const wordset_slot *e = &set->slot[i];
        if (!e->value)
            return 0;
        if (e->len == n) {
            size_t j = 0;
            while (j < n && (unsigned char)e->key[j] == k[j])
                j++;
            if (j == n)
                return e->value;
        }
    }
}

#endif
