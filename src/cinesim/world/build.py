"""Screenplay -> World: resolve names, compute masses and inertias, set the stage."""

from __future__ import annotations

import math
import sys

import numpy as np
from scipy.spatial.transform import Rotation

from cinesim.catalog import ambience_kind, environment_kind, material, parse_color, prop_kind
from cinesim.people.body import load_body
from cinesim.people.gestures import RELEASE
from cinesim.people.look import Appearance
from cinesim.people.performance import AIMED, Step
from cinesim.screenplay.cast import CastMember
from cinesim.screenplay.models import Camera, Environment, Prop, Room, Screenplay
from cinesim.world.cameras import default_camera
from cinesim.world.geometry import mass_properties, volume
from cinesim.world.model import (
    CameraKey,
    CameraSpec,
    Catch,
    Character,
    Entity,
    RoomSpec,
    SetSpec,
    Shape,
    ShotSpec,
    Throw,
    World,
    WorldAction,
)
from cinesim.world.placement import RESTING_GAP, Footprint, resolve_positions

EYE_HEIGHT = 1.55  # m: where to look at a person (their start mark)
CHEST_HEIGHT = 1.3  # m: where to point at a person
OPEN_GROUND_HALF_SIZE = 60.0  # m; the visible ground of an open-space set
WALL_THICKNESS = 0.2  # m


def build_world(screenplay: Screenplay) -> World:
    """The concrete world a screenplay describes. Pure: the same screenplay gives an equal World."""
    env = _resolved_environment(screenplay.environment)
    positions = resolve_positions(screenplay, lambda prop: prop_shape(prop)[0])
    entities = _environment(env) + _dressing(screenplay.environment.preset) + tuple(
        _prop_entity(prop, f"props[{i}]", positions[prop.name]) for i, prop in enumerate(screenplay.props))
    index = {e.name: i for i, e in enumerate(entities)}
    people = {person.name: i for i, person in enumerate(screenplay.cast)}
    actions = tuple(sorted((_action(a, index) for a in screenplay.actions), key=lambda a: a.time))
    cameras = tuple(_camera(c, index) for c in screenplay.cameras)
    room = env.room
    room_spec = RoomSpec(room.size, material(room.walls), room.furnishing) if room else None
    if not cameras:
        cameras = (default_camera(entities, room_spec, screenplay.resolution),)
    return World(
        title=screenplay.title, seed=screenplay.seed, duration=screenplay.duration,
        fps=screenplay.fps * screenplay.slow_motion, slow_motion=screenplay.slow_motion,
        loudness=screenplay.sound.loudness,
        resolution=screenplay.resolution, gravity=screenplay.environment.gravity, entities=entities,
        actions=actions, cameras=cameras, shots=_shots(screenplay, cameras), room=room_spec,
        set=_set(env, screenplay.environment.preset),
        characters=tuple(_character(person, f"cast[{i}]", screenplay.cast) for i, person in enumerate(screenplay.cast)),
        throws=tuple(_throw(cue, i, index, people) for i, person in enumerate(screenplay.cast)
                     for cue in person.actions if cue.do == "throw"),
        catches=tuple(Catch(index[cue.prop], i, cue.at) for i, person in enumerate(screenplay.cast)
                      for cue in person.actions if cue.do == "catch"),
    )


def _throw(cue, person: int, index: dict[str, int], people: dict[str, int]) -> Throw:
    at_person = people.get(cue.target) if isinstance(cue.target, str) else None
    aim = None if at_person is not None else cue.target
    return Throw(index[cue.prop], person, cue.at + RELEASE, aim, math.radians(cue.angle), at_person)


def _character(person: CastMember, source: str, cast: list[CastMember]) -> Character:
    look = person.look
    appearance = Appearance(skin=look.skin, hair=look.hair, eyes=look.eyes, shirt=look.shirt, sleeves=look.sleeves,
                            trousers=look.trousers, dress=look.dress, shoes=look.shoes, jacket=look.jacket)
    marks = {other.name: other.position for other in cast}

    def point(value, height: float):
        """A point as given, or where a person stands (at their start), `height` above the floor."""
        if isinstance(value, str):
            return (*marks[value], height)
        return value

    steps = tuple(Step(cue.at, cue.do, cue.to, math.radians(cue.facing) if cue.facing is not None else None,
                       cue.prop, point(cue.target, CHEST_HEIGHT) if cue.do in AIMED else None,
                       point(cue.look_at, EYE_HEIGHT)) for cue in person.actions)
    return Character(person.name, source, load_body(person.body.model_dump(), progress=_tell), appearance,
                     person.position, math.radians(person.facing), steps)


