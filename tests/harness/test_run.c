/* test_run.c — the runner end to end on the fixtures: the plan (deterministic,
 * interleaved, sharded into a partition), classification of every kind of failure
 * through real processes (wrong result, exception, crash, timeout, bad record), a
 * tiny session on cpython and the fixture VM with report numbers checked, a session
 * killed mid-run and resumed, and compare's regression verdicts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "hb_cli.h"
#include "hb_db.h"
#include "hb_report.h"
#include "hb_run.h"

#define FIX "tests/harness/fixtures"

static char dir[] = "/tmp/parvm-test-run-XXXXXX";

static const char *path_in(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static int64_t count(const char *db_path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);     /* the runner may be writing */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    int64_t n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static int cli(const char *first, ...)
{
    char *argv[48];
    int argc = 0;
    argv[argc++] = "parvm-bench";
    argv[argc++] = (char *)first;
    va_list ap;
    va_start(ap, first);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL) argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    return hbcli_main(argc, argv);
}

static void test_plan(void **state)
{
    HbPlanEntry *p1, *p2, *p3;
    size_t n = hbrun_plan(6, 1, 3, 77, &p1);
    assert_int_equal(n, 24);
    assert_int_equal(hbrun_plan(6, 1, 3, 77, &p2), 24);
    assert_int_equal(hbrun_plan(6, 1, 3, 78, &p3), 24);
    assert_memory_equal(p1, p2, 24 * sizeof *p1);
    bool differs = false;
    for (size_t b = 0; b < 4; b++) {
        bool seen[6] = { false };
        for (size_t i = 0; i < 6; i++) {
            const HbPlanEntry *e = &p1[b * 6 + i];
            assert_int_equal(e->repetition, (int64_t)b);
            assert_int_equal(e->warmup, b == 0);
            assert_false(seen[e->cell]);      /* each block is a permutation */
            seen[e->cell] = true;
            differs |= p1[b * 6 + i].cell != p3[b * 6 + i].cell;
        }
    }
    assert_true(differs);
    /* blocks are shuffled independently: not all in the same order */
    assert_true(memcmp(p1, p1 + 6, 6 * sizeof *p1) != 0 || memcmp(p1 + 6, p1 + 12, 6 * sizeof *p1) != 0);
    free(p1);
    free(p2);
    free(p3);

    /* 'none' appears only at one thread */
    HbVariant vv[2] = { { "gil", HBV_PARVM, "x", NULL }, { "none", HBV_PARVM, "y", NULL } };
    HbVariantSet vs = { vv, 2 };
    HbStrList w = { 0 }, s = { 0 };
    hb_strlist_push(&w, "a");
    hb_strlist_push(&w, "b");
    hb_strlist_push(&w, "c");
    hb_strlist_push(&s, "tiny");
    hb_strlist_push(&s, "small");
    int64_t th[3] = { 1, 2, 4 };
    HbCell *all, *part;
    size_t nall = hbrun_cells(&vs, &w, &s, th, 3, 1, 1, &all);
    assert_int_equal(nall, 6 * 3 + 6 * 1);     /* 6 (workload, size) groups */
    for (size_t i = 0; i < nall; i++)
        if (all[i].variant == 1) assert_int_equal(all[i].threads, 1);

    /* Shards partition the cells by whole (workload, size) groups: a group's cells are
     * all in one shard, so every shard has every variant and thread count of its
     * workloads (with --threads 1,2 --shard K/2 no shard is left without 1 or 2). */
    for (int nsh = 2; nsh <= 4; nsh++) {
        int owner[3][2];
        memset(owner, 0, sizeof owner);
        size_t total = 0;
        for (int k = 1; k <= nsh; k++) {
            size_t np = hbrun_cells(&vs, &w, &s, th, 3, k, nsh, &part);
            int per_group[3][2] = { { 0 } };
            for (size_t i = 0; i < np; i++) {
                int wi = part[i].workload[0] - 'a', si = strcmp(part[i].size, "tiny") ? 1 : 0;
                assert_true(owner[wi][si] == 0 || owner[wi][si] == k);
                owner[wi][si] = k;
                per_group[wi][si]++;
            }
            for (int wi = 0; wi < 3; wi++)
                for (int si = 0; si < 2; si++)
                    if (owner[wi][si] == k)
                        assert_int_equal(per_group[wi][si], 3 + 1);   /* gil x 3 + none x 1 */
            /* groups go round-robin: group g = wi * 2 + si is in shard g % nsh + 1 */
            for (size_t i = 0; i < np; i++) {
                int g = (part[i].workload[0] - 'a') * 2 + (strcmp(part[i].size, "tiny") ? 1 : 0);
                assert_int_equal(g % nsh + 1, k);
            }
            total += np;
            free(part);
        }
        assert_int_equal(total, nall);
        for (int wi = 0; wi < 3; wi++)
            for (int si = 0; si < 2; si++) assert_true(owner[wi][si] >= 1);
    }
    /* more shards than groups: the surplus shards are empty */
    assert_int_equal(hbrun_cells(&vs, &w, &s, th, 3, 7, 7, &part), 0);
    free(part);
    free(all);
    hb_strlist_free(&w);
    hb_strlist_free(&s);
}

