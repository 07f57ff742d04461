# join: when join() returns the thread has finished all its work and is no longer
# alive. Each thread joins the one started before it, so the log is in start order
# whatever the schedule; results written by a thread are visible after its join.
import threading

log = []
threads = []
results = {}


def work(i, prev):
    if prev is not None:
        prev.join()
        log.append("%d saw %d done: %s" % (i, i - 1, not prev.is_alive()))
    total = 0
    for k in range(1000 * (5 - i)):
        total += k
    results[i] = total
    log.append("%d done" % i)


prev = None
for i in range(5):
    t = threading.Thread(target=work, args=(i, prev), name="worker-%d" % i)
    threads.append(t)
    t.start()
    prev = t
for t in reversed(threads):
    t.join()
    print(t.name, "alive after join:", t.is_alive())
print("\n".join(log))
print([results[i] for i in range(5)])
t = threading.Thread(target=lambda: None)
print("alive before start:", t.is_alive())
try:
    t.join()
except RuntimeError as e:
    print("RuntimeError:", e)
