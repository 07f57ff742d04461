# pipeline: a ring of nthreads stages; each stage takes a token from its inbox, works on
# it and puts it in the next stage's inbox, until the token has made `hops` hops.
#
# Stresses:   blocking and hand-off: every hop is a put and a get on a Condition-
#             protected channel, and stages wait whenever their inbox is empty, so
#             threads block and wake all the time. `work` sets how much computation
#             there is per hop (less work: more synchronisation per unit of work).
# Scaling:    strong. `tokens` tokens each make `hops` hops, whatever the number of
#             stages; token i starts in stage i % nthreads and moves round the ring, so
#             the stages share the hops evenly. With one thread the stage feeds itself.
# Sharing:    producer/consumer: a token object is handed from thread to thread; each
#             channel is shared by two threads (one with one thread).
# Sync:       one threading.Condition per channel (wait while empty, notify on put);
#             a Lock around the count of retired tokens. The channels need no bound:
#             at most `tokens` tokens exist, so none can hold more than that.
# Result:     (retired tokens, checksum of their final values). A token's final value
#             depends only on its start value and the number of hops.
#
# CPython 3.11, this machine, 1 thread: tiny 1 ms, small 0.20 s, medium 0.91 s, large 9 s.

import threading

MASK = 0x7FFFFFFF
MOD = 1000000007

SIZES = {
    "tiny": {"tokens": 16, "hops": 20, "work": 20},
    "small": {"tokens": 64, "hops": 1200, "work": 20},
    "medium": {"tokens": 64, "hops": 5400, "work": 20},
    "large": {"tokens": 64, "hops": 54000, "work": 20},
}


class Token:
    def __init__(self, ident):
        self.ident = ident
        self.value = ident * 7919 + 1
        self.hops = 0


class Channel:
    """An unbounded FIFO for one consumer; get() blocks while it is empty."""

    def __init__(self):
        self.items = []
        self.head = 0
        self.cond = threading.Condition()

    def put(self, item):
        with self.cond:
            self.items.append(item)
            self.cond.notify()

    def get(self):
        with self.cond:
            while self.head == len(self.items):
                self.cond.wait()
            item = self.items[self.head]
            self.head += 1
            if self.head == len(self.items):
                self.items = []
                self.head = 0
            return item


class Ring:
    def __init__(self, nthreads, tokens):
        self.channels = [Channel() for _ in range(nthreads)]
        self.remaining = tokens
        self.lock = threading.Lock()

    def retire(self):
        """Count one finished token; the last one tells every stage to stop."""
        with self.lock:
            self.remaining -= 1
            last = self.remaining == 0
        if last:
            for ch in self.channels:
                ch.put(None)


def hop(value, work):
    for _ in range(work):
        value = (value * 1103515245 + 12345) & MASK
    return value


def stage(tid, nthreads, ring, params, out):
    inbox = ring.channels[tid]
    outbox = ring.channels[(tid + 1) % nthreads]
    hops = params["hops"]
    work = params["work"]
    retired = 0
    checksum = 0
    while True:
        token = inbox.get()
        if token is None:
            break
        token.value = hop(token.value, work)
        token.hops += 1
        if token.hops == hops:
            retired += 1
            checksum = (checksum + token.value * (token.ident + 1)) % MOD
            ring.retire()
        else:
            outbox.put(token)
    out[tid] = (retired, checksum)


def run(nthreads, params):
    ring = Ring(nthreads, params["tokens"])
    for i in range(params["tokens"]):
        ring.channels[i % nthreads].put(Token(i))
    out = [None] * nthreads
    threads = [threading.Thread(target=stage, args=(tid, nthreads, ring, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    retired = 0
    checksum = 0
    for r, c in out:
        retired += r
        checksum = (checksum + c) % MOD
    return (retired, checksum)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (16, 825969054),
    'small': (64, 986020312),
    'medium': (64, 304204262),
    'large': (64, 684054001),
}
