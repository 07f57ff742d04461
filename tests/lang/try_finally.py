# finally: runs on normal exit, on exceptions (which keep propagating), on return,
# break and continue; return in finally overrides and swallows; exceptions raised in
# finally replace the pending one; nesting order.
def normal():
    try:
        return "try"
    finally:
        print("  finally after return")
print(normal())
def override():
    try:
        return "try"
    finally:
        return "finally"
print(override())
def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
print(swallow())
def propagate():
    try:
        raise KeyError("k")
    finally:
        print("  cleanup before propagation")
try:
    propagate()
except KeyError as e:
    print("propagated", e)
def replace():
    try:
        raise KeyError("original")
    finally:
        raise ValueError("replacement")
try:
    replace()
except ValueError as e:
    print("replaced by", e, type(e.__context__).__name__)
for i in range(4):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("  body", i)
    finally:
        print("  finally", i)
def nested():
    log = []
    try:
        try:
            log.append("inner try")
            raise ValueError
        finally:
            log.append("inner finally")
    except ValueError:
        log.append("outer except")
    finally:
        log.append("outer finally")
    return log
print(nested())
def count_finally(n):
    hits = 0
    for i in range(n):
        try:
            if i % 2:
                continue
        finally:
            hits += 1
    return hits
print(count_finally(7))
def value_at_return():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("  x set to", x)
print(value_at_return())
def through_calls(depth):
    try:
        if depth == 0:
            raise RuntimeError("bottom")
        through_calls(depth - 1)
    finally:
        print("  unwind", depth)
try:
    through_calls(3)
except RuntimeError as e:
    print("caught", e)
def loop_return():
    for i in range(10):
        try:
            if i == 2:
                return i
        finally:
            print("  loop finally", i)
print(loop_return())
def while_break():
    n = 0
    while True:
        try:
            n += 1
            if n == 3:
                break
        finally:
            print("  while finally", n)
    return n
print(while_break())
