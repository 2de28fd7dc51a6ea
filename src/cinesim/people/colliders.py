"""A person's body as the physics sees it: sixteen capsules fitted to the rest mesh, each carried rigidly
by one bone, so a performance gives every capsule's pose at every frame.

Each capsule covers the vertices whose strongest bone belongs to its part (fingers go with the hand, toes
with the foot, eyes with the head). A limb's axis is the part's principal axis; the trunk's three parts lie
across the body (left to right), as a trunk is wider than it is deep; the head is a ball. The radius leaves
a quarter of the part's skin outside the capsule, so a capsule stays within a few centimetres of the skin
(inside it at the widest places, slightly out of it at the narrowest).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from cinesim.people.body import Body
from cinesim.people.quaternions import from_matrix

_SIDES = ("L", "R")
# part: (the bones whose skin it covers — a bone's children join it unless they start a part of their own)
PARTS: dict[str, tuple[str, ...]] = {
    "hips": ("root", "pelvis.L", "pelvis.R", "spine05", "spine04"),
    "waist": ("spine03",),
    "chest": ("spine02", "spine01", "clavicle.L", "clavicle.R", "shoulder01.L", "shoulder01.R"),
    "head": ("neck01", "neck02", "neck03", "head"),
    **{f"upper_arm.{s}": (f"upperarm01.{s}", f"upperarm02.{s}") for s in _SIDES},
    **{f"forearm.{s}": (f"lowerarm01.{s}", f"lowerarm02.{s}") for s in _SIDES},
    **{f"hand.{s}": (f"wrist.{s}",) for s in _SIDES},
    **{f"thigh.{s}": (f"upperleg01.{s}", f"upperleg02.{s}") for s in _SIDES},
    **{f"shin.{s}": (f"lowerleg01.{s}", f"lowerleg02.{s}") for s in _SIDES},
    **{f"foot.{s}": (f"foot.{s}",) for s in _SIDES},
}
ACROSS = ("hips", "waist", "chest")  # parts whose capsule lies along the body's left-right axis
END_PERCENTILE = 2.0  # the capsule's length spans the part's skin between these percentiles along the axis
RADIUS_PERCENTILE = 75.0  # of the skin's distances from the axis: a quarter of the part's skin lies outside


@dataclass(frozen=True)
class Capsule:
    """In the rest pose (character frame); `bone` carries it."""

    part: str
    bone: int
    start: np.ndarray  # (3,)
    end: np.ndarray  # (3,)
    radius: float


@cache
def body_capsules(body: Body) -> tuple[Capsule, ...]:
    """The capsules of a body, fitted once per body."""
    owner = {body.bone(bone): part for part, bones in PARTS.items() for bone in bones}
    part_of_bone = []
    for b in range(len(body.bone_names)):
        up = b
        while up not in owner:
            up = int(body.parents[up])
        part_of_bone.append(owner[up])
    strongest = body.bone_indices[np.arange(len(body.vertices)), body.bone_weights.argmax(axis=1)]
    parts = np.array(part_of_bone)[strongest.astype(int)]
    vertices = body.vertices.astype(float)
    return tuple(_fit(part, body.bone(PARTS[part][0]), vertices[parts == part]) for part in PARTS)


def _fit(part: str, bone: int, points: np.ndarray) -> Capsule:
    centre = points.mean(axis=0)
    if part == "head":  # a ball around the skull's box
        low, high = points.min(axis=0), points.max(axis=0)
        middle = (low + high) / 2
        return Capsule(part, bone, middle, middle.copy(),
                       float(np.percentile(np.linalg.norm(points - middle, axis=1), RADIUS_PERCENTILE)))
    axis = np.array([0.0, 1.0, 0.0]) if part in ACROSS else np.linalg.svd(points - centre, full_matrices=False)[2][0]
    along = (points - centre) @ axis
    radius = float(np.percentile(np.linalg.norm(points - centre - along[:, None] * axis, axis=1), RADIUS_PERCENTILE))
    low, high = np.percentile(along, [END_PERCENTILE, 100 - END_PERCENTILE]) + np.array([radius, -radius])
    if low > high:
        low = high = (low + high) / 2
    return Capsule(part, bone, centre + low * axis, centre + high * axis, radius)


def capsule_poses(capsules: tuple[Capsule, ...], skin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(F, B, 3, 4) skinning matrices -> each capsule's carrying frame per frame: positions (F, C, 3) and
    unit quaternions (F, C, 4), w first. A capsule's rest geometry sits in that frame unchanged."""
    bones = np.array([c.bone for c in capsules])
    carried = skin[:, bones].astype(float)  # (F, C, 3, 4): rotation and offset, rigid
    return carried[..., 3], from_matrix(carried[..., :3])
