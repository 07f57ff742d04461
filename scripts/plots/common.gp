# scripts/plots/common.gp — settings shared by every figure; loaded by each script.
# The driver (scripts/plot.sh) passes: sum (summary database: the harness's report per
# session, typed), db (the results database itself, for counters), out (folder),
# session, size, foot (footnote: machine, commit, session), and fmt (png or pdf).
#
# Q(sql)  a data source that runs sql on the summary database;
# R(sql)  the same on the results database. SQL must not contain double quotes.

Q(sql) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", sum, sql)
R(sql) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql)
# One row of text from a query (lists are space-separated, one word per row).
QS(sql) = system(sprintf("sqlite3 -separator ' ' '%s' \"%s\" | tr '\\n' ' '", sum, sql))
RS(sql) = system(sprintf("sqlite3 -separator ' ' '%s' \"%s\" | tr '\\n' ' '", db, sql))

S = sprintf("session_id = %d AND size = '%s'", session, size)

# A variant keeps its colour in every figure: known names first, others after.
KNOWN = " gil nogil stm none cpython pypy "
vlt(v) = (strstrt(KNOWN, " ".v." ") > 0) ? words(KNOWN[1:strstrt(KNOWN, " ".v." ")]) + 1 : 7
set linetype 1 lc rgb "#1f77b4" lw 2 pt 7 ps 0.8
set linetype 2 lc rgb "#d62728" lw 2 pt 5 ps 0.8
set linetype 3 lc rgb "#2ca02c" lw 2 pt 9 ps 0.9
set linetype 4 lc rgb "#9467bd" lw 2 pt 11 ps 0.9
set linetype 5 lc rgb "#7f7f7f" lw 2 pt 13 ps 0.9
set linetype 6 lc rgb "#ff7f0e" lw 2 pt 6 ps 0.8
set linetype 7 lc rgb "#8c564b" lw 2 pt 4 ps 0.8
set linetype 8 lc rgb "#e377c2" lw 2 pt 8 ps 0.8
set linetype 9 lc rgb "#17becf" lw 2 pt 10 ps 0.8
set linetype 10 lc rgb "#bcbd22" lw 2 pt 12 ps 0.8
set linetype cycle 10

set termoption noenhanced
set grid ytics mytics lc rgb "#dddddd"
set border 3
set tics nomirror

# term(w, h) opens OUT/NAME.FMT; w x h in inches (PNG at 100 dpi).
term_open(name, w, h) = (fmt eq "pdf") ? \
    sprintf("set terminal pdfcairo size %gin,%gin font 'Sans,8'; set output '%s/%s.pdf'", w, h, out, name) : \
    sprintf("set terminal pngcairo size %d,%d font 'Sans,9'; set output '%s/%s.png'", w*100, h*100, out, name)

# Thread counts of the session, as log2 x tics.
THREADS = QS(sprintf("SELECT DISTINCT threads FROM report WHERE %s ORDER BY threads", S))
TMAX = words(THREADS) ? word(THREADS, words(THREADS)) + 0 : 1
set_thread_axis = "set logscale x 2; set xrange [0.8:TMAX*1.25]; set xtics (); " . \
    "do for [i=1:words(THREADS)] { set xtics add (word(THREADS,i) word(THREADS,i)+0) }; set mxtics default"

# The footnote: which machine, commit and session the numbers come from.
# foot1 (commit, session, size) and foot2 (machine) come from plot.sh.
footnote = "set label 99 foot1 . \"\\n\" . foot2 at screen 0.01, screen 0.04 left font ',7' tc rgb '#555555'"
