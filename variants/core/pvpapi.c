/* pvpapi.c — PAPI hardware events and the VM counters as PAPI SDEs; see pvpapi.h.
 *
 * State lives in one static struct written only by the main thread between calls that
 * cannot overlap with measured threads (setup and region_begin happen before the
 * region's threads are created, region_end after they have ended), so measured threads
 * read it without a lock. The only shared mutable data are the per-event totals and the
 * per-thread failure notes, both under `totals_lock`, taken once per thread at its end.
 *
 * papi_sde_hook_list_events() at the end is the entry point papi_native_avail looks up
 * (with `papi_native_avail -sde FILE`) to list the counters without running the VM. */
#include "pvpapi.h"

#include <papi.h>
#include <sde_lib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* libsde 7.0 loses a copy of each counter name it registers (a direct leak inside
 * libsde, 111 bytes for the core counters). LeakSanitizer builds ignore allocations
 * made during registration, and only those. */
#if defined(__SANITIZE_ADDRESS__)
#define PVPAPI_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PVPAPI_LSAN 1
#endif
#endif
#if defined(PVPAPI_LSAN)
#include <sanitizer/lsan_interface.h>
#define PVPAPI_LSAN_DISABLE() __lsan_disable()
#define PVPAPI_LSAN_ENABLE()  __lsan_enable()
#else
#define PVPAPI_LSAN_DISABLE() ((void)0)
#define PVPAPI_LSAN_ENABLE()  ((void)0)
#endif

typedef struct PvpapiEvent {
    char *name;
    int code;            /* PAPI event code, valid when reason == NULL */
    char *reason;        /* why PAPI cannot count it; NULL when it is counted */
    char *thread_reason; /* under totals_lock: a measured thread could not count it */
    long long total;     /* under totals_lock: summed over the main and measured threads */
} PvpapiEvent;

/* Counted events of one PAPI component: PAPI binds an event set to one component and
 * lets a thread run one set per component, so each thread runs one set per group. */
typedef struct PvpapiGroup {
    int cid;
    int n;
    int idx[PVPAPI_MAX_EVENTS];     /* indices into S.ev, in list order */
} PvpapiGroup;

static struct {
    bool papi_ready;
    char *papi_failure;             /* set when PAPI could not be initialised at all */
    bool configured;                /* pvpapi_setup succeeded at least once */
    int nevents;
    PvpapiEvent ev[PVPAPI_MAX_EVENTS];
    int ngroups;
    PvpapiGroup group[PVPAPI_MAX_EVENTS];
    int sde_group;                  /* the group on the sde component, or -1 */
    int main_set[PVPAPI_MAX_EVENTS];/* main thread's set per group (not sde_group) */
    long long main_base[PVPAPI_MAX_EVENTS];  /* per event: main set's value at start */
    long long sde_base[PV_NCOUNTERS + PVPAPI_MAX_EVENTS];  /* sde_set's values at start */
    int sde_set;                    /* every sde:::parvm:: counter + the sde group, main */
    int sde_slot[PVPAPI_MAX_EVENTS];/* sde group's k-th event: its value in sde_set */
    bool region_open, region_done;
    char *sde_failure;              /* why the last region's SDE read failed, or NULL */
    long long sde_delta[PV_NCOUNTERS];
    int64_t begin_total[PV_NCOUNTERS], end_total[PV_NCOUNTERS];
} S = { .sde_set = PAPI_NULL, .sde_group = -1,
        .main_set = { [0 ... PVPAPI_MAX_EVENTS - 1] = PAPI_NULL } };

static pthread_mutex_t totals_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sde_lock = PTHREAD_MUTEX_INITIALIZER;
static papi_handle_t sde_handle;    /* under sde_lock; non-NULL once registered */
static atomic_int live_threads;     /* measured threads between begin and end */
static __thread int tls_set[PVPAPI_MAX_EVENTS] = { [0 ... PVPAPI_MAX_EVENTS - 1] = PAPI_NULL };
static __thread long long tls_base[PVPAPI_MAX_EVENTS];
static __thread bool tls_registered;

/* ---- small helpers ---------------------------------------------------------------- */

