# Strings: indexing, slicing (including negative steps), membership, concatenation,
# repetition, comparison, len, iteration and immutability.
s = "Hello, world"
print(s[0], s[-1], s[4], s[-5])
print(s[0:5], s[7:], s[:5], s[-5:], s[:-7], s[:])
print(s[::2], s[1::3], s[::-1], s[::-2], s[-1:-6:-1], s[8:2:-2])
print(repr(s[5:2]), repr(s[100:]), repr(s[-100:3]), s[2:100])
print("lo" in s, "xyz" in s, "" in s, "H" not in s)
print("ab" + "cd", "ab" * 3, 3 * "x", "ab" * 0, repr("ab" * -1))
print(len(s), len(""), len("é"), len("日本"))
for ch in "abc":
    print(ch, end=";")
print()
print(list("hey"), tuple("ok"))
try:
    s[0] = "h"
except TypeError:
    print("TypeError: immutable")
try:
    print(s[50])
except IndexError as e:
    print("IndexError", e)
t = s
t += "!"
print(s, t)
print("abc" == "abc", "abc" != "abd", "abc" < "abd", "B" < "a", "abc" < "ab")
print(str(42), str(-1.5), str(None), str(True), str([1, "a"]), str("x"))
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\tnew\nline\\"))
print("multi\nline")
print("a\tb", "back\\slash", 'single \'q\'', "\x41\u00e9")
print("""triple
quoted""", '''also''')
print("impl" "icit" ' concat')
print(ord("A"), ord("é"), chr(97), chr(233), chr(0x65e5))
print("abc"[1:2] * 2, ("x" + "y") * 2)
print(sorted("banana"), min("hello"), max("hello"))
print("".join(reversed("stressed")))
