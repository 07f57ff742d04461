/* numbers.c — int, bool, float and the singletons None, NotImplemented, Ellipsis.
 *
 * Ints are 64-bit two's complement; a result that does not fit raises OverflowError
 * (the one deliberate deviation from Python's unbounded ints). Small ints (63 bits) are
 * unboxed tagged values; the rest of the 64-bit range is boxed in PvInt. Arithmetic
 * follows Python: floor division and modulo round toward negative infinity, `/` always
 * gives a float, `**` with a negative exponent gives a float, and int/float comparisons
 * are exact. */
#include <math.h>
#include <float.h>
#include <stdio.h>

#include "thread.h"
#include "vm.h"
#include "fmt.h"
#include "pvhash.h"
#include "ast.h"

PvObject pv_None_obj = {.type = &pv_type_NoneType};
PvObject pv_NotImplemented_obj = {.type = &pv_type_NotImplementedType};
PvObject pv_Ellipsis_obj = {.type = &pv_type_ellipsis};
PvBool pv_True_obj = {.ob = {.type = &pv_type_bool}, .value = 1};
PvBool pv_False_obj = {.ob = {.type = &pv_type_bool}, .value = 0};

PvVal pv_overflow(void)
{
    return pv_raise(pv_exc_OverflowError,
                    "integer overflow: result does not fit in 64 bits (parvm ints are 64-bit)");
}

PvVal pv_int_box(int64_t n)
{
    PvInt *o = PV_NEW(PvInt, &pv_type_int);
    o->value = n;
    return PV_VAL(o);
}

PvVal pv_float(double d)
{
    PvFloat *o = PV_NEW(PvFloat, &pv_type_float);
    o->value = d;
    return PV_VAL(o);
}

bool pv_as_double(PvVal v, double *out)
{
    if (PV_IS_SMALL(v)) { *out = (double)PV_SMALL_VALUE(v); return true; }
    PvType *t = PV_OBJ(v)->type;
    if (t == &pv_type_float || t->solid == &pv_type_float) { *out = PV_FLOAT(v)->value; return true; }
    if (t == &pv_type_int || t == &pv_type_bool || t->solid == &pv_type_int) {
        *out = (double)((PvInt *)v)->value;
        return true;
    }
    return false;
}

bool pv_as_int64(PvVal v, int64_t *out, const char *what)
{
    if (PV_IS_SMALL(v)) { *out = PV_SMALL_VALUE(v); return true; }
    PvType *t = PV_OBJ(v)->type;
    if (t == &pv_type_int || t == &pv_type_bool || t->solid == &pv_type_int) {
        *out = ((PvInt *)v)->value;
        return true;
    }
    bool found;
    PvVal r = pv_call_dunder(v, PV_DUNDER_index, 0, NULL, &found);
    if (found) {
        if (!r) return false;
        if (!PV_IS_INT(r)) {
            pv_raise(pv_exc_TypeError, "__index__ returned non-int (type %s)", pv_type_name(r));
            return false;
        }
        *out = pv_int_value(r);
        return true;
    }
    pv_raise(pv_exc_TypeError, "%s must be an integer, not '%s'", what ? what : "value",
             pv_type_name(v));
    return false;
}

/* ---- int arithmetic --------------------------------------------------------------- */

