# and / or / not: short-circuit evaluation, the operand returned (not a bool), order
# of evaluation, truthiness of every built-in type, precedence.
log = []
def t(x):
    log.append(x)
    return x
print(t(0) and t(1), log)
log.clear()
print(t(2) and t(3), log)
log.clear()
print(t(0) or t(""), log)
log.clear()
print(t(4) or t(5), log)
log.clear()
print(t(None) or t(0) or t([]) or t("last"), log)
log.clear()
print(t(1) and t("a") and t(0) and t("never"), log)
log.clear()
print(1 and 2 or 3, 0 and 2 or 3, 1 or 2 and 3, (1 or 2) and 3, not 1 or 0, not (1 or 0))
print([] or {} or "", "x" and [], 0.0 or -0.0, None and 1, "" or None)
for val in [0, 1, -1, 0.0, 0.5, "", " ", [], [0], (), (None,), {}, {0: 0}, set(), {0}, None,
            True, False, range(0), range(1)]:
    print(repr(val), bool(val), not val)
print(not None, not not [], True and not False, False or not True)
print(True + (not False), (3 > 2) and "yes", (3 < 2) or "no")
x = None
print(x is None and "none" or "some", (x or "default"), (x or []).__class__.__name__)
name = ""
print(name or "anonymous", len(name or "ab"))
def side(flag, tag, out):
    out.append(tag)
    return flag
out = []
if side(False, "a", out) and side(True, "b", out):
    out.append("then")
elif side(True, "c", out) or side(True, "d", out):
    out.append("elif")
print(out)
n = 5
print(n > 0 and n % 2 == 1, n < 0 or n == 5, not n == 4)
print(1 if [] else 2, "a" if "x" else "b", (lambda: 0)() or "fallback")
print(all([]), any([]), all([1, "a"]), any([0, "", None]), all(x > 0 for x in [1, 2, -1]))
