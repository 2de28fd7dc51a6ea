"""Where things stand: props as screenplay entries, with the geometry the director needs to set a scene
(how tall a support is, how wide a thing is), taken from the catalog's own shapes."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cinesim.catalog.props import prop_kind
from cinesim.director.parse import Thing
from cinesim.screenplay import Prop
from cinesim.world.build import prop_shape
from cinesim.world.placement import Footprint

GRAVITY = 9.81


def extent(kind: str, rotation=(0.0, 0.0, 0.0), size: tuple | None = None) -> Footprint:
    prop = Prop(name="probe", kind=kind, position=(0.0, 0.0, 0.0), rotation=rotation, size=size)
    return Footprint(prop_shape(prop)[0], rotation)


def height(kind: str, rotation=(0.0, 0.0, 0.0)) -> float:
    box = extent(kind, rotation)
    return float(box.high[2] - box.low[2])


def half_width(kind: str) -> float:
    return float(max(extent(kind).half[:2]))


@dataclass
class Stage:
    """The screenplay being written: props, arrangements, actions, and what the film is about."""

    props: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    arrangements: list[dict] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)  # names the camera must keep in frame
    notes: list[tuple[str, str]] = field(default_factory=list)  # (what, why) for --explain
    floor_z: float = 0.0

    def add(self, thing: Thing | None, name: str, kind: str, **fields) -> str:
        entry = {"name": name, "kind": kind} | {k: v for k, v in fields.items() if v is not None}
        if thing is not None:
            k = len(thing.names)
            if thing.colors and "color" not in entry:
                entry["color"] = thing.colors[k % len(thing.colors)]
            if thing.material and "material" not in entry and thing.material != _kind_material(kind):
                entry["material"] = thing.material
            thing.names.append(name)
        self.props.append(entry)
        return name

    def mover(self, thing: Thing | None, name: str, kind: str, **fields) -> str:
        """A prop that moves in the scene, even if its kind usually stands fixed (a sofa can fall)."""
        fixed = False if _kind_fixed(kind) and "hinge" not in fields else None
        return self.add(thing, name, kind, fixed=fixed, **fields)

    def support(self, thing: Thing | None, kind: str, name: str, xy=(0.0, 0.0), rotation=(0.0, 0.0, 0.0)) -> float:
        """A fixed piece standing on the floor at xy; returns the height of its top."""
        box = extent(kind, rotation)
        self.add(thing, name, kind, position=[xy[0], xy[1], round(float(-box.low[2]) + 1e-4, 4)],
                 rotation=list(rotation) if any(rotation) else None, fixed=True)
        return float(box.high[2] - box.low[2])

    def name(self, kind: str) -> str:
        taken = {p["name"] for p in self.props}
        base = kind
        if base not in taken:
            return base
        k = 2
        while f"{base}_{k}" in taken:
            k += 1
        return f"{base}_{k}"


def _kind_material(kind: str) -> str:
    return prop_kind(kind).material


def _kind_fixed(kind: str) -> bool:
    return bool(prop_kind(kind).fixed)


def ballistic(start: np.ndarray, target: np.ndarray, flight: float) -> np.ndarray:
    """The launch velocity that carries a body from `start` to `target` in `flight` seconds under gravity."""
    return (np.asarray(target, float) - np.asarray(start, float)) / flight + np.array([0, 0, 0.5 * GRAVITY * flight])
