/* hb_run.c — the matrix runner (hb_run.h).
 *
 * Order of a session: resolve variants and workloads, open the database, either start
 * a new session (recording machine facts, each build's --version and each parvm
 * build's --list-events) or pick up the newest unfinished session with the same
 * matrix text, rebuild the plan from the session's seed, and run every plan entry
 * that has no runs row yet. A run row is committed before the next process starts. */
#include "hb_run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hb_db.h"
#include "hb_stats.h"

size_t hbrun_cells(const HbVariantSet *vs, const HbStrList *workloads, const HbStrList *sizes,
                   const int64_t *threads, size_t nthreads, int64_t shard_k, int64_t shard_n,
                   HbCell **out)
{
    size_t cap = vs->n * workloads->n * sizes->n * nthreads + 1, n = 0;
    HbCell *cells = pv_xmalloc(cap * sizeof *cells);
    for (size_t v = 0; v < vs->n; v++)
        for (size_t w = 0; w < workloads->n; w++)
            for (size_t s = 0; s < sizes->n; s++) {
                /* A shard takes whole (workload, size) groups, round-robin: every cell
                 * of a group, so each shard has every variant and thread count of its
                 * workloads and can compute speedups and overheads on its own. */
                size_t group = w * sizes->n + s;
                if ((int64_t)(group % (size_t)shard_n) != shard_k - 1) continue;
                for (size_t t = 0; t < nthreads; t++) {
                    if (strcmp(vs->v[v].name, "none") == 0 && threads[t] != 1) continue;
                    cells[n++] = (HbCell){ v, workloads->v[w], sizes->v[s], threads[t] };
                }
            }
    *out = cells;
    return n;
}

size_t hbrun_plan(size_t ncells, int64_t warmups, int64_t reps, uint64_t seed, HbPlanEntry **out)
{
    size_t blocks = (size_t)(warmups + reps), n = 0;
    HbPlanEntry *plan = pv_xmalloc((blocks * ncells + 1) * sizeof *plan);
    size_t *perm = pv_xmalloc((ncells + 1) * sizeof *perm);
    HbRng rng = { seed };
    for (size_t b = 0; b < blocks; b++) {
        for (size_t i = 0; i < ncells; i++) perm[i] = i;
        for (size_t i = ncells; i > 1; i--) {
            size_t j = (size_t)hbrng_below(&rng, i);
            size_t tmp = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = tmp;
        }
        for (size_t i = 0; i < ncells; i++)
            plan[n++] = (HbPlanEntry){ perm[i], (int64_t)b, (int64_t)b < warmups };
    }
    free(perm);
    *out = plan;
    return n;
}

static char *hbrun_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *hbrun_strdupf(const char *fmt, ...)
{
    PvBuf b;
    pvbuf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    pvbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    return pvbuf_detach(&b);
}

const char *hbrun_classify(const HbProcResult *pr, const char *stats_text, size_t stats_len,
                           const char *variant, const char *workload, const char *size,
                           int64_t threads, HbRecord *rec, bool *have_rec, char **error)
{
    *have_rec = false;
    *error = NULL;
    memset(rec, 0, sizeof *rec);
    if (!pr->started) {
        *error = hbrun_strdupf("could not start the process (exit 127)");
        return "crash";
    }
    if (pr->timed_out) {
        *error = hbrun_strdupf("timed out after %.1f s and was killed", (double)pr->elapsed_ns / 1e9);
        return "timeout";
    }
    if (pr->interrupted) {
        *error = hbrun_strdupf("interrupted");
        return "crash";
    }
    if (pr->signal) {
        *error = hbrun_strdupf("killed by signal %d (%s)", pr->signal, strsignal(pr->signal));
        return "crash";
    }
    if (pr->exit_code == 2) {
        *error = hbrun_strdupf("the VM rejected its command line (exit 2)");
        return "error";
    }
    HbErr perr;
    if (!stats_text || stats_len == 0) {
        *error = hbrun_strdupf("exit %d and no stats record", pr->exit_code);
        return "bad_record";
    }
    if (hbrec_parse(stats_text, stats_len, rec, &perr) < 0) {
        *error = hbrun_strdupf("bad stats record: %s", perr.msg);
        return "bad_record";
    }
    *have_rec = true;
    /* The record must describe the run that was asked for. */
    const char *which = strcmp(rec->variant, variant) ? "variant"
                      : strcmp(rec->workload, workload) ? "workload"
                      : strcmp(rec->size, size) ? "size" : NULL;
    if (which || rec->threads != threads) {
        *error = hbrun_strdupf("stats record is for another run (%s differs: %s %s %s threads %lld)",
                               which ? which : "threads", rec->variant, rec->workload,
                               rec->size, (long long)rec->threads);
        return "bad_record";
    }
    switch (pr->exit_code) {
    case 0:
        if (!rec->ok) {
            *error = hbrun_strdupf("exit 0 but the record says ok 0");
            return "bad_record";
        }
        return "ok";
    case 3:
        if (rec->ok) {
            *error = hbrun_strdupf("exit 3 (wrong result) but the record says ok 1");
            return "bad_record";
        }
        *error = hbrun_strdupf("wrong result: got %s, expected %s",
                               rec->result ? rec->result : "(none)",
                               rec->expected ? rec->expected : "(none)");
        return "wrong_result";
    case 1:
        *error = hbrun_strdupf("%s", rec->error ? rec->error : "uncaught exception (exit 1)");
        return "error";
    default:
        *error = hbrun_strdupf("unexpected exit status %d", pr->exit_code);
        return "error";
    }
}

