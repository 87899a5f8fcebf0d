/*
 * ner.c — the named-entity tagger: PER, ORG and LOC names in IOB2 tags
 * for each word of a sentence, from a model trained by casus on Universal
 * NER (ner_train.c).
 *
 * Model. A first-order structured averaged perceptron over hashed
 * features (perceptron.h), decoded by Viterbi under the B/I constraint (an
 * I-x only after B-x or I-x), so every output is a well-formed IOB2
 * sequence. Static features of word i: its lowercased and exact form,
 * prefixes and suffixes 1-4, shape, flags (capitals, digits, first word),
 * the forms, shapes and flags of its ±2 neighbours, form bigrams, word
 * clusters (k-means over news text, tag_cluster.c) of ±2 words, the
 * word's news capitalisation class (ner_news.c), the tagger's UPOS and
 * XPOS of ±2 words, the sentence's capitalisation (lower-case web text and
 * all-caps headlines name things differently) and gazetteer bits from
 * casus's dictionaries (entity/dict.h) when the pipeline has them.
 * Dynamic features pair the previous tag with the word, its shape, flags,
 * cluster, news class, XPOS and gazetteer bits. Scoring, 56 + 7 x 8 hashed
 * lookups per word, dominates; Viterbi adds 7 x 7 sums.
 *
 * After a document's sentences are tagged, ner_doc_consistency gives
 * untagged repeats of the names found in it the type they got elsewhere
 * (+0.8 span F1 on UNER EWT dev over three seeds, no measurable cost).
 *
 * Measured on UNER EWT dev and not kept (docs/ENTITIES.md): parse
 * features, document-level evidence, news "profiles" from a first model,
 * a second (k = 256) clustering, passive-aggressive (PA-I) and
 * cost-augmented updates, dropping the updates of O tokens whose word is
 * mostly a name elsewhere in train, neighbour words crossed with the
 * word's capitalisation: each within the seed noise or worse.
 *
 * File (container kind "ner", util/model.h), version 1, sections:
 *   meta     u32[8]: version, n_tags (7), n_clusters, feature groups
 *            (NER_F_* of ner.h), 0, 0, 0, 0
 *   words    word table (ner_feat.h, ner_words): key of the lowercased
 *            word (pcp_hash_bytes seed 0x101, as the tagger's clusters) ->
 *            cluster id (< n_clusters), or with NER_F_NEWS cluster (12
 *            bits, 4095: none) | news class << 12 (ner_news.c)
 *   weights  packed perceptron (tag_util.h, tagger_pw, one pass) over
 *            n_tags classes
 * Every count, offset and id is checked at load: a bad file is
 * CASUS_ECORRUPT or CASUS_EVERSION, never a crash (tests/test_ner.c,
 * tests/fuzz/fuzz_ner_model.c).
 *
 * Threads: a loaded model is immutable; ner_tag's scratch comes from the
 * caller's arena.
 */
#include "entity/ner_feat.h"

#include <stdlib.h>
#include <string.h>

#include "syntax/perceptron.h"
#include "util/error.h"
#include "util/model.h"

#define NER_VERSION 1

struct ner_model {
    model_file mf;
    uint32_t fx, n_clusters;
    ner_words clusters;
    tagger_pw pw;
};

/* Key spaces of the word hashes (SEED_LOWER must match tag_cluster.c). */
enum {
    SEED_LOWER = 0x101,
    SEED_EXACT = 0x4e01,
    SEED_SHAPE = 0x4e02,
    SEED_POS = 0x4e03,
    SEED_PRE = 0x4e10,
    SEED_SUF = 0x4e20
};

enum {
    FL_INITCAP = 1,
    FL_ALLCAPS = 2,
    FL_DIGIT = 4,
    FL_HYPHEN = 8,
    FL_PERIOD = 16,
    FL_FIRST = 32,
    FL_NONASCII = 64,
    FL_ALPHA = 128,
    FL_MIXED = 256, /* a capital after a small letter: iPhone, McCain */
    FL_LAST = 512
};

