/*
 * train_parser.c — trains, evaluates and times the dependency parser.
 *
 *   train_parser train TRAIN.conllu DEV.conllu OUT.bin [--tagger T.bin]
 *                [--gold-tags] [--epochs N] [--seed N] [--min-abs X] [--label-min-abs X]
 *                [--clusters C]
 *                [--explore P] [--max-sents N] [--sweep X,Y,...]
 *                [--label-sweep X,Y,...] [--beam K]
 *   train_parser eval MODEL.bin DEV.conllu [--tagger T.bin] [--lemmatizer L.bin]
 *                [--repeat N] [--confusions 1] [--out PARSED.conllu] [--beam K]
 *   train_parser lemmatizer TRAIN.conllu OUT.bin
 *   train_parser oracle TRAIN.conllu
 *   train_parser jackknife TRAIN.conllu DEV.conllu K OUTDIR [--clusters C]
 *                [--tag-epochs N] [--lemmatizer L.bin] [--reuse 1]
 *                [--unlabeled NEWS.txt] [--dev-tagger T.bin] [--tagger-sents N]
 *
 * train calls parser_train_ex and prints its progress lines (dev UAS/LAS
 * per epoch). eval parses DEV from gold tokens, with gold tags or the
 * tagger's, through parser_parse exactly as the pipeline calls it, and
 * prints UAS, LAS (all words, CoNLL 2018 style) and the parser's speed in
 * words per second on one core (tagging excluded from the timing).
 * oracle runs the static oracle on every tree of the file and counts how
 * many projective trees it rebuilds exactly, and how non-projective ones
 * come out after lifting.
 *
 * jackknife gives the parser the tags it will see at run time: the
 * training sentences are split into K folds (sentence i in fold i % K),
 * a tagger is trained (tagger_train_ex) on the other K-1 folds and tags
 * each fold; a tagger trained on all of TRAIN tags DEV. Written to OUTDIR:
 * train.pred.conllu and dev.pred.conllu (the treebank lines with UPOS and
 * XPOS replaced) and tagger.bin; a parser trained on these with
 * --gold-tags has seen tagger errors like those of parsing time. With
 * --lemmatizer, lemmas are replaced too, predicted from the new tags (the
 * lemmatiser is the one of the pipeline; it has seen all of TRAIN, which
 * matters little for lemmas). --reuse 1 keeps the taggers of an earlier
 * run in OUTDIR. --unlabeled trains each fold's tagger by the recipe of the
 * shipped tagger (its own clusters and word profiles from that text, seed
 * 1) instead of with --clusters; --dev-tagger tags DEV with the shipped
 * tagger itself instead of training one on all of TRAIN. --tagger-sents N
 * trains the fold taggers on the first N sentences of TRAIN only; the
 * sentences after them are tagged (sentence i by fold i % K) but teach no
 * tagger: the generated trees of scripts/augment-names, ordered so that
 * each falls in the fold of the treebank sentence it was made from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syntax/conllu.h"
#include "syntax/parse_model.h"
#include "syntax/tag_eval.h"
#include "syntax/syntax.h"
#include "syntax/tag_util.h"
#include "syntax/transition.h"
#include "bench_util.h"

static void on_progress(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
    fflush(stderr);
}

static int usage(void)
{
    fprintf(stderr, "usage: train_parser train TRAIN DEV OUT [options] | eval MODEL DEV "
                    "[--tagger T] [--repeat N] | oracle TRAIN\n");
    return 2;
}

static int cmd_train(int argc, char **argv)
{
    if (argc < 5)
        return usage();
    syntax_train_opts o;
    memset(&o, 0, sizeof o);
    parser_train_opts po;
    parser_train_opts_default(&po);
    o.train_path = argv[2];
    o.dev_path = argv[3];
    o.out_path = argv[4];
    o.progress = on_progress;
    for (int i = 5; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--gold-tags")) {
            po.gold_tags = 1;
            continue;
        }
        if (!v)
            return usage();
        if (!strcmp(a, "--tagger"))
            o.tagger_path = v;
        else if (!strcmp(a, "--epochs"))
            o.epochs = atoi(v);
        else if (!strcmp(a, "--seed"))
            o.seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--min-abs"))
            po.min_abs = strtof(v, NULL);
        else if (!strcmp(a, "--clusters"))
            po.clusters_path = v;
        else if (!strcmp(a, "--label-min-abs"))
            po.label_min_abs = strtof(v, NULL);
        else if (!strcmp(a, "--explore"))
            po.explore = strtof(v, NULL);
        else if (!strcmp(a, "--max-sents"))
            po.max_sents = atoi(v);
        else if (!strcmp(a, "--beam"))
            po.beam = atoi(v);
        else if (!strcmp(a, "--sweep") || !strcmp(a, "--label-sweep")) {
            /* comma-separated min_abs values */
            static float vals[2][16];
            int lab = !strcmp(a, "--label-sweep"), *n = lab ? &po.n_label_sweep : &po.n_sweep;
            char *e = NULL;
            for (const char *q = v; *q && *n < 16; q = *e ? e + 1 : e) {
                vals[lab][(*n)++] = strtof(q, &e);
                if (e == q)
                    return usage();
            }
            if (lab)
                po.label_sweep = vals[1];
            else
                po.sweep = vals[0];
        }
        else
            return usage();
        i++;
    }
    casus_error err;
    double t0 = bench_wall();
    int rc = parser_train_ex(&o, &po, &err);
    if (rc) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return 1;
    }
    fprintf(stderr, "trained in %.0f s\n", bench_wall() - t0);
    return 0;
}

