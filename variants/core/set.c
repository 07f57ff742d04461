/* set.c — the set and frozenset types: construction, slots (len, contains, iter,
 * repr, comparison as subset relations, frozenset hash), the methods, and the
 * operators | & - ^ and their in-place forms (setobj.h).
 *
 * A set is a PvDict whose values are ignored (dict.c owns the table and the primitive
 * add / contains / discard, each atomic under the set's critical section). Everything
 * here is built from those primitives plus pv_dict_next, so a set operation that
 * races with another thread in the no-GIL build may see a stale or partly updated
 * operand but never breaks the table's invariants. The few operations that replace a
 * whole table (intersection_update, the compaction done by pop) publish the new table
 * only if the set's version did not move since they read it.
 *
 * Iteration order is insertion order, not CPython's hash order (documented deviation);
 * results of the operators therefore list the left operand's elements first. */
#include <stdio.h>

#include "thread.h"
#include "vm.h"
#include "ast.h"
#include "setobj.h"

static bool is_anyset(PvVal v)
{
    return pv_isinstance(v, &pv_type_set) || pv_isinstance(v, &pv_type_frozenset);
}

/* The type of a result computed from `s`: frozenset for frozensets (and subclasses),
 * set otherwise. Subclass instances produce base-type results, as in CPython. */
static PvType *result_type(PvVal s)
{
    return pv_isinstance(s, &pv_type_frozenset) ? &pv_type_frozenset : &pv_type_set;
}

static void set_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(PV_VAL(((PvSet *)o)->table), ctx);
}

static uint64_t set_version(PvVal s)
{
    PV_READ(pv_thread(), PV_OBJ(s));
    return __atomic_load_n(&PV_DICT(s)->version, __ATOMIC_RELAXED);
}

/* A copy of `s` (same hashes, compacted table) whose type is `type`. The copy is
 * fresh and unpublished, so retargeting its type word is safe: set and frozenset
 * share the layout and the trace function. */
static PvVal set_copy_as(PvType *type, PvVal s)
{
    PvVal c = pv_dict_copy(s);
    PV_OBJ(c)->type = type;
    return c;
}

/* Replaces the contents of `s` with those of `fresh` (a private set nobody else
 * references) if the version of `s` is still `expect`; false if `s` changed meanwhile
 * (the caller recomputes or gives up). */
static bool set_adopt_table(PvVal s, PvVal fresh, uint64_t expect)
{
    /* unused where the backend's hooks compile to nothing */
    PvThread *t __attribute__((unused)) = pv_thread();
    PvSet *d = PV_DICT(s), *n = PV_DICT(fresh);
    bool ok;
    PV_WRITE(t, PV_OBJ(d));
    PV_CS_BEGIN(t, PV_OBJ(d));
    ok = d->version == expect;
    if (ok) {
        atomic_store_explicit((_Atomic(PvDictTable *) *)&d->table, n->table,
                              memory_order_release);
        d->used = n->used;
        PV_STORE_RELAXED(d->version, d->version + 1);
    }
    PV_CS_END(t, PV_OBJ(d));
    return ok;
}

/* Keys of a set or dict straight from its table, or the items of any other iterable.
 * Usage: keyiter_start, then keyiter_next until PV_NULL, then check pv_err_occurred. */
typedef struct KeyIter {
    PvVal table_src;   /* set or dict read with pv_dict_next, or PV_NULL */
    PvVal it;          /* generic iterator otherwise */
    int64_t pos;
} KeyIter;

static bool keyiter_start(KeyIter *ki, PvVal other)
{
    ki->pos = 0;
    ki->it = PV_NULL;
    ki->table_src = PV_NULL;
    if (is_anyset(other) || PV_IS_DICT(other)) {
        ki->table_src = other;
        return true;
    }
    ki->it = pv_iter(other);
    return ki->it != PV_NULL;
}

