"""Impacts: detect the onset of each collision and give it its coefficient of restitution.

MuJoCo's contacts are soft and (as cinesim configures them) nearly inelastic. When a pair of geoms comes
into contact with a normal approach speed v, cinesim rewinds that step and applies Newton's law of
restitution as an impulse along the contact normal, so the pair separates at e*v exactly; it also moves
the pair apart by (1 + e) times the penetration the step produced, which places the bodies where an
instantaneous collision at the true contact time would have put them (only as much overlap as the approach
could have produced within the step). Impulses then propagate through
contacts that were already closed (a Newton's cradle), as in a sequential-impulse solver.
Bodies the simulator does not move (people's capsules, carried along their performance) strike with their
own velocity: it enters the approach speed as the pair's `surface_speed`, and as their mass is infinite
the prop alone takes the impulse (a kicked ball leaves at (1 + e) times the foot's speed).
Slower touches (below IMPACT_MIN_SPEED) stay inelastic so that objects come to rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import mujoco
import numpy as np

# m/s: slower approaches (a drop of under 2 mm) are touches: inelastic, so that things settle, and no event,
# so that resting and sliding contacts (whose soft contact chatters by a fraction of a millimetre) stay quiet.
IMPACT_MIN_SPEED = 0.20
PROPAGATION_SWEEPS = 32
# The velocity of points of a body MuJoCo does not move (a mocap body): (body, points (n, 3)) -> (n, 3).
KinematicVelocity = Callable[[int, np.ndarray], np.ndarray]


@dataclass
class PairContact:
    """One geom pair's contact, merged over its contact points (a box face lands on four)."""

    geom1: int
    geom2: int
    body1: int
    body2: int
    point: np.ndarray
    normal: np.ndarray  # from geom1 towards geom2
    depth: float  # penetration, >= 0
    surface_speed: float = 0.0  # normal velocity (geom 2 relative to geom 1) that kinematic bodies add

    @property
    def key(self) -> tuple[int, int]:
        return (min(self.geom1, self.geom2), max(self.geom1, self.geom2))


def contact_keys(model: mujoco.MjModel, data: mujoco.MjData) -> np.ndarray:
    """One id per contact (not unique): the geom pair it belongs to."""
    geoms = data.contact.geom[: data.ncon]
    return np.minimum(geoms[:, 0], geoms[:, 1]) * model.ngeom + np.maximum(geoms[:, 0], geoms[:, 1])


def merged_contacts(model: mujoco.MjModel, data: mujoco.MjData, indices: np.ndarray,
                    kinematic: KinematicVelocity | None = None) -> list[PairContact]:
    """Group contacts by geom pair: mean point, mean normal, deepest penetration (and, through `kinematic`,
    the normal velocity of mocap bodies)."""
    if len(indices) == 0:
        return []
    keys = contact_keys(model, data)[indices]
    _, first, group = np.unique(keys, return_index=True, return_inverse=True)
    count = np.bincount(group).astype(float)[:, None]
    point = np.zeros((len(first), 3))
    normal = np.zeros((len(first), 3))
    np.add.at(point, group, data.contact.pos[indices])
    np.add.at(normal, group, data.contact.frame[indices, :3])
    point /= count
    normal /= np.linalg.norm(normal, axis=1, keepdims=True)
    depth = np.zeros(len(first))
    np.maximum.at(depth, group, -data.contact.dist[indices])
    geoms = data.contact.geom[indices[first]]
    bodies = model.geom_bodyid[geoms]
    pairs = [PairContact(int(g[0]), int(g[1]), int(b[0]), int(b[1]), p, n, float(dp))
             for g, b, p, n, dp in zip(geoms, bodies, point, normal, depth, strict=True)]
    if kinematic is not None:
        for pair in pairs:
            for body, sign in ((pair.body1, -1.0), (pair.body2, 1.0)):
                if model.body_mocapid[body] >= 0:
                    pair.surface_speed += sign * float(pair.normal @ kinematic(body, pair.point[None])[0])
    return pairs


def normal_speed(pair: PairContact, row: np.ndarray, qvel: np.ndarray) -> float:
    """The pair's relative normal velocity (< 0: approaching)."""
    return float(row @ qvel) + pair.surface_speed


def normal_row(model: mujoco.MjModel, data: mujoco.MjData, contact: PairContact) -> np.ndarray:
    """Jacobian row mapping joint velocities to the pair's relative normal velocity (< 0: approaching)."""
    jac1 = np.zeros((3, model.nv))
    jac2 = np.zeros((3, model.nv))
    mujoco.mj_jac(model, data, jac1, None, contact.point, contact.body1)
    mujoco.mj_jac(model, data, jac2, None, contact.point, contact.body2)
    return contact.normal @ (jac2 - jac1)