/* The text --resume matches on: everything that shapes the plan except the seed. */
static char *hbrun_matrix_text(const HbVariantSet *vs, const HbStrList *workloads,
                               const HbRunOpts *o, const int64_t *threads, size_t nthreads)
{
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_adds(&b, "variants=");
    for (size_t i = 0; i < vs->n; i++) pvbuf_addf(&b, "%s%s", i ? "," : "", vs->v[i].name);
    char *w = hb_strlist_join(workloads, ","), *s = hb_strlist_join(&o->sizes, ",");
    pvbuf_addf(&b, ";workloads=%s;sizes=%s;threads=", w, s);
    free(w);
    free(s);
    for (size_t i = 0; i < nthreads; i++) pvbuf_addf(&b, "%s%lld", i ? "," : "", (long long)threads[i]);
    pvbuf_addf(&b, ";reps=%lld;warmups=%lld;events=%s;shard=%lld/%lld", (long long)o->reps,
               (long long)o->warmups, o->events ? o->events : "(default)",
               (long long)o->shard_k, (long long)o->shard_n);
    /* Shards used to take every N-th cell; naming the split keeps --resume from
     * continuing such a session with another set of cells. */
    if (o->shard_n > 1) pvbuf_adds(&b, ";shard_by=workload,size");
    return pvbuf_detach(&b);
}

static uint64_t hbrun_random_seed(void)
{
    uint64_t s = 0;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) {
        if (read(fd, &s, sizeof s) != (ssize_t)sizeof s) s = 0;
        close(fd);
    }
    if (!s) s = (uint64_t)pv_now_ns() ^ ((uint64_t)getpid() << 32);
    /* Keep seeds below 2^53 so they survive JSON export and spreadsheets intact. */
    return s & ((1ULL << 53) - 1);
}

static char *hbrun_uuid(uint64_t seed)
{
    HbRng r = { hbrun_random_seed() ^ seed ^ (uint64_t)pv_now_ns() };
    return hbrun_strdupf("%016llx%016llx", (unsigned long long)hbrng_next(&r),
                         (unsigned long long)hbrng_next(&r));
}

/* The VMs check an --events list only when a run starts, so a malformed one would
 * make every run of the session fail: one parvm build checks it first, through
 * `--list-events --events LIST` (exit 2 when malformed). Returns false, after saying
 * why, when the list is rejected. */
static bool hbrun_check_events(const HbVariantSet *vs, const char *events)
{
    const HbVariant *v = NULL;
    for (size_t i = 0; i < vs->n && !v; i++)
        if (vs->v[i].kind == HBV_PARVM) v = &vs->v[i];
    if (!events || !v) return true;     /* cpython/pypy count no PAPI event */
    char **argv = hbenv_list_events_argv(v, events);
    HbProcResult r;
    hbproc_run(argv, 20.0, true, 2000, &r);
    hbenv_argv_free(argv);
    bool ok = true;
    if (r.started && !r.signal && !r.timed_out && r.exit_code == 2) {
        char *nl = strchr(r.stderr_tail, '\n');
        if (nl) *nl = '\0';
        fprintf(stderr, "parvm-bench run: --events: '%s' is not an event list the VMs accept "
                "(checked with %s --list-events): %s\n", events, v->exe, r.stderr_tail);
        ok = false;
    } else if (!r.started || r.signal || r.timed_out || r.exit_code != 0) {
        fprintf(stderr, "parvm-bench: warning: could not check --events with %s --list-events "
                "(%s); going on\n", v->exe, r.signal ? "killed by a signal" : r.timed_out
                ? "timed out" : "it failed");
    }
    hbproc_result_free(&r);
    return ok;
}