/* Record values never hold TAB or newline: replace any control character by a space. */
static char *pvpapi_clean_dup(const char *s)
{
    char *d = pv_xstrdup(s && *s ? s : "no reason given by PAPI");
    for (char *p = d; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
    return d;
}

static char *pvpapi_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *pvpapi_strf(const char *fmt, ...)
{
    PvBuf b;
    pvbuf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    pvbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    char *s = pvbuf_detach(&b);
    char *clean = pvpapi_clean_dup(s);
    free(s);
    return clean;
}

static unsigned long pvpapi_thread_id(void) { return (unsigned long)pthread_self(); }

static void pvpapi_destroy_set(int *set)
{
    if (*set == PAPI_NULL) return;
    long long scratch[PVPAPI_MAX_EVENTS + PV_NCOUNTERS];
    int state = 0;
    if (PAPI_state(*set, &state) == PAPI_OK && (state & PAPI_RUNNING))
        PAPI_stop(*set, scratch);
    PAPI_cleanup_eventset(*set);
    PAPI_destroy_eventset(set);
    *set = PAPI_NULL;
}

/* Initialises PAPI once, with thread support. On failure every later probe reports
 * S.papi_failure as its reason. */
static bool pvpapi_papi_init(void)
{
    if (S.papi_ready) return true;
    if (S.papi_failure) return false;
    if (PAPI_is_initialized() == PAPI_NOT_INITED) {
        int rc = PAPI_library_init(PAPI_VER_CURRENT);
        if (rc != PAPI_VER_CURRENT) {
            S.papi_failure = rc > 0
                ? pvpapi_strf("PAPI_library_init: library version %d.%d differs from "
                              "header version %d.%d", PAPI_VERSION_MAJOR(rc),
                              PAPI_VERSION_MINOR(rc), PAPI_VERSION_MAJOR(PAPI_VERSION),
                              PAPI_VERSION_MINOR(PAPI_VERSION))
                : pvpapi_strf("PAPI_library_init: %s", PAPI_strerror(rc));
            return false;
        }
    }
    int rc = PAPI_thread_init(pvpapi_thread_id);
    if (rc != PAPI_OK) {
        S.papi_failure = pvpapi_strf("PAPI_thread_init: %s", PAPI_strerror(rc));
        return false;
    }
    S.papi_ready = true;
    return true;
}

/* The component an event name belongs to, or -1: "comp:::ev" names their component,
 * presets and libpfm4 names ("perf::X", "icl::X") belong to the CPU component. */
static int pvpapi_component_of(const char *name)
{
    int code = 0;
    if (PAPI_event_name_to_code(name, &code) == PAPI_OK) {
        int cid = PAPI_get_event_component(code);
        if (cid >= 0) return cid;
    }
    const char *sep = strstr(name, ":::");
    int n = PAPI_num_components();
    for (int cid = 0; cid < n; cid++) {
        const PAPI_component_info_t *ci = PAPI_get_component_info(cid);
        if (!ci) continue;
        if (sep ? (strlen(ci->name) == (size_t)(sep - name)
                   && strncmp(ci->name, name, (size_t)(sep - name)) == 0)
                : strcmp(ci->name, "perf_event") == 0)
            return cid;
    }
    return -1;
}

/* PAPI's error text for `rc`, plus the component's disabled reason when the event's
 * component is disabled. */
static char *pvpapi_reason(const char *name, const char *step, int rc)
{
    int cid = pvpapi_component_of(name);
    const PAPI_component_info_t *ci = cid >= 0 ? PAPI_get_component_info(cid) : NULL;
    if (ci && ci->disabled)
        return pvpapi_strf("%s (%s); component %s disabled: %s", PAPI_strerror(rc), step,
                           ci->name, ci->disabled_reason[0] ? ci->disabled_reason
                                                            : "no reason given");
    return pvpapi_strf("%s (%s)", PAPI_strerror(rc), step);
}

/* Counts `name` on its own in a throwaway event set. Returns NULL when PAPI can count
 * it (and sets *code), else the reason it cannot, to be freed by the caller. */
static char *pvpapi_probe(const char *name, int *code)
{
    if (!pvpapi_papi_init()) return pv_xstrdup(S.papi_failure);
    int set = PAPI_NULL, rc;
    char *why = NULL;
    long long v = 0;
    if ((rc = PAPI_create_eventset(&set)) != PAPI_OK)
        return pvpapi_strf("%s (PAPI_create_eventset)", PAPI_strerror(rc));
    if ((rc = PAPI_add_named_event(set, name)) != PAPI_OK)
        why = pvpapi_reason(name, "PAPI_add_named_event", rc);
    else if ((rc = PAPI_start(set)) != PAPI_OK)
        why = pvpapi_reason(name, "PAPI_start", rc);
    else if ((rc = PAPI_stop(set, &v)) != PAPI_OK)
        why = pvpapi_reason(name, "PAPI_stop", rc);
    pvpapi_destroy_set(&set);
    if (!why && (rc = PAPI_event_name_to_code(name, code)) != PAPI_OK)
        why = pvpapi_reason(name, "PAPI_event_name_to_code", rc);
    return why;
}

/* Adds group `g`'s events to `set`. Returns PAPI_OK, or the error and in *failed_at the
 * position in the group of the event that could not be added. */
static int pvpapi_add_group(int set, const PvpapiGroup *g, int *failed_at)
{
    *failed_at = -1;
    for (int k = 0; k < g->n; k++) {
        int rc = PAPI_add_event(set, S.ev[g->idx[k]].code);
        if (rc != PAPI_OK) {
            *failed_at = k;
            return rc;
        }
    }
    return PAPI_OK;
}

/* A started set holding group `g`, or PAPI_NULL with the error in *rc and the step.
 * Its values right after the start go to base[event index]: every value we report is
 * a difference of two reads. (SDE counters are instant process totals; differencing
 * also keeps one thread's PAPI_start from moving another set's baseline.) */
static int pvpapi_start_group(const PvpapiGroup *g, long long *base, int *rc,
                              const char **step, int *failed_at)
{
    long long v[PVPAPI_MAX_EVENTS];
    int set = PAPI_NULL;
    *failed_at = -1;
    *step = "PAPI_create_eventset";
    if ((*rc = PAPI_create_eventset(&set)) != PAPI_OK) return PAPI_NULL;
    *step = "PAPI_add_event";
    if ((*rc = pvpapi_add_group(set, g, failed_at)) == PAPI_OK) {
        *step = "PAPI_start";
        if ((*rc = PAPI_start(set)) == PAPI_OK) {
            *step = "PAPI_read";
            if ((*rc = PAPI_read(set, v)) == PAPI_OK) {
                for (int k = 0; k < g->n; k++) base[g->idx[k]] = v[k];
                return set;
            }
        }
    }
    pvpapi_destroy_set(&set);
    return PAPI_NULL;
}

/* ---- SDE registration --------------------------------------------------------------- */

/* libsde calls this when PAPI reads sde:::parvm::NAME. The counters are registered as
 * instant (PAPI reports the process total as is): libsde keeps a delta-mode baseline
 * per counter, not per event set, so with delta mode one thread's PAPI_start would
 * move the baseline of every other running set. Readers take differences instead. */
static long long pvpapi_sde_value(void *param)
{
    return (long long)pv_counter_total((PvCounterId)(intptr_t)param);
}

/* Registers every counter through `f`: libsde itself in the VM, the copy handed over by
 * papi_native_avail in the hook. */
static papi_handle_t pvpapi_sde_register(const papi_sde_fptr_struct_t *f)
{
    papi_handle_t h = f->init("parvm");
    if (!h) return NULL;
    for (int id = 0; id < PV_NCOUNTERS; id++) {
        const char *name = pv_counter_name((PvCounterId)id);
        f->register_counter_cb(h, name, PAPI_SDE_RO | PAPI_SDE_INSTANT, PAPI_SDE_long_long,
                               pvpapi_sde_value, (void *)(intptr_t)id);
        f->describe_counter(h, name, pv_counter_desc((PvCounterId)id));
    }
    return h;
}

void pvpapi_sde_init(void)
{
    pthread_mutex_lock(&sde_lock);
    if (!sde_handle) {
        papi_sde_fptr_struct_t f;
        memset(&f, 0, sizeof f);
        POPULATE_SDE_FPTR_STRUCT(f);
        PVPAPI_LSAN_DISABLE();
        sde_handle = pvpapi_sde_register(&f);
        PVPAPI_LSAN_ENABLE();
        if (!sde_handle)
            fprintf(stderr, "pvpapi: papi_sde_init failed: VM counters are not SDEs\n");
    }
    pthread_mutex_unlock(&sde_lock);
}

/* ---- setup: parse and probe the event list ---------------------------------------- */

static void pvpapi_clear_events(void)
{
    for (int i = 0; i < S.nevents; i++) {
        free(S.ev[i].name);
        free(S.ev[i].reason);
        free(S.ev[i].thread_reason);
    }
    memset(S.ev, 0, sizeof S.ev);
    S.nevents = S.ngroups = 0;
    S.sde_group = -1;
}

/* Splits `csv` into S.ev names, or appends why it is malformed to `err`. */
static bool pvpapi_parse(const char *csv, PvBuf *err)
{
    if (strcmp(csv, "none") == 0) return true;
    if (*csv == '\0') {
        pvbuf_adds(err, "--events: empty event list (use 'none' to count no hardware event)");
        return false;
    }
    for (const char *p = csv;;) {
        size_t n = strcspn(p, ",");
        int item = S.nevents + 1;
        if (n == 0) {
            pvbuf_addf(err, "--events: event %d is empty in '%s' (stray comma?)", item, csv);
            return false;
        }
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)p[i] <= ' ' || p[i] == 0x7f) {
                pvbuf_addf(err, "--events: event %d ('%.*s') contains a blank or control "
                           "character; names are separated by ',' alone", item, (int)n, p);
                return false;
            }
        if (n >= PAPI_HUGE_STR_LEN) {
            pvbuf_addf(err, "--events: event %d is %zu characters long (at most %d)", item,
                       n, PAPI_HUGE_STR_LEN - 1);
            return false;
        }
        if (n == 4 && strncmp(p, "none", 4) == 0) {
            pvbuf_addf(err, "--events: 'none' must be the whole list, not one of its "
                       "events ('%s')", csv);
            return false;
        }
        if (S.nevents == PVPAPI_MAX_EVENTS) {
            pvbuf_addf(err, "--events: more than %d events", PVPAPI_MAX_EVENTS);
            return false;
        }
        for (int j = 0; j < S.nevents; j++)
            if (strlen(S.ev[j].name) == n && strncmp(S.ev[j].name, p, n) == 0) {
                pvbuf_addf(err, "--events: '%s' is listed twice", S.ev[j].name);
                return false;
            }
        char *name = pv_xmalloc(n + 1);
        memcpy(name, p, n);
        name[n] = '\0';
        S.ev[S.nevents++].name = name;
        if (p[n] == '\0') return true;
        p += n + 1;
    }
}

