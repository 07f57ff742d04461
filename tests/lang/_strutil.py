# Helper module for import_sibling.py: imports another sibling module itself.
import _geometry

def shout(s):
    return s.upper() + "!"

def rect_desc(w, h):
    r = _geometry.Rect(w, h)
    return "%r has area %d" % (r, r.area())
