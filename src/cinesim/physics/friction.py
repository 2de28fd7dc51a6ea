"""Friction's response time, kept as slow as the slip it has to stop needs.

MuJoCo's soft friction asks for the deceleration that stops a slip within its time constant, 2 v / tau. When
that far exceeds what the friction cone allows (mu g), the solver raises the normal force to widen the cone
and the body leaves the floor. With the 0.04 s that suits slow slides, a pin sliding on its side at 4 m/s
hopped 2.7 mm, knocked the floor 15 times and slid 43 % too far; a box at 4 m/s 14 times, 53 % too far
(Genesis reports the same of this contact model: a cube at 6 m/s lifts 318 mm). Every step, each (set piece,
prop) pair's friction time constant follows the slip of its contacts, so the deceleration asked for stays at
FRICTION_DEMAND: still far above any cone's (the slide decelerates at mu g, as Coulomb says), and the normal
force is left alone. As the slip ends the time constant falls back to the slow slides' 0.04 s: a rolling ball
holds its grip."""

from __future__ import annotations

import mujoco
import numpy as np

FRICTION_DEMAND = 60.0  # m/s^2 that friction may ask for to stop a slip (mu g is 2-8)


class FrictionResponse:
    """Sets the friction time constants of the model's explicit pairs (set piece first, prop second) from
    the slip of their contacts in the last step; a pair not touching yet takes the speed of the prop's
    fastest point (it may land sliding)."""

    def __init__(self, model: mujoco.MjModel):
        self.body = model.geom_bodyid[model.pair_geom2]
        self.root = model.body_rootid
        self.reach = np.zeros(model.nbody)  # how far a body's surface reaches from its origin
        np.maximum.at(self.reach, model.geom_bodyid, np.linalg.norm(model.geom_pos, axis=1) + model.geom_rbound)
        self.slowest = model.pair_solreffriction[:, 0].copy()  # the time constant for slow slips
        self.pair_of = np.full((model.ngeom, model.ngeom), -1)
        self.pair_of[model.pair_geom1, model.pair_geom2] = np.arange(model.npair)
        self.pair_of[model.pair_geom2, model.pair_geom1] = np.arange(model.npair)  # contacts may swap the two

    def update(self, model: mujoco.MjModel, data: mujoco.MjData) -> None:
        """From the velocities of the last step (cvel: angular, then linear at the root's centre of mass).
        Runs every step: plain sums of squares, no norm or cross helpers."""
        if len(self.body) == 0:
            return
        spin, linear = data.cvel[:, :3], data.cvel[:, 3:]
        fastest = np.sqrt((linear * linear).sum(axis=1)) + np.sqrt((spin * spin).sum(axis=1)) * self.reach
        speed = fastest[self.body]
        if data.ncon:
            geoms = data.contact.geom[: data.ncon]
            pair = self.pair_of[geoms[:, 0], geoms[:, 1]]
            ours = np.flatnonzero(pair >= 0)
            if len(ours):
                pair = pair[ours]
                body = self.body[pair]
                w, v = spin[body], linear[body]
                r = data.contact.pos[ours] - data.subtree_com[self.root[body]]
                moving = v + np.column_stack((w[:, 1] * r[:, 2] - w[:, 2] * r[:, 1],
                                              w[:, 2] * r[:, 0] - w[:, 0] * r[:, 2],
                                              w[:, 0] * r[:, 1] - w[:, 1] * r[:, 0]))
                normal = data.contact.frame[ours, :3]
                tangential = moving - (moving * normal).sum(axis=1)[:, None] * normal
                speed[pair] = 0.0
                np.maximum.at(speed, pair, np.sqrt((tangential * tangential).sum(axis=1)))
        model.pair_solreffriction[:, 0] = np.maximum(self.slowest, 2 * speed / FRICTION_DEMAND)
