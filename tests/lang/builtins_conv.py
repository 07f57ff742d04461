# Conversion builtins: ord, chr, repr, str, hash (only its consistency is printed:
# equal values hash equally, hash(int) of small ints is the int), round trips.
print(ord("a"), ord("Z"), ord("0"), ord(" "), ord("\n"), ord("é"), ord("€"), ord("😀"))
print(chr(65), chr(122), chr(48), repr(chr(10)), chr(233), chr(8364), chr(128512))
print("".join(chr(ord(c) + 1) for c in "HAL"), [ord(c) - ord("a") for c in "hello"])
try:
    chr(-1)
except ValueError:
    print("ValueError chr")
try:
    ord("ab")
except TypeError:
    print("TypeError ord")
print(repr("a\nb"), repr("tab\t"), repr("\\"), repr("'"), repr('"'), repr("'\""), repr("\x00"), repr("\x7f"), repr("é"))
print(repr(1), repr(-1.0), repr([1, [2, "3"]]), repr((1,)), repr({"a": (1, 2)}), repr(None), repr(False))
print(str(0.1), str(-5), str("s"), str([None]), str(("a",)))
print(hash(1) == 1, hash(-5) == -5, hash(0) == 0, hash(1) == hash(1.0), hash(True) == hash(1))
print(hash("abc") == hash("ab" + "c"), hash((1, "a")) == hash((1, "a")), hash(2.5) == hash(2.5))
print(hash(None) == hash(None), isinstance(hash("x"), int), hash(frozenset([1, 2])) == hash(frozenset([2, 1])))
try:
    hash([])
except TypeError as e:
    print("TypeError", e)
try:
    hash({})
except TypeError as e:
    print("TypeError", e)
for v in [0, -17, 2 ** 40, 3.25, -0.0, 1e-7, "x y", [1, (2, "3")], {"k": [1.5]}, None, True]:
    print(repr(v), str(v))
print(int(str(123)), float(str(0.1)) == 0.1, float(repr(1 / 3)) == 1 / 3, int(repr(-99)))
caesar = "".join(chr((ord(c) - 97 + 13) % 26 + 97) if c.isalpha() else c for c in "hello world")
print(caesar)