bool pvpapi_setup(const char *events_csv, PvBuf *err)
{
    if (S.region_open) pv_fatal("pvpapi_setup: called inside the measured region");
    pvpapi_clear_events();
    S.configured = false;
    S.ngroups = 0;
    S.sde_group = -1;
    if (!pvpapi_parse(events_csv ? events_csv : PVPAPI_DEFAULT_EVENTS, err)) {
        pvpapi_clear_events();
        return false;
    }
    for (int i = 0; i < S.nevents; i++)
        S.ev[i].reason = pvpapi_probe(S.ev[i].name, &S.ev[i].code);
    /* Each event counts on its own; check that each component's events also count
     * together, as every thread's set for that component will hold them all. An event
     * that does not fit is dropped with the reason. */
    for (int i = 0; i < S.nevents; i++) {
        if (S.ev[i].reason) continue;
        int cid = PAPI_get_event_component(S.ev[i].code), g = 0;
        while (g < S.ngroups && S.group[g].cid != cid) g++;
        if (g == S.ngroups) {
            S.group[S.ngroups].cid = cid;
            S.group[S.ngroups++].n = 0;
        }
        PvpapiGroup *grp = &S.group[g];
        grp->idx[grp->n++] = i;
        int rc, failed_at;
        const char *step;
        long long base[PVPAPI_MAX_EVENTS];
        int set = pvpapi_start_group(grp, base, &rc, &step, &failed_at);
        if (set != PAPI_NULL) {
            pvpapi_destroy_set(&set);
            continue;
        }
        S.ev[i].reason = pvpapi_strf("%s (%s; cannot be counted together with the events "
                                     "before it in the list)", PAPI_strerror(rc), step);
        grp->n--;
        if (grp->n == 0) S.ngroups--;
    }
    const PAPI_component_info_t *ci;
    for (int g = 0; g < S.ngroups; g++)
        if ((ci = PAPI_get_component_info(S.group[g].cid)) && strcmp(ci->name, "sde") == 0)
            S.sde_group = g;
    S.configured = true;
    return true;
}

