#!/bin/sh
# e2e.sh — end-to-end test of build/bin/parvm-bench: a tiny session (size tiny,
# threads 1 and 2, 2 repetitions) on every variant found (each parvm-* build in the
# bin folder, none included, plus cpython and pypy when on PATH), on the real
# workloads when workloads/ has any, else on the harness fixtures, with the build facts
# each session records; the VMs' own argument checks and papi_native_avail on each
# build's SDE library; --events refused up front; two shards merged and reported as
# one; then report, export, compare against an SQL dump of the same database, and merge.
# Then the scripts around the harness: scripts/plot.sh draws every figure of a tiny
# session of the parvm builds together; scripts/ci-bench.sh --replay judges databases
# doctored from that session (confirmed regression, unconfirmed one, clean, crashed
# cell), and against a live reference (measured beside, one lacking a build, one whose
# runs crash, an unknown revision); scripts/install-deps.sh --check, plus its install paths against stub
# dpkg/apt tools; and scripts/icount.sh's judgement on doctored instruction counts.
# Usage: tests/harness/e2e.sh [BIN_DIR]   (default build/bin). Run from the top folder.
# Last line: "harness-e2e: N passed, N failed".
set -u
BIN=${1:-build/bin}
BENCH=$BIN/parvm-bench
TMP=$(mktemp -d /tmp/parvm-e2e-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
check() {   # check NAME COMMAND... : passes when the command exits 0
    name=$1; shift
    if "$@" >"$TMP/out" 2>"$TMP/err"; then pass=$((pass + 1)); echo "ok   $name"
    else fail=$((fail + 1)); echo "FAIL $name"; tail -5 "$TMP/err" | sed 's/^/     /'; fi
}

WDIR=workloads
ls workloads/*.py 2>/dev/null | grep -v '/parvm.py$' | grep -q . || WDIR=tests/harness/fixtures/workloads
variants=$(for f in "$BIN"/parvm-*; do
    n=${f##*/parvm-}; [ -x "$f" ] && [ "$n" != bench ] && echo "$n"; done)
