# threads-repeat: 3
# Timeouts shorter than a lock's spin before it sleeps (PV_LOCK_SPIN_NS, 100 us):
# acquire(timeout=...) on a lock another thread holds must give False, and must not
# wait longer than the spin or the sleep the timeout allows (the bound checked below is
# loose, a guard against a wait that ignores the timeout, not a measurement); once the
# holder lets go, the same short timeout succeeds. Plain locks and RLocks.
import threading
import time

TRIES = 200


def held_by_other(lock):
    taken = threading.Event()
    done = threading.Event()

    def holder():
        lock.acquire()
        taken.set()
        done.wait()
        lock.release()

    t = threading.Thread(target=holder)
    t.start()
    taken.wait()
    return t, done


for kind in ("Lock", "RLock"):
    lock = getattr(threading, kind)()
    t, done = held_by_other(lock)
    results = {}
    t0 = time.monotonic()
    for timeout in (0, 1e-6, 5e-5, 1e-4):
        got = [lock.acquire(timeout=timeout) for _ in range(TRIES)]
        results[timeout] = got.count(True)
    elapsed = time.monotonic() - t0
    print(kind, "held elsewhere, successes per timeout:", sorted(results.items()))
    print(kind, "non-blocking:", lock.acquire(False), lock.acquire(blocking=False))
    # 800 tries of at most 100 us each: 0.08 s if every wait keeps to its timeout.
    print(kind, "tries kept to their timeouts:", elapsed < 5.0)
    done.set()
    t.join()
    print(kind, "free again:", lock.acquire(timeout=1e-4))
    lock.release()
    print(kind, "locked after release:", lock.locked() if kind == "Lock" else "n/a")