/* ---- the measured region -------------------------------------------------------------- */

static void pvpapi_note_failure(const PvpapiGroup *g, const char *step, int rc)
{
    pthread_mutex_lock(&totals_lock);
    for (int k = 0; k < g->n; k++) {
        PvpapiEvent *e = &S.ev[g->idx[k]];
        if (!e->thread_reason)
            e->thread_reason = pvpapi_strf("not counted on every thread: %s (%s)",
                                           PAPI_strerror(rc), step);
    }
    pthread_mutex_unlock(&totals_lock);
}

/* Starts one set per group for the calling thread, skipping `skip` (the group the main
 * thread counts in its SDE set), and notes the groups that could not be started. */
static void pvpapi_start_groups(int *sets, long long *base, int skip)
{
    for (int g = 0; g < S.ngroups; g++) {
        if (g == skip) continue;
        int rc, failed_at;
        const char *step;
        sets[g] = pvpapi_start_group(&S.group[g], base, &rc, &step, &failed_at);
        if (sets[g] == PAPI_NULL) pvpapi_note_failure(&S.group[g], step, rc);
    }
}

/* Adds group g's values (v[k] for its k-th event) minus their start values (base by
 * event index) to the totals: the only lock a measured thread takes. */
static void pvpapi_add_totals(const PvpapiGroup *g, const long long *v, const long long *base)
{
    pthread_mutex_lock(&totals_lock);
    for (int k = 0; k < g->n; k++) S.ev[g->idx[k]].total += v[k] - base[g->idx[k]];
    pthread_mutex_unlock(&totals_lock);
}

