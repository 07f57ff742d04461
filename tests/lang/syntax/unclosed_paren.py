# Malformed on purpose: an opening parenthesis is never closed (reported where it opens).
x = 1
print((x + 2)
y = 3
