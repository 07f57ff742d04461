# scripts/plots/history.gp — single-thread overhead against gil across the sessions of
# a database that accumulates them (results/ci.db, or results/parvm.db over time):
# per session (x, in start order, labelled with its commit; * = dirty tree) and variant,
# the geometric mean over the workloads of median(variant) / median(gil) at one
# thread, at the plotted size. history.FMT
load dir . "/common.gp"

HS = sprintf("size = '%s' AND threads = 1 AND workload = 'geomean' AND variant <> 'gil' AND overhead IS NOT NULL", size)
ORDERED = sprintf("SELECT s.id, s.git_commit, s.git_dirty, row_number() OVER (ORDER BY s.started_at, s.id) - 1 AS k FROM sessions s WHERE s.id IN (SELECT session_id FROM report WHERE %s)", HS)
SL = QS(sprintf("SELECT k || ':' || substr(coalesce(git_commit, '?'), 1, 7) || CASE git_dirty WHEN 1 THEN '*' ELSE '' END FROM (%s) ORDER BY k", ORDERED))
VS = QS(sprintf("SELECT variant FROM report WHERE %s GROUP BY variant ORDER BY instr('%s', ' ' || variant || ' ') = 0, instr('%s', ' ' || variant || ' '), variant", HS, KNOWN, KNOWN))
data(v) = Q(sprintf("SELECT o.k, r.overhead FROM report r JOIN (%s) o ON o.id = r.session_id WHERE r.%s AND r.variant = '%s' ORDER BY o.k", ORDERED, HS, v))
NS = words(SL)

do for [fmt in "png pdf"] {
    eval term_open("history", 8, 4.5)
    set title sprintf("Single-thread overhead against gil across commits (%s size, geometric mean over workloads)", size)
    set xlabel sprintf("session, labelled with its parvm commit (%d session%s; * = uncommitted changes)", NS, NS == 1 ? "" : "s")
    set ylabel "geomean time / gil time, 1 thread (log scale)"
    set logscale y
    set xrange [-0.5:(NS > 0 ? NS - 0.5 : 0.5)]
    set xtics () rotate by -35 left
    # At most ~25 labels, evenly spaced, so that a long history stays readable.
    step = (NS > 25) ? ceil(NS / 25.0) : 1
    do for [i=1:NS:step] { e = word(SL, i); set xtics add (e[strstrt(e, ":")+1:] i - 1) }
    set key outside right top Left reverse
    set bmargin 7
    eval footnote
    if (NS == 0) {
        set label 1 "no session with an overhead against gil at this size" at graph 0.5, 0.5 center font ",12" tc rgb "#555555"
        set yrange [0.1:10]
        plot 1 with lines lc rgb "#555555" dt 2 title "gil = 1"
        unset label 1
    } else {
        set yrange [*:*]
        plot 1 with lines lc rgb "#555555" dt 2 title "gil = 1", \
             for [j=1:words(VS)] data(word(VS,j)) using 1:2 with linespoints lt vlt(word(VS,j)) title word(VS,j)
    }
    unset label 99
    set output
}
