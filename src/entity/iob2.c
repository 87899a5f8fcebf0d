/*
 * iob2.c — the IOB2 reader and writer (iob2.h).
 *
 * The file is read into the corpus arena once and split into lines in
 * place; words, tags and sentences are arrays over those lines. Two
 * passes: the first counts lines, so every array is allocated once.
 */
#include "entity/iob2.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static const char *const tag_names[CASUS_NER_N_TAGS] = {"O",     "B-PER", "I-PER", "B-ORG",
                                                        "I-ORG", "B-LOC", "I-LOC"};
static const char *const type_names[CASUS_NER_N_TYPES + 1] = {"?", "PER", "ORG", "LOC"};

const char *casus_ner_tag_name(unsigned tag)
{
    return tag < CASUS_NER_N_TAGS ? tag_names[tag] : "?";
}

const char *casus_ner_type_name(unsigned type)
{
    return type >= 1 && type <= CASUS_NER_N_TYPES ? type_names[type] : "?";
}

int iob2_tag_parse(const char *s, size_t n, uint8_t *tag)
{
    if (n == 1 && s[0] == 'O') {
        *tag = CASUS_NER_O;
        return 0;
    }
    if (n != 5 || (s[0] != 'B' && s[0] != 'I') || s[1] != '-')
        return CASUS_EFORMAT;
    for (unsigned t = 1; t <= CASUS_NER_N_TYPES; t++)
        if (!memcmp(s + 2, type_names[t], 3)) {
            *tag = s[0] == 'B' ? CASUS_NER_B(t) : CASUS_NER_I(t);
            return 0;
        }
    return CASUS_EFORMAT;
}

static void warn_line(casus_warn_fn warn, void *ctx, const char *name, uint32_t lineno,
                      const char *why)
{
    if (!warn)
        return;
    casus_error e;
    error_set(&e, CASUS_EFORMAT, "%s:%u: %s", name, lineno, why);
    warn(ctx, &e);
}

/* Splits a word line: index (digits), form (non-empty), tag column.
 * Returns NULL when well formed, else the reason. */
static const char *split_word(iob2_line *l, const char **form, size_t *form_len)
{
    const char *s = l->text, *end = s + l->len;
    const char *t1 = memchr(s, '\t', l->len);
    if (!t1)
        return "expected index<TAB>word<TAB>tag";
    for (const char *p = s; p < t1; p++)
        if (*p < '0' || *p > '9')
            return "the first column is not a word index";
    if (t1 == s)
        return "the first column is not a word index";
    const char *f = t1 + 1;
    const char *t2 = memchr(f, '\t', (size_t)(end - f));
    if (!t2)
        return "expected index<TAB>word<TAB>tag (no tag column)";
    if (t2 == f)
        return "empty word";
    const char *g = t2 + 1;
    const char *t3 = memchr(g, '\t', (size_t)(end - g));
    *form = f;
    *form_len = (size_t)(t2 - f);
    l->tag_off = (uint32_t)(g - s);
    l->tag_end = (uint32_t)((t3 ? t3 : end) - s);
    return NULL;
}

static const char *comment_value(const char *s, size_t n, const char *key)
{
    size_t k = strlen(key);
    if (n < k || memcmp(s, key, k))
        return NULL;
    return s + k;
}

