/* test_stats.c — hb_stats against values computed independently with python3.
 *
 * The expected numbers were produced by python3 3.11 with its statistics module
 * (median, geometric_mean, quantiles(method='inclusive')) and a separate Python
 * implementation of splitmix64 and of the bootstrap procedure described in
 * hb_stats.h (resample each group in turn, median, product, 2.5%/97.5% quantiles),
 * then pasted here. The splitmix64 outputs for seed 0 are also the published
 * reference values of the generator. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "hb_stats.h"

#define EPS 1e-12

static void test_splitmix_reference(void **state)
{
    HbRng r = { 0 };
    assert_true(hbrng_next(&r) == 0xe220a8397b1dcdafULL);
    assert_true(hbrng_next(&r) == 0x6e789e6aa1b965f4ULL);
    assert_true(hbrng_next(&r) == 0x06c45d188009454fULL);
    /* python: r=R(12345); [r.below(10) for _ in range(10)] */
    static const uint64_t want[10] = { 1, 2, 1, 1, 5, 3, 1, 4, 4, 8 };
    HbRng q = { 12345 };
    for (int i = 0; i < 10; i++) assert_int_equal(hbrng_below(&q, 10), want[i]);
}

static void test_median_quantile_geomean(void **state)
{
    const double x[8] = { 5, 1, 4, 2, 3, 9, 7, 8 };
    assert_float_equal(hbstat_median(x, 8), 4.5, EPS);     /* statistics.median(x) */
    assert_float_equal(hbstat_median(x, 7), 4.0, EPS);     /* statistics.median(x[:7]) */
    assert_float_equal(hbstat_median(x, 1), 5.0, EPS);
    double s[8] = { 5, 1, 4, 2, 3, 9, 7, 8 };
    hbstat_sort(s, 8);
    /* statistics.quantiles(x, n=40, method='inclusive')[0] and [-1] */
    assert_float_equal(hbstat_quantile_sorted(s, 8, 0.025), 1.175, EPS);
    assert_float_equal(hbstat_quantile_sorted(s, 8, 0.975), 8.825, EPS);
    /* statistics.quantiles(x, n=4, method='inclusive') == [2.75, 4.5, 7.25] */
    assert_float_equal(hbstat_quantile_sorted(s, 8, 0.25), 2.75, EPS);
    assert_float_equal(hbstat_quantile_sorted(s, 8, 0.75), 7.25, EPS);
    const double a[7] = { 1.21, 1.18, 1.25, 1.19, 1.22, 1.30, 1.17 };
    assert_float_equal(hbstat_geomean(a, 7), 1.2164314166810615, 1e-12);
    /* the input order is untouched by hbstat_median */
    assert_float_equal(x[0], 5.0, 0);
}

static const double A[7] = { 1.21, 1.18, 1.25, 1.19, 1.22, 1.30, 1.17 };
static const double B[5] = { 0.98, 1.01, 0.97, 1.03, 0.99 };

static void test_bootstrap_median(void **state)
{
    HbEstimate e = hbstat_median_ci(A, 7);
    assert_float_equal(e.est, 1.21, EPS);
    assert_float_equal(e.lo, 1.18, EPS);
    assert_float_equal(e.hi, 1.25, EPS);
}

static void test_bootstrap_ratio(void **state)
{
    HbEstimate e = hbstat_ratio_ci(A, 7, B, 5);
    assert_float_equal(e.est, 1.222222222222222, 1e-12);
    assert_float_equal(e.lo, 1.1683168316831682, 1e-12);
    assert_float_equal(e.hi, 1.2755102040816326, 1e-12);
}

static void test_bootstrap_four_groups(void **state)
{
    const double Brev[5] = { 0.99, 1.03, 0.97, 1.01, 0.98 };
    HbSample g[4] = { { A, 7 }, { B, 5 }, { Brev, 5 }, { A, 5 } };
    int ex[4] = { 1, -1, -1, 1 };
    HbEstimate e = hbstat_boot(g, ex, 4, 2000, 0x5eed5eed);
    assert_float_equal(e.est, 1.4938271604938271, 1e-12);
    assert_float_equal(e.lo, 1.3955589733730653, 1e-12);
    assert_float_equal(e.hi, 1.5731999988316199, 1e-12);
}

static void test_bootstrap_degenerate(void **state)
{
    /* Identical observations: no spread, the interval collapses on the estimate. */
    const double c[4] = { 2.0, 2.0, 2.0, 2.0 };
    HbEstimate e = hbstat_ratio_ci(c, 4, c, 4);
    assert_float_equal(e.est, 1.0, EPS);
    assert_float_equal(e.lo, 1.0, EPS);
    assert_float_equal(e.hi, 1.0, EPS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splitmix_reference),
        cmocka_unit_test(test_median_quantile_geomean),
        cmocka_unit_test(test_bootstrap_median),
        cmocka_unit_test(test_bootstrap_ratio),
        cmocka_unit_test(test_bootstrap_four_groups),
        cmocka_unit_test(test_bootstrap_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
