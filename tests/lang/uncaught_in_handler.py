# An exception raised while handling another (implicit chaining), escaping the program.
try:
    [][0]
except IndexError:
    print("handling")
    undefined_function_name_xyz()
