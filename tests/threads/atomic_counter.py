# No lost update under `with parvm.atomic:`: the read, the call (a tick, where the
# deterministic GIL would otherwise hand over) and the write form one atomic block.
# On the GIL build it runs with the GIL changing hands at every tick, the schedule
# that loses half the updates in lost_updates.py.
# threads-gil-args: --switch-ticks 1
# threads-repeat: 3
#
# atomic_counter.out comes from python3 (workloads/parvm.py provides parvm.atomic as
# a re-entrant lock there).
import threading
import parvm

ITERS = 1000
counter = 0


def step():
    pass


def work():
    global counter
    for _ in range(ITERS):
        with parvm.atomic:
            c = counter
            step()
            counter = c + 1


threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter", counter)
print("lost updates", 4 * ITERS - counter)
