# Leaving `with parvm.atomic:` every way but the end of the block: an exception caught
# outside it, one raised and caught inside it, exceptions the VM raises (KeyError,
# ZeroDivisionError, IndexError, TypeError, AttributeError, StopIteration, a failed
# assert), an exception from deep in a call made inside the block, `return` from inside
# a block in a function (also from a try/finally inside it), `break` and `continue` out
# of a block in a loop, nested blocks left from the inner or the outer level, and a
# re-raise with `raise ... from ...`, an exception passing through a `finally` that
# has an atomic block of its own.
#
# atomic is not a rollback: the block's writes before the exit stay, as with a lock.
# Each step checks that they are visible afterwards, and that the atomic block was
# really left: 4 threads run the whole sequence at once, so a block left open would
# keep the others out (a hang on the no-GIL build) and a block closed twice would let
# two threads in at once (a wrong count in the exclusion check that follows every
# step). Each thread writes its own trace; the main thread prints thread 0's and
# checks that the others are the same.
# threads-gil-args: --switch-ticks 4
# threads-repeat: 3
import threading
import parvm

NTHREADS = 4
ROUNDS = 100

shared = {}         # per-thread scratch, only touched inside atomic blocks
inside = [0]        # threads currently inside the exclusion check
overlaps = [0]
total = [0]


class Oops(Exception):
    pass


def exclusion_check():
    """Many short blocks with a tick between entering and leaving: two threads in at
    once shows up as inside[0] != 1."""
    for _ in range(5):
        with parvm.atomic:
            inside[0] += 1
            step()
            if inside[0] != 1:
                overlaps[0] += 1
            inside[0] -= 1
            total[0] += 1


def step():
    return None


def deep(n, box):
    box.append(n)
    if n == 0:
        raise Oops("deep")
    return deep(n - 1, box)


def ret_from_block(me, v):
    with parvm.atomic:
        me["ret"] = v
        return v * 2


def ret_from_finally(me, log):
    with parvm.atomic:
        try:
            me["fin"] = 1
            return "try"
        finally:
            me["fin"] = 2
            log.append("finally ran")


def ret_from_nested(me):
    with parvm.atomic:
        me["n1"] = 1
        with parvm.atomic:
            me["n2"] = 2
            for i in range(10):
                if i == 3:
                    return i
                me["n3"] = i


def gen_values():
    yield 1


