/*
 * fuzz_dict.c — libFuzzer target: the casus-format dictionary loader
 * (edict_load_mem) on any bytes, then compiling and matching over the
 * input's own words with every matcher, places and word classes included.
 * A bad line must be a clean CASUS_EFORMAT with a "name:line: reason"
 * message, never a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entity/dict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    edict *d;
    casus_error err;
    if (edict_new(&d, &err))
        return 0;
    const char *text = (const char *)data;
    int rc = edict_load_mem(d, "fuzz.txt", text, size, &err);
    if (rc == CASUS_EFORMAT && strncmp(err.msg, "fuzz.txt:", 9) != 0)
        abort();
    if (rc && rc != CASUS_EFORMAT && rc != CASUS_ENOMEM && rc != CASUS_ETOOBIG)
        abort();
    if (edict_finish(d, &err) == 0) {
        char *copy = malloc(size + 1);
        const char **words = malloc((size / 2 + 2) * sizeof *words);
        uint16_t *gaz = malloc((size / 2 + 2) * sizeof *gaz);
        if (copy && words && gaz) {
            memcpy(copy, text, size);
            copy[size] = '\0';
            size_t nw = 0;
            for (char *p = strtok(copy, " \n\t|="); p; p = strtok(NULL, " \n\t|="))
                words[nw++] = p;
            edict_gazetteer(d, words, nw, gaz);
            edict_place_gazetteer(d, words, nw, gaz);
            for (size_t i = 0; i < nw; i++) {
                edict_match m;
                size_t len = edict_longest(d, words, nw, i, &m);
                if (len > nw - i || (len && !m.n_entries))
                    abort();
                for (size_t k = 0; k < m.n_entries; k++)
                    if (m.entries[k]->kind == EDICT_PERSON)
                        (void)edict_person_code(m.entries[k], 20180808);
                len = edict_longest_place(d, words, nw, i, &m);
                if (len > nw - i || (len && !m.n_entries))
                    abort();
                for (size_t k = 0; k < m.n_entries; k++)
                    if (m.entries[k]->kind != EDICT_PLACE ||
                        (m.entries[k]->geo && !m.entries[k]->geo->id))
                        abort();
                (void)edict_word_class(d, words[i]);
            }
        }
        free(copy);
        free(words);
        free(gaz);
    }
    edict_free(d);
    return 0;
}
