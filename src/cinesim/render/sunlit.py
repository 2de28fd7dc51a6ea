"""Where on the floor the sun's shadow can fall this frame, so the rest of the floor is drawn without
looking up the shadow map.

llvmpipe runs a shader's texture fetches whatever its branches decide, so a pixel pays for the filtered
shadow taps even where nothing can shade it. Only a shader without them is cheaper: the floor is drawn by
one without, except in patches under each caster's footprint in the shadow map, drawn first by the shader
with them. Lit-for-certain pixels come out the same either way (to rounding): the skipped taps would all
have read 1.
"""

from __future__ import annotations

import numpy as np

from cinesim.render.outlines import rect_corners

SKIN_SLACK = 0.05  # m: skinning blends bones, so skin strays a little further from them than at rest
FILTER_REACH = 5.0  # shadow-map texels a receiver's taps can read from its own: the filter's radius, the
# bilinear footprint and the receiver's offset along its normal (see shadow_coord.glsl)


def skin_reach(vertices: np.ndarray, pivots: np.ndarray) -> float:
    """The farthest any rest vertex lies from its nearest bone pivot (m), plus slack for skinning."""
    nearest = [np.sqrt(((chunk[:, None] - pivots[None]) ** 2).sum(axis=2)).min(axis=1)
               for chunk in np.array_split(vertices, max(1, len(vertices) // 2048))]
    return float(np.concatenate(nearest).max()) + SKIN_SLACK


def footprints(centres: np.ndarray, radii: np.ndarray, corners: np.ndarray, light_vp: np.ndarray,
               shadow_size: int) -> np.ndarray:
    """Rectangles (N, 2, 2) in the light's clip x, y (min corner, max corner) holding the shadow-map texels
    each caster can darken, grown by the filter's reach: balls by their spheres (`centres`, `radii`: a
    circle in the map), everything else by the corners (K, 8, 3) of a box around it."""
    grow = FILTER_REACH * 2.0 / shadow_size
    scale = np.linalg.norm(light_vp[:2, :3], axis=1)  # clip units per metre (the light's projection is orthographic)
    centre = centres @ light_vp[:2, :3].T + light_vp[:2, 3]
    reach = radii[:, None] * scale + grow
    clip = corners @ light_vp[:2, :3].T + light_vp[:2, 3]  # (K, 8, 2)
    return np.concatenate([np.stack([centre - reach, centre + reach], axis=1),
                           np.stack([clip.min(axis=1) - grow, clip.max(axis=1) + grow], axis=1)])


def shade_patches(rects: np.ndarray, light_vp: np.ndarray, floor_model: np.ndarray,
                  half_extents: tuple[float, ...]) -> np.ndarray | None:
    """Quads (M, 4, 2) in the floor's own x, y holding every floor point a caster's shadow can reach: each
    footprint carried down the sun's rays onto the floor (a parallelogram), or, where that would leave the
    floor, the part of its bounding rectangle on the floor. None when the sun grazes the floor (the patches
    would be long slivers: the whole floor takes the shader with the taps)."""
    # The light's clip x, y of a floor point (x, y, 0) is affine in (x, y): clip = a @ (x, y) + b.
    a = light_vp[:2, :3] @ floor_model[:3, :2]
    b = light_vp[:2, :3] @ floor_model[:3, 3] + light_vp[:2, 3]
    if abs(np.linalg.det(a)) < 0.05 * np.linalg.norm(a) ** 2:
        return None
    quads = (rect_corners(rects[:, 0], rects[:, 1]) - b) @ np.linalg.inv(a).T  # (N, 4, 2)
    half = np.asarray(half_extents[:2])
    inside = np.all(np.abs(quads) <= half, axis=(1, 2))
    first = np.maximum(quads.min(axis=1), -half)
    last = np.minimum(quads.max(axis=1), half)
    quads = np.where(inside[:, None, None], quads, rect_corners(first, last))
    return quads[np.all(last > first, axis=1)]


def patch_vertices(quads: np.ndarray) -> np.ndarray:
    """Interleaved position, normal, uv (as meshes.plane) of two triangles per quad, six vertices each."""
    xy = quads[:, [0, 1, 2, 0, 2, 3]].reshape(-1, 2)
    n = len(xy)
    return np.hstack([xy, np.zeros((n, 1)), np.tile([0.0, 0.0, 1.0], (n, 1)), xy]).astype("f4")
