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
#include "fuzz_aligned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = fuzz_aligned_copy(data, size);
    if (!copy)
        return 0;
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
