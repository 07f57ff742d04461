# is / is not and in / not in: identity of None, True, False, shared objects, new
# containers; membership in every container type and in strings.
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c, None is None, True is True, False is not True)
print(type(None).__name__, None is not False, None == False)
def f():
    return None
print(f() is None, f() is not None)
print(1 in [1, 2], 3 in [1, 2], 3 not in [1, 2], "b" in ("a", "b"), "k" in {"k": 1}, 1 in {"k": 1})
print(2 in {1, 2}, 2 in range(5), 5 in range(5), 2 in range(0, 10, 2), 3 in range(0, 10, 2))
print("ell" in "hello", "" in "", "lo" not in "hello", "H" in "hello")
print([1] in [[1]], (1,) in [(1,)], [] in [[]], None in [None], None in [0, False])
nan = float("nan")
print(nan in [nan], nan == nan)
lst = [nan]
print(lst[0] in lst, [nan] == [nan])
x = object()
y = object()
print(x is x, x is y, x == y, x in [y, x], x in [y])
class Obj:
    pass
o = Obj()
print(o in [Obj(), o], o in [Obj()])
t = (1, 2)
print(t is t, () == (), [] is not [])
s = "abc"
print(s[0] in s, s in [s], s * 2 in "abcabcabc")
def same(p, q):
    return p is q
k = [0]
print(same(k, k), same(k, list(k)), same(k, k[:]))
