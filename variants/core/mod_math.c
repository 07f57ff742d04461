/* mod_math.c — the `math` module: constants, libm functions with CPython 3.11's error
 * rules, exact integer functions (gcd, lcm, factorial, comb, perm, isqrt) on parvm's
 * 64-bit ints, and the accurate sums and norms (fsum with Shewchuk's algorithm, hypot
 * with CPython's vector_norm) so results match CPython to the last bit.
 *
 * Error rules (CPython's math_1): a NaN result from a non-NaN argument is a domain
 * error (ValueError "math domain error"); an infinite result from a finite argument is
 * an OverflowError "math range error" for functions that can overflow (exp, cosh,
 * sinh, ...) and a domain error for the others (log(0), atanh(1)). Integer results
 * that do not fit in 64 bits raise OverflowError (documented deviation: parvm's ints
 * are 64-bit). Pure functions: no shared state, no sync hooks. */
#include <math.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "thread.h"
#include "vm.h"
#include "ast.h"

/* Dekker's exact product in hypot relies on every product being rounded on its own:
 * a fused multiply-add (allowed by GCC's default -ffp-contract=fast on targets that
 * have FMA) would silently change the last bits. */
#pragma GCC optimize("fp-contract=off")

/* ---- argument conversion ------------------------------------------------------------ */

/* A real-number argument: int, bool, float, or an object with __float__/__index__. */
static bool arg_double(PvVal v, double *out)
{
    if (pv_as_double(v, out)) return true;
    bool found;
    PvVal r = pv_call_dunder(v, PV_DUNDER_float, 0, NULL, &found);
    if (found) {
        if (!r) return false;
        if (PV_IS_FLOAT(r)) { *out = pv_float_value(r); return true; }
        pv_raise(pv_exc_TypeError, "%s.__float__ returned non-float (type %s)",
                 pv_type_name(v), pv_type_name(r));
        return false;
    }
    if (pv_type_dunder(pv_type(v), PV_DUNDER_index)) {
        int64_t n;
        if (!pv_as_int64(v, &n, NULL)) return false;
        *out = (double)n;
        return true;
    }
    pv_raise(pv_exc_TypeError, "must be real number, not %s", pv_type_name(v));
    return false;
}

/* An integer argument: int, bool or __index__; floats are rejected as in 3.11. */
static bool arg_int(PvVal v, int64_t *out)
{
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) { *out = pv_int_value(v); return true; }
    if (pv_type_dunder(pv_type(v), PV_DUNDER_index)) return pv_as_int64(v, out, NULL);
    pv_raise(pv_exc_TypeError, "'%s' object cannot be interpreted as an integer",
             pv_type_name(v));
    return false;
}

static PvVal domain_error(void) { return pv_raise(pv_exc_ValueError, "math domain error"); }
static PvVal range_error(void) { return pv_raise(pv_exc_OverflowError, "math range error"); }

/* CPython's math_1: r = f(x) with its NaN / infinity classification. */
static PvVal math_1(PvVal arg, double (*f)(double), bool can_overflow)
{
    double x;
    if (!arg_double(arg, &x)) return PV_NULL;
    double r = f(x);
    if (isnan(r) && !isnan(x)) return domain_error();
    if (isinf(r) && isfinite(x)) return can_overflow ? range_error() : domain_error();
    return pv_float(r);
}

#define MATH_FUNC1(name, cfunc, can_overflow) \
    static PvVal m_##name(int argc, PvVal *argv) \
    { \
        (void)argc; \
        return math_1(argv[0], cfunc, can_overflow); \
    }

MATH_FUNC1(sqrt, sqrt, false)
MATH_FUNC1(exp, exp, true)
MATH_FUNC1(expm1, expm1, true)
MATH_FUNC1(log1p, log1p, false)
MATH_FUNC1(sin, sin, false)
MATH_FUNC1(cos, cos, false)
MATH_FUNC1(tan, tan, false)
MATH_FUNC1(asin, asin, false)
MATH_FUNC1(acos, acos, false)
MATH_FUNC1(atan, atan, false)
MATH_FUNC1(sinh, sinh, true)
MATH_FUNC1(cosh, cosh, true)
MATH_FUNC1(tanh, tanh, false)
MATH_FUNC1(asinh, asinh, false)
MATH_FUNC1(acosh, acosh, false)
MATH_FUNC1(atanh, atanh, false)
MATH_FUNC1(fabs, fabs, false)

