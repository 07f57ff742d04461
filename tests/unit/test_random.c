/* test_random.c — pvrandom against CPython 3.11's `random`: every seeded sequence
 * (random, getrandbits, randrange, randint, shuffle, choice, uniform) must be
 * bit-identical to what python3 printed, and the error cases must report CPython's
 * exact messages without consuming randomness. The vectors between the BEGIN/END
 * markers are produced by tests/unit/gen_random_vectors.py --write (run with
 * CPython 3.11); do not edit them by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "pvrandom.h"

/* randrange arguments; one_arg selects the form randrange(start). */
typedef struct VecRange {
    int64_t start, stop, step;
    int one_arg;
} VecRange;

/* BEGIN VECTORS (gen_random_vectors.py) */
/* Made by tests/unit/gen_random_vectors.py with CPython 3.11.7. */
#define VEC_NSEEDS 6
static const int64_t vec_seeds[VEC_NSEEDS] = {0, 1, 42, INT64_C(4294967301), -7, INT64_C(4611686018427387904)};
#define VEC_NBITS_K 6
#define VEC_NRANGES 21
#define VEC_NRANGE_ERRORS 11
#define VEC_NRANDINTS 9
#define VEC_NRANDINT_ERRORS 3
#define VEC_NUNIFORMS 5
#define VEC_NCHOICES 12
#define VEC_NCHOICE_LIST 7
#define VEC_NSHUFFLE 20
static const unsigned vec_bits_k[VEC_NBITS_K] = {1, 31, 32, 33, 63, 64};
/* randrange arguments: {start, stop, step, one_arg}; one_arg: randrange(start). */
static const VecRange vec_ranges[VEC_NRANGES] = {
    {10, 0, 1, 1},
    {1, 0, 1, 1},
    {1000000007, 0, 1, 1},
    {0, 10, 1, 0},
    {-5, 5, 1, 0},
    {0, 100, 7, 0},
    {100, 0, -7, 0},
    {10, -10, -3, 0},
    {-1, -100, -1, 0},
    {3, 4, 1, 0},
    {0, 1, 5, 0},
    {8, 7, -1, 0},
    {INT64_MIN, INT64_MAX, 1, 0},
    {INT64_MIN, INT64_MAX, 3, 0},
    {INT64_MAX, INT64_MIN, -5, 0},
    {INT64_MAX, INT64_MIN, INT64_MIN, 0},
    {INT64_MIN, INT64_MAX, INT64_MAX, 0},
    {0, INT64_MAX, 1, 0},
    {INT64_C(4611686018427387904), 0, 1, 1},
    {INT64_MAX, 0, 1, 1},
    {INT64_C(8589934593), 0, 1, 1},
};
static const VecRange vec_range_errors[VEC_NRANGE_ERRORS] = {
    {0, 0, 1, 1}, /* empty range for randrange() */
    {-3, 0, 1, 1}, /* empty range for randrange() */
    {5, 5, 1, 0}, /* empty range for randrange() (5, 5, 0) */
    {5, 4, 1, 0}, /* empty range for randrange() (5, 4, -1) */
    {INT64_MAX, INT64_MIN, 1, 0}, /* empty range for randrange() (9223372036854775807, -9223372036854775808, -18446744073709551615) */
    {1, 10, 0, 0}, /* zero step for randrange() */
    {5, 5, 0, 0}, /* zero step for randrange() */
    {10, 1, 2, 0}, /* empty range for randrange() */
    {1, 10, -1, 0}, /* empty range for randrange() */
    {5, 5, -2, 0}, /* empty range for randrange() */
    {INT64_MIN, INT64_MAX, -1, 0}, /* empty range for randrange() */
};
static const char *const vec_range_error_msgs[VEC_NRANGE_ERRORS] = {
    "empty range for randrange()",
    "empty range for randrange()",
    "empty range for randrange() (5, 5, 0)",
    "empty range for randrange() (5, 4, -1)",
    "empty range for randrange() (9223372036854775807, -9223372036854775808, -18446744073709551615)",
    "zero step for randrange()",
    "zero step for randrange()",
    "empty range for randrange()",
    "empty range for randrange()",
    "empty range for randrange()",
    "empty range for randrange()",
};
static const int64_t vec_randint_args[VEC_NRANDINTS][2] = {
    {1, 6},
    {-10, 10},
    {0, 0},
    {5, 5},
    {INT64_C(-1099511627776), INT64_C(1099511627776)},
    {INT64_MIN, INT64_MAX},
    {INT64_C(9223372036854775806), INT64_MAX},
    {INT64_MIN, INT64_C(-9223372036854775806)},
    {0, INT64_C(4294967296)},
};
static const int64_t vec_randint_errors[VEC_NRANDINT_ERRORS][2] = {
    {5, 4},  /* "empty range for randrange() (5, 5, 0)" */
    {0, -1},  /* "empty range for randrange() (0, 0, 0)" */
    {INT64_MAX, INT64_MIN},  /* "empty range for randrange() (9223372036854775807, -9223372036854775807, -18446744073709551614)" */
};
static const char *const vec_randint_error_msgs[VEC_NRANDINT_ERRORS] = {
    "empty range for randrange() (5, 5, 0)",
    "empty range for randrange() (0, 0, 0)",
    "empty range for randrange() (9223372036854775807, -9223372036854775807, -18446744073709551614)",
};
static const double vec_uniform_args[VEC_NUNIFORMS][2] = {
    {0x0.0p+0, 0x1.0000000000000p+0},
    {-0x1.4000000000000p+1, 0x1.d000000000000p+2},
    {0x1.4000000000000p+3, 0x1.0000000000000p+0},
    {0x1.7e43c8800759cp+996, -0x1.7e43c8800759cp+996},
    {0x1.8000000000000p+1, 0x1.8000000000000p+1},
};

