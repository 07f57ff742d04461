# global and nonlocal: rebinding module names from functions, rebinding enclosing
# function variables, counters, reading globals without declaring them, and the
# UnboundLocalError when a local shadows a global before assignment.
count = 0
def bump():
    global count
    count += 1
    return count
bump()
bump()
print(count)
def read_only():
    return count * 10
print(read_only())
def make_new_global():
    global created_later
    created_later = "made inside"
make_new_global()
print(created_later)
def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
c1 = counter()
c2 = counter()
print(c1(), c1(), c1(5), c2())
def outer():
    x = "outer"
    def mid():
        nonlocal x
        x = "mid"
        def inner():
            nonlocal x
            x = x + "+inner"
        inner()
    mid()
    return x
print(outer())
def shadow():
    x = "local"
    def f():
        x = "f-local"
        return x
    f()
    return x
print(shadow())
value = "global"
def broken():
    try:
        print(value)
    except UnboundLocalError:
        print("UnboundLocalError")
    value = "local"
    return value
print(broken(), value)
def accumulate(items):
    total = 0
    count = 0
    def add(v):
        nonlocal total, count
        total += v
        count += 1
    for it in items:
        add(it)
    return total, count
print(accumulate([3, 4, 5]))
g_list = []
def append_global(v):
    g_list.append(v)
append_global(1)
append_global(2)
print(g_list)
def rebinding_in_loop():
    global count
    for _ in range(5):
        count += 2
rebinding_in_loop()
print(count)
