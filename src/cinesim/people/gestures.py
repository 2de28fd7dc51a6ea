"""Procedural motions made for one body: holding a ball on the right palm, a one-handed shot, sitting down.

Key poses are given as directions in the person's frame (facing +x, left at +y): where the upper arm, the
forearm, the thigh and the shin point and where the palm faces, how far the chest leans and the pelvis
moves. Each becomes the rotation that takes the body's rest limb there (so they fit any anny body), and the
poses become a clip the performance plays like a motion-capture one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cinesim.people.anny_export import FACE_LABELS
from cinesim.people.deepmimic import SEGMENTS, Clip
from cinesim.people.quaternions import between, conjugate, from_axis_angle, from_matrix, multiply
from cinesim.people.rig import DOWN, Rig

RELEASE = 0.55  # s into the shot: the ball leaves the hand
CARRY_GAP = 0.012  # m between the palm and a carried ball
SEAT_TOP = 0.47  # m: a chair's seat (the catalog chair)
HIP_ABOVE_SEAT = 0.09  # m: the hip joints above the seat of a seated person
Vec = tuple[float, float, float]


@dataclass(frozen=True)
class Key:
    """A key pose, in the person's frame (facing +x, left at +y); the left side mirrors the right."""

    time: float
    arm: tuple[Vec, Vec, Vec] | None = None  # right upper arm, forearm, palm directions (None: hanging)
    both_arms: bool = False  # the left arm mirrors the right
    legs: tuple[Vec, Vec] | None = None  # thigh and shin directions (None: straight down)
    lean: float = 0.0  # degrees the chest bends forward
    root: tuple[float, float] = (0.0, 0.0)  # pelvis moved back and down (m)


HOLD_ARM = ((0.35, -0.15, -0.92), (0.98, 0.05, 0.2), (-0.2, 0.0, 1.0))
HOLD = (Key(0.0, HOLD_ARM),)
SHOT = (
    Key(0.0, HOLD_ARM),
    Key(0.35, ((0.25, -0.2, 0.95), (-0.25, 0.05, 0.97), (0.97, 0.0, 0.25))),
    Key(RELEASE, ((0.55, -0.15, 0.82), (0.62, 0.0, 0.78), (0.78, 0.0, -0.62))),
    Key(0.9, ((0.85, -0.15, 0.5), (0.95, 0.0, 0.1), (0.1, 0.0, -1.0))),
    Key(1.4, ((0.0, -0.1, -1.0), (0.05, 0.0, -1.0), (0.0, 1.0, 0.0))),
)
RAISED = (0.15, -0.55, 0.82)  # the upper arm out to the side and up, for a wave
WAVE = (
    Key(0.0),
    Key(0.4, (RAISED, (0.05, -0.2, 0.98), (1.0, 0.0, 0.0))),
    *(Key(0.4 + 0.3 * (k + 1), (RAISED, (0.05, -0.55 if k % 2 == 0 else 0.15, 0.85), (1.0, 0.0, 0.0)))
      for k in range(8)),
    Key(3.1, (RAISED, (0.05, -0.2, 0.98), (1.0, 0.0, 0.0))),
    Key(3.5),
)
GESTURES = ("hold", "throw", "sit", "wave", "point")  # each plays once and holds its last pose


def gesture_clip(rig: Rig, name: str, toward: np.ndarray | None = None) -> Clip:
    """The gesture's clip for this body; `toward` (pointing) is the direction to point in, in the person's
    frame."""
    keys = {"hold": lambda: HOLD, "throw": lambda: SHOT, "sit": lambda: sit_keys(rig), "wave": lambda: WAVE,
            "point": lambda: point_keys(toward)}[name]()
    if len(keys) == 1:  # a held pose: a two-frame clip that does not change
        keys = (keys[0], replace(keys[0], time=1.0))
    rotations = np.array([_pose(rig, key) for key in keys])
    rest = rig.body.heads[0]
    root = np.array([[-key.root[0], 0.0, rest[2] - key.root[1]] for key in keys]) / rig.scale
    return Clip(name, np.array([key.time for key in keys]), root, rotations, loops=False)


