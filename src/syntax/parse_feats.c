/*
 * parse_feats.c — the parser's feature templates (parse_feats.h).
 *
 * Transition templates follow Zhang & Nivre (2011), adapted to arc-hybrid:
 * there stack words have no heads yet, so S1 (the head RIGHT would give
 * S0) and its children take the place of S0's head. Items: S0 S1 S2, N0 N1
 * N2 (N0 may be ROOT), the two leftmost/rightmost children of S0, S1 and
 * N0; attributes: w (lower-cased form), p (XPOS), u (UPOS), c
 * (word cluster, learnt from unlabelled text: it generalises over words
 * and survives the tagger's mistakes), arc labels, valencies, label sets
 * and bucketed distances.
 *
 * Label templates describe the arc being built: dependent, head, their
 * pair, distance, the dependent's own children (already complete: a word
 * leaves the stack with all its dependents) and the labels the head
 * already has (a verb rarely takes two nsubj). Every label feature is
 * conjoined with the arc's direction (left, right, to ROOT).
 *
 * Lemmas are not used: with the lemmatiser's lemmas (predicted from
 * predicted tags, as at run time) the lemma templates did not pay on EWT
 * dev (80.75 LAS without them, 80.51 with), and without them the parser
 * does not depend on the lemmatiser's quality.
 *
 * A template's id is its ordinal position in the code below; changing the
 * list means bumping PARSER_FEATS_VERSION.
 */
#include "syntax/parse_feats.h"

#include <string.h>

#include "syntax/perceptron.h"

