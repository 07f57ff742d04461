/* test_nogil.c — the no-GIL build's biased object locks, driven step by step, and the
 * collector's parallel marking.
 *
 * The test compiles variants/nogil/nogil.c into itself (the binary links the nogil
 * variant's other objects), so it can call revoke_bias, the step that takes a bias from
 * its thread, at the moment it chooses. Threads are real OS threads; the order of their
 * steps is forced with relaxed atomic flags, which order nothing for ThreadSanitizer, so
 * under TSan the only happens-before edges between the threads are the ones the lock
 * protocol itself makes.
 *
 * The first case is the path TSan once found in the interpreter: thread A, the bias
 * owner, writes under its biased lock (plain load and store of the word) and parks;
 * thread B revokes the bias, rewriting the word to 0; thread C, which has had no contact
 * with A or B since before A's write, takes the free lock with its compare-and-swap and
 * reads what A wrote. Only B's rewrite, a release that C's acquire reads, orders A's
 * write before C's read: with a relaxed rewrite the TSan build of this test reports the
 * race (and `make test-tsan` fails). The other cases check what the revocation does to
 * the word: a held lock becomes 2, so the owner's unlock takes the exchanging path, and
 * a running owner is stopped with the world and counted as such.
 *
 * The last case is the collector's parallel marking (gc.c, stw.c): a second thread
 * parked at a safepoint while the main thread collects joins the marking, and a tree
 * that the two markers split between them survives whole while garbage beside it is
 * freed. */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "nogil.c"

#include "vm.h"

static PvThread *A;                     /* the main thread: every object's bias owner */
static int payload;                     /* plain data that A writes under the lock */

static _Atomic int c_ready, revoked;    /* step flags: relaxed, so they order nothing */

static int64_t count(PvThread *t, PvCounterId id)
{
    return atomic_load_explicit(&t->counters.v[id], memory_order_relaxed);
}
static uint32_t word(PvObject *o) { return atomic_load_explicit(&o->pv_lock, memory_order_relaxed); }
static void wait_flag(_Atomic int *f)
{
    while (!atomic_load_explicit(f, memory_order_relaxed)) sched_yield();
}

/* An interpreter thread on the calling OS thread, as thread_entry (mod_thread.c) makes
 * one, and its end. */
static PvThread *attach_here(void)
{
    PvThread *t = pv_thread_create();
    pvgc_register_thread(t);
    pv_thread_setup(t);
    pvsync_thread_starting(NULL, t);    /* the parent's call, before its pthread_create */
    pvsync_thread_attach(t);
    return t;
}
static void detach_here(PvThread *t)
{
    pvsync_thread_detach(t);
    pvgc_unregister_thread(t);
    pv_thread_destroy(t);
}

/* A fresh object, allocated by A, so biased to A. */
static PvObject *biased_to_A(void)
{
    pv_tls_thread = A;
    PvObject *o = PV_OBJ(pv_list_new(1));
    assert_int_equal(word(o), A->ng_bias);
    return o;
}

/* B: revokes o's bias and reports what it did. */
typedef struct Revoker {
    PvObject *o;
    int64_t revocations, stops;         /* B's counters after the revocation */
    uint32_t word_after;
    bool taken;                         /* revoke_bias gave B the lock (rebias) */
    uint32_t bias, word_unlocked;       /* B's bias; the word after B's unlock */
} Revoker;

static void *revoker(void *arg)
{
    Revoker *r = arg;
    PvThread *b = attach_here();
    r->taken = revoke_bias(b, r->o);
    r->word_after = word(r->o);
    r->bias = b->ng_bias;
    if (r->taken) {
        PVNOGIL_UNLOCK(b, r->o);
        r->word_unlocked = word(r->o);
    }
    r->revocations = count(b, PVC_lock_revocations);
    r->stops = count(b, PVC_lock_revocation_stops);
    atomic_store_explicit(&revoked, 1, memory_order_relaxed);
    detach_here(b);
    return NULL;
}

/* C: attached before A's write, then waits (relaxed) for the revocation, takes the lock
 * and reads the payload. */
