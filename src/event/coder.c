/*
 * coder.c — the event coder: for each sentence, find the triggers of the
 * event patterns (dict/events), check their conditions on the dependency
 * tree, attach source and target through the tree to the entity layer's
 * mentions, and write CAMEO events with their date, place, mood, trigger
 * span and the id of the pattern that fired.
 *
 * Per trigger word, the patterns of its lemma come most specific first
 * (pattern_find); the first whose particle and conditions hold decides.
 * Discard patterns (no code) stop the word; discards of whole phrases
 * ("World Cup") stop the sentence. A trigger under a negation ("did not
 * meet") codes nothing; under an intent word ("plans to visit") it codes
 * the pattern's intent code if it has one, else the act with mood
 * "intent"; "will" and "would" set mood future and conditional.
 *
 * Actors: a role resolves to a word; the word's mention (the one headed by
 * it, else the smallest covering it) is the actor, and its conjuncts are
 * actors too ("Iran and North Korea" gives one event per pair). A subject
 * missing on a verb is looked for up the tree: the first conjunct's ("X met
 * Y and signed ..."), the controller of an xcomp ("agreed to meet": the
 * subject; "urged Pyongyang to talk": the object), the noun a relative
 * clause hangs on. An actor needs a code; an event needs a source; a
 * source and target of the same entity (or code, for two mentions of one
 * government) code nothing.
 *
 * Reciprocal patterns ("X met Y", "X and Y met") give both directions;
 * reverse patterns ("X hosted Y") add the target's act (Y visited X).
 */
#include "event/coder.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/doc.h"
#include "entity/geo.h"
#include "event/cameo.h"
#include "event/pattern.h"
#include "util/error.h"

/* ------------------------------------------------------------ loading */

int event_stage_load(casus_pipeline *p, const char *dict_dir, casus_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cameo/event_codes.txt", dict_dir);
    int rc = cameo_table_load(&p->cameo, path, err);
    if (!rc)
        rc = pattern_set_new(&p->patterns, p->cameo, err);
    if (!rc) {
        snprintf(path, sizeof path, "%s/events", dict_dir);
        rc = pattern_load_dir(p->patterns, path, err);
    }
    if (!rc)
        rc = pattern_finish(p->patterns, err);
    if (!rc) {
        snprintf(path, sizeof path, "%s/cameo/actor_codes.txt", dict_dir);
        rc = cameo_units_load(&p->units, path, err);
    }
    return rc;
}

void event_stage_unload(casus_pipeline *p)
{
    pattern_set_free(p->patterns);
    cameo_table_free(p->cameo);
    cameo_units_free(p->units);
    p->patterns = NULL;
    p->cameo = NULL;
    p->units = NULL;
}

/* ------------------------------------------------------------ the tree */

typedef struct coder {
    casus_doc *d;
    const pattern_set *ps;
    const cameo_table *cameo;
    int32_t *first_child, *next_sib;
    int32_t *by_head; /* word -> mention it heads, -1 */
    when_date article;
    char countries[32][4]; /* the countries the article names (geo_resolve) */
    size_t n_countries;
    pattern_kind kind;  /* of the trigger being coded */
    uint8_t *consumed;  /* words a fired verb pattern named ("held talks": talks) */
    casus_event *ev;
    size_t n_ev, cap_ev;
    event_trace_fn trace; /* trace hook (casus explain): NULL unless explaining */
    void *trace_ctx;
} coder;

static const char *deprel(const coder *c, int32_t w)
{
    const char *r = c->d->syn[w].deprel;
    return r ? r : "";
}

static int rel_is(const char *rel, const char *name)
{
    size_t n = strlen(name);
    return !strncmp(rel, name, n) && (rel[n] == 0 || rel[n] == ':');
}

static const char *lemma(const coder *c, int32_t w)
{
    const char *l = c->d->syn[w].lemma;
    return l ? l : c->d->words[w].norm;
}

/* Has w a dependent with relation rel (exactly) and lemma l ("mark" "to",
 * "case" "of")? */
static int has_dep(const coder *c, int32_t w, const char *rel, const char *l)
{
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k])
        if (!strcmp(deprel(c, k), rel) && !strcasecmp(lemma(c, k), l))
            return 1;
    return 0;
}

/* The case words of w joined by spaces ("out of"), into buf. */
static const char *case_of(const coder *c, int32_t w, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k]) {
        if (!rel_is(deprel(c, k), "case"))
            continue;
        const char *l = lemma(c, k);
        size_t ln = strlen(l);
        if (n + ln + 2 > size)
            break;
        if (n)
            buf[n++] = ' ';
        for (size_t i = 0; i < ln; i++)
            buf[n++] = (char)tolower((unsigned char)l[i]);
        buf[n] = 0;
        /* "out of": the fixed word after the first case word */
        for (int32_t f = c->first_child[k]; f >= 0; f = c->next_sib[f])
            if (rel_is(deprel(c, f), "fixed")) {
                const char *fl = lemma(c, f);
                size_t fn = strlen(fl);
                if (n + fn + 2 > size)
                    break;
                buf[n++] = ' ';
                for (size_t i = 0; i < fn; i++)
                    buf[n++] = (char)tolower((unsigned char)fl[i]);
                buf[n] = 0;
            }
    }
    return buf;
}

/* Nouns that make a bare noun phrase a time adverbial ("one day", "last
 * week", "Tuesday", "in March"), not an object. */
static int time_noun(const char *l)
{
    static const char *const T[] = {
        "day",     "week",    "month",     "year",     "time",      "morning", "afternoon",
        "evening", "night",   "hour",      "minute",   "decade",    "century", "weekend",
        "today",   "tonight", "yesterday", "tomorrow", "season",    "moment",  "while",
        "spring",  "summer",  "autumn",    "fall",     "winter",    "term",    "round",
        NULL};
    if (when_month_name(l) || when_weekday_name(l) >= 0)
        return 1;
    for (int i = 0; T[i]; i++)
        if (!strcasecmp(l, T[i]))
            return 1;
    return 0;
}

/* A bare noun phrase after a verb that has no object, labelled obl:unmarked
 * by the parser, is the object it lost ("have killed at least twelve
 * fighters" with "fighters" an obl:unmarked) unless it names a time. */
static int unmarked_object(const coder *c, int32_t k)
{
    const casus_word_syntax *sy = &c->d->syn[k];
    int32_t h = sy->head;
    if (h < 0 || h >= k || strcmp(deprel(c, k), "obl:unmarked") || !sy->upos ||
        (strcmp(sy->upos, "NOUN") && strcmp(sy->upos, "PROPN")) || time_noun(lemma(c, k)) ||
        !c->d->syn[h].upos || strcmp(c->d->syn[h].upos, "VERB"))
        return 0;
    for (int32_t j = c->first_child[h]; j >= 0; j = c->next_sib[j])
        if (!strcmp(deprel(c, j), "obj"))
            return 0;
    return 1;
}

/* Does w have a preposition as a case dependent? A subject never does:
 * "In an interview with ..., Rouhani also warned" parsed with "interview"
 * the nsubj of "warned" leaves the verb without a subject. */
static int has_preposition(const coder *c, int32_t w)
{
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k])
        if (!strcmp(deprel(c, k), "case") && c->d->syn[k].upos &&
            !strcmp(c->d->syn[k].upos, "ADP"))
            return 1;
    return 0;
}

static int step_matches(const coder *c, int32_t k, const pattern_step *st)
{
    const char *r = deprel(c, k);
    char cb[64];
    switch (st->rel) {
    case PATTERN_SUBJ:
        return (rel_is(r, "nsubj") && strcmp(r, "nsubj:pass") && !has_preposition(c, k)) ||
               rel_is(r, "csubj");
    case PATTERN_SUBJ_PASS:
        return !strcmp(r, "nsubj:pass") || !strcmp(r, "csubj:pass");
    case PATTERN_OBJ:
        return !strcmp(r, "obj") || unmarked_object(c, k);
    case PATTERN_IOBJ:
        return !strcmp(r, "iobj");
    case PATTERN_AGENT:
        return !strcmp(r, "obl:agent") ||
               (rel_is(r, "obl") && !strcmp(case_of(c, k, cb, sizeof cb), "by"));
    case PATTERN_OBL:
        /* "on Tuesday" is when, never who */
        if (!rel_is(r, "obl") || !strcmp(r, "obl:agent") || time_noun(lemma(c, k)))
            return 0;
        return !st->prep || !strcasecmp(case_of(c, k, cb, sizeof cb), st->prep);
    case PATTERN_NMOD:
        if (!rel_is(r, "nmod") || !strcmp(r, "nmod:poss"))
            return 0;
        return !st->prep || !strcasecmp(case_of(c, k, cb, sizeof cb), st->prep);
    case PATTERN_POSS:
        return !strcmp(r, "nmod:poss");
    case PATTERN_COMPOUND:
        return !strcmp(r, "compound");
    case PATTERN_AMOD:
        return !strcmp(r, "amod");
    case PATTERN_APPOS:
        return !strcmp(r, "appos");
    case PATTERN_XCOMP:
        return !strcmp(r, "xcomp");
    case PATTERN_CCOMP:
        return !strcmp(r, "ccomp");
    case PATTERN_ADVCL:
        return rel_is(r, "advcl");
    case PATTERN_ADVMOD:
        return !strcmp(r, "advmod");
    case PATTERN_MOD:
        return !strcmp(r, "amod") || !strcmp(r, "compound");
    case PATTERN_ACL:
        return rel_is(r, "acl");
    default:
        return 0;
    }
}

