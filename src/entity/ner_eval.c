/*
 * ner_eval.c — strict span scoring of NER tags and the IOB2 entry points
 * of the public API (casus_ner_iob2, casus_eval_ner).
 *
 * Spans are read from tags as conlleval reads IOB2: B-x opens a span, I-x
 * continues a span of type x and otherwise opens one, O closes. A system
 * span is correct when a gold span has the same first word, last word and
 * type; precision, recall and F1 are micro-averaged over all spans and
 * also given per type. The system side always comes from the model's
 * Viterbi and is well formed; the lenient reading matters for gold files.
 */
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "entity/iob2.h"
#include "entity/ner.h"
#include "syntax/stage.h"
#include "util/error.h"

size_t ner_spans(const uint8_t *tags, size_t n, ner_span *out)
{
    size_t k = 0;
    int open = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned t = tags[i] < CASUS_NER_N_TAGS ? tags[i] : CASUS_NER_O;
        unsigned type = CASUS_NER_TYPE(t);
        if (!t) {
            open = 0;
            continue;
        }
        if (!CASUS_NER_IS_B(t) && open && out[k - 1].type == type) {
            out[k - 1].last = (uint32_t)i;
            continue;
        }
        out[k].first = out[k].last = (uint32_t)i;
        out[k].type = (uint8_t)type;
        k++;
        open = 1;
    }
    return k;
}

int ner_score_sentence(const uint8_t *gold, const uint8_t *sys, size_t n, casus_ner_scores *sc)
{
    if (!n)
        return 0;
    ner_span *g = malloc(2 * n * sizeof *g);
    if (!g)
        return CASUS_ENOMEM;
    ner_span *y = g + n;
    size_t ng = ner_spans(gold, n, g), ny = ner_spans(sys, n, y);
    for (size_t i = 0; i < ng; i++) {
        sc->by_type[0].gold++;
        sc->by_type[g[i].type].gold++;
    }
    /* Both lists are sorted by first word and do not overlap: merge. */
    size_t j = 0;
    for (size_t i = 0; i < ny; i++) {
        sc->by_type[0].system++;
        sc->by_type[y[i].type].system++;
        while (j < ng && g[j].first < y[i].first)
            j++;
        if (j < ng && g[j].first == y[i].first && g[j].last == y[i].last &&
            g[j].type == y[i].type) {
            sc->by_type[0].correct++;
            sc->by_type[y[i].type].correct++;
        }
    }
    free(g);
    return 0;
}

/* Tags every sentence of c into tags[0..c->n_words). */
static int tag_corpus(const casus_pipeline *p, const iob2_corpus *c, uint8_t *tags,
                      const char *path, casus_error *err)
{
    arena mem, doc;
    arena_init(&mem, 0);
    arena_init(&doc, 0);
    int rc = 0;
    /* Documents are runs of sentences from one "# newdoc" to the next;
     * after a document's sentences are tagged, ner_doc_consistency. */
    for (size_t d0 = 0; !rc && d0 < c->n_sents;) {
        size_t d1 = d0 + 1;
        while (d1 < c->n_sents && !c->sents[d1].new_doc)
            d1++;
        size_t w0 = c->sents[d0].word;
        size_t nw = c->sents[d1 - 1].word + c->sents[d1 - 1].n_words - w0;
        const char **norms = arena_array(&doc, nw ? nw : 1, sizeof *norms);
        uint8_t *first = arena_zalloc(&doc, nw ? nw : 1);
        rc = norms && first ? 0 : CASUS_ENOMEM;
        for (size_t s = d0; !rc && s < d1; s++) {
            const iob2_sent *st = &c->sents[s];
            const char **sn = norms + (st->word - w0);
            if (st->n_words)
                first[st->word - w0] = 1;
            for (size_t i = 0; !rc && i < st->n_words; i++)
                if (!(sn[i] = syntax_norm_form(&doc, c->forms[st->word + i])))
                    rc = CASUS_ENOMEM;
            if (!rc)
                rc = ner_tag_words(p, sn, st->n_words, tags + st->word, &mem);
            if (rc)
                error_set(err, rc, "%s:%u: sentence %s: %s", path, c->lines[st->line].lineno,
                          *st->sent_id ? st->sent_id : "-", casus_strerror(rc));
            arena_finish(&mem);
            arena_init(&mem, 0);
        }
        if (!rc && (rc = ner_doc_consistency(norms, first, nw, tags + w0)))
            error_set(err, rc, "%s: out of memory", path);
        arena_finish(&doc);
        arena_init(&doc, 0);
        d0 = d1;
    }
    arena_finish(&mem);
    arena_finish(&doc);
    return rc;
}

static int check_pipeline(const casus_pipeline *p, casus_error *err)
{
    if (!p || !p->ner)
        return error_set(err, CASUS_EINVAL,
                         "entities: the pipeline has no NER model (needs the entity stage)");
    return 0;
}

int casus_ner_iob2(const casus_pipeline *p, const char *path, FILE *out, casus_warn_fn warn,
                   void *ctx, casus_error *err)
{
    int rc = check_pipeline(p, err);
    if (rc)
        return rc;
    iob2_corpus c;
    rc = iob2_load(&c, path, warn, ctx, err);
    uint8_t *tags = NULL;
    if (!rc && !(tags = calloc(c.n_words ? c.n_words : 1, 1)))
        rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    if (!rc)
        rc = tag_corpus(p, &c, tags, path, err);
    if (!rc && iob2_write(&c, tags, out))
        rc = error_set(err, CASUS_EIO, "entities: writing the output failed");
    free(tags);
    iob2_finish(&c);
    return rc;
}

int casus_eval_ner(const casus_pipeline *p, const char *gold_path, casus_ner_scores *out,
                   casus_warn_fn warn, void *ctx, casus_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_pipeline(p, err);
    if (rc)
        return rc;
    iob2_corpus c;
    rc = iob2_load(&c, gold_path, warn, ctx, err);
    uint8_t *tags = NULL;
    if (!rc && !(tags = calloc(c.n_words ? c.n_words : 1, 1)))
        rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", gold_path);
    if (!rc)
        rc = tag_corpus(p, &c, tags, gold_path, err);
    for (size_t s = 0; !rc && s < c.n_sents; s++) {
        const iob2_sent *st = &c.sents[s];
        rc = ner_score_sentence(c.tags + st->word, tags + st->word, st->n_words, out);
        if (rc)
            error_set(err, rc, "%s: out of memory", gold_path);
    }
    if (!rc) {
        out->n_sentences = c.n_sents;
        out->n_words = c.n_words;
        out->n_bad_lines = c.n_bad;
    }
    free(tags);
    iob2_finish(&c);
    return rc;
}
