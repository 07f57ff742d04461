/* test_stm.c — deterministic conflict tests of the STM build's transactions.
 *
 * A test-only driver: two interpreter threads, A and B, are driven from one OS thread
 * in an order the test chooses, one step at a time: read or write a list item through
 * the core's own barriers (pv_list_get / pv_list_set), or commit (a base-level tick
 * with the transaction's budget spent, which commits and starts the next one). Each
 * step runs under its thread's restart point (a setjmp in the test function itself,
 * where vm.c's eval_base would be), so an abort rolls back, starts the next attempt
 * and lands back in the test, which counts it. With `--stm-spin 0` a transaction that
 * meets an object owned by another running transaction aborts at once, so every
 * interleaving has exactly one outcome: which transaction aborts, with which cause,
 * and the final values and version words of the objects.
 *
 * The last test runs B on a real second thread, as an inevitable transaction that
 * needs an object A owns: B must ask A to abort, A aborts at its next tick, B's write
 * lands. It is the one place the protocol's cross-thread path (request_abort, the
 * eval breaker) is exercised without the interpreter around it, and it runs under
 * ThreadSanitizer too. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "thread.h"
#include "stw.h"
#include "vm.h"

static PvThread *A, *B;
static PvVal X, Y;                      /* one-item lists: the shared objects */
static volatile int restarts;           /* aborts that landed at a restart point */

static int64_t count(PvThread *t, PvCounterId id)
{
    return atomic_load_explicit(&t->counters.v[id], memory_order_relaxed);
}

/* ON(t, stmt): one step of thread t. A rollback returns here, having started t's
 * next attempt; the step is not retried (the test says what happens next). Every
 * access through the barriers belongs in a step: outside one, a rollback would land
 * at the thread's previous step. */
#define ON(th, stmt) do { \
        pv_tls_thread = (th); \
        if (_setjmp((th)->stm_jmp) == 0) { stmt; } else { restarts++; } \
    } while (0)

static void commit_now(PvThread *t)
{
    t->stm_budget = -1;
    pvstm_tick_slow(t, true);
}
#define COMMIT(th) ON(th, commit_now(th))

static int64_t item(PvVal l) { return pv_int_value(pv_list_get(l, 0)); }
static void set_item(PvVal l, int64_t v) { assert_int_equal(pv_list_set(l, 0, pv_int(v)), 0); }
static uint64_t word(PvVal l) { return atomic_load(&PV_OBJ(l)->stm_word); }

/* Turns thread t's running transaction (inevitable, as every attach starts one) into
 * a restartable one at a base-level tick, as the eval loop does. */
static void go_restartable(PvThread *t)
{
    pv_tls_thread = t;
    pvsync_base_enter(t);
    commit_now(t);
    assert_true(t->stm_restartable);
    assert_false(t->stm_inevitable);
}

static int setup(void **state)
{
    (void)state;
    static char *argv[] = {"test_stm", NULL};
    pv_runtime_init(1, argv);
    assert_true(pvsync_set_option("stm-spin", "0"));
    /* The protocol under test is the one of threads running together; solo
     * transactions (a thread alone) have a test of their own. */
    assert_true(pvsync_set_option("stm-solo", "0"));
    /* Serial phases (contention scheduling) have a test of their own. */
    assert_true(pvsync_set_option("stm-serial-pct", "0"));
    A = pv_thread();
    X = pv_list_new(1);
    Y = pv_list_new(1);
    go_restartable(A);
    B = pv_thread_create();
    pvgc_register_thread(B);
    pv_thread_setup(B);
    pvsync_thread_attach(B);
    go_restartable(B);
    return 0;
}

/* Both threads at the start of a fresh transaction, the lists at 0, counters noted. */
static int64_t a0[PV_NCOUNTERS], b0[PV_NCOUNTERS];
static void fresh(void)
{
    COMMIT(A);
    ON(A, set_item(X, 0); set_item(Y, 0));
    COMMIT(A);
    COMMIT(B);
    for (int i = 0; i < PV_NCOUNTERS; i++) {
        a0[i] = count(A, (PvCounterId)i);
        b0[i] = count(B, (PvCounterId)i);
    }
    restarts = 0;
}
#define DA(id) (count(A, PVC_##id) - a0[PVC_##id])
#define DB(id) (count(B, PVC_##id) - b0[PVC_##id])

/* A reads X; B writes X and commits first; A's commit fails validation. */
static void test_read_then_foreign_commit_aborts_reader(void **state)
{
    (void)state;
    fresh();
    volatile int64_t seen = -1;
    ON(A, seen = item(X));
    ON(B, set_item(X, 1));
    COMMIT(B);
    COMMIT(A);
    assert_int_equal(seen, 0);
    assert_int_equal(restarts, 1);
    assert_int_equal(DA(stm_aborts), 1);
    assert_int_equal(DA(stm_aborts_validation), 1);
    assert_int_equal(DB(stm_aborts), 0);
    assert_int_equal(DB(stm_commits), 1);
    /* The retry sees B's value and commits. */
    ON(A, seen = item(X));
    COMMIT(A);
    assert_int_equal(seen, 1);
    assert_int_equal(DA(stm_aborts), 1);
    assert_int_equal(DA(stm_commits), 1);
}