/* Sentence capitalisation classes (ner_word.scase). */
enum { SC_NONE, SC_LOWER, SC_UPPER, SC_TITLE, SC_MIXED };

/* Feature templates. */
enum {
    T_BIAS = 1,
    T_LOWER,
    T_EXACT,
    T_PRE1,
    T_SUF1 = T_PRE1 + 4,
    T_SHAPE = T_SUF1 + 4,
    T_FLAGS,
    T_LM1,
    T_LM2,
    T_LP1,
    T_LP2,
    T_EM1,
    T_EP1,
    T_BIM,
    T_BIP,
    T_SHM1,
    T_SHP1,
    T_SH3,
    T_FLM1,
    T_FLP1,
    T_C0,
    T_CM1,
    T_CP1,
    T_CM2,
    T_CP2,
    T_C0FL,
    T_U0,
    T_X0,
    T_XM1,
    T_XP1,
    T_XM2,
    T_XP2,
    T_XBIM,
    T_XBIP,
    T_SCFL,
    T_SCX0,
    T_G0,
    T_GM1,
    T_GP1,
    T_G0FL,
    T_G0X0,
    T_SUF3M1,
    T_SUF3P1,
    T_LX0,
    T_N0,
    T_NM1,
    T_NP1,
    T_N0FL,
    T_N0SC,
    T_N0X0,
    T_PL0,
    T_PLM1,
    T_PLP1,
    T_PL0FL,
    T_PL0G0,
    T_W0,
    T_WM1,
    T_WP1,
    T_W0FL,
    T_W0X0,
    /* dynamic */
    T_P = 100,
    T_PLOWER,
    T_PSHAPE,
    T_PC0,
    T_PX0,
    T_PG0,
    T_PFL,
    T_PN0,
    T_PPL0,
    T_PW0
};

/* ------------------------------------------------------------ features */

static void prep_sentinel(ner_word *w, uint32_t which)
{
    memset(w, 0, sizeof *w);
    uint64_t v = pcp_mix(0x4E45520000ULL, which);
    w->lower = w->exact = w->shape = w->upos = w->xpos = v;
    for (int k = 0; k < 4; k++) {
        w->pre[k] = v + (uint64_t)k + 1;
        w->suf[k] = v + (uint64_t)k + 11;
    }
    w->flags = 0x10000u + which;
    w->cluster = TAGGER_NONE - which;
    w->gaz = 0x10000u + which;
    w->news = 0x100u + which;
    w->place = 0x100u + which;
    w->wclass = 0x100u + which;
}

static uint64_t hash_str(const char *s, uint64_t seed)
{
    return s ? pcp_hash_bytes(s, strlen(s), seed) : seed;
}