/* Which sessions a report is made of: a list, or a shard and its fellow shards; they
 * must have run one matrix. */
static void test_session_selection(void **state)
{
    const char *path = path_in("sel.db");
    sqlite3 *db;
    HbErr e;
    assert_int_equal(hbdb_open(path, &db, &e), 0);
    struct { const char *uuid, *matrix, *shard; } S[] = {
        { "s1", "variants=gil;threads=1,2;shard=1/2;shard_by=workload,size", "1/2" },
        { "s2", "variants=gil;threads=1,2;shard=2/2;shard_by=workload,size", "2/2" },
        { "s3", "variants=gil;threads=1;shard=1/1", NULL },
        { "s4", "variants=gil;threads=1,2;shard=1/2;shard_by=workload,size", "1/2" },  /* shard 1 again */
        { "s5", "variants=gil;threads=1,2,4;shard=1/3;shard_by=workload,size", "1/3" },
    };
    for (size_t i = 0; i < PV_ARRAY_LEN(S); i++) {
        HbSessionInfo in = { .uuid = S[i].uuid, .git_dirty = -1, .matrix = S[i].matrix,
                             .shard = S[i].shard };
        int64_t sid;
        assert_int_equal(hbdb_session_begin(db, &in, &sid, &e), 0);
    }
    HbSessions ss;
    assert_int_equal(hbrep_sessions_arg(db, "--session", "1,2", false, path, &ss, &e), 0);
    assert_int_equal(ss.n, 2);
    assert_true(ss.id[0] == 1 && ss.id[1] == 2);
    char *txt = hbrep_sessions_text(&ss);
    assert_string_equal(txt, "sessions 1,2");
    free(txt);
    hbrep_sessions_free(&ss);
    /* the shard and the newest session of the other shard */
    assert_int_equal(hbrep_sessions_arg(db, "--session", "2", true, path, &ss, &e), 0);
    assert_int_equal(ss.n, 2);
    assert_true(ss.id[0] == 2 && ss.id[1] == 4);
    hbrep_sessions_free(&ss);
    assert_int_equal(hbrep_sessions_arg(db, "--session", "1", true, path, &ss, &e), 0);
    assert_true(ss.n == 2 && ss.id[0] == 1 && ss.id[1] == 2);
    hbrep_sessions_free(&ss);
    /* newest session (5) is shard 1/3, alone: its fellows are missing, a note says so */
    assert_int_equal(hbrep_sessions_arg(db, "--session", NULL, true, path, &ss, &e), 0);
    assert_true(ss.n == 1 && ss.id[0] == 5);
    hbrep_sessions_free(&ss);

    assert_int_equal(hbrep_sessions_arg(db, "--session", "1,3", false, path, &ss, &e), 2);
    assert_non_null(strstr(e.msg, "sessions 1 and 3 of"));
    assert_non_null(strstr(e.msg, "ran different matrices"));
    assert_int_equal(hbrep_sessions_arg(db, "--session", "1,5", false, path, &ss, &e), 2);
    assert_int_equal(hbrep_sessions_arg(db, "--session", "3", true, path, &ss, &e), 2);
    assert_non_null(strstr(e.msg, "was not run with --shard"));
    assert_int_equal(hbrep_sessions_arg(db, "--session", "1,1", false, path, &ss, &e), 2);
    assert_non_null(strstr(e.msg, "session 1 given twice"));
    assert_int_equal(hbrep_sessions_arg(db, "--session", "1,9", false, path, &ss, &e), 2);
    assert_non_null(strstr(e.msg, "has no session 9"));
    assert_int_equal(hbrep_sessions_arg(db, "--session", "1,,2", false, path, &ss, &e), 2);
    assert_int_equal(hbrep_sessions_arg(db, "--session", "1,2", true, path, &ss, &e), 2);
    sqlite3_close(db);
}

