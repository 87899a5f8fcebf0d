/*
 * gdelt.c — GDELT 2.0 writers: the event export (61 tab-separated columns)
 * and the mentions table (16 columns), one row per casus event, no header,
 * as GDELT's own export.CSV and mentions.CSV files.
 *
 * Input: a processed document (its events, mentions, entities and
 * article). Output: rows that GDELT tools load unchanged. docs/EVENTS.md
 * ("GDELT 2.0 layout") lists every column and where it comes from; the
 * short version:
 *  - Filled from casus's own layers: ids, dates, the actor codes split into
 *    GDELT's country / known group / religion / type columns, event codes,
 *    QuadClass, Goldstein, the action place's type, name and FIPS country,
 *    DATEADDED and SOURCEURL from the article, mention offsets and
 *    confidence.
 *  - Empty because casus does not know them (yet): AvgTone and
 *    MentionDocTone (no tone layer: empty, not 0, since 0 would claim a
 *    neutral article), ethnic codes (no ethnic dictionary), Actor1Geo and
 *    Actor2Geo (casus places the event, not each actor: type 0 and empty
 *    fields, as GDELT writes for "no location"), ADM1/ADM2 codes,
 *    latitude, longitude and FeatureID of cities (no geocoder yet).
 *  - NumMentions, NumSources, NumArticles are 1: one article, one source,
 *    and casus does not yet merge repeated mentions of one event.
 *
 * Actor codes are split by their 3-letter units with the table below,
 * built from dict/cameo/actor_codes.txt (CAMEO codebook) and GeoNames
 * countryInfo.txt (FIPS 10-4 codes and English names; CC BY 4.0; see
 * dict/SOURCES.md). The writer cannot load files (it gets a document, not
 * a dictionary folder), and the table is facts that change once a decade,
 * so it is compiled in; scripts can regenerate it from the same sources.
 *
 * Each document's rows are built in one buffer and written with one
 * fwrite, so a failed document never leaves half a row behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/doc.h"
#include "entity/dict.h"
#include "event/cameo.h"
#include "io/gdelt.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---------------------------------------------------------------- actor code units */

/* kind: 'C' country (ISO 3166 or CAMEO legacy), 'R' region, 'T' role or
 * type, 'G' international type (IGO, NGO, ...: a known group code may
 * follow), '1' / '2' / 'B' religion (primary, secondary, either). The
 * units come from dict/cameo/actor_codes.txt as the pipeline loaded it. */
typedef struct unit {
    char code[4];
    char kind;
    char fips[8];  /* countries: FIPS 10-4 code ("" when none) */
    char name[64]; /* countries: English name ("" when none) */
} unit;

/* The unit of the 3 bytes at s from the table us into *u; NULL when it
 * is unknown (or there is no table). */
static const unit *unit_find_in(const cameo_units *us, const char *s, unit *u)
{
    const char *kind = cameo_unit_kind(us, s), *desc = cameo_unit_desc(us, s);
    if (!kind || !desc)
        return NULL;
    memset(u, 0, sizeof *u);
    memcpy(u->code, s, 3);
    int r1 = strstr(kind, "religion_1") != NULL, r2 = strstr(kind, "religion_2") != NULL;
    if (strstr(kind, "role") || strstr(kind, "party"))
        u->kind = 'T';
    else if (strstr(kind, "country") || strstr(kind, "iso3") || strstr(kind, "legacy"))
        u->kind = 'C';
    else if (strstr(kind, "region"))
        u->kind = 'R';
    else if (strstr(kind, "international"))
        u->kind = 'G';
    else if (r1 || r2)
        u->kind = r1 && r2 ? 'B' : r1 ? '1' : '2';
    if (u->kind != 'C')
        return u;
    /* "Timor_Leste | ISO2=TL ISO3=TLS FIPS10=TT COW=ETM/860" */
    size_t n = 0;
    for (const char *p = desc; *p && strncmp(p, " |", 2) && n + 1 < sizeof u->name; p++)
        u->name[n++] = *p == '_' ? ' ' : *p;
    const char *f = strstr(desc, "FIPS10=");
    if (f && strncmp(f + 7, "NOT_YET", 7)) {
        f += 7;
    } else if ((f = strstr(desc, "ISO2="))) {
        f += 5; /* no FIPS code yet (Kosovo): GDELT uses the ISO one */
    }
    for (n = 0; f && f[n] && f[n] != ' ' && n + 1 < sizeof u->fips; n++)
        u->fips[n] = f[n];
    return u;
}

