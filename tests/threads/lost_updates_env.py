# The same schedule as lost_updates.py, selected through the environment variable
# PARVM_SWITCH_TICKS instead of the command-line option: the same exact count.
# threads-gil-env: PARVM_SWITCH_TICKS=1
# threads-repeat: 5
#
# lost_updates_env.out is written by hand, for the reason given in lost_updates.py.
import _counter

n = _counter.run_two()
print("counter", n)
print("lost updates", 2 * _counter.ITERS - n)
