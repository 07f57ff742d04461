/* hb_cli.c — the subcommand dispatcher, the shared option parser and the validation
 * of `run`'s options (hb_cli.h). */
#include "hb_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hb_report.h"
#include "hb_tools.h"

int hbcli_parse(int argc, char **argv, const HbOpt *opts, size_t nopts,
                HbStrList *positional, HbErr *err)
{
    bool *given = pv_xcalloc(nopts + 1, sizeof *given);
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            rc = 1;
            goto out;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (positional && strncmp(a, "-", 1) != 0) {
                hb_strlist_push(positional, a);
                continue;
            }
            hb_err_set(err, "unexpected argument '%s'", a);
            rc = -1;
            goto out;
        }
        const char *eq = strchr(a, '=');
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        size_t k;
        for (k = 0; k < nopts; k++)
            if (strlen(opts[k].name) == nl && strncmp(opts[k].name, a, nl) == 0) break;
        if (k == nopts) {
            hb_err_set(err, "unknown option '%.*s' (see --help)", (int)nl, a);
            rc = -1;
            goto out;
        }
        if (given[k]) {
            hb_err_set(err, "%s given twice", opts[k].name);
            rc = -1;
            goto out;
        }
        given[k] = true;
        if (opts[k].flag) {
            if (eq) {
                hb_err_set(err, "%s takes no value", opts[k].name);
                rc = -1;
                goto out;
            }
            *opts[k].flag = true;
            continue;
        }
        const char *val;
        if (eq) {
            val = eq + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        } else {
            hb_err_set(err, "%s needs a value", opts[k].name);
            rc = -1;
            goto out;
        }
        if (!*val) {
            hb_err_set(err, "%s: empty value", opts[k].name);
            rc = -1;
            goto out;
        }
        *opts[k].value = val;
    }
out:
    free(given);
    return rc;
}

bool hbcli_parse_shard(const char *s, int64_t *k, int64_t *n)
{
    const char *slash = strchr(s, '/');
    if (!slash || slash == s) return false;
    char head[32];
    size_t hl = (size_t)(slash - s);
    if (hl >= sizeof head) return false;
    memcpy(head, s, hl);
    head[hl] = '\0';
    return hb_parse_i64(head, k) && hb_parse_i64(slash + 1, n) && *n >= 1 && *k >= 1 && *k <= *n;
}

char *hbcli_default_bin_dir(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return pv_xstrdup("build/bin");
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    return pv_xstrdup(exe);
}

static const char hbcli_run_usage[] =
    "usage: parvm-bench run [options]\n"
    "  Runs variants x workloads x sizes x threads x repetitions, each repetition a fresh\n"
    "  process, in an order shuffled per repetition block, and commits every run to the\n"
    "  database as it finishes. Failures (crash, timeout, wrong result, bad record) are\n"
    "  recorded with the stderr tail and the session goes on.\n"
    "  --variants LIST      comma-separated (default: every parvm-* build except none,\n"
    "                       plus cpython and pypy when python3/pypy3 are on PATH)\n"
    "  --workloads LIST     workload names (default: every *.py in the workloads folder)\n"
    "  --sizes LIST         tiny, small, medium, large (default medium)\n"
    "  --threads LIST       thread counts (default 1, 2, 4 .. nproc, plus nproc)\n"
    "  --reps N             measured repetitions per cell (default 5)\n"
    "  --warmups N          warm-up runs per cell, recorded but not used (default 1)\n"
    "  --db PATH            results database (default " HBCLI_DEFAULT_DB ")\n"
    "  --resume             continue the newest unfinished session with the same matrix\n"
    "  --shard K/N          run only the (workload, size) groups g with g mod N = K-1\n"
    "                       (1 <= K <= N), each with every variant and thread count;\n"
    "                       give --variants and --threads explicitly so every machine\n"
    "                       runs the same matrix\n"
    "  --bin-dir DIR        where the parvm-* builds are (default: this program's folder)\n"
    "  --workloads-dir DIR  where the workloads are (default workloads)\n"
    "  --pyrun PATH         scripts/pyrun.py for cpython/pypy (default: found)\n"
    "  --events LIST        PAPI events passed to the VMs (default: the VM's own list);\n"
    "                       checked first with one parvm build's --list-events\n"
    "  --timeout SECONDS    per run; a run over it is killed (default 600)\n"
    "  --seed N             seed of the order shuffle (default random; recorded)\n"
    "  --dry-run            print the plan and exit\n"
    "  --quiet              no progress line\n"
    "  Exit status: 0 the session finished (failed runs are recorded, not fatal); 1 a\n"
    "  database error, or --resume found no unfinished session with this matrix; 2 bad\n"
    "  arguments (including an --events list the VMs reject, or an empty shard); 130\n"
    "  interrupted by SIGINT/SIGTERM (continue with --resume).\n";