static void test_failures_recorded(void **state)
{
    const char *db = path_in("fail.db");
    int rc = cli("run", "--db", db, "--bin-dir", FIX "/bin", "--workloads-dir", FIX "/failing",
                 "--variants", "fake", "--sizes", "tiny", "--threads", "1", "--reps", "1",
                 "--warmups", "0", "--timeout", "2", "--quiet", (char *)NULL);
    assert_int_equal(rc, 0);    /* failures are recorded, the session completes */
    assert_int_equal(count(db, "SELECT count(*) FROM runs"), 5);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE ok = 1"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE workload='wrong' AND status='wrong_result'"
                               " AND exit_status=3 AND error='wrong result: got 1, expected 2'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE workload='boom' AND status='error' AND "
                               "exit_status=1 AND error LIKE 'ZeroDivisionError%'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE workload='crash' AND status='crash'"
                               " AND error LIKE 'killed by signal 11%'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE workload='hang' AND status='timeout'"
                               " AND duration_ns < 10000000000"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE workload='badrec' AND status='bad_record'"
                               " AND error LIKE 'bad stats record: truncated record%'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM sessions WHERE finished_at IS NOT NULL"), 1);
    /* build metadata and event availability from --version / --list-events */
    assert_int_equal(count(db, "SELECT count(*) FROM builds WHERE variant='fake' AND compiler='gcc 12 (fixture)'"
                               " AND cflags='-O2 -DFIXTURE' AND git_commit='fixture' AND git_dirty=1"), 1);
    /* the papi_version line of --list-events is a fact of the build, not an event */
    assert_int_equal(count(db, "SELECT count(*) FROM builds WHERE variant='fake' AND papi_version='7.0.0'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM events WHERE name='papi_version'"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM events WHERE kind='component' AND name='perf_event'"
                               " AND available=0 AND reason='no perf_event_open in this VM'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM events WHERE kind='event' AND available=1"), 1);
}

/* An --events list the VMs reject would fail every run: it is refused before the
 * session starts, and nothing is written. */
