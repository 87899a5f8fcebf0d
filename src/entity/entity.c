/*
 * entity.c — mentions and their actor codes (entity_build); the linking of
 * mentions into entities is in coref.c.
 *
 * Input: one article's words with their syntax (UD trees), NER tags and the
 * dictionaries. Output: mentions in text order, each with its CAMEO actor
 * code in context, grouped into entities.
 *
 * Mentions come from three places: NER spans and dictionary names (proper
 * names), noun phrases headed by a role noun of the agents dictionary or by
 * a plural demonym ("the Iranian president", "protesters", "the North
 * Koreans"), and third-person pronouns.
 *
 * A mention's code combines what its noun phrase says, read off the tree
 * rather than off a window of words: the words reached from the mention's
 * head through compound, amod, flat, nmod:poss, appos and "of" nmod arcs
 * are matched against the dictionaries. A country comes from a demonym, a
 * country or capital name, or the country part of an actor's or a
 * possessor's code; a role from a role noun or the role part of an actor's
 * code; "former"/"ex-" drop the role ("a former CIA analyst" is USA). A
 * capital that is an argument of a verb stands for its government
 * ("Tehran warned" is IRNGOV) unless a locative preposition makes it a
 * place ("in Tehran" is IRN).
 */
#include "entity/entity.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "entity/entity_int.h"
#include "entity/surname.h"

int32_t entity_date_int(const char *date)
{
    if (!date || strlen(date) < 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? date[i] != '-' : !isdigit((unsigned char)date[i]))
            return 0;
    return (int32_t)(atoi(date) * 10000 + atoi(date + 5) * 100 + atoi(date + 8));
}

/* ------------------------------------------------------------ small helpers */

int ent_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

static int deprel_is(const char *rel, const char *name)
{
    if (!rel)
        return 0;
    size_t n = strlen(name);
    return !strncmp(rel, name, n) && (rel[n] == 0 || (rel[n] == ':' && !strchr(name, ':')));
}

static int is_upper_start(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    return (c >= 'A' && c <= 'Z') || c >= 0xC0; /* non-ASCII letters count as capitals */
}

/* Role (agent) codes of CAMEO: the second and later triples of an actor
 * code. Anything else in first place is a country, region or sector. */
static const char *const ROLE_CODES[] = {
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO",
    "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP", "PTY", "RAD",
    "REB", "REF", "REL", "SEP", "SET", "SPY", "UAF", "UIS", "IMG", "CHR", "MOS", "JEW", "BUD",
    "HIN", "SHI", "SUN", NULL};

int ent_is_role(const char *code3)
{
    for (int i = 0; ROLE_CODES[i]; i++)
        if (!strncmp(code3, ROLE_CODES[i], 3))
            return 1;
    return 0;
}

/* Splits an actor code into its country part (first triple, unless it is
 * a role or a transnational sector like IGO) and the first role triple. */
void ent_code_split(const char *code, char country[4], char role[4])
{
    country[0] = role[0] = 0;
    if (!code)
        return;
    while (*code == '~' || *code == '-')
        code++;
    size_t n = strlen(code);
    if (n < 3)
        return;
    size_t at = 0;
    if (!ent_is_role(code)) {
        memcpy(country, code, 3);
        country[3] = 0;
        at = 3;
    }
    if (n >= at + 3) {
        memcpy(role, code + at, 3);
        role[3] = 0;
    }
}

/* ------------------------------------------------------------ the tree */

typedef struct tree {
    int32_t *first_child, *next_sib; /* per word; -1 = none */
} tree;

static int tree_build(tree *t, const entity_input *in, arena *mem)
{
    size_t n = in->n_words ? in->n_words : 1;
    t->first_child = arena_array(mem, n, sizeof *t->first_child);
    t->next_sib = arena_array(mem, n, sizeof *t->next_sib);
    if (!t->first_child || !t->next_sib)
        return CASUS_ENOMEM;
    for (size_t i = 0; i < in->n_words; i++)
        t->first_child[i] = t->next_sib[i] = -1;
    if (!in->syn)
        return 0;
    /* Children in text order: link from the right. */
    for (size_t k = in->n_words; k-- > 0;) {
        int32_t h = in->syn[k].head;
        if (h >= 0 && (size_t)h < in->n_words) {
            t->next_sib[k] = t->first_child[h];
            t->first_child[h] = (int32_t)k;
        }
    }
    return 0;
}

static const char *rel_of(const entity_input *in, size_t w)
{
    return in->syn ? in->syn[w].deprel : NULL;
}

static const char *upos_of(const entity_input *in, size_t w)
{
    return in->syn && in->syn[w].upos ? in->syn[w].upos : "";
}

static const char *lemma_of(const entity_input *in, size_t w)
{
    return in->syn && in->syn[w].lemma ? in->syn[w].lemma : in->words[w].norm;
}

/* The case marker (preposition) of word w: the lemma of its "case" child. */
static const char *case_of(const entity_input *in, const tree *t, size_t w)
{
    for (int32_t c = t->first_child[w]; c >= 0; c = t->next_sib[c])
        if (deprel_is(rel_of(in, (size_t)c), "case"))
            return lemma_of(in, (size_t)c);
    return NULL;
}

/* ------------------------------------------------------------ building */

typedef struct builder {
    const entity_input *in;
    arena *mem;
    tree t;
    uint32_t *sent_of;       /* word -> sentence */
    const char **norms;      /* word norms (the dictionary's input) */
    ent_mention_x *m;        /* mentions under construction */
    size_t n, cap;
    uint8_t *in_name;        /* word is inside a name mention */
} builder;

