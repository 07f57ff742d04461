# Unpacking: tuple and list targets, nesting, star targets in every position, swaps,
# unpacking any iterable, for-loop targets, errors for wrong counts, star in displays.
a, b = 1, 2
a, b = b, a
print(a, b)
[c, d] = "xy"
(e, f), g = (3, 4), 5
print(c, d, e, f, g)
first, *rest = [1, 2, 3, 4]
*init, last = range(5)
h, *mid, t = "abcde"
x, *empty = [9]
print(first, rest, init, last, h, mid, t, x, empty)
(p, *q), r = [1, 2, 3], 4
print(p, q, r)
for i, (name, score) in enumerate([("ann", 90), ("bob", 85)]):
    print(i, name, score)
for (x1, y1), (x2, y2) in [((0, 0), (1, 1)), ((2, 3), (4, 5))]:
    print(x2 - x1, y2 - y1)
for k, *vals in [("a", 1, 2), ("b",), ("c", 3)]:
    print(k, vals)
i = j = k = 0
i += 1
print(i, j, k)
lst = [0, 0, 0]
idx = 0
idx, lst[idx] = 2, "set"
print(idx, lst)
class NS:
    pass
obj = NS()
obj.a, obj.b = "A", "B"
print(obj.a, obj.b)
dd = {}
dd["x"], dd["y"] = divmod(17, 5)
print(dd)
a, b, c = {"one": 1, "two": 2, "three": 3}
print(a, b, c)
s1, s2 = {7}, (8,)
print(s1 == {7}, s2)
for bad in [lambda: [1, 2, 3], lambda: [1], lambda: 5]:
    try:
        u, v = bad()
        print("unpacked", u, v)
    except ValueError as err:
        print("ValueError", err)
    except TypeError as err:
        print("TypeError", err)
print([*range(3), *"ab", 9], (*[1, 2],), {**{"a": 1}, "b": 2}, sorted({*[3, 1], *(2,)}))
def pair():
    return "L", "R"
left, right = pair()
print(left + right)
m = [[1, 2], [3, 4]]
[[m00, m01], [m10, m11]] = m
print(m00 + m11, m01 * m10)
a = b = [1]
a.append(2)
print(a, b)
n1, n2 = n3, n4 = 1, 2
print(n1, n2, n3, n4)
