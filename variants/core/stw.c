/* stw.c — the stop-the-world library (see stw.h for who calls what): the list of
 * attached threads, parking at safepoints and in waits, and the collector's rendezvous.
 * Shared by the backends whose threads run in parallel (no-GIL, STM); compiled only
 * for a backend that sets PVSYNC_STW.
 *
 * State, all under stw_mu:
 *   attached   list of threads between attach and detach (PvThread.stw_next/stw_prev;
 *              stw_attached says whether a thread is in it);
 *   nrunning   attached threads that are not parked (at a safepoint, in a blocking
 *              region, or waiting for a lock of the backend);
 *   nattached, nblocked   how many threads are attached, and how many of those are
 *              parked by park_begin (blocked or waiting; not those at a safepoint);
 *   collector  the thread that stopped the world, or NULL;
 *   help_fn, help_arg, help_gen, helping   the collector's offer of work to the
 *              parked threads (pvstw_offer_help): a thread that waits for the restart
 *              runs help_fn once per offer (PvThread.stw_help_gen), with stw_mu
 *              released; helping counts those running it.
 * pvstw_requested is set (under stw_mu) while a collector stops or holds the world; it
 * is read without the mutex only as a hint (ticks see the eval_breaker instead, lock
 * spinning stops early). Invariant while collector != NULL and the collector runs:
 * nrunning == 1 (0 if the collector is not attached), and a parked thread leaves its
 * parked state only when the world is restarted (park_end waits). A thread that wants
 * to collect while another collector holds the world parks like at a safepoint and
 * then stops the world itself; the collector re-checks its threshold afterwards
 * (gc.c), so it usually skips.
 *
 * Lock order: stw_mu is a leaf. Any lock may be held while taking it and no other lock
 * is taken under it (pvgc_save_context and the counters take none). A thread that
 * waits here for the world to restart must not hold a lock the collector takes. */
#include <sched.h>

#include "thread.h"

#if PVSYNC_STW

#include "stw.h"

_Atomic int pvstw_requested;

static pthread_mutex_t stw_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t resume_cv = PTHREAD_COND_INITIALIZER;   /* the world restarted */
static pthread_cond_t parked_cv = PTHREAD_COND_INITIALIZER;   /* nrunning went down */
static PvThread *attached;
static int nattached;                  /* threads in the attached list */
static int nblocked;                   /* attached threads parked by park_begin */
static _Atomic int nunblocked;         /* nattached - nblocked, for pvstw_alone's
                                          lock-free first look */
static _Atomic int nrunning;           /* atomic only for stop_world's spin */
static PvThread *collector;
static _Atomic uint64_t world_gen;     /* restarts of the world, for the waiters' spin */
static bool (*help_fn)(void *);
static void *help_arg;
static _Atomic uint64_t help_gen;
static int helping;

/* The thread's context is saved so a collector can scan it, and it no longer counts as
 * running. The caller's frames stay on the stack above the saved one. */
PV_NOINLINE void pvstw_park_begin(PvThread *t)
{
    pvgc_save_context(t);
    pthread_mutex_lock(&stw_mu);
    nrunning--;
    nblocked++;
    atomic_store_explicit(&nunblocked, nattached - nblocked, memory_order_relaxed);
    t->stw_parked = true;
    if (collector) pthread_cond_broadcast(&parked_cv);
    pthread_mutex_unlock(&stw_mu);
}

/* Spins (PV_SPIN_UNLOCKED) with stw_mu released while `cond` holds, for at most
 * PV_STW_SPIN_NS in all. */
#define SPIN_WHILE(cond, spin_start) PV_SPIN_UNLOCKED(cond, &stw_mu, spin_start, PV_STW_SPIN_NS)

/* Waits until no other thread holds or is stopping the world, and counts the pause.
 * stw_mu held (released while it waits, as by a condition wait); t already counts as
 * parked. */
static void wait_restart_locked(PvThread *t)
{
    int64_t start = pv_now_ns(), spin = 0;
    while (collector && collector != t) {
        if (help_fn && t->stw_help_gen != help_gen) {
            bool (*fn)(void *) = help_fn;
            void *arg = help_arg;
            t->stw_help_gen = help_gen;
            helping++;
            pthread_mutex_unlock(&stw_mu);
            int64_t h0 = pv_now_ns();
            if (fn(arg)) {
                PV_COUNT(t, stw_helps, 1);
                PV_COUNT(t, stw_help_ns, pv_now_ns() - h0);
            }
            pthread_mutex_lock(&stw_mu);
            if (--helping == 0) pthread_cond_broadcast(&parked_cv);
            continue;
        }
        uint64_t gen = world_gen, hgen = help_gen;
        if (SPIN_WHILE(atomic_load_explicit(&world_gen, memory_order_relaxed) == gen &&
                       atomic_load_explicit(&help_gen, memory_order_relaxed) == hgen, &spin))
            continue;
        pthread_cond_wait(&resume_cv, &stw_mu);
    }
    PV_COUNT(t, safepoint_pauses, 1);
    PV_COUNT(t, safepoint_pause_ns, pv_now_ns() - start);
}

