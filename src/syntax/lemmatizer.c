/*
 * lemmatizer.c — lemmas for tagged words, learnt from a UD treebank.
 *
 * A word's lemma comes from the first of these that answers:
 *   1. the lexicon: (form, XPOS) -> the lemma seen most often in training;
 *      then (form, UPOS); then, for words not tagged PROPN, the lowercased
 *      form with the XPOS (a capitalised "Talks" finds "talks"); irregular
 *      forms ("met", "held", "n't", "'s" by tag) all come from here;
 *   2. numbers: digits with , and . lose their commas ("5,000" -> 5000, as
 *      EWT writes them);
 *   3. an edit-script classifier for unseen words: an averaged perceptron
 *      over suffixes × XPOS, shape and tags picks a script "apply a case
 *      change, strip suffix S, append T" (e.g. "ies" -> "y", "d" -> "")
 *      among the scripts whose S ends the word.
 * Lemmas are folded like forms (quotes, dashes), so a lemma matches the
 * casus_word.norm of its forms.
 *
 * The classifier is trained on word types (form, XPOS) of the training
 * set, once each per epoch: unseen words are rare words, and a type-based
 * sample is closer to them than running text, where "the" would dominate.
 *
 * File (container kind "lemmatizer"), sections:
 *   meta     u32[8]: version, n_xpos, n_upos, n_scripts, 0...
 *   strings  tagger_pool: lemmas, script strings, tag names
 *   tagids   table: key(xpos) -> xpos id, key(upos) -> upos id
 *   lexicon  table: see lex_key() -> offset of the lemma in strings
 *   scripts  n_scripts × {u32 case op, u32 strip offset, u32 strip length,
 *            u32 append offset} (offsets into strings)
 *   weights  pcp blob with n_scripts classes
 * Everything is checked at load (tag_util.h tables, offsets, lengths).
 *
 * Threads: immutable after load; lemmas built for unseen words go to the
 * caller's arena, nothing else is allocated.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syntax/perceptron.h"
#include "syntax/syntax.h"
#include "syntax/tag_eval.h"
#include "syntax/tag_util.h"
#include "util/error.h"
#include "util/model.h"

#define LEMMA_VERSION 1
#define LEMMA_MAX_WORD 256 /* longer words are their own lemma */

enum { SEC_META, SEC_STRINGS, SEC_TAGIDS, SEC_LEXICON, SEC_SCRIPTS, SEC_WEIGHTS, N_SEC };
static const char *const sec_names[N_SEC] = {"meta",    "strings", "tagids",
                                             "lexicon", "scripts", "weights"};

enum { SEED_FORM = 0x201, SEED_LOWER = 0x202, SEED_XPOS = 0x203, SEED_UPOS = 0x204,
       SEED_SUF = 0x210, SEED_SCRIPT = 0x220 };

/* Case operations applied before a script's suffix edit. */
enum { CASE_KEEP, CASE_LOWER, CASE_LOWER_FIRST, N_CASE };

/* Lemma classifier templates. */
enum { LF_BIAS = 1, LF_XPOS, LF_UPOS, LF_SUF, LF_SUFX = LF_SUF + 8, LF_FLAGS = LF_SUFX + 8,
       LF_LEN, LF_PRE2 };

struct lemmatizer {
    model_file mf;
    int mapped;
    uint32_t n_xpos, n_upos, n_scripts;
    const char *strings;
    size_t strings_size;
    tagger_table tagids, lexicon;
    const uint32_t *scripts;
    pcp_model pm;
};

/* ------------------------------------------------------------ keys */

static uint64_t form_key(const char *s, size_t n)
{
    return tagger_key(s, n, SEED_FORM);
}

static uint64_t lower_key(const char *s, size_t n)
{
    char low[LEMMA_MAX_WORD + 1];
    size_t ln = tagger_lower(s, n, low, sizeof low);
    return tagger_key(low, ln, SEED_LOWER);
}

/* Lexicon keys: kind 1 = (form, xpos), 2 = (form, upos), 3 = (lower form,
 * xpos) for non-PROPN words. */
static uint64_t lex_key(uint64_t word, uint32_t kind, uint32_t id)
{
    return tagger_key2(word, ((uint64_t)kind << 32) | id);
}

static int is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int has_upper(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_upper((unsigned char)s[i]))
            return 1;
    return 0;
}

/* ------------------------------------------------------------ scripts */

