/*
 * parser.c — loading a dependency-parser model and parsing sentences
 * (syntax.h, parse_model.h).
 *
 * Greedy arc-hybrid decoding (transition.h) with two averaged perceptrons
 * read in place from the mapped model: one picks SHIFT / LEFT / RIGHT,
 * the other labels each arc as it is made. A model trained for beam search
 * (`casus train parser --beam K`) is decoded with its beam instead
 * (parse_beam.c): more accurate, several times slower. Factoring the label out keeps
 * the transition model at 3 classes, which is what makes the large
 * Zhang & Nivre feature set affordable in memory at training time and in
 * size on disk; the label model sees features of the finished dependent
 * and of the head's other dependents, which a joint model could not use.
 *
 * Speed is memory latency: each transition probes ~140 features into a
 * table of several MB. The transition weights are therefore packed so
 * that one 8-byte slot holds a feature's fingerprint and its three
 * weights (parse_model.h), and all probes of a configuration are
 * prefetched before any is read.
 *
 * parser_parse is thread-safe: the model is read-only and the per-sentence
 * state (word hashes, configuration) comes from the caller's arena; the
 * loop itself allocates nothing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/parse_feats.h"
#include "syntax/parse_model.h"
#include "syntax/transition.h"
#include "util/error.h"

/* ---------------------------------------------------------------- loading */

static uint32_t rd32(const void *p)
{
    const unsigned char *b = p;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int parser_trans_init(parser_trans *t, const void *blob, size_t size)
{
    memset(t, 0, sizeof *t);
    if (size < 16 || ((uintptr_t)blob & 3))
        return CASUS_ECORRUPT;
    const unsigned char *b = blob;
    uint32_t n_slots = rd32(b + 4), n_used = rd32(b + 12), sbits = rd32(b + 8);
    float scale;
    memcpy(&scale, &sbits, 4);
    if (rd32(b) != PARSER_TRANS_MAGIC || n_slots < 16 || (n_slots & (n_slots - 1)) ||
        16 + (uint64_t)n_slots * 8 != size || !(scale > 0.0f) || !isfinite(scale))
        return CASUS_ECORRUPT;
    /* At least one empty slot, so that every probe ends. */
    const uint16_t *slots = (const uint16_t *)(b + 16);
    uint32_t used = 0;
    for (uint32_t i = 0; i < n_slots; i++)
        used += slots[4 * (size_t)i] != 0;
    if (used != n_used || used >= n_slots)
        return CASUS_ECORRUPT;
    t->n_slots = n_slots;
    t->scale = scale;
    t->slots = slots;
    return 0;
}

int parser_trans_pack(const pcp_model *m, buf *out)
{
    if (m->n_classes != TRANS_N)
        return CASUS_EINVAL;
    unsigned char head[16];
    uint32_t v[4], used = 0;
    for (uint32_t i = 0; i < m->n_slots; i++)
        used += m->slots[3 * (size_t)i] != 0;
    v[0] = PARSER_TRANS_MAGIC;
    v[1] = m->n_slots;
    memcpy(&v[2], &m->scale, 4);
    v[3] = used;
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 4; k++)
            head[4 * i + k] = (unsigned char)(v[i] >> (8 * k));
    int rc = buf_append(out, head, sizeof head);
    for (uint32_t i = 0; i < m->n_slots && !rc; i++) {
        const uint32_t *sl = m->slots + 3 * (size_t)i;
        uint16_t q[4] = {0, 0, 0, 0};
        if (sl[0]) {
            q[0] = (uint16_t)((sl[0] >> 16) | 1u);
            const uint16_t *e = m->entries + 2 * (size_t)sl[1];
            for (uint32_t j = 0; j < sl[2]; j++)
                q[1 + e[2 * j]] = e[2 * j + 1];
        }
        unsigned char x[8];
        for (int k = 0; k < 4; k++) {
            x[2 * k] = (unsigned char)q[k];
            x[2 * k + 1] = (unsigned char)(q[k] >> 8);
        }
        rc = buf_append(out, x, sizeof x);
    }
    return rc;
}

