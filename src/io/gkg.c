/*
 * gkg.c — the GDELT Global Knowledge Graph 2.1 export: one row of 27
 * tab-separated columns per article, no header, as GDELT's gkg.csv files
 * (`casus code --format gdelt-gkg`).
 *
 * Input: a processed document (its entity and knowledge layers and its
 * article). Output: one line. docs/knowledge/gkg.md lists every column;
 * the short version:
 *  - GKGRECORDID is "<V2.1DATE>-<n>": GDELT numbers the records of each
 *    15-minute batch, casus has no batches, so n is a stable hash of the
 *    article id (FNV-1a 64 mixed by splitmix64, top bit clear) and the id
 *    stays the same across runs, machines and -j. V2.1DATE is the
 *    article's date at 00:00:00, or 0 (the codebook's "not known").
 *  - Collection 1 (WEB) with the URL and its domain; an article without a
 *    URL is 2 (CITATIONONLY) with its id in both columns.
 *  - Counts (only those with a GDELT count type: the codebook's counts are
 *    category counts; every number is in Amounts), themes, locations,
 *    persons, organisations, tone, dates, quotations, all names and
 *    amounts from the document's layers. The V1 columns list each
 *    distinct item once, the V2 ones every mention with its offset.
 *  - Empty: GCAM, images, embeds, translation info (casus has none).
 *    Extras holds <PAGE_TITLE> when the article has a title.
 *
 * Offsets are GDELT's: characters (code points) from the start of the
 * text, where casus keeps bytes; a checkpoint table (one entry per 256
 * bytes, none at all for ASCII text) makes each conversion O(1) amortised
 * whatever order the lists come in.
 *
 * Separators are the codebook's: ";" ends each item of a list, "#"
 * separates the fields of counts, locations and dates, "," those of
 * themes, names and amounts, "|" those of a quotation and "#" separates
 * quotations. Text taken from the article or the dictionaries never
 * carries the separators of its place: they, tabs, line breaks (also
 * U+0085, U+2028, U+2029) and other control characters become spaces,
 * runs of spaces become one, invalid UTF-8 becomes U+FFFD, so every row
 * splits back into 27 columns and every list into the same items.
 *
 * The row is built in one buffer and written with one fwrite, so a failed
 * document leaves nothing behind.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/doc.h"
#include "entity/geo.h"
#include "io/gdelt.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---------------------------------------------------------------- text */

#define CLEAN_LOWER IO_GKG_LOWER /* letters lower-cased */
#define CLEAN_XML IO_GKG_XML     /* &, <, > as XML entities */

/* Appends s[0..n) cleaned for its place in the row: the characters of
 * forbid, control characters and Unicode line breaks become spaces, runs
 * of spaces one space, leading and trailing spaces go, invalid UTF-8
 * becomes U+FFFD; lower holds CLEAN_* flags. Returns 0 or a buf error;
 * *wrote (may be NULL) gets 1 when anything was appended. */
