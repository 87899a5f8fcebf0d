/*
 * fuzz_parser_model.c — libFuzzer target for the parser's model loader:
 * any byte string must give a clean error, or a parser that parses a
 * sentence into a tree without reading outside the buffer.
 *
 * The container's checksum stops almost every mutation at the door, so
 * the target also recomputes the CRC of the input before loading: that is
 * what lets the fuzzer reach the parser's own section checks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "syntax/parse_model.h"
#include "syntax/transition.h"
#include "fuzz_aligned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_one(const parser *p)
{
    const char *forms[5] = {"The", "envoy", "met", "Kim", "."};
    const char *xpos[5] = {"DT", "NN", "VBD", "NNP", "."};
    int32_t heads[5], h[5];
    uint16_t labels[5];
    arena mem;
    arena_init(&mem, 1 << 20);
    if (parser_parse(p, forms, forms, xpos, xpos, 5, heads, labels, &mem) == 0) {
        for (int i = 0; i < 5; i++) {
            if (labels[i] >= parser_n_labels(p) || !parser_label(p, labels[i]))
                abort();
            h[i] = heads[i] == 0 ? 5 : heads[i] - 1;
        }
        if (!trans_is_tree(h, 5))
            abort();
    }
    arena_finish(&mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = fuzz_aligned_copy(data, size);
    if (!copy)
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (size < 64)
                break;
            unsigned char *p = copy;
            memset(p + 32, 0, 4);
            uLong crc = crc32(crc32(0L, Z_NULL, 0), p, (uInt)size);
            for (int i = 0; i < 4; i++)
                p[32 + i] = (unsigned char)(crc >> (8 * i));
        }
        parser *ps = NULL;
        casus_error err;
        int rc = parser_load_buffer(&ps, copy, size, &err);
        if (rc == 0) {
            parse_one(ps);
            parser_free(ps);
        } else if (ps || err.code != rc || !memchr(err.msg, '\0', sizeof err.msg)) {
            abort();
        }
    }
    free(copy);
    return 0;
}
