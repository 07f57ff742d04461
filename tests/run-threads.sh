#!/bin/sh
# Run the threading tests (tests/threads/) with one interpreter binary.
#
# usage: tests/run-threads.sh BIN [NAME...]
#
#   BIN       build/bin/parvm-gil, build/bin/parvm-none, build/asan/bin/parvm-gil, ...
#             (python3 works too, with workloads/ on PYTHONPATH for the parvm shim: it
#             checks the hand-written and generated .out files against CPython)
#   NAME...   run only these programs (file name without .py). Default: all of them
#             (files starting with '_' are helpers imported by the programs).
#
# A program NAME.py passes when, run from inside tests/threads/ with a 120 s limit (a
# guard against hangs, not a measurement), every run exits 0, writes nothing to stderr
# (an exception in a thread is a failure) and prints exactly NAME.out. Header lines
# in NAME.py control the runs:
#   # threads-repeat: R          run R times; every run must give the same NAME.out
#   # threads-gil-args: ARGS     extra interpreter options on the GIL build only
#   # threads-gil-env: VAR=VAL   environment for the GIL build only
#   # threads-racy: WHAT         races on purpose (unsynchronised Python-level sharing):
#                                not run when THREADS_SKIP_RACY=1 (ThreadSanitizer
#                                builds, which must stay silent on race-free programs)
# The variant is asked from BIN itself (parvm.variant()).
#
# Programs that only make sense on the GIL build are listed below with the reason; on
# any other build they are not run, and the script says so by name before the summary.
# Programs that need two threads running at once are skipped on the 'none' build only.
# Everything else runs on every build: the 'none' build runs each thread to completion
# at start(), so programs whose output does not depend on the interleaving pass there.
# Last line: "threads: N passed, N failed". Exit status 1 if anything failed.
set -u

# name            reason it runs on the GIL build only
GIL_ONLY='
lost_updates      needs the deterministic GIL (--switch-ticks) to interleave two threads
lost_updates_env  needs the deterministic GIL (PARVM_SWITCH_TICKS) to interleave two threads
lost_updates_3    needs the deterministic GIL (--switch-ticks) to interleave two threads
no_switch_no_loss exercises the --switch-ticks option, which only the GIL build has
'
# name            reason the 'none' build cannot run it
NEEDS_THREADS='
condition         producer and consumer wait for each other: on none a wait that needs another thread raises RuntimeError
event             waiters block until the main thread sets the event: needs threads that run concurrently
atomic_blocking   waits in atomic blocks end by another thread acting, which on none has already run
lock_handoff      each side waits for a lock only the other side releases: needs threads that run concurrently
lock_timeout_short the holder keeps its lock until the main thread has tried it: needs threads that run concurrently
'

TIMEOUT=${THREADS_TIMEOUT:-120}
if [ $# -lt 1 ]; then
    echo "usage: tests/run-threads.sh BIN [NAME...]" >&2
    exit 2
fi
bin=$1
shift
case $bin in
    */*) if [ ! -x "$bin" ]; then echo "run-threads: $bin is not executable" >&2; exit 2; fi
         bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
    *)   r=$(command -v "$bin") || { echo "run-threads: $bin not found in PATH" >&2; exit 2; }
         bin=$r ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
dir=$here/threads
PYTHONPATH=$(dirname "$here")/workloads${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

printf 'import parvm\nprint(parvm.variant())\n' > "$tmp/variant.py"
variant=$("$bin" "$tmp/variant.py" 2>/dev/null) || {
    echo "run-threads: $bin cannot report its variant" >&2
    exit 2
}

if [ $# -gt 0 ]; then
    names="$*"
else
    names=$(cd "$dir" && ls *.py | grep -v '^_' | sed 's/\.py$//')
fi

# header KEY FILE: the value of "# threads-KEY: VALUE", or nothing.
header() {
    sed -n "s/^# threads-$1: *//p" "$2" | head -n 1
}

pass=0
fail=0
not_run=
for name in $names; do
    py=$dir/$name.py
    if [ ! -f "$py" ] || [ ! -f "$dir/$name.out" ]; then
        echo "FAIL $name: no $name.py or $name.out in tests/threads"
        fail=$((fail + 1))
        continue
    fi
    reason=$(printf '%s\n' "$GIL_ONLY" | awk -v n="$name" '$1 == n { $1 = ""; sub(/^ +/, ""); print }')
    if [ "$variant" != gil ] && [ -n "$reason" ]; then
        not_run="$not_run$name: $reason
"
        continue
    fi
    reason=$(printf '%s\n' "$NEEDS_THREADS" | awk -v n="$name" '$1 == n { $1 = ""; sub(/^ +/, ""); print }')
    if [ "$variant" = none ] && [ -n "$reason" ]; then
        not_run="$not_run$name: $reason
"
        continue
    fi
    if [ "${THREADS_SKIP_RACY:-0}" = 1 ] && [ -n "$(header racy "$py")" ]; then
        not_run="$not_run$name: races on purpose (THREADS_SKIP_RACY=1)
"
        continue
    fi
    repeat=$(header repeat "$py")
    args=
    envs=
    if [ "$variant" = gil ]; then
        args=$(header gil-args "$py")
        envs=$(header gil-env "$py")
    fi
    ok=1
    run=1
    while [ "$run" -le "${repeat:-1}" ]; do
        # $args and $envs are split into words on purpose.
        (cd "$dir" && env $envs timeout "$TIMEOUT" "$bin" $args "$name.py") \
            > "$tmp/out" 2> "$tmp/err"
        status=$?
        if [ "$status" -ne 0 ]; then
            echo "FAIL $name (run $run): exit status $status${args:+ with $args}${envs:+ with $envs}"
            ok=0
        elif [ -s "$tmp/err" ]; then
            echo "FAIL $name (run $run): wrote to stderr"
            ok=0
        elif ! cmp -s "$tmp/out" "$dir/$name.out"; then
            echo "FAIL $name (run $run): output differs from $name.out${args:+ with $args}${envs:+ with $envs}"
            diff "$dir/$name.out" "$tmp/out" | head -n 10
            ok=0
        fi
        if [ "$ok" -eq 0 ]; then
            head -n 10 "$tmp/err"
            break
        fi
        run=$((run + 1))
    done
    if [ "$ok" -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done

if [ -n "$not_run" ]; then
    echo "not run on the '$variant' build:"
    printf '%s' "$not_run" | sed 's/^/  /'
fi
echo "threads: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
