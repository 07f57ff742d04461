# Raising an exception class without arguments: the last stderr line is just the name.
def validate(x):
    if x > 3:
        raise ValueError
    return x
print([validate(i) for i in range(3)])
validate(10)
