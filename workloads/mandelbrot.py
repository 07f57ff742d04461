# mandelbrot: escape-time Mandelbrot set over a fixed image.
#
# Stresses:   CPU-bound float arithmetic in a tight while loop; nothing is shared.
# Scaling:    strong. The image is fixed; row y goes to thread y % nthreads, so rows
#             near the set (expensive) and far from it (cheap) are spread evenly.
# Sharing:    none while computing. Each thread hands back one list of its row
#             results (one store into a result list), combined in row order.
# Sync:       join only.
# Result:     (points inside the set, checksum of every escape count in raster order).
#
# CPython 3.11, this machine, 1 thread: tiny 1 ms, small 0.19 s, medium 0.83 s, large 9 s.

import threading

MOD = 1000000007

SIZES = {
    "tiny": {"width": 32, "height": 24, "maxiter": 40},
    "small": {"width": 240, "height": 180, "maxiter": 200},
    "medium": {"width": 480, "height": 330, "maxiter": 250},
    "large": {"width": 1500, "height": 1125, "maxiter": 250},
}


def row_counts(y, width, height, maxiter):
    """Escape counts of row y (maxiter for points that never escape)."""
    ci = -1.2 + 2.4 * y / height
    counts = []
    for x in range(width):
        cr = -2.1 + 3.0 * x / width
        zr = 0.0
        zi = 0.0
        n = 0
        while n < maxiter and zr * zr + zi * zi <= 4.0:
            zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
            n += 1
        counts.append(n)
    return counts


def worker(tid, nthreads, params, out):
    rows = []
    for y in range(tid, params["height"], nthreads):
        rows.append(row_counts(y, params["width"], params["height"], params["maxiter"]))
    out[tid] = rows


def run(nthreads, params):
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    inside = 0
    checksum = 0
    maxiter = params["maxiter"]
    for y in range(params["height"]):
        for n in out[y % nthreads][y // nthreads]:
            if n == maxiter:
                inside += 1
            checksum = (checksum * 31 + n) % MOD
    return (inside, checksum)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (174, 461134921),
    'small': (9160, 183018753),
    'medium': (33547, 880551115),
    'large': (356768, 47870032),
}
