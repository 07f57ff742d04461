# Stress: 4 threads append to one list under a Lock and update one dict, for many
# iterations, while a collection is forced every few hundred iterations. The final
# contents are checked exactly: every item present once, every count right.
import threading
import parvm

# Under CPython (expected output) the workloads/parvm.py shim has no collect(): CPython
# collects on its own. On parvm a missing collect() is an error, not a silent skip.
if hasattr(parvm, "collect") or parvm.variant() in ("gil", "none", "stm", "nogil"):
    collect = parvm.collect
else:
    import gc
    collect = gc.collect

NTHREADS = 4
ITERS = 3000
lock = threading.Lock()
items = []
counts = {}
tags = {}


def work(tid):
    for i in range(ITERS):
        key = "k%d" % (i % 97)
        with lock:
            items.append((tid, i, "v%d-%d" % (tid, i)))
            counts[key] = counts.get(key, 0) + 1
        tags[(tid, i % 10)] = [tid] * (i % 5)
        if i % 500 == 250:
            collect()


ts = [threading.Thread(target=work, args=(t,)) for t in range(NTHREADS)]
for t in ts:
    t.start()
collect()
for t in ts:
    t.join()
collect()

print("items", len(items))
print("distinct", len(set(items)))
ok = True
for tid in range(NTHREADS):
    mine = [x for x in items if x[0] == tid]
    if [x[1] for x in mine] != list(range(ITERS)):
        ok = False
    if any(x[2] != "v%d-%d" % (tid, x[1]) for x in mine):
        ok = False
print("each thread's items in its order", ok)
print("counts total", sum(counts.values()))
print("counts", sorted(counts.items())[:5], len(counts))
print("tags", len(tags), sorted(tags.items())[:3])
expected = {}
for i in range(ITERS):
    k = "k%d" % (i % 97)
    expected[k] = expected.get(k, 0) + NTHREADS
print("counts exact", counts == expected)
