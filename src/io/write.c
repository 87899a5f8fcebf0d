/*
 * write.c — the document writers: JSON lines (OUTPUT.md) and CoNLL-U.
 *
 * Each record is built in memory and written with one fwrite, so a write
 * error or a failed record never leaves half a line behind. Invalid UTF-8
 * in the text is written as U+FFFD: the output is always valid UTF-8,
 * while offsets keep pointing into the text as read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "io/io.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/utf8.h"

static int flush_buf(FILE *f, buf *b)
{
    int rc = 0;
    if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
        rc = CASUS_EIO;
    buf_finish(b);
    return rc;
}

/* ---------------------------------------------------------------- JSON */

static int put_span(buf *b, const char *text, uint32_t start, uint32_t end)
{
    int rc = json_put_key(b, "start");
    if (!rc)
        rc = json_put_uint(b, start);
    if (!rc)
        rc = buf_puts(b, ",\"end\":");
    if (!rc)
        rc = json_put_uint(b, end);
    if (!rc)
        rc = buf_puts(b, ",\"text\":");
    if (!rc)
        rc = json_put_str(b, text + start, end - start);
    return rc;
}

/* One word as {"id":N,"form":...} plus its syntax when the document has
 * it; id and head count words from 1 within the sentence (head 0: root). */
static int put_word(buf *b, const casus_doc *d, uint32_t w, uint32_t first)
{
    int rc = buf_puts(b, "{\"id\":");
    if (!rc)
        rc = json_put_uint(b, w - first + 1);
    if (!rc)
        rc = buf_puts(b, ",\"form\":");
    if (!rc)
        rc = json_put_cstr(b, d->words[w].form);
    if (!rc && d->syn) {
        const casus_word_syntax *y = &d->syn[w];
        const char *keys[5] = {",\"lemma\":", ",\"upos\":", ",\"xpos\":", ",\"feats\":",
                               ",\"deprel\":"};
        const char *vals[5] = {y->lemma, y->upos, y->xpos, y->feats, y->deprel};
        for (int i = 0; !rc && i < 5; i++) {
            rc = buf_puts(b, keys[i]);
            if (!rc)
                rc = json_put_cstr(b, vals[i] ? vals[i] : "_");
        }
        if (!rc)
            rc = buf_puts(b, ",\"head\":");
        if (!rc)
            rc = json_put_uint(b, y->head < 0 ? 0 : (uint32_t)y->head - first + 1);
    }
    if (!rc)
        rc = buf_putc(b, '}');
    return rc;
}

static const char *const kind_names[] = {"word",   "number", "punct",    "symbol", "url",
                                         "email",  "handle", "emoticon", "abbrev"};

static int put_sentences(buf *b, const casus_doc *d)
{
    const char *text = d->article->text;
    int rc = buf_puts(b, ",\"sentences\":[");
    for (size_t s = 0; !rc && s < d->n_sentences; s++) {
        const casus_sentence *st = &d->sentences[s];
        rc = buf_puts(b, s ? ",{" : "{");
        if (!rc)
            rc = put_span(b, text, st->start, st->end);
        if (!rc && st->new_par)
            rc = buf_puts(b, ",\"newpar\":true");
        if (!rc)
            rc = buf_puts(b, ",\"tokens\":[");
        for (uint32_t t = st->token; !rc && t < st->token + st->n_tokens; t++) {
            const casus_token *tk = &d->tokens[t];
            rc = buf_puts(b, t > st->token ? ",{" : "{");
            if (!rc)
                rc = put_span(b, text, tk->start, tk->end);
            if (!rc && tk->kind < sizeof kind_names / sizeof *kind_names) {
                rc = buf_puts(b, ",\"kind\":\"");
                if (!rc)
                    rc = buf_puts(b, kind_names[tk->kind]);
                if (!rc)
                    rc = buf_putc(b, '"');
            }
            if (!rc && !tk->space_after)
                rc = buf_puts(b, ",\"space_after\":false");
            if (!rc) {
                rc = buf_puts(b, ",\"words\":[");
                for (uint32_t w = tk->word; !rc && w < tk->word + tk->n_words; w++) {
                    if (w > tk->word)
                        rc = buf_putc(b, ',');
                    if (!rc)
                        rc = put_word(b, d, w, st->word);
                }
                if (!rc)
                    rc = buf_putc(b, ']');
            }
            if (!rc)
                rc = buf_putc(b, '}');
        }
        if (!rc)
            rc = buf_puts(b, "]}");
    }
    if (!rc)
        rc = buf_putc(b, ']');
    return rc;
}

