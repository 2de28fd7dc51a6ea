"""Catalog props: real objects with their real sizes, masses and bounce.

Sizes and masses are the regulation values of the governing bodies (FIBA, FIFA, ITF, USGA, ITTF, USBC, WPA)
or typical retail values; `restitution` is the object's measured coefficient of restitution on a hard floor
where it differs from its material's (inflated and hollow balls). Sources in docs/materials.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cinesim.catalog.names import lookup

Shape = Literal["sphere", "box", "cylinder", "capsule"]


@dataclass(frozen=True)
class PropKind:
    name: str
    shape: Shape
    material: str
    color: str
    radius: float | None = None  # m (sphere, cylinder, capsule)
    size: tuple[float, float, float] | None = None  # m, full extents (box)
    height: float | None = None  # m, full length along the local z axis (cylinder, capsule)
    mass: float | None = None  # kg; None: density x volume
    hollow: bool = False  # thin shell (balls): inertia 2/3 m r^2
    restitution: float | None = None  # overrides the material's
    fixed: bool = False  # fixtures stay put unless the screenplay says otherwise


PROPS: dict[str, PropKind] = {
    p.name: p
    for p in (
        PropKind("basketball", "sphere", "leather", "orange", radius=0.1195, mass=0.62, hollow=True, restitution=0.83),
        PropKind("soccer_ball", "sphere", "leather", "white", radius=0.11, mass=0.43, hollow=True, restitution=0.8),
        PropKind("tennis_ball", "sphere", "felt", "lime", radius=0.0335, mass=0.058, hollow=True, restitution=0.75),
        PropKind("golf_ball", "sphere", "plastic", "white", radius=0.02135, mass=0.0459, restitution=0.83),
        PropKind("ping_pong_ball", "sphere", "plastic", "white", radius=0.02, mass=0.0027, hollow=True,
                 restitution=0.9),
        PropKind("bowling_ball", "sphere", "plastic", "navy", radius=0.1085, mass=7.0, restitution=0.6),
        PropKind("billiard_ball", "sphere", "plastic", "red", radius=0.028575, mass=0.17, restitution=0.93),
        PropKind("steel_ball", "sphere", "steel", "silver", radius=0.025, restitution=0.97),  # hardened bearing ball
        PropKind("rubber_ball", "sphere", "rubber", "red", radius=0.05, mass=0.12, hollow=True),
        PropKind("marble", "sphere", "glass", "blue", radius=0.008),
        PropKind("domino", "box", "plastic", "black", size=(0.0075, 0.024, 0.048)),  # thin along x: rows run along x
        PropKind("wooden_block", "box", "wood", "beige", size=(0.05, 0.05, 0.05)),
        PropKind("crate", "box", "wood", "brown", size=(0.4, 0.4, 0.4), mass=6.0),
        PropKind("cardboard_box", "box", "cardboard", "beige", size=(0.3, 0.3, 0.3), mass=0.4),
        PropKind("brick", "box", "concrete", "maroon", size=(0.215, 0.1025, 0.065), mass=2.3),
        PropKind("backboard", "box", "glass", "white", size=(1.8, 0.05, 1.05), mass=60.0, fixed=True),
        PropKind("plank", "box", "wood", "beige", size=(1.0, 0.2, 0.03)),
        PropKind("can", "cylinder", "aluminium", "red", radius=0.033, height=0.122, mass=0.37),
        PropKind("log", "cylinder", "wood", "brown", radius=0.12, height=1.0),
        PropKind("pin", "capsule", "wood", "white", radius=0.06, height=0.38, mass=1.5),
    )
}
SYNONYMS = {
    "football": "soccer_ball", "ball": "rubber_ball", "bowling_pin": "pin", "box": "cardboard_box",
    "block": "wooden_block", "ping_pong": "ping_pong_ball", "table_tennis_ball": "ping_pong_ball",
    "soda_can": "can", "ball_bearing": "steel_ball", "pool_ball": "billiard_ball",
}


def prop_kind(name: str) -> PropKind:
    """The catalog prop called `name` (or a synonym); ValueError with suggestions if there is none."""
    return lookup("prop kind", PROPS, name, SYNONYMS)
