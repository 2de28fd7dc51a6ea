"""World -> MuJoCo model (MJCF).

Each entity is one geom: environment pieces and fixed props are geoms of the world body; free and hinged
props are bodies with their own joint. Contact parameters per material pair:

* MuJoCo contacts are made nearly inelastic (critically damped, time constant of two steps). Restitution
  is applied by cinesim as a Newton impulse at the onset of an impact (see `physics.impacts`), because a
  damped contact spring's rebound depends on the time step and on where within a step contact begins.
* Cones are elliptic; friction responds with its own time constant, which `physics.friction` adjusts every
  step from the slip and which MuJoCo allows on explicit pairs only.
* Friction of a pair is the geometric mean of the two materials' coefficients (as in Box2D); rolling
  resistance is the larger of the two. MuJoCo has no per-pair mixing rule, so every pair of geoms that can
  touch (a set piece and a moving prop, two moving props) is an explicit <pair> carrying its combined values,
  and the default contact between those bodies is excluded. The narrow phase checks every explicit pair's
  bounding spheres each step: 150 dominoes (11 175 pairs of bodies) take twice as long as with MuJoCo's own
  broad phase (2.4 s against 1.2 s for 3 s of film); 60, about as long.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

import numpy as np
from scipy.spatial.transform import Rotation

from cinesim.catalog import material
from cinesim.people.colliders import Capsule, body_capsules
from cinesim.shapes import Part, Shape
from cinesim.world.model import Character, Entity, World

MAX_STEP = 1 / 240  # s; the largest physics step (a whole number of steps fits in each frame)
TORSION_PATCH = 0.002  # m; contact patch radius behind torsional friction
ROLLING_RADIUS_FLAT = 0.02  # m; lever arm for rolling resistance of flat-sided shapes
SOLIMP = "0.95 0.99 0.001"


@dataclass(frozen=True)
class ModelLayout:
    """MJCF text and the stepping it was built for. Entity i is geom "g{i}" (and body "b{i}" if it moves)."""

    xml: str
    timestep: float
    substeps: int  # physics steps per frame


def steps_per_frame(fps: int) -> int:
    return math.ceil(1 / (fps * MAX_STEP) - 1e-9)


def rolling_radius(entity: Entity) -> float:
    if entity.shape.kind in ("sphere", "cylinder", "capsule"):
        return entity.shape.radius
    if entity.shape.kind == "lathe":  # a pin rolls on its belly
        return max(r for r, _ in entity.shape.profile)
    return ROLLING_RADIUS_FLAT


def pair_friction(a: Entity, b: Entity) -> tuple[float, float, float]:
    """(sliding, torsional, rolling) friction of the pair, in MuJoCo units."""
    sliding = math.sqrt(a.material.friction * b.material.friction)
    rolling = max(a.material.rolling, b.material.rolling) * max(rolling_radius(a), rolling_radius(b))
    return sliding, sliding * TORSION_PATCH, rolling


def pair_restitution(a: float, b: float) -> float:
    """Coefficient of restitution of a pair: the geometric mean of the two bodies' own values."""
    return math.sqrt(a * b)


def _vec(values) -> str:
    return " ".join(f"{float(v):.9g}" for v in values)


ROUND = ("sphere", "cylinder", "capsule")
PROP_BITS = 3  # a moving prop's conaffinity: other props (bit 1) and people (bit 2)
PEOPLE_BIT = 2  # people's capsules touch props only; a prop in a hand drops this bit from its conaffinity
REMOVED_DEPTH = 1e4  # m: where people's capsules wait until the simulation places them
SKIN = material("skin")


def _size(shape: Shape) -> list[float]:
    if shape.kind == "sphere":
        return [shape.radius]
    if shape.kind == "box":
        return list(shape.half_extents)
    if shape.kind in ("cylinder", "capsule"):
        return [shape.radius, shape.half_length]
    return [0, 0, 1]  # plane: infinite


def primitives(entity: Entity) -> list[tuple[str, Part]]:
    """(geom name, part) for each convex piece of the entity: one for a primitive, several for a compound or
    a lathe shape. Geom names are "g<entity>" or "g<entity>_<part>"; `entity_of_geom` reads them back."""
    if not entity.shape.in_parts:
        return [("", Part(entity.shape))]
    return [(f"_{k}", p) for k, p in enumerate(entity.shape.parts)]


def entity_of_geom(name: str) -> int:
    """The entity a geom belongs to; -1 for a person's capsule ("h<person>_<capsule>")."""
    return int(name[1:].split("_")[0]) if name.startswith("g") else -1


def person_of_geom(name: str) -> tuple[int, int] | None:
    """(person, capsule) of a person's capsule geom; None for an entity's geom."""
    if not name.startswith("h"):
        return None
    person, capsule = name[1:].split("_")
    return int(person), int(capsule)


def _capsule_shape(capsule: Capsule) -> str:
    if np.linalg.norm(capsule.end - capsule.start) < 1e-3:  # the head: a ball
        return f'type="sphere" pos="{_vec(capsule.start)}"'
    return f'type="capsule" fromto="{_vec([*capsule.start, *capsule.end])}"'


def _pair(first: int, one: Entity, second: int, other: Entity, timestep: float) -> str:
    """Explicit contact pairs between every convex piece of two entities, with the pair's mixed friction and
    the friction time constant `physics.friction` adjusts every step."""
    sliding, torsion, rolling = pair_friction(one, other)
    return "".join(
        f'<pair geom1="g{first}{theirs}" geom2="g{second}{mine}" condim="{_condim(their_piece, piece)}" '
        f'solimp="{SOLIMP}" solref="{2 * timestep:.9g} 1" solreffriction="{2 * timestep:.9g} 1" '
        f'friction="{_vec([sliding, sliding, torsion, rolling, rolling])}"/>'
        for theirs, their_piece in primitives(one) for mine, piece in primitives(other))


