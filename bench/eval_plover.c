/*
 * eval_plover.c — scores the event layer against the PLOVER gold records
 * (issue 5, section 4).
 *
 *   eval_plover [--map FILE] [--dump FILE] [--all] [--models DIR] [--dict DIR] GOLD.json
 *
 * Input: the gold records (a JSON array; each has id, date, text, event, and
 * source / target as arrays of {actorText, code}) and the CAMEO to PLOVER
 * table (--map, default CAMEO2PLOVER-2021.txt next to GOLD). Each record is
 * run through the whole pipeline as one article with its own text and date.
 *
 * A record is found when some event of its article has the gold category, a
 * source whose code's first three letters are among the gold sources' and,
 * when the gold names targets, a target whose prefix is among theirs. A
 * record whose gold names no source (one does) drops the source condition,
 * as a record naming no target drops the target's. "target" given as a
 * string rather than a list ("diplomatic") names no target.
 *
 * Mapping a casus code to a category: the table's line for the full code,
 * else for its 3-digit base code, else for its 2-digit root (the first line
 * wins when a code is listed twice; 08 is listed twice but every 08x code
 * has its own line). Codes of roots 01 and 02 have no line: no category.
 * The gold was coded with PLOVER 0.5b1, whose categories INVESTIGATE,
 * DEMAND, DISAPPROVE and FIGHT the 2021 table has merged into ACCUSE,
 * REQUEST and ASSAULT; so a looked-up ACCUSE is INVESTIGATE for root 09 and
 * DISAPPROVE otherwise, REQUEST is DEMAND, and ASSAULT is FIGHT for root 19.
 * The same renaming applied to the table's root lines alone (the manual's
 * "reduce to the 2-digit cue category") gives a second figure, printed for
 * comparison: it shows what the table's code-level exceptions (163 is
 * COERCE, 1712 and 175 are ASSAULT) cost against this gold.
 *
 * Output: found %, events per sentence, found/total per category, and a
 * miss-cause table. --dump writes every missed record (--all: every
 * record) with its text, gold, the article's actor-coded mentions and
 * casus's events with their rule ids, so that an engineer can see why.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casus.h"

/* ---------------------------------------------------------------- the table */

#define MAX_CAT 32
#define CAT_LEN 24

typedef struct map_line {
    char code[8];
    char cat[CAT_LEN];
} map_line;

typedef struct plover_map {
    map_line *line;
    size_t n, cap;
} plover_map;

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    size_t k = 0;
    while (isspace((unsigned char)s[k]))
        k++;
    memmove(s, s + k, n - k + 1);
}

/* Reads "CODE: CATEGORY[, mode, context] [# comment]" lines; '#' lines,
 * blank lines and the closing "~~~~~" are skipped. Returns 0 or -1 with a
 * message on stderr. */
static int map_load(plover_map *m, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char buf[1024];
    long ln = 0;
    while (fgets(buf, sizeof buf, f)) {
        ln++;
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = 0;
        trim(buf);
        if (!buf[0] || buf[0] == '~')
            continue;
        char *colon = strchr(buf, ':');
        size_t nd = 0;
        while (isdigit((unsigned char)buf[nd]))
            nd++;
        if (!colon || nd < 2 || nd > 4 || colon != buf + nd) {
            fprintf(stderr, "%s:%ld: not a CODE: CATEGORY line\n", path, ln);
            fclose(f);
            return -1;
        }
        char *cat = colon + 1;
        char *comma = strchr(cat, ',');
        if (comma)
            *comma = 0;
        trim(cat);
        if (!cat[0] || strlen(cat) >= CAT_LEN) {
            fprintf(stderr, "%s:%ld: bad category\n", path, ln);
            fclose(f);
            return -1;
        }
        if (m->n == m->cap) {
            size_t cap = m->cap ? 2 * m->cap : 256;
            map_line *nl = realloc(m->line, cap * sizeof *nl);
            if (!nl) {
                fclose(f);
                return -1;
            }
            m->line = nl;
            m->cap = cap;
        }
        map_line *l = &m->line[m->n++];
        memcpy(l->code, buf, nd);
        l->code[nd] = 0;
        strcpy(l->cat, cat);
    }
    fclose(f);
    if (!m->n) {
        fprintf(stderr, "%s: no mapping lines\n", path);
        return -1;
    }
    return 0;
}

/* The first line for code, or NULL; counts the lines in *n_lines. */
static const char *map_find(const plover_map *m, const char *code, size_t len, int *n_lines)
{
    const char *first = NULL;
    int n = 0;
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->line[i].code) == len && !strncmp(m->line[i].code, code, len)) {
            if (!first)
                first = m->line[i].cat;
            n++;
        }
    if (n_lines)
        *n_lines = n;
    return first;
}

