/*
 * tag_util.c — shared helpers of the tagger and lemmatiser (tag_util.h).
 *
 * The table section is the one structure both models use for "word ->
 * something" lookups: 64-bit keys (hashes; a collision at 64 bits is not a
 * practical concern for a few hundred thousand keys) and 32-bit values in
 * one flat array that is used in place from the mapped file, so a lookup is
 * one or two cache lines.
 */
#include "syntax/tag_util.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <stdlib.h>
#include <string.h>

#include "syntax/perceptron.h"
#include "text/text.h"

#define TABLE_MAGIC 0x31425454u /* "TTB1" */

int tagger_table_init(tagger_table *t, const void *blob, size_t size, uint32_t limit)
{
    memset(t, 0, sizeof *t);
    const uint32_t *h = blob;
    if (size < 16 || ((uintptr_t)blob & 7) || h[0] != TABLE_MAGIC || h[3] != 0)
        return CASUS_ECORRUPT;
    uint32_t n_slots = h[1], n_used = h[2];
    if (n_slots < 16 || (n_slots & (n_slots - 1)) || n_used > n_slots / 2)
        return CASUS_ECORRUPT;
    if ((uint64_t)n_slots * 16 + 16 != size)
        return CASUS_ECORRUPT;
    const uint64_t *slots = (const uint64_t *)(h + 4);
    uint32_t used = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        if (!slots[2 * (size_t)i]) {
            if (slots[2 * (size_t)i + 1])
                return CASUS_ECORRUPT;
            continue;
        }
        used++;
        if ((slots[2 * (size_t)i + 1] >> 32) || (uint32_t)slots[2 * (size_t)i + 1] >= limit)
            return CASUS_ECORRUPT;
    }
    if (used != n_used)
        return CASUS_ECORRUPT;
    t->n_slots = n_slots;
    t->slots = slots;
    return 0;
}

void tagger_map_init(tagger_map *m)
{
    memset(m, 0, sizeof *m);
}

void tagger_map_finish(tagger_map *m)
{
    if (!m)
        return;
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static int map_grow(tagger_map *m)
{
    size_t nc = m->cap ? m->cap * 2 : 1024;
    uint64_t *keys = calloc(nc, sizeof *keys);
    uint32_t *vals = calloc(nc, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return CASUS_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = (size_t)m->keys[i] & (nc - 1);
        while (keys[j])
            j = (j + 1) & (nc - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = nc;
    return 0;
}

uint32_t *tagger_map_slot(tagger_map *m, uint64_t key)
{
    if ((m->n + 1) * 2 > m->cap && map_grow(m))
        return NULL;
    size_t mask = m->cap - 1;
    size_t i = (size_t)key & mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & mask;
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->vals[i] = TAGGER_NONE;
        m->n++;
    }
    return &m->vals[i];
}

uint32_t tagger_map_get(const tagger_map *m, uint64_t key)
{
    if (!m->cap)
        return TAGGER_NONE;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)key & mask; m->keys[i]; i = (i + 1) & mask)
        if (m->keys[i] == key)
            return m->vals[i];
    return TAGGER_NONE;
}

int tagger_put32(buf *b, uint32_t v)
{
    return buf_append(b, &v, 4);
}

int tagger_map_export(const tagger_map *m, buf *out)
{
    size_t live = 0;
    for (size_t i = 0; i < m->cap; i++)
        live += m->keys[i] && m->vals[i] != TAGGER_NONE;
    size_t n_slots = 16;
    while (n_slots < live * 2)
        n_slots *= 2;
    uint64_t *slots = calloc(n_slots * 2, sizeof *slots);
    if (!slots)
        return CASUS_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i] || m->vals[i] == TAGGER_NONE)
            continue;
        size_t j = (size_t)m->keys[i] & (n_slots - 1);
        while (slots[2 * j])
            j = (j + 1) & (n_slots - 1);
        slots[2 * j] = m->keys[i];
        slots[2 * j + 1] = m->vals[i];
    }
    int rc = tagger_put32(out, TABLE_MAGIC);
    if (!rc)
        rc = tagger_put32(out, (uint32_t)n_slots);
    if (!rc)
        rc = tagger_put32(out, (uint32_t)live);
    if (!rc)
        rc = tagger_put32(out, 0);
    if (!rc)
        rc = buf_append(out, slots, n_slots * 16);
    free(slots);
    return rc;
}

