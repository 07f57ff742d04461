# RLock: the owner may acquire again (re-entry), must release as many times, and only
# then can another thread take it; releasing a lock one does not own is an error.
import threading

r = threading.RLock()
print(r.acquire(), r.acquire(), r.acquire(False))
got = []


def other():
    got.append(r.acquire(False))
    if got[-1]:
        r.release()


t = threading.Thread(target=other)
r.release()
r.release()
t.start()
t.join()
print("other thread while still held once:", got)
r.release()
t = threading.Thread(target=other)
t.start()
t.join()
print("other thread after full release:", got)
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)


def nested(depth):
    with r:
        if depth:
            return nested(depth - 1) + 1
        return 0


print("nested depth", nested(50))
plain = threading.Lock()
print(plain.acquire(), plain.acquire(False))
plain.release()
try:
    plain.release()
except RuntimeError as e:
    print("RuntimeError:", e)
