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
#include <strings.h>

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

/* The first tag of the model with these UPOS and XPOS whose FEATS hold
 * feat, or -1. */
static int find_tag(const tagger *t, const char *upos, const char *xpos, const char *feat)
{
    size_t n = tagger_n_tags(t);
    for (size_t k = 0; k < n; k++)
        if (!strcmp(tagger_upos(t, (uint16_t)k), upos) &&
            !strcmp(tagger_xpos(t, (uint16_t)k), xpos) &&
            strstr(tagger_feats(t, (uint16_t)k), feat))
            return (int)k;
    return -1;
}

/* A finite verb's or a modal's XPOS. */
static int finite_xpos(const char *x)
{
    return !strcmp(x, "VBD") || !strcmp(x, "VBZ") || !strcmp(x, "VBP") || !strcmp(x, "MD");
}

static int is_aux_form(const char *f)
{
    static const char *const A[] = {"have", "has", "had", "having", "be", "is", "are", "was",
                                    "were", "been", "being", "get", "got", "gets", "'s", "'re",
                                    "'ve", "'d", NULL};
    for (int i = 0; A[i]; i++)
        if (!strcasecmp(f, A[i]))
            return 1;
    return 0;
}

/*
 * A sentence needs a finite verb. The tagger learnt from web text that a
 * past participle after a noun is often a reduced relative ("the diplomat
 * held in custody"), so in news it can leave a whole sentence without a
 * verb: "Kim's top diplomat held talks with Rouhani." When a full sentence
 * (five words or more, ending in a period or in a colon before a quotation)
 * has no finite verb, no modal and no imperative, its first past participle
 * that follows a noun or a pronoun (or a comma after one: "Maria Lopez, an
 * economist, told reporters:"), has no auxiliary before it and no "by"
 * after it is the past
 * tense it usually is in news; failing that, a plural noun followed by
 * "to" and a bare verb is a present tense ("the minister plans to go").
 * Words inside quotation marks are left out of both tests: a quotation
 * has its own verbs, and the reporting clause around it needs one too.
 */
static void fix_finite(const tagger *t, syntax_scratch *s, size_t n)
{
    if (n < 5 || (strcmp(s->forms[n - 1], ".") && strcmp(s->forms[n - 1], ":")))
        return;
    int cand = -1, quoted = 0;
    for (size_t i = 0; i < n; i++) {
        /* A quotation's verbs are the quoted sentence's, not the reporting
         * clause's: '"We will not yield," a spokeswoman told reporters.' */
        if (!strcmp(s->forms[i], "\"")) {
            quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        const char *x = tagger_xpos(t, s->tags[i]);
        if (finite_xpos(x) || (i == 0 && !strcmp(x, "VB")))
            return;
        if (cand < 0 && i > 0 && !strcmp(x, "VBN") && i + 1 < n &&
            strcasecmp(s->forms[i + 1], "by")) {
            const char *pu = tagger_upos(t, s->tags[i - 1]);
            int aux = 0;
            for (size_t j = i >= 3 ? i - 3 : 0; j < i; j++)
                aux |= is_aux_form(s->forms[j]) && strcmp(tagger_upos(t, s->tags[j]), "PART");
            /* "Maria Lopez, an economist at the bank, told reporters:" */
            if (!strcmp(s->forms[i - 1], ",") && i >= 2)
                pu = tagger_upos(t, s->tags[i - 2]);
            if (!aux && (!strcmp(pu, "NOUN") || !strcmp(pu, "PROPN") || !strcmp(pu, "PRON")))
                cand = (int)i;
        }
    }
    if (cand >= 0) {
        int k = find_tag(t, "VERB", "VBD", "VerbForm=Fin");
        if (k >= 0)
            s->tags[cand] = (uint16_t)k;
        return;
    }
    /* "The minister plans to visit Iran": a plural noun before "to" and a
     * bare verb is the present tense */
    for (size_t i = 1; i + 2 < n; i++)
        if (!strcmp(tagger_xpos(t, s->tags[i]), "NNS") && !strcasecmp(s->forms[i + 1], "to") &&
            !strcmp(tagger_xpos(t, s->tags[i + 2]), "VB")) {
            int k = find_tag(t, "VERB", "VBZ", "VerbForm=Fin");
            if (k >= 0)
                s->tags[i] = (uint16_t)k;
            return;
        }
}

/*
 * "a day after President Donald Trump reimposed sanctions": "after" (or
 * before, since, until) tagged a preposition although a clause follows it
 * (a noun phrase, then a finite verb) is the subordinating conjunction, so
 * that the name is the verb's subject, not the preposition's object.
 */
static void fix_clause_marks(const tagger *t, syntax_scratch *s, size_t n)
{
    int k = -1;
    for (size_t i = 0; i + 2 < n; i++) {
        const char *f = s->forms[i];
        if ((strcasecmp(f, "after") && strcasecmp(f, "before") && strcasecmp(f, "since") &&
             strcasecmp(f, "until")) ||
            strcmp(tagger_upos(t, s->tags[i]), "ADP"))
            continue;
        size_t j = i + 1;
        int nominal = 0;
        for (; j < n; j++) {
            const char *u = tagger_upos(t, s->tags[j]);
            if (!strcmp(u, "NOUN") || !strcmp(u, "PROPN") || !strcmp(u, "PRON"))
                nominal = 1;
            else if (strcmp(u, "DET") && strcmp(u, "ADJ") && strcmp(u, "NUM") &&
                     !(!strcmp(u, "PART") && !strcmp(tagger_xpos(t, s->tags[j]), "POS")))
                break;
        }
        if (!nominal || j >= n)
            continue;
        if (!finite_xpos(tagger_xpos(t, s->tags[j])))
            continue;
        if (k < 0 && (k = find_tag(t, "SCONJ", "IN", "")) < 0)
            return;
        s->tags[i] = (uint16_t)k;
    }
}

int syntax_sentence(const casus_pipeline *p, syntax_scratch *s, size_t n, uint32_t first,
                    casus_word_syntax *out, arena *mem)
{
    if (!n)
        return 0;
    if (n > s->cap)
        return CASUS_EINVAL;
    int rc = tagger_tag(p->tagger, s->forms, n, s->tags, mem);
    if (!rc) {
        fix_finite(p->tagger, s, n);
        fix_clause_marks(p->tagger, s, n);
    }
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

/*
 * The words of a news dateline that opens a sentence, through its dash:
 * "LONDON —", "PARIS, Aug. 8 —", "TEHRAN (AFP) -". The place is in
 * capitals; nothing before the dash starts in lower case; the sentence goes
 * on for three words or more. 0 when there is none.
 */
static size_t dateline_words(const casus_word *w, size_t n)
{
    if (n < 5)
        return 0;
    int caps = 0;
    for (const char *c = w[0].norm; *c; c++) {
        if (*c >= 'a' && *c <= 'z')
            return 0;
        caps += *c >= 'A' && *c <= 'Z';
    }
    if (caps < 2)
        return 0;
    for (size_t i = 1; i < n && i < 8; i++) {
        const char *f = w[i].norm;
        if (!strcmp(f, "-") || !strcmp(f, "--"))
            return i + 3 <= n ? i + 1 : 0;
        if (*f >= 'a' && *f <= 'z')
            return 0;
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
        size_t k = dateline_words(d->words + st->word, st->n_words);
        int rc = 0;
        if (k) {
            /* The dateline and the sentence are parsed apart; the dateline's
             * head hangs from the sentence's root. */
            for (size_t i = 0; i < k; i++)
                sc.forms[i] = d->words[st->word + i].norm;
            rc = syntax_sentence(p, &sc, k, st->word, d->syn + st->word, &d->mem);
        }
        for (size_t i = k; !rc && i < st->n_words; i++)
            sc.forms[i - k] = d->words[st->word + i].norm;
        if (!rc)
            rc = syntax_sentence(p, &sc, st->n_words - k, st->word + (uint32_t)k,
                                 d->syn + st->word + k, &d->mem);
        if (!rc && k) {
            int32_t root = -1;
            for (size_t i = k; i < st->n_words && root < 0; i++)
                if (d->syn[st->word + i].head < 0)
                    root = (int32_t)(st->word + i);
            for (size_t i = 0; i < k; i++)
                if (d->syn[st->word + i].head < 0) {
                    d->syn[st->word + i].head = root;
                    d->syn[st->word + i].deprel = "dep";
                }
        }
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
