# Container protocol: __len__, __getitem__, __setitem__, __delitem__, __contains__,
# __iter__/__next__ (iterator classes), __bool__ and truthiness via __len__.
class Grid:
    def __init__(self, w, h):
        self.w = w
        self.h = h
        self.cells = {}
    def __len__(self):
        return self.w * self.h
    def __getitem__(self, pos):
        x, y = pos
        if not (0 <= x < self.w and 0 <= y < self.h):
            raise IndexError("off grid")
        return self.cells.get(pos, ".")
    def __setitem__(self, pos, v):
        self.cells[pos] = v
    def __delitem__(self, pos):
        del self.cells[pos]
    def __contains__(self, v):
        return v in self.cells.values()
g = Grid(3, 2)
g[0, 1] = "#"
g[2, 0] = "@"
print(len(g), g[0, 1], g[1, 1], "#" in g, "?" in g, "?" not in g)
del g[0, 1]
print(g[0, 1], "#" in g)
try:
    g[5, 5]
except IndexError as e:
    print("IndexError", e)
class Countdown:
    def __init__(self, start):
        self.cur = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.cur <= 0:
            raise StopIteration
        self.cur -= 1
        return self.cur + 1
print(list(Countdown(4)), sum(Countdown(10)), [x * 2 for x in Countdown(3)])
c = Countdown(2)
print(next(c), next(c), next(c, "end"))
class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __iter__(self):
        return iter(self.items)
    def __len__(self):
        return len(self.items)
b = Bag(3, 1, 2)
print(sorted(b), len(b), 2 in b, 9 in b, list(enumerate(b)), max(b), bool(b), bool(Bag()))
for i, x in enumerate(b):
    for j, y in enumerate(b):
        if i < j:
            print(x, y, end=" / ")
print()
a1, a2, a3 = b
print(a1, a2, a3, [*b], tuple(b), set(b) == {1, 2, 3})
class Flag:
    def __init__(self, on):
        self.on = on
    def __bool__(self):
        return self.on
print(bool(Flag(True)), bool(Flag(False)), "yes" if Flag(False) else "no", not Flag(True))
print([f.on for f in [Flag(True), Flag(False)] if f])
class Squares:
    def __getitem__(self, i):
        return i * i
    def __len__(self):
        return 100
sq = Squares()
print(sq[7], len(sq), sq[-2])
class Matrix:
    def __init__(self, rows):
        self.rows = rows
    def __getitem__(self, ij):
        i, j = ij
        return self.rows[i][j]
    def __iter__(self):
        for row in self.rows:
            for v in row:
                yield v
m = Matrix([[1, 2], [3, 4]])
print(m[1, 0], list(m), sum(m))
class Reg:
    def __init__(self):
        self.d = {}
    def __setitem__(self, k, v):
        self.d[k] = v * 2
    def __getitem__(self, k):
        return self.d[k]
r = Reg()
r["a"] = 5
r["a"] += 1
print(r["a"])
