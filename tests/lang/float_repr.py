# repr/str of floats: CPython prints the shortest string that round-trips.
vals = [0.1 + 0.2, 0.1, 1.0, -1.0, 1e16, 1e15, 1e-5, 1e-4, 0.0001234, 123456789.0,
        1234567890123456789.0, 1e22, 1e-7, 2.5, 1 / 3, 2 / 3, 10 / 3, 100.0, 1.5e300,
        -0.0, 0.0, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308,
        3.141592653589793, 1e100, 9007199254740993.0, 0.30000000000000004, 1e-320]
for v in vals:
    print(v, repr(v), str(v))
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, repr(inf), str(-inf))
print(inf + 1, inf - inf, inf * 0, -inf * -1, 1e308 * 10, -1e308 * 10)
print(nan == nan, nan != nan, nan < 1, inf > 1e308, -inf < -1e308)
print(float("-inf"), float("Infinity"), float("NaN"), float("-0"))
print([0.5, -2.25, 1e16], (0.1,), {"x": 1e-5})
print(float(7), float("1.5"), float("  -2.5e3  "), float("1e-3"), float(True))
print(1e16 + 1, 1e16 + 2, 2.0 ** 53, 2.0 ** 53 + 1)
print(0.1 * 3, 0.7 + 0.1, 1.1 * 1.1, 3 * 1.1, 100 * 1.1)
print(1e300 * 1e300, -1e-300 * 1e-300, 1e-300 * 1e-300)
print(12345678.9, 0.000012345, 123456789012.345)