def sit_keys(rig: Rig) -> tuple[Key, ...]:
    """Sit down backwards onto a chair's seat over a second: the thighs come to rest on the seat, the shins
    stay over the feet (which stay planted), the chest leans forward to balance and comes back up."""
    heads = {n: rig.body.heads[rig.body.bone(n)] for n in ("root", "upperleg01.R", "lowerleg01.R", "foot.R")}
    thigh = float(np.linalg.norm(heads["lowerleg01.R"] - heads["upperleg01.R"]))
    knee = heads["foot.R"][2] + float(np.linalg.norm(heads["foot.R"] - heads["lowerleg01.R"]))
    hip = SEAT_TOP + HIP_ABOVE_SEAT
    slope = np.clip((hip - knee) / thigh, -0.9, 0.9)
    run = thigh * np.sqrt(1 - slope**2)
    drop = heads["root"][2] - (hip + heads["root"][2] - heads["upperleg01.R"][2])
    seated = ((run / thigh, -0.1, -slope), (0.0, 0.0, -1.0))
    half = ((0.6, -0.1, -0.8), (0.15, 0.0, -0.99))
    rest_hands = ((0.35, -0.12, -0.93), (0.95, 0.0, -0.3), (0.0, 0.2, -0.98))
    return (Key(0.0), Key(0.5, rest_hands, True, half, 25.0, (run * 0.5, drop * 0.45)),
            Key(1.0, rest_hands, True, seated, 15.0, (run, drop)), Key(1.4, rest_hands, True, seated, 3.0, (run, drop)))


def point_keys(toward: np.ndarray) -> tuple[Key, ...]:
    """The right arm straight out along `toward` (the palm down across it), raised over 0.45 s."""
    direction = _unit(toward)
    palm = np.array([0.0, 0.0, -1.0]) - direction[2] * direction
    palm = _unit(palm) if np.linalg.norm(palm) > 1e-6 else np.array([1.0, 0.0, 0.0])
    arm = (tuple(direction), tuple(direction), tuple(palm))
    return (Key(0.0), Key(0.45, arm), Key(1.0, arm))


def _pose(rig: Rig, key: Key) -> np.ndarray:
    """Local segment rotations (13, 4) of a key pose."""
    local = np.tile([1.0, 0.0, 0.0, 0.0], (len(SEGMENTS), 1))
    chest = from_axis_angle(np.array([0.0, 1.0, 0.0]), np.radians(key.lean))
    local[SEGMENTS.index("chest")] = chest
    sides = (("right", 1.0), ("left", -1.0))
    if key.legs is not None:
        for side, mirror in sides:
            thigh, shin = (np.array(v) * [1.0, mirror, 1.0] for v in key.legs)
            thigh_world, shin_world = between(DOWN, thigh), between(DOWN, shin)
            local[SEGMENTS.index(f"{side}_hip")] = thigh_world
            local[SEGMENTS.index(f"{side}_knee")] = multiply(conjugate(thigh_world), shin_world)
    if key.arm is not None:
        for side, mirror in sides[: 2 if key.both_arms else 1]:
            upper, fore, palm = (np.array(v) * [1.0, mirror, 1.0] for v in key.arm)
            rest_arm, rest_forearm, rest_palm = arm_frame(rig, side)
            shoulder, elbow = SEGMENTS.index(f"{side}_shoulder"), SEGMENTS.index(f"{side}_elbow")
            upper_world = multiply(_turn(rest_arm, None, upper, None), conjugate(rig.align[shoulder]))
            elbow_world = multiply(_turn(rest_forearm, rest_palm, fore, palm), conjugate(rig.align[elbow]))
            local[shoulder] = multiply(conjugate(chest), upper_world)  # shoulders hang from the chest
            local[elbow] = multiply(conjugate(upper_world), elbow_world)
    return local


def arm_frame(rig: Rig, side: str = "right") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An arm at rest: upper arm and forearm directions and the palm's normal (rest pose)."""
    body, s = rig.body, side[0].upper()
    head = {n: body.heads[body.bone(f"{n}.{s}")] for n in ("upperarm01", "lowerarm01", "wrist", "finger1-1",
                                                           "finger3-1", "finger5-1")}
    along = head["finger3-1"] - head["wrist"]
    across = head["finger1-1"] - head["finger5-1"]  # pinky to thumb
    palm = np.cross(across, along) * (1.0 if s == "R" else -1.0)  # the palm faces away from the hand's back
    return (_unit(head["lowerarm01"] - head["upperarm01"]), _unit(head["wrist"] - head["lowerarm01"]),
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
    return from_matrix(target @ rest.T)


def _frame(direction: np.ndarray, up: np.ndarray) -> np.ndarray:
    x = _unit(direction)
    y = _unit(up - np.dot(up, x) * x)
    return np.column_stack([x, y, np.cross(x, y)])


def _unit(v: np.ndarray) -> np.ndarray:
    return np.asarray(v, dtype=float) / np.linalg.norm(v)

