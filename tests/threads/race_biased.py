# Threads mutate each other's containers while their creators run and mutate them too.
# On the no-GIL build a container starts biased to the thread that made it (locked with
# plain stores); another thread's first lock revokes the bias, stopping the world when
# the owner is running and possibly inside the container's critical section. Each
# append and each store of a new key is one critical section, so none may be lost.
# threads-repeat: 3
import threading
from _race import collect, check_list, check_dict

N = 4
ROUNDS = 40
PER = 25

lists = [None] * N
dicts = [None] * N


def work(tid):
    for r in range(ROUNDS):
        mine = []                      # new containers each round: biased to this thread
        d = {}
        lists[tid] = mine
        dicts[tid] = d
        for i in range(PER):
            for k in range(N):
                other = lists[(tid + k) % N]
                if other is not None:
                    other.append(tid)
                od = dicts[(tid + k) % N]
                if od is not None:
                    od[(tid, r, i)] = i
            mine.append(-1)
            d[(tid, r, -1 - i)] = -1
        totals[tid] += len(mine)
        checked[tid] += sum(1 for x in mine if x == -1)
        dkeys[tid] += sum(1 for i in range(PER) if (tid, r, -1 - i) in d)
        if r % 10 == 9:
            collect()


totals = [0] * N
checked = [0] * N
dkeys = [0] * N
ts = [threading.Thread(target=work, args=(t,)) for t in range(N)]
for t in ts:
    t.start()
for t in ts:
    t.join()

# Every thread's own appends and own keys landed in its own containers.
print("own appends", checked == [ROUNDS * PER] * N)
print("own keys", dkeys == [ROUNDS * PER] * N)
# Every list holds at least its owner's appends, and only valid items.
print("lengths ok", all(x >= ROUNDS * PER for x in totals))
for lst in lists:
    check_list(lst, lambda x: type(x) is int and -1 <= x < N)
for d in dicts:
    check_dict(d, lambda k, v: type(k) is tuple and len(k) == 3 and v == (k[2] if k[2] >= 0 else -1))
print("items valid")
