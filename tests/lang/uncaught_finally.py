# finally blocks run (and print) while an uncaught exception propagates out.
def inner():
    try:
        raise IndexError("deep problem")
    finally:
        print("inner finally")
def outer():
    try:
        inner()
    finally:
        print("outer finally")
outer()