/* Per seed, each field drawn from a freshly seeded random.Random(seed):
 *   random5      five random()
 *   random1001   the 1001st random() (crosses several 624-word refills)
 *   bits         getrandbits(k) for k in vec_bits_k, twice round
 *   ranges       randrange(*args) for args in vec_ranges, in order
 *   randints     randint(a, b) for (a, b) in vec_randint_args, in order
 *   shuffled     x = list(range(20)); shuffle(x)
 *   choices      12 x choice(['a', 'b', 'c', 'd', 'e', 'f', 'g']), as indices
 *   uniforms     uniform(a, b) for (a, b) in vec_uniform_args, in order */
typedef struct VecSeed {
    double random5[5];
    double random1001;
    uint64_t bits[2 * VEC_NBITS_K];
    int64_t ranges[VEC_NRANGES];
    int64_t randints[VEC_NRANDINTS];
    int shuffled[VEC_NSHUFFLE];
    size_t choices[VEC_NCHOICES];
    double uniforms[VEC_NUNIFORMS];
} VecSeed;
static const VecSeed vec_by_seed[VEC_NSEEDS] = {
    { /* seed 0 */
        .random5 = {0x1.b0580f98a7dbep-1, 0x1.84129978f9c1ap-1, 0x1.aeaa51052e978p-2, 0x1.092178fb945a6p-2, 0x1.05c5ccdf19707p-1},
        .random1001 = 0x1.e4b478ea82669p-1,
        .bits = {UINT64_C(1), UINT64_C(827307999), UINT64_C(3255389356), UINT64_C(3823568514), UINT64_C(2388085504187641652), UINT64_C(9431353882395063546), UINT64_C(0), UINT64_C(869589436), UINT64_C(3943786419), UINT64_C(7661356601), UINT64_C(8926379391851030281), UINT64_C(6604845167042249220)},
        .ranges = {6, 0, 43469773, 4, 3, 49, 58, -8, -39, 3, 0, 8, INT64_C(-6654225565765916554), INT64_C(-5356590002854456487), INT64_C(7036723575169094562), -1, INT64_C(9223372036854775806), INT64_C(6504065999293633589), INT64_C(1355479673763813643), INT64_C(910931048343655641), INT64_C(3134603515)},
        .randints = {4, 3, 0, 5, INT64_C(680691876325), INT64_C(8629386749839533833), INT64_MAX, INT64_C(-9223372036854775806), 598176026},
        .shuffled = {10, 18, 16, 14, 0, 17, 11, 2, 3, 9, 5, 7, 4, 19, 6, 15, 8, 1, 13, 12},
        .choices = {6, 3, 6, 3, 0, 2, 4, 3, 3, 6, 6, 2},
        .uniforms = {0x1.b0580f98a7dbep-1, 0x1.38f6ab0b70640p+2, 0x1.8dc0326d15cacp+2, 0x1.70a16b0f3e9efp+995, 0x1.8000000000000p+1},
    },
    { /* seed 1 */
        .random5 = {0x1.132d8f91b7584p-3, 0x1.b1e2d5b3584f8p-1, 0x1.870d778409f13p-1, 0x1.0530d08f17f5cp-2, 0x1.fb5355e16737ap-2},
        .random1001 = 0x1.a585c192fcb38p-2,
        .bits = {UINT64_C(0), UINT64_C(1222356005), UINT64_C(3639700191), UINT64_C(7740669488), UINT64_C(2352596571770045649), UINT64_C(9139164268605729673), UINT64_C(1), UINT64_C(965274705), UINT64_C(2028277857), UINT64_C(2798570523), UINT64_C(1936491312797304342), UINT64_C(8999366892653588108)},
        .ranges = {2, 0, 273878287, 1, 2, 84, 51, 1, -84, 3, 0, 8, INT64_C(-8700453478639326078), INT64_C(2751342899355420583), INT64_C(-8353609857852852303), INT64_MAX, INT64_C(9223372036854775806), INT64_C(2456465800505386285), INT64_C(942879118058144418), INT64_C(2927771633508938553), 131383004},
        .randints = {2, 8, 0, 5, INT64_C(1078543248265), INT64_C(-931725450029404348), INT64_MAX, INT64_MIN, 403123852},
        .shuffled = {11, 5, 17, 19, 9, 0, 16, 1, 15, 6, 10, 13, 14, 12, 7, 3, 8, 2, 18, 4},
        .choices = {1, 4, 6, 6, 6, 0, 2, 0, 3, 6, 3, 3},
        .uniforms = {0x1.132d8f91b7584p-3, 0x1.70cc747293a0ep+2, 0x1.9021b316e9a16p+1, 0x1.7683917330a79p+995, 0x1.8000000000000p+1},
    },
    { /* seed 42 */
        .random5 = {0x1.4762f307200c5p-1, 0x1.99c6b5eeb2060p-6, 0x1.19a1491f589dcp-2, 0x1.c922b623b8c1cp-3, 0x1.7912c1468f47ep-1},
        .random1001 = 0x1.96f4dff63c280p-4,
        .bits = {UINT64_C(1), UINT64_C(239081663), UINT64_C(107420369), UINT64_C(3184935163), UINT64_C(2058755736454904720), UINT64_C(13585496030504862185), UINT64_C(0), UINT64_C(1453201078), UINT64_C(3181143731), UINT64_C(8126849360), UINT64_C(5446332115853614978), UINT64_C(586287033698423193)},
        .ranges = {1, 0, 796233790, 4, -2, 21, 86, -5, -14, 3, 0, 8, INT64_C(-7494999844455396754), INT64_C(-2785618049092683359), INT64_C(-4658234768869741078), INT64_MAX, INT64_C(9223372036854775806), INT64_C(6604115266222097961), INT64_C(3869387381345962230), INT64_C(4143222138124291040), INT64_C(6825844140)},
        .randints = {6, -7, 0, 5, INT64_C(-119207281776), INT64_C(4362123993650086377), INT64_C(9223372036854775806), INT64_C(-9223372036854775806), 1812140441},
        .shuffled = {19, 5, 14, 4, 9, 13, 15, 18, 6, 12, 17, 10, 1, 11, 2, 16, 7, 8, 0, 3},
        .choices = {5, 0, 0, 5, 2, 1, 1, 1, 5, 0, 5, 5},
        .uniforms = {0x1.4762f307200c5p-1, -0x1.20c95d2451709p+1, 0x1.e19546de5e274p+2, 0x1.a73a260cb3cabp+995, 0x1.8000000000000p+1},
    },
    { /* seed 4294967301 */
        .random5 = {0x1.4218067c49768p-3, 0x1.21442cf1e9172p-2, 0x1.357affb575f81p-1, 0x1.dbe785ae59e00p-7, 0x1.416bcbcaf6e4cp-1},
        .random1001 = 0x1.11fa6001e9200p-2,
        .bits = {UINT64_C(0), UINT64_C(1042594645), UINT64_C(1213270837), UINT64_C(8117169770), UINT64_C(133955154467086437), UINT64_C(11580414858807844413), UINT64_C(0), UINT64_C(1669891163), UINT64_C(4091098108), UINT64_C(8284765514), UINT64_C(8983257683950963489), UINT64_C(13471905691927776711)},
        .ranges = {2, 0, 303317709, 9, -5, 35, 30, 7, -85, 3, 0, 8, INT64_C(4298589646999621304), INT64_C(-4809357097155572312), INT64_C(-1280893804762527768), INT64_MAX, -1, INT64_C(8545007797434932632), INT64_C(1049332299205663941), INT64_C(1746034460890681998), INT64_C(5594078446)},
        .randints = {2, 5, 0, 5, INT64_C(1082219946632), INT64_C(-1788915953261183795), INT64_C(9223372036854775806), INT64_C(-9223372036854775807), INT64_C(2709478597)},
        .shuffled = {16, 13, 8, 4, 1, 6, 18, 17, 3, 19, 7, 14, 12, 2, 10, 11, 0, 9, 15, 5},
        .choices = {1, 3, 2, 4, 6, 0, 2, 5, 1, 6, 6, 5},
        .uniforms = {0x1.4218067c49768p-3, 0x1.0458b636a0a18p-2, 0x1.23d5a053db48fp+2, 0x1.73294290d3375p+996, 0x1.8000000000000p+1},
    },
    { /* seed -7 */
        .random5 = {0x1.4b9ad0f953a6ep-2, 0x1.34f0696513270p-3, 0x1.4d474883171ffp-1, 0x1.28b2f3a47e100p-4, 0x1.125f2046063a0p-1},
        .random1001 = 0x1.e6d82af231089p-1,
        .bits = {UINT64_C(0), UINT64_C(2035525362), UINT64_C(647892279), UINT64_C(5990721294), UINT64_C(668106803327565776), UINT64_C(9885278224986867748), UINT64_C(0), UINT64_C(785310972), UINT64_C(2503055453), UINT64_C(4544070773), UINT64_C(1980241222855773941), UINT64_C(1585446675937841368)},
        .ranges = {5, 0, 423938499, 0, -4, 91, 44, 10, -47, 3, 0, 8, INT64_C(-1224021037100784806), INT64_C(-7290464309624701487), INT64_C(7131672320870157387), -1, INT64_MIN, INT64_C(5215389816265151663), INT64_C(570576685538020777), INT64_C(5400666402170143951), 1703729684},
        .randints = {3, -6, 0, 5, INT64_C(-684893171669), INT64_C(1527169275425311224), INT64_C(9223372036854775806), INT64_MIN, 369140570},
        .shuffled = {17, 15, 11, 18, 7, 6, 19, 3, 14, 0, 9, 5, 16, 8, 13, 2, 1, 12, 4, 10},
        .choices = {2, 1, 3, 5, 0, 0, 6, 4, 0, 2, 4, 0},
        .uniforms = {0x1.4b9ad0f953a6ep-2, -0x1.077aff8cd0a88p+0, 0x1.090fce6c85fc1p+2, 0x1.46e295a75a49cp+996, 0x1.8000000000000p+1},
    },
    { /* seed 4611686018427387904 */
        .random5 = {0x1.b0990ab80dda8p-3, 0x1.6a15616370811p-1, 0x1.aa95b7eb81140p-2, 0x1.d53f8b184713cp-1, 0x1.243738bb70c36p-2},
        .random1001 = 0x1.b5aafb6e531ecp-3,
        .bits = {UINT64_C(0), UINT64_C(1543957825), UINT64_C(3037376695), UINT64_C(2378302579), UINT64_C(8453224377826289705), UINT64_C(5264090207994269456), UINT64_C(0), UINT64_C(277794881), UINT64_C(3157438840), UINT64_C(870265853), UINT64_C(6849500251320936571), UINT64_C(15279086519628914687)},
        .ranges = {3, 0, 901810698, 6, -1, 49, 86, -5, -26, 3, 0, 8, INT64_C(-8581197696244129248), INT64_C(3531797146932098452), INT64_C(1992270997550034747), -1, INT64_MIN, INT64_C(584867421455754379), INT64_C(2236237089612149333), INT64_C(8562342213739624869), INT64_C(4807550261)},
        .randints = {2, 7, 0, 5, INT64_C(941823479335), INT64_C(4337724520620990594), INT64_MAX, INT64_MIN, INT64_C(3557439548)},
        .shuffled = {8, 5, 19, 10, 18, 15, 14, 0, 1, 16, 4, 3, 11, 2, 7, 9, 12, 13, 17, 6},
        .choices = {1, 5, 5, 4, 3, 6, 3, 2, 3, 1, 5, 1},
        .uniforms = {0x1.b0990ab80dda8p-3, 0x1.194a0eb1311d5p+2, 0x1.900bc88b8764cp+2, -0x1.3e6d4833ebfa2p+996, 0x1.8000000000000p+1},
    },
};
/* END VECTORS */