/* Checks the sections of an opened container and fills p. */
static int load_sections(parser *p, casus_error *err)
{
    const model_section *cfg = model_find(&p->file, "config");
    const model_section *lab = model_find(&p->file, "labels");
    const model_section *allow = model_find(&p->file, "allow");
    const model_section *tr = model_find(&p->file, "trans");
    const model_section *lb = model_find(&p->file, "label");
    const model_section *cl = model_find(&p->file, "clusters");
    if (!cfg || !lab || !allow || !tr || !lb || !cl)
        return error_set(err, CASUS_ECORRUPT, "parser model: missing section");
    if (cfg->size != 32 || rd32(cfg->data) != PARSER_MAGIC)
        return error_set(err, CASUS_ECORRUPT, "parser model: bad config section");
    const unsigned char *c = cfg->data;
    if (rd32(c + 4) != PARSER_FORMAT || rd32(c + 8) != PARSER_FEATS_VERSION ||
        rd32(c + 12) != PARSER_SYSTEM_ARC_HYBRID)
        return error_set(err, CASUS_EVERSION,
                         "parser model: format %u / features %u / system %u, this casus reads "
                         "%u / %u / %u",
                         rd32(c + 4), rd32(c + 8), rd32(c + 12), PARSER_FORMAT,
                         PARSER_FEATS_VERSION, PARSER_SYSTEM_ARC_HYBRID);
    uint32_t n_labels = rd32(c + 16);
    if (!n_labels || n_labels > PARSER_MAX_LABELS)
        return error_set(err, CASUS_ECORRUPT, "parser model: %u labels", n_labels);
    /* Labels: exactly n_labels non-empty NUL-terminated strings. */
    const char *s = lab->data;
    size_t size = (size_t)lab->size;
    if (!size || s[size - 1] != '\0')
        return error_set(err, CASUS_ECORRUPT, "parser model: bad label section");
    p->labels = calloc(n_labels, sizeof *p->labels);
    if (!p->labels)
        return error_set(err, CASUS_ENOMEM, "out of memory");
    size_t off = 0;
    for (uint32_t k = 0; k < n_labels; k++) {
        if (off >= size || s[off] == '\0')
            return error_set(err, CASUS_ECORRUPT, "parser model: bad label section");
        p->labels[k] = s + off;
        off += strlen(s + off) + 1;
    }
    if (off != size)
        return error_set(err, CASUS_ECORRUPT, "parser model: bad label section");
    if (allow->size != n_labels)
        return error_set(err, CASUS_ECORRUPT, "parser model: bad allow section");
    p->allow = allow->data;
    for (uint32_t k = 0; k < n_labels; k++)
        if (p->allow[k] & ~7u)
            return error_set(err, CASUS_ECORRUPT, "parser model: bad allow section");
    if (parser_trans_init(&p->trans, tr->data, (size_t)tr->size))
        return error_set(err, CASUS_ECORRUPT, "parser model: bad transition weights");
    if (pcp_model_init(&p->label, lb->data, (size_t)lb->size) || p->label.n_classes != n_labels)
        return error_set(err, CASUS_ECORRUPT, "parser model: bad label weights");
    p->n_clusters = rd32(c + 20);
    if (p->n_clusters > (1u << 24) ||
        tagger_table_init(&p->clusters, cl->data, (size_t)cl->size, p->n_clusters))
        return error_set(err, CASUS_ECORRUPT, "parser model: bad clusters section");
    uint32_t beam = rd32(c + 24);
    if (beam > PARSER_MAX_BEAM)
        return error_set(err, CASUS_ECORRUPT, "parser model: beam width %u", beam);
    p->beam = beam ? (int)beam : 1;
    p->n_labels = n_labels;
    return 0;
}

