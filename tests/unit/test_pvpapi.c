/* test_pvpapi.c — unit tests of pvpapi.c: event-list validation, hardware events
 * counted or unavailable with a reason (whatever this machine's PMU can do), the
 * unavailable path forced by disabling the perf_event component in a child process,
 * VM counters read by name through PAPI SDE while several threads update them,
 * per-thread event sets summed at thread end, the record and --list-events formats
 * parsed back, and papi_native_avail listing the counters from the shared object
 * built beside this test.
 * Built with -Ivariants/none: the counters are exactly PV_CORE_COUNTERS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <ctype.h>
#include <errno.h>
#include <papi.h>
#include <pthread.h>
#include <sde_lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pvpapi.h"

/* ---- parsing the lines pvpapi writes ------------------------------------------------ */

#define MAX_LINES 256
#define MAX_FIELDS 8

typedef struct Lines {
    int n;
    int nf[MAX_LINES];
    char *f[MAX_LINES][MAX_FIELDS];
    char *text;
} Lines;

/* Splits the whole of `f` (from its start) into TAB fields. Every line must end with
 * a newline and have at least two non-empty fields. */
static void split_file(FILE *f, Lines *L)
{
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size > 0);
    rewind(f);
    L->text = calloc(1, (size_t)size + 1);
    assert_int_equal(fread(L->text, 1, (size_t)size, f), (size_t)size);
    assert_int_equal(L->text[size - 1], '\n');
    L->n = 0;
    for (char *line = L->text, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = '\0';
        assert_true(L->n < MAX_LINES);
        int k = 0;
        for (char *p = line;; ) {
            assert_true(k < MAX_FIELDS);
            L->f[L->n][k++] = p;
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = '\0';
            p = tab + 1;
        }
        L->nf[L->n] = k;
        assert_true(k >= 2);
        for (int i = 0; i < k; i++) assert_true(L->f[L->n][i][0] != '\0');
        L->n++;
    }
}

/* Runs `write` into a temporary file and splits what it wrote. */
static void capture(bool (*write)(FILE *), Lines *L)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_true(write(f));
    split_file(f, L);
    fclose(f);
}

static bool is_int(const char *s)
{
    if (*s == '-') s++;
    if (!*s) return false;
    for (; *s; s++) if (!isdigit((unsigned char)*s)) return false;
    return true;
}

/* The line whose fields 0 and 1 are `key` and `name`, or -1. */
static int find(const Lines *L, const char *key, const char *name)
{
    for (int i = 0; i < L->n; i++)
        if (strcmp(L->f[i][0], key) == 0 && strcmp(L->f[i][1], name) == 0) return i;
    return -1;
}

/* Checks the record lines against docs/protocols.md: only papi, papi_unavailable and
 * counter keys, three fields each, papi lines before counter lines, integer values,
 * and one counter line per VM counter, in declaration order. */
static void check_record(const Lines *L)
{
    int first_counter = -1;
    for (int i = 0; i < L->n; i++) {
        const char *key = L->f[i][0];
        assert_int_equal(L->nf[i], 3);
        if (strcmp(key, "counter") == 0) {
            if (first_counter < 0) first_counter = i;
            assert_true(is_int(L->f[i][2]));
        } else {
            assert_true(strcmp(key, "papi") == 0 || strcmp(key, "papi_unavailable") == 0);
            assert_true(first_counter < 0);
            if (strcmp(key, "papi") == 0) assert_true(is_int(L->f[i][2]));
        }
    }
    assert_true(first_counter >= 0);
    assert_int_equal(L->n - first_counter, PV_NCOUNTERS);
    for (int id = 0; id < PV_NCOUNTERS; id++)
        assert_string_equal(L->f[first_counter + id][1], pv_counter_name((PvCounterId)id));
}

static bool write_record(FILE *f) { return pvpapi_write_record(f); }
static bool write_list(FILE *f) { return pvpapi_list(f); }

/* ---- event lists ------------------------------------------------------------------- */

