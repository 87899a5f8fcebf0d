/*
 * write_knowledge.c — the knowledge layer in `casus code` JSON (OUTPUT.md:
 * quotes, counts, amounts, dates, locations, themes, tone).
 *
 * Every writer appends to one buf and stops at the first error, which the
 * caller gets back (CASUS_ENOMEM from the buffer).
 */
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "io/io.h"
#include "util/json.h"

typedef struct out {
    buf *b;
    int rc;
} out;

static void s(out *o, const char *str)
{
    if (!o->rc)
        o->rc = buf_puts(o->b, str);
}

static void str(out *o, const char *v)
{
    if (!o->rc)
        o->rc = v ? json_put_cstr(o->b, v) : buf_puts(o->b, "null");
}

static void span_text(out *o, const char *text, uint32_t start, uint32_t end)
{
    if (!o->rc)
        o->rc = json_put_str(o->b, text + start, end - start);
}

/* prefix, then v with the given number of decimals (2 or 5) */
static void num(out *o, const char *prefix, int decimals, double v)
{
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s%.*f", prefix, decimals, v);
    s(o, tmp);
}

static void uint_(out *o, unsigned long long v)
{
    if (!o->rc)
        o->rc = json_put_uint(o->b, v);
}

static void span(out *o, uint32_t start, uint32_t end)
{
    s(o, "\"start\":");
    uint_(o, start);
    s(o, ",\"end\":");
    uint_(o, end);
}

/* A number as an integer when it is one, else with up to 6 significant
 * digits after the point. */
static void number(out *o, double v)
{
    char tmp[64];
    if (v == (double)(long long)v && v > -1e15 && v < 1e15)
        snprintf(tmp, sizeof tmp, "%.0f", v);
    else
        snprintf(tmp, sizeof tmp, "%.10g", v);
    s(o, tmp);
}

static void put_quotes(out *o, const casus_doc *d)
{
    const char *text = d->article->text;
    s(o, ",\"quotes\":[");
    for (size_t i = 0; i < d->n_quotes; i++) {
        const casus_quote *q = &d->quotes[i];
        s(o, i ? ",{" : "{");
        span(o, q->start, q->end);
        s(o, ",\"sentence\":");
        uint_(o, q->sentence);
        s(o, ",\"text\":");
        if (q->text)
            str(o, q->text);
        else
            span_text(o, text, q->start, q->end);
        if (q->n_parts > 1) {
            s(o, ",\"parts\":[");
            for (size_t k = 0; k < q->n_parts; k++) {
                s(o, k ? ",{" : "{");
                span(o, q->parts[k].start, q->parts[k].end);
                s(o, "}");
            }
            s(o, "]");
        }
        s(o, ",\"verb\":");
        str(o, q->verb);
        s(o, ",\"speaker\":");
        if (q->speaker_name) {
            s(o, "{\"entity\":");
            if (q->speaker_entity >= 0)
                uint_(o, (unsigned long long)q->speaker_entity);
            else
                s(o, "null");
            s(o, ",\"name\":");
            str(o, q->speaker_name);
            s(o, ",\"code\":");
            str(o, q->speaker_code ? q->speaker_code : "");
            s(o, "}");
        } else {
            s(o, "null");
        }
        s(o, "}");
    }
    s(o, "]");
}

