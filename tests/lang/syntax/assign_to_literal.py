# Malformed on purpose: assignment to a literal.
x = 1
1 = x
