# dict: insertion order, get/setdefault/pop/popitem/update/keys/values/items/copy/clear,
# fromkeys, membership, deletion, KeyError, re-insertion order, views in loops.
d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
print(d, len(d), list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.get("a"), d.get("zz"), d.get("zz", 0), "a" in d, "zz" not in d, 20 in d)
print(d.setdefault("a", 100), d.setdefault("n", []), d)
d["n"].append(1)
print(d.pop("n"), d.pop("zz", "dflt"), d)
try:
    d.pop("zz")
except KeyError as e:
    print("KeyError", e)
try:
    print(d["missing"])
except KeyError as e:
    print("KeyError", e, repr(e), e.args)
del d["b"]
d["b"] = 2
print(d)
d.update({"a": 10, "z": 26})
d.update(y=25)
d.update([("x", 24)])
print(d)
print(d.popitem(), d)
e = d.copy()
e["new"] = 1
print(len(d), len(e))
e.clear()
print(e, bool(e), bool(d))
print(dict(a=1, b=2), dict([(1, "one"), (2, "two")]), dict({"k": "v"}, extra=0), dict())
print(dict.fromkeys("abc", 0), dict.fromkeys([1, 2]))
for k, v in {"x": 1, "y": 2}.items():
    print(k, v, end="; ")
print()
counts = {}
for w in "the cat and the hat and the bat".split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
print(max(counts, key=counts.get), min(counts.values()), sum(counts.values()))
nested = {"outer": {"inner": [1, 2, {"deep": True}]}}
print(nested["outer"]["inner"][2]["deep"], nested)
print({1: "a"} == {1: "a"}, {1: "a", 2: "b"} == {2: "b", 1: "a"}, {} == {})
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError", e)
keys = {(1, 2): "t", 3.5: "f", None: "n", True: "b", "s": "s"}
print(keys[(1, 2)], keys[3.5], keys[None], keys[1], keys["s"])
m = {i: i * i for i in range(5)}
for k in list(m):
    if k % 2:
        del m[k]
print(m)
try:
    for k in m:
        m[k + 100] = 0
except RuntimeError as e:
    print("RuntimeError", e)
big = {}
for i in range(1000):
    big[i * 7 % 1000] = i
print(len(big), big[0], big[7], big[993], list(big)[:5])
for i in range(0, 1000, 2):
    del big[i]
print(len(big), list(big)[:5], sum(big))
print({**d, "q": 1}, {**{"a": 1}, "a": 2})