static int64_t floordiv64(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t mod64(int64_t a, int64_t b)
{
    int64_t r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}

static PvVal int_pow(int64_t base, int64_t exp)
{
    if (exp < 0) {
        if (base == 0)
            return pv_raise(pv_exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return pv_float(pow((double)base, (double)exp));
    }
    int64_t result = 1;
    int64_t b = base;
    while (exp > 0) {
        if (exp & 1) {
            if (__builtin_mul_overflow(result, b, &result)) return pv_overflow();
        }
        exp >>= 1;
        if (exp > 0 && __builtin_mul_overflow(b, b, &b)) return pv_overflow();
    }
    return pv_int(result);
}

/* a op b for two int64s. */
PvVal pv_int_binop(int64_t a, int64_t b, int op)
{
    int64_t r;
    switch (op) {
    case PV_OP_ADD: if (__builtin_add_overflow(a, b, &r)) return pv_overflow(); return pv_int(r);
    case PV_OP_SUB: if (__builtin_sub_overflow(a, b, &r)) return pv_overflow(); return pv_int(r);
    case PV_OP_MUL: if (__builtin_mul_overflow(a, b, &r)) return pv_overflow(); return pv_int(r);
    case PV_OP_TRUEDIV:
        if (b == 0) return pv_raise(pv_exc_ZeroDivisionError, "division by zero");
        return pv_float((double)a / (double)b);
    case PV_OP_FLOORDIV:
        if (b == 0) return pv_raise(pv_exc_ZeroDivisionError, "integer division or modulo by zero");
        if (a == INT64_MIN && b == -1) return pv_overflow();
        return pv_int(floordiv64(a, b));
    case PV_OP_MOD:
        if (b == 0) return pv_raise(pv_exc_ZeroDivisionError, "integer modulo by zero");
        if (b == -1) return pv_int(0);
        return pv_int(mod64(a, b));
    case PV_OP_POW: return int_pow(a, b);
    case PV_OP_LSHIFT:
        if (b < 0) return pv_raise(pv_exc_ValueError, "negative shift count");
        if (a == 0) return pv_int(0);
        if (b >= 63) return pv_overflow();
        r = (int64_t)((uint64_t)a << b);
        if ((r >> b) != a) return pv_overflow();
        return pv_int(r);
    case PV_OP_RSHIFT:
        if (b < 0) return pv_raise(pv_exc_ValueError, "negative shift count");
        if (b >= 64) return pv_int(a < 0 ? -1 : 0);
        return pv_int(a >> b);
    case PV_OP_BITAND: return pv_int(a & b);
    case PV_OP_BITOR: return pv_int(a | b);
    case PV_OP_BITXOR: return pv_int(a ^ b);
    default: return pv_NotImplemented;
    }
}

static double float_mod(double a, double b)
{
    double m = fmod(a, b);
    if (m != 0.0) {
        if ((b < 0) != (m < 0)) m += b;
    } else {
        m = copysign(0.0, b);
    }
    return m;
}

static double float_floordiv(double a, double b, double *modout)
{
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0)) { mod += b; div -= 1.0; }
    } else {
        mod = copysign(0.0, b);
    }
    double floordiv;
    if (div != 0.0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
        floordiv = copysign(0.0, a / b);
    }
    if (modout) *modout = mod;
    return floordiv;
}

