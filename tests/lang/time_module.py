# time: time() is a float near the wall clock, perf_counter() is monotonic, sleep()
# waits at least the requested time.  Only relations are printed, never values.
import time
t0 = time.time()
p0 = time.perf_counter()
print(type(t0).__name__, type(p0).__name__, t0 > 1.5e9)
time.sleep(0.05)
p1 = time.perf_counter()
t1 = time.time()
print(p1 - p0 >= 0.045, p1 - p0 < 5, t1 >= t0)
last = time.perf_counter()
mono = True
for _ in range(1000):
    now = time.perf_counter()
    if now < last:
        mono = False
    last = now
print("monotonic", mono)
time.sleep(0)
print("slept 0")
start = time.perf_counter()
total = 0
for i in range(10000):
    total += i
elapsed = time.perf_counter() - start
print(total, elapsed >= 0)
