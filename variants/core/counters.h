/* counters.h — the VM's own event counters (bytecodes, GC, and each backend's).
 *
 * Every counter is declared once, in an X-macro list: PV_CORE_COUNTERS below for what
 * every variant counts, PVSTW_COUNTERS below for the stop-the-world library (stw.c),
 * PVSYNC_COUNTERS in the backend's sync_counters.h for the rest.
 * Each thread owns a PvCounters block and bumps its own slots with relaxed atomic
 * load+store (one thread writes a slot, so no read-modify-write and no lock is needed);
 * readers sum every registered block plus the totals of threads that have exited.
 * The registry mutex is taken only at thread start/exit and when a total is read, never
 * on a hot path. pvpapi.c exports each counter as sde:::parvm::NAME. */
#ifndef PARVM_COUNTERS_H
#define PARVM_COUNTERS_H

#include <stdint.h>
#include <stdatomic.h>
#include "sync_counters.h"

#define PV_CORE_COUNTERS(X) \
    X(bytecodes,      "bytecode instructions executed") \
    X(calls,          "Python function calls and generator resumptions") \
    X(gc_cycles,      "garbage collections") \
    X(gc_pause_ns,    "wall time the world was stopped for GC, in ns") \
    X(gc_alloc_bytes, "bytes allocated on the GC heap") \
    X(threads_started, "Python threads started")

/* Counted by stw.c for every backend that uses it; such a backend lists
 * PVSTW_COUNTERS(X) in its PVSYNC_COUNTERS. Not core counters: a build without
 * safepoints (GIL, none) would then report them as 0, and a counter a variant does not
 * have must be absent, not 0 (docs/protocols.md). Simpler than passing counter ids to
 * the library: stw.c names them like any other counter. */
#define PVSTW_COUNTERS(X) \
    X(safepoint_pauses,  "times a thread parked at a safepoint for a stop-the-world collection") \
    X(safepoint_pause_ns, "wall time threads spent parked at safepoints, in ns (with the time they helped)") \
    X(stw_helps,         "times a parked thread did part of the collector's marking (parallel mark)") \
    X(stw_help_ns,       "wall time parked threads spent marking for the collector, in ns")

typedef enum PvCounterId {
#define PV_COUNTER_ENUM(name, desc) PVC_##name,
    PV_CORE_COUNTERS(PV_COUNTER_ENUM)
    PVSYNC_COUNTERS(PV_COUNTER_ENUM)
#undef PV_COUNTER_ENUM
    PV_NCOUNTERS
} PvCounterId;

typedef struct PvCounters {
    _Atomic int64_t v[PV_NCOUNTERS];   /* written only by the owning thread */
    struct PvCounters *next, *prev;    /* registry links, under the registry mutex */
} PvCounters;

/* Owner-only update: relaxed load and store, a plain add on x86-64. */
static inline void pv_counter_add(PvCounters *c, PvCounterId id, int64_t n)
{
    int64_t old = atomic_load_explicit(&c->v[id], memory_order_relaxed);
    atomic_store_explicit(&c->v[id], old + n, memory_order_relaxed);
}

void pv_counters_register(PvCounters *c);    /* zeroes c and links it in */
void pv_counters_unregister(PvCounters *c);  /* folds c into the exited-threads totals */
int64_t pv_counter_total(PvCounterId id);    /* sum over live and exited threads */
const char *pv_counter_name(PvCounterId id);
const char *pv_counter_desc(PvCounterId id);
void pv_counters_reset(void);                /* zero every live and exited total */

#endif
