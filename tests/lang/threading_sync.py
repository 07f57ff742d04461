# threading: Condition (wait/notify/notify_all, wait_for), Event (set, clear, wait,
# wait with timeout), a bounded producer/consumer queue, a barrier built from a
# Condition, and a deterministic hand-off (ping-pong) between two threads.
import threading
cond = threading.Condition()
items = []
done = []
def consumer(n):
    got = []
    for _ in range(n):
        with cond:
            while not items:
                cond.wait()
            got.append(items.pop(0))
    done.append(got)
def producer(n):
    for i in range(n):
        with cond:
            items.append(i)
            cond.notify()
c = threading.Thread(target=consumer, args=(50,))
p = threading.Thread(target=producer, args=(50,))
c.start()
p.start()
p.join()
c.join()
print(done[0] == list(range(50)), len(done[0]))
ev = threading.Event()
print(ev.is_set(), ev.wait(0.01))
woken = []
wlock = threading.Lock()
def waiter(k):
    ev.wait()
    with wlock:
        woken.append(k)
ws = [threading.Thread(target=waiter, args=(k,)) for k in range(4)]
for t in ws:
    t.start()
ev.set()
for t in ws:
    t.join()
print(sorted(woken), ev.is_set(), ev.wait(), ev.wait(0.5))
ev.clear()
print(ev.is_set())
turn = ["ping"]
tc = threading.Condition()
log = []
def player(me, other, rounds):
    for _ in range(rounds):
        with tc:
            while turn[0] != me:
                tc.wait()
            log.append(me)
            turn[0] = other
            tc.notify_all()
a = threading.Thread(target=player, args=("ping", "pong", 5))
b = threading.Thread(target=player, args=("pong", "ping", 5))
a.start()
b.start()
a.join()
b.join()
print(" ".join(log))
class Barrier:
    def __init__(self, n):
        self.n = n
        self.count = 0
        self.gen = 0
        self.cond = threading.Condition()
    def wait(self):
        with self.cond:
            gen = self.gen
            self.count += 1
            if self.count == self.n:
                self.count = 0
                self.gen += 1
                self.cond.notify_all()
            else:
                while gen == self.gen:
                    self.cond.wait()
bar = Barrier(3)
phase_log = []
plock = threading.Lock()
def phased(k):
    for phase in range(3):
        with plock:
            phase_log.append(phase)
        bar.wait()
ps = [threading.Thread(target=phased, args=(k,)) for k in range(3)]
for t in ps:
    t.start()
for t in ps:
    t.join()
print(phase_log)
ready = threading.Condition()
state = {"n": 0}
def incr():
    for _ in range(10):
        with ready:
            state["n"] += 1
            ready.notify_all()
t = threading.Thread(target=incr)
t.start()
with ready:
    ok = ready.wait_for(lambda: state["n"] == 10, timeout=10)
t.join()
print(ok, state["n"])
with cond:
    print(cond.wait(0.01))
try:
    cond.notify()
except RuntimeError:
    print("RuntimeError notify without lock")
