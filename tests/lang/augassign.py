# Augmented assignment for every operator on names, attributes, subscripts and nested
# subscripts; the target expression is evaluated once; in-place on mutable objects.
x = 10
trace = []
x += 5
trace.append(x)
x -= 3
trace.append(x)
x *= 4
trace.append(x)
x //= 5
trace.append(x)
x %= 4
trace.append(x)
x += 2
x **= 3
trace.append(x)
x <<= 2
trace.append(x)
x >>= 1
trace.append(x)
x |= 0b101
trace.append(x)
x &= 0b110
trace.append(x)
x ^= 0b11
trace.append(x)
x /= 2
trace.append(x)
print(trace)
s = "ab"
s += "cd"
s *= 2
print(s)
t = (1,)
t += (2,)
print(t)
class P:
    def __init__(self):
        self.v = 1
        self.items = []
p = P()
p.v += 10
p.v *= 2
p.items += [1]
p.items += (2, 3)
print(p.v, p.items)
d = {"a": 1}
d["a"] += 1
d["b"] = d.get("b", 0) + 5
d["b"] -= 1
print(d)
m = [[1, 2], [3, 4]]
m[1][0] *= 10
m[0][1] **= 3
print(m)
calls = []
def idx(i):
    calls.append(i)
    return i
lst = [0, 0, 0]
lst[idx(1)] += 5
print(lst, calls)
class Box:
    def __init__(self):
        self.gets = 0
        self.data = {"k": 1}
    def get(self):
        self.gets += 1
        return self.data
b = Box()
b.get()["k"] += 1
print(b.data, b.gets)
a = [1]
alias = a
a += [2]
print(a is alias, alias)
a = a + [3]
print(a is alias, alias, a)
f = 1.5
f += 1
f *= 2
f -= 0.5
print(f)
n = 7
n /= 2
print(n, type(n).__name__)
g = 2
g **= -1
print(g)
counter = {}
for ch in "hello world":
    counter[ch] = counter.get(ch, 0) + 1
print(counter)
