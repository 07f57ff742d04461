# scripts/plots/counters-panel.gp — one graph of counters.gp: NUM / DEN in percent
# against threads, one line per variant/workload, or the message NONE when no run has
# the counters. Inputs: NUM, DEN (SQL sums), TT (title), YL (y label), NONE.
K = series(NUM, DEN)
eval set_thread_axis
set xlabel "threads"
set ylabel YL
set title TT
if (words(K) == 0) {
    set label 1 NONE at graph 0.5, 0.5 center font ",12" tc rgb "#555555"
    set yrange [0:1]
    unset ytics
    unset key
    plot NaN notitle
    unset label 1
    set ytics nomirror
} else {
    set yrange [0:*]
    set key outside right top Left reverse font ",7"
    plot for [i=1:words(K)] data(NUM, DEN, word(K,i)) using 1:2 with linespoints lt i dt 1 + (i > 10) title word(K,i)
}
