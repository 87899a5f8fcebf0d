/*
 * api.c — the public entry points of the syntax layer that do not go
 * through a document: training (casus_train) and tagging/parsing text that
 * is already tokenised (casus_parse_conllu).
 *
 * Pre-tokenised words reach the models exactly as words from the tokeniser
 * do: as normalised forms (the same text_normalize folding).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "entity/ner.h"
#include "syntax/conllu.h"
#include "syntax/parse_model.h"
#include "syntax/stage.h"
#include "syntax/syntax.h"
#include "text/text.h"
#include "util/error.h"

void syntax_progress(const syntax_train_opts *o, const char *fmt, ...)
{
    if (!o->progress)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    o->progress(o->ctx, line);
}

int casus_train(const char *kind, const casus_train_opts *o, casus_error *err)
{
    if (!o || !o->train_path || !o->out_path)
        return error_set(err, CASUS_EINVAL, "train: --train and -o are required");
    syntax_train_opts so = {.train_path = o->train_path, .dev_path = o->dev_path,
                            .out_path = o->out_path, .tagger_path = o->tagger_path,
                            .unlabeled_path = o->unlabeled_path,
                            .epochs = o->epochs, .seed = o->seed, .progress = o->progress,
                            .ctx = o->ctx};
    if (o->beam > 1 && strcmp(kind, "parser"))
        return error_set(err, CASUS_EINVAL, "train: --beam is for the parser");
    if (!strcmp(kind, "tagger"))
        return tagger_train(&so, err);
    if (!strcmp(kind, "lemmatizer"))
        return lemmatizer_train(&so, err);
    if (!strcmp(kind, "parser")) {
        parser_train_opts po;
        parser_train_opts_default(&po);
        po.beam = o->beam;
        return parser_train_ex(&so, &po, err);
    }
    if (!strcmp(kind, "ner"))
        return ner_train(&so, err);
    return error_set(err, CASUS_EINVAL,
                     "train: unknown model '%s' (tagger, lemmatizer, parser, ner)", kind);
}

/* The normalised form of a pre-tokenised word; owned by mem or form. */
const char *syntax_norm_form(arena *mem, const char *form)
{
    text_norm n;
    size_t len = strlen(form);
    if (text_normalize(mem, form, len, &n))
        return NULL;
    if (!n.map && n.norm == form)
        return form;
    return arena_strndup(mem, n.norm, n.norm_len);
}

static void put_field(FILE *f, const char *s)
{
    fputs(s && *s ? s : "_", f);
}

int casus_parse_conllu(const casus_pipeline *p, const char *path, FILE *out, casus_error *err)
{
    if (!p->tagger || !p->lemmatizer || !p->parser)
        return error_set(err, CASUS_EINVAL, "parse: the pipeline has no syntax models");
    conllu_corpus c;
    int rc = conllu_load(&c, path, err);
    if (rc) {
        conllu_finish(&c);
        return rc;
    }
    arena mem;
    arena_init(&mem, 0);
    for (size_t s = 0; !rc && s < c.n_sents; s++) {
        const conllu_sent *st = &c.sents[s];
        size_t n = (size_t)st->n_words;
        syntax_scratch sc;
        casus_word_syntax *syn = arena_array(&mem, n, sizeof *syn);
        rc = syn ? syntax_scratch_init(&sc, &mem, n) : CASUS_ENOMEM;
        for (size_t i = 0; !rc && i < n; i++)
            if (!(sc.forms[i] = syntax_norm_form(&mem, st->words[i].form)))
                rc = CASUS_ENOMEM;
        if (!rc)
            rc = syntax_sentence(p, &sc, n, 0, syn, &mem);
        if (rc) {
            error_set(err, rc, "%s: sentence %s: %s", path, st->sent_id, casus_strerror(rc));
            break;
        }
        if (st->newdoc)
            fprintf(out, *st->newdoc ? "# newdoc id = %s\n" : "# newdoc\n", st->newdoc);
        if (st->newpar)
            fprintf(out, *st->newpar ? "# newpar id = %s\n" : "# newpar\n", st->newpar);
        if (*st->sent_id)
            fprintf(out, "# sent_id = %s\n", st->sent_id);
        if (*st->text)
            fprintf(out, "# text = %s\n", st->text);
        int m = 0;
        for (size_t i = 0; i < n; i++) {
            const conllu_word *w = &st->words[i];
            if (m < st->n_mwts && st->mwts[m].first == (int)i + 1) {
                const conllu_mwt *mw = &st->mwts[m++];
                fprintf(out, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", mw->first, mw->last,
                        mw->form, mw->space_after ? "_" : "SpaceAfter=No");
            }
            fprintf(out, "%zu\t%s\t", i + 1, w->form);
            put_field(out, syn[i].lemma);
            fputc('\t', out);
            put_field(out, syn[i].upos);
            fputc('\t', out);
            put_field(out, syn[i].xpos);
            fputc('\t', out);
            put_field(out, syn[i].feats);
            fprintf(out, "\t%d\t", syn[i].head < 0 ? 0 : syn[i].head + 1);
            put_field(out, syn[i].deprel);
            fputs("\t_\t", out);
            put_field(out, w->misc);
            fputc('\n', out);
        }
        fputc('\n', out);
        arena_finish(&mem);
        arena_init(&mem, 0);
    }
    arena_finish(&mem);
    conllu_finish(&c);
    if (!rc && (fflush(out) || ferror(out)))
        rc = error_set(err, CASUS_EIO, "parse: writing the output failed");
    return rc;
}
