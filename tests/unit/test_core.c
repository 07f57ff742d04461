/* test_core.c — the object model through the core's C API: ints (small/boxed boundary,
 * 64-bit overflow), floats, str (interning, hashing, concatenation), tuple hashing,
 * lists, dicts (order, deletion, resizing), sets, and raising / matching exceptions.
 *
 * The whole interpreter core (none variant) is linked in and initialised once with
 * pv_runtime_init(). Hash values of ints and tuples are CPython 3.11's (hash() of the
 * same values on a 64-bit build), which the core promises to reproduce. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "ast.h"
#include "thread.h"
#include "vm.h"

/* Takes the pending exception and checks it is an instance of `type`. */
static void expect_exc(PvType *type)
{
    assert_true(pv_err_occurred());
    PvVal e = pv_err_fetch();
    assert_true(e != PV_NULL);
    assert_false(pv_err_occurred());
    if (!pv_isinstance(e, type)) {
        PvVal s = pv_exc_format_line(e);
        fail_msg("expected %s, got %s", type->name, s ? pv_str_data(s) : "?");
    }
}

static void assert_repr(PvVal v, const char *want)
{
    PvVal r = pv_repr(v);
    assert_non_null((void *)r);
    assert_string_equal(pv_str_data(r), want);
}

static PvVal S(const char *s) { return pv_str_cstr(s); }

/* ---- ints ----------------------------------------------------------------------- */

static void test_int_small_boxed_boundary(void **state)
{
    (void)state;
    PvVal max = pv_int(PV_SMALL_MAX);
    PvVal min = pv_int(PV_SMALL_MIN);
    assert_true(PV_IS_SMALL(max));
    assert_true(PV_IS_SMALL(min));
    assert_int_equal(pv_int_value(max), PV_SMALL_MAX);
    assert_int_equal(pv_int_value(min), PV_SMALL_MIN);

    /* One past either end is boxed, and arithmetic crosses the boundary both ways. */
    PvVal up = pv_binop(max, pv_int(1), PV_OP_ADD);
    assert_true(up != PV_NULL);
    assert_true(PV_IS_BOXINT(up));
    assert_int_equal(pv_int_value(up), PV_SMALL_MAX + 1);
    PvVal down = pv_binop(min, pv_int(1), PV_OP_SUB);
    assert_true(PV_IS_BOXINT(down));
    assert_int_equal(pv_int_value(down), PV_SMALL_MIN - 1);
    PvVal back = pv_binop(up, pv_int(1), PV_OP_SUB);
    assert_true(PV_IS_SMALL(back));
    assert_int_equal(pv_int_value(back), PV_SMALL_MAX);

    /* A boxed int equals, hashes and prints like the value it holds. */
    PvVal up2 = pv_int(PV_SMALL_MAX + 1);
    assert_true(up2 != up);
    assert_int_equal(pv_eq(up, up2), 1);
    assert_int_equal(pv_hash(up), pv_hash(up2));
    assert_repr(up, "4611686018427387904");
    assert_int_equal(pv_hash(pv_int(PV_SMALL_MAX + 1)), 2);   /* hash(2**62) */
    assert_int_equal(pv_hash(pv_int(-1)), -2);
    assert_int_equal(pv_hash(pv_int((int64_t)1 << 61)), 1);
    assert_int_equal(pv_compare_bool(down, min, PV_LT), 1);
}

static void test_int_overflow_raises(void **state)
{
    (void)state;
    PvVal big = pv_int(INT64_MAX);
    assert_null((void *)pv_binop(big, pv_int(1), PV_OP_ADD));
    expect_exc(pv_exc_OverflowError);
    assert_null((void *)pv_binop(pv_int(INT64_MIN), pv_int(1), PV_OP_SUB));
    expect_exc(pv_exc_OverflowError);
    assert_null((void *)pv_binop(big, pv_int(2), PV_OP_MUL));
    expect_exc(pv_exc_OverflowError);
    assert_null((void *)pv_binop(pv_int(2), pv_int(64), PV_OP_POW));
    expect_exc(pv_exc_OverflowError);
    assert_null((void *)pv_binop(pv_int(1), pv_int(64), PV_OP_LSHIFT));
    expect_exc(pv_exc_OverflowError);
    /* -INT64_MIN does not fit either. */
    assert_null((void *)pv_unaryop(pv_int(INT64_MIN), PV_UOP_NEG));
    expect_exc(pv_exc_OverflowError);

    /* The largest results that do fit are exact. */
    PvVal r = pv_binop(pv_int(2), pv_int(62), PV_OP_POW);
    assert_int_equal(pv_int_value(r), (int64_t)1 << 62);
    r = pv_binop(pv_int(INT64_MAX - 1), pv_int(1), PV_OP_ADD);
    assert_int_equal(pv_int_value(r), INT64_MAX);
    r = pv_binop(pv_int(-7), pv_int(2), PV_OP_FLOORDIV);
    assert_int_equal(pv_int_value(r), -4);
    r = pv_binop(pv_int(-7), pv_int(2), PV_OP_MOD);
    assert_int_equal(pv_int_value(r), 1);
    assert_null((void *)pv_binop(pv_int(1), pv_int(0), PV_OP_FLOORDIV));
    expect_exc(pv_exc_ZeroDivisionError);
}

