"""People on the GPU: each body's meshes (full and coarser levels of detail) with their look and skin weights,
skinned in the vertex shader."""

from __future__ import annotations

import numpy as np

from cinesim.people.lod import Level, levels
from cinesim.people.look import shell_lift, vertex_colors
from cinesim.world.model import Character

CLOTH_REPEAT = 4.0  # fabric weave repeats per metre of the rest body
PERSON_FORMAT = ("3f 3f 3f 2f 4f 4f", "in_position", "in_normal", "in_color", "in_surface", "in_bones", "in_weights")
SHADOW_FORMAT = ("3f 12x 12x 8x 4f 4f", "in_position", "in_bones", "in_weights")


def person_meshes(character: Character) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per level of detail: interleaved vertices (position, normal, colour, (roughness, cloth), bone
    indices, weights) and triangle indices."""
    body = character.body
    colors, roughness, cloth = vertex_colors(body, character.appearance)
    lift = shell_lift(body, character.appearance)
    return [(_interleave(level, body, colors, roughness, cloth, lift), level.faces) for level in levels(body)]


def _interleave(level: Level, body, colors, roughness, cloth, lift) -> np.ndarray:
    s = level.source
    positions = level.vertices + level.normals * lift[s, None]  # hair and jacket stand off the skin
    return np.hstack([positions, level.normals, colors[s], roughness[s, None], cloth[s, None],
                      body.bone_indices[s].astype("f4"), body.bone_weights[s]]).astype("f4")
