/* hb_stats.h — the statistics parvm-bench reports: medians, quantiles, geometric
 * means, and percentile-bootstrap confidence intervals for medians and for ratios
 * of medians.
 *
 * Why the bootstrap (and not a t-interval on log times): benchmark times are skewed
 * and sometimes bimodal (a GC cycle, a GIL convoy), and the quantity reported is the
 * median, for which no simple closed-form interval exists; the bootstrap needs no
 * distributional assumption and gives the interval of any product of medians (a
 * speedup, an overhead, an overhead-of-overheads in `compare`) with one procedure.
 * It is deterministic: the generator is splitmix64 with a fixed seed, so a report
 * printed twice from the same data is identical. With very few repetitions (n < 5)
 * the interval is crude; the report prints n next to it. */
#ifndef PARVM_HB_STATS_H
#define PARVM_HB_STATS_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64 (Steele, Lea, Flood 2014): tiny, full 64-bit period, good enough for
 * resampling and shuffling. The state is the whole generator. */
typedef struct HbRng {
    uint64_t state;
} HbRng;

uint64_t hbrng_next(HbRng *r);
/* Uniform in [0, n): the high 64 bits of next * n (Lemire's multiply-shift, without
 * the rejection step: the bias is below n / 2^64, irrelevant at our n). */
uint64_t hbrng_below(HbRng *r, uint64_t n);

/* Median of x[0..n) (mean of the two middle values when n is even); x is not
 * modified. n must be > 0. */
double hbstat_median(const double *x, size_t n);
/* Quantile p in [0,1] of sorted[0..n) with linear interpolation between closest
 * ranks (Hyndman-Fan type 7, python's statistics.quantiles(method='inclusive')). */
double hbstat_quantile_sorted(const double *sorted, size_t n, double p);
/* exp(mean(log x)); all x must be > 0. */
double hbstat_geomean(const double *x, size_t n);
void hbstat_sort(double *x, size_t n);

/* One group of observations entering a statistic. */
typedef struct HbSample {
    const double *x;
    size_t n;
} HbSample;

/* A point estimate and its 95% interval. */
typedef struct HbEstimate {
    double est, lo, hi;
} HbEstimate;

#define HBSTAT_BOOT_RESAMPLES 2000u
#define HBSTAT_BOOT_SEED      0x5eed5eedULL

/* The statistic S = prod_i median(groups[i])^exps[i] (exps are +1 or -1: a median,
 * a ratio of medians, a ratio of ratios) and its 95% percentile-bootstrap interval:
 * `resamples` times, every group is resampled with replacement (group 0 first, each
 * index drawn with hbrng_below(n_i)), S is recomputed, and lo/hi are the type-7
 * 2.5% and 97.5% quantiles of those values. Invariant: lo <= hi. Every group must
 * have n > 0 and positive values. */
HbEstimate hbstat_boot(const HbSample *groups, const int *exps, size_t k,
                       unsigned resamples, uint64_t seed);

/* Shorthands over hbstat_boot with the default resamples and seed. */
HbEstimate hbstat_median_ci(const double *x, size_t n);
HbEstimate hbstat_ratio_ci(const double *num, size_t nn, const double *den, size_t nd);

#endif
