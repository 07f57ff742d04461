# Helpers of the race_* programs: start N threads on a target and join them, a GC
# trigger that works on parvm and CPython, and container invariant checks that walk a
# container in every way a program can (iteration, len, indexing, lookups).
import threading
import parvm

if hasattr(parvm, "collect"):
    collect = parvm.collect
else:
    import gc
    collect = gc.collect


def run_threads(n, target, *args):
    ts = [threading.Thread(target=target, args=(i,) + args) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def check_list(xs, valid):
    """Every item valid, len agrees with iteration and indexing."""
    n = len(xs)
    seen = 0
    for x in xs:
        assert valid(x), "invalid list item %r" % (x,)
        seen += 1
    assert seen == n, "len %d but iteration saw %d" % (n, seen)
    for i in range(n):
        assert valid(xs[i])
    return n


def check_dict(d, valid):
    """Keys unique, len agrees with every view, every key found by lookup."""
    keys = list(d)
    assert len(keys) == len(d), "len %d but %d keys" % (len(d), len(keys))
    assert len(set(keys)) == len(keys), "duplicate keys"
    for k in keys:
        assert k in d
        assert valid(k, d[k]), "invalid item %r: %r" % (k, d[k])
    assert len(list(d.items())) == len(keys)
    assert len(list(d.values())) == len(keys)
    return len(keys)


def check_set(s, valid):
    xs = list(s)
    assert len(xs) == len(s) and len(set(xs)) == len(xs)
    for x in xs:
        assert x in s and valid(x)
    return len(xs)