void pvstw_park_end(PvThread *t)
{
    pthread_mutex_lock(&stw_mu);
    if (collector && collector != t) wait_restart_locked(t);
    nrunning++;
    nblocked--;
    atomic_store_explicit(&nunblocked, nattached - nblocked, memory_order_relaxed);
    t->stw_parked = false;
    pthread_mutex_unlock(&stw_mu);
}

/* Parks until the current stop-the-world ends. stw_mu held; context already saved. */
static void safepoint_locked(PvThread *t)
{
    nrunning--;
    t->stw_parked = true;
    pthread_cond_broadcast(&parked_cv);
    wait_restart_locked(t);
    nrunning++;
    t->stw_parked = false;
}

void pvstw_safepoint(PvThread *t)
{
    atomic_store_explicit(&t->eval_breaker, 0, memory_order_relaxed);
    pvgc_save_context(t);
    pthread_mutex_lock(&stw_mu);
    if (collector && collector != t) safepoint_locked(t);
    pthread_mutex_unlock(&stw_mu);
}

void pvstw_attach(PvThread *t)
{
    pthread_mutex_lock(&stw_mu);
    while (collector) pthread_cond_wait(&resume_cv, &stw_mu);
    t->stw_prev = NULL;
    t->stw_next = attached;
    if (attached) attached->stw_prev = t;
    attached = t;
    nattached++;
    atomic_store_explicit(&nunblocked, nattached - nblocked, memory_order_relaxed);
    t->stw_attached = true;
    t->stw_parked = false;
    nrunning++;
    pthread_mutex_unlock(&stw_mu);
}

void pvstw_detach(PvThread *t)
{
    pvgc_save_context(t);
    pthread_mutex_lock(&stw_mu);
    if (t->stw_prev) t->stw_prev->stw_next = t->stw_next; else attached = t->stw_next;
    if (t->stw_next) t->stw_next->stw_prev = t->stw_prev;
    t->stw_next = t->stw_prev = NULL;
    nattached--;
    atomic_store_explicit(&nunblocked, nattached - nblocked, memory_order_relaxed);
    t->stw_attached = false;
    nrunning--;
    if (collector) pthread_cond_broadcast(&parked_cv);
    pthread_mutex_unlock(&stw_mu);
}

void pvstw_stop_world(PvThread *t)
{
    pvgc_save_context(t);
    pthread_mutex_lock(&stw_mu);
    /* Another collector holds or is stopping the world: be stopped first. */
    while (collector && collector != t) safepoint_locked(t);
    collector = t;
    atomic_store_explicit(&pvstw_requested, 1, memory_order_relaxed);
    for (PvThread *u = attached; u; u = u->stw_next)
        if (u != t) atomic_store_explicit(&u->eval_breaker, 1, memory_order_relaxed);
    /* Threads spinning for a lock of the backend see pvstw_requested and park. */
    int running_self = t->stw_attached ? 1 : 0;
    int64_t spin = 0;
    while (nrunning > running_self) {
        if (SPIN_WHILE(atomic_load_explicit(&nrunning, memory_order_relaxed) > running_self, &spin))
            continue;
        pthread_cond_wait(&parked_cv, &stw_mu);
    }
    pthread_mutex_unlock(&stw_mu);
}

bool pvstw_alone(PvThread *t)
{
    /* Most calls (every transaction start on stm) find other threads running: say so
     * without taking the mutex, which both threads would otherwise take every time. A
     * stale "alone" is re-checked under the mutex; a stale "not alone" only loses one
     * solo transaction. */
    if (atomic_load_explicit(&nunblocked, memory_order_relaxed) != 1) return false;
    pthread_mutex_lock(&stw_mu);
    /* Every other attached thread parked by park_begin: one parked at a safepoint
     * (it may be there in the middle of what it was doing) or about to leave one
     * after a collection (nrunning already lowered, not yet raised) does not count. */
    bool alone = nattached - nblocked == 1 && t->stw_attached && !t->stw_parked &&
                 !collector;
    pthread_mutex_unlock(&stw_mu);
    return alone;
}

bool pvstw_run_if_parked(PvThread *u, void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&stw_mu);
    bool parked = !u->stw_attached || u->stw_parked;
    if (parked) fn(arg);
    pthread_mutex_unlock(&stw_mu);
    return parked;
}

void pvstw_offer_help(PvThread *t, bool (*fn)(void *), void *arg)
{
    (void)t;
    pthread_mutex_lock(&stw_mu);
    help_fn = fn;
    help_arg = arg;
    help_gen++;
    pthread_cond_broadcast(&resume_cv);
    pthread_mutex_unlock(&stw_mu);
}

void pvstw_end_help(PvThread *t)
{
    (void)t;
    pthread_mutex_lock(&stw_mu);
    help_fn = NULL;
    while (helping) pthread_cond_wait(&parked_cv, &stw_mu);
    pthread_mutex_unlock(&stw_mu);
}

void pvstw_start_world(PvThread *t)
{
    (void)t;
    pthread_mutex_lock(&stw_mu);
    collector = NULL;
    atomic_fetch_add_explicit(&world_gen, 1, memory_order_relaxed);
    atomic_store_explicit(&pvstw_requested, 0, memory_order_relaxed);
    pthread_cond_broadcast(&resume_cv);
    pthread_mutex_unlock(&stw_mu);
}

#endif
