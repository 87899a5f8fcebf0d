/*
 * pipeline.c — the pipeline (shared, immutable state) and the per-article
 * step that runs every stage on one document.
 *
 * casus_doc_process is a pure function of (article, pipeline): it touches
 * nothing shared that is writable, which is what lets `casus code -j N`
 * run it on N threads at once.
 */
#include <stdlib.h>

#include "core/doc.h"
#include "entity/entity.h"
#include "event/coder.h"
#include "knowledge/knowledge.h"
#include "entity/ner.h"
#include "syntax/stage.h"
#include "text/text.h"
#include "util/error.h"

#ifndef CASUS_MODELS_DIR
#define CASUS_MODELS_DIR "models"
#endif

#ifndef CASUS_DICT_DIR
#define CASUS_DICT_DIR "dict"
#endif

static const char *dict_dir(const casus_pipeline_opts *o)
{
    if (o && o->dict_dir)
        return o->dict_dir;
    const char *env = getenv("CASUS_DICT");
    return env && *env ? env : CASUS_DICT_DIR;
}

static const char *models_dir(const casus_pipeline_opts *o)
{
    if (o && o->models_dir)
        return o->models_dir;
    const char *env = getenv("CASUS_MODELS");
    return env && *env ? env : CASUS_MODELS_DIR;
}

int casus_pipeline_new(casus_pipeline **out, const casus_pipeline_opts *opts, casus_error *err)
{
    *out = NULL;
    casus_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return error_set(err, CASUS_ENOMEM, "pipeline: out of memory");
    if (opts)
        p->opts = *opts;
    p->opts.models_dir = NULL;
    p->opts.dict_dir = NULL;
    p->opts.actor_files = p->opts.agent_files = NULL;
    p->opts.n_actor_files = p->opts.n_agent_files = 0;
    p->opts.report = NULL;
    p->opts.report_ctx = NULL;
    if (!p->opts.max_doc_bytes)
        p->opts.max_doc_bytes = CASUS_DEFAULT_MAX_DOC;
    if (!p->opts.stages)
        p->opts.stages = CASUS_STAGE_ALL;
    if ((p->opts.stages & CASUS_STAGE_ENTITY) && !(p->opts.stages & CASUS_STAGE_SYNTAX)) {
        free(p);
        return error_set(err, CASUS_EINVAL, "pipeline: the entity stage needs the syntax stage");
    }
    int rc = 0;
    if (p->opts.stages & CASUS_STAGE_SYNTAX)
        rc = syntax_load(p, models_dir(opts), err);
    if (!rc && (p->opts.stages & CASUS_STAGE_ENTITY))
        rc = entity_dict_load(p, dict_dir(opts), opts, err);
    if (!rc && (p->opts.stages & CASUS_STAGE_ENTITY))
        rc = ner_stage_load(p, models_dir(opts), dict_dir(opts), err);
    if (!rc && (p->opts.stages & CASUS_STAGE_EVENT) && (p->opts.stages & CASUS_STAGE_ENTITY))
        rc = event_stage_load(p, dict_dir(opts), err);
    if (!rc && (p->opts.stages & CASUS_STAGE_KNOWLEDGE) && (p->opts.stages & CASUS_STAGE_ENTITY))
        rc = knowledge_load(p, dict_dir(opts), err);
    if (rc) {
        casus_pipeline_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void casus_pipeline_free(casus_pipeline *p)
{
    if (!p)
        return;
    knowledge_unload(p);
    event_stage_unload(p);
    entity_dict_unload(p);
    ner_stage_unload(p);
    syntax_unload(p);
    free(p);
}

int casus_doc_process(const casus_pipeline *p, const casus_article *a, casus_doc **out,
                      casus_error *err)
{
    *out = NULL;
    casus_doc *d = calloc(1, sizeof *d);
    if (!d)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", a->id);
    d->article = a;
    d->pipeline = p;
    arena_init(&d->mem, p->opts.max_doc_bytes);
    int rc = text_process(d, err);
    if (!rc && (p->opts.stages & CASUS_STAGE_SYNTAX))
        rc = syntax_process(d, err);
    if (!rc && (p->opts.stages & CASUS_STAGE_ENTITY))
        rc = ner_process(d, err);
    if (!rc && (p->opts.stages & CASUS_STAGE_ENTITY))
        rc = entity_process(d, err);
    if (!rc && (p->opts.stages & CASUS_STAGE_EVENT) && (p->opts.stages & CASUS_STAGE_ENTITY))
        rc = event_process(d, err);
    if (!rc && (p->opts.stages & CASUS_STAGE_KNOWLEDGE) && (p->opts.stages & CASUS_STAGE_ENTITY))
        rc = knowledge_process(d, err);
    if (rc == CASUS_ENOMEM || rc == CASUS_ETOOBIG) {
        /* The arena refuses past its cap: name the cap, not malloc. */
        if (d->mem.cap && d->mem.reserved + ((size_t)1 << 20) > d->mem.cap)
            rc = error_set(err, CASUS_ETOOBIG, "%s: document needs more than %zu bytes", a->id,
                           d->mem.cap);
    }
    if (rc) {
        casus_doc_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

void casus_doc_free(casus_doc *d)
{
    if (!d)
        return;
    arena_finish(&d->mem);
    free(d);
}

const casus_article *casus_doc_article(const casus_doc *d)
{
    return d->article;
}

void casus_doc_text(const casus_doc *d, casus_text_view *out)
{
    out->text = d->article->text;
    out->text_len = d->article->text_len;
    out->tokens = d->tokens;
    out->n_tokens = d->n_tokens;
    out->words = d->words;
    out->n_words = d->n_words;
    out->sentences = d->sentences;
    out->n_sentences = d->n_sentences;
}

const casus_word_syntax *casus_doc_syntax(const casus_doc *d)
{
    return d->syn;
}
