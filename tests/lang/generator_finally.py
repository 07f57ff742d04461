# yield inside try/finally and try/except: finally blocks run when the generator is
# exhausted or returns early; exceptions raised inside a generator propagate to the
# consumer.  (Abandoned generators are not used: without reference counting their
# finally blocks run at an unspecified time; see generator_close.py for close().)
def guarded(n):
    try:
        for i in range(n):
            yield i
    finally:
        print("  cleanup", n)
print(list(guarded(3)))
def early(n):
    try:
        for i in range(n):
            if i == 2:
                return "stop"
            yield i
    finally:
        print("  early finally")
print(list(early(5)))
def failing():
    yield 1
    raise ValueError("inside generator")
try:
    for v in failing():
        print("got", v)
except ValueError as e:
    print("caught", e)
def catching():
    try:
        yield 1
        yield 2
    except ZeroDivisionError:
        yield "never"
    finally:
        yield "from finally"
print(list(catching()))
def resilient(items):
    for it in items:
        try:
            yield 10 // it
        except ZeroDivisionError:
            yield "div0"
print(list(resilient([1, 0, 5, 0, 3])))
def nested():
    try:
        try:
            yield "inner"
        finally:
            print("  inner finally")
        yield "outer"
    finally:
        print("  outer finally")
print(list(nested()))
