# threading: Thread with target/args/kwargs, start and join, results collected under a
# Lock, Lock and RLock as context managers and with acquire/release, get_ident, and
# threading.local.  Only schedule-independent facts are printed.
import threading
results = []
results_lock = threading.Lock()
def work(n, scale=1, tag="t"):
    total = 0
    for i in range(n):
        total += i * scale
    with results_lock:
        results.append((tag, total))
threads = [threading.Thread(target=work, args=(1000 * (k + 1),), kwargs={"scale": k + 1, "tag": "w%d" % k})
           for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
counter = 0
lock = threading.Lock()
def bump(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1
ts = [threading.Thread(target=bump, args=(5000,)) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("counter", counter)
l2 = threading.Lock()
print(l2.acquire(), l2.locked(), l2.acquire(False), l2.acquire(blocking=False))
l2.release()
print(l2.locked(), l2.acquire(False))
l2.release()
try:
    l2.release()
except RuntimeError:
    print("RuntimeError release unlocked")
rl = threading.RLock()
def nested(depth):
    with rl:
        if depth == 0:
            return "bottom"
        return nested(depth - 1)
print(nested(5))
rl.acquire()
rl.acquire()
rl.release()
rl.release()
print("rlock balanced")
idents = []
hold = threading.Event()
arrived = threading.Condition()
def record():
    ident = threading.get_ident()
    with arrived:
        idents.append(ident)
        arrived.notify()
    hold.wait()          # stay alive so that the three idents are distinct
rs = [threading.Thread(target=record) for _ in range(3)]
for t in rs:
    t.start()
with arrived:
    while len(idents) < 3:
        arrived.wait()
hold.set()
for t in rs:
    t.join()
main_id = threading.get_ident()
print(len(set(idents)), main_id in idents, isinstance(main_id, int), main_id == threading.get_ident())
data = threading.local()
data.value = "main"
seen = []
def use_local(v):
    data.value = v
    for _ in range(100):
        pass
    with results_lock:
        seen.append((v, data.value, hasattr(data, "value")))
ls = [threading.Thread(target=use_local, args=("t%d" % i,)) for i in range(3)]
for t in ls:
    t.start()
for t in ls:
    t.join()
print(sorted(seen), data.value)
def fresh():
    with results_lock:
        seen.append(hasattr(data, "value"))
t = threading.Thread(target=fresh)
t.start()
t.join()
print(seen[-1])
def returns_value():
    return 42
t = threading.Thread(target=returns_value)
t.start()
t.join()
print("joined", t.is_alive())
shared = []
def appender(k):
    for i in range(100):
        with lock:
            shared.append(k * 1000 + i)
aps = [threading.Thread(target=appender, args=(k,)) for k in range(3)]
for t in aps:
    t.start()
for t in aps:
    t.join()
print(len(shared), sum(shared), [x for x in shared if x // 1000 == 1] == list(range(1000, 1100)))