static ent_mention_x *add_mention(builder *b, uint32_t w0, uint32_t w1, uint8_t kind, char type)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        ent_mention_x *m = arena_array(b->mem, cap, sizeof *m);
        if (!m)
            return NULL;
        if (b->n)
            memcpy(m, b->m, b->n * sizeof *m);
        b->m = m;
        b->cap = cap;
    }
    ent_mention_x *x = &b->m[b->n++];
    memset(x, 0, sizeof *x);
    x->w0 = w0;
    x->w1 = w1;
    x->kind = kind;
    x->type = type;
    x->entity = -1;
    x->sent = b->sent_of[w0];
    /* The head: the first word whose head lies outside the span. */
    x->head = w0;
    for (uint32_t w = w0; w < w1; w++) {
        int32_t h = b->in->syn ? b->in->syn[w].head : -1;
        if (h < (int32_t)w0 || h >= (int32_t)w1) {
            x->head = w;
            break;
        }
    }
    return x;
}

static char ner_type(uint8_t tag)
{
    static const char types[3] = {'P', 'O', 'L'};
    return tag && tag < ENT_NER_N_TAGS ? types[(tag - 1) / 2] : 0;
}

static int ner_begins(uint8_t tag)
{
    return tag && tag < ENT_NER_N_TAGS && (tag - 1) % 2 == 0;
}

static char entry_type(const edict_entry *e)
{
    if (e->type)
        return e->type;
    switch (e->kind) {
    case EDICT_PERSON:
        return 'P';
    case EDICT_COUNTRY:
    case EDICT_CAPITAL:
        return 'L';
    case EDICT_ACTOR:
        return 'O';
    default:
        return 0;
    }
}

/* The first entry of m of a naming kind, preferring people, then actors. */
static const edict_entry *naming_entry(const edict_match *m)
{
    /* Phoenix writes some states as dated "people" too (Serbia: YUGSRB,
     * SCGSRB, SRB): a country of the same name is the country */
    const edict_entry *country = NULL, *person = NULL;
    for (size_t i = 0; i < m->n_entries; i++) {
        if (m->entries[i]->kind == EDICT_COUNTRY && !country)
            country = m->entries[i];
        if (m->entries[i]->kind == EDICT_PERSON && !person)
            person = m->entries[i];
    }
    if (country && person && country->name && person->name && ent_ieq(country->name, person->name))
        return country;
    static const edict_kind order[] = {EDICT_PERSON, EDICT_ACTOR, EDICT_COUNTRY, EDICT_CAPITAL};
    for (size_t k = 0; k < sizeof order / sizeof *order; k++)
        for (size_t i = 0; i < m->n_entries; i++)
            if (m->entries[i]->kind == order[k])
                return m->entries[i];
    return NULL;
}

static const edict_entry *entry_of_kind(const edict_match *m, edict_kind kind)
{
    for (size_t i = 0; i < m->n_entries; i++)
        if (m->entries[i]->kind == kind)
            return m->entries[i];
    return NULL;
}

/* Does a phrase starting inside [i, i+len) reach beyond it? */
static int overlapped(const edict *d, const char *const *norms, size_t n, size_t i, size_t len)
{
    for (size_t j = i + 1; j < i + len; j++) {
        edict_match m;
        size_t l2 = edict_longest(d, norms, n, j, &m);
        if (l2 && j + l2 > i + len)
            return 1;
    }
    return 0;
}

/* How many leading words of the name phrase [i, i+len) are a title or an
 * article: "the", or (before a person's name) a role-noun phrase. */
static size_t lead_words(const edict *d, const char *const *norms, size_t n, size_t i, size_t len)
{
    size_t k = 0;
    if (len > 1 && ent_ieq(norms[i], "the"))
        k = 1;
    edict_match whole;
    if (edict_longest(d, norms, n, i, &whole) != len || !entry_of_kind(&whole, EDICT_PERSON))
        return k;
    /* the longest agent phrase strictly inside, from the start */
    for (size_t l = len - k - 1; l >= 1 && l + k < len; l--) {
        edict_match m;
        size_t got = edict_longest(d, norms, i + k + l, i + k, &m);
        if (got == l && entry_of_kind(&m, EDICT_AGENT))
            return k + l;
        if (l == 1)
            break;
    }
    return k;
}

/* The dictionary name that is exactly words [i, j), or "the" and them
 * ("the Islamic republic"), or NULL. */
static const edict_entry *whole_name(const builder *b, size_t i, size_t j)
{
    const casus_sentence *st = &b->in->sentences[b->sent_of[i]];
    const char *const *norms = b->norms + st->word;
    size_t at = i - st->word;
    edict_match m;
    if (edict_longest(b->in->dict, norms, st->n_words, at, &m) == j - i && naming_entry(&m))
        return naming_entry(&m);
    if (at > 0 && ent_ieq(norms[at - 1], "the") &&
        edict_longest(b->in->dict, norms, st->n_words, at - 1, &m) == j - i + 1 && naming_entry(&m))
        return naming_entry(&m);
    return NULL;
}

/* The end of a dictionary name that starts at i, reaches past the NER span
 * [i, j) and covers only NER-tagged words; j when there is none. */
static size_t dict_name_over(const builder *b, size_t i, size_t j)
{
    const casus_sentence *st = &b->in->sentences[b->sent_of[i]];
    edict_match m;
    size_t len = edict_longest(b->in->dict, b->norms + st->word, st->n_words, i - st->word, &m);
    if (i + len <= j || !naming_entry(&m))
        return j;
    for (size_t k = j; k < i + len; k++)
        if (!b->in->ner[k])
            return j;
    return i + len;
}

/* Are words [i, j) a demonym phrase, or its first words, and no name? */
static int only_demonym(const builder *b, size_t i, size_t j)
{
    const casus_sentence *st = &b->in->sentences[b->sent_of[i]];
    edict_match m;
    size_t len = edict_longest(b->in->dict, b->norms + st->word, st->n_words, i - st->word, &m);
    /* the span, or its start ("North" of "North Korean"), is a demonym */
    if (len < j - i || !entry_of_kind(&m, EDICT_DEMONYM))
        return 0;
    /* a demonym beats a same-spelled dated "person" (Phoenix lists
     * "Serbian" as one) */
    const edict_entry *ne = naming_entry(&m);
    return !ne || ne->kind == EDICT_PERSON;
}