/* Doubles are compared bit for bit; on failure both are printed exactly. */
static void rt_assert_same_double(double got, double want, const char *what, size_t s,
                                  size_t i)
{
    if (memcmp(&got, &want, sizeof got) != 0) {
        print_error("%s: seed #%zu item %zu: got %a, want %a\n", what, s, i, got, want);
        fail();
    }
}

static PvRandStatus rt_randrange(PvRandom *r, const VecRange *a, int64_t *out)
{
    if (a->one_arg) return pvrand_randrange1(r, a->start, out);
    return pvrand_randrange(r, a->start, a->stop, a->step, out);
}

static void test_random_floats(void **state)
{
    (void)state;
    PvRandom r;
    for (size_t s = 0; s < VEC_NSEEDS; s++) {
        pvrand_seed_int(&r, vec_seeds[s]);
        for (size_t i = 0; i < 5; i++)
            rt_assert_same_double(pvrand_random(&r), vec_by_seed[s].random5[i], "random",
                                  s, i);
        pvrand_seed_int(&r, vec_seeds[s]);
        double x = 0;
        for (int i = 0; i < 1001; i++) {
            x = pvrand_random(&r);
            assert_true(x >= 0.0 && x < 1.0);
        }
        rt_assert_same_double(x, vec_by_seed[s].random1001, "random1001", s, 1000);
    }
}

