# Arithmetic dunders: __add__ __sub__ __mul__ __truediv__ __floordiv__ __mod__ __pow__
# __neg__ __abs__, reflected forms (__radd__ __rmul__ ...), NotImplemented fallback,
# augmented assignment through __iadd__ or through __add__, sum() with __radd__.
class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return "V(%r, %r)" % (self.x, self.y)
    def __eq__(self, o):
        return isinstance(o, V) and (self.x, self.y) == (o.x, o.y)
    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x, self.y + o.y)
        if isinstance(o, (int, float)):
            return V(self.x + o, self.y + o)
        return NotImplemented
    def __radd__(self, o):
        print("  radd", o)
        return self + o
    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        if isinstance(k, V):
            return self.x * k.x + self.y * k.y
        return V(self.x * k, self.y * k)
    def __rmul__(self, k):
        return V(k * self.x, k * self.y)
    def __truediv__(self, k):
        return V(self.x / k, self.y / k)
    def __floordiv__(self, k):
        return V(self.x // k, self.y // k)
    def __mod__(self, k):
        return V(self.x % k, self.y % k)
    def __pow__(self, k):
        return V(self.x ** k, self.y ** k)
    def __neg__(self):
        return V(-self.x, -self.y)
    def __pos__(self):
        return self
    def __abs__(self):
        return (self.x * self.x + self.y * self.y) ** 0.5
a = V(1, 2)
b = V(3, 4)
print(a + b, a - b, a * 3, 3 * a, a * b, b / 2, b // 2, b % 2, a ** 2, -a, +a, abs(b))
print(a + 1, 1 + a)
print(sum([a, b, V(10, 10)]))
print(sum([a, b], V(0, 0)))
try:
    a + "s"
except TypeError as e:
    print("TypeError", e)
try:
    "s" + a
except TypeError:
    print("TypeError reflected")
c = a
c += b
print(c, a, c is a)
class Acc:
    def __init__(self):
        self.items = []
    def __iadd__(self, v):
        self.items.append(v)
        return self
acc = Acc()
alias = acc
acc += 1
acc += 2
print(acc.items, acc is alias)
class Mod7:
    def __init__(self, v):
        self.v = v % 7
    def __add__(self, o):
        return Mod7(self.v + (o.v if isinstance(o, Mod7) else o))
    __radd__ = __add__
    def __mul__(self, o):
        return Mod7(self.v * (o.v if isinstance(o, Mod7) else o))
    __rmul__ = __mul__
    def __repr__(self):
        return "%d (mod 7)" % self.v
print(Mod7(5) + Mod7(4), 10 + Mod7(1), Mod7(3) * 5, 4 * Mod7(2))
class Bits:
    def __init__(self, v):
        self.v = v
    def __and__(self, o):
        return Bits(self.v & o.v)
    def __or__(self, o):
        return Bits(self.v | o.v)
    def __xor__(self, o):
        return Bits(self.v ^ o.v)
    def __lshift__(self, n):
        return Bits(self.v << n)
    def __rshift__(self, n):
        return Bits(self.v >> n)
    def __invert__(self):
        return Bits(~self.v)
    def __repr__(self):
        return bin(self.v)
x = Bits(0b1100)
y = Bits(0b1010)
print(x & y, x | y, x ^ y, x << 2, x >> 2, ~x)
print(V(1, 1) == V(1, 1), V(1, 1) != V(1, 2), V(0, 0) == 0)