def _tell(message: str) -> None:
    print(f"cinesim: {message}", file=sys.stderr, flush=True)


def _dressing(preset: str | None) -> tuple[Entity, ...]:
    """The named set's own furniture and fixtures, resting on its floor, named "set_<kind>_<n>"."""
    if not preset:
        return ()
    pieces = []
    for n, (kind, (x, y), yaw) in enumerate(environment_kind(preset).dressing):
        prop = Prop(name=f"set_{kind}_{n}", kind=kind, position=(x, y, 0.0), rotation=(0.0, 0.0, yaw))
        z = -Footprint(prop_shape(prop)[0], prop.rotation).low[2] + RESTING_GAP
        pieces.append(_prop_entity(prop, "environment.preset", (x, y, z)))
    return tuple(pieces)


def _resolved_environment(env: Environment) -> Environment:
    """Fill what the screenplay left out from its named set (or the defaults: a wooden floor, open air)."""
    kind = environment_kind(env.preset) if env.preset else None
    floor = env.floor or (kind.floor if kind else "wood")
    room = env.room or (Room(size=kind.room, walls=kind.walls, furnishing=kind.furnishing)
                        if kind and kind.room else None)
    time_of_day = env.time_of_day if env.time_of_day is not None else (kind.time_of_day if kind else 15.0)
    return env.model_copy(update={"floor": floor, "room": room, "time_of_day": time_of_day})


def _set(env: Environment, preset: str | None) -> SetSpec:
    kind = environment_kind(preset) if preset else None
    light = kind.light if kind else ("sun" if env.room is None else "window")
    ambience = env.ambience or (kind.ambience if kind else ("breeze" if env.room is None else "room_tone"))
    return SetSpec(kind.name if kind else None, light, float(env.time_of_day), ambience_kind(ambience))


def _camera(camera: Camera, index: dict[str, int]) -> CameraSpec:
    """Fill every key with the values in force at its time, so the rig only interpolates."""
    keys, state = [], (camera.position, camera.look_at, camera.focal_length)
    for key in camera.moves:
        state = (key.position or state[0], key.look_at or state[1], key.focal_length or state[2])
        keys.append(CameraKey(key.at, *state, key.ease))
    track = index[camera.track] if camera.track else None
    return CameraSpec(camera.name, camera.position, camera.look_at, camera.focal_length, track, tuple(keys))


def _shots(screenplay: Screenplay, cameras: tuple[CameraSpec, ...]) -> tuple[ShotSpec, ...]:
    if not screenplay.shots:
        return (ShotSpec(0, 0.0, screenplay.duration),)
    names = [c.name for c in cameras]
    starts = [s.start for s in screenplay.shots] + [screenplay.duration]
    return tuple(ShotSpec(names.index(s.camera), starts[i], starts[i + 1]) for i, s in enumerate(screenplay.shots))


def _environment(env: Environment) -> tuple[Entity, ...]:
    floor = material(env.floor)
    if env.room is None:
        half = (OPEN_GROUND_HALF_SIZE, OPEN_GROUND_HALF_SIZE, 0.0)
        return (_static("floor", "environment.floor", Shape("plane", half_extents=half), floor, (0, 0, 0)),)
    w, d, h = env.room.size
    walls = material(env.room.walls)
    t = WALL_THICKNESS
    pieces = [_static("floor", "environment.floor", Shape("plane", half_extents=(w / 2, d / 2, 0)), floor, (0, 0, 0))]
    for name, centre, half in (
        ("wall_north", (0, d / 2 + t / 2, h / 2), (w / 2 + t, t / 2, h / 2)),
        ("wall_south", (0, -d / 2 - t / 2, h / 2), (w / 2 + t, t / 2, h / 2)),
        ("wall_east", (w / 2 + t / 2, 0, h / 2), (t / 2, d / 2, h / 2)),
        ("wall_west", (-w / 2 - t / 2, 0, h / 2), (t / 2, d / 2, h / 2)),
        ("ceiling", (0, 0, h + t / 2), (w / 2 + t, d / 2 + t, t / 2)),
    ):
        pieces.append(_static(name, "environment.room", Shape("box", half_extents=half), walls, centre))
    return tuple(pieces)


