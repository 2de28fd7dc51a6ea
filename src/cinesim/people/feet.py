"""Planted feet stay planted: where a foot bears weight, the leg is bent (two-bone IK) so that the point of
the sole touching the floor does not slide. As the foot rolls from heel to toe the touching point moves
along the sole, and each new point is pinned where it lands; when the foot lifts, the correction fades
out while it swings (where a small shift cannot be seen)."""

from __future__ import annotations

import numpy as np

from cinesim.people.deepmimic import SEGMENTS
from cinesim.people.quaternions import between, multiply
from cinesim.people.rig import Rig, skin_points

TOUCH = 0.01  # m: a sole point this close to the floor touches it...
CATCH = 0.35  # m/s: ...and is pinned while it moves slower than this (landing and lift-off included)
RELEASE = 0.12  # s: the correction fades over this much of the swing
SOLE = 0.025  # m: rest-pose vertices of the foot below this height make the sole
LAND = 0.005  # m: a landing foot's sole reaches the floor at this height (the footstep's time)
LIFT = 0.02  # m: a foot must rise this high between two footsteps...
STEP_GAP = 0.3  # s: ...and this much time must pass
STEP_SPEED = 0.1  # m/s: a foot set down slower than this makes no footstep


def plant_feet(rig: Rig, roots: np.ndarray, rotations: np.ndarray, fps: int) -> np.ndarray:
    """World segment rotations (F, 13, 4) with the legs bent to pin each planted foot."""
    body = rig.body
    rotations = rotations.copy()
    skin = rig.skin(roots, rotations)
    for side, s in (("left", "L"), ("right", "R")):
        sole = _sole(rig, s)
        points = np.stack([skin_points(body, frame, sole) for frame in skin])  # (F, n, 3)
        shift = _corrections(points, fps)
        if not np.any(shift):
            continue
        hip, knee, ankle = (_pivots(rig, skin, f"{name}.{s}") for name in ("upperleg01", "lowerleg01", "foot"))
        thigh, shin = SEGMENTS.index(f"{side}_hip"), SEGMENTS.index(f"{side}_knee")
        for f in np.flatnonzero(np.any(shift != 0, axis=1)):
            turn_thigh, turn_shin = _two_bone(hip[f], knee[f], ankle[f], ankle[f] + shift[f])
            rotations[f, thigh] = multiply(turn_thigh, rotations[f, thigh])
            rotations[f, shin] = multiply(turn_shin, rotations[f, shin])
    return rotations


def landings(rig: Rig, skin: np.ndarray, fps: int) -> list[tuple[float, str, np.ndarray, float]]:
    """Footsteps: (time, "left" | "right", where, downward speed) each time a lifted foot is set down. The
    time is where the sole's height crosses the floor, between the frames around it."""
    out = []
    for side, s in (("left", "L"), ("right", "R")):
        sole = _sole(rig, s)
        points = np.stack([skin_points(rig.body, frame, sole) for frame in skin])
        lowest = points[np.arange(len(points)), points[:, :, 2].argmin(axis=1)]
        height = lowest[:, 2]
        lifted, last = True, -np.inf
        for f in range(1, len(points)):
            lifted |= bool(height[f] > LIFT)
            fall = height[f - 1] - height[f]
            if lifted and height[f] <= LAND < height[f - 1] and f / fps - last > STEP_GAP and fall * fps > STEP_SPEED:
                share = (height[f - 1] - LAND) / fall
                last = (f - 1 + share) / fps
                out.append((last, side, lowest[f - 1] + share * (lowest[f] - lowest[f - 1]), fall * fps))
                lifted = False
    return sorted(out, key=lambda step: step[0])


def _sole(rig: Rig, side: str) -> np.ndarray:
    body = rig.body
    dominant = np.array(body.bone_names)[body.bone_indices[np.arange(len(body.vertices)),
                                                           body.bone_weights.argmax(axis=1)]]
    foot = np.array([str(name).startswith(("foot", "toe")) and str(name).endswith(side) for name in dominant])
    return np.flatnonzero(foot & (body.vertices[:, 2] < SOLE))


def _corrections(points: np.ndarray, fps: int) -> np.ndarray:
    """(F, 3) shift of the ankle that keeps the touching sole point where it landed (horizontally) and the
    sole out of the floor (vertically)."""
    frames = len(points)
    lowest = points[:, :, 2].argmin(axis=1)
    here = points[np.arange(frames), lowest]
    ahead = points[np.minimum(np.arange(frames) + 1, frames - 1), lowest]
    planted = (here[:, 2] < TOUCH) & (np.linalg.norm((ahead - here)[:, :2], axis=1) * fps < CATCH)
    shift = np.zeros((frames, 3))
    shift[:, 2] = np.maximum(0.0, -here[:, 2])  # nothing sinks into the floor (blends between motions can)
    anchor = None
    fade = max(1, round(RELEASE * fps))
    last = np.zeros(3)
    since = fade
    for f in range(frames):
        if planted[f]:
            if anchor is None or lowest[f] != lowest[f - 1]:  # a new touching point lands where it is shown
                anchor = here[f] + (shift[f - 1] if f else 0.0)
            shift[f, :2] = (anchor - here[f])[:2]
            last, since = shift[f], 0
        else:
            anchor = None
            since += 1
            shift[f, :2] = last[:2] * max(0.0, 1 - since / fade)
    return shift


def _pivots(rig: Rig, skin: np.ndarray, bone: str) -> np.ndarray:
    b = rig.body.bone(bone)
    return skin[:, b, :, :3] @ rig.body.heads[b] + skin[:, b, :, 3]


def _two_bone(hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray, target: np.ndarray):
    """Rotations (world, about the hip and the new knee) that bring the ankle to the target, keeping the
    bone lengths and the knee bending the way it bent."""
    upper, lower = np.linalg.norm(knee - hip), np.linalg.norm(ankle - knee)
    reach = target - hip
    distance = float(np.clip(np.linalg.norm(reach), abs(upper - lower) + 1e-4, upper + lower - 1e-4))
    axis = reach / np.linalg.norm(reach)
    bend = (knee - hip) - np.dot(knee - hip, axis) * axis
    bend /= max(np.linalg.norm(bend), 1e-9)
    along = (upper**2 - lower**2 + distance**2) / (2 * distance)
    new_knee = hip + axis * along + bend * np.sqrt(max(upper**2 - along**2, 0.0))
    turn_thigh = between(knee - hip, new_knee - hip)
    turn_shin = between(ankle - knee, hip + axis * distance - new_knee)
    return turn_thigh, turn_shin
