/* test_hash.c — pvhash against CPython 3.11's hash(): ints, floats, tuples and NaN by
 * identity must equal what python3 printed; byte strings must equal CPython's
 * hash(bytes) under PYTHONHASHSEED=0; SipHash-2-4 must give the paper's test vector;
 * no function may return -1. The vectors between the BEGIN/END markers are produced
 * by tests/unit/gen_random_vectors.py --write (run with CPython 3.11); do not edit
 * them by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "pvhash.h"

typedef struct VecIntHash { int64_t value, hash; } VecIntHash;
typedef struct VecFloatHash { double value; int64_t hash; } VecFloatHash;
typedef struct VecPtrHash { uint64_t id; int64_t hash; } VecPtrHash;
typedef struct VecBytesHash { const char *data; size_t len; int64_t hash; } VecBytesHash;

/* hash((h0, h1, ...)) from n item hashes, for the tuple vectors below. */
static int64_t ht_tuple(int n, ...)
{
    int64_t items[16];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) items[i] = va_arg(ap, int64_t);
    va_end(ap);
    return pvhash_tuple(items, (size_t)n);
}
#define I(v) pvhash_int(v)
#define F(x) pvhash_float((x), NULL)
#define T(...) ht_tuple(__VA_ARGS__)

/* BEGIN VECTORS (gen_random_vectors.py) */
/* Made by tests/unit/gen_random_vectors.py with CPython 3.11.7. */
static const VecIntHash vec_int_hashes[19] = {
    {0, 0},
    {1, 1},
    {-1, -2},
    {-2, -2},
    {2, 2},
    {7, 7},
    {-7, -7},
    {INT64_C(2305843009213693950), INT64_C(2305843009213693950)},
    {INT64_C(2305843009213693951), 0},
    {INT64_C(2305843009213693952), 1},
    {INT64_C(-2305843009213693951), 0},
    {INT64_C(4611686018427387904), 2},
    {INT64_C(4611686018427400249), 12347},
    {INT64_C(-4611686018427387904), -2},
    {INT64_MIN, -4},
    {INT64_MAX, 3},
    {INT64_C(-9223372036854775807), -3},
    {INT64_C(1000000000000000000), INT64_C(1000000000000000000)},
    {INT64_C(-1000000000000000000), INT64_C(-1000000000000000000)},
};
static const VecFloatHash vec_float_hashes[22] = {
    {0x0.0p+0, 0},  /* 0.0 */
    {-0x0.0p+0, 0},  /* -0.0 */
    {0x1.0000000000000p-1, INT64_C(1152921504606846976)},  /* 0.5 */
    {-0x1.0000000000000p-1, INT64_C(-1152921504606846976)},  /* -0.5 */
    {0x1.8000000000000p+0, INT64_C(1152921504606846977)},  /* 1.5 */
    {-0x1.2000000000000p+1, INT64_C(-576460752303423490)},  /* -2.25 */
    {0x1.8000000000000p+1, 3},  /* 3.0 */
    {-0x1.0000000000000p+0, -2},  /* -1.0 */
    {0x1.7e43c8800759cp+996, INT64_C(1224995262755759164)},  /* 1e+300 */
    {0x1.56e1fc2f8f359p-997, INT64_C(482449582752280463)},  /* 1e-300 */
    {-0x1.56e1fc2f8f359p-997, INT64_C(-482449582752280463)},  /* -1e-300 */
    {0x1.0000000000000p+62, 2},  /* 4.611686018427388e+18 */
    {0x1.0000000000000p+61, 1},  /* 2.305843009213694e+18 */
    {0x1.0000000000000p+61, 1},  /* 2.305843009213694e+18 */
    {0x1.0000000000000p+64, 8},  /* 1.8446744073709552e+19 */
    {0x0.0000000000001p-1022, 16777216},  /* 5e-324 */
    {0x1.fffffffffffffp+1023, INT64_C(2234066890152476671)},  /* 1.7976931348623157e+308 */
    {0x1.e240c9fbe76c9p+16, INT64_C(1819310134279660096)},  /* 123456.789 */
    {0x1.999999999999ap-4, INT64_C(230584300921369408)},  /* 0.1 */
    {-0x1.091f15233c21cp-23, INT64_C(-75998528383830223)},  /* -1.2345678e-07 */
    {INFINITY, 314159},  /* inf */
    {-INFINITY, -314159},  /* -inf */
};
/* T(n, item hashes...) must give hash(tuple) for the tuple in the comment. */
#define VEC_TUPLE_CASES(X) \
    X(T(0), INT64_C(5740354900026072187)) /* () */ \
    X(T(2, I(1), I(2)), INT64_C(-3550055125485641917)) /* (1, 2) */ \
    X(T(2, I(1), T(2, I(2), I(3))), INT64_C(7267574591690527098)) /* (1, (2, 3)) */ \
    X(T(1, I(-1)), INT64_C(8078679518589016365)) /* (-1,) */ \
    X(T(2, F(1.5), I(2)), INT64_C(8274728468405361693)) /* (1.5, 2) */ \
    X(T(1, I(0)), INT64_C(-8753497827991233192)) /* (0,) */ \
    X(T(1, I(-2)), INT64_C(8078679518589016365)) /* (-2,) */ \
    X(T(1, T(0)), INT64_C(-5486347211504344842)) /* ((),) */ \
    X(T(8, I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8)), INT64_C(-8771086460510222663)) /* (1, 2, 3, 4, 5, 6, 7, 8) */ \
    X(T(3, I(INT64_MIN), I(INT64_MAX), F(0.5)), INT64_C(765789684468625958)) /* (-9223372036854775808, 9223372036854775807, 0.5) */ \
    X(T(3, F(INFINITY), F(-0.0), I(1)), INT64_C(-3341146279601812375)) /* (inf, -0.0, True) */ \
    /* end */
