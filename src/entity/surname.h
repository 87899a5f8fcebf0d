/*
 * surname.h — the people of the dictionaries by surname (surname.c).
 */
#ifndef CASUS_ENTITY_SURNAME_H
#define CASUS_ENTITY_SURNAME_H

#include <stdint.h>

#include "casus.h"
#include "entity/dict.h"

typedef struct surname_index surname_index; /* immutable; shared by threads */

/* Indexes the PERSON entries of the finished dictionary d by the last word
 * of their canonical names. Caller frees with surname_index_free. */
int surname_index_new(surname_index **out, const edict *d, casus_error *err);
void surname_index_free(surname_index *x); /* NULL ok */

/* The person a lone surname names on date (yyyymmdd, 0 unknown): the only
 * person with that surname, or the only one holding a role that day;
 * NULL when there is none or the choice is not clear. Borrowed from the
 * dictionary. */
const edict_entry *surname_person(const surname_index *x, const char *word, int32_t date);

#endif
