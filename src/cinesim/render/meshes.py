"""Triangle meshes for the World's shapes, with normals and UVs, built once per shape."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.interpolate import PchipInterpolator

from cinesim.shapes import Part, Shape


@dataclass(frozen=True)
class Mesh:
    positions: np.ndarray  # (n, 3) float32, shape frame
    normals: np.ndarray  # (n, 3) float32
    uvs: np.ndarray  # (n, 2) float32
    indices: np.ndarray  # (m, 3) uint32

    def interleaved(self) -> np.ndarray:
        return np.hstack([self.positions, self.normals, self.uvs]).astype("f4")


def _grid(rows: int, cols: int) -> np.ndarray:
    """Two triangles per cell of a (rows+1) x (cols+1) vertex grid, counter-clockwise seen from outside."""
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    a = (r * (cols + 1) + c).ravel()
    b, d = a + cols + 1, a + 1
    return np.concatenate([np.stack([a, d, b], 1), np.stack([d, b + 1, b], 1)]).astype("u4")


def _lathe(profile_r: np.ndarray, profile_z: np.ndarray, normal_r: np.ndarray, normal_z: np.ndarray,
           segments: int) -> Mesh:
    """Revolve a profile (bottom to top) about z."""
    theta = np.linspace(0, 2 * np.pi, segments + 1)
    cos, sin = np.cos(theta)[None, :], np.sin(theta)[None, :]
    height = np.repeat(profile_z[:, None], segments + 1, 1)
    pos = np.stack([profile_r[:, None] * cos, profile_r[:, None] * sin, height], -1)
    rise = np.repeat(normal_z[:, None], segments + 1, 1)
    nrm = np.stack([normal_r[:, None] * cos, normal_r[:, None] * sin, rise], -1)
    v = np.linspace(0, 1, len(profile_r))
    uv = np.stack(np.meshgrid(theta / (2 * np.pi), v, indexing="xy"), -1)
    rows = len(profile_r) - 1
    return Mesh(pos.reshape(-1, 3).astype("f4"), nrm.reshape(-1, 3).astype("f4"), uv.reshape(-1, 2).astype("f4"),
                _grid(rows, segments))


def sphere(radius: float, segments: int = 48) -> Mesh:
    phi = np.linspace(-np.pi / 2, np.pi / 2, segments // 2 + 1)
    return _lathe(radius * np.cos(phi), radius * np.sin(phi), np.cos(phi), np.sin(phi), segments)


def capsule(radius: float, half_length: float, segments: int = 40) -> Mesh:
    cap = np.linspace(0, np.pi / 2, segments // 4 + 1)
    phi = np.concatenate([-np.pi / 2 + cap, cap])
    r = radius * np.cos(phi)
    z = radius * np.sin(phi) + np.where(np.arange(len(phi)) < len(cap), -half_length, half_length)
    return _lathe(r, z, np.cos(phi), np.sin(phi), segments)


def _merge(*meshes: Mesh) -> Mesh:
    offsets = np.cumsum([0] + [len(m.positions) for m in meshes[:-1]])
    return Mesh(np.vstack([m.positions for m in meshes]), np.vstack([m.normals for m in meshes]),
                np.vstack([m.uvs for m in meshes]),
                np.vstack([m.indices + o for m, o in zip(meshes, offsets, strict=True)]).astype("u4"))


def _disc(radius: float, z: float, up: bool, segments: int) -> Mesh:
    theta = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    pos = np.vstack([[0, 0, z], np.stack([radius * np.cos(theta), radius * np.sin(theta), np.full(segments, z)], 1)])
    nrm = np.tile([0, 0, 1 if up else -1], (segments + 1, 1))
    uv = 0.5 + pos[:, :2] / (2 * radius)
    ring = np.arange(1, segments + 1)
    tris = np.stack([np.zeros(segments, int), ring, np.roll(ring, -1)], 1)
    if not up:
        tris = tris[:, [0, 2, 1]]
    return Mesh(pos.astype("f4"), nrm.astype("f4"), uv.astype("f4"), tris.astype("u4"))


def cylinder(radius: float, half_length: float, segments: int = 40) -> Mesh:
    side = _lathe(np.array([radius, radius]), np.array([-half_length, half_length]), np.ones(2), np.zeros(2), segments)
    return _merge(side, _disc(radius, half_length, True, segments), _disc(radius, -half_length, False, segments))


def lathe(profile: tuple[tuple[float, float], ...], segments: int = 40) -> Mesh:
    """A turned solid: its profile (radius, z; bottom to top) drawn smooth through its points (a monotone
    cubic, which neither overshoots nor ripples), turned about z, the base closed by a disc."""
    r, z = np.array(profile).T
    heights = np.linspace(z[0], z[-1], 96)
    radii = np.maximum(PchipInterpolator(z, r)(heights), 0.0)
    dr, dz = np.gradient(radii), np.gradient(heights)
    length = np.hypot(dr, dz)
    side = _lathe(radii, heights, dz / length, -dr / length, segments)  # normals square to the profile
    return _merge(side, _disc(float(r[0]), float(z[0]), False, segments))


def box(half_extents) -> Mesh:
    hx, hy, hz = half_extents
    faces = []
    for axis in range(3):
        for sign in (-1.0, 1.0):
            n = np.zeros(3)
            n[axis] = sign
            u_axis, v_axis = [(1, 2), (2, 0), (0, 1)][axis]
            u, v = np.zeros(3), np.zeros(3)
            u[u_axis], v[v_axis] = 1, 1
            if sign < 0:
                u, v = v, u
            corners = np.array([n + a * u + b * v for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1))])
            faces.append(Mesh((corners * [hx, hy, hz]).astype("f4"), np.tile(n, (4, 1)).astype("f4"),
                              np.array([[0, 0], [1, 0], [1, 1], [0, 1]], "f4"),
                              np.array([[0, 1, 2], [0, 2, 3]], "u4")))
    return _merge(*faces)


def plane(half_x: float, half_y: float) -> Mesh:
    pos = np.array([[-half_x, -half_y, 0], [half_x, -half_y, 0], [half_x, half_y, 0], [-half_x, half_y, 0]], "f4")
    return Mesh(pos, np.tile([0, 0, 1], (4, 1)).astype("f4"), pos[:, :2].copy(), np.array([[0, 1, 2], [0, 2, 3]], "u4"))


LEVELS = (12, 24, 48)  # segments around a round shape, coarse to fine


def level_for(radius_px: float) -> int:
    """Level of detail for a round shape `radius_px` pixels wide on screen: the polygon's deviation from
    the true silhouette, r (1 - cos(pi / segments)), stays under a pixel."""
    return 0 if radius_px < 25 else (1 if radius_px < 80 else 2)


def _placed(mesh: Mesh, piece: Part) -> Mesh:
    rotation = piece.rotation.as_matrix()
    return Mesh((mesh.positions @ rotation.T + piece.position).astype("f4"), (mesh.normals @ rotation.T).astype("f4"),
                mesh.uvs, mesh.indices)


def mesh_for(shape: Shape, level: int = len(LEVELS) - 1) -> Mesh:
    if shape.kind == "compound":
        return _merge(*(_placed(mesh_for(p.shape, 1), p) for p in shape.parts))
    segments = LEVELS[level]
    if shape.kind == "sphere":
        return sphere(shape.radius, segments)
    if shape.kind == "capsule":
        return capsule(shape.radius, shape.half_length, segments)
    if shape.kind == "cylinder":
        return cylinder(shape.radius, shape.half_length, segments)
    if shape.kind == "lathe":
        return lathe(shape.profile, segments)
    if shape.kind == "box":
        return box(shape.half_extents)
    return plane(*shape.half_extents[:2])
