# printf-style % formatting with single values and tuples.
print("%s" % "x", "%s" % 42, "%s" % [1, 2], "%s" % (7,), "%s" % None)
print("%r" % "hi", "%r" % 1.5, "%s and %r" % ("a", "a"))
print("%d" % 42, "%d" % -7, "%d" % 3.99, "%d" % True, "%i" % 5)
print("%5.2f" % 3.14159, "%.3f" % 2.0, "%f" % 1.5, "%.0f" % 2.5, "%8.3f|" % -1.5)
print("%-5s|" % "ab", "%5s|" % "ab", "%-6d|" % 12, "%6d|" % 12, "%05d" % 42, "%+d" % 5)
print("%x" % 255, "%X" % 255, "%#x" % 255, "%o" % 8, "%x" % -255)
print("100%%", "%d%%" % 50, "%s%%%s" % ("a", "b"))
print("%e" % 12345.678, "%.2e" % 0.000123)
print("%s=%d (%.1f%%)" % ("score", 17, 85.25))
print("%c%c" % (72, "i"))
print("%s" % ((1, 2),), "%s %s" % (1, 2), "%s-%s-%s" % tuple("abc"))
t = ("name", 3)
print("%s has %d letters" % t)
print("%(a)s + %(b)d" % {"a": "x", "b": 2})
try:
    print("%s %s" % ("only one",))
except TypeError as e:
    print("TypeError", e)
try:
    print("%s" % (1, 2))
except TypeError as e:
    print("TypeError", e)
try:
    print("%d" % "str")
except TypeError as e:
    print("TypeError", type(e).__name__)
for i, v in enumerate([0.5, 12.25, 100.0]):
    print("%2d: %7.3f" % (i, v))
