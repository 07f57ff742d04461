/* Counters of the no-GIL backend (GC cycles are a core counter; safepoints are counted
 * by the stop-the-world library). */
#define PVSYNC_COUNTERS(X) \
    X(lock_acquires,     "object critical sections entered (per-object lock taken)") \
    X(lock_contended,    "object lock acquisitions that found the lock held") \
    X(lock_wait_ns,      "wall time spent waiting for object locks, in ns") \
    X(lock_revocations,  "biased object locks taken from the thread they were biased to") \
    X(lock_revocation_stops, "stops of the world to revoke a bias (the owner was running)") \
    X(atomic_acquires,   "outermost parvm.atomic blocks entered (the global lock taken)") \
    X(atomic_contended,  "parvm.atomic entries that found the global lock held") \
    X(atomic_wait_ns,    "wall time spent waiting for the parvm.atomic lock, in ns") \
    PVSTW_COUNTERS(X)
