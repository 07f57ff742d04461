# btree: a shared B-tree under a read-mostly mix: 98% lookups, 1% inserts, 1% removes,
# every operation one `with atomic:` block.
#
# Stresses:   a shared pointer-based structure under low contention: lookups read the
#             same upper nodes (read sharing); updates write leaves, occasionally
#             splitting or merging nodes up to the root (rare write conflicts).
# Scaling:    strong. `ops` operations cut into TASKS equal tasks; task k runs on thread
#             k % nthreads with its own random.Random(seed + k).
# Sharing:    one BTree, built by the main thread with the stable keys before the
#             threads start, then read and updated by every thread.
# Sync:       parvm.atomic around each operation (the whole descent and any split or
#             merge is one atomic block).
# Determinism: keys are partitioned so that the result cannot depend on interleaving:
#             stable keys 4*s are never removed (lookups of them always hit), keys 4*s+1
#             are never inserted (always miss), and task k inserts and removes only its
#             own keys 4*(k + TASKS*j) + 2, which only task k looks up.
# Result:     (lookup hits, final number of keys, checksum of the keys in order); the
#             tree's invariants are checked at the end (an AssertionError fails the run).
#
# CPython 3.11, this machine, 1 thread: tiny 3 ms, small 0.19 s, medium 0.87 s, large 10 s.

import random
import threading

from parvm import atomic

TASKS = 32
MIN_DEGREE = 8          # every node but the root holds MIN_DEGREE-1 .. 2*MIN_DEGREE-1 keys
MOD = 1000000007

SIZES = {
    "tiny": {"stable": 200, "ops": 2000, "seed": 1},
    "small": {"stable": 2000, "ops": 100000, "seed": 2},
    "medium": {"stable": 10000, "ops": 400000, "seed": 3},
    "large": {"stable": 50000, "ops": 4000000, "seed": 4},
}


def lower_bound(keys, key):
    """First index i with keys[i] >= key."""
    lo = 0
    hi = len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


class Node:
    def __init__(self, keys, children):
        self.keys = keys
        self.children = children        # empty for a leaf

    def is_leaf(self):
        return not self.children


