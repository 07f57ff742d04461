#!/usr/bin/env python3
"""Print the test vectors of tests/unit/test_fmt.c as C tables.

Every expected value is computed by the CPython running this script (the reference is
CPython 3.11): repr(), format(), the % operator, float(), int(), round(), bin/oct/hex.
Cases are hand-picked edge cases plus pseudo-random ones from a fixed seed, so the
output is reproducible. Regenerate with

    python3 tests/unit/gen_fmt_vectors.py > /tmp/vectors.inc

and paste the output over the generated section of test_fmt.c.
`--zeros` instead prints the tables of Unicode decimal-digit runs and non-ASCII
whitespace that variants/core/fmt.c embeds.
"""
import math
import random
import re
import struct
import sys
import unicodedata

R = random.Random(20240611)


def cstr(s):
    """A C string literal for str or bytes s; octal escapes avoid hex-escape run-on."""
    b = s.encode("utf-8", "surrogatepass") if isinstance(s, str) else s
    out = []
    for c in b:
        if c == 0x22 or c == 0x5C:
            out.append("\\" + chr(c))
        elif 0x20 <= c < 0x7F and c != 0x3F:   # '?' escaped: no trigraphs
            out.append(chr(c))
        else:
            out.append("\\%03o" % c)
    return '"' + "".join(out) + '"'


def blen(s):
    return len(s.encode("utf-8", "surrogatepass"))


def bits(d):
    return "0x%016xull" % struct.unpack("<Q", struct.pack("<d", d))[0]


def i64(v):
    return "INT64_MIN" if v == -2**63 else "INT64_C(%d)" % v


def outcome(f):
    """(ok, text, kind) where kind is 0 ValueError, 1 OverflowError, 2 TypeError."""
    try:
        return True, f(), 0
    except OverflowError as e:
        return False, str(e), 1
    except TypeError as e:
        return False, str(e), 2
    except ValueError as e:
        return False, str(e), 0


def rand_double():
    c = R.random()
    if c < 0.3:
        return struct.unpack("<d", struct.pack("<Q", R.getrandbits(64)))[0]
    if c < 0.6:
        return R.choice([1, -1]) * R.randint(0, 10**R.randint(1, 17)) / 10**R.randint(0, 20)
    if c < 0.8:
        return float(R.randint(-10**8, 10**8)) * 10.0 ** R.randint(-30, 30)
    return math.ldexp(1.0, R.randint(-1074, 1023))


SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 2.5, 0.1, 0.1 + 0.2, 1e16, 1e-5, 1e-4, 1e22, 1e23,
           123456789012345.0, 1234567890123456.0, 1.5e-7, 5e-324, 2.2250738585072014e-308,
           1.7976931348623157e308, math.inf, -math.inf, math.nan, 1e300, 1234.5, -0.0001,
           9.999999, 0.95, 2.675, 1e15, 9007199254740993.0, 2.0**63, 1 / 3, 100.0, 1e-310]
INTS = [0, 1, -1, 7, -7, 65, 233, 0x20AC, 0x1F600, 0x10FFFF, 0x110000, 1234, -1234, 1234567,
        -1234567, 2**31, 2**63 - 1, -2**63, 255, -255, 4096]


def repr_vectors():
    xs = SPECIAL + [math.ldexp(1.0, k) for k in range(-1074, 1024, 37)]
    xs += [rand_double() for _ in range(120)]
    print("static const ReprVec repr_vecs[] = {")
    for x in xs:
        print("    { %s, %s }," % (bits(x), cstr(repr(x))))
    print("};\n")