static void prep_word(const ner_words *clusters, uint32_t fx, const char *s, ner_word *w)
{
    size_t n = strlen(s);
    char low[64];
    size_t ln = tagger_lower(s, n, low, sizeof low);
    char sh[16];
    size_t shn = 0;
    uint32_t fl = 0;
    int upper = 0, lowers = 0, prev_lower = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char k;
        if (c >= 'A' && c <= 'Z') {
            k = 'X', upper++;
            if (prev_lower)
                fl |= FL_MIXED;
        } else if (c >= 'a' && c <= 'z')
            k = 'x', lowers++;
        else if (c >= '0' && c <= '9')
            k = 'd', fl |= FL_DIGIT;
        else if (c >= 0x80)
            k = 'u', fl |= FL_NONASCII;
        else {
            k = (char)c;
            if (c == '-')
                fl |= FL_HYPHEN;
            else if (c == '.')
                fl |= FL_PERIOD;
        }
        prev_lower = c >= 'a' && c <= 'z';
        /* runs are cut at two: "Xxxxx" -> "Xxx", "1999" -> "dd" */
        if (shn < sizeof sh && !(shn >= 2 && sh[shn - 1] == k && sh[shn - 2] == k))
            sh[shn++] = k;
    }
    if (upper && !lowers)
        fl |= FL_ALLCAPS;
    if (n && s[0] >= 'A' && s[0] <= 'Z')
        fl |= FL_INITCAP;
    if (upper || lowers)
        fl |= FL_ALPHA;
    w->lower = pcp_hash_bytes(low, ln, SEED_LOWER);
    w->exact = pcp_hash_bytes(s, n, SEED_EXACT);
    w->shape = pcp_hash_bytes(sh, shn, SEED_SHAPE);
    for (size_t k = 1; k <= 4; k++) {
        size_t kk = k < ln ? k : ln;
        w->pre[k - 1] = pcp_hash_bytes(low, kk, SEED_PRE + k);
        w->suf[k - 1] = pcp_hash_bytes(low + ln - kk, kk, SEED_SUF + k);
    }
    w->flags = fl;
    w->cluster = TAGGER_NONE;
    w->news = NER_NEWS_UNSEEN;
    if (clusters && clusters->n_slots) {
        uint32_t v = ner_words_get(clusters, w->lower ? w->lower : 1);
        if (v != TAGGER_NONE && (fx & NER_F_NEWS)) {
            w->news = v >> NER_NEWS_SHIFT;
            v &= NER_NO_CLUSTER;
            if (v == NER_NO_CLUSTER)
                v = TAGGER_NONE;
        }
        w->cluster = v;
    }
}

/* The capitalisation of the sentence as a whole: lower-case web text,
 * all-caps and title-case headlines, or ordinary text. */
static uint32_t sentence_case(const ner_word *w, size_t n)
{
    size_t alpha = 0, init = 0, caps = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(w[i].flags & FL_ALPHA))
            continue;
        alpha++;
        init += (w[i].flags & FL_INITCAP) != 0;
        caps += (w[i].flags & (FL_ALLCAPS | FL_INITCAP)) == (FL_ALLCAPS | FL_INITCAP);
    }
    if (!alpha)
        return SC_NONE;
    if (!init)
        return SC_LOWER;
    if (alpha >= 3 && caps * 5 >= alpha * 4)
        return SC_UPPER;
    if (alpha >= 3 && init * 10 >= alpha * 7)
        return SC_TITLE;
    return SC_MIXED;
}

void ner_prep(const ner_words *clusters, uint32_t fx, const ner_sentence *s, ner_word *w)
{
    prep_sentinel(&w[0], 2);
    prep_sentinel(&w[1], 1);
    ner_word *ws = w + NER_PAD;
    for (size_t i = 0; i < s->n; i++) {
        prep_word(clusters, fx, s->norms[i], &ws[i]);
        ws[i].upos = hash_str(s->upos ? s->upos[i] : NULL, SEED_POS);
        ws[i].xpos = hash_str(s->xpos ? s->xpos[i] : NULL, SEED_POS + 1);
        uint32_t g = s->gaz ? s->gaz[i] : 0;
        ws[i].gaz = g & 0xFFu;
        ws[i].place = (g >> 8) & 7u;
        ws[i].wclass = g >> 12;
    }
    if (s->n) {
        ws[0].flags |= FL_FIRST;
        ws[s->n - 1].flags |= FL_LAST;
    }
    uint32_t sc = sentence_case(ws, s->n);
    for (size_t i = 0; i < s->n; i++)
        ws[i].scase = sc;
    prep_sentinel(&ws[s->n], 3);
    prep_sentinel(&ws[s->n + 1], 4);
}

#define F(tmpl, v) (out[k++] = pcp_mix((tmpl), (v)))

