/*
 * fuzz_petrarch.c — libFuzzer target: the PETRARCH actor and agent readers
 * on any bytes (the first byte picks the reader), then compiling and
 * matching over the input's own words. Bad lines are reported, never
 * fatal; every report must be "name:line: reason".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entity/dict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_report(void *ctx, const char *msg)
{
    (void)ctx;
    if (strncmp(msg, "fuzz.txt:", 9) != 0 || !strchr(msg + 9, ':'))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536)
        return 0;
    edict *d;
    casus_error err;
    if (edict_new(&d, &err))
        return 0;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    int rc = (data[0] & 1) ? edict_load_petrarch_agents_mem(d, "fuzz.txt", text, n, check_report,
                                                            NULL, &err)
                           : edict_load_petrarch_actors_mem(d, "fuzz.txt", text, n, check_report,
                                                            NULL, &err);
    if (rc && rc != CASUS_ENOMEM)
        abort();
    if (!rc && edict_finish(d, &err) == 0) {
        /* match over the input split at spaces and newlines */
        char *copy = malloc(n + 1);
        const char **words = malloc((n / 2 + 2) * sizeof *words);
        uint16_t *gaz = malloc((n / 2 + 2) * sizeof *gaz);
        if (copy && words && gaz) {
            memcpy(copy, text, n);
            copy[n] = '\0';
            size_t nw = 0;
            for (char *p = strtok(copy, " \n\t_"); p; p = strtok(NULL, " \n\t_"))
                words[nw++] = p;
            edict_gazetteer(d, words, nw, gaz);
            for (size_t i = 0; i < nw; i++) {
                edict_match m;
                size_t len = edict_longest(d, words, nw, i, &m);
                if (len > nw - i || (len && !m.n_entries))
                    abort();
                for (size_t k = 0; k < m.n_entries; k++)
                    if (m.entries[k]->kind == EDICT_PERSON)
                        (void)edict_person_code(m.entries[k], 20180808);
            }
        }
        free(copy);
        free(words);
        free(gaz);
    }
    edict_free(d);
    return 0;
}