static void test_getrandbits(void **state)
{
    (void)state;
    PvRandom r;
    for (size_t s = 0; s < VEC_NSEEDS; s++) {
        pvrand_seed_int(&r, vec_seeds[s]);
        for (size_t i = 0; i < 2 * VEC_NBITS_K; i++) {
            unsigned k = vec_bits_k[i % VEC_NBITS_K];
            uint64_t got = pvrand_getrandbits(&r, k);
            assert_int_equal(got, vec_by_seed[s].bits[i]);
            if (k < 64) assert_true(got >> k == 0);
        }
    }
}

/* getrandbits(0) is 0 and leaves the stream where it was. */
static void test_getrandbits_zero(void **state)
{
    (void)state;
    PvRandom a, b;
    pvrand_seed_int(&a, 42);
    pvrand_seed_int(&b, 42);
    assert_int_equal(pvrand_getrandbits(&a, 0), 0);
    assert_int_equal(pvrand_next_u32(&a), pvrand_next_u32(&b));
}

static void test_randrange(void **state)
{
    (void)state;
    PvRandom r;
    for (size_t s = 0; s < VEC_NSEEDS; s++) {
        pvrand_seed_int(&r, vec_seeds[s]);
        for (size_t i = 0; i < VEC_NRANGES; i++) {
            int64_t got = 0x5a5a;
            assert_int_equal(rt_randrange(&r, &vec_ranges[i], &got), PVRAND_OK);
            if (got != vec_by_seed[s].ranges[i]) {
                print_error("randrange #%zu, seed #%zu: got %lld, want %lld\n", i, s,
                            (long long)got, (long long)vec_by_seed[s].ranges[i]);
                fail();
            }
        }
    }
}

