"""Retargeting: DeepMimic's 13 segments drive anny's 104 bones.

Each anny bone takes the world rotation of the segment it belongs to (bones of no segment, such as
fingers and toes, move with their parent). anny's rest pose holds the arms out in an A; DeepMimic's hangs
them straight down, so each limb bone is first turned, about its own pivot, from its rest direction to
straight down. Positions follow from the rest skeleton: every bone pivot is carried by its parent, so
bone lengths are anny's and the motion's root path is scaled by the ratio of leg lengths.
"""

from __future__ import annotations

import numpy as np

from cinesim.people.body import Body
from cinesim.people.deepmimic import LEG_LENGTH, SEGMENTS
from cinesim.people.quaternions import between, multiply, to_matrix

SEGMENT_BONES = {
    "root": ("root", "pelvis.L", "pelvis.R", "spine05", "spine04"),
    "chest": ("spine03", "spine02", "spine01", "clavicle.L", "clavicle.R", "shoulder01.L", "shoulder01.R"),
    "neck": ("neck01", "neck02", "neck03", "head"),
    **{f"{side}_hip": (f"upperleg01.{s}", f"upperleg02.{s}") for side, s in (("left", "L"), ("right", "R"))},
    **{f"{side}_knee": (f"lowerleg01.{s}", f"lowerleg02.{s}") for side, s in (("left", "L"), ("right", "R"))},
    **{f"{side}_ankle": (f"foot.{s}",) for side, s in (("left", "L"), ("right", "R"))},
    **{f"{side}_shoulder": (f"upperarm01.{s}", f"upperarm02.{s}") for side, s in (("left", "L"), ("right", "R"))},
    **{f"{side}_elbow": (f"lowerarm01.{s}", f"lowerarm02.{s}", f"wrist.{s}")
       for side, s in (("left", "L"), ("right", "R"))},
}
# Limb segments and the two pivots whose line is the limb in anny's rest pose (turned to hang down).
LIMBS = {
    **{f"{side}_hip": (f"upperleg01.{s}", f"lowerleg01.{s}") for side, s in (("left", "L"), ("right", "R"))},
    **{f"{side}_knee": (f"lowerleg01.{s}", f"foot.{s}") for side, s in (("left", "L"), ("right", "R"))},
    **{f"{side}_shoulder": (f"upperarm01.{s}", f"lowerarm01.{s}") for side, s in (("left", "L"), ("right", "R"))},
    **{f"{side}_elbow": (f"lowerarm01.{s}", f"wrist.{s}") for side, s in (("left", "L"), ("right", "R"))},
}
DOWN = np.array([0.0, 0.0, -1.0])


class Rig:
    """Turns segment rotations and a root position into skinning matrices for one body."""

    def __init__(self, body: Body):
        self.body = body
        self.segment_of = np.full(len(body.bone_names), -1)
        for k, segment in enumerate(SEGMENTS):
            for bone in SEGMENT_BONES[segment]:
                self.segment_of[body.bone(bone)] = k
        self.align = np.tile([1.0, 0.0, 0.0, 0.0], (len(SEGMENTS), 1))
        for segment, (start, end) in LIMBS.items():
            rest = body.heads[body.bone(end)] - body.heads[body.bone(start)]
            self.align[SEGMENTS.index(segment)] = between(rest, DOWN)
        self.scale = leg_length(body) / LEG_LENGTH

    def skin(self, root: np.ndarray, segments: np.ndarray) -> np.ndarray:
        """(F, 3) root pivot positions and (F, 13, 4) world segment rotations -> (F, B, 3, 4) matrices that
        take a rest-pose vertex to its posed place."""
        body = self.body
        turns = to_matrix(multiply(segments, self.align))  # (F, 13, 3, 3)
        frames, bones = len(root), len(body.bone_names)
        rotation = np.empty((frames, bones, 3, 3))
        pivot = np.empty((frames, bones, 3))
        for b, parent in enumerate(body.parents):
            segment = self.segment_of[b]
            rotation[:, b] = turns[:, segment] if segment >= 0 else rotation[:, parent]
            if parent < 0:
                pivot[:, b] = root
            else:
                pivot[:, b] = pivot[:, parent] + rotation[:, parent] @ (body.heads[b] - body.heads[parent])
        offset = pivot - np.einsum("fbij,bj->fbi", rotation, body.heads)
        return np.concatenate([rotation, offset[..., None]], axis=-1)


def leg_length(body: Body) -> float:
    heads = body.heads
    hip, knee, ankle = (heads[body.bone(n)] for n in ("upperleg01.L", "lowerleg01.L", "foot.L"))
    return float(np.linalg.norm(knee - hip) + np.linalg.norm(ankle - knee))


def skin_points(body: Body, skin: np.ndarray, which: np.ndarray | None = None) -> np.ndarray:
    """Posed positions of the rest vertices `which` (all by default) under (B, 3, 4) skinning matrices:
    linear blend skinning, the bones' matrices blended by the vertex's weights, then applied."""
    which = np.arange(len(body.vertices)) if which is None else which
    blended = np.sum(skin[body.bone_indices[which].astype(int)] * body.bone_weights[which][..., None, None], axis=1)
    return (blended[..., :3] @ body.vertices[which][..., None].astype(float))[..., 0] + blended[..., 3]


def keypoint_basis(body: Body) -> np.ndarray:
    """(17, B, 4): skinning is linear in the rest vertex, so each keypoint (a fixed blend of vertices) is
    sum over bones of skin[b] @ basis[k, b] — exact, and a few microseconds a frame."""
    which, weights = body.keypoint_vertices, body.keypoint_weights
    homogeneous = np.concatenate([body.vertices[which], np.ones((*which.shape, 1))], axis=-1)  # (17, S, 4)
    basis = np.zeros((len(which), len(body.bone_names), 4))
    for k in range(body.bone_indices.shape[1]):
        share = weights * body.bone_weights[which, k]  # (17, S)
        for point in range(len(which)):
            np.add.at(basis[point], body.bone_indices[which[point], k], share[point, :, None] * homogeneous[point])
    return basis
