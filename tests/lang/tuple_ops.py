# Tuples: construction, the one-element tuple, packing and unpacking, concatenation,
# count/index, comparison, hashing as dict keys, immutability.
t = (1, 2, 3)
e = ()
one = (5,)
print(t, e, one, (5), len(e), len(one), type(one).__name__)
print(t + (4,), t * 2, t[1], t[-1], t[::-1], 2 in t, 9 not in t)
p = 1, "a", None
print(p, type(p).__name__)
print(t.count(2), (1, 1, 2).count(1), t.index(3))
print((1, 2) == (1, 2), (1, 2) < (1, 2, 3), (2,) > (1, 9, 9), (1, "a") < (1, "b"))
print(tuple([1, 2]), tuple("xy"), tuple(range(3)), tuple())
d = {(0, 0): "origin", (1, 2): "pt"}
print(d[(1, 2)], d[0, 0], (1, 2) in d)
try:
    t[0] = 9
except TypeError:
    print("TypeError immutable")
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], len(nested))
print(max((3, "c"), (3, "d"), (1, "z")), min([(2, 1), (1, 5), (1, 2)]))
print(hash((1, 2)) == hash((1, 2)), (1, [2]) == (1, [2]))
try:
    hash((1, [2]))
except TypeError as e:
    print("TypeError", e)
print(repr((1,)), repr(()), str(("a", 1.5)))