class BTree:
    def __init__(self):
        self.root = Node([], [])

    def contains(self, key):
        node = self.root
        while True:
            i = lower_bound(node.keys, key)
            if i < len(node.keys) and node.keys[i] == key:
                return True
            if node.is_leaf():
                return False
            node = node.children[i]

    def insert(self, key):
        """Insert key (absent) by splitting full nodes on the way down."""
        root = self.root
        if len(root.keys) == 2 * MIN_DEGREE - 1:
            root = Node([], [root])
            self.split_child(root, 0)
            self.root = root
        node = root
        while not node.is_leaf():
            i = lower_bound(node.keys, key)
            if len(node.children[i].keys) == 2 * MIN_DEGREE - 1:
                self.split_child(node, i)
                if key > node.keys[i]:
                    i += 1
            node = node.children[i]
        node.keys.insert(lower_bound(node.keys, key), key)

    def split_child(self, parent, i):
        full = parent.children[i]
        t = MIN_DEGREE
        right = Node(full.keys[t:], full.children[t:])
        parent.keys.insert(i, full.keys[t - 1])
        parent.children.insert(i + 1, right)
        full.keys = full.keys[:t - 1]
        full.children = full.children[:t]

    def remove(self, key):
        """Remove key if present; return whether it was. Every node entered on the
        way down has at least MIN_DEGREE keys, so a removal never underflows."""
        found = self.remove_from(self.root, key)
        if not self.root.keys and not self.root.is_leaf():
            self.root = self.root.children[0]
        return found

    def remove_from(self, node, key):
        t = MIN_DEGREE
        while True:
            i = lower_bound(node.keys, key)
            if i < len(node.keys) and node.keys[i] == key:
                if node.is_leaf():
                    node.keys.pop(i)
                    return True
                left = node.children[i]
                right = node.children[i + 1]
                if len(left.keys) >= t:
                    node.keys[i] = self.largest(left)
                    key = node.keys[i]
                    node = left
                elif len(right.keys) >= t:
                    node.keys[i] = self.smallest(right)
                    key = node.keys[i]
                    node = right
                else:
                    self.merge(node, i)
                    node = left
                continue
            if node.is_leaf():
                return False
            if len(node.children[i].keys) < t:
                i = self.fill(node, i)
            node = node.children[i]

    def largest(self, node):
        while not node.is_leaf():
            node = node.children[-1]
        return node.keys[-1]

    def smallest(self, node):
        while not node.is_leaf():
            node = node.children[0]
        return node.keys[0]

    def merge(self, node, i):
        """Merge child i+1 and the separating key into child i."""
        left = node.children[i]
        right = node.children.pop(i + 1)
        left.keys.append(node.keys.pop(i))
        left.keys.extend(right.keys)
        left.children.extend(right.children)

    def fill(self, node, i):
        """Give child i at least MIN_DEGREE keys; return the index to descend into."""
        t = MIN_DEGREE
        child = node.children[i]
        if i > 0 and len(node.children[i - 1].keys) >= t:
            left = node.children[i - 1]
            child.keys.insert(0, node.keys[i - 1])
            node.keys[i - 1] = left.keys.pop()
            if not left.is_leaf():
                child.children.insert(0, left.children.pop())
            return i
        if i + 1 < len(node.children) and len(node.children[i + 1].keys) >= t:
            right = node.children[i + 1]
            child.keys.append(node.keys[i])
            node.keys[i] = right.keys.pop(0)
            if not right.is_leaf():
                child.children.append(right.children.pop(0))
            return i
        if i + 1 < len(node.children):
            self.merge(node, i)
            return i
        self.merge(node, i - 1)
        return i - 1

    def check(self):
        """Assert the B-tree invariants; return the keys in order."""
        out = []
        leaf_depths = []
        self.check_node(self.root, None, None, 0, out, leaf_depths, True)
        for d in leaf_depths:
            assert d == leaf_depths[0], "leaves at different depths"
        return out

    def check_node(self, node, lo, hi, depth, out, leaf_depths, is_root):
        n = len(node.keys)
        assert n <= 2 * MIN_DEGREE - 1, "overfull node"
        assert is_root or n >= MIN_DEGREE - 1, "underfull node"
        for j in range(n):
            k = node.keys[j]
            assert lo is None or k > lo, "key order"
            assert hi is None or k < hi, "key order"
            assert j == 0 or node.keys[j - 1] < k, "key order"
        if node.is_leaf():
            leaf_depths.append(depth)
            out.extend(node.keys)
            return
        assert len(node.children) == n + 1, "child count"
        for j in range(n + 1):
            child_lo = lo if j == 0 else node.keys[j - 1]
            child_hi = hi if j == n else node.keys[j]
            self.check_node(node.children[j], child_lo, child_hi, depth + 1, out,
                            leaf_depths, False)
            if j < n:
                out.append(node.keys[j])


def run_task(tree, task, params, ops):
    rng = random.Random(params["seed"] * 1000 + task)
    stable = params["stable"]
    mine = []           # keys this task inserted and has not removed
    serial = 0
    hits = 0
    for _ in range(ops):
        r = rng.random()
        if r < 0.01:
            key = 4 * (task + TASKS * serial) + 2
            serial += 1
            with atomic:
                tree.insert(key)
            mine.append(key)
        elif r < 0.02 and mine:
            key = mine.pop(rng.randrange(len(mine)))
            with atomic:
                removed = tree.remove(key)
            assert removed, "a task's own key vanished"
        else:
            if mine and r < 0.1:
                key = rng.choice(mine)
            else:
                key = 4 * rng.randrange(stable) + rng.randrange(2)
            with atomic:
                if tree.contains(key):
                    hits += 1
    return hits


def worker(tid, nthreads, tree, params, out):
    hits = 0
    per_task = params["ops"] // TASKS
    for task in range(tid, TASKS, nthreads):
        hits += run_task(tree, task, params, per_task)
    out[tid] = hits


def run(nthreads, params):
    tree = BTree()
    for s in range(params["stable"]):
        tree.insert(4 * s)
    out = [0] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, tree, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    keys = tree.check()
    checksum = 0
    for k in keys:
        checksum = (checksum * 31 + k) % MOD
    return (sum(out), len(keys), checksum)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (1000, 208, 584358471),
    'small': (52254, 2172, 506204016),
    'medium': (210925, 10300, 243235644),
    'large': (2117261, 51598, 33646805),
}
