# Type builtins: type, isinstance (with tuples and subclasses), issubclass, getattr /
# setattr / hasattr (with defaults), object, callable, len, the constructors of the
# built-in types and their repr.
print(type(1), type(1.0), type("s"), type(None), type([]), type(()), type({}), type(set()), type(True), type(range(1)))
print(type(1).__name__, type("").__name__, type(1.5).__name__, type([]).__name__, type({}).__name__)
print(type(1) is int, type(True) is bool, type(True) is int, type(type(1)) is type)
print(isinstance(1, int), isinstance(True, int), isinstance(1, (str, float)), isinstance(1.0, (str, float)),
      isinstance("s", str), isinstance([], (list, tuple)), isinstance(None, object), isinstance(int, type))
class A:
    x = 1
class B(A):
    pass
b = B()
print(isinstance(b, A), isinstance(b, (int, B)), issubclass(B, A), issubclass(A, B), issubclass(bool, int), issubclass(B, (str, A)))
print(getattr(b, "x"), getattr(b, "y", "dflt"), hasattr(b, "x"), hasattr(b, "y"), hasattr("s", "upper"))
setattr(b, "y", 5)
print(b.y, getattr(b, "y"), hasattr(b, "y"))
try:
    getattr(b, "nope")
except AttributeError:
    print("AttributeError")
print(getattr([1, 2], "count")(2), getattr("a-b", "split")("-"))
o = object()
print(type(o).__name__, isinstance(o, object), o == o, o != object())
print(callable(len), callable(A), callable(b), callable("s"), callable(lambda: 1))
print(len("abc"), len([1]), len(()), len({1: 2}), len(set("aab")), len(range(3, 10, 2)))
try:
    len(5)
except TypeError as e:
    print("TypeError", e)
print(int, float, str, list, bool, dict, tuple, set, type, object)
print(bool(), str(), list(), tuple(), dict(), repr(set()), int(), float())
print(bool(0), bool(1), bool(""), bool("0"), bool([]), bool(None), bool(0.0), bool(-1))
print(str(1), str(1.0), str([1, "a"]), str((1,)), str({"a": [1]}), str(None), str("x"))
print(list("ab"), tuple([1]), dict([("a", 1)]), sorted(set([3, 3, 1])), list(range(3)), list({"k": 0}.items()))
print(repr(1), repr("a"), repr([1, "a"]), repr(None), repr(1.5), repr("a'b"), repr(True))
print(type("x")("abc"), type(5)("12") + 1, type([])("hi"))
print(isinstance(3, bool), isinstance(False, bool), type(3 > 2).__name__, type(None).__name__)