uint64_t tagger_key(const char *s, size_t n, uint64_t seed)
{
    uint64_t h = pcp_hash_bytes(s, n, seed);
    return h ? h : 1;
}

uint64_t tagger_key2(uint64_t a, uint64_t b)
{
    uint64_t h = pcp_mix(a, b);
    return h ? h : 1;
}

void tagger_pool_init(tagger_pool *p)
{
    buf_init(&p->data, 0);
    tagger_map_init(&p->index);
}

void tagger_pool_finish(tagger_pool *p)
{
    if (!p)
        return;
    buf_finish(&p->data);
    tagger_map_finish(&p->index);
}

uint32_t tagger_pool_add(tagger_pool *p, const char *s)
{
    if (!p->data.len && buf_append(&p->data, "", 1))
        return TAGGER_NONE;
    if (!*s)
        return 0;
    size_t n = strlen(s);
    uint32_t *v = tagger_map_slot(&p->index, tagger_key(s, n, 0x5001));
    if (!v)
        return TAGGER_NONE;
    if (*v == TAGGER_NONE) {
        if (p->data.len > UINT32_MAX - n - 1)
            return TAGGER_NONE;
        uint32_t off = (uint32_t)p->data.len;
        if (buf_append(&p->data, s, n + 1))
            return TAGGER_NONE;
        *v = off;
    }
    return *v;
}

int tagger_pool_check(const char *blob, size_t size)
{
    if (!size || blob[0] != '\0' || blob[size - 1] != '\0')
        return CASUS_ECORRUPT;
    return 0;
}

uint64_t tagger_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void tagger_shuffle(uint32_t *idx, size_t n, uint64_t *state)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(tagger_rand(state) % i);
        uint32_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

/* The folded copy of s, or s itself when nothing changes; NULL when out of
 * memory. */
static const char *fold(arena *mem, const char *s)
{
    size_t n = strlen(s);
    text_norm tn;
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) {
            ascii = 0;
            break;
        }
    const char *src = s;
    size_t len = n;
    if (!ascii) {
        if (text_normalize(mem, s, n, &tn))
            return NULL;
        src = tn.norm;
        len = tn.norm_len;
    }
    if (src == s && !memchr(s, '`', n))
        return s;
    char *c = arena_strndup(mem, src, len);
    if (!c)
        return NULL;
    for (char *p = c; *p; p++)
        if (*p == '`')
            *p = '\'';
    return c;
}

int tagger_fold_corpus(conllu_corpus *c)
{
    for (size_t s = 0; s < c->n_sents; s++)
        for (int i = 0; i < c->sents[s].n_words; i++) {
            conllu_word *w = &c->sents[s].words[i];
            const char *f = fold(&c->mem, w->form), *l = fold(&c->mem, w->lemma);
            if (!f || !l)
                return CASUS_ENOMEM;
            w->form = f;
            w->lemma = l;
        }
    return 0;
}