/* Names: NER spans first, then dictionary names the NER missed. */
static int find_names(builder *b)
{
    const entity_input *in = b->in;
    if (in->ner) {
        for (size_t i = 0; i < in->n_words;) {
            uint8_t tag = in->ner[i];
            if (!tag || tag >= ENT_NER_N_TAGS) {
                i++;
                continue;
            }
            char type = ner_type(tag);
            size_t j = i + 1;
            while (j < in->n_words && in->ner[j] && !ner_begins(in->ner[j]) &&
                   ner_type(in->ner[j]) == type && b->sent_of[j] == b->sent_of[i])
                j++;
            /* A name the tokeniser split at an unspaced hyphen ("Moon Jae-in",
             * "Jean-Yves"): the hyphen and the word glued to it are the name's */
            while (j + 1 < in->n_words && b->sent_of[j + 1] == b->sent_of[i] &&
                   !strcmp(in->words[j].norm, "-") && in->words[j].start == in->words[j - 1].end &&
                   in->words[j + 1].start == in->words[j].end &&
                   isalpha((unsigned char)in->words[j + 1].norm[0]) &&
                   (!in->ner[j + 1] || ner_type(in->ner[j + 1]) == type))
                j += 2;
            /* A dictionary name the tagger cut in two ("Democratic People's |
             * Republic of Korea") is one name. */
            if (in->dict) {
                size_t k = dict_name_over(b, i, j);
                if (k > j) {
                    j = k;
                    type = 0;
                }
            }
            /* A demonym is a description, not a name ("North Korean Foreign
             * Minister", "the North Koreans"), whatever the tagger said. */
            if (in->dict && only_demonym(b, i, j)) {
                i = j;
                continue;
            }
            ent_mention_x *x = add_mention(b, (uint32_t)i, (uint32_t)j, CASUS_MENTION_NAME, type);
            if (!x)
                return CASUS_ENOMEM;
            if (in->dict)
                x->own = whole_name(b, i, j);
            if (!x->type)
                x->type = x->own ? entry_type(x->own) : ner_type(tag);
            for (size_t k = i; k < j; k++)
                b->in_name[k] = 1;
            i = j;
        }
    }
    if (!in->dict)
        return 0;
    for (size_t s = 0; s < in->n_sentences; s++) {
        const casus_sentence *st = &in->sentences[s];
        const char *const *norms = b->norms + st->word;
        for (size_t i = 0; i < st->n_words;) {
            edict_match m;
            size_t len = edict_longest(in->dict, norms, st->n_words, i, &m);
            const edict_entry *e = len ? naming_entry(&m) : NULL;
            /* a demonym beats a same-spelled dated "person" ("Serbian") */
            if (e && e->kind == EDICT_PERSON && entry_of_kind(&m, EDICT_DEMONYM))
                e = NULL;
            if (!e) {
                i++;
                continue;
            }
            /* A longer phrase starting inside this one wins ("the North" must
             * not eat "North Korean"). */
            if (overlapped(in->dict, norms, st->n_words, i, len)) {
                i++;
                continue;
            }
            uint32_t w0 = st->word + (uint32_t)i, w1 = w0 + (uint32_t)len;
            /* Titles are descriptions, not names: "President Rouhani" is a
             * role noun and the name "Rouhani"; "the United States" is "the"
             * and a name. */
            w0 += (uint32_t)lead_words(in->dict, norms, st->n_words, i, len);
            if (w0 >= w1) {
                i += len;
                continue;
            }
            int free_span = 1, cap = 0;
            for (uint32_t w = w0; w < w1; w++) {
                free_span &= !b->in_name[w];
                cap |= is_upper_start(in->words[w].norm);
            }
            /* "the Islamic republic" has one capital; "turkey" has none. */
            if (free_span && cap) {
                ent_mention_x *x = add_mention(b, w0, w1, CASUS_MENTION_NAME, entry_type(e));
                if (!x)
                    return CASUS_ENOMEM;
                x->own = e;
                for (uint32_t w = w0; w < w1; w++)
                    b->in_name[w] = 1;
            }
            i += len;
        }
    }
    return 0;
}

/* A person named in full once is often named by one word of it later:
 * "Ri" after "Ri Yong Ho". Such words become person names wherever the
 * NER missed them (capitalised proper nouns outside other names). */
static int propagate_names(builder *b)
{
    const entity_input *in = b->in;
    size_t n_names = b->n;
    for (size_t w = 0; w < in->n_words; w++) {
        if (b->in_name[w] || !is_upper_start(in->words[w].norm) ||
            strcmp(upos_of(in, w), "PROPN"))
            continue;
        int hit = 0;
        for (size_t k = 0; k < n_names && !hit; k++) {
            const ent_mention_x *y = &b->m[k];
            if (y->type != 'P' || y->w1 - y->w0 < 2)
                continue;
            for (uint32_t v = y->w0; v < y->w1 && !hit; v++)
                hit = ent_ieq(in->words[v].norm, in->words[w].norm);
        }
        if (!hit)
            continue;
        /* one word, or a run of such words ("Soo Kim" written again) */
        if (!add_mention(b, (uint32_t)w, (uint32_t)w + 1, CASUS_MENTION_NAME, 'P'))
            return CASUS_ENOMEM;
        b->in_name[w] = 1;
    }
    return 0;
}

/* Nouns that name groups or bodies rather than persons. */
static int group_noun(const char *lemma)
{
    static const char *const G[] = {
        "government", "administration", "army", "military", "police", "court", "ministry",
        "parliament", "regime", "navy", "force", "party", "council", "agency", "newspaper",
        "committee", "cabinet", "congress", "senate", "embassy", "opposition", "media",
        "company", "firm", "group", "militia", "rebel", "protester", "legislature", "office",
        "department", "authority", "leadership", "delegation", "troop", "coalition", NULL};
    for (int i = 0; G[i]; i++)
        if (ent_ieq(lemma, G[i]))
            return 1;
    return 0;
}

