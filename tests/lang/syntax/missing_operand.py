# Malformed on purpose: a binary operator without its right operand.
x = 1
y = x +
print(y)