static void test_float(void **state)
{
    (void)state;
    PvVal a = pv_float(0.1), b = pv_float(0.2);
    PvVal s = pv_binop(a, b, PV_OP_ADD);
    assert_true(PV_IS_FLOAT(s));
    assert_repr(s, "0.30000000000000004");
    assert_repr(pv_float(1e16), "1e+16");
    assert_repr(pv_float(-0.0), "-0.0");
    PvVal q = pv_binop(pv_int(7), pv_int(2), PV_OP_TRUEDIV);
    assert_true(PV_IS_FLOAT(q));
    assert_true(pv_float_value(q) == 3.5);
    /* int/float equality and hash agree, as CPython requires for dict keys. */
    assert_int_equal(pv_eq(pv_float(3.0), pv_int(3)), 1);
    assert_int_equal(pv_hash(pv_float(3.0)), pv_hash(pv_int(3)));
    assert_int_equal(pv_hash(pv_float(1.5)), 1152921504606846977LL);
    assert_null((void *)pv_binop(pv_float(1.0), pv_float(0.0), PV_OP_TRUEDIV));
    expect_exc(pv_exc_ZeroDivisionError);
}

/* ---- strings ---------------------------------------------------------------------- */

static void test_str_intern_identity(void **state)
{
    (void)state;
    PvVal a = pv_intern("spam_and_eggs");
    PvVal b = pv_intern("spam_and_eggs");
    assert_true(a == b);
    PvVal c = S("spam_and_eggs");          /* a fresh, non-interned copy */
    assert_true(c != a);
    assert_true(pv_str_eq(a, c));
    assert_true(pv_str_intern(c) == a);
    /* Built by concatenation, then interned: the same canonical object. */
    PvVal d = pv_str_concat(S("spam_"), S("and_eggs"));
    assert_true(d != a);
    assert_true(pv_str_intern(d) == a);
    assert_true(pv_intern("spam_and_ham") != a);
}

static void test_str_hash_and_concat(void **state)
{
    (void)state;
    PvVal a = S("hello, world");
    int64_t h = pv_hash(a);
    assert_int_not_equal(h, -1);
    assert_int_equal(pv_hash(a), h);                    /* stable on one object */
    assert_int_equal(pv_hash(S("hello, world")), h);    /* and across equal copies */
    assert_int_equal(pv_hash(pv_intern("hello, world")), h);
    assert_int_not_equal(pv_hash(S("hello, world!")), h);

    PvVal c = pv_binop(S("hello, "), S("world"), PV_OP_ADD);
    assert_true(PV_IS_STR(c));
    assert_int_equal(pv_str_len(c), 12);
    assert_string_equal(pv_str_data(c), "hello, world");
    assert_int_equal(pv_eq(c, a), 1);
    assert_int_equal(pv_hash(c), h);

    /* UTF-8: byte length and code points differ; indexing is by code point. */
    PvVal u = pv_str_concat(S("\xc3\xa9t\xc3\xa9"), S("!"));
    assert_int_equal(pv_str_len(u), 6);
    assert_int_equal(PV_STR(u)->ncp, 4);
    assert_int_equal(pv_len(u), 4);
    PvVal ch = pv_getitem(u, pv_int(2));
    assert_string_equal(pv_str_data(ch), "\xc3\xa9");
    PvVal rep = pv_binop(S("ab"), pv_int(3), PV_OP_MUL);
    assert_string_equal(pv_str_data(rep), "ababab");
    assert_null((void *)pv_binop(S("a"), pv_int(1), PV_OP_ADD));
    expect_exc(pv_exc_TypeError);
}

