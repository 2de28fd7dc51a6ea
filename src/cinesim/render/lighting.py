"""The light a world is filmed in: a sun (or key light), the sky, the bounce from the ground, the haze."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cinesim.world.model import World


@dataclass(frozen=True)
class Lighting:
    sun_dir: np.ndarray  # towards the light, unit
    sun_color: np.ndarray  # linear RGB radiance scale
    sky_zenith: np.ndarray
    sky_horizon: np.ndarray
    ground_color: np.ndarray
    fog_density: float  # 1/m, aerial perspective
    exposure: float


def _unit(*v: float) -> np.ndarray:
    a = np.array(v, dtype=float)
    return a / np.linalg.norm(a)


def lighting_for(world: World) -> Lighting:
    floor = np.array(world.entities[0].material.albedo)
    if world.room is None:  # mid-afternoon sun, clear sky
        return Lighting(sun_dir=_unit(-0.45, -0.6, 0.66), sun_color=np.array([1.0, 0.94, 0.86]) * 5.0,
                        sky_zenith=np.array([0.09, 0.2, 0.55]), sky_horizon=np.array([0.5, 0.6, 0.75]),
                        ground_color=floor * 0.8, fog_density=0.0015, exposure=0.85)
    walls = np.array(world.room.walls.albedo)  # a warm key light through a window, walls bouncing light
    return Lighting(sun_dir=_unit(-0.35, -0.5, 0.8), sun_color=np.array([1.0, 0.9, 0.78]) * 5.5,
                    sky_zenith=walls * 0.55, sky_horizon=walls * 0.5, ground_color=floor * 0.5,
                    fog_density=0.0, exposure=1.0)
