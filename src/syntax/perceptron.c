/*
 * perceptron.c — averaged perceptron training and scoring (perceptron.h).
 *
 * Averaging uses the usual trick: next to each weight w keep u, the sum of
 * (clock * delta); the average after C instances is w - u / C, so an update
 * costs O(features) and nothing is touched per instance.
 *
 * The trainer's feature map is open addressing on the 64-bit hash (grown
 * at 50% load); rows are n_classes floats of w and u, allocated in blocks.
 */
#include "syntax/perceptron.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t pcp_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ULL);
    while (n >= 8) {
        uint64_t k;
        memcpy(&k, s, 8);
        h = pcp_mix(h, k);
        s += 8;
        n -= 8;
    }
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k |= (uint64_t)s[i] << (8 * i);
    return pcp_mix(h, k ^ 0xA0761D6478BD642FULL);
}

#define BLOCK_ROWS 4096

struct pcp_trainer {
    uint32_t n_classes;
    uint64_t clock;
    /* feature map */
    uint64_t *keys; /* 0 = empty; keys are stored | 1 to keep 0 free */
    uint32_t *rows;
    size_t cap, n;
    /* rows: blocks of BLOCK_ROWS rows, each 2 * n_classes floats (w, u) */
    float **blocks;
    size_t n_blocks;
};

static uint64_t key_of(uint64_t h)
{
    return h | 1;
}

pcp_trainer *pcp_trainer_new(uint32_t n_classes)
{
    pcp_trainer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->n_classes = n_classes;
    t->cap = 1 << 16;
    t->keys = calloc(t->cap, sizeof *t->keys);
    t->rows = calloc(t->cap, sizeof *t->rows);
    if (!t->keys || !t->rows) {
        pcp_trainer_free(t);
        return NULL;
    }
    return t;
}

void pcp_trainer_free(pcp_trainer *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_blocks; i++)
        free(t->blocks[i]);
    free(t->blocks);
    free(t->keys);
    free(t->rows);
    free(t);
}

static float *row_ptr(const pcp_trainer *t, uint32_t r)
{
    return t->blocks[r / BLOCK_ROWS] + (size_t)(r % BLOCK_ROWS) * 2 * t->n_classes;
}

static long find(const pcp_trainer *t, uint64_t h)
{
    uint64_t k = key_of(h);
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)k & mask;; i = (i + 1) & mask) {
        if (t->keys[i] == k)
            return (long)t->rows[i];
        if (!t->keys[i])
            return -1;
    }
}

static int grow(pcp_trainer *t)
{
    size_t nc = t->cap * 2;
    uint64_t *keys = calloc(nc, sizeof *keys);
    uint32_t *rows = calloc(nc, sizeof *rows);
    if (!keys || !rows) {
        free(keys);
        free(rows);
        return CASUS_ENOMEM;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i])
            continue;
        size_t j = (size_t)t->keys[i] & (nc - 1);
        while (keys[j])
            j = (j + 1) & (nc - 1);
        keys[j] = t->keys[i];
        rows[j] = t->rows[i];
    }
    free(t->keys);
    free(t->rows);
    t->keys = keys;
    t->rows = rows;
    t->cap = nc;
    return 0;
}

/* The row for h, created (zeroed) if new; -1 when out of memory. */
static long find_or_add(pcp_trainer *t, uint64_t h)
{
    long r = find(t, h);
    if (r >= 0)
        return r;
    if ((t->n + 1) * 2 > t->cap && grow(t))
        return -1;
    if (t->n % BLOCK_ROWS == 0) {
        float **nb = realloc(t->blocks, (t->n_blocks + 1) * sizeof *nb);
        if (!nb)
            return -1;
        t->blocks = nb;
        nb[t->n_blocks] = calloc((size_t)BLOCK_ROWS * 2 * t->n_classes, sizeof(float));
        if (!nb[t->n_blocks])
            return -1;
        t->n_blocks++;
    }
    uint64_t k = key_of(h);
    size_t mask = t->cap - 1, i = (size_t)k & mask;
    while (t->keys[i])
        i = (i + 1) & mask;
    t->keys[i] = k;
    t->rows[i] = (uint32_t)t->n;
    return (long)t->n++;
}