int io_gkg_clean(buf *b, const char *s, size_t n, const char *forbid, int lower, int *wrote)
{
    const unsigned char *u = (const unsigned char *)s;
    int rc = buf_reserve(b, n + 3), space = 0, any = 0;
    for (size_t i = 0; !rc && i < n;) {
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            if (c <= 0x20 || c == 0x7F || (forbid && strchr(forbid, c))) {
                space = any;
                continue;
            }
            if (space)
                rc = buf_putc(b, ' ');
            if ((lower & CLEAN_LOWER) && c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            if (!rc && (lower & CLEAN_XML) && (c == '&' || c == '<' || c == '>'))
                rc = buf_puts(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;");
            else if (!rc)
                rc = buf_putc(b, c);
            space = 0;
            any = 1;
            continue;
        }
        int32_t cp;
        int k = utf8_decode(u + i, n - i, &cp);
        if (cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xA0) {
            i += (size_t)k;
            space = any;
            continue;
        }
        if (space)
            rc = buf_putc(b, ' ');
        int32_t low = (lower & CLEAN_LOWER) ? (int32_t)utf8proc_tolower(cp) : cp;
        if (!rc && low != cp) {
            unsigned char enc[4];
            rc = buf_append(b, enc, (size_t)utf8_encode(low, enc));
        } else if (!rc) {
            rc = cp == UTF8_REPLACEMENT && k == 1 ? buf_append(b, "\xEF\xBF\xBD", 3)
                                                  : buf_append(b, s + i, (size_t)k);
        }
        i += (size_t)k;
        space = 0;
        any = 1;
    }
    if (wrote)
        *wrote = any;
    return rc;
}

/* Drops what was appended after mark. */
static void cut(buf *b, size_t mark)
{
    b->len = mark;
    if (b->data)
        b->data[mark] = 0;
}

static int put_cstr(buf *b, const char *s, const char *forbid)
{
    return s ? io_gkg_clean(b, s, strlen(s), forbid, 0, NULL) : 0;
}

/* A number as the codebook writes it: integers without a decimal point
 * or exponent ("1200000000"), others with up to 6 decimals. */
static void fmt_num(char *out, size_t size, double x)
{
    if (!isfinite(x))
        x = 0;
    if (x == floor(x) && fabs(x) < 1e21) {
        snprintf(out, size, "%.0f", x);
        return;
    }
    if (fabs(x) >= 1e15) {
        snprintf(out, size, "%.15g", x);
        return;
    }
    snprintf(out, size, "%.6f", x);
    char *e = out + strlen(out);
    while (e > out && e[-1] == '0')
        *--e = 0;
    if (e > out && e[-1] == '.')
        *--e = 0;
    if (!strcmp(out, "-0"))
        snprintf(out, size, "0");
}

int io_gkg_num(buf *b, double x)
{
    char num[64];
    fmt_num(num, sizeof num, x);
    return buf_puts(b, num);
}

static int put_u64(buf *b, unsigned long long v)
{
    char num[32];
    snprintf(num, sizeof num, "%llu", v);
    return buf_puts(b, num);
}

/* ---------------------------------------------------------------- offsets */

#define CK_SHIFT 8 /* a checkpoint every 256 bytes */

/* Byte offsets to character offsets. ascii: the text is ASCII, offsets
 * are equal. Otherwise ck[k] is the first character boundary at or after
 * byte k << CK_SHIFT and nc[k] the characters before it. */
typedef struct charmap {
    const char *text;
    size_t len;
    int ascii;
    size_t *ck, *nc;
} charmap;

static int charmap_init(charmap *m, const char *text, size_t len)
{
    memset(m, 0, sizeof *m);
    m->text = text;
    m->len = len;
    if (utf8_ascii_prefix(text, len) == len) {
        m->ascii = 1;
        return 0;
    }
    size_t n = (len >> CK_SHIFT) + 1;
    m->ck = malloc(n * sizeof *m->ck);
    m->nc = malloc(n * sizeof *m->nc);
    if (!m->ck || !m->nc) {
        free(m->ck);
        free(m->nc);
        return CASUS_ENOMEM;
    }
    size_t chars = 0, k = 0;
    for (size_t i = 0; i < len; chars++) {
        while (k < n && (k << CK_SHIFT) <= i) {
            m->ck[k] = i;
            m->nc[k++] = chars;
        }
        if ((unsigned char)text[i] < 0x80) {
            i++;
        } else {
            int32_t cp;
            i += (size_t)utf8_decode((const unsigned char *)text + i, len - i, &cp);
        }
    }
    for (; k < n; k++) {
        m->ck[k] = len;
        m->nc[k] = chars;
    }
    return 0;
}

static void charmap_finish(charmap *m)
{
    free(m->ck);
    free(m->nc);
}

/* Characters of the text before byte offset off (clamped to the text). */
static size_t char_at(const charmap *m, size_t off)
{
    if (off > m->len)
        off = m->len;
    if (m->ascii)
        return off;
    size_t k = off >> CK_SHIFT;
    while (k > 0 && m->ck[k] > off)
        k--;
    size_t i = m->ck[k], chars = m->nc[k];
    while (i < off) {
        if ((unsigned char)m->text[i] < 0x80) {
            i++;
        } else {
            int32_t cp;
            i += (size_t)utf8_decode((const unsigned char *)m->text + i, m->len - i, &cp);
        }
        chars++;
    }
    return chars;
}

static int put_off(buf *b, const charmap *m, size_t off)
{
    return put_u64(b, (unsigned long long)char_at(m, off));
}

/* ---------------------------------------------------------------- distinct names */

/* A fixed set of 64-bit name hashes for the V1 columns, which list each
 * name once; past NSET_SLOTS / 2 names it stops remembering (a name may
 * then repeat), which keeps it free of allocation. */
#define NSET_SLOTS 1024

typedef struct nameset {
    uint64_t h[NSET_SLOTS];
    size_t n;
} nameset;

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return mix64(h) | 1; /* 0 marks an empty slot */
}

