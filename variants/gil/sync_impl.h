/* sync_impl.h (gil) — a global interpreter lock, CPython's "new GIL" behaviour.
 *
 * One thread at a time runs Python code. A thread waiting for the GIL longer than the
 * switch interval (default 5 ms) sets the holder's eval_breaker; the holder drops the
 * GIL at its next tick and hands it directly to the longest waiter (FIFO baton
 * passing, so no convoy). Blocking operations release the GIL. In deterministic mode
 * (--switch-ticks N) the holder hands over every N ticks instead, to the next thread in
 * a queue whose order depends only on the program, so an interleaving is reproducible.
 *
 * Everything else is empty: barriers and critical sections cost nothing. */
#ifndef PARVM_SYNC_IMPL_GIL_H
#define PARVM_SYNC_IMPL_GIL_H

#include <pthread.h>
#include <stdatomic.h>

#define PVSYNC_NAME "gil"
#define PVSYNC_THREADS 1
#define PVSYNC_OBJ_HEADER
#define PVSYNC_THREAD_FIELDS \
    pthread_cond_t gil_cv;          /* signalled when the GIL is handed to this thread */ \
    struct PvThread *gil_next;      /* next waiter in the FIFO queue */ \
    bool gil_owner;                 /* handed the GIL (under the GIL mutex) */ \
    bool gil_prequeued;             /* queued by its parent at start() */ \
    int64_t gil_ticks;              /* ticks since this thread took the GIL */ \
    int atomic_depth;               /* nesting of parvm.atomic blocks */

/* Default switch interval in microseconds (CPython's is 5 ms). */
#ifndef PVGIL_SWITCH_INTERVAL_US
#define PVGIL_SWITCH_INTERVAL_US 5000
#endif

struct PvThread;
void pvgil_tick_slow(struct PvThread *t);

#define PVSYNC_TICK(t, at_base) do { \
        if (__builtin_expect(atomic_load_explicit(&(t)->eval_breaker, \
                                                  memory_order_relaxed), 0)) \
            pvgil_tick_slow(t); \
    } while (0)
#define PV_READ(t, obj)           ((void)(t))
#define PV_WRITE(t, obj)          PVCHECK_WRITE((t), (obj))
#define PV_CS_BEGIN(t, obj)       { (void)(t); PVCHECK_CS_ENTER((t), (obj));
#define PV_CS_END(t, obj)         PVCHECK_CS_LEAVE((t), (obj)); }
#define PV_CS2_BEGIN(t, a, b)     { (void)(t); PVCHECK_CS_ENTER((t), (a)); PVCHECK_CS_ENTER((t), (b));
#define PV_CS2_END(t, a, b)       PVCHECK_CS_LEAVE((t), (b)); PVCHECK_CS_LEAVE((t), (a)); }
#define PV_INEVITABLE(t)          ((void)(t))

#endif
