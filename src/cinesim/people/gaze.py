"""Looking at something: the head turns towards a point, within what a neck allows, easing in and out."""

from __future__ import annotations

import numpy as np

from cinesim.people.deepmimic import SEGMENTS
from cinesim.people.quaternions import between, multiply, slerp, to_matrix, yaw
from cinesim.people.rig import Rig

EASE = 0.3  # s to turn the head to a new target (or back)
MAX_TURN = np.radians(75.0)  # left or right of where the body faces
MAX_TILT = np.radians(40.0)  # up or down


def turn_heads(rig: Rig, roots: np.ndarray, rotations: np.ndarray, gaze: np.ndarray, fps: int) -> np.ndarray:
    """World segment rotations with the neck turned, frame by frame, to the `gaze` point (nan: none)."""
    rotations = rotations.copy()
    neck = SEGMENTS.index("neck")
    rise = rig.body.heads[rig.body.bone("head")][2] - rig.body.heads[0][2]
    weight, last = 0.0, None
    for k in range(len(roots)):
        looking = not np.isnan(gaze[k, 0])
        weight = float(np.clip(weight + (1 if looking else -1) / (EASE * fps), 0.0, 1.0))
        last = gaze[k] if looking else last
        if weight == 0.0 or last is None:
            continue
        forward = to_matrix(rotations[k, neck]) @ np.array([1.0, 0.0, 0.0])
        wanted = _within_reach(last - (roots[k] + np.array([0.0, 0.0, rise])), float(yaw(rotations[k, 0])))
        turn = slerp(np.array([1.0, 0.0, 0.0, 0.0]), between(forward, wanted), weight)
        rotations[k, neck] = multiply(turn, rotations[k, neck])
    return rotations


def _within_reach(direction: np.ndarray, body_heading: float) -> np.ndarray:
    """The direction, its heading kept within MAX_TURN of the body's and its tilt within MAX_TILT."""
    heading = np.arctan2(direction[1], direction[0])
    offset = (heading - body_heading + np.pi) % (2 * np.pi) - np.pi
    heading = body_heading + np.clip(offset, -MAX_TURN, MAX_TURN)
    tilt = np.clip(np.arctan2(direction[2], np.linalg.norm(direction[:2])), -MAX_TILT, MAX_TILT)
    return np.array([np.cos(heading) * np.cos(tilt), np.sin(heading) * np.cos(tilt), np.sin(tilt)])
