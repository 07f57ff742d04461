/* abstract.c — generic operations on any value: arithmetic, comparison, truth, hash,
 * repr/str, item access, length, membership, iteration and calls.
 *
 * Each operation tries the builtin fast paths first (tagged ints, floats, str, list,
 * tuple, dict), then the special methods of user classes (cached in the type, see
 * type.c), then the builtin type's C slot, and raises Python's TypeError otherwise,
 * with CPython's message. */
#include <math.h>
#include <stdio.h>

#include "thread.h"
#include "vm.h"
#include "ast.h"
#include "pvhash.h"
#include "strobj.h"
#include "setobj.h"

static const char *const binop_symbol[PV_NBINOPS] = {
    "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "|", "^", "&", "@",
};
static const char *const binop_name[PV_NBINOPS] = {
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift", "or",
    "xor", "and", "matmul",
};
static PvVal binop_dunder[PV_NBINOPS], binop_rdunder[PV_NBINOPS], binop_idunder[PV_NBINOPS];
static const char *const cmp_symbol[] = {"<", "<=", "==", "!=", ">", ">="};
static const PvDunder cmp_dunder[] = {PV_DUNDER_lt, PV_DUNDER_le, PV_DUNDER_eq, PV_DUNDER_ne,
                                      PV_DUNDER_gt, PV_DUNDER_ge};
static const int cmp_swapped[] = {PV_GT, PV_GE, PV_EQ, PV_NE, PV_LT, PV_LE};

/* ---- re-entrancy guards ---------------------------------------------------------- */

bool pv_enter_c_call(void)
{
    PvThread *t = pv_thread();
    if (++t->c_depth > PV_C_RECURSION_LIMIT) {
        t->c_depth--;
        pv_raise(pv_exc_RecursionError, "maximum recursion depth exceeded");
        return false;
    }
    return true;
}

void pv_leave_c_call(void) { pv_thread()->c_depth--; }

static __thread PvVal repr_stack[128];
static __thread int repr_depth;

bool pv_repr_enter(PvVal o)
{
    /* Only the innermost 128 containers are remembered; deeper nesting is bounded by
     * the C recursion limit anyway. */
    int n = repr_depth < (int)PV_ARRAY_LEN(repr_stack) ? repr_depth : (int)PV_ARRAY_LEN(repr_stack);
    for (int i = 0; i < n; i++)
        if (repr_stack[i] == o) return false;
    if (repr_depth < (int)PV_ARRAY_LEN(repr_stack)) repr_stack[repr_depth] = o;
    repr_depth++;
    return true;
}

void pv_repr_leave(PvVal o)
{
    (void)o;
    repr_depth--;
}

/* ---- helpers -------------------------------------------------------------------- */

/* A special method looked up on the type by name (class attributes only), or PV_NULL. */
static PvVal type_method(PvVal obj, PvVal name)
{
    PvType *t = pv_type(obj);
    if (!(t->flags & PV_TYPE_HEAP)) return PV_NULL;
    return pv_type_lookup(t, name);
}

static PvVal call_method_self(PvVal f, PvVal self, int argc, PvVal *argv)
{
    PvVal args[4];
    args[0] = self;
    for (int i = 0; i < argc; i++) args[i + 1] = argv[i];
    return pv_call(f, argc + 1, args, PV_NULL);
}

/* ---- arithmetic ------------------------------------------------------------------- */