INT_SPECS = ["", "d", "5", "<5", "^6", "=+8", "+", " ", "-", ",", "_", "010,", "08,", "0=10,",
             "x=10,", "<010,", "b", "#b", "o", "#o", "x", "#x", "X", "#X", "#010x", "_x",
             "#_x", "#010_x", "09_b", "_o", "c", "5c", "<3c", "n", "e", ".2e", "f", ".3f",
             "g", "%", ".1%", "E", "G", "F", "*^9", "é>7", "€<7,", "0", "00", "05", "+05",
             " 05", "#08b", "z", ".2", "+c", "#c", ",c", "_c", ",n", "q", "abc", ",_",
             "_,", ",,", "__", ".", ".x", "100000000000000000000", ",x", "_n", "é", "\x01",
             "\x7f", "zd", "z.2", "+z00c", ".2+c", "=^5", "s", ",b", "_b", "#_b", "020_"]


def rand_spec(types):
    s = ""
    if R.random() < 0.3:
        if R.random() < 0.5:
            s += R.choice(["x", "0", "*", "é", "€", "<", "="])
        s += R.choice("<>^=")
    if R.random() < 0.3:
        s += R.choice("+- ")
    if R.random() < 0.08:
        s += "z"
    if R.random() < 0.2:
        s += "#"
    if R.random() < 0.3:
        s += "0"
    if R.random() < 0.5:
        s += str(R.randint(0, 25))
    if R.random() < 0.25:
        s += R.choice(",_")
    if R.random() < 0.4:
        s += "." + str(R.randint(0, 20))
    if R.random() < 0.8:
        s += R.choice(types)
    return s


def spec_vectors(name, ctype, values, specs, fmtval):
    print("static const %s %s[] = {" % (ctype, name))
    for v, spec in [(v, s) for v in values for s in specs[0]] + specs[1]:
        ok, text, kind = outcome(lambda: format(v, spec))
        print("    { %s, %s, %d, %s, %d }," % (fmtval(v), cstr(spec), ok, cstr(text), kind))
    print("};\n")


def int_vectors():
    few = [0, 1234567, -255, -2**63, 65]
    rnd = [(R.choice(INTS + [R.randint(-2**R.randint(1, 63), 2**R.randint(1, 63) - 1)]),
            rand_spec("dnbboxXcceEfFgG%")) for _ in range(250)]
    spec_vectors("fint_vecs", "FIntVec", few, (INT_SPECS, rnd), i64)


FLOAT_SPECS = ["", ".3", ".0", "#.0", ".20", ".17", "#", "#.3", "+", " ", "z", "z.1f", "z.3e",
               "z%", "e", "E", ".0e", "#.0e", "f", "F", ".0f", "#.0f", "g", "G", "#g", ".0g",
               "%", ".0%", ",%", "n", ",", "_", ",.2f", "_.3f", "010", "010,", "0=12,.2f",
               "^12", "<12", "*>12.3", "é^9", "+010.2e", ".400f", "d", "x", ",n", ".2n",
               "#.3g", "15.10", "=+8", "0<8", "12,.2e"]


def float_vectors():
    few = [0.0, -0.0, 1.0, 1234567.0, 1e16, -1.5e-7, 12345.6789, math.inf, -math.inf,
           math.nan, -math.nan, 0.1, 2.675, 1e300, -1e-9, 123.0]
    rnd = [(R.choice(SPECIAL + [rand_double()]), rand_spec("eEfFgGn%%")) for _ in range(250)]
    spec_vectors("ffloat_vecs", "FFloatVec", few, (FLOAT_SPECS, rnd), bits)


STR_SPECS = ["", "s", "5", ">5", "^6", "^7", "*^7", "é<6", ".2", "8.3", "05", "<05", "x<05",
             "=5", "+", " ", "-", "z", "#", ",", "_", "d", "f", "é", ".0", "10.1s", ",s"]


def str_vectors():
    vals = ["", "a", "héllo", "日本語", "\U0001F600x"]
    rnd = [(R.choice(vals), rand_spec("ssdc")) for _ in range(60)]
    spec_vectors("fstr_vecs", "FStrVec", vals, (STR_SPECS, rnd), cstr)