/* The 0.5b1 name the gold uses for a 2021 category of a code of this root. */
static const char *gold_name(const char *cat, const char *code)
{
    if (!cat)
        return NULL;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    if (!strcmp(cat, "ACCUSE"))
        return root == 9 ? "INVESTIGATE" : "DISAPPROVE";
    if (!strcmp(cat, "REQUEST"))
        return "DEMAND";
    if (!strcmp(cat, "ASSAULT") && root == 19)
        return "FIGHT";
    return cat;
}

/* Category of a CAMEO code: by_root 0 is the table (code, base, root);
 * 1 is the root line alone (the base decides where the root has two). */
static const char *plover_category(const plover_map *m, const char *code, int by_root)
{
    size_t len = strlen(code);
    if (len < 2 || !isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1]))
        return NULL;
    const char *c = NULL;
    int n_root = 0;
    const char *root = map_find(m, code, 2, &n_root);
    if (by_root && n_root == 1)
        c = root;
    if (!c && !by_root)
        c = map_find(m, code, len, NULL);
    if (!c && len >= 3)
        c = map_find(m, code, 3, NULL);
    if (!c)
        c = root;
    return gold_name(c, code);
}

/* ---------------------------------------------------------------- gold */

#define MAX_ACT 8

typedef struct gold_actors {
    char code[MAX_ACT][4]; /* 3-letter prefixes */
    const char *text[MAX_ACT];
    int n;
} gold_actors;

static void gold_read_actors(json_t *arr, gold_actors *g)
{
    g->n = 0;
    if (!json_is_array(arr))
        return;
    size_t i;
    json_t *a;
    json_array_foreach(arr, i, a)
    {
        const char *code = json_string_value(json_object_get(a, "code"));
        if (!code || strlen(code) < 3 || g->n == MAX_ACT)
            continue;
        for (int k = 0; k < 3; k++)
            g->code[g->n][k] = (char)toupper((unsigned char)code[k]);
        g->code[g->n][3] = 0;
        g->text[g->n] = json_string_value(json_object_get(a, "actorText"));
        g->n++;
    }
}

