# Slices with steps on lists, tuples, strings and ranges; slice assignment and
# deletion; slice objects.
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[-3:], a[:-7], a[::3], a[1::2], a[::-1], a[::-3], a[8:2:-2])
print(a[-100:100], a[5:2], a[2:5:-1], a[-1:-4:-1], a[::100], a[3:3])
t = tuple(a)
print(t[1:4], t[::-2], t[:0], type(t[1:2]).__name__)
r = range(0, 20, 3)
print(r[1:4], list(r[::-1]), list(r[1:5:2]), r[-1], r[2])
s = "abcdefgh"
print(s[1:7:2], s[7:1:-3], s[-2::-2], s[::-1][::-1])
b = a[:]
b[2:5] = ["x", "y"]
print(b)
b[1:1] = [100, 101]
print(b)
b[:] = [1, 2, 3]
print(b)
b[len(b):] = [4, 5]
print(b)
b[::2] = ["e0", "e2", "e4"]
print(b)
try:
    b[::2] = [1, 2]
except ValueError:
    print("ValueError extended slice size")
c = list(range(10))
del c[::3]
print(c)
del c[1:3]
print(c)
del c[-1]
print(c)
sl = slice(1, 8, 2)
print(a[sl], "abcdefghij"[sl], sl.start, sl.stop, sl.step)
print(a[slice(3)], a[slice(None, None, -1)][:2])
m = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[1] for row in m], m[1][::-1], m[::-1][0], [row[::2] for row in m[::2]])
x = [0] * 5
x[1:4] = range(3)
print(x)
print(a[2:8][1:4][::-1])
