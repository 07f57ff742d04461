# range objects: start/stop/step, negative steps, empty ranges, len, indexing,
# membership, repr, equality, iteration in for loops.
print(list(range(5)), list(range(2, 8)), list(range(0, 10, 3)), list(range(10, 0, -3)))
print(list(range(5, 5)), list(range(5, 0)), list(range(0, 5, -1)), list(range(-3, 3)))
r = range(3, 30, 4)
print(r, len(r), r[0], r[-1], r[2], 7 in r, 8 in r, 31 in r, r.start, r.stop, r.step)
print(range(0), range(1, 5), range(1, 10, 2), len(range(10, 0, -2)), len(range(0)))
print(range(0, 3) == range(0, 3), list(reversed(range(4))), sum(range(101)))
print(r.index(11), r.count(11), max(range(7)), min(range(3, 9)))
try:
    range(0, 10, 0)
except ValueError as e:
    print("ValueError", e)
try:
    range(3)[3]
except IndexError as e:
    print("IndexError", e)
total = 0
for i in range(300000):
    total += i
print(total)
print(len(range(-2 ** 62, 2 ** 62, 2 ** 60)))
for i in range(3):
    for j in range(i):
        print(i, j, end=" | ")
print()
