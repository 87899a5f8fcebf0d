/*
 * dict.h — the actor dictionaries: countries, demonyms, capitals,
 * international actors, people with date-bounded roles, and agent nouns,
 * compiled into one phrase matcher over a sentence's normalised words.
 *
 * Input: casus-format files (dict/README.md documents the format and the
 * matching rules) and PETRARCH/TABARI actor and agent dictionaries. Output:
 * an immutable edict that every worker thread shares; matching allocates
 * nothing and never writes to it.
 *
 * Lifecycle: edict_new, any number of edict_load_* calls, edict_finish once,
 * then edict_longest / edict_gazetteer / edict_person_code from any thread,
 * then edict_free. Loading after edict_finish is CASUS_EINVAL; matching
 * before it finds nothing.
 */
#ifndef CASUS_ENTITY_DICT_H
#define CASUS_ENTITY_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"

typedef struct edict edict; /* immutable after edict_finish; shared by threads */

typedef enum edict_kind {
    EDICT_COUNTRY,
    EDICT_DEMONYM,
    EDICT_CAPITAL, /* seat of government: code is the country, acts as <ISO3>GOV */
    EDICT_ACTOR,   /* IGO/NGO/agency/media/company/armed group */
    EDICT_PERSON,
    EDICT_AGENT,
    EDICT_PLACE /* a populated place or first-level division (GeoNames): code is the
                   country, type 'L', geo where it is. Kept apart: see below */
} edict_kind;

/* A date-bounded code: from <= date < to, as yyyymmdd ints, 0 = open. */
typedef struct edict_role {
    const char *code;
    int32_t from, to;
} edict_role;

/* Entry flags. */
enum {
    EDICT_F_PLURAL = 1, /* the names are plural forms ("Iranians", "diplomats") */
    EDICT_F_PREFIX = 2  /* agent: code is a primary actor (PETRARCH "[IGO~]"),
                           placed before a country rather than after it */
};

/* Where a place is (GeoNames facts; a "geo" line in the file). */
typedef struct edict_geo {
    uint32_t id;        /* GeoNames geonameid, > 0 */
    int has_coords;     /* 0: latitude and longitude unknown (first-level divisions) */
    double lat, lon;    /* WGS84 degrees, as GeoNames gives them (5 decimals) */
    const char *admin1; /* first-level division code in the country ("NY", "08", "ENG"), or NULL */
    const char *feature; /* GeoNames feature code ("PPL", "PPLC", "PPLA", "ADM1"...), or NULL */
    int64_t population;  /* -1: unknown */
} edict_geo;

typedef struct edict_entry {
    edict_kind kind;
    const char *name; /* canonical name, e.g. "Hassan Rouhani", "Iran", "foreign minister" */
    const char *code; /* CAMEO code (country ISO3/CAMEO, actor code, or agent role like
                         "GOV"); for PERSON the undated default or NULL */
    char type;        /* 'P' PER, 'O' ORG, 'L' LOC, 0 for agents/demonyms */
    const edict_role *roles; /* PERSON: date-bounded codes, in file order */
    size_t n_roles;
    unsigned flags; /* EDICT_F_* */
    const edict_geo *geo; /* EDICT_PLACE: where it is, or NULL (no geo line); else NULL */
} edict_entry;

/* A new, empty dictionary; caller frees with edict_free. A failed call
 * leaves *out NULL and nothing to clean up. */
int edict_new(edict **out, casus_error *err);
void edict_free(edict *d); /* NULL ok */

/* Loads one casus-format file. Errors stop the load with "file:line: reason". */
int edict_load_file(edict *d, const char *path, casus_error *err);
/* Loads every "*.txt" file in dir in name order, the "*.extra.txt" files
 * (hand-written additions) after the others. A missing dir is CASUS_ENOENT. */
int edict_load_dir(edict *d, const char *dir, casus_error *err);

/*
 * PETRARCH/TABARI actor and agent dictionaries (users bring their own:
 * casus --actors FILE --agents FILE). Bad lines go to report(ctx,
 * "file:line: reason") (report may be NULL) and are skipped; a missing file
 * is an error. The _mem forms read data[0..size) named name (any bytes).
 */
int edict_load_petrarch_actors(edict *d, const char *path,
                               void (*report)(void *ctx, const char *msg), void *ctx,
                               casus_error *err);
int edict_load_petrarch_agents(edict *d, const char *path,
                               void (*report)(void *ctx, const char *msg), void *ctx,
                               casus_error *err);
int edict_load_petrarch_actors_mem(edict *d, const char *name, const char *data, size_t size,
                                   void (*report)(void *ctx, const char *msg), void *ctx,
                                   casus_error *err);
int edict_load_petrarch_agents_mem(edict *d, const char *name, const char *data, size_t size,
                                   void (*report)(void *ctx, const char *msg), void *ctx,
                                   casus_error *err);

/* Loads casus-format text data[0..size) named name (for messages). */
int edict_load_mem(edict *d, const char *name, const char *data, size_t size, casus_error *err);

/*
 * The builder the loaders share. edict_begin starts an entry whose
 * canonical name is also its first phrase (copied); edict_add_name and
 * edict_add_role add to it; edict_end (or the next edict_begin's caller
 * calling edict_end first, or edict_finish) commits it. An entry equal to
 * one already loaded (kind, code, type, flags, canonical name and roles)
 * is merged into it: its names are added to that entry. Names are copied.
 */