/* A owns X; B's write barrier on X loses (write-write) and aborts; A commits; B's
 * retry wins. (pv_list_set reads the list before it writes it, so its conflict would
 * be a read-write one: the step here is the bare write barrier.) */
static void test_write_write_aborts_requester(void **state)
{
    (void)state;
    fresh();
    ON(A, set_item(X, 10));
    ON(B, PV_WRITE(B, PV_OBJ(X)));
    assert_int_equal(restarts, 1);
    assert_int_equal(DB(stm_aborts_ww), 1);
    ON(B, set_item(X, 20));
    assert_int_equal(restarts, 2);
    assert_int_equal(DB(stm_aborts_rw), 1);
    volatile int64_t seen = -1;
    ON(A, seen = item(X));                  /* A's write, still A's */
    assert_int_equal(seen, 10);
    COMMIT(A);
    ON(B, set_item(X, 20));
    COMMIT(B);
    assert_int_equal(restarts, 2);
    assert_int_equal(DA(stm_aborts), 0);
    assert_int_equal(DB(stm_aborts), 2);
    pv_tls_thread = A;
    assert_int_equal(item(X), 20);
}

/* A owns X; B's read of X aborts B (read-write); after A commits, B reads A's value. */
static void test_read_of_owned_object_aborts_reader(void **state)
{
    (void)state;
    fresh();
    volatile int64_t seen = -1;
    ON(A, set_item(X, 5));
    ON(B, seen = item(X));
    assert_int_equal(seen, -1);             /* the read never returned */
    assert_int_equal(DB(stm_aborts_rw), 1);
    COMMIT(A);
    ON(B, seen = item(X));
    COMMIT(B);
    assert_int_equal(seen, 5);
    assert_int_equal(DA(stm_aborts), 0);
    assert_int_equal(DB(stm_aborts), 1);
}

/* A reads Y and writes X; B commits a write of Y; A's commit fails validation, and the
 * rollback restores X's item and gives X a new version (not its old one: a reader that
 * saw A's write must fail validation too). */
static void test_rollback_restores_and_renews_version(void **state)
{
    (void)state;
    fresh();
    uint64_t before = word(X);
    assert_int_equal(before & 1, 0);
    ON(A, (void)item(Y); set_item(X, 7));
    assert_int_equal(word(X), A->stm_tag);  /* owned by A's transaction */
    ON(B, set_item(Y, 1));
    COMMIT(B);
    COMMIT(A);
    assert_int_equal(restarts, 1);
    assert_int_equal(DA(stm_aborts_validation), 1);
    uint64_t after = word(X);
    assert_int_equal(after & 1, 0);         /* a version again */
    assert_true(after > before);
    pv_tls_thread = A;
    assert_int_equal(item(X), 0);           /* A's 7 is gone */
    assert_int_equal(item(Y), 1);
    COMMIT(A);
}

/* The same rollback of a dict: its contents come back, its version does not. The
 * inline caches key values by dict version (LOAD_GLOBAL), and one filled by a doomed
 * reader while A wrote in place may pair the version of before with A's value; with
 * that version restored it would hit and hand out A's uncommitted value. */
static void test_rollback_renews_dict_version(void **state)
{
    (void)state;
    fresh();
    static PvVal D;
    PvVal key = pv_intern("g");
    ON(A, D = pv_dict_new(); assert_int_equal(pv_dict_set(D, key, pv_int(4)), 0));
    COMMIT(A);
    uint64_t before = PV_DICT(D)->version;
    volatile uint64_t during = 0;
    ON(A, (void)item(Y); assert_int_equal(pv_dict_set(D, key, pv_int(5)), 0);
          during = PV_DICT(D)->version);
    assert_true(during != before);
    ON(B, set_item(Y, 2));
    COMMIT(B);
    COMMIT(A);
    assert_int_equal(restarts, 1);
    assert_int_equal(DA(stm_aborts_validation), 1);
    pv_tls_thread = A;
    assert_int_equal(pv_int_value(pv_dict_get_str(D, key)), 4);
    uint64_t after = PV_DICT(D)->version;
    assert_true(after != before);
    assert_true(after != during);
    COMMIT(A);
}

/* Items of a long list (PV_WRITE_ITEMS): A sets, appends, pops and sets again on an
 * old 1,000-item list; its undo log holds those words, not the whole array; a rollback
 * puts back every item, the length and the slot past it. Then shifts, which fall back
 * to one whole copy, and two arrays that share a slot of stm_items: the second is
 * taken with a whole copy, and both come back. */
