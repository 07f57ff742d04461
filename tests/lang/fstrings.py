# f-strings: conversions (!r !s), the common format specs for ints, floats and strs,
# width/alignment/fill, grouping, sign, alternate forms, expressions inside braces.
x = 3.14159265
n = 42
s = "hi"
print(f"{x:.3f}|{n:>6}|{n:06d}|{s:<10}|{s:>5}|{s:^7}|")
print(f"{1234567:,}|{1234567.891:,}|{-9876543:,}|{1234.5:,.2f}")
print(f"{x:e}|{12345.678:e}|{0.000123:.2e}|{x:E}")
print(f"{0.125:%}|{0.5:.1%}|{1:.0%}")
print(f"{n:x}|{n:X}|{n:#x}|{n:o}|{n:#o}|{n:b}|{n:#b}|{255:08b}|{-n:x}")
print(f"{s!r}|{s!s}|{'a b'!r}|{[1, 'x']}|{[1, 'x']!r}")
print(f"{n:+d}|{-n:+d}|{n: d}|{x:+.2f}|{-x:.1f}|{x:10.4f}|{x:<10.2f}|{x:*^12.3f}")
print(f"{n:d}|{n:5d}|{n:<5d}|{n:^5d}|{n:*>7}|{n:_<4}|")
print(f"{1e16}|{0.1 + 0.2}|{x:.0f}|{2.5:.0f}|{3.5:.0f}|{-0.0:.1f}")
print(f"{1.0:g}|{0.00001:g}|{123456789.0:g}|{x:.3g}")
print(f"{n * 2} {n // 5} {s.upper()} {len(s)} {s + '!'} {'yes' if n else 'no'}")
print(f"{{literal}} {{{n}}}")
d = {"k": 5}
print(f"{d['k']} {d}")
items = [("apple", 1.5, 3), ("kiwi", 0.25, 12), ("melon", 3.0, 1)]
for name, price, qty in items:
    print(f"{name:<8}{price:>7.2f}{qty:>4d}{price * qty:>9.3f}")
w = 8
p = 3
print(f"[{s:>{w}}] [{x:.{p}f}]")
print(f"{True}|{None}|{True:d}|{str(None):>6}")
print(f"{'nested ' + f'{n}'}")
print(f"{12:3}|{'ab':3}|{1.5:6}|{1.5:<6}|")
print(f"{1000000:_}|{0:,}|{0.0:e}|{100:.2f}")
