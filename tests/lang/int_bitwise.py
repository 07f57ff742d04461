# Bitwise operators on ints, including negative operands (two's complement semantics
# with infinite sign extension), shifts and precedence.
vals = [0, 1, 5, 12, 255, -1, -6, 1023]
for a in vals:
    print(a, ~a, a & 0xF, a | 0x10, a ^ 0xAA, a << 3, a >> 1)
print(6 & 3, 6 | 3, 6 ^ 3)
print(-6 & 3, -6 | 3, -6 ^ 3, -6 & -3)
print(1 << 62, (1 << 62) >> 61, -1 >> 10, -1024 >> 3, -1025 >> 3)
print(1 << 0, 5 >> 0, 5 >> 10, 0 << 50)
print(1 | 2 ^ 3 & 4, (1 | 2) ^ (3 & 4), 1 + 2 << 3, 1 + (2 << 3))
print(~0, ~-1, ~~7)
h = 0
for ch in "hello world":
    h = (h * 31 + ord(ch)) & 0xFFFFFFFF
print(h)
h = 5381
for ch in "the quick brown fox":
    h = ((h << 5) + h + ord(ch)) & 0xFFFFFFFFFFFF
print(h)
x = 0b1011_0110
count = 0
while x:
    x &= x - 1
    count += 1
print(count)
m = 0xDEADBEEF
print(hex(m), bin(10), oct(8), hex(-255), bin(-5))
try:
    print(1 << -1)
except ValueError as e:
    print("ValueError", e)
print(True & False, True | False, True ^ True, type(True & True).__name__)
