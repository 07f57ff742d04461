/* hb_cli.h — command-line handling of parvm-bench: the subcommand dispatcher, a small
 * option parser shared by every subcommand (--name VALUE, --name=VALUE, flags), and
 * the validation of `run`'s options. Every bad argument ends in exit status 2 and a
 * message naming the argument. */
#ifndef PARVM_HB_CLI_H
#define PARVM_HB_CLI_H

#include <stdbool.h>
#include "hb_common.h"
#include "hb_run.h"

typedef struct HbOpt {
    const char *name;        /* "--db" */
    const char **value;      /* set for options taking a value */
    bool *flag;              /* set for flags */
} HbOpt;

/* Parse argv[0..argc) (argv[0] is the first argument after the subcommand).
 * Returns 0 ok, 1 when --help/-h was given, -1 on error (err names the argument).
 * Arguments not starting with "--" go to positional (which may be NULL: then they are
 * an error). An option given twice is an error. */
int hbcli_parse(int argc, char **argv, const HbOpt *opts, size_t nopts,
                HbStrList *positional, HbErr *err);

/* Parse and validate `run` options into o (defaults filled in). Returns 0 ok, 1 help
 * printed, 2 error (err filled). hbcli_run_opts_free releases what it allocated. */
int hbcli_run_opts(int argc, char **argv, HbRunOpts *o, HbErr *err);
void hbcli_run_opts_free(HbRunOpts *o);

/* Parse "K/N" with 1 <= K <= N. */
bool hbcli_parse_shard(const char *s, int64_t *k, int64_t *n);

/* Default folder of the parvm-* builds: the folder of this executable. Caller frees. */
char *hbcli_default_bin_dir(void);

/* The whole program: dispatch argv[1] to a subcommand; returns the exit status. */
int hbcli_main(int argc, char **argv);

#define HBCLI_DEFAULT_DB "results/parvm.db"

#endif
