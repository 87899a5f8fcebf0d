/*
 * conllu.c — a strict CoNLL-U reader.
 *
 * Lines are split in place on a copy of the input held by the arena, so
 * every field is a NUL-terminated pointer without further copies. Word ids
 * must run 1..n in order; a head must be "_" or 0..n; ranges must cover
 * words of the sentence. Anything else is an error naming file:line, since
 * a treebank that does not parse is a treebank we would train on wrongly.
 */
#include "syntax/conllu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"

typedef struct growing {
    void *data;
    size_t n, cap, size;
} growing;

static void *grow_push(growing *g)
{
    if (g->n == g->cap) {
        size_t nc = g->cap ? g->cap * 2 : 64;
        void *p = realloc(g->data, nc * g->size);
        if (!p)
            return NULL;
        g->data = p;
        g->cap = nc;
    }
    return (char *)g->data + g->size * g->n++;
}

static int parse_int(const char *s, int *out)
{
    if (!*s)
        return -1;
    long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000)
            return -1;
        v = v * 10 + (*s - '0');
    }
    *out = (int)v;
    return 0;
}

static int space_after(const char *misc)
{
    for (const char *p = misc; (p = strstr(p, "SpaceAfter=No")); p++)
        if ((p == misc || p[-1] == '|') && (p[13] == '\0' || p[13] == '|'))
            return 0;
    return 1;
}

/* Commits the sentence under construction. */
static int flush_sent(conllu_corpus *c, growing *sents, conllu_sent *cur, growing *words,
                      growing *mwts)
{
    if (!words->n) {
        memset(cur, 0, sizeof *cur);
        cur->sent_id = cur->text = "";
        mwts->n = 0;
        return 0;
    }
    cur->words = arena_array(&c->mem, words->n, sizeof(conllu_word));
    cur->mwts = arena_array(&c->mem, mwts->n ? mwts->n : 1, sizeof(conllu_mwt));
    conllu_sent *slot = grow_push(sents);
    if (!cur->words || !cur->mwts || !slot)
        return CASUS_ENOMEM;
    memcpy(cur->words, words->data, words->n * sizeof(conllu_word));
    if (mwts->n)
        memcpy(cur->mwts, mwts->data, mwts->n * sizeof(conllu_mwt));
    cur->n_words = (int)words->n;
    cur->n_mwts = (int)mwts->n;
    *slot = *cur;
    memset(cur, 0, sizeof *cur);
    cur->sent_id = cur->text = "";
    words->n = mwts->n = 0;
    return 0;
}

static const char *comment_value(const char *line, const char *key)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k))
        return NULL;
    const char *p = line + k;
    while (*p == ' ')
        p++;
    if (*p == '=') {
        p++;
        while (*p == ' ')
            p++;
        return p;
    }
    return *p ? NULL : p;
}

