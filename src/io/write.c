/*
 * write.c — the document writers: JSON lines (OUTPUT.md) and CoNLL-U.
 *
 * Each record is built in memory and written with one fwrite, so a write
 * error or a failed record never leaves half a line behind. Invalid UTF-8
 * in the text is written as U+FFFD: the output is always valid UTF-8,
 * while offsets keep pointing into the text as read.
 */
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
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
                        rc = json_put_cstr(b, d->words[w].form);
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

/* Appends s[0..n) with whitespace runs as one space and invalid UTF-8 as
 * U+FFFD (CoNLL-U comments and fields hold one line of valid UTF-8). */
static int put_clean(buf *b, const char *s, size_t n, int keep_spaces)
{
    const unsigned char *u = (const unsigned char *)s;
    int rc = 0, in_space = 0;
    for (size_t i = 0; !rc && i < n;) {
        unsigned char c = u[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ' || c == '\f' || c == '\v' ||
            c == 0) {
            if (keep_spaces && !in_space)
                rc = buf_putc(b, ' ');
            in_space = 1;
            i++;
            continue;
        }
        in_space = 0;
        int32_t cp;
        int k = c < 0x80 ? 1 : utf8_decode(u + i, n - i, &cp);
        if (c >= 0x80 && cp == UTF8_REPLACEMENT && k == 1)
            rc = buf_append(b, "\xEF\xBF\xBD", 3);
        else
            rc = buf_append(b, s + i, (size_t)k);
        i += (size_t)k;
    }
    return rc;
}

static int put_misc(buf *b, uint32_t start, uint32_t end, int space_after)
{
    char tmp[64];
    int k = snprintf(tmp, sizeof tmp, "TokenRange=%u:%u%s\n", start, end,
                     space_after ? "" : "|SpaceAfter=No");
    return buf_append(b, tmp, (size_t)k);
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
                snprintf(num, sizeof num, "%u-%u\t", wi, wi + tk->n_words - 1);
                rc = buf_puts(&b, num);
                if (!rc)
                    rc = put_clean(&b, text + tk->start, tk->end - tk->start, 0);
                if (!rc)
                    rc = buf_puts(&b, "\t_\t_\t_\t_\t_\t_\t_\t");
                if (!rc)
                    rc = put_misc(&b, tk->start, tk->end, tk->space_after);
            }
            for (uint32_t w = tk->word; !rc && w < tk->word + tk->n_words; w++, wi++) {
                const casus_word *wd = &d->words[w];
                snprintf(num, sizeof num, "%u\t", wi);
                rc = buf_puts(&b, num);
                if (!rc)
                    rc = put_clean(&b, wd->form, strlen(wd->form), 0);
                if (!rc)
                    rc = buf_puts(&b, "\t_\t_\t_\t_\t_\t_\t_\t");
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
