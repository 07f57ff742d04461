# Malformed on purpose: break outside any loop.
def f():
    pass
break