/* Applies case op c to s[0..n) into out (n bytes). */
static void apply_case(int c, const char *s, size_t n, char *out)
{
    memcpy(out, s, n);
    if (c == CASE_LOWER)
        for (size_t i = 0; i < n; i++)
            out[i] = (char)(is_upper((unsigned char)out[i]) ? out[i] + 32 : out[i]);
    else if (c == CASE_LOWER_FIRST && n && is_upper((unsigned char)out[0]))
        out[0] = (char)(out[0] + 32);
}

/* The script turning form into lemma: case op, and the lengths of the
 * stripped suffix of the case-changed form and the appended suffix of the
 * lemma (which are form'[n-strip..] and lemma[lemma_len-app..]). */
static void script_of(const char *form, const char *lemma, int *op, size_t *strip, size_t *app)
{
    size_t n = strlen(form), ln = strlen(lemma);
    char tmp[LEMMA_MAX_WORD];
    size_t best_p = 0;
    *op = CASE_KEEP;
    for (int c = 0; c < N_CASE; c++) {
        apply_case(c, form, n, tmp);
        size_t p = 0;
        while (p < n && p < ln && tmp[p] == lemma[p])
            p++;
        if (p > best_p || (c == 0 && p == best_p)) {
            if (c > 0 && p == best_p)
                continue;
            best_p = p;
            *op = c;
        }
    }
    *strip = n - best_p;
    *app = ln - best_p;
}

/* ------------------------------------------------------------ features */

#define LEMMA_MAX_FEATS 32

static size_t lemma_features(const char *s, size_t n, uint32_t xid, uint32_t uid, uint64_t *f)
{
    size_t k = 0;
    char low[LEMMA_MAX_WORD + 1];
    size_t ln = tagger_lower(s, n, low, sizeof low);
    uint32_t fl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_upper(c))
            fl |= i ? 2 : 1;
        else if (c >= '0' && c <= '9')
            fl |= 4;
        else if (c == '-')
            fl |= 8;
        else if (c == '.')
            fl |= 16;
        else if (c >= 0x80)
            fl |= 32;
    }
    f[k++] = pcp_mix(LF_BIAS, 0);
    f[k++] = pcp_mix(LF_XPOS, xid);
    f[k++] = pcp_mix(LF_UPOS, uid);
    for (size_t j = 1; j <= 6; j++) {
        size_t kk = j < ln ? j : ln;
        uint64_t h = pcp_hash_bytes(low + ln - kk, kk, SEED_SUF + j);
        f[k++] = pcp_mix(LF_SUF + j, h);
        f[k++] = pcp_mix(LF_SUFX + j, pcp_mix(h, xid));
    }
    f[k++] = pcp_mix(LF_FLAGS, pcp_mix(fl, xid));
    f[k++] = pcp_mix(LF_LEN, pcp_mix(n > 10 ? 10 : n, xid));
    f[k++] = pcp_mix(LF_PRE2, pcp_hash_bytes(low, ln < 2 ? ln : 2, SEED_SUF));
    return k;
}

/* ------------------------------------------------------------ loading */

static int bind(lemmatizer *l, const void *const sec[N_SEC], const size_t size[N_SEC])
{
    if (size[SEC_META] < 32)
        return CASUS_ECORRUPT;
    const uint32_t *meta = sec[SEC_META];
    if (meta[0] != LEMMA_VERSION)
        return CASUS_EVERSION;
    l->n_xpos = meta[1];
    l->n_upos = meta[2];
    l->n_scripts = meta[3];
    if (l->n_xpos > 65535 || l->n_upos > 65535 || !l->n_scripts || l->n_scripts > 65535)
        return CASUS_ECORRUPT;
    if (tagger_pool_check(sec[SEC_STRINGS], size[SEC_STRINGS]))
        return CASUS_ECORRUPT;
    l->strings = sec[SEC_STRINGS];
    l->strings_size = size[SEC_STRINGS];
    uint32_t maxid = l->n_xpos > l->n_upos ? l->n_xpos : l->n_upos;
    if (tagger_table_init(&l->tagids, sec[SEC_TAGIDS], size[SEC_TAGIDS], maxid ? maxid : 1) ||
        tagger_table_init(&l->lexicon, sec[SEC_LEXICON], size[SEC_LEXICON],
                          size[SEC_STRINGS] > UINT32_MAX ? UINT32_MAX
                                                         : (uint32_t)size[SEC_STRINGS]))
        return CASUS_ECORRUPT;
    if (size[SEC_SCRIPTS] != (size_t)l->n_scripts * 16)
        return CASUS_ECORRUPT;
    l->scripts = sec[SEC_SCRIPTS];
    for (uint32_t k = 0; k < l->n_scripts; k++) {
        const uint32_t *r = l->scripts + 4 * (size_t)k;
        if (r[0] >= N_CASE || r[1] >= size[SEC_STRINGS] || r[3] >= size[SEC_STRINGS] ||
            strlen(l->strings + r[1]) != r[2] || r[2] > LEMMA_MAX_WORD ||
            strlen(l->strings + r[3]) > LEMMA_MAX_WORD)
            return CASUS_ECORRUPT;
    }
    if (pcp_model_init(&l->pm, sec[SEC_WEIGHTS], size[SEC_WEIGHTS]) ||
        l->pm.n_classes != l->n_scripts)
        return CASUS_ECORRUPT;
    return 0;
}

