/*
 * coref.c — linking one article's mentions into entities (coref_link).
 *
 * Deterministic rules over mentions in text order, strongest evidence
 * first; no model. A name joins the entity of the same dictionary entry,
 * or of a person whose name contains it ("Rouhani" → "Hassan Rouhani",
 * "Ri" → "Ri Yong Ho"), the most recently mentioned one when several do
 * ("Kim" between Kim Jong Un and Soo Kim). An apposition joins the name it
 * describes. A definite description joins the latest entity introduced with
 * the same role noun and a compatible country ("the North Korean foreign
 * minister" → Ri Yong Ho, introduced as "North Korean Foreign Minister Ri
 * Yong Ho"); a plural demonym joins its country. A pronoun joins, by
 * agreement, the subject of the verb whose reported clause holds it ("the
 * minister said he had briefed ..."), else the nearest earlier subject in
 * its sentence or the one before; a bare "it" only takes an organisation
 * or place that is such a subject, since most "it"s name no actor.
 */
#include <string.h>

#include "entity/entity_int.h"

#define MAX_AGENTS 4

typedef struct ent_x {
    int32_t best_name;  /* mention index of the longest name, -1 */
    int32_t last;       /* latest mention index */
    char type;
    uint8_t plural;
    const edict_entry *entry;
    char country[4];
    struct {
        uint32_t w0, w1;
    } agents[MAX_AGENTS];
    int n_agents;
    size_t n_mentions;
} ent_x;

typedef struct linker {
    ent_ctx *c;
    ent_x *e;
    size_t n_e, cap_e;
    int32_t *by_head; /* word -> mention whose head it is, -1 */
} linker;

static const char *rel(const entity_input *in, uint32_t w)
{
    return in->syn && in->syn[w].deprel ? in->syn[w].deprel : "";
}

static int rel_starts(const entity_input *in, uint32_t w, const char *p)
{
    return !strncmp(rel(in, w), p, strlen(p));
}

static int new_entity(linker *L, ent_mention_x *x, int32_t k)
{
    if (L->n_e == L->cap_e) {
        size_t cap = L->cap_e ? 2 * L->cap_e : 32;
        ent_x *e = arena_array(L->c->mem, cap, sizeof *e);
        if (!e)
            return CASUS_ENOMEM;
        if (L->n_e)
            memcpy(e, L->e, L->n_e * sizeof *e);
        L->e = e;
        L->cap_e = cap;
    }
    ent_x *e = &L->e[L->n_e];
    memset(e, 0, sizeof *e);
    e->best_name = -1;
    e->type = x->type;
    x->entity = (int32_t)L->n_e++;
    (void)k;
    return 0;
}

