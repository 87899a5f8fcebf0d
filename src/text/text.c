/*
 * text.c — runs the text layer on a document: normalise, tokenise, split.
 */
#include "text/text.h"

#include "core/doc.h"
#include "util/error.h"

int text_process(casus_doc *d, casus_error *err)
{
    const casus_article *a = d->article;
    if (a->text_len > UINT32_MAX - 1)
        return error_set(err, CASUS_ETOOBIG, "%s: text of %zu bytes is over 4 GB", a->id,
                         a->text_len);
    text_norm norm;
    int rc = text_normalize(&d->mem, a->text, a->text_len, &norm);
    if (!rc)
        rc = text_tokenize(&d->mem, a->text, a->text_len, &norm, &d->tokens, &d->n_tokens,
                           &d->words, &d->n_words);
    if (!rc)
        rc = text_split(&d->mem, a->text, a->text_len, d->tokens, d->n_tokens, d->words,
                        d->n_words, &d->sentences, &d->n_sentences);
    if (rc)
        return error_set(err, rc, "%s: text layer: %s", a->id, casus_strerror(rc));
    return 0;
}