static void expect_rejected(const char *csv, const char *words)
{
    PvBuf err;
    pvbuf_init(&err);
    assert_false(pvpapi_setup(csv, &err));
    assert_non_null(err.data);
    assert_non_null(strstr(err.data, "--events"));
    assert_non_null(strstr(err.data, words));
    pvbuf_free(&err);
}

static void test_malformed_lists_rejected(void **state)
{
    (void)state;
    expect_rejected("", "empty event list");
    expect_rejected(",", "event 1 is empty");
    expect_rejected("PAPI_TOT_INS,,PAPI_TOT_CYC", "event 2 is empty");
    expect_rejected("PAPI_TOT_INS,", "event 2 is empty");
    expect_rejected(",PAPI_TOT_INS", "event 1 is empty");
    expect_rejected("PAPI_TOT_INS, PAPI_TOT_CYC", "blank or control character");
    expect_rejected("PAPI_TOT_INS\tPAPI_TOT_CYC", "blank or control character");
    expect_rejected("none,PAPI_TOT_INS", "'none' must be the whole list");
    expect_rejected("PAPI_TOT_INS,PAPI_TOT_CYC,PAPI_TOT_INS", "listed twice");

    PvBuf many;
    pvbuf_init(&many);
    for (int i = 0; i <= PVPAPI_MAX_EVENTS; i++) pvbuf_addf(&many, "%sEV%d", i ? "," : "", i);
    expect_rejected(many.data, "more than");
    pvbuf_free(&many);

    PvBuf longname;
    pvbuf_init(&longname);
    pvbuf_fill(&longname, 'X', PAPI_HUGE_STR_LEN + 5);
    expect_rejected(longname.data, "characters long");
    pvbuf_free(&longname);
}

static void test_unknown_event_is_unavailable_not_an_error(void **state)
{
    (void)state;
    PvBuf err;
    pvbuf_init(&err);
    assert_true(pvpapi_setup("NO_SUCH_EVENT_XYZ,no_such_component:::either", &err));
    assert_null(err.data);
    pvpapi_region_begin();
    pvpapi_region_end();
    Lines L;
    capture(write_record, &L);
    check_record(&L);
    assert_int_equal(find(&L, "papi_unavailable", "NO_SUCH_EVENT_XYZ"), 0);
    int i = find(&L, "papi_unavailable", "no_such_component:::either");
    assert_int_equal(i, 1);
    assert_non_null(strstr(L.f[i][2], PAPI_strerror(PAPI_ENOEVNT)));
    free(L.text);
}

static void test_none_counts_no_hardware_event(void **state)
{
    (void)state;
    PvBuf err;
    pvbuf_init(&err);
    assert_true(pvpapi_setup("none", &err));
    pvpapi_region_begin();
    pvpapi_region_end();
    Lines L;
    capture(write_record, &L);
    check_record(&L);
    assert_int_equal(L.n, PV_NCOUNTERS);   /* counter lines only */
    free(L.text);
}

static const char *const default_events[] = { "PAPI_TOT_INS", "PAPI_TOT_CYC", "PAPI_L1_DCM",
                                               "PAPI_L2_DCM", "PAPI_L3_TCM", "PAPI_BR_MSP" };

/* Whatever the hardware: each default event is either counted (a `papi` line with a
 * count) or unavailable with PAPI's reason, never both and never missing, in list order
 * before the counters, and setup succeeds either way. */
static void test_default_events_counted_or_unavailable(void **state)
{
    (void)state;
    PvBuf err;
    pvbuf_init(&err);
    assert_true(pvpapi_setup(NULL, &err));
    assert_null(err.data);
    pvpapi_region_begin();
    pvpapi_region_end();
    Lines L;
    capture(write_record, &L);
    check_record(&L);
    for (size_t k = 0; k < PV_ARRAY_LEN(default_events); k++) {
        int counted = find(&L, "papi", default_events[k]);
        int missing = find(&L, "papi_unavailable", default_events[k]);
        assert_true((counted >= 0) != (missing >= 0));
        assert_int_equal(counted >= 0 ? counted : missing, (int)k);   /* in list order */
        if (missing >= 0) assert_true(strlen(L.f[missing][2]) > 3);
    }
    free(L.text);
}