/* log, log2, log10: x <= 0 is a domain error (CPython's m_log family), infinities and
 * NaN pass through. */
static bool log_arg(PvVal v, double (*f)(double), double *out)
{
    double x;
    if (!arg_double(v, &x)) return false;
    if (isnan(x) || (isinf(x) && x > 0)) { *out = x; return true; }
    if (x <= 0) { domain_error(); return false; }
    *out = f(x);
    return true;
}

static PvVal m_log(int argc, PvVal *argv)
{
    double num, den;
    if (!log_arg(argv[0], log, &num)) return PV_NULL;
    if (argc == 1) return pv_float(num);
    if (!log_arg(argv[1], log, &den)) return PV_NULL;
    if (den == 0.0) return pv_raise(pv_exc_ZeroDivisionError, "float division by zero");
    return pv_float(num / den);
}

static PvVal m_log2(int argc, PvVal *argv)
{
    (void)argc;
    double r;
    return log_arg(argv[0], log2, &r) ? pv_float(r) : PV_NULL;
}

static PvVal m_log10(int argc, PvVal *argv)
{
    (void)argc;
    double r;
    return log_arg(argv[0], log10, &r) ? pv_float(r) : PV_NULL;
}

/* CPython's math_pow: the IEEE special cases spelled out, then errors by result. */
static PvVal m_pow(int argc, PvVal *argv)
{
    (void)argc;
    double x, y, r;
    if (!arg_double(argv[0], &x) || !arg_double(argv[1], &y)) return PV_NULL;
    if (!isfinite(x) || !isfinite(y)) {
        if (isnan(x)) r = y == 0.0 ? 1.0 : x;
        else if (isnan(y)) r = x == 1.0 ? 1.0 : y;
        else if (isinf(x)) {
            bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.0) r = odd_y ? x : fabs(x);
            else if (y == 0.0) r = 1.0;
            else r = odd_y ? copysign(0.0, x) : 0.0;
        } else {
            if (fabs(x) == 1.0) r = 1.0;
            else if (y > 0.0 && fabs(x) > 1.0) r = y;
            else if (y < 0.0 && fabs(x) < 1.0) r = -y;
            else r = 0.0;
        }
        return pv_float(r);
    }
    r = pow(x, y);
    if (isnan(r)) return domain_error();
    if (isinf(r)) return x == 0.0 ? domain_error() : range_error();
    return pv_float(r);
}

static PvVal m_atan2(int argc, PvVal *argv)
{
    (void)argc;
    double y, x;
    if (!arg_double(argv[0], &y) || !arg_double(argv[1], &x)) return PV_NULL;
    return pv_float(atan2(y, x));
}

static PvVal m_fmod(int argc, PvVal *argv)
{
    (void)argc;
    double x, y;
    if (!arg_double(argv[0], &x) || !arg_double(argv[1], &y)) return PV_NULL;
    if (isinf(y) && isfinite(x)) return pv_float(x);
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y)) return domain_error();
    return pv_float(r);
}

static PvVal m_copysign(int argc, PvVal *argv)
{
    (void)argc;
    double x, y;
    if (!arg_double(argv[0], &x) || !arg_double(argv[1], &y)) return PV_NULL;
    return pv_float(copysign(x, y));
}

static PvVal m_degrees(int argc, PvVal *argv)
{
    (void)argc;
    double x;
    return arg_double(argv[0], &x) ? pv_float(x * (180.0 / M_PI)) : PV_NULL;
}

static PvVal m_radians(int argc, PvVal *argv)
{
    (void)argc;
    double x;
    return arg_double(argv[0], &x) ? pv_float(x * (M_PI / 180.0)) : PV_NULL;
}

static PvVal m_isnan(int argc, PvVal *argv)
{
    (void)argc;
    double x;
    return arg_double(argv[0], &x) ? pv_bool(isnan(x)) : PV_NULL;
}

static PvVal m_isinf(int argc, PvVal *argv)
{
    (void)argc;
    double x;
    return arg_double(argv[0], &x) ? pv_bool(isinf(x)) : PV_NULL;
}

