# Increments under `with parvm.atomic:` on two threads while collections come and go:
# each thread calls parvm.collect() every few increments, so the other is stopped at a
# safepoint, often inside an atomic block that owns the counter, and on stm a thread
# often finds itself alone before or after a collection (solo transactions, which
# neither log nor check their reads). No increment may be lost or doubled.
# (The race this guards against, a thread counted as "not running" while still
# parked at the safepoint of a collection that had just ended, showed in the counter
# workload in 3 runs of 30 and not here in 45; see docs/architecture.md.)
# threads-repeat: 4
#
# atomic_counter_gc.out comes from python3.
import threading
import parvm

ITERS = 3000
COLLECT_EVERY = 25


class Box:
    def __init__(self):
        self.n = 0


box = Box()


def work():
    junk = []
    for i in range(ITERS):
        with parvm.atomic:
            box.n += 1
        junk.append([i, i + 1])
        if i % COLLECT_EVERY == 0:
            junk = []
            parvm.collect()


threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter", box.n)
print("lost or doubled", 2 * ITERS - box.n)
