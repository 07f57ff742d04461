# Deviation from CPython: parvm ints are 64-bit signed.  Every operation whose exact
# result lies outside [-2**63, 2**63 - 1] raises OverflowError instead of producing a
# big int; results on the boundary itself are exact.  The expected output
# (int_overflow.out, int_overflow.status) is written by hand, not generated: CPython
# would print the big results instead.  The program ends with an uncaught overflow.
MAX = 2 ** 62 - 1 + 2 ** 62        # 9223372036854775807, reached without overflowing
MIN = -MAX - 1
print(MAX, MIN, MAX + MIN, (MAX - 1) // 2 * 2 + 1 == MAX)
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
def attempt(label, fn):
    try:
        print(label, fn())
    except OverflowError:
        print(label, "OverflowError")
attempt("max+1", lambda: MAX + 1)
attempt("min-1", lambda: MIN - 1)
attempt("max*2", lambda: MAX * 2)
attempt("min*-1", lambda: MIN * -1)
attempt("-min", lambda: -MIN)
attempt("abs(min)", lambda: abs(MIN))
attempt("min//-1", lambda: MIN // -1)
attempt("2**63", lambda: 2 ** 63)
attempt("2**62", lambda: 2 ** 62)
attempt("(-2)**63", lambda: (-2) ** 63)
attempt("10**19", lambda: 10 ** 19)
attempt("1<<63", lambda: 1 << 63)
attempt("1<<62", lambda: 1 << 62)
attempt("1<<64", lambda: 1 << 64)
attempt("3037000500**2", lambda: 3037000500 * 3037000500)
attempt("3037000499**2", lambda: 3037000499 * 3037000499)
attempt("factorial 21", lambda: fact(21))
attempt("sum", lambda: sum([MAX, 1]))
attempt("int(1e19)", lambda: int(1e19))
attempt("int(9.2e18)", lambda: int(9.2e18))
attempt("max-1+1", lambda: MAX - 1 + 1)
attempt("min%-1", lambda: MIN % -1)
x = MAX
try:
    x += 1
except OverflowError:
    print("augmented OverflowError, x unchanged:", x == MAX)
acc = 1
for i in range(1, 30):
    acc *= i
print("unreachable", acc)
