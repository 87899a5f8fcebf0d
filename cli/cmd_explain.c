/*
 * cmd_explain.c — `casus explain "sentence"`: run the whole pipeline on a
 * few sentences and show, for a person, how casus read them: the tree, the
 * mentions and their codes, each event with the pattern that fired, and
 * each trigger that coded nothing with the coder's reason.
 *
 * The library does the work (casus_doc_process, then
 * casus_doc_trace_events for the reasons); this file only lays it out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* One trigger that coded nothing, copied out of the trace callback. */
typedef struct skip {
    uint32_t sentence;
    int32_t word;
    size_t seq; /* arrival order, to keep the sort stable */
    char *rule;
    char *reason;
} skip;

typedef struct skips {
    skip *a;
    size_t n, cap;
    int oom;
} skips;

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void on_skip(void *ctx, const casus_event_skip *s)
{
    skips *k = ctx;
    if (k->oom)
        return;
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 16;
        skip *a = realloc(k->a, cap * sizeof *a);
        if (!a) {
            k->oom = 1;
            return;
        }
        k->a = a;
        k->cap = cap;
    }
    skip *x = &k->a[k->n];
    x->sentence = s->sentence;
    x->word = s->word;
    x->seq = k->n;
    x->rule = dup_or_null(s->rule);
    x->reason = dup_or_null(s->reason);
    if ((s->rule && !x->rule) || !x->reason) {
        free(x->rule);
        free(x->reason);
        k->oom = 1;
        return;
    }
    k->n++;
}

static int skip_cmp(const void *pa, const void *pb)
{
    const skip *a = pa, *b = pb;
    if (a->sentence != b->sentence)
        return a->sentence < b->sentence ? -1 : 1;
    if (a->word != b->word)
        return a->word < b->word ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The text of the command: its operands joined by spaces, or stdin for
 * "-". Caller frees. NULL when out of memory or unreadable. */
static char *read_input(const cli_args *args, size_t *len)
{
    if (args->n_operands == 1 && !strcmp(args->operands[0], "-")) {
        size_t cap = 4096, n = 0, k;
        char *s = malloc(cap);
        while (s && (k = fread(s + n, 1, cap - n - 1, stdin)) > 0) {
            n += k;
            if (cap - n < 2) {
                char *t = realloc(s, cap * 2);
                if (!t) {
                    free(s);
                    return NULL;
                }
                s = t;
                cap *= 2;
            }
        }
        if (s && ferror(stdin)) {
            free(s);
            return NULL;
        }
        if (s)
            s[n] = 0;
        *len = n;
        return s;
    }
    size_t n = 0;
    for (size_t i = 0; i < args->n_operands; i++)
        n += strlen(args->operands[i]) + 1;
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < args->n_operands; i++) {
        size_t k = strlen(args->operands[i]);
        if (i)
            s[at++] = ' ';
        memcpy(s + at, args->operands[i], k);
        at += k;
    }
    s[at] = 0;
    *len = at;
    return s;
}

