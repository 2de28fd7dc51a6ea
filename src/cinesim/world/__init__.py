"""Screenplay -> World: concrete, engine-neutral entities with masses, shapes and materials."""

from cinesim.world.build import build_world
from cinesim.world.model import CameraSpec, Entity, Shape, ShotSpec, World, WorldAction

__all__ = ["CameraSpec", "Entity", "Shape", "ShotSpec", "World", "WorldAction", "build_world"]
