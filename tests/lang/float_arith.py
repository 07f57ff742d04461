# Float arithmetic: floor division and modulo with floats and signs, divmod, mixing
# ints and floats, exact conversions, and rounding.
for a, b in [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2), (7, 2.5), (1.0, 0.1), (-0.5, 1)]:
    print(a, b, a / b, a // b, a % b, divmod(a, b))
print(5.0 // 0.3, 5.0 % 0.3)
print(-0.0 + 0.0, 0.0 * -1, -0.0 * -0.0, 0.0 - 0.0)
print(2 ** 0.5, 4 ** 0.5, 2.0 ** 10, 2.0 ** -2, (-2.0) ** 2, 10 ** -1)
print(3 * 0.5, 3 + 0.5, 3 - 0.5, 7 / 7, 1 / 4)
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(-0.5))
print(round(2.675, 2), round(1.005, 2), round(3.14159, 3), round(-1.23456, 1))
print(round(1234.5678, -2), round(1234, -2), round(1250, -2), round(1350, -2))
print(round(7.0), type(round(7.0)).__name__, type(round(7.0, 1)).__name__, round(7.25, 0))
print(int(3.9), int(-3.9), int(0.0), int(-0.5), int(1e15), int(2.0 ** 62))
print(abs(-2.5), abs(-0.0), abs(2.5))
print(float(2 ** 53), float(-17))
print(1.0 == 1, 0.5 + 0.5 == 1, 0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9)
print(sum([0.1] * 10), sum([0.5, 0.25, 0.125]))
print(min(1.5, 2), max(1.5, 2), max(-0.0, 0))
try:
    print(1.0 / 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    print(1.5 // 0.0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    print(1.5 % 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    int(float("inf"))
except OverflowError:
    print("OverflowError")
try:
    int(float("nan"))
except ValueError:
    print("ValueError")
x = 0.0
for i in range(10):
    x += 0.1
print(x, x == 1.0)
print((1.5).is_integer(), (2.0).is_integer())
