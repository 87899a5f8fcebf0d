/*
 * pattern.h — the event pattern dictionary: triggers (verb or noun
 * lemmas) tied to CAMEO codes, with the constraints that must hold in the
 * dependency tree and the places where the source and target actors are.
 *
 * Input: casus-format pattern files (dict/events/<name>.txt; the format is in
 * dict/README.md, "Event dictionaries"), validated against a CAMEO code
 * table. Output: an immutable pattern_set that every worker thread shares;
 * pattern_find answers "which patterns have trigger lemma L as a verb (or
 * noun)" in O(1) without allocating.
 *
 * Lifecycle: pattern_set_new, optionally pattern_set_report (check mode),
 * any number of pattern_load_* calls, pattern_finish once, then
 * pattern_find / pattern_mood / pattern_discards from any thread, then
 * pattern_set_free. Loading after pattern_finish is CASUS_EINVAL.
 */
#ifndef CASUS_EVENT_PATTERN_H
#define CASUS_EVENT_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"
#include "event/cameo.h"

typedef struct pattern_set pattern_set;

typedef enum pattern_kind {
    PATTERN_VERB = 0,
    PATTERN_NOUN = 1
} pattern_kind;

/* One step from a word to a related word of the UD tree. */
typedef enum pattern_rel {
    PATTERN_SUBJ = 0,  /* nsubj (and csubj) */
    PATTERN_SUBJ_PASS, /* nsubj:pass */
    PATTERN_OBJ,       /* obj */
    PATTERN_IOBJ,      /* iobj */
    PATTERN_AGENT,     /* obl:agent, or an obl whose case is "by" */
    PATTERN_OBL,       /* obl (with prep: whose case words are prep) */
    PATTERN_NMOD,      /* nmod (with prep: whose case words are prep) */
    PATTERN_POSS,      /* nmod:poss */
    PATTERN_COMPOUND,  /* compound (not compound:prt) */
    PATTERN_AMOD,      /* amod ("Iranian", "US-led") */
    PATTERN_APPOS,     /* appos */
    PATTERN_XCOMP,     /* xcomp */
    PATTERN_CCOMP,     /* ccomp */
    PATTERN_ADVCL,     /* advcl */
    PATTERN_ADVMOD,    /* advmod */
    PATTERN_UP,        /* the word's own head (one step up the tree) */
    PATTERN_MOD,       /* amod or compound: "nuclear test", "missile test" */
    PATTERN_ACL,       /* acl (a clause on a noun: "the newspaper ... to suspend") */
    PATTERN_N_RELS
} pattern_rel;

#define PATTERN_MAX_STEPS 3

typedef struct pattern_step {
    uint8_t rel;      /* a pattern_rel */
    const char *prep; /* OBL, NMOD: the case word(s), "out of" for obl:out_of; NULL: any */
} pattern_step;

/* A role: a path of steps from the trigger ("obl:from/nmod:with": the
 * nmod with "with" of the obl with "from" of the trigger). */
typedef struct pattern_role {
    uint8_t n_steps; /* 1 .. PATTERN_MAX_STEPS */
    pattern_step steps[PATTERN_MAX_STEPS];
} pattern_role;

typedef enum pattern_op {
    PATTERN_HAS = 0, /* ROLE=a,b   the role exists and its lemma is one of them */
    PATTERN_NOT,     /* ROLE!=a,b  the role is absent or its lemma is none of them */
    PATTERN_ANY,     /* ROLE=*     the role exists */
    PATTERN_NONE     /* ROLE=-     the role is absent */
} pattern_op;

typedef struct pattern_cond {
    pattern_role role;
    uint8_t op;                 /* a pattern_op */
    const char *const *lemmas;  /* HAS, NOT: lower-case lemmas */
    uint32_t n_lemmas;
} pattern_cond;

/* Pattern flags. */
enum {
    PATTERN_F_RECIPROCAL = 1, /* "X and Y met", "X met Y": both directions */
    PATTERN_F_WEAK = 2        /* derived by script (PETRARCH); lower confidence */
};

typedef struct pattern {
    const char *id;             /* "consult.hold-talks-with", unique in the set */
    const char *code;           /* CAMEO code, or NULL: a discard pattern (no event) */
    const cameo_code *cameo;    /* its table row; NULL for a discard or when the set has no table */
    const char *intent;         /* code when the trigger is under an intent word, or NULL */
    const cameo_code *intent_cameo;
    const char *reverse;        /* also target -> source with this code ("host" 043 gives
                                   the guest's 042), or NULL; reciprocal sets it to code */
    const cameo_code *reverse_cameo;
    uint8_t kind;               /* a pattern_kind */
    const char *lemma;          /* the first trigger lemma (lower case) */
    const char *const *lemmas;  /* every trigger lemma */
    uint32_t n_lemmas;
    const char *prt;            /* required particle (compound:prt), or NULL */
    const pattern_cond *conds;  /* every condition must hold */
    uint32_t n_conds;
    const pattern_role *src;    /* the source: the first of these roles that exists */
    uint32_t n_src;
    const pattern_role *tgt;    /* the target, likewise; n_tgt 0: a one-actor event */
    uint32_t n_tgt;
    unsigned flags;             /* PATTERN_F_* */
    uint32_t specificity;       /* pattern_find sorts by it: 2 per word-list condition
                                   (ROLE=a,b) and for a particle, 1 per other condition */
    const char *file;           /* where the pattern was written */
    uint32_t line;
    uint32_t index;             /* load order */
} pattern;