static PvVal L[64];
static int64_t list_item(PvVal l, int64_t i) { return pv_int_value(pv_list_get(l, i)); }
static void fill(PvVal l, int64_t n) { for (int64_t i = 0; i < n; i++) assert_int_equal(pv_list_append(l, pv_int(i)), 0); }
static void assert_filled(PvVal l, int64_t n)
{
    assert_int_equal(pv_list_len(l), n);
    for (int64_t i = 0; i < n; i++) assert_int_equal(list_item(l, i), i);
    assert_true(PV_LIST(l)->arr->items[n] == PV_NULL);
}
/* Two of lists L[0 .. n) whose arrays share a slot of stm_items, as j * 100 + i. */
static int clashing_pair(int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if ((((uintptr_t)PV_LIST(L[i])->arr >> 4) & (PVSTM_ITEMS - 1)) ==
                (((uintptr_t)PV_LIST(L[j])->arr >> 4) & (PVSTM_ITEMS - 1)))
                return j * 100 + i;
    fail_msg("no two of %d arrays share a slot", n);
    return 0;
}
/* B writes Y and commits; A, which read Y, fails its validation at its commit and
 * rolls back once. */
static void abort_a_by_b(int64_t v)
{
    ON(B, set_item(Y, v));
    COMMIT(B);
    COMMIT(A);
    assert_int_equal(restarts, 1);
    pv_tls_thread = A;
}
static void test_rollback_of_items(void **state)
{
    (void)state;
    fresh();
    ON(A, L[0] = pv_list_with_capacity(0); fill(L[0], 1000));
    COMMIT(A);
    volatile size_t arena_after_set = 0, arena_after_all = 0;
    ON(A, (void)item(Y);
          assert_int_equal(pv_list_set(L[0], 500, pv_int(-1)), 0);
          arena_after_set = A->stm_arena_n;
          assert_int_equal(pv_list_append(L[0], pv_int(-2)), 0);
          assert_int_equal(pv_int_value(pv_list_pop(L[0], 998)), 998);
          assert_int_equal(pv_list_set(L[0], 500, pv_int(-3)), 0);
          arena_after_all = A->stm_arena_n);
    /* The list object (two words) and one item; then the append's slot, the pop's
     * three words (998, 999, the appended one) and the set's item again. */
    assert_int_equal(arena_after_set, 3 * sizeof(PvVal));
    assert_int_equal(arena_after_all, 8 * sizeof(PvVal));
    abort_a_by_b(1);
    assert_filled(L[0], 1000);

    /* Shifts: pop(0) logs the array's items each time, until one whole copy is
     * cheaper; then one copy, and nothing after it. */
    restarts = 0;
    volatile size_t arena1 = 0, arena2 = 0, arena3 = 0;
    ON(A, (void)item(Y);
          assert_int_equal(pv_int_value(pv_list_pop(L[0], 0)), 0);
          arena1 = A->stm_arena_n;
          assert_int_equal(pv_int_value(pv_list_pop(L[0], 0)), 1);
          arena2 = A->stm_arena_n;
          assert_int_equal(pv_int_value(pv_list_pop(L[0], 0)), 2);
          arena3 = A->stm_arena_n);
    assert_int_equal(arena1, (2 + 1000) * sizeof(PvVal));
    assert_int_equal(arena2 - arena1, pvgc_live_object_size(PV_OBJ(PV_LIST(L[0])->arr)) - 2 * sizeof(PvVal));
    assert_int_equal(arena3, arena2);
    abort_a_by_b(3);
    assert_filled(L[0], 1000);

    /* Lists whose arrays clash in stm_items (16 slots: two of 17 arrays do). */
    ON(A, for (int i = 0; i < 17; i++) { L[i] = pv_list_with_capacity(0); fill(L[i], 100); });
    COMMIT(A);
    static int a, b;
    int ab = clashing_pair(17);
    a = ab / 100;
    b = ab % 100;
    restarts = 0;
    volatile size_t arena_a = 0, arena_b = 0;
    ON(A, (void)item(Y);
          assert_int_equal(pv_list_set(L[a], 7, pv_int(-1)), 0);
          arena_a = A->stm_arena_n;
          assert_int_equal(pv_list_set(L[b], 7, pv_int(-1)), 0);
          arena_b = A->stm_arena_n;
          assert_int_equal(pv_list_set(L[a], 8, pv_int(-1)), 0);
          assert_int_equal(pv_list_set(L[b], 8, pv_int(-1)), 0));
    assert_int_equal(arena_a, 3 * sizeof(PvVal));
    assert_true(arena_b - arena_a >= 2 * sizeof(PvVal) + 100 * sizeof(PvVal));  /* whole copy */
    abort_a_by_b(2);
    assert_filled(L[a], 100);
    assert_filled(L[b], 100);
    COMMIT(A);
}

/* A dict's table (PV_WRITE_ITEMS too): on an old 200-key dict, A replaces a value,
 * inserts a key and deletes one; its undo log holds the dict object and the words
 * those change (one, five, three), not the 5 KB table; a rollback brings back every
 * key, value and index slot, and the entry count. */