PvVal pv_float_binop(double a, double b, int op)
{
    switch (op) {
    case PV_OP_ADD: return pv_float(a + b);
    case PV_OP_SUB: return pv_float(a - b);
    case PV_OP_MUL: return pv_float(a * b);
    case PV_OP_TRUEDIV:
        if (b == 0.0) return pv_raise(pv_exc_ZeroDivisionError, "float division by zero");
        return pv_float(a / b);
    case PV_OP_FLOORDIV:
        if (b == 0.0) return pv_raise(pv_exc_ZeroDivisionError, "float floor division by zero");
        return pv_float(float_floordiv(a, b, NULL));
    case PV_OP_MOD:
        if (b == 0.0) return pv_raise(pv_exc_ZeroDivisionError, "float modulo");
        return pv_float(float_mod(a, b));
    case PV_OP_POW: {
        if (a == 0.0 && b < 0.0)
            return pv_raise(pv_exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        if (a < 0.0 && b != floor(b) && isfinite(b))
            return pv_raise(pv_exc_ValueError,
                            "negative number cannot be raised to a fractional power "
                            "(complex results are not supported)");
        double r = pow(a, b);
        if (isinf(r) && isfinite(a) && isfinite(b))
            return pv_raise(pv_exc_OverflowError, "(34, 'Numerical result out of range')");
        return pv_float(r);
    }
    default: return pv_NotImplemented;
    }
}

/* Numeric binary operation; pv_NotImplemented when an operand is not a number. */
/* int-like: int, bool and subclasses of int; float-like likewise. */
#define INTLIKE(t) ((t) == &pv_type_int || (t) == &pv_type_bool || (t)->solid == &pv_type_int)
#define FLOATLIKE(t) ((t) == &pv_type_float || (t)->solid == &pv_type_float)

PvVal pv_num_binop(PvVal a, PvVal b, int op)
{
    PvType *ta = pv_type(a), *tb = pv_type(b);
    bool ia = INTLIKE(ta);
    bool ib = INTLIKE(tb);
    if (ia && ib) {
        if (ta == &pv_type_bool && tb == &pv_type_bool &&
            (op == PV_OP_BITAND || op == PV_OP_BITOR || op == PV_OP_BITXOR)) {
            int64_t x = pv_int_value(a), y = pv_int_value(b);
            return pv_bool(op == PV_OP_BITAND ? (x & y) : op == PV_OP_BITOR ? (x | y) : (x ^ y));
        }
        return pv_int_binop(pv_int_value(a), pv_int_value(b), op);
    }
    bool fa = FLOATLIKE(ta), fb = FLOATLIKE(tb);
    if ((fa || ia) && (fb || ib)) {
        if (op >= PV_OP_LSHIFT && op <= PV_OP_BITAND) return pv_NotImplemented;
        double x = 0, y = 0;
        pv_as_double(a, &x);
        pv_as_double(b, &y);
        return pv_float_binop(x, y, op);
    }
    return pv_NotImplemented;
}

/* Exact comparison of an int64 with a double. Returns -1, 0, 1, or 2 for NaN. */
static int cmp_int_double(int64_t i, double d)
{
    if (isnan(d)) return 2;
    if (d >= 9223372036854775808.0) return -1;
    if (d < -9223372036854775808.0) return 1;
    double fl = floor(d);
    int64_t di = (int64_t)fl;
    if (i < di) return -1;
    if (i > di) return 1;
    return d > fl ? -1 : 0;
}

/* c: -1, 0, 1, or 2 when a NaN took part (then only != holds). */
static bool cmp_result(int c, int op)
{
    if (c == 2) return op == PV_NE;
    return pv_cmp_int(c, 0, op);
}

/* Numeric comparison; pv_NotImplemented when an operand is not a number. */
PvVal pv_num_compare(PvVal a, PvVal b, int op)
{
    PvType *ta = pv_type(a), *tb = pv_type(b);
    bool ia = INTLIKE(ta);
    bool ib = INTLIKE(tb);
    if (ia && ib) {
        return pv_bool(pv_cmp_int(pv_int_value(a), pv_int_value(b), op));
    }
    bool fa = FLOATLIKE(ta), fb = FLOATLIKE(tb);
    if (fa && fb) {
        double x = PV_FLOAT(a)->value, y = PV_FLOAT(b)->value;
        int c = (isnan(x) || isnan(y)) ? 2 : (x < y ? -1 : x > y);
        return pv_bool(cmp_result(c, op));
    }
    if (ia && fb) return pv_bool(cmp_result(cmp_int_double(pv_int_value(a), PV_FLOAT(b)->value), op));
    if (fa && ib) {
        int c = cmp_int_double(pv_int_value(b), PV_FLOAT(a)->value);
        if (c != 2) c = -c;
        return pv_bool(cmp_result(c, op));
    }
    return pv_NotImplemented;
}

static PvVal int_richcompare(PvVal a, PvVal b, int op) { return pv_num_compare(a, b, op); }

/* ---- int type ----------------------------------------------------------------------- */

static PvVal int_repr(PvVal self)
{
    char buf[PVFMT_DEC_MAX];
    size_t n = pvfmt_int_dec(pv_int_value(self), buf);
    return pv_str_new(buf, n);
}

static int64_t int_hash(PvVal self) { return pvhash_int(pv_int_value(self)); }

static PvVal float_to_int(double d)
{
    if (isnan(d)) return pv_raise(pv_exc_ValueError, "cannot convert float NaN to integer");
    if (isinf(d)) return pv_raise(pv_exc_OverflowError, "cannot convert float infinity to integer");
    double t = trunc(d);
    if (t >= 9223372036854775808.0 || t < -9223372036854775808.0) return pv_overflow();
    return pv_int((int64_t)t);
}

PvVal pv_int_from_str(PvVal s, int base)
{
    int64_t v;
    int rc = pvfmt_parse_int(pv_str_data(s), (size_t)pv_str_len(s), base, &v);
    if (rc == PVFMT_PARSE_OK) return pv_int(v);
    if (rc == PVFMT_PARSE_OVERFLOW) return pv_overflow();
    PvVal r = pv_repr(s);
    if (!r) return PV_NULL;
    return pv_raise(pv_exc_ValueError, "invalid literal for int() with base %d: %s", base,
                    pv_str_data(r));
}

static PvVal int_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"x", "base"};
    PvVal a[2];
    if (!pv_parse_args("int", argc, argv, kwnames, 2, names, 0, a)) return PV_NULL;
    PvVal r;
    if (!a[0]) {
        if (a[1]) return pv_raise(pv_exc_TypeError, "int() missing string argument");
        r = PV_SMALL(0);
    } else if (a[1]) {
        int64_t base;
        if (!pv_as_int64(a[1], &base, "base")) return PV_NULL;
        if (!PV_IS_STR(a[0]))
            return pv_raise(pv_exc_TypeError, "int() can't convert non-string with explicit base");
        if (base != 0 && (base < 2 || base > 36))
            return pv_raise(pv_exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
        r = pv_int_from_str(a[0], (int)base);
    } else {
        PvVal x = a[0];
        PvType *xt = pv_type(x);
        if (PV_IS_INT(x)) r = x;
        else if (PV_IS_BOOL(x) || (xt->solid == &pv_type_int && !pv_type_dunder(xt, PV_DUNDER_int)))
            r = pv_int(pv_int_value(x));
        else if (PV_IS_FLOAT(x) || (xt->solid == &pv_type_float && !pv_type_dunder(xt, PV_DUNDER_int)))
            r = float_to_int(PV_FLOAT(x)->value);
        else if (PV_IS_STR(x)) r = pv_int_from_str(x, 10);
        else {
            bool found;
            r = pv_call_dunder(x, PV_DUNDER_int, 0, NULL, &found);
            if (!found) r = pv_call_dunder(x, PV_DUNDER_index, 0, NULL, &found);
            if (!found)
                return pv_raise(pv_exc_TypeError,
                                "int() argument must be a string, a bytes-like object or a "
                                "real number, not '%s'", pv_type_name(x));
        }
    }
    (void)type;
    return r;
}

