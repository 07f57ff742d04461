# Generator functions: yield, next, StopIteration, return value ending iteration,
# for over a generator, generator state between calls, infinite generators consumed
# partially, generators calling generators, send-free pipelines.
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
g = count_up(3)
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration:
    print("exhausted")
print(next(g, "again exhausted"))
print(list(count_up(5)), sum(count_up(101)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
out = []
for v in fib():
    if v > 100:
        break
    out.append(v)
print(out)
def early(n):
    for i in range(n):
        if i == 2:
            return
        yield i
print(list(early(10)))
def trace():
    print("  start")
    yield 1
    print("  middle")
    yield 2
    print("  end")
t = trace()
print("created")
print(next(t))
print(next(t))
print(next(t, "done"))
def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x
def squares(src):
    for x in src:
        yield x * x
print(list(squares(evens(range(10)))))
def chain(*its):
    for it in its:
        for x in it:
            yield x
print(list(chain([1, 2], "ab", (3,))))
def ret():
    yield 1
    return 42
r = ret()
next(r)
try:
    next(r)
except StopIteration as e:
    print("StopIteration value", e.value)
gen = count_up(4)
print(iter(gen) is gen, type(gen).__name__)
a, b, c = count_up(3)
print(a, b, c)
def windowed(seq, n):
    buf = []
    for x in seq:
        buf.append(x)
        if len(buf) > n:
            buf.pop(0)
        if len(buf) == n:
            yield tuple(buf)
print(list(windowed(range(6), 3)))
def gen_with_locals(k):
    total = 0
    for i in range(k):
        total += i
        yield total
print(list(gen_with_locals(6)))
g1 = count_up(2)
g2 = count_up(2)
print(next(g1), next(g1), next(g2))
