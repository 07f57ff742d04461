# raise ... from ...: explicit chaining sets __cause__, implicit chaining sets
# __context__, from None suppresses the context, and re-raising keeps the type.
class ParseError(Exception):
    pass
def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise ParseError("cannot parse %r" % s) from e
try:
    parse("abc")
except ParseError as e:
    print(e, type(e.__cause__).__name__, e.__cause__ is e.__context__)
    print(e.__cause__)
try:
    try:
        {}["missing"]
    except KeyError:
        raise ValueError("implicit")
except ValueError as e:
    print(e, e.__cause__, type(e.__context__).__name__, e.__context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise RuntimeError("hidden") from None
except RuntimeError as e:
    print(e, e.__cause__, e.__suppress_context__)
try:
    raise TypeError("direct") from KeyError("why")
except TypeError as e:
    print(e, repr(e.__cause__))
e = ValueError("plain")
print(e.__cause__, e.__context__)
def layered():
    try:
        parse("x1")
    except ParseError as pe:
        raise RuntimeError("layer") from pe
try:
    layered()
except RuntimeError as e:
    chain = []
    cur = e
    while cur is not None:
        chain.append(type(cur).__name__)
        cur = cur.__cause__
    print(chain)