static int load_common(parser **out, parser *p, int rc, casus_error *err)
{
    if (!rc)
        rc = load_sections(p, err);
    if (rc) {
        parser_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

int parser_load(parser **out, const char *path, casus_error *err)
{
    *out = NULL;
    parser *p = calloc(1, sizeof *p);
    if (!p)
        return error_set(err, CASUS_ENOMEM, "out of memory");
    int rc = model_open(&p->file, path, "parser", err);
    return load_common(out, p, rc, err);
}

int parser_load_buffer(parser **out, const void *data, size_t size, casus_error *err)
{
    *out = NULL;
    parser *p = calloc(1, sizeof *p);
    if (!p)
        return error_set(err, CASUS_ENOMEM, "out of memory");
    int rc = model_open_buffer(&p->file, data, size, "parser", err);
    return load_common(out, p, rc, err);
}

void parser_free(parser *p)
{
    if (!p)
        return;
    model_close(&p->file);
    free(p->labels);
    free(p);
}

const char *parser_label(const parser *p, uint16_t k)
{
    return k < p->n_labels ? p->labels[k] : "_";
}

size_t parser_n_labels(const parser *p)
{
    return p->n_labels;
}

/* ---------------------------------------------------------------- parsing */

/*
 * pcp_model_score with the memory latency overlapped: the model is tens of
 * MB and every feature is a random probe, so first the slots of all
 * features are prefetched, then their weight runs, then the sums are made.
 * Same result as pcp_model_score (same probing, same order of additions).
 */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static void score(const pcp_model *m, const uint64_t *f, size_t n, float *scores)
{
    const uint16_t *run[PARSER_MAX_TFEATS > PARSER_MAX_LFEATS ? PARSER_MAX_TFEATS
                                                                : PARSER_MAX_LFEATS];
    uint32_t len[sizeof run / sizeof run[0]];
    uint32_t mask = m->n_slots - 1;
    for (size_t i = 0; i < n; i++)
        PREFETCH(m->slots + 3 * (size_t)((uint32_t)(f[i] | 1) & mask));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t h = f[i] | 1;
        uint32_t fp = (uint32_t)(h >> 32) | 1u;
        for (uint32_t j = (uint32_t)h & mask, c = 0; c < m->n_slots; j = (j + 1) & mask, c++) {
            const uint32_t *sl = m->slots + 3 * (size_t)j;
            if (!sl[0])
                break;
            if (sl[0] == fp) {
                run[k] = m->entries + 2 * (size_t)sl[1];
                len[k] = sl[2];
                PREFETCH(run[k]);
                k++;
                break;
            }
        }
    }
    memset(scores, 0, m->n_classes * sizeof *scores);
    for (size_t i = 0; i < k; i++)
        for (uint32_t j = 0; j < len[i]; j++)
            scores[run[i][2 * j]] += (float)(int16_t)run[i][2 * j + 1] * m->scale;
}

/* The transition scores: one probe per feature into the packed table,
 * all slots prefetched first. */
void parser_trans_score(const parser_trans *t, const uint64_t *f, size_t n, float *scores)
{
    uint32_t mask = t->n_slots - 1;
    for (size_t i = 0; i < n; i++)
        PREFETCH(t->slots + 4 * (size_t)((uint32_t)(f[i] | 1) & mask));
    int32_t acc[TRANS_N] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        uint64_t h = f[i] | 1;
        uint16_t fp = (uint16_t)((h >> 48) | 1u);
        for (uint32_t j = (uint32_t)h & mask;; j = (j + 1) & mask) {
            const uint16_t *sl = t->slots + 4 * (size_t)j;
            if (!sl[0])
                break;
            if (sl[0] == fp) {
                acc[0] += (int16_t)sl[1];
                acc[1] += (int16_t)sl[2];
                acc[2] += (int16_t)sl[3];
                break;
            }
        }
    }
    for (int c = 0; c < TRANS_N; c++)
        scores[c] = (float)acc[c] * t->scale;
}

/* The best valid transition under scores. */
static int best_valid(const trans_state *s, const float *scores)
{
    int best = -1;
    for (int t = 0; t < TRANS_N; t++)
        if (trans_valid(s, t) && (best < 0 || scores[t] > scores[best]))
            best = t;
    return best;
}

