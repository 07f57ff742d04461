/* test_gc.c — the collector (gc.c): unreachable objects are freed, reachable ones keep
 * their contents, conservative stack roots and interior pointers keep objects alive,
 * large objects are collected and their pages reused, and repeated collections do not
 * grow the heap.
 *
 * To test that an object is freed the test must not keep a reference to it anywhere
 * the conservative scan looks. Such objects are remembered as hidden addresses (the
 * address with every bit flipped, which never looks like a heap pointer), and the dead
 * part of the stack is scrubbed before collecting, so stale copies in old frames do
 * not keep them alive by accident. A freed slot has a NULL type word, so
 * pvgc_is_heap_object() is false for it until the slot is handed out again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "thread.h"
#include "vm.h"

/* volatile: the compiler must not keep the unhidden address in a register either. */
typedef volatile uintptr_t Hidden;
static uintptr_t hide(PvVal v) { return ~(uintptr_t)v; }
static void *unhide(uintptr_t h) { return (void *)~h; }

/* Zeroes the stack below this function's frame, where dead frames of earlier calls may
 * still hold copies of pointers that the collector's own frame (allocated over the same
 * memory, not all of it initialised) would otherwise show to the conservative scan. A
 * plain loop of stores, no calls, so nothing of ours lives in the memory it clears. */
__attribute__((noinline, no_sanitize("address")))
static void scrub_stack(void)
{
    volatile uintptr_t *top = __builtin_frame_address(0);
    for (ptrdiff_t i = 1; i <= 8192; i++) top[-i] = 0;
}

static PV_NOINLINE void collect(void)
{
    scrub_stack();
    pvgc_collect(pv_thread());
}

static PvGcStats stats_now(void)
{
    PvGcStats s;
    pvgc_stats(&s);
    return s;
}

/* Allocates `n` lists of one string each and keeps none of them. */
static PV_NOINLINE void churn(int n)
{
    for (int i = 0; i < n; i++) {
        PvVal l = pv_list_with_capacity(4);
        pv_list_append(l, pv_str_fmt("garbage %d", i));
    }
}

/* A batch of fresh objects known only by their hidden addresses. */
static PV_NOINLINE void alloc_hidden(Hidden *out, int n, size_t strlen_)
{
    char *buf = pv_xmalloc(strlen_ + 1);
    memset(buf, 'x', strlen_);
    buf[strlen_] = 0;
    for (int i = 0; i < n; i++) out[i] = hide(pv_str_new(buf, strlen_));
    free(buf);
}

static void test_unreachable_freed(void **state)
{
    (void)state;
    collect();
    PvGcStats before = stats_now();
    /* Disable automatic collections so the whole loop's garbage is still there. */
    pvgc_disable();
    churn(100000);
    pvgc_enable();
    PvGcStats mid = stats_now();
    assert_int_equal(mid.collections, before.collections);
    assert_true(mid.heap_bytes > before.heap_bytes + (4 << 20));

    collect();
    PvGcStats after = stats_now();
    assert_int_equal(after.collections, before.collections + 1);
    /* About 10 MB were allocated; what is live now is what was live before, give or
     * take a few stray words that look like pointers. */
    assert_true(after.live_bytes <= before.live_bytes + (64 << 10));
    assert_true(after.heap_bytes < mid.heap_bytes);

    /* Object by object: every one of a batch known only by hidden address is freed. */
    Hidden h[256];
    alloc_hidden(h, 256, 40);
    for (int i = 0; i < 256; i++) assert_true(pvgc_is_heap_object(unhide(h[i])));
    collect();
    int alive = 0;
    for (int i = 0; i < 256; i++) alive += pvgc_is_heap_object(unhide(h[i]));
    assert_int_equal(alive, 0);
}

static PvVal root_list;   /* a registered precise root */

/* Pages are swept lazily, by the next allocation that needs one: a collection that
 * follows another with no allocation between finds the first one's pages still
 * unswept, with their marks. Objects live at the first and dead at the second must
 * still be freed (the marks must be the second collection's own), and objects
 * dead at the first must not be reported live meanwhile. */
static PvVal lazy_root;