/* ---- tuples and lists ------------------------------------------------------------ */

static void test_tuple_hash(void **state)
{
    (void)state;
    PvVal t = pv_tuple_pack(3, pv_int(1), pv_int(2), pv_int(3));
    assert_int_equal(pv_hash(t), 529344067295497451LL);          /* hash((1, 2, 3)) */
    assert_int_equal(pv_hash(pv_empty_tuple), 5740354900026072187LL);
    PvVal nested = pv_tuple_pack(2, pv_int(1), pv_tuple_pack(2, pv_int(2), pv_int(3)));
    assert_int_equal(pv_hash(nested), 7267574591690527098LL);
    assert_int_equal(pv_hash(pv_tuple_pack(1, pv_int(-1))), 8078679518589016365LL);
    assert_int_equal(pv_hash(pv_tuple_pack(2, pv_int(1), pv_float(2.5))), 396935360214441795LL);
    /* Equal tuples hash equal; a tuple holding a list is unhashable. */
    PvVal t2 = pv_tuple_pack(3, pv_int(1), pv_int(2), pv_int(3));
    assert_int_equal(pv_eq(t, t2), 1);
    assert_int_equal(pv_hash(t2), pv_hash(t));
    assert_int_equal(pv_hash(pv_tuple_pack(1, pv_list_new(0))), -1);
    expect_exc(pv_exc_TypeError);
}

static void test_list_append_pop_slice(void **state)
{
    (void)state;
    PvVal l = pv_list_with_capacity(0);
    for (int i = 0; i < 1000; i++) assert_int_equal(pv_list_append(l, pv_int(i * 3)), 0);
    assert_int_equal(pv_list_len(l), 1000);
    assert_int_equal(pv_int_value(pv_list_get(l, 999)), 2997);
    assert_true(PV_LIST(l)->arr->cap >= PV_LIST(l)->len);

    assert_int_equal(pv_int_value(pv_list_pop(l, -1)), 2997);
    assert_int_equal(pv_int_value(pv_list_pop(l, 0)), 0);
    assert_int_equal(pv_list_len(l), 998);
    assert_int_equal(pv_int_value(pv_list_get(l, 0)), 3);
    /* The slot freed by pop is cleared (the GC must not see a stale value there). */
    assert_true(PV_LIST(l)->arr->items[998] == PV_NULL);

    /* l[10:20:3] -> items 10, 13, 16, 19 of the shifted list */
    PvVal sl = pv_getitem(l, pv_slice_new(pv_int(10), pv_int(20), pv_int(3)));
    assert_non_null((void *)sl);
    assert_true(PV_IS_LIST(sl));
    assert_int_equal(pv_list_len(sl), 4);
    assert_int_equal(pv_int_value(pv_list_get(sl, 0)), 33);
    assert_int_equal(pv_int_value(pv_list_get(sl, 3)), 60);
    /* Negative step from the end. */
    PvVal rev = pv_getitem(l, pv_slice_new(pv_None, pv_int(-4), pv_int(-1)));
    assert_int_equal(pv_list_len(rev), 3);
    assert_int_equal(pv_int_value(pv_list_get(rev, 0)), 2994);
    assert_int_equal(pv_int_value(pv_list_get(rev, 2)), 2988);

    /* Slice assignment that shrinks the list. */
    assert_int_equal(pv_setitem(l, pv_slice_new(pv_int(0), pv_int(990), pv_None),
                                pv_list_new(0)), 0);
    assert_int_equal(pv_list_len(l), 8);
    assert_repr(l, "[2973, 2976, 2979, 2982, 2985, 2988, 2991, 2994]");

    assert_null((void *)pv_list_pop(pv_list_new(0), -1));
    expect_exc(pv_exc_IndexError);
    assert_null((void *)pv_list_get(l, 8));
    expect_exc(pv_exc_IndexError);
}

/* ---- dicts and sets -------------------------------------------------------------- */