size_t tagger_lower(const char *s, size_t n, char *out, size_t cap)
{
    if (n > cap - 1)
        n = cap - 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        out[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    out[n] = '\0';
    return n;
}

void tagger_pcp_score(const pcp_model *m, const uint64_t *feats, size_t n, int32_t *scores)
{
    const uint16_t *run[TAGGER_SCORE_MAX];
    uint32_t len[TAGGER_SCORE_MAX];
    uint32_t mask = m->n_slots - 1;
    size_t nr = 0;
    if (n > TAGGER_SCORE_MAX)
        n = TAGGER_SCORE_MAX;
    for (size_t f = 0; f < n; f++)
        __builtin_prefetch(m->slots + 3 * (size_t)((uint32_t)(feats[f] | 1) & mask));
    for (size_t f = 0; f < n; f++) {
        uint64_t h = feats[f] | 1;
        uint32_t fp = (uint32_t)(h >> 32) | 1u;
        /* The same probe as pcp_model_score (perceptron.h). */
        for (uint32_t i = (uint32_t)h & mask, k = 0; k < m->n_slots; i = (i + 1) & mask, k++) {
            const uint32_t *s = m->slots + 3 * (size_t)i;
            if (!s[0])
                break;
            if (s[0] == fp) {
                run[nr] = m->entries + 2 * (size_t)s[1];
                len[nr] = s[2];
                __builtin_prefetch(run[nr]);
                nr++;
                break;
            }
        }
    }
    memset(scores, 0, m->n_classes * sizeof *scores);
    for (size_t r = 0; r < nr; r++) {
        const uint16_t *e = run[r];
        for (uint32_t j = 0; j < len[r]; j++)
            scores[e[2 * j]] += (int16_t)e[2 * j + 1];
    }
}

/* ---- packed weights ---- */

#define PW_MAGIC1 0x31575054u /* "TPW1": sparse rows only */
#define PW_MAGIC 0x32575054u  /* "TPW2": sparse or dense rows */
#define PW_HEADER 8           /* u32 words */
#define PW_DENSE 0x8000u      /* a row header count with this bit: a dense pass */
/* A row's pass with at least this many weights is stored dense: one int16
 * per class, added with vector instructions. Below about 16 the sparse
 * (class, weight) loop costs fewer instructions than a dense pass over
 * ~100 classes; the few rows above it are the frequent features (bias,
 * common suffixes and words) that every word hits. */
#define PW_DENSE_MIN 32
/* Dense passes exist only in models of at most this many classes; they
 * are padded to a multiple of 8 weights (4 entries). */
#define PW_DENSE_MAXC 256

/* The number of 4-byte entries a pass of a row occupies. */
static uint64_t pw_span(uint32_t head, uint32_t n_classes)
{
    return (head & PW_DENSE) ? (uint64_t)(n_classes + 7) / 8 * 4 : head;
}

static uint32_t pw_home(uint32_t fp, uint32_t n_slots)
{
    return (uint32_t)(((uint64_t)fp * n_slots) >> 32);
}

int tagger_pw_init(tagger_pw *w, const void *blob, size_t size)
{
    memset(w, 0, sizeof *w);
    const uint32_t *h = blob;
    if (size < PW_HEADER * 4 || ((uintptr_t)blob & 3) || (h[0] != PW_MAGIC && h[0] != PW_MAGIC1))
        return CASUS_ECORRUPT;
    int dense_ok = h[0] == PW_MAGIC;
    uint32_t n_classes = h[1], n_passes = h[2], n_slots = h[3], n_used = h[4], n_entries = h[5];
    if (!n_classes || n_classes >= PW_DENSE || n_passes < 1 || n_passes > 2 || !n_slots ||
        n_used > n_slots - n_slots / 4 || n_used == n_slots)
        return CASUS_ECORRUPT;
    if ((uint64_t)PW_HEADER * 4 + (uint64_t)n_slots * 8 + (uint64_t)n_entries * 4 != size)
        return CASUS_ECORRUPT;
    memcpy(w->scale, h + 6, sizeof w->scale);
    for (uint32_t p = 0; p < n_passes; p++)
        if (!(w->scale[p] > 0.0f) || w->scale[p] > 1e30f)
            return CASUS_ECORRUPT;
    const uint32_t *slots = h + PW_HEADER;
    const uint16_t *ent = (const uint16_t *)(slots + 2 * (size_t)n_slots);
    uint32_t used = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        if (!slots[2 * i]) {
            if (slots[2 * i + 1])
                return CASUS_ECORRUPT;
            continue;
        }
        used++;
        uint64_t start = slots[2 * i + 1];
        if (start >= n_entries)
            return CASUS_ECORRUPT;
        uint32_t hd[2] = {ent[2 * start], ent[2 * start + 1]};
        if ((hd[1] && n_passes < 2) ||
            ((hd[0] | hd[1]) & PW_DENSE && (!dense_ok || n_classes > PW_DENSE_MAXC)))
            return CASUS_ECORRUPT;
        uint64_t e = start + 1;
        for (int p = 0; p < 2; p++) {
            uint64_t len = pw_span(hd[p], n_classes);
            if (e + len > n_entries)
                return CASUS_ECORRUPT;
            if (!(hd[p] & PW_DENSE))
                for (uint64_t k = e; k < e + len; k++)
                    if (ent[2 * k] >= n_classes)
                        return CASUS_ECORRUPT;
            e += len;
        }
    }
    if (used != n_used)
        return CASUS_ECORRUPT;
    w->n_classes = n_classes;
    w->n_passes = n_passes;
    w->n_slots = n_slots;
    w->n_entries = n_entries;
    w->slots = slots;
    w->entries = ent;
    return 0;
}