static int cmd_eval(int argc, char **argv)
{
    if (argc < 4)
        return usage();
    const char *tagger_path = NULL, *lemmatizer_path = NULL;
    int repeat = 1, confusions = 0, beam = 0;
    const char *out_path = NULL;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--confusions"))
            confusions = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--out"))
            out_path = argv[i + 1];
        else if (!strcmp(argv[i], "--tagger"))
            tagger_path = argv[i + 1];
        else if (!strcmp(argv[i], "--lemmatizer"))
            lemmatizer_path = argv[i + 1];
        else if (!strcmp(argv[i], "--repeat"))
            repeat = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--beam"))
            beam = atoi(argv[i + 1]);
        else
            return usage();
    }
    casus_error err;
    parser *p = NULL;
    if (parser_load(&p, argv[2], &err)) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return 1;
    }
    if (beam > 0 && beam <= PARSER_MAX_BEAM)
        p->beam = beam; /* decode with another width than the model's */
    tagger *tg = NULL;
    if (tagger_path && tagger_load(&tg, tagger_path, &err)) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return 1;
    }
    lemmatizer *lm = NULL;
    if (lemmatizer_path && lemmatizer_load(&lm, lemmatizer_path, &err)) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return 1;
    }
    conllu_corpus c;
    if (conllu_load(&c, argv[3], &err) || tagger_fold_corpus(&c)) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return 1;
    }
    /* Per-sentence string arrays, tagged up front so the timing below is
     * the parser's alone. */
    size_t total = 0;
    for (size_t s = 0; s < c.n_sents; s++)
        total += (size_t)c.sents[s].n_words;
    const char **forms = malloc(total * sizeof *forms), **lemmas = malloc(total * sizeof *lemmas);
    const char **upos = malloc(total * sizeof *upos), **xpos = malloc(total * sizeof *xpos);
    int32_t *heads = malloc(total * sizeof *heads);
    uint16_t *labels = malloc(total * sizeof *labels);
    uint16_t *tags = malloc(total * sizeof *tags);
    arena scratch;
    arena_init(&scratch, 0);
    size_t off = 0, tag_ok = 0;
    for (size_t s = 0; s < c.n_sents; s++) {
        const conllu_sent *cs = &c.sents[s];
        for (int i = 0; i < cs->n_words; i++) {
            forms[off + (size_t)i] = cs->words[i].form;
            lemmas[off + (size_t)i] = cs->words[i].lemma;
            upos[off + (size_t)i] = cs->words[i].upos;
            xpos[off + (size_t)i] = cs->words[i].xpos;
        }
        if (tg) {
            tagger_tag(tg, forms + off, (size_t)cs->n_words, tags + off, &scratch);
            for (int i = 0; i < cs->n_words; i++) {
                const char *u = tagger_upos(tg, tags[off + (size_t)i]);
                tag_ok += !strcmp(u, upos[off + (size_t)i]);
                upos[off + (size_t)i] = u;
                xpos[off + (size_t)i] = tagger_xpos(tg, tags[off + (size_t)i]);
            }
        }
        for (int i = 0; lm && i < cs->n_words; i++) {
            size_t k = off + (size_t)i;
            lemmas[k] = lemmatizer_lemma(lm, forms[k], upos[k], xpos[k], &scratch);
        }
        off += (size_t)cs->n_words;
    }
    double best = 1e30;
    for (int r = 0; r < repeat; r++) {
        arena_finish(&scratch);
        arena_init(&scratch, 0);
        double t0 = bench_cpu();
        off = 0;
        for (size_t s = 0; s < c.n_sents; s++) {
            size_t n = (size_t)c.sents[s].n_words;
            if (parser_parse(p, forms + off, lemmas + off, upos + off, xpos + off, n,
                             heads + off, labels + off, &scratch)) {
                fprintf(stderr, "train_parser: parse failed\n");
                return 1;
            }
            off += n;
        }
        double dt = bench_cpu() - t0;
        if (dt < best)
            best = dt;
    }
    if (out_path) {
        /* ID FORM (folded) LEMMA UPOS XPOS _ HEAD DEPREL, as parsed */
        FILE *f = fopen(out_path, "w");
        if (!f)
            return 1;
        off = 0;
        for (size_t s = 0; s < c.n_sents; s++) {
            for (int i = 0; i < c.sents[s].n_words; i++) {
                size_t k = off + (size_t)i;
                fprintf(f, "%d\t%s\t%s\t%s\t%s\t_\t%d\t%s\t_\t_\n", i + 1, forms[k],
                        lemmas[k], upos[k], xpos[k], heads[k], parser_label(p, labels[k]));
            }
            fputc('\n', f);
            off += (size_t)c.sents[s].n_words;
        }
        fclose(f);
    }
    size_t uas = 0, las = 0, uas_np = 0, n_np = 0;
    off = 0;
    for (size_t s = 0; s < c.n_sents; s++) {
        const conllu_sent *cs = &c.sents[s];
        for (int i = 0; i < cs->n_words; i++) {
            const conllu_word *w = &cs->words[i];
            int ok = heads[off + (size_t)i] == w->head;
            uas += ok;
            const char *pl = parser_label(p, labels[off + (size_t)i]);
            las += ok && !strcmp(pl, w->deprel);
            if (confusions && ok && strcmp(pl, w->deprel))
                printf("confusion\t%s\t%s\n", w->deprel, pl);
            if (strcmp(w->upos, "PUNCT")) {
                n_np++;
                uas_np += ok;
            }
        }
        off += (size_t)cs->n_words;
    }
    printf("%s: %zu words, %s tags, %s lemmas; UAS %.2f LAS %.2f (UAS without punctuation %.2f); "
           "%.0f words/s (CPU time, one thread)\n",
           argv[3], total, tg ? "predicted" : "file's", lm ? "predicted" : "file's", 100.0 * (double)uas / (double)total,
           100.0 * (double)las / (double)total, 100.0 * (double)uas_np / (double)n_np,
           (double)total / best);
    if (tg)
        printf("tagger UPOS accuracy %.2f\n", 100.0 * (double)tag_ok / (double)total);
    arena_finish(&scratch);
    free(forms);
    free(lemmas);
    free(upos);
    free(xpos);
    free(heads);
    free(labels);
    free(tags);
    conllu_finish(&c);
    tagger_free(tg);
    lemmatizer_free(lm);
    parser_free(p);
    return 0;
}

