"""DeepMimic's motion-capture clips (shipped in `pybullet_data`), read into cinesim's frame.

A clip frame is: duration, root position, root rotation, then the local rotations of chest, neck, right hip,
knee, ankle, shoulder, elbow and the same on the left (knees and elbows as one angle about the joint's
z axis; quaternions w, x, y, z). DeepMimic's humanoid stands along +y and faces +x with its right side at
+z; in its rest pose the arms hang straight down. Everything here is turned to cinesim's z-up frame, where
that humanoid faces +x with its left side at +y.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from cinesim.errors import CinesimError
from cinesim.people.quaternions import from_axis_angle, from_yaw, multiply, slerp, yaw

SEGMENTS = ("root", "chest", "neck", "right_hip", "right_knee", "right_ankle", "right_shoulder", "right_elbow",
            "left_hip", "left_knee", "left_ankle", "left_shoulder", "left_elbow")
PARENTS = (-1, 0, 1, 0, 3, 4, 1, 6, 0, 8, 9, 1, 11)
HINGES = {"right_knee", "right_elbow", "left_knee", "left_elbow"}  # one angle about the joint's z axis
LEG_LENGTH = (1.686184 + 1.639480) * 0.25  # m: hip to ankle of the humanoid the clips were captured for
CLIP_FILES = {"walk": "walk", "run": "run", "jump": "jump", "dance_a": "dance_a", "dance_b": "dance_b",
              "punch": "punch", "kick": "kick", "spin": "spin", "spinkick": "spinkick", "backflip": "backflip",
              "cartwheel": "cartwheel", "crawl": "crawl", "roll": "roll", "getup": "getup_faceup",
              "getup_facedown": "getup_facedown"}
# DeepMimic (x forward, y up, z right) -> cinesim (x forward, y left, z up)
TO_CINESIM = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])


@dataclass(frozen=True, eq=False)
class Clip:
    """Frames at `times` (seconds from the start; the last one closes the loop for looping clips)."""

    name: str
    times: np.ndarray  # (N,)
    root: np.ndarray  # (N, 3) metres, cinesim frame, DeepMimic's scale
    rotations: np.ndarray  # (N, 13, 4) local quaternions (w, x, y, z) per segment, cinesim frame
    loops: bool

    @property
    def duration(self) -> float:
        return float(self.times[-1])

    def sample(self, t: float, straight: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Root position and local rotations at time t. A looping clip goes on from where each cycle ended
        (turning as it turned); `straight` instead repeats it along its mean direction without turning
        (a gait that should keep to a line)."""
        cycles = 0
        if self.loops:
            cycles = int(np.floor(t / self.duration))
            t -= cycles * self.duration
        t = float(np.clip(t, 0.0, self.duration))
        i = int(np.clip(np.searchsorted(self.times, t, side="right") - 1, 0, len(self.times) - 2))
        w = (t - self.times[i]) / (self.times[i + 1] - self.times[i])
        root = self.root[i] * (1 - w) + self.root[i + 1] * w
        local = slerp(self.rotations[i], self.rotations[i + 1], w)
        first, last = self.root[0], self.root[-1]
        turn = float(yaw(self.rotations[-1, 0]) - yaw(self.rotations[0, 0]))
        if straight:
            root = root + cycles * (last - first) * np.array([1.0, 1.0, 0.0])
            local[0] = multiply(from_yaw(-turn * t / self.duration), local[0])
            return root, local
        for _ in range(cycles):  # each cycle starts where and as the last one ended
            root = np.append(rotate_xy(root[:2] - first[:2], turn) + last[:2], root[2])
            local[0] = multiply(from_yaw(turn), local[0])
        return root, local


def rotate_xy(v: np.ndarray, angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])


def motions_dir() -> Path:
    try:
        import pybullet_data
    except ImportError:
        raise CinesimError("motion clips come from the 'pybullet' package (pybullet_data); make demo installs "
                           "it") from None
    return Path(pybullet_data.getDataPath()) / "data" / "motions"


@cache
def load_clip(name: str) -> Clip:
    if name not in CLIP_FILES:
        raise CinesimError(f"unknown motion clip {name!r}; clips: {', '.join(sorted(CLIP_FILES))}")
    data = json.loads((motions_dir() / f"humanoid3d_{CLIP_FILES[name]}.txt").read_text())
    frames = np.asarray(data["Frames"], dtype=float)
    times = np.concatenate([[0.0], np.cumsum(frames[:-1, 0])])
    root = frames[:, 1:4] @ TO_CINESIM.T
    rotations = np.zeros((len(frames), len(SEGMENTS), 4))
    column = 4
    for k, segment in enumerate(SEGMENTS):
        if segment in HINGES:
            local = from_axis_angle(np.array([0.0, 0.0, 1.0]), frames[:, column])
            column += 1
        else:
            local = frames[:, column:column + 4]
            column += 4
        rotations[:, k] = _to_cinesim(local)
    return Clip(name, times, root, rotations, data.get("Loop") == "wrap")


def _to_cinesim(q: np.ndarray) -> np.ndarray:
    """Rotate the rotation's axis with the frame change (a proper rotation, so the angle is kept)."""
    axis = q[..., 1:] @ TO_CINESIM.T
    return np.concatenate([q[..., :1], axis], axis=-1)


def world_rotations(local: np.ndarray) -> np.ndarray:
    """(..., 13, 4) local -> world quaternion of each segment, down the chain from the root."""
    out = np.empty_like(local)
    for k, parent in enumerate(PARENTS):
        out[..., k, :] = local[..., k, :] if parent < 0 else multiply(out[..., parent, :], local[..., k, :])
    return out
