# Malformed on purpose: a block header followed by an unindented body.
def f():
return 1