static int prefix_in(const char *code, const gold_actors *g)
{
    if (!code || strlen(code) < 3)
        return 0;
    for (int i = 0; i < g->n; i++)
        if (!strncmp(code, g->code[i], 3))
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- scoring */

typedef struct cat_count {
    char name[CAT_LEN];
    int total, found, found_root;
} cat_count;

static cat_count *cat_get(cat_count *cats, int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp(cats[i].name, name))
            return &cats[i];
    if (*n == MAX_CAT)
        return NULL;
    cat_count *c = &cats[(*n)++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    return c;
}

/* Why a record was missed, from the most to the least basic. */
enum miss {
    MISS_NONE = 0,
    MISS_NO_EVENT,         /* casus coded nothing, and no mention carries a gold source */
    MISS_NO_EVENT_CODED,   /* casus coded nothing, though a mention carries a gold source */
    MISS_CAT_ROOT,         /* no event of the category; the root mapping would match */
    MISS_CAT,              /* events, none of the gold category */
    MISS_SRC_UNCODED,      /* category found; no mention carries a gold source code */
    MISS_SRC_UNATTACHED,   /* category found; a mention carries it but is not the source */
    MISS_TGT_UNCODED,      /* category and source found; no mention carries a gold target */
    MISS_TGT_UNATTACHED,   /* ... a mention carries it but is not the target */
    MISS_N
};

static const char *miss_name[MISS_N] = {
    "found",
    "no event at all; gold source coded on no mention",
    "no event at all; gold source coded on a mention (no trigger, or not attached)",
    "no event of the category (root-only mapping would match)",
    "events, none of the gold category",
    "category found; gold source coded on no mention",
    "category found; gold source coded but not attached as source",
    "category+source found; gold target coded on no mention",
    "category+source found; gold target coded but not attached as target",
};

static int any_mention_coded(const casus_mention *men, size_t n_men, const gold_actors *g)
{
    for (size_t i = 0; i < n_men; i++)
        if (prefix_in(men[i].code, g))
            return 1;
    return 0;
}

/* Scores one record: returns MISS_NONE when found. */
static enum miss score(const plover_map *m, const char *cat, const gold_actors *src,
                       const gold_actors *tgt, const casus_event *ev, size_t n_ev,
                       const casus_mention *men, size_t n_men, int by_root)
{
    if (!n_ev)
        return src->n && any_mention_coded(men, n_men, src) ? MISS_NO_EVENT_CODED
                                                            : MISS_NO_EVENT;
    int has_cat = 0, has_src = 0;
    for (size_t i = 0; i < n_ev; i++) {
        const char *c = plover_category(m, ev[i].code, by_root);
        if (!c || strcmp(c, cat))
            continue;
        has_cat = 1;
        if (src->n && !prefix_in(ev[i].source.code, src))
            continue;
        has_src = 1;
        if (tgt->n && !(ev[i].has_target && prefix_in(ev[i].target.code, tgt)))
            continue;
        return MISS_NONE;
    }
    if (!has_cat) {
        if (!by_root)
            for (size_t i = 0; i < n_ev; i++) {
                const char *c = plover_category(m, ev[i].code, 1);
                if (c && !strcmp(c, cat))
                    return MISS_CAT_ROOT;
            }
        return MISS_CAT;
    }
    if (!has_src)
        return any_mention_coded(men, n_men, src) ? MISS_SRC_UNATTACHED : MISS_SRC_UNCODED;
    return any_mention_coded(men, n_men, tgt) ? MISS_TGT_UNATTACHED : MISS_TGT_UNCODED;
}

/* ---------------------------------------------------------------- dump */

static void dump_actors(FILE *f, const char *label, const gold_actors *g)
{
    fprintf(f, " %s", label);
    if (!g->n)
        fprintf(f, " -");
    for (int i = 0; i < g->n; i++)
        fprintf(f, " %s(%s)", g->code[i], g->text[i] ? g->text[i] : "");
}

static void dump_record(FILE *f, const plover_map *m, json_t *rec, const char *cat,
                        const gold_actors *src, const gold_actors *tgt, enum miss why,
                        const casus_doc *d)
{
    const casus_article *a = casus_doc_article(d);
    const char *etext = json_string_value(json_object_get(rec, "eventText"));
    fprintf(f, "== %s  %s\n", a->id, why == MISS_NONE ? "FOUND" : "MISS");
    if (why != MISS_NONE)
        fprintf(f, "why:    %s\n", miss_name[why]);
    fprintf(f, "text:   %s\n", a->text);
    fprintf(f, "gold:   %s", cat);
    dump_actors(f, "src", src);
    dump_actors(f, " tgt", tgt);
    fprintf(f, "  trigger \"%s\"\n", etext ? etext : "");
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
        const char *c = plover_category(m, e->code, 0);
        fprintf(f, "event:  %-4s %-11s %s(%s) -> %s(%s)  \"%.*s\"  rule %s%s%s\n", e->code,
                c ? c : "-", e->source.code ? e->source.code : "", e->source.name ? e->source.name : "",
                e->has_target && e->target.code ? e->target.code : "-",
                e->has_target && e->target.name ? e->target.name : "",
                (int)(e->trigger_end - e->trigger_start), a->text + e->trigger_start,
                e->rule ? e->rule : "?", e->mood ? "  mood " : "", e->mood ? e->mood : "");
    }
    if (!n_ev)
        fprintf(f, "event:  (none)\n");
    fprintf(f, "\n");
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fprintf(stderr, "usage: eval_plover [--map FILE] [--dump FILE] [--all] [--models DIR] "
                    "[--dict DIR] GOLD.json\n");
}

