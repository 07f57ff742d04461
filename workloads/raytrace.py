# raytrace: a small Whitted ray tracer (spheres over a checkered plane, two lights,
# shadows, reflections) rendering a fixed image.
#
# Stresses:   method calls and short-lived Vec objects (allocation), float arithmetic,
#             attribute reads on objects shared by every thread.
# Scaling:    strong. The image is fixed; column x goes to thread x % nthreads.
# Sharing:    read sharing: one Scene (objects, lights, camera) built before the
#             threads start and only read by them. Each thread hands back one list of
#             its columns' checksums.
# Sync:       join only.
# Result:     (sum of all colour channels, checksum of the pixels in column order).
#             A pixel is computed by the same code whatever thread renders it and is
#             quantised to 0..255 on the spot, so no float depends on the split.
#
# CPython 3.11, this machine, 1 thread: tiny 2 ms, small 0.22 s, medium 0.90 s, large 9 s.

import math
import threading

MOD = 1000000007
EPSILON = 1e-6

SIZES = {
    "tiny": {"width": 16, "height": 12, "depth": 2},
    "small": {"width": 160, "height": 120, "depth": 3},
    "medium": {"width": 320, "height": 240, "depth": 3},
    "large": {"width": 1000, "height": 750, "depth": 3},
}


class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def mul(self, o):
        return Vec(self.x * o.x, self.y * o.y, self.z * o.z)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def normalized(self):
        return self.scale(1.0 / math.sqrt(self.dot(self)))


BLACK = Vec(0.0, 0.0, 0.0)


class Sphere:
    def __init__(self, center, radius, color, reflect):
        self.center = center
        self.radius = radius
        self.color = color
        self.reflect = reflect

    def intersect(self, origin, direction):
        """Distance along the ray to the nearest hit in front of origin, or -1."""
        oc = origin - self.center
        b = oc.dot(direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0.0:
            return -1.0
        root = math.sqrt(disc)
        t = -b - root
        if t > EPSILON:
            return t
        t = -b + root
        if t > EPSILON:
            return t
        return -1.0

    def normal_at(self, p):
        return (p - self.center).scale(1.0 / self.radius)

    def color_at(self, p):
        return self.color


class Floor:
    """The plane y = level, a checkerboard of two colours."""

    def __init__(self, level, color_a, color_b, reflect):
        self.level = level
        self.color_a = color_a
        self.color_b = color_b
        self.reflect = reflect
        self.up = Vec(0.0, 1.0, 0.0)

    def intersect(self, origin, direction):
        if abs(direction.y) < EPSILON:
            return -1.0
        t = (self.level - origin.y) / direction.y
        if t > EPSILON:
            return t
        return -1.0

    def normal_at(self, p):
        return self.up

    def color_at(self, p):
        if (math.floor(p.x) + math.floor(p.z)) % 2 == 0:
            return self.color_a
        return self.color_b


class Scene:
    def __init__(self):
        self.objects = [
            Floor(-1.0, Vec(0.9, 0.9, 0.9), Vec(0.1, 0.1, 0.1), 0.3),
            Sphere(Vec(0.0, 0.0, 5.0), 1.0, Vec(0.9, 0.2, 0.2), 0.4),
            Sphere(Vec(-2.2, 0.3, 6.5), 1.3, Vec(0.2, 0.8, 0.3), 0.2),
            Sphere(Vec(2.0, -0.4, 4.2), 0.6, Vec(0.2, 0.3, 0.9), 0.5),
            Sphere(Vec(0.7, 1.6, 7.5), 0.9, Vec(0.9, 0.8, 0.2), 0.1),
        ]
        self.lights = [
            (Vec(-5.0, 6.0, -1.0), Vec(0.8, 0.8, 0.8)),
            (Vec(4.0, 3.0, 2.0), Vec(0.4, 0.4, 0.5)),
        ]
        self.ambient = Vec(0.1, 0.1, 0.1)
        self.eye = Vec(0.0, 0.4, -1.0)

    def nearest(self, origin, direction):
        best_t = -1.0
        best = None
        for obj in self.objects:
            t = obj.intersect(origin, direction)
            if t > 0.0 and (best is None or t < best_t):
                best_t = t
                best = obj
        return best, best_t

    def shadowed(self, point, to_light, distance):
        for obj in self.objects:
            t = obj.intersect(point, to_light)
            if t > 0.0 and t < distance:
                return True
        return False

    def trace(self, origin, direction, depth):
        obj, t = self.nearest(origin, direction)
        if obj is None:
            return BLACK
        point = origin + direction.scale(t)
        normal = obj.normal_at(point)
        base = obj.color_at(point)
        color = base.mul(self.ambient)
        for position, intensity in self.lights:
            offset = position - point
            distance = math.sqrt(offset.dot(offset))
            to_light = offset.scale(1.0 / distance)
            lambert = normal.dot(to_light)
            if lambert > 0.0 and not self.shadowed(point, to_light, distance):
                color = color + base.mul(intensity).scale(lambert)
        if depth > 0 and obj.reflect > 0.0:
            reflected = direction - normal.scale(2.0 * direction.dot(normal))
            color = color + self.trace(point, reflected, depth - 1).scale(obj.reflect)
        return color


def channel(v):
    if v >= 1.0:
        return 255
    return int(v * 255.0)


def render_column(scene, x, width, height, depth):
    """(sum of channels, checksum) of column x, top to bottom."""
    total = 0
    checksum = 0
    aspect = width / height
    for y in range(height):
        px = (2.0 * (x + 0.5) / width - 1.0) * aspect
        py = 1.0 - 2.0 * (y + 0.5) / height
        direction = Vec(px, py, 1.5).normalized()
        c = scene.trace(scene.eye, direction, depth)
        r = channel(c.x)
        g = channel(c.y)
        b = channel(c.z)
        total += r + g + b
        checksum = (checksum * 16777259 + r * 65536 + g * 256 + b) % MOD
    return total, checksum


def worker(tid, nthreads, params, scene, out):
    columns = []
    for x in range(tid, params["width"], nthreads):
        columns.append(render_column(scene, x, params["width"], params["height"],
                                     params["depth"]))
    out[tid] = columns


def run(nthreads, params):
    scene = Scene()
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, params, scene, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = 0
    checksum = 0
    for x in range(params["width"]):
        col_total, col_checksum = out[x % nthreads][x // nthreads]
        total += col_total
        checksum = (checksum * 1000003 + col_checksum) % MOD
    return (total, checksum)


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (33771, 620185791),
    'small': (3407999, 59228091),
    'medium': (13642554, 375105943),
    'large': (133187595, 322242373),
}
