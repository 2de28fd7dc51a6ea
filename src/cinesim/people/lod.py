"""Coarser meshes of a body for people far from the camera (on a CPU rasteriser a body's 27k triangles cost
more than the pixels it covers). Vertex clustering: vertices sharing a grid cell and a bone (so fingers and
legs never merge) become one, at their mean rest position, with the skin weights and look of the vertex
nearest that mean; triangles that collapse are dropped."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cinesim.people.body import Body, vertex_normals

CELLS = (0.0, 0.012, 0.025)  # m: grid of each level (0: the full mesh)
HEIGHTS_PX = (260.0, 110.0)  # a person at least this tall on screen gets level 0, then level 1; else level 2


@dataclass(frozen=True, eq=False)
class Level:
    vertices: np.ndarray  # (n, 3) rest positions
    normals: np.ndarray
    faces: np.ndarray  # (m, 3) uint32
    source: np.ndarray  # (n,) the full-mesh vertex each one takes its weights and look from


def levels(body: Body) -> list[Level]:
    full = Level(body.vertices, body.normals, body.faces, np.arange(len(body.vertices)))
    return [full] + [_cluster(body, cell) for cell in CELLS[1:]]


def level_for(height_px: float) -> int:
    return next((k for k, limit in enumerate(HEIGHTS_PX) if height_px >= limit), len(HEIGHTS_PX))


def _cluster(body: Body, cell: float) -> Level:
    v = body.vertices.astype(float)
    bone = body.bone_indices[np.arange(len(v)), body.bone_weights.argmax(axis=1)].astype(np.int64)
    keys = np.column_stack([np.floor(v / cell).astype(np.int64), bone])
    _, cluster, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    cluster = cluster.ravel()
    means = np.zeros((len(counts), 3))
    np.add.at(means, cluster, v)
    means /= counts[:, None]
    distance = np.linalg.norm(v - means[cluster], axis=1)
    order = np.lexsort((distance, cluster))  # by cluster, nearest first
    first = np.ones(len(order), dtype=bool)
    first[1:] = cluster[order[1:]] != cluster[order[:-1]]
    source = np.empty(len(counts), dtype=np.int64)
    source[cluster[order[first]]] = order[first]
    faces = cluster[body.faces.astype(np.int64)]
    keep = (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 0] != faces[:, 2])
    faces = np.unique(faces[keep], axis=0)
    means = means.astype("f4")
    return Level(means, vertex_normals(means, faces.astype("u4")), faces.astype("u4"), source)
