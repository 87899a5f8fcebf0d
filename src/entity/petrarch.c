/*
 * petrarch.c — reads PETRARCH/TABARI actor and agent dictionaries into an
 * edict, so users can bring the dictionaries they already maintain.
 *
 * Input: any bytes. Actor files hold blocks: a name line ("HASSAN_ROUHANI_"
 * optionally followed by codes), "+SYNONYM" lines, and code lines
 * ("[IRNGOV >130803]", "[USAGOV 170120-210120]", "[IRN]"), with "#"
 * comments. Agent files hold "NOUN_PHRASE {PLURALS} [~GOV]" lines and
 * "!SET! = A, B" substitution sets. Output: edict entries through the
 * builder in dict.c.
 *
 * Design: a bad line (an unclosed bracket, a malformed code or date, a
 * block without a code, a name that is not UTF-8) is reported as
 * "file:line: reason" and skipped, and reading goes on; only running out
 * of memory stops it. Name lines that follow each other before any code
 * form one block, as in PETRARCH. How a block becomes an entry: any dated code makes a
 * PERSON (the dated codes its roles, the last undated one its default); a
 * single country code (ISO3, or a country and territory pair as "NZLTKL")
 * makes a COUNTRY; anything else an ACTOR. PETRARCH upper-cases its text,
 * so its all-caps names carry no case: a one-word name is read as
 * capitalised ("IRAN" matches "Iran" and "IRAN", not "iran"), longer names
 * match in any case. Two-digit years are 19xx from 30 up, 20xx below.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entity/dict.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

#define PT_MAX_NAME 512
#define PT_MAX_CODES 64
#define PT_MAX_SETS 64
#define PT_MAX_ALTS 64

typedef void (*report_fn)(void *ctx, const char *msg);

/* CAMEO country codes (cameo_actor_codes.tsv, kind "country"). */
static const char country_codes[] =
    "ABW AFG AGO AIA ALB AND ARE ARG ARM ASM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH "
    "BLR BLZ BMU BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI "
    "CUB CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FRA FRN FSM GAB "
    "GBR GEO GGY GHA GIN GMB GNB GNQ GRC GRD GTM GUY HKG HND HRV HTI HUN IDN IND IRL IRN IRQ ISL "
    "ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KSV KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU "
    "LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA "
    "NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY PSE QAT ROU RUS RWA SAU "
    "SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM "
    "TMP TON TTO TUN TUR TUV TWN TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE";

static int is_country3(const char *c)
{
    for (const char *p = country_codes;; p += 4) {
        if (memcmp(p, c, 3) == 0)
            return 1;
        if (!p[3])
            return 0;
    }
}

typedef struct pcode {
    char code[33];
    int32_t from, to;
    int dated;
} pcode;

typedef struct preader {
    edict *d;
    const char *file;
    report_fn report;
    void *ctx;
    casus_error *err;
    /* the actor block being read */
    int open;
    size_t line; /* of its first line */
    buf names;   /* display names, NUL-separated */
    size_t n_names;
    pcode codes[PT_MAX_CODES];
    size_t n_codes;
} preader;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void bad(preader *r, size_t line, const char *fmt, ...)
{
    if (!r->report)
        return;
    char reason[256], msg[CASUS_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s:%zu: %s", r->file, line, reason);
    r->report(r->ctx, msg);
}

static int is_sp(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Trims s[*a..*b). */
static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && is_sp(s[*a]))
        (*a)++;
    while (*b > *a && is_sp(s[*b - 1]))
        (*b)--;
}

/* Converts a PETRARCH phrase s[0..n) ("HASSAN_ROUHANI_") into words
 * separated by single spaces in out[PT_MAX_NAME + 1], title-cased when
 * title, lower-cased otherwise. Returns its length, 0 if it is empty, or -1
 * if it cannot be a name (too long, brackets inside, not UTF-8). */