/* The unavailable path on any machine: a child process of this test disables the
 * perf_event component before PAPI initialises (PAPI_disable_component_by_name), sets up
 * the default events, runs an empty region and writes its record and --list-events
 * output to two files. */
static int disabled_child(const char *record_path, const char *list_path)
{
    int rc = PAPI_disable_component_by_name("perf_event");
    if (rc != PAPI_OK) {
        fprintf(stderr, "PAPI_disable_component_by_name(perf_event): %s\n", PAPI_strerror(rc));
        return 10;
    }
    pvpapi_sde_init();
    PvBuf err;
    pvbuf_init(&err);
    if (!pvpapi_setup(NULL, &err)) return 11;
    pvpapi_region_begin();
    pvpapi_region_end();
    FILE *rec = fopen(record_path, "w"), *list = fopen(list_path, "w");
    if (!rec || !list || !pvpapi_write_record(rec) || !pvpapi_list(list)) return 12;
    if (fclose(rec) != 0 || fclose(list) != 0) return 13;
    pvpapi_shutdown();
    return 0;
}

#define DISABLED_CHILD_FLAG "--disabled-perf-event-child"

static void test_disabled_component_reason_recorded(void **state)
{
    (void)state;
    char rec_path[] = "/tmp/parvm-test-pvpapi-rec-XXXXXX", list_path[] = "/tmp/parvm-test-pvpapi-list-XXXXXX";
    int fr = mkstemp(rec_path), fl = mkstemp(list_path);
    assert_true(fr >= 0 && fl >= 0);
    close(fr);
    close(fl);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* A fresh image: this process may have initialised PAPI already. */
        execl("/proc/self/exe", "test_pvpapi", DISABLED_CHILD_FLAG, rec_path, list_path, (char *)NULL);
        _exit(127);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);

    Lines R, Li;
    FILE *f = fopen(rec_path, "r");
    assert_non_null(f);
    split_file(f, &R);
    fclose(f);
    f = fopen(list_path, "r");
    assert_non_null(f);
    split_file(f, &Li);
    fclose(f);
    unlink(rec_path);
    unlink(list_path);

    check_record(&R);
    for (size_t k = 0; k < PV_ARRAY_LEN(default_events); k++) {
        int i = find(&R, "papi_unavailable", default_events[k]);
        assert_int_equal(i, (int)k);
        assert_int_equal(find(&R, "papi", default_events[k]), -1);
        /* PAPI's error, then the component and PAPI's own reason for disabling it */
        if (!strstr(R.f[i][2], "component perf_event disabled: ")
            || !strstr(R.f[i][2], "PAPI_disable_component"))
            fail_msg("reason of %s does not name the disabled component: %s", default_events[k],
                     R.f[i][2]);
        int j = find(&Li, default_events[k], "unavailable");
        assert_true(j >= 0);
        assert_non_null(strstr(Li.f[j][2], "component perf_event disabled: "));
    }
    int c = find(&Li, "component", "perf_event");
    assert_true(c >= 0);
    assert_int_equal(Li.nf[c], 4);
    assert_string_equal(Li.f[c][2], "disabled");
    assert_non_null(strstr(Li.f[c][3], "PAPI_disable_component"));
    /* the VM counters do not depend on perf_event */
    char name[128];
    snprintf(name, sizeof name, PVPAPI_SDE_PREFIX "%s", pv_counter_name((PvCounterId)0));
    assert_true(find(&Li, name, "available") >= 0);
    free(R.text);
    free(Li.text);
}

/* ---- VM counters through SDE ---------------------------------------------------------- */

typedef struct Worker {
    int k;                  /* worker number, 1-based */
    bool papi_thread;       /* call pvpapi_thread_begin/end */
    bool stay_registered;   /* keep the block registered after the thread ends */
    PvCounters counters;
} Worker;

