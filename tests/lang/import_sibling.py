# Importing sibling .py files: import, import as, from-import, from-import as; a module
# body runs once however often it is imported; module attributes are shared state;
# __name__ is the module name in the module and "__main__" in the program.
print("main starts, __name__ =", __name__)
import _geometry
import _geometry as geo
from _geometry import area, Rect as R, register
from _strutil import shout, rect_desc
import _strutil
print(geo is _geometry, _geometry._loaded_count, _strutil._geometry is _geometry)
print(area(2), _geometry.area(1), R(2, 3), R(2, 3).area(), isinstance(R(1, 1), geo.Rect))
print(register("a"), register("b"), geo.registry, _geometry.registry is geo.registry)
_geometry.PI_ISH = 3
print(area(2), geo.PI_ISH)
print(shout("hey"), rect_desc(4, 5))
def use_inside():
    import _geometry as g2
    return g2.register("from function")
print(use_inside(), len(_geometry.registry))
try:
    import _no_such_module_here
except ImportError as e:
    print("ImportError", isinstance(e, ImportError))
try:
    from _geometry import no_such_name
except ImportError:
    print("ImportError from-import")
print(hasattr(_geometry, "Rect"), _geometry.__name__)