/* Mood words: a trigger under one of them is not a plain act. */
typedef enum pattern_mood_kind {
    PATTERN_MOOD_NONE = 0,
    PATTERN_MOOD_INTENT,      /* "plans to visit": the pattern's intent code (03x) */
    PATTERN_MOOD_FUTURE,      /* "will visit" */
    PATTERN_MOOD_CONDITIONAL, /* "would withdraw", "could impose" */
    PATTERN_MOOD_NEGATION     /* "not", "never": the event is not coded */
} pattern_mood_kind;

/* A sentence holding these words (lower-case norms, in a row) codes nothing. */
typedef struct pattern_discard {
    const char *id;
    const char *const *words;
    uint32_t n_words;
    const char *file;
    uint32_t line;
} pattern_discard;

/* A problem found in check mode: "file:line: reason". */
typedef void (*pattern_report_fn)(void *ctx, const char *msg);

/* A new empty set validating codes against codes (borrowed: it must
 * outlive the set; NULL: codes need only be 2 to 4 digits). Caller frees
 * with pattern_set_free; a failed call leaves *out NULL. */
int pattern_set_new(pattern_set **out, const cameo_table *codes, casus_error *err);
void pattern_set_free(pattern_set *s); /* NULL ok */

/* Check mode: from now on a bad line goes to report(ctx, "file:line:
 * reason") and is skipped, and loading goes on. Without it the first bad
 * line stops the load with CASUS_EFORMAT and the message in err. */
void pattern_set_report(pattern_set *s, pattern_report_fn report, void *ctx);
/* Bad lines reported so far (check mode). */
size_t pattern_n_problems(const pattern_set *s);

/* Loads one file / data[0..size) named name (any bytes) / every "*.txt"
 * file of dir in name order (a missing dir is CASUS_ENOENT). */
int pattern_load_file(pattern_set *s, const char *path, casus_error *err);
int pattern_load_mem(pattern_set *s, const char *name, const char *data, size_t size,
                     casus_error *err);
int pattern_load_dir(pattern_set *s, const char *dir, casus_error *err);

/* Builds the lemma index; the set is read-only afterwards. */
int pattern_finish(pattern_set *s, casus_error *err);

/*
 * The patterns whose trigger is lemma (ASCII case ignored) as a verb or a
 * noun, most specific first (pattern.specificity: a condition naming words
 * outweighs one that does not), then in load order: a coder takes the first whose conditions hold. *n
 * gets the count (0 and NULL when none). Borrowed from s; no allocation.
 */
const pattern *const *pattern_find(const pattern_set *s, pattern_kind kind, const char *lemma,
                                   size_t *n);
const pattern *const *pattern_find_n(const pattern_set *s, pattern_kind kind, const char *lemma,
                                     size_t len, size_t *n);

/* The mood of a word's lemma (ASCII case ignored); PATTERN_MOOD_NONE when none. */
pattern_mood_kind pattern_mood(const pattern_set *s, const char *lemma);

/* The sentence discards; borrowed from s. */
const pattern_discard *pattern_discards(const pattern_set *s, size_t *n);

size_t pattern_count(const pattern_set *s);
/* Pattern i in load order (0 <= i < pattern_count); borrowed from s. */
const pattern *pattern_at(const pattern_set *s, size_t i);
/* The pattern with this id, or NULL. */
const pattern *pattern_by_id(const pattern_set *s, const char *id);

/*
 * What `casus dict check` reports about a finished set beyond bad lines:
 * duplicate patterns (a trigger lemma, particle and condition set already
 * written with the same code) and unreachable ones (the same, with another
 * code: pattern_find always returns the earlier one first). Each problem
 * goes to report as "file:line: reason"; returns their number.
 */
size_t pattern_check(const pattern_set *s, pattern_report_fn report, void *ctx);

/* "subj", "obl", ... as written in the files. */
const char *pattern_rel_name(pattern_rel r);
/* Writes a role as written in the files ("obl:from/nmod:with") to out[size]. */
void pattern_role_format(const pattern_role *r, char *out, size_t size);

#endif
