# Class attributes changed inside `with parvm.atomic:` while other threads call the
# method and read the class attribute through the interpreter's caches (LOAD_METHOD,
# LOAD_ATTR, the method cache), also inside atomic blocks. The writer changes the
# method and a class attribute together, so a reader that sees one from before and
# the other from after a change has seen half of an atomic block: the STM build must
# make a cached class lookup conflict with a class change like any other read.
# threads-repeat: 3
import threading
import parvm

ROUNDS = 3000
READS = 3000


def who1(self):
    return 1


def who2(self):
    return 2


class A:
    tag = 1
    who = who1


class B(A):
    pass


objs = [A(), B(), A(), B()]
bad = []
done = [False]


def writer():
    for i in range(ROUNDS):
        with parvm.atomic:
            if i % 2:
                A.who = who1
                A.tag = 1
            else:
                A.who = who2
                A.tag = 2


def reader(k):
    seen = 0
    for i in range(READS):
        o = objs[(i + k) % len(objs)]
        with parvm.atomic:
            w = o.who()
            x = 0
            for j in range(20):      # widen the window between the two lookups
                x += j
            t = o.tag
            w2 = o.who()
        if w != t or w != w2:
            bad.append((k, i, w, t, w2))
        seen += 1
    return seen


def run_reader(k, out):
    out[k] = reader(k)


out = [0, 0]
threads = [threading.Thread(target=writer)]
threads += [threading.Thread(target=run_reader, args=(k, out)) for k in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("reads", sum(out))
print("inconsistent", len(bad))
for b in bad[:5]:
    print("  ", b)
print("final", A.tag, objs[1].who())
