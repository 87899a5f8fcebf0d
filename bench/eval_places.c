/*
 * eval_places.c — scores geocoded places (the knowledge layer's
 * "locations") against place mentions checked by hand.
 *
 *   eval_places [--checked FILE] [--dump] [--models DIR] [--dict DIR] [ARTICLES.jsonl]
 *
 * Input: the demo articles (JSONL {id, date, text, ...}; default
 * ../shared/data/news/demo/articles.jsonl) and the checked list (default
 * bench/places_checked.tsv): one line per place mention, tab-separated
 * id, start, end, text, expected, expected name, verdict, note; expected
 * is a GeoNames geonameid, an ISO 3166 alpha-2 code for a country or a
 * demonym, or "-" for a span that names no place. '#' lines are comments.
 * The verdict column records what casus did when the list was checked; it
 * is not read here: each run scores the current pipeline.
 *
 * Scoring, per checked line, by the location mention of the article with
 * exactly the line's span, else one overlapping it:
 *   right     resolved, and to the expected place (same geonameid, or the
 *             same country for a country);
 *   wrong     resolved to another place;
 *   spurious  resolved, but the line says the span names no place;
 *   missed    a place the line expects, and casus resolved nothing there;
 *   rejected  a "-" line casus (rightly) left alone.
 * Accuracy = right / resolved checked mentions (right + wrong + spurious);
 * the miss rate = missed / place lines (lines whose expected is not "-").
 *
 * A missing articles file is no error: the program says so and exits 0,
 * since the demo data lives outside the repository.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casus.h"

#define DEFAULT_ARTICLES "../shared/data/news/demo/articles.jsonl"
#define DEFAULT_CHECKED "bench/places_checked.tsv"

typedef struct checked {
    char id[128];
    unsigned start, end;
    char text[128];
    char expected[32];
    char line[512]; /* the line as read, for --dump */
} checked;

typedef struct checked_list {
    checked *v;
    size_t n, cap;
} checked_list;

/* Reads the checked list. Returns 0, or -1 with a message on stderr. */
static int checked_load(checked_list *l, const char *path)
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
        if (buf[0] == '#' || buf[0] == '\n')
            continue;
        if (l->n == l->cap) {
            size_t cap = l->cap ? 2 * l->cap : 1024;
            checked *nv = realloc(l->v, cap * sizeof *nv);
            if (!nv) {
                fclose(f);
                return -1;
            }
            l->v = nv;
            l->cap = cap;
        }
        checked *c = &l->v[l->n];
        memset(c, 0, sizeof *c);
        snprintf(c->line, sizeof c->line, "%.511s", buf);
        c->line[strcspn(c->line, "\n")] = 0;
        char *field[8] = {0};
        int nf = 0;
        char *s = buf;
        while (nf < 8) {
            field[nf++] = s;
            char *tab = strchr(s, '\t');
            if (!tab)
                break;
            *tab = 0;
            s = tab + 1;
        }
        if (nf < 5) {
            fprintf(stderr, "%s:%ld: expected at least 5 tab-separated fields\n", path, ln);
            fclose(f);
            return -1;
        }
        char *e1, *e2;
        unsigned long st = strtoul(field[1], &e1, 10), en = strtoul(field[2], &e2, 10);
        if (*e1 || *e2 || en <= st) {
            fprintf(stderr, "%s:%ld: bad span\n", path, ln);
            fclose(f);
            return -1;
        }
        snprintf(c->id, sizeof c->id, "%s", field[0]);
        c->start = (unsigned)st;
        c->end = (unsigned)en;
        snprintf(c->text, sizeof c->text, "%s", field[3]);
        snprintf(c->expected, sizeof c->expected, "%s", field[4]);
        c->expected[strcspn(c->expected, "\n")] = 0;
        l->n++;
    }
    fclose(f);
    return 0;
}

enum { RIGHT, WRONG, SPURIOUS, MISSED, REJECTED, N_OUTCOMES };
static const char *const outcome_name[N_OUTCOMES] = {"right", "wrong", "spurious", "missed",
                                                     "rejected"};

/* The place that the locations of d give span [start, end): the exact
 * span's, else an overlapping one's; NULL when none. */
static const casus_place *place_at(const casus_location *loc, size_t n, unsigned start,
                                   unsigned end)
{
    const casus_place *overlap = NULL;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < loc[i].n_mentions; k++) {
            const casus_span *s = &loc[i].mentions[k];
            if (s->start == start && s->end == end)
                return &loc[i].place;
            if (!overlap && s->start < end && start < s->end)
                overlap = &loc[i].place;
        }
    return overlap;
}