typedef struct Taker {
    PvObject *o;
    int seen;
    uint32_t word_held, word_after;
} Taker;

static void *taker(void *arg)
{
    Taker *c = arg;
    PvThread *t = attach_here();
    atomic_store_explicit(&c_ready, 1, memory_order_relaxed);
    wait_flag(&revoked);
    PVNOGIL_LOCK(t, c->o);
    c->seen = payload;
    c->word_held = word(c->o);
    PVNOGIL_UNLOCK(t, c->o);
    c->word_after = word(c->o);
    detach_here(t);
    return NULL;
}

static void reset_flags(void)
{
    atomic_store(&c_ready, 0);
    atomic_store(&revoked, 0);
}

static void test_revoked_free_lock_orders_owner_writes_before_third_thread(void **state)
{
    (void)state;
    reset_flags();
    Taker c = {.o = biased_to_A()};
    Revoker r = {.o = c.o};
    pthread_t tc, tb;
    assert_int_equal(pthread_create(&tc, NULL, taker, &c), 0);
    wait_flag(&c_ready);

    /* A's critical section on its own bias: no read-modify-write of the word. */
    PVNOGIL_LOCK(A, c.o);
    assert_int_equal(word(c.o), A->ng_bias | 1u);
    payload = 42;
    PVNOGIL_UNLOCK(A, c.o);
    assert_int_equal(word(c.o), A->ng_bias);

    pvstw_park_begin(A);                /* A blocks: the revoker need not stop it */
    assert_int_equal(pthread_create(&tb, NULL, revoker, &r), 0);
    assert_int_equal(pthread_join(tb, NULL), 0);
    assert_int_equal(pthread_join(tc, NULL), 0);
    pvstw_park_end(A);

    assert_int_equal(r.word_after, 0);  /* free, no longer biased */
    assert_int_equal(r.revocations, 1);
    assert_int_equal(r.stops, 0);
    assert_int_equal(c.seen, 42);
    assert_int_equal(c.word_held, 1);   /* C took it with the compare-and-swap */
    assert_int_equal(c.word_after, 0);
}

static void test_revoked_held_lock_makes_owner_unlock_exchange(void **state)
{
    (void)state;
    reset_flags();
    Revoker r = {.o = biased_to_A()};
    PVNOGIL_LOCK(A, r.o);
    pvstw_park_begin(A);                /* A blocks holding the lock */
    pthread_t tb;
    assert_int_equal(pthread_create(&tb, NULL, revoker, &r), 0);
    assert_int_equal(pthread_join(tb, NULL), 0);
    pvstw_park_end(A);
    assert_int_equal(r.word_after, 2);  /* held, and the holder must wake waiters */
    assert_int_equal(r.revocations, 1);
    assert_int_equal(r.stops, 0);
    PVNOGIL_UNLOCK(A, r.o);
    assert_int_equal(word(r.o), 0);
    /* The bias is gone for A too: its next lock is the compare-and-swap. */
    PVNOGIL_LOCK(A, r.o);
    assert_int_equal(word(r.o), 1);
    PVNOGIL_UNLOCK(A, r.o);
    assert_int_equal(word(r.o), 0);
}

static void test_running_owner_is_stopped_with_the_world(void **state)
{
    (void)state;
    reset_flags();
    Revoker r = {.o = biased_to_A()};
    int64_t pauses = count(A, PVC_safepoint_pauses);
    pthread_t tb;
    assert_int_equal(pthread_create(&tb, NULL, revoker, &r), 0);
    /* A keeps running, polling its eval breaker as the interpreter does at a tick. */
    while (!atomic_load_explicit(&revoked, memory_order_relaxed)) PVSYNC_TICK(A, true);
    assert_int_equal(pthread_join(tb, NULL), 0);
    assert_int_equal(r.word_after, 0);
    assert_int_equal(r.revocations, 1);
    assert_int_equal(r.stops, 1);
    assert_true(count(A, PVC_safepoint_pauses) > pauses);
}