/* The subject a verb takes from elsewhere in the tree, or -1. */
static int32_t inherited_subject(const coder *c, int32_t w, const pattern_step *st)
{
    for (int hops = 0; hops < 3; hops++) {
        int32_t h = c->d->syn[w].head;
        if (h < 0)
            return -1;
        const char *r = deprel(c, w);
        if (rel_is(r, "acl")) /* "the envoy who met ...": the noun */
            return h;
        /* "sent personnel to investigate": a purpose clause's subject */
        int purpose = rel_is(r, "advcl") && has_dep(c, w, "mark", "to");
        /* "opened fire, killing one person", "took an approach by
         * continuing negotiations": a participle clause's subject, bare or
         * marked "by" (other subordinators, "while noting", "in receiving",
         * measured on the demo articles, gave more wrong events than right) */
        int participle = 0;
        if (rel_is(r, "advcl") && !purpose && c->d->syn[w].xpos &&
            !strcmp(c->d->syn[w].xpos, "VBG")) {
            participle = 1;
            for (int32_t k = c->first_child[w]; k >= 0 && participle; k = c->next_sib[k])
                participle = strcmp(deprel(c, k), "mark") != 0 || !strcasecmp(lemma(c, k), "by");
        }
        if (!rel_is(r, "conj") && !rel_is(r, "xcomp") && !purpose && !participle)
            return -1;
        /* xcomp with an object: object control ("urged Pyongyang to talk") */
        if (rel_is(r, "xcomp"))
            for (int32_t k = c->first_child[h]; k >= 0; k = c->next_sib[k])
                if (!strcmp(deprel(c, k), "obj") && k < w)
                    return k;
        /* the controller's subject, whatever the parser called it: "he is
         * prepared to lift" (nsubj:pass), "it is willing to" (expl) */
        for (int32_t k = c->first_child[h]; k >= 0; k = c->next_sib[k])
            if (step_matches(c, k, st) || (rel_is(r, "xcomp") && (!strcmp(deprel(c, k), "nsubj:pass") ||
                                                                   !strcmp(deprel(c, k), "expl"))))
                return k;
        w = h;
    }
    return -1;
}

/* A verb the parser left without a subject ("one day after President
 * Donald Trump put sanctions ...": Trump hung on "day"): the head of a
 * name right before it, across auxiliaries and adverbs, when that name is
 * no argument of the verb. -1 if none. */
static int32_t name_before(const coder *c, int32_t w)
{
    const casus_doc *d = c->d;
    /* a passive's subject is its target ("a camp ... was attacked by") */
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k])
        if (!strcmp(deprel(c, k), "nsubj:pass") || !strcmp(deprel(c, k), "aux:pass") ||
            !strcmp(deprel(c, k), "obl:agent"))
            return -1;
    int32_t k = w - 1;
    while (k >= 0 && d->syn[k].upos &&
           (!strcmp(d->syn[k].upos, "AUX") || !strcmp(d->syn[k].upos, "ADV") ||
            !strcmp(d->syn[k].upos, "PART")) && d->syn[k].head == w)
        k--;
    if (k < 0 || !d->word_mention || d->word_mention[k] < 0)
        return -1;
    const casus_mention *m = &d->mentions[d->word_mention[k]];
    if (m->kind == CASUS_MENTION_PRONOUN || m->word + m->n_words != (uint32_t)k + 1 ||
        d->syn[m->head].head == w)
        return -1;
    /* same sentence */
    uint32_t s = m->sentence;
    if (w < (int32_t)d->sentences[s].word || w >= (int32_t)(d->sentences[s].word + d->sentences[s].n_words))
        return -1;
    return (int32_t)m->head;
}

/* Is k, a dependent of verb w, its particle? compound:prt, or the word
 * right after the verb made an advmod ("sat down" with "down" an advmod). */
static int particle_of(const coder *c, int32_t w, int32_t k)
{
    const char *r = deprel(c, k), *up = c->d->syn[k].upos ? c->d->syn[k].upos : "";
    if (!strcmp(r, "compound:prt"))
        return 1;
    return k == w + 1 && !strcmp(r, "advmod") &&
           (!strcmp(up, "ADP") || !strcmp(up, "ADV") || !strcmp(up, "PART"));
}

static int has_particle(const coder *c, int32_t w, const char *prt)
{
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k])
        if (particle_of(c, w, k) && !strcasecmp(lemma(c, k), prt))
            return 1;
    return 0;
}

static int compound_before(const coder *c, int32_t w, int32_t k)
{
    return k < w && !strcmp(deprel(c, k), "compound");
}

/* The first dependent of a dependent k of w that `via` accepts and that
 * step st matches; -1. For phrases the parser hung one level too low. */
static int32_t through_child(const coder *c, int32_t w, const pattern_step *st,
                             int (*via)(const coder *, int32_t, int32_t))
{
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k])
        if (via(c, w, k))
            for (int32_t g = c->first_child[k]; g >= 0; g = c->next_sib[g])
                if (step_matches(c, g, st))
                    return g;
    return -1;
}

/* The word a role reaches from w, or -1. */
static int32_t resolve(const coder *c, int32_t w, const pattern_role *role)
{
    int32_t cur = w;
    for (int s = 0; s < role->n_steps && cur >= 0; s++) {
        const pattern_step *st = &role->steps[s];
        if (st->rel == PATTERN_UP) {
            /* a noun trigger borrows its verb's actors only as that verb's
             * object ("made a trip to", "held a summit"): "briefed him on
             * the talks" does not make the briefer a party to the talks */
            if (s == 0 && c->kind == PATTERN_NOUN && strcmp(deprel(c, cur), "obj"))
                return -1;
            cur = c->d->syn[cur].head;
            continue;
        }
        int32_t found = -1;
        for (int32_t k = c->first_child[cur]; k >= 0 && found < 0; k = c->next_sib[k])
            if (step_matches(c, k, st))
                found = k;
        /* "sat down with Zarif" parsed with "Zarif" under "down": the
         * particle's phrases are the verb's */
        if (found < 0 && st->rel == PATTERN_OBL)
            found = through_child(c, cur, st, particle_of);
        /* "Trump's June summit" parsed with "Trump" the possessor of
         * "June": a compound modifier's possessor is the noun's */
        if (found < 0 && st->rel == PATTERN_POSS)
            found = through_child(c, cur, st, compound_before);
        /* two subjects before a verb are a parse error ("Kim Jong Un's top
         * diplomat held talks ..., a day after President Donald Trump
         * reimposed"): the one nearest the verb is its subject */
        if (found >= 0 && found < cur && st->rel == PATTERN_SUBJ)
            for (int32_t k = c->next_sib[found]; k >= 0 && k < cur; k = c->next_sib[k])
                if (step_matches(c, k, st)) {
                    /* only across a comma: "X along with Y demanded" keeps X */
                    int comma = 0;
                    for (int32_t j = found + 1; j < k && !comma; j++)
                        comma = !strcmp(c->d->words[j].norm, ",");
                    int32_t m = c->d->word_mention ? c->d->word_mention[k] : -1;
                    if (comma && m >= 0 && c->d->mentions[m].code && c->d->mentions[m].code[0])
                        found = k;
                }
        /* a conjunct verb right after a name is that name's ("held talks
         * ..., one day after President Donald Trump put sanctions" with
         * "put" a conj of "held"), not the first verb's subject's */
        if (found < 0 && s == 0 && st->rel == PATTERN_SUBJ && c->kind == PATTERN_VERB &&
            rel_is(deprel(c, cur), "conj"))
            found = name_before(c, cur);
        /* also the subject of the verb a noun trigger climbed to ("by
         * continuing negotiations with the U.S.": up/subj) */
        if (found < 0 && (s == 0 || role->steps[s - 1].rel == PATTERN_UP) &&
            (st->rel == PATTERN_SUBJ || st->rel == PATTERN_SUBJ_PASS))
            found = inherited_subject(c, cur, st);
        if (found < 0 && s == 0 && st->rel == PATTERN_SUBJ && c->kind == PATTERN_VERB)
            found = name_before(c, cur);
        /* "demanded that Hamas renounce ...": a name the parser hung on the
         * verb as a compound is the verb's subject */
        if (found < 0 && (st->rel == PATTERN_SUBJ) && c->d->syn[cur].upos &&
            !strcmp(c->d->syn[cur].upos, "VERB"))
            for (int32_t k = c->first_child[cur]; k >= 0 && found < 0; k = c->next_sib[k])
                if (k < cur && !strcmp(deprel(c, k), "compound") && c->d->syn[k].upos &&
                    !strcmp(c->d->syn[k].upos, "PROPN"))
                    found = k;
        /* "demanded that the DPRK forsake ...": when the parser made the
         * clause's subject its head, the subject of that "clause" is itself */
        if (found < 0 && s > 0 && (st->rel == PATTERN_SUBJ || st->rel == PATTERN_SUBJ_PASS)) {
            const char *up = c->d->syn[cur].upos ? c->d->syn[cur].upos : "";
            if (!strcmp(up, "PROPN") || !strcmp(up, "NOUN") || !strcmp(up, "PRON"))
                found = cur;
        }
        /* "have killed at least eight leaders": an object the parser made an
         * obl without a preposition */
        if (found < 0 && st->rel == PATTERN_OBJ && c->kind == PATTERN_VERB)
            for (int32_t k = c->first_child[cur]; k >= 0 && found < 0; k = c->next_sib[k])
                if (k > cur && !strcmp(deprel(c, k), "obl")) {
                    int marked = 0;
                    for (int32_t g = c->first_child[k]; g >= 0 && !marked; g = c->next_sib[g])
                        marked = !strcmp(deprel(c, g), "case");
                    if (!marked)
                        found = k;
                }
        if (found < 0 && st->rel == PATTERN_OBJ) {
            /* "Rouhani warned Washington": a second subject after the verb
             * is the parser's mistake for its object */
            int32_t before = -1;
            for (int32_t k = c->first_child[cur]; k >= 0 && found < 0; k = c->next_sib[k])
                if (!strcmp(deprel(c, k), "nsubj")) {
                    if (k < cur)
                        before = k;
                    else if (before >= 0)
                        found = k;
                }
        }
        cur = found;
    }
    return cur == w ? -1 : cur;
}

