"""The Screenplay: everything a user controls, as pydantic models that load from and save to YAML.

Units are SI (metres, kilograms, seconds); the world is right-handed with Z up. Angles are in degrees
(people write them); the world build converts them to radians.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from cinesim.catalog import ambience_kind, environment_kind, material, parse_color, prop_kind
from cinesim.screenplay.base import Strict
from cinesim.screenplay.cast import MAX_CAST, CastMember

Vec3 = tuple[float, float, float]
ColorSpec = str | tuple[float, float, float]

MAX_DURATION = 600.0  # seconds; longer films are a batch job, not one render
LOUDNESS = (-40.0, -14.0)  # LUFS: the targets the master reaches in every example (a film of three catches
# cannot be pushed past -14 without crushing its knocks)
RESERVED_NAMES = frozenset({"floor", "wall_north", "wall_south", "wall_east", "wall_west", "ceiling"})


def _known(find):
    """A field check: the value (when given) must be something `find` knows; its error names the closest."""

    def check(value):
        if value is not None:
            find(value)
        return value

    return check


_known_material = _known(material)
_known_color = _known(parse_color)


class Room(Strict):
    """Four walls and a ceiling around the origin."""

    size: Vec3 = Field((8.0, 6.0, 3.0), description="Inner width (x), depth (y) and height (z) in metres.")
    walls: str = Field("plaster", description="Material of walls and ceiling.")
    furnishing: float = Field(0.0, ge=0, le=10000, description=(
        "Sound absorption of what furnishes the room (sofas, curtains, cabinets, people), in m2 (Sabine): "
        "0 is a bare room that rings; a furnished living room has about 20."))

    _walls_known = field_validator("walls")(_known_material)

    @field_validator("size")
    @classmethod
    def _positive_size(cls, size: Vec3) -> Vec3:
        if min(size) <= 0.5 or max(size) > 200:
            raise ValueError(f"each side must be between 0.5 and 200 m, got {list(size)}")
        return size


class Environment(Strict):
    """The set: a named one (`cinesim catalog environments`) or a floor and optional room; the light."""

    preset: str | None = Field(None, description="Named set: studio, living_room, kitchen, gym, park, ...")
    floor: str | None = Field(None, description="Material of the floor (default: the set's, or wood).")
    room: Room | None = Field(None, description="Walls and ceiling (default: the set's; none is open air).")
    time_of_day: float | None = Field(None, ge=0, lt=24, description="Hours: sets the sun (default: the set's).")
    gravity: Vec3 = Field((0.0, 0.0, -9.81), description="Gravity vector in m/s^2.")
    ambience: str | None = Field(None, description=(
        "The soundscape under the action: room_tone, hall, kitchen, breeze, park, street, beach or none "
        "(default: the set's; a room's tone indoors, a breeze outdoors)."))

    _floor_known = field_validator("floor")(_known_material)
    _ambience_known = field_validator("ambience")(_known(ambience_kind))

    _preset_known = field_validator("preset")(_known(environment_kind))

    @field_validator("gravity")
    @classmethod
    def _sane_gravity(cls, g: Vec3) -> Vec3:
        if sum(c * c for c in g) ** 0.5 > 100:
            raise ValueError(f"magnitude must be at most 100 m/s^2, got {list(g)}")
        return g


class Hinge(Strict):
    """The prop swings about an axis through `anchor`, like a pendulum on a massless rod."""

    anchor: Vec3 = Field(description="Pivot point in metres.")
    axis: Vec3 = Field((0.0, 1.0, 0.0), description="Hinge axis direction.")
    angle: float = Field(0.0, ge=-180, le=180, description="Initial swing angle in degrees about the axis.")

    @field_validator("axis")
    @classmethod
    def _nonzero_axis(cls, axis: Vec3) -> Vec3:
        if sum(c * c for c in axis) < 1e-12:
            raise ValueError("must not be the zero vector")
        return axis


class PropSound(Strict):
    """Per-prop control of the sound its contacts make."""

    mute: bool = Field(False, description="Make no sound.")
    gain_db: float = Field(0.0, ge=-60, le=24, description="Level change of its sounds, in dB.")
    material: str | None = Field(None, description="Sound like this material instead of its own.")

    _material_known = field_validator("material")(_known_material)


class Mix(Strict):
    """How the soundtrack is mastered."""

    loudness: float = Field(-16.0, ge=LOUDNESS[0], le=LOUDNESS[1], description=(
        "Integrated loudness in LUFS (EBU R128 / ITU-R BS.1770), true peaks under -1 dBTP: -16 by default, "
        "-23 for broadcast (EBU R128), -14 for streaming services."))


RELATIONS = ("on", "inside", "next_to", "in_front_of", "behind", "resting")


class Place(Strict):
    """Where a prop goes relative to the floor or another prop; exactly one relation."""

    on: str | None = Field(None, description="Rest on top of this prop (or 'floor'), centred.")
    inside: str | None = Field(None, description="Drop into this container from just above it.")
    next_to: str | None = Field(None, description="Stand beside this prop, on what it stands on.")
    in_front_of: str | None = Field(None, description="Stand on its -y side (towards a default camera).")
    behind: str | None = Field(None, description="Stand on its +y side.")
    resting: tuple[float, float] | None = Field(None, description="At this x, y, settled onto whatever is below.")
    side: Literal["left", "right"] = Field("right", description="For next_to: -x (left) or +x (right).")
    offset: tuple[float, float] = Field((0.0, 0.0), description="Extra shift in x and y, metres.")
    gap: float = Field(0.02, ge=0, le=10, description="Space left between the two, metres.")

    @model_validator(mode="after")
    def _one_relation(self) -> Place:
        given = [r for r in RELATIONS if getattr(self, r) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(RELATIONS)}")
        return self

    @property
    def relation(self) -> tuple[str, object]:
        return next((r, getattr(self, r)) for r in RELATIONS if getattr(self, r) is not None)


class Arrangement(Strict):
    """Several props laid out together, resting on the floor or on a prop."""

    layout: Literal["row", "ring", "stack", "scatter"] = Field(description="How to lay them out.")
    props: list[str] = Field(min_length=1, description="Props to place, in order.")
    on: str = Field("floor", description="What they rest on: 'floor' or a prop.")
    centre: tuple[float, float] = Field((0.0, 0.0), description="Row start, or ring/scatter centre (x, y).")
    direction: tuple[float, float] = Field((1.0, 0.0), description="Row direction (x, y).")
    spacing: float | None = Field(None, gt=0, le=100, description="Row: centre to centre (default: touching + gap).")
    radius: float = Field(0.5, gt=0, le=100, description="Ring or scatter radius, metres.")
    gap: float = Field(0.02, ge=0, le=10, description="Space between neighbours, metres.")


class Prop(Strict):
    """An object in the scene: a catalog `kind` (basketball, domino, ...) or a primitive `shape`."""

    name: str = Field(min_length=1, max_length=64, description="Unique name, used by actions and annotations.")
    kind: str | None = Field(None, description="Catalog prop (see `cinesim catalog props`).")
    shape: Literal["sphere", "box", "cylinder", "capsule"] | None = Field(None, description="Primitive shape.")
    radius: float | None = Field(None, gt=0, le=50, description="Sphere, cylinder or capsule radius in metres.")
    size: Vec3 | None = Field(None, description="Box width, depth and height in metres.")
    height: float | None = Field(None, gt=0, le=100, description="Cylinder or capsule length along its axis (m).")
    material: str | None = Field(None, description="Material name; the kind's material by default.")
    color: ColorSpec | None = Field(None, description="Colour name, '#rrggbb' or [r, g, b] in 0..1.")
    mass: float | None = Field(None, gt=0, le=1e5, description="Mass in kg; density x volume by default.")
    restitution: float | None = Field(None, ge=0, le=1, description="Coefficient of restitution; the kind's or "
                                      "material's by default. A pair bounces with the geometric mean of theirs.")
    position: Vec3 | None = Field(None, description="Centre position in metres (or use place / an arrangement).")
    place: Place | None = Field(None, description="Position relative to another prop or the floor.")
    rotation: Vec3 = Field((0.0, 0.0, 0.0), description="Roll, pitch, yaw in degrees (about x, then y, then z).")
    velocity: Vec3 = Field((0.0, 0.0, 0.0), description="Initial linear velocity in m/s.")
    angular_velocity: Vec3 = Field((0.0, 0.0, 0.0), description="Initial angular velocity in deg/s.")
    fixed: bool | None = Field(None, description="Fixed props never move (tables, ramps, walls).")
    held: bool = Field(False, description="Held in place until a `release` action lets it go.")
    hinge: Hinge | None = Field(None, description="Swing about a pivot instead of moving freely.")
    sound: PropSound = Field(default_factory=PropSound, description="Mute, level or sounding material.")

    _material_known = field_validator("material")(_known_material)
    _color_known = field_validator("color")(_known_color)

    _kind_known = field_validator("kind")(_known(prop_kind))

    @field_validator("size")
    @classmethod
    def _positive_size(cls, size: Vec3 | None) -> Vec3 | None:
        if size is not None and not all(0 < s <= 100 for s in size):
            raise ValueError(f"each side must be in (0, 100] m, got {list(size)}")
        return size

    @model_validator(mode="after")
    def _shape_is_complete(self) -> Prop:
        if (self.kind is None) == (self.shape is None):
            raise ValueError("give exactly one of 'kind' (a catalog prop) or 'shape' (sphere, box, cylinder, capsule)")
        shape = self.shape or prop_kind(self.kind).shape
        needs = {"sphere": {"radius"}, "box": {"size"}, "cylinder": {"radius", "height"},
                 "capsule": {"radius", "height"}, "compound": set(), "lathe": set()}[shape]
        given = {f for f in ("radius", "size", "height") if getattr(self, f) is not None}
        if extra := given - needs:
            raise ValueError(f"a {shape} takes {', '.join(sorted(needs))}, not {', '.join(sorted(extra))}")
        if self.shape and (missing := needs - given):
            raise ValueError(f"a {shape} needs {', '.join(sorted(missing))}")
        if shape == "capsule" and self.radius and self.height and self.height < 2 * self.radius:
            raise ValueError("a capsule's height (tip to tip) must be at least twice its radius")
        if self.position is not None and self.place is not None:
            raise ValueError("give either position or place, not both")
        moving = any(v != 0 for v in (*self.velocity, *self.angular_velocity))
        if self.fixed and (moving or self.held or self.hinge):
            raise ValueError("a fixed prop cannot move, be held or swing on a hinge")
        if self.hinge and any(v != 0 for v in self.velocity):
            raise ValueError("a hinged prop starts with angular_velocity about its hinge, not velocity")
        return self


class _Action(Strict):
    at: float = Field(ge=0, description="Time in seconds.")
    prop: str = Field(description="Name of the prop the action applies to.")


class Impulse(_Action):
    """A kick: an impulse in newton-seconds, at the centre of mass or at a world point."""

    do: Literal["impulse"]
    impulse: Vec3 = Field(description="Impulse vector in N*s.")
    point: Vec3 | None = Field(None, description="World point where it acts; the centre of mass by default.")


class SetVelocity(_Action):
    """Set the prop's velocity outright (a throw)."""

    do: Literal["set_velocity"]
    velocity: Vec3 | None = Field(None, description="Linear velocity in m/s.")
    angular_velocity: Vec3 | None = Field(None, description="Angular velocity in deg/s.")


