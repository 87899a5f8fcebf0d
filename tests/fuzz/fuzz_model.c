/*
 * fuzz_model.c — libFuzzer target for the model container loader: any
 * byte string must give a clean error or a model whose sections all lie
 * inside the buffer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The loader expects 64-byte alignment of the mapping, as mmap gives. */
    void *copy = NULL;
    if (posix_memalign(&copy, 64, size ? size : 1))
        return 0;
    if (size)
        memcpy(copy, data, size);
    model_file m;
    if (model_open_buffer(&m, copy, size, NULL, NULL) == 0) {
        volatile unsigned sum = 0;
        for (uint32_t i = 0; i < m.n_sections; i++) {
            const unsigned char *p = m.sections[i].data;
            for (uint64_t k = 0; k < m.sections[i].size; k++)
                sum += p[k];
        }
        model_close(&m);
    }
    free(copy);
    return 0;
}
