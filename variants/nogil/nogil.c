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

/* ---- biased locks (see sync_impl.h) ------------------------------------------------ */

#define BIASED 4u
_Atomic int pvnogil_bias_on = 1;
static _Atomic int64_t revocation_stops;
/* Threads started and not yet attached: a thread that looks alone while one of them is
 * on its way does not take biases for itself (revoke_bias). */
static _Atomic int starting;

/* Bias ids name threads: owner[id] is the attached thread with that id, NULL once it
 * has detached (ids are not reused). Under bias_mu, which is taken before the
 * stop-the-world library's mutex and never held across a stop. */
static pthread_mutex_t bias_mu = PTHREAD_MUTEX_INITIALIZER;
static PvThread **owner;
static uint32_t owner_cap, next_id;

/* The new word of a revoked lock: free becomes 0, held becomes 2, so that the owner's
 * unlock takes the exchanging path and wakes whoever waits. `rewritten` tells whether
 * this call took the bias (another revoker may have been first). The revoker has seen
 * the owner's last critical section through the stop-the-world or bias mutex; the
 * rewrite releases it, because the thread that takes the freed lock may be a third
 * one whose compare-and-swap reads this 0 (ThreadSanitizer found that path: with a
 * relaxed rewrite nothing ordered the owner's last writes before that thread's reads). */
typedef struct Revoke { _Atomic uint32_t *w; bool rewritten; uint32_t rebias; bool taken; } Revoke;

static void rewrite_biased(void *arg)
{
    Revoke *r = arg;
    uint32_t v = atomic_load_explicit(r->w, memory_order_relaxed);
    if (!(v & BIASED)) return;
    /* Rebiased (r->rebias: the revoker's bias, given only when its thread runs
     * alone): a free lock becomes the revoker's, taken. */
    bool rebias = r->rebias && !(v & 1u);
    uint32_t nv = rebias ? r->rebias | 1u : (v & 1u) ? 2u : 0u;
    if (atomic_compare_exchange_strong_explicit(r->w, &v, nv, memory_order_release,
                                                memory_order_relaxed)) {
        r->rewritten = true;
        r->taken = rebias;
    }
}

/* Takes the bias away from its thread, which must not be inside a fast path of this
 * lock while the word changes: a thread that has detached holds no lock and runs no
 * more code, so the word is rewritten at once; a parked one is kept parked meanwhile
 * (pvstw_run_if_parked); a running one is stopped with the rest of the world. */
static bool revoke_bias(PvThread *t, PvObject *o)
{
    /* A thread running alone (the others parked, as a program's main thread is in a
     * join while its one worker runs) takes the bias of a parked or finished owner
     * for itself instead of clearing it: data one thread built and another then uses
     * alone keeps the plain-move fast path. With other threads running, or about to
     * (started, not yet attached), it clears the bias, so a rebias seldom stands between
     * two running threads' first accesses (that costs a stop of the world). */
    bool alone = atomic_load_explicit(&pvnogil_bias_on, memory_order_relaxed) &&
                 !atomic_load_explicit(&starting, memory_order_relaxed) && pvstw_alone(t);
    Revoke r = {&o->pv_lock, false, alone ? t->ng_bias : 0, false};
    uint32_t id = atomic_load_explicit(r.w, memory_order_relaxed) >> 3;
    pthread_mutex_lock(&bias_mu);
    PvThread *u = id < owner_cap ? owner[id] : NULL;
    bool done = !u || pvstw_run_if_parked(u, rewrite_biased, &r);
    if (!u) rewrite_biased(&r);
    pthread_mutex_unlock(&bias_mu);
    if (!done) {
        r.rebias = 0;
        pvstw_stop_world(t);
        rewrite_biased(&r);
        pvstw_start_world(t);
        PV_COUNT(t, lock_revocation_stops, 1);
        if (atomic_fetch_add_explicit(&revocation_stops, 1, memory_order_relaxed) + 1 >=
            PVNOGIL_REVOKE_STOP_LIMIT)
            atomic_store_explicit(&pvnogil_bias_on, 0, memory_order_relaxed);
    }
    if (r.rewritten) PV_COUNT(t, lock_revocations, 1);
    return r.taken;
}

void pvnogil_lock_slow(PvThread *t, PvObject *o)
{
    _Atomic uint32_t *w = &o->pv_lock;
    int64_t start = pv_now_ns();
    uint32_t v = atomic_load_explicit(w, memory_order_relaxed);
    if (v == t->ng_bias) {                   /* the bias was ours after all */
        atomic_store_explicit(w, v | 1u, memory_order_relaxed);
        return;
    }
    if ((v & BIASED) && (v & ~1u) != t->ng_bias) {
        if (revoke_bias(t, o)) return;
        uint32_t z = 0;
        if (atomic_compare_exchange_strong_explicit(w, &z, 1, memory_order_acquire,
                                                    memory_order_relaxed))
            return;
    }
    PV_COUNT(t, lock_contended, 1);
    for (int i = 0; i < PVNOGIL_SPIN; i++) {
        pv_cpu_relax();
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

bool pvsync_set_option(const char *name, const char *value)
{
    if (strcmp(name, "nogil-bias") != 0) return false;
    if (strcmp(value, "0") && strcmp(value, "1"))
        pv_bad_option("--nogil-bias needs 0 or 1, got '%s'", value);
    atomic_store_explicit(&pvnogil_bias_on, value[0] == '1', memory_order_relaxed);
    return true;
}

void pvsync_init(void)
{
    const char *s = getenv("PARVM_NOGIL_BIAS");
    if (s && *s) pvsync_set_option("nogil-bias", s);
}

const char *pvsync_options_help(void)
{
    return "  --nogil-bias 0|1        biased object locks: the allocating thread locks without\n"
           "                          atomic read-modify-writes (default 1; also PARVM_NOGIL_BIAS)\n";
}

void pvsync_thread_starting(PvThread *parent, PvThread *child)
{
    (void)parent; (void)child;
    atomic_fetch_add_explicit(&starting, 1, memory_order_relaxed);
}

void pvsync_thread_attach(PvThread *t)
{
    pthread_mutex_lock(&bias_mu);
    if (next_id)            /* not the main thread, the first to attach */
        atomic_fetch_sub_explicit(&starting, 1, memory_order_relaxed);
    uint32_t id = ++next_id;
    if (id >= (1u << 29)) pv_fatal("nogil: more than 2^29 threads started");
    if (id >= owner_cap) {
        uint32_t cap = owner_cap ? owner_cap * 2 : 64;
        PvThread **n = realloc(owner, cap * sizeof *n);
        if (!n) pv_fatal("nogil: out of memory");
        memset(n + owner_cap, 0, (cap - owner_cap) * sizeof *n);
        owner = n;
        owner_cap = cap;
    }
    owner[id] = t;
    pthread_mutex_unlock(&bias_mu);
    t->ng_bias = (id << 3) | BIASED;
    pvstw_attach(t);
}

void pvsync_thread_detach(PvThread *t)
{
    pthread_mutex_lock(&bias_mu);
    owner[t->ng_bias >> 3] = NULL;
    pthread_mutex_unlock(&bias_mu);
    pvstw_detach(t);
}

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