/* Adds k*1000 calls and k*7 bytecodes, in small steps, to the thread's own block. */
static void *worker_main(void *arg)
{
    Worker *w = arg;
    if (w->papi_thread) pvpapi_thread_begin();
    pv_counters_register(&w->counters);
    for (int i = 0; i < w->k * 100; i++) pv_counter_add(&w->counters, PVC_calls, 10);
    for (int i = 0; i < w->k; i++) pv_counter_add(&w->counters, PVC_bytecodes, 7);
    if (!w->stay_registered) pv_counters_unregister(&w->counters);
    if (w->papi_thread) pvpapi_thread_end();
    return NULL;
}

/* Runs n workers at once (or one after the other when `serial`); returns the expected
 * total of calls (sum of k*1000). */
static int64_t run_workers(Worker *w, int n, bool papi_thread, bool serial)
{
    pthread_t t[4];
    int64_t calls = 0;
    for (int k = 0; k < n; k++) {
        w[k].k = k + 1;
        w[k].papi_thread = papi_thread;
        w[k].stay_registered = k % 2 == 0;
        calls += (k + 1) * 1000;
        assert_int_equal(pthread_create(&t[k], NULL, worker_main, &w[k]), 0);
        if (serial) assert_int_equal(pthread_join(t[k], NULL), 0);
    }
    if (!serial)
        for (int k = 0; k < n; k++) assert_int_equal(pthread_join(t[k], NULL), 0);
    return calls;
}

static void unregister_workers(Worker *w, int n)
{
    for (int k = 0; k < n; k++)
        if (w[k].stay_registered) pv_counters_unregister(&w[k].counters);
}

/* Worker blocks are static: a failed assertion must not leave the counter registry
 * pointing into a dead stack frame. */
static Worker workers[4];

/* The counters are plain PAPI events: an event set of our own reads them by name. They
 * are instant (process totals), so the change is the difference of two reads. */
static void test_sde_counters_read_by_name_through_papi(void **state)
{
    (void)state;
    PvBuf err;
    pvbuf_init(&err);
    assert_true(pvpapi_setup("none", &err));   /* initialises PAPI */
    for (int n = 2; n <= 4; n++) {
        int set = PAPI_NULL;
        long long v0[2] = { -1, -1 }, v[2] = { -1, -1 };
        assert_int_equal(PAPI_create_eventset(&set), PAPI_OK);
        assert_int_equal(PAPI_add_named_event(set, PVPAPI_SDE_PREFIX "calls"), PAPI_OK);
        assert_int_equal(PAPI_add_named_event(set, PVPAPI_SDE_PREFIX "bytecodes"), PAPI_OK);
        assert_int_equal(PAPI_start(set), PAPI_OK);
        assert_int_equal(PAPI_read(set, v0), PAPI_OK);
        assert_int_equal(v0[0], pv_counter_total(PVC_calls));
        Worker *w = workers;
        int64_t calls = run_workers(w, n, false, false);
        assert_int_equal(PAPI_stop(set, v), PAPI_OK);
        assert_int_equal(v[0] - v0[0], calls);
        assert_int_equal(v[1] - v0[1], 7 * n * (n + 1) / 2);
        assert_int_equal(v[0], pv_counter_total(PVC_calls));
        unregister_workers(w, n);
        assert_int_equal(PAPI_cleanup_eventset(set), PAPI_OK);
        assert_int_equal(PAPI_destroy_eventset(&set), PAPI_OK);
    }
}

/* In a region, the counter lines are the change over the region read through SDE:
 * what was added before the region does not count. */