static const char *type_name(char t)
{
    return t == 'P' ? "PER" : t == 'O' ? "ORG" : t == 'L' ? "LOC" : "";
}

/* "entities": each with its mentions, as OUTPUT.md lays them out; a
 * mention adds its kind and its own code in context. */
static int put_entities(buf *b, const casus_doc *d)
{
    static const char *const KIND[] = {"name", "nominal", "pronoun"};
    const char *text = d->article->text;
    int rc = buf_puts(b, ",\"entities\":[");
    for (size_t e = 0; !rc && e < d->n_entities; e++) {
        const casus_entity *E = &d->entities[e];
        rc = buf_puts(b, e ? ",{\"id\":" : "{\"id\":");
        if (!rc)
            rc = json_put_uint(b, e);
        if (!rc)
            rc = buf_puts(b, ",\"name\":");
        if (!rc)
            rc = json_put_cstr(b, E->name);
        if (!rc)
            rc = buf_puts(b, ",\"type\":");
        if (!rc)
            rc = json_put_cstr(b, type_name(E->type));
        if (!rc)
            rc = buf_puts(b, ",\"code\":");
        if (!rc)
            rc = json_put_cstr(b, E->code);
        if (!rc)
            rc = buf_puts(b, ",\"mentions\":[");
        for (size_t k = 0; !rc && k < E->n_mentions; k++) {
            const casus_mention *m = &d->mentions[E->mentions[k]];
            rc = buf_puts(b, k ? ",{" : "{");
            if (!rc)
                rc = put_span(b, text, m->start, m->end);
            if (!rc)
                rc = buf_puts(b, ",\"kind\":");
            if (!rc)
                rc = json_put_cstr(b, KIND[m->kind < 3 ? m->kind : 0]);
            if (!rc)
                rc = buf_puts(b, ",\"code\":");
            if (!rc)
                rc = json_put_cstr(b, m->code);
            if (!rc)
                rc = buf_putc(b, '}');
        }
        if (!rc)
            rc = buf_puts(b, "]}");
    }
    if (!rc)
        rc = buf_putc(b, ']');
    return rc;
}

static int put_actor(buf *b, const casus_event_actor *a)
{
    int rc = buf_puts(b, "{\"entity\":");
    if (!rc)
        rc = a->entity >= 0 ? json_put_uint(b, (unsigned long long)a->entity) : buf_puts(b, "null");
    if (!rc)
        rc = buf_puts(b, ",\"name\":");
    if (!rc)
        rc = json_put_cstr(b, a->name);
    if (!rc)
        rc = buf_puts(b, ",\"code\":");
    if (!rc)
        rc = json_put_cstr(b, a->code);
    if (!rc)
        rc = buf_putc(b, '}');
    return rc;
}

/* "events", as OUTPUT.md lays them out, plus the mood and how much of the
 * date the text fixed. */
