# Race on purpose: writers grow and shrink a list and a dict (resizing their storage)
# while readers iterate over them, and a collector thread forces collections. Readers
# may see stale or changing contents and dict iteration may raise RuntimeError; they
# must never see an invalid item.
# threads-repeat: 5
# threads-racy: shared containers and variables without locks
from _race import run_threads, check_list, check_dict, collect

ITERS = 1500
xs = list(range(50))
d = {i: i for i in range(50)}


def writer(i):
    for k in range(ITERS):
        xs.append(k)
        xs.extend([k, k])
        if len(xs) > 400:
            del xs[:300]
        d[k % 600] = k
        if k % 3 == 0:
            d.pop((k * 7) % 600, None)


def reader(i):
    seen = 0
    for k in range(ITERS // 10):
        for x in xs:
            assert type(x) is int
            seen += 1
        try:
            for key in d:
                assert type(d.get(key, 0)) is int
        except RuntimeError:
            pass
        if sorted(xs[:20]) is None:
            raise AssertionError


def gc_thread(i):
    for k in range(30):
        collect()


def work(i):
    if i < 2:
        writer(i)
    elif i < 4:
        reader(i)
    else:
        gc_thread(i)


run_threads(5, work)
check_list(xs, lambda x: type(x) is int)
check_dict(d, lambda k, v: type(k) is int and type(v) is int)
print("iterate ok")
