# split/rsplit with and without separators and maxsplit, splitlines, join (including
# the TypeError for non-str items).
print("a b  c".split(), "  lead and trail  ".split(), "".split(), "   ".split())
print("a b  c".split(" "), "a,b,,c,".split(","), "".split(","), "abc".split("b"))
print("a b c d".split(" ", 2), "a b c d".split(maxsplit=1), "  a  b  c  ".split(None, 1))
print("a,b,c,d".rsplit(",", 1), "a b c d".rsplit(None, 2), "  x  y  ".rsplit(maxsplit=1))
print("a::b::c".split("::"), "line1\nline2\r\nline3".splitlines(), "a\n\nb\n".splitlines())
print("1 2 3".split(" ", 0), "a,b".split(",", -1))
try:
    "abc".split("")
except ValueError as e:
    print("ValueError", e)
print(",".join(["a", "b", "c"]), "".join([]), "-".join("xyz"), " ".join(("one", "two")))
print("+".join(str(i) for i in range(5)), ", ".join(map(str, [1.5, 2, None])))
print("".join(["a"]), "|".join(["", "", ""]))
try:
    ",".join([1, 2])
except TypeError as e:
    print("TypeError", e)
try:
    ",".join(["a", None])
except TypeError as e:
    print("TypeError", e)
words = "the quick brown fox jumps over the lazy dog".split()
print(len(words), words[-1], " ".join(reversed(words)))
print(" ".join(w.capitalize() for w in words))
print("/".join("usr/local/bin".split("/")[::-1]))
csv = "name,age\nann,31\nbob,27\n"
rows = [line.split(",") for line in csv.strip().split("\n")]
print(rows)
print({r[0]: int(r[1]) for r in rows[1:]})