size_t ner_static_feats(const ner_word *w, uint32_t fx, uint64_t *out)
{
    size_t k = 0;
    const ner_word *w0 = w, *m1 = w - 1, *m2 = w - 2, *q1 = w + 1, *q2 = w + 2;
    F(T_BIAS, 0);
    F(T_LOWER, w0->lower);
    F(T_EXACT, w0->exact);
    for (int i = 0; i < 4; i++) {
        F(T_PRE1 + i, w0->pre[i]);
        F(T_SUF1 + i, w0->suf[i]);
    }
    F(T_SHAPE, w0->shape);
    F(T_FLAGS, w0->flags);
    F(T_LM1, m1->lower);
    F(T_LP1, q1->lower);
    F(T_LM2, m2->lower);
    F(T_LP2, q2->lower);
    F(T_EM1, m1->exact);
    F(T_EP1, q1->exact);
    F(T_BIM, pcp_mix(m1->lower, w0->lower));
    F(T_BIP, pcp_mix(w0->lower, q1->lower));
    F(T_SHM1, m1->shape);
    F(T_SHP1, q1->shape);
    F(T_SH3, pcp_mix(pcp_mix(m1->shape, w0->shape), q1->shape));
    F(T_FLM1, m1->flags);
    F(T_FLP1, q1->flags);
    F(T_SUF3M1, m1->suf[2]);
    F(T_SUF3P1, q1->suf[2]);
    F(T_SCFL, pcp_mix(w0->scase, w0->flags));
    if (fx & NER_F_CLUSTERS) {
        F(T_C0, w0->cluster);
        F(T_CM1, m1->cluster);
        F(T_CP1, q1->cluster);
        F(T_CM2, m2->cluster);
        F(T_CP2, q2->cluster);
        F(T_C0FL, pcp_mix(w0->cluster, w0->flags));
    }
    if (fx & NER_F_POS) {
        F(T_U0, w0->upos);
        F(T_X0, w0->xpos);
        F(T_XM1, m1->xpos);
        F(T_XP1, q1->xpos);
        F(T_XM2, m2->xpos);
        F(T_XP2, q2->xpos);
        F(T_XBIM, pcp_mix(m1->xpos, w0->xpos));
        F(T_XBIP, pcp_mix(w0->xpos, q1->xpos));
        F(T_SCX0, pcp_mix(w0->scase, w0->xpos));
        F(T_LX0, pcp_mix(w0->lower, w0->xpos));
    }
    if (fx & NER_F_NEWS) {
        F(T_N0, w0->news);
        F(T_NM1, m1->news);
        F(T_NP1, q1->news);
        F(T_N0FL, pcp_mix(w0->news, w0->flags));
        F(T_N0SC, pcp_mix(w0->news, w0->scase));
        if (fx & NER_F_POS)
            F(T_N0X0, pcp_mix(w0->news, w0->xpos));
    }
    if (fx & NER_F_GAZ) {
        F(T_G0, w0->gaz);
        F(T_GM1, m1->gaz);
        F(T_GP1, q1->gaz);
        F(T_G0FL, pcp_mix(w0->gaz, w0->flags));
        if (fx & NER_F_POS)
            F(T_G0X0, pcp_mix(w0->gaz, w0->xpos));
    }
    if (fx & NER_F_PLACES) {
        F(T_PL0, w0->place);
        F(T_PLM1, m1->place);
        F(T_PLP1, q1->place);
        F(T_PL0FL, pcp_mix(w0->place, w0->flags));
        F(T_PL0G0, pcp_mix(w0->place, w0->gaz));
        F(T_W0, w0->wclass);
        F(T_WM1, m1->wclass);
        F(T_WP1, q1->wclass);
        F(T_W0FL, pcp_mix(w0->wclass, w0->flags));
        if (fx & NER_F_POS)
            F(T_W0X0, pcp_mix(w0->wclass, w0->xpos));
    }
    return k;
}