static PvVal keyiter_next(KeyIter *ki)
{
    if (ki->table_src) {
        PvVal k;
        return pv_dict_next(ki->table_src, &ki->pos, &k, NULL) ? k : PV_NULL;
    }
    return pv_next(ki->it);
}

/* Runs a key operation; if the key is a set (unhashable), retries with an equal
 * frozenset, as CPython does for `x in s`, s.remove(x) and s.discard(x). */
static int with_frozen_key(PvVal s, PvVal key, int (*op)(PvVal, PvVal))
{
    int r = op(s, key);
    if (r < 0 && pv_isinstance(key, &pv_type_set) && pv_err_is(pv_exc_TypeError)) {
        pv_err_clear();
        PvVal fk = set_copy_as(&pv_type_frozenset, key);
        r = op(s, fk);
    }
    return r;
}

/* ---- building blocks ----------------------------------------------------------- */

static int set_update_from(PvVal s, PvVal other)
{
    KeyIter ki;
    if (!keyiter_start(&ki, other)) return -1;
    PvVal k;
    while ((k = keyiter_next(&ki)))
        if (pv_set_add(s, k) < 0) return -1;
    return pv_err_occurred() ? -1 : 0;
}

/* A new set of `type`: the elements of `s` that are also in `other`. */
static PvVal set_intersect2(PvType *type, PvVal s, PvVal other)
{
    PvVal r = pv_set_new(type), k;
    if (is_anyset(other)) {
        /* Walk the smaller one; keep the walked set's elements, like CPython. */
        PvVal walk = other, probe = s;
        if (pv_dict_len(other) > pv_dict_len(s)) { walk = s; probe = other; }
        int64_t pos = 0;
        while (pv_dict_next(walk, &pos, &k, NULL)) {
            int c = pv_set_contains(probe, k);
            if (c < 0 || (c && pv_set_add(r, k) < 0)) return PV_NULL;
        }
        return r;
    }
    KeyIter ki;
    if (!keyiter_start(&ki, other)) return PV_NULL;
    while ((k = keyiter_next(&ki))) {
        int c = pv_set_contains(s, k);
        if (c < 0 || (c && pv_set_add(r, k) < 0)) return PV_NULL;
    }
    return pv_err_occurred() ? PV_NULL : r;
}

static int set_difference_update1(PvVal s, PvVal other)
{
    if (other == s) { pv_set_clear(s); return 0; }
    KeyIter ki;
    if (!keyiter_start(&ki, other)) return -1;
    PvVal k;
    while ((k = keyiter_next(&ki)))
        if (with_frozen_key(s, k, pv_set_discard) < 0) return -1;
    return pv_err_occurred() ? -1 : 0;
}

static int set_symmetric_update(PvVal s, PvVal other)
{
    if (other == s) { pv_set_clear(s); return 0; }
    /* Each key of `other` must be visited once: iterate a set, deduplicate the rest. */
    if (!is_anyset(other) && !PV_IS_DICT(other)) {
        other = pv_set_from_iterable(&pv_type_set, other);
        if (!other) return -1;
    }
    int64_t pos = 0;
    PvVal k;
    while (pv_dict_next(other, &pos, &k, NULL)) {
        int r = pv_set_discard(s, k);
        if (r < 0 || (r == 0 && pv_set_add(s, k) < 0)) return -1;
    }
    return 0;
}

/* 1 if every element of set `a` is in set `b`, 0 if not, -1 on error. */
static int set_is_subset(PvVal a, PvVal b)
{
    if (pv_dict_len(a) > pv_dict_len(b)) return 0;
    int64_t pos = 0;
    PvVal k;
    while (pv_dict_next(a, &pos, &k, NULL)) {
        int c = pv_set_contains(b, k);
        if (c <= 0) return c;
    }
    return 1;
}

/* `other` as a set: itself if it is one, else a fresh set of its items. */
static PvVal as_set(PvVal other)
{
    if (is_anyset(other)) return other;
    return pv_set_from_iterable(&pv_type_set, other);
}

