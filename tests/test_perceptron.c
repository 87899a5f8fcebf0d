/*
 * test_perceptron.c — the averaged perceptron learns a separable toy task,
 * export → init gives the same decisions, and bad blobs are refused.
 */
#include <stdlib.h>
#include <string.h>

#include "syntax/perceptron.h"
#include "testutil.h"

/* Class of x: 0 if x % 3 == 0, 1 if x is odd, else 2 (disjoint enough). */
static uint32_t truth(uint32_t x)
{
    return x % 3 == 0 ? 0 : (x & 1) ? 1 : 2;
}

static size_t feats_of(uint32_t x, uint64_t *f)
{
    f[0] = pcp_mix(1, x % 3);
    f[1] = pcp_mix(2, x & 1);
    f[2] = pcp_mix(3, x % 6);
    f[3] = pcp_mix(4, 0); /* bias */
    return 4;
}

static uint32_t argmax(const float *s, uint32_t n)
{
    uint32_t b = 0;
    for (uint32_t i = 1; i < n; i++)
        if (s[i] > s[b])
            b = i;
    return b;
}

static void learns_and_round_trips(void **state)
{
    (void)state;
    pcp_trainer *t = pcp_trainer_new(3);
    assert_non_null(t);
    uint64_t f[8];
    float s[3];
    for (int epoch = 0; epoch < 5; epoch++)
        for (uint32_t x = 0; x < 600; x++) {
            size_t n = feats_of(x * 7919 % 600, f);
            pcp_trainer_score(t, f, n, s);
            uint32_t y = truth(x * 7919 % 600);
            /* Update on ties too, so the learnt margin survives averaging
             * and quantisation. */
            float keep = s[y];
            s[y] = -1e30f;
            uint32_t g = argmax(s, 3);
            if (s[g] >= keep) {
                assert_int_equal(pcp_trainer_update(t, f, n, y, 1.0f), 0);
                assert_int_equal(pcp_trainer_update(t, f, n, g, -1.0f), 0);
            }
            pcp_trainer_tick(t);
        }
    buf b;
    buf_init(&b, 0);
    assert_int_equal(pcp_trainer_export(t, 0.0f, &b), 0);
    buf b2;
    buf_init(&b2, 0);
    assert_int_equal(pcp_trainer_export(t, 0.0f, &b2), 0);
    assert_int_equal(b.len, b2.len);
    assert_memory_equal(b.data, b2.data, b.len);
    pcp_model m;
    assert_int_equal(pcp_model_init(&m, b.data, b.len), 0);
    int errors = 0;
    for (uint32_t x = 0; x < 600; x++) {
        size_t n = feats_of(x, f);
        pcp_model_score(&m, f, n, s);
        errors += argmax(s, 3) != truth(x);
    }
    assert_int_equal(errors, 0);
    /* Damaged blobs: wrong size, class out of range. */
    assert_int_equal(pcp_model_init(&m, b.data, b.len - 4), CASUS_ECORRUPT);
    memcpy(b2.data, b.data, b.len);
    size_t ent_off = b.len - 4;
    b2.data[ent_off] = 9;
    assert_int_equal(pcp_model_init(&m, b2.data, b2.len), CASUS_ECORRUPT);
    buf_finish(&b);
    buf_finish(&b2);
    pcp_trainer_free(t);
    pcp_trainer_free(NULL);
}

static void many_features_survive_growth(void **state)
{
    (void)state;
    pcp_trainer *t = pcp_trainer_new(2);
    for (uint64_t i = 0; i < 200000; i++) {
        uint64_t h = pcp_mix(7, i);
        assert_int_equal(pcp_trainer_update(t, &h, 1, (uint32_t)(i & 1), 1.0f), 0);
    }
    pcp_trainer_tick(t);
    float s[2];
    for (uint64_t i = 0; i < 200000; i += 997) {
        uint64_t h = pcp_mix(7, i);
        pcp_trainer_score(t, &h, 1, s);
        assert_true(s[i & 1] == 1.0f);
    }
    size_t rows, weights;
    pcp_trainer_stats(t, &rows, &weights);
    assert_int_equal(rows, 200000);
    pcp_trainer_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(learns_and_round_trips),
        cmocka_unit_test(many_features_survive_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
