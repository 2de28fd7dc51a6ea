"""The World: a concrete, engine-neutral description of everything that exists in the film.

The world build resolves names (catalog kinds, materials, colours), computes masses and inertias, and
places environment pieces (floor, walls); the physics engine and the renderer read the World and never
the Screenplay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cinesim.catalog import Material
from cinesim.people.body import Body
from cinesim.people.look import Appearance
from cinesim.people.performance import Step
from cinesim.shapes import IDENTITY, Quat, Shape, Vec3

__all__ = ["Shape"]


@dataclass(frozen=True)
class Entity:
    """One rigid thing: a prop, the floor or a wall. Its pose is the pose of its shape's centre."""

    name: str
    source: str  # where it came from in the screenplay, for error messages: "props[2]", "environment.floor"
    shape: Shape
    material: Material
    color: tuple[float, float, float]  # linear RGB
    restitution: float  # the entity's own coefficient of restitution (pairs combine them)
    mass: float  # kg (0 for fixed entities)
    inertia: Vec3  # principal moments, kg m^2, about `center_of_mass` along `inertia_axes`
    position: Vec3
    orientation: Quat
    velocity: Vec3 = (0.0, 0.0, 0.0)
    angular_velocity: Vec3 = (0.0, 0.0, 0.0)  # rad/s, world frame
    motion: Literal["free", "fixed", "hinge"] = "free"
    hinge_anchor: Vec3 | None = None
    hinge_axis: Vec3 | None = None  # unit vector
    held: bool = False
    environment: bool = False  # part of the set (floor, walls), not a prop
    kind: str | None = None  # the catalog prop it was made from
    center_of_mass: Vec3 = (0.0, 0.0, 0.0)  # in the shape frame (off the origin for compounds)
    inertia_axes: Quat = IDENTITY  # principal axes in the shape frame
    sound_gain: float = 1.0  # linear; 0 mutes it
    sound_material: Material | None = None  # rings like this instead of its own material

    @property
    def sounding(self) -> Material:
        return self.sound_material or self.material


@dataclass(frozen=True)
class WorldAction:
    """Something done to an entity at a time: 'impulse' (vector in N s, at `point`), 'set_velocity',
    'release' or 'remove'."""

    time: float
    entity: int
    kind: Literal["impulse", "set_velocity", "release", "remove"]
    vector: Vec3 | None = None  # impulse, or linear velocity
    angular: Vec3 | None = None  # angular velocity in rad/s (set_velocity)
    point: Vec3 | None = None


@dataclass(frozen=True)
class CameraKey:
    time: float
    position: Vec3
    look_at: Vec3
    focal_length: float
    ease: str  # linear, ease_in, ease_out, ease_in_out: how the move from the previous key accelerates


@dataclass(frozen=True)
class CameraSpec:
    name: str
    position: Vec3
    look_at: Vec3
    focal_length: float  # mm on a 36 mm wide sensor
    track: int | None = None  # entity kept in the centre of the frame
    keys: tuple[CameraKey, ...] = ()  # keyframed moves (complete: every key has every value)


@dataclass(frozen=True)
class ShotSpec:
    camera: int
    start: float
    end: float


@dataclass(frozen=True)
class RoomSpec:
    size: Vec3
    walls: Material
    furnishing: float = 0.0  # m2 of sound absorption besides the walls', floor's and ceiling's


@dataclass(frozen=True)
class SetSpec:
    """The set as the renderer and the sound need it."""

    name: str | None  # the named environment, if any
    light: str  # sun, window, studio or overhead
    time_of_day: float  # hours
    ambience: str = "breeze"  # catalog.AMBIENCES: the soundscape under the action


@dataclass(frozen=True)
class Character:
    """A person: a body built by anny, how it is dressed, where it starts and its cues."""

    name: str
    source: str  # "cast[0]"
    body: Body
    appearance: Appearance
    position: tuple[float, float]
    heading: float  # radians, 0 = facing +x
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Throw:
    """A prop carried on a person's palm until `release` (s), then thrown to reach `aim` (or the palm of
    person `at_person`) at `angle`."""

    entity: int
    person: int
    release: float
    aim: Vec3 | None
    angle: float  # radians above the horizon
    at_person: int | None = None


@dataclass(frozen=True)
class Catch:
    """From `ready` (s) the person's palm waits for the prop and takes it when it comes within reach."""

    entity: int
    person: int
    ready: float


@dataclass(frozen=True)
class World:
    """Times are simulated seconds. `fps` is the rate frames are simulated and rendered at; the film shows
    them at `fps / slow_motion` (slow motion: more frames per simulated second, played at the normal rate)."""

    title: str
    seed: int
    duration: float
    fps: int
    resolution: tuple[int, int]
    gravity: Vec3
    entities: tuple[Entity, ...]
    actions: tuple[WorldAction, ...]
    cameras: tuple[CameraSpec, ...]
    shots: tuple[ShotSpec, ...]
    room: RoomSpec | None = None
    set: SetSpec = SetSpec(None, "sun", 15.0)
    slow_motion: int = 1
    loudness: float = -16.0  # LUFS: the soundtrack's master (the screenplay's `sound.loudness`)
    characters: tuple[Character, ...] = ()
    throws: tuple[Throw, ...] = ()
    catches: tuple[Catch, ...] = ()

    @property
    def frame_count(self) -> int:
        return round(self.duration * self.fps)

    @property
    def playback_fps(self) -> int:
        return self.fps // self.slow_motion
