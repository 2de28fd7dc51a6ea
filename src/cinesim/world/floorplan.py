"""A person's floorplan: what stands on the floor at the start (props' footprints), the room's walls, and
where the other people start and stop."""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial.transform import Rotation

from cinesim.people.paths import Floorplan
from cinesim.shapes import corners
from cinesim.world.model import World

PERSON_RADIUS = 0.25  # m: another person, seen from above
FLAT = 0.05  # m: props lower than this are stepped over


def floorplan(world: World, person: int) -> Floorplan:
    plan = Floorplan(room=(world.room.size[0] / 2, world.room.size[1] / 2) if world.room else None)
    in_hands = {t.entity for t in world.throws} | {c.entity for c in world.catches}
    for i, entity in enumerate(world.entities):
        if entity.environment or i in in_hands:
            continue
        w, x, y, z = entity.orientation
        turn = Rotation.from_quat([x, y, z, w])
        points = turn.apply(corners(entity.shape)) + np.asarray(entity.position)
        if points[:, 2].max() < FLAT:
            continue
        matrix = turn.as_matrix()
        yaw = math.atan2(matrix[1, 0], matrix[0, 0])
        c, s = math.cos(yaw), math.sin(yaw)
        local = (points[:, :2] - np.asarray(entity.position[:2])) @ np.array([[c, -s], [s, c]])
        middle = (local.max(axis=0) + local.min(axis=0)) / 2
        centre = np.asarray(entity.position[:2]) + np.array([[c, -s], [s, c]]) @ middle
        plan.rectangles.append((centre, yaw, (local.max(axis=0) - local.min(axis=0)) / 2))
    for j, other in enumerate(world.characters):
        if j == person:
            continue
        marks = [other.position] + [step.target for step in other.steps if step.target is not None]
        plan.discs += [(np.asarray(mark, dtype=float), PERSON_RADIUS) for mark in marks]
    return plan
