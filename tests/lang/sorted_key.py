# sorted and list.sort: key functions, reverse, stability (equal keys keep their input
# order, also with reverse=True), tuples as keys, sorting mixed numeric types, sorting
# by several fields in passes, errors for incomparable items.
words = ["banana", "Apple", "cherry", "date", "Elder", "fig", "apple"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
print(sorted(words, key=lambda w: (len(w), w)))
print(sorted(words, reverse=True))
recs = [("ann", 3), ("bob", 1), ("cid", 3), ("dan", 2), ("eve", 1), ("fay", 3)]
print(sorted(recs, key=lambda r: r[1]))
print(sorted(recs, key=lambda r: r[1], reverse=True))
by_name_desc = sorted(recs, key=lambda r: r[0], reverse=True)
print(sorted(by_name_desc, key=lambda r: r[1]))
print(sorted([3, 1.5, -2, 0, 2.5, True]), sorted([-1, -3, 2], key=abs), sorted([], reverse=True))
print(sorted("hello"), sorted((3, 1, 2)), sorted({"b": 1, "a": 2}), sorted({3: 0, 1: 0}.items()))
print(sorted(range(10), key=lambda n: (n % 3, -n)))
data = [5, 3, 8, 1]
res = data.sort()
print(res, data)
data.sort(key=lambda n: -n)
print(data)
try:
    sorted([1, "a", 2])
except TypeError:
    print("TypeError")
print(sorted([[2, 1], [1, 2], [1, 1, 0], [1]]))
people = [{"n": "x", "age": 30}, {"n": "y", "age": 25}, {"n": "z", "age": 30}]
print([p["n"] for p in sorted(people, key=lambda p: p["age"])])
print([p["n"] for p in sorted(people, key=lambda p: -p["age"])])
print(min(words, key=len), max(words, key=len), min(recs, key=lambda r: r[1]), max(recs, key=lambda r: r[1]))
big = [(i * 7919) % 1009 for i in range(300)]
s = sorted(big)
print(s[:8], s[-3:], all(s[i] <= s[i + 1] for i in range(len(s) - 1)), len(s))
stable = sorted([(i % 5, i) for i in range(30)], key=lambda t: t[0])
print(stable[:7])
print(list(reversed(sorted([2, 3, 1]))), sorted(reversed([2, 3, 1])))