static PvVal m_isfinite(int argc, PvVal *argv)
{
    (void)argc;
    double x;
    return arg_double(argv[0], &x) ? pv_bool(isfinite(x)) : PV_NULL;
}

static PvVal m_modf(int argc, PvVal *argv)
{
    (void)argc;
    double x, ip;
    if (!arg_double(argv[0], &x)) return PV_NULL;
    if (isinf(x)) return pv_tuple_pack(2, pv_float(copysign(0.0, x)), pv_float(x));
    double fp = modf(x, &ip);
    return pv_tuple_pack(2, pv_float(fp), pv_float(ip));
}

static PvVal m_frexp(int argc, PvVal *argv)
{
    (void)argc;
    double x;
    int e = 0;
    if (!arg_double(argv[0], &x)) return PV_NULL;
    double m = (isnan(x) || isinf(x) || x == 0.0) ? x : frexp(x, &e);
    return pv_tuple_pack(2, pv_float(m), pv_int(e));
}

/* ---- float -> int: floor, ceil, trunc -------------------------------------------- */

/* An integral double as an int; +-inf and NaN raise as CPython does, finite values
 * beyond int64 raise the 64-bit OverflowError. */
static PvVal int_from_integral(double d)
{
    if (isinf(d)) return pv_raise(pv_exc_OverflowError, "cannot convert float infinity to integer");
    if (isnan(d)) return pv_raise(pv_exc_ValueError, "cannot convert float NaN to integer");
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return pv_int((int64_t)d);
    return pv_overflow();
}

static PvVal round_to_int(PvVal v, double (*f)(double))
{
    if (PV_IS_INT(v)) return v;
    if (PV_IS_BOOL(v)) return pv_int(pv_int_value(v));
    double x;
    if (!arg_double(v, &x)) return PV_NULL;
    return int_from_integral(f(x));
}

static PvVal m_floor(int argc, PvVal *argv) { (void)argc; return round_to_int(argv[0], floor); }
static PvVal m_ceil(int argc, PvVal *argv) { (void)argc; return round_to_int(argv[0], ceil); }

static PvVal m_trunc(int argc, PvVal *argv)
{
    (void)argc;
    PvVal v = argv[0];
    if (!PV_IS_INT(v) && !PV_IS_BOOL(v) && !PV_IS_FLOAT(v))
        return pv_raise(pv_exc_TypeError, "type %s doesn't define __trunc__ method",
                        pv_type_name(v));
    return round_to_int(v, trunc);
}

/* ---- exact integer functions -------------------------------------------------------- */

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t mag(int64_t n) { return n < 0 ? -(uint64_t)n : (uint64_t)n; }

static PvVal int_from_u64(uint64_t u)
{
    if (u > (uint64_t)INT64_MAX) return pv_overflow();
    return pv_int((int64_t)u);
}

static PvVal m_gcd(int argc, PvVal *argv)
{
    uint64_t g = 0;
    for (int i = 0; i < argc; i++) {
        int64_t n;
        if (!arg_int(argv[i], &n)) return PV_NULL;
        g = gcd_u64(g, mag(n));
    }
    return int_from_u64(g);
}

static PvVal m_lcm(int argc, PvVal *argv)
{
    uint64_t l = 1;
    bool zero = false;
    for (int i = 0; i < argc; i++) {
        int64_t n;
        if (!arg_int(argv[i], &n)) return PV_NULL;
        uint64_t m = mag(n);
        if (m == 0) zero = true;
        if (zero) continue;             /* still type-check the remaining arguments */
        uint64_t q = l / gcd_u64(l, m);
        if (__builtin_mul_overflow(q, m, &l)) return pv_overflow();
    }
    return zero ? pv_int(0) : int_from_u64(l);
}

static PvVal m_factorial(int argc, PvVal *argv)
{
    (void)argc;
    int64_t n;
    if (!arg_int(argv[0], &n)) return PV_NULL;
    if (n < 0) return pv_raise(pv_exc_ValueError, "factorial() not defined for negative values");
    if (n > 20) return pv_overflow();          /* 21! > 2**63 */
    int64_t r = 1;
    for (int64_t i = 2; i <= n; i++) r *= i;
    return pv_int(r);
}

