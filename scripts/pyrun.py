#!/usr/bin/env python3
"""pyrun.py - benchmark mode of docs/protocols.md for CPython and PyPy.

Runs one workload exactly as `parvm-VARIANT --bench` does, so the harness can put the
reference interpreters in the same table as the parvm builds:

    python3 scripts/pyrun.py --bench FILE --threads N --size S --stats OUT
                             [--events LIST] [--repeat-id K]
    python3 scripts/pyrun.py --version

The stats record carries no `papi` and no `counter` lines: these interpreters have no
PAPI instrumentation and no parvm counters, and an absent counter is never written as 0.
Exit status: 0 result matched, 3 mismatch, 1 uncaught exception, 2 bad arguments.

The workload's folder goes first on sys.path so that `import parvm` finds the shim
workloads/parvm.py next to it.
"""

import importlib.util
import os
import platform
import resource
import sys
import time

RECORD_VERSION = 1


def usage_error(msg):
    sys.stderr.write("pyrun: %s\n" % msg)
    sys.stderr.write("usage: pyrun.py --bench FILE --threads N --size S --stats OUT "
                     "[--events LIST] [--repeat-id K] | --version\n")
    sys.exit(2)


def variant_name():
    impl = platform.python_implementation()
    return {"CPython": "cpython", "PyPy": "pypy"}.get(impl, impl.lower())


def one_line(value):
    """A record value: no TAB and no newline (protocols.md: replaced by spaces)."""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def parse_args(argv):
    opts = {"events": None, "repeat_id": None}
    names = {"--bench": "bench", "--threads": "threads", "--size": "size",
             "--stats": "stats", "--events": "events", "--repeat-id": "repeat_id"}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--version":
            opts["version"] = True
            i += 1
            continue
        if arg not in names:
            usage_error("unknown argument '%s'" % arg)
        if i + 1 >= len(argv):
            usage_error("%s needs a value" % arg)
        opts[names[arg]] = argv[i + 1]
        i += 2
    if opts.get("version"):
        return opts
    for flag in ("--bench", "--threads", "--size", "--stats"):
        if names[flag] not in opts:
            usage_error("missing %s" % flag)
    try:
        opts["threads"] = int(opts["threads"])
    except ValueError:
        usage_error("--threads: '%s' is not an integer" % opts["threads"])
    if opts["threads"] < 1:
        usage_error("--threads: must be at least 1 (got %d)" % opts["threads"])
    if opts["repeat_id"] is not None:
        try:
            int(opts["repeat_id"])
        except ValueError:
            usage_error("--repeat-id: '%s' is not an integer" % opts["repeat_id"])
    if not os.path.isfile(opts["bench"]):
        usage_error("--bench: no such file '%s'" % opts["bench"])
    return opts


def print_version():
    sys.stdout.write("variant\t%s\n" % variant_name())
    sys.stdout.write("compiler\t%s\n" % one_line(platform.python_compiler()))
    sys.stdout.write("cflags\t\n")
    sys.stdout.write("commit\t\n")
    sys.stdout.write("version\t%s\n" % one_line(sys.version))


def load_workload(path):
    folder = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return name, module


def main(argv):
    opts = parse_args(argv)
    if opts.get("version"):
        print_version()
        return 0

    workload = os.path.splitext(os.path.basename(opts["bench"]))[0]
    size, nthreads = opts["size"], opts["threads"]
    fields = {"result": None, "expected": None, "ok": 0, "error": None,
              "wall_ns": 0, "cpu_ns": 0}
    status = 1
    try:
        _, module = load_workload(opts["bench"])
        if size not in module.SIZES:
            usage_error("--size: workload %s has no size '%s' (has %s)"
                        % (workload, size, ", ".join(sorted(module.SIZES))))
        params = module.SIZES[size]
        expected = module.EXPECTED[size]
        fields["expected"] = repr(expected)
        wall0, cpu0 = time.perf_counter_ns(), time.process_time_ns()
        try:
            result = module.run(nthreads, params)
        finally:
            fields["wall_ns"] = time.perf_counter_ns() - wall0
            fields["cpu_ns"] = time.process_time_ns() - cpu0
        fields["result"] = repr(result)
        fields["ok"] = 1 if result == expected else 0
        status = 0 if fields["ok"] else 3
    except SystemExit:
        raise
    except BaseException as exc:  # the record must say what killed the run
        fields["error"] = "%s: %s" % (type(exc).__name__, exc)
        fields["ok"] = 0
        status = 1

    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lines = ["parvm-stats\t%d" % RECORD_VERSION,
             "variant\t%s" % variant_name(),
             "workload\t%s" % one_line(workload),
             "size\t%s" % one_line(size),
             "threads\t%d" % nthreads,
             "wall_ns\t%d" % fields["wall_ns"],
             "cpu_ns\t%d" % fields["cpu_ns"],
             "maxrss_kb\t%d" % maxrss_kb]
    if fields["result"] is not None:
        lines.append("result\t%s" % one_line(fields["result"]))
    if fields["expected"] is not None:
        lines.append("expected\t%s" % one_line(fields["expected"]))
    lines.append("ok\t%d" % fields["ok"])
    if fields["error"] is not None:
        lines.append("error\t%s" % one_line(fields["error"]))
    lines.append("end")
    text = "\n".join(lines) + "\n"
    if opts["stats"] == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        with open(opts["stats"], "w") as out:
            out.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
