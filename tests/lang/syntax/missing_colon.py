# Malformed on purpose: def header without its colon.
def f(x)
    return x
