#!/usr/bin/env python3
"""fuzz-vm.py — the interpreter must not crash on any input, however malformed.

Builds mutants of the conformance programs (deterministic: seeded), runs each with the
given parvm binary under a time limit, and fails if any run dies from a signal (a
crash: SIGSEGV, SIGABRT from an assertion or sanitizer, ...). Exceptions, syntax
errors and time-outs are fine: a mutant may legitimately loop forever.

    tests/fuzz-vm.py BIN [--count N] [--seed S] [--timeout SEC]

Mutations: delete, duplicate or swap a line; delete, insert or replace a token-sized
slice of bytes; replace an integer literal by a boundary value; truncate the file.
Every crashing mutant is saved under build/fuzz-crashes/ so it can be replayed."""
import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "lang")
BOUNDARY = ["0", "-1", "2**62", "2**63-1", "-2**63", "9223372036854775807", "1e308", "-0.0",
            "10**18", "(1<<62)", "[]", "None", "''", "()"]
SNIPPETS = ["(", ")", "[", "]", ":", "lambda:", "yield", "*", "**", ".", ",", "=", "+=",
            "\n    ", "\n", "'", '"', "#", "\\", "not ", " if ", " else ", "del ", "[::-1]",
            "global x\n", "return\n", "raise\n", "try:\n", "class C:", "def f(*a, **k):"]


def mutate(rng, src):
    lines = src.split("\n")
    kind = rng.randrange(8)
    if kind == 0 and len(lines) > 1:
        del lines[rng.randrange(len(lines))]
    elif kind == 1:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == 2 and len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3:
        s = "\n".join(lines)
        i = rng.randrange(len(s) + 1)
        return s[:i] + s[i + rng.randrange(1, 6):]
    elif kind == 4:
        s = "\n".join(lines)
        i = rng.randrange(len(s) + 1)
        return s[:i] + rng.choice(SNIPPETS) + s[i:]
    elif kind == 5:
        s = "\n".join(lines)
        nums = [m.span() for m in re.finditer(r"\b\d+\b", s)]
        if nums:
            a, b = rng.choice(nums)
            return s[:a] + rng.choice(BOUNDARY) + s[b:]
    elif kind == 6:
        s = "\n".join(lines)
        return s[:rng.randrange(len(s) + 1)]
    else:
        s = "\n".join(lines)
        i = rng.randrange(len(s) + 1)
        return s[:i] + chr(rng.randrange(1, 256)) + s[i:]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bin")
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--timeout", type=float, default=3.0)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    rng = random.Random(args.seed)
    sources = []
    for name in sorted(os.listdir(CORPUS)):
        if name.endswith(".py") and not name.startswith("_") and name != "parvm.py" \
                and not name.startswith("thread"):
            with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
                sources.append((name, f.read()))
    crashes = 0
    outdir = os.path.join(HERE, "..", "build", "fuzz-crashes")
    with tempfile.TemporaryDirectory() as tmp:
        # Sibling modules the programs import.
        for name in os.listdir(CORPUS):
            if name.startswith("_") or name == "parvm.py":
                with open(os.path.join(CORPUS, name), "rb") as f, \
                        open(os.path.join(tmp, name), "wb") as g:
                    g.write(f.read())
        for k in range(args.count):
            name, src = rng.choice(sources)
            for _ in range(rng.randrange(1, 4)):
                src = mutate(rng, src)
            path = os.path.join(tmp, "m%d.py" % k)
            with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
                f.write(src)
            try:
                r = subprocess.run([binary, path], cwd=tmp, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   timeout=args.timeout)
            except subprocess.TimeoutExpired:
                continue
            sanitizer = b"Sanitizer" in r.stderr or b"runtime error" in r.stderr
            if r.returncode < 0 or r.returncode >= 128 or sanitizer:
                crashes += 1
                os.makedirs(outdir, exist_ok=True)
                keep = os.path.join(outdir, "%s.%d.py" % (name[:-3], k))
                with open(keep, "w", encoding="utf-8", errors="surrogatepass") as f:
                    f.write(src)
                sig = -r.returncode if r.returncode < 0 else r.returncode
                what = signal.Signals(sig).name if 0 < sig < 65 else "exit %d" % r.returncode
                print("CRASH (%s) on a mutant of %s, saved as %s" % (what, name, keep))
                print("    " + r.stderr.decode(errors="replace").strip().splitlines()[-1][:200]
                      if r.stderr.strip() else "")
    print("fuzz-vm: %d passed, %d failed" % (args.count - crashes, crashes))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
