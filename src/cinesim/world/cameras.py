"""Default framing when a screenplay names no camera: a three-quarter view that holds every prop."""

from __future__ import annotations

import math

import numpy as np

from cinesim.world.model import CameraSpec, Entity, RoomSpec

SENSOR_WIDTH_MM = 36.0
DEFAULT_FOCAL_MM = 35.0


def default_camera(entities: tuple[Entity, ...], room: RoomSpec | None, resolution: tuple[int, int]) -> CameraSpec:
    props = [e for e in entities if not e.environment]
    if not props:
        return CameraSpec("main", (0.0, -4.0, 1.6), (0.0, 0.0, 0.5), DEFAULT_FOCAL_MM)
    lo = np.min([np.array(e.position) - e.shape.bounding_radius for e in props], axis=0)
    hi = np.max([np.array(e.position) + e.shape.bounding_radius for e in props], axis=0)
    centre = (lo + hi) / 2
    radius = max(float(np.linalg.norm(hi - lo)) / 2, 0.15)
    width, height = resolution
    half_fov = math.atan(SENSOR_WIDTH_MM / 2 / DEFAULT_FOCAL_MM * min(1.0, height / width))
    distance = radius / math.sin(half_fov) * 1.1
    direction = np.array([0.35, -1.0, 0.45])
    position = centre + direction / np.linalg.norm(direction) * distance
    if room is not None:
        w, d, h = room.size
        position = np.clip(position, [-w / 2 + 0.3, -d / 2 + 0.3, 0.3], [w / 2 - 0.3, d / 2 - 0.3, h - 0.3])
    position[2] = max(position[2], 0.3)
    return CameraSpec("main", tuple(float(p) for p in position), tuple(float(c) for c in centre), DEFAULT_FOCAL_MM)
