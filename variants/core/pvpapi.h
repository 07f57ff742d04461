/* pvpapi.h — hardware events (PAPI) and the VM's counters (PAPI SDE) for benchmark mode.
 *
 * The VM's counters (counters.h) are exported as PAPI Software Defined Events named
 * sde:::parvm::NAME, so hardware events and VM counters are read through one API.
 * Hardware events asked for with --events are probed one by one; an event PAPI cannot
 * count is reported as unavailable with PAPI's reason, never as 0. Each measured thread
 * counts into its own event set; the sums are folded into the totals under a mutex only
 * when a thread ends, so nothing here takes a lock on a hot path.
 *
 * Call order (main thread unless said otherwise):
 *
 *   pvpapi_sde_init()                  once, at start-up, before any PAPI use
 *   pvpapi_setup(events, &err)         bench mode, before the measured region
 *   pvpapi_region_begin()
 *       pvpapi_thread_begin()          first thing in every Python thread (own thread)
 *       pvpapi_thread_end()            last thing in that thread (own thread)
 *   pvpapi_region_end()                after every measured thread has ended
 *   pvpapi_write_record(out)           the papi / papi_unavailable / counter lines
 *
 * Record lines are those of docs/protocols.md; see docs/papi.md for the details. */
#ifndef PARVM_PVPAPI_H
#define PARVM_PVPAPI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "counters.h"
#include "util.h"

/* The --events default of docs/protocols.md, also what --list-events probes. */
#define PVPAPI_DEFAULT_EVENTS \
    "PAPI_TOT_INS,PAPI_TOT_CYC,PAPI_L1_DCM,PAPI_L2_DCM,PAPI_L3_TCM,PAPI_BR_MSP"

/* Prefix of the VM counters' PAPI names: sde:::parvm::bytecodes, ... */
#define PVPAPI_SDE_PREFIX "sde:::parvm::"

/* At most this many events in one --events list; longer lists are rejected. */
#if !defined(PVPAPI_MAX_EVENTS)
#define PVPAPI_MAX_EVENTS 64
#endif

/* Registers every VM counter with libsde as sde:::parvm::NAME (read-only, instant mode:
 * a read gives pv_counter_total, the process total; take the difference of two reads).
 * Idempotent and thread-safe; needs no PAPI initialisation. */
void pvpapi_sde_init(void);

/* Initialises PAPI with thread support and probes each event of `events_csv` on its own
 * ("none": no hardware events; NULL: PVPAPI_DEFAULT_EVENTS). Unavailable events are
 * remembered with their reason and do not fail the call. Returns false, with a one-line
 * message appended to `err`, only when the list itself is malformed (empty item, blank
 * or control character, duplicate, "none" mixed with names, too many or too long names).
 * May be called again to replace the list; not while a region is open. */
bool pvpapi_setup(const char *events_csv, PvBuf *err);

/* Open and close the measured region on the main thread: starts and stops the main
 * thread's hardware event set and the SDE event set holding every VM counter. */
void pvpapi_region_begin(void);
void pvpapi_region_end(void);

/* Called by each thread created inside the region, on that thread: begin first, end
 * last. Threads count into their own event set; end adds it to the totals under a
 * mutex. No-ops when no hardware event is available. */
void pvpapi_thread_begin(void);
void pvpapi_thread_end(void);

/* Writes one `papi NAME VALUE` or `papi_unavailable NAME REASON` line per requested
 * event (in the order given), then one `counter NAME VALUE` line per VM counter of this
 * build: its change over the region, read through PAPI SDE; if that read failed, says
 * so on stderr and uses pv_counter_total instead. Returns false on a write error. */
bool pvpapi_write_record(FILE *out);

/* The change of VM counter `id` over the last region, as written by write_record.
 * *via_sde (may be NULL) tells whether the value was read through PAPI SDE. */
int64_t pvpapi_counter_delta(PvCounterId id, bool *via_sde);

/* --list-events: `papi_version X.Y.Z`, one `component NAME enabled` or `component NAME
 * disabled REASON` line per PAPI component, then `NAME available` or `NAME unavailable
 * REASON` for each default event and each sde:::parvm:: counter. Returns false on a
 * write error. */
bool pvpapi_list(FILE *out);

/* Releases the event sets and shuts PAPI and libsde down (tests, clean exit). Setup
 * and sde_init may be called again afterwards. */
void pvpapi_shutdown(void);

#endif
