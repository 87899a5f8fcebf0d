/*
 * record.c — flattens a processed document into the record that the
 * database writer stores (layout in store_int.h).
 *
 * This is the half of ingest that runs on worker threads: everything that
 * costs CPU and needs the document (event keys, actor countries, the
 * normalised-text hash, place names) is computed here, so the writer thread
 * only binds values to prepared statements. One buffer per call, written
 * with one fwrite.
 */
#include <stdio.h>
#include <string.h>

#include "io/gdelt.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/buf.h"

typedef struct enc {
    buf b;
    int rc;
} enc;

static void put(enc *e, const void *p, size_t n)
{
    if (!e->rc)
        e->rc = buf_append(&e->b, p, n);
}

static void put_u32(enc *e, uint32_t v) { put(e, &v, sizeof v); }
static void put_i32(enc *e, int32_t v) { put(e, &v, sizeof v); }
static void put_u64(enc *e, uint64_t v) { put(e, &v, sizeof v); }
static void put_f64(enc *e, double v) { put(e, &v, sizeof v); }
static void put_u8(enc *e, uint8_t v) { put(e, &v, sizeof v); }

static void put_strn(enc *e, const char *s, size_t n)
{
    if (!s) {
        put_u32(e, STORE_STR_NULL);
        return;
    }
    if (n >= STORE_STR_NULL) /* never: records are capped far below 4 GB */
        n = STORE_STR_NULL - 1;
    put_u32(e, (uint32_t)n);
    put(e, s, n);
}

/* A NUL-terminated string; NULL stays NULL. */
static void put_str(enc *e, const char *s) { put_strn(e, s, s ? strlen(s) : 0); }
/* As put_str, but NULL becomes "" (NOT NULL columns). */
static void put_str0(enc *e, const char *s) { put_str(e, s ? s : ""); }

static void put_place(enc *e, const casus_place *p, const char *fallback_name)
{
    put_u8(e, (uint8_t)(p->found != 0));
    put_str0(e, p->found && p->name ? p->name : fallback_name);
    put_str0(e, p->country);
    put_str0(e, p->admin1);
    put_str0(e, p->feature);
    put_u8(e, (uint8_t)(p->found && p->has_coords));
    put_f64(e, p->lat);
    put_f64(e, p->lon);
    put_u32(e, p->geonameid);
}

static const char *type_name(char t)
{
    return t == 'P' ? "PER" : t == 'O' ? "ORG" : t == 'L' ? "LOC" : "";
}

static void put_actor(enc *e, const casus_doc *d, const casus_event_actor *a, int present)
{
    io_country c;
    const char *code = present && a->code ? a->code : "";
    put_str0(e, code);
    put_str0(e, present ? a->name : "");
    put_str0(e, *code && io_gdelt_country(d, code, &c) ? c.code : "");
    put_i32(e, present ? a->mention : -1);
}

