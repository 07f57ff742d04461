/* hb_env.h — what parvm-bench finds around it: the variants it can run (parvm builds
 * in the bin folder, CPython and PyPy on PATH through scripts/pyrun.py), the
 * workloads, and the machine facts a session records (CPU, kernel, git state, PAPI). */
#ifndef PARVM_HB_ENV_H
#define PARVM_HB_ENV_H

#include <stdint.h>
#include <stdbool.h>
#include "hb_common.h"

typedef enum HbVariantKind { HBV_PARVM, HBV_PYTHON } HbVariantKind;

typedef struct HbVariant {
    char *name;            /* gil, stm, nogil, none, cpython, pypy */
    HbVariantKind kind;
    char *exe;             /* the binary, or the Python interpreter */
    char *pyrun;           /* scripts/pyrun.py for HBV_PYTHON, else NULL */
} HbVariant;

typedef struct HbVariantSet {
    HbVariant *v;
    size_t n;
} HbVariantSet;

/* The reference interpreters: variant name and the command looked up on PATH. */
#define HBENV_PYTHONS(X) X("cpython", "python3") X("pypy", "pypy3")

/* requested == NULL: the defaults (every parvm-* in bin_dir except none and bench,
 * then cpython and pypy when on PATH, printing a note to stderr for each one that is
 * missing when `notes`). Otherwise exactly the named variants, each of which must
 * exist: -1 and an error naming the missing one. pyrun may be NULL (searched). */
int hbenv_variants(const char *bin_dir, const HbStrList *requested, const char *pyrun,
                   bool notes, HbVariantSet *out, HbErr *err);
void hbenv_variants_free(HbVariantSet *s);
/* Names of every variant available in bin_dir and on PATH (including none). */
void hbenv_available_variants(const char *bin_dir, HbStrList *names);

/* The argv of one benchmark-mode run (NULL-terminated; free with hbenv_argv_free). */
char **hbenv_bench_argv(const HbVariant *v, const char *workload_path, int64_t threads,
                        const char *size, const char *stats_path, const char *events,
                        int64_t repeat_id);
/* argv running the variant with one extra flag (--version, --list-events). */
char **hbenv_flag_argv(const HbVariant *v, const char *flag);
/* argv of `--list-events`, plus `--events EVENTS` when events is not NULL. */
char **hbenv_list_events_argv(const HbVariant *v, const char *events);
void hbenv_argv_free(char **argv);

/* Workload names (files NAME.py in dir, except the parvm.py shim), sorted. With
 * requested != NULL, exactly those, each of which must exist. */
int hbenv_workloads(const char *dir, const HbStrList *requested, HbStrList *out, HbErr *err);

/* Full path of an executable on PATH, or NULL. Caller frees. */
char *hbenv_which(const char *cmd);
/* scripts/pyrun.py: ./scripts/pyrun.py, else relative to the harness binary. */
char *hbenv_find_pyrun(void);

/* Facts recorded with a session; every string may be NULL when unknown. */
typedef struct HbMachine {
    char *machine, *cpu_model, *kernel, *git_commit, *papi_version;
    int64_t cores;
    int git_dirty;     /* 1 dirty, 0 clean, -1 unknown */
} HbMachine;

void hbenv_machine(HbMachine *m);
void hbenv_machine_free(HbMachine *m);
int64_t hbenv_nproc(void);

#endif
