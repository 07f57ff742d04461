# skiplist: a shared skip list under a read-mostly mix: 98% lookups, 1% inserts,
# 1% removes. Lookups take no lock at all; inserts and removes take one writer lock.
#
# Stresses:   read sharing with lock-free readers racing concurrent writers: the
#             pattern where a GIL costs nothing, the no-GIL build must keep racing
#             reads valid, and STM sees readers' transactions conflict with writes.
# Scaling:    strong. `ops` operations cut into TASKS equal tasks; task k runs on thread
#             k % nthreads with its own random.Random(seed + k).
# Sharing:    one SkipList, built by the main thread with the stable keys before the
#             threads start, then read and updated by every thread.
# Sync:       a threading.Lock serialises writers. Readers need none because writers
#             publish safely: an insert links a fully built node bottom level first,
#             and a remove unlinks a node without clearing its forward pointers, so a
#             reader standing on it still reaches every key that is in the list.
#             (On the no-GIL build this relies on a thread's stores becoming visible
#             to others in program order: true on x86; weaker memory models need the
#             VM to publish attribute and list stores with release semantics.)
# Determinism: the same key partition as btree: stable keys 4*s are never removed,
#             keys 4*s+1 never inserted, task k alone inserts, removes and looks up its
#             own keys 4*(k + TASKS*j) + 2.
# Result:     (lookup hits, final number of keys, checksum of the keys in order); the
#             list's ordering at every level is checked at the end.
#
# CPython 3.11, this machine, 1 thread: tiny 3 ms, small 0.16 s, medium 0.88 s, large 11 s.

import random
import threading

TASKS = 32
MAX_LEVEL = 20
MOD = 1000000007

SIZES = {
    "tiny": {"stable": 200, "ops": 2000, "seed": 1},
    "small": {"stable": 2000, "ops": 100000, "seed": 2},
    "medium": {"stable": 10000, "ops": 480000, "seed": 3},
    "large": {"stable": 50000, "ops": 4000000, "seed": 4},
}


class Node:
    def __init__(self, key, level):
        self.key = key
        self.next = [None] * level


class SkipList:
    def __init__(self):
        self.head = Node(-1, MAX_LEVEL)
        self.write_lock = threading.Lock()

    def contains(self, key):
        node = self.head
        for level in range(MAX_LEVEL - 1, -1, -1):
            nxt = node.next[level]
            while nxt is not None and nxt.key < key:
                node = nxt
                nxt = node.next[level]
        # nxt is the first node at level 0 not below key. Re-reading node.next[0]
        # here would be a bug: a writer may have linked a smaller key after node since.
        return nxt is not None and nxt.key == key

    def predecessors(self, key):
        """For each level, the last node with a key below `key` (caller holds the lock)."""
        preds = [None] * MAX_LEVEL
        node = self.head
        for level in range(MAX_LEVEL - 1, -1, -1):
            nxt = node.next[level]
            while nxt is not None and nxt.key < key:
                node = nxt
                nxt = node.next[level]
            preds[level] = node
        return preds

    def insert(self, key, level):
        """Insert key (absent) with a tower of `level` pointers."""
        with self.write_lock:
            preds = self.predecessors(key)
            node = Node(key, level)
            for i in range(level):
                node.next[i] = preds[i].next[i]
            for i in range(level):
                preds[i].next[i] = node

    def remove(self, key):
        with self.write_lock:
            preds = self.predecessors(key)
            node = preds[0].next[0]
            if node is None or node.key != key:
                return False
            for i in range(len(node.next) - 1, -1, -1):
                preds[i].next[i] = node.next[i]
            return True

    def check(self):
        """Assert every level is sorted and a sublist of the level below; return the keys."""
        below = None
        for level in range(MAX_LEVEL):
            keys = []
            node = self.head.next[level]
            while node is not None:
                assert not keys or keys[-1] < node.key, "level out of order"
                keys.append(node.key)
                node = node.next[level]
            if level == 0:
                below = set(keys)
                bottom = keys
            else:
                for k in keys:
                    assert k in below, "upper level key missing below"
        return bottom


def random_level(rng):
    level = 1
    while level < MAX_LEVEL and rng.random() < 0.25:
        level += 1
    return level


def run_task(slist, task, params, ops):
    rng = random.Random(params["seed"] * 1000 + task)
    stable = params["stable"]
    mine = []
    serial = 0
    hits = 0
    for _ in range(ops):
        r = rng.random()
        if r < 0.01:
            key = 4 * (task + TASKS * serial) + 2
            serial += 1
            slist.insert(key, random_level(rng))
            mine.append(key)
        elif r < 0.02 and mine:
            key = mine.pop(rng.randrange(len(mine)))
            assert slist.remove(key), "a task's own key vanished"
        else:
            if mine and r < 0.1:
                key = rng.choice(mine)
            else:
                key = 4 * rng.randrange(stable) + rng.randrange(2)
            if slist.contains(key):
                hits += 1
    return hits


def worker(tid, nthreads, slist, params, out):
    hits = 0
    per_task = params["ops"] // TASKS
    for task in range(tid, TASKS, nthreads):
        hits += run_task(slist, task, params, per_task)
    out[tid] = hits


def run(nthreads, params):
    slist = SkipList()
    rng = random.Random(params["seed"])
    for s in range(params["stable"]):
        slist.insert(4 * s, random_level(rng))
    out = [0] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, slist, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    keys = slist.check()
    checksum = 0
    for k in keys:
        checksum = (checksum * 31 + k) % MOD
    return (sum(out), len(keys), checksum)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (1002, 209, 659718644),
    'small': (52267, 2167, 70699971),
    'medium': (253217, 10370, 246652012),
    'large': (2117375, 51506, 649280623),
}
