# Rich comparisons and hashing: __eq__ with and without __hash__ (defining __eq__ alone
# makes instances unhashable), __hash__ used by dicts and sets, __lt__ used by sorted,
# min and max, reflected comparisons, NotImplemented, default identity equality.
class Key:
    def __init__(self, k):
        self.k = k
    def __eq__(self, other):
        return isinstance(other, Key) and self.k.lower() == other.k.lower()
    def __hash__(self):
        return hash(self.k.lower())
    def __repr__(self):
        return "Key(%s)" % self.k
d = {Key("A"): 1}
d[Key("a")] = 2
print(len(d), d[Key("A")], Key("x") in {Key("X")}, Key("a") == Key("A"), Key("a") != Key("b"))
print(len({Key("q"), Key("Q"), Key("r")}))
class EqOnly:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return self.v == other.v
print(EqOnly(1) == EqOnly(1), EqOnly(1) != EqOnly(2), EqOnly(1) in [EqOnly(0), EqOnly(1)])
try:
    hash(EqOnly(1))
except TypeError as e:
    print("TypeError", e)
try:
    {EqOnly(1)}
except TypeError:
    print("TypeError in set")
class Plain:
    pass
x = Plain()
y = Plain()
print(x == x, x == y, x != y, len({x, y, x}), {x: 1}[x])
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
        self.s = s
    def __lt__(self, other):
        return self.parts < other.parts
    def __eq__(self, other):
        return self.parts == other.parts
    def __hash__(self):
        return hash(self.parts)
    def __repr__(self):
        return self.s
vs = [Version("1.10"), Version("1.2"), Version("0.9.9"), Version("1.2.0"), Version("1.2")]
print(sorted(vs), max(vs), min(vs), sorted(vs, reverse=True))
print(Version("1.0") < Version("1.1"), Version("2.0") > Version("1.1"), Version("1.2") == Version("1.2"))
print(len(set(vs)), Version("1.10") in set(vs))
class Num:
    def __init__(self, n):
        self.n = n
    def __lt__(self, other):
        if not isinstance(other, Num):
            return NotImplemented
        return self.n < other.n
    def __le__(self, other):
        return self.n <= other.n
    def __gt__(self, other):
        return self.n > other.n
    def __ge__(self, other):
        return self.n >= other.n
print(Num(1) < Num(2), Num(2) <= Num(2), Num(3) > Num(1), Num(1) >= Num(2))
try:
    Num(1) < 5
except TypeError:
    print("TypeError <")
class Loud:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        print("  eq", self.v, other.v)
        return self.v == other.v
print(Loud(1) == Loud(1))
print([Loud(1), Loud(2)].index(Loud(2)))
print(Loud(3) in [Loud(3)])