static void test_bad_events_refused_up_front(void **state)
{
    const char *db = path_in("events.db");
    assert_int_equal(cli("run", "--db", db, "--bin-dir", FIX "/bin", "--workloads-dir", FIX "/workloads",
                         "--variants", "fake", "--sizes", "tiny", "--threads", "1", "--reps", "1",
                         "--events", "PAPI_TOT_INS,none", "--quiet", (char *)NULL), 2);
    assert_int_equal(access(db, F_OK), -1);
    assert_int_equal(cli("run", "--db", db, "--bin-dir", FIX "/bin", "--workloads-dir", FIX "/workloads",
                         "--variants", "fake", "--sizes", "tiny", "--threads", "1", "--reps", "1",
                         "--warmups", "0", "--workloads", "sumsq", "--events", "PAPI_TOT_INS",
                         "--quiet", (char *)NULL), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE ok = 1"), 1);
}

static void test_tiny_session_and_report(void **state)
{
    const char *db = path_in("tiny.db");
    int rc = cli("run", "--db", db, "--bin-dir", FIX "/bin", "--workloads-dir", FIX "/workloads",
                 "--variants", "fake,cpython", "--sizes", "tiny", "--threads", "1,2", "--reps", "2",
                 "--seed", "5", "--quiet", (char *)NULL);
    assert_int_equal(rc, 0);
    /* 2 variants x 2 workloads x 2 thread counts x (1 warm-up + 2 reps) */
    assert_int_equal(count(db, "SELECT count(*) FROM runs"), 24);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE ok = 1"), 24);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE warmup = 1"), 8);
    assert_int_equal(count(db, "SELECT count(DISTINCT order_index) FROM runs"), 24);
    /* warm-ups all come first, then each repetition block */
    assert_int_equal(count(db, "SELECT max(order_index) FROM runs WHERE warmup = 1"), 7);
    assert_int_equal(count(db, "SELECT count(*) FROM counters WHERE source='vm' AND name='stm_aborts'"), 12);
    assert_int_equal(count(db, "SELECT count(*) FROM counters WHERE source='papi' AND available=0"), 12);
    assert_int_equal(count(db, "SELECT seed FROM sessions"), 5);

    sqlite3 *h;
    HbErr e;
    assert_int_equal(hbdb_open_ro(db, &h, &e), 0);
    HbCellSet cells;
    HbSessions one = { (int64_t[]){ 1 }, 1 };
    assert_int_equal(hbrep_load(h, &one, &cells, &e), 0);
    assert_int_equal(cells.n, 8);
    HbTable t;
    hbrep_table(&cells, &t);
    assert_int_equal(t.nrows, 8 + 4);     /* + geomean per (size, variant, threads) */
    for (size_t r = 0; r < t.nrows; r++) {
        const HbVal *v = &t.v[r * t.ncols];
        bool fake = !strcmp(v[2].s, "fake"), geo = !strcmp(v[0].s, "geomean");
        assert_int_equal(v[4].i, 2);                       /* n */
        if (!geo) {
            assert_true(v[6].kind == HBVAL_REAL && v[7].d <= v[6].d && v[6].d <= v[8].d);
            if (v[3].i == 1) assert_float_equal(v[9].d, 1.0, 1e-12);   /* own speedup */
            if (fake) assert_float_equal(v[18].d, 0.1, 1e-12);          /* abort rate */
            else assert_int_equal(v[18].kind, HBVAL_NULL);
        }
        assert_int_equal(v[12].kind, HBVAL_NULL);          /* no gil build here */
    }
    hbtab_free(&t);
    hbrep_cells_free(&cells);
    sqlite3_close(h);

    /* comparing a session with itself: no regression, exit 0 */
    assert_int_equal(cli("compare", "--db", db, "--baseline", db, "--format", "csv", (char *)NULL), 0);
}

static void test_kill_and_resume(void **state)
{
    const char *db = path_in("resume.db");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        _exit(cli("run", "--db", db, "--workloads-dir", FIX "/workloads", "--workloads", "sumsq",
                  "--variants", "cpython", "--sizes", "tiny", "--threads", "1,2", "--reps", "4",
                  "--quiet", (char *)NULL));
    }
    /* Wait until 3 runs are committed, then kill the harness without warning. */
    for (int i = 0; i < 3000; i++) {
        if (access(db, F_OK) == 0 && count(db, "SELECT count(*) FROM sqlite_master WHERE name='runs'") == 1
            && count(db, "SELECT count(*) FROM runs") >= 3)
            break;
        usleep(10000);
    }
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    int64_t before = count(db, "SELECT count(*) FROM runs");
    assert_true(before >= 3 && before < 10);
    int64_t sum_before = count(db, "SELECT sum(wall_ns) FROM runs");
    assert_int_equal(count(db, "SELECT count(*) FROM sessions WHERE finished_at IS NULL"), 1);

    /* a different matrix does not resume it */
    assert_int_equal(cli("run", "--db", db, "--workloads-dir", FIX "/workloads", "--workloads", "sumsq",
                         "--variants", "cpython", "--sizes", "tiny", "--threads", "1", "--reps", "4",
                         "--quiet", "--resume", (char *)NULL), 1);
    assert_int_equal(cli("run", "--db", db, "--workloads-dir", FIX "/workloads", "--workloads", "sumsq",
                         "--variants", "cpython", "--sizes", "tiny", "--threads", "1,2", "--reps", "4",
                         "--quiet", "--resume", (char *)NULL), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM sessions"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM runs"), 10);
    assert_int_equal(count(db, "SELECT count(DISTINCT order_index) FROM runs"), 10);
    /* the runs finished before the kill are still there, unchanged */
    char q[128];
    snprintf(q, sizeof q, "SELECT sum(wall_ns) FROM runs WHERE id <= %lld", (long long)before);
    assert_int_equal(count(db, q), sum_before);
    assert_int_equal(count(db, "SELECT count(*) FROM sessions WHERE finished_at IS NULL"), 0);
}

