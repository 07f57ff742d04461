# workqueue: a transaction-style work queue. Workers take tasks from one shared queue;
# a task computes privately, then applies its effects to shared state in one
# `with atomic:` block (its "transaction") and may add new tasks to the queue.
#
# Stresses:   the mix a transactional task scheduler produces: a contended queue
#             (Condition, blocking when it runs dry), short atomic blocks that update a
#             shared dict and a shared histogram (moderate write contention), and
#             dynamic task creation (the work is a tree of tasks unknown in advance).
# Scaling:    strong. The task tree is fixed (`roots` roots, `branch` children per task,
#             `depth` levels); any worker runs any task, so the load balances itself.
# Sharing:    write sharing: the queue, the `results` dict (one new key per task) and
#             the `histogram` list are written by every worker.
# Sync:       a threading.Condition protects the queue and the count of running tasks
#             (a worker waits while the queue is empty and others may still add tasks);
#             parvm.atomic around each task's shared updates.
# Determinism: every task runs exactly once and its updates are additions, so the
#             final state does not depend on which worker ran which task, or when.
# Result:     (tasks run, distinct keys in results, checksum over results in key
#             order, then the BUCKETS histogram counts), one flat tuple. The first two
#             are equal when no update is lost.
#
# CPython 3.11, this machine, 1 thread: tiny 1 ms, small 0.21 s, medium 0.86 s, large 9 s.

import threading

from parvm import atomic

MASK = 0xFFFFFFFF
MOD = 1000000007
BUCKETS = 16

SIZES = {
    "tiny": {"roots": 4, "branch": 3, "depth": 3, "work": 50},
    "small": {"roots": 16, "branch": 4, "depth": 5, "work": 200},
    "medium": {"roots": 16, "branch": 4, "depth": 6, "work": 200},
    "large": {"roots": 40, "branch": 4, "depth": 7, "work": 200},
}


class WorkQueue:
    def __init__(self, roots):
        self.tasks = list(roots)
        self.running = 0
        self.cond = threading.Condition()

    def take(self):
        """The next task, or None when the queue is empty and no task is running
        (so no task can appear any more)."""
        with self.cond:
            while not self.tasks and self.running > 0:
                self.cond.wait()
            if not self.tasks:
                return None
            self.running += 1
            return self.tasks.pop()

    def finish(self, children):
        with self.cond:
            self.tasks.extend(children)
            self.running -= 1
            if children or self.running == 0:
                self.cond.notify_all()


class Shared:
    def __init__(self):
        self.results = {}
        self.histogram = [0] * BUCKETS
        self.count = 0


def compute(key, work):
    """The private part of a task: `work` rounds of xorshift seeded by the key."""
    x = ((key & MASK) * 40503 + (key >> 32) + 1) & MASK
    for _ in range(work):
        x ^= (x << 13) & MASK
        x ^= x >> 17
        x ^= (x << 5) & MASK
    return x


def run_task(task, shared, params):
    key, level = task
    value = compute(key, params["work"])
    with atomic:
        shared.results[key] = value
        shared.histogram[value % BUCKETS] += 1
        shared.count += 1
    if level + 1 >= params["depth"]:
        return []
    branch = params["branch"]
    return [(key * branch + i + 1, level + 1) for i in range(branch)]


def worker(queue, shared, params):
    while True:
        task = queue.take()
        if task is None:
            return
        queue.finish(run_task(task, shared, params))


def run(nthreads, params):
    # Root keys are spaced so that the key trees of different roots never overlap.
    span = params["branch"] ** (params["depth"] + 1)
    queue = WorkQueue([(r * span, 0) for r in range(params["roots"])])
    shared = Shared()
    threads = [threading.Thread(target=worker, args=(queue, shared, params))
               for _ in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checksum = 0
    for key in sorted(shared.results):
        checksum = (checksum * 31 + key % MOD * 7 + shared.results[key]) % MOD
    return (shared.count, len(shared.results), checksum) + tuple(shared.histogram)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (52, 52, 397680094, 5, 1, 3, 2, 5, 6, 2, 4, 1, 4, 4, 2, 2, 5, 4, 2),
    'small': (5456, 5456, 230781201, 317, 374, 312, 360, 330, 324, 344, 332, 351, 347, 318, 345, 346, 375, 338, 343),
    'medium': (21840, 21840, 891052423, 1349, 1390, 1404, 1373, 1356, 1324, 1351, 1353, 1317, 1428, 1359, 1354, 1452, 1335, 1357, 1338),
    'large': (218440, 218440, 137028491, 13643, 13711, 13715, 13644, 13706, 13659, 13662, 13703, 13653, 13587, 13593, 13674, 13606, 13649, 13657, 13578),
}
