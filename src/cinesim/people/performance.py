"""A character's blocking (timed actions) -> its pose at every frame: root path, bone matrices, keypoints.

Each action is a motion: standing idle (breathing), a DeepMimic clip played where the character stands, or
walking/running to a mark along a straight line with the clip's own gait. Walking strips the clip's drift
per cycle and moves the root along the line at the clip's mean speed (scaled to the body's legs), so the
planted foot stays where it was put down. Consecutive motions cross-fade over BLEND seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cinesim.people.body import Body
from cinesim.people.deepmimic import SEGMENTS, Clip, load_clip, rotate_xy, world_rotations
from cinesim.people.feet import plant_feet
from cinesim.people.gaze import turn_eyes, turn_heads
from cinesim.people.gestures import GESTURES, gesture_clip
from cinesim.people.paths import Floorplan, plan_path
from cinesim.people.quaternions import from_axis_angle, from_yaw, multiply, slerp, yaw
from cinesim.people.rig import Rig, keypoint_basis, skin_points

BLEND = 0.3  # s: cross-fade between motions
AIMED = ("point", "reach")  # gestures made for their target
GAITS = ("walk", "run")
LOOPING = ("walk", "run", "dance_a", "dance_b", "spin", "crawl")  # repeat while the action lasts
BREATH_HZ = 0.25
BREATH_DEG = 1.2


@dataclass(frozen=True)
class Step:
    """One action: from `start` until the next one (or until a walk arrives)."""

    start: float
    motion: str  # "idle", a gait, a clip name or a gesture ("throw")
    target: tuple[float, float] | None = None  # gaits: where to go
    facing: float | None = None  # idle: turn to this heading (radians)
    prop: str | None = None  # throw: what leaves the hand
    aim: tuple[float, float, float] | None = None  # throw: the point the throw is solved to reach; point: at
    look_at: tuple[float, float, float] | None = None  # the head turns to this point while the step lasts


@dataclass(frozen=True, eq=False)
class Performance:
    """Per frame: the pose of every bone, the COCO-17 keypoints, and the root's place and heading."""

    skin: np.ndarray  # (F, B, 3, 4) float32
    keypoints: np.ndarray  # (F, 17, 3) float32
    root: np.ndarray  # (F, 3)
    heading: np.ndarray  # (F,) radians