static void test_rollback_of_table_words(void **state)
{
    (void)state;
    fresh();
    static PvVal D2;
    ON(A, D2 = pv_dict_new();
          for (int64_t k = 0; k < 200; k++) assert_int_equal(pv_dict_set(D2, pv_int(k), pv_int(k)), 0));
    COMMIT(A);
    PvDictTable *tb = PV_DICT(D2)->table;
    assert_true(tb->nentries == 200 && tb->cap > 201);   /* the insert below does not resize */
    assert_true(pvgc_live_object_size(PV_OBJ(tb)) > PVSTM_ITEMS_MIN_BYTES);
    size_t dict_copy = pvgc_live_object_size(PV_OBJ(PV_DICT(D2))) - 2 * sizeof(PvVal);
    restarts = 0;
    volatile size_t arena_set = 0, arena_ins = 0, arena_del = 0;
    ON(A, (void)item(Y);
          assert_int_equal(pv_dict_set(D2, pv_int(50), pv_int(-1)), 0);
          arena_set = A->stm_arena_n;
          assert_int_equal(pv_dict_set(D2, pv_int(1000), pv_int(-2)), 0);
          arena_ins = A->stm_arena_n;
          assert_int_equal(pv_dict_del(D2, pv_int(7)), 1);
          arena_del = A->stm_arena_n);
    assert_int_equal(arena_set, dict_copy + 1 * sizeof(PvVal));
    assert_int_equal(arena_ins - arena_set, 5 * sizeof(PvVal));    /* entry, index word, count */
    assert_int_equal(arena_del - arena_ins, 3 * sizeof(PvVal));    /* index word, key, value */
    abort_a_by_b(1);
    pv_tls_thread = A;
    assert_ptr_equal(PV_DICT(D2)->table, tb);
    assert_int_equal(tb->nentries, 200);
    assert_int_equal(pv_dict_len(D2), 200);
    for (int64_t k = 0; k < 200; k++) assert_int_equal(pv_int_value(pv_dict_get(D2, pv_int(k))), k);
    assert_true(pv_dict_get(D2, pv_int(1000)) == PV_NULL);
    COMMIT(A);
}

/* A transaction that took a lock does not end at its length while it holds it (up to
 * tx_ticks ticks more; never when inevitable), and one that gives back its last lock
 * ends at its next base-level tick, also when the tick before it was not at the base. */
static void tick(PvThread *t, bool at_base)
{
    if (--t->stm_budget < 0) pvstm_tick_slow(t, at_base);     /* PVSYNC_TICK */
}
static void test_lock_holds_and_hands_off(void **state)
{
    (void)state;
    fresh();
    PvObject *lock = PV_OBJ(Y);             /* any object stands for a lock here */
    ON(A, set_item(X, 1); pvstm_lock_taken(A, lock));
    static uint64_t tag;
    tag = A->stm_tag;
    COMMIT(A);                               /* its length is out: put off */
    assert_int_equal(A->stm_tag, tag);
    assert_int_equal(DA(stm_commits), 0);
    assert_int_equal(word(X), tag);
    ON(A, pvstm_lock_given(A, lock));
    assert_int_equal(A->stm_tag, tag);       /* the give itself ends nothing */
    tick(A, false);                          /* not at the base: it cannot end here */
    assert_int_equal(A->stm_tag, tag);
    assert_int_equal(A->stm_budget, 0);      /* but it will at the next base tick */
    tick(A, true);
    assert_int_equal(DA(stm_commits), 1);
    assert_true(A->stm_tag != tag);
    assert_int_equal(word(X) & 1, 0);

    /* Held for good: the end is put off once by the whole length, then it ends. */
    ON(A, set_item(X, 2); pvstm_lock_taken(A, lock));
    tag = A->stm_tag;
    A->stm_len = 400;                        /* the whole length: one put-off spends the bound */
    COMMIT(A);
    assert_int_equal(A->stm_tag, tag);
    COMMIT(A);
    assert_true(A->stm_tag != tag);
    assert_int_equal(DA(stm_commits), 2);

    /* Inevitable: never put off. */
    ON(A, pvstm_become_inevitable(A); pvstm_lock_taken(A, lock));
    tag = A->stm_tag;
    COMMIT(A);
    assert_true(A->stm_tag != tag);
    assert_int_equal(DA(stm_commits), 3);
    COMMIT(A);
}

/* More locks than the table tracks (PVSTM_LOCKS): the untracked ones neither put off
 * the end nor count at their give; the tracked ones still do, and the last of them
 * given back ends the transaction at its next base tick. */
