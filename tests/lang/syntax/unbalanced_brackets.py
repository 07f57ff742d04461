# Malformed on purpose: a '[' closed by ')'.
items = [1, 2, 3)
print(items)
