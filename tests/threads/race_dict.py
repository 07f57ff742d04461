# Race on purpose: threads set, overwrite and delete keys of one dict and one set,
# growing them through many resizes, while the others look keys up. Lost updates are
# allowed; a broken table (a key twice, len disagreeing with iteration) is not.
# threads-repeat: 5
# threads-racy: shared containers and variables without locks
from _race import run_threads, check_dict, check_set, collect

N = 4
ITERS = 3000
d = {}
s = set()


def work(tid):
    for i in range(ITERS):
        k = "k%d" % (i % 700)
        d[k] = (tid, i)
        d[i * N + tid] = i
        s.add(i % 500)
        if i % 5 == 0:
            d.pop("k%d" % ((i + 350) % 700), None)
            s.discard((i + 250) % 500)
        v = d.get("k%d" % ((i * 7) % 700))
        assert v is None or type(v) is tuple
        if i % 1000 == 500:
            collect()


run_threads(N, work)
check_dict(d, lambda k, v: type(v) is tuple if type(k) is str else type(v) is int)
int_keys = [k for k in d if type(k) is int]
print("int keys", len(int_keys))
check_set(s, lambda x: type(x) is int and 0 <= x < 500)
print("dict ok")