/* The unit of the 3 bytes at s from the pipeline's table. */
static const unit *unit_find(const casus_doc *d, const char *s, unit *u)
{
    return unit_find_in(d->pipeline ? d->pipeline->units : NULL, s, u);
}

int io_gdelt_country(const casus_doc *d, const char *code, io_country *out)
{
    return io_gdelt_units_country(d->pipeline ? d->pipeline->units : NULL, code, out);
}

int io_gdelt_units_country(const struct cameo_units *us, const char *code, io_country *out)
{
    memset(out, 0, sizeof *out);
    unit ub;
    const unit *u = code && strlen(code) >= 3 ? unit_find_in(us, code, &ub) : NULL;
    if (!u || u->kind != 'C')
        return 0;
    memcpy(out->code, u->code, sizeof out->code);
    memcpy(out->fips, u->fips, sizeof out->fips);
    memcpy(out->name, u->name, sizeof out->name);
    const char *desc = cameo_unit_desc(us, code);
    const char *iso2 = desc ? strstr(desc, "ISO2=") : NULL;
    if (iso2 && iso2[5] && iso2[5] != ' ' && iso2[6] && iso2[6] != ' ' &&
        (iso2[7] == ' ' || !iso2[7])) {
        out->iso2[0] = iso2[5];
        out->iso2[1] = iso2[6];
    }
    return 1;
}

typedef io_actor_cols actor_cols;

static void set3(char dst[4], const char *s)
{
    memcpy(dst, s, 3);
    dst[3] = 0;
}

static int is_upper3(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    return 1;
}

/* Splits a CAMEO actor code into its units, left to right: the first
 * country or region is the country affiliation (GDELT puts regions there
 * too: "EUR"); roles and international types fill Type1-3 in order;
 * religions fill Religion1 then Religion2; an unknown unit after an
 * international type (IGOUNO, IMGMOSALQ) is the known group. Units of no
 * known kind elsewhere (CHRCTH's CTH) stay only in the full code. */
static void split_code(const casus_doc *d, const char *code, actor_cols *a)
{
    io_gdelt_split_code(d->pipeline ? d->pipeline->units : NULL, code, a);
}

void io_gdelt_split_code(const struct cameo_units *us, const char *code, io_actor_cols *a)
{
    memset(a, 0, sizeof *a);
    size_t n = code ? strlen(code) : 0;
    int n_type = 0, intl = 0;
    for (size_t i = 0; i + 3 <= n; i += 3) {
        const char *s = code + i;
        unit ub;
        const unit *u = unit_find_in(us, s, &ub);
        char k = u ? u->kind : 0;
        if ((k == 'C' || k == 'R') && !a->country[0]) {
            set3(a->country, s);
        } else if (k == 'T' || k == 'G') {
            if (n_type < 3)
                set3(a->type[n_type++], s);
            intl |= k == 'G';
        } else if (k == '1' || k == '2' || k == 'B') {
            if (k != '2' && !a->rel1[0])
                set3(a->rel1, s);
            else if (!a->rel2[0])
                set3(a->rel2, s);
        } else if (!u && intl && !a->known[0] && is_upper3(s)) {
            set3(a->known, s);
        }
    }
}

/* ---------------------------------------------------------------- fields */

/* Appends s[0..n) as one field: tabs, newlines and other control
 * characters become spaces (a field never breaks its row), invalid UTF-8
 * becomes U+FFFD, and with upper, ASCII letters are capitalised (GDELT's
 * actor names are upper case: "UNITED STATES"). */
int io_gdelt_text(buf *b, const char *s, size_t n, int upper)
{
    const unsigned char *u = (const unsigned char *)s;
    int rc = buf_reserve(b, n + 3);
    for (size_t i = 0; !rc && i < n;) {
        unsigned char c = u[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F)
                c = ' ';
            else if (upper && c >= 'a' && c <= 'z')
                c = (unsigned char)(c - 'a' + 'A');
            rc = buf_putc(b, c);
            i++;
            continue;
        }
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

static int put_str(buf *b, const char *s)
{
    return s ? io_gdelt_text(b, s, strlen(s), 0) : 0;
}

/* A tab, then the field. */
static int col(buf *b, const char *s)
{
    int rc = buf_putc(b, '\t');
    return rc ? rc : put_str(b, s);
}

static int col_int(buf *b, long long v)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", v);
    return col(b, num);
}

