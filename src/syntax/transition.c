/*
 * transition.c — the arc-hybrid system (transition.h): configurations,
 * transitions, oracles and projectivisation by lifting.
 *
 * Why arc-hybrid: its dynamic oracle is arc-decomposable and a few lines of
 * counting (no search), so training can explore the model's own mistakes;
 * why ROOT at the end of the buffer: the root word is chosen last, when the
 * whole sentence has been seen, and the single-root rule is one condition
 * on LEFT. The per-word child slots (two leftmost, two rightmost, counts,
 * label sets) are exactly what the feature templates read, updated in O(1)
 * per arc so that parsing allocates nothing per transition.
 */
#include "syntax/transition.h"

#include <string.h>

#include "casus.h"

int trans_state_init(trans_state *s, int n, arena *mem)
{
    memset(s, 0, sizeof *s);
    if (n < 0)
        return CASUS_EINVAL;
    size_t m = (size_t)n + 1;
    s->n = n;
    s->stack = arena_array(mem, m, sizeof *s->stack);
    s->head = arena_array(mem, m, sizeof *s->head);
    s->label = arena_array(mem, m, sizeof *s->label);
    s->lc1 = arena_array(mem, m * 4, sizeof *s->lc1);
    s->nl = arena_array(mem, m * 2, sizeof *s->nl);
    s->lset = arena_array(mem, m * 2, sizeof *s->lset);
    if (!s->stack || !s->head || !s->label || !s->lc1 || !s->nl || !s->lset)
        return CASUS_ENOMEM;
    s->lc2 = s->lc1 + m;
    s->rc1 = s->lc2 + m;
    s->rc2 = s->rc1 + m;
    s->nr = s->nl + m;
    s->rset = s->lset + m;
    trans_state_reset(s);
    return 0;
}

void trans_state_reset(trans_state *s)
{
    size_t m = (size_t)s->n + 1;
    s->sp = 0;
    s->b = 0;
    for (size_t i = 0; i < m; i++) {
        s->head[i] = -1;
        s->label[i] = 0;
    }
    /* Each array separately: a state allocated for more words may be
     * reused for a shorter sentence (n lowered, arrays kept). */
    memset(s->lc1, 0xff, m * sizeof *s->lc1); /* -1 */
    memset(s->lc2, 0xff, m * sizeof *s->lc2);
    memset(s->rc1, 0xff, m * sizeof *s->rc1);
    memset(s->rc2, 0xff, m * sizeof *s->rc2);
    memset(s->nl, 0, m * sizeof *s->nl);
    memset(s->nr, 0, m * sizeof *s->nr);
    memset(s->lset, 0, m * sizeof *s->lset);
    memset(s->rset, 0, m * sizeof *s->rset);
}

static void add_arc(trans_state *s, int h, int d, uint16_t label)
{
    s->head[d] = h;
    s->label[d] = label;
    uint64_t bit = (uint64_t)1 << (label % 64);
    if (d < h) {
        if (s->lc1[h] < 0 || d < s->lc1[h]) {
            s->lc2[h] = s->lc1[h];
            s->lc1[h] = d;
        } else if (s->lc2[h] < 0 || d < s->lc2[h]) {
            s->lc2[h] = d;
        }
        if (s->nl[h] < 255)
            s->nl[h]++;
        s->lset[h] |= bit;
    } else {
        if (s->rc1[h] < 0 || d > s->rc1[h]) {
            s->rc2[h] = s->rc1[h];
            s->rc1[h] = d;
        } else if (s->rc2[h] < 0 || d > s->rc2[h]) {
            s->rc2[h] = d;
        }
        if (s->nr[h] < 255)
            s->nr[h]++;
        s->rset[h] |= bit;
    }
}

void trans_apply(trans_state *s, int t, uint16_t label)
{
    switch (t) {
    case TRANS_SHIFT:
        s->stack[s->sp++] = s->b++;
        break;
    case TRANS_LEFT:
        add_arc(s, s->b, s->stack[s->sp - 1], label);
        s->sp--;
        break;
    case TRANS_RIGHT:
        add_arc(s, s->stack[s->sp - 2], s->stack[s->sp - 1], label);
        s->sp--;
        break;
    default:
        break;
    }
}

/* Gold dependents of w still in the buffer (they can no longer attach to w
 * once w leaves the stack). */
