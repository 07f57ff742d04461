# Timeouts are totals: Condition.wait_for keeps waiting until the predicate holds or the
# whole timeout has passed, however many notifications arrive; Semaphore.acquire with a
# timeout likewise.
import threading, time
ready = threading.Condition()
state = {"n": 0}
def incr():
    for _ in range(10):
        time.sleep(0.002)
        with ready:
            state["n"] += 1
            ready.notify_all()
t = threading.Thread(target=incr)
t.start()
with ready:
    ok = ready.wait_for(lambda: state["n"] == 10, timeout=10)
t.join()
print(ok, state["n"])
with ready:
    t0 = time.monotonic()
    r = ready.wait_for(lambda: False, timeout=0.05)
    print(r, time.monotonic() - t0 >= 0.05)
s = threading.Semaphore(0)
t0 = time.monotonic()
print(s.acquire(timeout=0.05), time.monotonic() - t0 >= 0.05)
