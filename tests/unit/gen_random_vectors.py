#!/usr/bin/env python3
"""gen_random_vectors.py - expected values for tests/unit/test_random.c and test_hash.c.

The reference is CPython 3.11: run this script with that python3. It prints two blocks
of C (one per test file). With --write it replaces, in place, the text between the
lines "/* BEGIN VECTORS (gen_random_vectors.py) */" and "/* END VECTORS */" of each test
file, so the pasted vectors can be regenerated and diffed after any change here.

Everything a test checks is produced here by calling the real `random` module and the
real hash(); nothing is computed by a second implementation of the algorithms.
Byte-string hashes come from a child python3 started with PYTHONHASHSEED=0 (CPython
then keys its SipHash-1-3 with sixteen zero bytes, which is what pvhash_bytes does).
"""
import os
import random
import subprocess
import sys

SEEDS = [0, 1, 42, 2**32 + 5, -7, 2**62]
SEED_C = ["0", "1", "42", "INT64_C(4294967301)", "-7", "INT64_C(4611686018427387904)"]
BITS_K = [1, 31, 32, 33, 63, 64]
I64_MIN, I64_MAX = -2**63, 2**63 - 1

# randrange argument triples (start, stop, step), drawn in this order after seeding.
# None for stop means the one-argument form randrange(start).
RANGES = [
    (10, None, 1), (1, None, 1), (1000000007, None, 1), (0, 10, 1), (-5, 5, 1),
    (0, 100, 7), (100, 0, -7), (10, -10, -3), (-1, -100, -1), (3, 4, 1), (0, 1, 5),
    (8, 7, -1),
    (I64_MIN, I64_MAX, 1), (I64_MIN, I64_MAX, 3), (I64_MAX, I64_MIN, -5),
    (I64_MAX, I64_MIN, I64_MIN), (I64_MIN, I64_MAX, I64_MAX), (0, I64_MAX, 1),
    (2**62, None, 1), (I64_MAX, None, 1), (2**33 + 1, None, 1),
]
# Argument triples that raise; the test checks the status and the formatted message.
RANGE_ERRORS = [
    (0, None, 1), (-3, None, 1), (5, 5, 1), (5, 4, 1), (I64_MAX, I64_MIN, 1),
    (1, 10, 0), (5, 5, 0), (10, 1, 2), (1, 10, -1), (5, 5, -2), (I64_MIN, I64_MAX, -1),
]
RANDINTS = [(1, 6), (-10, 10), (0, 0), (5, 5), (-2**40, 2**40), (I64_MIN, I64_MAX),
            (I64_MAX - 1, I64_MAX), (I64_MIN, I64_MIN + 2), (0, 2**32)]
RANDINT_ERRORS = [(5, 4), (0, -1), (I64_MAX, I64_MIN)]
UNIFORMS = [(0.0, 1.0), (-2.5, 7.25), (10.0, 1.0), (1e300, -1e300), (3.0, 3.0)]
CHOICE_LIST = ["a", "b", "c", "d", "e", "f", "g"]
NCHOICES = 12


def c_i64(v):
    if v == I64_MIN:
        return "INT64_MIN"
    if v == I64_MAX:
        return "INT64_MAX"
    if -2**31 <= v < 2**31:
        return str(v)
    return "INT64_C(%d)" % v


def c_u64(v):
    return "UINT64_C(%d)" % v


def c_double(x):
    # A hex literal is exact: no decimal rounding between python3 and the C compiler.
    if x != x:
        return "NAN"
    if x in (float("inf"), float("-inf")):
        return "INFINITY" if x > 0 else "-INFINITY"
    return x.hex()


def randrange_call(rng, a):
    start, stop, step = a
    if stop is None:
        return rng.randrange(start)
    return rng.randrange(start, stop, step)


def c_args(a):
    start, stop, step = a
    if stop is None:
        return "{%s, 0, 1, 1}" % c_i64(start)
    return "{%s, %s, %s, 0}" % (c_i64(start), c_i64(stop), c_i64(step))


