"""Friction's response time, kept as slow as the slip it has to stop needs.

MuJoCo's soft friction asks for the deceleration that stops a slip within its time constant, 2 v / tau. When
that far exceeds what the friction cone allows (mu g), the solver raises the normal force to widen the cone
and the body leaves the floor. With a fixed 0.04 s, a pin sliding on its side at 4 m/s hopped 2.7 mm, knocked
the floor 15 times and slid 43 % too far; a box at 4 m/s 14 times, 53 % too far (Genesis reports the same of
this contact model: a cube at 6 m/s lifts 318 mm); with MuJoCo's two steps between two props, a box sliding
at 2 m/s on a loose slab knocked it 9 times and slid 38 % too far.

Every step, each explicit pair's (a set piece and a prop, or two props) friction time constant follows the
slip of its contacts, so the deceleration asked for stays at FRICTION_DEMAND: above any cone's (the slide
decelerates at mu g, as Coulomb says), and the normal force is left alone. The slip is the surfaces' relative
speed at the contact or, where a round piece adds rolling and torsional rows (they ask for 2 w / tau too),
the speed at which the two roll on each other, if faster. At 60 m/s^2 a can sliding upright at 2 m/s still
tipped over onto its side (the front rim's extra normal force; mu h / 2 < r says it slides upright); at 30 it
slides upright. As the slip ends the time constant falls to two steps, as stiff as MuJoCo's own: a domino
leaning on the next stays leaning (at 0.04 s a run's fallen dominoes slid down each other flat)."""

from __future__ import annotations

import mujoco
import numpy as np

FRICTION_DEMAND = 30.0  # m/s^2 that friction may ask for to stop a slip (mu g is 2-8)


class FrictionResponse:
    """Sets the friction time constants of the model's explicit pairs (every pair of a set piece and a prop,
    and of two props) from the slip of their contacts in the last step. A pair not touching yet takes its
    bodies' speeds added (it may land sliding: at two steps a box landing at 2 m/s knocked the floor 11 times),
    not their spin: taking a tumbling rubber box's spin too, its landing's friction was so soft that the
    bounce gained 4 J, and scenes of 100 and 200 dropped bodies failed their energy check."""

    def __init__(self, model: mujoco.MjModel):
        self.bodies = np.stack([model.geom_bodyid[model.pair_geom1], model.geom_bodyid[model.pair_geom2]], axis=1)
        self.root = model.body_rootid
        self.slowest = model.pair_solreffriction[:, 0].copy()  # the time constant for slow slips
        self.rolls = model.pair_dim == 6  # pairs with a round piece: rolling and torsional friction too
        self.pair_of = np.full((model.ngeom, model.ngeom), -1)
        self.pair_of[model.pair_geom1, model.pair_geom2] = np.arange(model.npair)
        self.pair_of[model.pair_geom2, model.pair_geom1] = np.arange(model.npair)  # contacts may swap the two

    def update(self, model: mujoco.MjModel, data: mujoco.MjData) -> None:
        """From the velocities of the last step (cvel: angular, then linear at the root's centre of mass; the
        world's is zero). Runs every step: plain sums of squares, no norm or cross helpers."""
        if len(self.bodies) == 0:
            return
        linear = data.cvel[:, 3:]
        speed = np.sqrt((linear * linear).sum(axis=1))[self.bodies].sum(axis=1)
        if data.ncon:
            geoms = data.contact.geom[: data.ncon]
            pair = self.pair_of[geoms[:, 0], geoms[:, 1]]
            ours = np.flatnonzero(pair >= 0)
            if len(ours):
                pair = pair[ours]
                first, second = self.bodies[pair, 0], self.bodies[pair, 1]
                point = data.contact.pos[ours]
                slip = self._point_velocity(data, second, point) - self._point_velocity(data, first, point)
                normal = data.contact.frame[ours, :3]
                tangential = slip - (slip * normal).sum(axis=1)[:, None] * normal
                squared = (tangential * tangential).sum(axis=1)
                rolls = np.flatnonzero(self.rolls[pair])
                if len(rolls):
                    squared[rolls] = np.maximum(squared[rolls], self._rolling_speed(
                        data, first[rolls], second[rolls], point[rolls]))
                speed[pair] = 0.0
                np.maximum.at(speed, pair, np.sqrt(squared))
        model.pair_solreffriction[:, 0] = np.maximum(self.slowest, 2 * speed / FRICTION_DEMAND)

    def _rolling_speed(self, data: mujoco.MjData, first: np.ndarray, second: np.ndarray,
                       point: np.ndarray) -> np.ndarray:
        """Squared speed at which the two bodies roll on each other: their relative spin times the distance
        from the contact to the nearer centre of mass (a ball's radius). A round piece's rolling and
        torsional rows ask for 2 w / tau too: at two steps, a soccer ball rolling on grass hopped every 90 ms."""
        spin = data.cvel[second, :3] - data.cvel[first, :3]
        lever_squared = np.full(len(point), np.inf)
        for body in (first, second):
            offset = point - data.xipos[body]
            lever_squared = np.where(body > 0, np.minimum(lever_squared, (offset * offset).sum(axis=1)), lever_squared)
        return (spin * spin).sum(axis=1) * lever_squared

    def _point_velocity(self, data: mujoco.MjData, body: np.ndarray, point: np.ndarray) -> np.ndarray:
        """Velocity of each body's material point at `point` (the world, body 0, stands still)."""
        w, v = data.cvel[body, :3], data.cvel[body, 3:]
        r = point - data.subtree_com[self.root[body]]
        return v + np.column_stack((w[:, 1] * r[:, 2] - w[:, 2] * r[:, 1],
                                    w[:, 2] * r[:, 0] - w[:, 0] * r[:, 2],
                                    w[:, 0] * r[:, 1] - w[:, 1] * r[:, 0]))