def _static(name: str, source: str, shape: Shape, mat, position) -> Entity:
    return Entity(name=name, source=source, shape=shape, material=mat, color=mat.albedo,
                  restitution=mat.restitution, mass=0.0, inertia=(0.0, 0.0, 0.0),
                  position=tuple(float(p) for p in position), orientation=(1.0, 0.0, 0.0, 0.0),
                  motion="fixed", environment=True)


def prop_shape(prop: Prop) -> tuple[Shape, object]:
    """The prop's shape (its own dimensions, else its catalog kind's) and its catalog kind, if any."""
    kind = prop_kind(prop.kind) if prop.kind else None
    if kind and kind.profile:
        return Shape("lathe", parts=kind.parts, profile=kind.profile), kind
    if kind and kind.parts:
        return Shape("compound", parts=kind.parts), kind
    shape = prop.shape or kind.shape
    radius = prop.radius or (kind.radius if kind else None) or 0.0
    size = prop.size or (kind.size if kind else None) or (0.0, 0.0, 0.0)
    height = prop.height or (kind.height if kind else None) or 0.0
    if shape == "capsule":
        return Shape("capsule", radius=radius, half_length=height / 2 - radius), kind
    return Shape(shape, radius=radius, half_extents=tuple(s / 2 for s in size), half_length=height / 2), kind


def _prop_entity(prop: Prop, source: str, where: tuple[float, float, float]) -> Entity:
    shape, kind = prop_shape(prop)
    mat = material(prop.material or (kind.material if kind else "plastic"))
    mass = prop.mass or (kind.mass if kind and kind.mass else mat.density * volume(shape))
    hollow = bool(kind and kind.hollow and prop.mass is None and prop.radius is None)
    fixed = prop.fixed if prop.fixed is not None else bool(kind and kind.fixed)
    color = parse_color(prop.color) if prop.color is not None else (
        parse_color(kind.color) if kind else mat.albedo)
    restitution = prop.restitution if prop.restitution is not None else (
        kind.restitution if kind and kind.restitution and not prop.material else mat.restitution)
    rotation = Rotation.from_euler("xyz", prop.rotation, degrees=True)
    position = np.array(where, dtype=float)
    omega = np.radians(prop.angular_velocity)
    motion, anchor, axis = ("fixed" if fixed else "free"), None, None
    if prop.hinge:
        motion = "hinge"
        anchor = np.array(prop.hinge.anchor, dtype=float)
        axis = np.array(prop.hinge.axis, dtype=float)
        axis /= np.linalg.norm(axis)
        swing = Rotation.from_rotvec(axis * math.radians(prop.hinge.angle))
        position = anchor + swing.apply(position - anchor)
        rotation = swing * rotation
        omega = axis * float(np.dot(omega, axis))
    x, y, z, w = rotation.as_quat()
    com, moments, axes = mass_properties(shape, mass, hollow)
    return Entity(
        name=prop.name, source=source, shape=shape, material=mat, color=color, restitution=restitution,
        mass=0.0 if fixed else float(mass), inertia=(0.0, 0.0, 0.0) if fixed else moments,
        center_of_mass=com, inertia_axes=axes,
        position=tuple(float(p) for p in position), orientation=(float(w), float(x), float(y), float(z)),
        velocity=tuple(float(v) for v in prop.velocity), angular_velocity=tuple(float(o) for o in omega),
        motion=motion, held=prop.held, kind=kind.name if kind else None,
        sound_gain=0.0 if prop.sound.mute else 10 ** (prop.sound.gain_db / 20),
        sound_material=material(prop.sound.material) if prop.sound.material else None,
        hinge_anchor=tuple(float(a) for a in anchor) if anchor is not None else None,
        hinge_axis=tuple(float(a) for a in axis) if axis is not None else None,
    )


def _action(action, index: dict[str, int]) -> WorldAction:
    entity = index[action.prop]
    if action.do == "impulse":
        return WorldAction(action.at, entity, "impulse", vector=action.impulse, point=action.point)
    if action.do == "set_velocity":
        angular = tuple(math.radians(a) for a in action.angular_velocity) if action.angular_velocity else None
        return WorldAction(action.at, entity, "set_velocity", vector=action.velocity, angular=angular)
    return WorldAction(action.at, entity, action.do)
