# Race on purpose: threads set, read and delete attributes of shared objects (so the
# instance dicts resize under the inline caches), call methods through caches that
# other threads refill with other classes, and change a class's methods meanwhile.
# threads-repeat: 5
# threads-racy: shared containers and variables without locks
from _race import run_threads, check_dict, collect

N = 4
ITERS = 2000


class A:
    def who(self):
        return 1


class B:
    def who(self):
        return 2


class C(A):
    pass


shared = A()
objs = [A(), B(), C(), A(), B()]


def new_who(self):
    return 3


def work(tid):
    for i in range(ITERS):
        setattr(shared, "a%d" % (i % 40), i)
        shared.x = tid
        v = shared.x
        assert type(v) is int
        if i % 9 == 0 and hasattr(shared, "a%d" % ((i + 20) % 40)):
            try:
                delattr(shared, "a%d" % ((i + 20) % 40))
            except AttributeError:
                pass
        o = objs[(i + tid) % len(objs)]
        r = o.who()
        assert r in (1, 2, 3), r
        if tid == 0 and i % 100 == 0:
            C.who = new_who if i % 200 == 0 else A.who
        if i % 700 == 0:
            collect()


run_threads(N, work)
check_dict(shared.__dict__, lambda k, v: type(v) is int)
print("x", type(shared.x).__name__)
print("attrs ok")
