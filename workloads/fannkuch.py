# fannkuch: fannkuch-redux, the pancake-flipping count over all permutations of n.
#
# Stresses:   small-list manipulation (slices, reversal, swaps) and integer loops;
#             nothing is shared.
# Scaling:    strong. The n! permutations, in the order of the counting algorithm,
#             are cut into CHUNKS equal index ranges; chunk c goes to thread
#             c % nthreads, which rebuilds the chunk's first permutation from its index
#             and walks the range. Sizes with "perms" visit only the first perms
#             permutations (so a size can sit between n! and (n+1)!).
# Sharing:    none while computing; each thread returns (checksum, maxflips) of its
#             chunks, combined by + and max (both order-independent on ints).
# Sync:       join only.
# Result:     (checksum, maximum flips), as the benchmarks game defines them
#             (n=7: (228, 16), n=9: (8629, 30), n=10: (73196, 38) over all n!).
#
# CPython 3.11, this machine, 1 thread: tiny 6 ms, small 0.19 s, medium 0.84 s, large 9 s.

import threading

CHUNKS = 48

SIZES = {
    "tiny": {"n": 7},
    "small": {"n": 9, "perms": 150000},
    "medium": {"n": 10, "perms": 600000},
    "large": {"n": 11, "perms": 6000000},
}


def factorials(n):
    f = [1]
    for i in range(1, n + 1):
        f.append(f[-1] * i)
    return f


def first_permutation(index, n, fact):
    """The permutation at position index, and the counter state that produces it."""
    perm = list(range(n))
    count = [0] * n
    for i in range(n - 1, 0, -1):
        d, index = divmod(index, fact[i])
        count[i] = d
        perm[:i + 1] = perm[d:i + 1] + perm[:d]
    return perm, count


def next_permutation(perm, count):
    """Advance perm in place: rotate prefixes left until a counter does not wrap."""
    i = 1
    while True:
        first = perm[0]
        perm[:i] = perm[1:i + 1]
        perm[i] = first
        count[i] += 1
        if count[i] <= i:
            return
        count[i] = 0
        i += 1


def flips(perm):
    p = perm[:]
    n = 0
    k = p[0]
    while k != 0:
        p[:k + 1] = p[k::-1]
        n += 1
        k = p[0]
    return n


def chunk(n, lo, hi, fact):
    perm, count = first_permutation(lo, n, fact)
    checksum = 0
    maxflips = 0
    for index in range(lo, hi):
        f = flips(perm)
        if f > maxflips:
            maxflips = f
        if index % 2 == 0:
            checksum += f
        else:
            checksum -= f
        if index + 1 < hi:
            next_permutation(perm, count)
    return checksum, maxflips


def worker(tid, nthreads, params, out):
    n = params["n"]
    fact = factorials(n)
    total = params.get("perms", fact[n])
    checksum = 0
    maxflips = 0
    for c in range(tid, CHUNKS, nthreads):
        lo = total * c // CHUNKS
        hi = total * (c + 1) // CHUNKS
        s, m = chunk(n, lo, hi, fact)
        checksum += s
        maxflips = max(maxflips, m)
    out[tid] = (checksum, maxflips)


def run(nthreads, params):
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checksum = 0
    maxflips = 0
    for s, m in out:
        checksum += s
        maxflips = max(maxflips, m)
    return (checksum, maxflips)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (228, 16),
    'small': (1024, 27),
    'medium': (12489, 31),
    'large': (109342, 39),
}
