"""Props carried by people: on the palm until the release, then thrown with the ballistic velocity that
reaches the aim point (after which the ball is the simulator's: a miss rebounds as physics says)."""

from __future__ import annotations

import math

import numpy as np

from cinesim.people.gestures import carry_point
from cinesim.people.performance import Performance
from cinesim.people.rig import Rig
from cinesim.world.model import Throw, World


class Carrier:
    """Where each carried prop is at any time before its release, and its velocity when thrown."""

    def __init__(self, world: World, performances: tuple[Performance, ...]):
        self.world = world
        self.tracks: list[np.ndarray] = []  # per throw: (F, 3) centre of the carried prop at each frame
        for throw in world.throws:
            character = world.characters[throw.person]
            rig = Rig(character.body)
            point = np.append(carry_point(rig, world.entities[throw.entity].shape.bounding_radius), 1.0)
            wrist = character.body.bone("wrist.R")
            self.tracks.append(performances[throw.person].skin[:, wrist].astype(float) @ point)

    def carried(self, time: float) -> list[tuple[Throw, np.ndarray, np.ndarray]]:
        """(throw, position, velocity) of every prop still on a palm at `time`."""
        out = []
        fps = self.world.fps
        for throw, track in zip(self.world.throws, self.tracks, strict=True):
            if time >= throw.release:
                continue
            f = min(time * fps, len(track) - 1.0001)
            k = int(f)
            position = track[k] + (track[k + 1] - track[k]) * (f - k)
            out.append((throw, position, (track[k + 1] - track[k]) * fps))
        return out


def ballistic_velocity(start: np.ndarray, aim: np.ndarray, angle: float, gravity: float) -> np.ndarray:
    """Launch velocity at `angle` above the horizon whose free flight passes through `aim`."""
    offset = np.asarray(aim, dtype=float) - start
    distance = float(np.linalg.norm(offset[:2]))
    rise = distance * math.tan(angle) - offset[2]
    if distance < 1e-6 or rise <= 0:
        raise ValueError("the aim is out of reach at that launch angle (aim higher or throw steeper)")
    flight = math.sqrt(2 * rise / gravity)
    horizontal = offset[:2] / flight
    return np.array([horizontal[0], horizontal[1], distance * math.tan(angle) / flight])
