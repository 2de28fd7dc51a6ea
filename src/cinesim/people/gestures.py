"""Procedural motions made for one body: holding a ball on the right palm, and a one-handed shot.

Key poses are given as directions in the person's frame (facing +x, left at +y): where the upper arm and
the forearm point and where the palm faces. Each becomes the rotation that takes the body's rest arm there
(so they fit any anny body), and the poses become a clip the performance plays like a motion-capture one.
"""

from __future__ import annotations

import numpy as np

from cinesim.people.anny_export import FACE_LABELS
from cinesim.people.deepmimic import SEGMENTS, Clip
from cinesim.people.quaternions import multiply
from cinesim.people.rig import Rig

RELEASE = 0.55  # s into the shot: the ball leaves the hand
CARRY_GAP = 0.012  # m between the palm and a carried ball
# (time, upper arm direction, forearm direction, palm direction), right arm
HOLD = ((0.0, (0.35, -0.15, -0.92), (0.98, 0.05, 0.2), (-0.2, 0.0, 1.0)),)
SHOT = (
    (0.0, (0.35, -0.15, -0.92), (0.98, 0.05, 0.2), (-0.2, 0.0, 1.0)),
    (0.35, (0.25, -0.2, 0.95), (-0.25, 0.05, 0.97), (0.97, 0.0, 0.25)),
    (RELEASE, (0.55, -0.15, 0.82), (0.62, 0.0, 0.78), (0.78, 0.0, -0.62)),
    (0.9, (0.85, -0.15, 0.5), (0.95, 0.0, 0.1), (0.1, 0.0, -1.0)),
    (1.4, (0.0, -0.1, -1.0), (0.05, 0.0, -1.0), (0.0, 1.0, 0.0)),
)
GESTURES = {"hold": (HOLD, True), "throw": (SHOT, False)}


def gesture_clip(rig: Rig, name: str) -> Clip:
    keys, loops = GESTURES[name]
    if len(keys) == 1:  # a held pose: a two-frame clip that does not change
        keys = (keys[0], (1.0, *keys[0][1:]))
    rest_arm, rest_forearm, rest_palm = arm_frame(rig)
    shoulder, elbow = SEGMENTS.index("right_shoulder"), SEGMENTS.index("right_elbow")
    rotations = np.tile([1.0, 0.0, 0.0, 0.0], (len(keys), len(SEGMENTS), 1))
    for k, (_, upper, fore, palm) in enumerate(keys):
        upper_world = _turn(rest_arm, None, np.asarray(upper, dtype=float), None)
        fore_world = _turn(rest_forearm, rest_palm, np.asarray(fore, dtype=float), np.asarray(palm, dtype=float))
        rotations[k, shoulder] = multiply(upper_world, _conjugate(rig.align[shoulder]))
        elbow_world = multiply(fore_world, _conjugate(rig.align[elbow]))
        rotations[k, elbow] = multiply(_conjugate(rotations[k, shoulder]), elbow_world)  # local to the shoulder
    times = np.array([k[0] for k in keys])
    return Clip(name, times, np.zeros((len(keys), 3)), rotations, loops)


def arm_frame(rig: Rig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The right arm at rest: upper arm and forearm directions and the palm's normal (rest pose)."""
    body = rig.body
    head = {n: body.heads[body.bone(n)] for n in ("upperarm01.R", "lowerarm01.R", "wrist.R", "finger1-1.R",
                                                  "finger3-1.R", "finger5-1.R")}
    along = head["finger3-1.R"] - head["wrist.R"]
    across = head["finger1-1.R"] - head["finger5-1.R"]  # pinky to thumb
    palm = np.cross(across, along)  # a right hand's palm faces away from its back, (along x across)
    return (_unit(head["lowerarm01.R"] - head["upperarm01.R"]), _unit(head["wrist.R"] - head["lowerarm01.R"]),
            _unit(palm - np.dot(palm, _unit(along)) * _unit(along)))


def carry_point(rig: Rig, radius: float) -> np.ndarray:
    """Rest-pose point where the centre of a ball of this radius sits on the right palm."""
    body = rig.body
    hand = np.unique(body.faces[body.face_labels == FACE_LABELS.index("hand.R") + 1])
    centre = body.vertices[hand].mean(axis=0)
    return centre + arm_frame(rig)[2] * (radius + CARRY_GAP + 0.01)


def _turn(rest_dir: np.ndarray, rest_up: np.ndarray | None, target_dir: np.ndarray,
          target_up: np.ndarray | None) -> np.ndarray:
    """The rotation taking a rest direction (and, if given, a second one across it) to target ones."""
    target_dir = _unit(target_dir)
    if rest_up is None:
        rest_up = _unit(np.cross(rest_dir, [0.0, 1.0, 0.0]))
        target_up = _unit(np.cross(target_dir, [0.0, 1.0, 0.0]))
    rest = _frame(rest_dir, rest_up)
    target = _frame(target_dir, target_up)
    return _from_matrix(target @ rest.T)


def _frame(direction: np.ndarray, up: np.ndarray) -> np.ndarray:
    x = _unit(direction)
    y = _unit(up - np.dot(up, x) * x)
    return np.column_stack([x, y, np.cross(x, y)])


def _from_matrix(m: np.ndarray) -> np.ndarray:
    from scipy.spatial.transform import Rotation

    x, y, z, w = Rotation.from_matrix(m).as_quat()
    return np.array([w, x, y, z])


def _conjugate(q: np.ndarray) -> np.ndarray:
    return q * np.array([1.0, -1.0, -1.0, -1.0])


def _unit(v: np.ndarray) -> np.ndarray:
    return np.asarray(v, dtype=float) / np.linalg.norm(v)

