# Classes: __init__, methods, class attributes versus instance attributes (shadowing,
# mutation through the class), attributes added later, bound methods as values,
# static-like helpers, getattr/setattr/hasattr, class identity and isinstance.
class Point:
    dims = 2
    instances = 0
    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.instances += 1
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def moved(self, dx, dy=0):
        return Point(self.x + dx, self.y + dy)
    def as_tuple(self):
        return (self.x, self.y)
p = Point(3, 4)
q = p.moved(1)
print(p.norm2(), q.as_tuple(), Point.instances, p.dims, Point.dims)
p.dims = 3
print(p.dims, q.dims, Point.dims)
Point.dims = 5
print(p.dims, q.dims)
del p.dims
print(p.dims)
p.label = "P"
print(p.label, hasattr(p, "label"), hasattr(q, "label"))
m = p.norm2
p.x = 0
print(m(), Point.norm2(q))
print(getattr(p, "y"), getattr(p, "nope", "default"))
setattr(q, "z", 9)
print(q.z, q.z * 2)
try:
    print(p.missing)
except AttributeError:
    print("AttributeError")
class Counter:
    shared = []
    def __init__(self):
        self.own = []
    def add(self, v):
        self.shared.append(v)
        self.own.append(v)
a = Counter()
b = Counter()
a.add(1)
b.add(2)
print(a.own, b.own, a.shared, Counter.shared, a.shared is b.shared)
class Empty:
    pass
e = Empty()
e.anything = 42
print(e.anything, type(e).__name__, type(e) is Empty, isinstance(e, Empty), isinstance(e, object))
class Temp:
    def __init__(self, c):
        self.c = c
    def f(self):
        return self.c * 9 / 5 + 32
    def describe(self):
        return "%.1fC = %.1fF" % (self.c, self.f())
print(Temp(100).describe(), Temp(-40).describe())
class Chain:
    def __init__(self):
        self.ops = []
    def add(self, v):
        self.ops.append(v)
        return self
print(Chain().add(1).add(2).add(3).ops)
print(Point.__name__, p.__class__.__name__, isinstance(p, (int, Point)), issubclass(Point, object))
class WithClassCounter:
    count = 0
    def __init__(self):
        self.count += 1
w = WithClassCounter()
print(w.count, WithClassCounter.count)
def external(self):
    return "external " + str(self.x)
Point.ext = external
print(p.ext())
