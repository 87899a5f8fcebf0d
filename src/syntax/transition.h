/*
 * transition.h — the arc-hybrid transition system of the dependency parser,
 * its static and dynamic oracles, and the projectivisation of training
 * trees.
 *
 * Words are 0-based here: a sentence of n words has words 0..n-1 and the
 * artificial ROOT is index n, placed at the END of the buffer (Ballesteros
 * & Nivre 2013). Heads use the same numbering (n = ROOT); -1 is "none".
 *
 *   SHIFT   move b0 onto the stack                 (b0 must not be ROOT)
 *   LEFT    s0 <- b0 (b0 becomes s0's head), pop   (b0 = ROOT only if s0
 *                                                    is the last stack word)
 *   RIGHT   s0 <- s1 (s1 becomes s0's head), pop
 *
 * The ROOT restriction on LEFT makes every terminal configuration a tree
 * with exactly one word attached to ROOT, as UD requires; from any
 * configuration some transition is valid until the terminal one (buffer =
 * [ROOT], empty stack), so the parser always returns a tree.
 */
#ifndef CASUS_SYNTAX_TRANSITION_H
#define CASUS_SYNTAX_TRANSITION_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum { TRANS_SHIFT = 0, TRANS_LEFT = 1, TRANS_RIGHT = 2, TRANS_N = 3 };

/* A cost that marks an invalid transition. */
#define TRANS_INVALID 0x7fffffff

/*
 * A parser configuration. Every array has n + 1 entries (the last one is
 * ROOT's) except stack (n). Child slots hold word indices or -1; nl/nr are
 * the numbers of left/right dependents; lset/rset are bit sets of the
 * labels of left/right dependents (label k sets bit k % 64).
 */
typedef struct trans_state {
    int n;
    int *stack;
    int sp;  /* stack size; s0 = stack[sp-1] */
    int b;   /* buffer front: words b..n-1, then ROOT (n) */
    int32_t *head;
    uint16_t *label;
    int32_t *lc1, *lc2, *rc1, *rc2; /* leftmost, 2nd leftmost, rightmost, 2nd rightmost */
    uint8_t *nl, *nr;
    uint64_t *lset, *rset;
} trans_state;

/* Allocates the arrays of a state for n words in mem (owned by mem) and
 * resets it. Returns 0 or CASUS_ENOMEM. */
int trans_state_init(trans_state *s, int n, arena *mem);
/* Back to the initial configuration (empty stack, every word in the
 * buffer), keeping the arrays. s->n may first be lowered to reuse the
 * arrays for a shorter sentence. */
void trans_state_reset(trans_state *s);

static inline int trans_terminal(const trans_state *s)
{
    return s->b == s->n && s->sp == 0;
}

/* 1 if transition t may be applied in s. */
static inline int trans_valid(const trans_state *s, int t)
{
    switch (t) {
    case TRANS_SHIFT:
        return s->b < s->n;
    case TRANS_LEFT:
        return s->sp >= 1 && (s->b < s->n || s->sp == 1);
    case TRANS_RIGHT:
        return s->sp >= 2;
    default:
        return 0;
    }
}

/* Applies valid transition t; for LEFT and RIGHT the new arc gets label. */
void trans_apply(trans_state *s, int t, uint16_t label);

/*
 * Dynamic oracle (Goldberg & Nivre 2013, arc-hybrid): cost[t] is the
 * number of arcs of gold (a projective tree, heads numbered as above) that
 * become unreachable by taking t, or TRANS_INVALID. Exact for projective
 * gold trees, except that the single-root restriction can make the true
 * loss larger than computed in some configurations already off the gold
 * path; training takes the minimum-cost transitions as correct.
 */
void trans_costs(const trans_state *s, const int32_t *gold, int cost[TRANS_N]);

/* The static oracle's transition for a configuration on the gold path:
 * LEFT or RIGHT once s0 has all its dependents, else SHIFT. gold must be
 * projective. */
int trans_static_oracle(const trans_state *s, const int32_t *gold);

/* 1 if heads[0..n) (ROOT = n) is a tree: every word has a head in 0..n,
 * exactly one word is attached to ROOT, and there is no cycle. */
int trans_is_tree(const int32_t *heads, int n);
/* 1 if the tree heads[0..n) is projective. */
int trans_is_projective(const int32_t *heads, int n);
/*
 * Projectivises the tree heads[0..n) in place by lifting: while some arc is
 * non-projective, the shortest one (leftmost on ties) is re-attached to its
 * head's head (Nivre & Nilsson 2005, without label encoding). Returns the
 * number of lifts. heads must be a tree.
 */
int trans_projectivize(int32_t *heads, int n);

#endif