def _condim(a: Part, b: Part) -> int:
    """Torsional and rolling friction where a round piece is involved; sliding friction alone between flats."""
    return 6 if a.shape.kind in ROUND or b.shape.kind in ROUND else 3


def _person(index: int, character: Character) -> str:
    """A person as mocap bodies, one capsule each, moved along the performance by the simulation. Mocap
    bodies are part of the static world to MuJoCo: they push props and are never pushed back, and they do
    not collide with the set or with each other."""
    friction = _vec([SKIN.friction, SKIN.friction * TORSION_PATCH, SKIN.rolling * ROLLING_RADIUS_FLAT])
    return "".join(
        f'<body name="c{index}_{k}" mocap="true" pos="0 0 {-REMOVED_DEPTH}">'
        f'<geom name="h{index}_{k}" {_capsule_shape(c)} size="{c.radius:.6g}" '
        f'contype="{PEOPLE_BIT}" conaffinity="0" condim="3" friction="{friction}" rgba="0.8 0.6 0.5 1"/></body>'
        for k, c in enumerate(body_capsules(character.body)))


def _compose(position, orientation, inner: Part) -> tuple[np.ndarray, np.ndarray]:
    """Pose of `inner` (given in a frame at `position`, `orientation`) in the outer frame."""
    w, x, y, z = orientation
    outer = Rotation.from_quat([x, y, z, w])
    pos = np.asarray(position, dtype=float) + outer.apply(inner.position)
    qx, qy, qz, qw = (outer * inner.rotation).as_quat()
    return pos, np.array([qw, qx, qy, qz])


def _geoms(index: int, entity: Entity, position, orientation) -> str:
    sliding, torsion, rolling = pair_friction(entity, entity)
    bits = "" if entity.motion == "fixed" else f' conaffinity="{PROP_BITS}"'
    out = []
    for suffix, piece in primitives(entity):
        pos, quat = _compose(position, orientation, piece)
        out.append(f'<geom name="g{index}{suffix}" type="{piece.shape.kind}" size="{_vec(_size(piece.shape))}" '
                   f'pos="{_vec(pos)}" quat="{_vec(quat)}" friction="{_vec([sliding, torsion, rolling])}" '
                   f'condim="{_condim(piece, piece)}" rgba="{_vec([*entity.color, 1])}"{bits}/>')
    return "".join(out)


def _body(index: int, entity: Entity) -> str:
    """A moving entity. A free body's frame is the entity's own (so its qpos is the entity's pose); a
    hinged body's frame sits on the hinge anchor and carries the entity as an offset."""
    if entity.motion == "hinge":
        origin, frame = np.array(entity.hinge_anchor), (1.0, 0.0, 0.0, 0.0)
        offset, local = np.array(entity.position) - origin, entity.orientation
        joint = f'<joint name="j{index}" type="hinge" pos="0 0 0" axis="{_vec(entity.hinge_axis)}"/>'
    else:
        origin, frame = np.array(entity.position), entity.orientation
        offset, local = np.zeros(3), (1.0, 0.0, 0.0, 0.0)
        joint = f'<freejoint name="j{index}"/>'
    centre, axes = _compose(offset, local, Part(entity.shape, entity.center_of_mass, entity.inertia_axes))
    inertial = (f'<inertial pos="{_vec(centre)}" quat="{_vec(axes)}" mass="{entity.mass:.9g}" '
                f'diaginertia="{_vec(entity.inertia)}"/>')
    return (f'<body name="b{index}" pos="{_vec(origin)}" quat="{_vec(frame)}">{joint}{inertial}'
            f'{_geoms(index, entity, offset, local)}</body>')


def build_mjcf(world: World) -> ModelLayout:
    """MJCF text for the world, with a time step that divides the frame interval exactly."""
    substeps = steps_per_frame(world.fps)
    timestep = 1 / (world.fps * substeps)
    statics, movers, contact, equality = [], [], [], []
    static_ids = [i for i, e in enumerate(world.entities) if e.motion == "fixed"]
    mover_ids: list[int] = []
    for i, entity in enumerate(world.entities):
        if entity.motion == "fixed":
            statics.append(_geoms(i, entity, entity.position, entity.orientation))
            continue
        movers.append(_body(i, entity))
        contact.append(f'<exclude body1="world" body2="b{i}"/>')
        contact += [f'<exclude body1="b{j}" body2="b{i}"/>' for j in mover_ids]
        contact += [_pair(j, world.entities[j], i, entity, timestep) for j in static_ids + mover_ids]
        mover_ids.append(i)
        if entity.held:
            # world first: in MuJoCo 4.0 a weld written body1=b, body2=world holds only the first such body
            equality.append(f'<weld name="hold{i}" body1="world" body2="b{i}"/>')
    people = [_person(k, c) for k, c in enumerate(world.characters)]
    name = quoteattr(world.title or "cinesim")
    xml = f"""<mujoco model={name}>
  <compiler angle="radian" autolimits="true"/>
  <option timestep="{timestep:.12g}" integrator="implicitfast" cone="elliptic" jacobian="sparse" tolerance="1e-6"
          gravity="{_vec(world.gravity)}">
    <flag sleep="enable"/>
  </option>
  <default><geom solref="{2 * timestep:.9g} 1" solimp="{SOLIMP}"/></default>
  <worldbody>
    {"".join(statics)}
    {"".join(movers)}
    {"".join(people)}
  </worldbody>
  <contact>{"".join(contact)}</contact>
  <equality>{"".join(equality)}</equality>
</mujoco>"""
    return ModelLayout(xml=xml, timestep=timestep, substeps=substeps)