static int bind_file(lemmatizer *l, const char *name, casus_error *err)
{
    const void *sec[N_SEC];
    size_t size[N_SEC];
    for (int i = 0; i < N_SEC; i++) {
        const model_section *s = model_find(&l->mf, sec_names[i]);
        if (!s)
            return error_set(err, CASUS_ECORRUPT, "%s: lemmatizer model has no '%s' section",
                             name, sec_names[i]);
        sec[i] = s->data;
        size[i] = (size_t)s->size;
    }
    int rc = bind(l, sec, size);
    if (rc == CASUS_EVERSION)
        return error_set(err, rc, "%s: unsupported lemmatizer model version", name);
    if (rc)
        return error_set(err, rc, "%s: corrupt lemmatizer model", name);
    return 0;
}

static int load(lemmatizer **out, const char *path, const void *data, size_t size,
                casus_error *err)
{
    *out = NULL;
    lemmatizer *l = calloc(1, sizeof *l);
    if (!l)
        return error_set(err, CASUS_ENOMEM, "lemmatizer: out of memory");
    int rc = path ? model_open(&l->mf, path, "lemmatizer", err)
                  : model_open_buffer(&l->mf, data, size, "lemmatizer", err);
    if (rc) {
        free(l);
        return rc;
    }
    l->mapped = 1;
    if ((rc = bind_file(l, path ? path : "lemmatizer buffer", err))) {
        lemmatizer_free(l);
        return rc;
    }
    *out = l;
    return 0;
}

int lemmatizer_load(lemmatizer **out, const char *path, casus_error *err)
{
    return load(out, path, NULL, 0, err);
}

int lemmatizer_load_buffer(lemmatizer **out, const void *data, size_t size, casus_error *err)
{
    return load(out, NULL, data, size, err);
}

void lemmatizer_free(lemmatizer *l)
{
    if (!l)
        return;
    if (l->mapped)
        model_close(&l->mf);
    free(l);
}

/* ------------------------------------------------------------ lemmatising */

static uint32_t tag_id(const lemmatizer *l, const char *s, uint64_t seed, uint32_t none)
{
    if (!s || !*s)
        return none;
    uint32_t v = tagger_table_get(&l->tagids, tagger_key(s, strlen(s), seed));
    return v == TAGGER_NONE || v >= none ? none : v;
}

/* 1 if s[0..n) is a number written with digits, commas and periods. */
static int is_number(const char *s, size_t n)
{
    int digit = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digit = 1;
        else if (s[i] != ',' && s[i] != '.')
            return 0;
    }
    return digit && s[0] >= '0' && s[0] <= '9';
}

/* The lexicon's lemma, or NULL. *seen is set when the form is known. */
static const char *lookup(const lemmatizer *l, const char *form, size_t n, const char *upos,
                          uint32_t xid, uint32_t uid)
{
    uint64_t fk = form_key(form, n);
    uint32_t v = tagger_table_get(&l->lexicon, lex_key(fk, 1, xid));
    if (v == TAGGER_NONE)
        v = tagger_table_get(&l->lexicon, lex_key(fk, 2, uid));
    if (v == TAGGER_NONE && has_upper(form, n) && !(upos && !strcmp(upos, "PROPN")))
        v = tagger_table_get(&l->lexicon, lex_key(lower_key(form, n), 3, xid));
    return v == TAGGER_NONE ? NULL : l->strings + v;
}

/* The best-scoring script whose stripped suffix ends form (script 0, keep
 * the form, always does). */
