/* sync_impl.h (nogil) — no global lock: Python threads run truly in parallel.
 *
 * Every object header carries a 32-bit lock word (0 free, 1 held, 2 held with
 * waiters). A critical section takes it with one compare-and-swap; a contended
 * acquisition spins briefly, then parks on a futex on the word itself. Parking for a
 * lock is a safepoint-safe region (the thread saves its context and counts as
 * stopped), so a thread that collects while holding a lock never waits for a thread
 * that waits for that lock. Two-object sections lock in address order.
 *
 * Reads of containers are lock-free: storage objects carry their own capacity and a
 * replaced array stays valid until the collector proves no thread holds it (thread
 * stacks are scanned conservatively at the safepoint where each thread parked).
 *
 * Stop-the-world comes from the core's library (stw.h): the collecting thread sets
 * pvstw_requested and every attached thread's eval_breaker; each running thread parks
 * at its next tick; threads in blocking regions or lock waits are already parked.
 * `with parvm.atomic:` is one global recursive lock. Inline cache entries are filled
 * under a per-entry sequence word and read as a validated copy, so a reader never
 * combines halves of two fills. */
#ifndef PARVM_SYNC_IMPL_NOGIL_H
#define PARVM_SYNC_IMPL_NOGIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "stw.h"

#define PVSYNC_NAME "nogil"
/* Readers race in-place writers (sync.h): value copies go word by word. */
#define PVSYNC_RACING_READERS 1
#define PVSYNC_THREADS 1
#define PVSYNC_STW 1
/* The lock word sits in the header's second word, which is also the free-list link of
 * a free slot: allocation clears it, so a new object starts unlocked. */
#define PVSYNC_OBJ_HEADER \
    _Atomic uint32_t pv_lock;       /* 0 free, 1 held, 2 held and a thread may be parked */ \
    uint32_t pv_pad;
#define PVSYNC_THREAD_FIELDS \
    int ng_atomic_depth;            /* nesting of parvm.atomic (owner only) */

/* Spins before a contended lock parks (each spin is one pause instruction). */
#ifndef PVNOGIL_SPIN
#define PVNOGIL_SPIN 200
#endif

struct PvThread;
struct PvObject;
struct PvCache;
void pvnogil_lock_slow(struct PvThread *t, struct PvObject *o);
void pvnogil_unlock_slow(struct PvObject *o);
void pvnogil_lock2(struct PvThread *t, struct PvObject *a, struct PvObject *b);
void pvnogil_unlock2(struct PvThread *t, struct PvObject *a, struct PvObject *b);

#define PVSYNC_TICK(t, at_base) do { \
        if (__builtin_expect(atomic_load_explicit(&(t)->eval_breaker, \
                                                  memory_order_relaxed), 0)) \
            pvstw_safepoint(t); \
    } while (0)

#define PVNOGIL_LOCK(t, o) do { \
        uint32_t pvz_ = 0; \
        if (__builtin_expect(!atomic_compare_exchange_strong_explicit( \
                &((struct PvObject *)(o))->pv_lock, &pvz_, 1, \
                memory_order_acquire, memory_order_relaxed), 0)) \
            pvnogil_lock_slow((t), (struct PvObject *)(o)); \
        PV_COUNT((t), lock_acquires, 1); \
    } while (0)
#define PVNOGIL_UNLOCK(t, o) do { \
        if (__builtin_expect(atomic_exchange_explicit( \
                &((struct PvObject *)(o))->pv_lock, 0, memory_order_release) == 2, 0)) \
            pvnogil_unlock_slow((struct PvObject *)(o)); \
    } while (0)

#define PV_READ(t, obj)           ((void)(t))
#define PV_WRITE(t, obj)          PVCHECK_WRITE((t), (obj))
#define PV_CS_BEGIN(t, obj)       { PVNOGIL_LOCK((t), (obj)); PVCHECK_CS_ENTER((t), (obj));
#define PV_CS_END(t, obj)         PVCHECK_CS_LEAVE((t), (obj)); PVNOGIL_UNLOCK((t), (obj)); }
#define PV_CS2_BEGIN(t, a, b)     { pvnogil_lock2((t), (struct PvObject *)(a), (struct PvObject *)(b)); \
                                    PVCHECK_CS_ENTER((t), (a)); PVCHECK_CS_ENTER((t), (b));
#define PV_CS2_END(t, a, b)       PVCHECK_CS_LEAVE((t), (b)); PVCHECK_CS_LEAVE((t), (a)); \
                                  pvnogil_unlock2((t), (struct PvObject *)(a), (struct PvObject *)(b)); }
#define PV_INEVITABLE(t)          ((void)(t))

/* Inline caches: a sequence word per entry (shared with the STM build). */
#include "cache_seq.h"

#endif
