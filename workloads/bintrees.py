# bintrees: the binary-trees benchmark: build and walk many short-lived complete binary
# trees of several depths, next to one long-lived tree.
#
# Stresses:   allocation and garbage collection: millions of small objects that die
#             young, recursion; a long-lived tree that every collection must trace.
# Scaling:    strong. For each depth d in min_depth, min_depth+2, .. max_depth the
#             benchmark builds 2**(max_depth - d + min_depth) trees; those are cut into
#             PARTS equal batches per depth, and batch k of the global list goes to
#             thread k % nthreads.
# Sharing:    none: every tree is private to the thread that builds it. The long-lived
#             tree is built by the main thread before the workers start and checked
#             after they finish.
# Sync:       join only (the allocator and the collector are where threads meet).
# Result:     (nodes checked at each depth ..., nodes of the long-lived tree).
#
# CPython 3.11, this machine, 1 thread: tiny 1 ms, small 0.16 s, medium 0.87 s, large 6 s.

import threading

PARTS = 16

SIZES = {
    "tiny": {"min_depth": 4, "max_depth": 6},
    "small": {"min_depth": 4, "max_depth": 12},
    "medium": {"min_depth": 4, "max_depth": 14},
    "large": {"min_depth": 4, "max_depth": 16},
}


class Tree:
    def __init__(self, left, right):
        self.left = left
        self.right = right


def make_tree(depth):
    if depth == 0:
        return Tree(None, None)
    return Tree(make_tree(depth - 1), make_tree(depth - 1))


def check_tree(tree):
    if tree.left is None:
        return 1
    return 1 + check_tree(tree.left) + check_tree(tree.right)


def batches(params):
    """(depth, number of trees) for every batch, in a fixed order."""
    out = []
    lo = params["min_depth"]
    hi = params["max_depth"]
    for depth in range(lo, hi + 1, 2):
        trees = 2 ** (hi - depth + lo)
        for part in range(PARTS):
            count = trees * (part + 1) // PARTS - trees * part // PARTS
            if count:
                out.append((depth, count))
    return out


def worker(tid, nthreads, params, out):
    done = {}
    work = batches(params)
    for k in range(tid, len(work), nthreads):
        depth, count = work[k]
        nodes = 0
        for _ in range(count):
            nodes += check_tree(make_tree(depth))
        done[depth] = done.get(depth, 0) + nodes
    out[tid] = done


def run(nthreads, params):
    long_lived = make_tree(params["max_depth"])
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = []
    for depth in range(params["min_depth"], params["max_depth"] + 1, 2):
        result.append(sum(done.get(depth, 0) for done in out))
    result.append(check_tree(long_lived))
    return tuple(result)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (1984, 2032, 127),
    'small': (126976, 130048, 130816, 131008, 131056, 8191),
    'medium': (507904, 520192, 523264, 524032, 524224, 524272, 32767),
    'large': (2031616, 2080768, 2093056, 2096128, 2096896, 2097088, 2097136, 131071),
}