command -v python3 >/dev/null && variants="$variants cpython"
dirty=0
[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=1
command -v pypy3 >/dev/null && variants="$variants pypy"

for v in $variants; do
    db=$TMP/$v.db
    threads=1,2
    [ "$v" = none ] && threads=1
    check "run $v" "$BENCH" run --db "$db" --bin-dir "$BIN" --workloads-dir "$WDIR" \
        --variants "$v" --sizes tiny --threads $threads --reps 2 --timeout 120 --quiet
    nw=$(ls "$WDIR"/*.py | grep -cv '/parvm.py$')
    nt=$(echo $threads | tr ',' '\n' | wc -l)
    want=$((nw * nt * 3))
    check "$v: $want runs, all ok" test "$(sqlite3 "$db" "SELECT count(*) FROM runs WHERE ok = 1")" = "$want"
    check "$v: report" sh -c "\"$BENCH\" report --db \"$db\" --format markdown > \"$TMP/report.md\""
    check "$v: report names $v" grep -q "| $v " "$TMP/report.md"
    if [ -x "$BIN/parvm-$v" ]; then
        # The build's own --version facts, baked in by the Makefile, reach the session.
        check "$v: session records the exact cflags of the build" test \
            "$(sqlite3 "$db" "SELECT cflags FROM builds WHERE variant = '$v'")" = \
            "$(cat "$BIN/../obj/$v.flags" 2>/dev/null)"
        check "$v: session records the commit of the build" test \
            "$(sqlite3 "$db" "SELECT git_commit FROM builds WHERE variant = '$v'")" = "$(git rev-parse HEAD)"
        check "$v: session records the dirty flag of the build" test \
            "$(sqlite3 "$db" "SELECT git_dirty FROM builds WHERE variant = '$v'")" = "$dirty"
        check "$v: session records the PAPI version of the build, not as an event" test \
            "$(sqlite3 "$db" "SELECT count(*) FROM builds WHERE variant = '$v' AND papi_version GLOB '[0-9]*.[0-9]*.[0-9]*'
                              AND NOT EXISTS (SELECT 1 FROM events WHERE name = 'papi_version')")" = 1
    fi
done

# The VM's own argument checks on every parvm build: exit 2 and a message naming the
# argument, prefixed once with the build's name.
vm_rejects() {   # vm_rejects VM MESSAGE ARG...
    rj_vm=$1 want=$2; shift 2     # not $vm: the caller's loop variable
    "$rj_vm" "$@" >/dev/null 2>"$TMP/vm.err"
    rc=$?
    if [ $rc -eq 2 ] && grep -qF -- "$want" "$TMP/vm.err" && ! grep -qE -- '(--[a-z-]+: )\1' "$TMP/vm.err"; then
        return 0
    fi
    echo "exit $rc, wanted 2 and '$want' once:" >&2; cat "$TMP/vm.err" >&2
    return 1
}
# sde_listed VM SO: papi_native_avail -sde SO lists every sde:::parvm:: counter VM has.
sde_listed() {
    names=$("$1" --list-events | awk -F'\t' '$1 ~ /^sde:::parvm::/ { print $1 }')
    papi_native_avail -sde "$2" -i parvm > "$TMP/pna.out" 2>&1 || { tail -3 "$TMP/pna.out" >&2; return 1; }
    [ -n "$names" ] || { echo "no sde counters in $1 --list-events" >&2; return 1; }
    for n in $names; do
        grep -qF "| $n " "$TMP/pna.out" || { echo "$n not listed by papi_native_avail -sde $2" >&2; return 1; }
    done
}
w1=$(ls "$WDIR"/*.py | grep -v '/parvm.py$' | head -1)
for v in $variants; do
    vm=$BIN/parvm-$v
    [ -x "$vm" ] || continue
    check "$v: --threads 0 exits 2" vm_rejects "$vm" "parvm-$v: --threads needs a whole number from 1 to 4096, got '0'" \
        --bench "$w1" --threads 0 --stats /dev/null
    check "$v: --stats without a value exits 2" vm_rejects "$vm" "parvm-$v: option --stats needs a value" \
        --bench "$w1" --stats
    check "$v: an unknown --size exits 2" vm_rejects "$vm" "no size 'huge' in SIZES" \
        --bench "$w1" --size huge --stats /dev/null
    check "$v: a malformed --events exits 2, its prefix once" vm_rejects "$vm" \
        "parvm-$v: --events: event 2 is empty in 'PAPI_TOT_INS,,PAPI_TOT_CYC'" \
        --bench "$w1" --events PAPI_TOT_INS,,PAPI_TOT_CYC --stats /dev/null
    check "$v: --list-events --events checks the list" vm_rejects "$vm" \
        "parvm-$v: --events: 'none' must be the whole list" --list-events --events PAPI_TOT_INS,none
    case $v in   # a backend's own options: a bad value is exit 2 and a message, not a crash
        gil) check "gil: a bad --switch-ticks exits 2" vm_rejects "$vm" \
                 "--switch-ticks needs a whole number >= 0, got 'x'" --switch-ticks x -c pass ;;
        nogil) check "nogil: a bad --nogil-bias exits 2" vm_rejects "$vm" \
                 "--nogil-bias needs 0 or 1, got '2'" --nogil-bias 2 -c pass
               # a list made by the main thread and appended to by a second: with biased
               # locks the second thread revokes the bias, without them there is none
               printf '%s\n' 'import threading, parvm' 'l = []' 'l.append(0)' \
                   't = threading.Thread(target=lambda: l.append(1))' 't.start()' 't.join()' \
                   'print(parvm.counters()["lock_revocations"])' > "$TMP/bias.py"
               check "nogil: a second thread's lock revokes the bias" sh -c \
                 "test \"\$(\"$vm\" \"$TMP/bias.py\")\" -ge 1"
               check "nogil: --nogil-bias 0 makes unbiased objects" sh -c \
                 "test \"\$(\"$vm\" --nogil-bias 0 \"$TMP/bias.py\")\" -eq 0" ;;
        stm) check "stm: a bad --stm-tx-ticks exits 2" vm_rejects "$vm" \
                 "--stm-tx-ticks needs a whole number >= 1, got 'abc'" --stm-tx-ticks abc -c pass
             check "stm: a --stm-serial-pct above 100 exits 2" vm_rejects "$vm" \
                 "--stm-serial-pct needs 0 to 100, got '101'" --stm-serial-pct 101 -c pass
             check "stm: a bad PARVM_STM_SERIAL_WINDOW_US exits 2" vm_rejects env \
                 "--stm-serial-window-us needs a whole number >= 1, got '0'" \
                 PARVM_STM_SERIAL_WINDOW_US=0 "$vm" -c pass
             check "stm: --stm-report 1 prints the abort summary at exit" sh -c \
                 "\"$vm\" --stm-report 1 -c pass 2>&1 >/dev/null | grep -q '^stm: aborts 0 (rw 0, ww 0, validation 0, explicit 0); commits [1-9]'" ;;
    esac
    check "$v: papi_native_avail -sde lists the build's counters" sde_listed "$vm" "$BIN/../lib/libparvm-sde-$v.so"
done
first=$(for v in $variants; do [ -x "$BIN/parvm-$v" ] && echo "$v"; done | head -1)
if [ -n "$first" ]; then
    check "run refuses --events the VMs reject, and writes nothing" sh -c \
        "\"$BENCH\" run --db \"$TMP/events/x.db\" --bin-dir \"$BIN\" --workloads-dir \"$WDIR\" --variants $first \
            --sizes tiny --threads 1 --reps 1 --events PAPI_TOT_INS,none --quiet 2> \"$TMP/run.err\";
         test \$? -eq 2 && grep -q 'is not an event list the VMs accept' \"$TMP/run.err\" && test ! -e \"$TMP/events\""
fi

# Two shards of one matrix, each into its own database, merged and reported as one
# table: shards take whole (workload, size) groups, so each has every variant and both
# thread counts of its workloads, and the merged report has a speedup for every cell.
threaded=$(for v in $variants; do [ -x "$BIN/parvm-$v" ] && [ "$v" != none ] && echo "$v"; done | head -2 | paste -sd, -)
two=$(ls "$WDIR"/*.py | grep -v '/parvm.py$' | head -2 | xargs -n1 basename | sed 's/\.py$//' | paste -sd, -)
if [ -n "$threaded" ]; then
    mkdir -p "$TMP/shards"
    nv=$(echo "$threaded" | tr ',' '\n' | wc -l)
    for k in 1 2; do
        check "shard $k/2 ($threaded; $two)" "$BENCH" run --db "$TMP/shards/s$k.db" --bin-dir "$BIN" \
            --workloads-dir "$WDIR" --variants "$threaded" --workloads "$two" --sizes tiny \
            --threads 1,2 --reps 1 --warmups 0 --timeout 120 --quiet --shard $k/2
        check "shard $k/2 has one workload with every variant and thread count" test \
            "$(sqlite3 "$TMP/shards/s$k.db" "SELECT count(DISTINCT workload) || ' ' || count(DISTINCT variant)
                                          || ' ' || count(DISTINCT threads) FROM runs WHERE ok = 1")" = "1 $nv 2"
    done
    check "merge the shards" "$BENCH" merge --db "$TMP/shards/all.db" "$TMP/shards/s1.db" "$TMP/shards/s2.db"
    check "report --all-shards" sh -c "\"$BENCH\" report --db \"$TMP/shards/all.db\" --all-shards --format csv > \"$TMP/shards/all.csv\""
    check "report --session 1,2 is the same table" sh -c "\"$BENCH\" report --db \"$TMP/shards/all.db\" --session 1,2 --format csv | cmp -s - \"$TMP/shards/all.csv\""
    # workload,size,variant,threads,n,failed,median_s,_lo,_hi,speedup,...: every cell of
    # both workloads, each with its speedup against its own 1-thread median.
    check "the merged report has every cell, each with a speedup" test \
        "$(awk -F, 'NR > 1 && $1 != "geomean" && $10 != "" { n++ } END { print n + 0 }' "$TMP/shards/all.csv")" = "$((2 * nv * 2))"
    check "one shard alone is refused next to another matrix" sh -c \
        "\"$BENCH\" run --db \"$TMP/shards/s1.db\" --bin-dir \"$BIN\" --workloads-dir \"$WDIR\" --variants $(echo "$threaded" | cut -d, -f1) \
            --workloads $two --sizes tiny --threads 1 --reps 1 --warmups 0 --quiet --shard 1/2 &&
         \"$BENCH\" report --db \"$TMP/shards/s1.db\" --session 1,2 >/dev/null 2>&1; test \$? -eq 2"
fi

inputs=$(ls "$TMP"/*.db)
db=$TMP/merged.db
check "merge" "$BENCH" merge --db "$db" $inputs
check "merge keeps every run" test "$(sqlite3 "$db" 'SELECT count(*) FROM runs')" = \
    "$(for f in $inputs; do sqlite3 "$f" 'SELECT count(*) FROM runs'; done | awk '{s+=$1} END {print s}')"
first=$(echo "$inputs" | head -1)
check "export csv" "$BENCH" export --db "$first" --table runs --format csv --output "$TMP/runs.csv"
check "export csv has a header and every run" test "$(($(wc -l < "$TMP/runs.csv") - 1))" = \
    "$(sqlite3 "$first" 'SELECT count(*) FROM runs')"
check "export json" "$BENCH" export --db "$first" --table counters --format json --output "$TMP/c.json"
check "export json parses" python3 -c "import json,sys; json.load(open('$TMP/c.json'))"
sqlite3 "$first" .dump > "$TMP/baseline.sql"
check "compare with an SQL dump of itself" "$BENCH" compare --db "$first" --baseline "$TMP/baseline.sql"
check "list" "$BENCH" list --bin-dir "$BIN" --workloads-dir "$WDIR"
check "bad argument exits 2" sh -c "\"$BENCH\" run --threads x; test \$? -eq 2"

# --- plots: one tiny session of the parvm builds (none included), 3 workloads ---------
mkdir -p "$TMP/ci"
parvm=$(for v in $variants; do case $v in cpython|pypy) ;; *) echo "$v" ;; esac; done)
# gil first: the overhead figure and ci-bench need it.
pv=$(echo "$parvm" | grep -x gil; echo "$parvm" | grep -vx gil)
pvl=$(echo $pv | tr ' ' ',')
wls=$(ls "$WDIR"/*.py | grep -v '/parvm.py$' | head -3 | sed 's|.*/||; s|\.py$||')
wll=$(echo $wls | tr ' ' ',')
real=$TMP/ci/real.db
check "run $pvl on $wll (for plots and ci-bench)" "$BENCH" run --db "$real" --bin-dir "$BIN" \
    --workloads-dir "$WDIR" --variants "$pvl" --workloads "$wll" --sizes tiny --threads 1,2 \
    --reps 3 --timeout 120 --quiet
PL=$TMP/plots
check "plot.sh draws the figures" scripts/plot.sh --bench "$BENCH" "$real" "$PL"
missing=""
for f in $(for w in $wls; do echo "speedup-$w time-$w"; done) speedup-overview time-overview \
         overhead stm contention gilwait history; do
    for ext in png pdf; do [ -s "$PL/$f.$ext" ] || missing="$missing $f.$ext"; done
done
check "plot.sh: every PNG and PDF there and non-empty${missing:+ (missing or empty:$missing)}" test -z "$missing"
check "plot.sh: the PNGs are PNG images" sh -c "for f in \"$PL\"/*.png; do head -c 8 \"\$f\" | od -An -c | grep -q 'P   N   G' || exit 1; done"
check "plot.sh: the PDFs are PDF documents" sh -c "for f in \"$PL\"/*.pdf; do head -c 5 \"\$f\" | grep -q '%PDF-' || exit 1; done"
check "plot.sh: a redraw reuses the summary" scripts/plot.sh --bench "$BENCH" "$real" "$PL"
check "plot.sh: no database exits 1" sh -c "scripts/plot.sh --bench \"$BENCH\" \"$TMP/nonexistent.db\" \"$TMP/pl2\"; test \$? -eq 1"

# --- ci-bench decisions on doctored copies of that session ------------------------------
# Every run is made successful with a deterministic time (10 ms + 0.1 ms per repetition:
# a narrow interval);
# "regressed" makes one build 30% slower on one workload; "crashed" makes every run of
# that cell a crash, which compare alone would just leave out.
slow=$(echo "$pv" | grep -vx gil | head -1)
wslow=$(echo "$wls" | sed -n 2p)
doctor() {   # doctor NAME EXTRA-SQL -> $TMP/ci/NAME.db, a copy of the session as a new session
    cp "$real" "$TMP/ci/$1.db"
    sqlite3 "$TMP/ci/$1.db" "UPDATE sessions SET uuid = 'e2e-$1';
        UPDATE runs SET ok = 1, status = 'ok', error = NULL, exit_status = 0,
            wall_ns = 10000000 + 100000 * repetition, cpu_ns = 10000000 + 100000 * repetition; $2"
}
if [ -n "$slow" ] && [ -n "$wslow" ]; then
    cell="variant = '$slow' AND workload = '$wslow'"
    slower="UPDATE runs SET wall_ns = wall_ns * 13 / 10 WHERE $cell;"
    doctor base ""
    sqlite3 "$TMP/ci/base.db" .dump > "$TMP/ci/base.sql"
    doctor clean1 ""; doctor clean2 ""; doctor slow1 "$slower"; doctor slow2 "$slower"
    doctor crashed "UPDATE runs SET ok = 0, status = 'crash', exit_status = -11, wall_ns = NULL,
        error = 'killed by signal 11 (Segmentation fault)' WHERE $cell;"
    cib() {   # cib NAME REPLAY: ci-bench on a fresh current database; output in $TMP/ci/NAME.out
        rm -f "$TMP/ci/cur-$1.db"
        scripts/ci-bench.sh --bench "$BENCH" --db "$TMP/ci/cur-$1.db" --baseline "$TMP/ci/base.sql" \
            --replay "$2" > "$TMP/ci/$1.out" 2>&1
        echo $? > "$TMP/ci/$1.rc"
    }
    cib confirmed "$TMP/ci/slow1.db,$TMP/ci/slow2.db"
    cib noise "$TMP/ci/slow1.db,$TMP/ci/clean1.db"
    cib clean "$TMP/ci/clean2.db"
    cib crash "$TMP/ci/crashed.db"
    r() { cat "$TMP/ci/$1.rc"; }
    check "ci-bench: 30% slower $slow $wslow, confirmed: exit 1" test "$(r confirmed)" = 1
    check "ci-bench: ... and says REGRESSION confirmed for that cell" \
        grep -q "^   $wslow $slow t=1 overhead" "$TMP/ci/confirmed.out"
    check "ci-bench: ... after measuring again" grep -q "suspected regression, measuring again" "$TMP/ci/confirmed.out"
    check "ci-bench: 30% slower, not confirmed: exit 0" test "$(r noise)" = 0
    check "ci-bench: ... and says not confirmed" grep -q "not confirmed by the second measurement" "$TMP/ci/noise.out"
    check "ci-bench: clean: exit 0 without a second measurement" test "$(r clean)" = 0
    check "ci-bench: ... and says no significant regression" grep -q "no significant regression" "$TMP/ci/clean.out"
    check "ci-bench: every run of $slow $wslow crashed: exit 1" test "$(r crash)" = 1
    check "ci-bench: ... naming the build, workload and failure" \
        grep -q "^   $slow $wslow (tiny, 1 thread): [0-9]* of [0-9]* runs crash: killed by signal 11" "$TMP/ci/crash.out"
    check "ci-bench: a second measurement without a replay database exits 2" sh -c \
        "rm -f \"$TMP/ci/cur-x.db\"; scripts/ci-bench.sh --bench \"$BENCH\" --db \"$TMP/ci/cur-x.db\" \
         --baseline \"$TMP/ci/base.sql\" --replay \"$TMP/ci/slow1.db\" >/dev/null 2>&1; test \$? -eq 2"
    for c in confirmed noise clean crash; do
        case $(r $c) in 0|1) ;; *) sed 's/^/     /' "$TMP/ci/$c.out" | tail -5 ;; esac
    done

    # A live reference: the builds of $BIN measured as both sides (tiny, 2 workloads),
    # from a folder that lacks $slow; then a reference whose $slow build crashes.
    mkdir -p "$TMP/ci/refbin" "$TMP/ci/badref"
    for v in $pv; do [ "$v" = "$slow" ] || ln -s "$(cd "$BIN" && pwd)/parvm-$v" "$TMP/ci/refbin/"; done
    ln -s "$(cd "$BIN" && pwd)/parvm-gil" "$TMP/ci/badref/"
    printf '#!/bin/sh\nkill -SEGV $$\n' > "$TMP/ci/badref/parvm-$slow"; chmod +x "$TMP/ci/badref/parvm-$slow"
    live() {   # live NAME REFBIN: ci-bench against a live reference; output in $TMP/ci/NAME.out
        scripts/ci-bench.sh --bench "$BENCH" --variants "$pvl" --reference-bin "$2" \
            --db "$TMP/ci/$1.db" --size tiny --workloads "$(echo $wls | cut -d' ' -f1-2 | tr ' ' ,)" \
            --reps 3 > "$TMP/ci/$1.out" 2>&1
        echo $? > "$TMP/ci/$1.rc"
    }
    live live "$TMP/ci/refbin"
    check "ci-bench live reference: a verdict (exit 0 or 1, got $(r live))" sh -c "test $(r live) -le 1"
    check "ci-bench live reference: the current and the reference builds measured" sh -c \
        "grep -q 'from $BIN,* ' \"$TMP/ci/live.out\" && grep -q 'from $TMP/ci/refbin, ' \"$TMP/ci/live.out\""
    check "ci-bench live reference: its session kept in DB.reference.db, without $slow" test \
        "$(sqlite3 "$TMP/ci/live.reference.db" "SELECT group_concat(DISTINCT variant) FROM
            (SELECT variant FROM runs ORDER BY variant)")" = "$(echo $pv | tr ' ' '\n' | grep -vx "$slow" | sort | paste -sd, -)"
    check "ci-bench live reference: a build it lacks is measured and named, not judged" \
        grep -q "the reference has no '$slow' build" "$TMP/ci/live.out"
    live badref "$TMP/ci/badref"
    check "ci-bench: a reference whose runs crash stops the check (exit 1)" test "$(r badref)" = 1
    check "ci-bench: ... saying the reference cannot judge" grep -q "runs of the reference builds .* cannot judge" "$TMP/ci/badref.out"
    check "ci-bench: an unknown --reference revision exits 2" sh -c "scripts/ci-bench.sh --bench \"$BENCH\" \
        --variants gil --db \"$TMP/ci/x.db\" --reference no-such-revision-e2e >\"$TMP/ci/norev.out\" 2>&1; test \$? -eq 2"
    check "ci-bench: ... naming it" grep -q "'no-such-revision-e2e' is not a commit" "$TMP/ci/norev.out"
    check "ci-bench: an empty --reference (no results/ci-reference) exits 2" sh -c "scripts/ci-bench.sh \
        --bench \"$BENCH\" --variants gil --db \"$TMP/ci/x.db\" --reference '' 2>/dev/null; test \$? -eq 2"
    if git rev-parse --verify -q HEAD >/dev/null; then
        check "ci-bench --write-reference records HEAD" sh -c "scripts/ci-bench.sh --write-reference \
            \"$TMP/ci/ref\" >/dev/null 2>&1 && test \"\$(sed -n '/^[0-9a-f]/{p;q;}' \"$TMP/ci/ref\")\" = \"\$(git rev-parse HEAD)\""
    fi