static int lemma_in(const char *l, const char *const *list, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcasecmp(l, list[i]))
            return 1;
    return 0;
}

/* Does some word that role reaches from cur (its steps from s on, every
 * matching child at each step) have one of the lemmas? */
static int role_reaches(const coder *c, int32_t cur, const pattern_role *role, int s,
                        const char *const *lemmas, uint32_t n)
{
    if (s == role->n_steps)
        return lemma_in(lemma(c, cur), lemmas, n);
    const pattern_step *st = &role->steps[s];
    if (st->rel == PATTERN_UP) {
        int32_t h = c->d->syn[cur].head;
        return h >= 0 && role_reaches(c, h, role, s + 1, lemmas, n);
    }
    for (int32_t k = c->first_child[cur]; k >= 0; k = c->next_sib[k])
        if (step_matches(c, k, st) && role_reaches(c, k, role, s + 1, lemmas, n))
            return 1;
    return 0;
}

/* Is the first noun after verb w (across determiners, adjectives and
 * numbers, at most four words on, in its sentence) one of the lemmas? */
static int object_after(const coder *c, int32_t w, const char *const *lemmas, uint32_t n)
{
    const casus_doc *d = c->d;
    for (int32_t k = w + 1; k < (int32_t)d->n_words && k <= w + 6; k++) {
        const char *up = d->syn[k].upos ? d->syn[k].upos : "";
        if (d->syn[k].head < 0 && k != w)
            return 0; /* another sentence's root */
        if (!strcmp(up, "NOUN") || !strcmp(up, "PROPN")) {
            /* the last of a run of nouns ("the Europe Bridge") */
            const char *next = k + 1 < (int32_t)d->n_words && d->syn[k + 1].upos ? d->syn[k + 1].upos : "";
            if ((!strcmp(next, "NOUN") || (!strcmp(next, "PROPN") && !strcmp(up, "PROPN"))) &&
                k < w + 6)
                continue;
            return lemma_in(lemma(c, k), lemmas, n);
        }
        if (strcmp(up, "DET") && strcmp(up, "ADJ") && strcmp(up, "NUM") && strcmp(up, "PRON"))
            return 0;
    }
    return 0;
}

/* The noun a quantity word counts ("tested a total of 23 missiles",
 * "arrested dozens of protesters", "held a new round of talks"): its
 * "of" phrase after it; w itself when w is no quantity word or has none.
 * (Not "barrage", "volley", "salvo": patterns name them, "fired a barrage".) */
static int32_t counted_noun(const coder *c, int32_t w)
{
    static const char *const Q[] = {
        "total", "number", "series", "couple", "pair", "handful", "dozen", "score", "hundred",
        "thousand", "million", "batch", "string", "wave", "spate", "round", "set", "package",
        "raft", "slew", "host", "lot", "bunch", "array"};
    if (!lemma_in(lemma(c, w), Q, sizeof Q / sizeof Q[0]))
        return w;
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k])
        if (k > w && rel_is(deprel(c, k), "nmod") && has_dep(c, k, "case", "of"))
            return k;
    return w;
}

static int conditions_hold(const coder *c, int32_t w, const pattern *p)
{
    if (p->prt && !has_particle(c, w, p->prt))
        return 0;
    for (uint32_t i = 0; i < p->n_conds; i++) {
        const pattern_cond *q = &p->conds[i];
        int32_t r = resolve(c, w, &q->role);
        switch (q->op) {
        case PATTERN_HAS:
            /* any word the role reaches may carry the lemma ("NATO
             * peacekeeping troops": the second compound) */
            if (r < 0 || (!lemma_in(lemma(c, r), q->lemmas, q->n_lemmas) &&
                          !lemma_in(lemma(c, counted_noun(c, r)), q->lemmas, q->n_lemmas) &&
                          !role_reaches(c, w, &q->role, 0, q->lemmas, q->n_lemmas))) {
                /* the object the parser lost: "imposed sanctions on ..." with
                 * "sanctions" hung elsewhere is still the noun right after */
                if (!(q->role.n_steps == 1 && q->role.steps[0].rel == PATTERN_OBJ &&
                      object_after(c, w, q->lemmas, q->n_lemmas)))
                    return 0;
            }
            break;
        case PATTERN_NOT:
            if (r >= 0 && role_reaches(c, w, &q->role, 0, q->lemmas, q->n_lemmas))
                return 0;
            break;
        case PATTERN_ANY:
            if (r < 0)
                return 0;
            break;
        case PATTERN_NONE:
            if (r >= 0)
                return 0;
            break;
        default:
            return 0;
        }
    }
    return 1;
}

/* ------------------------------------------------------------ actors */

#define MAX_ACTORS 8

/* The mention a word names: the one it heads, else the smallest covering it. */
static int32_t mention_of(const coder *c, int32_t w)
{
    if (w < 0)
        return -1;
    if (c->by_head[w] >= 0)
        return c->by_head[w];
    return c->d->word_mention ? c->d->word_mention[w] : -1;
}

/* A coded mention inside the phrase of w when w itself names none (the
 * parser made "Korean" the head of "North Korean Foreign Minister Ri Yong
 * Ho"): breadth first through the phrase's own dependents, not into
 * clauses, coordination or other arguments. -1 if none. */
static int32_t mention_below(const coder *c, int32_t w, int owner)
{
    int32_t queue[32];
    size_t head = 0, tail = 0;
    queue[tail++] = w;
    while (head < tail) {
        int32_t x = queue[head++];
        for (int32_t k = c->first_child[x]; k >= 0; k = c->next_sib[k]) {
            const char *r = deprel(c, k);
            if (rel_is(r, "acl") || rel_is(r, "conj") || rel_is(r, "cc") || rel_is(r, "case") ||
                rel_is(r, "det") || rel_is(r, "punct") || rel_is(r, "obl") ||
                rel_is(r, "advmod") || rel_is(r, "advcl") || rel_is(r, "mark") ||
                (!owner && !strcmp(r, "nmod:poss")) || rel_is(r, "ccomp") ||
                rel_is(r, "xcomp"))
                continue;
            int32_t m = mention_of(c, k);
            if (m >= 0 && c->d->mentions[m].code[0] &&
                c->d->mentions[m].kind != CASUS_MENTION_PRONOUN)
                return m;
            if (tail < sizeof queue / sizeof *queue)
                queue[tail++] = k;
        }
    }
    return -1;
}

/* The coded mentions a role word names, its conjuncts included. For a
 * target, a thing stands for its owner: "rejected an Indian proposal",
 * "dismissed Gbagbo's appeal", "a plan by Senegal". */
static size_t actors_at(const coder *c, int32_t w, int32_t *out, int owner)
{
    size_t n = 0;
    if (w < 0)
        return 0;
    int32_t m = mention_of(c, w);
    if (m < 0 || !c->d->mentions[m].code[0])
        m = mention_below(c, w, owner);
    if (m >= 0 && c->d->mentions[m].code[0])
        out[n++] = m;
    for (int32_t k = c->first_child[w]; k >= 0 && n < MAX_ACTORS; k = c->next_sib[k]) {
        if (strcmp(deprel(c, k), "conj"))
            continue;
        int32_t mk = mention_of(c, k);
        if (mk >= 0 && c->d->mentions[mk].code[0]) {
            int dup = 0;
            for (size_t i = 0; i < n; i++)
                dup |= out[i] == mk;
            if (!dup)
                out[n++] = mk;
        }
    }
    return n;
}

static size_t actors_of(const coder *c, int32_t w, const pattern_role *roles, uint32_t n_roles,
                        int32_t *out, int32_t *role_word, int owner)
{
    *role_word = -1;
    for (uint32_t i = 0; i < n_roles; i++) {
        int32_t r = resolve(c, w, &roles[i]);
        size_t n = actors_at(c, r, out, owner);
        if (!n && r >= 0 && roles[i].n_steps == 1) {
            /* a second word in the same role ("Korean ... Ho held": two
             * subjects from a confused parse) */
            for (int32_t k = c->next_sib[r]; k >= 0 && !n; k = c->next_sib[k])
                if (step_matches(c, k, &roles[i].steps[0]) && (n = actors_at(c, k, out, owner)))
                    r = k;
        }
        if (n) {
            *role_word = r;
            return n;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ mood, date, place */

/* Negation on the trigger: "not", "n't", "never", or "no talks". */
static int negated(const coder *c, int32_t w)
{
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k]) {
        const char *r = deprel(c, k);
        if ((!strcmp(r, "advmod") || !strcmp(r, "det")) &&
            pattern_mood(c->ps, lemma(c, k)) == PATTERN_MOOD_NEGATION)
            return 1;
        /* "warned Washington against pulling out", "left without
         * signing": the act did not happen */
        if (!strcmp(r, "mark") && (!strcasecmp(lemma(c, k), "against") ||
                                   !strcasecmp(lemma(c, k), "without")))
            return 1;
    }
    return 0;
}

/* The verb whose auxiliaries are w's: w itself, or the first conjunct
 * for a conjunct verb with no auxiliary or subject of its own ("must
 * deliver on their obligations and comply with"). */
static int32_t aux_holder(const coder *c, int32_t w)
{
    int32_t h = c->d->syn[w].head;
    if (h < 0 || strcmp(deprel(c, w), "conj"))
        return w;
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k])
        if (rel_is(deprel(c, k), "aux") || rel_is(deprel(c, k), "nsubj"))
            return w;
    return h;
}

