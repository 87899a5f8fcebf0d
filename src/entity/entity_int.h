/*
 * entity_int.h — what entity.c (mentions, codes) hands to coref.c (links).
 */
#ifndef CASUS_ENTITY_ENTITY_INT_H
#define CASUS_ENTITY_ENTITY_INT_H

#include "entity/entity.h"

enum { ENT_PRON_NONE = 0, ENT_PRON_HE, ENT_PRON_SHE, ENT_PRON_IT, ENT_PRON_THEY };

/* A mention while the layer is built. */
typedef struct ent_mention_x {
    uint32_t w0, w1, head, sent;
    int32_t entity;
    uint8_t kind;             /* casus_mention_kind */
    char type;                /* 'P' 'O' 'L' or 0 */
    uint8_t pron;             /* ENT_PRON_* */
    uint8_t plural, demonym, former, has_agent;
    uint8_t modifier;         /* a demonym adjective ("an Indian proposal"): an
                                 actor for events, no entity of its own */
    const edict_entry *own;   /* the dictionary entry the name is, or NULL */
    uint32_t agent_w0, agent_w1; /* the role-noun phrase, when has_agent */
    char country[4], role[4]; /* what the phrase says ("" when nothing) */
    const char *code;         /* the mention's code in context, or NULL */
} ent_mention_x;

typedef struct ent_ctx {
    const entity_input *in;
    arena *mem;
    ent_mention_x *m; /* in text order */
    size_t n;
    const int32_t *first_child, *next_sib; /* the tree, per word */
} ent_ctx;

/* Links c->m into entities and fills out's mentions and entities (not
 * word_mention). Returns 0 or CASUS_ENOMEM. */
int coref_link(ent_ctx *c, entity_layer *out);

int ent_ieq(const char *a, const char *b);
int ent_is_role(const char *code3);
void ent_code_split(const char *code, char country[4], char role[4]);

#endif
