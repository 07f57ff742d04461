# Comparisons across int, float and bool; bool arithmetic; equality in containers.
print(1 == 1.0, 1 < 1.5, 2 > 1.999, -1 <= -1.0, 3 != 3.0, 0 == -0.0)
print(True == 1, False == 0, True == 1.0, True + True, True * 3.5, -True, ~True)
print(2 ** 53 == 2.0 ** 53, 2 ** 53 + 1 == 2.0 ** 53 + 1, 2 ** 53 + 1 > 2.0 ** 53)
print(9007199254740993 > 9007199254740992.0, 9007199254740993 == 9007199254740992.0)
print(float("inf") > 2 ** 62, float("-inf") < -2 ** 62, float("nan") == 0)
print(1 in [1.0], 1.0 in {1: "a"}, True in {1}, {1: "a"}[True], {1.0: "f"}[1])
d = {}
d[1] = "int"
d[1.0] = "float"
d[True] = "bool"
print(d)
print(sorted([3, 1.5, True, 0, -2.5, 2]))
print(max(1, 1.0), max(1.0, 1), min(0, False), min(False, 0))
print(isinstance(True, int), isinstance(1, float), type(1 + 1.0).__name__, type(True + True).__name__)
print(1 < 2 < 3.5, 3 > 2.0 > 1 > 0.5)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), [1, 2] == [1.0, 2.0], (2,) > (1, 100))
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "ab" > "a")
try:
    print(1 < "a")
except TypeError:
    print("TypeError int < str")
try:
    print([1] < (1,))
except TypeError:
    print("TypeError list < tuple")
print(1 == "1", None == 0, None == None, [] == (), [] == [])
