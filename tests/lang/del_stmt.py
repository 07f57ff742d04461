# del: names (then NameError), list items and slices, dict keys (KeyError when
# missing), attributes, several targets in one statement, del in loops.
x = 5
del x
try:
    print(x)
except NameError:
    print("NameError after del")
a = list(range(8))
del a[0]
del a[-1]
print(a)
del a[1:3]
print(a)
del a[::2]
print(a)
d = {"k": 1, "j": 2, "i": 3}
del d["k"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError", e)
class O:
    pass
o = O()
o.attr = 1
o.other = 2
del o.attr
print(hasattr(o, "attr"), o.other)
try:
    del o.attr
except AttributeError:
    print("AttributeError")
p, q, r = 1, 2, [0, 1, 2]
del p, q, r[0]
print(r)
try:
    print(p)
except NameError:
    print("NameError p")
def f():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError:
        return "UnboundLocalError"
print(f())
nums = [1, 2, 3, 4, 5, 6]
i = 0
while i < len(nums):
    if nums[i] % 2 == 0:
        del nums[i]
    else:
        i += 1
print(nums)
try:
    del nums[10]
except IndexError as e:
    print("IndexError", e)
x = 1
x = 2
del x
x = 3
print(x)
grid = [[1, 2], [3, 4]]
del grid[0][1], grid[1]
print(grid)
