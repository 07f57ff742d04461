# __repr__ versus __str__: print and str() use __str__ (falling back to __repr__),
# containers always show the repr of their items, f-strings and % use str unless !r/%r.
class Both:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return "Both(%r)" % (self.v,)
    def __str__(self):
        return "<both %s>" % self.v
class ReprOnly:
    def __repr__(self):
        return "ReprOnly()"
class StrOnly:
    def __str__(self):
        return "just str"
b = Both("x")
print(b)
print(str(b), repr(b))
print([b, b], (b,), {"k": b}, {b.v: [b]})
print(f"{b} {b!r} {b!s}", "%s %r" % (b, b))
r = ReprOnly()
print(r, str(r), [r], f"{r}")
s = StrOnly()
print(s, str(s), f"{s}")
print(Both(1), Both("1"), Both([1, "a"]), Both(None))
class Tree:
    def __init__(self, val, kids=()):
        self.val = val
        self.kids = list(kids)
    def __repr__(self):
        if not self.kids:
            return repr(self.val)
        return "%r%r" % (self.val, self.kids)
print(Tree(1, [Tree(2), Tree(3, [Tree(4)])]))
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __str__(self):
        return "$%d.%02d" % divmod(self.cents, 100)
    def __repr__(self):
        return "Money(%d)" % self.cents
wallet = [Money(150), Money(5)]
print(wallet, ", ".join(str(m) for m in wallet), ", ".join(map(repr, wallet)))
print(str([1.5, "s", None, True]), repr("quote'd"), [("a", 1)])
class Sub(Both):
    pass
print(Sub(2), [Sub(2)])
