/* gil.c — the global interpreter lock (see sync_impl.h for the behaviour).
 *
 * State, all under gil_mu:
 *   holder       the thread that owns the GIL, or NULL when it is free;
 *   queue        FIFO of threads waiting for it (q_head .. q_tail, linked by gil_next).
 * Invariant: holder == NULL implies the queue is empty — dropping the GIL hands it
 * straight to the queue's head (baton passing), so a waiter never races a newcomer
 * and a thread that drops the GIL to let others run cannot take it straight back.
 * A waiter learns it was handed the GIL through its own gil_owner flag and condvar. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "thread.h"

static pthread_mutex_t gil_mu = PTHREAD_MUTEX_INITIALIZER;
static PvThread *holder;
static PvThread *q_head, *q_tail;
static uint64_t switch_count;            /* hand-offs so far */
static int64_t interval_us = PVGIL_SWITCH_INTERVAL_US;
static int64_t switch_ticks;             /* > 0: deterministic mode */

static void enqueue(PvThread *t)
{
    t->gil_next = NULL;
    if (q_tail) q_tail->gil_next = t; else q_head = t;
    q_tail = t;
}

static PvThread *dequeue(void)
{
    PvThread *t = q_head;
    if (t) {
        q_head = t->gil_next;
        if (!q_head) q_tail = NULL;
        t->gil_next = NULL;
    }
    return t;
}

/* Gives the GIL to the next waiter, or frees it. Called by the holder, gil_mu held. */
static void drop_locked(PvThread *t)
{
    (void)t;
    PvThread *next = dequeue();
    holder = next;
    if (next) {
        switch_count++;
        next->gil_owner = true;
        pthread_cond_signal(&next->gil_cv);
    }
}

/* Waits until t holds the GIL. gil_mu held; t already queued if `queued`. */
static void take_locked(PvThread *t, bool queued)
{
    if (!queued) {
        if (!holder && !q_head) {
            holder = t;
            return;
        }
        enqueue(t);
    }
    pvgc_save_context(t);
    int64_t start = pv_now_ns();
    uint64_t seen = switch_count;
    while (!t->gil_owner) {
        if (switch_ticks > 0) {
            pthread_cond_wait(&t->gil_cv, &gil_mu);
            continue;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        int64_t ns = ts.tv_nsec + interval_us * 1000;
        ts.tv_sec += ns / 1000000000;
        ts.tv_nsec = ns % 1000000000;
        int rc = pthread_cond_timedwait(&t->gil_cv, &gil_mu, &ts);
        /* The head of the queue asks the holder to drop the GIL when a whole interval
         * passed without any hand-off (forced switching). */
        if (rc == ETIMEDOUT && !t->gil_owner && q_head == t && holder &&
            switch_count == seen) {
            atomic_store_explicit(&holder->eval_breaker, 1, memory_order_relaxed);
            PV_COUNT(t, gil_drop_requests, 1);
        }
        seen = switch_count;
    }
    t->gil_owner = false;
    t->gil_ticks = 0;
    PV_COUNT(t, gil_wait_ns, pv_now_ns() - start);
    PV_COUNT(t, gil_switches, 1);
}

void pvsync_init(void)
{
    const char *s = getenv("PARVM_SWITCH_TICKS");
    if (s && *s) pvsync_set_option("switch-ticks", s);
    s = getenv("PARVM_SWITCH_INTERVAL_US");
    if (s && *s) pvsync_set_option("switch-interval-us", s);
}

bool pvsync_set_option(const char *name, const char *value)
{
    char *end;
    long long v = strtoll(value, &end, 10);
    if (strcmp(name, "switch-ticks") == 0) {
        if (*end || v < 0) pv_bad_option("--switch-ticks needs a whole number >= 0, got '%s'", value);
        switch_ticks = v;
        return true;
    }
    if (strcmp(name, "switch-interval-us") == 0) {
        if (*end || v < 1) pv_bad_option("--switch-interval-us needs a whole number >= 1, got '%s'", value);
        interval_us = v;
        return true;
    }
    return false;
}

const char *pvsync_options_help(void)
{
    return "  --switch-interval-us N  GIL switch interval in microseconds (default 5000)\n"
           "  --switch-ticks N        deterministic GIL: hand over every N ticks (0 = off)\n";
}

void pvsync_thread_starting(PvThread *parent, PvThread *child)
{
    (void)parent;
    pthread_cond_init(&child->gil_cv, NULL);
    child->gil_owner = false;
    child->gil_prequeued = true;
    /* Queue the child now, in program order, so a deterministic schedule does not
     * depend on when the OS gets round to running the new thread. */
    pthread_mutex_lock(&gil_mu);
    enqueue(child);
    pthread_mutex_unlock(&gil_mu);
}

void pvsync_thread_attach(PvThread *t)
{
    pthread_mutex_lock(&gil_mu);
    /* A child queued at start() may already have been handed the GIL (gil_owner set)
     * before its OS thread ran; it must not queue a second time. */
    bool queued = t->gil_prequeued;
    t->gil_prequeued = false;
    if (!queued) {
        pthread_cond_init(&t->gil_cv, NULL);
        t->gil_owner = false;
    }
    take_locked(t, queued);
    pthread_mutex_unlock(&gil_mu);
    if (switch_ticks > 0)
        atomic_store_explicit(&t->eval_breaker, 1, memory_order_relaxed);
}

void pvsync_thread_detach(PvThread *t)
{
    pthread_mutex_lock(&gil_mu);
    drop_locked(t);
    pthread_mutex_unlock(&gil_mu);
}

void pvgil_tick_slow(PvThread *t)
{
    if (switch_ticks > 0) {
        if (++t->gil_ticks < switch_ticks) return;
        t->gil_ticks = 0;
    } else {
        atomic_store_explicit(&t->eval_breaker, 0, memory_order_relaxed);
    }
    if (t->atomic_depth > 0) return;   /* parvm.atomic: no hand-off inside */
    pthread_mutex_lock(&gil_mu);
    if (q_head) {
        drop_locked(t);
        take_locked(t, false);
    }
    pthread_mutex_unlock(&gil_mu);
}

void pvsync_block_begin(PvThread *t)
{
    pvgc_save_context(t);
    pthread_mutex_lock(&gil_mu);
    drop_locked(t);
    pthread_mutex_unlock(&gil_mu);
}

void pvsync_block_end(PvThread *t)
{
    pthread_mutex_lock(&gil_mu);
    take_locked(t, false);
    pthread_mutex_unlock(&gil_mu);
}

void pvsync_atomic_begin(PvThread *t) { t->atomic_depth++; }
void pvsync_atomic_end(PvThread *t) { t->atomic_depth--; }

/* The collector runs on the GIL holder; every other thread is waiting for the GIL or
 * blocked with its context saved. Taking gil_mu as well orders the collector after
 * every context save (saves happen with gil_mu held, or before the GIL is released
 * through it) and keeps a thread that is just queueing from saving mid-scan.
 * Lock order: gil_mu, then the GC's thread and heap locks. */
void pvsync_gc_stop_world(PvThread *t)
{
    (void)t;
    pthread_mutex_lock(&gil_mu);
}

void pvsync_gc_start_world(PvThread *t)
{
    (void)t;
    pthread_mutex_unlock(&gil_mu);
}