/* One row of a pcp blob: its fingerprint, pass and entries. */
typedef struct pw_row {
    uint32_t fp, pass, start, count;
} pw_row;

static int pw_row_cmp(const void *x, const void *y)
{
    const pw_row *a = x, *b = y;
    if (a->fp != b->fp)
        return a->fp < b->fp ? -1 : 1;
    if (a->pass != b->pass)
        return a->pass < b->pass ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start;
}

int tagger_pw_build(const pcp_model *m1, const pcp_model *m2, buf *out)
{
    const pcp_model *m[2] = {m1, m2};
    uint32_t np = m2 ? 2 : 1;
    size_t nr = 0;
    for (uint32_t p = 0; p < np; p++)
        for (uint32_t i = 0; i < m[p]->n_slots; i++)
            nr += m[p]->slots[3 * (size_t)i] != 0;
    pw_row *rows = malloc((nr ? nr : 1) * sizeof *rows);
    if (!rows)
        return CASUS_ENOMEM;
    nr = 0;
    for (uint32_t p = 0; p < np; p++)
        for (uint32_t i = 0; i < m[p]->n_slots; i++) {
            const uint32_t *s = m[p]->slots + 3 * (size_t)i;
            if (s[0] && s[2])
                rows[nr++] = (pw_row){s[0], p, s[1], s[2]};
        }
    /* Sorted by fingerprint: the table's bytes depend only on the models. */
    qsort(rows, nr, sizeof *rows, pw_row_cmp);
    size_t n_keys = 0;
    for (size_t i = 0; i < nr; i++)
        n_keys += !i || rows[i].fp != rows[i - 1].fp;
    uint32_t n_slots = (uint32_t)(n_keys + n_keys / 2 + 16); /* load <= 2/3 */
    uint32_t *slots = calloc((size_t)n_slots * 2, sizeof *slots);
    /* A pass takes at most max(its weights, ceil(C/2)) entries. */
    size_t dense_len = (size_t)pw_span(PW_DENSE, m1->n_classes);
    size_t cap = (size_t)n_keys * (1 + np * dense_len) + (size_t)m1->n_entries +
                 (m2 ? (size_t)m2->n_entries : 0) + 1;
    uint16_t *ent = malloc(cap * 2 * sizeof *ent);
    int32_t *acc = calloc(m1->n_classes, sizeof *acc);
    int rc = (!slots || !ent || !acc || m1->n_classes >= PW_DENSE) ? CASUS_ENOMEM : 0;
    size_t ne = 0;
    for (size_t i = 0; !rc && i < nr;) {
        uint32_t fp = rows[i].fp;
        size_t head = ne++;
        uint32_t cnt[2] = {0, 0};
        for (uint32_t p = 0; p < np; p++) {
            /* Fingerprints shared by two features of one blob (rare at 32
             * bits) are merged by summing their weights. */
            size_t j = i;
            int any = 0;
            for (; j < nr && rows[j].fp == fp && rows[j].pass <= p; j++) {
                if (rows[j].pass != p)
                    continue;
                any = 1;
                const uint16_t *e = m[p]->entries + 2 * (size_t)rows[j].start;
                for (uint32_t k = 0; k < rows[j].count; k++)
                    acc[e[2 * k]] += (int16_t)e[2 * k + 1];
            }
            if (!any)
                continue;
            uint32_t nz = 0;
            for (uint32_t c = 0; c < m1->n_classes; c++)
                nz += acc[c] != 0;
            int dense = nz >= PW_DENSE_MIN && m1->n_classes <= PW_DENSE_MAXC;
            if (dense)
                memset(ent + 2 * ne, 0, dense_len * 2 * sizeof *ent);
            for (uint32_t c = 0; c < m1->n_classes; c++) {
                if (!acc[c])
                    continue;
                int32_t v = acc[c] > 32767 ? 32767 : acc[c] < -32767 ? -32767 : acc[c];
                if (dense) {
                    ent[2 * ne + c] = (uint16_t)(int16_t)v;
                } else {
                    ent[2 * ne] = (uint16_t)c;
                    ent[2 * ne + 1] = (uint16_t)(int16_t)v;
                    ne++;
                }
                acc[c] = 0;
            }
            if (dense) {
                ne += dense_len;
                cnt[p] = PW_DENSE;
            } else {
                cnt[p] = nz;
            }
        }
        while (i < nr && rows[i].fp == fp)
            i++;
        ent[2 * head] = (uint16_t)cnt[0];
        ent[2 * head + 1] = (uint16_t)cnt[1];
        uint32_t j = pw_home(fp, n_slots);
        while (slots[2 * j])
            j = j + 1 == n_slots ? 0 : j + 1;
        slots[2 * j] = fp;
        slots[2 * j + 1] = (uint32_t)head;
    }
    float scale[2] = {m1->scale, m2 ? m2->scale : 1.0f};
    if (!rc)
        rc = tagger_put32(out, PW_MAGIC);
    if (!rc)
        rc = tagger_put32(out, m1->n_classes);
    if (!rc)
        rc = tagger_put32(out, np);
    if (!rc)
        rc = tagger_put32(out, n_slots);
    if (!rc)
        rc = tagger_put32(out, (uint32_t)n_keys);
    if (!rc)
        rc = tagger_put32(out, (uint32_t)ne);
    if (!rc)
        rc = buf_append(out, scale, sizeof scale);
    if (!rc)
        rc = buf_append(out, slots, (size_t)n_slots * 8);
    if (!rc)
        rc = buf_append(out, ent, ne * 4);
    free(rows);
    free(slots);
    free(ent);
    free(acc);
    return rc;
}

