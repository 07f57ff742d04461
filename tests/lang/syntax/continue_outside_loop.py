# Malformed on purpose: continue outside any loop.
x = 0
if x == 0:
    continue
