"""Shared by the lost-update programs: two threads add 1 to one global counter,
ITERS times each, with an unsynchronised read-modify-write.

The read and the write are separated by a call to step(): a function entry is a tick,
so a deterministic GIL (--switch-ticks N) can hand the GIL over between them. Each
iteration makes exactly two ticks (the call, then the loop's back edge)."""
import threading

ITERS = 1000
counter = 0


def step():
    pass


def work():
    global counter
    for _ in range(ITERS):
        c = counter
        step()
        counter = c + 1


def run_two():
    global counter
    counter = 0
    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter
