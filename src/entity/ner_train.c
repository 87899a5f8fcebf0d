/*
 * ner_train.c — training the NER model (`casus train ner`) on Universal
 * NER IOB2 files.
 *
 * Structured averaged perceptron (Collins 2002): each epoch visits the
 * training sentences in a seeded shuffle, decodes each with the current
 * weights by the same Viterbi as run time, and where the best sequence
 * differs from the gold one (a wrong tag, or a right tag reached from a
 * wrong previous tag) adds the gold decision's features to the gold tag
 * and subtracts the predicted decision's from the predicted tag. After
 * each epoch the averaged weights are exported exactly as they will be
 * stored (pruned, int16, packed) and the dev set is tagged with them,
 * document by document as at run time (ner_doc_consistency after each
 * "# newdoc" group); the epoch with the best dev span F1 is written.
 *
 * Inputs are prepared once: words normalised as the text layer does
 * (casus_word.norm), tagged by casus's own tagger (the model the pipeline
 * runs before NER, so training sees run-time tags, errors included), and
 * looked up in the gazetteer (dict/) and the word table. Every training
 * sentence is seen twice per epoch, as written and lower-cased (web text
 * often drops capitals: +1.1 span F1 on EWT dev). Averaged weights below
 * MIN_ABS are not stored: the model shrinks from 3.9 to 2.4 MB for 0.1 F1.
 * Same data, dictionaries, seed and tagger: same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity/dict.h"
#include "entity/iob2.h"
#include "entity/ner_feat.h"
#include "syntax/perceptron.h"
#include "syntax/stage.h"
#include "syntax/syntax.h"
#include "syntax/tag_cluster.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/model.h"

#ifndef CASUS_MODELS_DIR
#define CASUS_MODELS_DIR "models"
#endif
#ifndef CASUS_DICT_DIR
#define CASUS_DICT_DIR "dict"
#endif

#define NER_VERSION 1
#define DEFAULT_EPOCHS 12
#define CLUSTER_K 1024
#define MIN_ABS 1.0f /* weights below this (averaged) are not stored */

/* A corpus ready for feature extraction. */
typedef struct prepared {
    iob2_corpus c;
    const char **norms, **upos, **xpos; /* per word */
    uint16_t *gaz;                      /* per word, or NULL */
} prepared;

static void warn_progress(void *ctx, const casus_error *e)
{
    syntax_progress(ctx, "warning: %s", e->msg);
}

static void prepared_finish(prepared *p)
{
    iob2_finish(&p->c);
}

/* Loads an IOB2 file and fills the per-word norms, (with t) tags and
 * (with dict) gazetteer bits. */
static int prepare(const syntax_train_opts *o, const char *path, int lower, const tagger *t,
                   const edict *dict, prepared *p, casus_error *err)
{
    memset(p, 0, sizeof *p);
    int rc = iob2_load(&p->c, path, warn_progress, (void *)o, err);
    if (rc)
        return rc;
    arena *mem = &p->c.mem;
    size_t n = p->c.n_words ? p->c.n_words : 1;
    p->norms = arena_array(mem, n, sizeof *p->norms);
    p->upos = arena_array(mem, n, sizeof *p->upos);
    p->xpos = arena_array(mem, n, sizeof *p->xpos);
    if (!p->norms || !p->upos || !p->xpos)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    for (size_t i = 0; i < p->c.n_words; i++)
        if (!(p->norms[i] = syntax_norm_form(mem, p->c.forms[i])))
            return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    for (size_t i = 0; lower && i < p->c.n_words; i++) {
        size_t len = strlen(p->norms[i]);
        char *low = arena_alloc(mem, len + 1);
        if (!low)
            return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
        for (size_t k = 0; k <= len; k++) {
            char ch = p->norms[i][k];
            low[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        }
        p->norms[i] = low;
    }
    if (dict) {
        if (!(p->gaz = arena_array(mem, n, sizeof *p->gaz)))
            return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
        for (size_t s = 0; s < p->c.n_sents; s++) {
            const iob2_sent *st = &p->c.sents[s];
            ner_gazetteer(dict, p->norms + st->word, st->n_words, p->gaz + st->word);
        }
    }
    if (!t)
        return 0;
    arena scratch;
    arena_init(&scratch, 0);
    for (size_t s = 0; !rc && s < p->c.n_sents; s++) {
        const iob2_sent *st = &p->c.sents[s];
        uint16_t *tags = arena_array(&scratch, st->n_words ? st->n_words : 1, sizeof *tags);
        rc = tags ? tagger_tag(t, p->norms + st->word, st->n_words, tags, &scratch) : CASUS_ENOMEM;
        for (size_t i = 0; !rc && i < st->n_words; i++) {
            p->upos[st->word + i] = tagger_upos(t, tags[i]);
            p->xpos[st->word + i] = tagger_xpos(t, tags[i]);
        }
        arena_finish(&scratch);
        arena_init(&scratch, 0);
    }
    arena_finish(&scratch);
    if (rc)
        return error_set(err, rc, "%s: tagging: %s", path, casus_strerror(rc));
    return 0;
}

static ner_sentence sentence_of(const prepared *p, size_t s, int pos)
{
    const iob2_sent *st = &p->c.sents[s];
    ner_sentence ns = {.norms = p->norms + st->word,
                       .upos = pos ? p->upos + st->word : NULL,
                       .xpos = pos ? p->xpos + st->word : NULL,
                       .gaz = p->gaz ? p->gaz + st->word : NULL,
                       .n = st->n_words};
    return ns;
}

/* A clusters file has "word<TAB>number" lines; anything else is text. */
static int is_clusters_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char line[512];
    int ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok)
        return 0;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line)
        return 0;
    char *p = tab + 1;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '\n' || *p == '\r' || *p == '\0';
}

/* Scores the dev set with the exported weights; F1 in percent. */
static int dev_score(const prepared *dev, const ner_words *cl, const tagger_pw *pw, uint32_t fx,
                     casus_ner_scores *sc)
{
    memset(sc, 0, sizeof *sc);
    size_t nw = dev->c.n_words ? dev->c.n_words : 1;
    uint8_t *tags = malloc(nw), *first = calloc(nw, 1);
    if (!tags || !first) {
        free(tags);
        free(first);
        return CASUS_ENOMEM;
    }
    arena mem;
    arena_init(&mem, 0);
    int rc = 0;
    for (size_t s = 0; !rc && s < dev->c.n_sents; s++) {
        ner_sentence ns = sentence_of(dev, s, (fx & NER_F_POS) != 0);
        if (ns.n)
            first[dev->c.sents[s].word] = 1;
        rc = ner_tag_with(cl, pw, fx, &ns, tags + dev->c.sents[s].word, &mem);
        arena_finish(&mem);
        arena_init(&mem, 0);
    }
    arena_finish(&mem);
    /* Documents as the run time sees them (ner_eval.c): then the
     * document-level consistency step. */
    for (size_t d0 = 0; !rc && d0 < dev->c.n_sents;) {
        size_t d1 = d0 + 1;
        while (d1 < dev->c.n_sents && !dev->c.sents[d1].new_doc)
            d1++;
        size_t w0 = dev->c.sents[d0].word;
        size_t w1 = dev->c.sents[d1 - 1].word + dev->c.sents[d1 - 1].n_words;
        rc = ner_doc_consistency(dev->norms + w0, first + w0, w1 - w0, tags + w0);
        d0 = d1;
    }
    for (size_t s = 0; !rc && s < dev->c.n_sents; s++) {
        const iob2_sent *st = &dev->c.sents[s];
        rc = ner_score_sentence(dev->c.tags + st->word, tags + st->word, st->n_words, sc);
    }
    free(tags);
    free(first);
    return rc;
}

static double f1_of(const casus_eval_count *c)
{
    return c->gold + c->system ? 200.0 * (double)c->correct / (double)(c->gold + c->system) : 0.0;
}

typedef struct train_state {
    pcp_trainer *tr;
    uint32_t fx;
    const ner_words *cl;
    /* per-sentence scratch, sized for the longest sentence */
    ner_word *w;
    double *em, *dy;
    uint8_t *work, *pred;
    size_t cap;
} train_state;

/* One perceptron step on one sentence; returns 0 or CASUS_ENOMEM and
 * counts wrong tags in *errors. */
static int train_sentence(train_state *ts, const ner_sentence *s, const uint8_t *gold,
                          size_t *errors)
{
    size_t n = s->n;
    if (!n)
        return 0;
    ner_prep(ts->cl, ts->fx, s, ts->w);
    uint64_t fs[NER_MAX_STATIC], fd[NER_MAX_DYN];
    float sc[NER_N_TAGS];
    for (size_t i = 0; i < n; i++) {
        const ner_word *wi = ts->w + NER_PAD + i;
        size_t k = ner_static_feats(wi, ts->fx, fs);
        pcp_trainer_score(ts->tr, fs, k, sc);
        for (uint32_t c = 0; c < NER_N_TAGS; c++)
            ts->em[i * NER_N_TAGS + c] = sc[c];
        for (uint32_t p = i ? 0 : NER_START; p < (i ? NER_START : NER_N_PREV); p++) {
            k = ner_dyn_feats(wi, p, ts->fx, fd);
            pcp_trainer_score(ts->tr, fd, k, sc);
            for (uint32_t c = 0; c < NER_N_TAGS; c++)
                ts->dy[(i * NER_N_PREV + p) * NER_N_TAGS + c] = sc[c];
        }
    }
    ner_viterbi(ts->em, ts->dy, n, ts->pred, ts->work);
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        uint32_t gp = i ? gold[i - 1] : NER_START, pp = i ? ts->pred[i - 1] : NER_START;
        uint32_t g = gold[i], y = ts->pred[i];
        *errors += g != y;
        if (g == y && gp == pp)
            continue;
        const ner_word *wi = ts->w + NER_PAD + i;
        if (g != y) {
            size_t k = ner_static_feats(wi, ts->fx, fs);
            rc = pcp_trainer_update(ts->tr, fs, k, g, 1.0f);
            if (!rc)
                rc = pcp_trainer_update(ts->tr, fs, k, y, -1.0f);
        }
        size_t k = ner_dyn_feats(wi, gp, ts->fx, fd);
        if (!rc)
            rc = pcp_trainer_update(ts->tr, fd, k, g, 1.0f);
        k = ner_dyn_feats(wi, pp, ts->fx, fd);
        if (!rc)
            rc = pcp_trainer_update(ts->tr, fd, k, y, -1.0f);
    }
    pcp_trainer_tick(ts->tr);
    return rc;
}

/* Exports the averaged weights as the packed "weights" section. */
static int export_weights(const pcp_trainer *tr, buf *out)
{
    buf blob;
    buf_init(&blob, 0);
    pcp_model pm;
    int rc = pcp_trainer_export(tr, MIN_ABS, &blob);
    if (!rc)
        rc = pcp_model_init(&pm, blob.data, blob.len);
    buf_reset(out);
    if (!rc)
        rc = tagger_pw_build(&pm, NULL, out);
    buf_finish(&blob);
    return rc;
}

/* Word clusters (k = CLUSTER_K) and news classes from the plain text at
 * o->unlabeled_path, packed into one table: lower key -> cluster |
 * news class << NER_NEWS_SHIFT. */
static int learn_from_text(const syntax_train_opts *o, tagger_map *out, uint32_t *n_clusters,
                           casus_error *err)
{
    tagger_map clu, news;
    tagger_map_init(&clu);
    tagger_map_init(&news);
    syntax_progress(o, "ner: learning %u word clusters from %s", CLUSTER_K, o->unlabeled_path);
    int rc = tagger_cluster_learn(o->unlabeled_path, CLUSTER_K, 3, o->seed ? o->seed : 1,
                                  o->progress, o->ctx, &clu, err);
    size_t n_news = 0;
    if (!rc)
        rc = ner_news_stats(o->unlabeled_path, &news, &n_news, err);
    if (!rc)
        syntax_progress(o, "ner: news classes for %zu words", n_news);
    /* News words first, then clustered words the news counts missed (seen
     * only first in their sentences), each in its map's slot order. */
    for (int pass = 0; !rc && pass < 2; pass++) {
        const tagger_map *m = pass ? &clu : &news;
        for (size_t i = 0; !rc && i < m->cap; i++) {
            uint64_t key = m->keys[i];
            if (!key || (pass && tagger_map_get(out, key) != TAGGER_NONE))
                continue;
            uint32_t c = tagger_map_get(&clu, key);
            uint32_t nc = pass ? NER_NEWS_UNSEEN : m->vals[i];
            uint32_t *v = tagger_map_slot(out, key);
            if (!v)
                rc = CASUS_ENOMEM;
            else
                *v = (c == TAGGER_NONE ? NER_NO_CLUSTER : c) | nc << NER_NEWS_SHIFT;
        }
    }
    if (rc == CASUS_ENOMEM)
        error_set(err, rc, "ner: out of memory");
    *n_clusters = CLUSTER_K;
    tagger_map_finish(&clu);
    tagger_map_finish(&news);
    return rc;
}

static const char *default_dict(void)
{
    const char *env = getenv("CASUS_DICT");
    return env && *env ? env : CASUS_DICT_DIR;
}

static const char *default_tagger(char *path, size_t cap)
{
    const char *env = getenv("CASUS_MODELS");
    snprintf(path, cap, "%s/tagger.bin", env && *env ? env : CASUS_MODELS_DIR);
    return path;
}

/* Trains a fresh perceptron with feature groups fx for epochs epochs,
 * scores each epoch on dev (when there is one) and leaves the packed
 * weights of the best epoch in best. */
static int run_epochs(const syntax_train_opts *o, const char *what, uint32_t fx, int epochs,
                      const prepared *train, const prepared *lower, const prepared *dev,
                      const ner_words *cl, buf *best, casus_error *err)
{
    train_state ts;
    memset(&ts, 0, sizeof ts);
    buf wsec;
    buf_init(&wsec, 0);
    int rc = 0;
    size_t maxn = 1;
    for (size_t s = 0; s < train->c.n_sents; s++)
        if (train->c.sents[s].n_words > maxn)
            maxn = train->c.sents[s].n_words;
    ts.tr = pcp_trainer_new(NER_N_TAGS);
    ts.fx = fx;
    ts.cl = cl;
    ts.cap = maxn;
    ts.w = malloc((maxn + 2 * NER_PAD) * sizeof *ts.w);
    ts.em = malloc(maxn * NER_N_TAGS * sizeof *ts.em);
    ts.dy = malloc(maxn * NER_N_PREV * NER_N_TAGS * sizeof *ts.dy);
    ts.work = malloc(maxn * NER_N_TAGS);
    ts.pred = malloc(maxn);
    /* Sentences of train, then (bit 31) of its lower-cased copy. */
    size_t n_order = train->c.n_sents + (lower ? lower->c.n_sents : 0);
    uint32_t *order = malloc((n_order ? n_order : 1) * sizeof *order);
    if (!ts.tr || !ts.w || !ts.em || !ts.dy || !ts.work || !ts.pred || !order) {
        rc = error_set(err, CASUS_ENOMEM, "ner: out of memory");
        goto done;
    }
    for (size_t s = 0; s < train->c.n_sents; s++)
        order[s] = (uint32_t)s;
    for (size_t s = 0; lower && s < lower->c.n_sents; s++)
        order[train->c.n_sents + s] = (uint32_t)s | 0x80000000u;
    uint64_t rng = o->seed ? o->seed : 1;
    double best_f1 = -1.0;
    int best_epoch = 0;
    int pos = (fx & NER_F_POS) != 0;
    for (int ep = 1; ep <= epochs; ep++) {
        tagger_shuffle(order, n_order, &rng);
        size_t errors = 0;
        for (size_t j = 0; !rc && j < n_order; j++) {
            const prepared *c = order[j] & 0x80000000u ? lower : train;
            size_t s = order[j] & 0x7fffffffu;
            ner_sentence ns = sentence_of(c, s, pos);
            rc = train_sentence(&ts, &ns, c->c.tags + c->c.sents[s].word, &errors);
        }
        if (!rc)
            rc = export_weights(ts.tr, &wsec);
        if (rc) {
            error_set(err, rc, "ner: epoch %d: %s", ep, casus_strerror(rc));
            goto done;
        }
        double f1 = ep; /* without dev the last epoch is kept */
        tagger_pw pw;
        if (tagger_pw_init(&pw, wsec.data, wsec.len)) {
            rc = error_set(err, CASUS_EINTERNAL, "ner: exported weights do not check");
            goto done;
        }
        if (dev) {
            casus_ner_scores sc;
            if ((rc = dev_score(dev, cl, &pw, fx, &sc))) {
                error_set(err, rc, "ner: dev: %s", casus_strerror(rc));
                goto done;
            }
            const casus_eval_count *all = &sc.by_type[0];
            f1 = f1_of(all);
            syntax_progress(o,
                            "%s epoch %d: train word errors %zu, dev span P %.2f R %.2f F1 %.2f "
                            "(PER %.2f, ORG %.2f, LOC %.2f), weights %zu KB",
                            what, ep, errors,
                            all->system ? 100.0 * (double)all->correct / (double)all->system : 0.0,
                            all->gold ? 100.0 * (double)all->correct / (double)all->gold : 0.0, f1,
                            f1_of(&sc.by_type[1]), f1_of(&sc.by_type[2]), f1_of(&sc.by_type[3]),
                            wsec.len / 1024);
        } else {
            syntax_progress(o, "%s epoch %d: train word errors %zu", what, ep, errors);
        }
        if (f1 > best_f1) {
            best_f1 = f1;
            best_epoch = ep;
            buf_reset(best);
            if ((rc = buf_append(best, wsec.data, wsec.len))) {
                error_set(err, rc, "ner: out of memory");
                goto done;
            }
        }
    }
    if (dev)
        syntax_progress(o, "%s: best epoch %d, dev span F1 %.2f", what, best_epoch, best_f1);
done:
    free(order);
    free(ts.w);
    free(ts.em);
    free(ts.dy);
    free(ts.work);
    free(ts.pred);
    pcp_trainer_free(ts.tr);
    buf_finish(&wsec);
    return rc;
}

int ner_train(const syntax_train_opts *o, casus_error *err)
{
    prepared train, lower, dev;
    memset(&train, 0, sizeof train);
    memset(&lower, 0, sizeof lower);
    memset(&dev, 0, sizeof dev);
    tagger *tg = NULL;
    edict *dict = NULL;
    tagger_map cmap;
    tagger_map_init(&cmap);
    buf csec, best;
    buf_init(&csec, 0);
    buf_init(&best, 0);
    int rc = 0;
    ner_words cl;
    memset(&cl, 0, sizeof cl);

    /* The tagger whose tags become features. */
    char tpath[4096];
    const char *tp = o->tagger_path ? o->tagger_path : default_tagger(tpath, sizeof tpath);
    uint32_t fx = 0;
    if (strcmp(tp, "none")) {
        if ((rc = tagger_load(&tg, tp, err)))
            goto done;
        fx |= NER_F_POS;
    }

    /* The dictionaries, for gazetteer features ($CASUS_DICT or dict/). */
    if ((rc = ner_load_dict(&dict, default_dict(), err)))
        goto done;
    if (dict && edict_n_phrases(dict))
        fx |= NER_F_GAZ | NER_F_PLACES;
    else {
        edict_free(dict);
        dict = NULL;
    }

    /* Word clusters, and with plain text the words' news classes. */
    uint32_t n_clusters = 0;
    if (o->unlabeled_path) {
        if (is_clusters_file(o->unlabeled_path)) {
            rc = tagger_cluster_read(o->unlabeled_path, &cmap, &n_clusters, err);
            if (!rc && cmap.n)
                fx |= NER_F_CLUSTERS;
        } else {
            rc = learn_from_text(o, &cmap, &n_clusters, err);
            if (!rc)
                fx |= NER_F_CLUSTERS | NER_F_NEWS;
        }
        if (rc)
            goto done;
        if (!(fx & NER_F_CLUSTERS))
            n_clusters = 0;
    }
    if ((rc = ner_words_export(&cmap, &csec)) ||
        (rc = ner_words_init(&cl, csec.data, csec.len,
                             (fx & NER_F_NEWS) ? NER_TABLE_LIMIT
                             : n_clusters      ? n_clusters
                                               : 1))) {
        error_set(err, rc, "ner: word table: %s", casus_strerror(rc));
        goto done;
    }

    if ((rc = prepare(o, o->train_path, 0, tg, dict, &train, err)))
        goto done;
    if ((rc = prepare(o, o->train_path, 1, tg, dict, &lower, err)))
        goto done;
    if (o->dev_path && (rc = prepare(o, o->dev_path, 0, tg, dict, &dev, err)))
        goto done;
    syntax_progress(o, "ner: %zu training sentences, %zu words%s%s%s%s", train.c.n_sents,
                    train.c.n_words, fx & NER_F_POS ? ", POS" : "",
                    fx & NER_F_CLUSTERS ? ", clusters" : "", fx & NER_F_NEWS ? ", news" : "",
                    fx & NER_F_GAZ ? ", gazetteer" : "");
    const prepared *devp = o->dev_path ? &dev : NULL;
    const ner_words *clp = cmap.n ? &cl : NULL;
    int epochs = o->epochs > 0 ? o->epochs : DEFAULT_EPOCHS;

    if ((rc = run_epochs(o, "ner", fx, epochs, &train, &lower, devp, clp, &best, err)))
        goto done;
    syntax_progress(o, "ner: word table %zu KB, weights %zu KB", csec.len / 1024, best.len / 1024);

    uint32_t meta[8] = {NER_VERSION, NER_N_TAGS, n_clusters, fx, 0, 0, 0, 0};
    model_writer mw;
    model_writer_init(&mw, "ner");
    rc = model_writer_add(&mw, "meta", meta, sizeof meta);
    if (!rc)
        rc = model_writer_add(&mw, "words", csec.data, csec.len);
    if (!rc)
        rc = model_writer_add(&mw, "weights", best.data, best.len);
    if (rc)
        error_set(err, rc, "%s: %s", o->out_path, casus_strerror(rc));
    else
        rc = model_writer_save(&mw, o->out_path, err);
    model_writer_finish(&mw);

done:
    prepared_finish(&train);
    prepared_finish(&lower);
    prepared_finish(&dev);
    buf_finish(&csec);
    buf_finish(&best);
    tagger_map_finish(&cmap);
    tagger_free(tg);
    edict_free(dict);
    return rc;
}