/* Stops every started set of `sets`, adds the values to the totals, destroys them. */
static void pvpapi_stop_groups(int *sets, const long long *base)
{
    long long v[PVPAPI_MAX_EVENTS];
    for (int g = 0; g < S.ngroups; g++) {
        if (sets[g] == PAPI_NULL) continue;
        int rc = PAPI_stop(sets[g], v);
        if (rc != PAPI_OK) pvpapi_note_failure(&S.group[g], "PAPI_stop", rc);
        else pvpapi_add_totals(&S.group[g], v, base);
        pvpapi_destroy_set(&sets[g]);
    }
}

static void pvpapi_snapshot(int64_t *out)
{
    for (int id = 0; id < PV_NCOUNTERS; id++) out[id] = pv_counter_total((PvCounterId)id);
}

static char *pvpapi_start_sde(void)
{
    if (!pvpapi_papi_init()) return pv_xstrdup(S.papi_failure);
    int rc = PAPI_create_eventset(&S.sde_set);
    if (rc != PAPI_OK) return pvpapi_strf("%s (PAPI_create_eventset)", PAPI_strerror(rc));
    char name[PAPI_HUGE_STR_LEN];
    for (int id = 0; id < PV_NCOUNTERS; id++) {
        snprintf(name, sizeof name, PVPAPI_SDE_PREFIX "%s", pv_counter_name((PvCounterId)id));
        if ((rc = PAPI_add_named_event(S.sde_set, name)) != PAPI_OK) {
            pvpapi_destroy_set(&S.sde_set);
            return pvpapi_reason(name, name, rc);
        }
    }
    /* sde events asked for with --events share this set, as a thread may run only one
     * set on the sde component; one that is a VM counter already reads that slot. */
    const PvpapiGroup *g = S.sde_group >= 0 ? &S.group[S.sde_group] : NULL;
    for (int k = 0, next = PV_NCOUNTERS; g && k < g->n; k++) {
        const PvpapiEvent *e = &S.ev[g->idx[k]];
        S.sde_slot[k] = -1;
        for (int id = 0; id < PV_NCOUNTERS; id++)
            if (strncmp(e->name, PVPAPI_SDE_PREFIX, strlen(PVPAPI_SDE_PREFIX)) == 0
                && strcmp(e->name + strlen(PVPAPI_SDE_PREFIX),
                          pv_counter_name((PvCounterId)id)) == 0)
                S.sde_slot[k] = id;
        if (S.sde_slot[k] >= 0) continue;
        if ((rc = PAPI_add_event(S.sde_set, e->code)) != PAPI_OK) {
            pvpapi_destroy_set(&S.sde_set);
            return pvpapi_strf("%s (adding %s to the SDE set)", PAPI_strerror(rc), e->name);
        }
        S.sde_slot[k] = next++;
    }
    if ((rc = PAPI_start(S.sde_set)) != PAPI_OK || (rc = PAPI_read(S.sde_set, S.sde_base))
        != PAPI_OK) {
        pvpapi_destroy_set(&S.sde_set);
        return pvpapi_strf("%s (starting the SDE set)", PAPI_strerror(rc));
    }
    return NULL;
}

