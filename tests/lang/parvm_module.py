# The parvm module: `with parvm.atomic:` makes a block atomic (no lost updates between
# threads that update shared state only inside atomic blocks), blocks nest, exceptions
# leave the block cleanly, and variant() names the build.  Runs on CPython through the
# tests/lang/parvm.py shim; nothing printed depends on the build.
import threading
import parvm
print(isinstance(parvm.variant(), str), len(parvm.variant()) > 0)
with parvm.atomic:
    print("inside atomic")
with parvm.atomic:
    with parvm.atomic:
        print("nested atomic")
try:
    with parvm.atomic:
        raise ValueError("from atomic block")
except ValueError as e:
    print("caught", e)
with parvm.atomic:
    print("usable after an exception")
counter = [0]
totals = {"a": 0, "b": 0}
def worker(n):
    for i in range(n):
        with parvm.atomic:
            counter[0] += 1
            totals["a"] += 1
            totals["b"] -= 1
ts = [threading.Thread(target=worker, args=(3000,)) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(counter[0], totals, totals["a"] + totals["b"])
accounts = [100] * 8
def transfer(seed, n):
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        src = x % 8
        dst = (x // 8) % 8
        amount = x % 17
        with parvm.atomic:
            if accounts[src] >= amount:
                accounts[src] -= amount
                accounts[dst] += amount
ts = [threading.Thread(target=transfer, args=(s, 2000)) for s in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sum(accounts), min(accounts) >= 0)
def in_function():
    with parvm.atomic:
        return "returned from atomic"
print(in_function())
with parvm.atomic:
    print("still usable")
for i in range(3):
    with parvm.atomic:
        if i == 1:
            break
print("broke out at", i)
with parvm.atomic:
    print("usable after break")
