# Race on purpose: threads increment one global, one closure cell and one class
# attribute with `+=` and no lock. Updates may be lost (no-GIL) but every value read
# is an int within bounds; under parvm.atomic the same increments are exact.
# threads-repeat: 5
# threads-racy: shared containers and variables without locks
import parvm
from _race import run_threads

N = 4
ITERS = 5000
counter = 0


class Box:
    total = 0


def make_cell():
    c = 0

    def bump():
        nonlocal c
        c += 1
        return c

    return bump


bump = make_cell()


def racy(tid):
    global counter
    for i in range(ITERS):
        counter += 1
        Box.total += 1
        bump()


def exact(tid):
    global counter
    for i in range(ITERS):
        with parvm.atomic:
            counter += 1


run_threads(N, racy)
assert 1 <= counter <= N * ITERS, counter
assert 1 <= Box.total <= N * ITERS, Box.total
c = bump() - 1
assert 1 <= c <= N * ITERS, c
print("racy in bounds")
counter = 0
run_threads(N, exact)
print("atomic", counter)
