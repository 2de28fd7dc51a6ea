"""Where the camera goes: framed on what actually moved in the simulation, from the angle the prompt asks
for, kept inside the walls indoors; a long journey or a close-up follows the main mover instead."""

from __future__ import annotations

import math

import numpy as np

from cinesim.catalog.environments import environment_kind
from cinesim.director.parse import Plan
from cinesim.timeline import Timeline

SENSOR_HALF_WIDTH = 18.0  # mm: half of a 36 mm sensor
GROUND_FROM = 1.0  # m: frame the floor too when all the action happens higher than this
FOLLOW_BEYOND = 6.0  # m: a scene wider than this is followed rather than framed whole
VIEWS = {  # azimuth (degrees from +x, where the camera stands), elevation, focal length, margin
    "default": (-62.0, 20.0, 35.0, 1.15), "side": (-90.0, 6.0, 40.0, 1.15), "above": (-90.0, 78.0, 35.0, 1.15),
    "aerial": (-70.0, 55.0, 24.0, 1.3), "low": (-75.0, 3.0, 28.0, 1.15), "close": (-62.0, 14.0, 60.0, 1.0),
    "wide": (-62.0, 20.0, 24.0, 1.5), "medium": (-62.0, 16.0, 45.0, 1.1),
}


def _basis(direction: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    forward = -direction
    right = np.cross(forward, [0.0, 0.0, 1.0])
    right = right / np.linalg.norm(right) if np.linalg.norm(right) > 1e-6 else np.array([1.0, 0.0, 0.0])
    return right, np.cross(right, forward)


def fit_distance(points: np.ndarray, centre: np.ndarray, direction: np.ndarray, tan_w: float, tan_h: float,
                 margin: float) -> float:
    """How far back along `direction` a camera aimed at `centre` must stand for every point to be in frame."""
    right, up = _basis(direction)
    rel = points - centre
    need = rel @ direction + np.maximum(np.abs(rel @ right) / tan_w, np.abs(rel @ up) / tan_h) * margin
    return float(max(need.max(), 0.3))


def fit_focal(points: np.ndarray, position: np.ndarray, centre: np.ndarray, aspect: float, margin: float) -> float:
    """The focal length (mm) that fits every point from a given camera position."""
    direction = (position - centre) / np.linalg.norm(position - centre)
    right, up = _basis(direction)
    rel = points - position
    depth = np.maximum(rel @ -direction, 0.05)
    spread = max(float((np.abs(rel @ right) / depth).max()), float((np.abs(rel @ up) / depth).max()) / aspect)
    return float(np.clip(SENSOR_HALF_WIDTH / max(spread * margin, 1e-3), 12.0, 200.0))


def frame_camera(plan: Plan, focus: list[str], sizes: dict[str, float], timeline: Timeline, duration: float,
                 resolution: tuple[int, int], seed: int) -> dict:
    """`focus`: what the film is about, the main mover first among the things that move."""
    names = [n for n in dict.fromkeys(focus) if n in timeline.entity_names]
    frames = max(2, round(duration * timeline.fps))
    paths = timeline.positions[:frames, [timeline.index(n) for n in names]] if names else np.zeros((frames, 1, 3))
    travel = np.linalg.norm(np.diff(paths, axis=0), axis=-1).sum(axis=0)
    lead = int(np.argmax(travel > 0.05)) if (travel > 0.05).any() else 0
    view = next((v for v in plan.camera if v in VIEWS), "default")
    azimuth, elevation, focal, margin = VIEWS[view]
    if "close" in plan.camera:
        focal, margin = 60.0, 1.0
    if "wide" in plan.camera:
        focal, margin = 24.0, 1.5
    if view in ("default", "close", "wide", "medium", "low") and travel[lead] > 0.3:
        azimuth = _across(paths[:, lead, :2], azimuth)
    # The action: the first 60 % of the film (what follows is mostly things rolling away), without the
    # few percent of points furthest out (a box flung far by a wrecking ball).
    grow = np.minimum(np.array([sizes.get(n, 0.1) for n in names] or [0.1]), 0.5)[None, :, None]  # not a pole's reach
    action = paths[: max(2, int(0.6 * frames))]
    points = np.concatenate([(action - grow).reshape(-1, 3), (action + grow).reshape(-1, 3)])
    low, high = np.percentile(points, 3, axis=0), np.percentile(points, 97, axis=0)
    if low[2] > GROUND_FROM:  # action high in the air (a shot at a hoop): keep the floor in frame to place it
        low[2] = 0.0
    points = _corners(low, high)
    lead_span = float(np.linalg.norm(np.ptp(action[:, lead], axis=0)))
    follow = names and (view == "close" or "track" in plan.camera or (lead_span > FOLLOW_BEYOND and view != "wide"))
    if follow:  # frame the lead's neighbourhood at its first position, then pan with it
        reach = max(3 * sizes.get(names[lead], 0.1), 0.35 if view == "close" else 1.2)
        start = paths[0, lead]
        held = _corners(start - reach / 2, start + reach / 2)  # what the turning camera holds at any moment
        points = np.concatenate([held, held + (paths[frames // 2, lead] - start) * 0.5])  # half-way panned
    centre = (points.max(axis=0) + points.min(axis=0)) / 2
    width, height = resolution
    tan_w = SENSOR_HALF_WIDTH / focal
    tan_h = tan_w * height / width
    az, el = math.radians(azimuth), math.radians(elevation)
    direction = np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)])
    distance = fit_distance(points, centre, direction, tan_w, tan_h, margin)
    position = centre + distance * direction
    clamped = _inside_room(plan, centre, position)
    if not np.allclose(clamped, position):  # pulled in by a wall: a wider lens
        position = clamped
        # A tracking camera turns with the lead: it needs the lead's neighbourhood in frame, not the whole pan
        # at once (fitting the pan put a bowling ball's run on a 12 mm lens, the pins a few pixels tall).
        focal = fit_focal(held, position, start, height / width, margin) if follow else \
            fit_focal(points, position, centre, height / width, margin)
    position[2] = max(position[2], 0.12)
    camera = {"name": "main", "position": _r(position), "look_at": _r(centre), "focal_length": round(focal, 1)}
    if follow:
        camera["track"] = names[lead]
    moves = []
    if "push_in" in plan.camera:
        moves.append({"at": duration, "position": _r(centre + 0.62 * (position - centre)), "ease": "ease_in_out"})
    if "handheld" in plan.camera:
        rng = np.random.default_rng(seed)
        for t in np.arange(0.5, duration + 0.01, 0.5):
            shake = rng.normal(0, 0.012, 3) * max(1.0, distance / 3)
            moves.append({"at": round(float(t), 2), "position": _r(position + shake),
                          "look_at": _r(centre + rng.normal(0, 0.008, 3)), "ease": "ease_in_out"})
    if moves:
        camera["moves"] = sorted(moves, key=lambda m: m["at"])
    return camera


def _corners(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The eight corners of an axis-aligned box."""
    return np.array([np.where(np.array(c, bool), high, low) for c in np.ndindex(2, 2, 2)])


def _across(path: np.ndarray, default: float) -> float:
    """Film a path from the side, turned a little towards the front (-y), as a camera operator would."""
    travel = path[-1] - path[0]
    if np.linalg.norm(travel) < 0.3:
        return default
    heading = math.degrees(math.atan2(travel[1], travel[0]))
    side = min((heading - 90.0, heading + 90.0), key=lambda a: math.sin(math.radians(a)))
    return side + (-28.0 if math.cos(math.radians(side)) > 0 else 28.0)


def _inside_room(plan: Plan, centre: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Indoors the camera stays inside the walls, pulled in along its line of sight."""
    if not plan.environment or environment_kind(plan.environment).room is None:
        return position
    w, d, h = environment_kind(plan.environment).room
    low, high = np.array([-w / 2 + 0.3, -d / 2 + 0.3, 0.15]), np.array([w / 2 - 0.3, d / 2 - 0.3, h - 0.3])
    offset = position - centre
    scale = 1.0
    for axis in range(3):
        if offset[axis] > 1e-9 and position[axis] > high[axis]:
            scale = min(scale, (high[axis] - centre[axis]) / offset[axis])
        if offset[axis] < -1e-9 and position[axis] < low[axis]:
            scale = min(scale, (low[axis] - centre[axis]) / offset[axis])
    return centre + offset * max(scale, 0.05)


def _r(v: np.ndarray) -> list[float]:
    return [round(float(c), 3) for c in v]
