# A shared dict and a shared list mutated by 4 threads, every access inside
# `with parvm.atomic:`. Each thread owns its keys and items ((tid, k) tuples) and
# follows its own seeded random plan: insert, overwrite, delete, append, insert at the
# front, remove one of its items from wherever it is, and bursts that grow the dict and
# the list by hundreds of entries (forcing resizes) before shrinking them again, some
# within one block and some across blocks with the other threads running in between.
# Every block also updates per-thread live counts kept in shared lists, and every
# thread checks, inside atomic blocks, that len(d) and len(lst) equal the sums of those
# counts, that a burst popped back from the end of the list is exactly what the same
# block appended, and now and then that every entry is well formed.
#
# The final contents do not depend on the interleaving (each thread only ever touches
# its own keys and items), only the list's order does: they are printed sorted.
# threads-gil-args: --switch-ticks 5
# threads-repeat: 3
import random
import threading
import parvm

NTHREADS = 4
OPS = 1500
KEYS = 60           # keys per thread in the steady part of the dict

d = {}
lst = []
live_d = [0] * NTHREADS
live_l = [0] * NTHREADS
errors = []


def value(tid, k, gen):
    return (tid * 1000 + k) * 10 + gen % 10


def check_all(tid, where):
    """Inside an atomic block: every entry well formed, every count agrees."""
    n = 0
    per = [0] * NTHREADS
    for key in d:
        t, k = key
        v = d[key]
        if v // 10 != t * 1000 + k:
            errors.append((tid, where, "bad value", key, v))
        per[t] += 1
        n += 1
    if n != len(d) or per != live_d:
        errors.append((tid, where, "dict counts", per, live_d))
    per = [0] * NTHREADS
    for item in lst:
        per[item[0]] += 1
    if per != live_l:
        errors.append((tid, where, "list counts", per, live_l))


def work(tid):
    rng = random.Random(77 + tid)
    mine_d = set()          # keys of mine in d
    mine_l = []             # items of mine in lst
    pending = []            # burst keys inserted by an earlier block, not yet deleted
    serial = 0
    for op in range(OPS):
        r = rng.random()
        k = rng.randrange(KEYS)
        key = (tid, k)
        with parvm.atomic:
            if len(d) != sum(live_d) or len(lst) != sum(live_l):
                errors.append((tid, op, "len", len(d), sum(live_d), len(lst), sum(live_l)))
            if r < 0.25:
                if key not in d:
                    live_d[tid] += 1
                d[key] = value(tid, k, op)
                mine_d.add(key)
            elif r < 0.40:
                if key in d:
                    del d[key]
                    live_d[tid] -= 1
                    mine_d.discard(key)
            elif r < 0.45:
                got = d.pop(key, None)
                if (got is None) == (key in mine_d):
                    errors.append((tid, op, "pop", key, got))
                if got is not None:
                    live_d[tid] -= 1
                    mine_d.discard(key)
            elif r < 0.60:
                serial += 1
                item = (tid, serial)
                lst.append(item)
                mine_l.append(item)
                live_l[tid] += 1
            elif r < 0.67:
                serial += 1
                item = (tid, serial)
                lst.insert(0, item)
                mine_l.append(item)
                live_l[tid] += 1
            elif r < 0.80:
                if mine_l:
                    item = mine_l.pop(rng.randrange(len(mine_l)))
                    i = lst.index(item)
                    if lst.pop(i) != item:
                        errors.append((tid, op, "list pop", item))
                    live_l[tid] -= 1
            elif r < 0.85:
                # A burst within one block: the dict and the list grow by hundreds and
                # shrink back; nobody else may see or touch the burst.
                n0d = len(d)
                n0l = len(lst)
                for j in range(300):
                    d[(tid, 10000 + j)] = value(tid, 10000 + j, j)
                    lst.append((tid, -1 - j))
                if len(d) != n0d + 300 or len(lst) != n0l + 300:
                    errors.append((tid, op, "burst grow", len(d) - n0d, len(lst) - n0l))
                for j in range(299, -1, -1):
                    if lst.pop() != (tid, -1 - j):
                        errors.append((tid, op, "burst pop", j))
                    del d[(tid, 10000 + j)]
                if len(d) != n0d or len(lst) != n0l:
                    errors.append((tid, op, "burst shrink", len(d) - n0d, len(lst) - n0l))
            elif r < 0.90:
                # A burst across blocks: inserted now, deleted by a later block.
                if pending:
                    for bk in pending:
                        del d[bk]
                    live_d[tid] -= len(pending)
                    pending = []
                else:
                    base = 20000 + op
                    for j in range(200):
                        bk = (tid, base * 1000 + j)
                        d[bk] = value(tid, base * 1000 + j, j)
                        pending.append(bk)
                    live_d[tid] += 200
            elif r < 0.97:
                if key in d and d[key] // 10 != tid * 1000 + k:
                    errors.append((tid, op, "lookup", key, d[key]))
                if (key in d) != (key in mine_d):
                    errors.append((tid, op, "membership", key))
            else:
                check_all(tid, op)
    with parvm.atomic:
        for bk in pending:
            del d[bk]
        live_d[tid] -= len(pending)
        check_all(tid, "end")


threads = [threading.Thread(target=work, args=(t,)) for t in range(NTHREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

print("threads", NTHREADS, "ops each", OPS)
print("errors", len(errors))
for e in errors[:5]:
    print("  ", e)
print("dict", len(d), "live counts", live_d)
items = sorted(d.items())
print("dict first", items[:4])
print("dict last", items[-4:])
print("dict checksum", sum(t * 1000003 + k * 101 + v for (t, k), v in items))
print("list", len(lst), "live counts", live_l)
srt = sorted(lst)
print("list first", srt[:4])
print("list last", srt[-4:])
print("list checksum", sum(t * 1000003 + s for t, s in srt))
print("list distinct", len(set(lst)) == len(lst))