static int put_events(buf *b, const casus_doc *d)
{
    const char *text = d->article->text;
    char num[64];
    int rc = buf_puts(b, ",\"events\":[");
    for (size_t i = 0; !rc && i < d->n_events; i++) {
        const casus_event *e = &d->events[i];
        rc = buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
        if (!rc) {
            snprintf(num, sizeof num, "-%zu", i + 1);
            size_t n = strlen(d->article->id);
            char *id = malloc(n + sizeof num);
            rc = id ? 0 : CASUS_ENOMEM;
            if (!rc) {
                memcpy(id, d->article->id, n);
                strcpy(id + n, num);
                rc = json_put_cstr(b, id);
                free(id);
            }
        }
        if (!rc)
            rc = buf_puts(b, ",\"date\":");
        if (!rc)
            rc = json_put_cstr(b, e->date);
        if (!rc)
            rc = buf_puts(b, ",\"date_resolution\":");
        if (!rc)
            rc = json_put_cstr(b, e->date_resolution);
        if (!rc)
            rc = buf_puts(b, ",\"sentence\":");
        if (!rc)
            rc = json_put_uint(b, e->sentence);
        if (!rc)
            rc = buf_puts(b, ",\"source\":");
        if (!rc)
            rc = put_actor(b, &e->source);
        if (!rc)
            rc = buf_puts(b, ",\"target\":");
        if (!rc)
            rc = e->has_target ? put_actor(b, &e->target) : buf_puts(b, "null");
        if (!rc)
            rc = buf_puts(b, ",\"code\":");
        if (!rc)
            rc = json_put_cstr(b, e->code);
        if (!rc)
            rc = buf_puts(b, ",\"root\":");
        if (!rc)
            rc = json_put_cstr(b, e->root);
        if (!rc) {
            snprintf(num, sizeof num, ",\"quadclass\":%d,\"goldstein\":%.1f", e->quadclass,
                     e->goldstein);
            rc = buf_puts(b, num);
        }
        if (!rc)
            rc = buf_puts(b, ",\"place\":");
        if (!rc) {
            if (e->place_mention >= 0) {
                const casus_mention *m = &d->mentions[e->place_mention];
                const casus_place *pl = &e->place;
                rc = buf_puts(b, "{\"name\":");
                if (!rc)
                    rc = json_put_cstr(b, pl->found ? pl->name
                                          : m->entity >= 0 ? d->entities[m->entity].name : "");
                if (!rc && pl->found) {
                    rc = buf_puts(b, ",\"country\":");
                    if (!rc)
                        rc = json_put_cstr(b, pl->country);
                    if (!rc && pl->admin1) {
                        rc = buf_puts(b, ",\"adm1\":");
                        if (!rc)
                            rc = json_put_cstr(b, pl->admin1);
                    }
                    if (!rc && pl->has_coords) {
                        snprintf(num, sizeof num, ",\"lat\":%.5f,\"lon\":%.5f", pl->lat, pl->lon);
                        rc = buf_puts(b, num);
                    }
                    if (!rc && pl->geonameid) {
                        rc = buf_puts(b, ",\"geonameid\":");
                        if (!rc)
                            rc = json_put_uint(b, pl->geonameid);
                    }
                }
                if (!rc)
                    rc = buf_puts(b, ",\"code\":");
                if (!rc)
                    rc = json_put_cstr(b, m->code);
                if (!rc)
                    rc = buf_puts(b, ",");
                if (!rc)
                    rc = put_span(b, text, m->start, m->end);
                if (!rc)
                    rc = buf_putc(b, '}');
            } else {
                rc = buf_puts(b, "null");
            }
        }
        if (!rc)
            rc = buf_puts(b, ",\"trigger\":{");
        if (!rc)
            rc = put_span(b, text, e->trigger_start, e->trigger_end);
        if (!rc)
            rc = buf_puts(b, "},\"rule\":");
        if (!rc)
            rc = json_put_cstr(b, e->rule);
        if (!rc)
            rc = buf_puts(b, ",\"mood\":");
        if (!rc)
            rc = e->mood ? json_put_cstr(b, e->mood) : buf_puts(b, "null");
        if (!rc) {
            snprintf(num, sizeof num, ",\"confidence\":%.2f}", e->confidence);
            rc = buf_puts(b, num);
        }
    }
    if (!rc)
        rc = buf_putc(b, ']');
    return rc;
}

