"""The listener is the live camera: where a sound is relative to it sets pan, level and air absorption.
Cuts between shots move the listener with the picture."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cinesim.render.camera import CameraRig

REFERENCE_DISTANCE = 1.0  # m: sources this close play at full level


@dataclass(frozen=True)
class Placement:
    left: float  # gain
    right: float
    air_cutoff: float  # Hz: high frequencies fade with distance
    distance: float  # m


def place(rig: CameraRig, time: float, point: np.ndarray) -> Placement:
    """Equal-power pan from the source's direction in the camera frame, 1/r level, air low-pass."""
    frame = min(round(time * rig.timeline.fps), rig.timeline.frame_count - 1)
    camera = rig.state(max(frame, 0))
    rotation, translation = camera.world_to_camera
    local = rotation @ np.asarray(point, dtype=float) + translation  # x right, z forward
    distance = float(np.linalg.norm(local))
    pan = float(np.clip(local[0] / max(distance, 1e-6), -1.0, 1.0))  # sine of the azimuth
    angle = (pan + 1) * np.pi / 4
    level = REFERENCE_DISTANCE / max(distance, REFERENCE_DISTANCE * 0.5)
    # Air absorbs highs: about 0.1 dB/m at 10 kHz (ISO 9613-1, 20 C, 50 %); a one-pole cutoff that falls
    # from 20 kHz at 1 m to about 4 kHz at 50 m stands in for it.
    cutoff = float(np.clip(20000.0 / (1.0 + distance / 12.0), 2000.0, 20000.0))
    return Placement(level * float(np.cos(angle)), level * float(np.sin(angle)), cutoff, distance)