/* 1 when s[0..n) was not in the set (and is now), else 0. */
static int nameset_add(nameset *set, const char *s, size_t n)
{
    uint64_t h = hash_bytes(s, n);
    size_t i = (size_t)(h & (NSET_SLOTS - 1));
    for (size_t probe = 0; probe < NSET_SLOTS; probe++, i = (i + 1) & (NSET_SLOTS - 1)) {
        if (set->h[i] == h)
            return 0;
        if (!set->h[i]) {
            if (set->n < NSET_SLOTS / 2) {
                set->h[i] = h;
                set->n++;
            }
            return 1;
        }
    }
    return 1;
}

/* Appends an item of a V1 list ("name;"), cleaned with forbid, unless
 * the set has it already or it is empty once cleaned. */
static int put_distinct(buf *b, nameset *set, const char *s, size_t n, const char *forbid,
                        int lower)
{
    size_t mark = b->len;
    int wrote = 0;
    int rc = io_gkg_clean(b, s, n, forbid, lower, &wrote);
    if (rc)
        return rc;
    if (!wrote || !nameset_add(set, b->data + mark, b->len - mark)) {
        cut(b, mark);
        return 0;
    }
    return buf_putc(b, ';');
}

/* Appends "name,offset;" (nothing when the name cleans to nothing). */
static int put_name_off(buf *b, const charmap *m, const char *s, size_t n, size_t off)
{
    size_t mark = b->len;
    int wrote = 0;
    int rc = io_gkg_clean(b, s, n, ";,", 0, &wrote);
    if (!rc && !wrote) {
        cut(b, mark);
        return 0;
    }
    if (!rc)
        rc = buf_putc(b, ',');
    if (!rc)
        rc = put_off(b, m, off);
    return rc ? rc : buf_putc(b, ';');
}

/* ---------------------------------------------------------------- counts, themes */

static int put_counts(buf *b, const casus_doc *d, const charmap *m, int v2)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < d->n_counts; i++) {
        const casus_count *c = &d->counts[i];
        size_t mark = b->len;
        int wrote = 0;
        /* only GDELT's categories; the type is a dictionary word, cleaned
         * all the same */
        if (!c->type)
            continue;
        rc = io_gkg_clean(b, c->type, strlen(c->type), ";#,", 0, &wrote);
        if (!rc && !wrote) {
            cut(b, mark);
            continue;
        }
        if (!rc)
            rc = buf_putc(b, '#');
        if (!rc)
            rc = io_gkg_num(b, c->count);
        if (!rc)
            rc = buf_putc(b, '#');
        if (!rc)
            rc = put_cstr(b, c->object, ";#");
        /* the count's place is not known: location type 0 ("no location",
         * as in the event export) and empty FullName, CountryCode,
         * ADM1Code, Lat, Long, FeatureID */
        if (!rc)
            rc = buf_puts(b, "#0######");
        if (!rc && v2) {
            rc = buf_putc(b, '#');
            if (!rc)
                rc = put_off(b, m, c->start);
        }
        if (!rc)
            rc = buf_putc(b, ';');
    }
    return rc;
}

static int put_themes(buf *b, const casus_doc *d, const charmap *m, int v2)
{
    nameset *set = NULL;
    if (!v2 && !(set = calloc(1, sizeof *set)))
        return CASUS_ENOMEM;
    int rc = 0;
    for (size_t i = 0; !rc && i < d->n_themes; i++) {
        const casus_theme_hit *t = &d->themes[i];
        if (!t->theme)
            continue;
        if (v2)
            rc = put_name_off(b, m, t->theme, strlen(t->theme), t->start);
        else
            rc = put_distinct(b, set, t->theme, strlen(t->theme), ";,", 0);
    }
    free(set);
    return rc;
}

/* ---------------------------------------------------------------- locations */

enum { GEO_COUNTRY = 1, GEO_USSTATE = 2, GEO_USCITY = 3, GEO_WORLDCITY = 4, GEO_WORLDSTATE = 5 };