int casus_write_json(FILE *f, const casus_doc *d, int with_tokens)
{
    const casus_article *a = d->article;
    buf b;
    buf_init(&b, 0);
    int rc = buf_puts(&b, "{\"id\":");
    if (!rc)
        rc = json_put_cstr(&b, a->id);
    if (!rc)
        rc = buf_puts(&b, ",\"url\":");
    if (!rc)
        rc = json_put_cstr(&b, a->url);
    if (!rc)
        rc = buf_puts(&b, ",\"title\":");
    if (!rc)
        rc = json_put_cstr(&b, a->title);
    if (!rc)
        rc = buf_puts(&b, ",\"date\":");
    if (!rc)
        rc = json_put_cstr(&b, a->date);
    if (!rc)
        rc = buf_puts(&b, ",\"n_sentences\":");
    if (!rc)
        rc = json_put_uint(&b, d->n_sentences);
    if (!rc)
        rc = buf_puts(&b, ",\"n_tokens\":");
    if (!rc)
        rc = json_put_uint(&b, d->n_tokens);
    if (!rc && d->mentions)
        rc = put_entities(&b, d);
    if (!rc && d->events)
        rc = put_events(&b, d);
    if (!rc && (d->pipeline->opts.stages & CASUS_STAGE_KNOWLEDGE) && d->mentions)
        rc = io_put_knowledge_json(&b, d);
    if (!rc && with_tokens)
        rc = put_sentences(&b, d);
    if (!rc)
        rc = buf_puts(&b, "}\n");
    if (rc) {
        buf_finish(&b);
        return rc;
    }
    return flush_buf(f, &b);
}

/* ---------------------------------------------------------------- CoNLL-U */

/* Appends s[0..n) with whitespace runs as one space (or dropped when
 * keep_spaces is 0) and invalid UTF-8 as U+FFFD: CoNLL-U comments and
 * fields hold one line of valid UTF-8. Runs of printable ASCII, nearly all
 * of news text, are copied in one piece. */
static int put_clean(buf *b, const char *s, size_t n, int keep_spaces)
{
    const unsigned char *u = (const unsigned char *)s;
    int rc = buf_reserve(b, n + 3);
    int in_space = 0;
    for (size_t i = 0; !rc && i < n;) {
        size_t run = i;
        while (run < n && u[run] > 0x20 && u[run] < 0x7F)
            run++;
        if (run > i) {
            rc = buf_append(b, s + i, run - i);
            i = run;
            in_space = 0;
            continue;
        }
        unsigned char c = u[i];
        if (c <= 0x20 || c == 0x7F) {
            if (c == 0x7F || !(c == ' ' || c == '\n' || c == '\r' || c == '\t' ||
                               c == '\f' || c == '\v' || c == 0)) {
                /* Other control characters stand as they are (valid UTF-8). */
                rc = buf_putc(b, (char)c);
                in_space = 0;
            } else {
                if (keep_spaces && !in_space)
                    rc = buf_putc(b, ' ');
                in_space = 1;
            }
            i++;
            continue;
        }
        in_space = 0;
        int32_t cp;
        int k = utf8_decode(u + i, n - i, &cp);
        if (cp == UTF8_REPLACEMENT && k == 1)
            rc = buf_append(b, "\xEF\xBF\xBD", 3);
        else
            rc = buf_append(b, s + i, (size_t)k);
        i += (size_t)k;
    }
    return rc;
}

/* Writes v in decimal at p; returns the number of digits. */
static size_t put_u32(char *p, uint32_t v)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        p[i] = tmp[n - 1 - i];
    return n;
}

/* Appends "TokenRange=start:end[|SpaceAfter=No]\n" (the MISC column). */
static int put_misc(buf *b, uint32_t start, uint32_t end, int space_after)
{
    static const char head[] = "TokenRange=";
    static const char no_space[] = "|SpaceAfter=No";
    int rc = buf_reserve(b, sizeof head + sizeof no_space + 24);
    if (rc)
        return rc;
    char *p = b->data + b->len;
    memcpy(p, head, sizeof head - 1);
    p += sizeof head - 1;
    p += put_u32(p, start);
    *p++ = ':';
    p += put_u32(p, end);
    if (!space_after) {
        memcpy(p, no_space, sizeof no_space - 1);
        p += sizeof no_space - 1;
    }
    *p++ = '\n';
    *p = '\0';
    b->len = (size_t)(p - b->data);
    return 0;
}

/* Appends "\tLEMMA\tUPOS\tXPOS\tFEATS\tHEAD\tDEPREL\t_\t" for a word whose
 * sentence starts at document word first; all "_" without syntax. */