int store_record_encode(const casus_doc *d, FILE *out)
{
    const casus_article *a = casus_doc_article(d);
    casus_text_view tv;
    casus_doc_text(d, &tv);
    enc e = {.rc = 0};
    buf_init(&e.b, 0);
    char domain[256];
    io_url_domain(a->url, domain, sizeof domain);
    if (!domain[0]) {
        /* no URL host: the input file (its last path part) is the source */
        const char *src = a->source && a->source[0] ? a->source : "-";
        const char *slash = strrchr(src, '/');
        snprintf(domain, sizeof domain, "file:%s", slash && slash[1] ? slash + 1 : src);
    }

    put(&e, STORE_REC_MAGIC, 4);
    put_str0(&e, a->id);
    put_str0(&e, a->url);
    put_str0(&e, a->title);
    put_strn(&e, a->text ? a->text : "", a->text ? a->text_len : 0);
    put_str0(&e, domain);
    put_i32(&e, store_date_int(a->date));
    put_u64(&e, store_text_hash(a->text ? a->text : "", a->text ? a->text_len : 0));
    put_u32(&e, (uint32_t)tv.n_sentences);
    put_u32(&e, (uint32_t)tv.n_tokens);

    const casus_tone *t = casus_doc_tone(d);
    put_u8(&e, t != NULL);
    if (t) {
        put_f64(&e, t->tone);
        put_f64(&e, t->positive);
        put_f64(&e, t->negative);
        put_f64(&e, t->polarity);
        put_f64(&e, t->activity);
        put_f64(&e, t->self_group);
        put_u32(&e, t->words);
    }

    size_t n = 0;
    const casus_entity *ent = casus_doc_entities(d, &n);
    put_u32(&e, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put_str0(&e, ent[i].name);
        put_str0(&e, type_name(ent[i].type));
        put_str0(&e, ent[i].code);
        put_u32(&e, (uint32_t)ent[i].n_mentions);
    }

    size_t n_men = 0;
    const casus_mention *men = casus_doc_mentions(d, &n_men);
    put_u32(&e, (uint32_t)n_men);
    for (size_t i = 0; i < n_men; i++) {
        const casus_mention *m = &men[i];
        put_u32(&e, m->start);
        put_u32(&e, m->end);
        put_u32(&e, m->sentence);
        put_i32(&e, m->entity);
        put_str0(&e, m->kind == CASUS_MENTION_NOMINAL   ? "nominal"
                     : m->kind == CASUS_MENTION_PRONOUN ? "pronoun"
                                                        : "name");
        put_str0(&e, type_name(m->type));
        put_str0(&e, m->code);
    }

    const casus_event *ev = casus_doc_events(d, &n);
    put_u32(&e, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        const casus_event *x = &ev[i];
        char key[512];
        size_t kn = store_event_key(d, i, key, sizeof key);
        put_strn(&e, key, kn);
        const char *res = x->date_resolution ? x->date_resolution : "none";
        int32_t date = strcmp(res, "none") ? store_date_int(x->date) : 0;
        put_i32(&e, date);
        put_str0(&e, !date ? "none" : !strcmp(res, "article") ? "day" : res);
        put_u32(&e, x->sentence);
        put_actor(&e, d, &x->source, 1);
        put_actor(&e, d, &x->target, x->has_target);
        put_u8(&e, (uint8_t)(x->has_target != 0));
        put_str0(&e, x->code);
        put_str0(&e, x->base);
        put_str0(&e, x->root);
        put_i32(&e, x->quadclass);
        put_f64(&e, x->goldstein);
        /* an unresolved place mention keeps its text as the name */
        char pname[128] = "";
        if (x->place_mention >= 0 && (size_t)x->place_mention < n_men) {
            const casus_mention *m = &men[x->place_mention];
            if (m->end <= a->text_len && m->start < m->end)
                snprintf(pname, sizeof pname, "%.*s", (int)(m->end - m->start),
                         a->text + m->start);
        }
        put_place(&e, &x->place, pname);
        put_u32(&e, x->trigger_start);
        put_u32(&e, x->trigger_end);
        put_str0(&e, x->rule);
        put_str(&e, x->mood);
        put_f64(&e, x->confidence);
        put_u64(&e, casus_gdelt_event_id(a->id, i));
    }

    const casus_quote *q = casus_doc_quotes(d, &n);
    put_u32(&e, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put_u32(&e, q[i].start);
        put_u32(&e, q[i].end);
        put_u32(&e, q[i].sentence);
        put_str0(&e, q[i].text);
        put_str(&e, q[i].verb);
        put_i32(&e, q[i].speaker_entity);
        put_str(&e, q[i].speaker_name);
        put_str(&e, q[i].speaker_code);
    }

    const casus_count *c = casus_doc_counts(d, &n);
    put_u32(&e, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put_f64(&e, c[i].count);
        put_f64(&e, c[i].count_max);
        put_i32(&e, c[i].approx);
        put_str0(&e, c[i].object);
        put_str(&e, c[i].type);
        put_u32(&e, c[i].start);
        put_u32(&e, c[i].end);
        put_u32(&e, c[i].sentence);
    }

    const casus_amount *am = casus_doc_amounts(d, &n);
    put_u32(&e, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put_f64(&e, am[i].amount);
        put_str(&e, am[i].currency);
        put_str0(&e, am[i].object);
        put_u32(&e, am[i].start);
        put_u32(&e, am[i].end);
        put_u32(&e, am[i].sentence);
    }

    const casus_date_expr *de = casus_doc_dates(d, &n);
    put_u32(&e, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put_u32(&e, de[i].start);
        put_u32(&e, de[i].end);
        put_u32(&e, de[i].sentence);
        put_str0(&e, de[i].resolved);
        put_str0(&e, de[i].resolution);
    }

    const casus_location *loc = casus_doc_locations(d, &n);
    put_u32(&e, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put_place(&e, &loc[i].place, "");
        put_u32(&e, (uint32_t)loc[i].n_mentions);
        for (size_t k = 0; k < loc[i].n_mentions; k++) {
            put_u32(&e, loc[i].mentions[k].start);
            put_u32(&e, loc[i].mentions[k].end);
        }
    }

    const casus_theme_hit *th = casus_doc_themes(d, &n);
    put_u32(&e, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put_str0(&e, th[i].theme);
        put_u32(&e, th[i].start);
        put_u32(&e, th[i].end);
    }
    put(&e, STORE_REC_END, 4);

    int rc = e.rc;
    if (!rc && fwrite(e.b.data, 1, e.b.len, out) != e.b.len)
        rc = CASUS_EIO;
    buf_finish(&e.b);
    return rc == CASUS_ETOOBIG ? CASUS_ENOMEM : rc;
}
