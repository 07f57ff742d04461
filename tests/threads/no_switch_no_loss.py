# With a switch interval of 10^9 ticks the GIL never changes hands inside the loop (it
# is only released when the main thread blocks in join), so each worker's loop runs
# whole and no update is lost.
# threads-gil-args: --switch-ticks 1000000000
# threads-repeat: 5
#
# no_switch_no_loss.out is written by hand: 2 * ITERS, the race-free count. (CPython's
# 5 ms switch interval usually gives the same, but nothing guarantees it.)
import _counter

n = _counter.run_two()
print("counter", n)
print("lost updates", 2 * _counter.ITERS - n)