/* The countries the article's mentions are coded with, looked up once
 * per row (a location knows only its ISO code, which the actor-code table
 * cannot be searched by). */
typedef struct countries {
    io_country c[32];
    size_t n;
} countries;

static void countries_init(countries *cs, const casus_doc *d)
{
    char codes[32][4];
    size_t n = geo_article_countries(d, codes, 32);
    cs->n = 0;
    for (size_t i = 0; i < n; i++)
        if (io_gdelt_country(d, codes[i], &cs->c[cs->n]))
            cs->n++;
}

/* The index of the word holding byte off, or d->n_words. */
static size_t word_at(const casus_doc *d, uint32_t off)
{
    size_t lo = 0, hi = d->n_words;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->words[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n_words && d->words[lo].start <= off ? lo : d->n_words;
}

/* The country of location l: its own code when it is a CAMEO one; else
 * the country of a mention naming it whose ISO code is the location's
 * (the code table has ISO codes two countries share); else one of the
 * article's countries with that ISO code; else a unit whose code starts
 * as the ISO code does (ISO 3166 alpha-3 mostly does). 0 when none. */
static int location_country(const casus_doc *d, const countries *cs, const casus_location *l,
                            io_country *out)
{
    const char *iso = l->place.country;
    if (strlen(iso) == 3)
        return io_gdelt_country(d, iso, out);
    if (strlen(iso) != 2)
        return 0;
    for (size_t k = 0; d->word_mention && k < l->n_mentions && k < 8; k++) {
        size_t w = word_at(d, l->mentions[k].start);
        int32_t mi = w < d->n_words ? d->word_mention[w] : -1;
        if (mi >= 0 && (size_t)mi < d->n_mentions &&
            io_gdelt_country(d, d->mentions[mi].code, out) && !strcmp(out->iso2, iso))
            return 1;
    }
    for (size_t i = 0; i < cs->n; i++)
        if (!strcmp(cs->c[i].iso2, iso)) {
            *out = cs->c[i];
            return 1;
        }
    char code[4] = {iso[0], 'A', 'A', 0};
    for (char x = 'A'; x <= 'Z'; x++)
        for (char y = 'A'; y <= 'Z'; y++) {
            code[1] = x;
            code[2] = y;
            if (io_gdelt_country(d, code, out) && !strcmp(out->iso2, iso))
                return 1;
        }
    memset(out, 0, sizeof *out);
    return 0;
}

/* What one location's columns say, worked out once per location. */
typedef struct geo {
    int type;
    const char *name; /* the place's own name */
    char cname[64];   /* its country's name, "" when unknown */
    char fips[8];
    char adm1[32];
    char feature[32];
    char lat[32], lon[32];
} geo;

static void geo_of(const casus_doc *d, const countries *cs, const casus_location *l, geo *g)
{
    const casus_place *p = &l->place;
    io_country c;
    int known = location_country(d, cs, l, &c);
    memset(g, 0, sizeof *g);
    g->name = p->name ? p->name : "";
    if (known) {
        snprintf(g->cname, sizeof g->cname, "%s", c.name);
        snprintf(g->fips, sizeof g->fips, "%s", c.fips);
    }
    int us = !strcmp(p->country, "US") || !strcmp(g->fips, "US");
    const char *f = p->feature ? p->feature : "";
    if (!strcmp(f, "country"))
        g->type = GEO_COUNTRY;
    else if (!strncmp(f, "ADM1", 4))
        g->type = us ? GEO_USSTATE : GEO_WORLDSTATE;
    else
        g->type = us ? GEO_USCITY : GEO_WORLDCITY;
    /* ADM1Code: the FIPS country code, followed for places below a
     * country by the division's code (GeoNames', as the event export) */
    if (g->type == GEO_COUNTRY)
        snprintf(g->adm1, sizeof g->adm1, "%s", g->fips);
    else if (p->admin1 && g->fips[0])
        snprintf(g->adm1, sizeof g->adm1, "%s%s", g->fips, p->admin1);
    /* FeatureID: a country's or a division's code, a city's GeoNames id */
    if (g->type == GEO_COUNTRY)
        snprintf(g->feature, sizeof g->feature, "%s", g->fips);
    else if (g->type == GEO_USSTATE || g->type == GEO_WORLDSTATE)
        snprintf(g->feature, sizeof g->feature, "%s", g->adm1);
    else if (p->geonameid)
        snprintf(g->feature, sizeof g->feature, "%u", p->geonameid);
    if (p->has_coords && isfinite(p->lat) && isfinite(p->lon)) {
        snprintf(g->lat, sizeof g->lat, "%.4f", p->lat);
        snprintf(g->lon, sizeof g->lon, "%.4f", p->lon);
    }
}

/* One location item: Type#FullName#CountryCode#ADM1Code[#ADM2Code]#Lat#
 * Long#FeatureID[#Offset]; (V2 adds the empty ADM2Code and the offset).
 * FullName is the country's name, else "Place, Country". */
static int put_geo(buf *b, const geo *g, int v2, const charmap *m, size_t off)
{
    char num[16];
    snprintf(num, sizeof num, "%d#", g->type);
    int rc = buf_puts(b, num);
    if (!rc)
        rc = put_cstr(b, g->name, ";#");
    if (!rc && g->type != GEO_COUNTRY && g->cname[0] && strcmp(g->cname, g->name)) {
        rc = buf_puts(b, ", ");
        if (!rc)
            rc = put_cstr(b, g->cname, ";#");
    }
    const char *rest[] = {g->fips, g->adm1, "", g->lat, g->lon, g->feature};
    for (size_t i = 0; !rc && i < sizeof rest / sizeof *rest; i++) {
        if (i == 2 && !v2)
            continue; /* ADM2Code: V2 only */
        rc = buf_putc(b, '#');
        if (!rc)
            rc = put_cstr(b, rest[i], ";#");
    }
    if (!rc && v2) {
        rc = buf_putc(b, '#');
        if (!rc)
            rc = put_off(b, m, off);
    }
    return rc ? rc : buf_putc(b, ';');
}

/* Both location columns: V1 each location once, V2 each mention. */
static int put_locations(buf *b, buf *v2, const casus_doc *d, const charmap *m)
{
    countries cs;
    countries_init(&cs, d);
    int rc = 0;
    for (size_t i = 0; !rc && i < d->n_locations; i++) {
        const casus_location *l = &d->locations[i];
        if (!l->place.found)
            continue;
        geo g;
        geo_of(d, &cs, l, &g);
        rc = put_geo(b, &g, 0, m, 0);
        for (size_t k = 0; !rc && k < l->n_mentions; k++)
            rc = put_geo(v2, &g, 1, m, l->mentions[k].start);
    }
    return rc;
}

/* ---------------------------------------------------------------- names */

/* The name a mention is listed under: its entity's name, else its text. */
static void mention_name(const casus_doc *d, const casus_mention *mn, const char **s, size_t *n)
{
    if (mn->entity >= 0 && (size_t)mn->entity < d->n_entities && d->entities[mn->entity].name) {
        *s = d->entities[mn->entity].name;
        *n = strlen(*s);
    } else {
        size_t len = d->article->text_len;
        size_t a = mn->start < len ? mn->start : len, z = mn->end < len ? mn->end : len;
        *s = d->article->text + a;
        *n = z > a ? z - a : 0;
    }
}

/* Name mentions of type t ('P', 'O'; 0 for every type: AllNames): V1 the
 * distinct names, lower-cased as GDELT's V1 persons and organisations
 * are, V2 each mention. */
static int put_names(buf *b, const casus_doc *d, const charmap *m, char t, int v2)
{
    nameset *set = NULL;
    if (!v2 && !(set = calloc(1, sizeof *set)))
        return CASUS_ENOMEM;
    int rc = 0;
    for (size_t i = 0; !rc && i < d->n_mentions; i++) {
        const casus_mention *mn = &d->mentions[i];
        if (mn->kind != CASUS_MENTION_NAME || (t && mn->type != t))
            continue;
        const char *s;
        size_t n;
        mention_name(d, mn, &s, &n);
        if (v2)
            rc = put_name_off(b, m, s, n, mn->start);
        else
            rc = put_distinct(b, set, s, n, ";,", CLEAN_LOWER);
    }
    free(set);
    return rc;
}

/* ---------------------------------------------------------------- tone, dates */

static int put_tone(buf *b, const casus_doc *d)
{
    if (!d->has_tone)
        return 0;
    const casus_tone *t = &d->tone;
    const double v[6] = {t->tone,     t->positive, t->negative,
                         t->polarity, t->activity, t->self_group};
    int rc = 0;
    for (size_t i = 0; !rc && i < 6; i++) {
        rc = io_gkg_num(b, v[i]);
        if (!rc)
            rc = buf_putc(b, ',');
    }
    return rc ? rc : put_u64(b, t->words);
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" into its parts (0 when absent);
 * returns the number of parts, 0 when s is none of these. */
static int date_parts(const char *s, int *y, int *mo, int *dd)
{
    size_t n = strnlen(s, 11);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    *y = atoi(s);
    *mo = n >= 7 ? atoi(s + 5) : 0;
    *dd = n == 10 ? atoi(s + 8) : 0;
    if ((n >= 7 && (*mo < 1 || *mo > 12)) || (n == 10 && (*dd < 1 || *dd > 31)))
        return 0;
    return n == 4 ? 1 : n == 7 ? 2 : 3;
}

/* V2.1EnhancedDates: Resolution#Month#Day#Year#Offset; with the
 * codebook's resolutions: 1 a year, 2 a month of a year, 3 a full date,
 * 4 a month and day without a year (which casus never writes: it
 * resolves every date against the article's). A decade or a century is a
 * year-level date of its first year. */
static int put_dates(buf *b, const casus_doc *d, const charmap *m)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < d->n_dates; i++) {
        const casus_date_expr *e = &d->dates[i];
        int y, mo, dd, parts = date_parts(e->resolved, &y, &mo, &dd);
        if (!parts)
            continue;
        const char *r = e->resolution ? e->resolution : "";
        int res = !strcmp(r, "day") && parts == 3 ? 3 : !strcmp(r, "month") && parts >= 2 ? 2 : 1;
        if (res < 3)
            dd = 0;
        if (res < 2)
            mo = 0;
        char num[64];
        snprintf(num, sizeof num, "%d#%d#%d#%d#", res, mo, dd, y);
        rc = buf_puts(b, num);
        if (!rc)
            rc = put_off(b, m, e->start);
        if (!rc)
            rc = buf_putc(b, ';');
    }
    return rc;
}

