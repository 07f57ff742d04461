# sets and frozensets: construction, add/discard/remove/pop, union, intersection,
# difference, symmetric difference, subset tests, membership, comprehensions.
# Sets are never printed directly: their order is an implementation detail.
s = {3, 1, 2, 3, 1}
print(len(s), sorted(s), 2 in s, 5 not in s)
s.add(10)
s.add(1)
s.discard(2)
s.discard(99)
print(sorted(s))
try:
    s.remove(99)
except KeyError as e:
    print("KeyError", e)
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(sorted(a.union(b, [9])), sorted(a.intersection([1, 4, 7])), sorted(a.difference(b)),
      sorted(a.symmetric_difference(b)))
print({1, 2} <= a, {1, 2} < a, a <= a, a < a, a >= {1}, a.issubset(range(10)),
      a.issuperset([1, 2]), a.isdisjoint({7, 8}), a.isdisjoint(b))
print(a == {4, 3, 2, 1}, a != b, set() == set(), {1} == frozenset([1]))
c = set(a)
c |= {7}
c &= {1, 2, 7, 8}
c -= {2}
c ^= {1, 9}
print(sorted(c))
c.update([20, 21], (22,))
print(sorted(c))
p = {5}
print(p.pop(), len(p), bool(p), bool({0}))
try:
    set().pop()
except KeyError:
    print("KeyError pop from empty set")
f = frozenset("hello")
print(sorted(f), len(f), "h" in f)
d = {f: "frozen"}
print(d[frozenset("olleh")])
print(sorted(set("mississippi")), len(set(range(100)) - set(range(0, 100, 3))))
print(sorted({x % 7 for x in range(50)}), sorted({w[0] for w in "apple avocado banana cherry".split()}))
seen = set()
dups = []
for x in [3, 1, 3, 2, 1, 5]:
    if x in seen:
        dups.append(x)
    seen.add(x)
print(dups, sorted(seen))
print(sorted({(1, 2), (1, 2), (2, 1)}), sorted({1, 1.0, True}), len({0, False, 0.0}))
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError", e)
e = set()
print(len(e), sorted(e), set([]) == e)
c2 = a.copy()
c2.clear()
print(len(c2), len(a))