size_t ner_dyn_feats(const ner_word *w, uint32_t prev, uint32_t fx, uint64_t *out)
{
    size_t k = 0;
    F(T_P, prev);
    F(T_PLOWER, pcp_mix(prev, w->lower));
    F(T_PSHAPE, pcp_mix(prev, w->shape));
    F(T_PFL, pcp_mix(prev, w->flags));
    if (fx & NER_F_CLUSTERS)
        F(T_PC0, pcp_mix(prev, w->cluster));
    if (fx & NER_F_POS)
        F(T_PX0, pcp_mix(prev, w->xpos));
    if (fx & NER_F_GAZ)
        F(T_PG0, pcp_mix(prev, w->gaz));
    if (fx & NER_F_NEWS)
        F(T_PN0, pcp_mix(prev, w->news));
    if (fx & NER_F_PLACES) {
        F(T_PPL0, pcp_mix(prev, w->place));
        F(T_PW0, pcp_mix(prev, w->wclass));
    }
    return k;
}

#undef F

void ner_viterbi(const double *em, const double *dy, size_t n, uint8_t *tags, uint8_t *work)
{
    if (!n)
        return;
    double delta[NER_N_TAGS], next[NER_N_TAGS];
    for (uint32_t c = 0; c < NER_N_TAGS; c++)
        delta[c] =
            ner_allowed(NER_START, c) ? em[c] + dy[(size_t)NER_START * NER_N_TAGS + c] : -1e300;
    for (size_t i = 1; i < n; i++) {
        const double *e = em + i * NER_N_TAGS;
        for (uint32_t c = 0; c < NER_N_TAGS; c++) {
            double best = -1e301;
            uint8_t arg = 0;
            for (uint32_t p = 0; p < NER_N_TAGS; p++) {
                if (!ner_allowed(p, c) || delta[p] <= -1e300)
                    continue;
                double v = delta[p] + dy[(i * NER_N_PREV + p) * NER_N_TAGS + c];
                if (v > best) {
                    best = v;
                    arg = (uint8_t)p;
                }
            }
            next[c] = best > -1e301 ? best + e[c] : -1e300;
            work[i * NER_N_TAGS + c] = arg;
        }
        memcpy(delta, next, sizeof delta);
    }
    uint8_t c = 0;
    for (uint32_t k = 1; k < NER_N_TAGS; k++)
        if (delta[k] > delta[c])
            c = (uint8_t)k;
    for (size_t i = n; i-- > 0;) {
        tags[i] = c;
        if (i)
            c = work[i * NER_N_TAGS + c];
    }
}

/* ------------------------------------------------------------ document */

typedef struct doc_name {
    uint64_t h0, h;      /* hash of the first word, of the word sequence */
    uint32_t at, len;    /* an occurrence (the first) and its length */
    uint32_t count[4];   /* spans of each type (index 0: part of a PER name) */
    uint32_t first_type; /* type of the first span */
} doc_name;

static int name_cmp(const void *a, const void *b)
{
    const doc_name *x = a, *y = b;
    if (x->h0 != y->h0)
        return x->h0 < y->h0 ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1; /* longest first */
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at; /* the first occurrence first */
}

static uint64_t seq_hash(const char *const *norms, size_t at, size_t len)
{
    uint64_t h = 0x4e44u;
    for (size_t k = 0; k < len; k++)
        h = pcp_mix(h, hash_str(norms[at + k], SEED_EXACT));
    return h;
}

static int same_words(const char *const *norms, size_t a, size_t b, size_t len)
{
    for (size_t k = 0; k < len; k++)
        if (strcmp(norms[a + k], norms[b + k]))
            return 0;
    return 1;
}

