#!/bin/sh
# e2e.sh — end-to-end test of build/bin/parvm-bench: a tiny session (size tiny,
# threads 1 and 2, 2 repetitions) on every variant found (each parvm-* build in the
# bin folder, none included, plus cpython and pypy when on PATH), on the real
# workloads when workloads/ has any, else on the harness fixtures, with the build facts
# each session records; the VMs' own argument checks and papi_native_avail on each
# build's SDE library; --events refused up front; two shards merged and reported as
# one; then report, export, compare against an SQL dump of the same database, and merge.
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
    vm=$1 want=$2; shift 2
    "$vm" "$@" >/dev/null 2>"$TMP/vm.err"
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

echo "harness-e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
