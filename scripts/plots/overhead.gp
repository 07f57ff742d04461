# scripts/plots/overhead.gp — single-thread overhead against the GIL build.
# Per workload, median time of a variant at 1 thread / median time of gil at 1 thread,
# as bars from 1 on a log axis (above 1: slower than gil), whiskers the harness's 95%
# bootstrap interval of the ratio; the last group is the geometric mean over the
# workloads. Reference interpreters (cpython, pypy) appear as variants. overhead.FMT
load dir . "/common.gp"

WLS = QS(sprintf("SELECT DISTINCT workload FROM report WHERE %s AND workload <> 'geomean' AND threads = 1 ORDER BY workload", S))
VS = QS(sprintf("SELECT variant FROM report WHERE %s AND threads = 1 AND variant <> 'gil' AND overhead IS NOT NULL GROUP BY variant ORDER BY instr('%s', ' ' || variant || ' ') = 0, instr('%s', ' ' || variant || ' '), variant", S, KNOWN, KNOWN))
NW = words(WLS)
NV = words(VS)
bw = (NV > 0) ? 0.8 / NV : 0.8
# x of workload k (0-based); the geomean group sits after a gap.
data(v) = Q(sprintf("SELECT CASE WHEN workload = 'geomean' THEN %d + 0.3 ELSE (SELECT count(DISTINCT r2.workload) FROM report r2 WHERE r2.session_id = r.session_id AND r2.size = r.size AND r2.workload < r.workload AND r2.workload <> 'geomean') END, overhead, coalesce(overhead_lo, overhead), coalesce(overhead_hi, overhead) FROM report r WHERE %s AND threads = 1 AND variant = '%s' AND overhead IS NOT NULL", NW, S, v))
failed(v) = QS(sprintf("SELECT coalesce(sum(failed), 0) FROM report WHERE %s AND threads = 1 AND variant = '%s' AND workload <> 'geomean'", S, v)) + 0
vtitle(v) = (failed(v) > 0) ? sprintf("%s (%d failed runs)", v, failed(v)) : v
off(j) = (j - (NV + 1) / 2.0) * bw

do for [fmt in "png pdf"] {
    eval term_open("overhead", 8, 4.5)
    set title sprintf("Single-thread overhead against the GIL build (%s size)", size) offset 0, 1
    set ylabel "time / gil time, 1 thread (log scale; < 1 is faster)"
    set logscale y
    set xrange [-0.7:NW + 1]
    set xtics () rotate by -35 left
    do for [k=1:NW] { set xtics add (word(WLS, k) k - 1) }
    set xtics add ("geomean" NW + 0.3)
    set grid ytics mytics
    # The legend above the plot (clear of the tallest bars), each swatch before its label.
    set tmargin 5
    set key at graph 0.5, graph 1.03 center bottom horizontal reverse Left box opaque samplen 2 width 1
    set bmargin 7
    eval footnote
    if (NV == 0) {
        set label 1 "no variant to compare with gil in this session" at graph 0.5, 0.5 center
        set yrange [0.1:10]
        plot 1 with lines lc rgb "#555555" dt 2 title "gil"
        unset label 1
    } else {
        set yrange [*:*]
        set style fill solid 0.75 noborder
        plot 1 with lines lc rgb "#555555" dt 2 title "gil = 1", \
             for [j=1:NV] data(word(VS,j)) using ($1 + off(j)):2:($1 + off(j) - bw/2):($1 + off(j) + bw/2):(1):2 \
                 with boxxyerror lt vlt(word(VS,j)) title vtitle(word(VS,j)), \
             for [j=1:NV] data(word(VS,j)) using ($1 + off(j)):3:(0):($4 - $3) with vectors heads size screen 0.004, 90 lc rgb "#222222" lw 1 notitle
    }
    unset label 99
    unset logscale y
    set output
}
