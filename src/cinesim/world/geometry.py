"""Volumes and principal moments of inertia of solid (and thin-shell) primitives."""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial.transform import Rotation

from cinesim.shapes import Quat, Shape, Vec3


def volume(shape: Shape) -> float:
    r, h = shape.radius, 2 * shape.half_length
    if shape.kind == "sphere":
        return 4 / 3 * math.pi * r**3
    if shape.kind == "box":
        x, y, z = (2 * e for e in shape.half_extents)
        return x * y * z
    if shape.kind == "cylinder":
        return math.pi * r * r * h
    if shape.kind == "capsule":
        return math.pi * r * r * h + 4 / 3 * math.pi * r**3
    if shape.kind == "compound":
        return sum(volume(p.shape) for p in shape.parts)
    if shape.kind == "lathe":  # frusta between the profile's points
        (r1, z1), (r2, z2) = np.array(shape.profile[:-1]).T, np.array(shape.profile[1:]).T
        return float(np.sum(math.pi * (z2 - z1) * (r1 * r1 + r1 * r2 + r2 * r2) / 3))
    raise ValueError(f"a {shape.kind} has no volume")


def inertia(shape: Shape, mass: float, hollow: bool = False) -> Vec3:
    """Principal moments about the centre, in the shape frame (cylinders and capsules along z)."""
    r, h = shape.radius, 2 * shape.half_length
    if shape.kind == "sphere":
        i = (2 / 3 if hollow else 2 / 5) * mass * r * r
        return (i, i, i)
    if shape.kind == "box":
        x, y, z = (2 * e for e in shape.half_extents)
        return (mass * (y * y + z * z) / 12, mass * (x * x + z * z) / 12, mass * (x * x + y * y) / 12)
    if shape.kind == "cylinder":
        side = mass * (3 * r * r + h * h) / 12
        return (side, side, mass * r * r / 2)
    if shape.kind == "capsule":
        # Cylinder plus two hemispheres, each hemisphere's centroid 3r/8 beyond the cylinder's end.
        v_cyl, v_sph = math.pi * r * r * h, 4 / 3 * math.pi * r**3
        m_cyl, m_sph = mass * v_cyl / (v_cyl + v_sph), mass * v_sph / (v_cyl + v_sph)
        axial = m_cyl * r * r / 2 + 2 / 5 * m_sph * r * r
        side = (m_cyl * (3 * r * r + h * h) / 12
                + m_sph * (2 / 5 * r * r + h * h / 4 + 3 * h * r / 8))
        return (side, side, axial)
    raise ValueError(f"a {shape.kind} has no inertia")


def mass_properties(shape: Shape, mass: float, hollow: bool = False) -> tuple[Vec3, Vec3, Quat]:
    """Centre of mass, principal moments and principal axes (w, x, y, z) in the shape frame. A compound's
    parts share the mass by volume; their inertias move to the common centre (parallel axes)."""
    if shape.kind == "lathe":
        return _lathe_mass_properties(shape, mass)
    if shape.kind != "compound":
        return (0.0, 0.0, 0.0), inertia(shape, mass, hollow), (1.0, 0.0, 0.0, 0.0)
    volumes = np.array([volume(p.shape) for p in shape.parts])
    masses = mass * volumes / volumes.sum()
    centres = np.array([p.position for p in shape.parts])
    com = (masses[:, None] * centres).sum(axis=0) / mass
    tensor = np.zeros((3, 3))
    for p, m, c in zip(shape.parts, masses, centres, strict=True):
        rotation = p.rotation.as_matrix()
        d = c - com
        tensor += rotation @ np.diag(inertia(p.shape, m)) @ rotation.T + m * (d @ d * np.eye(3) - np.outer(d, d))
    moments, axes = np.linalg.eigh(tensor)
    if np.linalg.det(axes) < 0:
        axes[:, 0] = -axes[:, 0]
    x, y, z, w = Rotation.from_matrix(axes).as_quat()
    return (tuple(float(c) for c in com), tuple(float(v) for v in moments),
            (float(w), float(x), float(y), float(z)))


def _lathe_mass_properties(shape: Shape, mass: float) -> tuple[Vec3, Vec3, Quat]:
    """A solid of revolution as a stack of thin discs: its centre of mass on the axis, its moments about it
    (m r^2 / 2 per disc) and across it (m r^2 / 4 per disc, plus m d^2 from the centre)."""
    r, z = np.array(shape.profile).T
    heights = z[0] + (np.arange(4000) + 0.5) * (z[-1] - z[0]) / 4000  # the slices' middles
    radii = np.interp(heights, z, r)
    slices = radii**2
    masses = mass * slices / slices.sum()
    centre = float(masses @ heights / mass)
    axial = float(masses @ slices / 2)
    across = float(masses @ (slices / 4 + (heights - centre) ** 2))
    return (0.0, 0.0, centre), (across, across, axial), (1.0, 0.0, 0.0, 0.0)