/* Nominal mentions: noun phrases headed by a role noun or a plural demonym. */
static int find_nominals(builder *b)
{
    const entity_input *in = b->in;
    if (!in->dict || !in->syn)
        return 0;
    for (size_t s = 0; s < in->n_sentences; s++) {
        const casus_sentence *st = &in->sentences[s];
        const char *const *norms = b->norms + st->word;
        for (size_t i = 0; i < st->n_words; i++) {
            uint32_t w = st->word + (uint32_t)i;
            const char *up = upos_of(in, w);
            if (b->in_name[w] || (strcmp(up, "NOUN") && strcmp(up, "PROPN")))
                continue;
            const char *rel = rel_of(in, w);
            /* A modifier is part of another phrase, not a phrase of its own;
             * a title right before a name ("Foreign Minister Ri") is the
             * name's description. */
            if (deprel_is(rel, "compound") || deprel_is(rel, "amod") || deprel_is(rel, "flat"))
                continue;
            if (i + 1 < st->n_words && b->in_name[w + 1] && is_upper_start(in->words[w].norm))
                continue;
            /* Is w the last word of an agent or demonym phrase? Try every start
             * from the left edge of a short window. */
            const edict_entry *hit = NULL;
            size_t from = i >= 4 ? i - 4 : 0;
            for (size_t j = from; j <= i && !hit; j++) {
                edict_match m;
                size_t len = edict_longest(in->dict, norms, i + 1, j, &m);
                if (len && j + len == i + 1) {
                    hit = entry_of_kind(&m, EDICT_AGENT);
                    if (!hit && !strcmp(up, "PROPN"))
                        hit = entry_of_kind(&m, EDICT_DEMONYM);
                    if (!hit && !strcmp(up, "NOUN"))
                        hit = entry_of_kind(&m, EDICT_DEMONYM);
                }
            }
            if (!hit)
                continue;
            /* "the North Koreans": only a plural demonym is a group of people. */
            if (hit->kind == EDICT_DEMONYM && !(hit->flags & EDICT_F_PLURAL))
                continue;
            /* The span: the leftmost pre-modifier of w in its subtree. */
            uint32_t w0 = w;
            for (int32_t c = b->t.first_child[w]; c >= 0 && (uint32_t)c < w; c = b->t.next_sib[c]) {
                const char *cr = rel_of(in, (size_t)c);
                if (deprel_is(cr, "det") || deprel_is(cr, "amod") || deprel_is(cr, "compound") ||
                    deprel_is(cr, "nmod:poss") || deprel_is(cr, "nummod") ||
                    deprel_is(cr, "flat")) {
                    /* the modifier's own leftmost descendant */
                    uint32_t l = (uint32_t)c;
                    for (int changed = 1; changed;) {
                        changed = 0;
                        int32_t fc = b->t.first_child[l];
                        if (fc >= 0 && (uint32_t)fc < l && b->sent_of[fc] == b->sent_of[w]) {
                            l = (uint32_t)fc;
                            changed = 1;
                        }
                    }
                    if (l < w0)
                        w0 = l;
                }
            }
            /* a possessor's name is part of the phrase as a whole */
            for (size_t j = 0; j < b->n; j++)
                if (b->m[j].kind == CASUS_MENTION_NAME && b->m[j].w0 < w0 && b->m[j].w1 > w0)
                    w0 = b->m[j].w0;
            char type = group_noun(lemma_of(in, w)) || hit->kind == EDICT_DEMONYM ? 'O' : 'P';
            ent_mention_x *x = add_mention(b, w0, w + 1, CASUS_MENTION_NOMINAL, type);
            if (!x)
                return CASUS_ENOMEM;
            x->head = w;
            x->plural = hit->kind == EDICT_DEMONYM ||
                        (in->syn[w].xpos && (!strcmp(in->syn[w].xpos, "NNS") ||
                                              !strcmp(in->syn[w].xpos, "NNPS")));
            x->demonym = hit->kind == EDICT_DEMONYM;
        }
    }
    return 0;
}

/* The third-person pronouns and possessives that can name an actor. */
static uint8_t pronoun_class(const char *s)
{
    static const struct {
        const char *w;
        uint8_t p;
    } P[] = {{"he", ENT_PRON_HE},      {"him", ENT_PRON_HE},    {"his", ENT_PRON_HE},
             {"himself", ENT_PRON_HE}, {"she", ENT_PRON_SHE},   {"her", ENT_PRON_SHE},
             {"hers", ENT_PRON_SHE},   {"herself", ENT_PRON_SHE}, {"it", ENT_PRON_IT},
             {"its", ENT_PRON_IT},     {"itself", ENT_PRON_IT}, {"they", ENT_PRON_THEY},
             {"them", ENT_PRON_THEY},  {"their", ENT_PRON_THEY}, {"theirs", ENT_PRON_THEY},
             {"themselves", ENT_PRON_THEY}};
    for (size_t i = 0; i < sizeof P / sizeof *P; i++)
        if (ent_ieq(s, P[i].w))
            return P[i].p;
    return ENT_PRON_NONE;
}

/* Demonym adjectives that modify a noun ("rejected an Indian proposal",
 * "a US offer" is a name already): they say whose the thing is, which is
 * who an event is aimed at. They become mentions carrying the country's
 * code, outside any entity. */
