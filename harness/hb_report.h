/* hb_report.h — `report` and `compare`: per workload and variant, the median time
 * with its 95% interval, speedups, the single-thread overhead against the GIL build,
 * the STM abort rate, and geometric-mean rows; `compare` puts the same metrics of two
 * sessions side by side and flags significant regressions. Statistics: hb_stats.h. */
#ifndef PARVM_HB_REPORT_H
#define PARVM_HB_REPORT_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <sqlite3.h>
#include "hb_common.h"
#include "hb_stats.h"

/* The measurements of one (workload, size, variant, threads) cell of a session:
 * wall times in seconds of successful non-warm-up runs, and summed STM counters. */
typedef struct HbCellData {
    char *workload, *size, *variant;
    int64_t threads;
    double *t;
    size_t n, cap;
    int64_t failed;
    int64_t stm_commits, stm_aborts;
    bool has_stm;
} HbCellData;

typedef struct HbCellSet {
    HbCellData *c;
    size_t n;
} HbCellSet;

int hbrep_load(sqlite3 *db, int64_t sid, HbCellSet *out, HbErr *err);
void hbrep_cells_free(HbCellSet *s);
const HbCellData *hbrep_find(const HbCellSet *s, const char *workload, const char *size,
                             const char *variant, int64_t threads);

/* A result table: typed cells so CSV/JSON keep numbers as numbers. */
typedef enum HbValKind { HBVAL_NULL, HBVAL_TEXT, HBVAL_INT, HBVAL_REAL } HbValKind;
typedef struct HbVal {
    HbValKind kind;
    char *s;
    double d;
    int64_t i;
} HbVal;

typedef struct HbTable {
    const char *const *cols;
    size_t ncols, nrows;
    HbVal *v;               /* nrows * ncols */
} HbTable;

void hbtab_free(HbTable *t);

typedef enum HbFormat { HBFMT_TABLE, HBFMT_MARKDOWN, HBFMT_CSV, HBFMT_JSON } HbFormat;
int hbrep_parse_format(const char *s, HbFormat *f);
/* Table and Markdown merge each column X with X_lo/X_hi into "X [lo, hi]". */
void hbtab_print(const HbTable *t, HbFormat f, FILE *out);

/* The report table of a session's cells. */
void hbrep_table(const HbCellSet *s, HbTable *t);

/* "regression" when est > 1 + threshold and lo > 1 (beyond the threshold AND the
 * 95% interval excludes "no change"); "improvement" symmetrically; else "same". */
const char *hbrep_verdict(HbEstimate e, double threshold);

/* The compare table; *regressions gets the number of "regression" verdicts. */
void hbrep_compare_table(const HbCellSet *cur, const HbCellSet *base, double threshold,
                         HbTable *t, size_t *regressions);

int hbrep_report_main(int argc, char **argv);
int hbrep_compare_main(int argc, char **argv);

#endif