static void cell(HbCellSet *s, const char *v, int64_t threads, const double *t, size_t n)
{
    s->c = realloc(s->c, (s->n + 1) * sizeof *s->c);
    HbCellData *c = &s->c[s->n++];
    memset(c, 0, sizeof *c);
    c->workload = strdup("w");
    c->size = strdup("small");
    c->variant = strdup(v);
    c->threads = threads;
    c->t = malloc(n * sizeof *c->t);
    memcpy(c->t, t, n * sizeof *c->t);
    c->n = c->cap = n;
}

/* Value of column `name` in row r of t. */
static const HbVal *col(const HbTable *t, size_t r, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (!strcmp(t->cols[c], name)) return &t->v[r * t->ncols + c];
    fail_msg("no column %s", name);
    return NULL;
}

static void test_compare_verdicts(void **state)
{
    const double base[5] = { 1.00, 1.02, 0.99, 1.01, 1.00 };
    const double slow[5] = { 1.50, 1.52, 1.49, 1.51, 1.50 };     /* +50%, clear */
    const double near[5] = { 1.05, 1.07, 1.04, 1.06, 1.05 };     /* +5%: under 10% */
    const double noisy[5] = { 0.60, 1.90, 0.80, 1.70, 1.15 };    /* +15% median, wide CI */
    HbCellSet b = { 0 }, c1 = { 0 }, c2 = { 0 }, c3 = { 0 };
    cell(&b, "gil", 1, base, 5);
    cell(&b, "stm", 1, base, 5);
    cell(&c1, "gil", 1, base, 5);
    cell(&c1, "stm", 1, slow, 5);
    cell(&c2, "gil", 1, base, 5);
    cell(&c2, "stm", 1, near, 5);
    cell(&c3, "gil", 1, base, 5);
    cell(&c3, "stm", 1, noisy, 5);
    HbTable t;
    HbCompareCounts k;
    hbrep_compare_table(&c1, &b, 0.10, &t, &k);
    assert_int_equal(k.regressions, 2);          /* stm time and stm overhead vs gil */
    assert_string_equal(col(&t, 1, "time_verdict")->s, "regression");
    assert_string_equal(col(&t, 1, "overhead_verdict")->s, "regression");
    assert_string_equal(col(&t, 0, "time_verdict")->s, "same");
    assert_int_equal(col(&t, 1, "n")->i, 5);
    assert_int_equal(col(&t, 1, "base_n")->i, 5);
    hbtab_free(&t);
    hbrep_compare_table(&c2, &b, 0.10, &t, &k);
    assert_int_equal(k.regressions, 0);
    hbtab_free(&t);
    hbrep_compare_table(&c3, &b, 0.10, &t, &k);
    assert_int_equal(k.regressions, 0);          /* beyond the threshold but not significant */
    hbtab_free(&t);
    HbEstimate faster = { 0.5, 0.45, 0.55 };
    assert_string_equal(hbrep_verdict(faster, 0.10), "improvement");
    hbrep_cells_free(&b);
    hbrep_cells_free(&c1);
    hbrep_cells_free(&c2);
    hbrep_cells_free(&c3);
}

/* With one or two runs a side the bootstrap interval has (almost) no width, so a small
 * difference would look significant: below HBREP_MIN_RUNS there is no verdict. */
