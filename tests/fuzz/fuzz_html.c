/*
 * fuzz_html.c — libFuzzer target: the input as one HTML page (libxml2's
 * parser, metadata, JSON-LD and the text walk), dates included.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    casus_reader_opts o = {.format = CASUS_FORMAT_HTML};
    fuzz_read_all("fuzz.html", data, size, &o);
    return 0;
}
