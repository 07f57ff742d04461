# Recursion that would exhaust the C stack raises RecursionError instead: Python calls,
# repr of a very deeply nested list, a __repr__ that calls itself, a generator that
# delegates to itself; self-referencing containers print with an ellipsis.
def f(n):
    return f(n + 1)
try:
    f(0)
except RecursionError as e:
    print("RecursionError", e)
x = []
for i in range(100000):
    x = [x]
try:
    print(len(repr(x)))
except RecursionError:
    print("repr RecursionError")
class A:
    def __repr__(self):
        return repr(self)
try:
    repr(A())
except RecursionError:
    print("dunder RecursionError")
def g():
    yield from g()
try:
    next(g())
except RecursionError:
    print("gen RecursionError")
d = {}
d[1] = d
l = [1]
l.append(l)
print(d, l)