static const char *const hbcli_sizes[] = { "tiny", "small", "medium", "large" };

void hbcli_run_opts_free(HbRunOpts *o)
{
    hb_strlist_free(&o->variants);
    hb_strlist_free(&o->workloads);
    hb_strlist_free(&o->sizes);
    free(o->threads);
    free((char *)o->bin_dir);
    free((char *)o->command_line);
    memset(o, 0, sizeof *o);
}

/* A comma list for option `opt`; no empty item, no duplicate. */
static int hbcli_list(const char *opt, const char *s, HbStrList *l, HbErr *err)
{
    if (hb_split_commas(s, l) < 0) {
        hb_err_set(err, "%s: '%s' has an empty item", opt, s);
        return -1;
    }
    for (size_t i = 0; i < l->n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(l->v[i], l->v[j]) == 0) {
                hb_err_set(err, "%s: '%s' given twice", opt, l->v[i]);
                return -1;
            }
    return 0;
}

static int64_t hbcli_count(const char *opt, const char *s, int64_t min, int64_t max, HbErr *err)
{
    int64_t v;
    if (!hb_parse_i64(s, &v) || v < min || v > max) {
        hb_err_set(err, "%s: '%s' is not an integer in %lld..%lld", opt, s, (long long)min, (long long)max);
        return -1;
    }
    return v;
}

int hbcli_run_opts(int argc, char **argv, HbRunOpts *o, HbErr *err)
{
    memset(o, 0, sizeof *o);
    const char *variants = NULL, *workloads = NULL, *sizes = "medium", *threads = NULL;
    const char *reps = "5", *warmups = "1", *shard = NULL, *timeout = "600", *seed = NULL;
    const char *bin_dir = NULL;
    o->db = HBCLI_DEFAULT_DB;
    o->workloads_dir = "workloads";
    HbOpt opts[] = {
        { "--variants", &variants, NULL }, { "--workloads", &workloads, NULL },
        { "--sizes", &sizes, NULL }, { "--threads", &threads, NULL },
        { "--reps", &reps, NULL }, { "--warmups", &warmups, NULL },
        { "--db", &o->db, NULL }, { "--resume", NULL, &o->resume },
        { "--shard", &shard, NULL }, { "--bin-dir", &bin_dir, NULL },
        { "--workloads-dir", &o->workloads_dir, NULL }, { "--pyrun", &o->pyrun, NULL },
        { "--events", &o->events, NULL }, { "--timeout", &timeout, NULL },
        { "--seed", &seed, NULL }, { "--dry-run", NULL, &o->dry_run },
        { "--quiet", NULL, &o->quiet },
    };
    int rc = hbcli_parse(argc, argv, opts, PV_ARRAY_LEN(opts), NULL, err);
    if (rc == 1) {
        fputs(hbcli_run_usage, stdout);
        return 1;
    }
    if (rc < 0) return 2;

    if (variants && hbcli_list("--variants", variants, &o->variants, err) < 0) return 2;
    if (workloads && hbcli_list("--workloads", workloads, &o->workloads, err) < 0) return 2;
    if (hbcli_list("--sizes", sizes, &o->sizes, err) < 0) return 2;
    for (size_t i = 0; i < o->sizes.n; i++) {
        bool known = false;
        for (size_t k = 0; k < PV_ARRAY_LEN(hbcli_sizes); k++) known |= !strcmp(o->sizes.v[i], hbcli_sizes[k]);
        if (!known) {
            hb_err_set(err, "--sizes: unknown size '%s' (tiny, small, medium, large)", o->sizes.v[i]);
            return 2;
        }
    }
    if (threads) {
        HbStrList l = { 0 };
        if (hbcli_list("--threads", threads, &l, err) < 0) {
            hb_strlist_free(&l);
            return 2;
        }
        o->threads = pv_xmalloc(l.n * sizeof *o->threads);
        o->nthreads = l.n;
        for (size_t i = 0; i < l.n; i++) {
            int64_t t;
            if (!hb_parse_i64(l.v[i], &t) || t < 1 || t > 4096) {
                hb_err_set(err, "--threads: '%s' is not a thread count (1..4096)", l.v[i]);
                hb_strlist_free(&l);
                return 2;
            }
            o->threads[i] = t;
        }
        hb_strlist_free(&l);
    }
    if ((o->reps = hbcli_count("--reps", reps, 1, 100000, err)) < 0) return 2;
    if ((o->warmups = hbcli_count("--warmups", warmups, 0, 100, err)) < 0) return 2;
    o->shard_k = o->shard_n = 1;
    if (shard && !hbcli_parse_shard(shard, &o->shard_k, &o->shard_n)) {
        hb_err_set(err, "--shard: '%s' is not K/N with 1 <= K <= N", shard);
        return 2;
    }
    if (!hb_parse_double(timeout, &o->timeout_s) || o->timeout_s <= 0) {
        hb_err_set(err, "--timeout: '%s' is not a positive number of seconds", timeout);
        return 2;
    }
    if (seed) {
        if (!hb_parse_u64(seed, &o->seed) || o->seed >= (1ULL << 53)) {
            hb_err_set(err, "--seed: '%s' is not an integer in 0..2^53-1", seed);
            return 2;
        }
        o->has_seed = true;
    }
    if (o->events) {
        HbStrList l = { 0 };
        int bad = hbcli_list("--events", o->events, &l, err);
        hb_strlist_free(&l);
        if (bad < 0) return 2;
    }
    if (access(o->workloads_dir, R_OK | X_OK) != 0) {
        hb_err_set(err, "--workloads-dir: cannot read folder '%s'", o->workloads_dir);
        return 2;
    }
    if (o->pyrun && access(o->pyrun, R_OK) != 0) {
        hb_err_set(err, "--pyrun: cannot read '%s'", o->pyrun);
        return 2;
    }
    if (bin_dir && access(bin_dir, R_OK | X_OK) != 0) {
        hb_err_set(err, "--bin-dir: cannot read folder '%s'", bin_dir);
        return 2;
    }
    o->bin_dir = bin_dir ? pv_xstrdup(bin_dir) : hbcli_default_bin_dir();
    o->tail_bytes = 4000;
    return 0;
}

