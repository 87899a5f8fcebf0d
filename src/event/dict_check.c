/*
 * dict_check.c — casus_dict_check: everything `casus dict check` reports
 * about a dict/ folder, as "file:line: reason" lines.
 *
 * Input: dict/cameo/event_codes.txt, dict/cameo/actor_codes.txt,
 * dict/events/<name>.txt and the actor dictionaries dict/<name>.txt. Output: problems
 * through a callback, and counts.
 *
 * Design: the event side loads in check mode, so every bad line is
 * reported, then pattern_check adds duplicates and shadowed patterns. The
 * actor side is another engineer's loader, which stops at its first bad
 * line: it is run once for its verdict (edict_load_dir), and the codes are
 * then checked by a light scan of the same files that keeps line numbers —
 * the compiled entries do not. An unknown code prefix is reported once per
 * file and prefix (with a count), since one wrong region code in a
 * generated file repeats on hundreds of lines.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casus.h"
#include "entity/dict.h"
#include "event/cameo.h"
#include "event/pattern.h"
#include "util/error.h"

#ifndef CASUS_DICT_DIR
#define CASUS_DICT_DIR "dict"
#endif

typedef struct checker {
    void (*report)(void *ctx, const char *msg);
    void *ctx;
    casus_dict_stats st;
} checker;

static void say(void *ctx, const char *msg)
{
    checker *c = ctx;
    c->st.n_problems++;
    if (c->report)
        c->report(c->ctx, msg);
}

/* A path dir/a[/b] in buf[size]; 0 or CASUS_ETOOBIG. */
static int join(char *out, size_t size, const char *dir, const char *a, const char *b)
{
    int n = b ? snprintf(out, size, "%s/%s/%s", dir, a, b) : snprintf(out, size, "%s/%s", dir, a);
    return n < 0 || (size_t)n >= size ? CASUS_ETOOBIG : 0;
}

typedef struct prefix_seen {
    char prefix[4];
    size_t first_line, count;
    char code[40];
} prefix_seen;

/* The code field of a line of a casus actor dictionary (the second field
 * of an entry line, the first of an indented role line), or 0 (comments,
 * blank lines, a place's geo line). */
static size_t code_field(const char *s, const char *e, const char **code)
{
    int role = s < e && (*s == ' ' || *s == '\t');
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    if (s == e || *s == '#')
        return 0;
    /* a place's "geo ID LAT LON ..." line holds no code */
    if (role && e - s > 4 && !memcmp(s, "geo", 3) && (s[3] == ' ' || s[3] == '\t'))
        return 0;
    if (!role) {
        while (s < e && *s != ' ' && *s != '\t')
            s++;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
    }
    const char *c = s;
    while (s < e && *s != ' ' && *s != '\t')
        s++;
    *code = c;
    return (size_t)(s - c);
}

