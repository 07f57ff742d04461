"""threading — the part of Python's threading module that parvm supports, written on
top of the VM's _thread module (OS threads, locks, re-entrant locks, thread-locals).

Thread, Lock, RLock, Condition, Event, Semaphore, BoundedSemaphore, local, get_ident,
current_thread, active_count, enumerate and main_thread behave as in CPython for the
uses covered by the conformance tests. Every blocking call releases the GIL (or ends
the transaction) while it waits."""

import _thread
import time as _time

Lock = _thread.allocate_lock
RLock = _thread.RLock
local = _thread.local
get_ident = _thread.get_ident
TIMEOUT_MAX = 4294967.0

_active_lock = _thread.allocate_lock()
_active = {}          # ident -> Thread, for threads that are running
_started = []         # every non-daemon Thread started, joined at exit
_counter = [0]


def _new_name(target=None):
    with _active_lock:
        _counter[0] += 1
        n = _counter[0]
    name = getattr(target, "__name__", None)
    if name is not None:
        return "Thread-%d (%s)" % (n, name)
    return "Thread-%d" % n


class Condition:
    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def _release_save(self):
        if isinstance(self._lock, RLock):
            return self._lock._release_save()
        self._lock.release()
        return None

    def _acquire_restore(self, state):
        if isinstance(self._lock, RLock):
            self._lock._acquire_restore(state)
        else:
            self._lock.acquire()

    def _is_owned(self):
        if isinstance(self._lock, RLock):
            return self._lock._is_owned()
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _thread.allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        saved = self._release_save()
        got = False
        try:
            if timeout is None:
                waiter.acquire()
                got = True
            elif timeout > 0:
                got = waiter.acquire(True, timeout)
            else:
                got = waiter.acquire(False)
            return got
        finally:
            self._acquire_restore(saved)
            if not got:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def wait_for(self, predicate, timeout=None):
        # Waits until predicate() is true or the timeout (a total, not per wait) ends.
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = _time.monotonic() + waittime
                else:
                    waittime = endtime - _time.monotonic()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        count = 0
        while self._waiters and count < n:
            waiter = self._waiters.pop(0)
            waiter.release()
            count += 1

    def notify_all(self):
        self.notify(len(self._waiters))

    notifyAll = notify_all


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    def acquire(self, blocking=True, timeout=None):
        with self._cond:
            if not blocking and self._value == 0:
                return False
            endtime = None if timeout is None else _time.monotonic() + timeout
            while self._value == 0:
                if endtime is None:
                    self._cond.wait()
                else:
                    left = endtime - _time.monotonic()
                    if left <= 0:
                        return False
                    self._cond.wait(left)
            self._value -= 1
            return True

    def release(self, n=1):
        with self._cond:
            self._value += n
            self._cond.notify(n)

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        self.release()
        return False


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial = value

    def release(self, n=1):
        with self._cond:
            if self._value + n > self._initial:
                raise ValueError("Semaphore released too many times")
            self._value += n
            self._cond.notify(n)


class Event:
    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


class Thread:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, daemon=None):
        self._target = target
        self._args = tuple(args)
        self._kwargs = kwargs if kwargs is not None else {}
        self.name = name if name is not None else _new_name(target)
        self.daemon = bool(daemon)
        self._started = False
        self._done = _thread.allocate_lock()
        self.ident = None

    def start(self):
        if self._started:
            raise RuntimeError("threads can only be started once")
        self._started = True
        self._done.acquire()
        if not self.daemon:
            with _active_lock:
                _started.append(self)
        _thread.start_new_thread(self._bootstrap, ())

    def _bootstrap(self):
        self.ident = get_ident()
        with _active_lock:
            _active[self.ident] = self
        try:
            self.run()
        except SystemExit:
            pass
        except BaseException as e:
            _report(self, e)
        finally:
            with _active_lock:
                if self.ident in _active:
                    del _active[self.ident]
            self._done.release()

    def run(self):
        if self._target is not None:
            self._target(*self._args, **self._kwargs)

    def join(self, timeout=None):
        if not self._started:
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")
        if timeout is None:
            self._done.acquire()
            self._done.release()
        elif self._done.acquire(True, max(timeout, 0)):
            self._done.release()

    def is_alive(self):
        return self._started and self._done.locked()

    def getName(self):
        return self.name

    def setName(self, name):
        self.name = name

    def isDaemon(self):
        return self.daemon

    def setDaemon(self, daemonic):
        self.daemon = daemonic

    def __repr__(self):
        status = "started" if self._started else "initial"
        if self._started and not self.is_alive():
            status = "stopped"
        return "<%s(%s, %s)>" % (type(self).__name__, self.name, status)


def _report(thread, exc):
    _thread._excepthook(thread.name, exc)


class _MainThread(Thread):
    def __init__(self):
        Thread.__init__(self, name="MainThread")
        self._started = True
        self._done.acquire()
        self.ident = get_ident()


class _DummyThread(Thread):
    def __init__(self):
        Thread.__init__(self, name="Dummy-%d" % get_ident(), daemon=True)
        self._started = True
        self._done.acquire()
        self.ident = get_ident()


_main = _MainThread()
_active[_main.ident] = _main


def current_thread():
    t = _active.get(get_ident())
    if t is None:
        return _DummyThread()
    return t


currentThread = current_thread


def main_thread():
    return _main


def active_count():
    with _active_lock:
        return len(_active)


activeCount = active_count


def enumerate():
    with _active_lock:
        return list(_active.values())


def _shutdown():
    while True:
        with _active_lock:
            pending = [t for t in _started if t.is_alive()]
        if not pending:
            return
        for t in pending:
            t.join()