@dataclass
class _Segment:
    start: float
    end: float
    origin: np.ndarray  # (2,) where the motion starts
    heading: float
    motion: str
    clip: Clip | None
    speed: float = 0.0  # gaits, m/s
    drift: np.ndarray | None = None  # gaits: root displacement per cycle (clip frame)
    turn: float = 0.0  # clip-frame heading of the clip's travel
    path: np.ndarray | None = None  # gaits: waypoints (n, 2) from origin to the mark
    look_at: tuple[float, float, float] | None = None  # the head turns to this point

    def pose(self, t: float, rig: Rig, ground: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """World root position and world segment rotations at film time t."""
        tau = min(max(t - self.start, 0.0), self.end - self.start)
        if self.clip is None:  # idle: stand at rest, breathing
            local = np.tile([1.0, 0.0, 0.0, 0.0], (len(SEGMENTS), 1))
            breath = np.radians(BREATH_DEG) * np.sin(2 * np.pi * BREATH_HZ * t)
            local[SEGMENTS.index("chest")] = from_axis_angle(np.array([0.0, 1.0, 0.0]), -breath)
            root_local, height = np.zeros(2), rig.body.heads[0, 2]
        else:
            gait = self.drift is not None
            root, local = self.clip.sample(tau if self.motion in LOOPING else min(tau, self.clip.duration),
                                           straight=gait)
            travel = (root - self.clip.root[0])[:2]
            if gait:  # its own travel replaced by the straight line at its mean speed
                travel = travel - tau / self.clip.duration * self.drift[:2]
            local[0] = multiply(from_yaw(-self.turn), local[0])
            root_local = rotate_xy(travel, -self.turn) * rig.scale
            height = root[2] * rig.scale + ground[self.motion]
        origin, heading = self.origin, self.heading
        if self.path is not None:  # along the path at the gait's speed, facing the way it goes
            origin, heading = along(self.path, self.speed * tau)
        position = origin + rotate_xy(root_local, heading)
        local[0] = multiply(from_yaw(heading), local[0])
        return np.array([position[0], position[1], height]), world_rotations(local)

    def end_state(self, rig: Rig, ground: dict[str, float]) -> tuple[np.ndarray, float]:
        root, rotations = self.pose(self.end, rig, ground)
        return root[:2], float(yaw(rotations[0])) if self.clip is not None and self.drift is None else self.heading


def perform(body: Body, steps: list[Step], position: tuple[float, float], heading: float, fps: int,
            frames: int, floorplan: Floorplan | None = None) -> Performance:
    """Evaluate the blocking at each frame time (frame k at k / fps); walks go around the floorplan."""
    rig = Rig(body)
    roots, rotations, gaze, _ = _blocking(rig, steps, position, heading, fps, frames, floorplan)
    rotations = turn_heads(rig, roots, rotations, gaze, fps)
    skin = turn_eyes(body, rig.skin(roots, plant_feet(rig, roots, rotations, fps)), gaze, fps)
    keypoints = np.einsum("fbij,kbj->fki", skin, keypoint_basis(body))
    return Performance(skin.astype("f4"), keypoints.astype("f4"), roots, yaw(rotations[:, 0]))


def travel(body: Body, steps: list[Step], position: tuple[float, float], heading: float, fps: int, frames: int,
           floorplan: Floorplan | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Where the blocking puts the pelvis at each frame (F, 3), and whether the person walks or runs then:
    the cheap part of `perform`, for checking paths against each other."""
    roots, _, _, moving = _blocking(Rig(body), steps, position, heading, fps, frames, floorplan)
    return roots, moving


def _blocking(rig: Rig, steps: list[Step], position: tuple[float, float], heading: float, fps: int, frames: int,
              floorplan: Floorplan | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per frame: root, world segment rotations, gaze target (nan: none) and whether a gait is playing."""
    ground: dict[str, float] = {}
    segments = _plan(rig, steps, np.asarray(position, dtype=float), heading, frames / fps, ground, floorplan)
    roots = np.empty((frames, 3))
    rotations = np.empty((frames, len(SEGMENTS), 4))
    gaze = np.full((frames, 3), np.nan)  # per frame, the point the head turns to (nan: none)
    moving = np.zeros(frames, dtype=bool)
    for k in range(frames):
        t = k / fps
        i = max(j for j, s in enumerate(segments) if s.start <= t + 1e-9)
        root, segment_rotations = segments[i].pose(t, rig, ground)
        fade = (t - segments[i].start) / BLEND
        if i > 0 and fade < 1:
            before, before_rotations = segments[i - 1].pose(t, rig, ground)
            w = fade * fade * (3 - 2 * fade)
            root = before * (1 - w) + root * w
            segment_rotations = slerp(before_rotations, segment_rotations, w)
        roots[k], rotations[k] = root, segment_rotations
        gaze[k] = segments[i].look_at if segments[i].look_at is not None else np.nan
        moving[k] = segments[i].motion in GAITS
    return roots, rotations, gaze, moving


def _plan(rig: Rig, steps: list[Step], position: np.ndarray, heading: float, duration: float,
          ground: dict[str, float], floorplan: Floorplan | None) -> list[_Segment]:
    """Lay the actions end to end: each starts where (and facing how) the one before left the character."""
    steps = sorted(steps, key=lambda s: s.start)
    if not steps or steps[0].start > 0:
        steps = [Step(0.0, "idle"), *steps]
    throws = [s.start for s in steps if s.motion == "throw"]
    segments: list[_Segment] = []
    for n, step in enumerate(steps):
        if (step.motion == "idle" and throws and step.start < throws[0]) or step.motion == "catch":
            step = replace(step, motion="hold")  # carrying what will be thrown, or the palm out for a catch
        start = max(step.start, segments[-1].end if segments and segments[-1].motion in GAITS else step.start)
        end = steps[n + 1].start if n + 1 < len(steps) else duration
        if segments:
            segments[-1].end = min(segments[-1].end, start)
            position, heading = segments[-1].end_state(rig, ground)
        if step.motion == "idle":
            heading = step.facing if step.facing is not None else heading
            segments.append(_Segment(start, max(end, start), position, heading, "idle", None))
            continue
        toward = None
        if step.motion in AIMED:  # from the right shoulder, in the person's frame
            shoulder = rig.body.heads[rig.body.bone("upperarm01.R")]
            offset = np.asarray(step.aim, dtype=float) - np.append(position, 0.0)
            toward = np.append(rotate_xy(offset[:2], -heading), offset[2]) - shoulder
        clip = gesture_clip(rig, step.motion, toward) if step.motion in GESTURES else load_clip(step.motion)
        if step.motion not in ground or step.motion in AIMED:
            ground[step.motion] = _ground_offset(rig, clip)
        if step.motion in GAITS:
            drift = clip.root[-1] - clip.root[0]
            turn = float(np.arctan2(drift[1], drift[0]))
            speed = float(np.linalg.norm(drift[:2])) / clip.duration * rig.scale
            path = plan_path(position, np.asarray(step.target, dtype=float), floorplan)
            legs = np.linalg.norm(np.diff(path, axis=0), axis=1)
            if legs.sum() < 1e-6:
                continue
            heading = float(along(path, legs.sum())[1])
            arrive = start + legs.sum() / speed
            segments.append(_Segment(start, arrive, position, heading, step.motion, clip, speed, drift, turn, path))
            if arrive < end:  # arrived early: stand until the next action
                segments.append(_Segment(arrive, end, path[-1], heading, "idle", None))
        else:
            turn = float(yaw(clip.rotations[0, 0]))
            segments.append(_Segment(start, max(end, start), position, heading, step.motion, clip, turn=turn))
    for segment in segments:  # each looks where the cue that made it says
        owner = [s for s in steps if s.start <= segment.start + 1e-9]
        segment.look_at = owner[-1].look_at if owner else None
    return segments


def along(path: np.ndarray, distance: float, look: float = 0.35) -> tuple[np.ndarray, float]:
    """The point `distance` along a polyline and the heading there, taken over +-`look` metres so that
    corners are turned rather than snapped."""
    lengths = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path, axis=0), axis=1))])

    def point(d: float) -> np.ndarray:
        d = float(np.clip(d, 0.0, lengths[-1]))
        k = int(np.clip(np.searchsorted(lengths, d, side="right") - 1, 0, len(path) - 2))
        share = (d - lengths[k]) / max(lengths[k + 1] - lengths[k], 1e-12)
        return path[k] + (path[k + 1] - path[k]) * share

    ahead = point(distance + look) - point(distance - look)
    return point(distance), float(np.arctan2(ahead[1], ahead[0]))


def _ground_offset(rig: Rig, clip: Clip) -> float:
    """Height to add to the clip's (scaled) root so that its lowest point over the clip touches z = 0. A
    gesture is judged on its key poses (made to stand on the floor), so that sitting down and standing up,
    the same keys in reverse, stand at the same height."""
    times = clip.times if clip.name in GESTURES else np.linspace(0.0, clip.duration, 24)
    lowest = np.inf
    for t in times:
        root, local = clip.sample(t)
        skin = rig.skin((root * rig.scale)[None], world_rotations(local[None]))[0]
        lowest = min(lowest, float(skin_points(rig.body, skin)[:, 2].min()))
    return -lowest