static void scan_actor_codes(checker *c, const cameo_units *u, const char *path)
{
    char *data;
    size_t size;
    casus_error err;
    if (edict_read_file(path, &data, &size, &err)) {
        say(c, err.msg);
        return;
    }
    prefix_seen seen[64];
    size_t n_seen = 0, line = 0;
    const char *p = data, *stop = data + size;
    while (p < stop) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(stop - p));
        const char *e = nl ? nl : stop;
        const char *code;
        size_t n = code_field(p, e, &code);
        p = nl ? nl + 1 : stop;
        if (n < 3) /* '-' (none) and short codes: the loader's business */
            continue;
        if (cameo_unit_kind(u, code))
            continue;
        size_t k = 0;
        while (k < n_seen && memcmp(seen[k].prefix, code, 3))
            k++;
        if (k == n_seen) {
            if (n_seen == sizeof seen / sizeof *seen)
                continue;
            memcpy(seen[k].prefix, code, 3);
            seen[k].prefix[3] = '\0';
            snprintf(seen[k].code, sizeof seen[k].code, "%.*s", (int)(n > 32 ? 32 : n), code);
            seen[k].first_line = line;
            seen[k].count = 0;
            n_seen++;
        }
        seen[k].count++;
    }
    free(data);
    for (size_t k = 0; k < n_seen; k++) {
        char msg[1024];
        if (seen[k].count > 1)
            snprintf(msg, sizeof msg,
                     "%.300s:%zu: unknown actor code prefix '%.3s' in '%.32s' (and %zu more lines)", path,
                     seen[k].first_line, seen[k].prefix, seen[k].code, seen[k].count - 1);
        else
            snprintf(msg, sizeof msg, "%.300s:%zu: unknown actor code prefix '%.3s' in '%.32s'", path,
                     seen[k].first_line, seen[k].prefix, seen[k].code);
        say(c, msg);
    }
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The actor dictionaries: their loader's verdict, then the code scan. */
static void check_actors(checker *c, const char *dir, const cameo_units *u)
{
    edict *d = NULL;
    casus_error err;
    if (edict_new(&d, &err)) {
        say(c, err.msg);
        return;
    }
    if (edict_load_dir(d, dir, &err) || edict_finish(d, &err))
        say(c, err.msg);
    edict_free(d);
    if (!u)
        return;
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    char *names[256];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL && n < sizeof names / sizeof *names) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".txt"))
            continue;
        if (!(names[n] = strdup(de->d_name)))
            break;
        n++;
    }
    closedir(dh);
    qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        if (!join(path, sizeof path, dir, names[i], NULL)) {
            c->st.n_files++;
            scan_actor_codes(c, u, path);
        }
        free(names[i]);
    }
}

static size_t count_txt(const char *dir)
{
    DIR *dh = opendir(dir);
    size_t n = 0;
    struct dirent *de;
    if (!dh)
        return 0;
    while ((de = readdir(dh)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] != '.' && len >= 5 && !strcmp(de->d_name + len - 4, ".txt"))
            n++;
    }
    closedir(dh);
    return n;
}

int casus_dict_check(const char *dict_dir, void (*report)(void *ctx, const char *msg), void *ctx,
                     casus_dict_stats *stats, casus_error *err)
{
    checker c;
    memset(&c, 0, sizeof c);
    c.report = report;
    c.ctx = ctx;
    if (!dict_dir)
        dict_dir = getenv("CASUS_DICT");
    if (!dict_dir || !*dict_dir)
        dict_dir = CASUS_DICT_DIR;
    char path[4096];
    if (join(path, sizeof path, dict_dir, "cameo", "event_codes.txt"))
        return error_set(err, CASUS_ETOOBIG, "%s: path too long", dict_dir);
    cameo_table *codes = NULL;
    int rc = cameo_table_load(&codes, path, err);
    if (rc)
        return rc;
    c.st.n_codes = cameo_table_count(codes);
    c.st.n_files = 1;

    cameo_units *units = NULL;
    casus_error e2 = {0};
    if (join(path, sizeof path, dict_dir, "cameo", "actor_codes.txt"))
        error_set(&e2, CASUS_ETOOBIG, "%s: path too long", dict_dir);
    if (e2.code == CASUS_ETOOBIG || cameo_units_load(&units, path, &e2))
        say(&c, e2.msg);
    else
        c.st.n_files++;

    pattern_set *ps = NULL;
    if ((rc = pattern_set_new(&ps, codes, err)))
        goto out;
    pattern_set_report(ps, say, &c);
    if (join(path, sizeof path, dict_dir, "events", NULL)) {
        rc = error_set(err, CASUS_ETOOBIG, "%s: path too long", dict_dir);
        goto out;
    }
    rc = pattern_load_dir(ps, path, &e2);
    if (rc == CASUS_ENOMEM) {
        *(err ? err : &e2) = e2;
        goto out;
    }
    if (rc)
        say(&c, e2.msg);
    c.st.n_files += count_txt(path);
    if ((rc = pattern_finish(ps, err)))
        goto out;
    c.st.n_patterns = pattern_count(ps);
    pattern_discards(ps, &c.st.n_discards);
    pattern_check(ps, say, &c);

    check_actors(&c, dict_dir, units);
    rc = 0;
out:
    pattern_set_free(ps);
    cameo_units_free(units);
    cameo_table_free(codes);
    if (stats)
        *stats = c.st;
    return rc;
}
