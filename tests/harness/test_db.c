/* test_db.c — the results database: migration of an old schema, refusal of a newer
 * one, runs and counters written together, a session killed in the middle of a run
 * that resumes without losing a finished run, and merging databases. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "hb_db.h"
#include "hb_tools.h"

static char dir[] = "/tmp/parvm-test-db-XXXXXX";

static char *db_path(const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static int64_t count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static HbSessionInfo info(const char *uuid, const char *matrix)
{
    return (HbSessionInfo){ .uuid = uuid, .started_at = "2024-01-01T00:00:00Z", .machine = "m",
                            .cores = 2, .git_dirty = -1, .command_line = "test", .seed = 42,
                            .matrix = matrix };
}

static HbRunRow row(int64_t order)
{
    return (HbRunRow){ .variant = "gil", .workload = "w", .size = "tiny", .threads = 1,
                       .repetition = order, .order_index = order, .status = "ok",
                       .stderr_tail = "", .started_at = "t", .duration_ns = 5 };
}

static const char rec_text[] =
    "parvm-stats\t1\nvariant\tgil\nworkload\tw\nsize\ttiny\nthreads\t1\nwall_ns\t1000\n"
    "cpu_ns\t900\nmaxrss_kb\t10\nresult\t1\nexpected\t1\nok\t1\n"
    "papi\tPAPI_TOT_INS\t77\npapi_unavailable\tPAPI_L1_DCM\tEvent does not exist\n"
    "counter\tgc_cycles\t3\nend\n";

static void test_fresh_schema(void **state)
{
    sqlite3 *db;
    HbErr e;
    assert_int_equal(hbdb_open(db_path("fresh.db"), &db, &e), 0);
    assert_int_equal(hbdb_user_version(db), HBDB_SCHEMA_VERSION);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);

    int64_t sid;
    HbSessionInfo in = info("u-fresh", "mx");
    assert_int_equal(hbdb_session_begin(db, &in, &sid, &e), 0);
    HbRecord rec;
    assert_int_equal(hbrec_parse(rec_text, strlen(rec_text), &rec, &e), 0);
    HbRunRow r = row(0);
    assert_int_equal(hbdb_add_run(db, sid, &r, &rec, &e), 0);
    hbrec_free(&rec);
    assert_int_equal(count(db, "SELECT wall_ns FROM runs"), 1000);
    assert_int_equal(count(db, "SELECT ok FROM runs"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM counters"), 3);
    assert_int_equal(count(db, "SELECT value FROM counters WHERE name='PAPI_TOT_INS' AND source='papi'"), 77);
    assert_int_equal(count(db, "SELECT count(*) FROM counters WHERE name='PAPI_L1_DCM' AND available=0 "
                               "AND value IS NULL AND reason='Event does not exist'"), 1);
    assert_int_equal(count(db, "SELECT value FROM counters WHERE name='gc_cycles' AND source='vm'"), 3);
    /* a failed run: ok is 0 whatever else, no measurements */
    HbRunRow bad = row(1);
    bad.status = "crash";
    bad.exit_status = -11;
    bad.error = "killed by signal 11";
    assert_int_equal(hbdb_add_run(db, sid, &bad, NULL, &e), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE ok=0 AND wall_ns IS NULL AND exit_status=-11"), 1);
    /* the same order index twice in one session is refused (UNIQUE), and rolled back */
    assert_int_equal(hbdb_add_run(db, sid, &bad, NULL, &e), -1);
    assert_int_equal(count(db, "SELECT count(*) FROM runs"), 2);
    sqlite3_close(db);
}