# --- % operator: each conversion is generated with the kind of argument it takes, so the
# test can play the interpreter's part (str()/repr()/ascii() are done here).
PCT_FIXED = [
    ("%5.2f", [3.14159]), ("%-5d", [3]), ("%05d", [-3]), ("%-05d", [-3]), ("%x", [255]),
    ("%#o", [15]), ("%#x", [15]), ("%#X", [15]), ("%+d", [3]), ("% d", [3]), ("%e", [1.5]),
    ("%g", [1e-5]), ("%%", []), ("%.3s", ["abcdef"]), ("%c", [233]), ("%c", [0x110000]),
    ("%c", [-1]), ("%5s", ["ab"]), ("%05s", ["ab"]), ("%05f", [math.inf]),
    ("%-05f", [-math.inf]), ("%+f", [math.nan]), ("%.3d", [5]), ("%#.3x", [5]),
    ("%#5.3x", [5]), ("%#05x", [5]), ("%#-5x", [5]), ("%5%", [1]), ("%*d", [-5, 3]),
    ("%.*f", [-2, 3.14159]), ("%*.*f", [8, 2, 3.14159]), ("%.*s", [-1, "abc"]),
    ("%0*d", [-5, 3]), ("%ky", [1]), ("abc%y", [1]), ("%", []), ("ab%5", []),
    ("%(a", []), ("%é", [1]), ("%\x01", [1]), ("%ld", [5]), ("%hhd", [5]), ("%Lf", [1.5]),
    ("%i", [0]), ("%u", [7]), ("%#.0f", [3.0]), ("%#.0e", [3.0]), ("%#g", [1.0]),
    ("%r", ["x"]), ("%a", ["é"]), ("%5c", [65]), ("%-3c", ["a"]), ("%.2c", [65]),
    ("%05c", [65]), ("%+s", ["a"]), ("%#s", ["a"]), ("%x", [-255]), ("%#x", [-255]),
    ("%#o", [-8]), ("%o", [0]), ("%#o", [0]), ("%#x", [0]), ("%.0d", [0]),
    ("%05.1f", [-2.5]), ("% 05.1f", [2.5]), ("%+.3e", [-0.0]), ("%f", [1e300]),
    ("%.20g", [0.1]), ("%10.4g", [123456.0]), ("%E", [math.inf]), ("%F", [math.nan]),
    ("%G", [1e-10]), ("%-+08.2f", [3.0]), ("%0-8d", [3]), ("% +d", [3]), ("%2$d", [3]),
    ("%.", [1]), ("%#5o", [8]), ("%d", [2**63 - 1]), ("%d", [-2**63]),
    ("%x", [-2**63]), ("%#b", [1]), ("%s %s", ["a", "b"]), ("x%sy%%z%dw", ["é", 42]),
    ("%c", ["ab"]), ("%c", ["€"]), ("%e", [7]), ("%.2f", [2**53 + 1]), ("%.3s", ["日本語x"]),
    ("%-6.2s|", ["日本語"]), ("%.f", [2.5]), ("%.d", [5]), ("%10.3%", [1]),
    ("%s", ["\U0001F600"]), ("%*", [3]), ("%.*", [3]), ("%(a)s", []), ("%%%d%%", [9]),
]


def pct_rand():
    conv = R.choice("diuoxXeEfFgGcsr")
    f = ""
    for _ in range(R.randint(0, 3)):
        f += R.choice("-+ #0")
    if R.random() < 0.5:
        f += str(R.randint(0, 20))
    if R.random() < 0.4:
        f += "." + str(R.randint(0, 20))
    if conv in "diuoxX":
        v = R.choice(INTS + [R.randint(-2**62, 2**62)])
    elif conv in "eEfFgG":
        v = R.choice(SPECIAL + [rand_double(), R.randint(-1000, 1000)])
    elif conv == "c":
        v = R.choice([65, 233, 0x20AC, 0x1F600, "x", "é"])
    else:
        v = R.choice(["", "a", "héllo", "日本語"])
    return R.choice(["", "ab ", "é "]) + "%" + f + conv + R.choice(["", " end", "%%"]), [v]