static void test_more_locks_than_tracked(void **state)
{
    (void)state;
    fresh();
    enum { N = PVSTM_LOCKS + 2 };
    static PvObject *locks[N];
    for (int i = 0; i < N; i++) locks[i] = PV_OBJ(pv_list_new(0));
    ON(A, set_item(X, 1); for (int i = 0; i < N; i++) pvstm_lock_taken(A, locks[i]));
    assert_int_equal(A->stm_locks_n, PVSTM_LOCKS);
    static uint64_t tag;
    tag = A->stm_tag;
    /* Giving back the untracked ones changes nothing: tracked ones are still held. */
    ON(A, pvstm_lock_given(A, locks[N - 1]); pvstm_lock_given(A, locks[N - 2]));
    assert_int_equal(A->stm_locks_n, PVSTM_LOCKS);
    assert_false(A->stm_end_soon);
    A->stm_len = 4;                          /* a short length: the bound is far off */
    COMMIT(A);                               /* held: put off */
    assert_int_equal(A->stm_tag, tag);
    assert_int_equal(DA(stm_commits), 0);
    /* Giving back all but one tracked lock: still held. */
    ON(A, for (int i = 1; i < PVSTM_LOCKS; i++) pvstm_lock_given(A, locks[i]));
    assert_int_equal(A->stm_locks_n, 1);
    assert_false(A->stm_end_soon);
    COMMIT(A);
    assert_int_equal(A->stm_tag, tag);
    /* The last one: a hand-off, the next base tick ends it. */
    ON(A, pvstm_lock_given(A, locks[0]));
    assert_int_equal(A->stm_locks_n, 0);
    assert_true(A->stm_end_soon);
    tick(A, true);
    assert_int_equal(DA(stm_commits), 1);
    assert_true(A->stm_tag != tag);
    COMMIT(A);
}

/* Cached class lookups read pv_class_state once per transaction (PV_READ_CLASSES):
 * the first read logs it, later ones add nothing, the next transaction logs it again,
 * and a class change committed by another thread fails the reader's validation. */
static void test_class_state_read_once(void **state)
{
    (void)state;
    fresh();
    static int64_t n0;
    ON(A, n0 = A->stm_rs_n; PV_READ_CLASSES(A));
    assert_true(A->stm_classes_read);
    assert_int_equal(A->stm_rs_n, n0 + 1);
    assert_ptr_equal(A->stm_rs[n0].obj, &pv_class_state);
    ON(A, PV_READ_CLASSES(A); PV_READ_CLASSES(A));
    assert_int_equal(A->stm_rs_n, n0 + 1);
    COMMIT(A);
    assert_false(A->stm_classes_read);
    ON(A, n0 = A->stm_rs_n; PV_READ_CLASSES(A));
    assert_int_equal(A->stm_rs_n, n0 + 1);
    /* B changes a class (a write of pv_class_state makes it inevitable) and commits
     * first: A's later reads skip the barrier, and its commit fails validation. */
    ON(B, PV_WRITE(B, &pv_class_state));
    assert_true(B->stm_inevitable);
    COMMIT(B);
    ON(A, PV_READ_CLASSES(A));
    COMMIT(A);
    assert_int_equal(DA(stm_aborts_validation), 1);
    assert_int_equal(restarts, 1);
    assert_false(A->stm_classes_read);       /* the retry starts without it */
    COMMIT(A);
}

/* Readers never conflict with each other. */
static void test_readers_commute(void **state)
{
    (void)state;
    fresh();
    volatile int64_t a = -1, b = -1;
    ON(A, a = item(X) + item(Y));
    ON(B, b = item(Y) + item(X));
    COMMIT(B);
    COMMIT(A);
    assert_int_equal(a, 0);
    assert_int_equal(b, 0);
    assert_int_equal(restarts, 0);
    assert_int_equal(DA(stm_aborts) + DB(stm_aborts), 0);
    assert_int_equal(DA(stm_commits), 1);
    assert_int_equal(DB(stm_commits), 1);
}

/* With an abort limit of 1, the attempt after an abort runs inevitable (it holds the
 * token until it commits) and a commit makes the next one restartable again. */
static void test_abort_limit_makes_inevitable(void **state)
{
    (void)state;
    assert_true(pvsync_set_option("stm-abort-limit", "1"));
    fresh();
    ON(A, (void)item(X));
    ON(B, set_item(X, 3));
    COMMIT(B);
    COMMIT(A);
    assert_int_equal(DA(stm_aborts_validation), 1);
    assert_true(A->stm_inevitable);
    assert_int_equal(DA(stm_inevitable), 1);
    ON(A, set_item(Y, 4));
    COMMIT(A);
    assert_false(A->stm_inevitable);
    assert_true(A->stm_restartable);
    char dflt[32];
    snprintf(dflt, sizeof dflt, "%d", PVSTM_ABORT_LIMIT);
    assert_true(pvsync_set_option("stm-abort-limit", dflt));
    pv_tls_thread = A;
    assert_int_equal(item(X), 3);
    assert_int_equal(item(Y), 4);
}

/* Wait-die and the adaptive length. A's transaction is older than B's (fresh() starts
 * A's last); B owns Y and reads X, which A owns. With a spin limit no test would sit
 * out (the alarm fails the test if B waits), B, the younger owner, must abort at once
 * (read-write) and halve its length; A, which won, halves its own at its commit; B's
 * retry reads A's value, and its commit adds one tick back. A failed validation (the
 * last step) does not shrink a length. */
/* A watchdog for tests whose failure is a wait that never ends: after `seconds` the
 * process prints `why` and exits 1. */
static const char *alarm_why;
static void on_alarm(int sig)
{
    (void)sig;
    (void)!write(2, "test_stm: ", 10);
    (void)!write(2, alarm_why, strlen(alarm_why));
    (void)!write(2, "\n", 1);
    _exit(1);
}

