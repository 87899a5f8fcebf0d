/*
 * tag_cluster.c — word clusters for the tagger (tag_cluster.h).
 *
 * Reading: a clusters file is compiled into a tag_util table keyed by the
 * same lowercased-form hash the tagger computes for each word, so the
 * tagger finds a word's cluster with one probe.
 *
 * Building: a cheap distributional clustering rather than Brown's
 * (whose exchange algorithm takes hours on 20 MB): the text is tokenised
 * by casus's own text layer (so words look like casus_word.norm), each
 * word seen min_count times gets a vector of square-rooted counts of its
 * left and right neighbours among the 1000 most frequent words (plus
 * "other" and "boundary"), L2-normalised, and spherical k-means groups
 * them. Everything is ordered by (count, first appearance) and the only
 * randomness is the seeded initial pick, so the file is reproducible.
 */
#include "syntax/tag_cluster.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/perceptron.h"
#include "syntax/tag_util.h"
#include "text/text.h"
#include "util/error.h"

/* Must match tagger.c's SEED_LOWER. */
#define CLUSTER_SEED_LOWER 0x101

static uint64_t lower_key(const char *s, size_t n)
{
    char low[64];
    size_t ln = tagger_lower(s, n, low, sizeof low);
    uint64_t h = pcp_hash_bytes(low, ln, CLUSTER_SEED_LOWER);
    return h ? h : 1;
}

int tagger_cluster_section(const char *path, uint32_t *n_clusters, buf *out, casus_error *err)
{
    tagger_map m;
    tagger_map_init(&m);
    int rc = tagger_cluster_read(path, &m, n_clusters, err);
    if (!rc && (rc = tagger_map_export(&m, out)))
        error_set(err, rc, "%s: %s", path, casus_strerror(rc));
    tagger_map_finish(&m);
    return rc;
}

/* ---- building ---- */

typedef struct cb {
    tagger_map ids; /* lower key -> word id */
    buf names;      /* NUL-separated lowercased words */
    uint32_t *name_off, *count;
    size_t n_words, cap_words;
    uint32_t *seq; /* word ids, TAGGER_NONE between chunks */
    size_t n_seq, cap_seq;
} cb;

static int cb_push(cb *b, uint32_t id)
{
    if (b->n_seq == b->cap_seq) {
        size_t nc = b->cap_seq ? b->cap_seq * 2 : (1u << 20);
        uint32_t *p = realloc(b->seq, nc * sizeof *p);
        if (!p)
            return CASUS_ENOMEM;
        b->seq = p;
        b->cap_seq = nc;
    }
    b->seq[b->n_seq++] = id;
    return 0;
}

static int cb_word(cb *b, const char *s, size_t n)
{
    char low[64];
    size_t ln = tagger_lower(s, n, low, sizeof low);
    uint32_t *v = tagger_map_slot(&b->ids, lower_key(low, ln));
    if (!v)
        return CASUS_ENOMEM;
    if (*v == TAGGER_NONE) {
        if (b->n_words == b->cap_words) {
            size_t nc = b->cap_words ? b->cap_words * 2 : 65536;
            uint32_t *a = realloc(b->name_off, nc * sizeof *a);
            if (a)
                b->name_off = a;
            uint32_t *c = realloc(b->count, nc * sizeof *c);
            if (c)
                b->count = c;
            if (!a || !c)
                return CASUS_ENOMEM;
            b->cap_words = nc;
        }
        b->name_off[b->n_words] = (uint32_t)b->names.len;
        b->count[b->n_words] = 0;
        if (buf_append(&b->names, low, ln + 1))
            return CASUS_ENOMEM;
        *v = (uint32_t)b->n_words++;
    }
    b->count[*v]++;
    return cb_push(b, *v);
}

/* Tokenises one chunk of text with the casus text layer. */
static int cb_chunk(cb *b, const char *text, size_t len)
{
    arena a;
    arena_init(&a, 0);
    text_norm tn;
    casus_token *tok;
    casus_word *w;
    size_t nt, nw;
    int rc = text_normalize(&a, text, len, &tn);
    if (!rc)
        rc = text_tokenize(&a, text, len, &tn, &tok, &nt, &w, &nw);
    for (size_t i = 0; !rc && i < nw; i++)
        rc = cb_word(b, w[i].norm, strlen(w[i].norm));
    if (!rc)
        rc = cb_push(b, TAGGER_NONE);
    arena_finish(&a);
    return rc;
}

