/*
 * surname.c — people named by their surname alone ("President Mugabe",
 * "Bush"): an index from the last word of each person's canonical name in
 * the dictionaries to the people who carry it, built once when the
 * pipeline loads and shared read-only by the workers.
 *
 * A surname picks a person only when the choice is clear: of the people
 * with that surname, the one holding a dated role on the article's date,
 * or the only one there is. "Bush" in 1990 is the elder, in 2005 the
 * younger; a surname that several people share with no role that day
 * names nobody.
 */
#include "entity/surname.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

typedef struct slot {
    uint64_t hash; /* 0: empty */
    uint32_t first, count; /* entries[first .. first+count) */
} slot;

struct surname_index {
    slot *slots;
    size_t n_slots; /* a power of two */
    const edict_entry **entries;
};

static uint64_t hash_word(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint64_t)(unsigned char)tolower((unsigned char)s[i]);
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

/* The last word of a canonical name ("Robert Gabriel Mugabe" -> Mugabe),
 * skipping a generational suffix ("Jr.", "III"). */
static const char *last_word(const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (int pass = 0; pass < 2; pass++) {
        while (n && name[n - 1] == ' ')
            n--;
        size_t b = n;
        while (b && name[b - 1] != ' ')
            b--;
        const char *w = name + b;
        size_t wl = n - b;
        int suffix = (wl == 3 && !strncmp(w, "Jr.", 3)) || (wl == 2 && !strncmp(w, "Jr", 2)) ||
                     (wl == 2 && !strncmp(w, "II", 2)) || (wl == 3 && !strncmp(w, "III", 3));
        if (!suffix || pass) {
            *len = wl;
            return w;
        }
        n = b;
    }
    *len = 0;
    return name;
}

static int cmp_pair(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1];
}

int surname_index_new(surname_index **out, const edict *d, casus_error *err)
{
    *out = NULL;
    size_t n = d ? edict_n_entries(d) : 0, m = 0;
    uint64_t *pairs = malloc((n ? n : 1) * 2 * sizeof *pairs);
    surname_index *x = calloc(1, sizeof *x);
    if (!pairs || !x) {
        free(pairs);
        free(x);
        return error_set(err, CASUS_ENOMEM, "surnames: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const edict_entry *e = edict_entry_at(d, i);
        if (e->kind != EDICT_PERSON || !e->name || !strchr(e->name, ' '))
            continue;
        size_t wl;
        const char *w = last_word(e->name, &wl);
        if (wl < 2)
            continue;
        pairs[2 * m] = hash_word(w, wl);
        pairs[2 * m + 1] = i;
        m++;
    }
    qsort(pairs, m, 2 * sizeof *pairs, cmp_pair);
    x->n_slots = 16;
    while (x->n_slots < 2 * m)
        x->n_slots *= 2;
    x->slots = calloc(x->n_slots, sizeof *x->slots);
    x->entries = malloc((m ? m : 1) * sizeof *x->entries);
    if (!x->slots || !x->entries) {
        free(pairs);
        surname_index_free(x);
        return error_set(err, CASUS_ENOMEM, "surnames: out of memory");
    }
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && pairs[2 * j] == pairs[2 * i]) {
            x->entries[j] = edict_entry_at(d, (size_t)pairs[2 * j + 1]);
            j++;
        }
        size_t s = (size_t)pairs[2 * i] & (x->n_slots - 1);
        while (x->slots[s].hash)
            s = (s + 1) & (x->n_slots - 1);
        x->slots[s].hash = pairs[2 * i];
        x->slots[s].first = (uint32_t)i;
        x->slots[s].count = (uint32_t)(j - i);
        i = j;
    }
    free(pairs);
    *out = x;
    return 0;
}

void surname_index_free(surname_index *x)
{
    if (!x)
        return;
    free(x->slots);
    free(x->entries);
    free(x);
}

/* Does person e hold a dated role on date? */
static int in_office(const edict_entry *e, int32_t date)
{
    for (size_t i = 0; i < e->n_roles; i++) {
        const edict_role *r = &e->roles[i];
        if ((!r->from || date >= r->from) && (!r->to || date < r->to))
            return 1;
    }
    return 0;
}

const edict_entry *surname_person(const surname_index *x, const char *word, int32_t date)
{
    if (!x || !word || !*word)
        return NULL;
    uint64_t h = hash_word(word, strlen(word));
    size_t s = (size_t)h & (x->n_slots - 1);
    while (x->slots[s].hash && x->slots[s].hash != h)
        s = (s + 1) & (x->n_slots - 1);
    if (!x->slots[s].hash)
        return NULL;
    const edict_entry *const *c = x->entries + x->slots[s].first;
    uint32_t n = x->slots[s].count;
    if (n == 1) {
        /* a person the dictionaries give no code that day says nothing */
        const char *code = edict_person_code(c[0], date);
        return code && *code ? c[0] : NULL;
    }
    if (!date)
        return NULL;
    const edict_entry *pick = NULL;
    for (uint32_t i = 0; i < n; i++)
        if (in_office(c[i], date)) {
            if (pick && strcmp(pick->name, c[i]->name))
                return NULL; /* two people of that name in office that day */
            pick = c[i];
        }
    return pick;
}
