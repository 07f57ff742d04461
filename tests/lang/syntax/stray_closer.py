# Malformed on purpose: a closing parenthesis without an opener.
x = 1
y = (x + 1))
