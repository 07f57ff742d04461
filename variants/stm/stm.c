/* stm.c — the STM backend's slow paths: transactions (begin, validate, commit, abort
 * and rollback), ownership conflicts, the inevitable token, blocking regions, atomic
 * blocks, options, and the conflict report. See sync_impl.h for the design.
 *
 * Global state:
 *   clock        the version clock; even, advanced by 2 by every commit that wrote;
 *   slots[i]     the current tag and the thread of slot i (tags name a slot, so a
 *                thread that meets an owned object can tell whether the owner's
 *                transaction is still running and ask it to abort);
 *   token        the thread whose transaction is inevitable, or NULL.
 * Invariants:
 *   - an object's word is odd and current only while its owner's transaction runs;
 *     commit stamps every written object with the commit time, abort restores the
 *     old word, and a tag becomes stale when its thread starts its next transaction;
 *   - every logged read (obj, w) has w <= rv or w a stale tag; validation checks that
 *     each logged object's word is still w or is now the transaction's own tag;
 *   - a transaction that is not restartable is inevitable from its first instruction
 *     (it took the token before owning anything);
 *   - only a restartable, non-inevitable transaction aborts.
 * Lock order: slots_mu, then the STW mutex (inside pvstw_*). Nothing here is called
 * with a GC lock held. Waiting for the token or for an owned object checks for a
 * stop-the-world request and parks, so a collector never waits for a waiter. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "thread.h"
#include "stw.h"
#include "frame.h"
#include "vm.h"

/* An entry is an object the transaction took (a copy of it from word 2 on, or no copy:
 * an inevitable transaction's, or one whose items are logged by later entries), or a
 * range of items of an object it holds (PV_WRITE_ITEMS: the words it is about to
 * write). A rollback restores the entries newest first, so each word ends as it was
 * when the transaction first wrote it. */
typedef struct PvStmUndo {
    PvObject *obj;
    uint64_t old;           /* the object's word before this transaction owned it */
    size_t snap;            /* offset of the copy in the arena, or SIZE_MAX: none */
    size_t at;              /* offset in the object of the first byte copied */
    size_t nbytes;          /* bytes copied */
} PvStmUndo;

enum { CAUSE_RW, CAUSE_WW, CAUSE_VALIDATION, CAUSE_EXPLICIT };

static _Atomic uint64_t clock_ = 2;
static struct {
    _Atomic uint64_t tag;
    PvThread *_Atomic thread;
    uint64_t serial;        /* last serial used in this slot (under slots_mu), so a
                               thread that reuses the slot never repeats a tag */
    _Atomic uint64_t prio;  /* the age (stm_prio) of the slot's running transaction */
    _Atomic int shrink;     /* another transaction aborted on one of this slot's
                               objects: its next commit shrinks its length too */
} slots[PVSTM_MAX_THREADS];
static pthread_mutex_t slots_mu = PTHREAD_MUTEX_INITIALIZER;
static PvThread *_Atomic token;

static int64_t opt_tx_ticks = PVSTM_TX_TICKS;
static int64_t opt_min_tx_ticks = PVSTM_MIN_TX_TICKS;
static int64_t opt_spin = PVSTM_SPIN;
static bool opt_wait_die = PVSTM_WAIT_DIE;
static bool opt_solo = PVSTM_SOLO;
static int64_t opt_abort_limit = PVSTM_ABORT_LIMIT;
static int64_t opt_serial_pct = PVSTM_SERIAL_PCT;
static int64_t opt_serial_ms = PVSTM_SERIAL_MS;
static int64_t opt_serial_slice_us = PVSTM_SERIAL_SLICE_US;
static int64_t opt_serial_window_us = PVSTM_SERIAL_WINDOW_US;
static bool opt_report;

static void tx_abort(PvThread *t, int cause) __attribute__((noreturn));
static bool hold_on(PvThread *t);
static void record_conflict(PvThread *t);
static void log_owned(PvThread *t, PvObject *o, uint64_t old, bool copy);
static void log_copy(PvThread *t, PvObject *o, size_t at, size_t n);

/* ---- small helpers ------------------------------------------------------------------ */

static uint64_t load_clock(void) { return atomic_load_explicit(&clock_, memory_order_acquire); }

static bool tag_is_current(uint64_t w)
{
    unsigned slot = (unsigned)(w >> 1) & 0x7fff;
    return atomic_load_explicit(&slots[slot].tag, memory_order_acquire) == w;
}

static void *grow(void *p, int64_t *cap, size_t elem, int64_t need)
{
    int64_t c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    p = realloc(p, (size_t)c * elem);
    if (!p) pv_fatal("stm: out of memory");
    *cap = c;
    return p;
}

/* A short randomised pause after an abort, growing with the aborts in a row. */
static void backoff(PvThread *t)
{
    int n = t->stm_aborts_in_row < 10 ? t->stm_aborts_in_row : 10;
    t->stm_rng = t->stm_rng * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t spins = (t->stm_rng >> 33) % ((uint64_t)16 << n);
    for (uint64_t i = 0; i < spins; i++) pv_cpu_relax();
}

/* Time lost waiting for the token or an owned object: counted, and charged to the
 * thread's contention window. */
static void count_wait(PvThread *t, int64_t ns)
{
    PV_COUNT(t, stm_wait_ns, ns);
    t->stm_win_waste_ns += ns;
}

/* Parks for a pending stop-the-world, if any. Called from every wait loop. */
static void poll_stw(PvThread *t)
{
    if (atomic_load_explicit(&pvstw_requested, memory_order_relaxed)) pvstw_safepoint(t);
}

/* ---- validation ---------------------------------------------------------------------- */

static bool validate(PvThread *t)
{
    for (int64_t i = 0; i < t->stm_rs_n; i++) {
        uint64_t w = PVSTM_WORD(t->stm_rs[i].obj);
        if (w != t->stm_rs[i].word && w != t->stm_tag) return false;
    }
    return true;
}

/* Moves the read time forward to now if everything read so far is still current. */
static void extend(PvThread *t)
{
    uint64_t now = load_clock();
    if (!validate(t)) tx_abort(t, CAUSE_VALIDATION);
    t->stm_rv = now;
}

/* Empties the read set and the filter of objects logged. Every filter entry is the
 * object of a read-set entry (PV_READ), so a short read set clears its own entries
 * (a few instructions each) and a long one the whole filter (a memset, about one
 * instruction per four entries): the filter's size costs little either way. */
static void forget_reads(PvThread *t)
{
    if (t->stm_rs_n < PVSTM_SEEN / 16) {
        for (int64_t i = 0; i < t->stm_rs_n; i++)
            t->stm_seen[((uintptr_t)t->stm_rs[i].obj >> 4) & (PVSTM_SEEN - 1)] = NULL;
    } else {
        memset(t->stm_seen, 0, sizeof t->stm_seen);
    }
    t->stm_rs_n = 0;
}

