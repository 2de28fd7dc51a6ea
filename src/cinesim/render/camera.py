"""Cameras over the Timeline: which camera is live at each frame, where it is and what it sees.

Conventions: world Z up. `view` and `projection` are OpenGL matrices (camera looks down -z, y up).
Annotations also get the OpenCV form: K in pixels and world-to-camera R, t with x right, y down, z forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from cinesim.timeline import Timeline
from cinesim.world.model import CameraSpec, World

SENSOR_WIDTH_MM = 36.0
NEAR, FAR = 0.01, 300.0  # m: close-ups of a coin or a die fit in front of the near plane
_EASE = {
    "linear": lambda s: s,
    "ease_in": lambda s: s * s,
    "ease_out": lambda s: 1 - (1 - s) ** 2,
    "ease_in_out": lambda s: s * s * (3 - 2 * s),
}


@dataclass(frozen=True)
class CameraState:
    """One camera at one frame."""

    name: str
    position: np.ndarray  # (3,)
    look_at: np.ndarray  # (3,)
    focal_length: float  # mm
    width: int
    height: int

    @property
    def focal_px(self) -> float:
        return self.focal_length / SENSOR_WIDTH_MM * self.width

    @property
    def intrinsics(self) -> np.ndarray:
        """OpenCV K (pixels; principal point at the image centre)."""
        f = self.focal_px
        return np.array([[f, 0, self.width / 2], [0, f, self.height / 2], [0, 0, 1.0]])

    @cached_property  # a frame asks for it many times
    def axes(self) -> np.ndarray:
        """Rows: camera right, up and backward (OpenGL) in world coordinates."""
        forward = self.look_at - self.position
        forward /= np.linalg.norm(forward)
        up = np.array([0.0, 0.0, 1.0])
        if abs(forward @ up) > 0.999:  # looking straight up or down: keep +y up in the image
            up = np.array([0.0, 1.0, 0.0])
        right = np.cross(forward, up)
        right /= np.linalg.norm(right)
        return _frozen(np.stack([right, np.cross(right, forward), -forward]))

    @cached_property  # a frame asks for it many times
    def view(self) -> np.ndarray:
        axes = self.axes
        view = np.eye(4)
        view[:3, :3] = axes
        view[:3, 3] = -axes @ self.position
        return _frozen(view)

    @cached_property  # a frame asks for it many times
    def projection(self) -> np.ndarray:
        f = 2 * self.focal_px
        w, h = self.width, self.height
        return _frozen(np.array([
            [f / w, 0, 0, 0],
            [0, f / h, 0, 0],
            [0, 0, -(FAR + NEAR) / (FAR - NEAR), -2 * FAR * NEAR / (FAR - NEAR)],
            [0, 0, -1, 0],
        ]))

    @property
    def world_to_camera(self) -> tuple[np.ndarray, np.ndarray]:
        """OpenCV extrinsics (R, t): x_cam = R x_world + t, with y down and z forward."""
        flip = np.diag([1.0, -1.0, -1.0])
        rotation = flip @ self.axes
        return rotation, -rotation @ self.position


def _frozen(array: np.ndarray) -> np.ndarray:
    """Cached on the camera state, so read-only."""
    array.setflags(write=False)
    return array


class CameraRig:
    """The live camera for every frame of a film: shots cut between cameras, keys move them."""

    def __init__(self, world: World, timeline: Timeline, resolution: tuple[int, int] | None = None):
        self.world = world
        self.timeline = timeline
        self.width, self.height = resolution or world.resolution
        self._states: dict[tuple[int, int | None], CameraState] = {}  # each frame's camera, made once

    def camera_index(self, frame: int) -> int:
        t = frame / self.timeline.fps
        for shot in self.world.shots:
            if shot.start <= t < shot.end:
                return shot.camera
        return self.world.shots[-1].camera

    def state(self, frame: int, camera: int | None = None) -> CameraState:
        """The live camera at `frame` (or the given camera, e.g. to see the next frame through this shot's).
        Made once per frame: the soundtrack places every sound through it, the renderer every pass."""
        if (frame, camera) not in self._states:
            spec = self.world.cameras[self.camera_index(frame) if camera is None else camera]
            position, look_at, focal = _keyed(spec, frame / self.timeline.fps)
            if spec.track is not None:
                look_at = self.timeline.positions[min(frame, self.timeline.frame_count - 1), spec.track].copy()
            self._states[frame, camera] = CameraState(spec.name, position, look_at, focal, self.width, self.height)
        return self._states[frame, camera]


def _keyed(spec: CameraSpec, t: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Camera values at time t: the base values at 0, then each key at its time, eased in between."""
    times = [0.0] + [k.time for k in spec.keys]
    values = [(spec.position, spec.look_at, spec.focal_length)] + [(k.position, k.look_at, k.focal_length)
                                                                    for k in spec.keys]
    eases = ["linear"] + [k.ease for k in spec.keys]
    if t >= times[-1]:
        position, look_at, focal = values[-1]
        return np.array(position, float), np.array(look_at, float), float(focal)
    i = next(i for i in range(1, len(times)) if t < times[i])
    span = times[i] - times[i - 1]
    s = _EASE[eases[i]]((t - times[i - 1]) / span) if span > 0 else 1.0
    (p0, l0, f0), (p1, l1, f1) = values[i - 1], values[i]
    lerp = lambda a, b: (1 - s) * np.asarray(a, float) + s * np.asarray(b, float)  # noqa: E731
    return lerp(p0, p1), lerp(l0, l1), float((1 - s) * f0 + s * f1)