/* ---- the operators -------------------------------------------------------------- */

PvVal pv_set_binop(PvVal a, PvVal b, int op)
{
    if (!is_anyset(a) || !is_anyset(b)) return pv_NotImplemented;
    PvType *type = result_type(a);
    PvVal r;
    switch (op) {
    case PV_OP_BITOR:
        r = set_copy_as(type, a);
        return set_update_from(r, b) < 0 ? PV_NULL : r;
    case PV_OP_BITAND:
        return set_intersect2(type, a, b);
    case PV_OP_SUB:
        r = set_copy_as(type, a);
        return set_difference_update1(r, b) < 0 ? PV_NULL : r;
    case PV_OP_BITXOR:
        r = set_copy_as(type, a);
        return set_symmetric_update(r, b) < 0 ? PV_NULL : r;
    default:
        return pv_NotImplemented;
    }
}

static int set_intersection_update(PvVal s, int n, PvVal *others);

PvVal pv_set_inplace_binop(PvVal a, PvVal b, int op)
{
    if (!pv_isinstance(a, &pv_type_set)) return pv_set_binop(a, b, op);
    if (!is_anyset(b)) return pv_NotImplemented;
    int rc;
    switch (op) {
    case PV_OP_BITOR:  rc = set_update_from(a, b); break;
    case PV_OP_BITAND: rc = set_intersection_update(a, 1, &b); break;
    case PV_OP_SUB:    rc = set_difference_update1(a, b); break;
    case PV_OP_BITXOR: rc = set_symmetric_update(a, b); break;
    default: return pv_NotImplemented;
    }
    return rc < 0 ? PV_NULL : a;
}

/* ---- slots ------------------------------------------------------------------------- */

static int64_t set_len(PvVal self) { return pv_dict_len(self); }

static int set_contains_slot(PvVal self, PvVal key)
{
    return with_frozen_key(self, key, pv_set_contains);
}

static PvVal set_iter(PvVal self) { return pv_seqiter_new(self, PV_ITER_DICT_KEYS); }

/* "{1, 2}" for a set, "frozenset({1, 2})" or "Sub({1, 2})" otherwise; "set()" and
 * "frozenset()" when empty. */
static PvVal set_repr(PvVal self)
{
    const char *name = pv_type_name(self);
    bool bare = pv_type(self) == &pv_type_set;
    if (pv_dict_len(self) == 0) return pv_str_fmt("%s()", name);
    if (!pv_repr_enter(self)) return pv_str_fmt("%s(...)", name);
    PvBuf b;
    pvbuf_init(&b);
    if (!bare) pvbuf_addf(&b, "%s(", name);
    pvbuf_addc(&b, '{');
    int64_t pos = 0;
    PvVal k;
    bool first = true;
    while (pv_dict_next(self, &pos, &k, NULL)) {
        if (!first) pvbuf_adds(&b, ", ");
        first = false;
        PvVal rk = pv_repr(k);
        if (!rk) { pvbuf_free(&b); pv_repr_leave(self); return PV_NULL; }
        pvbuf_add(&b, pv_str_data(rk), (size_t)pv_str_len(rk));
    }
    pvbuf_addc(&b, '}');
    if (!bare) pvbuf_addc(&b, ')');
    pv_repr_leave(self);
    return pv_str_from_buf(&b);
}

static PvVal set_richcompare(PvVal a, PvVal b, int op)
{
    if (!is_anyset(a) || !is_anyset(b)) return pv_NotImplemented;
    int64_t la = pv_dict_len(a), lb = pv_dict_len(b);
    int r;
    switch (op) {
    case PV_EQ: r = la == lb ? set_is_subset(a, b) : 0; break;
    case PV_NE: r = la == lb ? set_is_subset(a, b) : 0; if (r >= 0) r = !r; break;
    case PV_LE: r = set_is_subset(a, b); break;
    case PV_LT: r = la < lb ? set_is_subset(a, b) : 0; break;
    case PV_GE: r = set_is_subset(b, a); break;
    case PV_GT: r = lb < la ? set_is_subset(b, a) : 0; break;
    default: return pv_NotImplemented;
    }
    return r < 0 ? PV_NULL : pv_bool(r);
}