def pct_arg(v, conv):
    if isinstance(v, int):
        return "{ 'i', %s, 0, NULL }" % i64(v)
    if isinstance(v, float):
        return "{ 'd', 0, %s, NULL }" % bits(v)
    text = repr(v) if conv == "r" else ascii(v) if conv == "a" else v
    return "{ 's', 0, 0, %s }" % cstr(text)


def pct_vectors():
    print("static const PctVec pct_vecs[] = {")
    for fmt, args in PCT_FIXED + [pct_rand() for _ in range(200)]:
        # Only 'r' and 'a' change the text the interpreter hands over.
        conv = "r" if re.search(r"%[-+ #0-9.]*r", fmt) else \
               "a" if re.search(r"%[-+ #0-9.]*a", fmt) else "s"
        ok, text, kind = outcome(lambda: fmt % tuple(args))
        cargs = ", ".join(pct_arg(v, conv) for v in args) or "{ 0, 0, 0, NULL }"
        print("    { %s, %d, { %s }, %d, %s, %d }," % (cstr(fmt), len(args), cargs, ok,
                                                    cstr(text), kind))
    print("};\n")


FLOAT_INPUTS = ["1.", ".5", ".", "1e", "1e5", "-inf", "InFiNiTy", "+nan", "-nan", "nan(1)",
                "infinit", "1_000.5", "1_000.0_1", "1e1_0", "1_e5", "_1", "1._5", "in_f",
                "0x1p3", "1\x00", "", " ", "1E+5", "1e+_5", "1__0", "١.٥", " \u20281.5\u3000",
                " \x1c1.5", "1d", "0.0000001", "1e400", "-1e-400", "4.9e-324",
                "2.4703282292062328e-324", ".e1", "1.e1", "+.5", "++1", "1_0e1_0", "1.5_",
                "  -12.5e-3\n", "\t+3.14\r", "1e-1_0", "0.1", "1.7976931348623157e308",
                "1.7976931348623159e308", "9007199254740993", "12345678901234567890.5e-10",
                "0" * 300 + "1", "1" + "0" * 400 + "e-400", "-0", "+0.0e0", "e5", "1e5.0",
                "\U0001D7D9.\U0001D7D8", "١٢٣", "1 2", "nan ", "-iNF", "+-1"]


def parse_float_vectors():
    print("static const PFloatVec pfloat_vecs[] = {")
    for s in FLOAT_INPUTS:
        try:
            ok, v = True, float(s)
        except ValueError:
            ok, v = False, 0.0
        print("    { %s, %d, %d, %s }," % (cstr(s), blen(s), ok, bits(v)))
    print("};\n")


INT_INPUTS = [("0_1", 0), ("0_0", 0), ("00", 0), ("012", 0), ("0b1", 16), ("0x_1f", 16),
              ("0x", 16), ("0x_", 16), ("0x1__f", 16), (" -0x10 ", 0), ("+ 5", 10),
              ("\x1c5", 10), ("\u00a05\u2003", 10), ("\u0663", 10), ("5\x00", 10), ("-0", 10),
              ("0b", 0), ("0B1", 0), ("0O7", 0), ("Z", 36), ("z", 36), ("1_", 10),
              ("_1", 10), ("0_", 0), ("\t+0x_ff\n", 0), ("0_b1", 0), ("0b_1", 2),
              ("0o17", 8), ("0o17", 10), ("00_0", 0), ("0_00", 0), ("٣_٣", 10), ("๓", 10),
              ("9223372036854775807", 10), ("9223372036854775808", 10),
              ("-9223372036854775808", 10), ("-9223372036854775809", 10),
              ("7fffffffffffffff", 16), ("-0x8000000000000000", 0), ("0x8000000000000000", 0),
              ("1" * 64, 2), ("1" * 70, 2), ("zzzzzzzzzzzz", 36), ("zzzzzzzzzzzzz", 36),
              ("", 10), ("  ", 10), ("-", 10), ("12", 1), ("12", 37), ("12", -1),
              ("2", 2), ("10", 3), ("0x10", 10), ("010", 8), ("0o10", 0), ("1_000_000", 10),
              ("99999999999999999999x", 10), ("1" * 4301, 10), ("1" * 4300, 10),
              ("1_2_3", 0), ("0_7", 8), ("0x_", 0), ("123\u00e9", 10), ("+0", 0), ("-00", 0)]