/* ---------------------------------------------------------------- quotes, amounts */

/* V2.1Quotations: Offset|Length|Verb|Quote, quotations separated by "#".
 * Offset and Length (characters) cover the quote's span in the article,
 * from its first word to its last (an interrupting attribution
 * included); Quote is its text, the parts joined. */
static int put_quotes(buf *b, const casus_doc *d, const charmap *m)
{
    int rc = 0, first = 1;
    for (size_t i = 0; !rc && i < d->n_quotes; i++) {
        const casus_quote *q = &d->quotes[i];
        size_t mark = b->len;
        if (!first)
            rc = buf_putc(b, '#');
        size_t a = char_at(m, q->start), z = char_at(m, q->end);
        char num[64];
        snprintf(num, sizeof num, "%zu|%zu|", a, z > a ? z - a : 0);
        if (!rc)
            rc = buf_puts(b, num);
        if (!rc)
            rc = put_cstr(b, q->verb, "#|");
        if (!rc)
            rc = buf_putc(b, '|');
        int wrote = 0;
        if (!rc && q->text)
            rc = io_gkg_clean(b, q->text, strlen(q->text), "#|", 0, &wrote);
        if (!rc && !wrote) {
            cut(b, mark); /* a quote with no words is no quotation */
            continue;
        }
        first = 0;
    }
    return rc;
}

