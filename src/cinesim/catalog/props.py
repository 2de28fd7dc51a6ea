"""Catalog props: real objects with their real sizes, masses and bounce.

Sizes and masses are the regulation values of the governing bodies (FIBA, FIFA, ITF, USGA, ITTF, USBC, WPA)
or typical retail values; `restitution` is the object's measured coefficient of restitution on a hard floor
where it differs from its material's (inflated and hollow balls). Sources in docs/materials.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from cinesim.catalog.names import lookup
from cinesim.shapes import Part, Shape, part, ring

Primitive = Literal["sphere", "box", "cylinder", "capsule", "compound", "lathe"]


@dataclass(frozen=True)
class PropKind:
    name: str
    shape: Primitive
    material: str
    color: str
    radius: float | None = None  # m (sphere, cylinder, capsule)
    size: tuple[float, float, float] | None = None  # m, full extents (box)
    height: float | None = None  # m, full length along the local z axis (cylinder, capsule)
    mass: float | None = None  # kg; None: density x volume
    hollow: bool = False  # thin shell (balls): inertia 2/3 m r^2
    restitution: float | None = None  # overrides the material's
    fixed: bool = False  # fixtures stay put unless the screenplay says otherwise
    parts: tuple[Part, ...] = ()  # compound props: convex parts around the frame's origin (the bounding centre)
    profile: tuple[tuple[float, float], ...] = ()  # lathe props: (radius, z) from bottom to top; `parts` collide


def _box(x: float, y: float, z: float) -> Shape:
    return Shape("box", half_extents=(x / 2, y / 2, z / 2))


def _vessel(radius: float, height: float, wall: float, flare_deg: float, segments: int) -> tuple[Part, ...]:
    """An open vessel (bowl, mug, glass, pot): a base disc and a ring of wall slabs, flared outward."""
    base = part(Shape("cylinder", radius=radius * 0.62 if flare_deg else radius - wall, half_length=wall / 2),
                (0, 0, -height / 2 + wall / 2))
    slant = height / math.cos(math.radians(flare_deg))
    mid_radius = radius - (height / 2) * math.tan(math.radians(flare_deg)) - wall / 2
    width = 2 * math.pi * (radius + wall) / segments * 1.05
    walls = ring(lambda: _box(wall, width, slant), segments, mid_radius, 0.0, flare_deg)
    return (base, *walls)


RIM_HEIGHT = 3.05  # m above the floor
POLE_BEHIND = 1.8  # m from the board to the pole (behind the baseline, as on a court)


def _hoop() -> tuple[Part, ...]:
    """Backboard (1.8 x 1.05 m, facing -y) with a 45 cm rim 15 cm in front of it, 37.5 cm below its centre,
    on a pole standing behind it."""
    rim_radius, depth = 0.2275, 0.15 + 0.2275
    segments = 16
    chord = math.pi * rim_radius / segments
    rim = tuple(part(Shape("capsule", radius=0.01, half_length=chord),
                     (rim_radius * math.cos(a), -depth + rim_radius * math.sin(a), -0.375),
                     (90.0, 0.0, math.degrees(a)))
                for a in (2 * math.pi * k / segments for k in range(segments)))
    board = part(_box(1.8, 0.05, 1.05))
    neck = part(_box(0.06, 0.15, 0.03), (0, -0.1, -0.375))
    # A pole from the floor behind the board: resting on a floor, the rim stands at the regulation 3.05 m.
    pole = part(_box(0.14, 0.14, RIM_HEIGHT + 0.375 - 0.2), (0, POLE_BEHIND, -(RIM_HEIGHT + 0.375 + 0.2) / 2))
    arm = part(_box(0.08, POLE_BEHIND, 0.08), (0, POLE_BEHIND / 2 + 0.025, -0.2))
    return (board, neck, *rim, pole, arm)


def _table(width: float, depth: float, height: float, top: float, leg: float) -> tuple[Part, ...]:
    legs = tuple(part(_box(leg, leg, height - top), (sx * (width / 2 - leg), sy * (depth / 2 - leg), -top / 2))
                 for sx in (-1, 1) for sy in (-1, 1))
    return (part(_box(width, depth, top), (0, 0, height / 2 - top / 2)), *legs)


def _chair() -> tuple[Part, ...]:
    seat = part(_box(0.45, 0.45, 0.04), (0, 0, 0.0))
    legs = tuple(part(_box(0.04, 0.04, 0.43), (sx * 0.2, sy * 0.2, -0.235)) for sx in (-1, 1) for sy in (-1, 1))
    back = part(_box(0.45, 0.04, 0.43), (0, 0.205, 0.235))
    return (seat, *legs, back)


def _shelf() -> tuple[Part, ...]:
    sides = tuple(part(_box(0.02, 0.3, 1.8), (sx * 0.39, 0, 0)) for sx in (-1, 1))
    boards = tuple(part(_box(0.76, 0.3, 0.02), (0, 0, z)) for z in (-0.89, -0.3, 0.3, 0.89))
    return (*sides, *boards)


def _stairs(steps: int, rise: float, run: float, width: float) -> tuple[Part, ...]:
    total = steps * rise
    return tuple(part(_box(run * (steps - k), width, rise), (run * k / 2, 0, -total / 2 + rise * (k + 0.5)))
                 for k in range(steps))


def _sofa() -> tuple[Part, ...]:
    seat = part(_box(2.0, 0.9, 0.25), (0, 0, -0.2))
    back = part(_box(2.0, 0.22, 0.5), (0, 0.34, 0.17))
    arms = tuple(part(_box(0.2, 0.9, 0.35), (sx * 0.9, 0, -0.05)) for sx in (-1, 1))
    cushions = tuple(part(_box(0.78, 0.66, 0.12), (sx * 0.4, -0.1, -0.015)) for sx in (-1, 1))
    return (seat, back, *arms, *cushions)


def _bench() -> tuple[Part, ...]:
    return (part(_box(1.5, 0.35, 0.05), (0, 0, 0.2)),
            *(part(_box(0.05, 0.3, 0.4), (sx * 0.65, 0, -0.025)) for sx in (-1, 1)))


def _toy_car() -> tuple[Part, ...]:
    wheel = Shape("cylinder", radius=0.012, half_length=0.004)
    wheels = tuple(part(wheel, (sx * 0.028, sy * 0.02, -0.012), (90, 0, 0)) for sx in (-1, 1) for sy in (-1, 1))
    return (part(_box(0.08, 0.036, 0.018), (0, 0, -0.003)), part(_box(0.04, 0.03, 0.014), (-0.005, 0, 0.013)),
            *wheels)


def _duck() -> tuple[Part, ...]:
    return (part(Shape("sphere", radius=0.035), (0, 0, -0.012)),  # body
            part(Shape("sphere", radius=0.022), (0.026, 0, 0.03)),  # head
            part(Shape("capsule", radius=0.007, half_length=0.008), (0.05, 0, 0.026), (0, 90, 0)))  # beak


def _teddy() -> tuple[Part, ...]:
    limb = Shape("capsule", radius=0.028, half_length=0.03)
    return (part(Shape("sphere", radius=0.075), (0, 0, -0.035)),  # body
            part(Shape("sphere", radius=0.055), (0, 0, 0.085)),  # head
            *(part(Shape("sphere", radius=0.02), (sx * 0.04, 0, 0.135)) for sx in (-1, 1)),  # ears
            *(part(limb, (sx * 0.085, -0.02, -0.02), (0, sx * 40, 0)) for sx in (-1, 1)),  # arms
            *(part(limb, (sx * 0.045, -0.06, -0.072), (-70, 0, 0)) for sx in (-1, 1)))  # legs, tips level with the body


PIN_HEIGHT = 0.381  # m (15 in)
# The pin's contour after USBC's specification drawing (approximate): (diameter, height) in inches from the
# base; the head's dome closed in steps.
_PIN_CONTOUR = ((2.030, 0.0), (2.828, 0.75), (3.906, 2.25), (4.510, 3.375), (4.766, 4.5), (4.563, 5.875),
                (3.703, 7.25), (2.472, 8.625), (1.965, 9.375), (1.797, 10.0), (1.870, 10.875), (2.231, 11.75),
                (2.545, 12.625), (2.547, 13.5), (2.140, 14.375), (1.77, 14.65), (1.18, 14.86), (0.63, 14.96),
                (0.0, 15.0))


def _pin() -> tuple[tuple[tuple[float, float], ...], tuple[Part, ...]]:
    """A tenpin turned to that contour (centred on its height), and the primitives it collides as, each
    inside the contour: a flat base it stands on, the body, the belly, the shoulder, the neck and the head."""
    inch, half = 0.0254, PIN_HEIGHT / 2
    profile = tuple((round(d * inch / 2, 5), round(h * inch - half, 5)) for d, h in _PIN_CONTOUR)

    def capsule(radius: float, low: float, high: float) -> Part:  # from and to heights above the base (m)
        return part(Shape("capsule", radius=radius, half_length=(high - low) / 2), (0, 0, (low + high) / 2 - half))

    parts = (part(Shape("cylinder", radius=0.0258, half_length=0.01), (0, 0, 0.01 - half)),
             capsule(0.04, 0.045, 0.10), part(Shape("sphere", radius=0.059), (0, 0, 0.1143 - half)),
             capsule(0.04, 0.15, 0.18), capsule(0.022, 0.22, 0.28), capsule(0.031, 0.33, 0.35))
    return profile, parts


PIN_PROFILE, PIN_PARTS = _pin()


def _goal() -> tuple[Part, ...]:
    post = Shape("capsule", radius=0.06, half_length=1.22)
    bar = Shape("capsule", radius=0.06, half_length=3.66)
    return (part(post, (-3.66, 0, 0)), part(post, (3.66, 0, 0)), part(bar, (0, 0, 1.22), (0, 90, 0)))


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
        PropKind("pin", "lathe", "wood", "white", mass=1.55, profile=PIN_PROFILE, parts=PIN_PARTS),
        # more balls and small things
        PropKind("volleyball", "sphere", "leather", "white", radius=0.105, mass=0.27, hollow=True, restitution=0.75),
        PropKind("baseball", "sphere", "leather", "white", radius=0.0366, mass=0.145, restitution=0.55),
        PropKind("beach_ball", "sphere", "plastic", "yellow", radius=0.25, mass=0.15, hollow=True, restitution=0.7),
        PropKind("dice", "box", "plastic", "white", size=(0.016, 0.016, 0.016)),
        PropKind("coin", "cylinder", "steel", "gold", radius=0.0121, height=0.00175, mass=0.0057),
        PropKind("hockey_puck", "cylinder", "rubber", "black", radius=0.0381, height=0.0254, mass=0.17),
        PropKind("book", "box", "cardboard", "navy", size=(0.17, 0.24, 0.03), mass=0.5),
        PropKind("bottle", "cylinder", "glass", "green", radius=0.035, height=0.25, mass=0.4),
        PropKind("plate", "cylinder", "ceramic", "white", radius=0.13, height=0.02, mass=0.5),
        PropKind("barrel", "cylinder", "wood", "brown", radius=0.3, height=0.9, mass=20.0),
        PropKind("rock", "sphere", "concrete", "grey", radius=0.1, mass=9.0),
        PropKind("ramp", "box", "wood", "beige", size=(1.2, 0.6, 0.03), fixed=True),
        # concave things, built from convex parts
        PropKind("bowl", "compound", "ceramic", "cream", mass=0.5, parts=_vessel(0.09, 0.06, 0.006, 40.0, 16)),
        PropKind("mug", "compound", "ceramic", "white", mass=0.35, parts=_vessel(0.042, 0.095, 0.006, 0.0, 12)),
        PropKind("glass", "compound", "glass", "white", mass=0.25, parts=_vessel(0.037, 0.12, 0.004, 4.0, 12)),
        PropKind("pot", "compound", "steel", "silver", mass=1.4, parts=_vessel(0.11, 0.14, 0.004, 0.0, 16)),
        PropKind("basketball_hoop", "compound", "glass", "white", mass=80.0, fixed=True, parts=_hoop()),
        PropKind("table", "compound", "wood", "brown", mass=25.0, fixed=True,
                 parts=_table(1.2, 0.8, 0.75, 0.04, 0.05)),
        PropKind("desk", "compound", "wood", "beige", mass=30.0, fixed=True,
                 parts=_table(1.4, 0.7, 0.74, 0.03, 0.04)),
        PropKind("counter", "compound", "marble", "white", mass=120.0, fixed=True,
                 parts=_table(2.0, 0.6, 0.9, 0.04, 0.3)),
        PropKind("chair", "compound", "wood", "brown", mass=5.0, parts=_chair()),
        PropKind("shelf", "compound", "wood", "beige", mass=20.0, fixed=True, parts=_shelf()),
        PropKind("stairs", "compound", "concrete", "grey", mass=800.0, fixed=True, parts=_stairs(4, 0.17, 0.28, 1.2)),
        PropKind("goal", "compound", "aluminium", "white", mass=80.0, fixed=True, parts=_goal()),
        PropKind("sofa", "compound", "fabric", "navy", mass=45.0, fixed=True, parts=_sofa()),
        PropKind("bench", "compound", "wood", "brown", mass=15.0, parts=_bench()),
        PropKind("toy_car", "compound", "plastic", "red", mass=0.05, parts=_toy_car()),
        PropKind("rubber_duck", "compound", "rubber", "yellow", mass=0.025, parts=_duck(), restitution=0.5),
        PropKind("teddy_bear", "compound", "fabric", "brown", mass=0.35, parts=_teddy()),
        PropKind("bowling_lane", "box", "wood", "beige", size=(18.3, 1.05, 0.05), fixed=True),
        PropKind("wall", "box", "brick", "maroon", size=(3.0, 0.2, 2.4), fixed=True),
        PropKind("apple", "sphere", "fruit", "red", radius=0.038, mass=0.18),
        PropKind("orange", "sphere", "fruit", "orange", radius=0.037, mass=0.14),
        PropKind("banana", "capsule", "fruit", "yellow", radius=0.018, height=0.19, mass=0.12),
    )
}

# Real-world masses (kg) each prop must fall within: regulation ranges for sports balls (FIBA, FIFA, ITF, USGA,
# ITTF, USBC, WPA, FIVB, MLB, NHL), retail ranges for the rest. Tested in tests/test_catalog.py.
MASS_RANGES: dict[str, tuple[float, float]] = {
    "basketball": (0.567, 0.650), "soccer_ball": (0.41, 0.45), "tennis_ball": (0.056, 0.0594),
    "golf_ball": (0.040, 0.04593), "ping_pong_ball": (0.0026, 0.0028), "bowling_ball": (2.7, 7.3),
    "billiard_ball": (0.156, 0.170), "steel_ball": (0.4, 0.6), "rubber_ball": (0.05, 0.3), "marble": (0.003, 0.02),
    "domino": (0.005, 0.02), "wooden_block": (0.05, 0.15), "crate": (3.0, 15.0), "cardboard_box": (0.2, 1.0),
    "brick": (1.8, 3.5), "backboard": (30.0, 100.0), "plank": (2.0, 8.0), "can": (0.3, 0.4), "log": (15.0, 60.0),
    "pin": (1.4, 1.64), "volleyball": (0.26, 0.28), "baseball": (0.142, 0.149), "beach_ball": (0.1, 0.3),
    "dice": (0.003, 0.006), "coin": (0.002, 0.012), "hockey_puck": (0.156, 0.170), "book": (0.2, 1.5),
    "bottle": (0.3, 1.2), "plate": (0.3, 0.8), "barrel": (10.0, 40.0), "rock": (1.0, 30.0), "ramp": (5.0, 25.0),
    "bowl": (0.3, 0.8), "mug": (0.25, 0.45), "glass": (0.15, 0.4), "pot": (0.8, 2.5), "basketball_hoop": (50, 150),
    "table": (15.0, 40.0), "desk": (20.0, 50.0), "counter": (80.0, 200.0), "chair": (3.0, 8.0),
    "shelf": (10.0, 40.0), "stairs": (500.0, 1500.0), "goal": (50.0, 120.0), "sofa": (30.0, 80.0),
    "bench": (8.0, 30.0), "toy_car": (0.02, 0.1), "rubber_duck": (0.01, 0.05), "teddy_bear": (0.15, 0.8),
    "bowling_lane": (300.0, 900.0), "wall": (1000.0, 3000.0), "apple": (0.1, 0.25), "orange": (0.1, 0.2),
    "banana": (0.09, 0.16),
}
SYNONYMS = {
    "football": "soccer_ball", "ball": "rubber_ball", "bowling_pin": "pin", "box": "cardboard_box",
    "block": "wooden_block", "ping_pong": "ping_pong_ball", "table_tennis_ball": "ping_pong_ball",
    "soda_can": "can", "ball_bearing": "steel_ball", "pool_ball": "billiard_ball", "cup": "mug",
    "hoop": "basketball_hoop", "basket": "basketball_hoop", "die": "dice", "stone": "rock", "bookshelf": "shelf",
    "kitchen_counter": "counter", "staircase": "stairs", "soccer_goal": "goal", "saucepan": "pot",
    "couch": "sofa", "duck": "rubber_duck", "teddy": "teddy_bear", "car": "toy_car", "lane": "bowling_lane",
}


def prop_kind(name: str) -> PropKind:
    """The catalog prop called `name` (or a synonym); ValueError with suggestions if there is none."""
    return lookup("prop kind", PROPS, name, SYNONYMS)
