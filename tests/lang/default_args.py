# Default argument values are evaluated once, when the def statement runs: mutable
# defaults are shared between calls, defaults see the value at definition time, and
# defaults may refer to earlier names.
calls = []
def stamp(tag):
    calls.append(tag)
    return tag
print("before def", calls)
def f(a=stamp("a"), b=stamp("b")):
    return a + b
print("after def", calls)
print(f(), f("x"), f(b="y"), calls)
n = 10
def g(x=n):
    return x
n = 20
print(g(), n)
def accumulate(v, into=[]):
    into.append(v)
    return into
r1 = accumulate(1)
r2 = accumulate(2)
print(r1, r2, r1 is r2)
print(accumulate(3, []), accumulate(4))
def counter(d={"n": 0}):
    d["n"] += 1
    return d["n"]
print(counter(), counter(), counter({"n": 100}), counter())
def make():
    def inner(k=len(calls)):
        return k
    return inner
i1 = make()
calls.append("more")
i2 = make()
print(i1(), i2())
def with_none(x, seen=None):
    seen = [] if seen is None else seen
    seen.append(x)
    return seen
print(with_none(1), with_none(2))
class K:
    default = 5
    def m(self, v=default):
        return v
K.default = 6
print(K().m(), K().m(7))