int ner_doc_consistency(const char *const *norms, const uint8_t *first, size_t n, uint8_t *tags)
{
    if (n < 2)
        return 0;
    ner_span *sp = malloc(n * sizeof *sp);
    doc_name *nm = malloc(3 * n * sizeof *nm);
    if (!sp || !nm) {
        free(sp);
        free(nm);
        return CASUS_ENOMEM;
    }
    /* Spans within sentences (ner_spans on each sentence's tags). */
    size_t n_names = 0;
    for (size_t s0 = 0; s0 < n;) {
        size_t s1 = s0 + 1;
        while (s1 < n && !first[s1])
            s1++;
        size_t k = ner_spans(tags + s0, s1 - s0, sp);
        for (size_t j = 0; j < k; j++) {
            size_t at = s0 + sp[j].first, len = sp[j].last - sp[j].first + 1;
            doc_name d = {.at = (uint32_t)at, .len = (uint32_t)len, .first_type = sp[j].type};
            d.count[sp[j].type] = 1;
            nm[n_names++] = d;
            if (sp[j].type != CASUS_NER_PER || len < 2)
                continue;
            for (size_t e = 0; e < 2; e++) { /* first and last word of a person's name */
                size_t w = e ? at + len - 1 : at;
                unsigned char c = (unsigned char)norms[w][0];
                if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c < 0x80)
                    continue;
                doc_name p = {.at = (uint32_t)w, .len = 1, .first_type = 0};
                p.count[0] = 1;
                nm[n_names++] = p;
            }
        }
        s0 = s1;
    }
    for (size_t j = 0; j < n_names; j++) {
        nm[j].h0 = hash_str(norms[nm[j].at], SEED_EXACT);
        nm[j].h = seq_hash(norms, nm[j].at, nm[j].len);
    }
    qsort(nm, n_names, sizeof *nm, name_cmp);
    /* Merge equal word sequences into their first occurrence. */
    size_t m = 0;
    for (size_t j = 0; j < n_names; j++) {
        if (m && nm[m - 1].h == nm[j].h && nm[m - 1].len == nm[j].len &&
            same_words(norms, nm[m - 1].at, nm[j].at, nm[j].len)) {
            for (int t = 0; t < 4; t++)
                nm[m - 1].count[t] += nm[j].count[t];
            if (!nm[m - 1].first_type)
                nm[m - 1].first_type = nm[j].first_type;
            continue;
        }
        nm[m++] = nm[j];
    }
    /* Each name's type. */
    for (size_t j = 0; j < m; j++) {
        uint32_t best = 0, ft = nm[j].first_type;
        for (uint32_t t = 1; t <= 3; t++)
            if (nm[j].count[t] && (!best || nm[j].count[t] > nm[j].count[best]))
                best = t;
        if (best && ft && nm[j].count[ft] == nm[j].count[best])
            best = ft;
        nm[j].first_type = best ? best : CASUS_NER_PER;
    }
    /* Tag untagged occurrences, longest name first. */
    size_t send = 0;
    for (size_t i = 0; i < n; i++) {
        if (first[i] || i >= send) {
            send = i + 1;
            while (send < n && !first[send])
                send++;
        }
        if (tags[i])
            continue;
        uint64_t h0 = hash_str(norms[i], SEED_EXACT);
        size_t lo = 0, hi = m;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (nm[mid].h0 < h0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t j = lo; j < m && nm[j].h0 == h0; j++) {
            size_t len = nm[j].len;
            if (i + len > send)
                continue;
            size_t k = 0;
            while (k < len && !tags[i + k])
                k++;
            if (k < len || !same_words(norms, nm[j].at, i, len))
                continue;
            uint32_t t = nm[j].first_type;
            tags[i] = (uint8_t)(2 * t - 1);
            for (k = 1; k < len; k++)
                tags[i + k] = (uint8_t)(2 * t);
            i += len - 1;
            break;
        }
    }
    free(sp);
    free(nm);
    return 0;
}

/* ------------------------------------------------------------ word table */

#define NWT_MAGIC 0x3154574eu /* "NWT1" */

