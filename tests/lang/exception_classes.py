# User-defined exception classes: hierarchies, extra attributes, custom __init__ and
# __str__, catching by base class, exceptions carrying data out of deep calls.
class AppError(Exception):
    pass
class ConfigError(AppError):
    def __init__(self, key, reason):
        super().__init__(key, reason)
        self.key = key
        self.reason = reason
    def __str__(self):
        return "config %s: %s" % (self.key, self.reason)
class NetError(AppError):
    code = 500
class Timeout(NetError):
    code = 504
for exc in [ConfigError("port", "not a number"), NetError("down"), Timeout("slow"), AppError()]:
    try:
        raise exc
    except NetError as e:
        print("net", e.code, str(e), repr(e))
    except AppError as e:
        print("app", type(e).__name__, str(e), e.args)
e = ConfigError("k", "r")
print(e.key, e.reason, isinstance(e, AppError), isinstance(e, Exception), isinstance(e, NetError))
class Found(Exception):
    def __init__(self, value):
        self.value = value
def search(tree, target, path=()):
    if tree == target:
        raise Found(path)
    if isinstance(tree, list):
        for i, sub in enumerate(tree):
            search(sub, target, path + (i,))
try:
    search([1, [2, [3, 4]], 5], 4)
except Found as f:
    print("found at", f.value)
class WithDefault(Exception):
    def __init__(self, msg="default message"):
        super().__init__(msg)
try:
    raise WithDefault
except WithDefault as w:
    print(w, w.args)
try:
    raise WithDefault("custom")
except Exception as w:
    print(w, type(w).__name__, isinstance(w, WithDefault))
class Validation(ValueError):
    pass
try:
    int("nope")
except Validation:
    print("wrong")
except ValueError as v:
    print("builtin ValueError:", v)
try:
    raise Validation("mine")
except ValueError as v:
    print("caught subclass via base:", v, type(v).__name__)
errors = []
for raw in ["1", "x", "3", "", "5"]:
    try:
        if not raw:
            raise Validation("empty")
        errors.append(int(raw))
    except Validation as v:
        errors.append("V:" + str(v))
    except ValueError:
        errors.append("bad")
print(errors)
