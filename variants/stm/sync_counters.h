/* Counters of the STM backend (GC cycles are a core counter). */
#define PVSYNC_COUNTERS(X) \
    X(stm_commits,        "transactions committed") \
    X(stm_aborts,         "transactions aborted (all causes)") \
    X(stm_aborts_rw,      "aborts: a read found the object owned by another transaction") \
    X(stm_aborts_ww,      "aborts: a write found the object owned by another transaction") \
    X(stm_aborts_validation, "aborts: a value read earlier was changed by a commit") \
    X(stm_aborts_explicit, "aborts asked for by another thread (an inevitable transaction)") \
    X(stm_lost_ns,        "wall time of aborted transactions' work, in ns") \
    X(stm_inevitable,     "transactions that became inevitable") \
    X(stm_solo,           "transactions run solo (the thread was the only one running)") \
    X(stm_read_set,       "objects logged in read sets, summed over commits") \
    X(stm_write_set,      "objects in write sets, summed over commits") \
    X(stm_wait_ns,        "wall time spent waiting for the inevitable token or a conflict, in ns") \
    X(stm_serial_phases,  "serial phases started (contention: threads take turns, see --stm-serial-pct)") \
    X(stm_serial_turns,   "turns taken in serial phases") \
    X(stm_serial_wait_ns, "wall time spent parked waiting for a serial phase's turn, in ns") \
    PVSTW_COUNTERS(X)
