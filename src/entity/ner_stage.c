/*
 * ner_stage.c — the NER step of the entity stage: loads models/ner.bin
 * (and the dictionaries its gazetteer features read) into the pipeline,
 * and tags every sentence of a document into d->ner, one tag per word
 * (casus.h encoding), from the words' normalised forms and the syntax
 * layer's UPOS/XPOS.
 *
 * The entity stage will grow (mentions, coreference, actor codes); this
 * file only holds the per-word tagging so those steps can run after it.
 */
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "entity/dict.h"
#include "entity/ner.h"
#include "syntax/syntax.h"
#include "util/error.h"

int ner_load_dict(edict **out, const char *dir, casus_error *err)
{
    *out = NULL;
    edict *d = NULL;
    int rc = edict_new(&d, err);
    if (!rc)
        rc = edict_load_dir(d, dir, err);
    if (rc == CASUS_ENOENT) {
        edict_free(d);
        return 0; /* no dictionaries: NER runs without gazetteer features */
    }
    if (!rc)
        rc = edict_finish(d, err);
    if (rc) {
        edict_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

int ner_stage_load(casus_pipeline *p, const char *models_dir, const char *dict_dir,
                   casus_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/ner.bin", models_dir);
    int rc = ner_load(&p->ner, path, err);
    if (!rc && !p->dict) /* entity_dict_load may have loaded them already */
        rc = ner_load_dict(&p->dict, dict_dir, err);
    return rc;
}

void ner_stage_unload(casus_pipeline *p)
{
    ner_free(p->ner);
    edict_free(p->dict);
    p->ner = NULL;
    p->dict = NULL;
}

void ner_gazetteer(const edict *d, const char *const *norms, size_t n, uint16_t *out)
{
    if (!n)
        return;
    if (!d) {
        memset(out, 0, n * sizeof *out);
        return;
    }
    edict_gazetteer(d, norms, n, out);
    /* The surname class is left out: with it dev F1 fell by 1.8 (many
     * surnames are also place and company names). */
    for (size_t i = 0; i < n; i++)
        out[i] = (uint16_t)(out[i] | (edict_word_class(d, norms[i]) & ~(unsigned)EDICT_W_SURNAME)
                                         << 12);
    /* The place gazetteer's bits, re-packed next to the others (its
     * position bits are those of edict_gazetteer). */
    enum { CHUNK = 256 };
    uint16_t pl[CHUNK];
    for (size_t at = 0; at < n;) {
        /* a place name covering a chunk border is cut there: names are
         * short and sentences of 256 words rare */
        size_t m = n - at < CHUNK ? n - at : CHUNK;
        edict_place_gazetteer(d, norms + at, m, pl);
        for (size_t i = 0; i < m; i++) {
            uint16_t g = pl[i];
            if (!g)
                continue;
            unsigned pos = (g & EDICT_GAZ_SINGLE) ? 3 : (g & EDICT_GAZ_END) ? 2
                         : (g & EDICT_GAZ_BEGIN) ? 1 : 0;
            out[at + i] = (uint16_t)(out[at + i] | (1u + pos) << 8);
        }
        at += m;
    }
}

/* Gazetteer bits of the n words, or NULL without dictionaries. */
static int gazetteer(const casus_pipeline *p, const char *const *norms, size_t n, arena *mem,
                     const uint16_t **out)
{
    *out = NULL;
    if (!p->dict || !n || !(ner_features(p->ner) & NER_F_GAZ))
        return 0;
    uint16_t *g = arena_array(mem, n, sizeof *g);
    if (!g)
        return CASUS_ENOMEM;
    ner_gazetteer(p->dict, norms, n, g);
    *out = g;
    return 0;
}

int ner_tag_words(const casus_pipeline *p, const char *const *norms, size_t n, uint8_t *tags,
                  arena *mem)
{
    if (!p->ner)
        return CASUS_EINVAL;
    if (!n)
        return 0;
    ner_sentence s = {.norms = norms, .n = n};
    uint32_t fx = ner_features(p->ner);
    if ((fx & NER_F_POS) && p->tagger) {
        uint16_t *t = arena_array(mem, n, sizeof *t);
        const char **upos = arena_array(mem, n, sizeof *upos);
        const char **xpos = arena_array(mem, n, sizeof *xpos);
        if (!t || !upos || !xpos)
            return CASUS_ENOMEM;
        int rc = tagger_tag(p->tagger, norms, n, t, mem);
        if (rc)
            return rc;
        for (size_t i = 0; i < n; i++) {
            upos[i] = tagger_upos(p->tagger, t[i]);
            xpos[i] = tagger_xpos(p->tagger, t[i]);
        }
        s.upos = upos;
        s.xpos = xpos;
    }
    int rc = gazetteer(p, norms, n, mem, &s.gaz);
    return rc ? rc : ner_tag(p->ner, &s, tags, mem);
}

int ner_process(casus_doc *d, casus_error *err)
{
    const casus_pipeline *p = d->pipeline;
    if (!p->ner)
        return 0;
    size_t max_n = 0;
    for (size_t s = 0; s < d->n_sentences; s++)
        if (d->sentences[s].n_words > max_n)
            max_n = d->sentences[s].n_words;
    d->ner = arena_zalloc(&d->mem, d->n_words ? d->n_words : 1);
    const char **norms = arena_array(&d->mem, max_n ? max_n : 1, sizeof *norms);
    const char **upos = arena_array(&d->mem, max_n ? max_n : 1, sizeof *upos);
    const char **xpos = arena_array(&d->mem, max_n ? max_n : 1, sizeof *xpos);
    if (!d->ner || !norms || !upos || !xpos)
        return error_set(err, CASUS_ETOOBIG, "%s: entities: out of document memory",
                         d->article->id);
    /* Scoring scratch (about 1 KB a word) is dropped after each sentence
     * rather than left in the document. */
    arena scratch;
    arena_init(&scratch, 0);
    int rc = 0;
    for (size_t s = 0; !rc && s < d->n_sentences; s++) {
        const casus_sentence *st = &d->sentences[s];
        size_t n = st->n_words;
        for (size_t i = 0; i < n; i++) {
            norms[i] = d->words[st->word + i].norm;
            upos[i] = d->syn ? d->syn[st->word + i].upos : NULL;
            xpos[i] = d->syn ? d->syn[st->word + i].xpos : NULL;
        }
        ner_sentence ns = {
            .norms = norms, .upos = d->syn ? upos : NULL, .xpos = d->syn ? xpos : NULL, .n = n};
        rc = gazetteer(p, norms, n, &scratch, &ns.gaz);
        if (!rc)
            rc = ner_tag(p->ner, &ns, d->ner + st->word, &scratch);
        if (rc)
            error_set(err, rc == CASUS_ENOMEM ? CASUS_ETOOBIG : rc,
                      "%s: entities: sentence %zu: %s", d->article->id, s + 1, casus_strerror(rc));
        arena_finish(&scratch);
        arena_init(&scratch, 0);
    }
    arena_finish(&scratch);
    if (!rc && d->n_words) {
        const char **all = arena_array(&d->mem, d->n_words, sizeof *all);
        uint8_t *first = arena_zalloc(&d->mem, d->n_words);
        if (!all || !first)
            return error_set(err, CASUS_ETOOBIG, "%s: entities: out of document memory",
                             d->article->id);
        for (size_t i = 0; i < d->n_words; i++)
            all[i] = d->words[i].norm;
        for (size_t s = 0; s < d->n_sentences; s++)
            if (d->sentences[s].word < d->n_words)
                first[d->sentences[s].word] = 1;
        if (ner_doc_consistency(all, first, d->n_words, d->ner))
            return error_set(err, CASUS_ETOOBIG, "%s: entities: out of memory", d->article->id);
    }
    return rc;
}

const uint8_t *casus_doc_ner(const casus_doc *d)
{
    return d->ner;
}