static int deps_in_buffer(const trans_state *s, const int32_t *gold, int w)
{
    int c = 0;
    for (int k = s->b; k < s->n; k++)
        c += gold[k] == w;
    return c;
}

void trans_costs(const trans_state *s, const int32_t *gold, int cost[TRANS_N])
{
    for (int t = 0; t < TRANS_N; t++)
        cost[t] = TRANS_INVALID;
    int b = s->b;
    if (trans_valid(s, TRANS_SHIFT)) {
        /* b0 on the stack can no longer take a head below s0, nor take
         * dependents from the stack. */
        int c = 0, s0 = s->sp ? s->stack[s->sp - 1] : -1;
        for (int i = 0; i < s->sp; i++) {
            int k = s->stack[i];
            c += gold[b] == k && k != s0;
            c += gold[k] == b;
        }
        cost[TRANS_SHIFT] = c;
    }
    if (s->sp == 0)
        return;
    int s0 = s->stack[s->sp - 1], s1 = s->sp >= 2 ? s->stack[s->sp - 2] : -1;
    int deps = deps_in_buffer(s, gold, s0);
    if (trans_valid(s, TRANS_LEFT)) {
        int g = gold[s0];
        cost[TRANS_LEFT] = deps + (g != b && (g > b || (s1 >= 0 && g == s1)));
    }
    if (trans_valid(s, TRANS_RIGHT))
        cost[TRANS_RIGHT] = deps + (gold[s0] >= b);
}

int trans_static_oracle(const trans_state *s, const int32_t *gold)
{
    if (s->sp >= 1) {
        int s0 = s->stack[s->sp - 1];
        int done = 1;
        for (int k = 0; k < s->n && done; k++)
            if (gold[k] == s0 && s->head[k] < 0)
                done = 0;
        if (done) {
            if (gold[s0] == s->b && trans_valid(s, TRANS_LEFT))
                return TRANS_LEFT;
            if (s->sp >= 2 && gold[s0] == s->stack[s->sp - 2])
                return TRANS_RIGHT;
        }
    }
    if (trans_valid(s, TRANS_SHIFT))
        return TRANS_SHIFT;
    return trans_valid(s, TRANS_RIGHT) ? TRANS_RIGHT : TRANS_LEFT;
}

int trans_is_tree(const int32_t *heads, int n)
{
    int roots = 0;
    for (int i = 0; i < n; i++) {
        if (heads[i] < 0 || heads[i] > n || heads[i] == i)
            return 0;
        roots += heads[i] == n;
    }
    if (n > 0 && roots != 1)
        return 0;
    for (int i = 0; i < n; i++) {
        int k = i, steps = 0;
        while (k != n) {
            k = heads[k];
            if (++steps > n)
                return 0;
        }
    }
    return 1;
}

/* 1 if h dominates k (h is k or an ancestor of k). */
static int dominates(const int32_t *heads, int n, int h, int k)
{
    for (int steps = 0; steps <= n + 1; steps++) {
        if (k == h)
            return 1;
        if (k == n || k < 0)
            return 0;
        k = heads[k];
    }
    return 0;
}

static int arc_projective(const int32_t *heads, int n, int d)
{
    int h = heads[d];
    int lo = h < d ? h : d, hi = h < d ? d : h;
    for (int k = lo + 1; k < hi; k++)
        if (!dominates(heads, n, h, k))
            return 0;
    return 1;
}

int trans_is_projective(const int32_t *heads, int n)
{
    for (int d = 0; d < n; d++)
        if (!arc_projective(heads, n, d))
            return 0;
    return 1;
}

int trans_projectivize(int32_t *heads, int n)
{
    int lifts = 0;
    for (;;) {
        int best = -1, best_len = 0;
        for (int d = 0; d < n; d++) {
            if (arc_projective(heads, n, d))
                continue;
            int len = heads[d] > d ? heads[d] - d : d - heads[d];
            if (best < 0 || len < best_len) {
                best = d;
                best_len = len;
            }
        }
        /* A non-projective arc never hangs from ROOT (ROOT dominates every
         * word), so its head has a head to lift to. */
        if (best < 0 || heads[heads[best]] < 0 || heads[best] == n)
            return lifts;
        heads[best] = heads[heads[best]];
        lifts++;
    }
}