static int put_syntax(buf *b, const casus_word_syntax *syn, uint32_t first)
{
    if (!syn)
        return buf_puts(b, "\t_\t_\t_\t_\t_\t_\t_\t");
    int rc = buf_putc(b, '\t');
    if (!rc)
        rc = put_clean(b, syn->lemma, strlen(syn->lemma), 0);
    const char *cols[3] = {syn->upos, syn->xpos, syn->feats};
    for (int i = 0; !rc && i < 3; i++) {
        rc = buf_putc(b, '\t');
        if (!rc)
            rc = buf_puts(b, cols[i] && *cols[i] ? cols[i] : "_");
    }
    if (!rc)
        rc = buf_reserve(b, 16);
    if (!rc) {
        char *p = b->data + b->len;
        *p++ = '\t';
        p += put_u32(p, syn->head < 0 ? 0 : (uint32_t)syn->head - first + 1);
        *p++ = '\t';
        *p = '\0';
        b->len = (size_t)(p - b->data);
        rc = buf_puts(b, syn->deprel && *syn->deprel ? syn->deprel : "_");
    }
    if (!rc)
        rc = buf_append(b, "\t_\t", 3);
    return rc;
}

/* Appends "first\t" or "first-last\t". */
static int put_ids(buf *b, uint32_t first, uint32_t last)
{
    int rc = buf_reserve(b, 24);
    if (rc)
        return rc;
    char *p = b->data + b->len;
    p += put_u32(p, first);
    if (last != first) {
        *p++ = '-';
        p += put_u32(p, last);
    }
    *p++ = '\t';
    *p = '\0';
    b->len = (size_t)(p - b->data);
    return 0;
}

int casus_write_conllu(FILE *f, const casus_doc *d)
{
    const casus_article *a = d->article;
    const char *text = a->text;
    buf b;
    buf_init(&b, 0);
    int rc = 0;
    char num[48];
    for (size_t s = 0; !rc && s < d->n_sentences; s++) {
        const casus_sentence *st = &d->sentences[s];
        if (s == 0) {
            rc = buf_puts(&b, "# newdoc id = ");
            if (!rc)
                rc = put_clean(&b, a->id, strlen(a->id), 1);
            if (!rc)
                rc = buf_putc(&b, '\n');
        }
        if (!rc && st->new_par)
            rc = buf_puts(&b, "# newpar\n");
        if (!rc)
            rc = buf_puts(&b, "# sent_id = ");
        if (!rc)
            rc = put_clean(&b, a->id, strlen(a->id), 1);
        snprintf(num, sizeof num, "-%zu\n# text = ", s + 1);
        if (!rc)
            rc = buf_puts(&b, num);
        if (!rc)
            rc = put_clean(&b, text + st->start, st->end - st->start, 1);
        if (!rc)
            rc = buf_putc(&b, '\n');
        uint32_t wi = 1;
        for (uint32_t t = st->token; !rc && t < st->token + st->n_tokens; t++) {
            const casus_token *tk = &d->tokens[t];
            if (tk->n_words > 1) {
                rc = put_ids(&b, wi, wi + tk->n_words - 1);
                if (!rc)
                    rc = put_clean(&b, text + tk->start, tk->end - tk->start, 0);
                if (!rc)
                    rc = buf_puts(&b, "\t_\t_\t_\t_\t_\t_\t_\t");
                if (!rc)
                    rc = put_misc(&b, tk->start, tk->end, tk->space_after);
            }
            for (uint32_t w = tk->word; !rc && w < tk->word + tk->n_words; w++, wi++) {
                const casus_word *wd = &d->words[w];
                rc = put_ids(&b, wi, wi);
                if (!rc)
                    rc = put_clean(&b, wd->form, strlen(wd->form), 0);
                if (!rc)
                    rc = put_syntax(&b, d->syn ? &d->syn[w] : NULL, st->word);
                if (!rc)
                    rc = put_misc(&b, wd->start, wd->end,
                                  tk->n_words > 1 ? 1 : tk->space_after);
            }
        }
        if (!rc)
            rc = buf_putc(&b, '\n');
        /* Stream long documents out a sentence batch at a time. */
        if (!rc && b.len > ((size_t)1 << 16)) {
            if (fwrite(b.data, 1, b.len, f) != b.len)
                rc = CASUS_EIO;
            buf_reset(&b);
        }
    }
    if (rc) {
        buf_finish(&b);
        return rc;
    }
    return flush_buf(f, &b);
}