int ner_words_init(ner_words *t, const void *blob, size_t size, uint32_t limit)
{
    memset(t, 0, sizeof *t);
    const uint32_t *h = blob;
    if (size < 16 || ((uintptr_t)blob & 3) || h[0] != NWT_MAGIC)
        return CASUS_ECORRUPT;
    uint32_t n_slots = h[1], n_used = h[2];
    if (n_slots < 16 || (n_slots & (n_slots - 1)) || n_used > n_slots / 2 || h[3] ||
        16 + (uint64_t)n_slots * 8 != size)
        return CASUS_ECORRUPT;
    const uint32_t *slots = h + 4;
    uint32_t used = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        if (!slots[2 * i]) {
            if (slots[2 * i + 1])
                return CASUS_ECORRUPT;
            continue;
        }
        if (slots[2 * i + 1] >= limit)
            return CASUS_ECORRUPT;
        used++;
    }
    if (used != n_used)
        return CASUS_ECORRUPT;
    t->n_slots = n_slots;
    t->slots = slots;
    return 0;
}

uint32_t ner_words_get(const ner_words *t, uint64_t key)
{
    if (!t->n_slots)
        return TAGGER_NONE;
    uint32_t fp = (uint32_t)(key >> 32) | 1u, mask = t->n_slots - 1;
    /* At most half the slots are used: the probe meets an empty one. */
    for (uint32_t i = (uint32_t)key & mask, k = 0; k < t->n_slots; i = (i + 1) & mask, k++) {
        uint32_t s = t->slots[2 * (size_t)i];
        if (s == fp)
            return t->slots[2 * (size_t)i + 1];
        if (!s)
            break;
    }
    return TAGGER_NONE;
}

int ner_words_export(const tagger_map *m, buf *out)
{
    size_t n_slots = 16;
    while (n_slots < m->n * 2)
        n_slots *= 2;
    if (n_slots > UINT32_MAX / 2)
        return CASUS_ENOMEM;
    uint32_t *t = calloc(4 + n_slots * 2, sizeof *t);
    if (!t)
        return CASUS_ENOMEM;
    t[0] = NWT_MAGIC;
    t[1] = (uint32_t)n_slots;
    uint32_t *slots = t + 4, used = 0;
    for (size_t i = 0; i < m->cap; i++) {
        uint64_t k = m->keys[i];
        if (!k || m->vals[i] == TAGGER_NONE)
            continue;
        uint32_t fp = (uint32_t)(k >> 32) | 1u;
        size_t j = (size_t)k & (n_slots - 1);
        while (slots[2 * j] && slots[2 * j] != fp)
            j = (j + 1) & (n_slots - 1);
        if (!slots[2 * j])
            used++;
        slots[2 * j] = fp;
        slots[2 * j + 1] = m->vals[i];
    }
    t[2] = used;
    int rc = buf_append(out, t, (4 + n_slots * 2) * sizeof *t);
    free(t);
    return rc;
}

/* ------------------------------------------------------------ model */

uint32_t ner_features(const ner_model *m)
{
    return m->fx;
}

int ner_tag(const ner_model *m, const ner_sentence *s, uint8_t *tags, arena *scratch)
{
    return ner_tag_with(m->clusters.n_slots ? &m->clusters : NULL, &m->pw, m->fx, s, tags, scratch);
}

