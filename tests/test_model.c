/*
 * test_model.c — the model container: round trip, and clean errors for
 * truncated, corrupt, wrong-version and wrong-kind files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "testutil.h"
#include "util/model.h"

#define PATH CASUS_BUILD "/tests/model-test.bin"

static unsigned char *save_sample(size_t *n)
{
    model_writer w;
    model_writer_init(&w, "tagger");
    int32_t weights[100];
    for (int i = 0; i < 100; i++)
        weights[i] = i * i - 50;
    assert_int_equal(model_writer_add(&w, "weights", weights, sizeof weights), 0);
    assert_int_equal(model_writer_add(&w, "labels", "NOUN\0VERB\0", 10), 0);
    assert_int_equal(model_writer_add(&w, "empty", NULL, 0), 0);
    assert_int_equal(model_writer_add(&w, "a-name-too-long-x", "x", 1), CASUS_EINVAL);
    assert_int_equal(model_writer_save(&w, PATH, NULL), 0);
    model_writer_finish(&w);
    FILE *f = fopen(PATH, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 16);
    *n = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

static void round_trip(void **state)
{
    (void)state;
    size_t n;
    free(save_sample(&n));
    model_file m;
    casus_error err = {0};
    assert_int_equal(model_open(&m, PATH, "tagger", &err), 0);
    assert_string_equal(m.kind, "tagger");
    const model_section *s = model_find(&m, "weights");
    assert_non_null(s);
    assert_int_equal(s->size, 400);
    assert_int_equal((uintptr_t)s->data % 64, 0);
    assert_int_equal(((const int32_t *)s->data)[7], 49 - 50);
    assert_non_null(model_find(&m, "empty"));
    assert_null(model_find(&m, "missing"));
    model_close(&m);
    model_close(NULL);
}

static void write_file(const unsigned char *buf, size_t n)
{
    FILE *f = fopen(PATH, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, n, f), n);
    fclose(f);
}

static void fix_crc(unsigned char *buf, size_t n)
{
    memset(buf + 32, 0, 4);
    uLong c = crc32(crc32(0L, Z_NULL, 0), buf, (uInt)n);
    for (int i = 0; i < 4; i++)
        buf[32 + i] = (unsigned char)(c >> (8 * i));
}

static void bad_files_are_clean_errors(void **state)
{
    (void)state;
    size_t n;
    unsigned char *orig = save_sample(&n);
    unsigned char *buf = malloc(n);
    model_file m;
    casus_error err = {0};

    /* Every truncation is refused. */
    for (size_t k = 0; k < n; k += 7) {
        write_file(orig, k);
        assert_true(model_open(&m, PATH, NULL, &err) < 0);
    }
    /* Any flipped byte is refused (checksum or structure). */
    for (size_t k = 0; k < n; k += 3) {
        memcpy(buf, orig, n);
        buf[k] ^= 0x5A;
        assert_true(model_open_buffer(&m, buf, n, NULL, &err) < 0);
    }
    memcpy(buf, orig, n);
    buf[8] = 9;
    fix_crc(buf, n);
    assert_int_equal(model_open_buffer(&m, buf, n, NULL, &err), CASUS_EVERSION);
    /* A section offset past the end, with a valid checksum. */
    memcpy(buf, orig, n);
    buf[64 + 16 + 2] = 0x7F;
    fix_crc(buf, n);
    assert_int_equal(model_open_buffer(&m, buf, n, NULL, &err), CASUS_ECORRUPT);
    /* A section count beyond the file, with a valid checksum. */
    memcpy(buf, orig, n);
    buf[16] = 0xFF;
    buf[17] = 0xFF;
    fix_crc(buf, n);
    assert_int_equal(model_open_buffer(&m, buf, n, NULL, &err), CASUS_ECORRUPT);
    assert_int_equal(model_open_buffer(&m, orig, n, "parser", &err), CASUS_EFORMAT);
    assert_non_null(strstr(err.msg, "tagger"));
    assert_int_equal(model_open(&m, CASUS_BUILD "/tests/no-such-model.bin", NULL, &err),
                     CASUS_ENOENT);
    free(buf);
    free(orig);
    unlink(PATH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(bad_files_are_clean_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