static const uint32_t *g_count; /* for the rank sort; set only while sorting */

static int by_count(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    if (g_count[a] != g_count[b])
        return g_count[a] > g_count[b] ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int by_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

#define CTX_WORDS 1000
#define CTX_DIMS (2 * (CTX_WORDS + 2))

static void report(void (*progress)(void *, const char *), void *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void report(void (*progress)(void *, const char *), void *ctx, const char *fmt, ...)
{
    if (!progress)
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    progress(ctx, line);
}

/* The clustering behind tagger_cluster_build and tagger_cluster_learn:
 * the result goes to the file out_path and/or the map out. */
static int cluster_run(const char *text_path, const char *out_path, tagger_map *out, uint32_t k,
                       uint32_t min_count, uint64_t seed,
                       void (*progress)(void *ctx, const char *line), void *ctx, casus_error *err)
{
    if (k < 2 || k > 65536)
        return error_set(err, CASUS_EINVAL, "clusters: k must be 2..65536");
    FILE *f = fopen(text_path, "rb");
    if (!f)
        return error_set(err, errno == ENOENT ? CASUS_ENOENT : CASUS_EIO, "%s: %s", text_path,
                         strerror(errno));
    cb b;
    memset(&b, 0, sizeof b);
    tagger_map_init(&b.ids);
    buf_init(&b.names, 0);
    buf chunk;
    buf_init(&chunk, 0);
    uint32_t *rank = NULL, *order = NULL, *assign = NULL;
    uint64_t *pairs = NULL;
    size_t *vstart = NULL;
    uint32_t *vdim = NULL;
    float *vval = NULL, *cent = NULL, *sim = NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    /* Chunks are paragraphs (blank-line separated). */
    while (!rc && (len = getline(&line, &cap, f)) > 0) {
        int blank = 1;
        for (ssize_t i = 0; i < len; i++)
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\n' && line[i] != '\r')
                blank = 0;
        if (blank) {
            if (chunk.len)
                rc = cb_chunk(&b, chunk.data, chunk.len);
            buf_reset(&chunk);
        } else {
            rc = buf_append(&chunk, line, (size_t)len);
        }
    }
    if (!rc && chunk.len)
        rc = cb_chunk(&b, chunk.data, chunk.len);
    free(line);
    fclose(f);
    if (rc)
        goto fail;
    report(progress, ctx, "clusters: %zu tokens, %zu word types", b.n_seq, b.n_words);
    /* Ranks by frequency; the CTX_WORDS most frequent are the context
     * dimensions, the words seen min_count times are clustered. */
    order = malloc((b.n_words ? b.n_words : 1) * sizeof *order);
    rank = malloc((b.n_words ? b.n_words : 1) * sizeof *rank);
    if (!order || !rank)
        goto oom;
    for (size_t i = 0; i < b.n_words; i++)
        order[i] = (uint32_t)i;
    g_count = b.count;
    qsort(order, b.n_words, sizeof *order, by_count);
    g_count = NULL;
    size_t n_clu = 0;
    for (size_t r = 0; r < b.n_words; r++) {
        rank[order[r]] = (uint32_t)r;
        if (b.count[order[r]] >= min_count)
            n_clu = r + 1;
    }
    if (n_clu < k) {
        rc = error_set(err, CASUS_EINVAL, "clusters: only %zu words seen %u times", n_clu,
                       min_count);
        goto done;
    }
    /* (clustered word rank, context dimension) pairs, sorted and counted. */
    pairs = malloc((b.n_seq ? b.n_seq : 1) * 2 * sizeof *pairs);
    if (!pairs)
        goto oom;
    size_t np = 0;
    for (size_t i = 0; i < b.n_seq; i++) {
        if (b.seq[i] == TAGGER_NONE || rank[b.seq[i]] >= n_clu)
            continue;
        uint64_t r = rank[b.seq[i]];
        uint32_t lft = i > 0 ? b.seq[i - 1] : TAGGER_NONE;
        uint32_t rgt = i + 1 < b.n_seq ? b.seq[i + 1] : TAGGER_NONE;
        uint32_t dl = lft == TAGGER_NONE      ? CTX_WORDS + 1
                      : rank[lft] < CTX_WORDS ? rank[lft]
                                              : CTX_WORDS;
        uint32_t dr = rgt == TAGGER_NONE      ? CTX_WORDS + 1
                      : rank[rgt] < CTX_WORDS ? rank[rgt]
                                              : CTX_WORDS;
        pairs[np++] = r << 32 | dl;
        pairs[np++] = r << 32 | (CTX_WORDS + 2 + dr);
    }
    qsort(pairs, np, sizeof *pairs, by_u64);
    vstart = calloc(n_clu + 1, sizeof *vstart);
    vdim = malloc((np ? np : 1) * sizeof *vdim);
    vval = malloc((np ? np : 1) * sizeof *vval);
    if (!vstart || !vdim || !vval)
        goto oom;
    size_t nnz = 0;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && pairs[j] == pairs[i])
            j++;
        uint32_t r = (uint32_t)(pairs[i] >> 32);
        vdim[nnz] = (uint32_t)pairs[i];
        vval[nnz] = sqrtf((float)(j - i));
        nnz++;
        vstart[r + 1] = nnz;
        i = j;
    }
    for (size_t r = 1; r <= n_clu; r++)
        if (vstart[r] < vstart[r - 1])
            vstart[r] = vstart[r - 1];
    for (size_t r = 0; r < n_clu; r++) {
        double s2 = 0;
        for (size_t e = vstart[r]; e < vstart[r + 1]; e++)
            s2 += (double)vval[e] * vval[e];
        float inv = s2 > 0 ? (float)(1.0 / sqrt(s2)) : 0.0f;
        for (size_t e = vstart[r]; e < vstart[r + 1]; e++)
            vval[e] *= inv;
    }
    free(pairs);
    pairs = NULL;
    report(progress, ctx, "clusters: %zu words to cluster, %zu non-zeros", n_clu, nnz);
    /* Spherical k-means; the initial centroids are k distinct words drawn
     * with the seeded generator. */
    cent = calloc((size_t)k * CTX_DIMS, sizeof *cent);
    sim = malloc((size_t)k * sizeof *sim);
    assign = malloc(n_clu * sizeof *assign);
    uint32_t *pick = malloc(n_clu * sizeof *pick);
    if (!cent || !sim || !assign || !pick) {
        free(pick);
        goto oom;
    }
    for (size_t r = 0; r < n_clu; r++)
        pick[r] = (uint32_t)r;
    uint64_t st = seed;
    tagger_shuffle(pick, n_clu, &st);
    for (uint32_t c = 0; c < k; c++)
        for (size_t e = vstart[pick[c]]; e < vstart[pick[c] + 1]; e++)
            cent[(size_t)vdim[e] * k + c] = vval[e];
    free(pick);
    for (int it = 0; it < 20; it++) {
        size_t changed = 0;
        double total = 0;
        for (size_t r = 0; r < n_clu; r++) {
            memset(sim, 0, (size_t)k * sizeof *sim);
            for (size_t e = vstart[r]; e < vstart[r + 1]; e++) {
                const float *row = cent + (size_t)vdim[e] * k;
                float v = vval[e];
                for (uint32_t c = 0; c < k; c++)
                    sim[c] += v * row[c];
            }
            uint32_t best = 0;
            for (uint32_t c = 1; c < k; c++)
                if (sim[c] > sim[best])
                    best = c;
            total += sim[best];
            if (it == 0 || assign[r] != best)
                changed++;
            assign[r] = best;
        }
        memset(cent, 0, (size_t)k * CTX_DIMS * sizeof *cent);
        for (size_t r = 0; r < n_clu; r++)
            for (size_t e = vstart[r]; e < vstart[r + 1]; e++)
                cent[(size_t)vdim[e] * k + assign[r]] += vval[e];
        /* Centroids are stored dimension-major (cent[d * k + c]) so the
         * assignment loop runs over contiguous memory. */
        for (uint32_t c = 0; c < k; c++) {
            double s2 = 0;
            for (size_t d = 0; d < CTX_DIMS; d++)
                s2 += (double)cent[d * k + c] * cent[d * k + c];
            float inv = s2 > 0 ? (float)(1.0 / sqrt(s2)) : 0.0f;
            for (size_t d = 0; d < CTX_DIMS; d++)
                cent[d * k + c] *= inv;
        }
        report(progress, ctx, "clusters: iteration %d: %zu changed, mean similarity %.4f", it + 1,
               changed, total / (double)n_clu);
        if (it > 0 && changed * 1000 < n_clu)
            break;
    }
    for (size_t r = 0; out && r < n_clu; r++) {
        const char *name = b.names.data + b.name_off[order[r]];
        uint32_t *v = tagger_map_slot(out, lower_key(name, strlen(name)));
        if (!v)
            goto oom;
        *v = assign[r];
    }
    if (!out_path)
        goto done;
    FILE *o = fopen(out_path, "w");
    if (!o) {
        rc = error_set(err, CASUS_EIO, "%s: %s", out_path, strerror(errno));
        goto done;
    }
    for (size_t r = 0; r < n_clu; r++)
        fprintf(o, "%s\t%u\n", b.names.data + b.name_off[order[r]], assign[r]);
    if (fclose(o))
        rc = error_set(err, CASUS_EIO, "%s: write error", out_path);
    goto done;
oom:
    rc = CASUS_ENOMEM;
fail:
    error_set(err, rc, "clusters: %s", casus_strerror(rc));
done:
    buf_finish(&chunk);
    buf_finish(&b.names);
    tagger_map_finish(&b.ids);
    free(b.name_off);
    free(b.count);
    free(b.seq);
    free(rank);
    free(order);
    free(assign);
    free(pairs);
    free(vstart);
    free(vdim);
    free(vval);
    free(cent);
    free(sim);
    return rc;
}

