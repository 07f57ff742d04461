# Lost updates, reproduced exactly with the GIL's deterministic mode.
# threads-gil-args: --switch-ticks 1
# threads-repeat: 5
#
# With --switch-ticks 1 the GIL changes hands at every tick. Two workers (see
# _counter.py) then run in lockstep: whenever one has read the counter and ticks in
# step(), the other reads the same value, so of each pair of overlapping increments
# only one survives. The first worker's first iteration runs alone (the second worker
# is still ticking through the thread bootstrap), and so does the second worker's last
# one: the count is 1 + (ITERS - 1) + 1 = ITERS + 1 = 1001 on every run.
#
# lost_updates.out is written by hand: CPython has no deterministic switching, so its
# count for this program is not reproducible.
import _counter

n = _counter.run_two()
print("counter", n)
print("expected without races", 2 * _counter.ITERS)
print("lost updates", 2 * _counter.ITERS - n)
