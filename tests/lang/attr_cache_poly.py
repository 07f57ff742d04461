# Instance attributes read and written from one site on instances of several classes:
# the inline caches serve every class with no property or __setattr__ in the way from
# one entry, and must notice a class that has one, or gets one later.

class Base:
    def __init__(self, x):
        self.x = x
        self.y = x * 2

    def get(self):
        return self.x + self.y

    def bump(self):
        self.x = self.x + 1
        return self.x


class A(Base):
    pass


class B(Base):
    def __init__(self, x):
        self.z = -x            # a different dict layout: x and y at other indices
        Base.__init__(self, x)


class P(Base):
    @property
    def x(self):
        return 100

    @x.setter
    def x(self, v):
        self._x = v


class S(Base):
    def __setattr__(self, name, value):
        self.__dict__[name] = value * 10 if name == "x" else value


class Q(Base):
    pass


objs = [A(1), B(2), A(3), P(4), S(5), Q(6), B(7)]
for round_ in range(3):
    print([o.get() for o in objs])
    print([o.bump() for o in objs])

# a property added to a class that was served from the shared entry
Q.y = property(lambda self: -1)
print([o.get() for o in objs])
print([o.bump() for o in objs])

# and taken away again
del Q.y
print([o.get() for o in objs])

# a __setattr__ added later
def noisy(self, name, value):
    self.__dict__[name] = ("set", value)

A.__setattr__ = noisy
print([type(o).__name__ for o in objs])
a = objs[0]
try:
    a.bump()
except TypeError as e:
    print("TypeError", e)
print(a.x)

# attributes deleted and re-added move in the dict: the index must be checked
class D(Base):
    pass

ds = [D(i) for i in range(4)]
del ds[1].x
ds[1].x = 50
del ds[2].y
print([d.get() if hasattr(d, "y") else d.x for d in ds])
for _ in range(2):
    print([d.bump() for d in ds])

# a property wins over an instance-dict entry of the same name
class R(Base):
    @property
    def y(self):
        return 1000

    @y.setter
    def y(self, v):
        pass

rs = [R(1), A(1), R(2)]
rs[0].__dict__["y"] = 7
rs[2].__dict__["y"] = 8
print([r.get() for r in rs])
