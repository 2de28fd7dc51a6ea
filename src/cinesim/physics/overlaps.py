"""Refuse worlds whose props start inside each other, inside the set or inside a person: they would
explode (or be flung away by the person's first step)."""

from __future__ import annotations

import mujoco
import numpy as np

from cinesim.errors import ScreenplayError
from cinesim.physics.mjcf import entity_of_geom, person_of_geom
from cinesim.world.model import World

TOLERANCE = 1e-3  # m of initial penetration that is still "touching"
_SEARCH = 0.01  # m; geom distances are computed up to this far


def check_initial_overlaps(world: World, model: mujoco.MjModel) -> None:
    data = mujoco.MjData(model)
    mujoco.mj_kinematics(model, data)
    entities = world.entities
    centres = np.array([e.position for e in entities])
    radii = np.array([e.shape.bounding_radius for e in entities])
    planes = np.array([e.shape.kind == "plane" for e in entities])
    setpiece = np.array([e.environment for e in entities])
    near = np.linalg.norm(centres[:, None] - centres[None], axis=2) <= radii[:, None] + radii[None] + _SEARCH
    near |= planes[:, None] | planes[None]
    near &= ~(setpiece[:, None] & setpiece[None])
    problems = []
    fromto = np.zeros(6)
    owner = np.array([entity_of_geom(model.geom(g).name) for g in range(model.ngeom)])
    geoms = [np.flatnonzero(owner == i) for i in range(len(entities))]
    for i, j in zip(*np.nonzero(np.triu(near, k=1)), strict=True):
        a, b = entities[i], entities[j]
        distance = min(mujoco.mj_geomDistance(model, data, a_geom, b_geom, _SEARCH, fromto)
                       for a_geom in geoms[i] for b_geom in geoms[j])
        if distance < -TOLERANCE:
            problems.append(f"{b.source} ({b.name!r}) starts {-distance * 1000:.1f} mm inside "
                            f"{a.source} ({a.name!r}); move them apart")
    if problems:
        raise ScreenplayError(problems)



def check_people_clear(world: World, model: mujoco.MjModel, data: mujoco.MjData, person_geoms: np.ndarray,
                       geom_entity: np.ndarray, carried: set[int]) -> None:
    """No moving prop (but one in a hand) starts inside a person's capsules, placed at `data`'s pose."""
    if len(person_geoms) == 0:
        return
    problems = []
    fromto = np.zeros(6)
    for i, entity in enumerate(world.entities):
        if entity.motion == "fixed" or i in carried:
            continue
        distance, geom = min((mujoco.mj_geomDistance(model, data, int(g), int(h), _SEARCH, fromto), int(h))
                             for g in np.flatnonzero(geom_entity == i) for h in person_geoms)
        if distance < -TOLERANCE:
            person = world.characters[person_of_geom(model.geom(geom).name)[0]]
            problems.append(f"{entity.source} ({entity.name!r}) starts {-distance * 1000:.0f} mm inside "
                            f"{person.source} ({person.name!r}); move them apart")
    if problems:
        raise ScreenplayError(problems)