/* The best label for the arc h -> d among those seen in that position. */
uint16_t parser_best_label(const parser *p, const trans_state *s, const parser_word *words,
                           int h, int d)
{
    uint64_t f[PARSER_MAX_LFEATS];
    float sc[PARSER_MAX_LABELS];
    size_t nf = parser_label_features(s, words, h, d, f);
    score(&p->label, f, nf, sc);
    unsigned need = h == s->n ? PARSER_ALLOW_ROOT : d < h ? PARSER_ALLOW_LEFT : PARSER_ALLOW_RIGHT;
    int best = -1;
    for (uint32_t k = 0; k < p->n_labels; k++)
        if ((p->allow[k] & need) && (best < 0 || sc[k] > sc[best]))
            best = (int)k;
    if (best < 0) /* a position no training arc had: any label */
        for (uint32_t k = 0; k < p->n_labels; k++)
            if (best < 0 || sc[k] > sc[best])
                best = (int)k;
    return (uint16_t)best;
}

/* The terminal configuration s as CoNLL-U heads (1-based, 0 = root) and
 * labels. */
static void tree_out(const trans_state *s, size_t n, int32_t *heads, uint16_t *labels)
{
    for (size_t i = 0; i < n; i++) {
        heads[i] = s->head[i] == (int32_t)n ? 0 : s->head[i] + 1;
        labels[i] = s->label[i];
    }
}

static void beam_trans(const void *ctx, const uint64_t *f, size_t n, float *scores)
{
    parser_trans_score(&((const parser *)ctx)->trans, f, n, scores);
}

static uint16_t beam_label(const void *ctx, const trans_state *s, const parser_word *words, int h,
                           int d)
{
    return parser_best_label(ctx, s, words, h, d);
}

static int parse_beam(const parser *p, const parser_word *words, size_t n, int32_t *heads,
                      uint16_t *labels, arena *scratch)
{
    pbeam b;
    if (pbeam_init(&b, p->beam, (int)n, scratch))
        return CASUS_ENOMEM;
    pbeam_scorer sc = {beam_trans, beam_label, p};
    while (!trans_terminal(&b.cur[0].st))
        pbeam_step(&b, &sc, words, -1, 0, 0);
    tree_out(&b.cur[0].st, n, heads, labels);
    return 0;
}

int parser_parse_words(const parser *p, const parser_word *words, size_t n, int32_t *heads,
                       uint16_t *labels, arena *scratch)
{
    if (n == 0)
        return 0;
    if (n > (size_t)1 << 20)
        return CASUS_ETOOBIG;
    /* Beam items copy their configuration at every step (O(k n^2) per
     * sentence): a run-on "sentence" is parsed greedily instead. */
    if (p->beam > 1 && n <= PARSER_BEAM_MAX_WORDS)
        return parse_beam(p, words, n, heads, labels, scratch);
    trans_state s;
    if (trans_state_init(&s, (int)n, scratch))
        return CASUS_ENOMEM;
    uint64_t f[PARSER_MAX_TFEATS];
    float sc[TRANS_N];
    while (!trans_terminal(&s)) {
        size_t nf = parser_trans_features(&s, words, f);
        parser_trans_score(&p->trans, f, nf, sc);
        int t = best_valid(&s, sc);
        uint16_t lab = 0;
        if (t == TRANS_LEFT)
            lab = parser_best_label(p, &s, words, s.b, s.stack[s.sp - 1]);
        else if (t == TRANS_RIGHT)
            lab = parser_best_label(p, &s, words, s.stack[s.sp - 2], s.stack[s.sp - 1]);
        trans_apply(&s, t, lab);
    }
    tree_out(&s, n, heads, labels);
    return 0;
}

int parser_parse(const parser *p, const char *const *forms, const char *const *lemmas,
                 const char *const *upos, const char *const *xpos, size_t n, int32_t *heads,
                 uint16_t *labels, arena *scratch)
{
    if (n == 0)
        return 0;
    if (n > (size_t)1 << 20)
        return CASUS_ETOOBIG;
    parser_word *words = arena_array(scratch, n + 2, sizeof *words);
    if (!words)
        return CASUS_ENOMEM;
    parser_words_init(words, forms, lemmas, upos, xpos, n, &p->clusters);
    return parser_parse_words(p, words, n, heads, labels, scratch);
}