static void test_randint(void **state)
{
    (void)state;
    PvRandom r;
    for (size_t s = 0; s < VEC_NSEEDS; s++) {
        pvrand_seed_int(&r, vec_seeds[s]);
        for (size_t i = 0; i < VEC_NRANDINTS; i++) {
            int64_t got = 0;
            assert_int_equal(pvrand_randint(&r, vec_randint_args[i][0],
                                            vec_randint_args[i][1], &got), PVRAND_OK);
            assert_int_equal(got, vec_by_seed[s].randints[i]);
        }
    }
}

/* An error returns its status, writes nothing, draws nothing, and formats to
 * CPython's message. */
static void test_range_errors(void **state)
{
    (void)state;
    char msg[160];
    for (size_t i = 0; i < VEC_NRANGE_ERRORS; i++) {
        const VecRange *a = &vec_range_errors[i];
        PvRandom r, fresh;
        pvrand_seed_int(&r, 1);
        pvrand_seed_int(&fresh, 1);
        int64_t out = 12345;
        PvRandStatus st = rt_randrange(&r, a, &out);
        assert_int_not_equal(st, PVRAND_OK);
        assert_int_equal(out, 12345);
        assert_int_equal(pvrand_next_u32(&r), pvrand_next_u32(&fresh));
        int n = pvrand_range_message(st, a->start, a->stop, msg, sizeof msg);
        assert_int_equal(n, (int)strlen(vec_range_error_msgs[i]));
        assert_string_equal(msg, vec_range_error_msgs[i]);
    }
    for (size_t i = 0; i < VEC_NRANDINT_ERRORS; i++) {
        int64_t a = vec_randint_errors[i][0], b = vec_randint_errors[i][1];
        PvRandom r, fresh;
        pvrand_seed_int(&r, 1);
        pvrand_seed_int(&fresh, 1);
        int64_t out = 12345;
        PvRandStatus st = pvrand_randint(&r, a, b, &out);
        assert_int_equal(st, PVRAND_EMPTY_WIDTH);
        assert_int_equal(out, 12345);
        assert_int_equal(pvrand_next_u32(&r), pvrand_next_u32(&fresh));
        pvrand_range_message(st, a, b + 1, msg, sizeof msg);
        assert_string_equal(msg, vec_randint_error_msgs[i]);
    }
}