/* V2.1Amounts: Amount,Object,Offset; (for money without an object, the
 * currency is the object). */
static int put_amounts(buf *b, const casus_doc *d, const charmap *m)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < d->n_amounts; i++) {
        const casus_amount *a = &d->amounts[i];
        if (!isfinite(a->amount))
            continue;
        rc = io_gkg_num(b, a->amount);
        if (!rc)
            rc = buf_putc(b, ',');
        if (!rc)
            rc = put_cstr(b, a->object ? a->object : a->currency, ";,");
        if (!rc)
            rc = buf_putc(b, ',');
        if (!rc)
            rc = put_off(b, m, a->start);
        if (!rc)
            rc = buf_putc(b, ';');
    }
    return rc;
}

/* <PAGE_TITLE>title</PAGE_TITLE>, the title XML-escaped. */
static int put_extras(buf *b, const char *title)
{
    if (!title || !title[0])
        return 0;
    size_t mark = b->len;
    int wrote = 0;
    int rc = buf_puts(b, "<PAGE_TITLE>");
    if (!rc)
        rc = io_gkg_clean(b, title, strlen(title), NULL, CLEAN_XML, &wrote);
    if (!rc && !wrote) {
        cut(b, mark);
        return 0;
    }
    return rc ? rc : buf_puts(b, "</PAGE_TITLE>");
}

