/*
 * normalize.c — the text layer's first step: a normalised copy of the
 * article text with a byte map back to the original.
 *
 * Input: the article text as read (any bytes). Output (text_norm, owned by
 * the document arena): NFC text in which
 *   - quote variants are folded: “ ” „ ‟ « » ‹ › ″ ＂ to ", and ‘ ’ ‚ ‛ ′ ＇
 *     to ' (the grave accent ` is left alone, so that pure ASCII stays on the
 *     zero-copy path; the tokeniser treats it as an apostrophe itself);
 *   - dash variants ‐ ‑ ‒ – — ― − ﹘ ﹣ － are folded to - (the tokeniser
 *     reads the original bytes when it must tell — from -);
 *   - NBSP and the other Unicode spaces, ZWSP and BOM become ' ', and the
 *     line and paragraph separators (U+0085, U+2028, U+2029) become '\n';
 *   - an invalid UTF-8 byte becomes U+FFFD (one per byte) and NUL a space.
 * map[i] is the original offset of the character that produced norm byte i
 * (always the first byte of an original character), map[norm_len] the
 * original length; a character that composes with the one before it under
 * NFC maps to the start of that one.
 *
 * Design: the common case is pure ASCII without NUL, which is already
 * normal: it is detected eight bytes at a time and costs no copy (norm
 * points at the text, map is NULL). Otherwise ASCII runs (found eight bytes
 * at a time, their map filled in a loop the compiler vectorises) are copied
 * as they are, and only clusters holding a non-ASCII character (a starter and the
 * combining marks after it) go through utf8proc, one cluster at a time into
 * a stack buffer, so nothing is allocated per character and every token
 * boundary the tokeniser finds maps back to a character start.
 */
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"
#include "util/utf8.h"

/* Longest cluster (in code points) normalised as a unit; a longer run of
 * combining marks (only seen in hostile text) is cut there. */
#define CLUSTER_MAX 32
#define DECOMP_MAX (CLUSTER_MAX * 4 + 16)

/* 1 if s[0..n) holds a byte >= 0x80 or a NUL. */
static int needs_work(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, u + i, 8);
        /* High bit set, or a zero byte (the classic haszero test). */
        if ((x & 0x8080808080808080ULL) ||
            ((x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL))
            return 1;
    }
    for (; i < n; i++)
        if (u[i] >= 0x80 || u[i] == 0)
            return 1;
    return 0;
}

/* The first byte at or after i that is >= 0x80 or NUL, or len: eight bytes
 * at a time (the lowest flagged byte of the haszero test is exact). */
static size_t plain_end(const unsigned char *u, size_t i, size_t len)
{
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, u + i, 8);
        uint64_t hit = (x | ((x - 0x0101010101010101ULL) & ~x)) & 0x8080808080808080ULL;
        if (hit) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (size_t)(__builtin_ctzll(hit) >> 3);
#else
            break;
#endif
        }
    }
    while (i < len && u[i] < 0x80 && u[i])
        i++;
    return i;
}

/* The ASCII character a code point folds to, or 0 to keep it. */
static int fold_cp(int32_t cp)
{
    switch (cp) {
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2039:
    case 0x203A:
    case 0x2033:
    case 0xFF02: return '"';
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0xFF07: return '\'';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D: return '-';
    case 0x00A0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x200B:
    case 0xFEFF: return ' ';
    case 0x0085:
    case 0x2028:
    case 0x2029: return '\n';
    default:
        if (cp >= 0x2000 && cp <= 0x200A)
            return ' ';
        return 0;
    }
}

/* 1 if cp may compose with, or attach to, the code point before it. */
static int is_extender(int32_t cp)
{
    if (cp < 0x300)
        return 0;
    if ((cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF))
        return 1; /* Hangul medial vowels and final consonants */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p->combining_class != 0 || p->category == UTF8PROC_CATEGORY_MN ||
           p->category == UTF8PROC_CATEGORY_MC || p->category == UTF8PROC_CATEGORY_ME;
}

typedef struct out {
    arena *mem;
    char *s;
    uint32_t *map;
    size_t n, cap;
} out;

/* Makes room for k more bytes, growing geometrically inside the arena. */
static int out_room(out *o, size_t k)
{
    if (o->n + k + 1 <= o->cap)
        return 0;
    size_t cap = o->cap * 2;
    if (cap < o->n + k + 1)
        cap = o->n + k + 1;
    char *s = arena_alloc(o->mem, cap);
    uint32_t *map = arena_array(o->mem, cap, sizeof *map);
    if (!s || !map)
        return CASUS_ENOMEM;
    memcpy(s, o->s, o->n);
    memcpy(map, o->map, o->n * sizeof *map);
    o->s = s;
    o->map = map;
    o->cap = cap;
    return 0;
}

