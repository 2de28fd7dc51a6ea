"""Shapes, shared by the catalog, the World and the renderer: primitives, compounds of primitives
(bowls, cups, hoops, tables: concave things made of convex parts, as the physics engine needs them), and
lathe shapes (a bowling pin: a profile turned about z, seen and weighed as such, colliding as its parts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.spatial.transform import Rotation

Vec3 = tuple[float, float, float]
Quat = tuple[float, float, float, float]  # w, x, y, z
IDENTITY: Quat = (1.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Shape:
    """Geometry in the entity's own frame. Cylinders and capsules lie along local z."""

    kind: Literal["sphere", "box", "cylinder", "capsule", "plane", "compound", "lathe"]
    radius: float = 0.0  # sphere, cylinder, capsule
    half_extents: Vec3 = (0.0, 0.0, 0.0)  # box; plane: visible half size in x, y
    half_length: float = 0.0  # cylinder: half its height; capsule: half its straight part
    parts: tuple[Part, ...] = ()  # compound; lathe: the primitives it collides as
    profile: tuple[tuple[float, float], ...] = ()  # lathe: (radius, z) from bottom to top, turned about z

    @property
    def in_parts(self) -> bool:
        """Collides as its parts: a compound, and a lathe shape (its primitives inside it)."""
        return self.kind in ("compound", "lathe")

    @property
    def turned(self) -> bool:
        """Meshed by turning a profile about z (round: finer meshes up close, UVs around it)."""
        return self.kind in ("sphere", "capsule", "cylinder", "lathe")

    @property
    def bounding_radius(self) -> float:
        """Radius of the smallest sphere around the frame's origin that holds the shape (planes: 0)."""
        if self.kind == "sphere":
            return self.radius
        if self.kind == "box":
            return sum(h * h for h in self.half_extents) ** 0.5
        if self.kind == "cylinder":
            return (self.radius**2 + self.half_length**2) ** 0.5
        if self.kind == "capsule":
            return self.radius + self.half_length
        if self.kind == "compound":
            return max(float(np.linalg.norm(p.position)) + p.shape.bounding_radius for p in self.parts)
        if self.kind == "lathe":
            return max(float(np.hypot(r, z)) for r, z in self.profile)
        return 0.0

    @property
    def bounds(self) -> tuple[Vec3, Vec3]:
        """The lowest and highest corner of a box along the frame's axes that holds the shape (a compound's
        from its parts' boxes: a table's top and legs, not a cube round its bounding sphere)."""
        if self.kind == "compound":
            points = corners(self)
            return tuple(points.min(axis=0).tolist()), tuple(points.max(axis=0).tolist())
        if self.kind == "box":
            half = self.half_extents
        elif self.kind in ("cylinder", "capsule"):
            length = self.half_length + (self.radius if self.kind == "capsule" else 0.0)
            half = (self.radius, self.radius, length)
        elif self.kind == "plane":
            half = (self.half_extents[0], self.half_extents[1], 0.0)
        elif self.kind == "lathe":
            r = max(r for r, _ in self.profile)
            return (-r, -r, self.profile[0][1]), (r, r, self.profile[-1][1])
        else:
            half = (self.radius,) * 3
        return (-half[0], -half[1], -half[2]), tuple(half)


@dataclass(frozen=True)
class Part:
    """A primitive placed in a compound's frame."""

    shape: Shape
    position: Vec3 = (0.0, 0.0, 0.0)
    orientation: Quat = IDENTITY

    @property
    def rotation(self) -> Rotation:
        w, x, y, z = self.orientation
        return Rotation.from_quat([x, y, z, w])


def part(shape: Shape, position=(0.0, 0.0, 0.0), rotation_deg=(0.0, 0.0, 0.0)) -> Part:
    """A part from a position and roll/pitch/yaw in degrees."""
    x, y, z, w = Rotation.from_euler("xyz", rotation_deg, degrees=True).as_quat()
    return Part(shape, tuple(float(c) for c in position), (float(w), float(x), float(y), float(z)))


def ring(make: callable, count: int, radius: float, z: float = 0.0, tilt_deg: float = 0.0) -> tuple[Part, ...]:
    """`count` copies of `make()` around the z axis at `radius`, each facing outward (a bowl's or a rim's
    wall), optionally tilted outward by `tilt_deg`."""
    parts = []
    for k in range(count):
        angle = 360.0 * k / count
        a = np.radians(angle)
        parts.append(part(make(), (radius * np.cos(a), radius * np.sin(a), z), (0.0, tilt_deg, angle)))
    return tuple(parts)


def corners(shape: Shape) -> np.ndarray:
    """Points whose bounding box holds the shape, in its frame (exact for boxes and spheres' boxes)."""
    if shape.kind == "compound":
        return np.concatenate([p.rotation.apply(corners(p.shape)) + p.position for p in shape.parts])
    low, high = shape.bounds
    return np.array([[x, y, z] for x in (low[0], high[0]) for y in (low[1], high[1]) for z in (low[2], high[2])])