static void test_compare_needs_three_runs(void **state)
{
    const double b2[2] = { 1.00, 1.00 }, s2[2] = { 1.50, 1.50 }, b5[5] = { 1, 1, 1, 1, 1 };
    const double s3[3] = { 1.50, 1.51, 1.49 }, b3[3] = { 1.00, 1.01, 0.99 };
    HbCellSet b = { 0 }, c = { 0 };
    cell(&b, "gil", 1, b2, 2);
    cell(&b, "stm", 1, b5, 5);
    cell(&c, "gil", 1, s2, 2);
    cell(&c, "stm", 1, s3, 3);
    HbTable t;
    HbCompareCounts k;
    hbrep_compare_table(&c, &b, 0.10, &t, &k);
    assert_int_equal(k.regressions, 1);          /* stm time: 3 runs against 5 */
    assert_int_equal(t.nrows, 2);
    assert_string_equal(col(&t, 0, "time_verdict")->s, "insufficient");    /* gil: 2 vs 2 */
    assert_float_equal(col(&t, 0, "time_ratio")->d, 1.5, 1e-12);           /* point estimate */
    assert_int_equal(col(&t, 0, "time_ratio_lo")->kind, HBVAL_NULL);        /* no interval */
    assert_string_equal(col(&t, 1, "time_verdict")->s, "regression");
    assert_string_equal(col(&t, 1, "overhead_verdict")->s, "insufficient"); /* gil has 2 */
    assert_int_equal(k.insufficient, 2);
    hbtab_free(&t);
    hbrep_cells_free(&c);
    cell(&c, "gil", 1, b3, 3);
    cell(&c, "stm", 1, s3, 3);
    hbrep_cells_free(&b);
    cell(&b, "gil", 1, b3, 3);
    cell(&b, "stm", 1, b3, 3);
    hbrep_compare_table(&c, &b, 0.10, &t, &k);
    assert_int_equal(k.insufficient, 0);
    assert_int_equal(k.regressions, 2);
    hbtab_free(&t);
    hbrep_cells_free(&b);
    hbrep_cells_free(&c);
}

/* Database with one session: for each (variant, workload, ok, wall_ns) a non-warm-up run
 * of size tiny at one thread. */
static void make_results(const char *path, const char *rows_sql)
{
    sqlite3 *db;
    HbErr e;
    assert_int_equal(hbdb_open(path, &db, &e), 0);
    HbSessionInfo in = { .uuid = path, .git_dirty = -1, .matrix = "m;shard=1/1" };
    int64_t sid;
    assert_int_equal(hbdb_session_begin(db, &in, &sid, &e), 0);
    char sql[2048];
    snprintf(sql, sizeof sql,
             "CREATE TEMP TABLE r (variant, workload, ok, wall_ns); INSERT INTO r VALUES %s;"
             "INSERT INTO runs (session_id, variant, workload, size, threads, repetition, order_index,"
             " warmup, wall_ns, status, ok) SELECT %lld, variant, workload, 'tiny', 1, rowid, rowid,"
             " 0, wall_ns, CASE ok WHEN 1 THEN 'ok' ELSE 'crash' END, ok FROM r;", rows_sql,
             (long long)sid);
    if (hbdb_exec(db, sql, &e) < 0) fail_msg("%s", e.msg);
    sqlite3_close(db);
}

/* A cell whose runs all fail now is listed and fails compare; no common cell at all is
 * an error, not a pass. */
static void test_compare_failed_and_unmatched_cells(void **state)
{
    const char *base = path_in("cmp-base.db"), *broken = path_in("cmp-broken.db");
    const char *other = path_in("cmp-other.db"), *fine = path_in("cmp-fine.db");
    make_results(base, "('gil','w',1,1000000000),('gil','w',1,1010000000),('gil','w',1,990000000),"
                       "('gil','x',1,1000000000),('gil','x',1,1000000000),('gil','x',1,1000000000)");
    make_results(fine, "('gil','w',1,1000000000),('gil','w',1,1010000000),('gil','w',1,990000000),"
                       "('gil','x',1,1000000000),('gil','x',1,1000000000),('gil','x',1,1000000000)");
    make_results(broken, "('gil','w',1,1000000000),('gil','w',1,1010000000),('gil','w',1,990000000),"
                         "('gil','x',0,NULL),('gil','x',0,NULL),('gil','x',0,NULL)");
    make_results(other, "('gil','y',1,1000000000),('gil','y',1,1000000000),('gil','y',1,1000000000)");
    assert_int_equal(cli("compare", "--db", fine, "--baseline", base, "--format", "csv", (char *)NULL), 0);
    assert_int_equal(cli("compare", "--db", broken, "--baseline", base, "--format", "csv", (char *)NULL), 1);
    assert_int_equal(cli("compare", "--db", other, "--baseline", base, (char *)NULL), 2);

    sqlite3 *h, *hb;
    HbErr e;
    HbSessions one = { (int64_t[]){ 1 }, 1 };
    HbCellSet cur, bc;
    assert_int_equal(hbdb_open_ro(broken, &h, &e), 0);
    assert_int_equal(hbdb_open_ro(base, &hb, &e), 0);
    assert_int_equal(hbrep_load(h, &one, &cur, &e), 0);
    assert_int_equal(hbrep_load(hb, &one, &bc, &e), 0);
    HbTable t;
    HbCompareCounts k;
    hbrep_compare_table(&cur, &bc, 0.10, &t, &k);
    assert_int_equal(k.failed, 1);
    assert_int_equal(k.regressions, 0);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(col(&t, 1, "workload")->s, "x");
    assert_string_equal(col(&t, 1, "time_verdict")->s, "failed");
    assert_int_equal(col(&t, 1, "n")->i, 0);
    assert_float_equal(col(&t, 1, "base_median_s")->d, 1.0, 1e-12);
    hbtab_free(&t);
    hbrep_cells_free(&cur);
    hbrep_cells_free(&bc);
    sqlite3_close(h);
    sqlite3_close(hb);
}