else
    check "ci-bench: needs gil and another parvm build in $BIN" false
fi

# --- install-deps.sh -------------------------------------------------------------------
check "install-deps.sh --check: every required package installed" scripts/install-deps.sh --check
# Stubs: dpkg-query says every package is installed except $FAKE_MISSING; apt-cache has
# lists and a candidate for every package except $FAKE_NOCAND; apt-get only logs; id -u
# prints $FAKE_UID.
S=$TMP/stubs; mkdir -p "$S"
cat > "$S/dpkg-query" <<'STUB'
#!/bin/sh
for a; do p=$a; done
case " $FAKE_MISSING " in *" $p "*) exit 1 ;; esac
printf installed
STUB
cat > "$S/apt-cache" <<'STUB'
#!/bin/sh
[ "$1" = policy ] || exit 0
if [ -z "${2:-}" ]; then echo " 500 http://deb.example.org/debian stable/main amd64 Packages"; exit 0; fi
echo "$2:"; echo "  Installed: (none)"
case " $FAKE_NOCAND " in *" $2 "*) echo "  Candidate: (none)" ;; *) echo "  Candidate: 1.0-1" ;; esac
STUB
cat > "$S/apt-get" <<'STUB'
#!/bin/sh
echo "apt-get $*" >> "$FAKE_LOG"
STUB
cat > "$S/id" <<'STUB'
#!/bin/sh
echo "$FAKE_UID"
STUB
chmod +x "$S"/*
deps() {   # deps NAME UID MISSING NOCAND [ARGS]: output in $TMP/deps-NAME.out, apt-get calls in .log
    n=$1 u=$2 m=$3 nc=$4; shift 4
    : > "$TMP/deps-$n.log"
    PATH="$S:$PATH" FAKE_UID=$u FAKE_MISSING=$m FAKE_NOCAND=$nc FAKE_LOG="$TMP/deps-$n.log" \
        sh scripts/install-deps.sh "$@" > "$TMP/deps-$n.out" 2>&1
    echo $? > "$TMP/deps-$n.rc"
}
deps check 1000 "libcmocka-dev pypy3" "" --check
check "install-deps.sh --check: a missing package exits 1 and is named" sh -c \
    "test \$(cat $TMP/deps-check.rc) = 1 && grep -q '^missing packages: libcmocka-dev' $TMP/deps-check.out"
deps nocand 0 "pypy3" "pypy3"
check "install-deps.sh: optional pypy3 without candidate: exit 0, no apt-get at all" sh -c \
    "test \$(cat $TMP/deps-nocand.rc) = 0 && test ! -s $TMP/deps-nocand.log"
check "install-deps.sh: ... and says once that it is skipped" \
    test "$(grep -c 'pypy3.*skipped' "$TMP/deps-nocand.out")" = 1
deps cand 0 "pypy3" ""
check "install-deps.sh: optional pypy3 with a candidate: apt-get update, install pypy3" sh -c \
    "grep -q '^apt-get update' $TMP/deps-cand.log && grep -q '^apt-get install.* pypy3' $TMP/deps-cand.log"
deps both 0 "gcc pypy3" "pypy3"
check "install-deps.sh: gcc missing, pypy3 without candidate: installs gcc, skips pypy3 once" sh -c \
    "test \$(cat $TMP/deps-both.rc) = 0 && grep -q '^apt-get install.* gcc' $TMP/deps-both.log \
     && ! grep -q 'install.*pypy3' $TMP/deps-both.log && test \$(grep -c 'pypy3.*skipped' $TMP/deps-both.out) = 1"
deps user 1000 "gcc pypy3" "pypy3"
check "install-deps.sh: not root: exit 1, the command names gcc and not pypy3" sh -c \
    "test \$(cat $TMP/deps-user.rc) = 1 && grep -q 'apt-get install -y gcc\$' $TMP/deps-user.out && test ! -s $TMP/deps-user.log"

# scripts/icount.sh's decision, on doctored counts (-R replays two count files; the
# measurement itself is valgrind's and takes minutes, so CI's ci-icount runs it).
printf 'a gil 1000000\na stm 1200000\nb gil 2000000\nb stm 2100000\n' > "$TMP/ic-ref"
sed 's/^a stm 1200000$/a stm 1230000/' "$TMP/ic-ref" > "$TMP/ic-2.5"     # +2.5%
sed 's/^a stm 1200000$/a stm 1220000/' "$TMP/ic-ref" > "$TMP/ic-1.7"     # +1.7%
sed 's/gil 1000000$/gil 1100000/; s/^a stm 1200000$/a stm 1320000/' "$TMP/ic-ref" > "$TMP/ic-gilmove"
icount() { scripts/icount.sh -b gil,stm "$@" > "$TMP/ic.out" 2> "$TMP/ic.err"; echo $? > "$TMP/ic.rc"; }
icount -R "$TMP/ic-2.5,$TMP/ic-ref"
check "icount.sh: stm +2.5% on one workload against the reference: exit 1, named" sh -c \
    "test \$(cat $TMP/ic.rc) = 1 && grep -q 'stm on a: +2.50%' $TMP/ic.out"
icount -R "$TMP/ic-1.7,$TMP/ic-ref"
check "icount.sh: +1.7% is within the 2% threshold: exit 0" test "$(cat "$TMP/ic.rc")" = 0
icount -R "$TMP/ic-1.7,$TMP/ic-ref" -t 1
check "icount.sh: ... and beyond -t 1: exit 1" test "$(cat "$TMP/ic.rc")" = 1
icount -R "$TMP/ic-gilmove,$TMP/ic-ref"
check "icount.sh: gil and stm both 10% more on a workload (ratio the same): exit 0, gil's move shown" sh -c \
    "test \$(cat $TMP/ic.rc) = 0 && grep -q 'gil itself against the reference (not judged): geometric mean 1.04' $TMP/ic.out"
head -3 "$TMP/ic-ref" > "$TMP/ic-short"
icount -R "$TMP/ic-ref,$TMP/ic-short"
check "icount.sh: a cell the reference lacks: exit 2, named" sh -c \
    "test \$(cat $TMP/ic.rc) = 2 && grep -q 'no count for b on stm' $TMP/ic.err"
icount -R "$TMP/ic-ref"
check "icount.sh: -R with one file: exit 2" test "$(cat "$TMP/ic.rc")" = 2
icount -R "$TMP/ic-ref,$TMP/ic-ref" -b gil,nosuch
check "icount.sh: an unknown build: exit 2" test "$(cat "$TMP/ic.rc")" = 2
icount -r no-such-revision -w nqueens
check "icount.sh: an unknown revision: exit 2 (before building anything)" sh -c \
    "test \$(cat $TMP/ic.rc) = 2 && grep -q 'is not a commit' $TMP/ic.err"

echo "harness-e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
