/* main.c — the command line of parvm-VARIANT: run a program, or run a workload in
 * benchmark mode and write one stats record (docs/protocols.md). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "thread.h"
#include "vm.h"
#include "pvpapi.h"

#define PV_STRINGIFY_(x) #x
#define PV_STRINGIFY(x) PV_STRINGIFY_(x)
#ifdef PARVM_MODE
#define PARVM_MODE_NAME PV_STRINGIFY(PARVM_MODE)
#else
#define PARVM_MODE_NAME "unknown"
#endif

static void usage(FILE *out)
{
    fprintf(out,
        "usage: parvm-%s [options] FILE [ARG...]\n"
        "       parvm-%s [options] -c CODE\n"
        "       parvm-%s --bench FILE --threads N --size SIZE --stats OUT [--events LIST]\n"
        "\n"
        "Runs FILE, a program in parvm's Python subset, on the '%s' build.\n"
        "\n"
        "options:\n"
        "  -h, --help              this text\n"
        "  -c CODE                 run CODE (a program given as a string) instead of FILE\n"
        "  --version               build facts, one 'key<TAB>value' per line: variant,\n"
        "                          compiler, mode, cflags, commit, dirty (1: tracked files\n"
        "                          differed from the commit)\n"
        "  --list-events           PAPI components and events this build can count; with\n"
        "                          --events, first check LIST (exit 2 if it is malformed)\n"
        "  --dis                   print the bytecode of FILE instead of running it\n"
        "  --bench FILE            benchmark mode: load workload FILE, call run(N, SIZES[SIZE])\n"
        "                          in the measured region, check the result against EXPECTED\n"
        "  --threads N             benchmark mode: threads (default 1)\n"
        "  --size SIZE             benchmark mode: tiny, small, medium or large (default small)\n"
        "  --stats OUT             benchmark mode: where the stats record goes ('-' = stdout)\n"
        "  --events LIST           PAPI events, comma-separated, or 'none' (default:\n"
        "                          " PVPAPI_DEFAULT_EVENTS ")\n"
        "  --repeat-id K           recorded by the harness; ignored here\n"
        "%s"
        "\n"
        "exit status: 0 ok; 1 uncaught exception; 2 bad arguments; 3 (benchmark mode) the\n"
        "result did not match EXPECTED.\n",
        PVSYNC_NAME, PVSYNC_NAME, PVSYNC_NAME, PVSYNC_NAME, pvsync_options_help());
}

static PV_NORETURN __attribute__((format(printf, 1, 2))) void bad_usage(const char *fmt, ...)
{
    fprintf(stderr, "parvm-%s: ", PVSYNC_NAME);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(try 'parvm-%s --help')\n", PVSYNC_NAME);
    exit(2);
}

/* Exit status for an uncaught exception (SystemExit carries its own). */
static int report_exception(PvVal exc)
{
    if (pv_isinstance(exc, pv_exc_SystemExit)) {
        PvVal code = pv_getattrc(exc, "code");
        if (!code || code == pv_None) return 0;
        if (PV_IS_INT(code)) return (int)pv_int_value(code);
        PvVal s = pv_str(code);
        PV_INEVITABLE(pv_thread());         /* output */
        if (s) fprintf(stderr, "%s\n", pv_str_data(s));
        return 1;
    }
    pv_print_exception(exc);
    return 1;
}

static void join_threads(void)
{
    PvVal th = pv_dict_getc(pv_modules, "threading");
    if (!th) return;
    PvVal shutdown = pv_getattr_opt(th, pv_intern("_shutdown"));
    if (!shutdown || !pv_call0(shutdown)) {
        PvVal e = pv_err_fetch();
        if (e) pv_print_exception(e);
    }
}

/* One field of a record: tabs and newlines become spaces. */
static void put_field(FILE *f, const char *key, const char *value)
{
    fprintf(f, "%s\t", key);
    for (const char *p = value; *p; p++) fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, f);
    fputc('\n', f);
}

/* --version: one 'key<TAB>value' line per build fact. cflags, commit and dirty come from
 * the header the Makefile passes with -include (absent in a build made without it; commit
 * and dirty absent when the source was not a git checkout). */
static void print_version(void)
{
    put_field(stdout, "variant", PVSYNC_NAME);
#if defined(__clang__)
    put_field(stdout, "compiler", "clang " __clang_version__);
#else
    put_field(stdout, "compiler", "gcc " __VERSION__);
#endif
    put_field(stdout, "mode", PARVM_MODE_NAME);
#ifdef PARVM_BUILD_CFLAGS
    put_field(stdout, "cflags", PARVM_BUILD_CFLAGS);
#endif
#ifdef PARVM_GIT_COMMIT
    if (PARVM_GIT_COMMIT[0]) put_field(stdout, "commit", PARVM_GIT_COMMIT);
#endif
#ifdef PARVM_GIT_DIRTY
    if (PARVM_GIT_DIRTY >= 0) printf("dirty\t%d\n", PARVM_GIT_DIRTY);
#endif
}