static char *hbcli_command_line(int argc, char **argv)
{
    PvBuf b;
    pvbuf_init(&b);
    for (int i = 0; i < argc; i++) {
        if (i) pvbuf_addc(&b, ' ');
        bool plain = argv[i][0] && strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789-_=/.,:+") == strlen(argv[i]);
        if (plain) {
            pvbuf_adds(&b, argv[i]);
            continue;
        }
        pvbuf_addc(&b, '\'');
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '\'') pvbuf_adds(&b, "'\\''");
            else pvbuf_addc(&b, *p);
        }
        pvbuf_addc(&b, '\'');
    }
    return pvbuf_detach(&b);
}

static int hbcli_run_main(int argc, char **argv, int full_argc, char **full_argv)
{
    HbRunOpts o;
    HbErr err;
    int rc = hbcli_run_opts(argc, argv, &o, &err);
    if (rc == 0) {
        o.command_line = hbcli_command_line(full_argc, full_argv);
        rc = hbrun_main(&o);
    } else if (rc == 1) {
        rc = 0;
    } else {
        fprintf(stderr, "parvm-bench run: %s\n", err.msg);
    }
    hbcli_run_opts_free(&o);
    return rc;
}

static const char hbcli_usage[] =
    "usage: parvm-bench COMMAND [options]   (parvm-bench COMMAND --help for details)\n"
    "  run       run the benchmark matrix into the results database\n"
    "  report    medians, confidence intervals, speedups, overheads of a session\n"
    "  compare   compare a session with a baseline; exit 1 on a significant regression\n"
    "  export    a table of the database as CSV or JSON\n"
    "  merge     combine databases (from shards or machines) into one\n"
    "  list      workloads, variants (with --version) and PAPI events available\n";

int hbcli_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(hbcli_usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(hbcli_usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "run")) return hbcli_run_main(argc - 2, argv + 2, argc, argv);
    if (!strcmp(cmd, "report")) return hbrep_report_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "compare")) return hbrep_compare_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "export")) return hbtools_export_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "merge")) return hbtools_merge_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "list")) return hbtools_list_main(argc - 2, argv + 2);
    fprintf(stderr, "parvm-bench: unknown command '%s'\n", cmd);
    fputs(hbcli_usage, stderr);
    return 2;
}