/* Record each variant's --version and each parvm build's --list-events. */
static void hbrun_record_builds(sqlite3 *db, int64_t sid, const HbVariantSet *vs)
{
    HbErr err;
    for (size_t i = 0; i < vs->n; i++) {
        const HbVariant *v = &vs->v[i];
        char **argv = hbenv_flag_argv(v, "--version");
        HbProcResult r;
        hbproc_run(argv, 20.0, true, 512, &r);
        hbenv_argv_free(argv);
        bool ok = r.started && !r.signal && r.exit_code == 0;
        if (hbdb_add_build(db, sid, v->name, v->exe, ok ? r.stdout_text : NULL, &err) < 0)
            fprintf(stderr, "parvm-bench: warning: build of %s not recorded: %s\n", v->name, err.msg);
        hbproc_result_free(&r);
        if (v->kind != HBV_PARVM) continue;

        argv = hbenv_flag_argv(v, "--list-events");
        hbproc_run(argv, 20.0, true, 512, &r);
        hbenv_argv_free(argv);
        if (r.started && !r.signal && r.exit_code == 0) {
            /* papi_version<TAB>X.Y.Z | NAME<TAB>available | NAME<TAB>unavailable<TAB>reason |
             * component<TAB>NAME<TAB>enabled|disabled<TAB>reason */
            for (char *line = strtok(r.stdout_text, "\n"); line; line = strtok(NULL, "\n")) {
                char *f[4] = { 0 };
                int nf = 0;
                for (char *p = line; p && nf < 4; nf++) {
                    f[nf] = p;
                    p = strchr(p, '\t');
                    if (p) *p++ = '\0';
                }
                if (nf == 2 && strcmp(f[0], "papi_version") == 0)
                    hbdb_set_build_papi_version(db, sid, v->name, f[1], &err);
                else if (nf >= 3 && strcmp(f[0], "component") == 0)
                    hbdb_add_event(db, sid, v->name, "component", f[1], strcmp(f[2], "enabled") == 0,
                                   nf > 3 ? f[3] : NULL, &err);
                else if (nf >= 2 && (!strcmp(f[1], "available") || !strcmp(f[1], "unavailable")))
                    hbdb_add_event(db, sid, v->name, "event", f[0], strcmp(f[1], "available") == 0,
                                   nf > 2 ? f[2] : NULL, &err);
            }
        }
        hbproc_result_free(&r);
    }
}

