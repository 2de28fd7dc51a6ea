"""Continuous contacts: sample slip and rolling speed of every touching pair, then cut them into
sliding and rolling segments with start/end events. Resting contacts produce nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import mujoco
import numpy as np

from cinesim.timeline import ContactChange, ContactSegment

SAMPLE_RATE = 60.0  # Hz; continuous-contact sound needs speed curves, not step-exact times
RESTING_SPEED = 1e-3  # m/s or rad/s; pairs of bodies slower than this are not sampled
SLIDE_MIN_SPEED = 0.03  # m/s of slip at the contact point
ROLL_MIN_SPEED = 0.03  # m/s of the rolling body's centre over the surface
MIN_SEGMENT = 0.08  # s; shorter stretches are part of an impact, not a slide or a roll
MAX_GAP = 0.05  # s; brief interruptions (a tiny hop) do not split a segment

_NONE, _SLIDE, _ROLL = 0, 1, 2


@dataclass
class ContactSampler:
    """Collects (time, pair, state, speed, normal force) samples during the simulation. The normal force is
    the mean over the time since the last sample (the normal impulse the pair took, over that time): a sliding
    box's contact chatters step by step, so the force at the sampling instant is zero or a spike."""

    ngeom: int
    round_geoms: np.ndarray  # bool per geom: spheres, cylinders and capsules can roll; boxes tip
    rows: list[np.ndarray] = field(default_factory=list)
    geometry: dict[int, tuple] = field(default_factory=dict)  # pair -> (bodies, point - body2 centre, normal)
    impulse: np.ndarray = field(init=False)  # N s per pair key since the last sample
    pushed: list[np.ndarray] = field(default_factory=list)  # the keys `impulse` holds something for
    last_sample: float = 0.0  # s

    def __post_init__(self) -> None:
        self.impulse = np.zeros(self.ngeom * self.ngeom)

    def accumulate(self, data: mujoco.MjData, keys: np.ndarray, touching: np.ndarray, dt: float) -> None:
        """Add this step's normal impulse of every touching contact to its pair (called every step).
        Elliptic friction cones: a contact's first constraint row carries its normal force."""
        start = data.contact.efc_address[: len(keys)]
        valid = touching & (start >= 0) & (start < data.nefc)
        if valid.any():
            np.add.at(self.impulse, keys[valid], data.efc_force[start[valid]] * dt)
            self.pushed.append(keys[valid])

    def remember(self, model: mujoco.MjModel, data: mujoco.MjData, keys: np.ndarray, touching: np.ndarray) -> None:
        """Keep the contact geometry of pairs seen for the first time (called every step, cheap)."""
        for i in np.flatnonzero(touching):
            key = int(keys[i])
            if key not in self.geometry:
                bodies = model.geom_bodyid[data.contact.geom[i]]
                self.geometry[key] = (bodies, data.contact.pos[i] - data.xipos[bodies[1]],
                                      data.contact.frame[i, :3].copy())

    def sample(self, model: mujoco.MjModel, data: mujoco.MjData, time: float, absent: np.ndarray) -> None:
        """Sample every moving pair touching now or in `absent` (touched since the last sample, apart now:
        sliding contacts chatter), the latter at the contact geometry the pair had when it first touched;
        then start the next interval's impulses from zero."""
        self._sample(model, data, time, absent, max(time - self.last_sample, 1e-9))
        self.last_sample = time
        if self.pushed:
            self.impulse[np.concatenate(self.pushed)] = 0.0
            self.pushed.clear()

    def _sample(self, model: mujoco.MjModel, data: mujoco.MjData, time: float, absent: np.ndarray,
                interval: float) -> None:
        moving = np.abs(data.cvel).max(axis=1) > RESTING_SPEED
        if not moving.any() or (data.ncon == 0 and len(absent) == 0):
            return
        n = data.ncon
        geoms = data.contact.geom[:n]
        touching = np.flatnonzero((data.contact.dist[:n] < 0) & moving[model.geom_bodyid[geoms]].any(axis=1))
        geoms = geoms[touching]
        keys = np.minimum(geoms[:, 0], geoms[:, 1]) * self.ngeom + np.maximum(geoms[:, 0], geoms[:, 1])
        unique, first = np.unique(keys, return_index=True)
        bodies = model.geom_bodyid[geoms[first]].reshape(-1, 2)
        point = data.contact.pos[touching[first]].reshape(-1, 3)
        normal = data.contact.frame[touching[first], :3].reshape(-1, 3)
        absent = absent[moving[model.geom_bodyid[np.column_stack(np.divmod(absent, self.ngeom))]].any(axis=1)]
        kept = [self.geometry[k] for k in absent.tolist() if k in self.geometry]
        if kept:
            unique = np.concatenate([unique, [k for k in absent.tolist() if k in self.geometry]])
            bodies = np.concatenate([bodies, [g[0] for g in kept]])
            point = np.concatenate([point, [data.xipos[g[0][1]] + g[1] for g in kept]])
            normal = np.concatenate([normal, [g[2] for g in kept]])
        if len(unique) == 0:
            return
        body1, body2 = bodies[:, 0], bodies[:, 1]
        velocity = _point_velocity(model, data, np.concatenate([body1, body2, body2]),
                                   np.concatenate([point, point, data.xipos[body2]])).reshape(3, -1, 3)
        relative = velocity[1] - velocity[0]  # at the contact point: slip
        centre = velocity[2] - velocity[0]  # of body 2's centre over the surface: rolling
        tangential = np.stack([relative, centre]) - np.sum(np.stack([relative, centre]) * normal, axis=2,
                                                           keepdims=True) * normal
        slip, roll = np.linalg.norm(tangential, axis=2)
        g1, g2 = np.divmod(unique, self.ngeom)
        rolls = (roll >= ROLL_MIN_SPEED) & (self.round_geoms[g1] | self.round_geoms[g2])
        state = np.where(slip >= SLIDE_MIN_SPEED, _SLIDE, np.where(rolls, _ROLL, _NONE))
        speed = np.where(state == _SLIDE, slip, roll)
        active = state != _NONE
        if active.any():
            self.rows.append(np.column_stack([
                np.full(active.sum(), time), unique[active], state[active], speed[active],
                self.impulse[unique[active].astype(np.int64)] / interval]))

    def segments(self, names_of: Callable[[int], tuple[str, str, str, str]]
                 ) -> tuple[list[ContactSegment], list[ContactChange]]:
        """Cut the samples into segments; `names_of(key)` gives (body_a, body_b, material_a, material_b)."""
        if not self.rows:
            return [], []
        samples = np.concatenate(self.rows)
        order = np.lexsort((samples[:, 0], samples[:, 1]))
        samples = samples[order]
        segments: list[ContactSegment] = []
        for key in np.unique(samples[:, 1]):
            rows = samples[samples[:, 1] == key]
            for kind_code, kind in ((_SLIDE, "slide"), (_ROLL, "roll")):
                runs = _runs(rows[rows[:, 2] == kind_code])
                segments += [ContactSegment(kind, *names_of(int(key)), tuple(run[:, 0].tolist()),
                                            tuple(run[:, 3].tolist()), tuple(run[:, 4].tolist())) for run in runs]
        segments.sort(key=lambda s: (s.start, s.body_a, s.body_b, s.kind))
        events = []
        for i, s in enumerate(segments):
            names = (s.body_a, s.body_b, s.material_a, s.material_b)
            events.append(ContactChange(f"{s.kind}_start", s.start, *names, s.speeds[0], i))
            events.append(ContactChange(f"{s.kind}_end", s.end, *names, s.speeds[-1], i))
        return segments, events


def _runs(rows: np.ndarray) -> list[np.ndarray]:
    """Split time-sorted samples where the gap exceeds MAX_GAP; keep runs of at least MIN_SEGMENT."""
    if len(rows) == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows[:, 0]) > MAX_GAP) + 1
    return [run for run in np.split(rows, breaks) if run[-1, 0] - run[0, 0] >= MIN_SEGMENT]


def _point_velocity(model: mujoco.MjModel, data: mujoco.MjData, bodies: np.ndarray,
                    points: np.ndarray) -> np.ndarray:
    """World linear velocity of `points` fixed to `bodies` (cvel is expressed at the tree's centre of mass)."""
    velocity = data.cvel[bodies]
    w, r = velocity[:, :3], points - data.subtree_com[model.body_rootid[bodies]]
    cross = np.column_stack([w[:, 1] * r[:, 2] - w[:, 2] * r[:, 1], w[:, 2] * r[:, 0] - w[:, 0] * r[:, 2],
                             w[:, 0] * r[:, 1] - w[:, 1] * r[:, 0]])
    return velocity[:, 3:] + cross
