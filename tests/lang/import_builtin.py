# Importing built-in modules in every form: import, import as, from-import, several
# modules in one statement, imports inside functions.
import math
import math as m
import time, random
from math import sqrt, floor as fl, pi
print(m is math, sqrt(16.0), fl(2.7), pi == math.pi, math.sqrt(2) == sqrt(2))
def inner():
    from math import ceil
    import threading
    return ceil(1.2), hasattr(threading, "Thread")
print(inner())
print(hasattr(time, "sleep"), hasattr(random, "randint"), type(math.pi).__name__)
import math
print(math is m)