void pcp_trainer_score(const pcp_trainer *t, const uint64_t *feats, size_t n, float *scores)
{
    memset(scores, 0, t->n_classes * sizeof *scores);
    for (size_t f = 0; f < n; f++) {
        long r = find(t, feats[f]);
        if (r < 0)
            continue;
        const float *w = row_ptr(t, (uint32_t)r);
        for (uint32_t c = 0; c < t->n_classes; c++)
            scores[c] += w[2 * c];
    }
}

int pcp_trainer_update(pcp_trainer *t, const uint64_t *feats, size_t n, uint32_t cls,
                       float delta)
{
    for (size_t f = 0; f < n; f++) {
        long r = find_or_add(t, feats[f]);
        if (r < 0)
            return CASUS_ENOMEM;
        float *w = row_ptr(t, (uint32_t)r);
        w[2 * cls] += delta;
        w[2 * cls + 1] += (float)t->clock * delta;
    }
    return 0;
}

void pcp_trainer_tick(pcp_trainer *t)
{
    t->clock++;
}

void pcp_trainer_stats(const pcp_trainer *t, size_t *n_rows, size_t *n_weights)
{
    size_t nz = 0;
    for (size_t r = 0; r < t->n; r++) {
        const float *w = row_ptr(t, (uint32_t)r);
        for (uint32_t c = 0; c < t->n_classes; c++)
            nz += w[2 * c] != 0.0f;
    }
    *n_rows = t->n;
    *n_weights = nz;
}

static void put32(buf *b, uint32_t v, int *rc)
{
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    if (!*rc)
        *rc = buf_append(b, x, 4);
}

int pcp_trainer_export(const pcp_trainer *t, float min_abs, buf *out)
{
    /* Averaged weights; count the survivors per row. The clock is at least
     * 1 so an untrained model exports as empty, not NaN. */
    double C = t->clock ? (double)t->clock : 1.0;
    float maxabs = 0.0f;
    size_t n_entries = 0, n_rows = 0;
    uint32_t *cnt = calloc(t->n ? t->n : 1, sizeof *cnt);
    if (!cnt)
        return CASUS_ENOMEM;
    for (size_t r = 0; r < t->n; r++) {
        const float *w = row_ptr(t, (uint32_t)r);
        for (uint32_t c = 0; c < t->n_classes; c++) {
            float a = (float)(w[2 * c] - w[2 * c + 1] / C);
            if (fabsf(a) >= min_abs && a != 0.0f) {
                cnt[r]++;
                if (fabsf(a) > maxabs)
                    maxabs = fabsf(a);
            }
        }
        n_entries += cnt[r];
        n_rows += cnt[r] > 0;
    }
    float scale = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
    size_t n_slots = 16;
    while (n_slots < n_rows * 2)
        n_slots *= 2;
    uint32_t *slots = calloc(n_slots * 3, sizeof *slots);
    uint16_t *ent = malloc((n_entries ? n_entries : 1) * 2 * sizeof *ent);
    if (!slots || !ent) {
        free(cnt);
        free(slots);
        free(ent);
        return CASUS_ENOMEM;
    }
    /* Rows are placed in the order of the trainer's map, which depends only
     * on the features and their insertion order: the same training run
     * gives the same bytes. */
    size_t e = 0;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i] || !cnt[t->rows[i]])
            continue;
        uint64_t h = t->keys[i];
        uint32_t fp = (uint32_t)(h >> 32) | 1u;
        size_t j = (size_t)h & (n_slots - 1);
        while (slots[3 * j])
            j = (j + 1) & (n_slots - 1);
        const float *w = row_ptr(t, t->rows[i]);
        slots[3 * j] = fp;
        slots[3 * j + 1] = (uint32_t)e;
        slots[3 * j + 2] = cnt[t->rows[i]];
        for (uint32_t c = 0; c < t->n_classes; c++) {
            float a = (float)(w[2 * c] - w[2 * c + 1] / C);
            if (fabsf(a) >= min_abs && a != 0.0f) {
                long q = lroundf(a / scale);
                if (q > 32767)
                    q = 32767;
                if (q < -32767)
                    q = -32767;
                ent[2 * e] = (uint16_t)c;
                ent[2 * e + 1] = (uint16_t)(int16_t)q;
                e++;
            }
        }
    }
    int rc = 0;
    put32(out, 0x31504350u, &rc); /* "PCP1" */
    put32(out, t->n_classes, &rc);
    put32(out, (uint32_t)n_slots, &rc);
    put32(out, (uint32_t)n_entries, &rc);
    uint32_t sbits;
    memcpy(&sbits, &scale, 4);
    put32(out, sbits, &rc);
    put32(out, 0, &rc);
    for (size_t i = 0; i < n_slots * 3; i++)
        put32(out, slots[i], &rc);
    for (size_t i = 0; !rc && i < n_entries * 2; i++) {
        unsigned char x[2] = {(unsigned char)ent[i], (unsigned char)(ent[i] >> 8)};
        rc = buf_append(out, x, 2);
    }
    free(cnt);
    free(slots);
    free(ent);
    return rc;
}