int ner_tag_with(const ner_words *clusters, const tagger_pw *pw, uint32_t fx, const ner_sentence *s,
                 uint8_t *tags, arena *scratch)
{
    size_t n = s->n;
    if (!n)
        return 0;
    ner_word *w = arena_array(scratch, n + 2 * NER_PAD, sizeof *w);
    double *em = arena_array(scratch, n * NER_N_TAGS, sizeof *em);
    double *dy = arena_array(scratch, n * NER_N_PREV * NER_N_TAGS, sizeof *dy);
    uint8_t *work = arena_alloc(scratch, n * NER_N_TAGS);
    if (!w || !em || !dy || !work)
        return CASUS_ENOMEM;
    ner_sentence s2 = *s;
    if (!(fx & NER_F_GAZ))
        s2.gaz = NULL;
    ner_prep(clusters, fx, &s2, w);
    uint64_t f[NER_MAX_STATIC];
    int32_t sc[NER_N_TAGS];
    for (size_t i = 0; i < n; i++) {
        const ner_word *wi = w + NER_PAD + i;
        size_t k = ner_static_feats(wi, fx, f);
        memset(sc, 0, sizeof sc);
        tagger_pw_score(pw, f, k, sc, NULL);
        for (uint32_t c = 0; c < NER_N_TAGS; c++)
            em[i * NER_N_TAGS + c] = sc[c];
        for (uint32_t p = i ? 0 : NER_START; p < (i ? NER_START : NER_N_PREV); p++) {
            k = ner_dyn_feats(wi, p, fx, f);
            memset(sc, 0, sizeof sc);
            tagger_pw_score(pw, f, k, sc, NULL);
            for (uint32_t c = 0; c < NER_N_TAGS; c++)
                dy[(i * NER_N_PREV + p) * NER_N_TAGS + c] = sc[c];
        }
    }
    ner_viterbi(em, dy, n, tags, work);
    return 0;
}

static int bind(ner_model *m, casus_error *err, const char *name)
{
    static const char *const names[3] = {"meta", "words", "weights"};
    const model_section *sec[3];
    for (int i = 0; i < 3; i++)
        if (!(sec[i] = model_find(&m->mf, names[i])))
            return error_set(err, CASUS_ECORRUPT, "%s: ner model has no '%s' section", name,
                             names[i]);
    if (sec[0]->size != 32)
        return error_set(err, CASUS_ECORRUPT, "%s: ner model meta section has %llu bytes", name,
                         (unsigned long long)sec[0]->size);
    const uint32_t *meta = sec[0]->data;
    if (meta[0] != NER_VERSION)
        return error_set(err, CASUS_EVERSION, "%s: ner model version %u, this casus reads %u", name,
                         meta[0], NER_VERSION);
    if (meta[1] != NER_N_TAGS || (meta[3] & ~(uint32_t)NER_F_ALL) ||
        meta[2] > ((meta[3] & NER_F_NEWS) ? NER_NO_CLUSTER : (1u << 24)))
        return error_set(err, CASUS_ECORRUPT, "%s: ner model meta section is invalid", name);
    m->n_clusters = meta[2];
    m->fx = meta[3];
    uint32_t limit = (m->fx & NER_F_NEWS) ? NER_TABLE_LIMIT : m->n_clusters ? m->n_clusters : 1;
    if (ner_words_init(&m->clusters, sec[1]->data, (size_t)sec[1]->size, limit))
        return error_set(err, CASUS_ECORRUPT, "%s: ner model words section is invalid", name);
    if (tagger_pw_init(&m->pw, sec[2]->data, (size_t)sec[2]->size) ||
        m->pw.n_classes != NER_N_TAGS || m->pw.n_passes != 1)
        return error_set(err, CASUS_ECORRUPT, "%s: ner model weights section is invalid", name);
    return 0;
}

int ner_load_buffer(ner_model **out, const void *data, size_t size, casus_error *err)
{
    *out = NULL;
    ner_model *m = calloc(1, sizeof *m);
    if (!m)
        return error_set(err, CASUS_ENOMEM, "ner model: out of memory");
    int rc = model_open_buffer(&m->mf, data, size, "ner", err);
    if (!rc)
        rc = bind(m, err, "ner model");
    if (rc) {
        ner_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int ner_load(ner_model **out, const char *path, casus_error *err)
{
    *out = NULL;
    ner_model *m = calloc(1, sizeof *m);
    if (!m)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    int rc = model_open(&m->mf, path, "ner", err);
    if (!rc)
        rc = bind(m, err, path);
    if (rc) {
        ner_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void ner_free(ner_model *m)
{
    if (!m)
        return;
    model_close(&m->mf);
    free(m);
}
