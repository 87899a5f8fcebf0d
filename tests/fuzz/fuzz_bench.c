/*
 * fuzz_bench.c — libFuzzer target: the input in the news benchmark format
 * (form-feed separated records, titles, caps) and as one plain-text file.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    casus_reader_opts o = {.format = CASUS_FORMAT_BENCH, .max_record = 2048};
    fuzz_read_all("fuzz.txt", data, size, &o);
    o.format = CASUS_FORMAT_TEXT;
    fuzz_read_all("fuzz.txt", data, size, &o);
    return 0;
}
