# Deviation from CPython: int() of a string or float whose value does not fit in a
# signed 64-bit int raises OverflowError in parvm (CPython returns a big int).  The
# boundary values themselves parse exactly.  Expected files written by hand.
print(int("9223372036854775807"), int("-9223372036854775808"), int("7fffffffffffffff", 16))
for text in ["9223372036854775808", "-9223372036854775809", "1" + "0" * 30]:
    try:
        print(int(text))
    except OverflowError:
        print("OverflowError", len(text))
try:
    print(int(float(2 ** 62) * 4))
except OverflowError:
    print("OverflowError float")
print(int("1" + "0" * 19))
