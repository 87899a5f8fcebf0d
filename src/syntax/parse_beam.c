/*
 * parse_beam.c — beam search over arc-hybrid transitions (parse_model.h).
 *
 * The greedy parser keeps one configuration; this keeps the k best
 * partial parses by the sum of their transition scores (Zhang & Clark
 * 2008; Zhang & Nivre 2011). Every arc-hybrid parse of n words takes
 * exactly 2n transitions, so all items of a beam finish together and
 * their scores compare. Labels are not part of the search: each arc gets
 * the label model's best label when it is made, as in greedy decoding.
 *
 * The same step serves decoding and training: a scorer gives the
 * transition scores (the packed model at run time, the trainer's current
 * weights in training) and the label of a new arc. Items carry their
 * transition and label history, which training replays to update the
 * weights along a whole prefix (max-violation, Huang et al. 2012).
 *
 * Ties between candidates are broken by item and then transition order,
 * so the search is deterministic.
 */
#include <stdlib.h>
#include <string.h>

#include "syntax/parse_model.h"
#include "syntax/transition.h"

static void state_copy(trans_state *d, const trans_state *s)
{
    size_t m = (size_t)s->n + 1;
    d->n = s->n;
    d->sp = s->sp;
    d->b = s->b;
    memcpy(d->stack, s->stack, (size_t)s->sp * sizeof *d->stack);
    memcpy(d->head, s->head, m * sizeof *d->head);
    memcpy(d->label, s->label, m * sizeof *d->label);
    memcpy(d->lc1, s->lc1, m * sizeof *d->lc1);
    memcpy(d->lc2, s->lc2, m * sizeof *d->lc2);
    memcpy(d->rc1, s->rc1, m * sizeof *d->rc1);
    memcpy(d->rc2, s->rc2, m * sizeof *d->rc2);
    memcpy(d->nl, s->nl, m * sizeof *d->nl);
    memcpy(d->nr, s->nr, m * sizeof *d->nr);
    memcpy(d->lset, s->lset, m * sizeof *d->lset);
    memcpy(d->rset, s->rset, m * sizeof *d->rset);
}

int pbeam_init(pbeam *b, int k, int n, arena *mem)
{
    memset(b, 0, sizeof *b);
    if (k < 1 || n < 0)
        return CASUS_EINVAL;
    b->k = k;
    b->n = n;
    b->cur = arena_array(mem, (size_t)k, sizeof *b->cur);
    b->nxt = arena_array(mem, (size_t)k, sizeof *b->nxt);
    b->cand = arena_array(mem, (size_t)k * TRANS_N, sizeof *b->cand);
    if (!b->cur || !b->nxt || !b->cand)
        return CASUS_ENOMEM;
    size_t steps = 2 * (size_t)n + 1;
    for (int pass = 0; pass < 2; pass++) {
        pbeam_item *it = pass ? b->nxt : b->cur;
        for (int i = 0; i < k; i++) {
            if (trans_state_init(&it[i].st, n, mem))
                return CASUS_ENOMEM;
            it[i].ht = arena_array(mem, steps, sizeof *it[i].ht);
            it[i].hl = arena_array(mem, steps, sizeof *it[i].hl);
            if (!it[i].ht || !it[i].hl)
                return CASUS_ENOMEM;
        }
    }
    pbeam_start(b);
    return 0;
}

void pbeam_start(pbeam *b)
{
    trans_state_reset(&b->cur[0].st);
    b->cur[0].score = 0.0;
    b->m = 1;
    b->steps = 0;
}

static int cand_cmp(const void *pa, const void *pb)
{
    const pbeam_cand *a = pa, *c = pb;
    if (a->score != c->score)
        return a->score > c->score ? -1 : 1;
    if (a->item != c->item)
        return a->item < c->item ? -1 : 1;
    return a->t < c->t ? -1 : a->t > c->t;
}

int pbeam_step(pbeam *b, const pbeam_scorer *sc, const parser_word *words, int gold_item,
               int gold_t, uint16_t gold_label)
{
    uint64_t f[PARSER_MAX_TFEATS];
    float s[TRANS_N];
    int nc = 0;
    for (int i = 0; i < b->m; i++) {
        const trans_state *st = &b->cur[i].st;
        size_t nf = parser_trans_features(st, words, f);
        sc->trans(sc->ctx, f, nf, s);
        for (int t = 0; t < TRANS_N; t++)
            if (trans_valid(st, t)) {
                pbeam_cand *c = &b->cand[nc++];
                c->score = b->cur[i].score + (double)s[t];
                c->item = i;
                c->t = t;
            }
    }
    qsort(b->cand, (size_t)nc, sizeof *b->cand, cand_cmp);
    int m = nc < b->k ? nc : b->k, gold_next = -1;
    for (int j = 0; j < m; j++) {
        const pbeam_cand *c = &b->cand[j];
        const pbeam_item *from = &b->cur[c->item];
        pbeam_item *to = &b->nxt[j];
        state_copy(&to->st, &from->st);
        memcpy(to->ht, from->ht, (size_t)b->steps * sizeof *to->ht);
        memcpy(to->hl, from->hl, (size_t)b->steps * sizeof *to->hl);
        uint16_t lab = 0;
        int is_gold = c->item == gold_item && c->t == gold_t;
        if (is_gold) {
            lab = gold_label;
            gold_next = j;
        } else if (c->t == TRANS_LEFT) {
            lab = sc->label(sc->ctx, &to->st, words, to->st.b, to->st.stack[to->st.sp - 1]);
        } else if (c->t == TRANS_RIGHT) {
            lab = sc->label(sc->ctx, &to->st, words, to->st.stack[to->st.sp - 2],
                            to->st.stack[to->st.sp - 1]);
        }
        trans_apply(&to->st, c->t, lab);
        to->ht[b->steps] = (uint8_t)c->t;
        to->hl[b->steps] = lab;
        to->score = c->score;
    }
    pbeam_item *tmp = b->cur;
    b->cur = b->nxt;
    b->nxt = tmp;
    b->m = m;
    b->steps++;
    return gold_next;
}
