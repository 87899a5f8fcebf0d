/*
 * test_normalize.c — the normaliser: the zero-copy ASCII path, NFC,
 * quote/dash/space folding, invalid bytes and NUL, and the map back to
 * original offsets (monotonic, on character starts, ending at the length).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "text/text.h"
#include "util/utf8.h"

/* Checks the map of n against the original s[0..len): monotonic, ending
 * at len, and always on the first byte of an original character. */
static void check_map(const text_norm *n, const char *s, size_t len)
{
    if (!n->map)
        return;
    assert_int_equal(n->map[n->norm_len], len);
    char *start = calloc(len + 1, 1);
    assert_non_null(start);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        start[i] = 1;
        i += (size_t)utf8_decode((const unsigned char *)s + i, len - i, &cp);
    }
    for (size_t i = 0; i < n->norm_len; i++) {
        assert_true(n->map[i] < len);
        assert_true(start[n->map[i]]);
        if (i)
            assert_true(n->map[i - 1] <= n->map[i]);
    }
    free(start);
}

static void ascii_is_zero_copy(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    const char *s = "Plain ASCII text, with `backticks` and \"quotes\" -- unchanged.";
    text_norm n;
    assert_int_equal(text_normalize(&a, s, strlen(s), &n), 0);
    assert_ptr_equal(n.norm, s);
    assert_int_equal(n.norm_len, strlen(s));
    assert_null(n.map);
    assert_int_equal(text_norm_orig(&n, 7), 7);
    assert_int_equal(a.used, 0);
    arena_finish(&a);
}

static void folds_quotes_dashes_spaces(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    /* “Hi” — ‘x’ – y«z»NBSP−1 ‹a› */
    const char *s = "\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x94 \xE2\x80\x98x\xE2\x80\x99 "
                    "\xE2\x80\x93 y\xC2\xABz\xC2\xBB\xC2\xA0\xE2\x88\x92"
                    "1 \xE2\x80\xB9\x61\xE2\x80\xBA\xE2\x80\xA8";
    size_t len = strlen(s);
    text_norm n;
    assert_int_equal(text_normalize(&a, s, len, &n), 0);
    assert_int_equal(n.norm_len, strlen("\"Hi\" - 'x' - y\"z\" -1 \"a\"\n"));
    assert_memory_equal(n.norm, "\"Hi\" - 'x' - y\"z\" -1 \"a\"\n", n.norm_len);
    check_map(&n, s, len);
    assert_int_equal(n.map[0], 0); /* “ */
    assert_int_equal(n.map[1], 3); /* H */
    assert_int_equal(n.map[5], 9); /* — */
    arena_finish(&a);
}

static void invalid_bytes_and_nul(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    const char s[] = "a\xFF\xC0\xAF"
                     "b\0c\xE2\x82";
    size_t len = sizeof s - 1;
    text_norm n;
    assert_int_equal(text_normalize(&a, s, len, &n), 0);
    const char want[] = "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                        "b c\xEF\xBF\xBD\xEF\xBF\xBD";
    assert_int_equal(n.norm_len, sizeof want - 1);
    assert_memory_equal(n.norm, want, sizeof want - 1);
    assert_int_equal(n.map[1], 1);
    assert_int_equal(n.map[4], 2);
    assert_int_equal(n.map[7], 3);
    assert_int_equal(n.map[10], 4); /* b */
    assert_int_equal(n.map[11], 5); /* NUL, now a space */
    assert_int_equal(n.map[13], 7); /* the truncated sequence, byte by byte */
    assert_int_equal(n.map[16], 8);
    check_map(&n, s, len);
    arena_finish(&a);
}

static void nfc_composes(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    /* e + COMBINING ACUTE; ANGSTROM SIGN; already composed é. */
    const char *s = "Cafe\xCC\x81 \xE2\x84\xAB \xC3\xA9";
    size_t len = strlen(s);
    text_norm n;
    assert_int_equal(text_normalize(&a, s, len, &n), 0);
    const char *want = "Caf\xC3\xA9 \xC3\x85 \xC3\xA9";
    assert_int_equal(n.norm_len, strlen(want));
    assert_memory_equal(n.norm, want, n.norm_len);
    /* Both bytes of the composed é map to the e. */
    assert_int_equal(n.map[3], 3);
    assert_int_equal(n.map[4], 3);
    assert_int_equal(n.map[5], 6); /* the space after the mark */
    check_map(&n, s, len);
    arena_finish(&a);
}

static void long_mark_runs(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    size_t len = 1 + 2 * 5000;
    char *s = malloc(len);
    assert_non_null(s);
    s[0] = 'a';
    for (size_t i = 1; i < len; i += 2) {
        s[i] = '\xCC';
        s[i + 1] = (char)(0x80 + (i / 2) % 0x30); /* assorted combining marks */
    }
    text_norm n;
    assert_int_equal(text_normalize(&a, s, len, &n), 0);
    check_map(&n, s, len);
    free(s);
    arena_finish(&a);
}

static void empty_input(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    text_norm n;
    assert_int_equal(text_normalize(&a, "", 0, &n), 0);
    assert_int_equal(n.norm_len, 0);
    assert_null(n.map);
    assert_int_equal(text_norm_orig(&n, 0), 0);
    arena_finish(&a);
}

static void respects_arena_cap(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 64 << 10);
    size_t len = 1 << 20;
    char *s = malloc(len);
    assert_non_null(s);
    memset(s, 'x', len);
    s[10] = '\xFF';
    text_norm n;
    int rc = text_normalize(&a, s, len, &n);
    assert_true(rc == CASUS_ENOMEM || rc == CASUS_ETOOBIG);
    free(s);
    arena_finish(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ascii_is_zero_copy),    cmocka_unit_test(folds_quotes_dashes_spaces),
        cmocka_unit_test(invalid_bytes_and_nul), cmocka_unit_test(nfc_composes),
        cmocka_unit_test(long_mark_runs),        cmocka_unit_test(empty_input),
        cmocka_unit_test(respects_arena_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
