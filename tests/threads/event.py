# Event: set wakes every waiter, wait on a set event returns at once, clear resets it,
# wait with a timeout on a clear event returns False.
import threading

ev = threading.Event()
seen = []
lock = threading.Lock()


def waiter(i):
    r = ev.wait()
    with lock:
        seen.append((i, r))


ts = [threading.Thread(target=waiter, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
print("set before", ev.is_set())
ev.set()
for t in ts:
    t.join()
print("waiters", sorted(seen))
print("set after", ev.is_set())
print("wait on set event", ev.wait())
ev.clear()
print("cleared", ev.is_set())
print("wait with timeout", ev.wait(0.01))

# Ping-pong: two events alternate two threads strictly.
ping, pong = threading.Event(), threading.Event()
trace = []


def player(me, other, name):
    for i in range(5):
        me.wait()
        me.clear()
        trace.append(name + str(i))
        other.set()


a = threading.Thread(target=player, args=(ping, pong, "a"))
b = threading.Thread(target=player, args=(pong, ping, "b"))
a.start()
b.start()
ping.set()
a.join()
b.join()
print(" ".join(trace))
