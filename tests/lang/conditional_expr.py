# Conditional expressions: laziness (only the chosen branch is evaluated), nesting,
# precedence against lambda, or/and and comparisons, use in arguments and returns.
def loud(v):
    print("  evaluated", v)
    return v
print(loud("yes") if True else loud("no"))
print(loud("yes") if False else loud("no"))
for n in [-3, 0, 4]:
    print(n, "neg" if n < 0 else "zero" if n == 0 else "pos")
x = 5
print((x if x > 3 else 0) + 1, x if x > 3 else 0 + 1, 1 + (2 if False else 3))
f = lambda v: v * 2 if v else -1
print(f(3), f(0))
print([("fizz" if i % 3 == 0 else "") + ("buzz" if i % 5 == 0 else "") or str(i) for i in range(1, 16)])
print(1 if 0 or [] else 2, 1 if 1 and "a" else 2, "a" if not None else "b")
def sign(v):
    return 1 if v > 0 else -1 if v < 0 else 0
print([sign(v) for v in (-2.5, 0, 7)])
d = {"k": 1}
print(d["k"] if "k" in d else "missing", d["z"] if "z" in d else "missing")
print(max(3, 7) if 3 < 7 else min(3, 7), ("a", "b")[1 if x else 0])
