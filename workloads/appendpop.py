# appendpop: the overhead probe. Every thread fills and drains its own list in bursts
# of appends and pops, a fixed number of times.
#
# Stresses:   the bare cost of the most common container operations and of the
#             interpreter loop around them: list append and pop (with the resizes
#             that bursts of up to 64 items cause), integer arithmetic. Nothing is
#             shared, so any slowdown as threads are added is the VM's own overhead
#             (barriers, per-object locks, allocation, GIL hand-offs).
# Scaling:    weak. Each thread does `rounds` rounds whatever nthreads is: total work
#             grows with the thread count, and ideal scaling is a flat time.
# Sharing:    none (each thread returns one checksum).
# Sync:       join only.
# Result:     (rounds, the checksum of one thread) when every thread computed the
#             same checksum, or "threads disagree" (which fails the check).
#
# CPython 3.11, this machine, 1 thread: tiny 1 ms, small 0.21 s, medium 0.88 s, large 9 s.

import threading

MOD = 1000000007

SIZES = {
    "tiny": {"rounds": 200},
    "small": {"rounds": 60000},
    "medium": {"rounds": 250000},
    "large": {"rounds": 2500000},
}


def probe(rounds):
    items = []
    checksum = 0
    for r in range(rounds):
        burst = 1 + (r * 37) % 64
        for i in range(burst):
            items.append(i ^ r)
        while items:
            checksum = (checksum * 31 + items.pop()) % MOD
    return checksum


def worker(tid, params, out):
    out[tid] = probe(params["rounds"])


def run(nthreads, params):
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for checksum in out:
        if checksum != out[0]:
            return "threads disagree"
    return (params["rounds"], out[0])


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (200, 420713640),
    'small': (60000, 717194670),
    'medium': (250000, 413165716),
    'large': (2500000, 796843896),
}