/* ---------------------------------------------------------------- the row */

/* The record number: the article id hashed (FNV-1a 64, splitmix64
 * finaliser), top bit clear. */
unsigned long long io_gkg_record_number(const char *id)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    return (unsigned long long)(mix64(h) & 0x7FFFFFFFFFFFFFFFull);
}

/* V2.1DATE: "YYYYMMDD000000" from the article's date, "0" without one. */
static void record_date(const casus_article *a, char out[16])
{
    int y, mo, dd;
    if (a->date && strlen(a->date) == 10 && date_parts(a->date, &y, &mo, &dd) == 3)
        snprintf(out, 16, "%04d%02d%02d000000", y % 10000, mo, dd);
    else
        snprintf(out, 16, "0");
}

static int put_row(buf *b, buf *tmp, const casus_doc *d, const charmap *m)
{
    const casus_article *a = d->article;
    char date[16], domain[256], head[96];
    record_date(a, date);
    int web = a->url && a->url[0];
    if (web)
        io_url_domain(a->url, domain, sizeof domain);
    /* 1-5: id, date, collection, source, document */
    snprintf(head, sizeof head, "%s-%llu\t%s\t%d\t", date, io_gkg_record_number(a->id), date, web ? 1 : 2);
    int rc = buf_puts(b, head);
    if (!rc)
        rc = put_cstr(b, web && domain[0] ? domain : a->id, NULL);
    if (!rc)
        rc = buf_putc(b, '\t');
    if (!rc)
        rc = put_cstr(b, web ? a->url : a->id, NULL);
    /* 6-9: counts, themes */
    for (int v2 = 0; !rc && v2 < 2; v2++)
        if (!(rc = buf_putc(b, '\t')))
            rc = put_counts(b, d, m, v2);
    for (int v2 = 0; !rc && v2 < 2; v2++)
        if (!(rc = buf_putc(b, '\t')))
            rc = put_themes(b, d, m, v2);
    /* 10-11: locations (V2 built aside, as both come from one pass) */
    buf_reset(tmp);
    if (!rc)
        rc = buf_putc(b, '\t');
    if (!rc)
        rc = put_locations(b, tmp, d, m);
    if (!rc)
        rc = buf_putc(b, '\t');
    if (!rc && tmp->len)
        rc = buf_append(b, tmp->data, tmp->len);
    /* 12-15: persons, organisations */
    for (int k = 0; !rc && k < 4; k++)
        if (!(rc = buf_putc(b, '\t')))
            rc = put_names(b, d, m, k < 2 ? 'P' : 'O', k & 1);
    /* 16-17: tone, dates */
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = put_tone(b, d);
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = put_dates(b, d, m);
    /* 18-22: GCAM, sharing image, related images, social image and video
     * embeds: casus has none */
    if (!rc)
        rc = buf_puts(b, "\t\t\t\t\t");
    /* 23-25: quotations, all names, amounts */
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = put_quotes(b, d, m);
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = put_names(b, d, m, 0, 1);
    if (!rc && !(rc = buf_putc(b, '\t')))
        rc = put_amounts(b, d, m);
    /* 26-27: translation info (none), extras */
    if (!rc)
        rc = buf_puts(b, "\t\t");
    if (!rc)
        rc = put_extras(b, a->title);
    return rc ? rc : buf_putc(b, '\n');
}

int casus_write_gdelt_gkg(FILE *f, const casus_doc *d)
{
    charmap m;
    if (charmap_init(&m, d->article->text, d->article->text_len))
        return CASUS_ENOMEM;
    buf b, tmp;
    buf_init(&b, 0);
    buf_init(&tmp, 0);
    int rc = put_row(&b, &tmp, d, &m);
    if (!rc && fwrite(b.data, 1, b.len, f) != b.len)
        rc = CASUS_EIO;
    buf_finish(&tmp);
    buf_finish(&b);
    charmap_finish(&m);
    return rc == CASUS_ETOOBIG ? CASUS_ENOMEM : rc;
}
