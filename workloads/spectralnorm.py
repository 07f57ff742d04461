# spectralnorm: the spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1),
# truncated to n x n, by power iteration on A^T A.
#
# Stresses:   float arithmetic (a division and a multiply-add per matrix element),
#             calls in the inner loop; phases separated by barriers.
# Scaling:    strong. Every product A.x or A^T.x is split into nthreads contiguous
#             blocks of rows (equal cost per row); thread t computes block t.
# Sharing:    read sharing: after each phase every thread reads the vector blocks
#             published by all threads. Each thread writes only its own Slot object.
# Sync:       a barrier (Condition-based, written here) after each of the
#             4 * iterations phases; so every phase is a blocking hand-off.
# Result:     the norm formatted with 9 decimals (n=100 gives the classic 1.274219991). Each vector element is computed by
#             the same code in the same order whatever the thread count, and the final
#             dot products run on one thread, so the float result is exact.
#
# CPython 3.11, this machine, 1 thread: tiny 2 ms, small 0.19 s, medium 0.93 s, large 11 s.

import math
import threading

SIZES = {
    "tiny": {"n": 30, "iterations": 5},
    "small": {"n": 200, "iterations": 10},
    "medium": {"n": 420, "iterations": 10},
    "large": {"n": 1400, "iterations": 10},
}


def a(i, j):
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def times_rows(x, lo, hi):
    """Rows lo..hi-1 of A.x"""
    n = len(x)
    out = []
    for i in range(lo, hi):
        s = 0.0
        for j in range(n):
            s += a(i, j) * x[j]
        out.append(s)
    return out


def times_transposed_rows(x, lo, hi):
    """Rows lo..hi-1 of A^T.x"""
    n = len(x)
    out = []
    for i in range(lo, hi):
        s = 0.0
        for j in range(n):
            s += a(j, i) * x[j]
        out.append(s)
    return out


class Barrier:
    """Reusable barrier for a fixed number of threads (generation counting)."""

    def __init__(self, parties):
        self.parties = parties
        self.waiting = 0
        self.generation = 0
        self.cond = threading.Condition()

    def wait(self):
        with self.cond:
            generation = self.generation
            self.waiting += 1
            if self.waiting == self.parties:
                self.waiting = 0
                self.generation += 1
                self.cond.notify_all()
            else:
                while generation == self.generation:
                    self.cond.wait()


class Slot:
    """One thread's published blocks: the vector of the current phase, and its block
    of v (the vector before the last A^T A product)."""

    def __init__(self):
        self.block = []
        self.v_block = []


def gather(slots):
    x = []
    for slot in slots:
        x.extend(slot.block)
    return x


def worker(tid, nthreads, params, slots, barrier):
    n = params["n"]
    lo = n * tid // nthreads
    hi = n * (tid + 1) // nthreads
    me = slots[tid]
    me.block = [1.0] * (hi - lo)
    barrier.wait()
    for _ in range(params["iterations"]):
        # v = A^T A u, then u = A^T A v: four phases, each reading the whole vector
        # that the previous phase published.
        for phase in range(4):
            x = gather(slots)
            barrier.wait()          # everyone has read x before anyone overwrites it
            if phase % 2 == 0:
                me.block = times_rows(x, lo, hi)
            else:
                me.block = times_transposed_rows(x, lo, hi)
            if phase == 1:
                me.v_block = me.block
            barrier.wait()          # the new vector is complete


def run(nthreads, params):
    slots = [Slot() for _ in range(nthreads)]
    barrier = Barrier(nthreads)
    threads = [threading.Thread(target=worker, args=(tid, nthreads, params, slots, barrier))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    u = gather(slots)
    v = []
    for slot in slots:
        v.extend(slot.v_block)
    vbv = 0.0
    vv = 0.0
    for i in range(params["n"]):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return "%.9f" % math.sqrt(vbv / vv)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': '1.274097380',
    'small': '1.274223601',
    'medium': '1.274224091',
    'large': '1.274224151',
}
