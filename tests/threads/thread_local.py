# threading.local: each thread sees only its own attributes; values set by one thread
# never appear in another, including the main thread.
import threading

data = threading.local()
data.name = "main"
results = {}
lock = threading.Lock()


def work(i):
    print_missing = not hasattr(data, "name")
    data.name = "t%d" % i
    data.items = []
    for k in range(100):
        data.items.append(k * i)
    with lock:
        results[i] = (print_missing, data.name, sum(data.items))


ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for i in range(4):
    print(i, results[i])
print("main still", data.name, hasattr(data, "items"))
try:
    data.missing
except AttributeError:
    print("AttributeError for an unset attribute")