static void test_migration_from_v1(void **state)
{
    sqlite3 *db;
    HbErr e;
    assert_int_equal(sqlite3_open(db_path("old.db"), &db), SQLITE_OK);
    assert_int_equal(hbdb_migrate(db, 1, &e), 0);
    assert_int_equal(hbdb_user_version(db), 1);
    assert_int_equal(hbdb_exec(db,
        "INSERT INTO sessions (id, uuid, seed, matrix) VALUES (1, 'old', 5, 'm');"
        "INSERT INTO runs (session_id, variant, workload, size, threads, repetition, order_index,"
        " warmup, wall_ns, status, ok) VALUES (1, 'gil', 'w', 'tiny', 1, 0, 0, 0, 123, 'ok', 1);"
        "INSERT INTO counters VALUES (1, 'gc_cycles', 4, 'vm', 1, NULL);", &e), 0);
    /* v1 has no builds table */
    assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master WHERE name='builds'"), 0);
    sqlite3_close(db);

    assert_int_equal(hbdb_open(db_path("old.db"), &db, &e), 0);
    assert_int_equal(hbdb_user_version(db), HBDB_SCHEMA_VERSION);
    assert_int_equal(count(db, "SELECT wall_ns FROM runs WHERE order_index=0"), 123);
    assert_int_equal(count(db, "SELECT value FROM counters"), 4);
    assert_int_equal(count(db, "SELECT count(*) FROM runs WHERE started_at IS NULL AND duration_ns IS NULL"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('builds','events','runs_cell')"), 3);
    sqlite3_close(db);
}

/* Schema 2 stored a build's papi_version line as an event row and had no place for the
 * version or the build's dirty flag: 2 -> 3 adds the columns and drops those rows only. */
static void test_migration_from_v2(void **state)
{
    sqlite3 *db;
    HbErr e;
    assert_int_equal(sqlite3_open(db_path("v2.db"), &db), SQLITE_OK);
    assert_int_equal(hbdb_migrate(db, 2, &e), 0);
    assert_int_equal(hbdb_exec(db,
        "INSERT INTO sessions (id, uuid, seed, matrix) VALUES (1, 'v2', 5, 'm');"
        "INSERT INTO builds (session_id, variant, path, compiler, cflags, git_commit, version_text)"
        " VALUES (1, 'gil', '/x/parvm-gil', 'gcc 12', '-O2', 'abc', 'variant gil');"
        "INSERT INTO events VALUES (1, 'gil', 'event', 'papi_version', 0, NULL);"
        "INSERT INTO events VALUES (1, 'gil', 'event', 'PAPI_TOT_INS', 0, 'Event does not exist');"
        "INSERT INTO events VALUES (1, 'gil', 'component', 'sde', 1, NULL);", &e), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM pragma_table_info('builds') WHERE name='papi_version'"), 0);
    sqlite3_close(db);

    assert_int_equal(hbdb_open(db_path("v2.db"), &db, &e), 0);
    assert_int_equal(hbdb_user_version(db), 3);
    assert_int_equal(count(db, "SELECT count(*) FROM events WHERE name='papi_version'"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM events"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM builds WHERE cflags='-O2' AND git_commit='abc'"
                               " AND git_dirty IS NULL AND papi_version IS NULL"), 1);
    /* the new columns are written */
    assert_int_equal(hbdb_add_build(db, 1, "nogil", "/x/parvm-nogil",
                                    "variant\tnogil\ncflags\t-O1\ncommit\tdef\ndirty\t1\n", &e), 0);
    assert_int_equal(hbdb_set_build_papi_version(db, 1, "nogil", "7.0.0", &e), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM builds WHERE variant='nogil' AND git_dirty=1"
                               " AND papi_version='7.0.0' AND git_commit='def'"), 1);
    /* an empty value (pyrun.py's cflags and commit) is unknown, not '' */
    assert_int_equal(hbdb_add_build(db, 1, "cpython", "/usr/bin/python3",
                                    "variant\tcpython\ncompiler\tGCC 12\ncflags\t\ncommit\t\n", &e), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM builds WHERE variant='cpython' AND cflags IS NULL"
                               " AND git_commit IS NULL AND compiler='GCC 12'"), 1);
    sqlite3_close(db);
}

static void test_newer_schema_refused(void **state)
{
    sqlite3 *db;
    HbErr e;
    assert_int_equal(sqlite3_open(db_path("new.db"), &db), SQLITE_OK);
    assert_int_equal(hbdb_migrate(db, HBDB_SCHEMA_VERSION, &e), 0);
    assert_int_equal(hbdb_exec(db, "PRAGMA user_version = 99", &e), 0);
    sqlite3_close(db);
    assert_int_equal(hbdb_open(db_path("new.db"), &db, &e), -1);
    assert_null(db);
    assert_non_null(strstr(e.msg, "database schema version 99 is newer than this parvm-bench understands (3)"));
    assert_int_equal(hbdb_open_ro(db_path("new.db"), &db, &e), -1);
    assert_non_null(strstr(e.msg, "schema version 99"));
    /* and it was not touched */
    assert_int_equal(sqlite3_open(db_path("new.db"), &db), SQLITE_OK);
    assert_int_equal(hbdb_user_version(db), 99);
    sqlite3_close(db);
}

static void test_kill_mid_session_then_resume(void **state)
{
    const char *path = db_path("killed.db");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        sqlite3 *db;
        HbErr e;
        int64_t sid;
        HbSessionInfo in = info("u-killed", "matrix-k");
        in.seed = 987654321;
        if (hbdb_open(path, &db, &e) < 0 || hbdb_session_begin(db, &in, &sid, &e) < 0) _exit(1);
        HbRecord rec;
        hbrec_parse(rec_text, strlen(rec_text), &rec, &e);
        for (int i = 0; i < 3; i++) {
            HbRunRow r = row(i);
            if (hbdb_add_run(db, sid, &r, &rec, &e) < 0) _exit(1);
        }
        /* The fourth run is half written when the process dies. */
        hbdb_exec(db, "BEGIN IMMEDIATE; INSERT INTO runs (session_id, variant, workload, size,"
                      " threads, repetition, order_index, warmup, status, ok) VALUES"
                      " (1, 'gil', 'w', 'tiny', 1, 3, 3, 0, 'ok', 1);", &e);
        raise(SIGKILL);
        _exit(2);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);

    sqlite3 *db;
    HbErr e;
    assert_int_equal(hbdb_open(path, &db, &e), 0);
    int64_t sid = 0;
    uint64_t seed = 0;
    assert_int_equal(hbdb_find_resumable(db, "matrix-other", &sid, &seed, &e), 0);
    assert_int_equal(hbdb_find_resumable(db, "matrix-k", &sid, &seed, &e), 1);
    assert_int_equal(sid, 1);
    assert_true(seed == 987654321);
    bool done[6];
    assert_int_equal(hbdb_done_orders(db, sid, done, 6, &e), 0);
    assert_true(done[0] && done[1] && done[2]);
    assert_false(done[3] || done[4] || done[5]);
    assert_int_equal(count(db, "SELECT count(*) FROM counters"), 9);
    for (int i = 3; i < 6; i++) {
        HbRunRow r = row(i);
        assert_int_equal(hbdb_add_run(db, sid, &r, NULL, &e), 0);
    }
    assert_int_equal(hbdb_session_finish(db, sid, &e), 0);
    assert_int_equal(hbdb_find_resumable(db, "matrix-k", &sid, &seed, &e), 0);
    assert_int_equal(count(db, "SELECT count(DISTINCT order_index) FROM runs"), 6);
    sqlite3_close(db);
}

