# parvm.py: the `parvm` module for CPython and PyPy, so that the workload files run
# unchanged on the reference interpreters. A parvm build never loads this file: its
# built-in `parvm` module takes precedence over anything on the path.
#
# What it offers (the same names as the built-in module):
#   atomic      a context manager object: `with parvm.atomic: ...`. Here it is one
#               module-level re-entrant lock, so atomic blocks exclude each other (and
#               nest), as in the no-GIL build. Code outside atomic blocks is not
#               excluded: that is the contract the workloads are written against.
#   variant()   the name of the running implementation: "cpython" or "pypy".
#   collect()   a full garbage collection (gc.collect here).
#   counters()  the VM's event counters: none here, so an empty dict.
#
# This file is also the stand-in used by the conformance corpus (tests/lang/parvm.py
# links to it) and by the threading tests when their expected output is generated.

import gc
import sys
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
    if sys.implementation.name == "pypy":
        return "pypy"
    return "cpython"


def collect():
    gc.collect()


def counters():
    return {}
