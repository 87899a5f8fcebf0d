/*
 * arena.h — a bump allocator with a size cap, one per document.
 *
 * Everything a document's stages allocate lives in its arena and is freed
 * at once with it. The cap turns a hostile article into CASUS_ETOOBIG
 * instead of an exhausted machine.
 */
#ifndef CASUS_UTIL_ARENA_H
#define CASUS_UTIL_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head; /* newest chunk first */
    size_t used;       /* bytes handed out, all chunks */
    size_t reserved;   /* bytes malloc'ed, all chunks */
    size_t cap;        /* limit on reserved; 0 means none */
} arena;

/* Caller-owned; arena_finish releases everything. cap 0 means no cap. */
void arena_init(arena *a, size_t cap);
void arena_finish(arena *a);

/* Returns n bytes aligned for any type, or NULL when out of memory or over
 * the cap. Owned by the arena. n == 0 returns a valid unique pointer. */
void *arena_alloc(arena *a, size_t n);
void *arena_zalloc(arena *a, size_t n);
/* n elements of size sz, checked for overflow. */
void *arena_array(arena *a, size_t n, size_t sz);
/* A NUL-terminated copy of s[0..n); owned by the arena. */
char *arena_strndup(arena *a, const char *s, size_t n);

#endif
