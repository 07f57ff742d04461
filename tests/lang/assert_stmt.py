# assert: passing assertions do nothing, failing ones raise AssertionError with the
# optional message, the message expression is only evaluated on failure.
assert True
assert 1 == 1, "never shown"
assert [1], "non-empty list is true"
def msg():
    print("  message evaluated")
    return "computed message"
assert 2 > 1, msg()
try:
    assert 1 > 2
except AssertionError as e:
    print("AssertionError", repr(e), e.args)
try:
    assert 0, msg()
except AssertionError as e:
    print("AssertionError", e)
try:
    assert None, ("tuple", 1)
except AssertionError as e:
    print("AssertionError", e.args)
def checked_div(a, b):
    assert b != 0, "b must be non-zero, got %r" % b
    return a / b
print(checked_div(1, 4))
try:
    checked_div(1, 0)
except AssertionError as e:
    print(e)
count = 0
for i in range(5):
    try:
        assert i % 2 == 0, i
    except AssertionError as e:
        count += e.args[0]
print(count)