static void watchdog(unsigned seconds, const char *why)
{
    alarm_why = why;
    signal(SIGALRM, on_alarm);
    alarm(seconds);
}

static void test_wait_die_and_adaptive_length(void **state)
{
    (void)state;
    fresh();
    A->stm_len = B->stm_len = PVSTM_TX_TICKS;
    assert_true(pvsync_set_option("stm-spin", "1000000000000"));
    watchdog(20, "wait-die: the younger owner waited instead of aborting");
    ON(A, set_item(X, 8));
    ON(B, set_item(Y, 9));
    volatile int64_t seen = -1;
    ON(B, seen = item(X));
    alarm(0);
    assert_true(pvsync_set_option("stm-spin", "0"));
    assert_int_equal(seen, -1);
    assert_int_equal(restarts, 1);
    assert_int_equal(DB(stm_aborts_rw), 1);
    assert_int_equal(B->stm_len, PVSTM_TX_TICKS / 2);
    assert_int_equal(A->stm_len, PVSTM_TX_TICKS);
    COMMIT(A);
    assert_int_equal(A->stm_len, PVSTM_TX_TICKS / 2);
    ON(B, seen = item(X));
    COMMIT(B);
    assert_int_equal(seen, 8);
    assert_int_equal(B->stm_len, PVSTM_TX_TICKS / 2 + 1);
    pv_tls_thread = A;
    assert_int_equal(item(Y), 0);           /* B's aborted write of Y is undone */
    /* A validation abort leaves the length alone. */
    ON(A, (void)item(X));
    ON(B, set_item(X, 1));
    COMMIT(B);
    COMMIT(A);
    assert_int_equal(DA(stm_aborts_validation), 1);
    assert_int_equal(A->stm_len, PVSTM_TX_TICKS / 2);
    COMMIT(A);
}

/* Solo transactions. With B parked, A is the only thread running: its next transaction
 * is solo (inevitable, holding the token), its reads are not logged and its write keeps
 * no undo copy, and its commit stamps X with a new version. With B running again, A's
 * next transaction is an ordinary one, and B reads A's write. */
static void test_solo_when_alone(void **state)
{
    (void)state;
    fresh();
    assert_true(pvsync_set_option("stm-solo", "1"));
    pvstw_park_begin(B);
    COMMIT(A);
    assert_true(A->stm_solo);
    assert_true(A->stm_inevitable);
    assert_int_equal(DA(stm_solo), 1);
    volatile int64_t seen = -1;
    ON(A, seen = item(X) + item(Y); set_item(X, 6));
    assert_int_equal(seen, 0);
    assert_int_equal(A->stm_rs_n, 0);
    assert_true(A->stm_ws_n >= 1);          /* owned (the list, and its storage) */
    assert_int_equal(A->stm_arena_n, 0);    /* without a copy to restore */
    uint64_t before = word(Y);
    COMMIT(A);                               /* still alone: solo again */
    assert_int_equal(DA(stm_solo), 2);
    assert_int_equal(word(X) & 1, 0);
    assert_true(word(X) > before);
    pvstw_park_end(B);
    COMMIT(A);
    assert_false(A->stm_solo);
    assert_false(A->stm_inevitable);
    assert_int_equal(DA(stm_solo), 2);
    assert_true(pvsync_set_option("stm-solo", "0"));
    /* Serial phases (contention scheduling) have a test of their own. */
    assert_true(pvsync_set_option("stm-serial-pct", "0"));
    ON(A, (void)item(Y));
    assert_true(A->stm_rs_n >= 1);          /* logged again */
    COMMIT(A);
    ON(B, seen = item(X));
    COMMIT(B);
    assert_int_equal(seen, 6);
    assert_int_equal(restarts, 0);
}

/* ---- an inevitable transaction on another thread takes what A owns ------------------- */

static PvThread *C;
static _Atomic int c_done;
static bool c_inevitable;
static int c_set_rc = -1;

/* cmocka's asserts may not run on this thread (they longjmp to the test's): it
 * records what it saw, and the test asserts it after the join. */
static void *run_c(void *arg)
{
    (void)arg;
    pv_thread_setup(C);
    pvsync_thread_attach(C);                /* starts inevitable: no restart point */
    c_inevitable = C->stm_inevitable;
    c_set_rc = pv_list_set(X, 0, pv_int(2)); /* A owns X: ask A to abort, wait */
    pvsync_thread_detach(C);                /* commits */
    atomic_store(&c_done, 1);
    return NULL;
}