static void test_dict_order_delete_lookup(void **state)
{
    (void)state;
    PvVal d = pv_dict_new();
    const char *keys[] = {"zeta", "alpha", "mu", "beta", "omega"};
    for (int i = 0; i < 5; i++) assert_int_equal(pv_dict_setc(d, keys[i], pv_int(i)), 0);
    assert_int_equal(pv_dict_len(d), 5);
    assert_int_equal(pv_dict_del(d, S("mu")), 1);
    assert_int_equal(pv_dict_del(d, S("mu")), 0);
    assert_int_equal(pv_dict_set(d, S("zeta"), pv_int(100)), 0);   /* keeps its place */
    assert_int_equal(pv_dict_setc(d, "mu", pv_int(7)), 0);          /* goes to the end */
    assert_repr(d, "{'zeta': 100, 'alpha': 1, 'beta': 3, 'omega': 4, 'mu': 7}");

    /* Lookup by an equal but distinct key object, and a missing key without error. */
    assert_int_equal(pv_int_value(pv_dict_get(d, S("beta"))), 3);
    assert_null((void *)pv_dict_get(d, S("gamma")));
    assert_false(pv_err_occurred());
    assert_null((void *)pv_getitem(d, S("gamma")));
    expect_exc(pv_exc_KeyError);
    /* 1 and 1.0 and True are the same key. */
    assert_int_equal(pv_dict_set(d, pv_int(1), S("one")), 0);
    assert_int_equal(pv_dict_set(d, pv_float(1.0), S("uno")), 0);
    assert_int_equal(pv_dict_len(d), 6);
    assert_string_equal(pv_str_data(pv_dict_get(d, pv_True)), "uno");
    /* Unhashable keys raise. */
    assert_int_equal(pv_dict_set(d, pv_list_new(0), pv_None), -1);
    expect_exc(pv_exc_TypeError);
}

static void test_dict_resize_many_keys(void **state)
{
    (void)state;
    enum { N = 50000 };
    PvVal d = pv_dict_new();
    int64_t slots_before = PV_DICT(d)->table->nslots;
    for (int i = 0; i < N; i++) {
        PvVal k = (i % 2) ? pv_int(i) : pv_str_fmt("k%d", i);
        assert_int_equal(pv_dict_set(d, k, pv_int(i * 2)), 0);
    }
    assert_int_equal(pv_dict_len(d), N);
    assert_true(PV_DICT(d)->table->nslots > slots_before);
    assert_true(PV_DICT(d)->table->cap >= N);
    /* Delete every third key, then check every lookup and the iteration order. */
    for (int i = 0; i < N; i += 3) {
        PvVal k = (i % 2) ? pv_int(i) : pv_str_fmt("k%d", i);
        assert_int_equal(pv_dict_del(d, k), 1);
    }
    int expect_len = N - (N + 2) / 3;
    assert_int_equal(pv_dict_len(d), expect_len);
    for (int i = 0; i < N; i++) {
        PvVal k = (i % 2) ? pv_int(i) : pv_str_fmt("k%d", i);
        PvVal v = pv_dict_get(d, k);
        if (i % 3 == 0) assert_null((void *)v);
        else assert_int_equal(pv_int_value(v), i * 2);
    }
    int64_t pos = 0, seen = 0, prev = -1;
    PvVal k, v;
    while (pv_dict_next(d, &pos, &k, &v)) {
        int64_t val = pv_int_value(v);
        assert_true(val > prev);               /* insertion order survives resizes */
        assert_int_not_equal((val / 2) % 3, 0);
        prev = val;
        seen++;
    }
    assert_int_equal(seen, expect_len);
    /* Refill after the deletions: the table compacts or grows, order stays. */
    for (int i = 0; i < N; i += 3) assert_int_equal(pv_dict_set(d, pv_int(-i - 1), pv_int(i)), 0);
    assert_int_equal(pv_dict_len(d), N);
    pos = 0;
    int64_t n = 0;
    while (pv_dict_next(d, &pos, &k, &v)) {
        if (n == expect_len) assert_int_equal(pv_int_value(k), -1);
        n++;
    }
    assert_int_equal(n, N);
}

static PvVal set_of(int n, const int *items)
{
    PvVal s = pv_set_new(&pv_type_set);
    for (int i = 0; i < n; i++) assert_int_equal(pv_set_add(s, pv_int(items[i])), 0);
    return s;
}

