# Malformed on purpose: a character that is no token.
a = 1
b = a $ 2
