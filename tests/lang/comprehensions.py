# list, dict and set comprehensions: filters, nested loops, nested comprehensions,
# conditional expressions inside, scoping of the loop variable.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[i * j for j in range(4)] for i in range(3)])
print([c.upper() for c in "abc"], [n for n in [] if n])
print(["even" if x % 2 == 0 else "odd" for x in range(4)])
m = [[1, 2, 3], [4, 5, 6]]
print([row[i] for i in range(3) for row in m])
print([[row[i] for row in m] for i in range(3)])
print([y for row in m for y in row if y != 4])
print({k: v for k, v in zip("abc", range(3))})
print({x: x ** 2 for x in range(5) if x != 2})
print({v: k for k, v in {"a": 1, "b": 2}.items()})
print(sorted({x % 4 for x in range(20)}), sorted({len(w) for w in "a bb cc ddd".split()}))
x = "outer"
r = [x for x in range(3)]
print(x, r)
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
k = 10
print([k + j for j in range(3)])
def f(n):
    return [n * i for i in range(n)]
print(f(4))
class C:
    items = [1, 2, 3]
    doubled = [i * 2 for i in items]
print(C.doubled)
words = ["apple", "bob", "kayak", "level", "python"]
print([w for w in words if w == w[::-1]], {w: len(w) for w in words if len(w) > 4})
print([(i, j) for i, j in [(1, 2), (3, 4)] if i + j > 3])
print([[x for x in range(n)] for n in range(4)])
print(sum([i for i in range(101)]), len([0 for _ in "hello"]))
