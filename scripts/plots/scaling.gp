# scripts/plots/scaling.gp — one metric against thread count, per workload.
# metric = "speedup": median time at 1 thread / median time at N (the variant's own),
#                     with the ideal line y = N;
# metric = "time":    median wall time of run() in seconds, log scale.
# Both with the harness's 95% bootstrap intervals as error bars, one line per variant.
# Writes METRIC-WORKLOAD.FMT for every workload and METRIC-overview.FMT (all workloads).
load dir . "/common.gp"

ycol = (metric eq "speedup") ? "speedup" : "median_s"
col = sprintf("%s, %s_lo, %s_hi", ycol, ycol, ycol)
ylab = (metric eq "speedup") ? "speedup over own 1-thread time" : "wall time of run() [s]"
what = (metric eq "speedup") ? "Speedup" : "Time"
WLS = QS(sprintf("SELECT DISTINCT workload FROM report WHERE %s AND workload <> 'geomean' ORDER BY workload", S))
VS = QS(sprintf("SELECT variant FROM report WHERE %s AND workload <> 'geomean' GROUP BY variant ORDER BY instr('%s', ' ' || variant || ' ') = 0, instr('%s', ' ' || variant || ' '), variant", S, KNOWN, KNOWN))
data(w, v) = Q(sprintf("SELECT threads, %s FROM report WHERE %s AND workload = '%s' AND variant = '%s' AND %s IS NOT NULL ORDER BY threads", col, S, w, v, ycol))
# Failed runs of a cell are shown in its legend entry: a missing point is explained.
failed(w, v) = QS(sprintf("SELECT coalesce(sum(failed), 0) FROM report WHERE %s AND workload = '%s' AND variant = '%s'", S, w, v)) + 0
vtitle(w, v) = (failed(w, v) > 0) ? sprintf("%s (%d failed runs)", v, failed(w, v)) : v
# The overview's legend counts the failed runs of a variant over every workload.
failed_all(v) = QS(sprintf("SELECT coalesce(sum(failed), 0) FROM report WHERE %s AND workload <> 'geomean' AND variant = '%s'", S, v)) + 0
vtitle_all(v) = (failed_all(v) > 0) ? sprintf("%s (%d failed runs)", v, failed_all(v)) : v

setup = "eval set_thread_axis; set xlabel 'threads'; set ylabel ylab; " . \
        ((metric eq "speedup") ? "unset logscale y; set yrange [0:*]" : "set logscale y; set yrange [*:*]")

do for [fmt in "png pdf"] {
    # One figure per workload.
    do for [wi=1:words(WLS)] {
        w = word(WLS, wi)
        eval term_open(metric . "-" . w, 6.5, 4.2)
        eval setup
        set title sprintf("%s vs threads: %s (%s size)", what, w, size)
        set key top left Left reverse box opaque
        set bmargin 5
        eval footnote
        if (metric eq "speedup") {
            plot x title "ideal" lt 1 lc rgb "#aaaaaa" lw 1 dt 2, \
                 for [i=1:words(VS)] data(w, word(VS,i)) using 1:2:3:4 with yerrorlines lt vlt(word(VS,i)) title vtitle(w, word(VS,i))
        } else {
            plot for [i=1:words(VS)] data(w, word(VS,i)) using 1:2:3:4 with yerrorlines lt vlt(word(VS,i)) title vtitle(w, word(VS,i))
        }
        unset label 99
        set output
    }

    # The overview: every workload on one page, the legend in a panel of its own.
    n = words(WLS) + 1
    cols = ceil(sqrt(n)); rows = ceil(1.0 * n / cols)
    eval term_open(metric . "-overview", 11, 8.5)
    set multiplot layout rows, cols title sprintf("%s vs threads, all workloads (%s size; median, 95%% CI)", what, size) margins 0.06, 0.98, 0.11, 0.93 spacing 0.06, 0.09
    eval footnote
    do for [wi=1:words(WLS)] {
        w = word(WLS, wi)
        eval setup
        set xlabel "threads" offset 0, 0.8
        set ylabel ((metric eq "speedup") ? "speedup" : "time [s]")
        set title w offset 0, -0.6
        unset key
        if (metric eq "speedup") {
            plot x notitle lc rgb "#aaaaaa" lw 1 dt 2, \
                 for [i=1:words(VS)] data(w, word(VS,i)) using 1:2:3:4 with yerrorlines lt vlt(word(VS,i)) notitle
        } else {
            plot for [i=1:words(VS)] data(w, word(VS,i)) using 1:2:3:4 with yerrorlines lt vlt(word(VS,i)) notitle
        }
        unset label 99
    }
    # Legend panel.
    unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
    unset logscale; set xrange [0:1]; set yrange [0:1]
    set key center center box
    if (metric eq "speedup") {
        plot for [i=1:words(VS)] NaN with linespoints lt vlt(word(VS,i)) title vtitle_all(word(VS,i)), \
             NaN with lines lc rgb "#aaaaaa" lw 1 dt 2 title "ideal"
    } else {
        plot for [i=1:words(VS)] NaN with linespoints lt vlt(word(VS,i)) title vtitle_all(word(VS,i))
    }
    unset multiplot
    set border 3; set tics nomirror; set grid ytics mytics
    set output
}
