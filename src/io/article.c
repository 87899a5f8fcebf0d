/*
 * article.c — the article record every reader produces.
 */
#include <stdlib.h>
#include <string.h>

#include "casus.h"

static char *dup_or_empty(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    if (s && n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

casus_article *casus_article_new(const char *id, const char *url, const char *date,
                                 const char *title, const char *text, size_t text_len)
{
    casus_article *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->id = dup_or_empty(id, id ? strlen(id) : 0);
    a->url = dup_or_empty(url, url ? strlen(url) : 0);
    a->date = dup_or_empty(date, date ? strlen(date) : 0);
    a->title = dup_or_empty(title, title ? strlen(title) : 0);
    a->text = dup_or_empty(text, text ? text_len : 0);
    a->text_len = text ? text_len : 0;
    a->source = dup_or_empty("", 0);
    if (!a->id || !a->url || !a->date || !a->title || !a->text || !a->source) {
        casus_article_free(a);
        return NULL;
    }
    return a;
}

void casus_article_free(casus_article *a)
{
    if (!a)
        return;
    free(a->id);
    free(a->url);
    free(a->date);
    free(a->title);
    free(a->text);
    free(a->source);
    free(a);
}
