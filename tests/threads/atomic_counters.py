# Shared counters of every kind a program can write, incremented under
# `with parvm.atomic:` by 4 threads: a module global, a list element, a dict value, an
# instance attribute, a class attribute, a closure cell written through `nonlocal`
# (both from the thread's own code and from a helper closure it calls). Without the
# atomic blocks these read-modify-writes lose updates (lost_updates.py): on the no-GIL
# build anywhere, on the GIL build where a tick falls between the read and the write.
# Every total must be exact.
#
# Phase 1 increments all the counters in one atomic block and first checks that they
# are all equal: they only ever change together, so a block that sees them differ has
# seen another block half done. Phase 2 increments each counter in an atomic block of
# its own, with a function call (a tick) between the read and the write.
#
# On the GIL build the GIL changes hands every 3 ticks outside atomic blocks: with the
# atomic blocks replaced by a do-nothing context manager, that schedule loses updates
# and fails the phase 1 check (--switch-ticks 1 and 2 happen to alias with the loop's
# ticks and lose nothing).
# threads-gil-args: --switch-ticks 3
# threads-repeat: 3
import threading
import parvm

NTHREADS = 4
N1 = 1500
N2 = 800

g1 = 0
g2 = 0
lst = [0, 0, 0]
d = {"a": 0, "b": 0}


class Box:
    shared1 = 0         # class attributes, incremented through the class
    shared2 = 0

    def __init__(self):
        self.n1 = 0
        self.n2 = 0


box = Box()


def make_counter():
    count = 0

    def inc():
        nonlocal count
        count += 1

    def get():
        return count

    return inc, get


inc1, get1 = make_counter()
inc2, get2 = make_counter()


def same(x):
    return x


def main():
    local1 = 0          # cells of main(), written by the threads via nonlocal
    local2 = 0
    mismatches = []

    def work(tid):
        nonlocal local1, local2
        global g1, g2
        for i in range(N1):
            with parvm.atomic:
                vals = (g1, lst[1], d["a"], box.n1, Box.shared1, get1(), local1)
                if len(set(vals)) != 1:
                    mismatches.append((tid, i, vals))
                g1 += 1
                lst[1] += 1
                d["a"] += 1
                box.n1 += 1
                Box.shared1 += 1
                inc1()
                local1 += 1
        for i in range(N2):
            with parvm.atomic:
                v = g2
                g2 = same(v) + 1
            with parvm.atomic:
                v = lst[2]
                lst[2] = same(v) + 1
            with parvm.atomic:
                v = d["b"]
                d["b"] = same(v) + 1
            with parvm.atomic:
                d["t%d" % tid] = d.get("t%d" % tid, 0) + 1
                d["all"] = d.get("all", 0) + 1
            with parvm.atomic:
                v = box.n2
                box.n2 = same(v) + 1
            with parvm.atomic:
                v = Box.shared2
                Box.shared2 = same(v) + 1
            with parvm.atomic:
                inc2()
            with parvm.atomic:
                v = local2
                local2 = same(v) + 1
            with parvm.atomic:
                lst[0] += 2
                lst[0] -= 1

    threads = [threading.Thread(target=work, args=(t,)) for t in range(NTHREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return local1, local2, mismatches


local1, local2, mismatches = main()
e1 = NTHREADS * N1
e2 = NTHREADS * N2
print("threads", NTHREADS, "phase 1", N1, "phase 2", N2)
print("phase 1 mismatches", len(mismatches), mismatches[:3])
print("global", g1, g2)
print("list", lst)
print("dict", sorted(d.items()))
print("instance attribute", box.n1, box.n2)
print("class attribute", Box.shared1, Box.shared2)
print("closure via helper", get1(), get2())
print("closure via nonlocal", local1, local2)
ok1 = [g1, lst[1], d["a"], box.n1, Box.shared1, get1(), local1] == [e1] * 7
ok2 = [g2, lst[0], lst[2], d["b"], d["all"], box.n2, Box.shared2, get2(), local2] == [e2] * 9
ok3 = [d["t%d" % t] for t in range(NTHREADS)] == [N2] * NTHREADS
print("all exact", ok1, ok2, ok3)
