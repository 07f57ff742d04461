# bank: random transfers between a small number of shared accounts, each transfer
# one `with atomic:` block, with periodic audits that sum every balance atomically.
#
# Stresses:   high contention: every transfer writes two of a few accounts, so
#             concurrent transfers often touch the same account (STM conflicts and
#             aborts, no-GIL lock traffic), and each audit reads all accounts.
# Scaling:    strong. `transfers` cut into TASKS equal tasks; task k runs on thread
#             k % nthreads with its own random.Random(seed + k).
# Sharing:    write sharing: `accounts` Account objects read and written by all threads.
# Sync:       parvm.atomic around each transfer and each audit.
# Determinism: a transfer always happens (balances may go negative), so the final
#             balances are sums of per-task deltas, independent of the interleaving.
# Result:     (total money, checksum of final balances, audits that saw a wrong total).
#             The total is preserved and the last field is 0 when atomic blocks are
#             atomic; a build that loses an update fails the check.
#
# CPython 3.11, this machine, 1 thread: tiny 2 ms, small 0.20 s, medium 0.88 s, large 9 s.

import random
import threading

from parvm import atomic

TASKS = 32
MOD = 1000000007
INITIAL = 1000

SIZES = {
    "tiny": {"accounts": 16, "transfers": 2000, "audit_every": 100, "seed": 1},
    "small": {"accounts": 16, "transfers": 200000, "audit_every": 100, "seed": 2},
    "medium": {"accounts": 16, "transfers": 900000, "audit_every": 100, "seed": 3},
    "large": {"accounts": 16, "transfers": 9000000, "audit_every": 100, "seed": 4},
}


class Account:
    def __init__(self, balance):
        self.balance = balance


def run_task(accounts, task, params, count):
    rng = random.Random(params["seed"] * 1000 + task)
    n = len(accounts)
    expected_total = INITIAL * n
    bad_audits = 0
    for i in range(count):
        src = rng.randrange(n)
        dst = rng.randrange(n - 1)
        if dst >= src:
            dst += 1
        amount = rng.randint(1, 100)
        with atomic:
            a = accounts[src]
            b = accounts[dst]
            a.balance -= amount
            b.balance += amount
        if i % params["audit_every"] == 0:
            with atomic:
                total = 0
                for acc in accounts:
                    total += acc.balance
            if total != expected_total:
                bad_audits += 1
    return bad_audits


def worker(tid, nthreads, accounts, params, out):
    bad = 0
    per_task = params["transfers"] // TASKS
    for task in range(tid, TASKS, nthreads):
        bad += run_task(accounts, task, params, per_task)
    out[tid] = bad


def run(nthreads, params):
    accounts = [Account(INITIAL) for _ in range(params["accounts"])]
    out = [0] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, accounts, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = 0
    checksum = 0
    for acc in accounts:
        total += acc.balance
        checksum = (checksum * 1000003 + acc.balance) % MOD
    return (total, checksum, sum(out))


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (16000, 492145633, 0),
    'small': (16000, 722961009, 0),
    'medium': (16000, 86035397, 0),
    'large': (16000, 960875185, 0),
}