static int convert_name(const char *s, size_t n, int title, char *out)
{
    size_t o = 0;
    int prev_letter = 0, space = 0;
    if (!utf8_valid(s, n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '_' || is_sp((char)c)) {
            space = o > 0;
            prev_letter = 0;
            continue;
        }
        if (c == '[' || c == ']' || c == '{' || c == '}' || c == '\0' || c == '\n')
            return -1;
        if (space) {
            if (o >= PT_MAX_NAME)
                return -1;
            out[o++] = ' ';
            space = 0;
        }
        int letter = (unsigned)((c | 0x20) - 'a') < 26u;
        if (letter)
            c = (unsigned char)((title && !prev_letter) ? (c & ~0x20u) : (c | 0x20u));
        prev_letter = letter || c >= 0x80;
        if (o >= PT_MAX_NAME)
            return -1;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return (int)o;
}

/* Parses a PETRARCH date: yymmdd or yyyymmdd. */
static int parse_pdate(const char *s, size_t n, int32_t *out)
{
    if (n != 6 && n != 8)
        return -1;
    int32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (n == 6)
        v += (v / 10000 >= 30 ? 19000000 : 20000000);
    int mo = v / 100 % 100, da = v % 100;
    if (mo < 1 || mo > 12 || da < 1 || da > 31 || v / 10000 < 1)
        return -1;
    *out = v;
    return 0;
}

static int code_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Parses the inside of one bracket s[0..n) into *c. Returns 1 for a code,
 * 0 for the "no code" marker "---", -1 when malformed (reason in *why). */
static int parse_code(const char *s, size_t n, pcode *c, const char **why)
{
    size_t a = 0, b = n;
    trim(s, &a, &b);
    size_t e = a;
    while (e < b && !is_sp(s[e]))
        e++;
    if (e - a == 3 && memcmp(s + a, "---", 3) == 0)
        return 0;
    if (e == a || e - a > 32) {
        *why = "bad code";
        return -1;
    }
    for (size_t i = a; i < e; i++)
        if (!code_char(s[i])) {
            *why = "bad code";
            return -1;
        }
    memcpy(c->code, s + a, e - a);
    c->code[e - a] = '\0';
    c->from = c->to = 0;
    c->dated = 0;
    size_t p = e;
    while (p < b && is_sp(s[p]))
        p++;
    if (p == b)
        return 1;
    *why = "bad date";
    const char *t = s + p;
    size_t tl = b - p;
    for (size_t i = 0; i < tl; i++)
        if (is_sp(t[i]))
            return -1;
    c->dated = 1;
    if (t[0] == '>')
        return parse_pdate(t + 1, tl - 1, &c->from) ? -1 : 1;
    if (t[0] == '<')
        return parse_pdate(t + 1, tl - 1, &c->to) ? -1 : 1;
    const char *dash = memchr(t, '-', tl);
    if (!dash)
        return parse_pdate(t, tl, &c->from) ? -1 : 1;
    if (parse_pdate(t, (size_t)(dash - t), &c->from) ||
        parse_pdate(dash + 1, tl - (size_t)(dash - t) - 1, &c->to))
        return -1;
    if (c->to <= c->from) {
        *why = "date range ends before it begins";
        return -1;
    }
    return 1;
}

/* Reads the codes in s[0..n) into the open block. */
static void read_codes(preader *r, const char *s, size_t n, size_t line)
{
    size_t p = 0;
    while (p < n) {
        while (p < n && is_sp(s[p]))
            p++;
        if (p >= n)
            break;
        if (s[p] != '[') {
            bad(r, line, "text outside brackets");
            return;
        }
        const char *close = memchr(s + p, ']', n - p);
        if (!close) {
            bad(r, line, "unclosed [");
            return;
        }
        size_t q = (size_t)(close - s);
        pcode c;
        const char *why = "";
        int k = parse_code(s + p + 1, q - p - 1, &c, &why);
        if (k < 0)
            bad(r, line, "%s in [%.*s]", why, (int)(q - p - 1 > 40 ? 40 : q - p - 1), s + p + 1);
        else if (k > 0 && r->n_codes < PT_MAX_CODES)
            r->codes[r->n_codes++] = c;
        p = q + 1;
    }
}

static int add_name(preader *r, const char *s, size_t n, size_t line)
{
    char name[PT_MAX_NAME + 1];
    int k = convert_name(s, n, 1, name);
    if (k < 0) {
        bad(r, line, "bad name");
        return 0;
    }
    if (k == 0)
        return 0;
    if (buf_append(&r->names, name, (size_t)k + 1))
        return error_set(r->err, CASUS_ENOMEM, "%s: out of memory", r->file);
    r->n_names++;
    return 0;
}

/* Commits the open actor block. */
static int close_block(preader *r)
{
    if (!r->open)
        return 0;
    r->open = 0;
    int rc = 0;
    if (!r->n_names)
        goto done;
    if (!r->n_codes) {
        bad(r, r->line, "no code for %.60s", r->names.data);
        goto done;
    }
    const char *dflt = NULL;
    size_t n_dated = 0, n_undated = 0;
    for (size_t i = 0; i < r->n_codes; i++) {
        if (r->codes[i].dated)
            n_dated++;
        else {
            if (!dflt || n_dated)
                dflt = r->codes[i].code; /* the last undated after dated ones, else the first */
            n_undated++;
        }
    }
    edict_kind kind = EDICT_ACTOR;
    char type = 'O';
    if (n_dated) {
        kind = EDICT_PERSON;
        type = 'P';
    } else {
        size_t l = strlen(dflt);
        if ((l == 3 && is_country3(dflt)) || (l == 6 && is_country3(dflt) && is_country3(dflt + 3))) {
            kind = EDICT_COUNTRY;
            type = 'L';
        }
    }
    /* One-word names are read as capitalised, longer ones in any case. */
    const char *name = r->names.data;
    for (size_t i = 0; i < r->n_names; i++) {
        size_t len = strlen(name);
        int mode = strchr(name, ' ') ? EDICT_CASE_FOLD : EDICT_CASE_SENSITIVE;
        rc = i == 0 ? edict_begin(r->d, kind, dflt, type, 0, name, mode, r->err)
                    : edict_add_name(r->d, name, len, mode, r->err);
        if (rc)
            goto done;
        name += len + 1;
    }
    for (size_t i = 0; i < r->n_codes && !rc; i++)
        if (r->codes[i].dated)
            rc = edict_add_role(r->d, r->codes[i].code, r->codes[i].from, r->codes[i].to, r->err);
    if (!rc)
        rc = edict_end(r->d, r->err);
done:
    buf_reset(&r->names);
    r->n_names = 0;
    r->n_codes = 0;
    return rc;
}

static void strip_comment(const char *s, size_t *n)
{
    const char *h = memchr(s, '#', *n);
    if (h)
        *n = (size_t)(h - s);
}

/* The next line of data[*p..size) that holds something once its comment
 * is cut and it is trimmed: s[a..b) is that something, *line its number.
 * Lines with NUL bytes are reported and skipped. 0 at the end. */
static int next_line(preader *r, const char *data, size_t size, size_t *p, size_t *line,
                     const char **s, size_t *a, size_t *b)
{
    while (*p < size) {
        size_t e = *p;
        while (e < size && data[e] != '\n')
            e++;
        (*line)++;
        const char *t = data + *p;
        size_t n = e - *p;
        *p = e + 1;
        if (memchr(t, '\0', n)) {
            bad(r, *line, "NUL byte");
            continue;
        }
        strip_comment(t, &n);
        *a = 0;
        *b = n;
        trim(t, a, b);
        if (*a == *b)
            continue;
        *s = t;
        return 1;
    }
    return 0;
}

static int read_actors(preader *r, const char *data, size_t size)
{
    size_t p = 0, line = 0;
    int rc = 0;
    const char *s;
    size_t a, b;
    while (!rc && next_line(r, data, size, &p, &line, &s, &a, &b)) {
        if (s[a] == '[') {
            if (!r->open)
                bad(r, line, "code without an actor");
            else
                read_codes(r, s + a, b - a, line);
            continue;
        }
        if (s[a] == '+') {
            if (!r->open) {
                bad(r, line, "synonym without an actor");
                continue;
            }
            a++;
        } else if (r->open && !r->n_codes && !memchr(s + a, '[', b - a)) {
            /* names listed before a block's codes share them */
        } else {
            if ((rc = close_block(r)))
                break;
            r->open = 1;
            r->line = line;
        }
        const char *br = memchr(s + a, '[', b - a);
        size_t ne = br ? (size_t)(br - s) : b;
        if ((rc = add_name(r, s + a, ne - a, line)))
            break;
        if (br)
            read_codes(r, br, b - (size_t)(br - s), line);
    }
    if (!rc)
        rc = close_block(r);
    return rc;
}

/* ---------------------------------------------------------------- agents */

typedef struct subst {
    char name[33];
    size_t n_alts;
    char alts[PT_MAX_ALTS][65];
} subst;

/* The regular plural of an agent phrase (last word): -y after a consonant
 * to -ies; -s, -x, -z, -ch, -sh add -es; others add -s. */
static int plural_of(const char *s, char *out, size_t cap)
{
    const char *of = strstr(s, " of ");
    if (of) { /* "president of the senate": the head noun */
        char head[PT_MAX_NAME + 1];
        size_t hl = (size_t)(of - s);
        if (hl > PT_MAX_NAME)
            return -1;
        memcpy(head, s, hl);
        head[hl] = '\0';
        if (plural_of(head, out, cap))
            return -1;
        size_t ol = strlen(out);
        if (ol + strlen(of) >= cap)
            return -1;
        strcpy(out + ol, of);
        return 0;
    }
    size_t n = strlen(s);
    if (n == 0 || n + 3 >= cap)
        return -1;
    memcpy(out, s, n + 1);
    char last = s[n - 1], prev = n >= 2 ? s[n - 2] : 0;
    if (last == 'y' && !strchr("aeiou", prev)) {
        strcpy(out + n - 1, "ies");
    } else if (last == 's' || last == 'x' || last == 'z' ||
               (last == 'h' && (prev == 'c' || prev == 's'))) {
        strcpy(out + n, "es");
    } else if ((unsigned)((last | 0x20) - 'a') < 26u) {
        strcpy(out + n, "s");
    } else {
        return -1;
    }
    return 0;
}

/* Adds one agent entry (singular or plural) with names[0..n). */
static int add_agent(preader *r, const char *code, unsigned flags, char names[][PT_MAX_NAME + 1],
                     size_t n)
{
    if (!n)
        return 0;
    int rc = edict_begin(r->d, EDICT_AGENT, code, 0, flags, names[0], EDICT_CASE_FOLD, r->err);
    for (size_t i = 1; !rc && i < n; i++)
        rc = edict_add_name(r->d, names[i], strlen(names[i]), EDICT_CASE_FOLD, r->err);
    if (!rc)
        rc = edict_end(r->d, r->err);
    return rc;
}

static int read_agents(preader *r, const char *data, size_t size)
{
    subst *sets = calloc(PT_MAX_SETS, sizeof *sets);
    char(*sing)[PT_MAX_NAME + 1] = malloc(PT_MAX_ALTS * sizeof *sing);
    char(*plur)[PT_MAX_NAME + 1] = malloc((PT_MAX_ALTS + 16) * sizeof *plur);
    if (!sets || !sing || !plur) {
        free(sets);
        free(sing);
        free(plur);
        return error_set(r->err, CASUS_ENOMEM, "%s: out of memory", r->file);
    }
    size_t n_sets = 0, p = 0, line = 0;
    int rc = 0;
    const char *s;
    size_t a, b;
    while (!rc && next_line(r, data, size, &p, &line, &s, &a, &b)) {
        if (s[a] == '!') {
            /* !NAME! = ALT, ALT */
            const char *end = memchr(s + a + 1, '!', b - a - 1);
            const char *eq = end ? memchr(end, '=', (size_t)(s + b - end)) : NULL;
            size_t nl = end ? (size_t)(end - s - a - 1) : 0;
            if (!eq || nl == 0 || nl > 32) {
                bad(r, line, "bad substitution set");
                continue;
            }
            if (n_sets >= PT_MAX_SETS) {
                bad(r, line, "too many substitution sets");
                continue;
            }
            subst *t = &sets[n_sets];
            memcpy(t->name, s + a + 1, nl);
            t->name[nl] = '\0';
            t->n_alts = 0;
            size_t q = (size_t)(eq - s) + 1;
            while (q < b && t->n_alts < PT_MAX_ALTS) {
                size_t x = q;
                while (x < b && s[x] != ',')
                    x++;
                size_t u = q, v = x;
                trim(s, &u, &v);
                if (v > u && v - u <= 64) {
                    memcpy(t->alts[t->n_alts], s + u, v - u);
                    t->alts[t->n_alts][v - u] = '\0';
                    t->n_alts++;
                }
                q = x + 1;
            }
            if (!t->n_alts)
                bad(r, line, "empty substitution set");
            else
                n_sets++;
            continue;
        }
        /* PHRASE {PLURALS} [CODE] */
        const char *br = memchr(s + a, '[', b - a);
        if (!br) {
            bad(r, line, "no code");
            continue;
        }
        const char *close = memchr(br, ']', (size_t)(s + b - br));
        if (!close) {
            bad(r, line, "unclosed [");
            continue;
        }
        size_t cl = (size_t)(close - br - 1);
        const char *cs = br + 1;
        unsigned flags = 0;
        char code[33];
        size_t u = 0, v = cl;
        trim(cs, &u, &v);
        if (v > u && cs[u] == '~')
            u++;
        else if (v > u && cs[v - 1] == '~') {
            v--;
            flags |= EDICT_F_PREFIX;
        } else {
            bad(r, line, "an agent code is [~CODE] or [CODE~]");
            continue;
        }
        int ok = v > u && v - u <= 32;
        for (size_t i = u; ok && i < v; i++)
            ok = code_char(cs[i]);
        if (!ok) {
            bad(r, line, "bad agent code");
            continue;
        }
        memcpy(code, cs + u, v - u);
        code[v - u] = '\0';
        const char *brace = memchr(s + a, '{', (size_t)(br - s - a));
        size_t pe = brace ? (size_t)(brace - s) : (size_t)(br - s);
        size_t n_sing = 0, n_plur = 0;
        /* the phrase, with at most one substitution set expanded */
        char phrase[PT_MAX_NAME + 1];
        int k = convert_name(s + a, pe - a, 0, phrase);
        if (k <= 0) {
            bad(r, line, "bad phrase");
            continue;
        }
        char *bang = strchr(phrase, '!');
        if (bang) {
            char *bang2 = strchr(bang + 1, '!');
            const subst *t = NULL;
            if (bang2)
                for (size_t i = 0; i < n_sets; i++)
                    if (strlen(sets[i].name) == (size_t)(bang2 - bang - 1) &&
                        strncasecmp(sets[i].name, bang + 1, (size_t)(bang2 - bang - 1)) == 0)
                        t = &sets[i];
            if (!t) {
                bad(r, line, "unknown substitution set");
                continue;
            }
            for (size_t i = 0; i < t->n_alts; i++) {
                char alt[PT_MAX_NAME + 1], full[3 * PT_MAX_NAME];
                if (convert_name(t->alts[i], strlen(t->alts[i]), 0, alt) <= 0)
                    continue;
                int m = snprintf(full, sizeof full, "%.*s%s%s", (int)(bang - phrase), phrase, alt,
                                 bang2 + 1);
                if (m <= 0 || (size_t)m > PT_MAX_NAME || strchr(full, '!'))
                    continue;
                size_t fl = (size_t)m;
                int pl = (fl >= 3 && strcmp(full + fl - 3, "men") == 0) ||
                         (fl >= 1 && full[fl - 1] == 's');
                if (pl)
                    memcpy(plur[n_plur++], full, fl + 1);
                else
                    memcpy(sing[n_sing++], full, fl + 1);
            }
        } else {
            memcpy(sing[n_sing++], phrase, (size_t)k + 1);
            if (brace) {
                const char *rb = memchr(brace, '}', (size_t)(br - brace));
                if (!rb) {
                    bad(r, line, "unclosed {");
                    continue;
                }
                size_t q = (size_t)(brace - s) + 1, qe = (size_t)(rb - s);
                while (q < qe && n_plur < PT_MAX_ALTS) {
                    while (q < qe && (is_sp(s[q]) || s[q] == ','))
                        q++;
                    size_t x = q;
                    while (x < qe && !is_sp(s[x]) && s[x] != ',')
                        x++;
                    if (x > q && convert_name(s + q, x - q, 0, plur[n_plur]) > 0)
                        n_plur++;
                    q = x;
                }
            } else if (plural_of(phrase, plur[0], sizeof plur[0]) == 0) {
                n_plur = 1;
            }
        }
        rc = add_agent(r, code, flags, sing, n_sing);
        if (!rc)
            rc = add_agent(r, code, flags | EDICT_F_PLURAL, plur, n_plur);
    }
    free(sets);
    free(sing);
    free(plur);
    return rc;
}

/* ---------------------------------------------------------------- entry points */

static int load(edict *d, const char *name, const char *data, size_t size, int agents,
                report_fn report, void *ctx, casus_error *err)
{
    preader r = {0};
    r.d = d;
    r.file = name;
    r.report = report;
    r.ctx = ctx;
    r.err = err;
    buf_init(&r.names, 0);
    int rc = edict_end(d, err); /* nothing half-built from an earlier call */
    if (!rc)
        rc = agents ? read_agents(&r, data, size) : read_actors(&r, data, size);
    buf_finish(&r.names);
    return rc;
}

int edict_load_petrarch_actors_mem(edict *d, const char *name, const char *data, size_t size,
                                   report_fn report, void *ctx, casus_error *err)
{
    return load(d, name, data, size, 0, report, ctx, err);
}

int edict_load_petrarch_agents_mem(edict *d, const char *name, const char *data, size_t size,
                                   report_fn report, void *ctx, casus_error *err)
{
    return load(d, name, data, size, 1, report, ctx, err);
}

static int load_path(edict *d, const char *path, int agents, report_fn report, void *ctx,
                     casus_error *err)
{
    char *data;
    size_t size;
    int rc = edict_read_file(path, &data, &size, err);
    if (rc)
        return rc;
    rc = load(d, path, data, size, agents, report, ctx, err);
    free(data);
    return rc;
}

int edict_load_petrarch_actors(edict *d, const char *path, report_fn report, void *ctx,
                               casus_error *err)
{
    return load_path(d, path, 0, report, ctx, err);
}

int edict_load_petrarch_agents(edict *d, const char *path, report_fn report, void *ctx,
                               casus_error *err)
{
    return load_path(d, path, 1, report, ctx, err);
}
