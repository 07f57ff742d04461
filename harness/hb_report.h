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

/* The sessions a table is made of: one, or the shards of one matrix. */
typedef struct HbSessions {
    int64_t *id;            /* ascending unless given otherwise */
    size_t n;
} HbSessions;

/* Parse a --session value (comma-separated ids, each existing; NULL: the newest) and,
 * with all_shards, add the newest session of every other shard K/N of the first one's
 * matrix (noting missing shards on stderr). Several sessions must share the matrix text
 * up to its shard part. Returns 0, 2 on a bad argument or mismatched matrices, 1 when
 * the database has no session; err names `opt`. */
int hbrep_sessions_arg(sqlite3 *db, const char *opt, const char *s, bool all_shards,
                       const char *path, HbSessions *ss, HbErr *err);
void hbrep_sessions_free(HbSessions *ss);
/* "session 3" or "sessions 3,4" (caller frees). */
char *hbrep_sessions_text(const HbSessions *ss);

/* The cells of the runs of every session in ss, pooled. */
int hbrep_load(sqlite3 *db, const HbSessions *ss, HbCellSet *out, HbErr *err);
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

/* Fewest successful runs on each side of a ratio before compare gives it a verdict. */
#define HBREP_MIN_RUNS 3

typedef struct HbCompareCounts {
    size_t regressions;     /* "regression" verdicts (time and overhead ratios) */
    size_t failed;          /* cells in both, with no successful run now */
    size_t insufficient;    /* ratios with fewer than HBREP_MIN_RUNS runs on a side */
    size_t missing;         /* cells of the baseline that the current sessions lack */
} HbCompareCounts;

/* The compare table: one row per current cell that the baseline has. A cell with no
 * successful run now has time_verdict "failed"; a ratio with a side of fewer than
 * HBREP_MIN_RUNS runs has the verdict "insufficient" and its point estimate only;
 * otherwise hbrep_verdict. */
void hbrep_compare_table(const HbCellSet *cur, const HbCellSet *base, double threshold,
                         HbTable *t, HbCompareCounts *counts);

int hbrep_report_main(int argc, char **argv);
int hbrep_compare_main(int argc, char **argv);

#endif