static int cmd_lemmatizer(int argc, char **argv)
{
    if (argc < 4)
        return usage();
    syntax_train_opts o;
    memset(&o, 0, sizeof o);
    o.train_path = argv[2];
    o.out_path = argv[3];
    o.progress = on_progress;
    casus_error err;
    if (lemmatizer_train(&o, &err)) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return 1;
    }
    return 0;
}

static int cmd_oracle(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    conllu_corpus c;
    casus_error err;
    if (conllu_load(&c, argv[2], &err)) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return 1;
    }
    size_t n_tree = 0, n_proj = 0, proj_ok = 0, n_np = 0, np_words = 0, np_words_ok = 0;
    for (size_t s = 0; s < c.n_sents; s++) {
        const conllu_sent *cs = &c.sents[s];
        int n = cs->n_words;
        int32_t gold[1024], proj[1024];
        if (n <= 0 || n > 1024)
            continue;
        for (int i = 0; i < n; i++)
            gold[i] = cs->words[i].head < 0 ? -1 : cs->words[i].head == 0 ? n
                                                                             : cs->words[i].head - 1;
        if (!trans_is_tree(gold, n))
            continue;
        n_tree++;
        memcpy(proj, gold, sizeof gold[0] * (size_t)n);
        int lifted = trans_projectivize(proj, n);
        arena mem;
        arena_init(&mem, 0);
        trans_state st;
        trans_state_init(&st, n, &mem);
        while (!trans_terminal(&st))
            trans_apply(&st, trans_static_oracle(&st, proj), 0);
        int same = 1, words_ok = 0;
        for (int i = 0; i < n; i++) {
            same &= st.head[i] == proj[i];
            words_ok += st.head[i] == gold[i];
        }
        if (!lifted) {
            n_proj++;
            proj_ok += same;
        } else {
            n_np++;
            np_words += (size_t)n;
            np_words_ok += (size_t)words_ok;
        }
        arena_finish(&mem);
    }
    printf("%s: %zu trees; %zu projective, rebuilt exactly by the static oracle: %zu; "
           "%zu non-projective: lifted trees keep %.2f%% of their gold heads\n",
           argv[2], n_tree, n_proj, proj_ok, n_np,
           np_words ? 100.0 * (double)np_words_ok / (double)np_words : 100.0);
    conllu_finish(&c);
    return proj_ok == n_proj ? 0 : 1;
}

