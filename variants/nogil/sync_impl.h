/* sync_impl.h (nogil) — no global lock: Python threads run truly in parallel.
 *
 * Every object header carries a 32-bit lock word (0 free, 1 held, 2 held with
 * waiters). A critical section takes it with one compare-and-swap; a contended
 * acquisition spins briefly, then parks on a futex on the word itself.
 *
 * Biased locks: a new object's word names the thread that allocated it (its bias,
 * (id << 3) | 4, bit 0 the held bit), and that thread enters and leaves critical
 * sections of it with a plain load and store, no atomic read-modify-write. Another
 * thread that wants the lock revokes the bias first: it stops the world, so the owner
 * is parked outside any fast path, rewrites the word to 0 (free) or 2 (held, the
 * owner's unlock then takes the normal path and wakes it), and restarts the world.
 * An owner that is parked (waiting, blocked, at a safepoint) or has finished needs no
 * stop: the word is rewritten while the library keeps it parked. After
 * PVNOGIL_REVOKE_STOP_LIMIT stopping revocations new objects are no longer biased. Most
 * objects are never locked by a second thread, so most critical sections cost two
 * plain moves; `--nogil-bias 0` turns biasing off to measure the difference.
 *
 * Parking for a lock is a safepoint-safe region (the thread saves its context and counts as
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
/* Only lists, dicts, sets, types, random generators and str iterators are locked: no
 * other object needs the lock word (sync.h, PVSYNC_BARE_UNLOCKED). */
#define PVSYNC_LEAN_FLOATS 1
#define PVSYNC_BARE_UNLOCKED 1
/* The lock word sits in the header's second word, which is also the free-list link of
 * a free slot: allocation clears it, so a new object starts unlocked. */
#define PVSYNC_OBJ_HEADER \
    _Atomic uint32_t pv_lock;       /* 0 free, 1 held, 2 held and a thread may be parked */ \
    uint32_t pv_pad;
#define PVSYNC_THREAD_FIELDS \
    int ng_atomic_depth;            /* nesting of parvm.atomic (owner only) */ \
    uint32_t ng_bias;               /* this thread's biased lock word, held bit clear */

/* A new lockable object is biased to the allocating thread while biasing is on; a
 * bare one gets 0 in its first field (which the allocator must clear anyway: it held
 * the free-list link). */
extern _Atomic int pvnogil_bias_on;
#define PVSYNC_NEW_OBJECT_WORD(t, type) \
    ((void *)(uintptr_t)(((type)->flags & PV_TYPE_LOCKABLE) && \
                         atomic_load_explicit(&pvnogil_bias_on, memory_order_relaxed) \
                         ? (t)->ng_bias : 0u))

/* Revocations that had to stop the world (about 35 us each on two cores, estimated
 * from skiplist's slowdown when every revocation stopped it) after which
 * new objects are no longer biased: a program that hands many objects from a running
 * thread to another pays at most this many stops. */
#ifndef PVNOGIL_REVOKE_STOP_LIMIT
#define PVNOGIL_REVOKE_STOP_LIMIT 256
#endif

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

/* The biased path needs no fence: another thread reads the word only with the owner
 * parked (stopped world), and parking goes through a mutex. ng_bias is never 0 once the
 * thread is attached, and no thread locks before that. */
#define PVNOGIL_LOCK(t, o) do { \
        _Atomic uint32_t *pvw_ = &((struct PvObject *)(o))->pv_lock; \
        uint32_t pvz_ = atomic_load_explicit(pvw_, memory_order_relaxed); \
        if (__builtin_expect(pvz_ == (t)->ng_bias, 1)) { \
            atomic_store_explicit(pvw_, pvz_ | 1u, memory_order_relaxed); \
        } else { \
            pvz_ = 0; \
            if (__builtin_expect(!atomic_compare_exchange_strong_explicit( \
                    pvw_, &pvz_, 1, memory_order_acquire, memory_order_relaxed), 0)) \
                pvnogil_lock_slow((t), (struct PvObject *)(o)); \
        } \
        PV_COUNT((t), lock_acquires, 1); \
    } while (0)
#define PVNOGIL_UNLOCK(t, o) do { \
        _Atomic uint32_t *pvw_ = &((struct PvObject *)(o))->pv_lock; \
        if (__builtin_expect(atomic_load_explicit(pvw_, memory_order_relaxed) == \
                             ((t)->ng_bias | 1u), 1)) \
            atomic_store_explicit(pvw_, (t)->ng_bias, memory_order_relaxed); \
        else if (__builtin_expect(atomic_exchange_explicit(pvw_, 0, memory_order_release) == 2, 0)) \
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