/* The mood of trigger w: its auxiliaries, then the verb it is the
 * complement of ("plans to visit", "refuses to ..."), whose own negation
 * negates it ("did not agree to meet"). */
static pattern_mood_kind mood_of(const coder *c, int32_t w)
{
    if (negated(c, w))
        return PATTERN_MOOD_NEGATION;
    pattern_mood_kind m = PATTERN_MOOD_NONE;
    int32_t v = aux_holder(c, w);
    for (int32_t k = c->first_child[v]; k >= 0; k = c->next_sib[k])
        if (!strcmp(deprel(c, k), "aux")) {
            pattern_mood_kind a = pattern_mood(c->ps, lemma(c, k));
            if (a == PATTERN_MOOD_FUTURE || a == PATTERN_MOOD_CONDITIONAL)
                m = a;
        }
    if (m)
        return m;
    const char *r = deprel(c, w);
    int32_t h = c->d->syn[w].head;
    if (h >= 0 && (!strcmp(r, "xcomp") || !strcmp(r, "ccomp"))) {
        pattern_mood_kind hm = pattern_mood(c->ps, lemma(c, h));
        if (hm == PATTERN_MOOD_INTENT)
            return negated(c, h) ? PATTERN_MOOD_NEGATION : PATTERN_MOOD_INTENT;
        if (negated(c, h) && !strcmp(r, "xcomp"))
            return PATTERN_MOOD_NEGATION;
    }
    return PATTERN_MOOD_NONE;
}

/* The date of the event at w: a time expression among w's dependents (or
 * its clause's, for a noun trigger's verb), else the article's date. */
static int time_rel(const char *r)
{
    return rel_is(r, "obl") || rel_is(r, "nmod") || rel_is(r, "advmod") || rel_is(r, "compound") ||
           rel_is(r, "amod") || rel_is(r, "nummod");
}

static when_date date_of(const coder *c, int32_t w, int ahead)
{
    casus_doc *d = c->d;
    for (int pass = 0; pass < 2; pass++) {
        for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k]) {
            const char *r = deprel(c, k);
            if (!time_rel(r))
                continue;
            when_date t = when_resolve_dir(d->words, d->syn, c->first_child, c->next_sib,
                                           (size_t)k, c->article, ahead);
            if (t.res)
                return t;
        }
        /* one level down: "in Tehran on Wednesday" hung on the place, "met
         * Kim in June" on the object */
        for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k]) {
            const char *r = deprel(c, k);
            if (!rel_is(r, "obl") && !rel_is(r, "obj") && !rel_is(r, "nsubj") && !rel_is(r, "nmod"))
                continue;
            for (int32_t g = c->first_child[k]; g >= 0; g = c->next_sib[g]) {
                if (!rel_is(deprel(c, g), "nmod") && !rel_is(deprel(c, g), "obl"))
                    continue;
                when_date t = when_resolve_dir(d->words, d->syn, c->first_child, c->next_sib,
                                               (size_t)g, c->article, ahead);
                if (t.res)
                    return t;
            }
        }
        /* a noun trigger: the dates of the verb it depends on; a conjoined
         * clause: the first clause's ("launched missiles last year, and
         * carried out a test") */
        int noun = !strcmp(d->syn[w].upos ? d->syn[w].upos : "", "NOUN");
        if ((!noun && !rel_is(deprel(c, w), "conj")) || d->syn[w].head < 0)
            break;
        w = d->syn[w].head;
    }
    return c->article;
}

static const char *const NUMBER_WORDS[] = {"a", "one", "two", "three", "four", "five",
                                           "six", "seven", NULL};

/* "one day after X did Y": Y happened N days before the sentence's main
 * event. The number of days when words "N day(s) after" come before the
 * trigger w in its sentence, else 0. */
static int days_before(const coder *c, const casus_sentence *st, int32_t w)
{
    const casus_word *words = c->d->words;
    for (uint32_t i = st->word + 1; i + 1 < (uint32_t)w; i++) {
        const char *f = words[i].norm;
        if ((strcasecmp(f, "day") && strcasecmp(f, "days")) ||
            strcasecmp(words[i + 1].norm, "after"))
            continue;
        const char *n = words[i - 1].norm;
        for (int k = 0; NUMBER_WORDS[k]; k++)
            if (!strcasecmp(n, NUMBER_WORDS[k]))
                return k ? k : 1;
        int v = atoi(n);
        if (v > 0 && v < 60)
            return v;
    }
    return 0;
}

/* The date of the main clause of sentence st (its root's). */
static when_date root_date(const coder *c, const casus_sentence *st)
{
    for (uint32_t i = 0; i < st->n_words; i++)
        if (c->d->syn[st->word + i].head < 0)
            return date_of(c, (int32_t)(st->word + i), 0);
    return c->article;
}

/* The LOC mention of an "in"/"at"/"near" phrase headed by k, or -1. */
static int32_t place_phrase(const coder *c, int32_t k, char *cb, size_t size)
{
    const char *r = deprel(c, k);
    if (!rel_is(r, "obl") && !rel_is(r, "nmod"))
        return -1;
    const char *cs = case_of(c, k, cb, size);
    if (strcmp(cs, "in") && strcmp(cs, "at") && strcmp(cs, "near"))
        return -1;
    int32_t m = mention_of(c, k);
    return m >= 0 && c->d->mentions[m].type == 'L' ? m : -1;
}

/* The place of the event at w: an "in"/"at" phrase naming a LOC mention. */
static int32_t place_of(const coder *c, int32_t w)
{
    char cb[64];
    for (int pass = 0; pass < 2 && w >= 0; pass++) {
        for (int depth = 0; depth < 2; depth++)
            for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k]) {
                const char *r = deprel(c, k);
                if (depth == 0) {
                    int32_t m = place_phrase(c, k, cb, sizeof cb);
                    if (m >= 0)
                        return m;
                    continue;
                }
                /* "met Kim in Singapore": the place hung on an argument */
                if (!rel_is(r, "obl") && !rel_is(r, "obj") && !rel_is(r, "nmod"))
                    continue;
                for (int32_t g = c->first_child[k]; g >= 0; g = c->next_sib[g]) {
                    int32_t m = place_phrase(c, g, cb, sizeof cb);
                    if (m >= 0)
                        return m;
                }
            }
        /* a verb's event also happens where its object noun does */
        w = c->d->syn[w].head >= 0 && !strcmp(c->d->syn[w].upos ? c->d->syn[w].upos : "", "NOUN")
                ? c->d->syn[w].head
                : -1;
    }
    return -1;
}

/* ------------------------------------------------------------ events */

static int domestic_role(const char *code);

static void set_actor(const coder *c, casus_event_actor *a, int32_t m)
{
    const casus_mention *x = &c->d->mentions[m];
    a->mention = m;
    a->entity = x->entity;
    a->code = x->code;
    if (x->entity >= 0) {
        a->name = c->d->entities[x->entity].name;
        /* "The Foreign Secretary, Boris Johnson, said": the description says
         * GOV, the entity knows GBRGOV; a code that only extends the
         * mention's is the better one */
        const char *ec = c->d->entities[x->entity].code;
        size_t ml = strlen(x->code), el = strlen(ec);
        if (el > ml && (!ml || strstr(ec, x->code)))
            a->code = ec;
        /* "al-Qaeda leaders" joined al-Qaeda: the organisation, not a
         * government of nowhere */
        else if (ml == 3 && domestic_role(x->code) && el > 3 && !domestic_role(ec) &&
                 x->kind == CASUS_MENTION_NOMINAL)
            a->code = ec;
    }
    else {
        const char *t = c->d->article->text;
        a->name = arena_strndup(&c->d->mem, t + x->start, x->end - x->start);
    }
}

/* Roles that belong to one country ("the president", "police", "rebels"):
 * a mention coded with one of them alone takes its country from the
 * context (country_from_context). */
static int domestic_role(const char *code)
{
    static const char *const R[] = {"GOV", "MIL", "COP", "OPP", "REB", "CVL", "REF", "MED",
                                    "JUD", "LEG", "BUS", "LAB", "EDU", "UAF", "INS", "SPY",
                                    "PTY", "ELI", "CRM", "HLH", "AGR", "DEV", "ENV", NULL};
    if (!code || strlen(code) < 3)
        return 0;
    for (int i = 0; R[i]; i++)
        if (!strncmp(code, R[i], 3))
            return 1;
    return 0;
}

static int is_country(const coder *c, const char *code)
{
    const char *k = code && strlen(code) >= 3 ? cameo_unit_kind(c->d->pipeline->units, code) : NULL;
    return k && strstr(k, "country");
}

/*
 * The country of an actor the text codes with a role alone ("President
 * Abdelaziz Bouteflika" without a dictionary entry: GOV): the one country
 * the sentence names besides the actor ("... a curfew in Algiers": DZA),
 * else the one country the article names. A country that is itself the
 * event's other party ("Bush threatened Russia") is not the actor's. NULL
 * when the context names none or several.
 */
