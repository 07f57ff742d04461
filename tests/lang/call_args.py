# Calls with positional, keyword, default, *args and **kwargs arguments; keyword-only
# parameters after *args or a bare *; argument unpacking at the call site; errors for
# bad calls.
def f(a, b, c=3, *args, d, e=5, **kw):
    return (a, b, c, args, d, e, sorted(kw.items()))
print(f(1, 2, d=4))
print(f(1, 2, 30, 40, 50, d=4, e=6, z=26, y=25))
print(f(b=2, a=1, d=0))
def g(*args, **kwargs):
    return args, kwargs
print(g(), g(1, 2), g(x=1), g(1, *[2, 3], *(4,), k=5, **{"m": 6}, **{"n": 7}))
def kwonly(a, *, key, flag=False):
    return a, key, flag
print(kwonly(1, key="k"), kwonly(a=2, key=None, flag=True))
def pos(a, b, c):
    return a * 100 + b * 10 + c
args = [1, 2, 3]
print(pos(*args), pos(*(4, 5, 6)), pos(1, *[2, 3]), pos(**{"c": 1, "a": 3, "b": 2}))
print(pos(1, c=3, b=2))
def defaults(x, y=[], z={}):
    y.append(x)
    return y
print(defaults(1), defaults(2), defaults(3, []))
opts = {"sep": "-", "end": "!\n"}
print("a", "b", **opts)
def merged(**kw):
    return kw
base = {"a": 1, "b": 2}
print(merged(**base, c=3), merged(**{**base, "b": 20}))
for bad in [lambda: pos(1, 2), lambda: pos(1, 2, 3, 4), lambda: pos(1, 2, 3, a=1),
            lambda: kwonly(1), lambda: kwonly(1, 2), lambda: pos(1, 2, d=3),
            lambda: merged(**base, a=5)]:
    try:
        bad()
        print("no error")
    except TypeError:
        print("TypeError")
def varargs_only(*numbers):
    return len(numbers), sum(numbers)
print(varargs_only(), varargs_only(*range(10)))
def nested_defaults(n, acc=None):
    if acc is None:
        acc = []
    acc.append(n)
    return acc
print(nested_defaults(1), nested_defaults(2))
def ret_multi():
    return 1, "two", [3]
x, y, z = ret_multi()
print(x, y, z, ret_multi())
def no_return():
    pass
print(no_return())
def early(n):
    if n < 0:
        return
    return n
print(early(-1), early(4))
