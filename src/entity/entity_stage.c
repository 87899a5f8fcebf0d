/*
 * entity_stage.c — the entity layer's step after NER: builds the document's
 * mentions and entities (entity_build) from its words, syntax, NER tags,
 * the article date and the pipeline's dictionaries, and exposes them
 * through casus_doc_mentions / casus_doc_entities.
 */
#include "entity/entity.h"

#include "core/doc.h"
#include "entity/dict.h"
#include "entity/surname.h"
#include "util/error.h"

int entity_dict_load(casus_pipeline *p, const char *dir, const casus_pipeline_opts *opts,
                     casus_error *err)
{
    edict *d = NULL;
    int rc = edict_new(&d, err);
    if (!rc) {
        rc = edict_load_dir(d, dir, err);
        if (rc == CASUS_ENOENT) /* no dictionaries: names from NER only */
            rc = 0;
    }
    for (size_t i = 0; !rc && opts && i < opts->n_actor_files; i++)
        rc = edict_load_petrarch_actors(d, opts->actor_files[i], opts->report, opts->report_ctx,
                                        err);
    for (size_t i = 0; !rc && opts && i < opts->n_agent_files; i++)
        rc = edict_load_petrarch_agents(d, opts->agent_files[i], opts->report, opts->report_ctx,
                                        err);
    if (!rc)
        rc = edict_finish(d, err);
    if (!rc)
        rc = surname_index_new(&p->surnames, d, err);
    if (rc) {
        edict_free(d);
        return rc;
    }
    p->dict = d;
    return 0;
}

void entity_dict_unload(casus_pipeline *p)
{
    surname_index_free(p->surnames);
    p->surnames = NULL;
}

int entity_process(casus_doc *d, casus_error *err)
{
    const casus_pipeline *p = d->pipeline;
    entity_input in = {.text = d->article->text,
                       .words = d->words,
                       .n_words = d->n_words,
                       .syn = d->syn,
                       .sentences = d->sentences,
                       .n_sentences = d->n_sentences,
                       .ner = d->ner,
                       .date = entity_date_int(d->article->date),
                       .dict = p->dict,
                       .surnames = p->surnames};
    entity_layer L;
    if (entity_build(&in, &d->mem, &L))
        return error_set(err, CASUS_ETOOBIG, "%s: entities: out of document memory",
                         d->article->id);
    d->mentions = L.mentions;
    d->n_mentions = L.n_mentions;
    d->entities = L.entities;
    d->n_entities = L.n_entities;
    d->word_mention = L.word_mention;
    return 0;
}

const casus_mention *casus_doc_mentions(const casus_doc *d, size_t *n)
{
    *n = d->n_mentions;
    return d->mentions;
}

const casus_entity *casus_doc_entities(const casus_doc *d, size_t *n)
{
    *n = d->n_entities;
    return d->entities;
}
