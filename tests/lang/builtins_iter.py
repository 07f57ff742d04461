# Iteration builtins: enumerate (start), zip (unequal lengths, several iterables),
# map (one and two iterables), filter (None and a function), reversed, iter, next
# (with default), any, all, list/tuple/dict/set construction from iterators.
print(list(enumerate("abc")), list(enumerate("abc", 1)), list(enumerate([], 5)), list(enumerate("xy", -1)))
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1, 2])), list(zip("ab", "cd", "ef")))
print(dict(zip(["a", "b"], [1, 2, 3])), list(zip(*[(1, "a"), (2, "b")])))
print(list(map(str, [1, 2])), list(map(lambda a, b: a + b, [1, 2, 3], [10, 20])), list(map(abs, (-1, 2))))
print(list(map(pow, [2, 3], [3, 2])), list(map(len, ["", "ab", [1]])))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(lambda x: x % 2, range(8))))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(3))), list(reversed((1, 2))))
it = iter([10, 20, 30])
print(next(it), next(it), next(it), next(it, "done"), next(it, None))
try:
    next(it)
except StopIteration:
    print("StopIteration")
it2 = iter("ab")
print(list(it2), list(it2))
d = {"x": 1, "y": 2}
di = iter(d)
print(next(di), next(di))
print(any([]), all([]), any([0, 0, 1]), all([1, 1, 0]), any(x > 3 for x in range(5)), all(c.isalpha() for c in "abc"))
e = enumerate(["p", "q"])
print(next(e), list(e))
z = zip(range(3), range(10, 13))
print(next(z), list(z))
m = map(lambda x: x * 2, [1, 2, 3])
print(next(m), list(m), list(m))
print(tuple(map(int, "123")), set(map(len, ["a", "bb", "cc"])) == {1, 2}, dict(enumerate("ab")))
print(sum(map(int, "1 2 3".split())), max(map(len, ["a", "abc", "ab"])), sorted(filter(str.isupper, "aBcDe")))
keys = ["a", "b", "c"]
vals = [1, 2, 3]
for i, (k, v) in enumerate(zip(keys, vals), start=1):
    print(i, k, v, end="; ")
print()
print(list(zip(range(5), reversed(range(5)), "abcde"))[1:3])
rows = [[1, 2, 3], [4, 5, 6]]
print([list(col) for col in zip(*rows)])
try:
    iter(5)
except TypeError as e:
    print("TypeError", e)
try:
    next([1, 2])
except TypeError as e:
    print("TypeError", e)