class Release(_Action):
    """Let go of a held prop."""

    do: Literal["release"]


class Remove(_Action):
    """Take a prop out of the scene (a support pulled away); it stops colliding and disappears."""

    do: Literal["remove"]


Action = Annotated[Impulse | SetVelocity | Release | Remove, Field(discriminator="do")]
ACTION_KINDS = ("impulse", "set_velocity", "release", "remove")


class CameraKey(Strict):
    """Where the camera is at time `at`; between keys it moves with the given easing."""

    at: float = Field(ge=0, description="Time in seconds.")
    position: Vec3 | None = Field(None, description="Camera position; unchanged if left out.")
    look_at: Vec3 | None = Field(None, description="Aim point; unchanged if left out.")
    focal_length: float | None = Field(None, ge=8, le=600, description="Focal length in mm (a zoom).")
    ease: Literal["linear", "ease_in", "ease_out", "ease_in_out"] = Field(
        "ease_in_out", description="How the move from the previous key accelerates.")


class Camera(Strict):
    """A camera on a 36 mm (full-frame) sensor."""

    name: str = Field(min_length=1, max_length=64)
    position: Vec3 = Field(description="Camera position in metres.")
    look_at: Vec3 = Field((0.0, 0.0, 0.5), description="Point the camera aims at.")
    focal_length: float = Field(35.0, ge=8, le=600, description="Lens focal length in mm (36 mm sensor width).")
    track: str | None = Field(None, description="Prop to keep in the centre of the frame (overrides look_at).")
    moves: list[CameraKey] = Field(default_factory=list, description="Keyframed moves, in time order.")

    @field_validator("moves")
    @classmethod
    def _keys_in_order(cls, moves: list[CameraKey]) -> list[CameraKey]:
        times = [k.at for k in moves]
        if times != sorted(times):
            raise ValueError("keys must be in time order")
        return moves

    @model_validator(mode="after")
    def _distinct_points(self) -> Camera:
        if sum((a - b) ** 2 for a, b in zip(self.position, self.look_at, strict=True)) < 1e-8:
            raise ValueError("position and look_at must differ")
        return self