def random_block():
    out = []
    w = out.append
    w("/* Made by tests/unit/gen_random_vectors.py with CPython %s. */"
      % sys.version.split()[0])
    w("#define VEC_NSEEDS %d" % len(SEEDS))
    w("static const int64_t vec_seeds[VEC_NSEEDS] = {%s};" % ", ".join(SEED_C))
    w("#define VEC_NBITS_K %d" % len(BITS_K))
    w("#define VEC_NRANGES %d" % len(RANGES))
    w("#define VEC_NRANGE_ERRORS %d" % len(RANGE_ERRORS))
    w("#define VEC_NRANDINTS %d" % len(RANDINTS))
    w("#define VEC_NRANDINT_ERRORS %d" % len(RANDINT_ERRORS))
    w("#define VEC_NUNIFORMS %d" % len(UNIFORMS))
    w("#define VEC_NCHOICES %d" % NCHOICES)
    w("#define VEC_NCHOICE_LIST %d" % len(CHOICE_LIST))
    w("#define VEC_NSHUFFLE 20")
    w("static const unsigned vec_bits_k[VEC_NBITS_K] = {%s};" % ", ".join(map(str, BITS_K)))
    w("/* randrange arguments: {start, stop, step, one_arg}; one_arg: randrange(start). */")
    w("static const VecRange vec_ranges[VEC_NRANGES] = {")
    for a in RANGES:
        w("    %s," % c_args(a))
    w("};")
    w("static const VecRange vec_range_errors[VEC_NRANGE_ERRORS] = {")
    for a in RANGE_ERRORS:
        try:
            randrange_call(random.Random(0), a)
            raise SystemExit("expected an error for %r" % (a,))
        except ValueError as e:
            w("    %s, /* %s */" % (c_args(a), str(e)))
    w("};")
    w("static const char *const vec_range_error_msgs[VEC_NRANGE_ERRORS] = {")
    for a in RANGE_ERRORS:
        try:
            randrange_call(random.Random(0), a)
        except ValueError as e:
            w('    "%s",' % e)
    w("};")
    w("static const int64_t vec_randint_args[VEC_NRANDINTS][2] = {")
    for a, b in RANDINTS:
        w("    {%s, %s}," % (c_i64(a), c_i64(b)))
    w("};")
    w("static const int64_t vec_randint_errors[VEC_NRANDINT_ERRORS][2] = {")
    for a, b in RANDINT_ERRORS:
        w("    {%s, %s},  /* %s */" % (c_i64(a), c_i64(b), "\"" + randint_error(a, b) + "\""))
    w("};")
    w("static const char *const vec_randint_error_msgs[VEC_NRANDINT_ERRORS] = {")
    for a, b in RANDINT_ERRORS:
        w('    "%s",' % randint_error(a, b))
    w("};")
    w("static const double vec_uniform_args[VEC_NUNIFORMS][2] = {")
    for a, b in UNIFORMS:
        w("    {%s, %s}," % (c_double(a), c_double(b)))
    w("};")
    w("")
    w("/* Per seed, each field drawn from a freshly seeded random.Random(seed):")
    w(" *   random5      five random()")
    w(" *   random1001   the 1001st random() (crosses several 624-word refills)")
    w(" *   bits         getrandbits(k) for k in vec_bits_k, twice round")
    w(" *   ranges       randrange(*args) for args in vec_ranges, in order")
    w(" *   randints     randint(a, b) for (a, b) in vec_randint_args, in order")
    w(" *   shuffled     x = list(range(20)); shuffle(x)")
    w(" *   choices      %d x choice(%r), as indices" % (NCHOICES, CHOICE_LIST))
    w(" *   uniforms     uniform(a, b) for (a, b) in vec_uniform_args, in order */")
    w("typedef struct VecSeed {")
    w("    double random5[5];")
    w("    double random1001;")
    w("    uint64_t bits[2 * VEC_NBITS_K];")
    w("    int64_t ranges[VEC_NRANGES];")
    w("    int64_t randints[VEC_NRANDINTS];")
    w("    int shuffled[VEC_NSHUFFLE];")
    w("    size_t choices[VEC_NCHOICES];")
    w("    double uniforms[VEC_NUNIFORMS];")
    w("} VecSeed;")
    w("static const VecSeed vec_by_seed[VEC_NSEEDS] = {")
    for s in SEEDS:
        r = random.Random(s)
        random5 = [r.random() for _ in range(5)]
        r = random.Random(s)
        for _ in range(1000):
            r.random()
        random1001 = r.random()
        r = random.Random(s)
        bits = [r.getrandbits(k) for k in BITS_K * 2]
        r = random.Random(s)
        ranges = [randrange_call(r, a) for a in RANGES]
        r = random.Random(s)
        randints = [r.randint(a, b) for a, b in RANDINTS]
        r = random.Random(s)
        shuffled = list(range(20))
        r.shuffle(shuffled)
        r = random.Random(s)
        choices = [CHOICE_LIST.index(r.choice(CHOICE_LIST)) for _ in range(NCHOICES)]
        r = random.Random(s)
        uniforms = [r.uniform(a, b) for a, b in UNIFORMS]
        w("    { /* seed %d */" % s)
        w("        .random5 = {%s}," % ", ".join(map(c_double, random5)))
        w("        .random1001 = %s," % c_double(random1001))
        w("        .bits = {%s}," % ", ".join(map(c_u64, bits)))
        w("        .ranges = {%s}," % ", ".join(map(c_i64, ranges)))
        w("        .randints = {%s}," % ", ".join(map(c_i64, randints)))
        w("        .shuffled = {%s}," % ", ".join(map(str, shuffled)))
        w("        .choices = {%s}," % ", ".join(map(str, choices)))
        w("        .uniforms = {%s}," % ", ".join(map(c_double, uniforms)))
        w("    },")
    w("};")
    return out


def randint_error(a, b):
    try:
        random.Random(0).randint(a, b)
    except ValueError as e:
        return str(e)
    raise SystemExit("expected an error for randint(%d, %d)" % (a, b))


