# One call site calling a method on instances of many classes: the method cache keeps
# two classes per site (a site that meets a third is closed to further fills) and must
# give each class its own method, follow a method replaced at run time, and let an
# instance attribute shadow a method.

class Base:
    def name(self):
        return "Base"

    def call(self):
        return self.name()


class A(Base):
    def name(self):
        return "A"


class B(Base):
    def name(self):
        return "B"


class C(B):
    pass


class D(Base):
    def name(self):
        return "D"


objs = [A(), B(), A(), C(), D(), Base(), B(), D(), A()]
for _ in range(3):
    print([o.call() for o in objs])

pair = [A(), B()] * 5
print("".join(o.call() for o in pair))

B.name = lambda self: "B2"
print([o.call() for o in objs])

d = D()
d.name = lambda: "instance"
print([o.call() for o in [D(), d, A(), d, B()]])

del B.name
print([o.call() for o in objs])

for i in range(40):
    o = objs[i % len(objs)]
    if i % 10 == 9:
        print(i, o.call())
