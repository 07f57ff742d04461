#!/usr/bin/env python3
# refcheck.py: run the workloads on the interpreter running this script (CPython or
# PyPy), or with --vm on a parvm build, and check each result against EXPECTED.
#
#   python3 scripts/refcheck.py                      every workload, tiny and small,
#                                                    threads 1 2 4 8
#   pypy3 scripts/refcheck.py btree bank --sizes medium
#   python3 scripts/refcheck.py --regen [--write] --sizes tiny,small,medium,large
#   python3 scripts/refcheck.py --sizes medium --threads 1 --repeat 3   (timing table)
#   python3 scripts/refcheck.py --switch-interval 1e-6    (switch threads very often)
#   python3 scripts/refcheck.py --none-threads            (threads as the 'none' build has them)
#   python3 scripts/refcheck.py --vm build/bin/parvm-gil --sizes tiny --threads 1,2,4
#
# For every (workload, size, thread count) it times run(nthreads, SIZES[size]) and
# compares the result with EXPECTED[size] (==). It prints one table row per
# (workload, size) with the wall time of each thread count, and exits with status 1
# if any result differs, is missing or raised.
#
# --vm runs every case as a separate process through the VM's benchmark mode
# (docs/protocols.md: --bench FILE --threads N --size S --stats -), which checks the
# result against EXPECTED itself; the row shows the record's wall time. This is what
# `make test` needs to run the tiny sizes on every parvm build.
#
# --regen computes the results instead of checking them: it still runs every thread
# count asked for and refuses a workload whose result depends on the thread count,
# then prints an EXPECTED block per workload. --write also replaces the EXPECTED block
# in each workload file. EXPECTED is defined as what CPython 3.11 computes, so regenerate
# with python3, never with pypy3.

import argparse
import importlib.util
import os
import shlex
import subprocess
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = os.path.join(os.path.dirname(HERE), "workloads")
ALL_SIZES = ("tiny", "small", "medium", "large")
NOT_WORKLOADS = ("parvm",)


class _SerialThread:
    """threading.Thread as the 'none' build provides it: start() runs the target to
    completion on the calling thread and join() returns at once."""

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, daemon=None):
        self._call = (target, args, kwargs or {})

    def start(self):
        target, args, kwargs = self._call
        if target is not None:
            target(*args, **kwargs)

    def join(self, timeout=None):
        pass


class _SerialCondition:
    """threading.Condition of the 'none' build: waiting would wait forever, so it raises."""

    def __init__(self, lock=None):
        self._lock = threading.RLock()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)

    def wait(self, timeout=None):
        raise RuntimeError("wait() with no other thread to wake it (the 'none' build)")

    def notify(self, n=1):
        pass

    def notify_all(self):
        pass


def emulate_none_build():
    threading.Thread = _SerialThread
    threading.Condition = _SerialCondition


def workload_names(folder):
    names = []
    for fname in sorted(os.listdir(folder)):
        stem, ext = os.path.splitext(fname)
        if ext == ".py" and stem not in NOT_WORKLOADS and not stem.startswith("_"):
            names.append(stem)
    return names