int pcp_model_init(pcp_model *m, const void *blob, size_t size)
{
    memset(m, 0, sizeof *m);
    const uint32_t *h = blob;
    if (size < 24 || ((uintptr_t)blob & 3) || h[0] != 0x31504350u)
        return CASUS_ECORRUPT;
    uint32_t n_classes = h[1], n_slots = h[2], n_entries = h[3];
    if (!n_classes || n_classes > 65535 || !n_slots || (n_slots & (n_slots - 1)))
        return CASUS_ECORRUPT;
    uint64_t need = 24 + (uint64_t)n_slots * 12 + (uint64_t)n_entries * 4;
    if (need != size)
        return CASUS_ECORRUPT;
    const uint32_t *slots = h + 6;
    const uint16_t *ent = (const uint16_t *)(slots + (size_t)n_slots * 3);
    for (uint32_t i = 0; i < n_slots; i++) {
        uint64_t start = slots[3 * i + 1], count = slots[3 * i + 2];
        if (start + count > n_entries)
            return CASUS_ECORRUPT;
    }
    for (uint32_t e = 0; e < n_entries; e++)
        if (ent[2 * e] >= n_classes)
            return CASUS_ECORRUPT;
    memcpy(&m->scale, &h[4], 4);
    if (!(m->scale > 0.0f) || !isfinite(m->scale))
        return CASUS_ECORRUPT;
    m->n_classes = n_classes;
    m->n_slots = n_slots;
    m->n_entries = n_entries;
    m->slots = slots;
    m->entries = ent;
    return 0;
}

void pcp_model_score(const pcp_model *m, const uint64_t *feats, size_t n, float *scores)
{
    memset(scores, 0, m->n_classes * sizeof *scores);
    uint32_t mask = m->n_slots - 1;
    for (size_t f = 0; f < n; f++) {
        uint64_t h = feats[f] | 1;
        uint32_t fp = (uint32_t)(h >> 32) | 1u;
        /* Probing ends at an empty slot; the table is at most half full. */
        for (uint32_t i = (uint32_t)h & mask, k = 0; k < m->n_slots; i = (i + 1) & mask, k++) {
            const uint32_t *s = m->slots + 3 * (size_t)i;
            if (!s[0])
                break;
            if (s[0] == fp) {
                const uint16_t *e = m->entries + 2 * (size_t)s[1];
                for (uint32_t j = 0; j < s[2]; j++)
                    scores[e[2 * j]] += (float)(int16_t)e[2 * j + 1] * m->scale;
                break;
            }
        }
    }
}
