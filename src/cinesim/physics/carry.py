"""Props in people's hands: carried on the palm, thrown with the ballistic velocity that reaches the aim,
caught when they come within reach of a waiting palm. Between a release and a catch the prop is an ordinary
body: a shot aimed beside the rim rebounds as physics says, a pass that falls short bounces on the floor."""

from __future__ import annotations

import math

import numpy as np

from cinesim.people.gestures import carry_point
from cinesim.people.performance import Performance
from cinesim.people.rig import Rig
from cinesim.world.model import Throw, World

REACH = 0.3  # m: a waiting palm takes a prop whose centre comes this close to where it would carry it
SETTLE = 0.1  # s: a caught prop slides from where it was caught into the palm over this long
AIM_AHEAD = 0.6  # s: a throw at a person aims at their palm this long after the release


class Possession:
    """Who holds each carried prop, step by step; the simulation asks where held props are."""

    def __init__(self, world: World, performances: tuple[Performance, ...]):
        self.world, self.performances = world, performances
        self.palms: dict[tuple[int, int], np.ndarray] = {}  # (person, entity): (F, 3) carry point per frame
        self.holder: dict[int, tuple[int, float, np.ndarray]] = {}  # entity: (person, since, offset)
        for throw in world.throws:  # the first thrower of a prop holds it from the start
            self.holder.setdefault(throw.entity, (throw.person, -1.0, np.zeros(3)))
        self.throws = sorted(world.throws, key=lambda t: t.release)
        self.waiting = sorted(world.catches, key=lambda c: c.ready)  # each catch cue takes the prop once
        self.catches: list[tuple[float, int, int, np.ndarray]] = []  # (time, entity, person, where)

    def palm(self, person: int, entity: int, time: float) -> tuple[np.ndarray, np.ndarray]:
        """Where the person's palm carries the prop at `time`, and how fast that point moves."""
        track = self.palms.get((person, entity))
        if track is None:
            character = self.world.characters[person]
            point = np.append(carry_point(Rig(character.body), self.world.entities[entity].shape.bounding_radius),
                              1.0)
            track = self.performances[person].skin[:, character.body.bone("wrist.R")].astype(float) @ point
            self.palms[person, entity] = track
        f = float(np.clip(time * self.world.fps, 0.0, len(track) - 1.0001))
        k = int(f)
        return track[k] + (track[k + 1] - track[k]) * (f - k), (track[k + 1] - track[k]) * self.world.fps

    def held(self, time: float) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """(entity, position, velocity) of every prop in a hand at `time`."""
        out = []
        for entity, (person, since, offset) in self.holder.items():
            position, velocity = self.palm(person, entity, time)
            fade = max(0.0, 1.0 - (time - since) / SETTLE)
            out.append((entity, position + offset * fade, velocity - offset / SETTLE * (fade > 0)))
        return out

    def releases(self, time: float) -> list[Throw]:
        """Throws due by `time` whose thrower holds the prop: they let go."""
        due = [t for t in self.throws if t.release <= time]
        for throw in due:
            self.throws.remove(throw)
        return [t for t in due if self.holder.pop(t.entity, (None,))[0] == t.person]

    def catch(self, time: float, positions: dict[int, np.ndarray]) -> None:
        """A free prop within reach of a waiting palm is caught."""
        for ready in list(self.waiting):
            if ready.entity in self.holder or time < ready.ready:
                continue
            palm, _ = self.palm(ready.person, ready.entity, time)
            gap = positions[ready.entity] - palm
            if np.linalg.norm(gap) < REACH:
                self.holder[ready.entity] = (ready.person, time, gap)
                self.catches.append((time, ready.entity, ready.person, positions[ready.entity].copy()))
                self.waiting.remove(ready)

    def aim(self, throw: Throw) -> np.ndarray:
        if throw.at_person is None:
            return np.asarray(throw.aim, dtype=float)
        return self.palm(throw.at_person, throw.entity, throw.release + AIM_AHEAD)[0]


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

