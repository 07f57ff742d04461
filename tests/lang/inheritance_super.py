# Inheritance: method overriding, super() in multi-level and multiple inheritance
# (method resolution order), inherited class attributes, isinstance/issubclass.
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + " makes a sound"
    def describe(self):
        return "%s is a %s: %s" % (self.name, self.kind, self.speak())
class Dog(Animal):
    kind = "dog"
    def speak(self):
        return self.name + " barks"
class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
    def speak(self):
        return super().speak() + " softly"
class Cat(Animal):
    pass
for a in [Animal("generic"), Dog("rex"), Puppy("bit", 1), Cat("tom")]:
    print(a.describe())
p = Puppy("pup", 2)
print(p.age, p.kind, isinstance(p, Dog), isinstance(p, Animal), isinstance(p, Cat))
print(issubclass(Puppy, Animal), issubclass(Animal, Puppy), issubclass(Dog, Dog))
class A:
    def who(self):
        return ["A"]
class B(A):
    def who(self):
        return ["B"] + super().who()
class C(A):
    def who(self):
        return ["C"] + super().who()
class D(B, C):
    def who(self):
        return ["D"] + super().who()
print(D().who(), B().who(), C().who())
class Base:
    def __init__(self):
        self.log = ["Base"]
    def template(self):
        return self.step() * 2
    def step(self):
        return 1
class Mid(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Mid")
class Leaf(Mid):
    def __init__(self):
        super().__init__()
        self.log.append("Leaf")
    def step(self):
        return 21
print(Leaf().log, Leaf().template(), Base().template())
class Explicit(Dog):
    def speak(self):
        return Animal.speak(self) + " (explicit)"
print(Explicit("x").speak())
class Shape:
    def area(self):
        raise NotImplementedError("area")
class Sq(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
try:
    Shape().area()
except NotImplementedError as e:
    print("NotImplementedError", e)
print(Sq(3).area(), sum(s.area() for s in [Sq(1), Sq(2)]))