static int score(const checked *c, const casus_place *p)
{
    int place = strcmp(c->expected, "-") != 0;
    if (!p || !p->found)
        return place ? MISSED : REJECTED;
    if (!place)
        return SPURIOUS;
    char got[32];
    if (p->geonameid)
        snprintf(got, sizeof got, "%u", p->geonameid);
    else
        snprintf(got, sizeof got, "%s", p->country);
    return strcmp(got, c->expected) ? WRONG : RIGHT;
}

static void usage(void)
{
    fprintf(stderr, "usage: eval_places [--checked FILE] [--dump] [--models DIR] [--dict DIR] "
                    "[ARTICLES.jsonl]\n");
}

int main(int argc, char **argv)
{
    const char *articles = DEFAULT_ARTICLES, *checked_path = DEFAULT_CHECKED;
    int dump = 0;
    casus_pipeline_opts po = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--checked") && i + 1 < argc)
            checked_path = argv[++i];
        else if (!strcmp(argv[i], "--dump"))
            dump = 1;
        else if (!strcmp(argv[i], "--models") && i + 1 < argc)
            po.models_dir = argv[++i];
        else if (!strcmp(argv[i], "--dict") && i + 1 < argc)
            po.dict_dir = argv[++i];
        else if (argv[i][0] == '-') {
            usage();
            return 2;
        } else
            articles = argv[i];
    }
    FILE *af = fopen(articles, "r");
    if (!af) {
        printf("eval_places: %s not found; skipped\n", articles);
        return 0;
    }
    checked_list cl = {0};
    if (checked_load(&cl, checked_path)) {
        fclose(af);
        return 1;
    }
    casus_pipeline *p = NULL;
    casus_error err = {0};
    if (casus_pipeline_new(&p, &po, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        fclose(af);
        free(cl.v);
        return 1;
    }
    size_t count[N_OUTCOMES] = {0}, n_articles = 0, n_scored = 0;
    char *line = NULL;
    size_t cap = 0;
    long ln = 0;
    int rc = 0;
    while (getline(&line, &cap, af) > 0) {
        ln++;
        json_error_t jerr;
        json_t *rec = json_loads(line, 0, &jerr);
        const char *id = json_string_value(json_object_get(rec, "id"));
        const char *date = json_string_value(json_object_get(rec, "date"));
        const char *text = json_string_value(json_object_get(rec, "text"));
        if (!rec || !id || !text) {
            fprintf(stderr, "%s:%ld: not an article record\n", articles, ln);
            json_decref(rec);
            continue;
        }
        casus_article *a = casus_article_new(id, "", date ? date : "", "", text, strlen(text));
        casus_doc *d = NULL;
        if (!a || casus_doc_process(p, a, &d, &err)) {
            fprintf(stderr, "%s: %s\n", id, a ? err.msg : "out of memory");
            casus_article_free(a);
            json_decref(rec);
            rc = 1;
            continue;
        }
        n_articles++;
        size_t n_loc = 0;
        const casus_location *loc = casus_doc_locations(d, &n_loc);
        for (size_t i = 0; i < cl.n; i++) {
            if (strcmp(cl.v[i].id, id))
                continue;
            const casus_place *pl = place_at(loc, n_loc, cl.v[i].start, cl.v[i].end);
            int o = score(&cl.v[i], pl);
            count[o]++;
            n_scored++;
            if (dump && o != RIGHT && o != REJECTED)
                printf("%-8s got %s %s %u\t| %s\n", outcome_name[o],
                       pl && pl->name ? pl->name : "-", pl ? pl->country : "",
                       pl ? pl->geonameid : 0, cl.v[i].line);
        }
        casus_doc_free(d);
        casus_article_free(a);
        json_decref(rec);
    }
    free(line);
    fclose(af);
    casus_pipeline_free(p);
    size_t resolved = count[RIGHT] + count[WRONG] + count[SPURIOUS];
    size_t places = count[RIGHT] + count[WRONG] + count[MISSED];
    printf("eval_places: %zu articles, %zu checked lines scored (%zu in the list)\n", n_articles,
           n_scored, cl.n);
    printf("resolved %zu: right %zu (%.1f%%), wrong %zu, spurious %zu\n", resolved,
           count[RIGHT], resolved ? 100.0 * (double)count[RIGHT] / (double)resolved : 0.0,
           count[WRONG], count[SPURIOUS]);
    printf("places %zu: missed %zu (%.1f%%); non-places left alone %zu\n", places,
           count[MISSED], places ? 100.0 * (double)count[MISSED] / (double)places : 0.0,
           count[REJECTED]);
    free(cl.v);
    return rc;
}
