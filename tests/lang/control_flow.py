# if/elif/else, while and for with else, break, continue, pass, nested loops with
# break, loops over every iterable type, while with complex conditions.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"
print([classify(n) for n in (-5, 0, 3, 10, 99)])
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, end=" ")
print()
i = 0
while i < 3:
    i += 1
else:
    print("while else ran, i =", i)
i = 0
while True:
    i += 1
    if i > 5:
        break
else:
    print("never printed")
print("broke at", i)
for x in []:
    print("never")
else:
    print("for else on empty")
out = []
for x in range(10):
    if x % 3 == 0:
        continue
    if x == 8:
        break
    out.append(x)
print(out)
def f():
    pass
class C:
    pass
if True:
    pass
print(f(), type(C()).__name__)
found = None
for row in range(5):
    for col in range(5):
        if row * col == 6:
            found = (row, col)
            break
    if found:
        break
print(found)
n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print(steps)
for key in {"b": 1, "a": 2}:
    print(key, end=",")
for ch in "hi":
    print(ch, end=",")
for t in (1, 2):
    print(t, end=",")
print()
a, b = 0, 10
while a < b and b - a > 2:
    a += 2
    b -= 1
print(a, b)
x = 7
if x > 5:
    if x > 6:
        print("x > 6")
    else:
        print("5 < x <= 6")
if not x:
    print("falsy")
elif x:
    print("truthy")
total = 0
for i in range(100):
    if i % 2:
        continue
    if i > 50:
        break
    total += i
else:
    total = -1
print(total)
count = 0
for i in range(3):
    for j in range(3):
        if j == i:
            continue
        count += 1
print(count)