static void out_cp(out *o, int32_t cp, uint32_t at)
{
    int f = fold_cp(cp);
    if (f) {
        o->s[o->n] = (char)f;
        o->map[o->n++] = at;
        return;
    }
    unsigned char b[4];
    int k = utf8_encode(cp, b);
    for (int j = 0; j < k; j++) {
        o->s[o->n] = (char)b[j];
        o->map[o->n++] = at;
    }
}

int text_normalize(arena *mem, const char *text, size_t len, text_norm *res)
{
    if (!needs_work(text, len)) {
        res->norm = text;
        res->norm_len = len;
        res->map = NULL;
        return 0;
    }
    if (len > UINT32_MAX - 1)
        return CASUS_ETOOBIG;
    out o = {mem, NULL, NULL, 0, 0};
    o.cap = len + len / 16 + 64;
    o.s = arena_alloc(mem, o.cap);
    o.map = arena_array(mem, o.cap, sizeof *o.map);
    if (!o.s || !o.map)
        return CASUS_ENOMEM;

    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        /* ASCII run, up to (not including) a byte that starts a cluster:
         * a non-ASCII byte, a NUL, or an ASCII byte followed by non-ASCII
         * (it may take a combining mark). */
        size_t stop = plain_end(u, i, len), j = stop;
        if (stop < len && u[stop] >= 0x80 && stop > i)
            j = stop - 1; /* the ASCII byte before it may take a mark */
        if (j > i) {
            if (out_room(&o, j - i))
                return CASUS_ENOMEM;
            memcpy(o.s + o.n, text + i, j - i);
            uint32_t *m = o.map + o.n; /* a loop the compiler can vectorise */
            for (size_t q = 0; q < j - i; q++)
                m[q] = (uint32_t)(i + q);
            o.n += j - i;
            i = j;
            if (i == len)
                break;
        }
        if (u[i] == 0) {
            if (out_room(&o, 1))
                return CASUS_ENOMEM;
            o.s[o.n] = ' ';
            o.map[o.n++] = (uint32_t)i;
            i++;
            continue;
        }
        /* One cluster: a starter and the extenders after it. */
        int32_t cp;
        int k = u[i] < 0x80 ? (cp = u[i], 1) : utf8_decode(u + i, len - i, &cp);
        if (cp == UTF8_REPLACEMENT && k == 1) { /* an invalid byte */
            if (out_room(&o, 3))
                return CASUS_ENOMEM;
            out_cp(&o, cp, (uint32_t)i);
            i++;
            continue;
        }
        size_t start = i, end = i + (size_t)k;
        uint32_t at[CLUSTER_MAX];
        int n_cp = 1;
        at[0] = (uint32_t)start;
        while (end < len && u[end] >= 0x80 && n_cp < CLUSTER_MAX) {
            int32_t c2;
            int k2 = utf8_decode(u + end, len - end, &c2);
            if ((c2 == UTF8_REPLACEMENT && k2 == 1) || !is_extender(c2))
                break;
            at[n_cp++] = (uint32_t)end;
            end += (size_t)k2;
        }
        if (n_cp == 1 && cp < 0x80) { /* ASCII starter after all */
            if (out_room(&o, 1))
                return CASUS_ENOMEM;
            o.s[o.n] = (char)cp;
            o.map[o.n++] = (uint32_t)start;
            i = end;
            continue;
        }
        int32_t buf[DECOMP_MAX];
        utf8proc_ssize_t m = utf8proc_decompose(u + start, (utf8proc_ssize_t)(end - start), buf,
                                                DECOMP_MAX, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m > 0 && m <= DECOMP_MAX)
            m = utf8proc_normalize_utf32(buf, m, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m <= 0 || m > DECOMP_MAX) { /* cannot happen for valid input: keep as is */
            if (out_room(&o, end - start))
                return CASUS_ENOMEM;
            for (size_t q = start; q < end;) {
                int32_t c3;
                int k3 = utf8_decode(u + q, end - q, &c3);
                out_cp(&o, c3, (uint32_t)q);
                q += (size_t)k3;
            }
        } else {
            if (out_room(&o, (size_t)m * 4))
                return CASUS_ENOMEM;
            /* One output per input code point: map each to its own; else
             * the whole cluster maps to its start. */
            for (utf8proc_ssize_t q = 0; q < m; q++)
                out_cp(&o, buf[q], m == n_cp ? at[q] : (uint32_t)start);
        }
        i = end;
    }
    if (out_room(&o, 1))
        return CASUS_ENOMEM;
    o.s[o.n] = '\0';
    o.map[o.n] = (uint32_t)len;
    res->norm = o.s;
    res->norm_len = o.n;
    res->map = o.map;
    return 0;
}
