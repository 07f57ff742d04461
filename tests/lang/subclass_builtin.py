# Subclasses of built-in types: list and dict subclasses keep the built-in behaviour
# and add methods; dict's __missing__ hook; super() calls into the built-in type.
class Stack(list):
    def push(self, v):
        self.append(v)
    def peek(self):
        return self[-1]
s = Stack()
s.push(1)
s.push(2)
s.extend([3, 4])
print(s.peek(), len(s), s, isinstance(s, list), type(s).__name__, s[1:3], sum(s))
class Defaulting(dict):
    def __missing__(self, key):
        return "missing:" + key
md = Defaulting(a=1)
print(md["a"], md["b"], "b" in md, len(md))
class Logged(dict):
    def __setitem__(self, k, v):
        print("  set", k, v)
        super().__setitem__(k, v)
lg = Logged()
lg["x"] = 1
lg["y"] = 2
print(lg, lg.get("x"))
class Upper(str):
    def shout(self):
        return self.upper() + "!"
u = Upper("hey")
print(u.shout(), u + "?", len(u), isinstance(u, str))
class Money(int):
    def __str__(self):
        return "$" + str(int(self))
m = Money(5)
print(m, m + 3, Money(2) * 2, isinstance(m, int))
