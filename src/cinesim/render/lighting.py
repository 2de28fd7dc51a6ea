"""The light a world is filmed in: a key light (the sun outdoors, a window, studio or ceiling lights
indoors), the sky or the room's bounce, the ground's bounce, the haze. Outdoors the time of day places
the sun and colours it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cinesim.world.model import World


@dataclass(frozen=True)
class Lighting:
    sun_dir: np.ndarray  # towards the key light, unit
    sun_color: np.ndarray  # linear RGB radiance scale
    sky_zenith: np.ndarray
    sky_horizon: np.ndarray
    ground_color: np.ndarray
    fog_density: float  # 1/m, aerial perspective
    exposure: float


def _unit(*v: float) -> np.ndarray:
    a = np.array(v, dtype=float)
    return a / np.linalg.norm(a)


def _smooth(edge0: float, edge1: float, x: float) -> float:
    t = min(max((x - edge0) / (edge1 - edge0), 0.0), 1.0)
    return t * t * (3 - 2 * t)


def sun_direction(hours: float) -> tuple[np.ndarray, float]:
    """Towards the sun, and its elevation in degrees: rising in the east (+x) at 6, highest in the south (-y,
    behind a camera looking north) at noon, setting in the west at 18; never quite below the horizon."""
    day = (hours - 6.0) / 12.0
    elevation = max(4.0, 62.0 * math.sin(math.pi * min(max(day, 0.0), 1.0)))
    azimuth = math.pi * day
    horizontal = math.cos(math.radians(elevation))
    return _unit(horizontal * math.cos(azimuth), -horizontal * math.sin(azimuth),
                 math.sin(math.radians(elevation))), elevation


def lighting_for(world: World) -> Lighting:
    floor = np.array(world.entities[0].material.albedo)
    light, hours = world.set.light, world.set.time_of_day
    if light == "sun":
        direction, elevation = sun_direction(hours)
        day = _smooth(0.0, 35.0, elevation)  # golden hour below ~35 degrees
        color = (np.array([1.0, 0.55, 0.28]) * (1 - day) + np.array([1.0, 0.94, 0.86]) * day)
        return Lighting(sun_dir=direction, sun_color=color * (5.0 * (0.45 + 0.55 * day)),
                        sky_zenith=np.array([0.09, 0.2, 0.55]) * (0.5 + 0.5 * day),
                        sky_horizon=np.array([0.5, 0.6, 0.75]) * day + np.array([0.75, 0.52, 0.38]) * (1 - day),
                        ground_color=floor * 0.8, fog_density=0.0015, exposure=0.85)
    walls = np.array(world.room.walls.albedo) if world.room else floor
    if light == "studio":  # a big soft key from front left, white walls filling the shadows
        return Lighting(sun_dir=_unit(-0.5, -0.6, 0.62), sun_color=np.array([1.0, 0.98, 0.95]) * 4.0,
                        sky_zenith=walls * 0.8, sky_horizon=walls * 0.75, ground_color=floor * 0.7,
                        fog_density=0.0, exposure=0.9)
    if light == "overhead":  # rows of ceiling lights: light from above, a warm even fill
        return Lighting(sun_dir=_unit(0.15, -0.2, 1.0), sun_color=np.array([1.0, 0.93, 0.82]) * 4.5,
                        sky_zenith=walls * 0.45, sky_horizon=walls * 0.4, ground_color=floor * 0.5,
                        fog_density=0.0, exposure=1.0)
    direction, _ = sun_direction(hours)  # "window": the day's sun, coming in low through a window
    return Lighting(sun_dir=_unit(direction[0], direction[1], max(direction[2], 0.45)),
                    sun_color=np.array([1.0, 0.9, 0.78]) * 5.5, sky_zenith=walls * 0.55, sky_horizon=walls * 0.5,
                    ground_color=floor * 0.5, fog_density=0.0, exposure=1.0)
