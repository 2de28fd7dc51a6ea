"""Build one body with anny (torch) and save what cinesim needs as plain arrays.

Runs in its own process (`python -m cinesim.people.anny_export PHENOTYPE_JSON OUT.npz`) so that a film's
process never imports torch: the export takes ~10 s with anny's model cached (minutes the very first time,
while anny builds its cache), the film then reads a few megabytes of arrays.

Frame: anny's body stands along +z facing -y with the pelvis at the origin; the export turns it to face +x
and stand on z = 0 with the pelvis above the origin (cinesim's character frame).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from cinesim.people.keypoints import COCO_17

MAX_BONES_PER_VERTEX = 4
FACE_LABELS = ("head", "hand.L", "hand.R", "foot.L", "foot.R", "eye_front.L", "eye_front.R", "eye_back.L",
               "eye_back.R", "eye_cavity.L", "eye_cavity.R", "mouth_cavity", "tongue")
TURN = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # +90 deg about z: -y -> +x


def export(phenotype: dict[str, float], out: Path) -> None:
    import anny
    import torch
    from anny.face_segmentation import get_face_segmentation_mask
    from anny.keypoints import KeypointsRegressor

    model = anny.Anny()
    with torch.no_grad():
        coefficients = model.get_phenotype_blendshape_coefficients(
            **{k: torch.tensor([v], dtype=model.template_vertices.dtype) for k, v in phenotype.items()})
        rest = model.get_rest_model(coefficients)
        keypoints = KeypointsRegressor.coco(model, labels=list(COCO_17))
    vertices = rest["rest_vertices"][0].numpy() @ TURN.T
    heads = rest["rest_bone_heads"][0].numpy() @ TURN.T
    lift = np.array([-heads[0, 0], -heads[0, 1], -vertices[:, 2].min()])
    weights = model.vertex_bone_weights.numpy()
    indices = model.vertex_bone_indices.numpy()
    strongest = np.argsort(-weights, axis=1)[:, :MAX_BONES_PER_VERTEX]
    weights = np.take_along_axis(weights, strongest, 1)
    indices = np.take_along_axis(indices, strongest, 1)
    weights /= weights.sum(axis=1, keepdims=True)
    faces = model.faces.numpy()
    labels = np.zeros(len(faces), dtype="u1")  # 0: body; k: FACE_LABELS[k - 1]
    for k, label in enumerate(FACE_LABELS, start=1):
        labels[get_face_segmentation_mask(model, [label]).numpy()] = k
    regression = keypoints.regression_weights.numpy()
    width = int((regression > 0).sum(axis=1).max())
    keypoint_vertices = np.argsort(-regression, axis=1)[:, :width]
    keypoint_weights = np.take_along_axis(regression, keypoint_vertices, 1)
    np.savez_compressed(
        out, vertices=(vertices + lift).astype("f4"), faces=faces.astype("u4"), face_labels=labels,
        bone_names=np.array(model.bone_labels), bone_parents=np.array(model.bone_parents, dtype="i2"),
        bone_heads=(heads + lift).astype("f4"), bone_indices=indices.astype("u1"),
        bone_weights=weights.astype("f4"), keypoint_vertices=keypoint_vertices.astype("u4"),
        keypoint_weights=keypoint_weights.astype("f4"), phenotype=json.dumps(phenotype),
        anny_version=anny.__version__ if hasattr(anny, "__version__") else "unknown")


if __name__ == "__main__":
    export(json.loads(sys.argv[1]), Path(sys.argv[2]))
