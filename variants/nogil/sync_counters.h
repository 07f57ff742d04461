/* Counters of the no-GIL backend (GC cycles are a core counter). */
#define PVSYNC_COUNTERS(X) \
    X(lock_acquires,     "object critical sections entered (per-object lock taken)") \
    X(lock_contended,    "object lock acquisitions that found the lock held") \
    X(lock_wait_ns,      "wall time spent waiting for object locks, in ns") \
    X(safepoint_pauses,  "times a thread parked at a safepoint for a stop-the-world collection") \
    X(safepoint_pause_ns, "wall time threads spent parked at safepoints, in ns")