static uint32_t argmax_applicable(const lemmatizer *l, const int32_t *scores, const char *form)
{
    size_t n = strlen(form);
    char tmp[LEMMA_MAX_WORD];
    uint32_t best = TAGGER_NONE;
    for (uint32_t k = 0; k < l->n_scripts; k++) {
        if (best != TAGGER_NONE && scores[k] <= scores[best])
            continue;
        const uint32_t *r = l->scripts + 4 * (size_t)k;
        if (r[2] > n)
            continue;
        apply_case((int)r[0], form + n - r[2], r[2], tmp);
        if (r[0] == CASE_LOWER_FIRST && r[2] < n)
            memcpy(tmp, form + n - r[2], r[2]);
        if (!memcmp(tmp, l->strings + r[1], r[2]))
            best = k;
    }
    return best;
}

/* The classifier's lemma in mem. */
static const char *classify(const lemmatizer *l, const char *form, size_t n, uint32_t xid,
                            uint32_t uid, arena *mem)
{
    uint64_t f[LEMMA_MAX_FEATS];
    int32_t sbuf[2048];
    int32_t *scores =
        l->n_scripts <= 2048 ? sbuf : arena_array(mem, l->n_scripts, sizeof(int32_t));
    if (!scores)
        return NULL;
    size_t nf = lemma_features(form, n, xid, uid, f);
    tagger_pcp_score(&l->pm, f, nf, scores);
    /* The best script that applies; script 0 (keep the form) always does. */
    uint32_t best = argmax_applicable(l, scores, form);
    if (best == TAGGER_NONE)
        return arena_strndup(mem, form, n);
    const uint32_t *r = l->scripts + 4 * (size_t)best;
    const char *app = l->strings + r[3];
    size_t keep = n - r[2], an = strlen(app);
    char *out = arena_alloc(mem, keep + an + 1);
    if (!out)
        return NULL;
    apply_case((int)r[0], form, keep, out);
    memcpy(out + keep, app, an);
    out[keep + an] = '\0';
    return out;
}

const char *lemmatizer_lemma(const lemmatizer *l, const char *form, const char *upos,
                             const char *xpos, arena *mem)
{
    size_t n = strlen(form);
    if (!n)
        return l->strings; /* "" */
    uint32_t xid = tag_id(l, xpos, SEED_XPOS, l->n_xpos);
    uint32_t uid = tag_id(l, upos, SEED_UPOS, l->n_upos);
    const char *le = lookup(l, form, n, upos, xid, uid);
    if (le)
        return le;
    if (n > LEMMA_MAX_WORD)
        return arena_strndup(mem, form, n);
    if (is_number(form, n)) {
        char *out = arena_alloc(mem, n + 1);
        if (!out)
            return NULL;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (form[i] != ',')
                out[k++] = form[i];
        out[k] = '\0';
        return out;
    }
    /* An unseen capitalised proper noun is its own lemma (98.7% of such
     * NNP tokens in EWT train; the exceptions, "Sept." and the like, are
     * in the lexicon). Spares the classifier most of a news text's
     * unseen words. All-capital ones too: news datelines ("ANKARA") would
     * otherwise get a lemma with the case of a lexicon neighbour
     * ("ANKara"); dev lemma accuracy moves by one word in 25,147. */
    if (xpos && !strcmp(xpos, "NNP") && is_upper((unsigned char)form[0]))
        return arena_strndup(mem, form, n);
    return classify(l, form, n, xid, uid, mem);
}

/* 1 if the form is in the lexicon under any tag (for the unseen count). */
static int known_form(const lemmatizer *l, const char *form, uint32_t n_upos)
{
    uint64_t fk = form_key(form, strlen(form));
    for (uint32_t u = 0; u <= n_upos; u++)
        if (tagger_table_get(&l->lexicon, lex_key(fk, 2, u)) != TAGGER_NONE)
            return 1;
    return 0;
}

/* Lemmatises c with per-word tags given by two arrays of strings (or the
 * gold ones); shared by lemmatizer_eval and the trainer's dev report. */