def run(tid, log):
    key = "t%d" % tid
    with parvm.atomic:
        shared[key] = {"list": [], "count": 0}
        me = shared[key]

    # 1. Raised inside, caught outside: the writes before the raise stay.
    try:
        with parvm.atomic:
            me["list"].append("before")
            me["count"] += 1
            raise Oops("one")
    except Oops as e:
        log.append("1 caught outside: %s" % e)
    with parvm.atomic:
        log.append("1 after: %r %d" % (me["list"], me["count"]))
    exclusion_check()

    # 2. Raised and caught inside the block; the block goes on.
    with parvm.atomic:
        try:
            me["count"] += 1
            raise Oops("two")
        except Oops as e:
            me["list"].append("handled %s" % e)
        me["count"] += 1
    with parvm.atomic:
        log.append("2 after: %r %d" % (me["list"], me["count"]))
    exclusion_check()

    # 3. Exceptions raised by the VM itself, each leaving a block.
    cases = [
        ("KeyError", lambda: me["missing"]),
        ("ZeroDivisionError", lambda: me["count"] // 0),
        ("IndexError", lambda: me["list"][99]),
        ("TypeError", lambda: me["list"] + 1),
        ("AttributeError", lambda: me.nothing),
        ("StopIteration", lambda: next(iter([]))),
        ("unhashable", lambda: me.__setitem__([1], 2)),
    ]
    for name, f in cases:
        try:
            with parvm.atomic:
                me["count"] += 1
                f()
                me["count"] += 1000         # never reached
        except Exception as e:
            log.append("3 %s -> %s" % (name, type(e).__name__))
    try:
        with parvm.atomic:
            me["count"] += 1
            assert me["count"] < 0, "count is %d" % me["count"]
    except AssertionError as e:
        log.append("3 assert -> %s" % e)
    g = gen_values()
    next(g)
    try:
        with parvm.atomic:
            next(g)
    except StopIteration:
        log.append("3 exhausted generator")
    with parvm.atomic:
        log.append("3 after: count %d" % me["count"])
    exclusion_check()

    # 4. From deep in a call chain made inside the block.
    box = []
    try:
        with parvm.atomic:
            me["deep"] = box
            deep(20, box)
    except Oops as e:
        log.append("4 %s after %d frames" % (e, len(box)))
    with parvm.atomic:
        log.append("4 after: %d %d" % (len(me["deep"]), me["deep"][-1]))
    exclusion_check()

    # 5. return from inside a block, from try/finally inside one, from nested ones.
    log.append("5 return %d" % ret_from_block(me, 21))
    log.append("5 return %s" % ret_from_finally(me, log))
    log.append("5 return %d" % ret_from_nested(me))
    with parvm.atomic:
        log.append("5 after: %d %d %d %d %d" % (me["ret"], me["fin"], me["n1"], me["n2"], me["n3"]))
    exclusion_check()

    # 6. break and continue out of a block in a loop.
    for i in range(10):
        with parvm.atomic:
            me["count"] += 1
            if i % 2 == 0:
                continue
            me["list"].append(i)
            if i == 7:
                break
    n = 0
    while True:
        n += 1
        with parvm.atomic:
            me["w"] = n
            if n == 5:
                break
    with parvm.atomic:
        log.append("6 after: %r %d %d" % (me["list"][-4:], me["count"], me["w"]))
    exclusion_check()

    # 7. Nested blocks: raised in the inner one, caught between the two; raised in the
    #    inner one, caught outside both; the outer one goes on after the inner raises.
    with parvm.atomic:
        me["x"] = 1
        try:
            with parvm.atomic:
                me["x"] = 2
                raise Oops("inner")
        except Oops as e:
            me["x"] = 3
            log.append("7 caught between: %s" % e)
        me["x"] += 10
    try:
        with parvm.atomic:
            with parvm.atomic:
                with parvm.atomic:
                    me["x"] += 100
                    raise Oops("three deep")
    except Oops as e:
        log.append("7 caught outside: %s" % e)
    with parvm.atomic:
        log.append("7 after: %d" % me["x"])
    exclusion_check()

    # 8. raise ... from ..., and an exception raised while handling another, inside.
    try:
        with parvm.atomic:
            try:
                me["list"].append("pre")
                {}["k"]
            except KeyError as e:
                raise Oops("wrapped") from e
    except Oops as e:
        log.append("8 %s from %s" % (e, type(e.__cause__).__name__))
    try:
        with parvm.atomic:
            try:
                raise ValueError("first")
            except ValueError:
                me["count"] += 1
                raise Oops("second")
    except Oops as e:
        log.append("8 %s while handling %s" % (e, type(e.__context__).__name__))
    try:
        try:
            with parvm.atomic:
                me["f"] = 1
                raise Oops("through finally")
        finally:
            with parvm.atomic:
                me["f"] += 1
    except Oops as e:
        with parvm.atomic:
            log.append("8 %s: %d" % (e, me["f"]))
    with parvm.atomic:
        log.append("8 after: %r %d" % (me["list"][-1], me["count"]))
    exclusion_check()

    # 9. A plain block still works after all of that.
    for r in range(ROUNDS):
        try:
            with parvm.atomic:
                me["count"] += 1
                if r % 3 == 0:
                    raise Oops("round")
        except Oops:
            pass
        exclusion_check()
    with parvm.atomic:
        log.append("9 final count %d" % me["count"])


logs = [[] for _ in range(NTHREADS)]
threads = [threading.Thread(target=run, args=(t, logs[t])) for t in range(NTHREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

for line in logs[0]:
    print(line)
print("every thread traced the same", all(log == logs[0] for log in logs))
print("exclusion checks", total[0], "overlaps", overlaps[0], "inside", inside[0])

# The main thread, alone now, the same with a print inside each block.
try:
    with parvm.atomic:
        print("main: in block")
        raise Oops("main")
except Oops as e:
    print("main: caught", e)
with parvm.atomic:
    print("main: block after the exception")
