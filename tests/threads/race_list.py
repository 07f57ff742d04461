# Race on purpose: threads append to, pop from and set items of one shared list
# without any lock. On the no-GIL build each operation is atomic (the list's lock), so
# nothing may crash, every item stays valid, and the appends all land.
# threads-repeat: 5
# threads-racy: shared containers and variables without locks
from _race import run_threads, check_list, collect

N = 4
ITERS = 3000
shared = []


def work(tid):
    for i in range(ITERS):
        shared.append(tid * ITERS + i)
        if i % 3 == 0 and len(shared) > 10:
            shared[i % 10] = -1
        if i % 7 == 0:
            shared.append(-2)    # pops never outnumber appends: the list is never empty
            shared.pop()
        if i % 1000 == 999:
            collect()


run_threads(N, work)
n = check_list(shared, lambda x: type(x) is int and -2 <= x < N * ITERS)
print("len", n)
print("list ok")