def load(folder, name):
    path = os.path.join(folder, name + ".py")
    if not os.path.exists(path):
        raise SystemExit("refcheck: no workload %r (%s)" % (name, path))
    spec = importlib.util.spec_from_file_location("workload_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for attr in ("SIZES", "run", "EXPECTED"):
        if not hasattr(module, attr):
            raise SystemExit("refcheck: %s does not define %s" % (path, attr))
    return module


def timed_run(module, nthreads, params):
    """(seconds, result, error text or None) of one run."""
    start = time.perf_counter()
    try:
        result = module.run(nthreads, params)
    except Exception:
        return time.perf_counter() - start, None, traceback.format_exc().strip().splitlines()[-1]
    return time.perf_counter() - start, result, None


def shape_problem(result):
    """Why result breaks the protocol's shape (an int, a str, or a flat tuple/list of
    those), or None."""
    if type(result) in (int, str):
        return None
    if type(result) not in (tuple, list):
        return "result is a %s, not an int, str, tuple or list" % type(result).__name__
    for item in result:
        if type(item) not in (int, str):
            return "result holds a %s; only ints and strs may be in it" % type(item).__name__
    return None


def vm_run(vm, path, nthreads, size, timeout):
    """Run one workload through a VM's benchmark mode (docs/protocols.md) and read its
    stats record: (seconds, None, error text or None). The VM compares the result with
    EXPECTED itself; a record without `ok 1` is an error carrying the VM's reason."""
    cmd = shlex.split(vm) + ["--bench", path, "--threads", str(nthreads), "--size", size,
                             "--stats", "-", "--events", "none"]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, "timed out after %g s" % timeout
    except OSError as e:
        return time.perf_counter() - start, None, "cannot run %s: %s" % (cmd[0], e)
    secs = time.perf_counter() - start
    record = {}
    lines = proc.stdout.split("\n")
    for line in lines:
        key, _, value = line.partition("\t")
        if key in ("wall_ns", "result", "expected", "ok", "error"):
            record[key] = value
    if "wall_ns" in record:
        secs = int(record["wall_ns"]) / 1e9
    if "end" not in lines:
        tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        return secs, None, "exit %d, no complete stats record (%s)" % (proc.returncode, tail[0])
    if record.get("ok") != "1" or proc.returncode != 0:
        if "error" in record:
            return secs, None, "exit %d: %s" % (proc.returncode, record["error"])
        return secs, None, "exit %d: got %s, expected %s" % (
            proc.returncode, record.get("result"), record.get("expected"))
    return secs, None, None


def check_result(result, expected):
    bad = shape_problem(result)
    if bad is not None:
        return bad
    if result != expected:
        return "got %r, expected %r" % (result, expected)
    return None


def format_expected(results):
    lines = ["EXPECTED = {"]
    for size in ALL_SIZES:
        if size in results:
            lines.append("    %r: %r," % (size, results[size]))
    lines.append("}")
    return "\n".join(lines)


def write_expected(folder, name, results):
    """Replace the EXPECTED block of workloads/NAME.py, keeping sizes not recomputed."""
    path = os.path.join(folder, name + ".py")
    module = load(folder, name)
    merged = dict(module.EXPECTED)
    merged.update(results)
    with open(path) as f:
        lines = f.read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line.startswith("EXPECTED = {"):
            start = i
            break
    if start is None:
        raise SystemExit("refcheck: %s has no line starting with 'EXPECTED = {'" % path)
    end = start
    while not lines[end].rstrip().endswith("}"):
        end += 1
    lines[start:end + 1] = format_expected(merged).split("\n")
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description="Check the workloads on CPython, PyPy or a parvm build.")
    ap.add_argument("names", nargs="*", help="workloads to run (default: all)")
    ap.add_argument("--sizes", default="tiny,small", help="comma-separated sizes")
    ap.add_argument("--threads", default="1,2,4,8", help="comma-separated thread counts")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each case N times and report the fastest (for timing tables)")
    ap.add_argument("--workloads", default=WORKLOADS, help="folder of workload files")
    ap.add_argument("--switch-interval", type=float, default=None, metavar="SECONDS",
                    help="sys.setswitchinterval: a tiny value forces frequent thread "
                         "switches, to shake out results that depend on interleaving")
    ap.add_argument("--none-threads", action="store_true",
                    help="emulate the 'none' build's threads (start() runs the target at "
                         "once, Condition.wait raises); implies --threads 1")
    ap.add_argument("--vm", metavar="CMD",
                    help="run each case through CMD's benchmark mode (e.g. "
                         "build/bin/parvm-gil) instead of in this interpreter")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="with --vm: seconds before a run counts as hung")
    ap.add_argument("--regen", action="store_true", help="print computed results")
    ap.add_argument("--write", action="store_true", help="with --regen: update the files")
    args = ap.parse_args()
    folder = os.path.abspath(args.workloads)
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)

    sizes = [s for s in args.sizes.split(",") if s]
    for s in sizes:
        if s not in ALL_SIZES:
            raise SystemExit("refcheck: unknown size %r (sizes: %s)" % (s, ", ".join(ALL_SIZES)))
    threads = [int(t) for t in args.threads.split(",") if t]
    if args.vm and (args.regen or args.none_threads or args.switch_interval is not None):
        raise SystemExit("refcheck: --vm does not combine with --regen, --none-threads "
                         "or --switch-interval")
    if args.none_threads:
        emulate_none_build()
        threads = [1]
    names = args.names or workload_names(folder)
    sys.path.insert(0, folder)
    impl = sys.implementation.name
    if args.vm:
        print("# %s (benchmark mode), workloads in %s" % (args.vm, folder))
    else:
        print("# %s %s, workloads in %s" % (impl, sys.version.split()[0], folder))
    if args.regen and impl != "cpython":
        print("# warning: EXPECTED is defined by CPython; regenerating with %s" % impl)

    header = "%-12s %-6s" % ("workload", "size") + "".join(" %9s" % ("t=%d" % t) for t in threads)
    print(header + "  status")
    failures = []
    for name in names:
        module = load(folder, name)
        computed = {}
        for size in sizes:
            if size not in module.SIZES:
                failures.append("%s: no size %r" % (name, size))
                print("%-12s %-6s  (no such size)" % (name, size))
                continue
            params = module.SIZES[size]
            row = "%-12s %-6s" % (name, size)
            problems = []
            first = None
            for n in threads:
                if args.vm:
                    path = os.path.join(folder, name + ".py")
                    secs, _, error = vm_run(args.vm, path, n, size, args.timeout)
                    row += " %8.3fs" % secs
                    if error is not None:
                        problems.append("t=%d %s" % (n, error))
                    continue
                secs, result, error = timed_run(module, n, params)
                for _ in range(args.repeat - 1):
                    if error is not None:
                        break
                    again, result_again, error = timed_run(module, n, params)
                    secs = min(secs, again)
                    if error is None and result_again != result:
                        error = "result changed between repetitions: %r" % (result_again,)
                row += " %8.3fs" % secs
                if error is not None:
                    problems.append("t=%d raised %s" % (n, error))
                    continue
                if args.regen:
                    bad = shape_problem(result)
                    if bad is not None:
                        problems.append("t=%d %s" % (n, bad))
                    elif first is None:
                        first = result
                        computed[size] = result
                    elif result != first:
                        problems.append("t=%d gave %r, t=%d gave %r" % (n, result, threads[0], first))
                elif size not in module.EXPECTED:
                    problems.append("no EXPECTED[%r]" % size)
                else:
                    bad = check_result(result, module.EXPECTED[size])
                    if bad is not None:
                        problems.append("t=%d %s" % (n, bad))
            print(row + "  " + ("ok" if not problems else "FAIL"), flush=True)
            for p in problems:
                print("    " + p)
                failures.append("%s %s: %s" % (name, size, p))
        if args.regen and computed:
            if any(f.startswith(name + " ") for f in failures):
                print("    not regenerating %s: inconsistent or failing runs" % name)
            elif args.write:
                write_expected(folder, name, computed)
                print("    wrote EXPECTED for %s" % ", ".join(sorted(computed)))
            else:
                print("# %s\n%s" % (name, format_expected(computed)))

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
