/*
 * fuzz_date.c — libFuzzer target: casus_date_parse on any NUL-terminated
 * string; an accepted date must be a valid YYYY-MM-DD.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "casus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char s[257], out[11];
    memcpy(s, data, size);
    s[size] = '\0';
    if (casus_date_parse(s, out) == 0) {
        char again[11];
        if (strlen(out) != 10 || out[4] != '-' || out[7] != '-' || casus_date_parse(out, again) ||
            strcmp(out, again))
            abort();
    }
    return 0;
}