static const char *country_from_context(const coder *c, uint32_t sent, int32_t self,
                                        int32_t other)
{
    const casus_doc *d = c->d;
    const char *other_code = other >= 0 ? d->mentions[other].code : NULL;
    const char *found = NULL;
    for (size_t k = 0; k < d->n_mentions; k++) {
        const casus_mention *m = &d->mentions[k];
        if (m->sentence != sent || (int32_t)k == self || !is_country(c, m->code))
            continue;
        if (other_code && strlen(other_code) == 3 && !strncmp(other_code, m->code, 3))
            continue;
        if (found && strncmp(found, m->code, 3))
            return NULL; /* two countries: no telling */
        found = m->code;
    }
    if (found)
        return found;
    if (c->n_countries == 1 &&
        !(other_code && strlen(other_code) == 3 && !strncmp(other_code, c->countries[0], 3)))
        return c->countries[0];
    return NULL;
}

/* Gives a role-only actor of an event its country (country_from_context). */
static int place_role(coder *c, casus_event_actor *a, uint32_t sent, int32_t other)
{
    if (a->mention < 0 || !domestic_role(a->code))
        return 0;
    const char *cc = country_from_context(c, sent, a->mention, other);
    if (!cc)
        return 0;
    size_t n = strlen(a->code);
    char *code = arena_alloc(&c->d->mem, n + 4);
    if (!code)
        return CASUS_ENOMEM;
    memcpy(code, cc, 3);
    memcpy(code + 3, a->code, n + 1);
    a->code = code;
    return 0;
}

static int same_actor(const coder *c, int32_t a, int32_t b)
{
    const casus_mention *x = &c->d->mentions[a], *y = &c->d->mentions[b];
    if (a == b || (x->entity >= 0 && x->entity == y->entity))
        return 1;
    return !strcmp(x->code, y->code) && strlen(x->code) > 3; /* one government, twice */
}

static void trace_same_actor(const coder *c, uint32_t sent, int32_t w, const pattern *p,
                             int32_t src);

static int add_event(coder *c, int32_t w, uint32_t sent, const pattern *p, const cameo_code *code,
                     int32_t src, int32_t tgt, pattern_mood_kind mood, when_date when, int32_t place)
{
    if (tgt >= 0 && same_actor(c, src, tgt)) {
        if (c->trace) /* trace hook */
            trace_same_actor(c, sent, w, p, src);
        return 0;
    }
    if (c->n_ev == c->cap_ev) {
        size_t cap = c->cap_ev ? 2 * c->cap_ev : 16;
        casus_event *e = arena_array(&c->d->mem, cap, sizeof *e);
        if (!e)
            return CASUS_ENOMEM;
        if (c->n_ev)
            memcpy(e, c->ev, c->n_ev * sizeof *e);
        c->ev = e;
        c->cap_ev = cap;
    }
    casus_event *e = &c->ev[c->n_ev++];
    memset(e, 0, sizeof *e);
    if (when.year) /* an article without a date and no date in the text: none */
        when_format(when, e->date);
    e->date_resolution = when.res == WHEN_DAY ? (when.year == c->article.year &&
                                                 when.month == c->article.month &&
                                                 when.day == c->article.day
                                                     ? "article"
                                                     : "day")
                         : when.res == WHEN_MONTH ? "month"
                         : when.res == WHEN_YEAR  ? "year"
                                                  : "none";
    e->sentence = sent;
    set_actor(c, &e->source, src);
    e->has_target = tgt >= 0;
    if (tgt >= 0)
        set_actor(c, &e->target, tgt);
    else
        e->target.mention = e->target.entity = -1;
    int rc = place_role(c, &e->source, sent, tgt);
    if (!rc && tgt >= 0)
        rc = place_role(c, &e->target, sent, src);
    if (rc)
        return rc;
    e->code = code->code;
    e->root = code->root;
    e->base = code->base;
    e->quadclass = code->quadclass;
    e->goldstein = code->goldstein;
    e->place_mention = place;
    if (place >= 0)
        geo_resolve(c->d, &c->d->mentions[place], (const char (*)[4])c->countries,
                    c->n_countries, &e->place);
    e->trigger_word = (uint32_t)w;
    e->trigger_start = c->d->words[w].start;
    e->trigger_end = c->d->words[w].end;
    e->rule = p->id;
    e->mood = mood == PATTERN_MOOD_INTENT        ? "intent"
              : mood == PATTERN_MOOD_FUTURE      ? "future"
              : mood == PATTERN_MOOD_CONDITIONAL ? "conditional"
                                                 : NULL;
    /* a rough confidence: the pattern's kind and how the actors were found */
    double conf = p->flags & PATTERN_F_WEAK ? 0.5 : 0.8;
    if (c->d->mentions[src].kind == CASUS_MENTION_PRONOUN)
        conf -= 0.1;
    if (tgt >= 0 && c->d->mentions[tgt].kind == CASUS_MENTION_PRONOUN)
        conf -= 0.1;
    if (p->specificity >= 2)
        conf += 0.1;
    e->confidence = conf;
    return !e->source.name || (tgt >= 0 && !e->target.name) ? CASUS_ENOMEM : 0;
}

/* The reject code (12x) for a negated cooperative act stated as a future
 * or a stance ("will not accept", "would not meet", "cannot recognise"),
 * or NULL: a negated past act ("did not meet") is no event. */
static const cameo_code *refusal_code(const coder *c, int32_t w, const cameo_code *act)
{
    if (!c->cameo || strncmp(act->root, "0", 1) || strcmp(act->root, "03") < 0)
        return NULL; /* only cooperation, 03-08 */
    int stated = 0;
    for (int32_t k = c->first_child[w]; k >= 0 && !stated; k = c->next_sib[k])
        if (!strcmp(deprel(c, k), "aux")) {
            pattern_mood_kind a = pattern_mood(c->ps, lemma(c, k));
            stated = a == PATTERN_MOOD_FUTURE || a == PATTERN_MOOD_CONDITIONAL ||
                     !strcasecmp(lemma(c, k), "can");
        }
    if (!stated)
        return NULL;
    const char *rc = !strcmp(act->root, "04")   ? "125" /* reject talks */
                     : !strcmp(act->root, "07") ? "122" /* reject aid */
                     : !strcmp(act->root, "08") ? "123" /* reject yielding */
                                                : "120";
    return cameo_lookup(c->cameo, rc);
}

/* The CAMEO intent (03x) or threat (13x) code for what code does, by the
 * manual's correspondences; "" when there is none (statements, demands,
 * protests are coded as they are, with their mood). */
static const char *intent_code(const char *code)
{
    static const struct {
        const char *prefix, *intent;
    } MAP[] = {
        {"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"}, {"07", "033"},
        {"04", "036"},   {"05", "032"},   {"06", "031"},   {"081", "034"},  {"08", "035"},
        {"161", "1313"}, {"162", "1311"}, {"163", "1312"}, {"164", "134"},  {"165", "135"},
        {"166", "136"},  {"16", "131"},   {"17", "137"},   {"191", "1381"}, {"192", "1382"},
        {"19", "1384"},  {"18", "1383"},  {"20", "1385"},  {"15", "138"},
        {"143", "1312"}, /* "would boycott": a threatened boycott */
    };
    for (size_t i = 0; i < sizeof MAP / sizeof *MAP; i++)
        if (!strncmp(code, MAP[i].prefix, strlen(MAP[i].prefix)))
            return MAP[i].intent;
    return "";
}

/* Does mention m hold a possessive pronoun ("its troops")? */
static int owned_by_pronoun(const coder *c, int32_t m)
{
    const casus_mention *x = &c->d->mentions[m];
    for (uint32_t w = x->word; w < x->word + x->n_words; w++)
        if (!strcmp(deprel(c, (int32_t)w), "nmod:poss") && c->d->syn[w].upos &&
            !strcmp(c->d->syn[w].upos, "PRON"))
            return 1;
    return 0;
}

/* Where an event's target usually is when the pattern's own roles find
 * none: the object, the indirect object, a with/to/against/on/from phrase
 * of the verb, of its object or of the verb it governs ("promised to
 * continue aid to Mozambique", "held a meeting with Obama", "shared
 * evidence with the U.S."). */
