/*
 * arena.c — chunked bump allocation for per-document data.
 *
 * Chunks grow geometrically (16 KB doubling to 1 MB) so a short article
 * costs one malloc and a long one a handful; a request larger than a chunk
 * gets a chunk of its own. Nothing is freed before arena_finish.
 */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    arena_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t off;
    alignas(max_align_t) unsigned char data[];
};

#define ARENA_MIN_CHUNK ((size_t)16 << 10)
#define ARENA_MAX_CHUNK ((size_t)1 << 20)
#define ARENA_ALIGN (alignof(max_align_t))

void arena_init(arena *a, size_t cap)
{
    a->head = NULL;
    a->used = 0;
    a->reserved = 0;
    a->cap = cap;
}

void arena_finish(arena *a)
{
    if (!a)
        return;
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used = a->reserved = 0;
}

void *arena_alloc(arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size_t need = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    arena_chunk *c = a->head;
    if (!c || c->size - c->off < need) {
        size_t size = c ? c->size * 2 : ARENA_MIN_CHUNK;
        if (size > ARENA_MAX_CHUNK)
            size = ARENA_MAX_CHUNK;
        if (size < need)
            size = need;
        if (a->cap && (size > a->cap || a->reserved > a->cap - size))
            return NULL;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->size = size;
        c->off = 0;
        c->next = a->head;
        a->head = c;
        a->reserved += size;
    }
    void *p = c->data + c->off;
    c->off += need;
    a->used += need;
    return p;
}

void *arena_zalloc(arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

void *arena_array(arena *a, size_t n, size_t sz)
{
    if (sz && n > SIZE_MAX / sz)
        return NULL;
    return arena_alloc(a, n * sz);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
