/* nogil.c — slow paths of the no-GIL backend: contended object locks, blocking regions
 * and the global parvm.atomic lock. The stop-the-world rendezvous (attached threads,
 * safepoints, parking) is the core's library, stw.c; this file parks through it.
 *
 * Lock order: an object lock may be held while taking the library's mutex, the GC's
 * locks or the atomic lock; no thread waits for an object lock without being parked. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "thread.h"

/* parvm.atomic: a global recursive lock. */
static pthread_mutex_t atomic_mu = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(PvThread *) atomic_owner;

/* ---- object locks -------------------------------------------------------------------- */

static long futex(_Atomic uint32_t *addr, int op, uint32_t val)
{
    return syscall(SYS_futex, (uint32_t *)addr, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

void pvnogil_lock_slow(PvThread *t, PvObject *o)
{
    _Atomic uint32_t *w = &o->pv_lock;
    int64_t start = pv_now_ns();
    PV_COUNT(t, lock_contended, 1);
    for (int i = 0; i < PVNOGIL_SPIN; i++) {
        __builtin_ia32_pause();
        uint32_t z = 0;
        if (atomic_load_explicit(w, memory_order_relaxed) == 0 &&
            atomic_compare_exchange_weak_explicit(w, &z, 1, memory_order_acquire,
                                                  memory_order_relaxed))
            goto done;
        if (atomic_load_explicit(&pvstw_requested, memory_order_relaxed)) break;
    }
    /* Park: 2 tells the holder that someone may sleep on the word. */
    pvstw_park_begin(t);
    while (atomic_exchange_explicit(w, 2, memory_order_acquire) != 0)
        futex(w, FUTEX_WAIT, 2);
    pvstw_park_end(t);
done:
    PV_COUNT(t, lock_wait_ns, pv_now_ns() - start);
}

void pvnogil_unlock_slow(PvObject *o)
{
    futex(&o->pv_lock, FUTEX_WAKE, 1);
}

void pvnogil_lock2(PvThread *t, PvObject *a, PvObject *b)
{
    if (a == b) { PVNOGIL_LOCK(t, a); return; }
    if ((uintptr_t)a > (uintptr_t)b) { PvObject *x = a; a = b; b = x; }
    PVNOGIL_LOCK(t, a);
    PVNOGIL_LOCK(t, b);
}

void pvnogil_unlock2(PvThread *t, PvObject *a, PvObject *b)
{
    (void)t;
    if (a != b) PVNOGIL_UNLOCK(t, b);
    PVNOGIL_UNLOCK(t, a);
}

/* ---- lifecycle ----------------------------------------------------------------------- */

void pvsync_init(void) {}

bool pvsync_set_option(const char *name, const char *value)
{
    (void)name; (void)value;
    return false;
}

const char *pvsync_options_help(void) { return ""; }

void pvsync_thread_starting(PvThread *parent, PvThread *child) { (void)parent; (void)child; }

void pvsync_thread_attach(PvThread *t) { pvstw_attach(t); }
void pvsync_thread_detach(PvThread *t) { pvstw_detach(t); }

void pvsync_block_begin(PvThread *t) { pvstw_park_begin(t); }
void pvsync_block_end(PvThread *t) { pvstw_park_end(t); }

/* ---- parvm.atomic --------------------------------------------------------------------- */

void pvsync_atomic_begin(PvThread *t)
{
    if (atomic_load_explicit(&atomic_owner, memory_order_relaxed) == t) {
        t->ng_atomic_depth++;
        return;
    }
    if (pthread_mutex_trylock(&atomic_mu) != 0) {
        int64_t start = pv_now_ns();
        PV_COUNT(t, atomic_contended, 1);
        pvstw_park_begin(t);
        pthread_mutex_lock(&atomic_mu);
        pvstw_park_end(t);
        PV_COUNT(t, atomic_wait_ns, pv_now_ns() - start);
    }
    PV_COUNT(t, atomic_acquires, 1);
    atomic_store_explicit(&atomic_owner, t, memory_order_relaxed);
    t->ng_atomic_depth = 1;
}

void pvsync_atomic_end(PvThread *t)
{
    if (atomic_load_explicit(&atomic_owner, memory_order_relaxed) != t) return;
    if (--t->ng_atomic_depth > 0) return;
    atomic_store_explicit(&atomic_owner, NULL, memory_order_relaxed);
    pthread_mutex_unlock(&atomic_mu);
}

/* ---- stop-the-world ------------------------------------------------------------------- */

void pvsync_gc_stop_world(PvThread *t) { pvstw_stop_world(t); }
void pvsync_gc_start_world(PvThread *t) { pvstw_start_world(t); }