static void test_region_counters_from_several_threads(void **state)
{
    (void)state;
    PvBuf err;
    pvbuf_init(&err);
    assert_true(pvpapi_setup(NULL, &err));
    static PvCounters before;
    pv_counters_register(&before);
    pv_counter_add(&before, PVC_calls, 123456);     /* outside every region */
    for (int n = 2; n <= 4; n++) {
        Worker *w = workers;
        pvpapi_region_begin();
        int64_t calls = run_workers(w, n, true, false);
        pvpapi_region_end();
        bool via_sde = false;
        assert_int_equal(pvpapi_counter_delta(PVC_calls, &via_sde), calls);
        assert_true(via_sde);
        assert_int_equal(pvpapi_counter_delta(PVC_bytecodes, NULL), 7 * n * (n + 1) / 2);
        assert_int_equal(pvpapi_counter_delta(PVC_gc_cycles, NULL), 0);

        Lines L;
        capture(write_record, &L);
        check_record(&L);
        int i = find(&L, "counter", "calls");
        assert_true(i >= 0);
        assert_int_equal(strtoll(L.f[i][2], NULL, 10), calls);
        i = find(&L, "counter", "bytecodes");
        assert_int_equal(strtoll(L.f[i][2], NULL, 10), 7 * n * (n + 1) / 2);
        free(L.text);
        unregister_workers(w, n);
    }
    pv_counters_unregister(&before);
}

/* Events given with --events are counted per thread and summed at thread end. Using a
 * VM counter as the event makes the sum predictable: threads run one after the other,
 * each sees its own k*1000 calls, the main thread sees all of them, so the total is
 * twice the calls made. */
static void test_thread_sets_summed_into_totals(void **state)
{
    (void)state;
    PvBuf err;
    pvbuf_init(&err);
    assert_true(pvpapi_setup(PVPAPI_SDE_PREFIX "calls,PAPI_TOT_INS", &err));
    for (int n = 2; n <= 4; n++) {
        Worker *w = workers;
        pvpapi_region_begin();
        int64_t calls = run_workers(w, n, true, true);
        pvpapi_region_end();
        Lines L;
        capture(write_record, &L);
        check_record(&L);
        int i = find(&L, "papi", PVPAPI_SDE_PREFIX "calls");
        assert_int_equal(i, 0);
        assert_int_equal(strtoll(L.f[i][2], NULL, 10), 2 * calls);
        /* counted where the PMU has it, unavailable where not: second either way */
        int ins = find(&L, "papi_unavailable", "PAPI_TOT_INS");
        if (ins < 0) ins = find(&L, "papi", "PAPI_TOT_INS");
        assert_int_equal(ins, 1);
        free(L.text);
        unregister_workers(w, n);
    }
}

/* ---- --list-events and papi_native_avail ----------------------------------------------- */

static void test_list_events(void **state)
{
    (void)state;
    Lines L;
    capture(write_list, &L);
    int v = find(&L, "papi_version", L.n > 0 ? L.f[0][1] : "");
    assert_int_equal(v, 0);
    int maj, min, rev;
    char tail;
    assert_int_equal(sscanf(L.f[0][1], "%d.%d.%d%c", &maj, &min, &rev, &tail), 3);
    assert_int_equal(maj, PAPI_VERSION_MAJOR(PAPI_VERSION));
    bool sde_enabled = false;
    for (int i = 1; i < L.n; i++) {
        if (strcmp(L.f[i][0], "component") == 0) {
            bool on = strcmp(L.f[i][2], "enabled") == 0;
            assert_true(on || strcmp(L.f[i][2], "disabled") == 0);
            assert_int_equal(L.nf[i], on ? 3 : 4);
            if (on && strcmp(L.f[i][1], "sde") == 0) sde_enabled = true;
        } else {
            bool ok = strcmp(L.f[i][1], "available") == 0;
            assert_true(ok || strcmp(L.f[i][1], "unavailable") == 0);
            assert_int_equal(L.nf[i], ok ? 2 : 3);
        }
    }
    assert_true(sde_enabled);
    for (size_t k = 0; k < PV_ARRAY_LEN(default_events); k++)
        assert_true(find(&L, default_events[k], "unavailable") >= 0
                    || find(&L, default_events[k], "available") >= 0);
    char name[128];
    for (int id = 0; id < PV_NCOUNTERS; id++) {
        snprintf(name, sizeof name, PVPAPI_SDE_PREFIX "%s", pv_counter_name((PvCounterId)id));
        assert_true(find(&L, name, "available") >= 0);
    }
    free(L.text);
}