static int find_modifier_demonyms(builder *b)
{
    const entity_input *in = b->in;
    if (!in->dict || !in->syn)
        return 0;
    for (size_t s = 0; s < in->n_sentences; s++) {
        const casus_sentence *st = &in->sentences[s];
        const char *const *norms = b->norms + st->word;
        for (size_t i = 0; i < st->n_words;) {
            uint32_t w = st->word + (uint32_t)i;
            edict_match m;
            size_t len = b->in_name[w] ? 0 : edict_longest(in->dict, norms, st->n_words, i, &m);
            const edict_entry *dem = len ? entry_of_kind(&m, EDICT_DEMONYM) : NULL;
            if (!dem || (dem->flags & EDICT_F_PLURAL) || naming_entry(&m)) {
                i += len ? len : 1;
                continue;
            }
            /* the phrase's last word modifies a noun outside it */
            uint32_t last = w + (uint32_t)len - 1;
            const char *r = rel_of(in, last);
            int32_t h = in->syn[last].head;
            if (!(deprel_is(r, "amod") || deprel_is(r, "compound")) || h < 0 ||
                ((uint32_t)h >= w && (uint32_t)h <= last)) {
                i += len;
                continue;
            }
            char c3[4], r3[4];
            ent_code_split(dem->code, c3, r3);
            ent_mention_x *x = add_mention(b, w, w + (uint32_t)len, CASUS_MENTION_NOMINAL, 0);
            if (!x)
                return CASUS_ENOMEM;
            x->head = last;
            x->demonym = 1;
            x->modifier = 1;
            memcpy(x->country, c3, 4);
            x->code = c3[0] ? arena_strndup(b->mem, c3, 3) : NULL;
            if (c3[0] && !x->code)
                return CASUS_ENOMEM;
            i += len;
        }
    }
    return 0;
}

static int find_pronouns(builder *b)
{
    const entity_input *in = b->in;
    if (!in->syn)
        return 0;
    for (size_t w = 0; w < in->n_words; w++) {
        if (strcmp(upos_of(in, w), "PRON") && strcmp(upos_of(in, w), "DET"))
            continue;
        uint8_t p = pronoun_class(lemma_of(in, w));
        if (!p)
            p = pronoun_class(in->words[w].norm);
        if (!p)
            continue;
        ent_mention_x *x = add_mention(b, (uint32_t)w, (uint32_t)w + 1, CASUS_MENTION_PRONOUN, 0);
        if (!x)
            return CASUS_ENOMEM;
        x->pron = p;
        x->type = p == ENT_PRON_HE || p == ENT_PRON_SHE ? 'P' : 0;
        x->plural = p == ENT_PRON_THEY;
    }
    return 0;
}

static int cmp_mention(const void *pa, const void *pb)
{
    const ent_mention_x *a = pa, *b = pb;
    if (a->w0 != b->w0)
        return a->w0 < b->w0 ? -1 : 1;
    if (a->w1 != b->w1)
        return a->w1 > b->w1 ? -1 : 1; /* the longer first */
    return 0;
}

/* ------------------------------------------------------------ codes */

/* Collects the descriptor words of head h into mark[] (relations that
 * describe the same actor), not crossing into the sentence's clauses. */
static void collect(builder *b, uint32_t h, uint8_t *mark, int depth)
{
    if (depth > 6)
        return;
    mark[h] = 1;
    const entity_input *in = b->in;
    for (int32_t c = b->t.first_child[h]; c >= 0; c = b->t.next_sib[c]) {
        const char *r = rel_of(in, (size_t)c);
        int take = deprel_is(r, "compound") || deprel_is(r, "amod") || deprel_is(r, "flat") ||
                   deprel_is(r, "nmod:poss") || deprel_is(r, "appos");
        if (!take && deprel_is(r, "nmod")) {
            const char *cs = case_of(in, &b->t, (size_t)c);
            take = cs && ent_ieq(cs, "of");
        }
        if (take)
            collect(b, (uint32_t)c, mark, depth + 1);
    }
}

/* What a run of descriptor words says: country, role, full code. */
typedef struct descr {
    char country[4], role[4];
    const char *full;          /* full code from an actor or person entry */
    const edict_entry *own;    /* the dictionary entry that is the mention's own name */
    const edict_entry *agent;  /* the role noun's entry */
    uint32_t agent_w0, agent_w1;
    int former;
    int prefix; /* the role goes before the country (PETRARCH "[NGO~]": NGOARN) */
    char title_country[4]; /* the country the words around the name give, not the name */
} descr;

static int is_former(const entity_input *in, size_t w)
{
    const char *f = in->words[w].norm;
    return ent_ieq(f, "former") || ent_ieq(f, "ex") || !strncmp(f, "ex-", 3) ||
           !strncmp(f, "Ex-", 3) || ent_ieq(f, "erstwhile");
}

static void set3(char dst[4], const char src[4])
{
    if (src[0] && !dst[0])
        memcpy(dst, src, 4);
}