int conllu_parse(conllu_corpus *c, const char *name, const char *data, size_t len,
                 casus_error *err)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->mem, 0);
    char *s = arena_strndup(&c->mem, data, len);
    if (!s)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
    growing sents = {.size = sizeof(conllu_sent)};
    growing words = {.size = sizeof(conllu_word)};
    growing mwts = {.size = sizeof(conllu_mwt)};
    conllu_sent cur = {.sent_id = "", .text = ""};
    int rc = 0;
    long lineno = 0;
    char *p = s, *end = s + len;
    while (!rc && p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line = p;
        p = nl ? nl + 1 : end;
        if (nl)
            *nl = '\0';
        else
            s[len] = '\0';
        lineno++;
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r')
            line[--ll] = '\0';
        if (!ll) {
            rc = flush_sent(c, &sents, &cur, &words, &mwts);
            continue;
        }
        if (line[0] == '#') {
            const char *v, *body = line + 1;
            while (*body == ' ')
                body++;
            if ((v = comment_value(body, "sent_id")))
                cur.sent_id = v;
            else if ((v = comment_value(body, "text")))
                cur.text = v;
            else if ((v = comment_value(body, "newdoc id")) || (v = comment_value(body, "newdoc")))
                cur.newdoc = v;
            else if ((v = comment_value(body, "newpar id")) || (v = comment_value(body, "newpar")))
                cur.newpar = v;
            continue;
        }
        char *f[10];
        int nf = 0;
        for (char *q = line; nf < 10;) {
            f[nf++] = q;
            char *t = strchr(q, '\t');
            if (!t)
                break;
            *t = '\0';
            q = t + 1;
        }
        if (nf != 10) {
            rc = error_set(err, CASUS_EFORMAT, "%s:%ld: %d fields, CoNLL-U has 10", name, lineno,
                           nf);
            break;
        }
        if (strchr(f[0], '.'))
            continue; /* empty node of the enhanced graph */
        char *dash = strchr(f[0], '-');
        if (dash) {
            *dash = '\0';
            conllu_mwt m = {.form = f[1], .space_after = (uint8_t)space_after(f[9])};
            if (parse_int(f[0], &m.first) || parse_int(dash + 1, &m.last) ||
                m.first != (int)words.n + 1 || m.last <= m.first) {
                rc = error_set(err, CASUS_EFORMAT, "%s:%ld: bad multiword range", name, lineno);
                break;
            }
            conllu_mwt *slot = grow_push(&mwts);
            if (!slot) {
                rc = CASUS_ENOMEM;
                break;
            }
            *slot = m;
            continue;
        }
        int id;
        if (parse_int(f[0], &id) || id != (int)words.n + 1) {
            rc = error_set(err, CASUS_EFORMAT, "%s:%ld: word id '%s', expected %zu", name,
                           lineno, f[0], words.n + 1);
            break;
        }
        conllu_word w = {.form = f[1], .lemma = f[2], .upos = f[3], .xpos = f[4],
                         .feats = f[5], .deprel = f[7], .misc = f[9], .head = -1,
                         .space_after = (uint8_t)space_after(f[9])};
        if (strcmp(f[6], "_") && parse_int(f[6], &w.head)) {
            rc = error_set(err, CASUS_EFORMAT, "%s:%ld: bad head '%s'", name, lineno, f[6]);
            break;
        }
        conllu_word *slot = grow_push(&words);
        if (!slot) {
            rc = CASUS_ENOMEM;
            break;
        }
        *slot = w;
    }
    if (!rc)
        rc = flush_sent(c, &sents, &cur, &words, &mwts);
    /* Heads and ranges can only be checked once a sentence is complete. */
    conllu_sent *ss = sents.data;
    for (size_t i = 0; !rc && i < sents.n; i++) {
        for (int w = 0; w < ss[i].n_words; w++)
            if (ss[i].words[w].head > ss[i].n_words) {
                rc = error_set(err, CASUS_EFORMAT, "%s: sentence %s: head %d out of range", name,
                               ss[i].sent_id, ss[i].words[w].head);
                break;
            }
        for (int m = 0; !rc && m < ss[i].n_mwts; m++)
            if (ss[i].mwts[m].last > ss[i].n_words)
                rc = error_set(err, CASUS_EFORMAT, "%s: sentence %s: range past the last word",
                               name, ss[i].sent_id);
    }
    if (rc == CASUS_ENOMEM)
        error_set(err, rc, "%s: out of memory", name);
    if (!rc && sents.n) {
        c->sents = arena_array(&c->mem, sents.n, sizeof(conllu_sent));
        if (!c->sents)
            rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
        else {
            memcpy(c->sents, sents.data, sents.n * sizeof(conllu_sent));
            c->n_sents = sents.n;
        }
    }
    free(sents.data);
    free(words.data);
    free(mwts.data);
    return rc;
}

int conllu_load(conllu_corpus *c, const char *path, casus_error *err)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, errno == ENOENT ? CASUS_ENOENT : CASUS_EIO, "%s: %s", path,
                         strerror(errno));
    buf b;
    buf_init(&b, 0);
    char tmp[1 << 16];
    size_t k;
    int rc = 0;
    while (!rc && (k = fread(tmp, 1, sizeof tmp, f)) > 0)
        rc = buf_append(&b, tmp, k);
    int bad = ferror(f);
    fclose(f);
    if (rc || bad) {
        buf_finish(&b);
        return error_set(err, rc ? rc : CASUS_EIO, "%s: %s", path,
                         rc ? casus_strerror(rc) : "read error");
    }
    rc = conllu_parse(c, path, b.data ? b.data : "", b.len, err);
    buf_finish(&b);
    return rc;
}

void conllu_finish(conllu_corpus *c)
{
    if (!c)
        return;
    arena_finish(&c->mem);
    c->sents = NULL;
    c->n_sents = 0;
}
