# generator.close() and yield from: close() runs pending finally blocks at once,
# closing an exhausted or unstarted generator is harmless, yield from delegates to
# sub-iterators and passes on their return value.
def guarded(n):
    try:
        for i in range(n):
            yield i
    finally:
        print("  cleanup", n)
g = guarded(5)
for x in g:
    if x == 1:
        break
print("after break")
g.close()
print("closed")
g.close()
print(next(g, "nothing left"))
u = guarded(2)
u.close()
print("unstarted closed")
def stateful():
    log = []
    try:
        while True:
            log.append(len(log))
            yield list(log)
    finally:
        print("  stateful done", log)
s = stateful()
print(next(s), next(s), next(s))
s.close()
def count_up(n):
    for i in range(n):
        yield i
    return n * 10
def delegating():
    yield "begin"
    r = yield from count_up(3)
    yield r
    yield from "xy"
    yield from [7, 8]
print(list(delegating()))
def inner():
    try:
        yield 1
        yield 2
    finally:
        print("  inner finally")
def outer():
    try:
        yield from inner()
    finally:
        print("  outer finally")
o = outer()
print(next(o))
o.close()
print("end")