static bool nk_args(PvVal nv, PvVal kv, int64_t *n, int64_t *k)
{
    if (!arg_int(nv, n) || !arg_int(kv, k)) return false;
    if (*n < 0) { pv_raise(pv_exc_ValueError, "n must be a non-negative integer"); return false; }
    if (*k < 0) { pv_raise(pv_exc_ValueError, "k must be a non-negative integer"); return false; }
    return true;
}

/* comb(n, k) = prod((n - i) / (i + 1)) for i < min(k, n - k): every partial product
 * is itself a binomial coefficient, so each division is exact; 128-bit intermediates
 * keep r * (n - i) from wrapping, and since the partial results grow monotonically,
 * the first one beyond int64 proves the answer does not fit. */
static PvVal m_comb(int argc, PvVal *argv)
{
    (void)argc;
    int64_t n, k;
    if (!nk_args(argv[0], argv[1], &n, &k)) return PV_NULL;
    if (k > n) return pv_int(0);
    if (k > n - k) k = n - k;
    unsigned __int128 r = 1;
    for (int64_t i = 0; i < k; i++) {
        r = r * (unsigned __int128)(n - i) / (unsigned __int128)(i + 1);
        if (r > (unsigned __int128)INT64_MAX) return pv_overflow();
    }
    return pv_int((int64_t)r);
}

static PvVal m_perm(int argc, PvVal *argv)
{
    int64_t n, k;
    if (argc < 2 || argv[1] == pv_None) return m_factorial(1, argv);
    if (!nk_args(argv[0], argv[1], &n, &k)) return PV_NULL;
    if (k > n) return pv_int(0);
    int64_t r = 1;
    for (int64_t i = 0; i < k; i++)
        if (__builtin_mul_overflow(r, n - i, &r)) return pv_overflow();
    return pv_int(r);
}

static PvVal m_isqrt(int argc, PvVal *argv)
{
    (void)argc;
    int64_t n;
    if (!arg_int(argv[0], &n)) return PV_NULL;
    if (n < 0) return pv_raise(pv_exc_ValueError, "isqrt() argument must be nonnegative");
    /* The double estimate is within a few units of the answer; fix it exactly. */
    uint64_t r = (uint64_t)sqrt((double)n);
    while ((unsigned __int128)r * r > (unsigned __int128)n) r--;
    while ((unsigned __int128)(r + 1) * (r + 1) <= (unsigned __int128)n) r++;
    return pv_int((int64_t)r);
}

/* prod(iterable, *, start=1): generic multiplication, so ints stay exact. */
static PvVal m_prod(int argc, PvVal *argv, PvVal kwnames)
{
    PvVal acc = pv_int(1);
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    for (int i = 0; i < nkw; i++) {
        const char *k = pv_str_data(pv_tuple_get(kwnames, i));
        if (strcmp(k, "start") != 0)
            return pv_raise(pv_exc_TypeError, "prod() got an unexpected keyword argument '%s'", k);
        acc = argv[argc + i];
    }
    if (argc != 1)
        return pv_raise(pv_exc_TypeError, "prod() takes exactly 1 positional argument (%d given)", argc);
    PvVal it = pv_iter(argv[0]), x;
    if (!it) return PV_NULL;
    while ((x = pv_next(it)))
        if (!(acc = pv_binop(acc, x, PV_OP_MUL))) return PV_NULL;
    return pv_err_occurred() ? PV_NULL : acc;
}

/* ---- fsum: Shewchuk's exact summation, as CPython's math_fsum ----------------------
 *
 * Invariant: the partials p[0..n) are non-overlapping, increasing in magnitude, and
 * their exact sum equals the exact sum of the finite inputs seen so far. Each new x
 * is merged through them with two-sum steps (hi + lo == x + y exactly). Infinities
 * and NaNs are summed apart (special_sum), so inf + -inf is reported, not hidden. */