def parse_int_vectors():
    print("static const PIntVec pint_vecs[] = {")
    for s, base in INT_INPUTS:
        try:
            v = int(s, base)
            code = 0 if -2**63 <= v < 2**63 else 2
        except ValueError as e:
            v = 0
            msg = str(e)
            code = 3 if "base must be" in msg else 4 if "Exceeds the limit" in msg else 1
        print("    { %s, %d, %d, %d, %s }," % (cstr(s), blen(s), base, code,
                                             i64(v if code == 0 else 0)))
    print("};\n")


def round_vectors():
    cases = [(2.675, 2), (0.125, 2), (0.375, 2), (1234.5, -1), (1245.0, -1), (1255.0, -1),
             (1245.4, -1), (1e300, -300), (1.5, 400), (2.5, 0), (3.5, 0), (-2.5, 0),
             (-0.001, 2), (-4.0, -1), (5e-324, 323), (5e-324, 324), (1.7976931348623157e308, -308),
             (1.7976931348623157e308, -307), (9.5e307, -308), (1e308, -309), (-1e308, -400),
             (math.inf, 2), (-math.inf, -2), (math.nan, 1), (0.0, 3), (-0.0, -3), (0.5, 0),
             (123.456, 1), (123.456, -2), (-123.456, -3), (999.99, 1), (99999.5, -5),
             (50000.0, -5), (150000.0, -5), (0.285, 2), (1.005, 2), (2**52 + 0.5, 0),
             (1e22, -22), (1e-320, 320), (8.5, -1), (15.0, -1), (25.0, -1)]
    for _ in range(120):
        x = R.choice([R.uniform(-1e6, 1e6), R.randint(-10**6, 10**6) / 1000,
                      R.randint(-10**6, 10**6) / 8, rand_double()])
        if math.isfinite(x):
            cases.append((x, R.randint(-8, 8)))
    print("static const RoundVec round_vecs[] = {")
    for x, nd in cases:
        try:
            ov, r = False, round(x, nd)
        except OverflowError:
            ov, r = True, 0.0
        print("    { %s, %d, %d, %s }," % (bits(x), nd, ov, bits(r)))
    print("};\n")


def radix_vectors():
    print("static const RadixVec radix_vecs[] = {")
    for v in INTS + [R.randint(-2**63, 2**63 - 1) for _ in range(10)]:
        print("    { %s, %s, %s, %s, %s }," % (i64(v), cstr(str(v)), cstr(bin(v)),
                                               cstr(oct(v)), cstr(hex(v))))
    print("};\n")


def zeros():
    z = [c for c in range(128, 0x110000) if unicodedata.decimal(chr(c), -1) == 0]
    assert all(unicodedata.decimal(chr(c + i), -1) == i for c in z for i in range(10))
    print("nd_zeros:", ", ".join(hex(c) for c in z))
    print("uni_spaces:", ", ".join(hex(c) for c in range(128, 0x110000) if chr(c).isspace()))


def main():
    if sys.argv[1:] == ["--zeros"]:
        zeros()
        return
    print("/* Generated by tests/unit/gen_fmt_vectors.py with CPython %s. */\n"
          % sys.version.split()[0])
    repr_vectors()
    int_vectors()
    float_vectors()
    str_vectors()
    pct_vectors()
    parse_float_vectors()
    parse_int_vectors()
    round_vectors()
    radix_vectors()


if __name__ == "__main__":
    main()