/* {id(x), hash(x)} for NaN objects x: CPython 3.11 hashes NaN by identity. */
static const VecPtrHash vec_nan_hashes[4] = {
    {UINT64_C(140251171980592), INT64_C(8765698248787)},
    {UINT64_C(140251171981456), INT64_C(8765698248841)},
    {UINT64_C(140251171981488), INT64_C(8765698248843)},
    {UINT64_C(140251171981008), INT64_C(8765698248813)},
};
/* hash(b) under PYTHONHASHSEED=0 (equal to hash(b.decode('latin-1')) for these). */
static const VecBytesHash vec_bytes_hashes[13] = {
    {"", 0, 0},
    {"\x61", 1, INT64_C(4644417185603328019)},
    {"\x61\x62", 2, INT64_C(6148830537548944441)},
    {"\x61\x62\x63", 3, INT64_C(-4594863902769663758)},
    {"\x61\x62\x63\x64\x65\x66\x67", 7, INT64_C(7904145750247929094)},
    {"\x61\x62\x63\x64\x65\x66\x67\x68", 8, INT64_C(4574395652268504554)},
    {"\x61\x62\x63\x64\x65\x66\x67\x68\x69", 9, INT64_C(-532774252720507163)},
    {"\x68\x65\x6c\x6c\x6f\x2c\x20\x77\x6f\x72\x6c\x64", 12, INT64_C(-2912988965868824583)},
    {"\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39\x61\x62\x63\x64\x65\x66", 16, INT64_C(2108444454683020324)},
    {"\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39\x61\x62\x63\x64\x65\x66\x67", 17, INT64_C(3684970308279301995)},
    {"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20\x21\x22\x23\x24\x25\x26\x27\x28\x29\x2a\x2b\x2c\x2d\x2e\x2f\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39\x3a\x3b\x3c\x3d\x3e\x3f", 64, INT64_C(8493894268803903686)},
    {"\x00", 1, INT64_C(7541581120933061747)},
    {"\xff\xff\xff\xff\xff\xff\xff", 7, INT64_C(-6643077142788856571)},
};
/* END VECTORS */

static void test_int_hash(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vec_int_hashes / sizeof vec_int_hashes[0]; i++) {
        const VecIntHash *v = &vec_int_hashes[i];
        assert_int_equal(pvhash_int(v->value), v->hash);
        /* The sign/magnitude form agrees. */
        uint64_t mag = v->value < 0 ? -(uint64_t)v->value : (uint64_t)v->value;
        assert_int_equal(pvhash_int_mag(mag, v->value < 0), v->hash);
    }
    /* Magnitudes beyond int64: 2**64 - 1 == 2**3 * 2**61 + (2**61 - 1) == 8 - 1 + 0. */
    assert_int_equal(pvhash_int_mag(UINT64_MAX, 0), 7);
    assert_int_equal(pvhash_int_mag(UINT64_MAX, 1), -7);
}

static void test_float_hash(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vec_float_hashes / sizeof vec_float_hashes[0]; i++) {
        const VecFloatHash *v = &vec_float_hashes[i];
        int64_t got = pvhash_float(v->value, NULL);
        if (got != v->hash) {
            print_error("hash(%a): got %lld, want %lld\n", v->value, (long long)got,
                        (long long)v->hash);
            fail();
        }
    }
}

/* Equal numbers hash equal: every int64 that a double holds exactly. */
static void test_float_int_agree(void **state)
{
    (void)state;
    for (int64_t i = -100000; i <= 100000; i += 7)
        assert_int_equal(pvhash_float((double)i, NULL), pvhash_int(i));
    for (int e = 0; e < 63; e++) {
        int64_t p = INT64_C(1) << e;
        int64_t q = e < 52 ? 2 * p - 1 : p;       /* 2**(e+1) - 1 while a double holds it */
        assert_int_equal(pvhash_float((double)p, NULL), pvhash_int(p));
        assert_int_equal(pvhash_float(-(double)p, NULL), pvhash_int(-p));
        assert_int_equal(pvhash_float((double)q, NULL), pvhash_int(q));
    }
    assert_int_equal(pvhash_float(-9223372036854775808.0, NULL), pvhash_int(INT64_MIN));
}

