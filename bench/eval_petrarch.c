/*
 * eval_petrarch.c — actor attachment checked on the PETRARCH validation
 * suite (issue 5, section 4).
 *
 *   eval_petrarch [--actors FILE] [--agents FILE] [--dump FILE] [--all]
 *                 [--models DIR] [--dict DIR] PETR.UnitTest.records.xml
 *
 * Input: the suite's XML (read with libxml2): <Sentence id date category>
 * records, each with one or more <EventCoding sourcecode targetcode
 * eventcode> (or noevents="True", or error="...") and a <Text>. The suite's
 * countries are fictional, so its own actor and agent dictionaries
 * (--actors, --agents; by default PETR.Validate.actors.txt and
 * PETR.Validate.agents.txt next to the XML) are loaded through the
 * PETRARCH-format reader, after casus's own dict/. Each sentence is one
 * article; its text has the file's line breaks folded to single spaces and
 * its date (YYYYMMDD) rewritten as YYYY-MM-DD.
 *
 * Scoring: each expected coding is a (source, target) pair, found when some
 * event of its sentence has that source and target, whatever the event
 * code. Two figures: full codes equal ("CALGOV" = "CALGOV"), and 3-letter
 * prefixes equal ("CALGOV" ~ "CALMIL"). A gold side "---" (the suite's
 * unknown actor) is matched by any actor or none; "---GOV" by any code
 * ending in GOV (full) or any code (prefix). The suite's own event codes are
 * odd, but for found pairs the share with the same CAMEO root is printed.
 * Records expecting no event (noevents, error) count separately: how many
 * got some event anyway.
 *
 * Output: totals and a table by the records' category attribute; --dump
 * writes every record with a missed pair (--all: every record) with its
 * text, expected pairs, actor-coded mentions and events with rule ids.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "casus.h"

#define MAX_CAT 32
#define MAX_PAIRS 16

typedef struct pair {
    char src[32], tgt[32], code[8];
} pair;

typedef struct cat_count {
    char name[64];
    int records, pairs, full, prefix, root_same;
    int none_records, none_with_events;
} cat_count;

static cat_count *cat_get(cat_count *cats, int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp(cats[i].name, name))
            return &cats[i];
    if (*n == MAX_CAT)
        return &cats[MAX_CAT - 1];
    cat_count *c = &cats[(*n)++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    return c;
}

static void attr_copy(xmlNode *n, const char *name, char *out, size_t cap)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    snprintf(out, cap, "%s", v ? (const char *)v : "");
    xmlFree(v);
}

/* Gold side g against an event's actor code c (NULL: no actor). */
static int side_match(const char *g, const char *c, int prefix)
{
    if (!strncmp(g, "---", 3)) {
        if (prefix || !g[3])
            return 1;
        size_t lg = strlen(g + 3), lc = c ? strlen(c) : 0;
        return c && lc >= lg && !strcmp(c + lc - lg, g + 3);
    }
    if (!c || !*c)
        return 0;
    return prefix ? !strncmp(g, c, 3) : !strcmp(g, c);
}

/* Index of an event matching the pair, or -1. */
static long pair_find(const pair *pr, const casus_event *ev, size_t n_ev, int prefix)
{
    for (size_t i = 0; i < n_ev; i++) {
        const char *t = ev[i].has_target ? ev[i].target.code : NULL;
        if (side_match(pr->src, ev[i].source.code, prefix) && side_match(pr->tgt, t, prefix))
            return (long)i;
    }
    return -1;
}

/* Folds runs of white space to one space and trims; returns a malloc'ed
 * string (caller frees) or NULL. */
static char *fold_space(const char *s)
{
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t k = 0;
    int sp = 0;
    for (const char *c = s; *c; c++) {
        if (isspace((unsigned char)*c)) {
            sp = 1;
            continue;
        }
        if (sp && k)
            o[k++] = ' ';
        sp = 0;
        o[k++] = *c;
    }
    o[k] = 0;
    return o;
}

