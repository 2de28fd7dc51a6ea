"""Looking at something: the head turns towards a point, within what a neck allows, easing in and out,
and the eyes turn the rest of the way (within what eyes allow) about their own centres."""

from __future__ import annotations

import numpy as np

from cinesim.people.body import Body
from cinesim.people.deepmimic import SEGMENTS
from cinesim.people.quaternions import between, multiply, slerp, to_matrix, yaw
from cinesim.people.rig import Rig

EASE = 0.3  # s to turn the head to a new target (or back)
MAX_TURN = np.radians(75.0)  # left or right of where the body faces
MAX_TILT = np.radians(40.0)  # up or down
MAX_EYE_TURN = np.radians(35.0)  # the eyes turn this far from the head's forward, in any direction
IDENTITY = np.array([1.0, 0.0, 0.0, 0.0])


def turn_heads(rig: Rig, roots: np.ndarray, rotations: np.ndarray, gaze: np.ndarray, fps: int) -> np.ndarray:
    """World segment rotations with the neck turned, frame by frame, to the `gaze` point (nan: none)."""
    rotations = rotations.copy()
    neck = SEGMENTS.index("neck")
    rise = rig.body.heads[rig.body.bone("head")][2] - rig.body.heads[0][2]
    for k, weight, target in _gaze_track(gaze, fps):
        forward = to_matrix(rotations[k, neck]) @ np.array([1.0, 0.0, 0.0])
        wanted = _within_reach(target - (roots[k] + np.array([0.0, 0.0, rise])), float(yaw(rotations[k, 0])))
        turn = slerp(IDENTITY, between(forward, wanted), weight)
        rotations[k, neck] = multiply(turn, rotations[k, neck])
    return rotations


def turn_eyes(body: Body, skin: np.ndarray, gaze: np.ndarray, fps: int) -> np.ndarray:
    """(F, B, 3, 4) skinning matrices with each eyeball turned about its centre to the `gaze` point, at most
    MAX_EYE_TURN from where the head faces (the eyelids, partly weighted to the eye bones, follow a little)."""
    skin = skin.copy()
    head = body.bone("head")
    for eye in (body.bone("eye.L"), body.bone("eye.R")):
        for k, weight, target in _gaze_track(gaze, fps):
            rotation = skin[k, eye, :, :3].astype(float)
            centre = rotation @ body.heads[eye] + skin[k, eye, :, 3]
            forward = skin[k, head, :, :3].astype(float) @ np.array([1.0, 0.0, 0.0])
            wanted = between(forward, target - centre)
            angle = 2 * np.arccos(np.clip(abs(wanted[0]), 0.0, 1.0))
            share = weight * min(1.0, MAX_EYE_TURN / angle) if angle > 1e-9 else 0.0
            turned = to_matrix(slerp(IDENTITY, wanted, share)) @ rotation
            skin[k, eye, :, :3] = turned
            skin[k, eye, :, 3] = centre - turned @ body.heads[eye]
    return skin


def _gaze_track(gaze: np.ndarray, fps: int):
    """(frame, weight, target) wherever the gaze holds: the weight eases from 0 to 1 over EASE when a target
    appears and back when it goes (the last target is held while easing out)."""
    weight, last = 0.0, None
    for k in range(len(gaze)):
        looking = not np.isnan(gaze[k, 0])
        weight = float(np.clip(weight + (1 if looking else -1) / (EASE * fps), 0.0, 1.0))
        last = gaze[k] if looking else last
        if weight > 0.0 and last is not None:
            yield k, weight, last


def _within_reach(direction: np.ndarray, body_heading: float) -> np.ndarray:
    """The direction, its heading kept within MAX_TURN of the body's and its tilt within MAX_TILT."""
    heading = np.arctan2(direction[1], direction[0])
    offset = (heading - body_heading + np.pi) % (2 * np.pi) - np.pi
    heading = body_heading + np.clip(offset, -MAX_TURN, MAX_TURN)
    tilt = np.clip(np.arctan2(direction[2], np.linalg.norm(direction[:2])), -MAX_TILT, MAX_TILT)
    return np.array([np.cos(heading) * np.cos(tilt), np.sin(heading) * np.cos(tilt), np.sin(tilt)])