/* Prints text[start..end) on one line (newlines and tabs as spaces). */
static void put_span(const char *text, uint32_t start, uint32_t end)
{
    for (uint32_t i = start; i < end; i++) {
        char c = text[i];
        putchar(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
}

typedef struct view {
    const casus_doc *d;
    const casus_pipeline *p;
    casus_text_view tv;
    const casus_word_syntax *syn;
    const casus_mention *mentions;
    size_t n_mentions;
    const casus_entity *entities;
    size_t n_entities;
    int32_t *first_child, *next_sib;
} view;

static void print_subtree(const view *v, const casus_sentence *st, int32_t w, unsigned depth)
{
    const casus_word_syntax *y = &v->syn[w];
    int32_t head = y->head < 0 ? 0 : y->head - (int32_t)st->word + 1;
    printf("    %*s%u %s  %s %s %d:%s\n", (int)(2 * depth), "", (unsigned)(w - (int32_t)st->word + 1),
           v->tv.words[w].form, y->lemma ? y->lemma : "_", y->upos ? y->upos : "_", head,
           y->deprel ? y->deprel : "_");
    if (depth >= st->n_words) /* a malformed tree cannot loop us */
        return;
    for (int32_t k = v->first_child[w]; k >= 0; k = v->next_sib[k])
        print_subtree(v, st, k, depth + 1);
}

static void print_tree(const view *v, const casus_sentence *st)
{
    if (!v->syn) {
        printf("  words: (no syntax layer)\n");
        return;
    }
    printf("  tree (id form  lemma UPOS head:relation):\n");
    for (uint32_t i = 0; i < st->n_words; i++) {
        int32_t w = (int32_t)(st->word + i);
        int32_t h = v->syn[w].head;
        if (h < 0 || (uint32_t)h < st->word || (uint32_t)h >= st->word + st->n_words)
            print_subtree(v, st, w, 0);
    }
}

static const char *const MENTION_KIND[] = {"name", "nominal", "pronoun"};

static const char *type_name(char t)
{
    return t == 'P' ? "PER" : t == 'O' ? "ORG" : t == 'L' ? "LOC" : "-";
}

static void print_mentions(const view *v, size_t s)
{
    int any = 0;
    for (size_t i = 0; i < v->n_mentions; i++) {
        const casus_mention *m = &v->mentions[i];
        if (m->sentence != s)
            continue;
        if (!any)
            printf("  mentions:\n");
        any = 1;
        printf("    \"");
        put_span(v->tv.text, m->start, m->end);
        printf("\" %s %s code %s", m->kind < 3 ? MENTION_KIND[m->kind] : "?", type_name(m->type),
               m->code[0] ? m->code : "-");
        if (m->entity >= 0)
            printf(" -> entity %d %s (%s)", m->entity, v->entities[m->entity].name,
                   v->entities[m->entity].code[0] ? v->entities[m->entity].code : "no code");
        printf("\n");
    }
    if (!any)
        printf("  mentions: none\n");
}

static void print_actor(const char *label, const casus_event_actor *a)
{
    printf("      %-8s %s (%s", label, a->name, a->code[0] ? a->code : "no code");
    if (a->entity >= 0)
        printf(", entity %d", a->entity);
    printf(")\n");
}

static void print_events(const view *v, size_t s)
{
    size_t n;
    const casus_event *ev = casus_doc_events(v->d, &n);
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        const casus_event *e = &ev[i];
        if (e->sentence != s)
            continue;
        if (!any)
            printf("  events:\n");
        any = 1;
        const char *name = casus_event_name(v->p, e->code);
        printf("    %s -> %s  %s %s\n", e->source.code, e->has_target ? e->target.code : "-",
               e->code, name ? name : "");
        print_actor("source", &e->source);
        if (e->has_target)
            print_actor("target", &e->target);
        else
            printf("      %-8s none (a one-actor event)\n", "target");
        const char *file;
        uint32_t line;
        if (!casus_event_rule(v->p, e->rule, &file, &line))
            printf("      %-8s %s (%s:%u)\n", "rule", e->rule, file, (unsigned)line);
        else
            printf("      %-8s %s\n", "rule", e->rule);
        printf("      %-8s \"", "trigger");
        put_span(v->tv.text, e->trigger_start, e->trigger_end);
        printf("\" (word %u)\n",
               (unsigned)(e->trigger_word - v->tv.sentences[s].word + 1));
        printf("      %-8s %s (%s)\n", "date", e->date, e->date_resolution);
        if (e->place_mention >= 0) {
            const casus_mention *m = &v->mentions[e->place_mention];
            printf("      %-8s \"", "place");
            put_span(v->tv.text, m->start, m->end);
            printf("\" (%s)\n", m->code[0] ? m->code : "no code");
        } else {
            printf("      %-8s none\n", "place");
        }
        printf("      %-8s %s\n", "mood", e->mood ? e->mood : "plain act");
        printf("      %-8s quadclass %d, goldstein %.1f, confidence %.2f\n", "scores",
               e->quadclass, e->goldstein, e->confidence);
    }
    if (!any)
        printf("  events: none\n");
}

static void print_skips(const view *v, const skips *k, size_t s)
{
    int any = 0;
    for (size_t i = 0; i < k->n; i++) {
        const skip *x = &k->a[i];
        if (x->sentence != s)
            continue;
        /* a reciprocal pattern reports both directions: say it once */
        if (i && x[-1].sentence == s && x[-1].word == x->word && !strcmp(x[-1].reason, x->reason))
            continue;
        if (!any)
            printf("  not coded:\n");
        any = 1;
        if (x->word >= 0) {
            const casus_word *w = &v->tv.words[x->word];
            printf("    \"%s\" (word %u): %s", w->form,
                   (unsigned)(x->word - (int32_t)v->tv.sentences[s].word + 1), x->reason);
        } else {
            printf("    the sentence: %s", x->reason);
        }
        const char *file;
        uint32_t line;
        if (x->rule && !casus_event_rule(v->p, x->rule, &file, &line))
            printf(" [%s, %s:%u]", x->rule, file, (unsigned)line);
        printf("\n");
    }
}

static void print_doc(const view *v, const skips *k, const char *date)
{
    printf("article date: %s\n", date && *date ? date : "none (give --date YYYY-MM-DD)");
    for (size_t s = 0; s < v->tv.n_sentences; s++) {
        const casus_sentence *st = &v->tv.sentences[s];
        printf("\nsentence %zu: ", s + 1);
        put_span(v->tv.text, st->start, st->end);
        printf("\n");
        print_tree(v, st);
        print_mentions(v, s);
        print_events(v, s);
        print_skips(v, k, s);
    }
    if (v->n_entities) {
        printf("\nentities:\n");
        for (size_t i = 0; i < v->n_entities; i++) {
            const casus_entity *e = &v->entities[i];
            printf("  %zu %s %s %s, %zu mention%s\n", i, e->name, type_name(e->type),
                   e->code[0] ? e->code : "no code", e->n_mentions, e->n_mentions == 1 ? "" : "s");
        }
    }
}

int cmd_explain(const cli_cmd *cmd, cli_args *args)
{
    if (!args->n_operands) {
        fprintf(stderr, "casus explain: give the sentence(s) to explain, or '-' for stdin\n");
        return EXIT_USAGE;
    }
    char date[11] = "";
    const char *ds = cli_get(cmd, args, "date");
    if (ds && casus_date_parse(ds, date)) {
        fprintf(stderr, "casus explain: --date wants YYYY-MM-DD, not '%s'\n", ds);
        return EXIT_USAGE;
    }
    size_t len = 0;
    char *text = read_input(args, &len);
    if (!text) {
        fprintf(stderr, "casus explain: cannot read the input\n");
        return EXIT_NOINPUT;
    }
    casus_pipeline *p = cli_pipeline(cmd, args, CASUS_STAGE_ALL);
    if (!p) {
        free(text);
        return EXIT_FAIL;
    }
    int rc = EXIT_OK;
    casus_error err = {0};
    casus_doc *d = NULL;
    skips k = {0};
    casus_article *a = casus_article_new("explain", "", date, "", text, len);
    free(text);
    if (!a) {
        rc = EXIT_SOFTWARE;
        fprintf(stderr, "casus explain: out of memory\n");
    } else if (casus_doc_process(p, a, &d, &err)) {
        fprintf(stderr, "casus explain: %s\n", err.msg);
        rc = err.code == CASUS_ENOMEM ? EXIT_SOFTWARE : EXIT_FAIL;
    } else if (casus_doc_trace_events(d, on_skip, &k, &err) || k.oom) {
        fprintf(stderr, "casus explain: %s\n", k.oom ? "out of memory" : err.msg);
        rc = EXIT_SOFTWARE;
    }
    view v = {.d = d, .p = p};
    if (!rc) {
        casus_doc_text(d, &v.tv);
        v.syn = casus_doc_syntax(d);
        v.mentions = casus_doc_mentions(d, &v.n_mentions);
        v.entities = casus_doc_entities(d, &v.n_entities);
        size_t nw = v.tv.n_words ? v.tv.n_words : 1;
        v.first_child = malloc(nw * sizeof *v.first_child);
        v.next_sib = malloc(nw * sizeof *v.next_sib);
        if (!v.first_child || !v.next_sib) {
            fprintf(stderr, "casus explain: out of memory\n");
            rc = EXIT_SOFTWARE;
        }
    }
    if (!rc) {
        for (size_t i = 0; i < v.tv.n_words; i++)
            v.first_child[i] = v.next_sib[i] = -1;
        for (size_t i = v.tv.n_words; v.syn && i-- > 0;) {
            int32_t h = v.syn[i].head;
            if (h >= 0 && (size_t)h < v.tv.n_words) {
                v.next_sib[i] = v.first_child[h];
                v.first_child[h] = (int32_t)i;
            }
        }
        qsort(k.a, k.n, sizeof *k.a, skip_cmp);
        print_doc(&v, &k, date);
        if (fflush(stdout) || ferror(stdout)) {
            fprintf(stderr, "casus explain: writing the output failed\n");
            rc = EXIT_IOERR;
        }
    }
    free(v.first_child);
    free(v.next_sib);
    for (size_t i = 0; i < k.n; i++) {
        free(k.a[i].rule);
        free(k.a[i].reason);
    }
    free(k.a);
    casus_doc_free(d);
    casus_article_free(a);
    casus_pipeline_free(p);
    return rc;
}