static void test_inevitable_makes_owner_abort(void **state)
{
    (void)state;
    fresh();
    ON(A, set_item(X, 1));
    C = pv_thread_create();
    pvgc_register_thread(C);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, run_c, NULL), 0);
    /* C asks: A sees the request at its next tick, aborts (explicit) and rolls back.
     * The request is the flag and then the eval breaker (stored last, with release):
     * wait for both, since the tick looks at the breaker first. */
    while (!atomic_load_explicit(&A->eval_breaker, memory_order_acquire) ||
           !atomic_load_explicit(&A->stm_abort_req, memory_order_relaxed))
        sched_yield();
    ON(A, pvstm_tick_slow(A, true));
    assert_int_equal(restarts, 1);
    assert_int_equal(DA(stm_aborts_explicit), 1);
    /* The attempt A is now in waits for C's token before it takes anything. */
    pthread_join(th, NULL);
    assert_true(atomic_load(&c_done));
    assert_true(c_inevitable);
    assert_int_equal(c_set_rc, 0);
    pvgc_unregister_thread(C);
    pv_thread_destroy(C);
    pv_tls_thread = A;
    assert_int_equal(item(X), 2);
    COMMIT(A);
}

/* An inevitable reader (C, on a second thread) meets a list A's running transaction
 * allocated: its word is A's tag. C asks A to abort and waits; A aborts at its next
 * tick, and the list, not in A's undo log (it is new), keeps the tag, now stale. C must
 * stop waiting when the tag stops being current, not only when the word changes (it
 * never does): without that it waited for ever (the alarm fails the test). */
static PvVal N;
static _Atomic int64_t n_seen = -1;

static void *run_c_reads_new(void *arg)
{
    (void)arg;
    pv_thread_setup(C);
    pvsync_thread_attach(C);                /* inevitable: no restart point */
    atomic_store(&n_seen, pv_int_value(pv_list_get(N, 0)));
    pvsync_thread_detach(C);
    atomic_store(&c_done, 1);
    return NULL;
}

static void test_inevitable_reader_of_new_object(void **state)
{
    (void)state;
    fresh();
    atomic_store(&c_done, 0);
    ON(A, N = pv_list_new(1); set_item(N, 5));
    assert_int_equal(word(N), A->stm_tag);
    C = pv_thread_create();
    pvgc_register_thread(C);
    watchdog(20, "an inevitable reader waited for ever on a stale tag");
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, run_c_reads_new, NULL), 0);
    while (!atomic_load_explicit(&A->eval_breaker, memory_order_acquire) ||
           !atomic_load_explicit(&A->stm_abort_req, memory_order_relaxed))
        sched_yield();
    ON(A, pvstm_tick_slow(A, true));        /* A aborts; N keeps the stale tag */
    assert_int_equal(DA(stm_aborts_explicit), 1);
    pthread_join(th, NULL);
    alarm(0);
    assert_true(atomic_load(&c_done));
    assert_int_equal(atomic_load(&n_seen), 5);
    pvgc_unregister_thread(C);
    pv_thread_destroy(C);
    pv_tls_thread = A;
    COMMIT(A);
}

/* A transaction whose length runs out inside an atomic block cannot end there; it must
 * end at the first tick after the block. Given its whole length back instead, a loop
 * whose stretch between atomic blocks was shorter than that never committed (the
 * auditor of tests/threads/atomic_bank.py, which then held the token for ever). */
static void test_overdue_in_atomic_ends_after_block(void **state)
{
    (void)state;
    fresh();
    pv_tls_thread = A;
    pvsync_atomic_begin(A);
    ON(A, A->stm_budget = -1; pvstm_tick_slow(A, true));
    assert_int_equal(DA(stm_commits), 0);           /* inside the block: goes on */
    assert_true(A->stm_budget > 0);
    ON(A, PVSYNC_TICK(A, true));
    assert_int_equal(DA(stm_commits), 0);
    pvsync_atomic_end(A);
    ON(A, PVSYNC_TICK(A, true));                    /* the next tick ends it */
    assert_int_equal(DA(stm_commits), 1);
    assert_int_equal(restarts, 0);
}

/* Serial phases: a thread whose window lost most of its time to aborts starts a phase
 * and takes the turn at its next transaction; another thread (C, on a real thread)
 * that starts a restartable transaction waits for the turn parked; when A blocks, its
 * slice is over or its outermost eval returns, the turn passes to C, which, everyone
 * else parked, runs solo. */
static _Atomic int c_turn_solo = -1, c_turns = -1;
static void *run_c_takes_turn(void *arg)
{
    (void)arg;
    pv_thread_setup(C);
    pvsync_thread_attach(C);
    pvsync_base_enter(C);
    commit_now(C);                          /* a restartable transaction: the turn */
    atomic_store(&c_turn_solo, C->stm_solo);
    atomic_store(&c_turns, count(C, PVC_stm_serial_turns));
    pvsync_thread_detach(C);                /* gives the turn up */
    atomic_store(&c_done, 1);
    return NULL;
}

/* A's window: 20 ms, all of it lost, in 4 aborts, no blocking; A's next transaction starts a phase
 * (long: the test ends it) and takes the turn. */