void pvpapi_region_begin(void)
{
    if (S.region_open) pv_fatal("pvpapi_region_begin: region already open");
    pvpapi_sde_init();
    pthread_mutex_lock(&totals_lock);
    for (int i = 0; i < S.nevents; i++) {
        S.ev[i].total = 0;
        free(S.ev[i].thread_reason);
        S.ev[i].thread_reason = NULL;
    }
    pthread_mutex_unlock(&totals_lock);
    free(S.sde_failure);
    memset(S.sde_delta, 0, sizeof S.sde_delta);
    S.region_open = true;
    S.region_done = false;
    /* SDE first, hardware last: the hardware set should count as little of our own
     * bookkeeping as possible, and the pv_counter snapshot is the fallback's baseline. */
    S.sde_failure = pvpapi_start_sde();
    if (S.sde_failure && S.sde_group >= 0) {
        const PvpapiGroup *g = &S.group[S.sde_group];
        for (int k = 0; k < g->n; k++)
            S.ev[g->idx[k]].thread_reason = pvpapi_strf("not counted: %s", S.sde_failure);
    }
    pvpapi_snapshot(S.begin_total);
    pvpapi_start_groups(S.main_set, S.main_base, S.sde_group);
}

void pvpapi_region_end(void)
{
    if (!S.region_open) pv_fatal("pvpapi_region_end: no region open");
    pvpapi_stop_groups(S.main_set, S.main_base);
    pvpapi_snapshot(S.end_total);
    if (!S.sde_failure) {
        long long v[PV_NCOUNTERS + PVPAPI_MAX_EVENTS];
        int rc = PAPI_stop(S.sde_set, v);
        if (rc != PAPI_OK) {
            S.sde_failure = pvpapi_strf("%s (PAPI_stop of the SDE set)", PAPI_strerror(rc));
            if (S.sde_group >= 0)
                pvpapi_note_failure(&S.group[S.sde_group], "PAPI_stop of the SDE set", rc);
        } else {
            for (int id = 0; id < PV_NCOUNTERS; id++) S.sde_delta[id] = v[id] - S.sde_base[id];
            if (S.sde_group >= 0) {
                const PvpapiGroup *g = &S.group[S.sde_group];
                long long gv[PVPAPI_MAX_EVENTS], gbase[PVPAPI_MAX_EVENTS];
                for (int k = 0; k < g->n; k++) {
                    gv[k] = v[S.sde_slot[k]];
                    gbase[g->idx[k]] = S.sde_base[S.sde_slot[k]];
                }
                pvpapi_add_totals(g, gv, gbase);
            }
        }
    }
    pvpapi_destroy_set(&S.sde_set);
    int live = atomic_load_explicit(&live_threads, memory_order_acquire);
    if (live > 0)
        fprintf(stderr, "pvpapi: %d measured thread(s) still running at the end of the "
                "region; their hardware events are not in the totals\n", live);
    S.region_open = false;
    S.region_done = true;
}

void pvpapi_thread_begin(void)
{
    if (S.ngroups == 0) return;
    atomic_fetch_add_explicit(&live_threads, 1, memory_order_relaxed);
    int rc = PAPI_register_thread();
    if (rc != PAPI_OK) {
        for (int g = 0; g < S.ngroups; g++)
            pvpapi_note_failure(&S.group[g], "PAPI_register_thread", rc);
        return;
    }
    tls_registered = true;
    pvpapi_start_groups(tls_set, tls_base, -1);
}

void pvpapi_thread_end(void)
{
    if (S.ngroups == 0) return;
    pvpapi_stop_groups(tls_set, tls_base);
    if (tls_registered) PAPI_unregister_thread();
    tls_registered = false;
    atomic_fetch_sub_explicit(&live_threads, 1, memory_order_release);
}

/* ---- output ------------------------------------------------------------------------------ */

int64_t pvpapi_counter_delta(PvCounterId id, bool *via_sde)
{
    bool sde = S.region_done && !S.sde_failure;
    if (via_sde) *via_sde = sde;
    if (sde) return (int64_t)S.sde_delta[id];
    if (!S.region_done) return pv_counter_total(id);
    return S.end_total[id] - S.begin_total[id];
}

