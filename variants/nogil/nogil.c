/* nogil.c — slow paths of the no-GIL backend: contended object locks, the
 * stop-the-world rendezvous, blocking regions and the global parvm.atomic lock.
 *
 * Stop-the-world state, all under stw_mu:
 *   attached   list of threads between attach and detach;
 *   nrunning   attached threads that are not parked (at a safepoint, in a blocking
 *              region, or waiting for an object lock);
 *   collector  the thread that stopped the world, or NULL.
 * pvnogil_stw is set (under stw_mu) while a collector stops or holds the world; it is
 * read without the mutex only as a hint (ticks see the eval_breaker instead, lock
 * spinning stops early). Invariant while collector != NULL and the collector runs:
 * nrunning == 1, and a parked thread leaves its parked state only when the world is
 * restarted (park_end waits). A thread that wants to collect while another collector
 * holds the world parks like at a safepoint and then stops the world itself; the
 * collector re-checks its threshold afterwards (gc.c), so it usually skips.
 *
 * Lock order: an object lock may be held while taking stw_mu, the GC's locks or the
 * atomic lock; no thread waits for an object lock without being parked. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "thread.h"

_Atomic int pvnogil_stw;

static pthread_mutex_t stw_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t resume_cv = PTHREAD_COND_INITIALIZER;   /* the world restarted */
static pthread_cond_t parked_cv = PTHREAD_COND_INITIALIZER;   /* nrunning went down */
static PvThread *attached;
static int nrunning;
static PvThread *collector;

/* parvm.atomic: a global recursive lock. */
static pthread_mutex_t atomic_mu = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(PvThread *) atomic_owner;

/* ---- parking ------------------------------------------------------------------------ */

/* Enters a parked state: the thread's context is saved so a collector can scan it, and
 * it no longer counts as running. Between park_begin and park_end the thread does not
 * touch the Python heap. The caller's frames stay on the stack above the saved one. */
static PV_NOINLINE void park_begin(PvThread *t)
{
    pvgc_save_context(t);
    pthread_mutex_lock(&stw_mu);
    nrunning--;
    if (collector) pthread_cond_broadcast(&parked_cv);
    pthread_mutex_unlock(&stw_mu);
}

/* Leaves the parked state, waiting while another thread holds the world stopped. */
static void park_end(PvThread *t)
{
    pthread_mutex_lock(&stw_mu);
    if (collector && collector != t) {
        int64_t start = pv_now_ns();
        while (collector && collector != t) pthread_cond_wait(&resume_cv, &stw_mu);
        PV_COUNT(t, safepoint_pauses, 1);
        PV_COUNT(t, safepoint_pause_ns, pv_now_ns() - start);
    }
    nrunning++;
    pthread_mutex_unlock(&stw_mu);
}

/* Parks until the current stop-the-world ends. stw_mu held; context already saved. */
static void safepoint_locked(PvThread *t)
{
    int64_t start = pv_now_ns();
    nrunning--;
    pthread_cond_broadcast(&parked_cv);
    while (collector && collector != t) pthread_cond_wait(&resume_cv, &stw_mu);
    nrunning++;
    PV_COUNT(t, safepoint_pauses, 1);
    PV_COUNT(t, safepoint_pause_ns, pv_now_ns() - start);
}

void pvnogil_tick_slow(PvThread *t)
{
    atomic_store_explicit(&t->eval_breaker, 0, memory_order_relaxed);
    pvgc_save_context(t);
    pthread_mutex_lock(&stw_mu);
    if (collector && collector != t) safepoint_locked(t);
    pthread_mutex_unlock(&stw_mu);
}

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
        if (atomic_load_explicit(&pvnogil_stw, memory_order_relaxed)) break;
    }
    /* Park: 2 tells the holder that someone may sleep on the word. */
    park_begin(t);
    while (atomic_exchange_explicit(w, 2, memory_order_acquire) != 0)
        futex(w, FUTEX_WAIT, 2);
    park_end(t);
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

void pvsync_thread_attach(PvThread *t)
{
    pthread_mutex_lock(&stw_mu);
    while (collector) pthread_cond_wait(&resume_cv, &stw_mu);
    t->ng_prev = NULL;
    t->ng_next = attached;
    if (attached) attached->ng_prev = t;
    attached = t;
    t->ng_attached = true;
    nrunning++;
    pthread_mutex_unlock(&stw_mu);
}

void pvsync_thread_detach(PvThread *t)
{
    pvgc_save_context(t);
    pthread_mutex_lock(&stw_mu);
    if (t->ng_prev) t->ng_prev->ng_next = t->ng_next; else attached = t->ng_next;
    if (t->ng_next) t->ng_next->ng_prev = t->ng_prev;
    t->ng_next = t->ng_prev = NULL;
    t->ng_attached = false;
    nrunning--;
    if (collector) pthread_cond_broadcast(&parked_cv);
    pthread_mutex_unlock(&stw_mu);
}

void pvsync_block_begin(PvThread *t) { park_begin(t); }
void pvsync_block_end(PvThread *t) { park_end(t); }

/* ---- parvm.atomic --------------------------------------------------------------------- */

void pvsync_atomic_begin(PvThread *t)
{
    if (atomic_load_explicit(&atomic_owner, memory_order_relaxed) == t) {
        t->ng_atomic_depth++;
        return;
    }
    if (pthread_mutex_trylock(&atomic_mu) != 0) {
        park_begin(t);
        pthread_mutex_lock(&atomic_mu);
        park_end(t);
    }
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

void pvsync_gc_stop_world(PvThread *t)
{
    pvgc_save_context(t);
    pthread_mutex_lock(&stw_mu);
    /* Another collector holds or is stopping the world: be stopped first. */
    while (collector && collector != t) safepoint_locked(t);
    collector = t;
    atomic_store_explicit(&pvnogil_stw, 1, memory_order_relaxed);
    for (PvThread *u = attached; u; u = u->ng_next)
        if (u != t) atomic_store_explicit(&u->eval_breaker, 1, memory_order_relaxed);
    /* Wake lock waiters' spins: they check pvnogil_stw and park. */
    int running_self = t->ng_attached ? 1 : 0;
    while (nrunning > running_self) pthread_cond_wait(&parked_cv, &stw_mu);
    pthread_mutex_unlock(&stw_mu);
}

void pvsync_gc_start_world(PvThread *t)
{
    (void)t;
    pthread_mutex_lock(&stw_mu);
    collector = NULL;
    atomic_store_explicit(&pvnogil_stw, 0, memory_order_relaxed);
    pthread_cond_broadcast(&resume_cv);
    pthread_mutex_unlock(&stw_mu);
}
