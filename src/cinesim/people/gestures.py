"""Procedural motions made for one body: holding a ball on the right palm, a one-handed shot, sitting down
and standing up, waving, pointing and reaching.

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
HIP_ABOVE_SEAT = 0.14  # m: the hip joints above the seat of a seated person
PALM_SHARE = 0.5  # the palm's middle lies this far from the wrist to the middle finger's root
MAX_STRETCH = 0.97  # a reaching arm straightens to this share of its length, no further
ELBOW_POLE = np.array([0.0, -0.4, -1.0])  # a bent right elbow points down and out
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
GESTURES = ("hold", "throw", "sit", "stand", "wave", "point", "reach")  # each plays once and holds its last pose


def gesture_clip(rig: Rig, name: str, toward: np.ndarray | None = None) -> Clip:
    """The gesture's clip for this body; `toward` (pointing) is the direction to point in, in the person's
    frame."""
    keys = {"hold": lambda: HOLD, "throw": lambda: SHOT, "sit": lambda: sit_keys(rig),
            "stand": lambda: stand_keys(rig), "wave": lambda: WAVE,
            "point": lambda: point_keys(toward), "reach": lambda: reach_keys(rig, toward)}[name]()
    if len(keys) == 1:  # a held pose: a two-frame clip that does not change
        keys = (keys[0], replace(keys[0], time=1.0))
    rotations = np.array([_pose(rig, key) for key in keys])
    rest = rig.body.heads[0]
    root = np.array([[-key.root[0], 0.0, rest[2] - key.root[1]] for key in keys]) / rig.scale
    return Clip(name, np.array([key.time for key in keys]), root, rotations, loops=False)


def sit_keys(rig: Rig) -> tuple[Key, ...]:
    """Sit down backwards onto a chair's seat over a second: the thighs come to rest on the seat, the shins
    stay over the feet (which stay planted), the chest leans forward to balance and comes back up."""
    heads = {n: rig.body.heads[rig.body.bone(n)] for n in ("upperleg01.R", "lowerleg01.R", "foot.R")}
    thigh = float(np.linalg.norm(heads["lowerleg01.R"] - heads["upperleg01.R"]))
    shin = float(np.linalg.norm(heads["foot.R"] - heads["lowerleg01.R"]))
    standing, ankle = float(heads["upperleg01.R"][2]), float(heads["foot.R"][2])
    seated = SEAT_TOP + HIP_ABOVE_SEAT
    slope = np.clip((seated - ankle - shin) / thigh, -0.9, 0.9)
    run = thigh * np.sqrt(1 - slope**2)  # seated, the knee is straight above the ankle

    def crouch(down: float, back: float) -> tuple[tuple[Vec, Vec], tuple[float, float]]:
        """Leg directions and the root's move when the hips go this share of the way down and back."""
        hip = standing + down * (seated - standing)
        return _legs(back * run, hip - ankle, thigh, shin), (back * run, standing - hip)

    rest_hands = ((0.35, -0.12, -0.93), (0.95, 0.0, -0.3), (0.0, 0.2, -0.98))
    # (time, share of the way down, share of the way back, lean): the hips go back first, then down
    path = ((0.25, 0.15, 0.25, 14.0), (0.5, 0.45, 0.5, 25.0), (0.75, 0.8, 0.8, 22.0), (1.0, 1.0, 1.0, 15.0))
    keys = [Key(0.0)]
    for time, down, back, lean in path:
        legs, root = crouch(down, back)
        keys.append(Key(time, rest_hands, True, legs, lean, root))
    return (*keys, replace(keys[-1], time=1.4, lean=3.0))


def _legs(back: float, height: float, thigh: float, shin: float) -> tuple[Vec, Vec]:
    """Thigh and shin directions (two-bone IK in the sagittal plane, knee forward) that keep the ankle where it
    stood when the hip joint is `back` behind it and `height` above it."""
    reach = min(float(np.hypot(back, height)), thigh + shin - 1e-6)
    along = np.array([back, -height]) / reach  # hip to ankle, (forward, up)
    across = np.array([height, back]) / reach  # perpendicular, forward
    cosine = (thigh**2 + reach**2 - shin**2) / (2 * thigh * reach)
    knee = thigh * (cosine * along + np.sqrt(max(0.0, 1 - cosine**2)) * across)
    lower = reach * along - knee
    return (knee[0] / thigh, -0.1, knee[1] / thigh), (lower[0] / shin, 0.0, lower[1] / shin)


def stand_keys(rig: Rig) -> tuple[Key, ...]:
    """Get up from the chair: sitting down played backwards (lean forward, rise over the planted feet)."""
    sit = sit_keys(rig)
    return tuple(replace(key, time=sit[-1].time - key.time) for key in reversed(sit))


def point_keys(toward: np.ndarray) -> tuple[Key, ...]:
    """The right arm straight out along `toward` (the palm down across it), raised over 0.45 s."""
    direction = _unit(toward)
    palm = np.array([0.0, 0.0, -1.0]) - direction[2] * direction
    palm = _unit(palm) if np.linalg.norm(palm) > 1e-6 else np.array([1.0, 0.0, 0.0])
    arm = (tuple(direction), tuple(direction), tuple(palm))
    return (Key(0.0), Key(0.45, arm), Key(1.0, arm))


def reach_keys(rig: Rig, toward: np.ndarray) -> tuple[Key, ...]:
    """The right hand to a point (`toward`, from the right shoulder, in the person's frame) over 0.6 s, the
    elbow bent down and out (two-bone IK); a point out of reach gets the arm stretched towards it."""
    body = rig.body
    head = {n: body.heads[body.bone(f"{n}.R")] for n in ("upperarm01", "lowerarm01", "wrist", "finger3-1")}
    upper = float(np.linalg.norm(head["lowerarm01"] - head["upperarm01"]))
    fore = float(np.linalg.norm(head["wrist"] - head["lowerarm01"]) + PALM_SHARE * np.linalg.norm(
        head["finger3-1"] - head["wrist"]))  # to the middle of the palm
    distance = float(np.clip(np.linalg.norm(toward), abs(upper - fore) + 1e-3, MAX_STRETCH * (upper + fore)))
    line = _unit(toward)
    pole = ELBOW_POLE - np.dot(ELBOW_POLE, line) * line
    pole = _unit(pole) if np.linalg.norm(pole) > 1e-6 else _unit(np.cross(line, [0.0, 1.0, 0.0]))
    cosine = (upper**2 + distance**2 - fore**2) / (2 * upper * distance)
    elbow = upper * (cosine * line + np.sqrt(max(0.0, 1 - cosine**2)) * pole)
    forearm = _unit(distance * line - elbow)
    palm = np.array([0.0, 1.0, -0.3]) - np.dot([0.0, 1.0, -0.3], forearm) * forearm  # facing in, a little down
    palm = _unit(palm) if np.linalg.norm(palm) > 1e-6 else _unit(np.cross(forearm, [1.0, 0.0, 0.0]))
    arm = (tuple(_unit(elbow)), tuple(forearm), tuple(palm))
    return (Key(0.0), Key(0.6, arm), Key(1.0, arm))


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
            local[SEGMENTS.index(f"{side}_ankle")] = conjugate(shin_world)  # the foot stays flat on the floor
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