static void test_tuple_hash(void **state)
{
    (void)state;
#define CHECK_TUPLE(expr, want) assert_int_equal((expr), (want));
    VEC_TUPLE_CASES(CHECK_TUPLE)
#undef CHECK_TUPLE
}

/* The incremental form gives the same as the array form. */
static void test_tuple_incremental(void **state)
{
    (void)state;
    int64_t items[10];
    for (size_t n = 0; n <= 10; n++) {
        PvHashTuple t;
        pvhash_tuple_init(&t);
        for (size_t i = 0; i < n; i++) {
            items[i] = pvhash_int((int64_t)(i * 1000003) - 17);
            pvhash_tuple_add(&t, items[i]);
        }
        assert_int_equal(pvhash_tuple_finish(&t), pvhash_tuple(items, n));
    }
}

/* Multiplicative inverse of an odd a modulo 2**64 (Newton: each step doubles the
 * number of correct low bits; a is its own inverse modulo 8). */
static uint64_t ht_inverse(uint64_t a)
{
    uint64_t x = a;
    for (int i = 0; i < 5; i++) x *= 2 - a * x;
    return x;
}

/* A one-item tuple whose accumulator ends at all ones hashes to CPython's fixed
 * replacement 1546275796 (never -1). The item hash is found by running the final
 * steps backwards. */
static void test_tuple_minus_one(void **state)
{
    (void)state;
    uint64_t tail = UINT64_C(1) ^ (PVHASH_XXPRIME_5 ^ UINT64_C(3527539));
    uint64_t rotated = (UINT64_MAX - tail) * ht_inverse(PVHASH_XXPRIME_1);
    uint64_t sum = (rotated >> 31) | (rotated << 33);
    int64_t h = (int64_t)((sum - PVHASH_XXPRIME_5) * ht_inverse(PVHASH_XXPRIME_2));
    assert_int_equal(ht_inverse(PVHASH_XXPRIME_1) * PVHASH_XXPRIME_1, 1);
    assert_int_equal(pvhash_tuple(&h, 1), 1546275796);
    int64_t h2 = h + 1;
    assert_int_not_equal(pvhash_tuple(&h2, 1), 1546275796);
}

static void test_nan_hash(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vec_nan_hashes / sizeof vec_nan_hashes[0]; i++) {
        const void *p = (const void *)(uintptr_t)vec_nan_hashes[i].id;
        assert_int_equal(pvhash_pointer(p), vec_nan_hashes[i].hash);
        assert_int_equal(pvhash_float(NAN, p), vec_nan_hashes[i].hash);
        assert_int_equal(pvhash_float(-NAN, p), vec_nan_hashes[i].hash);
    }
    /* An address that rotates to all ones must not produce -1. */
    assert_int_equal(pvhash_pointer((const void *)(uintptr_t)UINT64_MAX), -2);
    assert_int_equal(pvhash_fix(-1), -2);
    assert_int_equal(pvhash_fix(-3), -3);
}

static void test_bytes_hash(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vec_bytes_hashes / sizeof vec_bytes_hashes[0]; i++) {
        const VecBytesHash *v = &vec_bytes_hashes[i];
        assert_int_equal(pvhash_bytes(v->data, v->len), v->hash);
    }
    /* The hash reads only [data, data + len): bytes beyond do not matter. */
    const char a[] = "abcXYZ", b[] = "abcQRS";
    assert_int_equal(pvhash_bytes(a, 3), pvhash_bytes(b, 3));
    assert_int_not_equal(pvhash_bytes(a, 4), pvhash_bytes(b, 4));
}

/* SipHash-2-4 test vector from the SipHash paper (Aumasson & Bernstein, appendix A):
 * key 00 01 .. 0f, message 00 01 .. 0e (15 bytes) -> a129ca6149be45e5. The same
 * round function serves SipHash-1-3, which the CPython vectors above check. */
static void test_siphash_reference(void **state)
{
    (void)state;
    unsigned char msg[15];
    for (int i = 0; i < 15; i++) msg[i] = (unsigned char)i;
    uint64_t k0 = UINT64_C(0x0706050403020100), k1 = UINT64_C(0x0f0e0d0c0b0a0908);
    assert_int_equal(pvhash_siphash24(k0, k1, msg, sizeof msg),
                     UINT64_C(0xa129ca6149be45e5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_hash),
        cmocka_unit_test(test_float_hash),
        cmocka_unit_test(test_float_int_agree),
        cmocka_unit_test(test_tuple_hash),
        cmocka_unit_test(test_tuple_incremental),
        cmocka_unit_test(test_tuple_minus_one),
        cmocka_unit_test(test_nan_hash),
        cmocka_unit_test(test_bytes_hash),
        cmocka_unit_test(test_siphash_reference),
    };
    return cmocka_run_group_tests_name("pvhash", tests, NULL, NULL);
}