class Shot(Strict):
    """A stretch of the film seen through one camera; shots follow each other without gaps."""

    camera: str
    start: float = Field(ge=0, description="Start time in seconds.")
    end: float | None = Field(None, gt=0, description="End time; the next shot's start (or the film's end).")


class Screenplay(Strict):
    """A film: its world, what happens in it and how it is filmed."""

    title: str = Field("Untitled", max_length=200)
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the one random generator every stage shares.")
    duration: float = Field(gt=0, le=MAX_DURATION, description=f"Length in seconds (at most {MAX_DURATION:g}).")
    fps: int = Field(24, ge=1, le=240, description="Frames per second of the film.")
    slow_motion: int = Field(1, ge=1, le=16, description="Show the action N times slower: simulated and filmed at "
                             "N x fps, played at fps; the sound slows (and lowers) with it. Times in the "
                             "screenplay stay simulated seconds.")
    resolution: tuple[int, int] = Field((854, 480), description="Width and height in pixels.")
    environment: Environment = Field(default_factory=Environment)
    props: list[Prop] = Field(default_factory=list, max_length=2000)
    actions: list[Action] = Field(default_factory=list, max_length=10000)
    cameras: list[Camera] = Field(default_factory=list)
    shots: list[Shot] = Field(default_factory=list)
    arrangements: list[Arrangement] = Field(default_factory=list, description="Rows, rings, stacks, scatters.")
    cast: list[CastMember] = Field(default_factory=list, max_length=MAX_CAST, description="People: body, look, cues.")
    sound: Mix = Field(default_factory=Mix, description="The soundtrack's master: its loudness.")

    @field_validator("resolution")
    @classmethod
    def _even_resolution(cls, res: tuple[int, int]) -> tuple[int, int]:
        w, h = res
        if not (16 <= w <= 7680 and 16 <= h <= 4320) or w % 2 or h % 2:
            raise ValueError(f"width and height must be even, 16..7680 by 16..4320 pixels, got {w}x{h}")
        return res

    @model_validator(mode="after")
    def _references_resolve(self) -> Screenplay:
        problems = _reference_problems(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self


def _hand_problems(sp: Screenplay, names: dict[str, int], people: dict[str, int]) -> list[str]:
    """Throws and catches name free props; a throw's target person exists; a prop is thrown by whoever holds
    it: its first thrower (from the start), or someone with a catch cue for it since their last throw."""
    from cinesim.catalog.names import unknown_name_message

    problems: list[str] = []
    cues: dict[str, list[tuple[float, str, str, str]]] = {}
    for i, person in enumerate(sp.cast):
        for j, cue in enumerate(person.actions):
            where = f"cast[{i}].actions[{j}]"
            for name in ("target", "look_at"):
                value = getattr(cue, name)
                if isinstance(value, str) and (value not in people or value == person.name):
                    others = [p for p in people if p != person.name]
                    problems.append(f"{where}.{name}: {unknown_name_message('person', value, others)}")
            if cue.prop is None:
                continue
            if cue.prop not in names:
                problems.append(f"{where}.prop: {unknown_name_message('prop', cue.prop, list(names))}")
                continue
            prop = sp.props[names[cue.prop]]
            if prop.fixed or prop.hinge or prop.held:
                problems.append(f"{where}.prop: {cue.prop!r} must be a free prop (not fixed, hinged or held)")
            cues.setdefault(cue.prop, []).append((cue.at, cue.do, person.name, where))
    for prop, timeline in cues.items():
        first_throw = True
        waiting: set[str] = set()
        for _, do, name, where in sorted(timeline):
            if do == "catch":
                waiting.add(name)
            elif first_throw or name in waiting:
                first_throw = False
                waiting.discard(name)
            else:
                problems.append(f"{where}: {name} throws {prop!r} without catching it first (add a catch cue)")
    return problems


def _reference_problems(sp: Screenplay) -> list[str]:
    """Cross-field checks: names are unique and every reference points at something that exists."""
    from cinesim.catalog.names import unknown_name_message

    problems: list[str] = []
    names: dict[str, int] = {}
    for i, prop in enumerate(sp.props):
        if prop.name in RESERVED_NAMES:
            problems.append(f"props[{i}].name: {prop.name!r} is reserved for the environment")
        if prop.name in names:
            problems.append(f"props[{i}].name: {prop.name!r} is already used by props[{names[prop.name]}]")
        names.setdefault(prop.name, i)
    people: dict[str, int] = {}
    for i, person in enumerate(sp.cast):
        if person.name in RESERVED_NAMES or person.name in names or person.name in people:
            problems.append(f"cast[{i}].name: {person.name!r} is already used")
        people.setdefault(person.name, i)
    problems += _hand_problems(sp, names, people)
    arranged: dict[str, int] = {}
    for i, group in enumerate(sp.arrangements):
        if group.on != "floor" and group.on not in names:
            problems.append(f"arrangements[{i}].on: {unknown_name_message('prop', group.on, [*names, 'floor'])}")
        for name in group.props:
            if name not in names:
                problems.append(f"arrangements[{i}].props: {unknown_name_message('prop', name, names)}")
            elif name in arranged:
                problems.append(f"arrangements[{i}].props: {name!r} is already in arrangements[{arranged[name]}]")
            arranged.setdefault(name, i)
    for i, prop in enumerate(sp.props):
        placed = (prop.position is not None) + (prop.place is not None) + (prop.name in arranged)
        if placed != 1:
            problems.append(f"props[{i}]: give it exactly one of position, place, or a place in an arrangement")
        if prop.place is not None and prop.place.resting is None:
            relation, target = prop.place.relation
            if target not in names and not (target == "floor" and relation == "on"):
                allowed = [*names, "floor"] if relation == "on" else names
                problems.append(f"props[{i}].place.{relation}: {unknown_name_message('prop', target, allowed)}")
            elif target == prop.name:
                problems.append(f"props[{i}].place.{relation}: a prop cannot be placed relative to itself")
    for i, action in enumerate(sp.actions):
        where = f"actions[{i}]"
        if action.prop not in names:
            problems.append(f"{where}.prop: {unknown_name_message('prop', action.prop, names)}")
            continue
        target = sp.props[names[action.prop]]
        fixed = target.fixed if target.fixed is not None else (target.kind and prop_kind(target.kind).fixed)
        if action.at > sp.duration:
            problems.append(f"{where}.at: {action.at:g} s is after the end of the film ({sp.duration:g} s)")
        if action.do == "release" and not target.held:
            problems.append(f"{where}: prop {action.prop!r} is not held (set held: true on it)")
        if action.do in ("impulse", "set_velocity") and fixed:
            problems.append(f"{where}: prop {action.prop!r} is fixed and cannot be pushed")
        if action.do == "release" and target.held and fixed:
            problems.append(f"{where}: prop {action.prop!r} is fixed and cannot be held or released "
                            "(set fixed: false on it)")
    cameras: dict[str, int] = {}
    for i, cam in enumerate(sp.cameras):
        if cam.track is not None and cam.track not in names:
            problems.append(f"cameras[{i}].track: {unknown_name_message('prop', cam.track, names)}")
        if cam.name in cameras:
            problems.append(f"cameras[{i}].name: {cam.name!r} is already used by cameras[{cameras[cam.name]}]")
        cameras.setdefault(cam.name, i)
    for i, shot in enumerate(sp.shots):
        if shot.camera not in cameras:
            problems.append(f"shots[{i}].camera: {unknown_name_message('camera', shot.camera, cameras)}")
    problems += _shot_timing_problems(sp)
    return problems


def _shot_timing_problems(sp: Screenplay) -> list[str]:
    problems = []
    if sp.shots and sp.shots[0].start != 0:
        problems.append("shots[0].start: the first shot must start at 0")
    for i, shot in enumerate(sp.shots):
        nxt = sp.shots[i + 1].start if i + 1 < len(sp.shots) else sp.duration
        if shot.end is not None and abs(shot.end - nxt) > 1e-9:
            problems.append(f"shots[{i}].end: {shot.end:g} s leaves a gap or overlap; the next cut is at {nxt:g} s")
        if nxt <= shot.start:
            problems.append(f"shots[{i}].start: shots must be in time order and inside the film")
    return problems
