/*
 * fuzz_event_dict.c — libFuzzer target: the event pattern reader and the
 * CAMEO code table reader on any bytes. The first byte picks strict or
 * check mode and whether codes are validated against a small table; then
 * the set is compiled, every word of the input is looked up as a verb,
 * a noun and a mood, and pattern_check runs. Every report must read
 * "fuzz.txt:line: reason"; nothing may crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event/cameo.h"
#include "event/pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char codes_txt[] = "04 04 04 1 1.0 CONSULT\n"
                                "040 04 040 1 1.0 Consult\n"
                                "042 04 042 1 1.9 Make a visit\n"
                                "043 04 043 1 2.8 Host a visit\n"
                                "163 16 163 4 -8.0 Impose sanctions\n"
                                "1312 13 131 3 -5.8 Threaten to sanction\n";

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
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    casus_error err;

    /* the code table reader on the same bytes */
    cameo_table *own = NULL;
    if (cameo_table_load_mem(&own, "fuzz.txt", text, n, &err) == 0) {
        for (size_t i = 0; i < cameo_table_count(own); i++) {
            const cameo_code *c = cameo_table_at(own, i);
            if (cameo_lookup(own, c->code) != c || c->quadclass < 1 || c->quadclass > 4)
                abort();
        }
    } else if (own) {
        abort();
    }
    cameo_table_free(own);
    cameo_units *units = NULL;
    if (cameo_units_load_mem(&units, "fuzz.txt", text, n, &err) == 0)
        (void)cameo_unit_kind(units, "IRN");
    cameo_units_free(units);

    cameo_table *codes = NULL;
    if ((data[0] & 2) && cameo_table_load_mem(&codes, "codes", codes_txt, sizeof codes_txt - 1,
                                              &err))
        abort();
    pattern_set *s;
    if (pattern_set_new(&s, codes, &err)) {
        cameo_table_free(codes);
        return 0;
    }
    if (data[0] & 1)
        pattern_set_report(s, check_report, NULL);
    int rc = pattern_load_mem(s, "fuzz.txt", text, n, &err);
    if (rc && rc != CASUS_EFORMAT && rc != CASUS_ENOMEM)
        abort();
    if (rc == CASUS_EFORMAT && (data[0] & 1))
        abort(); /* check mode never stops on a bad line */
    if (rc == CASUS_EFORMAT)
        check_report(NULL, err.msg);
    if (pattern_finish(s, &err) == 0) {
        char *copy = malloc(n + 1);
        if (copy) {
            memcpy(copy, text, n);
            copy[n] = '\0';
            for (char *w = strtok(copy, " \t\r\n,=/"); w; w = strtok(NULL, " \t\r\n,=/")) {
                for (int k = 0; k < 2; k++) {
                    size_t m;
                    const pattern *const *run = pattern_find(s, (pattern_kind)k, w, &m);
                    for (size_t i = 0; i < m; i++) {
                        const pattern *p = run[i];
                        if (p->kind != k || !p->id || !p->file || p->n_lemmas == 0 ||
                            (i && run[i - 1]->specificity < p->specificity))
                            abort();
                        char role[256];
                        for (uint32_t j = 0; j < p->n_src; j++)
                            pattern_role_format(&p->src[j], role, sizeof role);
                        for (uint32_t j = 0; j < p->n_conds; j++)
                            pattern_role_format(&p->conds[j].role, role, sizeof role);
                    }
                }
                (void)pattern_mood(s, w);
                (void)pattern_by_id(s, w);
            }
            free(copy);
        }
        (void)pattern_check(s, check_report, NULL);
    }
    pattern_set_free(s);
    cameo_table_free(codes);
    return 0;
}
