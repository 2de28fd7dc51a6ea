"""A character's body: anny's mesh, skeleton, skin weights and keypoint regressor for one set of body
parameters, built once (with torch, in a child process) and kept as a small .npz in the cache directory."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from cinesim.cache import cache_dir
from cinesim.errors import CinesimError
from cinesim.fileio import atomic_path

FORMAT = 1  # bump when the exported arrays change
PHENOTYPE = ("gender", "age", "muscle", "weight", "height", "proportions")  # anny's body parameters, 0..1


@dataclass(frozen=True, eq=False)
class Body:
    """Rest pose in the character frame: standing on z = 0, pelvis above the origin, facing +x."""

    vertices: np.ndarray  # (V, 3) float32
    normals: np.ndarray  # (V, 3) float32
    faces: np.ndarray  # (F, 3) uint32
    face_labels: np.ndarray  # (F,) uint8: 0 body, else anny's part (see anny_export.FACE_LABELS)
    bone_names: tuple[str, ...]
    parents: np.ndarray  # (B,) int: parent bone, -1 for the root
    heads: np.ndarray  # (B, 3) float32: each bone's pivot
    bone_indices: np.ndarray  # (V, 4) uint8
    bone_weights: np.ndarray  # (V, 4) float32, rows sum to 1
    keypoint_vertices: np.ndarray  # (17, S) uint32
    keypoint_weights: np.ndarray  # (17, S) float32

    def bone(self, name: str) -> int:
        return self.bone_names.index(name)

    @property
    def height(self) -> float:
        return float(self.vertices[:, 2].max())


def body_path(phenotype: dict[str, float]) -> Path:
    key = json.dumps({k: round(float(phenotype[k]), 4) for k in PHENOTYPE}, sort_keys=True)
    digest = hashlib.sha256(f"{FORMAT}:{key}".encode()).hexdigest()[:16]
    return cache_dir() / "people" / f"body-{digest}.npz"


@cache
def _load(path: Path) -> Body:
    data = np.load(path)
    vertices, faces = data["vertices"], data["faces"]
    return Body(vertices, vertex_normals(vertices, faces), faces, data["face_labels"],
                tuple(str(n) for n in data["bone_names"]), data["bone_parents"].astype(int), data["bone_heads"],
                data["bone_indices"], data["bone_weights"], data["keypoint_vertices"], data["keypoint_weights"])


def load_body(phenotype: dict[str, float], progress=None) -> Body:
    """The body for these parameters, from the cache or built now (`progress(message)` hears about a build:
    ~10 s, or minutes the first time anny runs on a machine)."""
    path = body_path(phenotype)
    if not path.exists():
        if progress:
            progress("building a body with anny (first time on this machine: several minutes)")
        build_body(phenotype, path)
    return _load(path)


def build_body(phenotype: dict[str, float], path: Path) -> None:
    root = cache_dir()
    env = os.environ | {"ANNY_CACHE_DIR": str(root / "anny"), "WARP_CACHE_PATH": str(root / "warp")}
    with atomic_path(path) as tmp:
        target = tmp.with_suffix(".npz")  # numpy appends .npz to any other name
        argument = json.dumps({k: float(phenotype[k]) for k in PHENOTYPE})
        done = subprocess.run([sys.executable, "-m", "cinesim.people.anny_export", argument, str(target)],
                              env=env, capture_output=True, text=True)
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise CinesimError(f"cannot build a body with anny: {tail[0]} (is the 'anny' package installed? "
                               "make demo installs it)")
        target.replace(tmp)


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals (smooth shading)."""
    corners = vertices[faces.astype(np.int64)]
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    normals = np.zeros_like(vertices, dtype=np.float64)
    for k in range(3):
        np.add.at(normals, faces[:, k], face_normals)
    return (normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)).astype("f4")
