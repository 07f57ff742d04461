# math: constants, exact functions (sqrt, floor, ceil, fabs, trunc, fmod, isqrt, gcd,
# factorial, copysign, isinf/isnan/isfinite) printed in full, transcendental functions
# rounded to 10 digits (libm may differ in the last bit), and domain errors.
import math
print(math.pi, math.e, math.inf, -math.inf, math.isnan(math.nan), math.tau)
print(math.sqrt(16), math.sqrt(2), math.sqrt(0.25), math.sqrt(1e100), math.sqrt(0.0), math.sqrt(-0.0))
print(math.floor(2.7), math.floor(-2.7), math.floor(5), math.ceil(2.1), math.ceil(-2.1), math.ceil(7))
print(type(math.floor(2.5)).__name__, type(math.ceil(2.5)).__name__, math.trunc(-3.7), math.trunc(3.7))
print(math.fabs(-3), math.fabs(2.5), math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7.5, -2))
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-4, 6), math.isqrt(99), math.isqrt(100))
print(math.factorial(0), math.factorial(5), math.factorial(20))
print(math.copysign(3, -0.0), math.copysign(-2.5, 1), math.hypot(3, 4), math.hypot(5, 12))
print(math.isinf(math.inf), math.isinf(1e308), math.isfinite(1.0), math.isfinite(math.nan), math.isnan(0.0))
print(math.pow(2, 10), math.pow(2, 0.5) == math.sqrt(2), math.pow(0, 0), math.exp(0), math.log(1))
print(math.log2(1024), math.log10(1000), math.log2(8), round(math.log(8, 2), 10))
def r(x):
    return round(x, 10)
print(r(math.sin(1)), r(math.cos(1)), r(math.tan(0.5)), r(math.sin(math.pi / 6)))
print(r(math.asin(0.5)), r(math.acos(0.5)), r(math.atan(1)), r(math.atan2(1, -1)), r(math.atan2(-0.0, -1)))
print(r(math.exp(1)), r(math.exp(-2.5)), r(math.log(10)), r(math.log(2.5, 3)), r(math.log10(2)))
print(r(math.sinh(1)), r(math.cosh(1)), r(math.tanh(0.5)))
print(f"{math.sin(2):.10f} {math.cos(2):.10f} {math.exp(10):.6f}")
print(r(math.degrees(math.pi)), r(math.radians(180)), math.degrees(0))
print(math.sin(0), math.cos(0), math.exp(0), math.atan(0))
for bad in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.log(-1), lambda: math.acos(2)]:
    try:
        bad()
    except ValueError as e:
        print("ValueError", e)
try:
    math.factorial(-1)
except ValueError:
    print("ValueError factorial")
try:
    math.exp(1000)
except OverflowError as e:
    print("OverflowError", e)
total = sum(math.sqrt(i) for i in range(100))
print(round(total, 8))
print(math.floor(-0.5), math.ceil(-0.5), math.floor(1e15 + 0.5), math.ceil(1e15 + 0.5))
