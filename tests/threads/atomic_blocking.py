# threads-repeat: 3
# A blocking call inside `with parvm.atomic:` whose wait ends by another thread's
# action (a lock given, an event set, a condition notified, a thread joined). The
# block is not atomic across the wait, in any build: under the GIL the lock is
# released there, and the STM build commits the transaction there, so the other
# thread can act. Each program part must finish, with the values written before and
# after the wait in place. What follows the wait in the block is atomic again: the
# last part loses an update if it is not.
import threading
import time

from parvm import atomic

log = []

# A lock given by another thread.
lock = threading.Lock()
lock.acquire()


def give_later():
    time.sleep(0.02)
    log.append("give")
    lock.release()


t = threading.Thread(target=give_later)
t.start()
with atomic:
    log.append("before acquire")
    lock.acquire()
    log.append("after acquire")
t.join()
lock.release()
print(log)

# An event set, and a condition notified, by another thread.
event = threading.Event()
cond = threading.Condition()
state = {"ready": False}


def signal_later():
    time.sleep(0.02)
    event.set()
    time.sleep(0.02)
    with cond:
        state["ready"] = True
        cond.notify()


t = threading.Thread(target=signal_later)
t.start()
with atomic:
    got = event.wait(10)
    with cond:
        while not state["ready"]:
            cond.wait()
    seen = state["ready"]
t.join()
print("event", got, "condition", seen)

# A join inside an atomic block, of a thread that writes a shared list.
shared = []


def fill():
    for i in range(100):
        shared.append(i)


with atomic:
    t = threading.Thread(target=fill)
    t.start()
    t.join()
    total = sum(shared)
print("joined", len(shared), total)

# After the wait, the rest of the block is atomic again: its read of box[0] and its
# write of it after a long loop are not split by the other thread's increments (each
# inside an atomic block of its own), which run until this block has ended. Were the
# rest not atomic, the increments made during the loop would be overwritten.
box = [0]
done = [False]
bumps = [0]
go = threading.Event()


def bump():
    go.set()
    n = 0
    while not done[0] and n < 50000:
        with atomic:
            box[0] += 1
        n += 1
    bumps[0] = n


t = threading.Thread(target=bump)
t.start()
with atomic:
    go.wait()
    v = box[0]
    for _ in range(20000):
        pass
    box[0] = v + 1000
done[0] = True
t.join()
print("rest atomic", box[0] == bumps[0] + 1000)