/* Matches the marked words [lo, hi) of one sentence against the dictionary. */
static void describe(builder *b, const ent_mention_x *x, const uint8_t *mark, uint32_t lo,
                     uint32_t hi, descr *d)
{
    const entity_input *in = b->in;
    memset(d, 0, sizeof *d);
    for (uint32_t w = lo; w < hi;) {
        if (!mark[w]) {
            w++;
            continue;
        }
        uint32_t r = w;
        while (r < hi && mark[r])
            r++;
        /* a run [w, r) of descriptor words */
        for (uint32_t i = w; i < r;) {
            if (is_former(in, i))
                d->former = 1;
            edict_match m;
            const char *const *norms = b->norms + w;
            size_t len = in->dict ? edict_longest(in->dict, norms, r - w, i - w, &m) : 0;
            if (len && overlapped(in->dict, norms, r - w, i - w, len))
                len = 0;
            if (len) {
                /* A title inside a name ("President Rouhani"): the title first. */
                size_t lead = lead_words(in->dict, norms, r - w, i - w, len);
                if (lead && lead < len && !ent_ieq(in->words[i].norm, "the"))
                    len = edict_longest(in->dict, norms, i - w + lead, i - w, &m);
                else if (lead && lead < len) {
                    i++; /* skip "the" */
                    continue;
                }
            }
            if (!len) {
                i++;
                continue;
            }
            uint32_t e0 = i, e1 = i + (uint32_t)len;
            int own = x->kind == CASUS_MENTION_NAME && e0 < x->w1 && e1 > x->w0;
            const edict_entry *e = naming_entry(&m);
            const edict_entry *ag = entry_of_kind(&m, EDICT_AGENT);
            const edict_entry *dem = entry_of_kind(&m, EDICT_DEMONYM);
            char c3[4], r3[4];
            /* Another person's name lends nothing: two people in apposition
             * are a parser's mistake; a possessor is read apart, below. */
            if (e && e->kind == EDICT_PERSON && !own && x->kind == CASUS_MENTION_NAME)
                e = NULL;
            /* "Serbian" is a demonym even where Phoenix lists the state as a
             * dated "person" under that spelling too */
            if (e && e->kind == EDICT_PERSON && dem && !own)
                e = NULL;
            if (e) {
                const char *code = e->kind == EDICT_PERSON ? edict_person_code(e, in->date) : e->code;
                ent_code_split(code, c3, r3);
                if (own) {
                    if (!d->own)
                        d->own = e;
                    if (code && *code && e->kind != EDICT_CAPITAL)
                        d->full = code;
                }
                set3(d->country, c3);
                if (!own)
                    set3(d->title_country, c3);
                /* a capital in a description names the country, not its government */
                if (e->kind != EDICT_CAPITAL && !d->agent)
                    set3(d->role, r3);
            } else if (dem) {
                ent_code_split(dem->code, c3, r3);
                set3(d->country, c3);
                set3(d->title_country, c3);
            }
            if (ag && ag->code && !own) {
                ent_code_split(ag->code, c3, r3);
                /* the role noun nearest the head wins */
                if (r3[0]) {
                    memcpy(d->role, r3, 4);
                    d->agent = ag;
                    d->prefix = (ag->flags & EDICT_F_PREFIX) != 0;
                    d->agent_w0 = e0;
                    d->agent_w1 = e1;
                }
                set3(d->country, c3);
            }
            i = e1;
        }
        w = r;
    }
}

/* The start of the longest role-noun, demonym, country or organisation
 * phrase that ends right before word w (not before lo); w if none. */
static uint32_t title_before(builder *b, uint32_t lo, uint32_t w)
{
    const entity_input *in = b->in;
    for (uint32_t from = w >= lo + 4 ? w - 4 : lo; from < w; from++) {
        edict_match m;
        size_t len = edict_longest(in->dict, b->norms + lo, w - lo, from - lo, &m);
        if (len != w - from)
            continue;
        for (size_t k = 0; k < m.n_entries; k++)
            if (m.entries[k]->kind != EDICT_PERSON)
                return from;
    }
    return w;
}

/* Words that sit inside a title ("Nigerian junior foreign minister",
 * "Vice Foreign Minister") without being a role themselves. */
static int title_adjective(const entity_input *in, size_t w)
{
    static const char *const T[] = {"junior", "senior", "deputy", "vice", "top", "chief",
                                    "acting", "interim", "assistant", "first", "second",
                                    "new", "outgoing", "incoming", "then", NULL};
    const char *f = in->words[w].norm;
    for (int i = 0; T[i]; i++)
        if (ent_ieq(f, T[i]))
            return 1;
    return 0;
}

/* A name mention (not x) covering word w, or NULL. */
static const ent_mention_x *covering_mention(const builder *b, uint32_t w, const ent_mention_x *x)
{
    for (size_t k = 0; k < b->n; k++) {
        const ent_mention_x *y = &b->m[k];
        if (y != x && y->kind == CASUS_MENTION_NAME && y->w0 <= w && y->w1 > w)
            return y;
    }
    return NULL;
}

/* Does an earlier person's name in the article contain mention x's last
 * word? Then coreference decides who it is, not the dictionaries. */
static int surname_seen_before(const builder *b, const ent_mention_x *x)
{
    const entity_input *in = b->in;
    const char *w = in->words[x->w1 - 1].norm;
    for (size_t k = 0; k < b->n; k++) {
        const ent_mention_x *y = &b->m[k];
        if (y == x || y->kind != CASUS_MENTION_NAME || y->type != 'P' || y->w0 >= x->w0 ||
            y->w1 - y->w0 < 2)
            continue;
        for (uint32_t v = y->w0; v < y->w1; v++)
            if (ent_ieq(in->words[v].norm, w))
                return 1;
    }
    return 0;
}

static const char *join_code(arena *mem, const char *country, const char *role)
{
    size_t a = strlen(country), r = strlen(role);
    if (!a && !r)
        return NULL;
    char *s = arena_alloc(mem, a + r + 1);
    if (!s)
        return NULL;
    memcpy(s, country, a);
    memcpy(s + a, role, r + 1);
    return s;
}

/* Is the capital mention x an actor (an argument) rather than a place? */
static int acts(builder *b, const ent_mention_x *x)
{
    const entity_input *in = b->in;
    uint32_t h = x->head;
    /* In "Pyongyang and Washington" the second takes the first one's role. */
    for (int k = 0; k < 4 && deprel_is(rel_of(in, h), "conj"); k++) {
        int32_t p = in->syn[h].head;
        if (p < 0)
            break;
        h = (uint32_t)p;
    }
    const char *r = rel_of(in, h);
    if (!r)
        return 0;
    /* The dateline "LONDON —" opens a sentence and is a place. */
    if (x->w0 == in->sentences[x->sent].word && x->w1 < in->n_words &&
        in->words[x->w1].norm[0] == '-')
        return 0;
    if (deprel_is(r, "nsubj") || deprel_is(r, "obj") || deprel_is(r, "iobj") ||
        deprel_is(r, "nmod:poss") || !strcmp(r, "obl:agent") || deprel_is(r, "csubj"))
        return 1;
    if (deprel_is(r, "obl") || deprel_is(r, "nmod")) {
        const char *cs = case_of(in, &b->t, h);
        static const char *const PLACE[] = {"in", "at", "near", "outside", "inside", "to", "into",
                                            "from", "across", "around", "throughout", "within",
                                            "via", "through", "over", "toward", "towards", NULL};
        if (!cs)
            return 0;
        for (int i = 0; PLACE[i]; i++)
            if (ent_ieq(cs, PLACE[i]))
                return 0;
        return 1; /* "with Pyongyang", "between Pyongyang and Washington", "by Tehran" */
    }
    return 0;
}

