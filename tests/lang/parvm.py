# Stand-in for parvm's built-in `parvm` module so that CPython and PyPy can run the
# conformance programs that use it (the VM's built-in module takes precedence).
# `atomic` makes a block atomic with respect to other atomic blocks; here that is a
# re-entrant lock held for the duration of the block.
import threading

_atomic_lock = threading.RLock()


class _Atomic:
    def __enter__(self):
        _atomic_lock.acquire()
        return self

    def __exit__(self, exc_type, exc, tb):
        _atomic_lock.release()
        return False


atomic = _Atomic()


def variant():
    return "cpython"