/* Set only by tests (tagger_pw_portable), before any tagging. */
static int pw_portable;

void tagger_pw_portable(int on)
{
    pw_portable = on;
}

/* d[0..C8) += the C8 int16 weights at w (C8 a multiple of 8). */
static void pw_add_dense(int32_t *d, const uint16_t *w, uint32_t C8)
{
#if defined(__SSE2__)
    for (uint32_t c = 0; c < C8; c += 8) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(w + c));
        /* Sign-extend the eight int16 into two vectors of four int32. */
        __m128i lo = _mm_srai_epi32(_mm_unpacklo_epi16(x, x), 16);
        __m128i hi = _mm_srai_epi32(_mm_unpackhi_epi16(x, x), 16);
        __m128i *a = (__m128i *)(void *)(d + c), *b = (__m128i *)(void *)(d + c + 4);
        _mm_store_si128(a, _mm_add_epi32(_mm_load_si128(a), lo));
        _mm_store_si128(b, _mm_add_epi32(_mm_load_si128(b), hi));
    }
#else
    for (uint32_t c = 0; c < C8; c++)
        d[c] += (int16_t)w[c];
#endif
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PW_AVX2 1
/* pw_add_dense with AVX2 (16 weights a step), used when the CPU has it. */
__attribute__((target("avx2"))) static void pw_add_dense_avx2(int32_t *d, const uint16_t *w,
                                                               uint32_t C8)
{
    uint32_t c = 0;
    for (; c + 16 <= C8; c += 16) {
        __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(w + c));
        __m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(w + c + 8));
        __m256i *a = (__m256i *)(void *)(d + c), *b = (__m256i *)(void *)(d + c + 8);
        _mm256_storeu_si256(a, _mm256_add_epi32(_mm256_loadu_si256(a), _mm256_cvtepi16_epi32(x0)));
        _mm256_storeu_si256(b, _mm256_add_epi32(_mm256_loadu_si256(b), _mm256_cvtepi16_epi32(x1)));
    }
    if (c < C8) {
        __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(w + c));
        __m256i *a = (__m256i *)(void *)(d + c);
        _mm256_storeu_si256(a, _mm256_add_epi32(_mm256_loadu_si256(a), _mm256_cvtepi16_epi32(x0)));
    }
}
#endif