def response(model: mujoco.MjModel, data: mujoco.MjData, row: np.ndarray) -> tuple[float, np.ndarray]:
    """Effective mass along `row` and the joint-velocity change per unit impulse, M^-1 row^T."""
    per_impulse = np.zeros((1, model.nv))
    mujoco.mj_solveM(model, data, per_impulse, row.reshape(1, -1))
    inverse_mass = float(row @ per_impulse[0])
    return (1.0 / inverse_mass if inverse_mass > 1e-12 else 0.0), per_impulse[0]


@dataclass(frozen=True)
class ResolvedImpact:
    contact: PairContact
    time: float
    speed: float  # approach speed, m/s
    impulse: float  # normal impulse, N s


def apply_restitution(model: mujoco.MjModel, data: mujoco.MjData, contact: PairContact, row: np.ndarray,
                      restitution: float, correct_position: bool) -> tuple[float, float]:
    """Make the pair separate at e times its approach speed; returns (approach speed, impulse)."""
    approach = -normal_speed(contact, row, data.qvel)
    effective_mass, per_impulse = response(model, data, row)
    if approach <= 0 or effective_mass == 0:
        return approach, 0.0
    impulse = (1 + restitution) * approach * effective_mass
    data.qvel[:] += per_impulse * impulse
    # Only the overlap this step's approach can have produced is undone; deeper overlap has other causes
    # (resting weight, an earlier correction) and pushing it out would add energy.
    depth = min(contact.depth, approach * model.opt.timestep)
    if correct_position and depth > 0:
        shift = per_impulse * ((1 + restitution) * depth * effective_mass)
        mujoco.mj_integratePos(model, data.qpos, shift, 1.0)
    return approach, impulse


def resolve_together(model: mujoco.MjModel, data: mujoco.MjData, hits: list[tuple[PairContact, np.ndarray]],
                     restitution_of) -> list[tuple[PairContact, float, float]]:
    """Impacts that begin in the same step, solved together (Gauss-Seidel on accumulated, never-negative
    impulses, each pair aiming to separate at e times its approach). Solving them one after another let
    the first of a toy car's four wheels to land take the whole impulse and set the car spinning.
    Returns (pair, approach speed, impulse) for each hit."""
    approach = [-normal_speed(pair, row, data.qvel) for pair, row in hits]
    targets = [restitution_of(pair) * max(v, 0.0) for (pair, _), v in zip(hits, approach, strict=True)]
    responses = [response(model, data, row) for _, row in hits]
    totals = [0.0] * len(hits)
    for _ in range(PROPAGATION_SWEEPS):
        changed = False
        for k, ((pair, row), (effective_mass, per_impulse)) in enumerate(zip(hits, responses, strict=True)):
            if approach[k] <= 0 or effective_mass == 0:
                continue
            total = max(totals[k] + (targets[k] - normal_speed(pair, row, data.qvel)) * effective_mass, 0.0)
            if abs(total - totals[k]) > 1e-12:
                data.qvel[:] += per_impulse * (total - totals[k])
                totals[k], changed = total, True
        if not changed:
            break
    # Undo the overlap this step's approach produced, once per pair of bodies (a car landing on four wheels
    # is lifted once, not four times).
    corrected: set[tuple[int, int]] = set()
    for k, ((pair, _), (effective_mass, per_impulse)) in enumerate(zip(hits, responses, strict=True)):
        bodies = (min(pair.body1, pair.body2), max(pair.body1, pair.body2))
        depth = min(pair.depth, max(approach[k], 0.0) * model.opt.timestep)
        if bodies in corrected or depth <= 0 or effective_mass == 0:
            continue
        corrected.add(bodies)
        e = restitution_of(pair)
        mujoco.mj_integratePos(model, data.qpos, per_impulse * ((1 + e) * depth * effective_mass), 1.0)
    return [(pair, v, j) for (pair, _), v, j in zip(hits, approach, totals, strict=True)]


def propagate(model: mujoco.MjModel, data: mujoco.MjData, touched: set[int], restitution_of,
              time: float, kinematic: KinematicVelocity | None = None) -> list[ResolvedImpact]:
    """Pass impulses on through closed contacts of bodies that were just struck."""
    resolved: list[ResolvedImpact] = []
    rows: dict[tuple[int, int], np.ndarray] = {}
    bodies = model.geom_bodyid[data.contact.geom[: data.ncon]]
    for _ in range(PROPAGATION_SWEEPS):
        near = np.flatnonzero(np.isin(bodies, list(touched)).any(axis=1))
        pairs = merged_contacts(model, data, near, kinematic)
        struck = False
        for pair in pairs:
            if pair.key not in rows:
                rows[pair.key] = normal_row(model, data, pair)
            row = rows[pair.key]
            if -normal_speed(pair, row, data.qvel) < IMPACT_MIN_SPEED:
                continue
            speed, impulse = apply_restitution(model, data, pair, row, restitution_of(pair), False)
            resolved.append(ResolvedImpact(pair, time, speed, impulse))
            touched |= {pair.body1, pair.body2}
            struck = True
        if not struck:
            break
    return resolved
