# Malformed on purpose: def without a function name.
x = 1
def (a, b):
    return a