static void dump_record(FILE *f, const char *id, const char *cat, const pair *prs, int n_pr,
                        const int *hit_full, const int *hit_prefix, int expect_none,
                        const casus_doc *d)
{
    const casus_article *a = casus_doc_article(d);
    fprintf(f, "== %s  [%s]\n", id, cat);
    fprintf(f, "text:   %s\n", a->text);
    if (expect_none)
        fprintf(f, "gold:   (no event expected)\n");
    for (int k = 0; k < n_pr; k++)
        fprintf(f, "gold:   %s -> %s  %s  %s\n", prs[k].src, prs[k].tgt, prs[k].code,
                hit_full[k] ? "FOUND" : hit_prefix[k] ? "found by prefix" : "MISS");
    size_t n_men = 0, n_ev = 0;
    const casus_mention *men = casus_doc_mentions(d, &n_men);
    const casus_event *ev = casus_doc_events(d, &n_ev);
    fprintf(f, "coded:  ");
    int any = 0;
    for (size_t i = 0; i < n_men; i++) {
        if (!men[i].code || !men[i].code[0])
            continue;
        fprintf(f, "%s[%.*s]=%s", any ? ", " : "", (int)(men[i].end - men[i].start),
                a->text + men[i].start, men[i].code);
        any = 1;
    }
    fprintf(f, "%s\n", any ? "" : "(no actor-coded mention)");
    for (size_t i = 0; i < n_ev; i++) {
        const casus_event *e = &ev[i];
        fprintf(f, "event:  %-4s %s(%s) -> %s(%s)  \"%.*s\"  rule %s\n", e->code,
                e->source.code ? e->source.code : "", e->source.name ? e->source.name : "",
                e->has_target && e->target.code ? e->target.code : "-",
                e->has_target && e->target.name ? e->target.name : "",
                (int)(e->trigger_end - e->trigger_start), a->text + e->trigger_start,
                e->rule ? e->rule : "?");
    }
    if (!n_ev)
        fprintf(f, "event:  (none)\n");
    fprintf(f, "\n");
}

static void usage(void)
{
    fprintf(stderr, "usage: eval_petrarch [--actors FILE] [--agents FILE] [--dump FILE] [--all] "
                    "[--models DIR] [--dict DIR] RECORDS.xml\n");
}

