# Malformed on purpose: a keyword used as a variable name.
class = 5
