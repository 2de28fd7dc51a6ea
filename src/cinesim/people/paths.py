"""Paths that go around things: A* on a 10 cm grid of the floor, obstacles grown by a body's half width,
then shortened to the fewest straight legs that still clear them (line of sight on the grid)."""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

import numpy as np

CELL = 0.1  # m
CLEARANCE = 0.3  # m: a walker's half width and a little room
NEAR_ENDS = 0.5  # m: obstacles this close to the start or the mark do not block (sitting down at a chair)
MARGIN = 3.0  # m: how far outside the start and mark an open set's grid reaches


@dataclass
class Floorplan:
    """What a walker must go around: footprints as rectangles (centre, yaw, half sizes), discs, and walls."""

    rectangles: list[tuple[np.ndarray, float, np.ndarray]] = field(default_factory=list)
    discs: list[tuple[np.ndarray, float]] = field(default_factory=list)
    room: tuple[float, float] | None = None  # inner half width and depth of the walls, if any

    def blocked(self, points: np.ndarray) -> np.ndarray:
        """Which (n, 2) points a walker's centre cannot be at."""
        out = np.zeros(len(points), dtype=bool)
        for centre, yaw, half in self.rectangles:
            c, s = math.cos(yaw), math.sin(yaw)
            local = (points - centre) @ np.array([[c, -s], [s, c]])
            out |= np.all(np.abs(local) < half + CLEARANCE, axis=1)
        for centre, radius in self.discs:
            out |= np.linalg.norm(points - centre, axis=1) < radius + CLEARANCE
        if self.room is not None:
            out |= np.any(np.abs(points) > np.asarray(self.room) - CLEARANCE, axis=1)
        return out


def plan_path(start: np.ndarray, goal: np.ndarray, floorplan: Floorplan | None) -> np.ndarray:
    """Waypoints from start to goal, (n, 2), n >= 2; a straight line when nothing is in the way."""
    start, goal = np.asarray(start, dtype=float), np.asarray(goal, dtype=float)
    if floorplan is None:
        return np.array([start, goal])
    low = np.minimum(start, goal) - MARGIN
    high = np.maximum(start, goal) + MARGIN
    if floorplan.room is not None:
        low, high = np.maximum(low, -np.asarray(floorplan.room)), np.minimum(high, np.asarray(floorplan.room))
    shape = np.maximum(np.ceil((high - low) / CELL).astype(int) + 1, 2)
    xs, ys = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    centres = low + np.stack([xs, ys], axis=-1).reshape(-1, 2) * CELL
    free = ~floorplan.blocked(centres)
    ends = (np.linalg.norm(centres - start, axis=1) < NEAR_ENDS) | (np.linalg.norm(centres - goal, axis=1) < NEAR_ENDS)
    free = (free | ends).reshape(shape)
    cell = lambda p: tuple(np.clip(np.rint((p - low) / CELL).astype(int), 0, shape - 1))  # noqa: E731
    route = _astar(free, cell(start), cell(goal))
    if route is None:
        return np.array([start, goal])  # nowhere around: straight on, as asked
    points = [start] + [low + np.array(c) * CELL for c in route[1:-1]] + [goal]
    return _shorten(np.array(points), free, low)


def _astar(free: np.ndarray, start: tuple, goal: tuple) -> list[tuple[int, int]] | None:
    steps = [(dx, dy, math.hypot(dx, dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy]
    best = {start: 0.0}
    came: dict[tuple, tuple] = {}
    queue = [(math.dist(start, goal), start)]
    while queue:
        _, here = heapq.heappop(queue)
        if here == goal:
            route = [here]
            while route[-1] in came:
                route.append(came[route[-1]])
            return route[::-1]
        for dx, dy, cost in steps:
            there = (here[0] + dx, here[1] + dy)
            if not (0 <= there[0] < free.shape[0] and 0 <= there[1] < free.shape[1]) or not free[there]:
                continue
            total = best[here] + cost
            if total < best.get(there, math.inf):
                best[there], came[there] = total, here
                heapq.heappush(queue, (total + math.dist(there, goal), there))
    return None


def _shorten(points: np.ndarray, free: np.ndarray, low: np.ndarray) -> np.ndarray:
    """Keep a waypoint only where the straight line past it would cross a blocked cell."""
    kept = [points[0]]
    i = 0
    while i < len(points) - 1:
        j = len(points) - 1
        while j > i + 1 and not _clear(points[i], points[j], free, low):
            j -= 1
        kept.append(points[j])
        i = j
    return np.array(kept)


def _clear(a: np.ndarray, b: np.ndarray, free: np.ndarray, low: np.ndarray) -> bool:
    samples = max(2, int(np.linalg.norm(b - a) / (CELL / 2)) + 1)
    cells = np.rint((a + (b - a) * np.linspace(0, 1, samples)[:, None] - low) / CELL).astype(int)
    cells = np.clip(cells, 0, np.array(free.shape) - 1)
    return bool(free[cells[:, 0], cells[:, 1]].all())