static void test_lazy_sweep_back_to_back(void **state)
{
    (void)state;
    pvgc_add_root(&lazy_root);
    collect();
    Hidden h[256], g[256];
    lazy_root = pv_list_with_capacity(256);
    alloc_hidden(h, 256, 40);
    for (int i = 0; i < 256; i++) pv_list_append(lazy_root, PV_VAL(unhide(h[i])));
    alloc_hidden(g, 256, 40);                 /* garbage from the start */
    collect();
    int alive = 0, dead_seen = 0;
    for (int i = 0; i < 256; i++) alive += pvgc_is_heap_object(unhide(h[i]));
    for (int i = 0; i < 256; i++) dead_seen += pvgc_is_heap_object(unhide(g[i]));
    assert_int_equal(alive, 256);
    assert_int_equal(dead_seen, 0);
    lazy_root = PV_NULL;
    collect();                                /* no allocation since the last one */
    alive = 0;
    for (int i = 0; i < 256; i++) alive += pvgc_is_heap_object(unhide(h[i]));
    assert_int_equal(alive, 0);
}

static void check_strings(PvVal l, int n, const char *prefix)
{
    assert_int_equal(pv_list_len(l), n);
    char want[64];
    for (int i = 0; i < n; i++) {
        PvVal s = pv_list_get(l, i);
        assert_true(PV_IS_STR(s));
        snprintf(want, sizeof want, "%s%d", prefix, i);
        if (strcmp(pv_str_data(s), want) != 0)
            fail_msg("item %d is '%s', expected '%s'", i, pv_str_data(s), want);
    }
}

static void test_reachable_survive_registered_root(void **state)
{
    (void)state;
    enum { N = 100000 };
    pvgc_add_root(&root_list);
    root_list = pv_list_with_capacity(0);
    for (int i = 0; i < N; i++) pv_list_append(root_list, pv_str_fmt("root-%d", i));
    for (int round = 0; round < 3; round++) {
        collect();
        churn(50000);         /* reuses every freed slot of the strings' size class */
        check_strings(root_list, N, "root-");
    }
    PvGcStats s = stats_now();
    assert_true(s.live_bytes >= (int64_t)N * 32);
    root_list = PV_NULL;
    collect();
    assert_true(stats_now().live_bytes < s.live_bytes - (int64_t)N * 32);
}

static PV_NOINLINE PvVal make_string_list(int n, const char *prefix)
{
    PvVal l = pv_list_with_capacity(0);
    for (int i = 0; i < n; i++) pv_list_append(l, pv_str_fmt("%s%d", prefix, i));
    return l;
}

static void test_reachable_survive_c_stack(void **state)
{
    (void)state;
    enum { N = 100000 };
    volatile PvVal l = make_string_list(N, "stack-");
    for (int round = 0; round < 3; round++) {
        collect();
        churn(50000);
        check_strings(l, N, "stack-");
    }
}

static void test_conservative_stack_root(void **state)
{
    (void)state;
    /* The only reference is this local; without it the object would be freed (the
     * hidden twin allocated alongside shows that). */
    volatile PvVal keep = pv_str_cstr("kept alive by a C local only");
    Hidden twin;
    alloc_hidden(&twin, 1, 28);
    collect();
    churn(20000);
    assert_true(pvgc_is_heap_object((void *)keep));
    assert_string_equal(pv_str_data(keep), "kept alive by a C local only");
    assert_false(pvgc_is_heap_object(unhide(twin)));
}

static PV_NOINLINE const char *interior_of_new_string(size_t len)
{
    char *buf = pv_xmalloc(len + 1);
    for (size_t i = 0; i < len; i++) buf[i] = (char)('a' + i % 26);
    buf[len] = 0;
    PvVal s = pv_str_new(buf, len);
    free(buf);
    return pv_str_data(s) + len / 2;     /* points into the middle of the object */
}

/* The object a pointer into a string's data belongs to, hidden. */
static PV_NOINLINE uintptr_t hidden_owner(const char *interior, size_t offset)
{
    return hide(PV_VAL(interior - offset - offsetof(PvStr, data)));
}

/* Checks, through the hidden address only, that a string built by
 * interior_of_new_string(len) is alive and intact. */