/* A stand-in for libsde, to see what the hook registers. */
static int hook_registered, hook_described;
static bool hook_seen[PV_NCOUNTERS];
static int hook_dummy;

static papi_handle_t fake_init(const char *lib)
{
    assert_string_equal(lib, "parvm");
    return &hook_dummy;
}

static int fake_register_cb(papi_handle_t h, const char *name, int mode, int type,
                            papi_sde_fptr_t cb, void *param)
{
    assert_ptr_equal(h, &hook_dummy);
    assert_int_equal(mode, PAPI_SDE_RO | PAPI_SDE_INSTANT);
    assert_int_equal(type, PAPI_SDE_long_long);
    int id = (int)(intptr_t)param;
    assert_true(id >= 0 && id < PV_NCOUNTERS);
    assert_string_equal(name, pv_counter_name((PvCounterId)id));
    assert_int_equal(cb(param), pv_counter_total((PvCounterId)id));
    hook_seen[id] = true;
    hook_registered++;
    return SDE_OK;
}

static int fake_describe(papi_handle_t h, const char *name, const char *desc)
{
    assert_ptr_equal(h, &hook_dummy);
    assert_true(strlen(desc) > 0);
    hook_described++;
    return SDE_OK;
}

static void test_hook_registers_every_counter(void **state)
{
    (void)state;
    papi_sde_fptr_struct_t f;
    memset(&f, 0, sizeof f);
    f.init = fake_init;
    f.register_counter_cb = fake_register_cb;
    f.describe_counter = fake_describe;
    assert_ptr_equal(papi_sde_hook_list_events(&f), &hook_dummy);
    assert_int_equal(hook_registered, PV_NCOUNTERS);
    assert_int_equal(hook_described, PV_NCOUNTERS);
    for (int id = 0; id < PV_NCOUNTERS; id++) assert_true(hook_seen[id]);
}

/* The documented command lists every counter from the shared object. */
static void test_papi_native_avail_lists_counters(void **state)
{
    (void)state;
    FILE *p = popen("papi_native_avail -sde " PVPAPI_TEST_SO " -i parvm 2>&1", "r");
    assert_non_null(p);
    PvBuf out;
    pvbuf_init(&out);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) pvbuf_add(&out, chunk, n);
    assert_int_equal(pclose(p), 0);
    assert_non_null(out.data);
    char name[128];
    for (int id = 0; id < PV_NCOUNTERS; id++) {
        snprintf(name, sizeof name, PVPAPI_SDE_PREFIX "%s ", pv_counter_name((PvCounterId)id));
        if (!strstr(out.data, name)) fail_msg("'%s' not listed by:\n%s", name, out.data);
        if (!strstr(out.data, pv_counter_desc((PvCounterId)id)))
            fail_msg("description of %s not listed", name);
    }
    pvbuf_free(&out);
}

static int teardown_all(void **state)
{
    (void)state;
    pvpapi_shutdown();
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], DISABLED_CHILD_FLAG) == 0)
        return disabled_child(argv[2], argv[3]);
    pvpapi_sde_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_malformed_lists_rejected),
        cmocka_unit_test(test_unknown_event_is_unavailable_not_an_error),
        cmocka_unit_test(test_none_counts_no_hardware_event),
        cmocka_unit_test(test_default_events_counted_or_unavailable),
        cmocka_unit_test(test_disabled_component_reason_recorded),
        cmocka_unit_test(test_sde_counters_read_by_name_through_papi),
        cmocka_unit_test(test_region_counters_from_several_threads),
        cmocka_unit_test(test_thread_sets_summed_into_totals),
        cmocka_unit_test(test_list_events),
        cmocka_unit_test(test_hook_registers_every_counter),
        cmocka_unit_test(test_papi_native_avail_lists_counters),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_all);
}
