/* test_cli.c — command-line validation: every bad argument of every subcommand gives
 * exit status 2 and a message on stderr that names the argument. stderr is redirected
 * to a file around each call so the message can be checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>
#include "hb_cli.h"

#define FIX "tests/harness/fixtures"

/* Run hbcli_main on a NULL-terminated argument list; return the status, and the
 * stderr text in *msg (static buffer). */
static int run_cli(char **msg, ...)
{
    char *argv[40];
    int argc = 0;
    argv[argc++] = "parvm-bench";
    va_list ap;
    va_start(ap, msg);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL) argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;

    static char buf[4096];
    char path[] = "/tmp/parvm-test-cli-XXXXXX";
    int fd = mkstemp(path);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    int rc = hbcli_main(argc, argv);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    *msg = buf;
    return rc;
}

#define EXPECT2(want, ...) do { \
        char *m_; \
        int rc_ = run_cli(&m_, __VA_ARGS__, (char *)NULL); \
        if (rc_ != 2 || !strstr(m_, want)) \
            fail_msg("expected exit 2 and '%s', got %d and '%s'", want, rc_, m_); \
    } while (0)

static void test_run_bad_arguments(void **state)
{
    const char *W = "--workloads-dir=" FIX "/workloads";
    EXPECT2("unknown option '--thread'", "run", W, "--thread", "2");
    EXPECT2("--threads: 'two' is not a thread count", "run", W, "--threads", "1,two");
    EXPECT2("--threads: '0' is not a thread count", "run", W, "--threads", "0");
    EXPECT2("--threads: '1,,2' has an empty item", "run", W, "--threads", "1,,2");
    EXPECT2("--threads: '2' given twice", "run", W, "--threads", "2,2");
    EXPECT2("--threads needs a value", "run", W, "--threads");
    EXPECT2("--sizes: unknown size 'huge'", "run", W, "--sizes", "tiny,huge");
    EXPECT2("--reps: '0' is not an integer in 1..100000", "run", W, "--reps", "0");
    EXPECT2("--warmups: '-1' is not an integer", "run", W, "--warmups", "-1");
    EXPECT2("--shard: '3/2' is not K/N", "run", W, "--shard", "3/2");
    EXPECT2("--shard: '1-2' is not K/N", "run", W, "--shard", "1-2");
    EXPECT2("--timeout: 'soon' is not a positive number", "run", W, "--timeout", "soon");
    EXPECT2("--seed: 'x' is not an integer", "run", W, "--seed", "x");
    EXPECT2("--events: 'A,' has an empty item", "run", W, "--events", "A,");
    EXPECT2("--workloads-dir: cannot read folder '/nonexistent'", "run", "--workloads-dir", "/nonexistent");
    EXPECT2("--bin-dir: cannot read folder '/nonexistent'", "run", W, "--bin-dir", "/nonexistent");
    EXPECT2("--pyrun: cannot read '/nonexistent.py'", "run", W, "--pyrun", "/nonexistent.py");
    EXPECT2("--resume takes no value", "run", W, "--resume=yes");
    EXPECT2("--reps given twice", "run", W, "--reps", "2", "--reps", "3");
    EXPECT2("unexpected argument 'extra'", "run", W, "extra");
    EXPECT2("--workloads: no workload 'nosuch'", "run", W, "--workloads", "nosuch", "--dry-run");
    EXPECT2("--variants: 'stm' is not available", "run", W, "--bin-dir", FIX "/bin",
            "--variants", "stm", "--dry-run");
}

static void test_other_commands_bad_arguments(void **state)
{
    EXPECT2("unknown command 'runn'", "runn");
    EXPECT2("--format: 'html' is not one of table, markdown, csv, json", "report", "--format", "html");
    EXPECT2("--db: /nonexistent.db", "report", "--db", "/nonexistent.db");
    EXPECT2("--db: " FIX "/workloads/sumsq.py: not a readable SQLite database", "report", "--db",
            FIX "/workloads/sumsq.py");
    EXPECT2("--baseline is required", "compare");
    EXPECT2("--threshold: 'ten' is not a percentage", "compare", "--baseline", "x", "--threshold", "ten");
    EXPECT2("--table: 'nope' is not one of runs", "export", "--table", "nope");
    EXPECT2("--format: 'xml' is not csv or json", "export", "--format", "xml");
    EXPECT2("--session: 'abc' is not a session id", "export", "--session", "abc");
    EXPECT2("--db OUT is required", "merge", "a.db");
    EXPECT2("no input databases given", "merge", "--db", "/tmp/x.db");
    EXPECT2("--bin-dir: cannot read folder", "list", "--bin-dir", "/nonexistent");
    EXPECT2("unknown option '--verbose'", "list", "--verbose");
}

static void test_help_and_parsing(void **state)
{
    char *m;
    assert_int_equal(run_cli(&m, "run", "--help", (char *)NULL), 0);
    assert_int_equal(run_cli(&m, "report", "-h", (char *)NULL), 0);
    assert_int_equal(run_cli(&m, (char *)NULL), 2);

    HbRunOpts o;
    HbErr e;
    char *argv[] = { "--threads=1,4", "--sizes", "tiny,small", "--shard", "2/3", "--seed", "99",
                     "--workloads-dir", FIX "/workloads", NULL };
    assert_int_equal(hbcli_run_opts(9, argv, &o, &e), 0);
    assert_int_equal(o.nthreads, 2);
    assert_int_equal(o.threads[1], 4);
    assert_int_equal(o.sizes.n, 2);
    assert_int_equal(o.shard_k, 2);
    assert_int_equal(o.shard_n, 3);
    assert_true(o.has_seed && o.seed == 99);
    assert_int_equal(o.reps, 5);
    assert_int_equal(o.warmups, 1);
    assert_string_equal(o.db, "results/parvm.db");
    hbcli_run_opts_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_bad_arguments),
        cmocka_unit_test(test_other_commands_bad_arguments),
        cmocka_unit_test(test_help_and_parsing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