static PvVal binop_slow(PvVal a, PvVal b, int op)
{
    PvType *ta = pv_type(a), *tb = pv_type(b);
    /* User classes first: a.__op__(b), then b.__rop__(a). */
    PvVal f = type_method(a, binop_dunder[op]);
    if (f) {
        PvVal r = call_method_self(f, a, 1, &b);
        if (r != pv_NotImplemented) return r;
    }
    if (tb != ta || !f) {
        PvVal g = type_method(b, binop_rdunder[op]);
        if (g) {
            PvVal r = call_method_self(g, b, 1, &a);
            if (r != pv_NotImplemented) return r;
        }
    }
    /* Builtin behaviour, also for subclasses of builtin types. */
    PvVal num = pv_num_binop(a, b, op);
    if (num != pv_NotImplemented) return num;
    if (ta->solid == &pv_type_str) {
        if (op == PV_OP_ADD) return pv_str_add(a, b);
        if (op == PV_OP_MUL && (PV_IS_INT(b) || PV_IS_BOOL(b))) return pv_str_repeat(a, pv_int_value(b));
        if (op == PV_OP_MOD) return pv_str_mod(a, b);
    }
    if (op == PV_OP_MUL && tb->solid == &pv_type_str && (PV_IS_INT(a) || PV_IS_BOOL(a)))
        return pv_str_repeat(b, pv_int_value(a));
    if (ta == &pv_type_list || pv_is_subtype(ta, &pv_type_list)) {
        if (op == PV_OP_ADD) {
            if (PV_IS_LIST(b) || pv_isinstance(b, &pv_type_list)) return pv_list_concat(a, b);
            return pv_raise(pv_exc_TypeError, "can only concatenate list (not \"%s\") to list",
                            tb->name);
        }
        if (op == PV_OP_MUL && (PV_IS_INT(b) || PV_IS_BOOL(b))) return pv_list_repeat(a, pv_int_value(b));
    }
    if (op == PV_OP_MUL && (PV_IS_INT(a) || PV_IS_BOOL(a)) && PV_IS_LIST(b))
        return pv_list_repeat(b, pv_int_value(a));
    if (ta->solid == &pv_type_tuple) {
        if (op == PV_OP_ADD) {
            if (tb == &pv_type_tuple) return pv_tuple_concat(a, b);
            return pv_raise(pv_exc_TypeError, "can only concatenate tuple (not \"%s\") to tuple",
                            tb->name);
        }
        if (op == PV_OP_MUL && (PV_IS_INT(b) || PV_IS_BOOL(b))) return pv_tuple_repeat(a, pv_int_value(b));
    }
    if (op == PV_OP_MUL && (PV_IS_INT(a) || PV_IS_BOOL(a)) && tb->solid == &pv_type_tuple)
        return pv_tuple_repeat(b, pv_int_value(a));
    if (PV_IS_SET(a) && PV_IS_SET(b)) {
        PvVal r = pv_set_binop(a, b, op);
        if (r != pv_NotImplemented) return r;
    }
    if (PV_IS_DICT(a) && PV_IS_DICT(b) && op == PV_OP_BITOR) {
        PvVal r = pv_dict_copy(a);
        if (pv_dict_update(r, b) < 0) return PV_NULL;
        return r;
    }
    if (op == PV_OP_POW)
        return pv_raise(pv_exc_TypeError, "unsupported operand type(s) for ** or pow(): '%s' and '%s'",
                        ta->name, tb->name);
    return pv_raise(pv_exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                    binop_symbol[op], ta->name, tb->name);
}

PvVal pv_binop(PvVal a, PvVal b, int op)
{
    if (PV_IS_SMALL(a) && PV_IS_SMALL(b)) return pv_int_binop(PV_SMALL_VALUE(a), PV_SMALL_VALUE(b), op);
    if (!((pv_type(a)->flags | pv_type(b)->flags) & PV_TYPE_HEAP)) {
        PvVal r = pv_num_binop(a, b, op);
        if (r != pv_NotImplemented) return r;
    }
    return binop_slow(a, b, op);
}

PvVal pv_inplace_binop(PvVal a, PvVal b, int op)
{
    PvType *ta = pv_type(a);
    if (ta == &pv_type_list && op == PV_OP_ADD) {
        if (pv_list_inplace_extend(a, b) < 0) return PV_NULL;
        return a;
    }
    if (ta == &pv_type_set && PV_IS_SET(b)) {
        PvVal r = pv_set_inplace_binop(a, b, op);
        if (r != pv_NotImplemented) return r;
    }
    if (ta == &pv_type_dict && op == PV_OP_BITOR) {
        if (pv_dict_update(a, b) < 0) return PV_NULL;
        return a;
    }
    if (ta->flags & PV_TYPE_HEAP) {
        PvVal f = pv_type_lookup(ta, binop_idunder[op]);
        if (f) {
            PvVal r = call_method_self(f, a, 1, &b);
            if (r != pv_NotImplemented) return r;
        }
    }
    return pv_binop(a, b, op);
}

