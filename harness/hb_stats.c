/* hb_stats.c — medians, quantiles, geometric means and the percentile bootstrap
 * described in hb_stats.h. */
#include "hb_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

uint64_t hbrng_next(HbRng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t hbrng_below(HbRng *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)hbrng_next(r) * n) >> 64);
}

static int hbstat_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void hbstat_sort(double *x, size_t n) { qsort(x, n, sizeof *x, hbstat_cmp); }

static double hbstat_median_sorted(const double *s, size_t n)
{
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

double hbstat_median(const double *x, size_t n)
{
    double small[64];
    double *s = n <= 64 ? small : pv_xmalloc(n * sizeof *s);
    memcpy(s, x, n * sizeof *s);
    hbstat_sort(s, n);
    double m = hbstat_median_sorted(s, n);
    if (s != small) free(s);
    return m;
}

double hbstat_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (n == 1) return sorted[0];
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    if (i >= n - 1) return sorted[n - 1];
    return sorted[i] + (h - (double)i) * (sorted[i + 1] - sorted[i]);
}

double hbstat_geomean(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += log(x[i]);
    return exp(s / (double)n);
}

static double hbstat_product(const double *medians, const int *exps, size_t k)
{
    double s = 1.0;
    for (size_t i = 0; i < k; i++) s = exps[i] > 0 ? s * medians[i] : s / medians[i];
    return s;
}

HbEstimate hbstat_boot(const HbSample *groups, const int *exps, size_t k,
                       unsigned resamples, uint64_t seed)
{
    HbEstimate e;
    double *med = pv_xmalloc(k * sizeof *med);
    size_t maxn = 0;
    for (size_t i = 0; i < k; i++) {
        med[i] = hbstat_median(groups[i].x, groups[i].n);
        if (groups[i].n > maxn) maxn = groups[i].n;
    }
    e.est = hbstat_product(med, exps, k);

    double *draw = pv_xmalloc(maxn * sizeof *draw);
    double *stat = pv_xmalloc((resamples ? resamples : 1) * sizeof *stat);
    HbRng rng = { seed };
    for (unsigned b = 0; b < resamples; b++) {
        for (size_t i = 0; i < k; i++) {
            for (size_t j = 0; j < groups[i].n; j++)
                draw[j] = groups[i].x[hbrng_below(&rng, groups[i].n)];
            hbstat_sort(draw, groups[i].n);
            med[i] = hbstat_median_sorted(draw, groups[i].n);
        }
        stat[b] = hbstat_product(med, exps, k);
    }
    if (resamples) {
        hbstat_sort(stat, resamples);
        e.lo = hbstat_quantile_sorted(stat, resamples, 0.025);
        e.hi = hbstat_quantile_sorted(stat, resamples, 0.975);
    } else {
        e.lo = e.hi = e.est;
    }
    free(stat);
    free(draw);
    free(med);
    return e;
}

HbEstimate hbstat_median_ci(const double *x, size_t n)
{
    HbSample g = { x, n };
    int ex = 1;
    return hbstat_boot(&g, &ex, 1, HBSTAT_BOOT_RESAMPLES, HBSTAT_BOOT_SEED);
}

HbEstimate hbstat_ratio_ci(const double *num, size_t nn, const double *den, size_t nd)
{
    HbSample g[2] = { { num, nn }, { den, nd } };
    int ex[2] = { 1, -1 };
    return hbstat_boot(g, ex, 2, HBSTAT_BOOT_RESAMPLES, HBSTAT_BOOT_SEED);
}
