"""Relations instead of coordinates: props on, inside, next to, in front of or behind others, and rows,
rings, stacks and seeded scatters. Each prop's footprint comes from its shape as rotated in the screenplay,
so a mug lands on a table's top and a row of dominoes stands edge to edge."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.spatial.transform import Rotation

from cinesim.errors import ScreenplayError
from cinesim.screenplay.models import Arrangement, Prop, Screenplay
from cinesim.shapes import Shape, corners

RESTING_GAP = 0.0005  # m: dropped this far above what carries it, it settles without a bounce
SCATTER_TRIES = 2000


class Footprint:
    """A prop's axis-aligned extent around its centre, as rotated in the screenplay."""

    def __init__(self, shape: Shape, rotation_deg) -> None:
        points = Rotation.from_euler("xyz", rotation_deg, degrees=True).apply(corners(shape))
        self.low, self.high = points.min(axis=0), points.max(axis=0)

    @property
    def half(self) -> np.ndarray:
        return (self.high - self.low) / 2


def resolve_positions(screenplay: Screenplay, shape_of: Callable[[Prop], Shape]) -> dict[str, tuple]:
    """Centre position of every prop, explicit or derived from its relation."""
    props = {p.name: p for p in screenplay.props}
    boxes = {p.name: Footprint(shape_of(p), p.rotation) for p in screenplay.props}
    # Props placed by `resting` settle last, onto whatever ends up below them.
    others = [p.name for p in screenplay.props if not (p.place and p.place.resting is not None)]
    where: dict[str, np.ndarray] = {p.name: np.array(p.position, float) for p in props.values() if p.position}
    rng = np.random.default_rng(screenplay.seed)
    pending = [("prop", p) for p in props.values() if p.place] + [("group", g) for g in screenplay.arrangements]
    while pending:
        left = []
        for kind, item in pending:
            done = _place(item, where, boxes, others) if kind == "prop" else _arrange(item, where, boxes, rng)
            if not done:
                left.append((kind, item))
        if len(left) == len(pending):
            names = ", ".join(repr(i.name if k == "prop" else "+".join(i.props)) for k, i in left)
            raise ScreenplayError(f"placement: these props are placed relative to each other in a loop: {names}")
        pending = left
    return {name: tuple(float(c) for c in xyz) for name, xyz in where.items()}


def _top(name: str, where, boxes) -> float:
    return 0.0 if name == "floor" else float(where[name][2] + boxes[name].high[2])


def _resting_z(name: str, support: str, where, boxes) -> float:
    return _top(support, where, boxes) - boxes[name].low[2] + RESTING_GAP


def _support(target: str, where, boxes) -> float:
    """Height of the surface `target` stands on: its bottom."""
    return float(where[target][2] + boxes[target].low[2])


def _place(prop: Prop, where, boxes, others: list[str]) -> bool:
    relation, target = prop.place.relation
    if relation == "resting":
        if any(name not in where for name in others):
            return False
        return _rest(prop, np.array(target, float) + prop.place.offset, where, boxes)
    if target != "floor" and target not in where:
        return False
    me, dx, dy = boxes[prop.name], *prop.place.offset
    if relation in ("on", "inside"):
        x, y = (0.0, 0.0) if target == "floor" else where[target][:2]
        z = _resting_z(prop.name, target, where, boxes)
        if relation == "inside":  # from just above the rim: it falls in and settles
            z = _top(target, where, boxes) - me.low[2] + 0.01
        where[prop.name] = np.array([x + dx, y + dy, z])
        return True
    other = boxes[target]
    gap = prop.place.gap
    x, y, _ = where[target]
    if relation == "next_to":
        sign = 1 if prop.place.side == "right" else -1
        x += sign * (other.half[0] + me.half[0] + gap)
    else:
        sign = -1 if relation == "in_front_of" else 1
        y += sign * (other.half[1] + me.half[1] + gap)
    z = _support(target, where, boxes) - me.low[2] + RESTING_GAP
    where[prop.name] = np.array([x + dx, y + dy, z])
    return True


def _rest(prop: Prop, xy: np.ndarray, where, boxes) -> bool:
    """Settle onto the highest thing placed so far whose footprint covers (x, y)."""
    support = "floor"
    for name in where:
        low, high = where[name][:2] + boxes[name].low[:2], where[name][:2] + boxes[name].high[:2]
        if np.all(xy >= low) and np.all(xy <= high) and _top(name, where, boxes) > _top(support, where, boxes):
            support = name
    where[prop.name] = np.array([*xy, _resting_z(prop.name, support, where, boxes)])
    return True


def _arrange(group: Arrangement, where, boxes, rng) -> bool:
    if group.on != "floor" and group.on not in where:
        return False
    base = np.zeros(2) if group.on == "floor" else where[group.on][:2]
    centre = base + np.array(group.centre)
    names = group.props
    if group.layout == "stack":
        support = group.on
        for name in names:
            where[name] = np.array([*centre, _resting_z(name, support, where, boxes)])
            support = name
        return True
    if group.layout == "row":
        direction = np.array(group.direction, float)
        direction /= max(np.linalg.norm(direction), 1e-9)
        along = 0.0
        for k, name in enumerate(names):
            reach = float(np.abs(boxes[name].half[:2] @ np.abs(direction)))
            if k:
                previous = float(np.abs(boxes[names[k - 1]].half[:2] @ np.abs(direction)))
                along += group.spacing if group.spacing else previous + reach + group.gap
            xy = centre + direction * along
            where[name] = np.array([*xy, _resting_z(name, group.on, where, boxes)])
        return True
    if group.layout == "ring":
        for k, name in enumerate(names):
            angle = 2 * np.pi * k / len(names)
            xy = centre + group.radius * np.array([np.cos(angle), np.sin(angle)])
            where[name] = np.array([*xy, _resting_z(name, group.on, where, boxes)])
        return True
    placed: list[tuple[np.ndarray, float]] = []  # scatter: seeded, no two footprints overlapping
    for name in names:
        reach = float(np.linalg.norm(boxes[name].half[:2]))
        for _ in range(SCATTER_TRIES):
            radius, angle = group.radius * np.sqrt(rng.random()), 2 * np.pi * rng.random()
            xy = centre + radius * np.array([np.cos(angle), np.sin(angle)])
            if all(np.linalg.norm(xy - other) >= reach + r + group.gap for other, r in placed):
                break
        else:
            raise ScreenplayError(f"arrangements: no room to scatter {name!r} within {group.radius:g} m; "
                                  "give a larger radius")
        placed.append((xy, reach))
        where[name] = np.array([*xy, _resting_z(name, group.on, where, boxes)])
    return True