PvVal pv_unaryop(PvVal v, int op)
{
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) {
        int64_t x = pv_int_value(v);
        switch (op) {
        case PV_UOP_NEG: if (x == INT64_MIN) return pv_overflow(); return pv_int(-x);
        case PV_UOP_POS: return pv_int(x);
        case PV_UOP_INVERT: return pv_int(~x);
        }
    }
    if (PV_IS_FLOAT(v)) {
        if (op == PV_UOP_NEG) return pv_float(-pv_float_value(v));
        if (op == PV_UOP_POS) return v;
    }
    PvDunder d = op == PV_UOP_NEG ? PV_DUNDER_neg : op == PV_UOP_POS ? PV_DUNDER_pos : PV_DUNDER_invert;
    bool found;
    PvVal r = pv_call_dunder(v, d, 0, NULL, &found);
    if (found) return r;
    const char *sym = op == PV_UOP_NEG ? "-" : op == PV_UOP_POS ? "+" : "~";
    return pv_raise(pv_exc_TypeError, "bad operand type for unary %s: '%s'", sym, pv_type_name(v));
}

/* ---- comparison ------------------------------------------------------------------- */

static PvVal try_compare(PvVal a, PvVal b, int op)
{
    PvType *ta = pv_type(a);
    if (ta->flags & PV_TYPE_HEAP) {
        PvVal f = pv_type_dunder(ta, cmp_dunder[op]);
        if (f) return call_method_self(f, a, 1, &b);
        if (op == PV_NE && pv_type_dunder(ta, PV_DUNDER_eq)) {
            PvVal r = call_method_self(pv_type_dunder(ta, PV_DUNDER_eq), a, 1, &b);
            if (!r || r == pv_NotImplemented) return r;
            int t = pv_truthy(r);
            if (t < 0) return PV_NULL;
            return pv_bool(!t);
        }
    }
    if (ta->richcompare) return ta->richcompare(a, b, op);
    return pv_NotImplemented;
}

PvVal pv_richcompare(PvVal a, PvVal b, int op)
{
    if (PV_IS_SMALL(a) && PV_IS_SMALL(b))
        return pv_bool(pv_cmp_int(PV_SMALL_VALUE(a), PV_SMALL_VALUE(b), op));
    if (!pv_enter_c_call()) return PV_NULL;
    PvType *ta = pv_type(a), *tb = pv_type(b);
    PvVal r;
    /* A subclass operand's reflected method goes first, as in Python. */
    if (ta != tb && pv_is_subtype(tb, ta) && (tb->flags & PV_TYPE_HEAP) &&
        pv_type_dunder(tb, cmp_dunder[cmp_swapped[op]])) {
        r = try_compare(b, a, cmp_swapped[op]);
        if (r != pv_NotImplemented) goto done;
    }
    r = try_compare(a, b, op);
    if (r != pv_NotImplemented) goto done;
    r = try_compare(b, a, cmp_swapped[op]);
    if (r != pv_NotImplemented) goto done;
    if (op == PV_EQ) r = pv_bool(a == b);
    else if (op == PV_NE) r = pv_bool(a != b);
    else r = pv_raise(pv_exc_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                      cmp_symbol[op], ta->name, tb->name);
done:
    pv_leave_c_call();
    return r;
}

int pv_compare_bool(PvVal a, PvVal b, int op)
{
    if (PV_IS_SMALL(a) && PV_IS_SMALL(b))
        return pv_cmp_int(PV_SMALL_VALUE(a), PV_SMALL_VALUE(b), op);
    if (PV_IS_STR(a) && PV_IS_STR(b)) return pv_cmp_int(pv_str_compare(a, b), 0, op);
    PvVal r = pv_richcompare(a, b, op);
    if (!r) return -1;
    if (r == pv_True) return 1;
    if (r == pv_False) return 0;
    return pv_truthy(r);
}

int pv_eq(PvVal a, PvVal b)
{
    if (a == b) return 1;
    if (PV_IS_SMALL(a) && PV_IS_SMALL(b)) return 0;
    return pv_compare_bool(a, b, PV_EQ);
}

/* ---- truth, hash, repr, str ---------------------------------------------------------- */

