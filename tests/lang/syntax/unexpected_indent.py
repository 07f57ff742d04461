# Malformed on purpose: an indented line where no block starts.
x = 1
    y = 2
