"""Where the picture can alias: screen regions around everything with an outline, so that FXAA runs there
only.

FXAA is the costliest pass per pixel on llvmpipe (its bilinear taps), and it changes only pixels on a
contrast edge. Inside a surface those are its patterns (mip-mapped, so they do not alias); the edges that
alias are where things end: props, set pieces, cords, people, the floor's edges (its far edge is the
horizon outdoors), and shadows (sharp at a distance). Props, set pieces (walls too: shadows fall on them),
cords and people get a screen rectangle, and so does each patch of floor a shadow can reach (see
sunlit.py); the floor a band along each of its edges; all grown by a few pixels. The renderer marks them
in the finish pass's depth buffer and runs the anti-aliasing shader there and a plain one elsewhere
(llvmpipe does not shade a block whose depth test fails).

Ambient occlusion is the same kind of thing: on an open floor away from everything it is 1, and what
darkens a pixel lies within SSAO's reach of it on screen (5 % of the focal length in pixels, at any
distance). The same regions, grown by that reach, bound where the SSAO and blur passes need to run.
"""

from __future__ import annotations

import numpy as np

MARGIN_PX = 3.0  # FXAA changes pixels within a pixel of a contrast edge; the rest is rounding and slack
NEAR_W = 1e-3  # clip w below which a point counts as behind the camera

_CORNERS = np.stack(np.meshgrid([0, 1], [0, 1], [0, 1], indexing="ij"), -1).reshape(8, 3)
WHOLE_SCREEN = np.array([[-1.0, -1.0, 1.0, 1.0]])
# corner pairs (index 4x + 2y + z) along a box's twelve edges; a plane's four repeat (its z is 0)
BOX_EDGES = np.array([(c, c | bit) for bit in (1, 2, 4) for c in range(8) if not c & bit])


def box_corners(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The eight corners (N, 8, 3) of axis-aligned boxes (`lo`, `hi`: (N, 3))."""
    return lo[:, None] + _CORNERS[None] * (hi - lo)[:, None]


def rect_corners(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The four corners (N, 4, 2), counter-clockwise, of rectangles from their lowest to highest corner."""
    return np.stack([lo, np.stack([hi[:, 0], lo[:, 1]], 1), hi, np.stack([lo[:, 0], hi[:, 1]], 1)], 1)


def point_rects(points: np.ndarray, view_projection: np.ndarray, size: tuple[int, int],
                margin_px: float = MARGIN_PX) -> np.ndarray:
    """Screen rectangles (N, 4: x0, y0, x1, y1 in normalised device coordinates) holding each group of world
    points (N, K, 3), grown by `margin_px`; a group reaching behind the camera covers the whole screen."""
    if len(points) == 0:
        return np.zeros((0, 4))
    clip = points @ view_projection[:, :3].T + view_projection[:, 3]
    w = clip[..., 3]
    ndc = clip[..., :2] / np.maximum(w, NEAR_W)[..., None]
    grow = 2 * margin_px / np.asarray(size, float)
    rects = np.concatenate([ndc.min(axis=1) - grow, ndc.max(axis=1) + grow], axis=1)
    rects[np.any(w < NEAR_W, axis=1)] = WHOLE_SCREEN
    return np.clip(rects, -1.0, 1.0)


def edge_bands(starts: np.ndarray, ends: np.ndarray, view_projection: np.ndarray, size: tuple[int, int],
               margin_px: float = MARGIN_PX) -> np.ndarray:
    """Quads (M, 4, 2) in normalised device coordinates around world segments (N, 3) as seen on screen,
    `margin_px` either side and beyond each end; the part of a segment behind the camera is cut off."""
    a = starts @ view_projection[:, :3].T + view_projection[:, 3]
    b = ends @ view_projection[:, :3].T + view_projection[:, 3]
    keep = (a[:, 3] >= NEAR_W) | (b[:, 3] >= NEAR_W)
    a, b = a[keep], b[keep]
    # move an end that is behind the camera along the segment to where it crosses w = NEAR_W
    rise = b[:, 3] - a[:, 3]  # nonzero where exactly one end is behind
    rise = np.where(rise == 0, 1.0, rise)
    t_a = np.where(a[:, 3] < NEAR_W, (NEAR_W - a[:, 3]) / rise, 0.0)
    t_b = np.where(b[:, 3] < NEAR_W, (NEAR_W - b[:, 3]) / -rise, 0.0)
    a, b = a + t_a[:, None] * (b - a), b + t_b[:, None] * (a - b)
    pixels = np.asarray(size, float) / 2
    p, q = a[:, :2] / a[:, 3:] * pixels, b[:, :2] / b[:, 3:] * pixels  # in pixels from the centre
    along = q - p
    along /= np.maximum(np.linalg.norm(along, axis=1, keepdims=True), 1e-9)
    along *= margin_px
    across = np.stack([-along[:, 1], along[:, 0]], axis=1)
    quads = np.stack([p - along - across, q + along - across, q + along + across, p - along + across], axis=1)
    return quads / pixels


def quad_vertices(rects: np.ndarray, quads: np.ndarray) -> np.ndarray:
    """Two triangles per rectangle and per quad: (6 (N + M), 2) float32 positions."""
    corners = np.concatenate([rect_corners(rects[:, :2], rects[:, 2:]), quads]).reshape(-1, 4, 2)
    return corners[:, [0, 1, 2, 0, 2, 3]].reshape(-1, 2).astype("f4")