HASH_INTS = [0, 1, -1, -2, 2, 7, -7, 2**61 - 2, 2**61 - 1, 2**61, -(2**61 - 1), 2**62,
             2**62 + 12345, -2**62, I64_MIN, I64_MAX, I64_MIN + 1, 10**18, -10**18]
HASH_FLOATS = [0.0, -0.0, 0.5, -0.5, 1.5, -2.25, 3.0, -1.0, 1e300, 1e-300, -1e-300,
               float(2**62), float(2**61), float(2**61 - 1), float(2**64), 2.0**-1074,
               1.7976931348623157e308, 123456.789, 0.1, -1234.5678e-10,
               float("inf"), float("-inf")]
# Tuples as the test builds them: each entry is (python value, C expression over the
# test's helpers I (int hash), F (float hash) and T(n, ...) (tuple hash)).
HASH_TUPLES = [
    ((), "T(0)"),
    ((1, 2), "T(2, I(1), I(2))"),
    ((1, (2, 3)), "T(2, I(1), T(2, I(2), I(3)))"),
    ((-1,), "T(1, I(-1))"),
    ((1.5, 2), "T(2, F(1.5), I(2))"),
    ((0,), "T(1, I(0))"),
    ((-2,), "T(1, I(-2))"),
    (((),), "T(1, T(0))"),
    ((1, 2, 3, 4, 5, 6, 7, 8), "T(8, I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8))"),
    ((I64_MIN, I64_MAX, 0.5), "T(3, I(INT64_MIN), I(INT64_MAX), F(0.5))"),
    ((float("inf"), -0.0, True), "T(3, F(INFINITY), F(-0.0), I(1))"),
]
HASH_BYTES = [b"", b"a", b"ab", b"abc", b"abcdefg", b"abcdefgh", b"abcdefghi",
              b"hello, world", b"0123456789abcdef", b"0123456789abcdefg",
              bytes(range(64)), b"\x00", b"\xff" * 7]


def c_bytes(b):
    return '"' + "".join("\\x%02x" % c for c in b) + '"'


def hash_block():
    out = []
    w = out.append
    w("/* Made by tests/unit/gen_random_vectors.py with CPython %s. */"
      % sys.version.split()[0])
    w("static const VecIntHash vec_int_hashes[%d] = {" % len(HASH_INTS))
    for v in HASH_INTS:
        w("    {%s, %s}," % (c_i64(v), c_i64(hash(v))))
    w("};")
    w("static const VecFloatHash vec_float_hashes[%d] = {" % len(HASH_FLOATS))
    for x in HASH_FLOATS:
        w("    {%s, %s},  /* %r */" % (c_double(x), c_i64(hash(x)), x))
    w("};")
    w("/* T(n, item hashes...) must give hash(tuple) for the tuple in the comment. */")
    w("#define VEC_TUPLE_CASES(X) \\")
    for t, expr in HASH_TUPLES:
        w("    X(%s, %s) /* %r */ \\" % (expr, c_i64(hash(t)), t))
    w("    /* end */")
    # NaN hashes by identity in 3.11: record (id, hash) pairs of live NaN objects.
    w("/* {id(x), hash(x)} for NaN objects x: CPython 3.11 hashes NaN by identity. */")
    nans = [float("nan") for _ in range(4)]
    w("static const VecPtrHash vec_nan_hashes[%d] = {" % len(nans))
    for x in nans:
        w("    {%s, %s}," % (c_u64(id(x)), c_i64(hash(x))))
    w("};")
    code = "import sys\nfor b in %r: print(hash(b), hash(b.decode('latin-1')))" % HASH_BYTES
    env = dict(os.environ, PYTHONHASHSEED="0")
    lines = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                           capture_output=True, text=True).stdout.split("\n")
    w("/* hash(b) under PYTHONHASHSEED=0 (equal to hash(b.decode('latin-1')) for these). */")
    w("static const VecBytesHash vec_bytes_hashes[%d] = {" % len(HASH_BYTES))
    for b, line in zip(HASH_BYTES, lines):
        hb, hs = map(int, line.split())
        assert hb == hs, (b, hb, hs)
        w("    {%s, %d, %s}," % (c_bytes(b), len(b), c_i64(hb)))
    w("};")
    return out


BEGIN = "/* BEGIN VECTORS (gen_random_vectors.py) */"
END = "/* END VECTORS */"


def splice(path, block):
    with open(path) as f:
        text = f.read()
    head, sep, rest = text.partition(BEGIN)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit("%s: vector markers not found" % path)
    with open(path, "w") as f:
        f.write(head + BEGIN + "\n" + "\n".join(block) + "\n" + END + tail)


def main():
    if sys.version_info[:2] != (3, 11):
        print("warning: the reference is CPython 3.11, this is %s" % sys.version,
              file=sys.stderr)
    here = os.path.dirname(os.path.abspath(__file__))
    rb, hb = random_block(), hash_block()
    if "--write" in sys.argv[1:]:
        splice(os.path.join(here, "test_random.c"), rb)
        splice(os.path.join(here, "test_hash.c"), hb)
    else:
        print("\n".join(rb))
        print()
        print("\n".join(hb))


if __name__ == "__main__":
    main()
