# Numeric builtins: abs, divmod, pow, round, min, max (key, default, several args),
# sum (start), int() and float() conversions and their errors.
print(abs(-3), abs(3.5), abs(-0.0), abs(True), abs(-2 ** 62))
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(7.5, 2), divmod(-7.5, 2), divmod(0, 3))
print(pow(2, 8), pow(2, -2), pow(2.5, 2), pow(5, 3, 13), pow(-5, 3, 13), pow(5, 3, -13), pow(0, 0))
print(round(3.14159, 2), round(2.5), round(-3.5), round(7), round(7, -1), round(15, -1), round(25, -1))
print(round(0.125, 2), round(0.375, 2), round(1e18), round(-0.4), round(123.456, -1))
print(min(3, 1, 2), max(3, 1, 2), min([4, 2, 8]), max("abc"), min((5, "x"), (5, "a")))
print(min([], default="empty"), max([], default=None), min([3], default=0), max([1, 5], default=9))
print(min(["aaa", "b", "cc"], key=len), max(["aaa", "b", "cc"], key=len), max([1, -7, 3], key=abs))
print(max([1, 3, 3.0, 2]), max([3.0, 3, 1]), min([2, 1, 1.0]), max(["b", "a", "b"], key=lambda s: 0))
try:
    min([])
except ValueError as e:
    print("ValueError", e)
print(sum([1, 2, 3]), sum([]), sum([1, 2], 10), sum([0.5, 0.25]), sum(range(5), -10), sum([True, True, False]))
print(sum([[1], [2]], []), sum(((1,), (2,)), ()))
print(int(), int(7.9), int(-7.9), int("42"), int(" -13 "), int("+5"), int("0"), int("007"), int(True))
print(int("ff", 16), int("FF", 16), int("101", 2), int("777", 8), int("z", 36), int("0x1A", 16), int("0b11", 0), int("1_000"))
print(float(), float(3), float("2.5"), float(" 1e3 "), float("-.5"), float("inf"), float("-nan") != float("-nan"))
for bad in ["abc", "", "1.5", "12a", " ", "1 2"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError", e)
for bad in ["x", "", "1.2.3"]:
    try:
        float(bad)
    except ValueError as e:
        print("ValueError", e)
try:
    int([1])
except TypeError:
    print("TypeError int([1])")
print(bin(5), hex(255), oct(64), hex(0), bin(-3))
print(abs(-9223372036854775807), 9223372036854775807 // 2, -9223372036854775807 - 1)
