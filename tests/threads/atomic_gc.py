# Heavy allocation inside atomic blocks, with collections in between. Four threads
# each build, inside an atomic block per round, a structure of a few thousand fresh
# objects (instances, lists, dicts, tuples, strings, floats, a doubly linked ring,
# reference cycles, objects made garbage at once) and publish it in a shared registry,
# then check another thread's structure and drop their oldest one. In the first half
# of the rounds they call parvm.collect() between rounds; in the second half they do
# not, and allocate well past the collector's threshold (about 25 MB, nearly all of it
# inside atomic blocks), so collections start by themselves in the middle of blocks.
# Every structure is checked against a checksum computed while it was built: once at
# publication, again by a later round of another thread, and at the end by the main
# thread.
# threads-repeat: 3
import threading
import parvm

NTHREADS = 4
ROUNDS = 10
NODES = 300
KEEP = 2            # structures each thread keeps at the end (the newest ones)

registry = {}       # (tid, round) -> (structure, checksum)
errors = []


class Node:
    def __init__(self, i, tag):
        self.i = i
        self.tag = tag
        self.kids = []
        self.attrs = {"i": i, "sq": i * i, "name": "n%d" % i}
        self.prev = None
        self.next = None


def build(tid, rnd):
    """A structure of NODES nodes and about 10 objects per node, and its checksum."""
    tag = "t%d-r%d" % (tid, rnd)
    nodes = [Node(i, tag) for i in range(NODES)]
    for i in range(1, NODES):
        nodes[(i - 1) // 3].kids.append(nodes[i])       # a tree ...
    for i in range(NODES):
        nodes[i].next = nodes[(i + 1) % NODES]          # ... threaded by a ring
        nodes[i].prev = nodes[i - 1]
        nodes[i].payload = (i, float(i) / 4, [i] * (i % 5), {"k": str(i)})
        junk = [[j, str(j)] for j in range(i % 7)]      # garbage right away
        cyc = {"self": None, "n": i}                    # garbage cycles
        cyc["self"] = cyc
    root = {"tag": tag, "nodes": nodes, "index": {n.attrs["name"]: n for n in nodes}}
    return root, checksum(root)


def checksum(root):
    total = 0
    count = 0
    nodes = root["nodes"]
    stack = [nodes[0]]
    while stack:
        n = stack.pop()
        count += 1
        total += n.i * 7 + n.attrs["sq"] + len(n.attrs["name"]) + len(n.kids)
        total += int(n.payload[1] * 4) + sum(n.payload[2]) + len(n.payload[3]["k"])
        if n.tag != root["tag"] or root["index"]["n%d" % n.i] is not n:
            total += 1000000007
        stack.extend(n.kids)
    # Walk the ring both ways.
    n = nodes[0]
    for _ in range(NODES):
        total += n.next.prev.i - n.i
        n = n.next
    if n is not nodes[0]:
        total += 1000000009
    return total * 1000 + count


def work(tid):
    mine = []
    for rnd in range(ROUNDS):
        with parvm.atomic:
            root, cs = build(tid, rnd)
            registry[(tid, rnd)] = (root, cs)
            if checksum(root) != cs:
                errors.append(("at publication", tid, rnd))
        mine.append(rnd)
        if rnd < ROUNDS // 2 and rnd % 2 == 1:
            parvm.collect()
        with parvm.atomic:
            # Check somebody else's structure, the oldest one still there.
            other = (tid + 1) % NTHREADS
            for r in range(ROUNDS):
                if (other, r) in registry:
                    root, cs = registry[(other, r)]
                    if checksum(root) != cs or root["tag"] != "t%d-r%d" % (other, r):
                        errors.append(("by another thread", other, r))
                    break
            # Drop our oldest structure.
            if len(mine) > KEEP:
                del registry[(tid, mine.pop(0))]
    with parvm.atomic:
        while len(mine) > KEEP:
            del registry[(tid, mine.pop(0))]


threads = [threading.Thread(target=work, args=(t,)) for t in range(NTHREADS)]
for t in threads:
    t.start()
parvm.collect()
for t in threads:
    t.join()
parvm.collect()

ok = True
for key in sorted(registry):
    root, cs = registry[key]
    if checksum(root) != cs or root["tag"] != "t%d-r%d" % key:
        ok = False
        errors.append(("at the end", key))
print("threads", NTHREADS, "rounds", ROUNDS, "nodes", NODES)
print("errors", len(errors), errors[:5])
print("kept", sorted(registry))
print("all intact at the end", ok)
print("checksums", sorted(set(cs for root, cs in registry.values())))