/* ---- the inevitable token -------------------------------------------------------------- */

/* Takes the token. `may_abort`: the running transaction may hold objects, so it
 * aborts if asked to while it waits (the token's holder may need them); a transaction
 * that is only starting holds nothing and just waits. */
static void take_token_cas(PvThread *t, bool may_abort)
{
    PvThread *expect = NULL;
    if (atomic_compare_exchange_strong_explicit(&token, &expect, t, memory_order_seq_cst,
                                                memory_order_relaxed))
        return;
    int64_t start = pv_now_ns();
    for (unsigned i = 0;; i++) {
        if (may_abort && atomic_load_explicit(&t->stm_abort_req, memory_order_relaxed))
            tx_abort(t, CAUSE_EXPLICIT);
        poll_stw(t);
        if (i < 64) pv_cpu_relax();
        else sched_yield();
        expect = NULL;
        if (atomic_load_explicit(&token, memory_order_relaxed) == NULL &&
            atomic_compare_exchange_strong_explicit(&token, &expect, t, memory_order_seq_cst,
                                                    memory_order_relaxed))
            break;
    }
    count_wait(t, pv_now_ns() - start);
}

/* The token, then a full fence: the inevitable transaction's later reads of object
 * words are ordered after it, as acquire() orders its CAS before its look at the
 * token (see there). */
static void take_token(PvThread *t, bool may_abort)
{
    take_token_cas(t, may_abort);
    atomic_thread_fence(memory_order_seq_cst);
}

static void give_token(PvThread *t)
{
    (void)t;
    atomic_store_explicit(&token, NULL, memory_order_release);
}

void pvstm_become_inevitable(PvThread *t)
{
    if (!t->stm_tag || t->stm_inevitable) return;
    if (!validate(t)) tx_abort(t, CAUSE_VALIDATION);
    take_token(t, true);
    if (!validate(t)) {
        give_token(t);
        tx_abort(t, CAUSE_VALIDATION);
    }
    t->stm_inevitable = true;
    t->stm_items_n = 0;     /* an inevitable transaction logs no items */
    forget_reads(t);
    t->stm_rs_lim = 0;      /* reads take the slow path: no logging, only conflicts */
    PV_COUNT(t, stm_inevitable, 1);
}

/* ---- begin / commit / abort ------------------------------------------------------------ */

/* Halves the thread's transaction length, within [min, tx_ticks]. */
static void shrink_len(PvThread *t)
{
    t->stm_len = t->stm_len / 2 > opt_min_tx_ticks ? t->stm_len / 2 : opt_min_tx_ticks;
    if (t->stm_len > opt_tx_ticks) t->stm_len = opt_tx_ticks;
}

static void publish_tag(PvThread *t, uint64_t tag)
{
    t->stm_tag = tag;
    atomic_store_explicit(&slots[t->stm_slot].tag, tag, memory_order_release);
}

static uint64_t next_tag(PvThread *t)
{
    uint64_t serial = ++t->stm_serial;
    return (serial << 16) | ((uint64_t)t->stm_slot << 1) | 1;
}

static void save_thread_state(PvThread *t)
{
    size_t n = (size_t)(t->fstack_top - t->fstack);
    if (n > t->stm_fsnap_cap) {
        size_t c = t->stm_fsnap_cap ? t->stm_fsnap_cap : 4096;
        while (c < n) c *= 2;
        free(t->stm_fsnap);
        t->stm_fsnap = malloc(c);
        if (!t->stm_fsnap) pv_fatal("stm: out of memory");
        t->stm_fsnap_cap = c;
    }
    if (n) memcpy(t->stm_fsnap, t->fstack, n);
    t->stm_fsnap_n = n;
    t->stm_saved.frame = t->frame;
    t->stm_saved.fstack_top = t->fstack_top;
    t->stm_saved.depth = t->depth;
    t->stm_saved.exc = t->exc;
    t->stm_saved.handled = t->handled;
    t->stm_saved.local_storage = t->local_storage;
    t->stm_saved.atomic_depth = t->stm_atomic_depth;
}

static void restore_thread_state(PvThread *t)
{
    if (t->stm_fsnap_n) memcpy(t->fstack, t->stm_fsnap, t->stm_fsnap_n);
    t->frame = t->stm_saved.frame;
    t->fstack_top = t->stm_saved.fstack_top;
    t->depth = t->stm_saved.depth;
    t->exc = t->stm_saved.exc;
    t->handled = t->stm_saved.handled;
    t->local_storage = t->stm_saved.local_storage;
    t->stm_atomic_depth = t->stm_saved.atomic_depth;
    t->c_depth = 0;         /* eval_base re-enters the loop */
}

/* ---- serial phases ------------------------------------------------------------------------
 *
 * Under heavy contention two transactions that keep meeting lose more time to aborts
 * and waits than running one at a time would cost. A thread that, over its last
 * window (PVSTM_SERIAL_WINDOW_US of its time), lost serial_pct per cent of it to
 * aborted work and conflict or token waits starts a serial phase: until serial_until,
 * every thread takes the turn before it starts a restartable transaction, and waits
 * for it parked, so the holder is the only thread running and its transactions run
 * solo (no read log, no undo copies, no aborts). The holder keeps the turn for a slice
 * and then passes it to a waiter (baton passing: the one that passed it cannot take it
 * straight back); it gives it up when it blocks, detaches or leaves its outermost
 * eval, so a waiter never waits for a thread that waits for it. A thread waiting for
 * the turn has committed and owns nothing, and holds no token. The phase ends by itself; the threads then run in
 * parallel again, and the next window decides afresh. Scheduling only: the protocol
 * underneath is unchanged, so a thread that runs outside the turn (a non-restartable
 * transaction, or one that has not reached its next transaction yet) is still safe. */

static pthread_mutex_t turn_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cv = PTHREAD_COND_INITIALIZER;
static PvThread *_Atomic turn_holder;    /* written under turn_mu; TURN_PASSED: for a waiter */
static PvThread *_Atomic turn_from;      /* who passed it (may not take it back) */
static int turn_waiters;                 /* under turn_mu */
static _Atomic int turn_wanted;          /* turn_waiters, for the holder's quick look */
static _Atomic int64_t serial_until;     /* the phase runs while now < serial_until */
static char turn_passed_;
#define TURN_PASSED ((PvThread *)(void *)&turn_passed_)

static bool serial_on(int64_t now)
{
    return now < atomic_load_explicit(&serial_until, memory_order_relaxed);
}

static void release_turn(PvThread *t)
{
    if (!t->stm_has_turn) return;
    t->stm_has_turn = false;
    pthread_mutex_lock(&turn_mu);
    if (turn_holder == t) {
        turn_holder = turn_waiters > 0 ? TURN_PASSED : NULL;
        turn_from = t;
        pthread_cond_broadcast(&turn_cv);
    }
    pthread_mutex_unlock(&turn_mu);
}