/* A short buffer truncates and stays NUL-terminated; the return value is the full
 * length, as with snprintf. */
static void test_range_message_truncates(void **state)
{
    (void)state;
    char msg[8];
    memset(msg, 'x', sizeof msg);
    int n = pvrand_range_message(PVRAND_ZERO_STEP, 0, 0, msg, sizeof msg);
    assert_int_equal(n, (int)strlen("zero step for randrange()"));
    assert_string_equal(msg, "zero st");
}

static void test_shuffle(void **state)
{
    (void)state;
    PvRandom r;
    for (size_t s = 0; s < VEC_NSEEDS; s++) {
        const int *want = vec_by_seed[s].shuffled;

        uint64_t u[VEC_NSHUFFLE];
        for (size_t i = 0; i < VEC_NSHUFFLE; i++) u[i] = i;
        pvrand_seed_int(&r, vec_seeds[s]);
        pvrand_shuffle_u64(&r, u, VEC_NSHUFFLE);

        static int cells[VEC_NSHUFFLE];
        void *p[VEC_NSHUFFLE];
        for (size_t i = 0; i < VEC_NSHUFFLE; i++) p[i] = &cells[i];
        pvrand_seed_int(&r, vec_seeds[s]);
        pvrand_shuffle_ptr(&r, p, VEC_NSHUFFLE);

        /* Generic form with an odd element size: every byte must travel with its
         * element. */
        unsigned char g[VEC_NSHUFFLE][3];
        for (size_t i = 0; i < VEC_NSHUFFLE; i++) {
            g[i][0] = (unsigned char)i;
            g[i][1] = (unsigned char)(2 * i + 1);
            g[i][2] = (unsigned char)(255 - i);
        }
        pvrand_seed_int(&r, vec_seeds[s]);
        pvrand_shuffle(&r, g, VEC_NSHUFFLE, 3);

        for (size_t i = 0; i < VEC_NSHUFFLE; i++) {
            assert_int_equal(u[i], want[i]);
            assert_ptr_equal(p[i], &cells[want[i]]);
            assert_int_equal(g[i][0], want[i]);
            assert_int_equal(g[i][1], 2 * want[i] + 1);
            assert_int_equal(g[i][2], 255 - want[i]);
        }
    }
}

/* Shuffling 0 or 1 elements draws nothing (the loop starts at n - 1 >= 1). */
static void test_shuffle_trivial(void **state)
{
    (void)state;
    PvRandom r, fresh;
    pvrand_seed_int(&r, 3);
    pvrand_seed_int(&fresh, 3);
    uint64_t one = 7;
    pvrand_shuffle_u64(&r, NULL, 0);
    pvrand_shuffle_u64(&r, &one, 1);
    pvrand_shuffle(&r, &one, 1, sizeof one);
    assert_int_equal(one, 7);
    assert_int_equal(pvrand_next_u32(&r), pvrand_next_u32(&fresh));
}