static int eval_with(const lemmatizer *l, const conllu_corpus *c, const char *const *upos,
                     const char *const *xpos, lemma_scores *s)
{
    memset(s, 0, sizeof *s);
    size_t g = 0;
    for (size_t si = 0; si < c->n_sents; si++) {
        arena a;
        arena_init(&a, 0);
        for (int i = 0; i < c->sents[si].n_words; i++, g++) {
            const conllu_word *w = &c->sents[si].words[i];
            const char *u = upos ? upos[g] : w->upos, *x = xpos ? xpos[g] : w->xpos;
            const char *le = lemmatizer_lemma(l, w->form, u, x, &a);
            if (!le) {
                arena_finish(&a);
                return CASUS_ENOMEM;
            }
            int ok = !strcmp(le, w->lemma);
            s->n_words++;
            s->correct += (size_t)ok;
            if (!known_form(l, w->form, l->n_upos)) {
                s->n_unseen++;
                s->unseen_correct += (size_t)ok;
            }
        }
        arena_finish(&a);
    }
    return 0;
}

/* Predicted tag strings for every word of c (borrowed from t). */
static int predict_tags(const tagger *t, const conllu_corpus *c, const char ***upos,
                        const char ***xpos)
{
    size_t nw = 0, maxn = 0;
    for (size_t s = 0; s < c->n_sents; s++) {
        nw += (size_t)c->sents[s].n_words;
        if ((size_t)c->sents[s].n_words > maxn)
            maxn = (size_t)c->sents[s].n_words;
    }
    *upos = malloc((nw ? nw : 1) * sizeof **upos);
    *xpos = malloc((nw ? nw : 1) * sizeof **xpos);
    const char **forms = malloc((maxn ? maxn : 1) * sizeof *forms);
    uint16_t *tags = malloc((maxn ? maxn : 1) * sizeof *tags);
    int rc = (*upos && *xpos && forms && tags) ? 0 : CASUS_ENOMEM;
    size_t g = 0;
    for (size_t s = 0; !rc && s < c->n_sents; s++) {
        size_t n = (size_t)c->sents[s].n_words;
        for (size_t i = 0; i < n; i++)
            forms[i] = c->sents[s].words[i].form;
        arena a;
        arena_init(&a, 0);
        rc = tagger_tag(t, forms, n, tags, &a);
        arena_finish(&a);
        for (size_t i = 0; !rc && i < n; i++, g++) {
            (*upos)[g] = tagger_upos(t, tags[i]);
            (*xpos)[g] = tagger_xpos(t, tags[i]);
        }
    }
    free(forms);
    free(tags);
    return rc;
}

int lemmatizer_eval(const lemmatizer *l, const tagger *t, const conllu_corpus *c,
                    lemma_scores *s)
{
    memset(s, 0, sizeof *s);
    if (!t)
        return eval_with(l, c, NULL, NULL, s);
    const char **upos = NULL, **xpos = NULL;
    int rc = predict_tags(t, c, &upos, &xpos);
    if (!rc)
        rc = eval_with(l, c, upos, xpos, s);
    free(upos);
    free(xpos);
    return rc;
}

/* ------------------------------------------------------------ training */


/* Most frequent value per key, ties to the first seen (deterministic). */
typedef struct lcount {
    tagger_map pair; /* key2(key, value) -> count */
    tagger_map best; /* key -> index */
    uint32_t *bv, *bc;
    size_t n, cap;
} lcount;

static void lcount_finish(lcount *c)
{
    tagger_map_finish(&c->pair);
    tagger_map_finish(&c->best);
    free(c->bv);
    free(c->bc);
}

static int lcount_add(lcount *c, uint64_t key, uint32_t value)
{
    uint32_t *pc = tagger_map_slot(&c->pair, tagger_key2(key, (uint64_t)value + 1));
    if (!pc)
        return CASUS_ENOMEM;
    *pc = *pc == TAGGER_NONE ? 1 : *pc + 1;
    uint32_t *bi = tagger_map_slot(&c->best, key);
    if (!bi)
        return CASUS_ENOMEM;
    if (*bi == TAGGER_NONE) {
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 1024;
            uint32_t *a = realloc(c->bv, c->cap * sizeof *a);
            if (a)
                c->bv = a;
            uint32_t *b = realloc(c->bc, c->cap * sizeof *b);
            if (b)
                c->bc = b;
            if (!a || !b)
                return CASUS_ENOMEM;
        }
        c->bv[c->n] = value;
        c->bc[c->n] = 0;
        *bi = (uint32_t)c->n++;
    }
    if (*pc > c->bc[*bi]) {
        c->bc[*bi] = *pc;
        c->bv[*bi] = value;
    }
    return 0;
}

