# A failing assert with a message ends the program.
def check(values):
    for v in values:
        assert v >= 0, "negative value: %d" % v
        print("ok", v)
check([3, 0, -4, 5])
