# scripts/plots/scaling.gp — one metric against thread count, per workload.
# metric = "speedup": median time at 1 thread / median time at N (the variant's own),
#                     with the ideal line y = N;
# metric = "time":    median wall time of run() in seconds, log scale.
# Both with the harness's 95% bootstrap intervals as error bars, one line per variant;
# speedup has none at 1 thread, where it is 1 by definition.
# Writes METRIC-WORKLOAD.FMT for every workload and METRIC-overview.FMT (all workloads).
load dir . "/common.gp"

ycol = (metric eq "speedup") ? "speedup" : "median_s"
col = sprintf("%s, %s_lo, %s_hi", ycol, ycol, ycol)
ylab = (metric eq "speedup") ? "speedup over own 1-thread time" : "wall time of run() [s]"
what = (metric eq "speedup") ? "Speedup" : "Time"
WLS = QS(sprintf("SELECT DISTINCT workload FROM report WHERE %s AND workload <> 'geomean' ORDER BY workload", S))
VS = QS(sprintf("SELECT variant FROM report WHERE %s AND workload <> 'geomean' GROUP BY variant ORDER BY instr('%s', ' ' || variant || ' ') = 0, instr('%s', ' ' || variant || ' '), variant", S, KNOWN, KNOWN))
data(w, v) = Q(sprintf("SELECT threads, %s FROM report WHERE %s AND workload = '%s' AND variant = '%s' AND %s IS NOT NULL ORDER BY threads", col, S, w, v, ycol))
# The cells that get an error bar: every one for time; for speedup those above 1 thread.
BARS = (metric eq "speedup") ? "threads > 1" : "1"
bars(w, v) = Q(sprintf("SELECT threads, %s FROM report WHERE %s AND workload = '%s' AND variant = '%s' AND %s IS NOT NULL AND %s ORDER BY threads", col, S, w, v, ycol, BARS))
# Variants with a point, and those with an error bar, in workload w (no empty plots).
VSP(w) = QS(sprintf("SELECT variant FROM report WHERE %s AND workload = '%s' AND %s IS NOT NULL GROUP BY variant ORDER BY instr('%s', ' ' || variant || ' ') = 0, instr('%s', ' ' || variant || ' '), variant", S, w, ycol, KNOWN, KNOWN))
VSB(w) = QS(sprintf("SELECT variant FROM report WHERE %s AND workload = '%s' AND %s IS NOT NULL AND %s GROUP BY variant ORDER BY instr('%s', ' ' || variant || ' ') = 0, instr('%s', ' ' || variant || ' '), variant", S, w, ycol, BARS, KNOWN, KNOWN))
# Top of a speedup axis: the highest whisker or the ideal line at the right edge.
ytop(w) = QS(sprintf("SELECT max(coalesce(max(speedup_hi), 0), coalesce(max(speedup), 0), %g) FROM report WHERE %s AND workload = '%s' AND threads > 1", TMAX * 1.25, S, w)) + 0
# How many times the largest whisker of a time panel exceeds the smallest (1: no data).
tspan(w) = QS(sprintf("SELECT coalesce(max(median_s_hi) / min(median_s_lo), 1) FROM report WHERE %s AND workload = '%s' AND median_s_lo > 0", S, w)) + 0
# Variants side by side: variant i of n is drawn at threads x 2^(0.035 (i - (n+1)/2)),
# so that error bars of one thread count do not hide one another.
VSS = " " . VS . " "
vidx(v) = words(VSS[1:strstrt(VSS, " " . v . " ")]) + 1
dodge(t, v) = t * 2**(0.035 * (vidx(v) - (words(VS) + 1) / 2.0))
# A round tic step giving about n tics up to y: 1, 2 or 5 times a power of ten.
nicef(f) = (f <= 1) ? 1 : (f <= 2) ? 2 : (f <= 5) ? 5 : 10
nice(y, n) = nicef(y / n / 10**floor(log10(y / n))) * 10**floor(log10(y / n))
# Failed runs of a cell are shown in its legend entry: a missing point is explained.
failed(w, v) = QS(sprintf("SELECT coalesce(sum(failed), 0) FROM report WHERE %s AND workload = '%s' AND variant = '%s'", S, w, v)) + 0
vtitle(w, v) = (failed(w, v) > 0) ? sprintf("%s (%d failed runs)", v, failed(w, v)) : v
# The overview's legend counts the failed runs of a variant over every workload.
failed_all(v) = QS(sprintf("SELECT coalesce(sum(failed), 0) FROM report WHERE %s AND workload <> 'geomean' AND variant = '%s'", S, v)) + 0
vtitle_all(v) = (failed_all(v) > 0) ? sprintf("%s (%d failed runs)", v, failed_all(v)) : v

