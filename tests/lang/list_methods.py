# list methods and operators: append, extend, insert, pop, remove, index, count,
# sort, reverse, copy, clear, +, *, +=, *=, in, comparison, nested lists, aliasing.
a = [3, 1, 4]
a.append(1)
a.extend([5, 9])
a.extend("ab")
a.insert(0, "first")
a.insert(-1, "pen")
a.insert(100, "last")
print(a, len(a))
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.index(4), a.count(1), a.count("zz"))
try:
    a.remove("nothere")
except ValueError:
    print("ValueError remove")
try:
    a.index(42)
except ValueError:
    print("ValueError index")
try:
    [].pop()
except IndexError as e:
    print("IndexError", e)
n = [5, 2, 8, 1, 9, 3]
n.sort()
print(n)
n.sort(reverse=True)
print(n)
n.reverse()
print(n)
w = ["pear", "Fig", "apple", "kiwi"]
w.sort(key=len)
print(w)
w.sort(key=str.lower)
print(w)
c = n.copy()
c.append(100)
print(n, c)
c.clear()
print(c)
print([1, 2] + [3], [0] * 4, [[0] * 2] * 2, 2 * ["x"])
grid = [[0] * 3 for _ in range(2)]
grid[0][1] = 5
alias = [[0] * 3] * 2
alias[0][1] = 5
print(grid, alias)
x = [1, 2]
y = x
y += [3]
print(x, y, x is y)
y = y + [4]
print(x, y, x is y)
z = [7]
z *= 3
print(z)
print(3 in [1, 2, 3], [1] in [[1], 2], [1, 2] < [1, 3], [2] > [1, 9], [] < [0])
print(list(), list((1, 2)), list(range(3)), list({"a": 1, "b": 2}), list("ab"))
print(sum([[1], [2, 3]], []), len([[], []]))
l = [1, 2, 3]
l[1] = "two"
l[-1] = [3]
print(l, l[-1][0])
try:
    l[5] = 0
except IndexError as e:
    print("IndexError", e)
stack = []
for i in range(5):
    stack.append(i * i)
while stack:
    print(stack.pop(), end=" ")
print()
print(max([[1, 2], [1, 3], [0, 9]]), sorted([[2, "b"], [1, "z"], [2, "a"]]))