int pv_truthy(PvVal v)
{
    if (v == pv_True) return 1;
    if (v == pv_False || v == pv_None) return 0;
    if (PV_IS_SMALL(v)) return PV_SMALL_VALUE(v) != 0;
    PvType *t = PV_OBJ(v)->type;
    if (t == &pv_type_int) return ((PvInt *)v)->value != 0;
    if (t == &pv_type_float) return PV_FLOAT(v)->value != 0.0;
    if (t == &pv_type_str) return pv_str_len(v) != 0;
    if (t == &pv_type_list) return pv_list_len(v) != 0;
    if (t == &pv_type_tuple) return pv_tuple_len(v) != 0;
    if (t == &pv_type_dict || t == &pv_type_set || t == &pv_type_frozenset) return pv_dict_len(v) != 0;
    if (t->flags & PV_TYPE_HEAP) {
        bool found;
        PvVal r = pv_call_dunder(v, PV_DUNDER_bool, 0, NULL, &found);
        if (found) {
            if (!r) return -1;
            if (!PV_IS_BOOL(r)) {
                pv_raise(pv_exc_TypeError, "__bool__ should return bool, returned %s", pv_type_name(r));
                return -1;
            }
            return r == pv_True;
        }
        r = pv_call_dunder(v, PV_DUNDER_len, 0, NULL, &found);
        if (found) {
            if (!r) return -1;
            int64_t n;
            if (!pv_as_int64(r, &n, NULL)) return -1;
            return n != 0;
        }
    }
    if (t->len) {
        int64_t n = t->len(v);
        return n < 0 ? -1 : n != 0;
    }
    return 1;
}

int64_t pv_hash(PvVal v)
{
    if (PV_IS_SMALL(v)) return pvhash_int(PV_SMALL_VALUE(v));
    PvType *t = PV_OBJ(v)->type;
    if (t == &pv_type_str) return pv_str_hash(v);
    if (t->flags & PV_TYPE_HEAP) {
        PvVal f = pv_type_dunder(t, PV_DUNDER_hash);
        if (f == pv_None) goto unhashable;
        if (f) {
            PvVal r = call_method_self(f, v, 0, NULL);
            if (!r) return -1;
            if (!PV_IS_INT(r)) {
                pv_raise(pv_exc_TypeError, "__hash__ method should return an integer");
                return -1;
            }
            return pvhash_int(pv_int_value(r));
        }
    }
    if (t->hash) return t->hash(v);
unhashable:
    pv_raise(pv_exc_TypeError, "unhashable type: '%s'", t->name);
    return -1;
}

PvVal pv_repr(PvVal v)
{
    PvType *t = pv_type(v);
    PvVal r;
    if (!pv_enter_c_call()) return PV_NULL;
    if ((t->flags & PV_TYPE_HEAP) && pv_type_dunder(t, PV_DUNDER_repr)) {
        r = call_method_self(pv_type_dunder(t, PV_DUNDER_repr), v, 0, NULL);
        if (r && !PV_IS_STR(r))
            r = pv_raise(pv_exc_TypeError, "__repr__ returned non-string (type %s)", pv_type_name(r));
    } else if (t->repr) {
        r = t->repr(v);
    } else {
        r = pv_str_fmt("<%s object at %p>", t->name, (void *)v);
    }
    pv_leave_c_call();
    return r;
}

PvVal pv_str(PvVal v)
{
    if (PV_IS_STR(v)) return v;
    PvType *t = pv_type(v);
    if (t->flags & PV_TYPE_HEAP) {
        PvVal f = pv_type_dunder(t, PV_DUNDER_str);
        if (f) {
            if (!pv_enter_c_call()) return PV_NULL;
            PvVal r = call_method_self(f, v, 0, NULL);
            pv_leave_c_call();
            if (r && !PV_IS_STR(r))
                return pv_raise(pv_exc_TypeError, "__str__ returned non-string (type %s)", pv_type_name(r));
            return r;
        }
        if (pv_type_dunder(t, PV_DUNDER_repr)) return pv_repr(v);
    }
    if (t->str) return t->str(v);
    return pv_repr(v);
}

/* ---- items, length, membership --------------------------------------------------------- */

PvVal pv_getitem(PvVal o, PvVal key)
{
    PvType *t = pv_type(o);
    if (t == &pv_type_list) return pv_list_getitem(o, key);
    if (t == &pv_type_dict) return t->getitem(o, key);
    if (t == &pv_type_tuple) return pv_tuple_getitem(o, key);
    if (t->flags & PV_TYPE_HEAP) {
        PvVal f = pv_type_dunder(t, PV_DUNDER_getitem);
        if (f) return call_method_self(f, o, 1, &key);
    }
    if (t->getitem) return t->getitem(o, key);
    if (t == &pv_type_type) {
        PvVal cg = pv_type_lookup(PV_TYPE(o), pv_intern("__class_getitem__"));
        if (cg) return pv_call2(cg, o, key);
        return pv_raise(pv_exc_TypeError, "type '%s' is not subscriptable", PV_TYPE(o)->name);
    }
    return pv_raise(pv_exc_TypeError, "'%s' object is not subscriptable", t->name);
}