static const char *stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    static char buf[256];
    snprintf(buf, sizeof buf, "%s", b);
    char *dot = strrchr(buf, '.');
    if (dot && !strcmp(dot, ".py")) *dot = 0;
    return buf;
}

/* Sets PAPI up for the events asked for; false (the message printed) when the list
 * is malformed. */
static bool setup_events(const char *events)
{
    PvBuf err;
    pvbuf_init(&err);
    bool ok = pvpapi_setup(events, &err);
    if (!ok)   /* pvpapi's message names the option itself ("--events: ..."). */
        fprintf(stderr, "parvm-%s: %s\n", PVSYNC_NAME, err.data ? err.data : "--events: malformed list");
    pvbuf_free(&err);
    return ok;
}

static int run_bench(const char *file, int64_t nthreads, const char *size, const char *out,
                     const char *events)
{
    if (!setup_events(events)) return 2;
    const char *name = stem(file);
    PvVal m = pv_import_file(file, name);
    if (!m) {
        pv_print_exception(pv_err_fetch());
        return 1;
    }
    PvVal sizes = pv_getattr_opt(m, pv_intern("SIZES"));
    PvVal expected_map = pv_getattr_opt(m, pv_intern("EXPECTED"));
    PvVal run = pv_getattr_opt(m, pv_intern("run"));
    if (!sizes || !expected_map || !run || !PV_IS_DICT(sizes) || !PV_IS_DICT(expected_map)) {
        fprintf(stderr, "parvm-%s: %s: not a workload: it must define SIZES (dict), EXPECTED (dict) "
                        "and run(nthreads, params)\n", PVSYNC_NAME, file);
        return 2;
    }
    PvVal params = pv_dict_get(sizes, pv_str_cstr(size));
    PvVal expected = pv_dict_get(expected_map, pv_str_cstr(size));
    if (!params || !expected) {
        PvVal keys = pv_sequence_to_list(sizes);
        PvVal r = keys ? pv_repr(keys) : PV_NULL;
        fprintf(stderr, "parvm-%s: %s: no size '%s' in %s (sizes: %s)\n", PVSYNC_NAME, file, size,
                params ? "EXPECTED" : "SIZES", r ? pv_str_data(r) : "?");
        return 2;
    }
    PV_INEVITABLE(pv_thread());             /* opening (truncating) the record's file */
    FILE *f = strcmp(out, "-") ? fopen(out, "w") : stdout;
    if (!f) {
        fprintf(stderr, "parvm-%s: --stats %s: %s\n", PVSYNC_NAME, out, strerror(errno));
        return 2;
    }
    int64_t w0 = pv_now_ns(), c0 = pv_process_cpu_ns();
    pvpapi_region_begin();
    PvVal result = pv_call2(run, pv_int(nthreads), params);
    PvVal exc = result ? PV_NULL : pv_err_fetch();
    pvpapi_region_end();
    int64_t w1 = pv_now_ns(), c1 = pv_process_cpu_ns();
    int ok = 0;
    if (result) {
        ok = pv_eq(result, expected);
        if (ok < 0) { exc = pv_err_fetch(); ok = 0; }
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    PV_INEVITABLE(pv_thread());             /* writing the record */
    fprintf(f, "parvm-stats\t1\n");
    put_field(f, "variant", PVSYNC_NAME);
    put_field(f, "workload", name);
    put_field(f, "size", size);
    fprintf(f, "threads\t%ld\nwall_ns\t%ld\ncpu_ns\t%ld\nmaxrss_kb\t%ld\n", (long)nthreads,
            (long)(w1 - w0), (long)(c1 - c0), (long)ru.ru_maxrss);
    PvVal rr = result ? pv_repr(result) : PV_NULL;
    PvVal er = pv_repr(expected);
    if (!rr && result) { pv_err_clear(); rr = pv_intern("<repr failed>"); }
    if (!er) { pv_err_clear(); er = pv_intern("<repr failed>"); }
    if (rr) put_field(f, "result", pv_str_data(rr));
    put_field(f, "expected", pv_str_data(er));
    fprintf(f, "ok\t%d\n", ok);
    if (exc) {
        PvVal line = pv_exc_format_line(exc);
        put_field(f, "error", pv_str_data(line));
    }
    pvpapi_write_record(f);
    fprintf(f, "end\n");
    if (f != stdout) fclose(f);
    else fflush(f);
    if (exc) {
        pv_print_exception(exc);
        return 1;
    }
    if (!ok) {
        fprintf(stderr, "parvm-%s: %s (%s, %ld threads): result %s != expected %s\n", PVSYNC_NAME,
                name, size, (long)nthreads, pv_str_data(rr), pv_str_data(er));
        return 3;
    }
    return 0;
}

/* --dis FILE: print the bytecode of FILE and its functions. */
static int pv_dis_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) { fprintf(stderr, "parvm-%s: %s: %s\n", PVSYNC_NAME, path, strerror(errno)); return 2; }
    PvBuf b;
    pvbuf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) pvbuf_add(&b, chunk, n);
    fclose(fp);
    PvCode *code = pv_compile(b.data ? b.data : "", b.len, path, "<module>");
    pvbuf_free(&b);
    if (!code) { pv_print_exception(pv_err_fetch()); return 1; }
    pv_disassemble(code, stdout);
    return 0;
}

