# threads-repeat: 3
# A blocking call inside `with parvm.atomic:` whose wait ends by another thread's
# action (a lock given, an event set, a condition notified, a thread joined). The
# block is not atomic across the wait, in any build: under the GIL the lock is
# released there, and the STM build commits the transaction there, so the other
# thread can act. Each program part must finish, with the values written before and
# after the wait in place.
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
