# Objects whose state changes after they were made, on the paths where Python code
# runs between the look-up and the store (a key's __eq__, __getitem__ iteration,
# an iterable assigned to args): the checking build asserts a write grant at each
# store. Also: iterators advanced by for loops and next(), generators resumed, sent
# to, thrown into and closed, exceptions raised again (traceback, chaining, __cause__),
# function and class attributes, the __class__ cell of super(), thread-local storage.

class Key:
    def __init__(self, k):
        self.k = k
    def __hash__(self):
        return 7                      # every key collides: each probe runs __eq__
    def __eq__(self, other):
        probe.append(self.k)          # Python code during the dict's look-up
        return isinstance(other, Key) and self.k == other.k
    def __repr__(self):
        return "Key(%r)" % self.k

probe = []
d = {}
for i in range(3):
    d[Key(i)] = i
d[Key(1)] = "one"                     # replaces: __eq__ runs before the store
del d[Key(2)]
print(sorted(d.values(), key=str), len(probe) > 0)
s = {Key(5)}
s.add(Key(5))
s.discard(Key(5))
print(len(s))

class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i

it = iter(Seq())
print(next(it), list(it), list(it))
print([x for x in Seq()], sum(Seq()))

lst = [1, 2, 3, 4]
it = iter(lst)
print(next(it), next(it))
for x in it:
    print("rest", x)
print(next(it, "done"))
for x in range(3):
    pass
r = iter(range(2))
print(list(r), list(r))
de = iter({"a": 1, "b": 2})
print(next(de), list(de))

def gen():
    total = 0
    try:
        while True:
            v = yield total
            if v is None:
                break
            total += v
    finally:
        print("gen finally", total)
    return total

g = gen()
print(next(g), g.send(5), g.send(7))
try:
    g.send(None)
except StopIteration as e:
    print("returned", e.value)
g2 = gen()
next(g2)
g2.close()
g3 = gen()
next(g3)
try:
    g3.throw(ValueError("boom"))
except ValueError as e:
    print("thrown", e)

def delegate():
    r = yield from gen()
    yield "after", r
d2 = delegate()
print(next(d2), d2.send(3), d2.send(None))
d2.close()

saved = ValueError("saved")
for attempt in range(2):
    try:
        try:
            raise KeyError("inner")
        except KeyError:
            raise saved
    except ValueError as e:
        print(attempt, type(e.__context__).__name__, e.__cause__)
try:
    raise saved from TypeError("cause")
except ValueError as e:
    print(type(e.__cause__).__name__, e.__suppress_context__)

e = RuntimeError("x")
e.args = (n * 2 for n in range(3))    # a generator: Python code before the store
print(e.args)
e.__suppress_context__ = True
e.__context__ = KeyError("k")
e.note = "extra"
print(e.__suppress_context__, type(e.__context__).__name__, e.note)

def f():
    return 1
f.tag = "t"
f.__name__ = "renamed"
print(f.__name__, f.tag, sorted(f.__dict__))

class A:
    pass
A.x = 1
a = A()
a.y = 2
print(A.x, a.y, a.__dict__)
del A.x
print(hasattr(a, "x"))

class Base:
    def who(self):
        return "base"
class Derived(Base):
    def who(self):
        return "derived/" + super().who()
print(Derived().who())

import threading
loc = threading.local()
loc.v = 1
print(loc.v, getattr(loc, "w", None))