static void test_set_ops(void **state)
{
    (void)state;
    PvVal a = set_of(5, (int[]){1, 2, 3, 4, 2});
    PvVal b = set_of(3, (int[]){3, 4, 5});
    assert_int_equal(pv_len(a), 4);
    assert_int_equal(pv_set_contains(a, pv_int(4)), 1);
    assert_int_equal(pv_set_contains(a, pv_int(5)), 0);
    assert_int_equal(pv_contains(b, pv_float(5.0)), 1);

    PvVal u = pv_binop(a, b, PV_OP_BITOR);
    PvVal i = pv_binop(a, b, PV_OP_BITAND);
    PvVal d = pv_binop(a, b, PV_OP_SUB);
    PvVal x = pv_binop(a, b, PV_OP_BITXOR);
    assert_int_equal(pv_len(u), 5);
    assert_int_equal(pv_eq(i, set_of(2, (int[]){3, 4})), 1);
    assert_int_equal(pv_eq(d, set_of(2, (int[]){1, 2})), 1);
    assert_int_equal(pv_eq(x, set_of(3, (int[]){1, 2, 5})), 1);
    assert_int_equal(pv_eq(u, set_of(5, (int[]){5, 4, 3, 2, 1})), 1);
    /* The operands are unchanged. */
    assert_int_equal(pv_len(a), 4);
    assert_int_equal(pv_len(b), 3);
    assert_int_equal(pv_compare_bool(i, a, PV_LT), 1);   /* proper subset */
    assert_int_equal(pv_compare_bool(a, b, PV_LE), 0);

    assert_int_equal(pv_set_discard(a, pv_int(1)), 1);
    assert_int_equal(pv_set_discard(a, pv_int(1)), 0);
    assert_int_equal(pv_len(a), 3);
    assert_int_equal(pv_set_add(a, pv_list_new(0)), -1);
    expect_exc(pv_exc_TypeError);
}

/* ---- exceptions --------------------------------------------------------------------- */

static void test_exceptions_raise_match(void **state)
{
    (void)state;
    assert_false(pv_err_occurred());
    assert_null((void *)pv_raise(pv_exc_KeyError, "missing %d", 42));
    assert_true(pv_err_occurred());
    assert_true(pv_err_is(pv_exc_KeyError));
    assert_true(pv_err_is(pv_exc_LookupError));
    assert_true(pv_err_is(pv_exc_Exception));
    assert_false(pv_err_is(pv_exc_IndexError));
    PvVal e = pv_err_fetch();
    assert_false(pv_err_occurred());

    assert_true(pv_exc_matches(e, PV_VAL(pv_exc_KeyError)));
    assert_true(pv_exc_matches(e, PV_VAL(pv_exc_LookupError)));
    assert_true(pv_exc_matches(e, PV_VAL(pv_exc_BaseException)));
    assert_false(pv_exc_matches(e, PV_VAL(pv_exc_ValueError)));
    PvVal spec = pv_tuple_pack(2, PV_VAL(pv_exc_ValueError), PV_VAL(pv_exc_LookupError));
    assert_true(pv_exc_matches(e, spec));
    assert_false(pv_exc_matches(e, pv_tuple_pack(1, PV_VAL(pv_exc_TypeError))));
    PvVal line = pv_exc_format_line(e);
    assert_non_null((void *)line);
    assert_string_equal(pv_str_data(line), "KeyError: 'missing 42'");

    /* A class raised by value is instantiated; its args are empty. */
    assert_null((void *)pv_raise_value(PV_VAL(pv_exc_ZeroDivisionError)));
    e = pv_err_fetch();
    assert_true(pv_isinstance(e, pv_exc_ArithmeticError));
    assert_int_equal(pv_tuple_len(((PvException *)e)->args), 0);

    /* A failing builtin operation raises the documented class. */
    assert_null((void *)pv_getattrc(pv_int(1), "no_such_attribute"));
    expect_exc(pv_exc_AttributeError);
    assert_null((void *)pv_getitem(pv_tuple_pack(1, pv_None), pv_int(5)));
    expect_exc(pv_exc_IndexError);
}

int main(void)
{
    pv_runtime_init(0, NULL);
    pv_module_init(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_small_boxed_boundary),
        cmocka_unit_test(test_int_overflow_raises),
        cmocka_unit_test(test_float),
        cmocka_unit_test(test_str_intern_identity),
        cmocka_unit_test(test_str_hash_and_concat),
        cmocka_unit_test(test_tuple_hash),
        cmocka_unit_test(test_list_append_pop_slice),
        cmocka_unit_test(test_dict_order_delete_lookup),
        cmocka_unit_test(test_dict_resize_many_keys),
        cmocka_unit_test(test_set_ops),
        cmocka_unit_test(test_exceptions_raise_match),
    };
    return cmocka_run_group_tests_name("core objects", tests, NULL, NULL);
}
