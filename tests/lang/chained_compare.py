# Chained comparisons: a < b < c evaluates b once and stops at the first false link;
# mixed operators, in / not in / is in chains, side effects and evaluation order.
log = []
def v(x):
    log.append(x)
    return x
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0, 1 == 1.0 == True, 1 < 2 > 0, 5 >= 5 <= 5)
print(v(1) < v(2) < v(3), log)
log.clear()
print(v(3) < v(2) < v(1), log)
log.clear()
print(v(1) < v(5) > v(2) != v(2), log)
log.clear()
x = 5
print(0 < x < 10, 0 < x < 5, 0 <= x <= 5, x == 5 == x, 1 < x != 5)
print(1 in [1, 2] in [[1, 2]], 2 not in [1] not in [[1]], None is None is not False)
print(0 < 1 < 2 < 3 < 4 < 5, 0 < 1 < 2 < 2 < 4 < 5)
def counter():
    counter.n += 1
    return counter.n
counter.n = 0
print(0 < counter() < 2, counter.n)
print("a" < "b" < "c" < "cc", [1] < [2] < [2, 0])
r = 1 < 2 == 2
print(r, (1 < 2) == 2, 1 < (2 == 2))
def between(lo, val, hi):
    return lo <= val < hi
print([n for n in range(-2, 8) if between(0, n, 5)])
print(not 1 < 2 < 3, not (3 < 2 < 1))
log.clear()
result = v(1) > v(2) < v(0)
print(result, log)
