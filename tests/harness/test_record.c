/* test_record.c — the stats-record parser: a valid record with every kind of line,
 * and truncated or malformed records, each of which must be rejected with a message
 * naming the offending line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "hb_record.h"

static const char valid[] =
    "parvm-stats\t1\n"
    "variant\tstm\n"
    "workload\tbtree\n"
    "size\tmedium\n"
    "threads\t4\n"
    "wall_ns\t1234567890\n"
    "cpu_ns\t2345678901\n"
    "maxrss_kb\t12345\n"
    "result\t123456\n"
    "expected\t123456\n"
    "ok\t1\n"
    "papi\tPAPI_TOT_INS\t123456789\n"
    "papi\tsde:::parvm::gc_cycles\t3\n"
    "papi_unavailable\tPAPI_L1_DCM\tEvent does not exist\n"
    "counter\tstm_commits\t900\n"
    "counter\tstm_aborts\t100\n"
    "end\n";

static void test_valid(void **state)
{
    HbRecord r;
    HbErr e;
    assert_int_equal(hbrec_parse(valid, strlen(valid), &r, &e), 0);
    assert_string_equal(r.variant, "stm");
    assert_string_equal(r.workload, "btree");
    assert_string_equal(r.size, "medium");
    assert_int_equal(r.threads, 4);
    assert_true(r.wall_ns == 1234567890LL);
    assert_true(r.cpu_ns == 2345678901LL);
    assert_int_equal(r.maxrss_kb, 12345);
    assert_string_equal(r.result, "123456");
    assert_int_equal(r.ok, 1);
    assert_null(r.error);
    assert_int_equal(r.ncounters, 5);
    assert_string_equal(r.counters[0].name, "PAPI_TOT_INS");
    assert_int_equal(r.counters[0].source, HBSRC_PAPI);
    assert_true(r.counters[0].value == 123456789);
    assert_int_equal(r.counters[1].source, HBSRC_SDE);
    assert_false(r.counters[2].available);
    assert_string_equal(r.counters[2].reason, "Event does not exist");
    assert_int_equal(r.counters[3].source, HBSRC_VM);
    assert_int_equal(r.counters[4].value, 100);
    hbrec_free(&r);
}

static void test_error_record(void **state)
{
    /* What pyrun.py writes when run() raises: no result line, an error line. */
    const char t[] = "parvm-stats\t1\nvariant\tcpython\nworkload\tw\nsize\ttiny\nthreads\t2\n"
                     "wall_ns\t5\ncpu_ns\t5\nmaxrss_kb\t9\nexpected\t0\nok\t0\n"
                     "error\tZeroDivisionError: integer division or modulo by zero\nend\n";
    HbRecord r;
    HbErr e;
    assert_int_equal(hbrec_parse(t, strlen(t), &r, &e), 0);
    assert_null(r.result);
    assert_int_equal(r.ok, 0);
    assert_string_equal(r.error, "ZeroDivisionError: integer division or modulo by zero");
    hbrec_free(&r);
}

/* Replace the first occurrence of `from` in the valid record by `to` and expect the
 * parser to fail with a message containing `want`. */
static void expect_bad(const char *from, const char *to, const char *want)
{
    char buf[2048];
    const char *p = strstr(valid, from);
    assert_non_null(p);
    size_t head = (size_t)(p - valid);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)head, valid, to, p + strlen(from));
    HbRecord r;
    HbErr e;
    e.msg[0] = '\0';
    int rc = hbrec_parse(buf, strlen(buf), &r, &e);
    if (rc == 0 || !strstr(e.msg, want))
        fail_msg("edit '%s' -> '%s': rc %d, message '%s', wanted '%s'", from, to, rc, e.msg, want);
    hbrec_free(&r);
}

static void test_truncated(void **state)
{
    expect_bad("end\n", "", "truncated record: no 'end' line after line 16");
    /* the writer died in the middle of a line */
    expect_bad("counter\tstm_aborts\t100\nend\n", "counter\tstm_ab",
               "line 16: 'counter' needs a name and a value");
    /* cut in the middle of the scalars */
    HbRecord r;
    HbErr e;
    assert_int_equal(hbrec_parse(valid, 40, &r, &e), -1);
    assert_non_null(strstr(e.msg, "truncated"));
    assert_int_equal(hbrec_parse("", 0, &r, &e), -1);
    assert_string_equal(e.msg, "empty record");
}

static void test_malformed(void **state)
{
    expect_bad("parvm-stats\t1", "parvm-stats\t2", "line 1: record version 2 is not supported");
    expect_bad("parvm-stats\t1", "stats\t1", "line 1: not a stats record");
    expect_bad("threads\t4", "threads\tfour", "line 5: 'threads' value 'four' is not a non-negative integer");
    expect_bad("wall_ns\t1234567890", "wall_ns\t-3", "line 6: 'wall_ns'");
    expect_bad("ok\t1", "ok\tyes", "line 11: 'ok' must be 0 or 1, got 'yes'");
    expect_bad("result\t123456\n", "colour\tblue\n", "line 9: unknown key 'colour' in a version 1 record");
    expect_bad("size\tmedium\n", "size\tmedium\nsize\tlarge\n", "line 5: 'size' appears twice");
    expect_bad("variant\tstm\n", "", "record has no 'variant' line");
    expect_bad("papi\tPAPI_TOT_INS\t123456789", "papi\tPAPI_TOT_INS\tmany",
               "line 12: 'PAPI_TOT_INS' value 'many' is not an integer");
    expect_bad("papi_unavailable\tPAPI_L1_DCM\tEvent does not exist", "papi_unavailable\tPAPI_L1_DCM",
               "line 14: 'papi_unavailable' needs a name and a value");
    expect_bad("counter\tstm_aborts\t100\n", "counter\tstm_aborts\t100\npapi\tPAPI_X\t1\n",
               "line 17: 'papi' line after the counter lines");
    expect_bad("papi\tPAPI_TOT_INS\t123456789\n", "papi\tPAPI_TOT_INS\t123456789\nok\t1\n",
               "line 13: 'ok' after the papi/counter lines");
    expect_bad("workload\tbtree\nsize\tmedium\n", "size\tmedium\nworkload\tbtree\n",
               "line 4: 'workload' must come before 'size'");
    expect_bad("end\n", "end\nvariant\tgil\n", "line 18: text after 'end'");
    expect_bad("end\n", "end\textra\n", "line 17: 'end' takes no value");
    expect_bad("threads\t4", "threads\t0", "threads 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_error_record),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