int pv_setitem(PvVal o, PvVal key, PvVal value)
{
    PvType *t = pv_type(o);
    if (t == &pv_type_list) return pv_list_setitem(o, key, value);
    if (t == &pv_type_dict) return pv_dict_set(o, key, value);
    if (t->flags & PV_TYPE_HEAP) {
        PvVal f = pv_type_dunder(t, PV_DUNDER_setitem);
        if (f) {
            PvVal args[2] = {key, value};
            return call_method_self(f, o, 2, args) ? 0 : -1;
        }
    }
    if (t->setitem) return t->setitem(o, key, value);
    pv_raise(pv_exc_TypeError, "'%s' object does not support item assignment", t->name);
    return -1;
}

int pv_delitem(PvVal o, PvVal key)
{
    PvType *t = pv_type(o);
    if (t->flags & PV_TYPE_HEAP) {
        PvVal f = pv_type_dunder(t, PV_DUNDER_delitem);
        if (f) return call_method_self(f, o, 1, &key) ? 0 : -1;
    }
    if (t->setitem) return t->setitem(o, key, PV_NULL);
    pv_raise(pv_exc_TypeError, "'%s' object doesn't support item deletion", t->name);
    return -1;
}

int64_t pv_len(PvVal o)
{
    PvType *t = pv_type(o);
    if (t->flags & PV_TYPE_HEAP) {
        bool found;
        PvVal r = pv_call_dunder(o, PV_DUNDER_len, 0, NULL, &found);
        if (found) {
            if (!r) return -1;
            int64_t n;
            if (!PV_IS_INT(r) && !PV_IS_BOOL(r)) {
                pv_raise(pv_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                         pv_type_name(r));
                return -1;
            }
            n = pv_int_value(r);
            if (n < 0) {
                pv_raise(pv_exc_ValueError, "__len__() should return >= 0");
                return -1;
            }
            return n;
        }
    }
    if (t->len) return t->len(o);
    pv_raise(pv_exc_TypeError, "object of type '%s' has no len()", t->name);
    return -1;
}

int pv_contains(PvVal c, PvVal v)
{
    PvType *t = pv_type(c);
    if (t->flags & PV_TYPE_HEAP) {
        bool found;
        PvVal r = pv_call_dunder(c, PV_DUNDER_contains, 1, &v, &found);
        if (found) return r ? pv_truthy(r) : -1;
    }
    if (t->contains) return t->contains(c, v);
    if ((t->flags & PV_TYPE_HEAP) && (pv_type_dunder(t, PV_DUNDER_iter) || pv_type_dunder(t, PV_DUNDER_getitem))) {
        PvVal it = pv_iter(c), x;
        if (!it) return -1;
        while ((x = pv_next(it))) {
            int e = pv_eq(x, v);
            if (e) return e;
        }
        return pv_err_occurred() ? -1 : 0;
    }
    pv_raise(pv_exc_TypeError, "argument of type '%s' is not iterable", t->name);
    return -1;
}

/* ---- iteration ------------------------------------------------------------------------ */

PvVal pv_iter(PvVal o)
{
    PvType *t = pv_type(o);
    if (t->flags & PV_TYPE_HEAP) {
        bool found;
        PvVal r = pv_call_dunder(o, PV_DUNDER_iter, 0, NULL, &found);
        if (found) {
            if (r && !pv_type(r)->iternext && !pv_type_dunder(pv_type(r), PV_DUNDER_next))
                return pv_raise(pv_exc_TypeError, "iter() returned non-iterator of type '%s'",
                                pv_type_name(r));
            return r;
        }
        if (pv_type_dunder(t, PV_DUNDER_getitem)) return pv_seqiter_new(o, PV_ITER_GETITEM);
    }
    if (t->iter) return t->iter(o);
    return pv_raise(pv_exc_TypeError, "'%s' object is not iterable", t->name);
}

