# random: seeded sequences must equal CPython's exactly (Mersenne Twister, the same
# seeding and the same derivation of integers and floats), both through the module
# functions and through independent random.Random(seed) instances.
import random
random.seed(42)
print([random.random() for _ in range(3)])
print([random.randint(1, 6) for _ in range(10)])
print([random.randrange(100) for _ in range(5)], [random.randrange(10, 20) for _ in range(5)])
print([random.randrange(0, 100, 7) for _ in range(5)], [random.randrange(-50, 50) for _ in range(5)])
print([random.choice("abcdef") for _ in range(8)], random.choice([10, 20, 30]), random.choice((1,)))
deck = list(range(12))
random.shuffle(deck)
print(deck)
print([random.uniform(1.0, 2.0) for _ in range(3)], random.uniform(5, 5), random.uniform(-1, 1))
print(random.randint(0, 2 ** 62), random.randrange(1 << 40), random.randint(-10, -5))
random.seed(0)
first = [random.random() for _ in range(2)]
random.seed(0)
again = [random.random() for _ in range(2)]
print(first, first == again)
random.seed(12345)
print(random.randint(1, 1000), random.random(), random.choice(["x", "y", "z"]))
random.seed(2 ** 40 + 3)
print(random.random(), random.randrange(1000))
a = random.Random(7)
b = random.Random(7)
c = random.Random(8)
sa = [a.randint(0, 99) for _ in range(6)]
sb = [b.randint(0, 99) for _ in range(6)]
sc = [c.randint(0, 99) for _ in range(6)]
print(sa, sa == sb, sc)
r = random.Random(2024)
items = ["a", "b", "c", "d", "e", "f", "g"]
r.shuffle(items)
print(items, r.random(), r.choice(items), r.randrange(5, 50, 5), r.uniform(0, 10))
random.seed(99)
m1 = random.random()
inst = random.Random(99)
print(m1 == inst.random(), inst.random() == random.random())
inst.seed(5)
random.seed(5)
print(inst.randint(1, 100) == random.randint(1, 100))
counts = [0] * 6
rr = random.Random(1)
for _ in range(6000):
    counts[rr.randint(0, 5)] += 1
print(counts, sum(counts))
rr = random.Random(3)
pts = [(rr.random(), rr.random()) for _ in range(2000)]
inside = sum(1 for x, y in pts if x * x + y * y <= 1.0)
print(inside, 4 * inside / len(pts))
try:
    random.choice([])
except IndexError:
    print("IndexError choice")
try:
    random.randrange(5, 5)
except ValueError:
    print("ValueError randrange")
try:
    random.randint(3, 1)
except ValueError:
    print("ValueError randint")
