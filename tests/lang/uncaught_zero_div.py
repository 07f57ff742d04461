# An uncaught exception: output printed before it must appear (stdout flushed), the
# traceback goes to stderr and the exit status is 1.
def divide(a, b):
    return a // b
print("before")
for d in [2, 1, 0]:
    print(divide(10, d))
print("never printed")