/* The report's numbers on known times: a fake gil and a fake stm build, two workloads,
 * 1 and 2 threads, three runs a cell (loaded from a database, so hbrep_load is in the
 * path too). Medians: gil w1 2.0 / 1.0, gil w2 4.0 / 4.0, stm w1 3.0 / 1.5, stm w2
 * 5.0 / 2.5 (seconds at 1 / 2 threads); warm-ups and failed runs must not count. */
static void test_report_numbers(void **state)
{
    const char *path = path_in("numbers.db");
    sqlite3 *db;
    HbErr e;
    assert_int_equal(hbdb_open(path, &db, &e), 0);
    HbSessionInfo in = { .uuid = "numbers", .git_dirty = -1, .matrix = "m;shard=1/1" };
    int64_t sid;
    assert_int_equal(hbdb_session_begin(db, &in, &sid, &e), 0);
    assert_int_equal(hbdb_exec(db,
        "CREATE TEMP TABLE r (variant, workload, threads, warmup, ok, s);"
        "INSERT INTO r VALUES"
        " ('gil','w1',1,0,1,2.0),('gil','w1',1,0,1,2.2),('gil','w1',1,0,1,1.8),"
        " ('gil','w1',2,0,1,1.0),('gil','w1',2,0,1,1.1),('gil','w1',2,0,1,0.9),"
        " ('gil','w2',1,0,1,4.0),('gil','w2',1,0,1,4.4),('gil','w2',1,0,1,3.6),"
        " ('gil','w2',2,0,1,4.0),('gil','w2',2,0,1,4.4),('gil','w2',2,0,1,3.6),"
        " ('stm','w1',1,0,1,3.0),('stm','w1',1,0,1,3.3),('stm','w1',1,0,1,2.7),"
        " ('stm','w1',2,0,1,1.5),('stm','w1',2,0,1,1.6),('stm','w1',2,0,1,1.4),"
        " ('stm','w2',1,0,1,5.0),('stm','w2',1,0,1,5.5),('stm','w2',1,0,1,4.5),"
        " ('stm','w2',2,0,1,2.5),('stm','w2',2,0,1,2.6),('stm','w2',2,0,1,2.4),"
        " ('gil','w1',1,1,1,99.0),('stm','w2',1,1,1,0.01),"      /* warm-ups */
        " ('stm','w1',1,0,0,0.001);"                              /* a failed run */
        "INSERT INTO runs (session_id, variant, workload, size, threads, repetition, order_index,"
        " warmup, wall_ns, status, ok) SELECT 1, variant, workload, 'small', threads, rowid, rowid,"
        " warmup, CAST(round(s * 1e9) AS INTEGER), CASE ok WHEN 1 THEN 'ok' ELSE 'crash' END, ok"
        " FROM r;", &e), 0);
    HbSessions one = { &sid, 1 };
    HbCellSet cells;
    assert_int_equal(hbrep_load(db, &one, &cells, &e), 0);
    sqlite3_close(db);
    HbTable t;
    hbrep_table(&cells, &t);
    assert_int_equal(t.nrows, 8 + 4);
    /* workload, variant, threads -> n, failed, median, speedup, vs_gil1, overhead
     * (NAN: NULL). vs_gil1 = gil 1-thread median / this median; overhead = this / gil
     * 1-thread at one thread; geomean rows: geometric means of the rows above. */
    static const struct {
        const char *w, *v;
        int64_t t, n, failed;
        double med, spd, gil, ovh;
    } want[] = {
        { "w1", "gil", 1, 3, 0, 2.0, 1.0, 1.0, 1.0 },
        { "w1", "gil", 2, 3, 0, 1.0, 2.0, 2.0, NAN },
        { "w1", "stm", 1, 3, 1, 3.0, 1.0, 2.0 / 3.0, 1.5 },
        { "w1", "stm", 2, 3, 0, 1.5, 2.0, 2.0 / 1.5, NAN },
        { "w2", "gil", 1, 3, 0, 4.0, 1.0, 1.0, 1.0 },
        { "w2", "gil", 2, 3, 0, 4.0, 1.0, 1.0, NAN },
        { "w2", "stm", 1, 3, 0, 5.0, 1.0, 0.8, 1.25 },
        { "w2", "stm", 2, 3, 0, 2.5, 2.0, 1.6, NAN },
        { "geomean", "gil", 1, 2, 0, 2.8284271247461903, 1.0, 1.0, 1.0 },
        { "geomean", "gil", 2, 2, 0, 2.0, 1.4142135623730951, 1.4142135623730951, NAN },
        { "geomean", "stm", 1, 2, 0, 3.872983346207417, 1.0, 0.7302967433402214, 1.3693063937629153 },
        { "geomean", "stm", 2, 2, 0, 1.9364916731037085, 2.0, 1.4605934866804429, NAN },
    };
    for (size_t i = 0; i < PV_ARRAY_LEN(want); i++) {
        size_t r = t.nrows;
        for (size_t j = 0; j < t.nrows; j++)
            if (!strcmp(col(&t, j, "workload")->s, want[i].w) && !strcmp(col(&t, j, "variant")->s, want[i].v)
                && col(&t, j, "threads")->i == want[i].t)
                r = j;
        if (r == t.nrows) fail_msg("no row %s %s %lld", want[i].w, want[i].v, (long long)want[i].t);
        assert_int_equal(col(&t, r, "n")->i, want[i].n);
        assert_int_equal(col(&t, r, "size")->kind, HBVAL_TEXT);
        const char *names[4] = { "median_s", "speedup", "vs_gil1", "overhead" };
        double vals[4] = { want[i].med, want[i].spd, want[i].gil, want[i].ovh };
        for (int m = 0; m < 4; m++) {
            const HbVal *v = col(&t, r, names[m]);
            if (isnan(vals[m])) {
                if (v->kind != HBVAL_NULL) fail_msg("%s %s %lld %s: want NULL", want[i].w, want[i].v,
                                                    (long long)want[i].t, names[m]);
                continue;
            }
            if (v->kind != HBVAL_REAL || fabs(v->d - vals[m]) > 1e-9)
                fail_msg("%s %s %lld %s: want %.12g, got %.12g", want[i].w, want[i].v,
                         (long long)want[i].t, names[m], vals[m], v->kind == HBVAL_REAL ? v->d : NAN);
            if (strcmp(want[i].w, "geomean") != 0) {
                /* each figure of a cell has its 95% interval around it */
                char lo[32], hi[32];
                snprintf(lo, sizeof lo, "%s_lo", names[m]);
                snprintf(hi, sizeof hi, "%s_hi", names[m]);
                assert_true(col(&t, r, lo)->d <= v->d + 1e-12 && v->d <= col(&t, r, hi)->d + 1e-12);
            }
        }
        if (strcmp(want[i].w, "geomean") != 0) assert_int_equal(col(&t, r, "failed")->i, want[i].failed);
    }
    hbtab_free(&t);
    hbrep_cells_free(&cells);
}

static int setup(void **state) { return mkdtemp(dir) ? 0 : -1; }

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_session_selection),
        cmocka_unit_test(test_failures_recorded),
        cmocka_unit_test(test_bad_events_refused_up_front),
        cmocka_unit_test(test_tiny_session_and_report),
        cmocka_unit_test(test_kill_and_resume),
        cmocka_unit_test(test_report_numbers),
        cmocka_unit_test(test_compare_verdicts),
        cmocka_unit_test(test_compare_needs_three_runs),
        cmocka_unit_test(test_compare_failed_and_unmatched_cells),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
