/*
 * fuzz_reader.c — libFuzzer target: the whole reader with format
 * detection. The first byte picks the record cap; the rest is the input,
 * sniffed (gzip by its magic, then JSONL, HTML, bench or text). Seeds that
 * start with 1f 8b after the first byte reach the inflate path; the
 * companion seeds in the corpus are gzip files.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    casus_reader_opts o = {.max_record = (size_t)64 << (data[0] & 15)};
    fuzz_read_all("fuzz", data + 1, size - 1, &o);
    return 0;
}