static size_t fallback_target(const coder *c, int32_t w, int32_t *out)
{
    static const char *const PREPS[] = {"with", "to", "against", "on", "from", "toward", "towards"};
    int32_t cands[48];
    size_t n = 0;
    int32_t heads[3] = {w, -1, -1};
    /* the verb, its object (a thing), and the verb of its xcomp or of its
     * purpose clause ("opened fire to disperse the demonstrators") */
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k]) {
        if (!strcmp(deprel(c, k), "obj") && heads[1] < 0)
            heads[1] = k;
        if (!strcmp(deprel(c, k), "xcomp") && heads[2] < 0)
            heads[2] = k;
        if (rel_is(deprel(c, k), "advcl") && heads[2] < 0 && k > w && has_dep(c, k, "mark", "to"))
            heads[2] = k;
    }
    /* an xcomp of the xcomp when the first has no object ("attempted to
     * assassinate outgoing Prime Minister ..." misparsed) */
    if (heads[2] >= 0) {
        int has_obj = 0;
        int32_t deeper = -1;
        for (int32_t k = c->first_child[heads[2]]; k >= 0; k = c->next_sib[k]) {
            has_obj |= !strcmp(deprel(c, k), "obj");
            if (!strcmp(deprel(c, k), "xcomp") && deeper < 0)
                deeper = k;
        }
        if (!has_obj && deeper >= 0)
            heads[2] = deeper;
    }
    /* ... or hung on the object: "opened fire to disperse the protesters" */
    if (heads[2] < 0 && heads[1] >= 0)
        for (int32_t k = c->first_child[heads[1]]; k >= 0 && heads[2] < 0; k = c->next_sib[k])
            if (rel_is(deprel(c, k), "acl") && has_dep(c, k, "mark", "to"))
                heads[2] = k;
    for (int h = 0; h < 3; h++) {
        if (heads[h] < 0)
            continue;
        for (int32_t k = c->first_child[heads[h]]; k >= 0 && n + 2 < sizeof cands / sizeof *cands;
             k = c->next_sib[k]) {
            const char *r = deprel(c, k);
            if (h != 1 && (!strcmp(r, "obj") || !strcmp(r, "iobj")))
                cands[n++] = k;
            if (rel_is(r, "obl") || rel_is(r, "nmod")) {
                char cb[64];
                const char *cs = case_of(c, k, cb, sizeof cb);
                for (size_t i = 0; i < sizeof PREPS / sizeof *PREPS; i++)
                    if (!strcmp(cs, PREPS[i]))
                        cands[n++] = k;
            }
        }
        /* the xcomp's object's own phrases ("continue aid to Mozambique") */
        if (h == 2)
            for (int32_t k = c->first_child[heads[2]]; k >= 0; k = c->next_sib[k])
                if (!strcmp(deprel(c, k), "obj"))
                    for (int32_t g = c->first_child[k];
                         g >= 0 && n + 1 < sizeof cands / sizeof *cands; g = c->next_sib[g]) {
                        char cb[64];
                        if (rel_is(deprel(c, g), "nmod") &&
                            (!strcmp(case_of(c, g, cb, sizeof cb), "to") ||
                             !strcmp(case_of(c, g, cb, sizeof cb), "with")))
                            cands[n++] = g;
                    }
    }
    for (size_t i = 0; i < n; i++) {
        size_t got = actors_at(c, cands[i], out, 0);
        /* "its troops", "their forces": a thing of someone already named,
         * usually the source itself, is no target */
        if (got && owned_by_pronoun(c, out[0]))
            continue;
        if (got)
            return got;
    }
    /* the surface, when the tree lost the phrase: "imposed sanctions on the
     * Taliban faction" with "on the Taliban" hung inside another noun */
    const casus_doc *d = c->d;
    uint32_t end = (uint32_t)d->n_words;
    for (size_t si = 0; si < d->n_sentences; si++)
        if ((uint32_t)w >= d->sentences[si].word &&
            (uint32_t)w < d->sentences[si].word + d->sentences[si].n_words)
            end = d->sentences[si].word + d->sentences[si].n_words;
    for (int32_t k = w + 1; k < (int32_t)end && k <= w + 8; k++) {
        int prep = 0;
        for (size_t i = 0; i < sizeof PREPS / sizeof *PREPS && !prep; i++)
            prep = !strcasecmp(d->words[k].norm, PREPS[i]);
        /* the "to" of an infinitive ("promised to continue aid to ...") */
        if (prep && !strcasecmp(d->words[k].norm, "to") && k + 1 < (int32_t)end &&
            d->syn[k + 1].upos &&
            (!strcmp(d->syn[k + 1].upos, "VERB") || !strcmp(d->syn[k + 1].upos, "AUX")))
            prep = 0;
        if (!prep)
            continue;
        for (int32_t j = k + 1; j < (int32_t)end && j <= k + 3; j++) {
            int32_t m = d->word_mention ? d->word_mention[j] : -1;
            if (m >= 0 && d->mentions[m].kind == CASUS_MENTION_NAME && d->mentions[m].code[0]) {
                out[0] = m;
                return 1;
            }
        }
        break;
    }
    return 0;
}

/* The subject of the first "that" clause after w in its sentence st:
 * "that" followed within three words by a word that is a verb's subject.
 * -1 if none. */
static int32_t that_clause_subject(const coder *c, int32_t w, const casus_sentence *st)
{
    const casus_doc *d = c->d;
    int32_t end = (int32_t)(st->word + st->n_words) - 1;
    for (int32_t k = w + 1; k <= end && k <= w + 8; k++) {
        if (strcasecmp(d->words[k].norm, "that"))
            continue;
        for (int32_t j = k + 1; j <= end && j <= k + 3; j++)
            if (rel_is(deprel(c, j), "nsubj") && d->word_mention && d->word_mention[j] >= 0)
                return j;
        return -1;
    }
    return -1;
}

/* The subject of a reported clause of w that says what someone must or
 * should do ("said that Sudan must return ..."), or -1. */
static int32_t obliged_subject(const coder *c, int32_t w)
{
    for (int32_t k = c->first_child[w]; k >= 0; k = c->next_sib[k]) {
        if (strcmp(deprel(c, k), "ccomp"))
            continue;
        int must = 0;
        for (int32_t a = c->first_child[k]; a >= 0 && !must; a = c->next_sib[a])
            must = !strcmp(deprel(c, a), "aux") &&
                   (!strcasecmp(lemma(c, a), "must") || !strcasecmp(lemma(c, a), "should"));
        if (!must)
            continue;
        for (int32_t a = c->first_child[k]; a >= 0; a = c->next_sib[a])
            if (rel_is(deprel(c, a), "nsubj"))
                return a;
    }
    return -1;
}

