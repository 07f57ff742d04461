# Condition: wait/notify hand items from a producer to a consumer one at a time, and
# notify_all wakes every waiter. The output depends only on the program, not on the
# schedule: items are consumed in order and the woken waiters are printed sorted.
import threading

cond = threading.Condition()
box = []
consumed = []
N = 20


def consumer():
    for _ in range(N):
        with cond:
            while not box:
                cond.wait()
            consumed.append(box.pop())
            cond.notify()


def producer():
    for i in range(N):
        with cond:
            while box:
                cond.wait()
            box.append(i * i)
            cond.notify()


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
p.join()
c.join()
print("consumed", consumed)

# notify_all: every waiter must be woken; each records itself once.
ready = 0
go = False
woken = []


def waiter(name):
    global ready
    with cond:
        ready += 1
        cond.notify_all()
        while not go:
            cond.wait()
        woken.append(name)


ws = [threading.Thread(target=waiter, args=("w%d" % i,)) for i in range(5)]
for w in ws:
    w.start()
with cond:
    while ready < len(ws):
        cond.wait()
    go = True
    cond.notify_all()
for w in ws:
    w.join()
print("woken", sorted(woken))

# A wait that nobody notifies times out with False; waiting without the lock is an error.
with cond:
    print("wait with timeout returns", cond.wait(0.01))
try:
    cond.wait()
except RuntimeError as e:
    print("RuntimeError:", e)
