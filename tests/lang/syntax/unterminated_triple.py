# Malformed on purpose: a triple-quoted string that never ends (reported where it starts).
x = 1
s = """starts here
and never
ends
