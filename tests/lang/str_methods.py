# Common str methods: strip family with and without chars, startswith/endswith (with
# tuples and positions), replace with count, find/rfind/index, count, case methods,
# predicates, padding.
s = "  Hello World  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print(repr("xxhixx".strip("x")), repr("abcHIcba".strip("abc")), repr("..a..".lstrip(".")), repr("..a..".rstrip(".")))
print(repr("\t\n x \r\n".strip()), repr("".strip()), repr("xxx".strip("x")))
w = "hello.py"
print(w.startswith("he"), w.startswith("lo"), w.endswith(".py"), w.endswith((".c", ".py")))
print(w.startswith(("x", "h")), w.startswith("llo", 2), w.endswith("hello", 0, 5), w.startswith(""))
r = "a-b-c-d"
print(r.replace("-", "+"), r.replace("-", "", 2), r.replace("x", "y"), r.replace("", "|"))
print("aaaa".replace("aa", "b"), "abc".replace("abc", ""))
f = "abracadabra"
print(f.find("bra"), f.find("bra", 2), f.find("zz"), f.rfind("bra"), f.rfind("a"), f.rfind("zz"))
print(f.index("cad"), f.rindex("a"), f.count("a"), f.count("bra"), f.count("z"), f.count(""))
print(f.find(""), f.find("a", -3), f.find("a", 1, 3))
try:
    f.index("zz")
except ValueError as e:
    print("ValueError", e)
m = "MiXeD cAsE 123"
print(m.upper(), m.lower(), m.title(), m.capitalize())
for t in ["123", "12a", "", "abc", "ABC", " \t", "a b", "Abc1"]:
    print(repr(t), t.isdigit(), t.isalpha(), t.isspace(), t.isalnum(), t.isupper(), t.islower())
print("42".zfill(5), "-42".zfill(6), "abc".zfill(2), "+7".zfill(4))
print("[" + "ab".center(6) + "]", "[" + "ab".center(7, "*") + "]", "[" + "ab".ljust(5) + "]",
      "[" + "ab".rjust(5, "0") + "]", "[" + "abcdef".center(3) + "]")
print("hello world".split(" ", 1)[1].upper().center(11, "-"))
print("a,b".partition(","), "abc".partition("x"), "a.b.c".rpartition("."))
print("x".join("abc"), "Hello".upper().lower() == "hello")