/* Exports the best value of every key into a table map. */
static int lcount_into(const lcount *c, tagger_map *m)
{
    for (size_t i = 0; i < c->best.cap; i++) {
        if (!c->best.keys[i])
            continue;
        uint32_t *v = tagger_map_slot(m, c->best.keys[i]);
        if (!v)
            return CASUS_ENOMEM;
        *v = c->bv[c->best.vals[i]];
    }
    return 0;
}

typedef struct ltype {
    const char *form;
    uint32_t xid, uid, script;
} ltype;

typedef struct ltrain {
    tagger_pool pool;
    tagger_map tagids, scriptmap;
    uint32_t n_xpos, n_upos, n_scripts, cap_scripts;
    uint32_t *scripts; /* 4 per script */
    uint32_t *script_count;
    ltype *types;
    size_t n_types, cap_types;
} ltrain;

static uint32_t add_tag(ltrain *lt, const char *s, uint64_t seed, uint32_t *n)
{
    uint32_t *v = tagger_map_slot(&lt->tagids, tagger_key(s, strlen(s), seed));
    if (!v)
        return TAGGER_NONE;
    if (*v == TAGGER_NONE)
        *v = (*n)++;
    return *v;
}

/* The id of the script turning form into lemma (added if new). */
static uint32_t add_script(ltrain *lt, const char *form, const char *lemma)
{
    int op;
    size_t strip, app;
    script_of(form, lemma, &op, &strip, &app);
    size_t n = strlen(form), ln = strlen(lemma);
    char tmp[LEMMA_MAX_WORD + 1];
    apply_case(op, form, n, tmp);
    tmp[n] = '\0';
    const char *s_strip = tmp + n - strip, *s_app = lemma + ln - app;
    uint64_t key = tagger_key2(tagger_key(s_strip, strip, SEED_SCRIPT),
                               tagger_key(s_app, app, SEED_SCRIPT + 1 + (uint64_t)op));
    uint32_t *v = tagger_map_slot(&lt->scriptmap, key);
    if (!v)
        return TAGGER_NONE;
    if (*v == TAGGER_NONE) {
        if (lt->n_scripts == lt->cap_scripts) {
            lt->cap_scripts = lt->cap_scripts ? lt->cap_scripts * 2 : 256;
            uint32_t *r = realloc(lt->scripts, lt->cap_scripts * 4 * sizeof *r);
            if (r)
                lt->scripts = r;
            uint32_t *c = realloc(lt->script_count, lt->cap_scripts * sizeof *c);
            if (c)
                lt->script_count = c;
            if (!r || !c)
                return TAGGER_NONE;
        }
        uint32_t so = tagger_pool_add(&lt->pool, s_strip);
        uint32_t ao = tagger_pool_add(&lt->pool, s_app);
        if (so == TAGGER_NONE || ao == TAGGER_NONE)
            return TAGGER_NONE;
        uint32_t *r = lt->scripts + 4 * (size_t)lt->n_scripts;
        r[0] = (uint32_t)op;
        r[1] = so;
        r[2] = (uint32_t)strip;
        r[3] = ao;
        lt->script_count[lt->n_scripts] = 0;
        *v = lt->n_scripts++;
    }
    return *v;
}

static void ltrain_finish(ltrain *lt)
{
    tagger_pool_finish(&lt->pool);
    tagger_map_finish(&lt->tagids);
    tagger_map_finish(&lt->scriptmap);
    free(lt->scripts);
    free(lt->script_count);
    free(lt->types);
}

