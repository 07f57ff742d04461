# nqueens: every solution of the n-queens problem, enumerated by recursive generators.
#
# Stresses:   generator frames (creation, suspension, resumption through a chain of
#             nested generators), small tuples, integer bit operations; no sharing.
# Scaling:    strong. A task is one valid placement of the queens on the first two
#             rows; task k goes to thread k % nthreads, which enumerates the solutions
#             of that subtree.
# Sharing:    none while computing; each thread returns (count, checksum) of its
#             subtrees, combined by + (order-independent).
# Sync:       join only.
# Result:     (number of solutions, sum over solutions of a weighted column checksum).
#
# CPython 3.11, this machine, 1 thread: tiny 1 ms, small 0.18 s, medium 1.01 s, large 6 s.

import threading

MOD = 1000000007

SIZES = {
    "tiny": {"n": 7},
    "small": {"n": 11},
    "medium": {"n": 12},
    "large": {"n": 13},
}


def place(n, row, queens, cols, diag1, diag2):
    """Yield each completion of `queens` (a tuple of columns, one per filled row)."""
    if row == n:
        yield queens
        return
    for c in range(n):
        d1 = row + c
        d2 = row - c + n
        if (cols >> c) & 1 or (diag1 >> d1) & 1 or (diag2 >> d2) & 1:
            continue
        for solution in place(n, row + 1, queens + (c,), cols | (1 << c),
                              diag1 | (1 << d1), diag2 | (1 << d2)):
            yield solution


def first_two_rows(n):
    """The subtrees: every non-attacking placement of queens on rows 0 and 1."""
    tasks = []
    for c0 in range(n):
        for c1 in range(n):
            if c1 != c0 and abs(c1 - c0) != 1:
                tasks.append((c0, c1))
    return tasks


def solve_subtree(n, c0, c1):
    cols = (1 << c0) | (1 << c1)
    diag1 = (1 << c0) | (1 << (1 + c1))
    diag2 = (1 << (n - c0)) | (1 << (1 - c1 + n))
    count = 0
    checksum = 0
    for queens in place(n, 2, (c0, c1), cols, diag1, diag2):
        count += 1
        weight = 0
        for row in range(n):
            weight = weight * n + queens[row]
        checksum = (checksum + weight) % MOD
    return count, checksum


def worker(tid, nthreads, n, out):
    tasks = first_two_rows(n)
    count = 0
    checksum = 0
    for k in range(tid, len(tasks), nthreads):
        c0, c1 = tasks[k]
        cnt, s = solve_subtree(n, c0, c1)
        count += cnt
        checksum = (checksum + s) % MOD
    out[tid] = (count, checksum)


def run(nthreads, params):
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, params["n"], out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    count = 0
    checksum = 0
    for cnt, s in out:
        count += cnt
        checksum = (checksum + s) % MOD
    return (count, checksum)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (40, 16470840),
    'small': (2680, 635941181),
    'medium': (14200, 739480316),
    'large': (73712, 424685762),
}