int main(int argc, char **argv)
{
    const char *gold_path = NULL, *map_path = NULL, *dump_path = NULL;
    int dump_all = 0;
    casus_pipeline_opts po = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--map") && i + 1 < argc)
            map_path = argv[++i];
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc)
            dump_path = argv[++i];
        else if (!strcmp(argv[i], "--all"))
            dump_all = 1;
        else if (!strcmp(argv[i], "--models") && i + 1 < argc)
            po.models_dir = argv[++i];
        else if (!strcmp(argv[i], "--dict") && i + 1 < argc)
            po.dict_dir = argv[++i];
        else if (argv[i][0] == '-' || gold_path) {
            usage();
            return 2;
        } else
            gold_path = argv[i];
    }
    if (!gold_path) {
        usage();
        return 2;
    }
    char map_buf[4096];
    if (!map_path) {
        const char *slash = strrchr(gold_path, '/');
        int dir = slash ? (int)(slash - gold_path + 1) : 0;
        snprintf(map_buf, sizeof map_buf, "%.*sCAMEO2PLOVER-2021.txt", dir, gold_path);
        map_path = map_buf;
    }
    plover_map map = {0};
    if (map_load(&map, map_path))
        return 1;
    json_error_t jerr;
    json_t *root = json_load_file(gold_path, 0, &jerr);
    if (!root || !json_is_array(root)) {
        fprintf(stderr, "%s:%d: %s\n", gold_path, jerr.line,
                root ? "not a JSON array" : jerr.text);
        json_decref(root);
        return 1;
    }
    FILE *dump = NULL;
    if (dump_path && !(dump = fopen(dump_path, "w"))) {
        perror(dump_path);
        return 1;
    }
    casus_pipeline *p = NULL;
    casus_error err = {0};
    if (casus_pipeline_new(&p, &po, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }

    cat_count cats[MAX_CAT];
    int n_cats = 0;
    int n_rec = 0, n_found = 0, n_found_root = 0, n_failed = 0;
    int miss_count[MISS_N] = {0};
    size_t n_sent = 0, n_events = 0, n_events_cat = 0;
    size_t i;
    json_t *rec;
    json_array_foreach(root, i, rec)
    {
        const char *id = json_string_value(json_object_get(rec, "id"));
        const char *date = json_string_value(json_object_get(rec, "date"));
        const char *text = json_string_value(json_object_get(rec, "text"));
        const char *cat = json_string_value(json_object_get(rec, "event"));
        if (!text || !cat) {
            fprintf(stderr, "%s: record %zu without text or event, skipped\n", gold_path, i);
            continue;
        }
        gold_actors src, tgt;
        gold_read_actors(json_object_get(rec, "source"), &src);
        gold_read_actors(json_object_get(rec, "target"), &tgt);
        n_rec++;
        cat_count *cc = cat_get(cats, &n_cats, cat);
        if (cc)
            cc->total++;

        casus_article *a = casus_article_new(id, "", date, "", text, strlen(text));
        casus_doc *d = NULL;
        if (!a || casus_doc_process(p, a, &d, &err)) {
            fprintf(stderr, "%s: %s\n", id ? id : "?", a ? err.msg : "out of memory");
            n_failed++;
            miss_count[MISS_NO_EVENT]++;
            casus_article_free(a);
            continue;
        }
        casus_text_view v;
        casus_doc_text(d, &v);
        size_t n_ev = 0, n_men = 0;
        const casus_event *ev = casus_doc_events(d, &n_ev);
        const casus_mention *men = casus_doc_mentions(d, &n_men);
        n_sent += v.n_sentences;
        n_events += n_ev;
        for (size_t k = 0; k < n_ev; k++)
            n_events_cat += plover_category(&map, ev[k].code, 0) != NULL;

        enum miss why = score(&map, cat, &src, &tgt, ev, n_ev, men, n_men, 0);
        enum miss why_root = score(&map, cat, &src, &tgt, ev, n_ev, men, n_men, 1);
        miss_count[why]++;
        if (why == MISS_NONE) {
            n_found++;
            if (cc)
                cc->found++;
        }
        if (why_root == MISS_NONE) {
            n_found_root++;
            if (cc)
                cc->found_root++;
        }
        if (dump && (dump_all || why != MISS_NONE))
            dump_record(dump, &map, rec, cat, &src, &tgt, why, d);
        casus_doc_free(d);
        casus_article_free(a);
    }

    printf("records            %d (%d failed to process)\n", n_rec, n_failed);
    printf("found              %d  %.1f%%   (target >= 55%%)\n", n_found,
           n_rec ? 100.0 * n_found / n_rec : 0.0);
    printf("found, root map    %d  %.1f%%   (each code by its root's line alone)\n",
           n_found_root, n_rec ? 100.0 * n_found_root / n_rec : 0.0);
    printf("sentences          %zu\n", n_sent);
    printf("events             %zu  %.2f per sentence (target <= 2.0); %zu with a PLOVER "
           "category (%.2f per sentence)\n",
           n_events, n_sent ? (double)n_events / (double)n_sent : 0.0, n_events_cat,
           n_sent ? (double)n_events_cat / (double)n_sent : 0.0);
    printf("\n%-12s %6s %6s %7s %10s\n", "category", "found", "total", "%", "root map");
    for (int k = 0; k < n_cats; k++)
        printf("%-12s %6d %6d %6.1f%% %10d\n", cats[k].name, cats[k].found, cats[k].total,
               cats[k].total ? 100.0 * cats[k].found / cats[k].total : 0.0,
               cats[k].found_root);
    printf("\nmisses by first cause\n");
    for (int k = 1; k < MISS_N; k++)
        printf("%5d  %s\n", miss_count[k], miss_name[k]);

    if (dump)
        fclose(dump);
    casus_pipeline_free(p);
    json_decref(root);
    free(map.line);
    return 0;
}