int tagger_cluster_build(const char *text_path, const char *out_path, uint32_t k,
                         uint32_t min_count, uint64_t seed,
                         void (*progress)(void *ctx, const char *line), void *ctx, casus_error *err)
{
    return cluster_run(text_path, out_path, NULL, k, min_count, seed, progress, ctx, err);
}

int tagger_cluster_learn(const char *text_path, uint32_t k, uint32_t min_count, uint64_t seed,
                         void (*progress)(void *ctx, const char *line), void *ctx, tagger_map *out,
                         casus_error *err)
{
    return cluster_run(text_path, NULL, out, k, min_count, seed, progress, ctx, err);
}

int tagger_cluster_read(const char *path, tagger_map *out, uint32_t *n_clusters, casus_error *err)
{
    *n_clusters = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return error_set(err, errno == ENOENT ? CASUS_ENOENT : CASUS_EIO, "%s: %s", path,
                         strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;
    uint32_t maxid = 0;
    while (!rc && (len = getline(&line, &cap, f)) > 0) {
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!len)
            continue;
        char *tab = strchr(line, '\t');
        char *end = NULL;
        unsigned long id = tab ? strtoul(tab + 1, &end, 10) : 0;
        if (!tab || tab == line || !end || end == tab + 1 || *end || id >= (1ul << 24)) {
            rc = error_set(err, CASUS_EFORMAT, "%s:%ld: expected word<TAB>cluster", path, lineno);
            break;
        }
        uint32_t *v = tagger_map_slot(out, lower_key(line, (size_t)(tab - line)));
        if (!v) {
            rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
            break;
        }
        if (*v == TAGGER_NONE)
            *v = (uint32_t)id;
        if (id > maxid)
            maxid = (uint32_t)id;
    }
    free(line);
    if (!rc && ferror(f))
        rc = error_set(err, CASUS_EIO, "%s: read error", path);
    fclose(f);
    if (!rc)
        *n_clusters = out->n ? maxid + 1 : 0;
    return rc;
}