/* CPython's frozenset hash: the xor of a bit-shuffled copy of every element's hash
 * (so the order of the table does not matter), mixed with the size and dispersed.
 * With CPython's element hashes the result equals CPython's. The element hashes are
 * the ones stored in the table: nothing is rehashed. */
static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ UINT64_C(89869747)) ^ (h << 16)) * UINT64_C(3644798167);
}

static int64_t frozenset_hash(PvVal self)
{
    PvSet *s = PV_DICT(self);
    PV_READ(pv_thread(), PV_OBJ(s));
    PvDictTable *tb = atomic_load_explicit((_Atomic(PvDictTable *) *)&s->table,
                                           memory_order_acquire);
    uint64_t h = 0, n = 0;
    for (int64_t i = 0; i < tb->nentries; i++)
        if (tb->entries[i].key) {
            h ^= shuffle_bits((uint64_t)tb->entries[i].hash);
            n++;
        }
    h ^= (n + 1) * UINT64_C(1927868237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h * UINT64_C(69069) + UINT64_C(907133923);
    if (h == (uint64_t)-1) h = UINT64_C(590923713);
    return (int64_t)h;
}

static PvVal set_new_common(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    const char *name = type == &pv_type_frozenset ? "frozenset" : "set";
    if (kwnames && pv_tuple_len(kwnames) > 0 && (type == &pv_type_set || type == &pv_type_frozenset))
        return pv_raise(pv_exc_TypeError, "%s() takes no keyword arguments", name);
    if (argc > 1)
        return pv_raise(pv_exc_TypeError, "%s expected at most 1 argument, got %d", name, argc);
    if (argc == 0) return pv_set_new(type);
    /* frozenset(f) of an exact frozenset is f itself: it can never change. */
    if (type == &pv_type_frozenset && PV_HAS_TYPE(argv[0], pv_type_frozenset)) return argv[0];
    return pv_set_from_iterable(type, argv[0]);
}

/* ---- methods (argv[0] is the set) --------------------------------------------------- */

static PvVal sm_add(int argc, PvVal *argv)
{
    (void)argc;
    return pv_set_add(argv[0], argv[1]) < 0 ? PV_NULL : pv_None;
}

static PvVal sm_discard(int argc, PvVal *argv)
{
    (void)argc;
    return with_frozen_key(argv[0], argv[1], pv_set_discard) < 0 ? PV_NULL : pv_None;
}

static PvVal sm_remove(int argc, PvVal *argv)
{
    (void)argc;
    int r = with_frozen_key(argv[0], argv[1], pv_set_discard);
    if (r < 0) return PV_NULL;
    if (r == 0) return pv_raise_value(pv_exc_new(pv_exc_KeyError, pv_tuple_pack(1, argv[1])));
    return pv_None;
}

/* pop() removes the oldest element. Deleted entries stay in the table until it is
 * rebuilt, so popping repeatedly walks over a growing prefix of dead entries; once
 * that prefix is longer than sqrt(2 * size) the table is compacted, which keeps a
 * drain of n elements at O(n * sqrt(n)) entry visits instead of O(n^2). */
static PvVal sm_pop(int argc, PvVal *argv)
{
    (void)argc;
    PvVal s = argv[0];
    for (;;) {
        uint64_t version = set_version(s);
        int64_t pos = 0;
        PvVal k;
        if (!pv_dict_next(s, &pos, &k, NULL))
            return pv_raise(pv_exc_KeyError, "pop from an empty set");
        int r = pv_set_discard(s, k);
        if (r < 0) return PV_NULL;
        if (r == 0) continue;                 /* another thread took k first */
        int64_t skipped = pos - 1, used = pv_dict_len(s);
        if (skipped >= 16 && skipped * skipped > 2 * used)
            set_adopt_table(s, pv_dict_copy(s), version + 1);
        return k;
    }
}

static PvVal sm_clear(int argc, PvVal *argv)
{
    (void)argc;
    pv_set_clear(argv[0]);
    return pv_None;
}

static PvVal sm_copy(int argc, PvVal *argv)
{
    (void)argc;
    if (PV_HAS_TYPE(argv[0], pv_type_frozenset)) return argv[0];
    return set_copy_as(result_type(argv[0]), argv[0]);
}

static PvVal sm_update(int argc, PvVal *argv)
{
    for (int i = 1; i < argc; i++)
        if (set_update_from(argv[0], argv[i]) < 0) return PV_NULL;
    return pv_None;
}

static PvVal sm_union(int argc, PvVal *argv)
{
    PvVal r = set_copy_as(result_type(argv[0]), argv[0]);
    for (int i = 1; i < argc; i++)
        if (set_update_from(r, argv[i]) < 0) return PV_NULL;
    return r;
}

static PvVal set_intersection_n(PvType *type, PvVal s, int n, PvVal *others)
{
    if (n == 0) return set_copy_as(type, s);
    PvVal r = s;
    for (int i = 0; i < n && r; i++) r = set_intersect2(type, r, others[i]);
    return r;
}

static PvVal sm_intersection(int argc, PvVal *argv)
{
    return set_intersection_n(result_type(argv[0]), argv[0], argc - 1, argv + 1);
}

/* The intersection is computed aside and then adopted, so a reader never sees a
 * half-filtered set; if `s` changed meanwhile (another thread) it is recomputed. */
static int set_intersection_update(PvVal s, int n, PvVal *others)
{
    for (;;) {
        uint64_t version = set_version(s);
        PvVal r = set_intersection_n(&pv_type_set, s, n, others);
        if (!r) return -1;
        /* Nothing removed: keep the table, so running iterators are not disturbed. */
        if (pv_dict_len(r) == pv_dict_len(s) && set_version(s) == version) return 0;
        if (set_adopt_table(s, r, version)) return 0;
    }
}

static PvVal sm_intersection_update(int argc, PvVal *argv)
{
    return set_intersection_update(argv[0], argc - 1, argv + 1) < 0 ? PV_NULL : pv_None;
}

static PvVal sm_difference(int argc, PvVal *argv)
{
    PvVal r = set_copy_as(result_type(argv[0]), argv[0]);
    for (int i = 1; i < argc; i++)
        if (set_difference_update1(r, argv[i] == argv[0] ? r : argv[i]) < 0) return PV_NULL;
    return r;
}

static PvVal sm_difference_update(int argc, PvVal *argv)
{
    for (int i = 1; i < argc; i++)
        if (set_difference_update1(argv[0], argv[i]) < 0) return PV_NULL;
    return pv_None;
}

static PvVal sm_symmetric_difference(int argc, PvVal *argv)
{
    (void)argc;
    PvVal r = set_copy_as(result_type(argv[0]), argv[0]);
    PvVal other = argv[1] == argv[0] ? r : argv[1];
    return set_symmetric_update(r, other) < 0 ? PV_NULL : r;
}

static PvVal sm_symmetric_difference_update(int argc, PvVal *argv)
{
    (void)argc;
    return set_symmetric_update(argv[0], argv[1]) < 0 ? PV_NULL : pv_None;
}

static PvVal sm_issubset(int argc, PvVal *argv)
{
    (void)argc;
    PvVal other = as_set(argv[1]);
    if (!other) return PV_NULL;
    int r = set_is_subset(argv[0], other);
    return r < 0 ? PV_NULL : pv_bool(r);
}

static PvVal sm_issuperset(int argc, PvVal *argv)
{
    (void)argc;
    PvVal s = argv[0];
    if (is_anyset(argv[1])) {
        int r = set_is_subset(argv[1], s);
        return r < 0 ? PV_NULL : pv_bool(r);
    }
    PvVal it = pv_iter(argv[1]), k;
    if (!it) return PV_NULL;
    while ((k = pv_next(it))) {
        int c = pv_set_contains(s, k);
        if (c < 0) return PV_NULL;
        if (!c) return pv_False;
    }
    return pv_err_occurred() ? PV_NULL : pv_True;
}

static PvVal sm_isdisjoint(int argc, PvVal *argv)
{
    (void)argc;
    PvVal s = argv[0], other = argv[1], k;
    if (is_anyset(other)) {
        PvVal walk = s, probe = other;
        if (pv_dict_len(other) < pv_dict_len(s)) { walk = other; probe = s; }
        int64_t pos = 0;
        while (pv_dict_next(walk, &pos, &k, NULL)) {
            int c = pv_set_contains(probe, k);
            if (c) return c < 0 ? PV_NULL : pv_False;
        }
        return pv_True;
    }
    KeyIter ki;
    if (!keyiter_start(&ki, other)) return PV_NULL;
    while ((k = keyiter_next(&ki))) {
        int c = pv_set_contains(s, k);
        if (c) return c < 0 ? PV_NULL : pv_False;
    }
    return pv_err_occurred() ? PV_NULL : pv_True;
}

PvType pv_type_set = {
    .name = "set", .size = sizeof(PvSet), .flags = PV_TYPE_BASETYPE | PV_TYPE_LOCKABLE,
    .trace = set_trace, .repr = set_repr, .richcompare = set_richcompare,
    .len = set_len, .contains = set_contains_slot, .iter = set_iter,
    .new_ = set_new_common,
};

PvType pv_type_frozenset = {
    .name = "frozenset", .size = sizeof(PvSet), .flags = PV_TYPE_BASETYPE | PV_TYPE_LOCKABLE,
    .trace = set_trace, .repr = set_repr, .richcompare = set_richcompare,
    .hash = frozenset_hash, .len = set_len, .contains = set_contains_slot,
    .iter = set_iter, .new_ = set_new_common,
};

void pv_set_init(void)
{
    pv_type_ready(&pv_type_set);
    pv_type_ready(&pv_type_frozenset);
    PvType *both[] = {&pv_type_set, &pv_type_frozenset};
    for (size_t i = 0; i < PV_ARRAY_LEN(both); i++) {
        PvType *t = both[i];
        pv_type_add_method(t, "copy", sm_copy, 1, 1);
        pv_type_add_method(t, "union", sm_union, 1, -1);
        pv_type_add_method(t, "intersection", sm_intersection, 1, -1);
        pv_type_add_method(t, "difference", sm_difference, 1, -1);
        pv_type_add_method(t, "symmetric_difference", sm_symmetric_difference, 2, 2);
        pv_type_add_method(t, "issubset", sm_issubset, 2, 2);
        pv_type_add_method(t, "issuperset", sm_issuperset, 2, 2);
        pv_type_add_method(t, "isdisjoint", sm_isdisjoint, 2, 2);
    }
    PvType *t = &pv_type_set;
    pv_type_add_method(t, "add", sm_add, 2, 2);
    pv_type_add_method(t, "discard", sm_discard, 2, 2);
    pv_type_add_method(t, "remove", sm_remove, 2, 2);
    pv_type_add_method(t, "pop", sm_pop, 1, 1);
    pv_type_add_method(t, "clear", sm_clear, 1, 1);
    pv_type_add_method(t, "update", sm_update, 1, -1);
    pv_type_add_method(t, "intersection_update", sm_intersection_update, 1, -1);
    pv_type_add_method(t, "difference_update", sm_difference_update, 1, -1);
    pv_type_add_method(t, "symmetric_difference_update", sm_symmetric_difference_update, 2, 2);
}
