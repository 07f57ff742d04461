# Bank transfers under `with parvm.atomic:`. Four worker threads move random amounts
# between 64 accounts; each transfer debits one account, calls a function (a tick:
# a GIL hand-off point, a transaction's read/write set growing) and only then credits
# the other, so between the two writes the total is wrong. A fifth thread, the
# auditor, repeatedly sums every balance inside an atomic block of its own: a snapshot
# that sees half a transfer has the wrong total. Every transfer also bumps one shared
# counter and a per-account hit count, so all transfers conflict with each other.
#
# Transfers are unconditional (balances may go negative), so the final balances do not
# depend on the order of the transfers: the main thread replays every worker's seeded
# sequence and compares account by account.
#
# On the GIL build the GIL changes hands every 3 ticks outside atomic blocks, so a
# broken atomic block would be interleaved (the call in the middle of a transfer is a
# tick).
# threads-gil-args: --switch-ticks 3
# threads-repeat: 3
import random
import threading
import parvm

NACC = 64
NWORKERS = 4
TRANSFERS = 2500
AUDITS = 100
INITIAL = 1000
TOTAL = NACC * INITIAL


class Account:
    def __init__(self, n):
        self.n = n
        self.balance = INITIAL


accounts = [Account(i) for i in range(NACC)]
hits = {i: 0 for i in range(NACC)}
transfers_done = 0
bad = []
audits = 0
audits_mid = 0      # snapshots taken while transfers were under way: depends on the
                    # interleaving, so not printed; shows whether snapshots overlapped


def plan(wid):
    """The worker's transfers: (src, dst, amount), from its own seeded generator."""
    rng = random.Random(1000 + wid)
    out = []
    for _ in range(TRANSFERS):
        src = rng.randrange(NACC)
        dst = (src + rng.randrange(1, NACC)) % NACC
        out.append((src, dst, rng.randint(1, 200)))
    return out


def carry(amount):
    return amount


def worker(wid):
    global transfers_done
    for src, dst, amount in plan(wid):
        with parvm.atomic:
            a = accounts[src]
            b = accounts[dst]
            a.balance = a.balance - amount
            moved = carry(amount)
            b.balance = b.balance + moved
            hits[src] += 1
            hits[dst] += 1
            transfers_done += 1


def auditor():
    """Snapshots until every transfer is done, and at least AUDITS of them. Started
    last, so that on the 'none' build (each thread runs to completion at start()) the
    transfers are all done when it runs."""
    global audits, audits_mid
    while True:
        with parvm.atomic:
            total = 0
            for acc in accounts:
                total += acc.balance
            done = transfers_done
            nhits = sum(hits.values())
        if total != TOTAL or nhits != 2 * done:
            bad.append((audits, total, done, nhits))
        audits += 1
        if 0 < done < NWORKERS * TRANSFERS:
            audits_mid += 1
        if done == NWORKERS * TRANSFERS and audits >= AUDITS:
            break
        # Some work outside the atomic block, so that snapshots spread over the run.
        x = 0
        for j in range(50):
            x += j


threads = [threading.Thread(target=worker, args=(w,)) for w in range(NWORKERS)]
threads.append(threading.Thread(target=auditor))
for t in threads:
    t.start()
for t in threads:
    t.join()

expected = [INITIAL] * NACC
expected_hits = [0] * NACC
for w in range(NWORKERS):
    for src, dst, amount in plan(w):
        expected[src] -= amount
        expected[dst] += amount
        expected_hits[src] += 1
        expected_hits[dst] += 1

final = [acc.balance for acc in accounts]
print("accounts", NACC, "workers", NWORKERS, "transfers each", TRANSFERS)
print("snapshots at least", AUDITS, audits >= AUDITS)
print("bad snapshots", len(bad))
for b in bad[:5]:
    print("  bad", b)
print("final total", sum(final))
print("transfers done", transfers_done)
print("balances as replayed", final == expected)
print("hits as replayed", [hits[i] for i in range(NACC)] == expected_hits)
print("accounts in place", [acc.n for acc in accounts] == list(range(NACC)))
print("min", min(final), "max", max(final))
print("first", final[:8])
