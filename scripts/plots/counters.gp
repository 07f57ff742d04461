# scripts/plots/counters.gp — what the synchronisation costs, from the VM counters of
# each run (table counters), against thread count, one line per workload and variant:
#   stm.FMT         abort rate  = sum(stm_aborts) / (sum(stm_commits) + sum(stm_aborts))
#                   time lost   = sum(stm_lost_ns) / sum(threads * wall_ns)
#   contention.FMT  sum(lock_contended) / sum(lock_acquires); sum(atomic_wait_ns) / sum(threads * wall_ns)
#   gilwait.FMT     sum(gil_wait_ns) / sum(threads * wall_ns)
# Sums run over the successful, measured runs of a cell. A counter arrives as a
# `counter` line (name as is) or an SDE event (sde:::parvm::NAME): both count.
# A figure whose counters no run has says so instead of drawing empty axes.
load dir . "/common.gp"

RUNS = sprintf("r.session_id = %d AND r.size = '%s' AND r.ok = 1 AND NOT r.warmup", session, size)
cv(n) = sprintf("sum(CASE WHEN c.name IN ('%s', 'sde:::parvm::%s') THEN c.value END)", n, n)
# Per run: variant, workload, threads, the two sums asked for (NULL when absent).
perrun(num, den) = sprintf("SELECT r.variant AS v, r.workload AS w, r.threads AS t, %s AS num, %s AS den FROM runs r JOIN counters c ON c.run_id = r.id WHERE %s GROUP BY r.id", num, den, RUNS)
series(num, den) = RS(sprintf("SELECT v || '/' || w FROM (%s) WHERE num IS NOT NULL AND den > 0 GROUP BY v, w ORDER BY v, w", perrun(num, den)))
data(num, den, key) = R(sprintf("SELECT t, 100.0 * sum(num) / sum(den) FROM (%s) WHERE v || '/' || w = '%s' AND num IS NOT NULL AND den > 0 GROUP BY t ORDER BY t", perrun(num, den), key))
ttime = "max(r.threads * r.wall_ns)"

do for [fmt in "png pdf"] {
    # STM: abort rate and time lost to aborted work, side by side.
    eval term_open("stm", 11, 4.5)
    set multiplot layout 1, 2 title sprintf("STM: aborts and time lost vs threads (%s size)", size)
    set bmargin 6
    eval footnote
    NUM = cv("stm_aborts"); DEN = cv("stm_aborts") . " + " . cv("stm_commits")
    YL = "aborted / all transactions [%]"; TT = "abort rate"; NONE = "no STM data in this session"
    load dir . "/counters-panel.gp"
    unset label 99
    NUM = cv("stm_lost_ns"); DEN = ttime
    YL = "time in aborted work / thread time [%]"; TT = "time lost to aborts"
    load dir . "/counters-panel.gp"
    unset multiplot
    set output

    # No-GIL: per-object locks (left) and the global parvm.atomic lock (right).
    eval term_open("contention", 11, 4.5)
    set multiplot layout 1, 2 title sprintf("No-GIL: lock contention vs threads (%s size)", size)
    set bmargin 6
    eval footnote
    NUM = cv("lock_contended"); DEN = cv("lock_acquires")
    YL = "contended / all lock acquisitions [%]"; NONE = "no lock counters (no-GIL build) in this session"
    TT = "object locks"
    load dir . "/counters-panel.gp"
    unset label 99
    NUM = cv("atomic_wait_ns"); DEN = ttime
    YL = "time waiting for parvm.atomic / thread time [%]"; TT = "the parvm.atomic lock"
    load dir . "/counters-panel.gp"
    unset label 99
    unset multiplot
    set output

    eval term_open("gilwait", 8, 4.5)
    set bmargin 6
    eval footnote
    NUM = cv("gil_wait_ns"); DEN = ttime
    YL = "time waiting for the GIL / thread time [%]"; NONE = "no GIL counters in this session"
    TT = sprintf("GIL: time spent waiting for the GIL vs threads (%s size)", size)
    load dir . "/counters-panel.gp"
    unset label 99
    set output
}