static int code_mentions(builder *b)
{
    const entity_input *in = b->in;
    uint8_t *mark = arena_zalloc(b->mem, in->n_words ? in->n_words : 1);
    uint16_t *gaz = arena_zalloc(b->mem, (in->n_words ? in->n_words : 1) * sizeof *gaz);
    if (!mark || !gaz)
        return CASUS_ENOMEM;
    if (in->dict)
        for (size_t s = 0; s < in->n_sentences; s++)
            edict_gazetteer(in->dict, b->norms + in->sentences[s].word, in->sentences[s].n_words,
                            gaz + in->sentences[s].word);
    /* Names first: a description borrows from the names inside it. */
    for (size_t pass = 0; pass < 2 * b->n; pass++) {
        size_t k = pass % b->n;
        ent_mention_x *x = &b->m[k];
        if (x->kind == CASUS_MENTION_PRONOUN || x->modifier ||
            (pass < b->n) != (x->kind == CASUS_MENTION_NAME))
            continue;
        const casus_sentence *st = &in->sentences[x->sent];
        uint32_t lo = st->word, hi = st->word + st->n_words;
        /* A name that is a compound of a noun ("the Donya-e-Eqtesad newspaper")
         * is described by that noun's phrase. */
        uint32_t root = x->head;
        if (in->syn && x->kind == CASUS_MENTION_NAME && !x->own &&
            (deprel_is(rel_of(in, root), "compound") || deprel_is(rel_of(in, root), "flat")) &&
            in->syn[root].head >= 0) {
            uint32_t p = (uint32_t)in->syn[root].head;
            const char *pu = upos_of(in, p);
            if (!strcmp(pu, "NOUN") || !strcmp(pu, "PROPN"))
                root = p;
        }
        memset(mark + lo, 0, hi - lo);
        for (uint32_t w = x->w0; w < x->w1; w++)
            mark[w] = 1;
        if (in->syn)
            collect(b, root, mark, 0);
        /* The title zone: role nouns, demonyms and names right before a name
         * describe it whatever the parser made of them ("North Korean Foreign
         * Minister Ri Yong Ho"). */
        int modifier = in->syn && (deprel_is(rel_of(in, x->head), "compound") ||
                                   deprel_is(rel_of(in, x->head), "amod"));
        if (x->kind == CASUS_MENTION_NAME && in->dict && !modifier)
            for (uint32_t w = x->w0; w > lo;) {
                uint32_t from = title_before(b, lo, w);
                if (from == w && (is_former(in, w - 1) || title_adjective(in, w - 1)))
                    from = w - 1;
                if (from == w)
                    break;
                memset(mark + from, 1, w - from);
                w = from;
            }
        descr d;
        describe(b, x, mark, lo, hi, &d);
        /* A possessor that is itself a coded mention lends its country
         * ("Kim Jong Un's top diplomat") and, for an organisation, its role
         * ("NBC News' Lester Holt"). */
        if (in->syn)
            for (int32_t c = b->t.first_child[root]; c >= 0; c = b->t.next_sib[c]) {
                if (!deprel_is(rel_of(in, (size_t)c), "nmod:poss"))
                    continue;
                for (size_t j = 0; j < b->n; j++) {
                    const ent_mention_x *y = &b->m[j];
                    if (y == x || y->w0 > (uint32_t)c || y->w1 <= (uint32_t)c || !y->code ||
                        y->kind == CASUS_MENTION_PRONOUN)
                        continue;
                    char c3[4], r3[4];
                    ent_code_split(y->code, c3, r3);
                    if (c3[0])
                        memcpy(d.country, c3, 4);
                    if (!d.role[0] && r3[0] && y->type == 'O')
                        memcpy(d.role, r3, 4);
                    break;
                }
            }
        /* The same on the surface when the parser hung the possessor
         * elsewhere ("Taiwan's Vice Foreign Minister visited"). */
        if (x->kind == CASUS_MENTION_NOMINAL && !d.country[0] && x->w0 >= lo + 2 &&
            (!strcmp(in->words[x->w0 - 1].norm, "'s") || !strcmp(in->words[x->w0 - 1].norm, "'"))) {
            const ent_mention_x *y = covering_mention(b, x->w0 - 2, x);
            if (y && y->code) {
                char c3[4], r3[4];
                ent_code_split(y->code, c3, r3);
                set3(d.country, c3);
            }
        }
        /* "rebels in the Ivory Coast", "police from Kandahar": a country
         * or capital in an in/from phrase of a description */
        if (x->kind == CASUS_MENTION_NOMINAL && !d.country[0] && in->syn)
            for (int32_t c = b->t.first_child[x->head]; c >= 0 && !d.country[0];
                 c = b->t.next_sib[c]) {
                const char *cs;
                if (!deprel_is(rel_of(in, (size_t)c), "nmod") ||
                    !(cs = case_of(in, &b->t, (size_t)c)) ||
                    (!ent_ieq(cs, "in") && !ent_ieq(cs, "from")))
                    continue;
                const ent_mention_x *y = covering_mention(b, (uint32_t)c, x);
                if (y && y->code && y->type == 'L') {
                    char c3[4], r3[4];
                    ent_code_split(y->code, c3, r3);
                    set3(d.country, c3);
                }
            }
        x->own = x->own ? x->own : d.own;
        /* "President Mugabe": a surname the article gives no full name for
         * names the one person in the dictionaries it can be that day. Only
         * a lone surname: "Peter Cook" is not Robin Cook. */
        if (!x->own && x->kind == CASUS_MENTION_NAME && x->type == 'P' && in->surnames &&
            x->w1 - x->w0 == 1 && !surname_seen_before(b, x)) {
            const edict_entry *e = surname_person(in->surnames, in->words[x->w1 - 1].norm,
                                                  in->date);
            if (e) {
                x->own = e;
                const char *pc = edict_person_code(e, in->date);
                if (pc && *pc && !d.former) {
                    char c3[4], r3[4];
                    ent_code_split(pc, c3, r3);
                    d.full = pc;
                    set3(d.country, c3);
                }
            }
        }
        /* the dictionary knows better than the tagger what a known name is
         * ("Trump" in "the Trump administration" is a person, "Tehran" a
         * place even when it warns) */
        if (x->own && entry_type(x->own))
            x->type = entry_type(x->own);
        /* a name found whole by the dictionary ("the Islamic republic") keeps
         * its code even when the tree leaves part of it out */
        if (x->own && !d.full && x->own->kind != EDICT_CAPITAL) {
            const char *oc = x->own->kind == EDICT_PERSON ? edict_person_code(x->own, in->date)
                                                          : x->own->code;
            if (oc && *oc) {
                d.full = oc;
                char c3[4], r3[4];
                ent_code_split(oc, c3, r3);
                set3(d.country, c3);
            }
        }
        x->agent_w0 = d.agent ? d.agent_w0 : 0;
        x->agent_w1 = d.agent ? d.agent_w1 : 0;
        x->has_agent = d.agent != NULL;
        memcpy(x->country, d.country, 4);
        memcpy(x->role, d.role, 4);
        x->former = (uint8_t)d.former;
        const char *code = NULL;
        /* "former" ends a person's role, not an organisation's ("a former
         * CIA analyst": the CIA is still the CIA) */
        if (x->kind == CASUS_MENTION_NAME && x->type != 'P')
            d.former = 0;
        if (d.former) {
            /* no longer in the role: the country is all that is left */
            code = d.country[0] ? join_code(b->mem, d.country, "") : NULL;
            x->role[0] = 0;
        } else if (x->own && x->own->kind == EDICT_CAPITAL) {
            char c3[4], r3[4];
            ent_code_split(x->own->code, c3, r3);
            code = join_code(b->mem, c3, acts(b, x) ? "GOV" : "");
        } else if (d.full && x->own && x->own->kind == EDICT_PERSON && d.title_country[0] &&
                   strncmp(d.full, d.title_country, 3) && !ent_is_role(d.full)) {
            /* "British Defence Secretary Tom King": the text's country and
             * role outweigh a namesake in the dictionaries */
            code = join_code(b->mem, d.title_country, d.role);
        } else if (d.full) {
            char c3[4], r3[4];
            ent_code_split(d.full, c3, r3);
            /* A person known only by country gains the role the text gives. */
            code = !r3[0] && d.role[0] && c3[0] && strlen(d.full) == 3
                       ? (d.prefix ? join_code(b->mem, d.role, c3) : join_code(b->mem, c3, d.role))
                       : d.full;
        } else if (d.country[0] || d.role[0]) {
            code = d.prefix ? join_code(b->mem, d.role, d.country)
                            : join_code(b->mem, d.country, d.role);
        }
        x->code = code;
    }
    return 0;
}