enum {
    EDICT_CASE_AUTO = 0,      /* case-insensitive, but a one-word all-caps name of 2-5
                                 letters ("CIA", "UN") only matches text in capitals */
    EDICT_CASE_SENSITIVE = 1, /* capitalised words need capitalised text words, all-caps
                                 words text without lower case ("=Turkey" in the files) */
    EDICT_CASE_FOLD = 2       /* always case-insensitive */
};
int edict_begin(edict *d, edict_kind kind, const char *code, char type, unsigned flags,
                const char *name, int mode, casus_error *err);
int edict_add_name(edict *d, const char *name, size_t len, int mode, casus_error *err);
int edict_add_role(edict *d, const char *code, int32_t from, int32_t to, casus_error *err);
/* Sets where the place being built is (g is copied; at most once per
 * entry). CASUS_EINVAL outside a place entry or for a second call. */
int edict_add_geo(edict *d, const edict_geo *g, casus_error *err);
int edict_end(edict *d, casus_error *err);

/* Reads the file at path into *data (NUL-terminated; caller frees), *size
 * its length. CASUS_ENOENT, CASUS_EIO or CASUS_ETOOBIG (over 256 MB). */
int edict_read_file(const char *path, char **data, size_t *size, casus_error *err);

/* Compiles the phrase table; the dictionary is read-only afterwards. */
int edict_finish(edict *d, casus_error *err);

/* Counts, for reports and tests. */
size_t edict_n_entries(const edict *d);
size_t edict_n_phrases(const edict *d);
/* Entry i (0 <= i < edict_n_entries), borrowed from d. */
const edict_entry *edict_entry_at(const edict *d, size_t i);

/* Matching over a sentence's words given as normalised forms (casus_word.norm). */
typedef struct edict_match {
    size_t len;                        /* words matched */
    const edict_entry *const *entries; /* borrowed from d */
    size_t n_entries;
} edict_match;

/* The longest dictionary phrase starting at word i; returns its length
 * (0: none) and fills m with every entry of that phrase. Allocates nothing. */
size_t edict_longest(const edict *d, const char *const *norms, size_t n, size_t i,
                     edict_match *m);

/* Gazetteer classes for NER features: out[i] gets EDICT_GAZ_* bits of the
 * longest phrase covering word i (+ position bits), 0 if none. */
enum {
    EDICT_GAZ_PER = 1,
    EDICT_GAZ_ORG = 2,
    EDICT_GAZ_LOC = 4,
    EDICT_GAZ_DEMONYM = 8,
    EDICT_GAZ_AGENT = 16,
    EDICT_GAZ_BEGIN = 32,
    EDICT_GAZ_END = 64,
    EDICT_GAZ_SINGLE = 128
};
void edict_gazetteer(const edict *d, const char *const *norms, size_t n, uint16_t *out);

/* The code of a PERSON entry on an article date (yyyymmdd; 0 = unknown
 * date: the latest role). Of the roles holding on date, the one that began
 * last; none: the entry's default code (may be NULL). Borrowed from d. */
const char *edict_person_code(const edict_entry *e, int32_t date);

/*
 * Places (kind `place`, dict/places.txt) live in a phrase table of their
 * own: edict_n_entries, edict_entry_at, edict_longest and edict_gazetteer
 * never see them, so a place that shares a name with a country, capital,
 * actor or person ("Washington", "Victoria", "Jordan") changes nothing
 * those return. Matching rules (case, tokenisation, entries equal by kind,
 * code, type, flags, canonical name and geonameid merged) are the same.
 */
size_t edict_n_places(const edict *d);
/* Place entry i (0 <= i < edict_n_places), borrowed from d. */
const edict_entry *edict_place_at(const edict *d, size_t i);
/* The longest place name starting at word i, as edict_longest. */
size_t edict_longest_place(const edict *d, const char *const *norms, size_t n, size_t i,
                           edict_match *m);
/* out[i] = EDICT_GAZ_PLACE plus the position bit (EDICT_GAZ_SINGLE, _BEGIN,
 * _END) of the longest place name covering word i, 0 if none. */
enum { EDICT_GAZ_PLACE = 256 };
void edict_place_gazetteer(const edict *d, const char *const *norms, size_t n, uint16_t *out);

/* Name-word classes derived from the entries at edict_finish, for NER
 * features: facts the dictionaries hold about single words. */
enum {
    EDICT_W_GIVEN = 1,    /* first word of two or more PERSON names ("Hassan", "Angela") */
    EDICT_W_SURNAME = 2,  /* last word of two or more PERSON names */
    EDICT_W_ORG_HEAD = 4, /* last word of three or more organisation names ("Party", "Bank") */
    EDICT_W_PLACE_HEAD = 8 /* last word of three or more multiword place names ("City", "Beach") */
};
/* The EDICT_W_* bits of a normalised word (case-insensitive), 0 if none. */
unsigned edict_word_class(const edict *d, const char *norm);

/* The name of a kind ("country", ...), as in the file format. */
const char *edict_kind_name(edict_kind k);

#endif
