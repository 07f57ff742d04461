# Helper module for import_sibling.py (not a test itself): module-level state,
# functions, a class, a constant and a private name.
PI_ISH = 3.25
_loaded_count = 0
registry = []

def area(r):
    return PI_ISH * r * r

class Rect:
    def __init__(self, w, h):
        self.w = w
        self.h = h
    def area(self):
        return self.w * self.h
    def __repr__(self):
        return "Rect(%d, %d)" % (self.w, self.h)

def register(name):
    registry.append(name)
    return len(registry)

_loaded_count += 1
print("  _geometry loaded, __name__ =", __name__)