/* ---------------------------------------------------------------- ids, dates */

uint64_t casus_gdelt_event_id(const char *article_id, size_t index)
{
    /* FNV-1a 64 over "<article_id>-<index+1>", the event's JSON id */
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)(article_id ? article_id : ""); *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    char num[32];
    snprintf(num, sizeof num, "-%zu", index + 1);
    for (const unsigned char *p = (const unsigned char *)num; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    /* FNV-1a mixes its last bytes weakly ("gd-1-1", "gd-1-2" would share
     * their high bits): the splitmix64 finaliser spreads them */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h & 0x7FFFFFFFFFFFFFFFull;
}

/* "YYYY-MM-DD" into year, month, day; 0 when s is no such date. */
static int ymd(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    return *y > 0 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* DATEADDED: the article's date at 00:00:00 (casus has no crawl time), or
 * "" when the article has no date. */
static void date_added(const casus_article *a, char out[16])
{
    int y, m, d;
    out[0] = 0;
    if (ymd(a->date, &y, &m, &d))
        snprintf(out, 16, "%04d%02d%02d000000", y % 10000, m, d);
}

/* ---------------------------------------------------------------- places */

enum {
    GEO_NONE = 0,
    GEO_COUNTRY = 1,
    GEO_USSTATE = 2,
    GEO_USCITY = 3,
    GEO_WORLDCITY = 4,
    GEO_WORLDSTATE = 5
};

/* GDELT's resolution of a place mention: a country when the dictionaries
 * name it as one (or its name is the country's), a first-level division
 * when the gazetteer says so, else a city or landmark (the coder only
 * places events at LOC mentions "in" or "at" somewhere). US places take
 * GDELT's US classes. */
static int geo_type(const casus_doc *d, const casus_mention *m, const unit *cu)
{
    int us = cu && !strcmp(cu->code, "USA");
    const edict *dict = d->pipeline ? d->pipeline->dict : NULL;
    if (dict && m->n_words && m->n_words <= 16) {
        const char *norms[16];
        for (uint32_t i = 0; i < m->n_words; i++)
            norms[i] = d->words[m->word + i].norm;
        edict_match em;
        if (edict_longest(dict, norms, m->n_words, 0, &em) == m->n_words)
            for (size_t i = 0; i < em.n_entries; i++) {
                if (em.entries[i]->kind == EDICT_COUNTRY)
                    return GEO_COUNTRY;
                if (em.entries[i]->kind == EDICT_CAPITAL)
                    return us ? GEO_USCITY : GEO_WORLDCITY;
            }
        /* a division only when no city has the name ("Tehran" is both) */
        int adm1 = 0, city = 0;
        if (edict_longest_place(dict, norms, m->n_words, 0, &em) == m->n_words)
            for (size_t i = 0; i < em.n_entries; i++) {
                const edict_geo *g = em.entries[i]->geo;
                if (g && g->feature && !strncmp(g->feature, "ADM1", 4))
                    adm1 = 1;
                else
                    city = 1;
            }
        if (adm1 && !city)
            return us ? GEO_USSTATE : GEO_WORLDSTATE;
    }
    if (m->entity >= 0 && cu && cu->name[0] && !strcmp(d->entities[m->entity].name, cu->name))
        return GEO_COUNTRY;
    return us ? GEO_USCITY : GEO_WORLDCITY;
}

/* The 8 columns Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat,
 * Long, FeatureID of place mention pm; pm -1 is "no place", written as
 * GDELT does: type 0, the rest empty. A country's ADM1Code and FeatureID
 * are its FIPS code, as in GDELT; a city's FullName is "City, Country"
 * (its ADM1 is unknown until geocoding). */
static int put_geo(buf *b, const casus_doc *d, int32_t pm, const casus_place *pl)
{
    if (pm < 0)
        return buf_puts(b, "\t0\t\t\t\t\t\t\t");
    const casus_mention *m = &d->mentions[pm];
    unit cub;
    const unit *cu = strlen(m->code) >= 3 ? unit_find(d, m->code, &cub) : NULL;
    if (cu && cu->kind != 'C')
        cu = NULL;
    int type = geo_type(d, m, cu);
    const char *fips = cu ? cu->fips : "";
    int rc = col_int(b, type);
    if (!rc)
        rc = buf_putc(b, '\t');
    if (!rc) {
        if (m->entity >= 0)
            rc = put_str(b, d->entities[m->entity].name);
        else
            rc = io_gdelt_text(b, d->article->text + m->start, m->end - m->start, 0);
    }
    if (!rc && type != GEO_COUNTRY && cu && cu->name[0]) {
        rc = buf_puts(b, ", ");
        if (!rc)
            rc = put_str(b, cu->name);
    }
    if (!rc)
        rc = col(b, fips); /* CountryCode */
    /* a geocoded place: GDELT's ADM1 is the FIPS country code and the
     * division's code, the feature id GeoNames' id */
    char adm1[32] = "", num[64] = "";
    if (type == GEO_COUNTRY)
        snprintf(adm1, sizeof adm1, "%s", fips);
    else if (pl && pl->found && pl->admin1 && fips[0])
        snprintf(adm1, sizeof adm1, "%s%s", fips, pl->admin1);
    if (!rc)
        rc = col(b, adm1); /* ADM1Code */
    if (!rc)
        rc = buf_putc(b, '\t'); /* ADM2Code */
    if (!rc && pl && pl->found && pl->has_coords) {
        snprintf(num, sizeof num, "\t%.4f\t%.4f", pl->lat, pl->lon);
        rc = buf_puts(b, num);
    } else if (!rc) {
        rc = buf_puts(b, "\t\t"); /* Lat, Long */
    }
    if (!rc && type != GEO_COUNTRY && pl && pl->found && pl->geonameid) {
        snprintf(num, sizeof num, "\t%u", pl->geonameid);
        rc = buf_puts(b, num); /* FeatureID */
    } else if (!rc) {
        rc = col(b, type == GEO_COUNTRY ? fips : ""); /* FeatureID */
    }
    return rc;
}

/* ---------------------------------------------------------------- events */

/* The 10 actor columns (6-15 or 16-25): code, name, country, known group,
 * ethnic (always empty), religion 1 and 2, types 1-3; all empty for a
 * missing actor. */
static int put_actor(buf *b, const casus_doc *d, const casus_event_actor *a, int present)
{
    if (!present)
        return buf_puts(b, "\t\t\t\t\t\t\t\t\t\t");
    actor_cols k;
    split_code(d, a->code, &k);
    int rc = col(b, a->code);
    if (!rc)
        rc = buf_putc(b, '\t');
    if (!rc && a->name)
        rc = io_gdelt_text(b, a->name, strlen(a->name), 1);
    const char *rest[8] = {k.country, k.known, "", k.rel1, k.rel2, k.type[0], k.type[1], k.type[2]};
    for (int i = 0; !rc && i < 8; i++)
        rc = col(b, rest[i]);
    return rc;
}

static int put_event_row(buf *b, const casus_doc *d, size_t i, const char *added)
{
    const casus_event *e = &d->events[i];
    char num[96];
    snprintf(num, sizeof num, "%llu",
             (unsigned long long)casus_gdelt_event_id(d->article->id, i));
    int rc = buf_puts(b, num);
    int y, m, dd;
    if (!rc) {
        if (ymd(e->date, &y, &m, &dd)) {
            /* FractionDate as GDELT's own rows have it: year + ((month - 1)
             * * 30 + day) / 365 (20170701 is 2017.4959; the codebook's
             * "MONTH * 30" is a month off against its data) */
            snprintf(num, sizeof num, "\t%04d%02d%02d\t%04d%02d\t%04d\t%.4f", y, m, dd, y, m, y,
                     y + ((m - 1) * 30 + dd) / 365.0);
            rc = buf_puts(b, num);
        } else {
            rc = buf_puts(b, "\t\t\t\t");
        }
    }
    if (!rc)
        rc = put_actor(b, d, &e->source, 1);
    if (!rc)
        rc = put_actor(b, d, &e->target, e->has_target);
    if (!rc)
        rc = col_int(b, e->sentence == 0); /* IsRootEvent: the lead sentence */
    if (!rc)
        rc = col(b, e->code);
    if (!rc)
        rc = col(b, e->base);
    if (!rc)
        rc = col(b, e->root);
    if (!rc) {
        /* QuadClass, Goldstein; NumMentions, NumSources, NumArticles 1;
         * AvgTone empty (no tone layer yet) */
        snprintf(num, sizeof num, "\t%d\t%.1f\t1\t1\t1\t", e->quadclass, e->goldstein);
        rc = buf_puts(b, num);
    }
    if (!rc)
        rc = put_geo(b, d, -1, NULL); /* Actor1Geo: casus places events, not actors */
    if (!rc)
        rc = put_geo(b, d, -1, NULL); /* Actor2Geo */
    if (!rc)
        rc = put_geo(b, d, e->place_mention, &e->place); /* ActionGeo */
    if (!rc)
        rc = col(b, added);
    if (!rc)
        rc = col(b, d->article->url);
    if (!rc)
        rc = buf_putc(b, '\n');
    return rc;
}

static int flush_rows(FILE *f, buf *b, int rc)
{
    if (!rc && b->len && fwrite(b->data, 1, b->len, f) != b->len)
        rc = CASUS_EIO;
    buf_finish(b);
    return rc;
}

int casus_write_gdelt_events(FILE *f, const casus_doc *d)
{
    char added[16];
    date_added(d->article, added);
    buf b;
    buf_init(&b, 0);
    int rc = 0;
    for (size_t i = 0; !rc && i < d->n_events; i++)
        rc = put_event_row(&b, d, i, added);
    return flush_rows(f, &b, rc);
}

/* ---------------------------------------------------------------- mentions */

void io_url_domain(const char *url, char *out, size_t size)
{
    out[0] = 0;
    const char *p = strstr(url, "://");
    if (!p)
        return;
    p += 3;
    const char *end = p + strcspn(p, "/?#");
    const char *at = memchr(p, '@', (size_t)(end - p));
    if (at)
        p = at + 1;
    const char *colon = memchr(p, ':', (size_t)(end - p));
    if (colon)
        end = colon;
    if (end - p > 4 && !strncasecmp(p, "www.", 4))
        p += 4;
    size_t n = 0;
    for (; p < end && n + 1 < size; p++) {
        char c = *p;
        out[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = 0;
}

/* Characters (code points; an invalid byte counts as one, as U+FFFD) of
 * text before byte offset off: GDELT's offsets and lengths count
 * characters, casus's count bytes. */
size_t io_char_offset(const char *text, size_t off)
{
    size_t n = 0;
    for (size_t i = 0; i < off; n++) {
        if ((unsigned char)text[i] < 0x80) {
            i++;
        } else {
            int32_t cp;
            i += (size_t)utf8_decode((const unsigned char *)text + i, off - i, &cp);
        }
    }
    return n;
}

static long long mention_offset(const casus_doc *d, const casus_event_actor *a, int present)
{
    if (!present || a->mention < 0)
        return -1;
    return (long long)io_char_offset(d->article->text, d->mentions[a->mention].start);
}

int casus_write_gdelt_mentions(FILE *f, const casus_doc *d)
{
    const casus_article *a = d->article;
    char added[16], domain[256], num[160];
    date_added(a, added);
    io_url_domain(a->url, domain, sizeof domain);
    int web = a->url[0] != 0;
    long long doc_len = (long long)io_char_offset(a->text, a->text_len);
    buf b;
    buf_init(&b, 0);
    int rc = 0;
    for (size_t i = 0; !rc && i < d->n_events; i++) {
        const casus_event *e = &d->events[i];
        snprintf(num, sizeof num, "%llu", (unsigned long long)casus_gdelt_event_id(a->id, i));
        rc = buf_puts(&b, num);
        if (!rc)
            rc = col(&b, added); /* EventTimeDate: the event's DATEADDED */
        if (!rc)
            rc = col(&b, added); /* MentionTimeDate: this article's */
        if (!rc)
            rc = col_int(&b, web ? 1 : 2); /* 1 WEB; 2 CITATIONONLY: the article id */
        if (!rc)
            rc = col(&b, domain);
        if (!rc)
            rc = col(&b, web ? a->url : a->id);
        double conf = e->confidence * 100.0 + 0.5;
        int pct = conf < 0 ? 0 : conf > 100 ? 100 : (int)conf;
        if (!rc) {
            /* SentenceID (from 1), actor and action offsets (-1: no such
             * actor), InRawText 1, Confidence, MentionDocLen; then
             * MentionDocTone, MentionDocTranslationInfo, Extras empty */
            snprintf(num, sizeof num, "\t%u\t%lld\t%lld\t%lld\t1\t%d\t%lld\t\t\t\n",
                     e->sentence + 1, mention_offset(d, &e->source, 1),
                     mention_offset(d, &e->target, e->has_target),
                     (long long)io_char_offset(a->text, e->trigger_start), pct, doc_len);
            rc = buf_puts(&b, num);
        }
    }
    return flush_rows(f, &b, rc);
}