/* Detached owner: the word is rewritten at once, with no stop. */
static void *alloc_then_detach(void *arg)
{
    PvThread *t = attach_here();
    PvObject *o = PV_OBJ(pv_list_new(1));
    assert_int_equal(word(o), t->ng_bias);
    *(PvObject **)arg = o;
    detach_here(t);
    return NULL;
}

static void test_detached_owner_needs_no_stop(void **state)
{
    (void)state;
    reset_flags();
    Revoker r = {0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, alloc_then_detach, &r.o), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    pv_tls_thread = A;                  /* r is on A's stack, which the collector scans */
    assert_int_equal(pthread_create(&t, NULL, revoker, &r), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(r.word_after, 0);
    assert_int_equal(r.revocations, 1);
    assert_int_equal(r.stops, 0);
}

/* B alone (A parked, nobody else attached or starting) takes a free lock's bias for
 * itself: the word becomes B's bias, held, and B's unlock is the plain store. With a
 * thread started but not yet attached it clears the bias as usual. */
static void test_alone_revoker_takes_the_bias(void **state)
{
    (void)state;
    reset_flags();
    Revoker r = {.o = biased_to_A()};
    pvstw_park_begin(A);
    pthread_t tb;
    assert_int_equal(pthread_create(&tb, NULL, revoker, &r), 0);
    assert_int_equal(pthread_join(tb, NULL), 0);
    pvstw_park_end(A);
    assert_true(r.taken);
    assert_int_equal(r.word_after, r.bias | 1u);
    assert_int_equal(r.word_unlocked, r.bias);
    assert_int_equal(r.revocations, 1);
    assert_int_equal(r.stops, 0);

    Revoker q = {.o = biased_to_A()};
    atomic_fetch_add(&starting, 1);     /* as pvsync_thread_starting does */
    pvstw_park_begin(A);
    assert_int_equal(pthread_create(&tb, NULL, revoker, &q), 0);
    assert_int_equal(pthread_join(tb, NULL), 0);
    pvstw_park_end(A);
    atomic_fetch_sub(&starting, 1);
    assert_false(q.taken);
    assert_int_equal(q.word_after, 0);
    assert_int_equal(q.stops, 0);
}

/* ---- parallel marking ------------------------------------------------------------ */

static _Atomic int collections_over;
static int64_t helper_helps;

/* B: runs "Python code" (ticks) until A's collections are over; at each of A's stops
 * it parks at a safepoint, where it is offered A's marking. */
static void *ticking_helper(void *arg)
{
    (void)arg;
    PvThread *b = attach_here();
    atomic_store_explicit(&c_ready, 1, memory_order_relaxed);
    while (!atomic_load_explicit(&collections_over, memory_order_relaxed)) PVSYNC_TICK(b, true);
    helper_helps = count(b, PVC_stw_helps);
    detach_here(b);
    return NULL;
}

/* A complete binary tree of lists [left, right, depth]: a depth-first mark of it keeps
 * little more than its depth on the stack, so the markers can only share it by handing
 * over the subtrees nearest the root. */
static PvVal tree(int depth)
{
    PvVal l = pv_list_with_capacity(3);
    pv_list_append(l, depth ? tree(depth - 1) : pv_None);
    pv_list_append(l, depth ? tree(depth - 1) : pv_None);
    pv_list_append(l, pv_int(depth));
    return l;
}

/* Nodes of a tree that are live objects with their contents. */
static int64_t intact_nodes(PvVal t, int depth)
{
    if (!pvgc_is_heap_object((void *)t) || pv_list_get(t, 2) != pv_int(depth)) return 0;
    if (!depth) return 1;
    return 1 + intact_nodes(pv_list_get(t, 0), depth - 1) + intact_nodes(pv_list_get(t, 1), depth - 1);
}

/* Garbage is remembered by hidden addresses (every bit flipped: never a heap pointer to
 * the conservative scan), and the dead part of the stack is cleared before collecting
 * (test_gc.c does the same). */
#define NGARBAGE 2000
static uintptr_t garbage[NGARBAGE];

static PV_NOINLINE void make_garbage(void)
{
    for (int i = 0; i < NGARBAGE; i++) garbage[i] = ~(uintptr_t)pv_list_with_capacity(2);
}

/* Not instrumented: under TSan each store would call into the runtime, whose frames
 * lie in the very memory being cleared. */
__attribute__((noinline, no_sanitize_address, no_sanitize_thread))
static void scrub_stack(void)
{
    volatile uintptr_t *top = __builtin_frame_address(0);
    for (ptrdiff_t i = 1; i <= 8192; i++) top[-i] = 0;
}

static PV_NOINLINE void collect_scrubbed(void)
{
    scrub_stack();
    pvgc_collect(A);
}

static void test_parked_thread_helps_mark_and_nothing_live_is_lost(void **state)
{
    (void)state;
    enum { DEPTH = 14, ROUNDS = 20 };
    static uintptr_t root;
    pv_tls_thread = A;
    pvgc_add_root(&root);
    root = tree(DEPTH);
    reset_flags();
    atomic_store(&collections_over, 0);
    pthread_t tb;
    assert_int_equal(pthread_create(&tb, NULL, ticking_helper, NULL), 0);
    wait_flag(&c_ready);
    int64_t freed = 0;
    for (int r = 0; r < ROUNDS; r++) {
        make_garbage();
        collect_scrubbed();
        assert_int_equal(intact_nodes(root, DEPTH), (2 << DEPTH) - 1);
        for (int i = 0; i < NGARBAGE; i++) freed += !pvgc_is_heap_object((void *)~garbage[i]);
    }
    atomic_store_explicit(&collections_over, 1, memory_order_relaxed);
    assert_int_equal(pthread_join(tb, NULL), 0);
    root = 0;
    /* B was parked at every collection; stw_helps counts the collections in which it
     * took work from the pool (not those it woke up too late for), which the 65,000
     * objects of the tree and its arrays leave ample time for at least once. */
    assert_true(helper_helps >= 1);
    /* A stale copy on a stack may keep a few garbage lists alive; not most of them. */
    assert_true(freed >= (int64_t)ROUNDS * NGARBAGE * 9 / 10);
}

/* The allocator writes the bias word only into objects whose layout has the lock word
 * (PV_TYPE_LOCKABLE); in any other object the word is the first field, and it gets 0. */
static void test_bias_word_only_in_lockable_objects(void **state)
{
    (void)state;
    pv_tls_thread = A;
    PvObject *l = PV_OBJ(pv_list_new(0));
    assert_true(l->type->flags & PV_TYPE_LOCKABLE);
    assert_int_equal(word(l), A->ng_bias);
    PvObject *d = PV_OBJ(pv_dict_new());
    assert_int_equal(word(d), A->ng_bias);
    /* A bare layout, allocated by hand so that nothing but the allocator writes it. */
    assert_false(pv_type_tuple.flags & PV_TYPE_LOCKABLE);
    void **bare = pvgc_alloc(A, &pv_type_tuple, sizeof(PvTuple) + 2 * sizeof(PvVal));
    assert_null(bare[1]);
    assert_int_equal(sizeof(PvTuple), sizeof(PvType *) + 2 * sizeof(int64_t));
}

static int setup(void **state)
{
    (void)state;
    static char *argv[] = {"test_nogil", NULL};
    pv_runtime_init(1, argv);
    A = pv_thread();
    assert_true(atomic_load(&pvnogil_bias_on));
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_revoked_free_lock_orders_owner_writes_before_third_thread),
        cmocka_unit_test(test_revoked_held_lock_makes_owner_unlock_exchange),
        cmocka_unit_test(test_running_owner_is_stopped_with_the_world),
        cmocka_unit_test(test_detached_owner_needs_no_stop),
        cmocka_unit_test(test_alone_revoker_takes_the_bias),
        cmocka_unit_test(test_parked_thread_helps_mark_and_nothing_live_is_lost),
        cmocka_unit_test(test_bias_word_only_in_lockable_objects),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