PvVal pv_next(PvVal it)
{
    PvType *t = pv_type(it);
    if (t->flags & PV_TYPE_HEAP) {
        PvVal f = pv_type_dunder(t, PV_DUNDER_next);
        if (f) {
            PvVal r = call_method_self(f, it, 0, NULL);
            if (!r && pv_err_is(pv_exc_StopIteration)) pv_err_clear();
            return r;
        }
    }
    if (t->iternext) {
        PvVal r = t->iternext(it);
        if (!r && pv_err_is(pv_exc_StopIteration)) pv_err_clear();
        return r;
    }
    return pv_raise(pv_exc_TypeError, "'%s' object is not an iterator", t->name);
}

/* ---- calls ----------------------------------------------------------------------------- */

PvVal pv_call(PvVal f, int argc, PvVal *argv, PvVal kwnames)
{
    PvType *t = pv_type(f);
    if (t == &pv_type_function) return pv_call_function((PvFunction *)f, argc, argv, kwnames);
    if (t->call) return t->call(f, argc, argv, kwnames);
    if (t->flags & PV_TYPE_HEAP) {
        PvVal c = pv_type_dunder(t, PV_DUNDER_call);
        if (c) {
            int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
            PvVal tmp = pv_tuple_new(argc + nkw + 1);
            PV_TUPLE(tmp)->items[0] = f;
            memcpy(PV_TUPLE(tmp)->items + 1, argv, (size_t)(argc + nkw) * sizeof(PvVal));
            return pv_call(c, argc + 1, PV_TUPLE(tmp)->items, kwnames);
        }
    }
    return pv_raise(pv_exc_TypeError, "'%s' object is not callable", t->name);
}

PvVal pv_call0(PvVal f) { return pv_call(f, 0, NULL, PV_NULL); }
PvVal pv_call1(PvVal f, PvVal a) { return pv_call(f, 1, &a, PV_NULL); }
PvVal pv_call2(PvVal f, PvVal a, PvVal b)
{
    PvVal args[2] = {a, b};
    return pv_call(f, 2, args, PV_NULL);
}

PvVal pv_call_method(PvVal obj, PvVal name, int argc, PvVal *argv)
{
    PvVal m = pv_getattr(obj, name);
    if (!m) return PV_NULL;
    return pv_call(m, argc, argv, PV_NULL);
}

bool pv_parse_args(const char *fname, int argc, PvVal *argv, PvVal kwnames,
                   int nnames, const char *const *names, int nreq, PvVal *out)
{
    for (int i = 0; i < nnames; i++) out[i] = PV_NULL;
    if (argc > nnames) {
        pv_raise(pv_exc_TypeError, "%s() takes at most %d argument%s (%d given)", fname, nnames,
                 nnames == 1 ? "" : "s", argc);
        return false;
    }
    for (int i = 0; i < argc; i++) out[i] = argv[i];
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    for (int k = 0; k < nkw; k++) {
        const char *kn = pv_str_data(pv_tuple_get(kwnames, k));
        int i = 0;
        while (i < nnames && strcmp(names[i], kn)) i++;
        if (i == nnames) {
            pv_raise(pv_exc_TypeError, "%s() got an unexpected keyword argument '%s'", fname, kn);
            return false;
        }
        if (out[i]) {
            pv_raise(pv_exc_TypeError, "argument for %s() given by name ('%s') and position (%d)",
                     fname, kn, i + 1);
            return false;
        }
        out[i] = argv[argc + k];
    }
    for (int i = 0; i < nreq; i++)
        if (!out[i]) {
            pv_raise(pv_exc_TypeError, "%s() missing required argument '%s' (pos %d)", fname,
                     names[i], i + 1);
            return false;
        }
    return true;
}

void pv_abstract_init(void)
{
    for (int op = 0; op < PV_NBINOPS; op++) {
        char buf[32];
        snprintf(buf, sizeof buf, "__%s__", binop_name[op]);
        binop_dunder[op] = pv_intern(buf);
        snprintf(buf, sizeof buf, "__r%s__", binop_name[op]);
        binop_rdunder[op] = pv_intern(buf);
        snprintf(buf, sizeof buf, "__i%s__", binop_name[op]);
        binop_idunder[op] = pv_intern(buf);
        pvgc_add_root(&binop_dunder[op]);
        pvgc_add_root(&binop_rdunder[op]);
        pvgc_add_root(&binop_idunder[op]);
    }
}