static PvVal int_bit_length(int argc, PvVal *argv)
{
    (void)argc;
    int64_t v = pv_int_value(argv[0]);
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    return PV_SMALL(m ? 64 - __builtin_clzll(m) : 0);
}

static PvVal int_bit_count(int argc, PvVal *argv)
{
    (void)argc;
    int64_t v = pv_int_value(argv[0]);
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    return PV_SMALL(__builtin_popcountll(m));
}

static PvVal int_index_method(int argc, PvVal *argv)
{
    (void)argc;
    return pv_int(pv_int_value(argv[0]));
}

PvType pv_type_int = {
    .name = "int", .size = sizeof(PvInt), .flags = PV_TYPE_IMMUTABLE,
    .repr = int_repr, .hash = int_hash, .richcompare = int_richcompare, .new_ = int_new,
};

/* ---- bool -------------------------------------------------------------------------- */

static PvVal bool_repr(PvVal self) { return pv_intern(self == pv_True ? "True" : "False"); }

static PvVal bool_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type;
    if (kwnames && pv_tuple_len(kwnames))
        return pv_raise(pv_exc_TypeError, "bool() takes no keyword arguments");
    if (argc > 1) return pv_raise(pv_exc_TypeError, "bool expected at most 1 argument, got %d", argc);
    if (argc == 0) return pv_False;
    int r = pv_truthy(argv[0]);
    if (r < 0) return PV_NULL;
    return pv_bool(r);
}

PvType pv_type_bool = {
    .name = "bool", .base = &pv_type_int, .size = sizeof(PvBool), .flags = PV_TYPE_IMMUTABLE,
    .repr = bool_repr, .hash = int_hash, .richcompare = int_richcompare, .new_ = bool_new,
};

/* ---- float -------------------------------------------------------------------------- */

static PvVal float_repr(PvVal self)
{
    char buf[PVFMT_REPR_MAX];
    size_t n = pvfmt_double_repr(PV_FLOAT(self)->value, buf);
    return pv_str_new(buf, n);
}

static int64_t float_hash(PvVal self) { return pvhash_float(PV_FLOAT(self)->value, (void *)self); }

