/* Counters of the GIL backend. */
#define PVSYNC_COUNTERS(X) \
    X(gil_switches,   "times the GIL changed hands") \
    X(gil_wait_ns,    "wall time threads spent waiting for the GIL, in ns") \
    X(gil_drop_requests, "hand-off requests made by waiting threads")