int main(int argc, char **argv)
{
    const char *bench = NULL, *size = "small", *stats = NULL, *events = NULL, *file = NULL;
    const char *code = NULL;
    int64_t nthreads = 1;
    bool list_events = false, dis = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !strcmp(a, "-")) { file = a; i++; break; }
        const char *val = NULL;
        char name[64];
        snprintf(name, sizeof name, "%s", a + 2);
        char *eq = strchr(name, '=');
        if (eq) { *eq = 0; val = strchr(a, '=') + 1; }
#define NEED_VALUE() do { if (!val) { if (i + 1 >= argc) bad_usage("option %s needs a value", a); val = argv[++i]; } } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (!strcmp(a, "-c")) {
            if (i + 1 >= argc) bad_usage("%s", "option -c needs a value (the program)");
            code = argv[++i];
            i++;
            break;
        }
        else if (!strcmp(name, "version") && a[1] == '-') {
            print_version();
            return 0;
        }
        else if (!strcmp(name, "list-events")) list_events = true;
        else if (!strcmp(name, "dis")) dis = true;
        else if (!strcmp(name, "bench")) { NEED_VALUE(); bench = val; }
        else if (!strcmp(name, "threads")) {
            NEED_VALUE();
            char *end;
            nthreads = strtoll(val, &end, 10);
            if (*end || nthreads < 1 || nthreads > 4096) bad_usage("--threads needs a whole number from 1 to 4096, got '%s'", val);
        }
        else if (!strcmp(name, "size")) { NEED_VALUE(); size = val; }
        else if (!strcmp(name, "stats")) { NEED_VALUE(); stats = val; }
        else if (!strcmp(name, "events")) { NEED_VALUE(); events = val; }
        else if (!strcmp(name, "repeat-id")) { NEED_VALUE(); }
        else if (a[1] == '-') {
            NEED_VALUE();
            if (!pvsync_set_option(name, val)) bad_usage("unknown option '%s'", a);
        }
        else bad_usage("unknown option '%s'", a);
#undef NEED_VALUE
    }
    if (list_events) {
        pvpapi_sde_init();
        /* With --events: first check the list as --bench would (exit 2 when malformed);
         * what the harness uses to validate --events before a session. */
        if (events && !setup_events(events)) return 2;
        return pvpapi_list(stdout) ? 0 : 1;
    }
    if (bench) {
        if (file) bad_usage("--bench takes the workload as its value; unexpected argument '%s'", file);
        if (!stats) bad_usage("%s", "--bench needs --stats OUT ('-' for stdout)");
        pv_runtime_init(argc, argv);
        pv_module_init(bench);
        int rc = run_bench(bench, nthreads, size, stats, events);
        join_threads();
        pv_runtime_fini();
        return rc;
    }
    if (code) {
        pv_runtime_init(argc, argv);
        pv_module_init(NULL);
        int status = 0;
        if (!pv_run_source(code, strlen(code), "<string>")) status = report_exception(pv_err_fetch());
        join_threads();
        pv_runtime_fini();
        fflush(stdout);
        return status;
    }
    if (!file) {
        usage(stderr);
        return 2;
    }
    pv_runtime_init(argc, argv);
    pv_module_init(file);
    if (dis) return pv_dis_file(file);
    int status = 0;
    PvVal r = pv_run_main(file);
    if (!r) status = report_exception(pv_err_fetch());
    join_threads();
    pv_runtime_fini();
    fflush(stdout);
    return status;
}