/* The blocks (sentences) of a CoNLL-U file, split at blank lines. */
typedef struct blocks {
    char *text;
    char **b;
    size_t n;
} blocks;

static int read_blocks(const char *path, blocks *bl)
{
    memset(bl, 0, sizeof *bl);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    bl->text = malloc((size_t)n + 1);
    if (!bl->text || fread(bl->text, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return -1;
    }
    fclose(f);
    bl->text[n] = '\0';
    size_t cap = 0;
    char *p = bl->text;
    while (*p) {
        while (*p == '\n')
            p++;
        if (!*p)
            break;
        char *e = strstr(p, "\n\n");
        if (e)
            *e = '\0';
        if (bl->n == cap) {
            cap = cap ? cap * 2 : 1024;
            bl->b = realloc(bl->b, cap * sizeof *bl->b);
        }
        bl->b[bl->n++] = p;
        p = e ? e + 2 : p + strlen(p);
    }
    return 0;
}

/* Writes block i (tags replaced by upos[w]/xpos[w] for its words if upos
 * is non-NULL, lemmas by lemma[w] if that is non-NULL) to f. */
static void write_block(FILE *f, const char *b, const char *const *upos,
                        const char *const *xpos, const char *const *lemma)
{
    size_t w = 0;
    for (const char *line = b; *line;) {
        const char *e = strchr(line, '\n');
        size_t len = e ? (size_t)(e - line) : strlen(line);
        int word = line[0] >= '0' && line[0] <= '9';
        for (size_t i = 0; word && i < len && line[i] != '\t'; i++)
            if (line[i] == '-' || line[i] == '.')
                word = 0;
        if (!word || !upos) {
            fwrite(line, 1, len, f);
        } else {
            /* columns: ID FORM LEMMA UPOS XPOS ... */
            const char *c = line;
            for (int col = 0; col < 3; col++)
                c = (const char *)memchr(c, '\t', len - (size_t)(c - line)) + 1;
            const char *rest = (const char *)memchr(c, '\t', len - (size_t)(c - line)) + 1;
            rest = memchr(rest, '\t', len - (size_t)(rest - line));
            if (lemma) {
                const char *lem = (const char *)memchr(line, '\t', len) + 1;
                lem = (const char *)memchr(lem, '\t', len - (size_t)(lem - line)) + 1;
                fwrite(line, 1, (size_t)(lem - line), f);
                fprintf(f, "%s\t", lemma[w]);
            } else {
                fwrite(line, 1, (size_t)(c - line), f);
            }
            fprintf(f, "%s\t%s", upos[w], xpos[w]);
            fwrite(rest, 1, len - (size_t)(rest - line), f);
            w++;
        }
        fputc('\n', f);
        line = e ? e + 1 : line + len;
    }
    fputc('\n', f);
}

/* Trains a tagger on train: with unlabeled text, by the recipe of the
 * shipped tagger (its own clusters and word profiles, seed 1); else with
 * the given clusters file. */
static int train_tagger(const char *train, const char *out, const char *clusters,
                        const char *unlabeled, int epochs)
{
    syntax_train_opts o;
    memset(&o, 0, sizeof o);
    o.train_path = train;
    o.out_path = out;
    o.epochs = epochs;
    o.unlabeled_path = unlabeled;
    o.seed = 1;
    tagger_knobs k;
    tagger_knobs_default(&k);
    k.clusters_path = unlabeled ? NULL : clusters;
    casus_error err;
    double t0 = bench_wall();
    if (tagger_train_ex(&o, &k, &err)) {
        fprintf(stderr, "train_parser: tagger: %s\n", err.msg);
        return -1;
    }
    fprintf(stderr, "tagger %s trained in %.0f s\n", out, bench_wall() - t0);
    return 0;
}

/* Tags sentences s with s % K == fold (K = 0: all) of c with the tagger at
 * path; strings copied into upos/xpos (indexed by word offset). */
static int tag_with(const char *path, const conllu_corpus *c, size_t K, size_t fold,
                    const size_t *first, char **upos, char **xpos)
{
    tagger *tg = NULL;
    casus_error err;
    if (tagger_load(&tg, path, &err)) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return -1;
    }
    arena scratch;
    arena_init(&scratch, 0);
    for (size_t s = 0; s < c->n_sents; s++) {
        if (K && s % K != fold)
            continue;
        const conllu_sent *cs = &c->sents[s];
        const char *forms[1024];
        uint16_t tags[1024];
        size_t n = (size_t)cs->n_words;
        if (n > 1024)
            return -1;
        for (size_t i = 0; i < n; i++)
            forms[i] = cs->words[i].form;
        if (tagger_tag(tg, forms, n, tags, &scratch))
            return -1;
        for (size_t i = 0; i < n; i++) {
            upos[first[s] + i] = strdup(tagger_upos(tg, tags[i]));
            xpos[first[s] + i] = strdup(tagger_xpos(tg, tags[i]));
        }
    }
    arena_finish(&scratch);
    tagger_free(tg);
    return 0;
}