static void test_choice(void **state)
{
    (void)state;
    PvRandom r;
    for (size_t s = 0; s < VEC_NSEEDS; s++) {
        pvrand_seed_int(&r, vec_seeds[s]);
        for (size_t i = 0; i < VEC_NCHOICES; i++)
            assert_int_equal(pvrand_choice_index(&r, VEC_NCHOICE_LIST),
                             vec_by_seed[s].choices[i]);
    }
}

static void test_uniform(void **state)
{
    (void)state;
    PvRandom r;
    for (size_t s = 0; s < VEC_NSEEDS; s++) {
        pvrand_seed_int(&r, vec_seeds[s]);
        for (size_t i = 0; i < VEC_NUNIFORMS; i++)
            rt_assert_same_double(pvrand_uniform(&r, vec_uniform_args[i][0],
                                                 vec_uniform_args[i][1]),
                                  vec_by_seed[s].uniforms[i], "uniform", s, i);
    }
}

static int rt_same_state(const PvRandom *a, const PvRandom *b)
{
    return a->index == b->index && memcmp(a->mt, b->mt, sizeof a->mt) == 0;
}

/* The seeding forms agree with each other the way CPython's seed(int) does. */
static void test_seed_forms(void **state)
{
    (void)state;
    PvRandom a, b;
    pvrand_seed_int(&a, -7);
    pvrand_seed_int(&b, 7);
    assert_true(rt_same_state(&a, &b));

    static const uint32_t key[2] = {5, 1};
    pvrand_seed_int(&a, INT64_C(4294967301));
    pvrand_seed_words(&b, key, 2);
    assert_true(rt_same_state(&a, &b));

    /* A high zero word changes the key length and so the state. */
    static const uint32_t padded[2] = {5, 0};
    pvrand_seed_int(&a, 5);
    pvrand_seed_words(&b, padded, 2);
    assert_false(rt_same_state(&a, &b));
    pvrand_seed_words(&b, padded, 1);
    assert_true(rt_same_state(&a, &b));

    pvrand_seed_int(&a, 0);
    pvrand_seed_words(&b, NULL, 0);
    assert_true(rt_same_state(&a, &b));

    pvrand_seed_int(&a, INT64_MIN);
    pvrand_seed_u64(&b, UINT64_C(1) << 63);
    assert_true(rt_same_state(&a, &b));

    /* Reseeding restarts the stream. */
    pvrand_seed_int(&a, 99);
    uint32_t first = pvrand_next_u32(&a);
    for (int i = 0; i < 700; i++) pvrand_next_u32(&a);
    pvrand_seed_int(&a, 99);
    assert_int_equal(pvrand_next_u32(&a), first);
}

/* seed(None): OS entropy is available here, and two instances differ (a clash would
 * be a 2**-19968 event or a broken source). */
static void test_seed_os(void **state)
{
    (void)state;
    PvRandom a, b;
    assert_int_equal(pvrand_seed_os(&a), 0);
    assert_int_equal(pvrand_seed_os(&b), 0);
    assert_false(rt_same_state(&a, &b));
    double x = pvrand_random(&a);
    assert_true(x >= 0.0 && x < 1.0);
}

/* randbelow over spans near the uint64 limit stays in range (exercises the
 * rejection loop with k = 64). */
static void test_randbelow_bounds(void **state)
{
    (void)state;
    PvRandom r;
    pvrand_seed_int(&r, 5);
    static const uint64_t ns[] = {1, 2, 3, (UINT64_C(1) << 63) + 1, UINT64_MAX,
                                  UINT64_MAX - 1, UINT64_C(1) << 32};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        for (int j = 0; j < 200; j++) assert_true(pvrand_randbelow(&r, ns[i]) < ns[i]);
    for (int j = 0; j < 100; j++) assert_int_equal(pvrand_randbelow(&r, 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_floats),
        cmocka_unit_test(test_getrandbits),
        cmocka_unit_test(test_getrandbits_zero),
        cmocka_unit_test(test_randrange),
        cmocka_unit_test(test_randint),
        cmocka_unit_test(test_range_errors),
        cmocka_unit_test(test_range_message_truncates),
        cmocka_unit_test(test_shuffle),
        cmocka_unit_test(test_shuffle_trivial),
        cmocka_unit_test(test_choice),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_seed_forms),
        cmocka_unit_test(test_seed_os),
        cmocka_unit_test(test_randbelow_bounds),
    };
    return cmocka_run_group_tests_name("pvrandom", tests, NULL, NULL);
}
