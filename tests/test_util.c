/*
 * test_util.c — arena, buf, UTF-8 and JSON escaping.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/utf8.h"

static void arena_respects_cap(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 64 << 10);
    assert_non_null(arena_alloc(&a, 1000));
    assert_null(arena_alloc(&a, 100 << 10));
    char *s = arena_strndup(&a, "hello", 3);
    assert_string_equal(s, "hel");
    assert_null(arena_array(&a, SIZE_MAX / 2, 4));
    arena_finish(&a);
    arena_finish(NULL);
}

static void arena_alignment(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    for (int i = 1; i < 100; i++) {
        void *p = arena_alloc(&a, (size_t)i);
        assert_int_equal((uintptr_t)p % sizeof(double), 0);
    }
    arena_finish(&a);
}

static void buf_cap_keeps_content(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "12345"), 0);
    assert_int_equal(buf_puts(&b, "6789"), CASUS_ETOOBIG);
    assert_string_equal(b.data, "12345");
    assert_int_equal(buf_puts(&b, "678"), 0);
    assert_int_equal(b.len, 8);
    buf_finish(&b);
}

static void utf8_rejects_overlong_and_surrogates(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 1);
    assert_int_equal(cp, UTF8_REPLACEMENT);
    assert_int_equal(utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 1);
    assert_int_equal(cp, UTF8_REPLACEMENT);
    assert_int_equal(utf8_decode((const unsigned char *)"\xE2\x80\x94", 3, &cp), 3);
    assert_int_equal(cp, 0x2014);
    assert_int_equal(utf8_decode((const unsigned char *)"\xE2\x80", 2, &cp), 1);
    assert_true(utf8_valid("caf\xC3\xA9", 5));
    assert_false(utf8_valid("caf\xC3", 4));
}

static void utf8_repair_replaces_each_bad_byte(void **state)
{
    (void)state;
    size_t n;
    char *s = utf8_repair("a\xFF\xFE" "b", 4, &n);
    assert_string_equal(s, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
    assert_int_equal(n, 8);
    free(s);
}

static void json_escapes(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    assert_int_equal(json_put_str(&b, "a\"\\\n\x01\xFF\0z", 8), 0);
    assert_string_equal(b.data, "\"a\\\"\\\\\\n\\u0001\xEF\xBF\xBD\\u0000z\"");
    buf_finish(&b);
}

static void strerror_names_codes(void **state)
{
    (void)state;
    assert_string_equal(casus_strerror(CASUS_ETOOBIG), "too big");
    assert_string_equal(casus_strerror(12345), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_respects_cap),
        cmocka_unit_test(arena_alignment),
        cmocka_unit_test(buf_cap_keeps_content),
        cmocka_unit_test(utf8_rejects_overlong_and_surrogates),
        cmocka_unit_test(utf8_repair_replaces_each_bad_byte),
        cmocka_unit_test(json_escapes),
        cmocka_unit_test(strerror_names_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
