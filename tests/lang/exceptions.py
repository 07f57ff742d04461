# try/except: matching by class and base class, tuple of types, bare except, except as,
# re-raise with bare raise, try/except/else/finally order, nested handlers, exception
# args and str(), the built-in exception hierarchy, exceptions from builtins.
def risky(kind):
    if kind == "zero":
        return 1 // 0
    if kind == "key":
        return {}["k"]
    if kind == "index":
        return [][1]
    if kind == "type":
        return 1 + "a"
    if kind == "value":
        return int("x")
    if kind == "attr":
        return None.nope
    if kind == "name":
        return undefined_name_xyz
    return "ok"
for k in ["zero", "key", "index", "type", "value", "attr", "name", "none"]:
    try:
        r = risky(k)
        print(k, "->", r)
    except (ZeroDivisionError, KeyError) as e:
        print(k, "arith-or-key", type(e).__name__)
    except LookupError as e:
        print(k, "lookup", type(e).__name__)
    except Exception as e:
        print(k, "other", type(e).__name__)
for k in ["zero", "none"]:
    try:
        risky(k)
    except:
        print("bare except caught", k)
    else:
        print("else ran", k)
    finally:
        print("finally ran", k)
def order(fail):
    log = []
    try:
        log.append("try")
        if fail:
            raise ValueError("v")
        log.append("try-end")
    except ValueError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    log.append("after")
    return log
print(order(False))
print(order(True))
def reraiser():
    try:
        1 / 0
    except ZeroDivisionError:
        print("  logging and re-raising")
        raise
try:
    reraiser()
except ZeroDivisionError as e:
    print("re-raised:", e)
e = ValueError("bad value", 42)
print(e.args, str(e), repr(e), str(ValueError("one")), repr(ValueError("one")), str(ValueError()), repr(KeyError("k")))
print(str(KeyError("k")), str(IndexError("i")), repr(Exception()), Exception("a", "b").args)
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(KeyError, LookupError),
      issubclass(IndexError, LookupError), issubclass(ValueError, Exception),
      issubclass(Exception, BaseException), issubclass(TypeError, ValueError),
      issubclass(StopIteration, Exception), issubclass(OverflowError, ArithmeticError),
      issubclass(NotImplementedError, RuntimeError), issubclass(AssertionError, Exception),
      issubclass(UnboundLocalError, NameError), issubclass(KeyboardInterrupt, Exception))
try:
    try:
        raise KeyError("inner")
    except ValueError:
        print("wrong handler")
except KeyError as e:
    print("outer caught", e)
try:
    try:
        raise TypeError("first")
    except TypeError:
        raise ValueError("second")
except ValueError as e:
    print("handler raised", e, type(e.__context__).__name__)
err = None
try:
    raise RuntimeError("kept")
except RuntimeError as ex:
    err = ex
print(type(err).__name__, err)
try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e), e.args)
x = 0
for i in range(5):
    try:
        if i % 2:
            continue
        x += 10 // (i - 2)
    except ZeroDivisionError:
        x += 1000
print(x)
print(isinstance(ValueError("x"), Exception), isinstance(ValueError, type))