static void hbrun_fmt_dur(char *buf, size_t n, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

int hbrun_main(const HbRunOpts *o)
{
    HbErr err;
    HbVariantSet vs;
    HbStrList workloads = { 0 };
    if (hbenv_variants(o->bin_dir, o->variants.n ? &o->variants : NULL, o->pyrun, !o->quiet,
                       &vs, &err) < 0) {
        fprintf(stderr, "parvm-bench run: %s\n", err.msg);
        return 2;
    }
    if (hbenv_workloads(o->workloads_dir, o->workloads.n ? &o->workloads : NULL, &workloads, &err) < 0) {
        fprintf(stderr, "parvm-bench run: %s\n", err.msg);
        hbenv_variants_free(&vs);
        return 2;
    }
    /* Default thread counts: 1, 2, 4, ... up to nproc, plus nproc itself. */
    int64_t defthreads[80];
    const int64_t *threads = o->threads;
    size_t nthreads = o->nthreads;
    if (!threads) {
        int64_t np = hbenv_nproc();
        nthreads = 0;
        for (int64_t t = 1; t <= np && nthreads < 64; t *= 2) defthreads[nthreads++] = t;
        if (defthreads[nthreads - 1] != np) defthreads[nthreads++] = np;
        threads = defthreads;
    }

    HbCell *cells;
    size_t ncells = hbrun_cells(&vs, &workloads, &o->sizes, threads, nthreads, o->shard_k,
                                o->shard_n, &cells);
    char *matrix = hbrun_matrix_text(&vs, &workloads, o, threads, nthreads);
    int status = 0;
    sqlite3 *db = NULL;
    int64_t sid = 0;
    uint64_t seed = o->has_seed ? o->seed : hbrun_random_seed();
    bool resumed = false;
    HbPlanEntry *plan = NULL;
    bool *done = NULL;

    if (ncells == 0) {
        fprintf(stderr, "parvm-bench run: --shard %lld/%lld: no cells in this shard (shards take "
                "whole (workload, size) groups and the matrix has %zu)\n",
                (long long)o->shard_k, (long long)o->shard_n, workloads.n * o->sizes.n);
        status = 2;
        goto out;
    }
    if (o->shard_n > 1 && (!o->variants.n || !o->threads) && !o->quiet)
        fprintf(stderr, "parvm-bench: note: --shard without --variants and --threads: their "
                "defaults depend on the machine (builds and interpreters found, nproc), and "
                "shards only fit together when every shard ran the same matrix\n");
    if (!hbrun_check_events(&vs, o->events)) {
        status = 2;
        goto out;
    }
    if (!o->dry_run) {
        if (hbdb_open(o->db, &db, &err) < 0) {
            fprintf(stderr, "parvm-bench run: %s\n", err.msg);
            status = 1;
            goto out;
        }
        if (o->resume) {
            int found = hbdb_find_resumable(db, matrix, &sid, &seed, &err);
            if (found <= 0) {
                fprintf(stderr, "parvm-bench run: --resume: %s\n", found < 0 ? err.msg
                        : "no unfinished session with this matrix in the database "
                          "(give the same variants, workloads, sizes, threads, reps and shard)");
                status = 1;
                goto out;
            }
            resumed = true;
        }
    }
    size_t nplan = hbrun_plan(ncells, o->warmups, o->reps, seed, &plan);

    if (o->dry_run) {
        printf("# matrix: %s\n# seed: %llu\n# %zu cells, %zu runs\n", matrix,
               (unsigned long long)seed, ncells, nplan);
        printf("order\tvariant\tworkload\tsize\tthreads\trepetition\twarmup\n");
        for (size_t i = 0; i < nplan; i++) {
            const HbCell *c = &cells[plan[i].cell];
            printf("%zu\t%s\t%s\t%s\t%lld\t%lld\t%d\n", i, vs.v[c->variant].name, c->workload,
                   c->size, (long long)c->threads, (long long)plan[i].repetition, plan[i].warmup);
        }
        goto out;
    }

    if (!resumed) {
        HbMachine m;
        hbenv_machine(&m);
        char now[32];
        hb_utc_now(now, sizeof now);
        char *uuid = hbrun_uuid(seed);
        char shard[64];
        snprintf(shard, sizeof shard, "%lld/%lld", (long long)o->shard_k, (long long)o->shard_n);
        HbSessionInfo info = {
            .uuid = uuid, .started_at = now, .machine = m.machine, .cpu_model = m.cpu_model,
            .kernel = m.kernel, .cores = m.cores, .git_commit = m.git_commit,
            .git_dirty = m.git_dirty, .papi_version = m.papi_version,
            .command_line = o->command_line, .seed = seed, .matrix = matrix,
            .shard = o->shard_n > 1 ? shard : NULL,
        };
        int rc = hbdb_session_begin(db, &info, &sid, &err);
        free(uuid);
        hbenv_machine_free(&m);
        if (rc < 0) {
            fprintf(stderr, "parvm-bench run: %s: %s\n", o->db, err.msg);
            status = 1;
            goto out;
        }
        hbrun_record_builds(db, sid, &vs);
    }

    done = pv_xmalloc((nplan + 1) * sizeof *done);
    if (hbdb_done_orders(db, sid, done, nplan, &err) < 0) {
        fprintf(stderr, "parvm-bench run: %s\n", err.msg);
        status = 1;
        goto out;
    }
    size_t todo = 0, ndone = 0, nfailed = 0;
    for (size_t i = 0; i < nplan; i++) todo += !done[i];
    if (!o->quiet)
        fprintf(stderr, "parvm-bench: session %lld%s: %zu cells, %zu runs to do (seed %llu), database %s\n",
                (long long)sid, resumed ? " (resumed)" : "", ncells, todo,
                (unsigned long long)seed, o->db);

    hbproc_install_signals();
    bool tty = isatty(2);
    int64_t t_start = pv_now_ns();
    for (size_t i = 0; i < nplan && !hbproc_interrupted(); i++) {
        if (done[i]) continue;
        const HbCell *c = &cells[plan[i].cell];
        const HbVariant *v = &vs.v[c->variant];
        if (!o->quiet) {
            double el = (double)(pv_now_ns() - t_start) / 1e9;
            char e1[32], e2[32];
            hbrun_fmt_dur(e1, sizeof e1, el);
            if (ndone) hbrun_fmt_dur(e2, sizeof e2, el / (double)ndone * (double)(todo - ndone));
            else snprintf(e2, sizeof e2, "?");
            fprintf(stderr, "%s[%zu/%zu] %s %s %s t=%lld rep %lld%s  elapsed %s  ETA %s%s",
                    tty ? "\r\033[K" : "", ndone + 1, todo, v->name, c->workload, c->size,
                    (long long)c->threads, (long long)plan[i].repetition,
                    plan[i].warmup ? " (warm-up)" : "", e1, e2, tty ? "" : "\n");
        }
        char *stats_path = hbproc_tempfile("stats");
        PvBuf wpath;
        pvbuf_init(&wpath);
        pvbuf_addf(&wpath, "%s/%s.py", o->workloads_dir, c->workload);
        char **argv = hbenv_bench_argv(v, wpath.data, c->threads, c->size, stats_path, o->events,
                                       (int64_t)i);
        char started_at[32];
        hb_utc_now(started_at, sizeof started_at);
        HbProcResult pr;
        hbproc_run(argv, o->timeout_s, false, o->tail_bytes, &pr);
        hbenv_argv_free(argv);
        pvbuf_free(&wpath);
        size_t slen = 0;
        char *stext = hb_read_file(stats_path, &slen);
        unlink(stats_path);
        free(stats_path);
        if (pr.interrupted) {
            free(stext);
            hbproc_result_free(&pr);
            break;       /* the run in flight is not recorded: resume redoes it */
        }

        HbRecord rec;
        bool have_rec;
        char *error;
        const char *st = hbrun_classify(&pr, stext, slen, v->name, c->workload, c->size,
                                        c->threads, &rec, &have_rec, &error);
        HbRunRow row = {
            .variant = v->name, .workload = c->workload, .size = c->size,
            .threads = c->threads, .repetition = plan[i].repetition, .order_index = (int64_t)i,
            .warmup = plan[i].warmup, .status = st,
            .exit_status = pr.signal ? -pr.signal : pr.timed_out ? -1 : pr.exit_code,
            .error = error, .stderr_tail = pr.stderr_tail, .started_at = started_at,
            .duration_ns = pr.elapsed_ns,
        };
        int rc = hbdb_add_run(db, sid, &row, have_rec ? &rec : NULL, &err);
        if (strcmp(st, "ok") != 0) {
            nfailed++;
            fprintf(stderr, "%sparvm-bench: %s %s %s t=%lld rep %lld: %s: %s\n", tty ? "\r\033[K" : "",
                    v->name, c->workload, c->size, (long long)c->threads,
                    (long long)plan[i].repetition, st, error);
        }
        free(error);
        free(stext);
        hbrec_free(&rec);
        hbproc_result_free(&pr);
        if (rc < 0) {
            fprintf(stderr, "\nparvm-bench run: cannot record a run in %s: %s\n", o->db, err.msg);
            status = 1;
            goto out;
        }
        ndone++;
    }
    if (tty && !o->quiet) fputc('\n', stderr);
    if (hbproc_interrupted()) {
        fprintf(stderr, "parvm-bench: interrupted after %zu of %zu runs; continue with "
                "`parvm-bench run --resume` and the same arguments\n", ndone, todo);
        status = 130;
        goto out;
    }
    if (hbdb_session_finish(db, sid, &err) < 0) {
        fprintf(stderr, "parvm-bench run: %s\n", err.msg);
        status = 1;
        goto out;
    }
    if (!o->quiet)
        fprintf(stderr, "parvm-bench: session %lld finished: %zu runs, %zu failed (%.1f s)\n",
                (long long)sid, ndone, nfailed, (double)(pv_now_ns() - t_start) / 1e9);
out:
    free(done);
    free(plan);
    free(matrix);
    free(cells);
    if (db) sqlite3_close(db);
    hb_strlist_free(&workloads);
    hbenv_variants_free(&vs);
    return status;
}