setup = "eval set_thread_axis; set xlabel 'threads'; set ylabel ylab; set ytics autofreq; set mytics default; " . \
        ((metric eq "speedup") ? "unset logscale y; set yrange [0:*]" : "set logscale y; set yrange [*:*]")
# A workload without any successful run gets a note on empty axes, not an error.
empty_note = "set label 2 'no successful run in this session' at graph 0.5, 0.5 center tc rgb '#555555'; " . \
             "set yrange [(metric eq 'speedup') ? 0 : 0.001 : (metric eq 'speedup') ? TMAX * 1.25 : 10]"

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
        vp = VSP(w); vb = VSB(w)
        if (words(vp) == 0) { eval empty_note }
        # Lines and points for every cell, error bars (same colour) where they mean something.
        if (metric eq "speedup") {
            plot x title "ideal" lt 1 lc rgb "#aaaaaa" lw 1 dt 2, \
                 for [i=1:words(vp)] data(w, word(vp,i)) using (dodge($1, word(vp,i))):2 with linespoints lt vlt(word(vp,i)) title vtitle(w, word(vp,i)), \
                 for [i=1:words(vb)] bars(w, word(vb,i)) using (dodge($1, word(vb,i))):2:3:4 with yerrorbars lt vlt(word(vb,i)) notitle
        } else {
            plot for [i=1:words(vp)] data(w, word(vp,i)) using (dodge($1, word(vp,i))):2 with linespoints lt vlt(word(vp,i)) title vtitle(w, word(vp,i)), \
                 for [i=1:words(vb)] bars(w, word(vb,i)) using (dodge($1, word(vb,i))):2:3:4 with yerrorbars lt vlt(word(vb,i)) notitle, \
                 for [i=1:(words(vp) == 0)] NaN notitle
        }
        unset label 2
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
        # The y label on the first column only: the panels are narrow.
        if (wi % cols == 1 || cols == 1) { set ylabel ((metric eq "speedup") ? "speedup" : "time [s]") } else { unset ylabel }
        set title w offset 0, -0.6
        unset key
        vp = VSP(w); vb = VSB(w)
        if (words(vp) == 0) { eval empty_note }
        if (metric eq "speedup") {
            # About 4 round tics from 0 to the top of the data or the ideal line.
            top = ytop(w)
            if (top > 0) { step = nice(top, 4); set yrange [0:ceil(top / step) * step]; set ytics 0, step; set mytics 1 }
            plot x notitle lc rgb "#aaaaaa" lw 1 dt 2, \
                 for [i=1:words(vp)] data(w, word(vp,i)) using (dodge($1, word(vp,i))):2 with linespoints lt vlt(word(vp,i)) notitle, \
                 for [i=1:words(vb)] bars(w, word(vb,i)) using (dodge($1, word(vb,i))):2:3:4 with yerrorbars lt vlt(word(vb,i)) notitle
        } else {
            # Decades only, and every other one when the data span more than four.
            span = tspan(w)
            if (span > 1e4) { set ytics 100 } else { set ytics autofreq }
            set mytics 1
            plot for [i=1:words(vp)] data(w, word(vp,i)) using (dodge($1, word(vp,i))):2 with linespoints lt vlt(word(vp,i)) notitle, \
                 for [i=1:words(vb)] bars(w, word(vb,i)) using (dodge($1, word(vb,i))):2:3:4 with yerrorbars lt vlt(word(vb,i)) notitle, \
                 for [i=1:(words(vp) == 0)] NaN notitle
        }
        unset label 2
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