static uint64_t hash_str(const char *s, uint64_t seed, int lower)
{
    if (!s)
        s = "_";
    size_t n = strlen(s);
    if (!lower)
        return pcp_hash_bytes(s, n, seed);
    char tmp[128];
    if (n > sizeof tmp)
        n = sizeof tmp;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        tmp[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    return pcp_hash_bytes(tmp, n, seed);
}

/* The key of a word in a clusters table; must match lower_key() in
 * tag_cluster.c, which builds the tables. */
static uint64_t cluster_key(const char *s)
{
    char low[64];
    size_t ln = tagger_lower(s, strlen(s), low, sizeof low);
    uint64_t h = pcp_hash_bytes(low, ln, 0x101);
    return h ? h : 1;
}

parser_word parser_word_of(const char *form, const char *lemma, const char *upos,
                           const char *xpos, const tagger_table *clusters)
{
    (void)lemma;
    parser_word w;
    uint32_t c = clusters && form ? tagger_table_get(clusters, cluster_key(form)) : TAGGER_NONE;
    w.c = pcp_mix(0x63, c);
    w.w = hash_str(form, 0x77, 1);
    w.p = hash_str(xpos, 0x70, 0);
    w.u = hash_str(upos, 0x75, 0);
    return w;
}

void parser_words_init(parser_word *words, const char *const *forms, const char *const *lemmas,
                       const char *const *upos, const char *const *xpos, size_t n,
                       const tagger_table *clusters)
{
    for (size_t i = 0; i < n; i++)
        words[i] = parser_word_of(forms ? forms[i] : NULL, lemmas ? lemmas[i] : NULL,
                                  upos ? upos[i] : NULL, xpos ? xpos[i] : NULL, clusters);
    words[n] = parser_word_of("<ROOT>", "<ROOT>", "<ROOT>", "<ROOT>", NULL);
    words[n + 1] = parser_word_of("<NONE>", "<NONE>", "<NONE>", "<NONE>", NULL);
}

static inline uint64_t h1(uint64_t t, uint64_t a)
{
    return pcp_mix(t * 0x100000001B3ULL, a);
}

static inline uint64_t h2(uint64_t t, uint64_t a, uint64_t b)
{
    return pcp_mix(h1(t, a), b);
}

static inline uint64_t h3(uint64_t t, uint64_t a, uint64_t b, uint64_t c)
{
    return pcp_mix(h2(t, a, b), c);
}

static inline uint64_t dist_bucket(int d)
{
    if (d < 0)
        d = -d;
    if (d <= 4)
        return (uint64_t)d;
    if (d <= 6)
        return 5;
    if (d <= 9)
        return 6;
    if (d <= 14)
        return 7;
    return 8;
}

/* Word index or the NONE sentinel. */
#define IDX(x) ((x) >= 0 ? (x) : none)
/* Arc label + 1 of word x, 0 if x is absent or unattached. */
#define LAB(x) ((uint64_t)((x) >= 0 && s->head[(x)] >= 0 ? s->label[(x)] + 1 : 0))

size_t parser_trans_features(const trans_state *s, const parser_word *W, uint64_t *f)
{
    const int n = s->n, none = n + 1;
    int s0 = s->sp >= 1 ? s->stack[s->sp - 1] : -1;
    int s1 = s->sp >= 2 ? s->stack[s->sp - 2] : -1;
    int s2 = s->sp >= 3 ? s->stack[s->sp - 3] : -1;
    int n0 = s->b; /* n = ROOT */
    int n1 = n0 + 1 <= n ? n0 + 1 : -1;
    int n2 = n0 + 2 <= n ? n0 + 2 : -1;
    int s0l = s0 >= 0 ? s->lc1[s0] : -1, s0l2 = s0 >= 0 ? s->lc2[s0] : -1;
    int s0r = s0 >= 0 ? s->rc1[s0] : -1, s0r2 = s0 >= 0 ? s->rc2[s0] : -1;
    int s1l = s1 >= 0 ? s->lc1[s1] : -1, s1r = s1 >= 0 ? s->rc1[s1] : -1;
    int s1r2 = s1 >= 0 ? s->rc2[s1] : -1;
    int n0l = s->lc1[n0], n0l2 = s->lc2[n0];
    const parser_word *S0 = &W[IDX(s0)], *S1 = &W[IDX(s1)], *S2 = &W[IDX(s2)];
    const parser_word *N0 = &W[n0], *N1 = &W[IDX(n1)], *N2 = &W[IDX(n2)];
    const parser_word *S0L = &W[IDX(s0l)], *S0L2 = &W[IDX(s0l2)], *S0R = &W[IDX(s0r)],
                      *S0R2 = &W[IDX(s0r2)];
    const parser_word *S1L = &W[IDX(s1l)], *S1R = &W[IDX(s1r)], *S1R2 = &W[IDX(s1r2)];
    const parser_word *N0L = &W[IDX(n0l)], *N0L2 = &W[IDX(n0l2)];
    /* The word just before N0 (on the stack or already attached) and the
     * one after S0, for local context. */
    const parser_word *N0m1 = &W[n0 >= 1 ? n0 - 1 : none];
    const parser_word *S0p1 = &W[s0 >= 0 && s0 + 1 <= n ? s0 + 1 : none];
    uint64_t d1 = s0 >= 0 ? dist_bucket(n0 - s0) : 15;
    uint64_t d2 = s1 >= 0 ? dist_bucket(s0 - s1) : 15;
    uint64_t s0vl = s0 >= 0 ? s->nl[s0] : 255, s0vr = s0 >= 0 ? s->nr[s0] : 255;
    uint64_t s1vl = s1 >= 0 ? s->nl[s1] : 255, s1vr = s1 >= 0 ? s->nr[s1] : 255;
    uint64_t n0vl = s->nl[n0];
    uint64_t s0sl = s0 >= 0 ? s->lset[s0] : 1, s0sr = s0 >= 0 ? s->rset[s0] : 1;
    uint64_t n0sl = s->lset[n0], s1sr = s1 >= 0 ? s->rset[s1] : 1;
    uint64_t S0wp = pcp_mix(S0->w, S0->p), N0wp = pcp_mix(N0->w, N0->p);
    uint64_t N1wp = pcp_mix(N1->w, N1->p), S1wp = pcp_mix(S1->w, S1->p);
    /* Stack depth and whether the buffer is down to ROOT: the single-root
     * rule depends on both. */
    uint64_t shape = (uint64_t)(s->sp < 3 ? s->sp : 3) * 2 + (n0 == n);

    size_t k = 0;
    uint64_t t = 0;
    f[k++] = h1(++t, shape);
    /* single words */
    f[k++] = h1(++t, S0wp);
    f[k++] = h1(++t, S0->w);
    f[k++] = h1(++t, S0->p);
    f[k++] = h1(++t, S0->u);
    f[k++] = h1(++t, N0wp);
    f[k++] = h1(++t, N0->w);
    f[k++] = h1(++t, N0->p);
    f[k++] = h1(++t, N0->u);
    f[k++] = h1(++t, N1wp);
    f[k++] = h1(++t, N1->w);
    f[k++] = h1(++t, N1->p);
    f[k++] = h1(++t, N2->w);
    f[k++] = h1(++t, N2->p);
    f[k++] = h1(++t, S1wp);
    f[k++] = h1(++t, S1->w);
    f[k++] = h1(++t, S1->p);
    f[k++] = h1(++t, S2->w);
    f[k++] = h1(++t, S2->p);
    /* pairs S0-N0 */
    f[k++] = h2(++t, S0wp, N0wp);
    f[k++] = h2(++t, S0wp, N0->w);
    f[k++] = h2(++t, S0->w, N0wp);
    f[k++] = h2(++t, S0wp, N0->p);
    f[k++] = h2(++t, S0->p, N0wp);
    f[k++] = h2(++t, S0->w, N0->w);
    f[k++] = h2(++t, S0->p, N0->p);
    f[k++] = h2(++t, N0->p, N1->p);
    f[k++] = h2(++t, N0->w, N1->w);
    f[k++] = h2(++t, N0wp, N1->p);
    f[k++] = h2(++t, N0->p, N1wp);
    /* pairs S1-S0 (the RIGHT arc) and S1-N0 */
    f[k++] = h2(++t, S1wp, S0wp);
    f[k++] = h2(++t, S1wp, S0->p);
    f[k++] = h2(++t, S1->p, S0wp);
    f[k++] = h2(++t, S1->w, S0->w);
    f[k++] = h2(++t, S1->p, S0->p);
    f[k++] = h2(++t, S1->p, N0->p);
    f[k++] = h2(++t, S1->w, N0->w);
    f[k++] = h2(++t, S1->u, N0->u);
    /* triples */
    f[k++] = h3(++t, N0->p, N1->p, N2->p);
    f[k++] = h3(++t, S0->p, N0->p, N1->p);
    f[k++] = h3(++t, S1->p, S0->p, N0->p);
    f[k++] = h3(++t, S1->u, S0->u, N0->u);
    f[k++] = h3(++t, S2->p, S1->p, S0->p);
    f[k++] = h3(++t, S0->p, S0L->p, N0->p);
    f[k++] = h3(++t, S0->p, S0R->p, N0->p);
    f[k++] = h3(++t, S0->p, N0->p, N0L->p);
    f[k++] = h3(++t, S1->p, S0->p, S0L->p);
    f[k++] = h3(++t, S1->p, S0->p, S0R->p);
    f[k++] = h3(++t, S1->p, S1R->p, S0->p);
    f[k++] = h3(++t, S1->p, S1L->p, S0->p);
    f[k++] = h3(++t, S0->w, N0->p, N1->p);
    f[k++] = h3(++t, S0->p, N0->w, N1->p);
    f[k++] = h3(++t, S1->w, S0->p, N0->p);
    f[k++] = h3(++t, S1->p, S0->w, N0->p);
    f[k++] = h3(++t, S1->p, S0->p, N0->w);
    /* local context: the word before N0 and the one after S0 */
    f[k++] = h3(++t, N0m1->p, N0->p, S0->p);
    f[k++] = h3(++t, S0->p, S0p1->p, N0->p);
    f[k++] = h2(++t, N0m1->w, N0->p);
    /* distance */
    f[k++] = h2(++t, S0->w, d1);
    f[k++] = h2(++t, S0->p, d1);
    f[k++] = h2(++t, N0->w, d1);
    f[k++] = h2(++t, N0->p, d1);
    f[k++] = h3(++t, S0->w, N0->w, d1);
    f[k++] = h3(++t, S0->p, N0->p, d1);
    f[k++] = h2(++t, S1->w, d2);
    f[k++] = h2(++t, S0->w, d2);
    f[k++] = h3(++t, S1->p, S0->p, d2);
    f[k++] = h3(++t, S1->w, S0->w, d2);
    f[k++] = h3(++t, S1->p, N0->p, d1 * 16 + d2);
    /* valency */
    f[k++] = h2(++t, S0->w, s0vr);
    f[k++] = h2(++t, S0->p, s0vr);
    f[k++] = h2(++t, S0->w, s0vl);
    f[k++] = h2(++t, S0->p, s0vl);
    f[k++] = h2(++t, N0->w, n0vl);
    f[k++] = h2(++t, N0->p, n0vl);
    f[k++] = h2(++t, S1->w, s1vr);
    f[k++] = h2(++t, S1->p, s1vr);
    f[k++] = h2(++t, S1->p, s1vl);
    f[k++] = h3(++t, S1->p, S0->p, s0vl * 256 + s0vr);
    /* children */
    f[k++] = h1(++t, S0L->w);
    f[k++] = h1(++t, S0L->p);
    f[k++] = h1(++t, LAB(s0l));
    f[k++] = h1(++t, S0R->w);
    f[k++] = h1(++t, S0R->p);
    f[k++] = h1(++t, LAB(s0r));
    f[k++] = h1(++t, N0L->w);
    f[k++] = h1(++t, N0L->p);
    f[k++] = h1(++t, LAB(n0l));
    f[k++] = h1(++t, S1L->p);
    f[k++] = h1(++t, LAB(s1l));
    f[k++] = h1(++t, S1R->w);
    f[k++] = h1(++t, S1R->p);
    f[k++] = h1(++t, LAB(s1r));
    f[k++] = h2(++t, S0->p, LAB(s0l));
    f[k++] = h2(++t, S0->p, LAB(s0r));
    f[k++] = h2(++t, N0->p, LAB(n0l));
    f[k++] = h2(++t, S1->p, LAB(s1r));
    f[k++] = h3(++t, S0->p, LAB(s0l), N0->p);
    f[k++] = h3(++t, S1->p, LAB(s1r), S0->p);
    /* second children */
    f[k++] = h1(++t, S0L2->w);
    f[k++] = h1(++t, S0L2->p);
    f[k++] = h1(++t, LAB(s0l2));
    f[k++] = h1(++t, S0R2->w);
    f[k++] = h1(++t, S0R2->p);
    f[k++] = h1(++t, LAB(s0r2));
    f[k++] = h1(++t, N0L2->w);
    f[k++] = h1(++t, N0L2->p);
    f[k++] = h1(++t, LAB(n0l2));
    f[k++] = h3(++t, S0->p, S0L->p, S0L2->p);
    f[k++] = h3(++t, S0->p, S0R->p, S0R2->p);
    f[k++] = h3(++t, N0->p, N0L->p, N0L2->p);
    f[k++] = h3(++t, S1->p, S1R->p, S1R2->p);
    /* label sets */
    f[k++] = h2(++t, S0->w, s0sr);
    f[k++] = h2(++t, S0->p, s0sr);
    f[k++] = h2(++t, S0->w, s0sl);
    f[k++] = h2(++t, S0->p, s0sl);
    f[k++] = h2(++t, N0->w, n0sl);
    f[k++] = h2(++t, N0->p, n0sl);
    f[k++] = h2(++t, S1->p, s1sr);
    f[k++] = h3(++t, S1->p, S0->p, s0sl);
    /* word clusters */
    f[k++] = h1(++t, S0->c);
    f[k++] = h1(++t, N0->c);
    f[k++] = h1(++t, N1->c);
    f[k++] = h1(++t, S1->c);
    f[k++] = h2(++t, S0->c, N0->c);
    f[k++] = h2(++t, S0->c, N0->p);
    f[k++] = h2(++t, S0->p, N0->c);
    f[k++] = h2(++t, S1->c, S0->c);
    f[k++] = h2(++t, S1->c, S0->p);
    f[k++] = h2(++t, S1->p, S0->c);
    f[k++] = h2(++t, N0->c, N1->c);
    f[k++] = h3(++t, S1->c, S0->c, N0->c);
    f[k++] = h3(++t, S0->c, N0->c, N1->p);
    return k;
}

size_t parser_label_features(const trans_state *s, const parser_word *W, int h, int d,
                             uint64_t *f)
{
    const int n = s->n, none = n + 1;
    const parser_word *H = &W[h], *D = &W[d];
    uint64_t dir = h == n ? 3 : d < h ? 1 : 2;
    int dl = s->lc1[d], dr = s->rc1[d];
    const parser_word *DL = &W[IDX(dl)], *DR = &W[IDX(dr)];
    const parser_word *Dm1 = &W[d >= 1 ? d - 1 : none], *Dp1 = &W[d + 1 <= n ? d + 1 : none];
    const parser_word *Hm1 = &W[h >= 1 ? h - 1 : none], *Hp1 = &W[h + 1 <= n ? h + 1 : none];
    uint64_t dist = dist_bucket(h - d);
    uint64_t Dwp = pcp_mix(D->w, D->p), Hwp = pcp_mix(H->w, H->p);
    /* What follows in the buffer (an obj after an iobj) and what lies
     * below on the stack. */
    const parser_word *N0 = &W[s->b], *N1 = &W[s->b + 1 <= n ? s->b + 1 : none];
    const parser_word *Sb = &W[s->sp >= 2 ? s->stack[s->sp - 2] : none];
    /* The head's dependents on the arc's side, so far. */
    uint64_t hset = d < h ? s->lset[h] : s->rset[h];
    uint64_t hval = d < h ? s->nl[h] : s->nr[h];

    size_t k = 0;
    uint64_t t = dir << 8;
    f[k++] = h1(++t, 0);
    f[k++] = h1(++t, D->w);
    f[k++] = h1(++t, D->p);
    f[k++] = h1(++t, D->u);
    f[k++] = h1(++t, Dwp);
    f[k++] = h1(++t, H->w);
    f[k++] = h1(++t, H->p);
    f[k++] = h1(++t, H->u);
    f[k++] = h1(++t, Hwp);
    f[k++] = h2(++t, H->p, D->p);
    f[k++] = h2(++t, H->u, D->u);
    f[k++] = h2(++t, H->w, D->p);
    f[k++] = h2(++t, H->p, D->w);
    f[k++] = h2(++t, Hwp, Dwp);
    f[k++] = h3(++t, H->p, D->p, dist);
    f[k++] = h3(++t, H->u, D->u, dist);
    f[k++] = h2(++t, D->w, dist);
    f[k++] = h3(++t, H->p, D->p, Dm1->p);
    f[k++] = h3(++t, H->p, D->p, Dp1->p);
    f[k++] = h3(++t, H->p, D->p, Hm1->p);
    f[k++] = h3(++t, H->p, D->p, Hp1->p);
    f[k++] = h3(++t, D->p, Dm1->p, Dp1->p);
    f[k++] = h2(++t, D->w, Dp1->w);
    f[k++] = h2(++t, Dm1->w, D->w);
    /* the dependent's own children */
    f[k++] = h1(++t, LAB(dl));
    f[k++] = h1(++t, LAB(dr));
    f[k++] = h2(++t, D->p, LAB(dl));
    f[k++] = h2(++t, D->p, LAB(dr));
    f[k++] = h2(++t, D->p, s->lset[d]);
    f[k++] = h2(++t, D->p, s->rset[d]);
    f[k++] = h2(++t, D->w, s->lset[d]);
    f[k++] = h2(++t, D->p, DL->w);
    f[k++] = h2(++t, D->p, DR->w);
    f[k++] = h3(++t, D->p, DL->p, DR->p);
    f[k++] = h3(++t, D->p, s->nl[d], s->nr[d]);
    /* what the head already has */
    f[k++] = h2(++t, H->p, hset);
    f[k++] = h3(++t, H->p, D->p, hset);
    f[k++] = h3(++t, H->p, D->p, hval);
    f[k++] = h2(++t, H->w, hset);
    /* configuration context */
    f[k++] = h3(++t, H->p, D->p, N0->p);
    f[k++] = h3(++t, D->p, N0->p, N1->p);
    f[k++] = h2(++t, D->p, N0->w);
    f[k++] = h2(++t, D->w, N0->p);
    f[k++] = h3(++t, H->p, D->p, Sb->p);
    /* word clusters */
    f[k++] = h1(++t, D->c);
    f[k++] = h1(++t, H->c);
    f[k++] = h2(++t, H->c, D->c);
    f[k++] = h2(++t, H->p, D->c);
    f[k++] = h2(++t, H->c, D->p);
    return k;
}
