# Very long atomic blocks next to short ones. Three "long" threads at a time run atomic
# blocks of 20000 iterations of dict and list work on shared containers; two "short"
# threads meanwhile run thousands of tiny atomic blocks on the same containers. A long
# block marks itself as the owner when it starts and checks, all through, that the
# owner mark, a shared dict entry and the list's tail are still its own: any other
# block running in the middle of it would have changed them. A short block checks that
# no long block is half done (the owner mark is clear whenever it gets in).
#
# A transactional build has to get the long blocks through although the short ones
# keep committing, and has to make each print inside a block happen exactly once: the
# long blocks of a first wave of threads print half way through a line that is the same
# in every thread (their order cannot matter); in a second wave, after a long block
# each at the same time, they take turns for one more and print lines of their own at
# its start, half way and at its end.
# threads-repeat: 3
import threading
import parvm

NLONG = 3
NSHORT = 2
ITERS = 20000
SHORT_OPS = 3000

owner = [None]
d = {"owner": None, "hits": 0}
lst = []
turn = [0]
long_errors = []
short_errors = []
short_done = [0]
long_done = [0]


def long_block(tid, phase, label):
    """One long atomic block (the caller holds it): 20000 iterations of dict and list
    work, checking all the way through that no other block got in."""
    if owner[0] is not None:
        long_errors.append((tid, phase, "owner at start", owner[0]))
    owner[0] = tid
    d["owner"] = tid
    base = len(lst)
    acc = 0
    for i in range(ITERS):
        k = "L%d-%d" % (tid, i % 500)
        d[k] = d.get(k, 0) + i
        lst.append(i)
        if i % 3 == 0:
            acc += lst.pop()
        if i % 1000 == 999:
            if owner[0] != tid or d["owner"] != tid:
                long_errors.append((tid, phase, i, "owner", owner[0], d["owner"]))
            if len(lst) - base != i + 1 - (i // 3 + 1):
                long_errors.append((tid, phase, i, "list length", len(lst) - base))
            if lst[-1] != (i if i % 3 else i - 1):
                long_errors.append((tid, phase, i, "list tail", lst[-1]))
        if i == ITERS // 2 and label:
            print(label, "half way")
    # Take back what this block added to the list, and check it is all ours.
    tail = lst[base:]
    del lst[base:]
    expect = [i for i in range(ITERS) if i % 3]
    if tail != expect:
        long_errors.append((tid, phase, "tail", len(tail)))
    if acc != sum(i for i in range(0, ITERS, 3)):
        long_errors.append((tid, phase, "popped sum", acc))
    owner[0] = None
    d["owner"] = None
    long_done[0] += 1
    return acc


def long_worker(tid):
    with parvm.atomic:
        long_block(tid, 1, "a long block is")


def ordered_long_worker(tid):
    # A long block first, at the same time as the other threads' ones, then a second
    # one when it is this thread's turn, so that the lines it prints come out in
    # thread order. Threads are started in that order, so on the 'none' build (each
    # runs to completion at start()) the turn has come when a thread gets there.
    with parvm.atomic:
        long_block(tid, 2, None)
    while True:
        with parvm.atomic:
            if turn[0] == tid:
                print("thread", tid, "long block starts")
                acc = long_block(tid, 3, "thread %d long block is" % tid)
                print("thread", tid, "long block ends", acc, len(lst))
                turn[0] += 1
                break


def short_worker(sid):
    for i in range(SHORT_OPS):
        with parvm.atomic:
            if owner[0] is not None or d["owner"] is not None:
                short_errors.append((sid, i, owner[0], d["owner"]))
            d["hits"] += 1
            k = "S%d-%d" % (sid, i % 50)
            d[k] = d.get(k, 0) + 1
            lst.append(-1)
            lst.pop()
            short_done[0] += 1


def wave(target):
    threads = [threading.Thread(target=target, args=(t,)) for t in range(NLONG)]
    threads += [threading.Thread(target=short_worker, args=(s,)) for s in range(NSHORT)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# Wave 1: the long blocks print the same line, in whatever order they get there.
# Wave 2: a long block each, then one more each, in turn, printing lines of their own.
with parvm.atomic:
    print("main: wave 1,", NLONG, "long and", NSHORT, "short threads")
wave(long_worker)
with parvm.atomic:
    print("main: wave 2")
wave(ordered_long_worker)
with parvm.atomic:
    print("main: all joined")

print("long errors", len(long_errors), long_errors[:3])
print("short errors", len(short_errors), short_errors[:3])
print("long blocks", long_done[0], "short blocks", short_done[0], "hits", d["hits"])
print("list left", len(lst))
print("dict size", len(d))
print("long keys", [d["L%d-%d" % (t, 7)] for t in range(NLONG)])
print("short keys", [d["S%d-%d" % (s, 7)] for s in range(NSHORT)])