/* Retags corpus file path (blocks bl, folded corpus c) and writes out;
 * with a lemmatiser, lemmas are predicted from the forms and new tags. */
static int write_tagged(const char *out, const blocks *bl, const conllu_corpus *c,
                        const size_t *first, char **upos, char **xpos, const lemmatizer *lm)
{
    char **lem = NULL;
    arena mem;
    arena_init(&mem, 0);
    if (lm) {
        lem = calloc(first[c->n_sents] + 1, sizeof *lem);
        for (size_t s = 0; s < c->n_sents; s++)
            for (int i = 0; i < c->sents[s].n_words; i++) {
                size_t k = first[s] + (size_t)i;
                const char *l =
                    lemmatizer_lemma(lm, c->sents[s].words[i].form, upos[k], xpos[k], &mem);
                lem[k] = (char *)(l ? l : "_");
            }
    }
    if (bl->n != c->n_sents) {
        fprintf(stderr, "train_parser: %zu blocks but %zu sentences\n", bl->n, c->n_sents);
        return -1;
    }
    FILE *f = fopen(out, "w");
    if (!f)
        return -1;
    for (size_t s = 0; s < bl->n; s++)
        write_block(f, bl->b[s], (const char *const *)upos + first[s],
                    (const char *const *)xpos + first[s],
                    lem ? (const char *const *)lem + first[s] : NULL);
    free(lem);
    arena_finish(&mem);
    return fclose(f);
}