/* ------------------------------------------------------------ entry point */

int entity_build(const entity_input *in, arena *mem, entity_layer *out)
{
    memset(out, 0, sizeof *out);
    builder b;
    memset(&b, 0, sizeof b);
    b.in = in;
    b.mem = mem;
    size_t nw = in->n_words ? in->n_words : 1;
    b.sent_of = arena_array(mem, nw, sizeof *b.sent_of);
    b.norms = arena_array(mem, nw, sizeof *b.norms);
    b.in_name = arena_zalloc(mem, nw);
    out->word_mention = arena_array(mem, nw, sizeof *out->word_mention);
    if (!b.sent_of || !b.norms || !b.in_name || !out->word_mention || tree_build(&b.t, in, mem))
        return CASUS_ENOMEM;
    for (size_t s = 0; s < in->n_sentences; s++)
        for (uint32_t i = 0; i < in->sentences[s].n_words; i++)
            b.sent_of[in->sentences[s].word + i] = (uint32_t)s;
    for (size_t w = 0; w < in->n_words; w++) {
        b.norms[w] = in->words[w].norm;
        out->word_mention[w] = -1;
    }
    int rc = find_names(&b);
    if (!rc)
        rc = propagate_names(&b);
    if (!rc)
        rc = find_nominals(&b);
    if (!rc)
        rc = find_modifier_demonyms(&b);
    if (!rc)
        rc = find_pronouns(&b);
    if (rc)
        return rc;
    if (b.n)
        qsort(b.m, b.n, sizeof *b.m, cmp_mention);
    if ((rc = code_mentions(&b)))
        return rc;
    ent_ctx c = {.in = in, .mem = mem, .m = b.m, .n = b.n, .first_child = b.t.first_child,
                 .next_sib = b.t.next_sib};
    if ((rc = coref_link(&c, out)))
        return rc;
    /* word -> the smallest mention covering it */
    for (size_t k = 0; k < out->n_mentions; k++) {
        const casus_mention *m = &out->mentions[k];
        for (uint32_t w = m->word; w < m->word + m->n_words; w++) {
            int32_t cur = out->word_mention[w];
            if (cur < 0 || out->mentions[cur].n_words >= m->n_words)
                out->word_mention[w] = (int32_t)k;
        }
    }
    return 0;
}