/* Does the sentence hold a discard phrase ("World Cup")? */
static int discarded(const coder *c, const casus_sentence *st)
{
    size_t n;
    const pattern_discard *ds = pattern_discards(c->ps, &n);
    for (size_t i = 0; i < n; i++) {
        const pattern_discard *q = &ds[i];
        for (uint32_t w = 0; q->n_words && w + q->n_words <= st->n_words; w++) {
            uint32_t k = 0;
            while (k < q->n_words && !strcasecmp(c->d->words[st->word + w + k].norm, q->words[k]))
                k++;
            if (k == q->n_words)
                return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ trace hook
 * (casus explain). Reports why a trigger coded nothing; runs only when
 * c->trace is set, so coding without it costs one test per return. Kept
 * apart from the coding logic on purpose: it only reads what the coder
 * already decided. */

static void trace_emit(const coder *c, uint32_t sent, int32_t w, const pattern *p,
                       const char *reason)
{
    c->trace(c->trace_ctx, sent, w, p ? p->id : NULL, reason);
}

static void trace_same_actor(const coder *c, uint32_t sent, int32_t w, const pattern *p,
                             int32_t src)
{
    const casus_mention *m = &c->d->mentions[src];
    char why[256];
    snprintf(why, sizeof why, "source and target are the same actor (%s%s%s)",
             m->entity >= 0 ? c->d->entities[m->entity].name : "", m->entity >= 0 ? ", " : "",
             m->code);
    trace_emit(c, sent, w, p, why);
}

/* "obj=talk,talks" as written in the pattern files, into out. */
static void trace_cond_format(const pattern_cond *q, char *out, size_t size)
{
    char role[64];
    pattern_role_format(&q->role, role, sizeof role);
    size_t n = (size_t)snprintf(out, size, "%s%s", role,
                                q->op == PATTERN_HAS   ? "="
                                : q->op == PATTERN_NOT ? "!="
                                : q->op == PATTERN_ANY ? "=*"
                                                       : "=-");
    for (uint32_t i = 0; (q->op == PATTERN_HAS || q->op == PATTERN_NOT) && i < q->n_lemmas; i++)
        if (n < size)
            n += (size_t)snprintf(out + n, size - n, "%s%s", i ? "," : "", q->lemmas[i]);
}

/* No pattern of the trigger held: the first (most specific) one's failed
 * condition, as conditions_hold tests them. */
static void trace_no_match(const coder *c, uint32_t sent, int32_t w, const pattern *const *ps,
                           size_t n_p)
{
    const pattern *p = ps[0];
    char why[384], cond[160];
    cond[0] = 0;
    if (p->prt && !has_particle(c, w, p->prt))
        snprintf(cond, sizeof cond, "particle '%s' missing", p->prt);
    for (uint32_t i = 0; !cond[0] && i < p->n_conds; i++) {
        const pattern_cond *q = &p->conds[i];
        int32_t r = resolve(c, w, &q->role);
        int held = q->op == PATTERN_HAS    ? r >= 0 && lemma_in(lemma(c, r), q->lemmas, q->n_lemmas)
                   : q->op == PATTERN_NOT  ? !(r >= 0 && lemma_in(lemma(c, r), q->lemmas, q->n_lemmas))
                   : q->op == PATTERN_ANY  ? r >= 0
                   : q->op == PATTERN_NONE ? r < 0
                                           : 0;
        if (held)
            continue;
        char f[128];
        trace_cond_format(q, f, sizeof f);
        if (r >= 0)
            snprintf(cond, sizeof cond, "%s (found '%s')", f, lemma(c, r));
        else
            snprintf(cond, sizeof cond, "%s (none found)", f);
    }
    size_t n = (size_t)snprintf(why, sizeof why, "conditions of %s failed: %s", p->id,
                                cond[0] ? cond : "?");
    if (n_p > 1 && n < sizeof why)
        snprintf(why + n, sizeof why - n, "; %zu other pattern%s of '%s' failed too", n_p - 1,
                 n_p > 2 ? "s" : "", lemma(c, w));
    trace_emit(c, sent, w, p, why);
}

/* A pattern fired but its source role names no coded actor. */
static void trace_no_source(const coder *c, uint32_t sent, int32_t w, const pattern *p)
{
    char why[256], role[64];
    if (!p->n_src) {
        trace_emit(c, sent, w, p, "no source: the pattern names no source role");
        return;
    }
    pattern_role_format(&p->src[0], role, sizeof role);
    int32_t r = resolve(c, w, &p->src[0]);
    if (r < 0)
        snprintf(why, sizeof why, "no source: no %s", role);
    else
        snprintf(why, sizeof why, "no source: %s '%s' names no actor", role, c->d->words[r].form);
    trace_emit(c, sent, w, p, why);
}

/* The sentence holds a discard phrase: which one. */
static void trace_discarded(const coder *c, uint32_t sent, const casus_sentence *st)
{
    size_t n;
    const pattern_discard *ds = pattern_discards(c->ps, &n);
    for (size_t i = 0; i < n; i++) {
        const pattern_discard *q = &ds[i];
        for (uint32_t w = 0; q->n_words && w + q->n_words <= st->n_words; w++) {
            uint32_t k = 0;
            while (k < q->n_words && !strcasecmp(c->d->words[st->word + w + k].norm, q->words[k]))
                k++;
            if (k == q->n_words) {
                const casus_word *a = &c->d->words[st->word + w];
                const casus_word *z = &c->d->words[st->word + w + q->n_words - 1];
                char why[256];
                snprintf(why, sizeof why, "sentence discarded: '%.*s' (%s, %s:%u)",
                         (int)(z->end - a->start), c->d->article->text + a->start, q->id, q->file,
                         q->line);
                c->trace(c->trace_ctx, sent, -1, NULL, why);
                return;
            }
        }
    }
}

/* ------------------------------------------------------------ end of trace hook */

/* The patterns of trigger w: by its lemma, else (the lemmatiser guesses
 * unseen words: "blamed" -> "blam") by the regular stems of its form:
 * "blamed" -> blame, "shelled" -> shell, "carried" -> carry, "looting" ->
 * loot / loote, "stones" -> stone. */
static const pattern *const *trigger_patterns(const coder *c, pattern_kind kind, int32_t w,
                                              size_t *n)
{
    const pattern *const *ps = pattern_find(c->ps, kind, lemma(c, w), n);
    if (*n)
        return ps;
    char low[64];
    const char *f = c->d->words[w].norm;
    size_t len = strlen(f);
    if (len < 4 || len >= sizeof low)
        return ps;
    for (size_t i = 0; i <= len; i++)
        low[i] = (char)tolower((unsigned char)f[i]);
    struct {
        const char *suffix, *repl;
    } R[] = {{"ied", "y"}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""},
             {"ies", "y"}, {"es", ""},  {"s", ""}};
    for (size_t i = 0; i < sizeof R / sizeof *R; i++) {
        size_t sl = strlen(R[i].suffix), rl = strlen(R[i].repl);
        if (len <= sl + 2 || strcmp(low + len - sl, R[i].suffix))
            continue;
        char stem[64];
        memcpy(stem, low, len - sl);
        memcpy(stem + len - sl, R[i].repl, rl + 1);
        ps = pattern_find(c->ps, kind, stem, n);
        if (*n)
            return ps;
        /* a doubled consonant: "shelled" -> shell is above, "stopped" -> stop */
        size_t sn = len - sl;
        if (!rl && sn >= 3 && stem[sn - 1] == stem[sn - 2]) {
            stem[sn - 1] = 0;
            ps = pattern_find(c->ps, kind, stem, n);
            if (*n)
                return ps;
        }
    }
    return ps;
}

/* Has w the auxiliary "must", "should" or "ought", its own or shared as a
 * conjunct (aux_holder: "must deliver ... and comply")? */
static int obligation(const coder *c, int32_t w)
{
    int32_t v = aux_holder(c, w);
    return has_dep(c, v, "aux", "must") || has_dep(c, v, "aux", "should") ||
           has_dep(c, v, "aux", "ought");
}

/* Is verb w the head of a purpose clause ("to" + verb as an advcl, or
 * the xcomp of a verb of working towards something: "cooperate to
 * defeat", "assisting the government to destroy", "pressure the regime to
 * lift"), or a conjunct of one? */
static int purpose_clause(const coder *c, int32_t w)
{
    static const char *const TOWARDS[] = {"help",   "assist", "work",     "cooperate", "strive",
                                          "pressure", "press", "push",    "struggle",  "unite",
                                          "join",   "mobilize", "mobilise", "rally",   "enable"};
    for (int hop = 0; hop < 2 && w >= 0; hop++) {
        const char *r = deprel(c, w);
        int32_t h = c->d->syn[w].head;
        if (rel_is(r, "advcl") ||
            (!strcmp(r, "xcomp") && h >= 0 &&
             lemma_in(lemma(c, h), TOWARDS, sizeof TOWARDS / sizeof TOWARDS[0])))
            return has_dep(c, w, "mark", "to");
        if (!rel_is(r, "conj"))
            return 0;
        w = c->d->syn[w].head;
    }
    return 0;
}

/* Does sentence s end in a question mark of its own (before closing
 * brackets; a question inside quotes, "The Guardian cited ...: "Were you
 * ...?"", is reported, not asked)? */
static int is_question(const coder *c, uint32_t s)
{
    const casus_sentence *st = &c->d->sentences[s];
    for (uint32_t i = st->n_words; i > 0; i--) {
        const char *t = c->d->words[st->word + i - 1].norm;
        if (!strcmp(t, "?"))
            return 1;
        if (strcmp(t, ")") && strcmp(t, "]"))
            return 0;
    }
    return 0;
}

/* The verb of receiving a noun trigger is the object of ("received aid
 * from", "won support from", "got a warning from", "faces sanctions
 * from"), or -1. */
static int32_t received_by(const coder *c, int32_t w)
{
    static const char *const R[] = {"receive", "get", "win", "gain", "earn", "obtain",
                                    "secure", "draw", "attract", "face", "accept"};
    int32_t h = c->d->syn[w].head;
    if (c->kind != PATTERN_NOUN || h < 0 || strcmp(deprel(c, w), "obj") ||
        !lemma_in(lemma(c, h), R, sizeof R / sizeof R[0]))
        return -1;
    return h;
}

/* The "from" or "by" phrase of verb v or of its object noun w ("faced
 * shelling by the regime"), or -1. */
static int32_t from_phrase(const coder *c, int32_t v, int32_t w)
{
    int32_t heads[2] = {v, w};
    for (int i = 0; i < 2; i++)
        for (int32_t k = c->first_child[heads[i]]; k >= 0; k = c->next_sib[k])
            if ((rel_is(deprel(c, k), "obl") || rel_is(deprel(c, k), "nmod")) &&
                (has_dep(c, k, "case", "from") || has_dep(c, k, "case", "by")))
                return k;
    return -1;
}

static int code_trigger(coder *c, int32_t w, uint32_t sent, int pass)
{
    casus_doc *d = c->d;
    const char *up = d->syn[w].upos ? d->syn[w].upos : "";
    pattern_kind kind;
    if (!strcmp(up, "VERB") && pass == 0)
        kind = PATTERN_VERB;
    else if (!strcmp(up, "NOUN") && pass == 1 && !c->consumed[w])
        kind = PATTERN_NOUN;
    else
        return 0;
    c->kind = kind;
    size_t n_p;
    const pattern *const *ps = trigger_patterns(c, kind, w, &n_p);
    const pattern *p = NULL;
    for (size_t i = 0; i < n_p && !p; i++)
        if (conditions_hold(c, w, ps[i]))
            p = ps[i];
    if (!p) {
        if (c->trace && n_p) /* trace hook */
            trace_no_match(c, sent, w, ps, n_p);
        return 0;
    }
    /* the words the pattern's conditions name are its own ("held talks",
     * "imposed sanctions"): no noun trigger codes them again */
    for (uint32_t i = 0; i < p->n_conds; i++)
        if (p->conds[i].op == PATTERN_HAS) {
            int32_t r = resolve(c, w, &p->conds[i].role);
            if (r >= 0)
                c->consumed[r] = 1;
        }
    if (!p->code || !p->cameo) {
        if (c->trace) /* trace hook */
            trace_emit(c, sent, w, p, "a no-event pattern matched");
        return 0; /* a discard pattern: no event */
    }
    /* a purpose clause is a goal, not an act ("assisting the Iraqi
     * government to degrade and destroy ISIL", "met officials to discuss") */
    if (c->kind == PATTERN_VERB && purpose_clause(c, w)) {
        if (c->trace) /* trace hook */
            trace_emit(c, sent, w, p, "a purpose clause: a goal, not an act");
        return 0;
    }
    /* what an actor must or should do is not done, nor said by it: "the
     * regime must comply with Resolution 2328" (a speaker's demand on it
     * is coded on the speech verb, obliged_subject) */
    if (obligation(c, w)) {
        if (c->trace) /* trace hook */
            trace_emit(c, sent, w, p, "an obligation (must, should): not an act of its subject");
        return 0;
    }
    /* a question asks, it does not report ("Secretary Kerry, did you
     * discuss Aleppo?") */
    if (is_question(c, sent)) {
        if (c->trace) /* trace hook */
            trace_emit(c, sent, w, p, "the sentence is a question");
        return 0;
    }
    pattern_mood_kind mood = mood_of(c, w);
    const cameo_code *code = p->cameo;
    if (mood == PATTERN_MOOD_NEGATION) {
        /* "did not meet" is no event; "will not accept", "would not
         * cooperate" is a stated refusal: CAMEO's reject (12x) */
        const cameo_code *rj = refusal_code(c, w, p->cameo);
        if (!rj) {
            if (c->trace) /* trace hook */
                trace_emit(c, sent, w, p, "negated");
            return 0;
        }
        code = rj;
        mood = PATTERN_MOOD_NONE;
    }
    if (mood == PATTERN_MOOD_INTENT || mood == PATTERN_MOOD_FUTURE ||
        mood == PATTERN_MOOD_CONDITIONAL) {
        /* CAMEO codes what an actor says it will do as intent (03x) or, for
         * force and coercion, as threat (13x): "will give aid" is 033,
         * "would blockade" 1381 */
        const cameo_code *ic = p->intent_cameo;
        if (!ic && c->cameo)
            ic = cameo_lookup(c->cameo, intent_code(p->cameo->code));
        if (ic)
            code = ic;
    }
    int32_t src[MAX_ACTORS], tgt[MAX_ACTORS], sw, tw;
    size_t ns, nt;
    int32_t recv = received_by(c, w);
    if (recv >= 0) {
        /* "Israel got a warning from Washington": the one who receives is
         * the target, the "from" phrase the source (none: no event) */
        ns = actors_at(c, from_phrase(c, recv, w), src, 0);
        nt = 0;
        for (int32_t k = c->first_child[recv]; k >= 0 && !nt; k = c->next_sib[k])
            if (rel_is(deprel(c, k), "nsubj"))
                nt = actors_at(c, k, tgt, 1);
    } else {
        ns = actors_of(c, w, p->src, p->n_src, src, &sw, 0);
        nt = actors_of(c, w, p->tgt, p->n_tgt, tgt, &tw, 1);
        if (!nt && p->n_tgt)
            nt = fallback_target(c, w, tgt);
    }
    /* "reiterated its demand today that Israel ease ...": the one a demand
     * is made on is the subject of the "that" clause after it, wherever the
     * parser hung that clause */
    if (!nt && !strncmp(code->code, "10", 2)) {
        int32_t who = that_clause_subject(c, w, &d->sentences[sent]);
        if (who >= 0)
            nt = actors_at(c, who, tgt, 0);
    }
    /* "Russia said that Sudan must return the helicopter": a statement of
     * what another actor must do is a demand on it */
    if (!strncmp(code->code, "01", 2)) {
        int32_t who = obliged_subject(c, w), ob[MAX_ACTORS];
        size_t no = who >= 0 ? actors_at(c, who, ob, 0) : 0;
        const cameo_code *dm = no && c->cameo ? cameo_lookup(c->cameo, "100") : NULL;
        if (dm) {
            memcpy(tgt, ob, no * sizeof *ob);
            nt = no;
            code = dm;
        }
    }
    if (!ns && (p->flags & PATTERN_F_RECIPROCAL) && nt > 1) {
        /* "talks between Pyongyang and Washington": the parties are the group */
        memcpy(src, tgt, nt * sizeof *tgt);
        ns = nt;
        nt = 0;
    }
    if (!ns) {
        if (c->trace) /* trace hook */
            trace_no_source(c, sent, w, p);
        return 0;
    }
    /* what the text puts ahead ("will meet on Friday") happens after the
     * article's date */
    when_date when = date_of(c, w, mood == PATTERN_MOOD_FUTURE || mood == PATTERN_MOOD_INTENT);
    const casus_sentence *st = &d->sentences[sent];
    int back = when.year == c->article.year && when.month == c->article.month &&
                       when.day == c->article.day
                   ? days_before(c, st, w)
                   : 0;
    if (back) {
        when_date main = root_date(c, st);
        if (main.res == WHEN_DAY)
            when = when_shift(main, -back);
    }
    int32_t place = place_of(c, w);
    /* A protest with no one named is aimed at the authorities of where it
     * happens: "Albanians demonstrated in Serbia" is against Serbia. */
    if (!nt && place >= 0 && !strcmp(code->root, "14") && c->d->mentions[place].code[0]) {
        tgt[0] = place;
        nt = 1;
    }
    int reciprocal = (p->flags & PATTERN_F_RECIPROCAL) != 0;
    /* Events that need a target. A bare verb from PETRARCH's verb list
     * ("improve", "provide", "consider", "allow": no particle, no
     * condition) names a verb more than a political act: as in PETRARCH, it
     * codes only with both actors found; its phrases with conditions
     * ("boycott the elections") and statements (01x), one-actor events by
     * nature, keep coding. Diplomatic cooperation (05x: praise, endorse,
     * support, recognise) is done to someone: "will support the exercise"
     * is no such act. */
    const char *lone = NULL;
    if (!nt && !(reciprocal && ns > 1)) {
        if ((p->flags & PATTERN_F_WEAK) && !p->n_conds && !p->prt && strncmp(code->code, "01", 2))
            lone = "no target, and a bare PETRARCH-derived verb needs both actors";
        else if (!strncmp(p->cameo->code, "05", 2))
            lone = "no target, and diplomatic cooperation (05x) needs one";
    }
    if (lone) {
        if (c->trace) /* trace hook */
            trace_emit(c, sent, w, p, lone);
        return 0;
    }
    int rc = 0;
    if (!nt && reciprocal && ns > 1) {
        /* "Iran and North Korea met": each with each */
        for (size_t i = 0; i < ns && !rc; i++)
            for (size_t j = 0; j < ns && !rc; j++)
                if (i != j)
                    rc = add_event(c, w, sent, p, code, src[i], src[j], mood, when, place);
        return rc;
    }
    for (size_t i = 0; i < ns && !rc; i++) {
        if (!nt) {
            rc = add_event(c, w, sent, p, code, src[i], -1, mood, when, place);
            continue;
        }
        for (size_t j = 0; j < nt && !rc; j++) {
            rc = add_event(c, w, sent, p, code, src[i], tgt[j], mood, when, place);
            if (!rc && p->reverse_cameo)
                rc = add_event(c, w, sent, p, reciprocal ? code : p->reverse_cameo, tgt[j], src[i],
                               mood, when, place);
        }
    }
    return rc;
}

/* A sentence's events in text order of their triggers (stable). */
static void sort_events(casus_event *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        casus_event x = e[i];
        size_t j = i;
        while (j > 0 && e[j - 1].trigger_word > x.trigger_word) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = x;
    }
}

int event_process(casus_doc *d, casus_error *err)
{
    return event_process_trace(d, NULL, NULL, err);
}

int event_process_trace(casus_doc *d, event_trace_fn trace, void *trace_ctx, casus_error *err)
{
    const casus_pipeline *p = d->pipeline;
    if (!p->patterns || !d->syn || !d->mentions)
        return 0;
    coder c;
    memset(&c, 0, sizeof c);
    c.trace = trace; /* trace hook */
    c.trace_ctx = trace_ctx;
    c.d = d;
    c.ps = p->patterns;
    c.cameo = p->cameo;
    c.article = when_article(d->article->date);
    size_t nw = d->n_words ? d->n_words : 1;
    c.first_child = arena_array(&d->mem, nw, sizeof *c.first_child);
    c.next_sib = arena_array(&d->mem, nw, sizeof *c.next_sib);
    c.by_head = arena_array(&d->mem, nw, sizeof *c.by_head);
    if (!c.first_child || !c.next_sib || !c.by_head)
        return error_set(err, CASUS_ETOOBIG, "%s: events: out of document memory",
                         d->article->id);
    c.consumed = arena_zalloc(&d->mem, nw);
    if (!c.consumed)
        return error_set(err, CASUS_ETOOBIG, "%s: events: out of document memory",
                         d->article->id);
    for (size_t i = 0; i < d->n_words; i++)
        c.first_child[i] = c.next_sib[i] = c.by_head[i] = -1;
    for (size_t k = d->n_words; k-- > 0;) {
        int32_t h = d->syn[k].head;
        if (h >= 0 && (size_t)h < d->n_words) {
            c.next_sib[k] = c.first_child[h];
            c.first_child[h] = (int32_t)k;
        }
    }
    for (size_t m = 0; m < d->n_mentions; m++)
        if (c.by_head[d->mentions[m].head] < 0)
            c.by_head[d->mentions[m].head] = (int32_t)m;
    c.n_countries = geo_article_countries(d, c.countries, sizeof c.countries / sizeof *c.countries);
    for (size_t s = 0; s < d->n_sentences; s++) {
        const casus_sentence *st = &d->sentences[s];
        if (discarded(&c, st)) {
            if (c.trace) /* trace hook */
                trace_discarded(&c, (uint32_t)s, st);
            continue;
        }
        /* verbs first, so that their objects are theirs; then nouns */
        size_t first_event = c.n_ev;
        for (int pass = 0; pass < 2; pass++)
            for (uint32_t i = 0; i < st->n_words; i++) {
                int rc = code_trigger(&c, (int32_t)(st->word + i), (uint32_t)s, pass);
                if (rc)
                    return error_set(err, CASUS_ETOOBIG, "%s: events: out of document memory",
                                     d->article->id);
            }
        sort_events(c.ev + first_event, c.n_ev - first_event);
    }
    d->events = c.ev;
    d->n_events = c.n_ev;
    if (!d->events) {
        d->events = arena_alloc(&d->mem, 1);
        if (!d->events)
            return error_set(err, CASUS_ETOOBIG, "%s: events: out of document memory",
                             d->article->id);
    }
    return 0;
}

const casus_event *casus_doc_events(const casus_doc *d, size_t *n)
{
    *n = d->n_events;
    return d->events;
}