static int cmd_jackknife(int argc, char **argv)
{
    if (argc < 6)
        return usage();
    const char *train = argv[2], *dev = argv[3], *dir = argv[5], *clusters = NULL;
    const char *lemmatizer_path = NULL, *unlabeled = NULL, *dev_tagger = NULL;
    size_t K = (size_t)atoi(argv[4]);
    int epochs = 0, retag = 1;
    size_t tagger_sents = 0; /* 0: all of TRAIN trains the fold taggers */
    for (int i = 6; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--clusters"))
            clusters = argv[i + 1];
        else if (!strcmp(argv[i], "--lemmatizer"))
            lemmatizer_path = argv[i + 1];
        else if (!strcmp(argv[i], "--reuse"))
            retag = !atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--tag-epochs"))
            epochs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--unlabeled"))
            unlabeled = argv[i + 1];
        else if (!strcmp(argv[i], "--dev-tagger"))
            dev_tagger = argv[i + 1];
        else if (!strcmp(argv[i], "--tagger-sents"))
            tagger_sents = (size_t)atol(argv[i + 1]);
        else
            return usage();
    }
    if (K < 2)
        return usage();
    blocks bt, bd;
    conllu_corpus ct, cd;
    casus_error err;
    if (read_blocks(train, &bt) || read_blocks(dev, &bd) || conllu_load(&ct, train, &err) ||
        conllu_load(&cd, dev, &err) || tagger_fold_corpus(&ct) || tagger_fold_corpus(&cd)) {
        fprintf(stderr, "train_parser: cannot read %s / %s\n", train, dev);
        return 1;
    }
    size_t *ft = malloc((ct.n_sents + 1) * sizeof *ft), *fd = malloc((cd.n_sents + 1) * sizeof *fd);
    ft[0] = fd[0] = 0;
    for (size_t s = 0; s < ct.n_sents; s++)
        ft[s + 1] = ft[s] + (size_t)ct.sents[s].n_words;
    for (size_t s = 0; s < cd.n_sents; s++)
        fd[s + 1] = fd[s] + (size_t)cd.sents[s].n_words;
    char **tu = calloc(ft[ct.n_sents] + 1, sizeof *tu), **tx = calloc(ft[ct.n_sents] + 1, sizeof *tx);
    char **du = calloc(fd[cd.n_sents] + 1, sizeof *du), **dx = calloc(fd[cd.n_sents] + 1, sizeof *dx);
    char path[4096], tpath[4096];
    for (size_t k = 0; k < K && !retag; k++) { /* --reuse 1: the taggers are there */
        snprintf(tpath, sizeof tpath, "%s/tagger%zu.bin", dir, k);
        if (tag_with(tpath, &ct, K, k, ft, tu, tx))
            return 1;
    }
    for (size_t k = 0; k < K && retag; k++) {
        snprintf(path, sizeof path, "%s/fold%zu.conllu", dir, k);
        snprintf(tpath, sizeof tpath, "%s/tagger%zu.bin", dir, k);
        FILE *f = fopen(path, "w");
        if (!f)
            return 1;
        for (size_t s = 0; s < bt.n && (!tagger_sents || s < tagger_sents); s++)
            if (s % K != k)
                write_block(f, bt.b[s], NULL, NULL, NULL);
        fclose(f);
        if (train_tagger(path, tpath, clusters, unlabeled, epochs) ||
            tag_with(tpath, &ct, K, k, ft, tu, tx))
            return 1;
    }
    if (dev_tagger) /* dev as the run-time tagger tags it */
        snprintf(tpath, sizeof tpath, "%s", dev_tagger);
    else
        snprintf(tpath, sizeof tpath, "%s/tagger.bin", dir);
    if ((retag && !dev_tagger && train_tagger(train, tpath, clusters, unlabeled, epochs)) ||
        tag_with(tpath, &cd, 0, 0, fd, du, dx))
        return 1;
    lemmatizer *lm = NULL;
    if (lemmatizer_path && lemmatizer_load(&lm, lemmatizer_path, &err)) {
        fprintf(stderr, "train_parser: %s\n", err.msg);
        return 1;
    }
    size_t ok = 0;
    for (size_t s = 0; s < ct.n_sents; s++)
        for (int i = 0; i < ct.sents[s].n_words; i++)
            ok += !strcmp(tu[ft[s] + (size_t)i], ct.sents[s].words[i].upos);
    fprintf(stderr, "jackknifed train UPOS accuracy %.2f\n",
            100.0 * (double)ok / (double)ft[ct.n_sents]);
    snprintf(path, sizeof path, "%s/train.pred.conllu", dir);
    if (write_tagged(path, &bt, &ct, ft, tu, tx, lm))
        return 1;
    snprintf(path, sizeof path, "%s/dev.pred.conllu", dir);
    if (write_tagged(path, &bd, &cd, fd, du, dx, lm))
        return 1;
    lemmatizer_free(lm);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    if (!strcmp(argv[1], "train"))
        return cmd_train(argc, argv);
    if (!strcmp(argv[1], "eval"))
        return cmd_eval(argc, argv);
    if (!strcmp(argv[1], "oracle"))
        return cmd_oracle(argc, argv);
    if (!strcmp(argv[1], "jackknife"))
        return cmd_jackknife(argc, argv);
    if (!strcmp(argv[1], "lemmatizer"))
        return cmd_lemmatizer(argc, argv);
    return usage();
}
