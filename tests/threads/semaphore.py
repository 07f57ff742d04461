# Semaphore: at most `value` holders at once, every acquire matched by a release;
# BoundedSemaphore refuses a release beyond its initial value.
import threading

sem = threading.Semaphore(2)
guard = threading.Lock()
inside = 0
max_inside = 0
done = []


def work(i):
    global inside, max_inside
    for _ in range(20):
        with sem:
            with guard:
                inside += 1
                if inside > max_inside:
                    max_inside = inside
            for _ in range(50):
                pass
            with guard:
                inside -= 1
    with guard:
        done.append(i)


ts = [threading.Thread(target=work, args=(i,)) for i in range(5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("never more than 2 inside:", 1 <= max_inside <= 2)
print("inside at the end:", inside)
print("done:", sorted(done))
print("non-blocking acquires:", sem.acquire(False), sem.acquire(False), sem.acquire(False))
sem.release()
sem.release()
print("timeout acquire on 0:", threading.Semaphore(0).acquire(timeout=0.01))

b = threading.BoundedSemaphore(1)
b.acquire()
b.release()
try:
    b.release()
except ValueError as e:
    print("ValueError:", e)
try:
    threading.Semaphore(-1)
except ValueError as e:
    print("ValueError:", e)
