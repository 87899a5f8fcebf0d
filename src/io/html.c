/*
 * html.c — one HTML page to one article, with libxml2's forgiving HTML
 * parser.
 *
 * Metadata: title from og:title, else <title>; url from the canonical link,
 * else og:url; the date from, in order, meta article:published_time, meta
 * name=date / pubdate / DC.date (and their common cousins), JSON-LD
 * datePublished, <time datetime>; each candidate must pass casus_date_parse.
 *
 * Text: each content block (h1-h6, p, li, blockquote, pre) becomes a
 * paragraph, paragraphs are separated by "\n\n", whitespace inside a block
 * collapses to one space, and the page's furniture (script, style, nav,
 * header, footer, aside, forms, svg, iframes...) is skipped. When the page
 * has <article> elements the largest one is the content, else <main>, else
 * <body>. A page whose text sits in bare <div>s has no such blocks: then
 * every text node of the content counts, with block-level elements as
 * paragraph breaks, so that it is not lost.
 *
 * Design choices: the input is made valid UTF-8 first (each invalid byte
 * and each NUL becomes U+FFFD) unless the page declares another charset,
 * because libxml2 2.9 would otherwise switch the rest of the page to
 * Latin-1 at the first bad byte. The DOM walks are iterative (parent and
 * sibling links), so depth costs no stack. libxml2 reports through
 * thread-local handlers that print by default; they are silenced for the
 * duration of a parse and restored after, since the library never prints.
 */
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/io.h"
#include "util/error.h"
#include "util/utf8.h"

/* ---------------------------------------------------------------- input */

/* 1 when the page declares a charset other than UTF-8 in its first bytes
 * (meta charset, http-equiv content, XML declaration) or starts with a
 * UTF-16 byte order mark: then libxml2 decodes it. */
static int foreign_charset(const char *s, size_t n)
{
    if (n >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                   ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)))
        return 1;
    if (n > 4096)
        n = 4096;
    static const char *const keys[] = {"charset=", "encoding="};
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < 2; k++) {
            size_t kl = strlen(keys[k]);
            if (n - i < kl || strncasecmp(s + i, keys[k], kl))
                continue;
            size_t j = i + kl;
            while (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == ' '))
                j++;
            size_t e = j;
            while (e < n && s[e] != '"' && s[e] != '\'' && s[e] != ' ' && s[e] != ';' &&
                   s[e] != '>' && s[e] != '/' && s[e] != '?')
                e++;
            if (e == j)
                continue;
            if ((e - j == 5 && !strncasecmp(s + j, "utf-8", 5)) ||
                (e - j == 4 && !strncasecmp(s + j, "utf8", 4)) ||
                (e - j == 8 && !strncasecmp(s + j, "us-ascii", 8)))
                return 0;
            return 1;
        }
    }
    return 0;
}

