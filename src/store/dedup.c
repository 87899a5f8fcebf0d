/*
 * dedup.c — the two identity rules of the event database (docs/SCHEMA.md):
 * when two articles are the same article (their text, whitespace aside),
 * and when two coded events are the same event (date, actors, CAMEO base
 * code, place).
 *
 * Both run on worker threads (store_record_encode) and allocate nothing.
 * The text hash only finds candidates: a stored article counts as the same
 * only when store_text_same confirms it, so a hash collision costs one
 * comparison, never a lost article.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

/* ---------------------------------------------------------------- text */

/* Length of the whitespace character at s[0..n), or 0 when it is none:
 * ASCII space and controls \t \n \v \f \r, U+0085, U+00A0, U+2000-U+200B,
 * U+2028, U+2029, U+202F, U+205F, U+3000. Invalid bytes are no space. */
static size_t space_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c == 0xC2 && n >= 2 && (s[1] == 0x85 || s[1] == 0xA0))
        return 2;
    if (c == 0xE2 && n >= 3 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
        return 3;
    if (c == 0xE2 && n >= 3 && s[1] == 0x81 && s[2] == 0x9F)
        return 3;
    if (c == 0xE3 && n >= 3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

/* Walks the normalised text one byte at a time. */
typedef struct norm_iter {
    const unsigned char *s;
    size_t n, i;
    int emitted; /* a byte has been produced (leading spaces are dropped) */
} norm_iter;

/* The next byte of the normalised text, or -1 at its end. */
static int norm_next(norm_iter *it)
{
    size_t k;
    int space = 0;
    while (it->i < it->n && (k = space_len(it->s + it->i, it->n - it->i))) {
        it->i += k;
        space = 1;
    }
    if (it->i >= it->n)
        return -1; /* trailing spaces are dropped */
    if (space && it->emitted)
        return ' '; /* the run is consumed; the byte after it comes next call */
    it->emitted = 1;
    return it->s[it->i++];
}

uint64_t store_text_hash(const char *text, size_t n)
{
    norm_iter it = {(const unsigned char *)text, n, 0, 0};
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a 64 ... */
    for (int c; (c = norm_next(&it)) >= 0;)
        h = (h ^ (uint64_t)c) * 0x100000001b3ull;
    h ^= h >> 30; /* ... with the splitmix64 finaliser, as casus_gdelt_event_id */
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

int store_text_same(const char *a, size_t na, const char *b, size_t nb)
{
    norm_iter ia = {(const unsigned char *)a, na, 0, 0};
    norm_iter ib = {(const unsigned char *)b, nb, 0, 0};
    for (;;) {
        int ca = norm_next(&ia), cb = norm_next(&ib);
        if (ca != cb)
            return 0;
        if (ca < 0)
            return 1;
    }
}

/* ---------------------------------------------------------------- dates */

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int32_t store_date_int(const char *s)
{
    if (!s || !digits(s, 4))
        return 0;
    int32_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int32_t m = 0, d = 0;
    if (s[4] == '-' && digits(s + 5, 2)) {
        m = (s[5] - '0') * 10 + (s[6] - '0');
        if (s[7] == '-' && digits(s + 8, 2))
            d = (s[8] - '0') * 10 + (s[9] - '0');
    }
    if (m > 12 || d > 31 || y == 0)
        return 0;
    return y * 10000 + m * 100 + d;
}

/* ---------------------------------------------------------------- events */

typedef struct keybuf {
    char *out;
    size_t size, len; /* len may pass size: the key is then hashed */
    uint64_t h;       /* FNV-1a of every byte appended */
} keybuf;

static void key_putc(keybuf *k, int c)
{
    if (k->len + 1 < k->size)
        k->out[k->len] = (char)c;
    k->len++;
    k->h = (k->h ^ (unsigned char)c) * 0x100000001b3ull;
}

static void key_puts(keybuf *k, const char *s)
{
    for (; s && *s; s++)
        key_putc(k, *s);
}

/* A name as a key part: ASCII lower case, '|' (the separator) as '/',
 * whitespace runs as one space. */
static void key_name(keybuf *k, const char *s, size_t n)
{
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            space = 1;
            continue;
        }
        if (space && k->len)
            key_putc(k, ' ');
        space = 0;
        key_putc(k, c == '|' ? '/' : c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
}

/* An actor: its code, or "~name" when it has none (two uncoded actors are
 * the same only by name). */
static void key_actor(keybuf *k, const casus_event_actor *a)
{
    if (a->code && a->code[0]) {
        key_name(k, a->code, strlen(a->code));
    } else {
        key_putc(k, '~');
        if (a->name)
            key_name(k, a->name, strlen(a->name));
    }
}

size_t store_event_key(const casus_doc *d, size_t i, char *out, size_t size)
{
    size_t n_ev = 0, n_men = 0;
    const casus_event *ev = casus_doc_events(d, &n_ev);
    const casus_mention *men = casus_doc_mentions(d, &n_men);
    const casus_article *a = casus_doc_article(d);
    keybuf k = {out, size, 0, 0xcbf29ce484222325ull};
    if (size)
        out[0] = 0;
    if (i >= n_ev || size < 32)
        return 0;
    const casus_event *e = &ev[i];
    char num[16];
    int32_t date = store_date_int(e->date);
    const char *res = e->date_resolution ? e->date_resolution : "none";
    if (date && strcmp(res, "none")) {
        snprintf(num, sizeof num, "%08d", (int)date);
        key_puts(&k, num);
        /* "article" and "day" both fix the day; month and year resolutions
         * are kept apart from a day that happens to be the 1st */
        key_putc(&k, res[0] == 'm' ? 'm' : res[0] == 'y' ? 'y' : 'd');
    } else {
        /* no date: the same event only within its own article */
        key_puts(&k, "-@");
        key_name(&k, a->id, strlen(a->id));
    }
    key_putc(&k, '|');
    key_actor(&k, &e->source);
    key_putc(&k, '|');
    if (e->has_target)
        key_actor(&k, &e->target);
    key_putc(&k, '|');
    key_puts(&k, e->base ? e->base : e->code);
    key_putc(&k, '|');
    if (e->place.found && e->place.geonameid) {
        snprintf(num, sizeof num, "g%u", (unsigned)e->place.geonameid);
        key_puts(&k, num);
    } else if (e->place.found && e->place.country[0]) {
        key_putc(&k, 'c');
        key_puts(&k, e->place.country);
    } else if (e->place_mention >= 0 && (size_t)e->place_mention < n_men) {
        const casus_mention *m = &men[e->place_mention];
        key_putc(&k, 'n');
        if (m->end <= a->text_len && m->start < m->end)
            key_name(&k, a->text + m->start, m->end - m->start);
    }
    if (k.len + 1 <= size) {
        out[k.len] = 0;
        return k.len;
    }
    /* too long: keep a prefix and the hash of the whole key */
    size_t keep = size - 18;
    snprintf(out + keep, 18, "#%016llx", (unsigned long long)k.h);
    return keep + 17;
}
