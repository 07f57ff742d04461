# Closures: captured variables are cells (late binding), closures created in loops,
# the default-argument idiom, counters, function factories, closures over parameters,
# nested functions three levels deep, and functions as values.
def make_adder(n):
    def add(x):
        return x + n
    return add
add5 = make_adder(5)
add10 = make_adder(10)
print(add5(1), add10(1), make_adder(-1)(0))
fs = []
for i in range(3):
    fs.append(lambda: i)
print([f() for f in fs])
fs = []
for i in range(3):
    fs.append(lambda i=i: i * 10)
print([f() for f in fs])
def loop_factory():
    out = []
    for j in range(3):
        def g(k=j):
            return k + j
        out.append(g)
    return out
print([g() for g in loop_factory()])
def late():
    x = 1
    def show():
        return x
    x = 2
    return show
print(late()())
def outer():
    a = "a"
    def middle():
        b = "b"
        def inner():
            return a + b + "c"
        return inner
    return middle()()
print(outer())
def compose(f, g):
    return lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(inc_then_double(5), compose(str, abs)(-3))
def memo(fn):
    cache = {}
    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), len(fib.cache))
def deco_with_arg(tag):
    def deco(fn):
        def wrapped(*a):
            return tag + ":" + str(fn(*a))
        return wrapped
    return deco
@deco_with_arg("sum")
def total(*xs):
    return sum(xs)
print(total(1, 2, 3))
def shared_cell():
    items = []
    def push(v):
        items.append(v)
    def get():
        return list(items)
    return push, get
push, get = shared_cell()
push(1)
push(2)
print(get())
print(callable(add5), callable(5), add5.__name__, fib.__name__)
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
print([ops[o](6, 3) for o in "+-*"])
