# generator expressions: laziness, single use, as the sole argument of a call,
# with filters and nested loops, short-circuiting any/all.
g = (x * 2 for x in range(4))
print(next(g), next(g), list(g), list(g))
print(sum(x * x for x in range(10)), max(len(w) for w in ["a", "abc", "ab"]))
print(list(x for x in "hello" if x != "l"), tuple(i for i in range(3)))
print(sorted((c for c in "zebra"), reverse=True), ",".join(str(i) for i in range(5)))
print(dict((k, k * 2) for k in range(3)), sorted(set(x % 3 for x in range(10))))
print(list((i, j) for i in range(3) for j in range(i, 3)))
calls = []
def check(v):
    calls.append(v)
    return v > 2
print(any(check(v) for v in [1, 3, 5, 0]), calls)
calls.clear()
print(all(check(v) for v in [5, 4, 1, 9]), calls)
def counter():
    counter.n += 1
    return counter.n
counter.n = 0
lazy = (counter() for _ in range(3))
print(counter.n)
print(next(lazy), counter.n)
print(list(lazy), counter.n)
it = (x for x in [1])
print(next(it))
try:
    next(it)
except StopIteration:
    print("StopIteration")
print(next(it, "default"))
nested = sum(sum(j for j in range(i)) for i in range(5))
print(nested)
print(min((abs(x - 7), x) for x in [1, 5, 9, 8]))
print(list(zip((a for a in "abc"), (b for b in range(10)))))
