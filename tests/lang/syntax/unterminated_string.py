# Malformed on purpose: a string literal that runs to the end of the line.
print("ok")
s = "never closed
print(s)
