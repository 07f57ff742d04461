# threads-repeat: 3
# Locks handed between threads that run at once: a lock released by the thread that
# did not take it (ping-pong), mutual exclusion under contention with exact totals,
# re-entrant locks taken by several threads, timeouts, and a ring of many locks (which
# share the VM's wait queues, so a wake-up meant for one lock reaches others' waiters).
# Every result is exact whatever the schedule.
import threading
import time

# Ping-pong: each side waits on its own lock, which only the other side releases.
ping = threading.Lock()
pong = threading.Lock()
ping.acquire()
pong.acquire()
trace = []
ROUNDS = 2000


def run_all(nthreads, target, args=()):
    ts = [threading.Thread(target=target, args=args) for _ in range(nthreads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def side(mine, other, tag):
    for i in range(ROUNDS):
        mine.acquire()
        trace.append(tag)
        other.release()


a = threading.Thread(target=side, args=(ping, pong, "a"))
b = threading.Thread(target=side, args=(pong, ping, "b"))
a.start()
b.start()
ping.release()             # a goes first
a.join()
b.join()
alternates = all(trace[i] != trace[i + 1] for i in range(len(trace) - 1))
print("ping-pong", len(trace), trace[0], alternates)

# Mutual exclusion: a read-modify-write split over several bytecodes, under one lock.
lock = threading.Lock()
box = [0]


def add(n):
    for _ in range(n):
        with lock:
            v = box[0]
            box[0] = v + 1


run_all(4, add, (3000,))
print("exclusion", box[0], lock.locked())

# RLock: nested taking by several threads; the count is per owner.
rlock = threading.RLock()
nested = [0]


def nest(n):
    for _ in range(n):
        with rlock:
            with rlock:
                v = nested[0]
                nested[0] = v + 1


run_all(3, nest, (2000,))
print("rlock", nested[0])
try:
    rlock.release()
except RuntimeError as e:
    print("rlock release unowned:", e)
try:
    threading.Lock().release()
except RuntimeError as e:
    print("lock release unlocked:", e)

# Timeouts on a lock another thread holds.
held = threading.Lock()
taken = threading.Event()
done = threading.Event()


def holder():
    held.acquire()
    taken.set()
    done.wait()
    held.release()


h = threading.Thread(target=holder)
h.start()
taken.wait()
print("non-blocking", held.acquire(False))
start = time.monotonic()
got = held.acquire(True, 0.05)
waited = time.monotonic() - start
print("timeout", got, waited >= 0.04)
done.set()
print("after release", held.acquire(True, 10))
held.release()
h.join()

# A ring of many locks, all taken but one: hop k takes lock k and frees lock k + 1,
# done by whichever thread claimed it (at most three hops are claimed at a time, so
# no two wait for the same lock); 64 locks share the wait queues with each other.
NLOCKS = 64
ring = [threading.Lock() for _ in range(NLOCKS)]
for l in ring:
    l.acquire()
hops = [0]
count_lock = threading.Lock()
HOPS = 3000


def runner():
    while True:
        with count_lock:
            k = hops[0]
            if k >= HOPS:
                return
            hops[0] = k + 1
        ring[k % NLOCKS].acquire()
        ring[(k + 1) % NLOCKS].release()


ring[0].release()
run_all(3, runner)
print("ring", hops[0], [l.locked() for l in ring].count(False), ring[HOPS % NLOCKS].locked())
