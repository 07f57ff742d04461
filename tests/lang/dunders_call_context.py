# __call__ makes instances callable; __enter__/__exit__ make them context managers
# (see with_stmt.py for the statement itself); __len__ on a callable object.
class Multiplier:
    def __init__(self, k):
        self.k = k
        self.calls = 0
    def __call__(self, x, *rest, scale=1):
        self.calls += 1
        return (x + sum(rest)) * self.k * scale
triple = Multiplier(3)
print(triple(2), triple(1, 2, 3), triple(1, scale=10), triple.calls, callable(triple))
print(list(map(triple, [1, 2, 3])), sorted([3, -1, 2], key=Multiplier(-1)))
class Counter:
    def __init__(self):
        self.n = 0
    def __call__(self):
        self.n += 1
        return self.n
tick = Counter()
tick()
tick()
print(tick(), tick.n)
class Tag:
    depth = 0
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("  " * Tag.depth + "<%s>" % self.name)
        Tag.depth += 1
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        Tag.depth -= 1
        print("  " * Tag.depth + "</%s>" % self.name)
        return False
with Tag("html") as h:
    with Tag("body"):
        with Tag("p") as p:
            print("    text", h, p)
class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, other):
        return Adder(self.n + (other.n if isinstance(other, Adder) else other))
    def __repr__(self):
        return "Adder(%d)" % self.n
print(Adder(1)(2)(3)(Adder(10)))
class Method:
    def __init__(self):
        self.handlers = {}
    def on(self, name):
        def register(fn):
            self.handlers[name] = fn
            return fn
        return register
    def __call__(self, name, *args):
        return self.handlers[name](*args)
bus = Method()
@bus.on("sum")
def _sum(*xs):
    return sum(xs)
@bus.on("join")
def _join(*xs):
    return "-".join(xs)
print(bus("sum", 1, 2, 3), bus("join", "a", "b"))