int iob2_parse(iob2_corpus *c, const char *name, const char *data, size_t len, casus_warn_fn warn,
               void *ctx, casus_error *err)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->mem, 0);
    size_t n_lines = 0;
    for (size_t i = 0; i < len; i++)
        n_lines += data[i] == '\n';
    if (len && data[len - 1] != '\n')
        n_lines++;
    if (n_lines > UINT32_MAX / 2 || len > UINT32_MAX)
        return error_set(err, CASUS_ETOOBIG, "%s: file too big", name);
    char *copy = arena_alloc(&c->mem, len + 1);
    c->lines = arena_array(&c->mem, n_lines ? n_lines : 1, sizeof *c->lines);
    /* At most one sentence per line, one word per line. */
    c->sents = arena_array(&c->mem, n_lines ? n_lines : 1, sizeof *c->sents);
    c->forms = arena_array(&c->mem, n_lines ? n_lines : 1, sizeof *c->forms);
    c->tags = arena_array(&c->mem, n_lines ? n_lines : 1, sizeof *c->tags);
    c->word_line = arena_array(&c->mem, n_lines ? n_lines : 1, sizeof *c->word_line);
    if (!copy || !c->lines || !c->sents || !c->forms || !c->tags || !c->word_line)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
    memcpy(copy, data, len);
    copy[len] = '\0';

    iob2_sent *cur = NULL;
    int new_doc = 0;
    char *p = copy, *end = copy + len;
    for (uint32_t ln = 1; p < end; ln++) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        *e = '\0';
        size_t n = (size_t)(e - p);
        if (n && p[n - 1] == '\r')
            p[--n] = '\0';
        iob2_line *l = &c->lines[c->n_lines];
        memset(l, 0, sizeof *l);
        l->text = p;
        l->len = (uint32_t)n;
        l->lineno = ln;
        if (!n) {
            l->kind = IOB2_BLANK;
            cur = NULL;
        } else {
            if (!cur) {
                cur = &c->sents[c->n_sents++];
                memset(cur, 0, sizeof *cur);
                cur->line = (uint32_t)c->n_lines;
                cur->word = (uint32_t)c->n_words;
                cur->sent_id = "";
                cur->new_doc = (uint8_t)new_doc;
                new_doc = 0;
            }
            cur->n_lines++;
            if (p[0] == '#') {
                l->kind = IOB2_COMMENT;
                const char *v;
                if ((v = comment_value(p, n, "# sent_id = ")))
                    cur->sent_id = v;
                else if (comment_value(p, n, "# newdoc"))
                    cur->new_doc = 1;
            } else {
                const char *form = NULL;
                size_t form_len = 0;
                const char *why = split_word(l, &form, &form_len);
                if (why) {
                    l->kind = IOB2_BAD;
                    c->n_bad++;
                    warn_line(warn, ctx, name, ln, why);
                } else {
                    l->kind = IOB2_WORD;
                    uint8_t tag = CASUS_NER_O;
                    if (iob2_tag_parse(p + l->tag_off, l->tag_end - l->tag_off, &tag)) {
                        c->n_bad++;
                        warn_line(warn, ctx, name, ln,
                                  "tag is not O, B-PER, I-PER, B-ORG, I-ORG, B-LOC or I-LOC "
                                  "(read as O)");
                        tag = CASUS_NER_O;
                    }
                    /* A copy: the line itself stays whole for iob2_write. */
                    const char *fc = arena_strndup(&c->mem, form, form_len);
                    if (!fc)
                        return error_set(err, CASUS_ENOMEM, "%s: out of memory", name);
                    c->forms[c->n_words] = fc;
                    c->tags[c->n_words] = tag;
                    c->word_line[c->n_words] = (uint32_t)c->n_lines;
                    c->n_words++;
                    cur->n_words++;
                }
            }
        }
        c->n_lines++;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

int iob2_load(iob2_corpus *c, const char *path, casus_warn_fn warn, void *ctx, casus_error *err)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, errno == ENOENT ? CASUS_ENOENT : CASUS_EIO, "%s: %s", path,
                         strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *data = malloc(cap);
    int rc = data ? 0 : CASUS_ENOMEM;
    while (!rc) {
        if (len == cap) {
            char *d2 = cap > SIZE_MAX / 2 ? NULL : realloc(data, cap * 2);
            if (!d2) {
                rc = CASUS_ENOMEM;
                break;
            }
            data = d2;
            cap *= 2;
        }
        size_t k = fread(data + len, 1, cap - len, f);
        len += k;
        if (k == 0)
            break;
    }
    if (!rc && ferror(f))
        rc = error_set(err, CASUS_EIO, "%s: read failed", path);
    else if (rc)
        error_set(err, rc, "%s: out of memory", path);
    fclose(f);
    if (!rc)
        rc = iob2_parse(c, path, data, len, warn, ctx, err);
    free(data);
    return rc;
}

void iob2_finish(iob2_corpus *c)
{
    if (!c)
        return;
    arena_finish(&c->mem);
    memset(c, 0, sizeof *c);
}

int iob2_write(const iob2_corpus *c, const uint8_t *tags, FILE *f)
{
    size_t w = 0;
    for (size_t i = 0; i < c->n_lines; i++) {
        const iob2_line *l = &c->lines[i];
        if (l->kind == IOB2_WORD) {
            fwrite(l->text, 1, l->tag_off, f);
            fputs(casus_ner_tag_name(tags[w++]), f);
            fwrite(l->text + l->tag_end, 1, l->len - l->tag_end, f);
        } else {
            fwrite(l->text, 1, l->len, f);
        }
        fputc('\n', f);
    }
    return fflush(f) || ferror(f) ? CASUS_EIO : 0;
}
