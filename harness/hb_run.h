/* hb_run.h — the `run` subcommand: expands the matrix (variants x workloads x sizes x
 * thread counts x repetitions) into a plan, runs each repetition as a fresh process,
 * classifies the outcome and commits it to the database as it finishes. */
#ifndef PARVM_HB_RUN_H
#define PARVM_HB_RUN_H

#include <stdint.h>
#include <stdbool.h>
#include "hb_common.h"
#include "hb_env.h"
#include "hb_proc.h"
#include "hb_record.h"

typedef struct HbRunOpts {
    const char *db;
    HbStrList variants, workloads, sizes;   /* variants/workloads: n == 0 means default */
    int64_t *threads;                       /* NULL: 1, 2, 4 .. nproc plus nproc */
    size_t nthreads;
    int64_t reps, warmups;
    bool resume, dry_run, quiet;
    int64_t shard_k, shard_n;               /* 1/1 when not sharded */
    const char *bin_dir, *workloads_dir, *events, *pyrun;
    double timeout_s;
    uint64_t seed;
    bool has_seed;
    size_t tail_bytes;
    const char *command_line;
} HbRunOpts;

/* One cell of the matrix: a configuration measured `warmups + reps` times. */
typedef struct HbCell {
    size_t variant;                         /* index into the variant set */
    const char *workload, *size;
    int64_t threads;
} HbCell;

/* One planned process: cell, repetition (0-based, warm-ups first) and whether it is a
 * warm-up. order_index is the entry's position in the plan. */
typedef struct HbPlanEntry {
    size_t cell;
    int64_t repetition;
    bool warmup;
} HbPlanEntry;

/* Cells of the matrix in canonical order (variant, workload, size, threads; 'none'
 * only at threads 1), keeping those whose (workload, size) group -- numbered
 * workload_index * nsizes + size_index -- has group % shard_n == shard_k - 1: a shard
 * holds every variant and thread count of its groups. */
size_t hbrun_cells(const HbVariantSet *vs, const HbStrList *workloads, const HbStrList *sizes,
                   const int64_t *threads, size_t nthreads, int64_t shard_k, int64_t shard_n,
                   HbCell **out);
/* The plan: (warmups + reps) blocks, each a permutation of all cells shuffled by an
 * HbRng seeded with `seed` (Fisher-Yates). Same inputs, same plan: that is what lets
 * --resume and --shard work. Returns the number of entries. */
size_t hbrun_plan(size_t ncells, int64_t warmups, int64_t reps, uint64_t seed, HbPlanEntry **out);

/* Decide the status of a finished process: "ok", "wrong_result", "error", "crash",
 * "timeout" or "bad_record". *rec is filled when a valid record was read (*have_rec),
 * *error gets a one-line explanation (caller frees) for anything but "ok". */
const char *hbrun_classify(const HbProcResult *pr, const char *stats_text, size_t stats_len,
                           const char *variant, const char *workload, const char *size,
                           int64_t threads, HbRecord *rec, bool *have_rec, char **error);

/* The subcommand; returns the process exit status. */
int hbrun_main(const HbRunOpts *o);

#endif