static void make_db(const char *path, const char *uuid, int nruns)
{
    sqlite3 *db;
    HbErr e;
    int64_t sid;
    assert_int_equal(hbdb_open(path, &db, &e), 0);
    HbSessionInfo in = info(uuid, "m");
    assert_int_equal(hbdb_session_begin(db, &in, &sid, &e), 0);
    assert_int_equal(hbdb_add_build(db, sid, "gil", "/x/parvm-gil",
                                    "variant\tgil\ncompiler\tgcc 12\ncflags\t-O2\ncommit\tabc\ndirty\t0\n", &e), 0);
    assert_int_equal(hbdb_set_build_papi_version(db, sid, "gil", "7.0.0", &e), 0);
    assert_int_equal(hbdb_add_event(db, sid, "gil", "event", "PAPI_TOT_INS", false, "disabled", &e), 0);
    HbRecord rec;
    assert_int_equal(hbrec_parse(rec_text, strlen(rec_text), &rec, &e), 0);
    for (int i = 0; i < nruns; i++) {
        HbRunRow r = row(i);
        r.workload = uuid;     /* lets the test see which run came from where */
        assert_int_equal(hbdb_add_run(db, sid, &r, &rec, &e), 0);
    }
    hbrec_free(&rec);
    sqlite3_close(db);
}

static void test_merge(void **state)
{
    make_db(db_path("shard1.db"), "s1", 2);
    make_db(db_path("shard2.db"), "s2", 3);
    sqlite3 *db;
    HbErr e;
    assert_int_equal(hbdb_open(db_path("merged.db"), &db, &e), 0);
    int copied;
    assert_int_equal(hbtools_merge_db(db, db_path("shard1.db"), &copied, &e), 0);
    assert_int_equal(copied, 1);
    assert_int_equal(hbtools_merge_db(db, db_path("shard2.db"), &copied, &e), 0);
    assert_int_equal(copied, 1);
    assert_int_equal(hbtools_merge_db(db, db_path("shard1.db"), &copied, &e), 0);
    assert_int_equal(copied, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM sessions"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM runs"), 5);
    assert_int_equal(count(db, "SELECT count(*) FROM builds WHERE compiler='gcc 12' AND cflags='-O2'"
                               " AND git_dirty=0 AND papi_version='7.0.0'"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM events"), 2);
    /* every run keeps its own session and its own three counters */
    assert_int_equal(count(db, "SELECT count(*) FROM runs r JOIN sessions s ON s.id = r.session_id "
                               "WHERE r.workload = s.uuid"), 5);
    assert_int_equal(count(db, "SELECT count(*) FROM counters c JOIN runs r ON r.id = c.run_id"), 15);
    assert_int_equal(count(db, "SELECT max(n) FROM (SELECT count(*) AS n FROM counters GROUP BY run_id)"), 3);
    sqlite3_close(db);
}

static int setup(void **state)
{
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fresh_schema),
        cmocka_unit_test(test_migration_from_v1),
        cmocka_unit_test(test_migration_from_v2),
        cmocka_unit_test(test_newer_schema_refused),
        cmocka_unit_test(test_kill_mid_session_then_resume),
        cmocka_unit_test(test_merge),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
