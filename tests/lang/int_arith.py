# Integer arithmetic: the four operations, floor division and modulo with every sign
# combination, divmod, pow with two and three arguments, and the 64-bit boundary values
# (which must not overflow: every result here fits in a signed 64-bit int).
print(7 + 3, 7 - 3, 7 * 3, 7 / 2, 6 / 3)
print(-7 + 3, -7 - 3, -7 * 3, -7 / 2)
for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3), (-6, 3), (1, 10), (-1, 10)]:
    print(a, b, a // b, a % b, divmod(a, b))
print(2 ** 10, 2 ** 0, 0 ** 0, (-2) ** 3, (-2) ** 4, -2 ** 2)
print(2 ** -1, 10 ** -2)
print(pow(2, 10), pow(3, 4, 5), pow(7, 0, 3), pow(-3, 3, 7), pow(123456789, 987654321, 1000000007))
print(pow(2, 62), pow(10, 18))
big = 2 ** 62 - 1 + 2 ** 62          # 2**63 - 1 without ever leaving 64 bits
small = -big - 1                     # -2**63
print(big, small)
print(big // 2, big % 1000, small // 3, small % 7)
print(big - 1, small + 1, -big)
print(abs(-5), abs(5), abs(0), abs(-big))
print(1000000007 * 1000000007)
print(3037000499 * 3037000499)
print(-(-5), +(-5), -0, +0)
print(17 // 5 * 5 + 17 % 5, -17 // 5 * 5 + -17 % 5)
print(1 + 2 * 3 - 4 // 2 ** 1 % 3)
print(2 ** 3 ** 2, (2 ** 3) ** 2)
print(10 - 5 - 2, 100 // 10 // 3, 2 * 3 % 4)
x = 0
for i in range(1, 21):
    x = x * 3 + i
print(x)
fact = 1
for i in range(1, 21):
    fact *= i
print(fact)
print(int(True) + True + False, True * 10, True / 2)
try:
    print(1 // 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    print(1 % 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    print(1 / 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    divmod(5, 0)
except ZeroDivisionError:
    print("divmod by zero")
try:
    pow(2, 3, 0)
except ValueError:
    print("pow modulus zero")
print(0x1f, 0o17, 0b1011, 1_000_000, 0xFF_FF)
