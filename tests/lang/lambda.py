# lambda: expressions as values, defaults, *args/**kwargs, closures, immediately
# invoked, as sort keys, conditional bodies, nested lambdas.
sq = lambda x: x * x
print(sq(7), (lambda: "no args")(), (lambda a, b=2: a + b)(1), (lambda a, b=2: a + b)(1, 5))
print((lambda *a, **k: (a, sorted(k)))(1, 2, z=3, y=4))
print((lambda x, *, y: x - y)(10, y=3))
sign = lambda n: "neg" if n < 0 else ("zero" if n == 0 else "pos")
print([sign(v) for v in (-2, 0, 3)])
adder = lambda n: lambda x: x + n
print(adder(3)(4), adder("a")("b"))
pairs = [(1, "one"), (3, "three"), (2, "two")]
print(sorted(pairs, key=lambda p: p[1]), max(pairs, key=lambda p: p[0]))
print(list(map(lambda x, y: x * y, [1, 2, 3], [4, 5, 6])), list(filter(lambda s: s, ["", "a", "", "b"])))
fns = {name: (lambda op: lambda a, b: eval_op(op, a, b))(name) for name in ["add", "mul"]}
def eval_op(op, a, b):
    return a + b if op == "add" else a * b
print(fns["add"](3, 4), fns["mul"](3, 4))
y = 10
show = lambda: y
y = 11
print(show(), (lambda: (lambda: y * 2)())())
print(type(sq).__name__, sq.__name__, callable(sq))
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(10), fact(20))
print((lambda: None)(), (lambda x: (x, x))(1))