static void put_counts(out *o, const casus_doc *d)
{
    const char *text = d->article->text;
    s(o, ",\"counts\":[");
    for (size_t i = 0; i < d->n_counts; i++) {
        const casus_count *c = &d->counts[i];
        s(o, i ? ",{\"count\":" : "{\"count\":");
        number(o, c->count);
        if (c->count_max != c->count) {
            s(o, ",\"count_max\":");
            number(o, c->count_max);
        }
        if (c->approx)
            s(o, ",\"approx\":true");
        s(o, ",\"object\":");
        str(o, c->object);
        s(o, ",\"type\":");
        str(o, c->type);
        s(o, ",");
        span(o, c->start, c->end);
        s(o, ",\"text\":");
        span_text(o, text, c->start, c->end);
        s(o, "}");
    }
    s(o, "],\"amounts\":[");
    for (size_t i = 0; i < d->n_amounts; i++) {
        const casus_amount *a = &d->amounts[i];
        s(o, i ? ",{\"amount\":" : "{\"amount\":");
        number(o, a->amount);
        if (a->currency) {
            s(o, ",\"currency\":");
            str(o, a->currency);
        }
        s(o, ",\"object\":");
        str(o, a->object);
        s(o, ",");
        span(o, a->start, a->end);
        s(o, ",\"text\":");
        span_text(o, text, a->start, a->end);
        s(o, "}");
    }
    s(o, "]");
}

static void put_dates(out *o, const casus_doc *d)
{
    const char *text = d->article->text;
    s(o, ",\"dates\":[");
    for (size_t i = 0; i < d->n_dates; i++) {
        const casus_date_expr *e = &d->dates[i];
        s(o, i ? ",{\"text\":" : "{\"text\":");
        span_text(o, text, e->start, e->end);
        s(o, ",\"resolved\":");
        str(o, e->resolved);
        s(o, ",\"resolution\":");
        str(o, e->resolution);
        s(o, ",");
        span(o, e->start, e->end);
        s(o, "}");
    }
    s(o, "]");
}

static void put_locations(out *o, const casus_doc *d)
{
    s(o, ",\"locations\":[");
    for (size_t i = 0; i < d->n_locations; i++) {
        const casus_location *l = &d->locations[i];
        const casus_place *p = &l->place;
        s(o, i ? ",{\"name\":" : "{\"name\":");
        str(o, p->name);
        s(o, ",\"country\":");
        str(o, p->country);
        if (p->admin1) {
            s(o, ",\"adm1\":");
            str(o, p->admin1);
        }
        if (p->has_coords) {
            num(o, ",\"lat\":", 5, p->lat);
            num(o, ",\"lon\":", 5, p->lon);
        }
        if (p->geonameid) {
            s(o, ",\"geonameid\":");
            uint_(o, p->geonameid);
        }
        s(o, ",\"feature\":");
        str(o, p->feature ? p->feature : "");
        s(o, ",\"mentions\":[");
        for (size_t k = 0; k < l->n_mentions; k++) {
            s(o, k ? ",{" : "{");
            span(o, l->mentions[k].start, l->mentions[k].end);
            s(o, "}");
        }
        s(o, "]}");
    }
    s(o, "]");
}

static void put_themes(out *o, const casus_doc *d)
{
    s(o, ",\"themes\":[");
    for (size_t i = 0; i < d->n_themes; i++) {
        s(o, i ? ",{\"theme\":" : "{\"theme\":");
        str(o, d->themes[i].theme);
        s(o, ",");
        span(o, d->themes[i].start, d->themes[i].end);
        s(o, "}");
    }
    s(o, "]");
}

static void put_tone(out *o, const casus_doc *d)
{
    s(o, ",\"tone\":");
    if (!d->has_tone) {
        s(o, "null");
        return;
    }
    const casus_tone *t = &d->tone;
    num(o, "{\"tone\":", 2, t->tone);
    num(o, ",\"positive\":", 2, t->positive);
    num(o, ",\"negative\":", 2, t->negative);
    num(o, ",\"polarity\":", 2, t->polarity);
    num(o, ",\"activity\":", 2, t->activity);
    num(o, ",\"self_group\":", 2, t->self_group);
    s(o, ",\"words\":");
    uint_(o, t->words);
    s(o, "}");
}

int io_put_knowledge_json(buf *b, const casus_doc *d)
{
    out o = {b, 0};
    put_quotes(&o, d);
    put_counts(&o, d);
    put_dates(&o, d);
    put_locations(&o, d);
    put_themes(&o, d);
    put_tone(&o, d);
    return o.rc;
}
