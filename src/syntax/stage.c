/*
 * stage.c — the syntax stage: runs the tagger, the lemmatiser and the
 * parser over each sentence of a document and stores the per-word result
 * (casus_word_syntax) in the document.
 *
 * Words reach the models as their normalised forms. Scratch arrays are
 * sized once per document for its longest sentence, from the document's
 * arena, so nothing is allocated per sentence or per word.
 */
#include "syntax/stage.h"

#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "syntax/syntax.h"
#include "util/error.h"

int syntax_scratch_init(syntax_scratch *s, arena *mem, size_t cap)
{
    size_t m = cap ? cap : 1;
    s->cap = cap;
    s->forms = arena_array(mem, m, sizeof *s->forms);
    s->lemmas = arena_array(mem, m, sizeof *s->lemmas);
    s->upos = arena_array(mem, m, sizeof *s->upos);
    s->xpos = arena_array(mem, m, sizeof *s->xpos);
    s->tags = arena_array(mem, m, sizeof *s->tags);
    s->labels = arena_array(mem, m, sizeof *s->labels);
    s->heads = arena_array(mem, m, sizeof *s->heads);
    if (!s->forms || !s->lemmas || !s->upos || !s->xpos || !s->tags || !s->labels || !s->heads)
        return CASUS_ENOMEM;
    return 0;
}

int syntax_sentence(const casus_pipeline *p, syntax_scratch *s, size_t n, uint32_t first,
                    casus_word_syntax *out, arena *mem)
{
    if (!n)
        return 0;
    if (n > s->cap)
        return CASUS_EINVAL;
    int rc = tagger_tag(p->tagger, s->forms, n, s->tags, mem);
    for (size_t i = 0; !rc && i < n; i++) {
        s->upos[i] = tagger_upos(p->tagger, s->tags[i]);
        s->xpos[i] = tagger_xpos(p->tagger, s->tags[i]);
        s->lemmas[i] = lemmatizer_lemma(p->lemmatizer, s->forms[i], s->upos[i], s->xpos[i], mem);
        if (!s->lemmas[i])
            rc = CASUS_ENOMEM;
    }
    if (!rc)
        rc = parser_parse(p->parser, s->forms, s->lemmas, s->upos, s->xpos, n, s->heads,
                          s->labels, mem);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        out[i].lemma = s->lemmas[i];
        out[i].upos = s->upos[i];
        out[i].xpos = s->xpos[i];
        out[i].feats = tagger_feats(p->tagger, s->tags[i]);
        out[i].deprel = parser_label(p->parser, s->labels[i]);
        out[i].head = s->heads[i] > 0 && (size_t)s->heads[i] <= n
                          ? (int32_t)(first + (uint32_t)s->heads[i] - 1)
                          : -1;
    }
    return 0;
}

int syntax_process(casus_doc *d, casus_error *err)
{
    const casus_pipeline *p = d->pipeline;
    if (!p->tagger || !p->lemmatizer || !p->parser)
        return 0;
    size_t max_n = 0;
    for (size_t s = 0; s < d->n_sentences; s++)
        if (d->sentences[s].n_words > max_n)
            max_n = d->sentences[s].n_words;
    syntax_scratch sc;
    d->syn = arena_array(&d->mem, d->n_words ? d->n_words : 1, sizeof *d->syn);
    if (!d->syn || syntax_scratch_init(&sc, &d->mem, max_n))
        return error_set(err, CASUS_ETOOBIG, "%s: syntax: out of document memory",
                         d->article->id);
    for (size_t s = 0; s < d->n_sentences; s++) {
        const casus_sentence *st = &d->sentences[s];
        for (size_t i = 0; i < st->n_words; i++)
            sc.forms[i] = d->words[st->word + i].norm;
        int rc = syntax_sentence(p, &sc, st->n_words, st->word, d->syn + st->word, &d->mem);
        if (rc)
            return error_set(err, rc == CASUS_ENOMEM ? CASUS_ETOOBIG : rc,
                             "%s: syntax: sentence %zu: %s", d->article->id, s + 1,
                             casus_strerror(rc));
    }
    return 0;
}

int syntax_load(casus_pipeline *p, const char *dir, casus_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tagger.bin", dir);
    int rc = tagger_load(&p->tagger, path, err);
    if (!rc) {
        snprintf(path, sizeof path, "%s/lemmatizer.bin", dir);
        rc = lemmatizer_load(&p->lemmatizer, path, err);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/parser.bin", dir);
        rc = parser_load(&p->parser, path, err);
    }
    return rc;
}

void syntax_unload(casus_pipeline *p)
{
    tagger_free(p->tagger);
    lemmatizer_free(p->lemmatizer);
    parser_free(p->parser);
    p->tagger = NULL;
    p->lemmatizer = NULL;
    p->parser = NULL;
}