static PvVal float_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type;
    if (kwnames && pv_tuple_len(kwnames))
        return pv_raise(pv_exc_TypeError, "float() takes no keyword arguments");
    if (argc > 1) return pv_raise(pv_exc_TypeError, "float expected at most 1 argument, got %d", argc);
    if (argc == 0) return pv_float(0.0);
    PvVal x = argv[0];
    double d;
    if (PV_IS_FLOAT(x)) return x;
    if (pv_as_double(x, &d)) return pv_float(d);
    if (PV_IS_STR(x)) {
        if (pvfmt_parse_double(pv_str_data(x), (size_t)pv_str_len(x), &d)) return pv_float(d);
        PvVal r = pv_repr(x);
        if (!r) return PV_NULL;
        return pv_raise(pv_exc_ValueError, "could not convert string to float: %s", pv_str_data(r));
    }
    bool found;
    PvVal r = pv_call_dunder(x, PV_DUNDER_float, 0, NULL, &found);
    if (found) return r;
    return pv_raise(pv_exc_TypeError, "float() argument must be a string or a real number, not '%s'",
                    pv_type_name(x));
}

static PvVal float_is_integer(int argc, PvVal *argv)
{
    (void)argc;
    double d = PV_FLOAT(argv[0])->value;
    return pv_bool(isfinite(d) && floor(d) == d);
}

PvType pv_type_float = {
    .name = "float", .size = sizeof(PvFloat), .flags = PV_TYPE_IMMUTABLE,
    .repr = float_repr, .hash = float_hash, .richcompare = int_richcompare, .new_ = float_new,
};

/* ---- None, NotImplemented, Ellipsis ------------------------------------------------- */

static PvVal none_repr(PvVal self) { (void)self; return pv_intern("None"); }
static PvVal notimpl_repr(PvVal self) { (void)self; return pv_intern("NotImplemented"); }
static PvVal ellipsis_repr(PvVal self) { (void)self; return pv_intern("Ellipsis"); }
static int64_t ptr_hash(PvVal self) { return pvhash_pointer((void *)self); }

PvType pv_type_NoneType = {.name = "NoneType", .size = sizeof(PvObject), .flags = PV_TYPE_IMMUTABLE, .repr = none_repr, .hash = ptr_hash};
PvType pv_type_NotImplementedType = {.name = "NotImplementedType", .size = sizeof(PvObject), .flags = PV_TYPE_IMMUTABLE,
                                     .repr = notimpl_repr, .hash = ptr_hash};
PvType pv_type_ellipsis = {.name = "ellipsis", .size = sizeof(PvObject), .flags = PV_TYPE_IMMUTABLE, .repr = ellipsis_repr,
                           .hash = ptr_hash};

/* divmod(a, b) for numbers, or pv_NotImplemented. */
PvVal pv_num_divmod(PvVal a, PvVal b)
{
    if (PV_IS_INT(a) || PV_IS_BOOL(a)) {
        if (PV_IS_INT(b) || PV_IS_BOOL(b)) {
            int64_t x = pv_int_value(a), y = pv_int_value(b);
            if (y == 0) return pv_raise(pv_exc_ZeroDivisionError, "integer division or modulo by zero");
            if (x == INT64_MIN && y == -1) return pv_overflow();
            return pv_tuple_pack(2, pv_int(floordiv64(x, y)), pv_int(y == -1 ? 0 : mod64(x, y)));
        }
    }
    double x, y;
    if (!pv_as_double(a, &x) || !pv_as_double(b, &y)) return pv_NotImplemented;
    if (y == 0.0) return pv_raise(pv_exc_ZeroDivisionError, "float divmod()");
    double mod;
    double fd = float_floordiv(x, y, &mod);
    return pv_tuple_pack(2, pv_float(fd), pv_float(mod));
}

void pv_numbers_init(void)
{
    pv_type_ready(&pv_type_int);
    pv_type_ready(&pv_type_bool);
    pv_type_ready(&pv_type_float);
    pv_type_ready(&pv_type_NoneType);
    pv_type_ready(&pv_type_NotImplementedType);
    pv_type_ready(&pv_type_ellipsis);
    pv_type_int.flags |= PV_TYPE_BASETYPE;
    pv_type_float.flags |= PV_TYPE_BASETYPE;
    pv_type_str.flags |= PV_TYPE_BASETYPE;
    pv_type_add_method(&pv_type_int, "bit_length", int_bit_length, 1, 1);
    pv_type_add_method(&pv_type_int, "bit_count", int_bit_count, 1, 1);
    pv_type_add_method(&pv_type_int, "__index__", int_index_method, 1, 1);
    pv_type_add_method(&pv_type_float, "is_integer", float_is_integer, 1, 1);
}