static PvVal m_fsum(int argc, PvVal *argv)
{
    (void)argc;
    PvVal it = pv_iter(argv[0]), item;
    if (!it) return PV_NULL;
    int64_t n = 0, cap = 32;
    double *p = pv_xmalloc((size_t)cap * sizeof(double));
    double special_sum = 0.0, inf_sum = 0.0, x, y, t, hi, yr, lo = 0.0;
    PvVal result = PV_NULL;

    while ((item = pv_next(it))) {
        if (!arg_double(item, &x)) goto done;
        double xsave = x;
        int64_t i = 0;
        for (int64_t j = 0; j < n; j++) {
            y = p[j];
            if (fabs(x) < fabs(y)) { t = x; x = y; y = t; }
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                /* From an inf/nan input, or an overflow of finite ones. */
                if (isfinite(xsave)) {
                    pv_raise(pv_exc_OverflowError, "intermediate overflow in fsum");
                    goto done;
                }
                if (isinf(xsave)) inf_sum += xsave;
                special_sum += xsave;
                n = 0;
            } else {
                if (n >= cap) {
                    cap *= 2;
                    p = pv_xrealloc(p, (size_t)cap * sizeof(double));
                }
                p[n++] = x;
            }
        }
    }
    if (pv_err_occurred()) goto done;
    if (special_sum != 0.0) {
        if (isnan(inf_sum)) pv_raise(pv_exc_ValueError, "-inf + inf in fsum");
        else result = pv_float(special_sum);
        goto done;
    }
    hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        /* Add from the top while the sum stays exact. */
        while (n > 0) {
            x = hi;
            y = p[--n];
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        /* Half-even rounding across partials: if the rest pushes the same way as lo,
         * the true sum is past the halfway point, so round away. */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            y = lo * 2.0;
            x = hi + y;
            yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    result = pv_float(hi);
done:
    free(p);
    return result;
}

/* ---- hypot: CPython 3.11's vector_norm ------------------------------------------------
 *
 * Scales every coordinate by a power of two (lossless) so the largest lies in
 * [0.5, 1), sums the squares as double-length values (Dekker's exact product, fast
 * two-sum), takes the square root and applies one Newton correction. */
typedef struct DoubleLength { double hi, lo; } DoubleLength;

static DoubleLength dl_fast_sum(double a, double b)
{
    double x = a + b;
    return (DoubleLength){x, (a - x) + b};
}

static DoubleLength dl_split(double x)
{
    double t = x * 134217729.0;          /* Veltkamp: 2**27 + 1 */
    double hi = t - (t - x);
    return (DoubleLength){hi, x - hi};
}

static DoubleLength dl_mul(double x, double y)
{
    DoubleLength xx = dl_split(x), yy = dl_split(y);
    double p = xx.hi * yy.hi;
    double q = xx.hi * yy.lo + xx.lo * yy.hi;
    double z = p + q;
    double zz = p - z + q + xx.lo * yy.lo;
    return (DoubleLength){z, zz};
}

static double vector_norm(int n, double *vec, double max, bool found_nan)
{
    double x, h, scale, csum = 1.0, frac1 = 0.0, frac2 = 0.0;
    DoubleLength pr, sm;
    int max_e;
    if (isinf(max)) return max;
    if (found_nan) return NAN;
    if (max == 0.0 || n <= 1) return max;
    frexp(max, &max_e);
    if (max_e < -1023) {
        for (int i = 0; i < n; i++) vec[i] /= DBL_MIN;   /* subnormals to normals */
        return DBL_MIN * vector_norm(n, vec, max / DBL_MIN, found_nan);
    }
    scale = ldexp(1.0, -max_e);
    for (int i = 0; i < n; i++) {
        x = vec[i] * scale;
        pr = dl_mul(x, x);
        sm = dl_fast_sum(csum, pr.hi);
        csum = sm.hi;
        frac1 += pr.lo;
        frac2 += sm.lo;
    }
    h = sqrt(csum - 1.0 + (frac1 + frac2));
    pr = dl_mul(-h, h);
    sm = dl_fast_sum(csum, pr.hi);
    csum = sm.hi;
    frac1 += pr.lo;
    frac2 += sm.lo;
    x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    return h / scale;
}

static PvVal m_hypot(int argc, PvVal *argv)
{
    double small[16];
    double *vec = argc <= 16 ? small : pv_xmalloc((size_t)argc * sizeof(double));
    double max = 0.0;
    bool found_nan = false;
    PvVal r = PV_NULL;
    for (int i = 0; i < argc; i++) {
        double x;
        if (!arg_double(argv[i], &x)) goto done;
        x = fabs(x);
        vec[i] = x;
        found_nan |= isnan(x);
        if (x > max) max = x;
    }
    r = pv_float(vector_norm(argc, vec, max, found_nan));
done:
    if (vec != small) free(vec);
    return r;
}

/* isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0) */
static PvVal m_isclose(int argc, PvVal *argv, PvVal kwnames)
{
    double a, b, rel_tol = 1e-9, abs_tol = 0.0;
    if (argc != 2)
        return pv_raise(pv_exc_TypeError, "isclose() takes exactly 2 positional arguments (%d given)", argc);
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    for (int i = 0; i < nkw; i++) {
        const char *k = pv_str_data(pv_tuple_get(kwnames, i));
        double *dst = strcmp(k, "rel_tol") == 0 ? &rel_tol : strcmp(k, "abs_tol") == 0 ? &abs_tol : NULL;
        if (!dst)
            return pv_raise(pv_exc_TypeError, "isclose() got an unexpected keyword argument '%s'", k);
        if (!arg_double(argv[argc + i], dst)) return PV_NULL;
    }
    if (!arg_double(argv[0], &a) || !arg_double(argv[1], &b)) return PV_NULL;
    if (rel_tol < 0.0 || abs_tol < 0.0)
        return pv_raise(pv_exc_ValueError, "tolerances must be non-negative");
    if (a == b) return pv_True;
    if (isinf(a) || isinf(b)) return pv_False;
    double diff = fabs(b - a);
    return pv_bool(diff <= fabs(rel_tol * b) || diff <= fabs(rel_tol * a) || diff <= abs_tol);
}

/* ---- the module ------------------------------------------------------------------------ */

static PvVal math_make(void)
{
    PvVal m = pv_module_new("math");
    pv_module_add(m, "pi", pv_float(M_PI));
    pv_module_add(m, "e", pv_float(M_E));
    pv_module_add(m, "tau", pv_float(2 * M_PI));
    pv_module_add(m, "inf", pv_float(INFINITY));
    pv_module_add(m, "nan", pv_float(NAN));
    static const struct { const char *name; PvCFunc fn; } one[] = {
        {"sqrt", m_sqrt}, {"exp", m_exp}, {"expm1", m_expm1}, {"log1p", m_log1p},
        {"sin", m_sin}, {"cos", m_cos}, {"tan", m_tan}, {"asin", m_asin},
        {"acos", m_acos}, {"atan", m_atan}, {"sinh", m_sinh}, {"cosh", m_cosh},
        {"tanh", m_tanh}, {"asinh", m_asinh}, {"acosh", m_acosh}, {"atanh", m_atanh},
        {"fabs", m_fabs}, {"log2", m_log2}, {"log10", m_log10}, {"floor", m_floor},
        {"ceil", m_ceil}, {"trunc", m_trunc}, {"degrees", m_degrees},
        {"radians", m_radians}, {"isnan", m_isnan}, {"isinf", m_isinf},
        {"isfinite", m_isfinite}, {"factorial", m_factorial}, {"isqrt", m_isqrt},
        {"fsum", m_fsum}, {"modf", m_modf}, {"frexp", m_frexp},
    };
    for (size_t i = 0; i < PV_ARRAY_LEN(one); i++) pv_module_add_func(m, one[i].name, one[i].fn, 1, 1);
    static const struct { const char *name; PvCFunc fn; } two[] = {
        {"pow", m_pow}, {"atan2", m_atan2}, {"fmod", m_fmod}, {"copysign", m_copysign},
        {"comb", m_comb},
    };
    for (size_t i = 0; i < PV_ARRAY_LEN(two); i++) pv_module_add_func(m, two[i].name, two[i].fn, 2, 2);
    pv_module_add_func(m, "log", m_log, 1, 2);
    pv_module_add_func(m, "perm", m_perm, 1, 2);
    pv_module_add_func(m, "hypot", m_hypot, 0, -1);
    pv_module_add_func(m, "gcd", m_gcd, 0, -1);
    pv_module_add_func(m, "lcm", m_lcm, 0, -1);
    pv_module_add_func_kw(m, "prod", m_prod);
    pv_module_add_func_kw(m, "isclose", m_isclose);
    return m;
}

void pv_mod_math_init(void)
{
    pv_register_builtin_module("math", math_make);
}