/* A copy of s[0..n) that is valid UTF-8 without NUL bytes; caller frees. */
static char *clean_utf8(const char *s, size_t n, size_t *out_len)
{
    return utf8_repair_ex(s, n, out_len, 1);
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void silent_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static htmlDocPtr parse_page(const char *data, size_t n, const char *url)
{
    size_t len = n;
    char *clean = NULL;
    const char *enc = NULL;
    if (!foreign_charset(data, n)) {
        clean = clean_utf8(data, n, &len);
        if (!clean)
            return NULL;
        data = clean;
        enc = "UTF-8";
    }
    if (len > INT_MAX) {
        free(clean);
        return NULL;
    }
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, silent_structured);
    htmlDocPtr doc = htmlReadMemory(data, (int)len, url, enc,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    free(clean);
    return doc;
}

void io_html_init(void)
{
    xmlInitParser();
}

/* ---------------------------------------------------------------- DOM */

static int name_is(const xmlNode *e, const char *name)
{
    return e->type == XML_ELEMENT_NODE && e->name && !strcmp((const char *)e->name, name);
}

static int name_in(const xmlNode *e, const char *const *names)
{
    if (e->type != XML_ELEMENT_NODE || !e->name)
        return 0;
    for (; *names; names++)
        if (!strcmp((const char *)e->name, *names))
            return 1;
    return 0;
}

static const char *const skipped[] = {"script",   "style",  "noscript", "nav",    "header",
                                      "footer",   "aside",  "form",     "button", "select",
                                      "template", "svg",    "iframe",   "object", "head",
                                      "textarea", "canvas", "math",     NULL};
static const char *const blocks[] = {"h1", "h2", "h3",         "h4",  "h5", "h6",
                                     "p",  "li", "blockquote", "pre", NULL};
/* Paragraph breaks when every text node counts (the fallback). */
static const char *const breaks[] = {"div",   "section",    "article", "main",   "br", "tr",
                                     "td",    "th",         "dd",      "dt",     "ul", "ol",
                                     "table", "figcaption", "body",    "center", "hr", NULL};

/* An attribute's value, borrowed from the document, or NULL. */
static const char *attr(const xmlNode *e, const char *name)
{
    for (const xmlAttr *a = e->properties; a; a = a->next)
        if (a->name && !strcasecmp((const char *)a->name, name)) {
            const xmlNode *t = a->children;
            return t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
        }
    return NULL;
}

/* The next node of a pre-order walk of root's subtree, descending into
 * e's children only when down; NULL when the walk is over. leave (if set)
 * is called for each element whose subtree is finished. */
static xmlNode *walk_next(xmlNode *e, const xmlNode *root, int down,
                          void (*leave)(void *, xmlNode *), void *ctx)
{
    if (down && e->children)
        return e->children;
    for (;;) {
        if (e == root)
            return NULL;
        if (leave)
            leave(ctx, e);
        if (e->next)
            return e->next;
        e = e->parent;
        if (!e)
            return NULL;
    }
}

/* ---------------------------------------------------------------- text */

typedef struct text_out {
    buf b;
    int open;   /* the current paragraph has text */
    int space;  /* whitespace is pending inside it */
    int depth;  /* content blocks around the walk's position */
    int all;    /* fallback: every text node counts */
    int failed; /* out of memory */
} text_out;

static void par_break(text_out *t)
{
    t->open = 0;
    t->space = 0;
}

/* Appends s with whitespace (ASCII and U+00A0) collapsed to single spaces,
 * none at the start or end of a paragraph. */
static void put_text(text_out *t, const char *s)
{
    size_t i = 0;
    while (s[i] && !t->failed) {
        unsigned char c = (unsigned char)s[i];
        size_t k = 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            k = 1;
        else if (c == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
            k = 2;
        if (k) {
            if (t->open)
                t->space = 1;
            i += k;
            continue;
        }
        size_t j = i + 1;
        while (s[j]) {
            unsigned char d = (unsigned char)s[j];
            if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '\f' || d == '\v' ||
                (d == 0xC2 && (unsigned char)s[j + 1] == 0xA0))
                break;
            j++;
        }
        int rc = 0;
        if (!t->open) {
            if (t->b.len)
                rc = buf_append(&t->b, "\n\n", 2);
            t->open = 1;
        } else if (t->space) {
            rc = buf_putc(&t->b, ' ');
        }
        t->space = 0;
        if (!rc)
            rc = buf_append(&t->b, s + i, j - i);
        if (rc)
            t->failed = 1;
        i = j;
    }
}

static void text_leave(void *ctx, xmlNode *e)
{
    text_out *t = ctx;
    if (name_in(e, blocks)) {
        t->depth--;
        par_break(t);
    } else if (t->all && name_in(e, breaks)) {
        par_break(t);
    }
}

/* Extracts root's text into t->b (emptied first). */
static void extract(text_out *t, xmlNode *root, int all)
{
    buf_reset(&t->b);
    t->open = t->space = t->depth = 0;
    t->all = all;
    for (xmlNode *e = root; e && !t->failed;) {
        int down = 0;
        if (e->type == XML_ELEMENT_NODE) {
            down = e == root || !name_in(e, skipped);
            if (!down) {
                /* the whole subtree is furniture */
            } else if (name_in(e, blocks)) {
                t->depth++;
                par_break(t);
            } else if (name_is(e, "br")) {
                if (t->open)
                    t->space = 1;
            } else if (all && name_in(e, breaks)) {
                par_break(t);
            }
        } else if ((e->type == XML_TEXT_NODE || e->type == XML_CDATA_SECTION_NODE) && e->content &&
                   (t->depth > 0 || all)) {
            put_text(t, (const char *)e->content);
        }
        /* text_leave undoes what entering did; a skipped element did
         * nothing, and is neither a block nor a break */
        e = walk_next(e, root, down, text_leave, t);
    }
}

/* ---------------------------------------------------------------- meta */

typedef struct page_meta {
    const char *og_title, *title_el, *canonical, *og_url;
    char date[11];
    int date_rank; /* 0 none; lower is better */
} page_meta;

static void offer_date(page_meta *m, const char *s, int rank)
{
    char d[11];
    if (!s || (m->date_rank && m->date_rank <= rank) || casus_date_parse(s, d))
        return;
    memcpy(m->date, d, sizeof d);
    m->date_rank = rank;
}

/* datePublished anywhere in a JSON-LD value (objects, arrays, @graph). */
static const char *ld_date(json_t *v, int depth)
{
    if (depth > 32)
        return NULL;
    if (json_is_object(v)) {
        json_t *d = json_object_get(v, "datePublished");
        if (json_is_string(d))
            return json_string_value(d);
        const char *key;
        json_t *val;
        json_object_foreach(v, key, val)
        {
            const char *r = ld_date(val, depth + 1);
            if (r)
                return r;
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *val;
        json_array_foreach(v, i, val)
        {
            const char *r = ld_date(val, depth + 1);
            if (r)
                return r;
        }
    }
    return NULL;
}

static void json_ld(page_meta *m, xmlNode *script)
{
    if (m->date_rank && m->date_rank <= 3)
        return;
    for (xmlNode *c = script->children; c; c = c->next) {
        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
            continue;
        json_t *root = json_loads((const char *)c->content, 0, NULL);
        if (root) {
            offer_date(m, ld_date(root, 0), 3);
            json_decref(root);
        }
    }
}

static void meta_tag(page_meta *m, xmlNode *e)
{
    const char *content = attr(e, "content");
    if (!content)
        return;
    const char *prop = attr(e, "property");
    const char *name = attr(e, "name");
    const char *item = attr(e, "itemprop");
    static const char *const date_names[] = {"date",
                                             "pubdate",
                                             "publishdate",
                                             "publish-date",
                                             "publish_date",
                                             "dc.date",
                                             "dc.date.issued",
                                             "dc.date.created",
                                             "dcterms.date",
                                             "dcterms.issued",
                                             "dcterms.created",
                                             "article:published_time",
                                             "og:published_time",
                                             "sailthru.date",
                                             "parsely-pub-date",
                                             "originalpublicationdate",
                                             "datepublished",
                                             NULL};
    for (int k = 0; k < 3; k++) {
        const char *key = k == 0 ? prop : k == 1 ? name : item;
        if (!key)
            continue;
        if (!strcasecmp(key, "og:title") && !m->og_title)
            m->og_title = content;
        else if (!strcasecmp(key, "og:url") && !m->og_url)
            m->og_url = content;
        else if (!strcasecmp(key, "article:published_time"))
            offer_date(m, content, 1);
        else
            for (const char *const *d = date_names; *d; d++)
                if (!strcasecmp(key, *d)) {
                    offer_date(m, content, 2);
                    break;
                }
    }
}

static int rel_has(const char *rel, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = rel; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n')
            q++;
        if ((size_t)(q - p) == wl && !strncasecmp(p, word, wl))
            return 1;
        p = q;
    }
    return 0;
}

/* One walk over the whole document: metadata, the <title>, <body>, the
 * first <main> and the outermost <article> elements (an article inside an
 * article is a part of it, not a candidate). */
typedef struct page_scan {
    page_meta meta;
    xmlNode **articles;
    size_t n_articles, cap_articles;
    xmlNode *main_el, *body, *title;
    int in_article;
    int failed;
} page_scan;

static void scan_leave(void *ctx, xmlNode *e)
{
    page_scan *ps = ctx;
    if (name_is(e, "article"))
        ps->in_article--;
}

static void scan(page_scan *ps, xmlNode *root)
{
    for (xmlNode *e = root; e && !ps->failed;) {
        int down = e->type == XML_DOCUMENT_NODE || e->type == XML_HTML_DOCUMENT_NODE;
        if (e->type == XML_ELEMENT_NODE && e->name) {
            const char *n = (const char *)e->name;
            down = 1;
            if (!strcmp(n, "meta")) {
                meta_tag(&ps->meta, e);
            } else if (!strcmp(n, "link")) {
                const char *rel = attr(e, "rel"), *href = attr(e, "href");
                if (rel && href && *href && !ps->meta.canonical && rel_has(rel, "canonical"))
                    ps->meta.canonical = href;
            } else if (!strcmp(n, "title")) {
                if (!ps->title)
                    ps->title = e;
                down = 0;
            } else if (!strcmp(n, "script")) {
                const char *type = attr(e, "type");
                if (type && !strcasecmp(type, "application/ld+json"))
                    json_ld(&ps->meta, e);
                down = 0;
            } else if (!strcmp(n, "time")) {
                offer_date(&ps->meta, attr(e, "datetime"), 4);
            } else if (!strcmp(n, "body")) {
                if (!ps->body)
                    ps->body = e;
            } else if (!strcmp(n, "main")) {
                if (!ps->main_el)
                    ps->main_el = e;
            } else if (!strcmp(n, "article")) {
                if (!ps->in_article++) {
                    if (ps->n_articles == ps->cap_articles) {
                        size_t nc = ps->cap_articles ? ps->cap_articles * 2 : 8;
                        xmlNode **p = realloc(ps->articles, nc * sizeof *p);
                        if (!p) {
                            ps->failed = 1;
                            return;
                        }
                        ps->articles = p;
                        ps->cap_articles = nc;
                    }
                    ps->articles[ps->n_articles++] = e;
                }
            }
        }
        e = walk_next(e, root, down, scan_leave, ps);
    }
}

/* The text of the <title> element, collapsed; in t->b. */
static void title_text(text_out *t, xmlNode *title)
{
    buf_reset(&t->b);
    t->open = t->space = 0;
    for (xmlNode *c = title->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            put_text(t, (const char *)c->content);
}

/* b's content as a malloc'ed string, b emptied; NULL when out of memory.
 * (buf_take on a buf that never held data returns unterminated memory.) */
static char *take_str(buf *b)
{
    if (!b->len) {
        buf_reset(b);
        return strdup("");
    }
    return buf_take(b, NULL);
}

/* Collapses whitespace of an attribute value into a malloc'ed string. */
static char *collapse(const char *s)
{
    text_out t = {0};
    buf_init(&t.b, 0);
    put_text(&t, s);
    if (t.failed) {
        buf_finish(&t.b);
        return NULL;
    }
    char *r = take_str(&t.b);
    buf_finish(&t.b);
    return r;
}

int io_html_parse(const char *data, size_t n, const io_names *nm, casus_article **out,
                  casus_error *err)
{
    *out = NULL;
    htmlDocPtr doc = parse_page(data, n, nm->path);
    if (!doc)
        return error_set(err, io_blank(data, n) ? CASUS_EEMPTY : CASUS_EFORMAT,
                         io_blank(data, n) ? "%s: empty record" : "%s: unreadable HTML", nm->shown);
    page_scan ps = {0};
    scan(&ps, (xmlNode *)doc);
    text_out t = {0}, best = {0};
    buf_init(&t.b, 0);
    buf_init(&best.b, 0);
    char *title = NULL, *url = NULL;
    int rc = 0;
    if (ps.failed)
        goto oom;

    /* The content: the largest outermost <article>, else <main>, else
     * <body>, else the whole document. */
    xmlNode *root = ps.body ? ps.body : xmlDocGetRootElement(doc);
    for (size_t i = 0; i < ps.n_articles; i++) {
        extract(&t, ps.articles[i], 0);
        if (t.failed)
            goto oom;
        if (t.b.len > best.b.len) {
            buf tmp = best.b;
            best.b = t.b;
            t.b = tmp;
        }
    }
    if (!best.b.len && ps.main_el) {
        extract(&best, ps.main_el, 0);
        if (!best.b.len)
            extract(&best, ps.main_el, 1);
    }
    if (!best.b.len && root) {
        extract(&best, root, 0);
        if (!best.b.len)
            extract(&best, root, 1);
    }
    if (t.failed || best.failed)
        goto oom;
    if (!best.b.len) {
        rc = error_set(err, CASUS_EEMPTY, "%s: empty record (no text in the page)", nm->shown);
        goto done;
    }

    if (ps.meta.og_title && *ps.meta.og_title) {
        title = collapse(ps.meta.og_title);
    } else if (ps.title) {
        title_text(&t, ps.title);
        title = take_str(&t.b);
    }
    const char *u = ps.meta.canonical ? ps.meta.canonical : ps.meta.og_url;
    if (u)
        url = collapse(u);
    if ((!title && (ps.meta.og_title || ps.title)) || (!url && u))
        goto oom;

    casus_article *a = casus_article_new(nm->base, url, ps.meta.date_rank ? ps.meta.date : nm->date,
                                         title, best.b.data, best.b.len);
    if (!a || io_article_place(a, nm->path, 1)) {
        casus_article_free(a);
        goto oom;
    }
    *out = a;
    rc = 1;
    goto done;
oom:
    rc = error_set(err, CASUS_ENOMEM, "%s: out of memory", nm->shown);
done:
    free(title);
    free(url);
    free(ps.articles);
    buf_finish(&t.b);
    buf_finish(&best.b);
    xmlFreeDoc(doc);
    return rc;
}