static void start_phase(const char *slice_us)
{
    fresh();
    atomic_store(&c_done, 0);
    assert_true(pvsync_set_option("stm-serial-pct", "50"));
    assert_true(pvsync_set_option("stm-serial-ms", "60000"));
    assert_true(pvsync_set_option("stm-serial-slice-us", slice_us));
    assert_true(pvsync_set_option("stm-solo", "1"));
    A->stm_win_start_ns = pv_now_ns() - 20000000;
    A->stm_win_waste_ns = 20000000;
    A->stm_win_aborts = 4;
    A->stm_win_blocks = 0;
    COMMIT(A);
    assert_int_equal(DA(stm_serial_phases), 1);
    assert_true(A->stm_has_turn);
    assert_false(A->stm_solo);              /* B runs: A is not alone */
}

/* B out of the way (blocked); C starts on a real thread and waits for the turn
 * parked, which leaves A the only thread running. */
static pthread_t start_c_waiting(void)
{
    pvstw_park_begin(B);
    C = pv_thread_create();
    pvgc_register_thread(C);
    watchdog(20, "the serial turn was not passed on");
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, run_c_takes_turn, NULL), 0);
    while (!pvstw_alone(A)) sched_yield();
    usleep(20000);
    assert_false(atomic_load(&c_done));     /* still waiting: A holds the turn */
    return th;
}

/* C has had the turn (alone, so solo, when A and B are parked) and is gone; the phase
 * ends. */
static void end_phase(pthread_t th, int c_alone)
{
    pthread_join(th, NULL);
    alarm(0);
    assert_true(atomic_load(&c_done));
    assert_int_equal(atomic_load(&c_turns), 1);
    assert_int_equal(atomic_load(&c_turn_solo), c_alone);
    pvgc_unregister_thread(C);
    pv_thread_destroy(C);
    assert_true(pvsync_set_option("stm-serial-pct", "0"));  /* also ends the phase */
    assert_true(pvsync_set_option("stm-solo", "0"));
    pv_tls_thread = A;
    pvstw_park_end(B);
}

/* The holder keeps the turn across commits; it passes it on when it blocks. */
static void test_serial_phase_passes_turn_at_block(void **state)
{
    (void)state;
    start_phase("60000000");
    COMMIT(A);
    assert_true(A->stm_has_turn);
    assert_int_equal(DA(stm_serial_turns), 1);
    pthread_t th = start_c_waiting();
    pvsync_block_begin(A);                  /* A blocks: commits, passes the turn */
    assert_false(A->stm_has_turn);
    end_phase(th, 1);
    pvsync_block_end(A);
    go_restartable(A);
    assert_false(A->stm_has_turn);          /* no phase: nothing to take */
    go_restartable(B);
}

/* The holder passes the turn when its outermost eval returns (what follows, inevitable,
 * may be long: a thread's exit, the program's end). */
static void test_serial_phase_passes_turn_at_base_leave(void **state)
{
    (void)state;
    start_phase("60000000");
    pthread_t th = start_c_waiting();
    pvsync_base_leave(A);
    assert_false(A->stm_has_turn);
    end_phase(th, 0);                       /* A runs on (inevitable): C is not alone */
    go_restartable(A);
    assert_false(A->stm_has_turn);
    go_restartable(B);
}

/* A holder that never blocks passes the turn when its slice is over and someone waits
 * (without that, a thread spinning on a flag another thread must set would hold the
 * turn for the whole phase), and waits for it to come back. */
static void test_serial_phase_passes_turn_after_slice(void **state)
{
    (void)state;
    start_phase("5000");
    pthread_t th = start_c_waiting();       /* 20 ms: A's 5 ms slice is over */
    COMMIT(A);                              /* passes the turn, waits, gets it back */
    assert_true(A->stm_has_turn);
    assert_int_equal(DA(stm_serial_turns), 2);
    assert_true(DA(stm_serial_wait_ns) > 0);
    end_phase(th, 1);
    go_restartable(A);
    assert_false(A->stm_has_turn);
    go_restartable(B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_then_foreign_commit_aborts_reader),
        cmocka_unit_test(test_write_write_aborts_requester),
        cmocka_unit_test(test_read_of_owned_object_aborts_reader),
        cmocka_unit_test(test_rollback_restores_and_renews_version),
        cmocka_unit_test(test_rollback_renews_dict_version),
        cmocka_unit_test(test_rollback_of_items),
        cmocka_unit_test(test_rollback_of_table_words),
        cmocka_unit_test(test_lock_holds_and_hands_off),
        cmocka_unit_test(test_more_locks_than_tracked),
        cmocka_unit_test(test_class_state_read_once),
        cmocka_unit_test(test_readers_commute),
        cmocka_unit_test(test_abort_limit_makes_inevitable),
        cmocka_unit_test(test_wait_die_and_adaptive_length),
        cmocka_unit_test(test_solo_when_alone),
        cmocka_unit_test(test_inevitable_makes_owner_abort),
        cmocka_unit_test(test_inevitable_reader_of_new_object),
        cmocka_unit_test(test_overdue_in_atomic_ends_after_block),
        cmocka_unit_test(test_serial_phase_passes_turn_at_block),
        cmocka_unit_test(test_serial_phase_passes_turn_after_slice),
        cmocka_unit_test(test_serial_phase_passes_turn_at_base_leave),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