bool pvpapi_write_record(FILE *out)
{
    if (S.configured) {
        pthread_mutex_lock(&totals_lock);
        for (int i = 0; i < S.nevents; i++) {
            const PvpapiEvent *e = &S.ev[i];
            const char *why = e->reason ? e->reason : e->thread_reason;
            if (!why && !S.region_done)
                why = "not counted: no measured region was run";
            if (why)
                fprintf(out, "papi_unavailable\t%s\t%s\n", e->name, why);
            else
                fprintf(out, "papi\t%s\t%lld\n", e->name, e->total);
        }
        pthread_mutex_unlock(&totals_lock);
    }
    if (!S.region_done)
        fprintf(stderr, "pvpapi: no measured region was run; VM counters are process "
                "totals from pv_counter_total\n");
    else if (S.sde_failure)
        fprintf(stderr, "pvpapi: reading the VM counters through PAPI SDE failed (%s); "
                "using pv_counter_total\n", S.sde_failure);
    for (int id = 0; id < PV_NCOUNTERS; id++)
        fprintf(out, "counter\t%s\t%lld\n", pv_counter_name((PvCounterId)id),
                (long long)pvpapi_counter_delta((PvCounterId)id, NULL));
    return fflush(out) == 0 && !ferror(out);
}

static void pvpapi_list_one(FILE *out, const char *name)
{
    int code = 0;
    char *why = pvpapi_probe(name, &code);
    if (why) fprintf(out, "%s\tunavailable\t%s\n", name, why);
    else fprintf(out, "%s\tavailable\n", name);
    free(why);
}

bool pvpapi_list(FILE *out)
{
    pvpapi_sde_init();
    if (pvpapi_papi_init()) {
        int v = PAPI_get_opt(PAPI_LIB_VERSION, NULL);
        fprintf(out, "papi_version\t%d.%d.%d\n", PAPI_VERSION_MAJOR(v), PAPI_VERSION_MINOR(v),
                PAPI_VERSION_REVISION(v));
        int n = PAPI_num_components();
        for (int cid = 0; cid < n; cid++) {
            const PAPI_component_info_t *ci = PAPI_get_component_info(cid);
            if (!ci) continue;
            if (!ci->disabled) {
                fprintf(out, "component\t%s\tenabled\n", ci->name);
            } else {
                char *why = pvpapi_clean_dup(ci->disabled_reason);
                fprintf(out, "component\t%s\tdisabled\t%s\n", ci->name, why);
                free(why);
            }
        }
    } else {
        fprintf(out, "papi_version\t%d.%d.%d\n", PAPI_VERSION_MAJOR(PAPI_VERSION),
                PAPI_VERSION_MINOR(PAPI_VERSION), PAPI_VERSION_REVISION(PAPI_VERSION));
    }
    const char *defaults = PVPAPI_DEFAULT_EVENTS;
    char name[PAPI_HUGE_STR_LEN];
    for (const char *p = defaults; *p;) {
        size_t n = strcspn(p, ",");
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        pvpapi_list_one(out, name);
        p += n + (p[n] == ',');
    }
    for (int id = 0; id < PV_NCOUNTERS; id++) {
        snprintf(name, sizeof name, PVPAPI_SDE_PREFIX "%s", pv_counter_name((PvCounterId)id));
        pvpapi_list_one(out, name);
    }
    return fflush(out) == 0 && !ferror(out);
}

void pvpapi_shutdown(void)
{
    if (S.region_open) pv_fatal("pvpapi_shutdown: called inside the measured region");
    pvpapi_clear_events();
    S.configured = S.region_done = false;
    free(S.sde_failure);
    S.sde_failure = NULL;
    if (S.papi_ready) PAPI_shutdown();
    S.papi_ready = false;
    free(S.papi_failure);
    S.papi_failure = NULL;
    pthread_mutex_lock(&sde_lock);
    if (sde_handle) papi_sde_shutdown(sde_handle);
    sde_handle = NULL;
    pthread_mutex_unlock(&sde_lock);
}

/* ---- papi_native_avail -sde FILE -------------------------------------------------------- */

/* papi_native_avail dlopen()s FILE (and FILE's dependencies), looks up this symbol and
 * calls it with its own libsde entry points, so the counters show up under the sde
 * component without a VM running. The callbacks registered here are never read. */
papi_handle_t papi_sde_hook_list_events(papi_sde_fptr_struct_t *fptr_struct)
{
    return pvpapi_sde_register(fptr_struct);
}