/* Adds one pass of a row (header head, weights from e): a sparse pass to
 * s, a dense one to the padded accumulator d (*dense set). */
static inline void pw_add(int32_t *s, int32_t *d, int *dense, const uint16_t *e, uint32_t head,
                          uint32_t C8, int avx2)
{
    if (head & PW_DENSE) {
#ifdef PW_AVX2
        if (avx2)
            pw_add_dense_avx2(d, e, C8);
        else
            pw_add_dense(d, e, C8);
#else
        (void)avx2;
        pw_add_dense(d, e, C8);
#endif
        *dense = 1;
        return;
    }
    for (uint32_t j = 0; j < head; j++)
        s[e[2 * j]] += (int16_t)e[2 * j + 1];
}

void tagger_pw_score(const tagger_pw *w, const uint64_t *feats, size_t n, int32_t *s1, int32_t *s2)
{
    const uint16_t *row[TAGGER_SCORE_MAX];
    uint32_t fps[TAGGER_SCORE_MAX], home[TAGGER_SCORE_MAX];
    size_t nr = 0;
    if (n > TAGGER_SCORE_MAX)
        n = TAGGER_SCORE_MAX;
    for (size_t f = 0; f < n; f++) {
        fps[f] = (uint32_t)(feats[f] >> 32) | 1u;
        home[f] = pw_home(fps[f], w->n_slots);
        __builtin_prefetch(w->slots + 2 * (size_t)home[f]);
    }
    for (size_t f = 0; f < n; f++) {
        uint32_t i = home[f];
        for (uint32_t k = 0; k < w->n_slots; k++) {
            const uint32_t *s = w->slots + 2 * (size_t)i;
            if (!s[0])
                break;
            if (s[0] == fps[f]) {
                row[nr] = w->entries + 2 * (size_t)s[1];
                __builtin_prefetch(row[nr]);
                nr++;
                break;
            }
            i = i + 1 == w->n_slots ? 0 : i + 1;
        }
    }
    /* Dense passes go to padded, aligned accumulators first, added to
     * s1 / s2 once at the end. */
#ifdef PW_AVX2
    /* A load and a test of libgcc's CPU description, set up before main. */
    int avx2 = !pw_portable && __builtin_cpu_supports("avx2") != 0;
#else
    int avx2 = 0;
#endif
    uint32_t C = w->n_classes, C8 = (C + 7) / 8 * 8;
    _Alignas(16) int32_t d1[PW_DENSE_MAXC], d2[PW_DENSE_MAXC];
    int any1 = 0, any2 = 0;
    if (C8 <= PW_DENSE_MAXC) {
        memset(d1, 0, C8 * sizeof *d1);
        memset(d2, 0, C8 * sizeof *d2);
    }
    for (size_t r = 0; r < nr; r++) {
        const uint16_t *e = row[r];
        uint32_t h1 = e[0], h2 = e[1];
        e += 2;
        if (s1)
            pw_add(s1, d1, &any1, e, h1, C8, avx2);
        if (s2)
            pw_add(s2, d2, &any2, e + 2 * pw_span(h1, C), h2, C8, avx2);
    }
    for (uint32_t c = 0; any1 && c < C; c++)
        s1[c] += d1[c];
    for (uint32_t c = 0; any2 && c < C; c++)
        s2[c] += d2[c];
}