int main(int argc, char **argv)
{
    const char *xml_path = NULL, *actors = NULL, *agents = NULL, *dump_path = NULL;
    int dump_all = 0;
    casus_pipeline_opts po = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--actors") && i + 1 < argc)
            actors = argv[++i];
        else if (!strcmp(argv[i], "--agents") && i + 1 < argc)
            agents = argv[++i];
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc)
            dump_path = argv[++i];
        else if (!strcmp(argv[i], "--all"))
            dump_all = 1;
        else if (!strcmp(argv[i], "--models") && i + 1 < argc)
            po.models_dir = argv[++i];
        else if (!strcmp(argv[i], "--dict") && i + 1 < argc)
            po.dict_dir = argv[++i];
        else if (argv[i][0] == '-' || xml_path) {
            usage();
            return 2;
        } else
            xml_path = argv[i];
    }
    if (!xml_path) {
        usage();
        return 2;
    }
    const char *slash = strrchr(xml_path, '/');
    int dir = slash ? (int)(slash - xml_path + 1) : 0;
    char actors_buf[4096], agents_buf[4096];
    if (!actors) {
        snprintf(actors_buf, sizeof actors_buf, "%.*sPETR.Validate.actors.txt", dir, xml_path);
        actors = actors_buf;
    }
    if (!agents) {
        snprintf(agents_buf, sizeof agents_buf, "%.*sPETR.Validate.agents.txt", dir, xml_path);
        agents = agents_buf;
    }
    po.actor_files = &actors;
    po.n_actor_files = 1;
    po.agent_files = &agents;
    po.n_agent_files = 1;

    xmlDoc *doc = xmlReadFile(xml_path, NULL, XML_PARSE_NONET);
    if (!doc) {
        fprintf(stderr, "%s: not well-formed XML\n", xml_path);
        return 1;
    }
    FILE *dump = NULL;
    if (dump_path && !(dump = fopen(dump_path, "w"))) {
        perror(dump_path);
        xmlFreeDoc(doc);
        return 1;
    }
    casus_pipeline *p = NULL;
    casus_error err = {0};
    if (casus_pipeline_new(&p, &po, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        xmlFreeDoc(doc);
        return 1;
    }

    xmlNode *root = xmlDocGetRootElement(doc), *sents = NULL;
    for (xmlNode *n = root ? root->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)"Sentences"))
            sents = n;
    if (!sents) {
        fprintf(stderr, "%s: no <Sentences>\n", xml_path);
        return 1;
    }
    cat_count cats[MAX_CAT], all;
    memset(&all, 0, sizeof all);
    snprintf(all.name, sizeof all.name, "all");
    int n_cats = 0, n_failed = 0;
    size_t n_events = 0, n_sent = 0;
    for (xmlNode *s = sents->children; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || xmlStrcmp(s->name, (const xmlChar *)"Sentence"))
            continue;
        char id[128], date[32], cat[64];
        attr_copy(s, "id", id, sizeof id);
        attr_copy(s, "date", date, sizeof date);
        attr_copy(s, "category", cat, sizeof cat);
        pair prs[MAX_PAIRS];
        int n_pr = 0, expect_none = 0;
        char *text = NULL;
        for (xmlNode *c = s->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (!xmlStrcmp(c->name, (const xmlChar *)"EventCoding")) {
                char src[32];
                attr_copy(c, "sourcecode", src, sizeof src);
                if (!src[0]) {
                    expect_none = 1; /* noevents="True" or error="..." */
                    continue;
                }
                if (n_pr == MAX_PAIRS)
                    continue;
                snprintf(prs[n_pr].src, sizeof prs[n_pr].src, "%s", src);
                attr_copy(c, "targetcode", prs[n_pr].tgt, sizeof prs[n_pr].tgt);
                attr_copy(c, "eventcode", prs[n_pr].code, sizeof prs[n_pr].code);
                n_pr++;
            } else if (!xmlStrcmp(c->name, (const xmlChar *)"Text") && !text) {
                xmlChar *t = xmlNodeGetContent(c);
                text = fold_space(t ? (const char *)t : "");
                xmlFree(t);
            }
        }
        if (!text)
            continue;
        char iso[11] = "";
        if (strlen(date) == 8)
            snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
        cat_count *cc = cat_get(cats, &n_cats, cat[0] ? cat : "(none)");
        cc->records++;
        all.records++;

        casus_article *a = casus_article_new(id, "", iso, "", text, strlen(text));
        free(text);
        casus_doc *d = NULL;
        if (!a || casus_doc_process(p, a, &d, &err)) {
            fprintf(stderr, "%s: %s\n", id, a ? err.msg : "out of memory");
            n_failed++;
            cc->pairs += n_pr;
            all.pairs += n_pr;
            casus_article_free(a);
            continue;
        }
        size_t n_ev = 0;
        const casus_event *ev = casus_doc_events(d, &n_ev);
        casus_text_view v;
        casus_doc_text(d, &v);
        n_sent += v.n_sentences;
        n_events += n_ev;
        int hit_full[MAX_PAIRS], hit_prefix[MAX_PAIRS], missed = 0;
        for (int k = 0; k < n_pr; k++) {
            long ef = pair_find(&prs[k], ev, n_ev, 0);
            long ep = pair_find(&prs[k], ev, n_ev, 1);
            hit_full[k] = ef >= 0;
            hit_prefix[k] = ep >= 0;
            missed |= !hit_full[k];
            cc->pairs++, all.pairs++;
            cc->full += hit_full[k], all.full += hit_full[k];
            cc->prefix += hit_prefix[k], all.prefix += hit_prefix[k];
            if (ep >= 0 && !strncmp(ev[ep].code, prs[k].code, 2))
                cc->root_same++, all.root_same++;
        }
        if (expect_none) {
            cc->none_records++, all.none_records++;
            if (n_ev)
                cc->none_with_events++, all.none_with_events++;
        }
        if (dump && (dump_all || missed || (expect_none && n_ev)))
            dump_record(dump, id, cat, prs, n_pr, hit_full, hit_prefix, expect_none, d);
        casus_doc_free(d);
        casus_article_free(a);
    }

    printf("records %d (%d failed to process), sentences %zu, events %zu (%.2f per sentence)\n",
           all.records, n_failed, n_sent, n_events,
           n_sent ? (double)n_events / (double)n_sent : 0.0);
    printf("expected (source, target) pairs %d: found with full codes %d (%.1f%%), with "
           "3-letter prefixes %d (%.1f%%); same CAMEO root as expected %d of the prefix hits\n",
           all.pairs, all.full, all.pairs ? 100.0 * all.full / all.pairs : 0.0, all.prefix,
           all.pairs ? 100.0 * all.prefix / all.pairs : 0.0, all.root_same);
    printf("records expecting no event %d: %d got some event\n\n", all.none_records,
           all.none_with_events);
    printf("%-10s %7s %6s %6s %7s %7s %7s %9s\n", "category", "records", "pairs", "full", "%",
           "prefix", "%", "no-event");
    for (int k = 0; k <= n_cats; k++) {
        const cat_count *c = k < n_cats ? &cats[k] : &all;
        printf("%-10s %7d %6d %6d %6.1f%% %7d %6.1f%% %5d/%-3d\n", c->name, c->records, c->pairs,
               c->full, c->pairs ? 100.0 * c->full / c->pairs : 0.0, c->prefix,
               c->pairs ? 100.0 * c->prefix / c->pairs : 0.0, c->none_with_events,
               c->none_records);
    }
    if (dump)
        fclose(dump);
    casus_pipeline_free(p);
    xmlFreeDoc(doc);
    xmlCleanupParser();
    return 0;
}