/* Waits, parked, until t holds the turn or the phase is over. t has no transaction.
 * Returns the time it stopped waiting. */
static int64_t take_turn(PvThread *t, int64_t now)
{
    bool pass = false;
    if (t->stm_has_turn) {
        if (now < t->stm_turn_end_ns || !atomic_load_explicit(&turn_wanted, memory_order_relaxed))
            return now;
        pass = true;                    /* the slice is over and someone waits */
    }
    pvstw_park_begin(t);
    if (pass) release_turn(t);          /* parked first: see pvsync_block_begin */
    /* A turn passed at a hand-off (the holder blocked) is usually free within
     * microseconds: look for it a while before sleeping on the condition. */
    for (int i = 0; i < PVSTM_SERIAL_SPIN; i++) {
        PvThread *h = atomic_load_explicit(&turn_holder, memory_order_relaxed);
        if (!h || (h == TURN_PASSED && atomic_load_explicit(&turn_from, memory_order_relaxed) != t))
            break;
        pv_cpu_relax();
    }
    pthread_mutex_lock(&turn_mu);
    turn_waiters++;
    atomic_store_explicit(&turn_wanted, turn_waiters, memory_order_relaxed);
    for (;;) {
        if (!serial_on(pv_now_ns())) break;
        if (!turn_holder || (turn_holder == TURN_PASSED && turn_from != t)) {
            turn_holder = t;
            t->stm_has_turn = true;
            break;
        }
        /* Timed: the phase can end while nobody passes the turn on. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 1000000;
        if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
        pthread_cond_timedwait(&turn_cv, &turn_mu, &ts);
    }
    turn_waiters--;
    atomic_store_explicit(&turn_wanted, turn_waiters, memory_order_relaxed);
    if (turn_holder == TURN_PASSED && turn_waiters == 0) turn_holder = NULL;
    pthread_mutex_unlock(&turn_mu);
    pvstw_park_end(t);
    int64_t end = pv_now_ns();
    PV_COUNT(t, stm_serial_wait_ns, end - now);
    if (t->stm_has_turn) {
        PV_COUNT(t, stm_serial_turns, 1);
        t->stm_turn_end_ns = end + opt_serial_slice_us * 1000;
    }
    return end;
}

/* At a restartable transaction's start: closes the thread's contention window when it
 * is full (starting a phase if it lost too much), then takes or gives up the turn.
 * Returns the time after any wait for the turn. */
static int64_t serial_point(PvThread *t, int64_t now)
{
    if (opt_serial_pct > 0) {
        int64_t span = now - t->stm_win_start_ns;
        if (span >= opt_serial_window_us * 1000) {
            if (t->stm_win_waste_ns * 100 >= opt_serial_pct * span &&
                t->stm_win_aborts >= PVSTM_SERIAL_MIN_ABORTS &&
                t->stm_win_blocks * 8 <= t->stm_win_aborts && !serial_on(now)) {
                atomic_store_explicit(&serial_until, now + opt_serial_ms * 1000000,
                                      memory_order_relaxed);
                PV_COUNT(t, stm_serial_phases, 1);
            }
            t->stm_win_start_ns = now;
            t->stm_win_waste_ns = 0;
            t->stm_win_aborts = 0;
            t->stm_win_blocks = 0;
        }
    }
    if (serial_on(now)) return take_turn(t, now);
    release_turn(t);
    return now;
}

/* Starts a transaction. `restartable`: at a base-level tick, with the thread state
 * saved (or, after an abort, still saved from the aborted attempt). */
/* Solo: a thread that is the only one running (every other attached thread is parked:
 * blocked, waiting, or between transactions) runs its transaction inevitable, taking
 * the token without waiting, and, since no other transaction can own an object while
 * it holds the token (acquire) and none owned one when it took it (a thread commits
 * before it parks), its reads need neither a log nor a check and its writes no undo
 * copy, and it keeps no copy of the frame stack. Checked twice, before and after
 * taking the token: a thread that left its park between the two may own objects
 * already. A thread that wakes up meanwhile waits for the token to write, at most the
 * rest of this transaction; the next one is an ordinary one. See docs/architecture.md. */
static bool try_solo(PvThread *t)
{
    if (!opt_solo || !pvstw_alone(t)) return false;
    PvThread *expect = NULL;
    if (!atomic_compare_exchange_strong_explicit(&token, &expect, t, memory_order_seq_cst,
                                                 memory_order_relaxed))
        return false;
    atomic_thread_fence(memory_order_seq_cst);
    if (pvstw_alone(t)) return true;
    give_token(t);
    return false;
}

static void tx_begin(PvThread *t, bool restartable, bool state_saved)
{
    int64_t now = pv_now_ns();
    if (restartable) now = serial_point(t, now);
    bool inevitable = !restartable || t->stm_aborts_in_row >= opt_abort_limit;
    bool solo = restartable && !inevitable && try_solo(t);
    t->stm_restartable = restartable;
    t->stm_inevitable = false;
    t->stm_overdue = false;
    t->stm_locks_n = 0;
    t->stm_held_ticks = 0;
    t->stm_end_soon = false;
    t->stm_solo = solo;
    if (solo) {
        t->stm_inevitable = inevitable = true;
        t->stm_fsnap_n = 0;      /* it never rolls back */
        PV_COUNT(t, stm_solo, 1);
    } else if (inevitable) {
        take_token(t, false);
        t->stm_inevitable = true;
        PV_COUNT(t, stm_inevitable, 1);
    }
    t->stm_rs_lim = inevitable ? 0 : t->stm_rs_cap;
    if (restartable && !state_saved && !solo) save_thread_state(t);
    /* A transaction's age is its first attempt's start time (a retry keeps it, so it
     * grows older until it wins): no shared counter to advance at every start. */
    if (t->stm_aborts_in_row == 0) t->stm_prio = (uint64_t)now;
    atomic_store_explicit(&slots[t->stm_slot].prio, t->stm_prio, memory_order_relaxed);
    publish_tag(t, next_tag(t));
    t->stm_rv = load_clock();
    t->stm_rs_n = t->stm_ws_n = t->stm_ws_ranges = 0;   /* the filter is empty already */
#if PARVM_CHECK
    /* forget_reads emptied it at the last end (commit, abort, becoming inevitable): a
     * stale entry would skip the first read of that object in this transaction. */
    for (int i = 0; i < PVSTM_SEEN; i++)
        if (t->stm_seen[i]) pv_fatal("check: stm read filter not empty at a transaction's start");
#endif
    t->stm_items_n = 0;
    t->stm_classes_read = false;
    t->stm_arena_n = 0;
    /* An inevitable transaction never aborts: it runs the whole length (one that
     * became inevitable after aborts would otherwise hand the token on often). */
    t->stm_budget = !restartable ? 0 : inevitable ? opt_tx_ticks : t->stm_len;
    atomic_store_explicit(&t->stm_abort_req, 0, memory_order_relaxed);
    t->stm_start_ns = now;
}

/* Ends the running transaction; aborts instead (restartable ones only) if a value it
 * read has changed. Afterwards the thread has no transaction (stm_tag 0). */
static void tx_commit(PvThread *t)
{
    if (!t->stm_tag) return;
    if (t->stm_ws_n > 0) {
        uint64_t wv = atomic_fetch_add_explicit(&clock_, 2, memory_order_acq_rel) + 2;
        /* Always validate, even when no commit happened since rv (TL2 skips it
         * then): writes are made in place, so a value read after its barrier may be
         * another running transaction's; only its tag, now in the word, shows it. */
        if (!t->stm_inevitable && !validate(t)) tx_abort(t, CAUSE_VALIDATION);
        for (int64_t i = 0; i < t->stm_ws_n; i++)
            atomic_store_explicit(&t->stm_ws[i].obj->stm_word, wv, memory_order_release);
    } else if (!t->stm_inevitable && !validate(t)) {
        tx_abort(t, CAUSE_VALIDATION);
    }
    PV_COUNT(t, stm_commits, 1);
    PV_COUNT(t, stm_read_set, t->stm_rs_n);
    PV_COUNT(t, stm_write_set, t->stm_ws_n - t->stm_ws_ranges);
    if (t->stm_inevitable) give_token(t);
    t->stm_inevitable = false;
    t->stm_solo = false;
    t->stm_restartable = false;
    t->stm_aborts_in_row = 0;
    /* Transaction length: halved by each abort (and by a commit after which another
     * transaction lost a conflict to this one), grown back by one tick by each other
     * commit, within [min, tx_ticks]; see docs/architecture.md. */
    if (atomic_load_explicit(&slots[t->stm_slot].shrink, memory_order_relaxed)) {
        atomic_store_explicit(&slots[t->stm_slot].shrink, 0, memory_order_relaxed);
        shrink_len(t);
    } else if (t->stm_len < opt_tx_ticks) {
        t->stm_len += 1;
        if (t->stm_len > opt_tx_ticks) t->stm_len = opt_tx_ticks;
    }
    forget_reads(t);
    t->stm_ws_n = t->stm_ws_ranges = 0;
    t->stm_rs_lim = 0;      /* no transaction: reads take the slow path, which ignores them */
    t->stm_arena_n = 0;
    /* Objects allocated by the transaction now carry a stale tag: version 0. */
    publish_tag(t, 0);
}

/* Undoes every write, restores the thread to the transaction's start, starts the
 * next attempt and resumes it at the restart point. */
static void tx_abort(PvThread *t, int cause)
{
    if (!t->stm_restartable || t->stm_inevitable || !t->stm_base_live)
        pv_fatal("stm: internal error: abort of a transaction that cannot roll back");
    record_conflict(t);
    /* The restored objects get a new version, not their old one: a transaction that
     * read one of them while this one owned it may have seen values that never
     * existed, and its validation must fail (with the old version it would pass). */
    uint64_t nv = t->stm_ws_n ? atomic_fetch_add_explicit(&clock_, 2, memory_order_acq_rel) + 2 : 0;
    for (int64_t i = t->stm_ws_n - 1; i >= 0; i--) {
        PvStmUndo *u = &t->stm_ws[i];
        if (u->snap != SIZE_MAX) {
            /* Word by word, so a concurrent (doomed) reader sees whole words, and
             * only the words the attempt changed: the others (a lock's kind, a
             * list's capacity) may be read without a barrier, as fields that never
             * change, and a store of the same value would race such a read. */
            uintptr_t *dst = (uintptr_t *)((char *)u->obj + u->at);
            const uintptr_t *src = (const uintptr_t *)(t->stm_arena + u->snap);
            for (size_t k = 0; k < u->nbytes / sizeof(uintptr_t); k++)
                if (__atomic_load_n(&dst[k], __ATOMIC_RELAXED) != src[k])
                    __atomic_store_n(&dst[k], src[k], __ATOMIC_RELAXED);
            pv_dict_rolled_back(u->obj);
        }
        atomic_store_explicit(&u->obj->stm_word, nv, memory_order_release);
    }
    static const PvCounterId by_cause[] = {PVC_stm_aborts_rw, PVC_stm_aborts_ww,
                                           PVC_stm_aborts_validation, PVC_stm_aborts_explicit};
    pv_counter_add(&t->counters, by_cause[cause], 1);
    PV_COUNT(t, stm_aborts, 1);
    int64_t lost = pv_now_ns() - t->stm_start_ns;
    PV_COUNT(t, stm_lost_ns, lost);
    t->stm_win_waste_ns += lost;
    t->stm_win_aborts++;
    forget_reads(t);
    t->stm_ws_n = t->stm_ws_ranges = 0;
    t->stm_arena_n = 0;
    publish_tag(t, 0);
    restore_thread_state(t);
    PVCHECK_ROLLBACK(t);
    /* The inline caches need no invalidation: what the attempt may have filled them
     * from is either class state, which no transaction rolls back (a class change
     * writes the static pv_class_state, which makes the transaction inevitable
     * first), or a dict version, which is never handed out twice (dict.c), or a hint
     * that is checked where it is used (the index of an instance attribute). An
     * earlier version bumped pv_class_epoch here, which made every cache of every
     * thread miss after each abort: bank on two threads ran 92 ms with it, 88 ms
     * without; with two-tick transactions 181 against 124 ms. A dict's version is
     * the one thing a restore would give out twice: pv_dict_rolled_back renews it. */
    t->stm_aborts_in_row++;

    backoff(t);
    tx_begin(t, true, true);
    _longjmp(t->stm_jmp, 1);
}

/* ---- conflicts ------------------------------------------------------------------------ */

static void request_abort(uint64_t w)
{
    unsigned slot = (unsigned)(w >> 1) & 0x7fff;
    pthread_mutex_lock(&slots_mu);
    PvThread *o = atomic_load_explicit(&slots[slot].thread, memory_order_relaxed);
    if (o && atomic_load_explicit(&slots[slot].tag, memory_order_relaxed) == w) {
        atomic_store_explicit(&o->stm_abort_req, 1, memory_order_relaxed);
        atomic_store_explicit(&o->eval_breaker, 1, memory_order_release);
    }
    pthread_mutex_unlock(&slots_mu);
}

/* Aborts t, which lost a conflict with the transaction of slot `slot`. Both shrink
 * their length (that one at its commit): a conflict has two sides, and only short
 * transactions on both make conflicts over owned objects rarer. A failed validation
 * does not shrink it: it comes from reading what another thread then changed, often
 * at a hand-off that ends the transaction anyway (a lock, a wait), where a shorter
 * transaction only commits more often (pipeline: 8k commits became 75k). */
static __attribute__((noreturn)) void lose(PvThread *t, unsigned slot, int cause)
{
    shrink_len(t);
    if (!atomic_load_explicit(&slots[slot].shrink, memory_order_relaxed))
        atomic_store_explicit(&slots[slot].shrink, 1, memory_order_relaxed);
    tx_abort(t, cause);
}

/* Object o is owned (word w) by another running transaction. An inevitable
 * transaction asks the owner to abort and waits; any other waits a little for the
 * owner to finish, then aborts itself, except that with wait-die a transaction that
 * owns something and is younger than the owner aborts at once: two owners waiting for
 * each other would otherwise both spin out their wait before one gave up, and only the
 * younger of any two gives up, so the oldest always gets through. Returns when o's
 * word has changed. */
static void conflict(PvThread *t, PvObject *o, uint64_t w, int cause)
{
    int64_t start = pv_now_ns();
    if (!t->stm_abort_code && t->frame) {
        t->stm_abort_code = t->frame->code;
        t->stm_abort_line = pv_current_line();
        t->stm_abort_type = o->type;
    }
    /* The wait ends when the word changes or when its tag stops being current: an
     * object the owner allocated keeps the owner's tag after the owner's transaction
     * ends (it then reads as version 0), so waiting for the word alone could last for
     * ever (it did: an inevitable reader of a list the other thread had built while
     * that thread waited for the token, pipeline on two threads, 1 run in 150). */
    if (t->stm_inevitable) {
        request_abort(w);
        for (unsigned i = 0; PVSTM_WORD(o) == w && tag_is_current(w); i++) {
            poll_stw(t);
            if (i < 64) pv_cpu_relax(); else sched_yield();
            if ((i & 1023) == 1023) request_abort(w);
        }
    } else {
        unsigned slot = (unsigned)(w >> 1) & 0x7fff;
        if (opt_wait_die && t->stm_ws_n > 0 &&
            t->stm_prio > atomic_load_explicit(&slots[slot].prio, memory_order_relaxed) &&
            PVSTM_WORD(o) == w && tag_is_current(w))
            lose(t, slot, cause);
        for (int64_t i = 0; PVSTM_WORD(o) == w && tag_is_current(w); i++) {
            if (i >= opt_spin) lose(t, slot, cause);
            if (atomic_load_explicit(&t->stm_abort_req, memory_order_relaxed))
                tx_abort(t, CAUSE_EXPLICIT);
            poll_stw(t);
            pv_cpu_relax();
        }
    }
    count_wait(t, pv_now_ns() - start);
}

/* ---- barriers ---------------------------------------------------------------------------- */

/* Appends o, just owned (its word was `old`), to the write set; with `copy`, also a
 * copy of its contents to restore on abort. */
static void log_owned(PvThread *t, PvObject *o, uint64_t old, bool copy)
{
    if (t->stm_ws_n >= t->stm_ws_cap)
        t->stm_ws = grow(t->stm_ws, &t->stm_ws_cap, sizeof(PvStmUndo), t->stm_ws_n + 1);
    PvStmUndo *u = &t->stm_ws[t->stm_ws_n++];
    u->obj = o;
    u->old = old;
    u->snap = SIZE_MAX;
    u->at = 0;
    u->nbytes = 0;
    if (!copy) return;
    size_t size = pvgc_live_object_size(o);
    size_t n = size > 2 * sizeof(uintptr_t) ? size - 2 * sizeof(uintptr_t) : 0;
    log_copy(t, o, 2 * sizeof(uintptr_t), n);
}

/* Copies n bytes of o from offset `at` (whole words) into the arena, as the snapshot
 * of the newest undo entry, which is o's. */
static void log_copy(PvThread *t, PvObject *o, size_t at, size_t n)
{
    PvStmUndo *u = &t->stm_ws[t->stm_ws_n - 1];
    n &= ~(sizeof(uintptr_t) - 1);
    if (t->stm_arena_n + n > t->stm_arena_cap) {
        int64_t cap = (int64_t)t->stm_arena_cap;
        t->stm_arena = grow(t->stm_arena, &cap, 1, (int64_t)(t->stm_arena_n + n));
        t->stm_arena_cap = (size_t)cap;
    }
    const uintptr_t *src = (const uintptr_t *)((const char *)o + at);
    uintptr_t *dst = (uintptr_t *)(t->stm_arena + t->stm_arena_n);
    for (size_t k = 0; k < n / sizeof(uintptr_t); k++)
        dst[k] = __atomic_load_n(&src[k], __ATOMIC_RELAXED);
    u->snap = t->stm_arena_n;
    u->at = at;
    u->nbytes = n;
    t->stm_arena_n += n;
}

/* Waits until no other thread holds the token, answering abort and stop-the-world
 * requests meanwhile (the holder may need what this transaction owns). */
static void wait_token_free(PvThread *t)
{
    int64_t start = pv_now_ns();
    for (unsigned i = 0;; i++) {
        PvThread *holder = atomic_load_explicit(&token, memory_order_seq_cst);
        if (!holder || holder == t) break;
        if (t->stm_restartable && atomic_load_explicit(&t->stm_abort_req, memory_order_relaxed))
            tx_abort(t, CAUSE_EXPLICIT);
        poll_stw(t);
        if (i < 64) pv_cpu_relax(); else sched_yield();
    }
    count_wait(t, pv_now_ns() - start);
}

/* The word of o once nothing stands in the way of using it: a conflict with another
 * running owner is waited out or lost (conflict), and a version newer than the read
 * time is an extension (not for an inevitable transaction, which does not validate).
 * The result is the transaction's own tag, or a version or stale tag it may use. */
static uint64_t settle(PvThread *t, PvObject *o, int cause)
{
    for (;;) {
        uint64_t w = PVSTM_WORD(o);
        if (w == t->stm_tag) return w;
        if ((w & 1) && tag_is_current(w)) conflict(t, o, w, cause);
        else if (!t->stm_inevitable && !(w & 1) && w > t->stm_rv) extend(t);
        else return w;
    }
}

/* Makes o the running transaction's, with a copy to restore on abort unless the
 * transaction is inevitable (it never aborts). */
static void acquire(PvThread *t, PvObject *o, int cause, bool copy)
{
    for (;;) {
        uint64_t w = settle(t, o, cause);
        if (w == t->stm_tag) return;
        if (!atomic_compare_exchange_strong_explicit(&o->stm_word, &w, t->stm_tag,
                                                     memory_order_seq_cst, memory_order_relaxed))
            continue;
        /* While another transaction is inevitable nobody else takes an object: it
         * keeps no read set, so an object it has read must not change under it. The
         * CAS and this load are sequentially consistent, like the token's CAS and the
         * fence after it, so one of the two threads sees the other. The object is
         * still unchanged: give it back as it was and wait. */
        PvThread *holder = atomic_load_explicit(&token, memory_order_seq_cst);
        if (holder && holder != t) {
            atomic_store_explicit(&o->stm_word, w, memory_order_release);
            wait_token_free(t);
            continue;
        }
        log_owned(t, o, w, copy && !t->stm_inevitable);
        return;
    }
}

void pvstm_read_slow(PvThread *t, PvObject *o)
{
    if (!t->stm_tag) return;                 /* no transaction: start-up, one thread */
    /* An inevitable transaction keeps no read set: nothing it reads can change under
     * it, since no other transaction takes an object while it runs (acquire). */
    uint64_t w = settle(t, o, CAUSE_RW);
    if (w == t->stm_tag || t->stm_inevitable) return;
    if (w & 1) {
        /* Another thread's stale tag: the object reads as version 0. Say so in its
         * word, so that later reads of it take the fast path (a thread's reads of
         * data another thread built would otherwise all come here). Tags never
         * repeat, so the word cannot become current again; a transaction that logged
         * the stale tag just fails its validation once. */
        uint64_t stale = w;
        if (atomic_compare_exchange_strong_explicit(&o->stm_word, &stale, 0,
                                                    memory_order_acq_rel, memory_order_relaxed))
            w = 0;
    }
    if (t->stm_rs_n >= t->stm_rs_cap) {
        t->stm_rs = grow(t->stm_rs, &t->stm_rs_cap, sizeof(PvStmRead), t->stm_rs_n + 1);
        t->stm_rs_lim = t->stm_rs_cap;
    }
    t->stm_rs[t->stm_rs_n].obj = o;
    t->stm_rs[t->stm_rs_n].word = w;
    t->stm_rs_n++;
}

void pvstm_write_slow(PvThread *t, PvObject *o)
{
    if (!t->stm_tag) return;
    /* A static object (builtin type, singleton) has no size to copy it by: the
     * transaction becomes inevitable and needs no copy. */
    if (!t->stm_inevitable && !pvgc_live_object_size(o)) pvstm_become_inevitable(t);
    acquire(t, o, CAUSE_WW, true);
}

/* Items of o, which t's transaction holds through PV_WRITE_ITEMS (it is in stm_items),
 * are about to be written: log the n words from `first` on. */
void pvstm_log_items(PvThread *t, PvObject *o, const void *first, int64_t n)
{
    if (n <= 0) return;
    struct PvStmItems *e = &t->stm_items[((uintptr_t)o >> 4) & (PVSTM_ITEMS - 1)];
    size_t bytes = (size_t)n * sizeof(uintptr_t);
    if (t->stm_ws_n >= t->stm_ws_cap)
        t->stm_ws = grow(t->stm_ws, &t->stm_ws_cap, sizeof(PvStmUndo), t->stm_ws_n + 1);
    t->stm_ws_ranges++;
    if (bytes > e->left) {
        /* Shifts (pop(0), insert(0, x) on a long list) would log about the whole
         * array each time: once the ranges would outgrow one copy, take the copy
         * and log nothing more. It is restored before the older ranges (newest
         * first), which then take each word back to its state at the start. */
        log_owned(t, o, t->stm_tag, true);
        e->obj = NULL;
        e->tag = 0;
        return;
    }
    e->left -= bytes;
    PvStmUndo *u = &t->stm_ws[t->stm_ws_n++];
    u->obj = o;
    u->old = t->stm_tag;
    log_copy(t, o, (size_t)((const char *)first - (const char *)o), bytes);
}

/* PV_WRITE_ITEMS on an object the transaction does not hold: take it without a copy
 * of the whole (a long list's array would be copied at every first append of a
 * transaction, megabytes for a queue that only grows) and log the items written now
 * and, while the transaction runs, at every later write through PV_WRITE_ITEMS, which
 * finds o in stm_items. That table is exact: an object is taken without a copy only
 * when its entry is free for this transaction; on a clash it gets the whole copy, and
 * later item writes, finding it held and not in the table, need nothing. */
void pvstm_write_items_slow(PvThread *t, PvObject *o, const void *first, int64_t n)
{
    if (!t->stm_tag) return;
    if (!t->stm_inevitable && !pvgc_live_object_size(o)) pvstm_become_inevitable(t);
    struct PvStmItems *e = &t->stm_items[((uintptr_t)o >> 4) & (PVSTM_ITEMS - 1)];
    size_t size = pvgc_live_object_size(o);
    bool by_items = e->tag != t->stm_tag && size > PVSTM_ITEMS_MIN_BYTES;
    acquire(t, o, CAUSE_WW, !by_items);
    if (!by_items || t->stm_inevitable) return;
    e->obj = o;
    e->tag = t->stm_tag;
    e->left = size;
    t->stm_items_n++;
    pvstm_log_items(t, o, first, n);
}

void pvstm_gc_roots(PvThread *t, void (*scan)(const void *lo, const void *hi))
{
    if (t->stm_ws_n) scan(t->stm_ws, t->stm_ws + t->stm_ws_n);
    if (t->stm_arena_n) scan(t->stm_arena, t->stm_arena + t->stm_arena_n);
    if (t->stm_restartable && t->stm_fsnap_n) scan(t->stm_fsnap, t->stm_fsnap + t->stm_fsnap_n);
    scan(&t->stm_saved, &t->stm_saved + 1);
}

/* ---- ticks and the restart point ------------------------------------------------------- */

void pvstm_tick_slow(PvThread *t, bool at_base)
{
    if (atomic_load_explicit(&t->eval_breaker, memory_order_relaxed)) {
        atomic_store_explicit(&t->eval_breaker, 0, memory_order_relaxed);
        poll_stw(t);
        if (atomic_load_explicit(&t->stm_abort_req, memory_order_relaxed)) {
            if (t->stm_restartable && !t->stm_inevitable) tx_abort(t, CAUSE_EXPLICIT);
            atomic_store_explicit(&t->stm_abort_req, 0, memory_order_relaxed);
        }
    }
    if (t->stm_budget >= 0 && t->stm_restartable) return;
    if (at_base && t->stm_atomic_depth == 0 && !hold_on(t)) {
        tx_commit(t);
        tx_begin(t, true, false);
        return;
    }
    /* Not a place to end the transaction: keep going, but make sure a doomed
     * transaction does not run on forever on inconsistent values, and end it at the
     * end of the atomic block it is in, if any (atomic_end spends the budget). With
     * only the whole length again, a loop whose stretch outside its atomic blocks was
     * shorter than the length could go on without committing: the auditor of
     * tests/threads/atomic_bank.py did, and once its transaction ran solo it kept the
     * token, and the writers waiting for it, for ever. (Under a builtin's C frame the
     * next base-level tick comes soon enough: the whole length again.) */
    if (t->stm_restartable) {
        t->stm_overdue = true;
        t->stm_budget = t->stm_end_soon ? 0 : t->stm_len;
        if (!t->stm_inevitable && load_clock() != t->stm_rv) extend(t);
    }
}

void pvsync_base_enter(PvThread *t) { t->stm_base_live = true; }

/* ---- locks held across a transaction's end -----------------------------------------------
 *
 * A transaction that ended between a lock's take and its give would leave the lock
 * held in committed state, and another thread that wants it would block: commit, wait,
 * and come back in an inevitable transaction, which waits for the token. pipeline's
 * channels did so 15k times a run, with shrunk transactions ending inside nearly
 * every `with cond:` block. So a restartable transaction that holds a lock it took does
 * not end at its length: it goes on, as in an atomic block, until its last such lock
 * is given back, or until it has run `tx_ticks` ticks more (a lock held over a long
 * computation, or one another thread gives). An inevitable transaction is never put
 * off: it holds the token, and a thread it waits for (spinning on a flag it reads) may
 * need the token to write.
 *
 * And a transaction that gives back a lock and holds no other it took ends at its
 * next base-level tick (a hand-off): with eager ownership it owns the lock and what
 * the lock guards until it commits, and the thread that wants them next would wait
 * or abort for the rest of its length. Not when it runs solo (nobody waits; its
 * commits would only cost) nor inside an atomic block (which is one transaction). */
static bool hold_on(PvThread *t)
{
    if (t->stm_locks_n == 0 || !t->stm_restartable || t->stm_inevitable) return false;
    if (t->stm_held_ticks >= opt_tx_ticks) return false;
    t->stm_held_ticks += t->stm_len;
    return true;
}

void pvstm_lock_taken(PvThread *t, PvObject *lock)
{
    if (t->stm_tag && t->stm_locks_n < PVSTM_LOCKS) t->stm_locks[t->stm_locks_n++] = lock;
}

void pvstm_lock_given(PvThread *t, PvObject *lock)
{
    for (int i = 0; i < t->stm_locks_n; i++)
        if (t->stm_locks[i] == lock) {
            t->stm_locks[i] = t->stm_locks[--t->stm_locks_n];
            break;
        }
    if (t->stm_locks_n == 0 && t->stm_tag && !t->stm_solo && t->stm_atomic_depth == 0) {
        t->stm_budget = 0;
        t->stm_end_soon = true;
    }
}

void pvsync_base_leave(PvThread *t)
{
    /* The restart point goes away: commit (a failed validation still restarts here),
     * and go on inevitably until the thread's next base-level tick; a serial phase's
     * turn goes to a waiter meanwhile (what follows may be long: a thread's exit, the
     * program's end). */
    tx_commit(t);
    release_turn(t);
    t->stm_base_live = false;
    tx_begin(t, false, false);
}

/* ---- conflict report --------------------------------------------------------------------- */

#define REPORT_SIZE 64
static struct { const PvCode *code; int line; const PvType *type; int64_t n; } report[REPORT_SIZE];
static pthread_mutex_t report_mu = PTHREAD_MUTEX_INITIALIZER;

static void record_conflict(PvThread *t)
{
    const PvCode *code = t->stm_abort_code;
    int line = t->stm_abort_line;
    const PvType *type = t->stm_abort_type;
    t->stm_abort_code = NULL;
    t->stm_abort_line = 0;
    t->stm_abort_type = NULL;
    if (!opt_report) return;
    if (!code && t->frame) { code = t->frame->code; line = pv_current_line(); }
    if (!code) return;
    pthread_mutex_lock(&report_mu);
    int free_i = -1;
    for (int i = 0; i < REPORT_SIZE; i++) {
        if (report[i].code == code && report[i].line == line && report[i].type == type) {
            report[i].n++;
            pthread_mutex_unlock(&report_mu);
            return;
        }
        if (!report[i].code && free_i < 0) free_i = i;
    }
    if (free_i >= 0) {
        report[free_i].code = code;
        report[free_i].line = line;
        report[free_i].type = type;
        report[free_i].n = 1;
    }
    pthread_mutex_unlock(&report_mu);
}

static void print_report(void)
{
    int order[REPORT_SIZE], n = 0;
    for (int i = 0; i < REPORT_SIZE; i++) if (report[i].code) order[n++] = i;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && report[order[j]].n > report[order[j - 1]].n; j--) {
            int x = order[j]; order[j] = order[j - 1]; order[j - 1] = x;
        }
    fprintf(stderr, "stm: aborts %lld (rw %lld, ww %lld, validation %lld, explicit %lld); "
            "commits %lld\n",
            (long long)pv_counter_total(PVC_stm_aborts), (long long)pv_counter_total(PVC_stm_aborts_rw),
            (long long)pv_counter_total(PVC_stm_aborts_ww),
            (long long)pv_counter_total(PVC_stm_aborts_validation),
            (long long)pv_counter_total(PVC_stm_aborts_explicit),
            (long long)pv_counter_total(PVC_stm_commits));
    for (int i = 0; i < n && i < 10; i++) {
        const PvCode *c = report[order[i]].code;
        const PvType *ty = report[order[i]].type;
        fprintf(stderr, "stm: %6lld aborts at %s:%d (%s)%s%s\n", (long long)report[order[i]].n,
                pv_str_data(c->filename), report[order[i]].line, pv_str_data(c->name),
                ty ? ", on a " : "", ty ? ty->name : "");
    }
}

/* ---- lifecycle ----------------------------------------------------------------------------- */

static void set_from_env(const char *env, const char *opt)
{
    const char *s = getenv(env);
    if (s && *s) pvsync_set_option(opt, s);
}

void pvsync_init(void)
{
    set_from_env("PARVM_STM_TX_TICKS", "stm-tx-ticks");
    set_from_env("PARVM_STM_MIN_TX_TICKS", "stm-min-tx-ticks");
    set_from_env("PARVM_STM_SPIN", "stm-spin");
    set_from_env("PARVM_STM_WAIT_DIE", "stm-wait-die");
    set_from_env("PARVM_STM_ABORT_LIMIT", "stm-abort-limit");
    set_from_env("PARVM_STM_REPORT", "stm-report");
    set_from_env("PARVM_STM_SOLO", "stm-solo");
    set_from_env("PARVM_STM_SERIAL_PCT", "stm-serial-pct");
    set_from_env("PARVM_STM_SERIAL_MS", "stm-serial-ms");
    set_from_env("PARVM_STM_SERIAL_SLICE_US", "stm-serial-slice-us");
    set_from_env("PARVM_STM_SERIAL_WINDOW_US", "stm-serial-window-us");
}

static int64_t parse_count(const char *opt, const char *value, int64_t min)
{
    char *end;
    long long v = strtoll(value, &end, 10);
    if (*end || end == value || v < min)
        pv_bad_option("--%s needs a whole number >= %lld, got '%s'", opt, (long long)min, value);
    return v;
}

bool pvsync_set_option(const char *name, const char *value)
{
    if (strcmp(name, "stm-tx-ticks") == 0) opt_tx_ticks = parse_count(name, value, 1);
    else if (strcmp(name, "stm-min-tx-ticks") == 0) opt_min_tx_ticks = parse_count(name, value, 1);
    else if (strcmp(name, "stm-spin") == 0) opt_spin = parse_count(name, value, 0);
    else if (strcmp(name, "stm-wait-die") == 0) opt_wait_die = parse_count(name, value, 0) != 0;
    else if (strcmp(name, "stm-solo") == 0) opt_solo = parse_count(name, value, 0) != 0;
    else if (strcmp(name, "stm-abort-limit") == 0) opt_abort_limit = parse_count(name, value, 0);
    else if (strcmp(name, "stm-serial-pct") == 0) {
        opt_serial_pct = parse_count(name, value, 0);
        if (opt_serial_pct > 100) pv_bad_option("--stm-serial-pct needs 0 to 100, got '%s'", value);
        if (opt_serial_pct == 0) atomic_store_explicit(&serial_until, 0, memory_order_relaxed);
    }
    else if (strcmp(name, "stm-serial-ms") == 0) opt_serial_ms = parse_count(name, value, 1);
    else if (strcmp(name, "stm-serial-slice-us") == 0) opt_serial_slice_us = parse_count(name, value, 1);
    else if (strcmp(name, "stm-serial-window-us") == 0) opt_serial_window_us = parse_count(name, value, 1);
    else if (strcmp(name, "stm-report") == 0) {
        bool was = opt_report;
        opt_report = parse_count(name, value, 0) != 0;
        if (opt_report && !was) atexit(print_report);
    } else return false;
    return true;
}

const char *pvsync_options_help(void)
{
    return "  --stm-tx-ticks N        ticks (loop back edges, calls) per transaction (default 400)\n"
           "  --stm-min-tx-ticks N    shortest length aborts shrink a transaction to (default 2;\n"
           "                          the --stm-tx-ticks value turns shrinking off)\n"
           "  --stm-spin N            pause loops a conflict waits before aborting (default 2000)\n"
           "  --stm-wait-die 0|1      a transaction that owns objects and meets an older owner\n"
           "                          aborts at once instead of waiting (default 1)\n"
           "  --stm-abort-limit N     consecutive aborts before a transaction runs inevitable (default 2)\n"
           "  --stm-solo 0|1          a thread running alone runs its transactions inevitable, without\n"
           "                          read logging or undo copies (default 1; 0 measures the full protocol)\n"
           "  --stm-serial-pct N      a thread that lost N% of a window to aborts and conflict\n"
           "                          waits, with 4 aborts or more in it, starts a serial phase:\n"
           "                          threads take turns, the one running runs solo (default 25;\n"
           "                          0 turns serial phases off)\n"
           "  --stm-serial-ms N       length of a serial phase in ms (default 20)\n"
           "  --stm-serial-slice-us N a turn in a serial phase, in us (default 2000)\n"
           "  --stm-serial-window-us N the window --stm-serial-pct measures over, in us (default 4000)\n"
           "  --stm-report 1          at exit, print abort counts and the source lines that conflicted most\n";
}

void pvsync_thread_starting(PvThread *parent, PvThread *child) { (void)parent; (void)child; }

void pvsync_thread_attach(PvThread *t)
{
    pthread_mutex_lock(&slots_mu);
    int slot = -1;
    for (int i = 1; i < PVSTM_MAX_THREADS; i++)
        if (!atomic_load_explicit(&slots[i].thread, memory_order_relaxed)) { slot = i; break; }
    if (slot < 0) pv_fatal("stm: more than %d threads attached at once", PVSTM_MAX_THREADS - 1);
    atomic_store_explicit(&slots[slot].thread, t, memory_order_relaxed);
    t->stm_serial = slots[slot].serial;
    pthread_mutex_unlock(&slots_mu);
    t->stm_slot = slot;
    t->stm_tag = 0;
    t->stm_rng = (uint64_t)(uintptr_t)t ^ (uint64_t)pv_now_ns();
    t->stm_win_start_ns = pv_now_ns();
    t->stm_len = opt_tx_ticks;
    pvstw_attach(t);
    tx_begin(t, false, false);
}

void pvsync_thread_detach(PvThread *t)
{
    tx_commit(t);
    release_turn(t);
    pthread_mutex_lock(&slots_mu);
    atomic_store_explicit(&slots[t->stm_slot].tag, 0, memory_order_relaxed);
    atomic_store_explicit(&slots[t->stm_slot].thread, NULL, memory_order_relaxed);
    slots[t->stm_slot].serial = t->stm_serial;
    pthread_mutex_unlock(&slots_mu);
    free(t->stm_rs); free(t->stm_ws); free(t->stm_arena); free(t->stm_fsnap);
    t->stm_rs = NULL; t->stm_ws = NULL; t->stm_arena = NULL; t->stm_fsnap = NULL;
    t->stm_rs_cap = t->stm_ws_cap = 0;
    t->stm_arena_cap = t->stm_fsnap_cap = 0;
    pvstw_detach(t);
}

/* A blocking call ends the transaction, inside an atomic block too: as the GIL build
 * lets other threads run there, and as it must, since what the thread waits for may be
 * another thread's write (a lock's give, a notify), which an open transaction holding
 * the token would stop (it did: `with atomic: lock.acquire()` waited for ever). The
 * transaction after it starts inside a builtin, where there is no restart point, so it
 * is inevitable until the thread's next base-level tick outside atomic blocks. */
void pvsync_block_begin(PvThread *t)
{
    tx_commit(t);
    t->stm_win_blocks++;
    pvstw_park_begin(t);
    /* The turn passes once t is parked: the next holder, which spins for it, then
     * finds t out of the way and runs solo from its first transaction (released
     * before parking, it could begin while t still counted as running, which
     * test_serial_phase_passes_turn_at_block caught once in a loaded run). */
    release_turn(t);
}

void pvsync_block_end(PvThread *t)
{
    pvstw_park_end(t);
    if (!t->stm_tag) tx_begin(t, false, false);
}

void pvsync_atomic_begin(PvThread *t) { t->stm_atomic_depth++; }

void pvsync_atomic_end(PvThread *t)
{
    if (t->stm_atomic_depth > 0 && --t->stm_atomic_depth == 0 && t->stm_overdue)
        t->stm_budget = 0;              /* end it at the next tick */
}

void pvsync_gc_stop_world(PvThread *t) { pvstw_stop_world(t); }
void pvsync_gc_start_world(PvThread *t) { pvstw_start_world(t); }
