/* mod_time.c — the `time` module: wall, monotonic and CPU clocks (the same POSIX
 * clocks CPython 3.11 uses on Linux) and sleep().
 *
 * sleep() is a blocking operation: it runs between pvsync_block_begin and
 * pvsync_block_end, so the GIL is released (STM: the transaction commits) while the
 * thread waits, and touches nothing on the Python heap in between. */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "thread.h"
#include "vm.h"

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Seconds as a float, computed like CPython's _PyTime_AsSecondsDouble: split so an
 * exact multiple of a second stays exact. */
static PvVal seconds(clockid_t id)
{
    int64_t ns = clock_ns(id);
    int64_t s = ns / 1000000000, rem = ns % 1000000000;
    if (rem == 0) return pv_float((double)s);
    return pv_float((double)ns / 1e9);
}

static PvVal t_time(int argc, PvVal *argv) { (void)argc; (void)argv; return seconds(CLOCK_REALTIME); }
static PvVal t_time_ns(int argc, PvVal *argv) { (void)argc; (void)argv; return pv_int(clock_ns(CLOCK_REALTIME)); }
static PvVal t_monotonic(int argc, PvVal *argv) { (void)argc; (void)argv; return seconds(CLOCK_MONOTONIC); }
static PvVal t_monotonic_ns(int argc, PvVal *argv) { (void)argc; (void)argv; return pv_int(clock_ns(CLOCK_MONOTONIC)); }
static PvVal t_process_time(int argc, PvVal *argv) { (void)argc; (void)argv; return seconds(CLOCK_PROCESS_CPUTIME_ID); }
static PvVal t_process_time_ns(int argc, PvVal *argv) { (void)argc; (void)argv; return pv_int(clock_ns(CLOCK_PROCESS_CPUTIME_ID)); }
static PvVal t_thread_time(int argc, PvVal *argv) { (void)argc; (void)argv; return seconds(CLOCK_THREAD_CPUTIME_ID); }

static PvVal t_sleep(int argc, PvVal *argv)
{
    (void)argc;
    PvVal v = argv[0];
    double secs;
    if (PV_IS_FLOAT(v)) {
        secs = pv_float_value(v);
        if (isnan(secs)) return pv_raise(pv_exc_ValueError, "Invalid value NaN (not a number)");
    } else {
        int64_t n;
        if (!PV_IS_INT(v) && !PV_IS_BOOL(v) && !pv_type_dunder(pv_type(v), PV_DUNDER_index))
            return pv_raise(pv_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                            pv_type_name(v));
        if (!pv_as_int64(v, &n, NULL)) return PV_NULL;
        secs = (double)n;
    }
    if (secs < 0) return pv_raise(pv_exc_ValueError, "sleep length must be non-negative");
    if (secs >= 9.2e18 / 1e9)
        return pv_raise(pv_exc_OverflowError, "timestamp out of range for platform time_t");

    /* Sleep against an absolute monotonic deadline, so that interruptions by signals
     * neither shorten nor stretch the total. */
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    int64_t ns = (int64_t)(secs * 1e9);
    int64_t total = deadline.tv_nsec + ns % 1000000000;
    deadline.tv_sec += (time_t)(ns / 1000000000 + total / 1000000000);
    deadline.tv_nsec = (long)(total % 1000000000);

    PvThread *t = pv_thread();
    pvsync_block_begin(t);
    int rc;
    do {
        rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
    } while (rc == EINTR);
    pvsync_block_end(t);
    if (rc != 0) return pv_raise(pv_exc_OSError, "sleep failed (error %d)", rc);
    return pv_None;
}

static PvVal time_make(void)
{
    PvVal m = pv_module_new("time");
    pv_module_add_func(m, "time", t_time, 0, 0);
    pv_module_add_func(m, "time_ns", t_time_ns, 0, 0);
    /* CPython's perf_counter is CLOCK_MONOTONIC on Linux too. */
    pv_module_add_func(m, "perf_counter", t_monotonic, 0, 0);
    pv_module_add_func(m, "perf_counter_ns", t_monotonic_ns, 0, 0);
    pv_module_add_func(m, "monotonic", t_monotonic, 0, 0);
    pv_module_add_func(m, "monotonic_ns", t_monotonic_ns, 0, 0);
    pv_module_add_func(m, "process_time", t_process_time, 0, 0);
    pv_module_add_func(m, "process_time_ns", t_process_time_ns, 0, 0);
    pv_module_add_func(m, "thread_time", t_thread_time, 0, 0);
    pv_module_add_func(m, "sleep", t_sleep, 1, 1);
    return m;
}

void pv_mod_time_init(void)
{
    pv_register_builtin_module("time", time_make);
}
