# The with statement: __enter__ result bound by as, __exit__ called on normal exit,
# on exceptions (receiving type, value, traceback) and on return/break; a true return
# value from __exit__ suppresses the exception; multiple managers in one statement
# exit in reverse order.  (The traceback argument is not inspected.)
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("  enter", self.name)
        return self
    def __exit__(self, et, ev, tb):
        print("  exit", self.name, et.__name__ if et else None, ev if ev is None else str(ev))
        return self.suppress
with CM("a") as c:
    print("  body", c.name)
print("after a")
with CM("b", suppress=True):
    raise ValueError("swallowed")
print("after b")
try:
    with CM("c"):
        raise KeyError("escapes")
except KeyError as e:
    print("caught", e)
with CM("outer") as o, CM("inner") as i:
    print("  both", o.name, i.name)
def ret():
    with CM("r"):
        return "returned"
print(ret())
for n in range(3):
    with CM("loop%d" % n):
        if n == 1:
            break
class Only:
    def __init__(self, exc_type):
        self.exc_type = exc_type
    def __enter__(self):
        return None
    def __exit__(self, et, ev, tb):
        return et is not None and issubclass(et, self.exc_type)
for exc in [ValueError("v"), TypeError("t")]:
    try:
        with Only(ValueError) as nothing:
            print("  inside, as-target is", nothing)
            raise exc
        print("suppressed", type(exc).__name__)
    except TypeError:
        print("not suppressed", type(exc).__name__)
class Resource:
    opened = 0
    def __enter__(self):
        Resource.opened += 1
        return self
    def __exit__(self, *args):
        Resource.opened -= 1
        return False
with Resource():
    with Resource():
        print("open:", Resource.opened)
print("open:", Resource.opened)
class Timer:
    def __enter__(self):
        self.log = ["start"]
        return self.log
    def __exit__(self, et, ev, tb):
        self.log.append("stop")
t = Timer()
with t as log:
    log.append("work")
print(t.log)
class Exploding:
    def __enter__(self):
        raise RuntimeError("enter failed")
    def __exit__(self, *a):
        print("  never called")
try:
    with Exploding():
        print("  never run")
except RuntimeError as e:
    print("caught", e)