static int all_caps(const ent_ctx *c, const ent_mention_x *x)
{
    const entity_input *in = c->in;
    for (uint32_t w = x->w0; w < x->w1; w++)
        for (const char *p = in->words[w].norm; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                return 0;
    return 1;
}

/* Is name mention x a better canonical name than y: longer, or as long
 * and not in capitals ("Tehran" over the dateline's "TEHRAN")? */
static int better_name(const ent_ctx *c, const ent_mention_x *x, const ent_mention_x *y)
{
    uint32_t lx = x->w1 - x->w0, ly = y->w1 - y->w0;
    if (lx != ly)
        return lx > ly;
    return all_caps(c, y) && !all_caps(c, x);
}

/* Adds mention k to entity x->entity (already set). */
static void absorb(linker *L, int32_t k)
{
    ent_mention_x *x = &L->c->m[k];
    ent_x *e = &L->e[x->entity];
    if (k > e->last || e->n_mentions == 0)
        e->last = k;
    e->n_mentions++;
    if (!e->type && x->type && x->kind != CASUS_MENTION_PRONOUN)
        e->type = x->type;
    if (x->kind == CASUS_MENTION_NAME) {
        if (x->own && !e->entry)
            e->entry = x->own;
        if (e->best_name < 0 || better_name(L->c, x, &L->c->m[e->best_name]))
            e->best_name = k;
        if (x->type && (e->type == 0 || L->c->m[e->best_name].type == x->type))
            e->type = x->type;
    }
    /* "the North Koreans" joining North Korea leaves the country an "it" */
    if (x->kind == CASUS_MENTION_NOMINAL && x->plural && e->type != 'L')
        e->plural = 1;
    if (x->country[0] && !e->country[0])
        memcpy(e->country, x->country, 4);
    if (x->has_agent && e->n_agents < MAX_AGENTS) {
        e->agents[e->n_agents].w0 = x->agent_w0;
        e->agents[e->n_agents].w1 = x->agent_w1;
        e->n_agents++;
    }
}

static int link_to(linker *L, int32_t k, int32_t entity)
{
    ent_mention_x *x = &L->c->m[k];
    if (entity < 0) {
        if (new_entity(L, x, k))
            return CASUS_ENOMEM;
    } else {
        x->entity = entity;
    }
    absorb(L, k);
    return 0;
}

/* Does every word of mention x occur among the words of mention y? */
static int words_within(const entity_input *in, const ent_mention_x *x, const ent_mention_x *y)
{
    for (uint32_t i = x->w0; i < x->w1; i++) {
        int found = 0;
        for (uint32_t j = y->w0; j < y->w1 && !found; j++)
            found = ent_ieq(in->words[i].norm, in->words[j].norm);
        if (!found)
            return 0;
    }
    return 1;
}

static int same_words(const entity_input *in, const ent_mention_x *x, const ent_mention_x *y)
{
    if (x->w1 - x->w0 != y->w1 - y->w0)
        return 0;
    for (uint32_t i = 0; i < x->w1 - x->w0; i++)
        if (!ent_ieq(in->words[x->w0 + i].norm, in->words[y->w0 + i].norm))
            return 0;
    return 1;
}

static int32_t link_name(linker *L, int32_t k)
{
    const entity_input *in = L->c->in;
    ent_mention_x *x = &L->c->m[k];
    /* the same dictionary entry, unless one is a group of people the
     * entry only qualifies ("Bosnian Serbs" ... "east Bosnia") */
    if (x->own)
        for (size_t e = L->n_e; e-- > 0;) {
            int32_t b = L->e[e].best_name;
            const char *bc = b >= 0 ? L->c->m[b].code : NULL;
            if (L->e[e].entry == x->own &&
                !(bc && x->code && strlen(bc) >= 3 && strlen(x->code) >= 3 &&
                  strncmp(bc, x->code, 3)))
                return (int32_t)e;
        }
    /* the same name, written the same way */
    for (size_t e = L->n_e; e-- > 0;) {
        int32_t b = L->e[e].best_name;
        if (b >= 0 && same_words(in, x, &L->c->m[b]))
            return (int32_t)e;
    }
    if (x->type != 'P' && !(x->own && x->own->kind == EDICT_PERSON))
        return -1;
    /* part of a person's full name: the most recently mentioned wins */
    int32_t best = -1;
    for (size_t e = 0; e < L->n_e; e++) {
        const ent_x *E = &L->e[e];
        if (E->type != 'P' || E->best_name < 0)
            continue;
        const ent_mention_x *y = &L->c->m[E->best_name];
        if (words_within(in, x, y) && (best < 0 || E->last > L->e[best].last))
            best = (int32_t)e;
    }
    if (best >= 0)
        return best;
    /* a full name after its short form ("Rouhani" ... "Hassan Rouhani") */
    for (size_t e = L->n_e; e-- > 0;) {
        const ent_x *E = &L->e[e];
        if (E->type != 'P' || E->best_name < 0 || E->entry)
            continue;
        if (words_within(in, &L->c->m[E->best_name], x))
            return (int32_t)e;
    }
    return -1;
}

static int has_det(const ent_ctx *c, uint32_t w)
{
    const entity_input *in = c->in;
    for (int32_t ch = c->first_child[w]; ch >= 0; ch = c->next_sib[ch]) {
        const char *r = rel(in, (uint32_t)ch);
        if (!strcmp(r, "det") && in->syn[ch].lemma &&
            (ent_ieq(in->syn[ch].lemma, "the") || ent_ieq(in->syn[ch].lemma, "this") ||
             ent_ieq(in->syn[ch].lemma, "that")))
            return 1;
    }
    return 0;
}

/* Same role noun: the phrases end in the same word, and when both are
 * longer than one word they are equal. */
static int same_agent(const entity_input *in, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    if (!ent_ieq(in->syn && in->syn[a1 - 1].lemma ? in->syn[a1 - 1].lemma : in->words[a1 - 1].norm,
                 in->syn && in->syn[b1 - 1].lemma ? in->syn[b1 - 1].lemma : in->words[b1 - 1].norm))
        return 0;
    if (a1 - a0 > 1 && b1 - b0 > 1) {
        if (a1 - a0 != b1 - b0)
            return 0;
        for (uint32_t i = 0; i + 1 < a1 - a0; i++)
            if (!ent_ieq(in->words[a0 + i].norm, in->words[b0 + i].norm))
                return 0;
    }
    return 1;
}

static int32_t link_nominal(linker *L, int32_t k)
{
    const ent_ctx *c = L->c;
    const entity_input *in = c->in;
    ent_mention_x *x = &c->m[k];
    /* "Soo Kim, a former CIA analyst": the apposition is the name. */
    if (in->syn && rel_starts(in, x->head, "appos") && in->syn[x->head].head >= 0) {
        int32_t y = L->by_head[in->syn[x->head].head];
        if (y >= 0 && y < k && c->m[y].entity >= 0)
            return c->m[y].entity;
    }
    /* "the Donya-e-Eqtesad newspaper", "the newspaper Donya-e-Eqtesad",
     * "his counterpart Javad Zarif": the name the description holds. */
    for (int32_t ch = c->first_child[x->head]; ch >= 0; ch = c->next_sib[ch]) {
        int32_t y = L->by_head[ch];
        if (y < 0 || c->m[y].kind != CASUS_MENTION_NAME || c->m[y].entity < 0)
            continue;
        if ((rel_starts(in, (uint32_t)ch, "compound") && c->m[y].type == 'O' &&
             L->e[c->m[y].entity].type == 'O') ||
            (rel_starts(in, (uint32_t)ch, "appos") && c->m[y].type == x->type) ||
            (rel_starts(in, (uint32_t)ch, "flat") && c->m[y].type == x->type))
            return c->m[y].entity;
    }
    /* "met with Iranian counterpart Javad Zarif Tuesday" parsed with the
     * name under "Tuesday": a person description written right before a
     * person's name, with nothing between, is still that person's. */
    if (x->type == 'P' && x->has_agent && !x->plural) {
        for (size_t j = 0; j < c->n; j++) {
            const ent_mention_x *y = &c->m[j];
            if (y->kind == CASUS_MENTION_NAME && y->w0 == x->w1 && y->sent == x->sent &&
                y->type == 'P' && y->entity >= 0)
                return y->entity;
        }
    }
    if (x->demonym) {
        for (size_t e = L->n_e; e-- > 0;)
            if (L->e[e].entry && L->e[e].entry->kind == EDICT_COUNTRY && x->country[0] &&
                L->e[e].country[0] && !strcmp(L->e[e].country, x->country))
                return (int32_t)e;
        return -1;
    }
    if (!x->has_agent || !has_det(c, x->head) || x->plural)
        return -1;
    for (size_t e = L->n_e; e-- > 0;) {
        const ent_x *E = &L->e[e];
        if (E->plural || (E->type && x->type && E->type != x->type))
            continue;
        if (x->country[0] && E->country[0] && strcmp(x->country, E->country))
            continue;
        for (int a = 0; a < E->n_agents; a++)
            if (same_agent(in, x->agent_w0, x->agent_w1, E->agents[a].w0, E->agents[a].w1))
                return (int32_t)e;
    }
    return -1;
}

static int agrees(const ent_x *E, const ent_mention_x *p)
{
    switch (p->pron) {
    case ENT_PRON_HE:
    case ENT_PRON_SHE:
        return E->type == 'P' && !E->plural;
    case ENT_PRON_IT:
        return (E->type == 'O' || E->type == 'L') && !E->plural;
    case ENT_PRON_THEY:
        return E->plural || E->type == 'O' || (E->type == 'L' && E->entry);
    default:
        return 0;
    }
}

/* The entity of the mention headed by word w if it agrees with pronoun p. */
static int32_t agreeing(const linker *L, int32_t w, int32_t k)
{
    if (w < 0)
        return -1;
    int32_t y = L->by_head[w];
    if (y < 0 || y == k || L->c->m[y].entity < 0)
        return -1;
    return agrees(&L->e[L->c->m[y].entity], &L->c->m[k]) ? L->c->m[y].entity : -1;
}

/* The nominal subject child of word v, or -1. */
static int32_t subject_of(const ent_ctx *c, uint32_t v)
{
    for (int32_t ch = c->first_child[v]; ch >= 0; ch = c->next_sib[ch])
        if (rel_starts(c->in, (uint32_t)ch, "nsubj"))
            return ch;
    return -1;
}

static int32_t link_pronoun(linker *L, int32_t k)
{
    const ent_ctx *c = L->c;
    const entity_input *in = c->in;
    const ent_mention_x *x = &c->m[k];
    if (!in->syn)
        return -1;
    int possessive = rel_starts(in, x->head, "nmod:poss");
    /* "the DPRK forsake its program": the subject of the pronoun's own
     * clause, when that is not the pronoun */
    if (possessive || !rel_starts(in, x->head, "nsubj")) {
        int32_t v = in->syn[x->head].head;
        for (int hops = 0; v >= 0 && hops < 3; hops++) {
            const char *up = in->syn[v].upos ? in->syn[v].upos : "";
            if (!strcmp(up, "VERB") || !strcmp(up, "AUX")) {
                int32_t e = agreeing(L, subject_of(c, (uint32_t)v), k);
                if (e >= 0 && subject_of(c, (uint32_t)v) < (int32_t)x->head)
                    return e;
                break;
            }
            v = in->syn[v].head;
        }
    }
    /* A reported clause: the subject of the verb that reports it. */
    int32_t v = in->syn[x->head].head;
    for (int hops = 0; v >= 0 && hops < 4; hops++) {
        const char *r = rel(in, (uint32_t)v);
        if (!strncmp(r, "ccomp", 5) || !strncmp(r, "parataxis", 9)) {
            int32_t g = in->syn[v].head;
            int32_t e = g >= 0 ? agreeing(L, subject_of(c, (uint32_t)g), k) : -1;
            if (e >= 0)
                return e;
            break;
        }
        if (!strcmp(r, "root") || !strncmp(r, "advcl", 5) || !strncmp(r, "acl", 3))
            break;
        v = in->syn[v].head;
    }
    /* The nearest earlier subject of this sentence, then of the one before. */
    for (int32_t j = k - 1; j >= 0; j--) {
        const ent_mention_x *y = &c->m[j];
        if (y->sent + 1 < x->sent)
            break;
        if (y->entity < 0 || y->kind == CASUS_MENTION_PRONOUN || !rel_starts(in, y->head, "nsubj") ||
            (y->w0 <= x->w0 && y->w1 > x->w0))
            continue;
        if (agrees(&L->e[y->entity], x))
            return y->entity;
    }
    if (x->pron == ENT_PRON_IT && !possessive)
        return -1;
    /* he, she, its, they: the nearest agreeing mention in reach that does
     * not hold the pronoun ("his counterpart" is not his own counterpart) */
    for (int32_t j = k - 1; j >= 0; j--) {
        const ent_mention_x *y = &c->m[j];
        if (y->sent + 1 < x->sent)
            break;
        if (y->w0 <= x->w0 && y->w1 > x->w0)
            continue;
        if (y->entity >= 0 && agrees(&L->e[y->entity], x))
            return y->entity;
    }
    return -1;
}

static const char *span_text(const ent_ctx *c, uint32_t w0, uint32_t w1)
{
    const entity_input *in = c->in;
    uint32_t s = in->words[w0].start, e = in->words[w1 - 1].end;
    return arena_strndup(c->mem, in->text + s, e > s ? e - s : 0);
}

int coref_link(ent_ctx *c, entity_layer *out)
{
    linker L;
    memset(&L, 0, sizeof L);
    L.c = c;
    const entity_input *in = c->in;
    L.by_head = arena_array(c->mem, in->n_words ? in->n_words : 1, sizeof *L.by_head);
    if (!L.by_head)
        return CASUS_ENOMEM;
    for (size_t w = 0; w < in->n_words; w++)
        L.by_head[w] = -1;
    for (size_t k = 0; k < c->n; k++)
        if (L.by_head[c->m[k].head] < 0)
            L.by_head[c->m[k].head] = (int32_t)k;
    /* Names first, in text order, so that descriptions and pronouns can
     * join a name written after them in the same phrase. */
    for (size_t pass = 0; pass < 2 * c->n; pass++) {
        size_t k = pass % c->n;
        ent_mention_x *x = &c->m[k];
        if ((pass < c->n) != (x->kind == CASUS_MENTION_NAME) || x->modifier)
            continue;
        int32_t e = -1;
        if (x->kind == CASUS_MENTION_NAME)
            e = link_name(&L, (int32_t)k);
        else if (x->kind == CASUS_MENTION_NOMINAL)
            e = link_nominal(&L, (int32_t)k);
        else
            e = link_pronoun(&L, (int32_t)k);
        /* An unlinked description or pronoun without a code is no entity. */
        if (e < 0 && x->kind != CASUS_MENTION_NAME && !x->code)
            continue;
        if (e < 0 && x->kind == CASUS_MENTION_PRONOUN)
            continue;
        if (link_to(&L, (int32_t)k, e))
            return CASUS_ENOMEM;
    }

    /* "its scientists": a description owned by a pronoun takes the country
     * of the pronoun's entity. */
    for (size_t k = 0; k < c->n; k++) {
        ent_mention_x *x = &c->m[k];
        if (x->kind != CASUS_MENTION_NOMINAL || x->country[0] || !x->code)
            continue;
        for (int32_t ch = c->first_child[x->head]; ch >= 0; ch = c->next_sib[ch]) {
            int32_t y = L.by_head[ch];
            if (y < 0 || c->m[y].kind != CASUS_MENTION_PRONOUN || c->m[y].entity < 0 ||
                !rel_starts(in, (uint32_t)ch, "nmod:poss"))
                continue;
            char c3[4], r3[4], x3[4], xr[4];
            ent_code_split(L.e[c->m[y].entity].country[0] ? L.e[c->m[y].entity].country : "",
                           c3, r3);
            ent_code_split(x->code, x3, xr);
            if (!c3[0] || x3[0])
                break;
            char *code = arena_alloc(c->mem, 4 + strlen(x->code));
            if (!code)
                return CASUS_ENOMEM;
            memcpy(code, c3, 3);
            strcpy(code + 3, x->code);
            x->code = code;
            memcpy(x->country, c3, 4);
            break;
        }
    }

    /* Entities in the order of their first mention. */
    int32_t *order = arena_array(c->mem, L.n_e ? L.n_e : 1, sizeof *order);
    int32_t *rank = arena_array(c->mem, L.n_e ? L.n_e : 1, sizeof *rank);
    if (!order || !rank)
        return CASUS_ENOMEM;
    size_t n_order = 0;
    for (size_t e = 0; e < L.n_e; e++)
        rank[e] = -1;
    for (size_t k = 0; k < c->n; k++) {
        int32_t e = c->m[k].entity;
        if (e >= 0 && rank[e] < 0) {
            rank[e] = (int32_t)n_order;
            order[n_order++] = e;
        }
    }
    ent_x *sorted = arena_array(c->mem, L.n_e ? L.n_e : 1, sizeof *sorted);
    if (!sorted)
        return CASUS_ENOMEM;
    for (size_t r = 0; r < n_order; r++)
        sorted[r] = L.e[order[r]];
    for (size_t k = 0; k < c->n; k++)
        if (c->m[k].entity >= 0)
            c->m[k].entity = rank[c->m[k].entity];
    L.e = sorted;
    L.n_e = n_order;

    /* The public arrays. */
    out->mentions = arena_array(c->mem, c->n ? c->n : 1, sizeof *out->mentions);
    out->entities = arena_array(c->mem, L.n_e ? L.n_e : 1, sizeof *out->entities);
    uint32_t *idx = arena_array(c->mem, c->n ? c->n : 1, sizeof *idx);
    size_t *fill = arena_zalloc(c->mem, (L.n_e ? L.n_e : 1) * sizeof *fill);
    if (!out->mentions || !out->entities || !idx || !fill)
        return CASUS_ENOMEM;
    out->n_mentions = c->n;
    out->n_entities = L.n_e;
    for (size_t e = 0; e < L.n_e; e++) {
        const ent_x *E = &L.e[e];
        casus_entity *o = &out->entities[e];
        memset(o, 0, sizeof *o);
        o->type = E->type;
        o->n_mentions = 0;
        /* the code: the most specific any mention carries, the earliest on ties */
        const char *code = "";
        for (size_t k = 0; k < c->n; k++)
            if (c->m[k].entity == (int32_t)e && c->m[k].code && strlen(c->m[k].code) > strlen(code))
                code = c->m[k].code;
        o->code = code;
        if (E->entry && E->entry->kind == EDICT_COUNTRY && E->entry->name)
            o->name = E->entry->name; /* "the Islamic republic" is Iran */
        else if (E->best_name >= 0)
            o->name = span_text(c, c->m[E->best_name].w0, c->m[E->best_name].w1);
        else {
            const ent_mention_x *f = NULL;
            for (size_t k = 0; k < c->n && !f; k++)
                if (c->m[k].entity == (int32_t)e)
                    f = &c->m[k];
            o->name = f ? span_text(c, f->w0, f->w1) : "";
        }
        if (!o->name)
            return CASUS_ENOMEM;
    }
    for (size_t k = 0; k < c->n; k++)
        if (c->m[k].entity >= 0)
            out->entities[c->m[k].entity].n_mentions++;
    size_t at = 0;
    for (size_t e = 0; e < L.n_e; e++) {
        out->entities[e].mentions = idx + at;
        at += out->entities[e].n_mentions;
    }
    for (size_t k = 0; k < c->n; k++) {
        const ent_mention_x *x = &c->m[k];
        casus_mention *o = &out->mentions[k];
        o->start = in->words[x->w0].start;
        o->end = in->words[x->w1 - 1].end;
        o->word = x->w0;
        o->n_words = x->w1 - x->w0;
        o->head = x->head;
        o->sentence = x->sent;
        o->entity = x->entity;
        o->kind = x->kind;
        o->type = x->type;
        const char *code = x->code;
        if (!code && x->entity >= 0)
            code = out->entities[x->entity].code;
        o->code = code ? code : "";
        if (!o->type && x->entity >= 0)
            o->type = out->entities[x->entity].type;
        if (x->entity >= 0) {
            casus_entity *E = &out->entities[x->entity];
            ((uint32_t *)E->mentions)[fill[x->entity]++] = (uint32_t)k;
        }
    }
    return 0;
}