static PV_NOINLINE void check_interior_string(uintptr_t h, int64_t len)
{
    assert_true(pvgc_is_heap_object(unhide(h)));
    PvStr *s = unhide(h);
    assert_true(s->ob.type == &pv_type_str);
    assert_int_equal(s->len, len);
    for (int64_t i = 0; i < len; i++)
        if (s->data[i] != (char)('a' + i % 26)) fail_msg("byte %ld changed", (long)i);
}

static void test_interior_pointer_keeps_object(void **state)
{
    (void)state;
    /* A small object and a large one, each referenced only by a pointer into it. The
     * test's frame keeps nothing else: owners are computed and checked in helpers. */
    const char *volatile mid_small = interior_of_new_string(100);
    const char *volatile mid_large = interior_of_new_string(100000);
    Hidden hs = hidden_owner(mid_small, 50);
    Hidden hl = hidden_owner(mid_large, 50000);
    collect();
    churn(20000);
    check_interior_string(hs, 100);
    check_interior_string(hl, 100000);
    assert_int_equal(mid_small[0], 'a' + 50 % 26);
    assert_int_equal(mid_large[0], 'a' + 50000 % 26);
    /* Once the interior pointers are gone, so are the objects. */
    mid_small = mid_large = NULL;
    collect();
    assert_false(pvgc_is_heap_object(unhide(hs)));
    assert_false(pvgc_is_heap_object(unhide(hl)));
}

static void test_large_objects_collected_and_reused(void **state)
{
    (void)state;
    enum { SIZE = 300 * 1024, ROUNDS = 40 };
    assert_true(SIZE > PV_SMALL_OBJ_MAX);
    collect();
    Hidden first;
    alloc_hidden(&first, 1, SIZE);
    assert_true(pvgc_object_size(unhide(first)) >= SIZE);
    PvGcStats with_one = stats_now();
    collect();
    assert_false(pvgc_is_heap_object(unhide(first)));
    PvGcStats freed = stats_now();
    assert_true(freed.heap_bytes <= with_one.heap_bytes - SIZE);

    /* Allocate, drop, collect, many times: the heap does not grow by SIZE each round,
     * and the pages come back from the freed runs (few distinct addresses). */
    Hidden addrs[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        alloc_hidden(&addrs[r], 1, SIZE);
        collect();
    }
    int distinct = 0;
    for (int r = 0; r < ROUNDS; r++) {
        int seen = 0;
        for (int q = 0; q < r; q++) seen |= addrs[q] == addrs[r];
        distinct += !seen;
    }
    assert_true(distinct <= 3);
    assert_true(stats_now().heap_bytes <= freed.heap_bytes + 2 * SIZE);
    for (int r = 0; r < ROUNDS; r++) assert_false(pvgc_is_heap_object(unhide(addrs[r])));
}

static void test_repeated_collections_bounded_heap(void **state)
{
    (void)state;
    volatile PvVal keep = make_string_list(10000, "steady-");
    for (int i = 0; i < 10; i++) { churn(20000); collect(); }
    PvGcStats warm = stats_now();
    for (int i = 0; i < 200; i++) {
        churn(20000);
        Hidden big;
        alloc_hidden(&big, 1, 64 * 1024);
        collect();
    }
    PvGcStats end = stats_now();
    assert_int_equal(end.collections, warm.collections + 200);
    /* 200 rounds allocated well over 100 MB; the heap stays where it was. */
    assert_true(end.heap_bytes <= warm.heap_bytes + (1 << 20));
    assert_true(end.live_bytes <= warm.live_bytes + (64 << 10));
    check_strings(keep, 10000, "steady-");
}

int main(void)
{
    pv_runtime_init(0, NULL);
    pv_module_init(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unreachable_freed),
        cmocka_unit_test(test_reachable_survive_registered_root),
        cmocka_unit_test(test_lazy_sweep_back_to_back),
        cmocka_unit_test(test_reachable_survive_c_stack),
        cmocka_unit_test(test_conservative_stack_root),
        cmocka_unit_test(test_interior_pointer_keeps_object),
        cmocka_unit_test(test_large_objects_collected_and_reused),
        cmocka_unit_test(test_repeated_collections_bounded_heap),
    };
    return cmocka_run_group_tests_name("gc", tests, NULL, NULL);
}