int lemmatizer_train(const syntax_train_opts *o, casus_error *err)
{
    conllu_corpus train, dev;
    memset(&train, 0, sizeof train);
    memset(&dev, 0, sizeof dev);
    ltrain lt;
    memset(&lt, 0, sizeof lt);
    tagger_pool_init(&lt.pool);
    tagger *tg = NULL;
    const char **dev_upos = NULL, **dev_xpos = NULL;
    buf sec[N_SEC], best;
    for (int i = 0; i < N_SEC; i++)
        buf_init(&sec[i], 0);
    buf_init(&best, 0);
    pcp_trainer *tr = NULL;
    float *scores = NULL;
    int32_t *iscores = NULL;
    uint32_t *order = NULL;
    lcount lex = {0};
    tagger_map tm, lexmap;
    tagger_map_init(&tm);
    tagger_map_init(&lexmap);
    lemmatizer lm;
    memset(&lm, 0, sizeof lm);
    int rc = conllu_load(&train, o->train_path, err);
    if (rc)
        goto done;
    if (o->dev_path && (rc = conllu_load(&dev, o->dev_path, err)))
        goto done;
    if (o->tagger_path && (rc = tagger_load(&tg, o->tagger_path, err)))
        goto done;
    if ((rc = tagger_fold_corpus(&train)) || (rc = tagger_fold_corpus(&dev)))
        goto oom;
    if (tg && dev.n_sents && (rc = predict_tags(tg, &dev, &dev_upos, &dev_xpos)))
        goto oom;
    /* Script 0 keeps the form as it is: always applicable. */
    if (add_script(&lt, "x", "x") != 0)
        goto oom;
    /* Tags, lexicon counts and word types. */
    for (size_t s = 0; s < train.n_sents; s++)
        for (int i = 0; i < train.sents[s].n_words; i++) {
            const conllu_word *w = &train.sents[s].words[i];
            uint32_t xid = add_tag(&lt, w->xpos, SEED_XPOS, &lt.n_xpos);
            uint32_t uid = add_tag(&lt, w->upos, SEED_UPOS, &lt.n_upos);
            uint32_t lo = tagger_pool_add(&lt.pool, w->lemma);
            if (xid == TAGGER_NONE || uid == TAGGER_NONE || lo == TAGGER_NONE)
                goto oom;
            size_t n = strlen(w->form);
            uint64_t fk = form_key(w->form, n);
            if ((rc = lcount_add(&lex, lex_key(fk, 1, xid), lo)) ||
                (rc = lcount_add(&lex, lex_key(fk, 2, uid), lo)))
                goto oom;
            if (strcmp(w->upos, "PROPN") &&
                (rc = lcount_add(&lex, lex_key(lower_key(w->form, n), 3, xid), lo)))
                goto oom;
            if (n > LEMMA_MAX_WORD || strlen(w->lemma) > LEMMA_MAX_WORD)
                continue;
            uint32_t *seen = tagger_map_slot(&tm, lex_key(fk, 1, xid));
            if (!seen)
                goto oom;
            if (*seen != TAGGER_NONE)
                continue;
            *seen = 1;
            uint32_t sc = add_script(&lt, w->form, w->lemma);
            if (sc == TAGGER_NONE)
                goto oom;
            lt.script_count[sc]++;
            if (lt.n_types == lt.cap_types) {
                lt.cap_types = lt.cap_types ? lt.cap_types * 2 : 4096;
                ltype *nt = realloc(lt.types, lt.cap_types * sizeof *nt);
                if (!nt)
                    goto oom;
                lt.types = nt;
            }
            lt.types[lt.n_types++] = (ltype){w->form, xid, uid, sc};
        }
    /* Scripts seen once are kept (the classifier rarely picks them, and
     * dropping them would make their training types unlearnable noise). */
    if ((rc = lcount_into(&lex, &lexmap)))
        goto oom;
    uint32_t meta[8] = {LEMMA_VERSION, lt.n_xpos, lt.n_upos, lt.n_scripts, 0, 0, 0, 0};
    if ((rc = buf_append(&sec[SEC_META], meta, sizeof meta)) ||
        (rc = buf_append(&sec[SEC_STRINGS], lt.pool.data.data, lt.pool.data.len)) ||
        (rc = tagger_map_export(&lt.tagids, &sec[SEC_TAGIDS])) ||
        (rc = tagger_map_export(&lexmap, &sec[SEC_LEXICON])) ||
        (rc = buf_append(&sec[SEC_SCRIPTS], lt.scripts, (size_t)lt.n_scripts * 16)))
        goto oom;
    tr = pcp_trainer_new(lt.n_scripts);
    scores = malloc(lt.n_scripts * sizeof *scores);
    iscores = malloc(lt.n_scripts * sizeof *iscores);
    order = malloc((lt.n_types ? lt.n_types : 1) * sizeof *order);
    if (!tr || !scores || !iscores || !order || (rc = pcp_trainer_export(tr, 0.0f, &sec[SEC_WEIGHTS])))
        goto oom;
    const void *sp[N_SEC];
    size_t sz[N_SEC];
    for (int i = 0; i < N_SEC; i++) {
        sp[i] = sec[i].data;
        sz[i] = sec[i].len;
    }
    if ((rc = bind(&lm, sp, sz))) {
        rc = error_set(err, CASUS_EINTERNAL, "lemmatizer: built an invalid model");
        goto done;
    }
    syntax_progress(o, "lemmatizer: %zu word types, %u scripts, %zu lexicon keys", lt.n_types,
             lt.n_scripts, lexmap.n);
    for (size_t i = 0; i < lt.n_types; i++)
        order[i] = (uint32_t)i;
    uint64_t rng = o->seed;
    int epochs = o->epochs > 0 ? o->epochs : 8;
    double best_acc = -1;
    int best_epoch = 0;
    uint64_t f[LEMMA_MAX_FEATS];
    for (int ep = 1; ep <= epochs; ep++) {
        tagger_shuffle(order, lt.n_types, &rng);
        size_t right = 0;
        for (size_t oi = 0; oi < lt.n_types; oi++) {
            const ltype *ty = &lt.types[order[oi]];
            size_t nf = lemma_features(ty->form, strlen(ty->form), ty->xid, ty->uid, f);
            pcp_trainer_score(tr, f, nf, scores);
            /* Integer scores, as at run time: the weights are counts of
             * +-1 updates, so only their order matters. */
            for (uint32_t c = 0; c < lt.n_scripts; c++)
                iscores[c] = (int32_t)scores[c];
            uint32_t g = argmax_applicable(&lm, iscores, ty->form);
            if (g != ty->script) {
                if ((rc = pcp_trainer_update(tr, f, nf, ty->script, 1.0f)) ||
                    (g != TAGGER_NONE && (rc = pcp_trainer_update(tr, f, nf, g, -1.0f))))
                    goto oom;
            } else {
                right++;
            }
            pcp_trainer_tick(tr);
        }
        buf_reset(&sec[SEC_WEIGHTS]);
        if ((rc = pcp_trainer_export(tr, 0.0f, &sec[SEC_WEIGHTS])))
            goto oom;
        if (pcp_model_init(&lm.pm, sec[SEC_WEIGHTS].data, sec[SEC_WEIGHTS].len)) {
            rc = error_set(err, CASUS_EINTERNAL, "lemmatizer: bad weights");
            goto done;
        }
        double acc = (double)ep;
        if (dev.n_sents) {
            lemma_scores ls;
            if ((rc = eval_with(&lm, &dev, dev_upos, dev_xpos, &ls)))
                goto oom;
            double nw = ls.n_words ? (double)ls.n_words : 1.0;
            acc = (double)ls.correct / nw;
            syntax_progress(o, "epoch %d: train types %.2f, dev lemma %.2f (%s tags), unseen %.2f of %zu",
                     ep, 100.0 * (double)right / (double)(lt.n_types ? lt.n_types : 1),
                     100.0 * acc, tg ? "predicted" : "gold",
                     100.0 * (double)ls.unseen_correct / (double)(ls.n_unseen ? ls.n_unseen : 1),
                     ls.n_unseen);
        } else {
            syntax_progress(o, "epoch %d: train types %.2f", ep,
                     100.0 * (double)right / (double)(lt.n_types ? lt.n_types : 1));
        }
        if (acc >= best_acc) { /* ties: the later, better-trained epoch */
            best_acc = acc;
            best_epoch = ep;
            buf_reset(&best);
            if ((rc = buf_append(&best, sec[SEC_WEIGHTS].data, sec[SEC_WEIGHTS].len)))
                goto oom;
        }
    }
    syntax_progress(o, "lemmatizer: keeping epoch %d", best_epoch);
    model_writer mw;
    model_writer_init(&mw, "lemmatizer");
    for (int i = 0; i < N_SEC && !rc; i++) {
        const buf *b = i == SEC_WEIGHTS ? &best : &sec[i];
        rc = model_writer_add(&mw, sec_names[i], b->data ? b->data : "", b->len);
    }
    if (rc)
        error_set(err, rc, "%s: %s", o->out_path, casus_strerror(rc));
    else
        rc = model_writer_save(&mw, o->out_path, err);
    model_writer_finish(&mw);
    goto done;
oom:
    rc = error_set(err, CASUS_ENOMEM, "lemmatizer: out of memory");
done:
    pcp_trainer_free(tr);
    free(scores);
    free(iscores);
    free(order);
    free(dev_upos);
    free(dev_xpos);
    lcount_finish(&lex);
    tagger_map_finish(&tm);
    tagger_map_finish(&lexmap);
    for (int i = 0; i < N_SEC; i++)
        buf_finish(&sec[i]);
    buf_finish(&best);
    ltrain_finish(&lt);
    tagger_free(tg);
    conllu_finish(&train);
    conllu_finish(&dev);
    return rc;
}
