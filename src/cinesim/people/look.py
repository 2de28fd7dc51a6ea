"""How a character looks: colour and roughness per vertex, from anny's part labels, the skeleton and the
face's landmarks (eyes, mouth): skin of a chosen tone, lips, brows, eyes with iris and pupil, hair on the
scalp, and clothes as tinted regions (shirt with long or short sleeves, trousers or a dress, shoes, an open
jacket). Hair and the jacket stand off the body as shells (vertices moved out along their normals)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cinesim.catalog import parse_color
from cinesim.catalog.colors import srgb_to_linear
from cinesim.people.anny_export import FACE_LABELS
from cinesim.people.body import Body

# Skin tones from light to deep (sRGB), interpolated by `tone` in 0..1.
SKIN_TONES = ((0.96, 0.80, 0.69), (0.90, 0.70, 0.56), (0.78, 0.56, 0.41), (0.58, 0.39, 0.26), (0.36, 0.23, 0.15))
SCLERA = (0.80, 0.78, 0.74)
PUPIL = (0.01, 0.01, 0.01)
CAVITY = (0.08, 0.02, 0.02)
TONGUE = (0.45, 0.12, 0.12)
# Region roughness: skin is a little glossy, eyes wet, clothes matte, shoes half-way.
ROUGHNESS = {"skin": 0.5, "lips": 0.35, "brows": 0.8, "hair": 0.55, "eye": 0.08, "cavity": 0.9, "shirt": 0.9,
             "trousers": 0.85, "shoes": 0.45, "jacket": 0.75}
CLOTH_REGIONS = ("shirt", "trousers", "jacket")
# m: how far each shell stands off the skin (thinning over a few vertices at its edge)
THICKNESS = {"hair": 0.014, "jacket": 0.008}
JACKET_BELOW_BELT = 0.12  # m: a jacket's hem hangs this far below the belt
JACKET_OPENING = (0.02, 0.2)  # the open front's half-width: m at the belt, and widening per m up (a V)
JACKET_EDGE = 0.02  # m over which the colour turns from the shirt's to the jacket's


@dataclass(frozen=True)
class Appearance:
    skin: float = 0.35  # tone, 0 light .. 1 deep
    hair: str = "brown"  # colour; "none" for a shaved head
    eyes: str = "brown"
    shirt: str = "blue"
    sleeves: str = "long"  # long | short
    trousers: str = "navy"
    dress: bool = False  # the trousers' colour becomes a dress to the knee
    shoes: str = "black"
    jacket: str = "none"  # colour, or "none"


def skin_color(tone: float) -> np.ndarray:
    position = np.clip(tone, 0.0, 1.0) * (len(SKIN_TONES) - 1)
    i = min(int(position), len(SKIN_TONES) - 2)
    srgb = np.asarray(SKIN_TONES[i]) * (1 - (position - i)) + np.asarray(SKIN_TONES[i + 1]) * (position - i)
    return np.array([srgb_to_linear(c) for c in srgb])


def regions(body: Body, appearance: Appearance) -> np.ndarray:
    """A region name per vertex."""
    v = body.vertices
    label = _vertex_labels(body)
    names = np.array(body.bone_names)
    dominant = names[body.bone_indices[np.arange(len(v)), body.bone_weights.argmax(axis=1)]]
    out = np.full(len(v), "skin", dtype=object)
    heads = {n: body.heads[body.bone(n)] for n in ("spine04", "neck01", "foot.L", "lowerleg01.L", "eye.L", "eye.R")}
    torso = _starts(dominant, ("spine", "clavicle", "shoulder", "upperarm"))
    arms = _starts(dominant, ("lowerarm",))
    legs = _starts(dominant, ("pelvis", "upperleg", "lowerleg"))
    belt = heads["spine04"][2]
    body_part = label == 0
    out[body_part & torso & (v[:, 2] >= belt)] = "shirt"
    if appearance.sleeves == "long":
        out[body_part & arms] = "shirt"
    lower = body_part & (legs | (torso & (v[:, 2] < belt)))
    knee = heads["lowerleg01.L"][2]
    out[lower & ((v[:, 2] > knee - 0.08) if appearance.dress else True)] = "trousers"
    ankle = heads["foot.L"][2]
    feet = np.isin(label, [FACE_LABELS.index(f) + 1 for f in ("foot.L", "foot.R")])
    out[feet | (legs & (v[:, 2] < ankle + 0.03))] = "shoes"
    if appearance.jacket != "none":
        out[jacket_share(body, dominant, belt) >= 0.5] = "jacket"
    _face(body, label, out, heads, appearance)
    return out


def jacket_share(body: Body, dominant: np.ndarray, belt: float) -> np.ndarray:
    """(V,) how much of each vertex's colour is the jacket's: open at the front in a V, long sleeves, the hem
    below the belt. Linear in the distance to the jacket's edges over JACKET_EDGE, so that the colour
    interpolated across each triangle puts the edge on the straight line rather than on the mesh's steps."""
    v = body.vertices.astype(float)
    width, widening = JACKET_OPENING
    front = np.where(v[:, 0] > 0, np.abs(v[:, 1]) - width - widening * np.maximum(v[:, 2] - belt, 0.0), np.inf)
    hem = v[:, 2] - (belt - JACKET_BELOW_BELT)
    covered = (_vertex_labels(body) == 0) & _starts(dominant, ("spine", "clavicle", "shoulder", "upperarm",
                                                               "lowerarm", "pelvis"))
    return np.where(covered, np.clip(0.5 + np.minimum(front, hem) / JACKET_EDGE, 0.0, 1.0), 0.0)


def vertex_colors(body: Body, appearance: Appearance) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(V, 3) linear base colour, (V,) roughness and (V,) cloth flag (1 where a fabric weave shows)."""
    region = regions(body, appearance)
    skin = skin_color(appearance.skin)
    hair = np.asarray(parse_color(appearance.hair)) if appearance.hair != "none" else skin * 0.9
    palette = {"skin": skin, "lips": skin * np.array([0.85, 0.58, 0.56]), "brows": 0.4 * skin + 0.6 * hair,
               "hair": hair,
               "sclera": np.asarray(SCLERA), "iris": np.asarray(parse_color(appearance.eyes)),
               "pupil": np.asarray(PUPIL), "cavity": np.asarray(CAVITY), "tongue": np.asarray(TONGUE),
               "shirt": np.asarray(parse_color(appearance.shirt)),
               "trousers": np.asarray(parse_color(appearance.trousers)),
               "shoes": np.asarray(parse_color(appearance.shoes))}
    if appearance.jacket != "none":
        palette["jacket"] = np.asarray(parse_color(appearance.jacket))
    colors = np.stack([palette[r] for r in region]).astype("f4")
    if appearance.jacket != "none":  # soft edges: the shirt (or trousers) below blends into the jacket
        names = np.array(body.bone_names)
        dominant = names[body.bone_indices[np.arange(len(region)), body.bone_weights.argmax(axis=1)]]
        share = jacket_share(body, dominant, body.heads[body.bone("spine04")][2])[:, None]
        beneath = np.stack([palette[r] for r in regions(body, replace(appearance, jacket="none"))])
        colors = (beneath * (1 - share) + palette["jacket"] * share).astype("f4")
    roughness = np.array([ROUGHNESS.get(r, ROUGHNESS["eye"] if r in ("sclera", "iris", "pupil") else 0.9)
                          for r in region], dtype="f4")
    cloth = np.isin(region, CLOTH_REGIONS).astype("f4")
    return colors, roughness, cloth


def shell_lift(body: Body, appearance: Appearance) -> np.ndarray:
    """(V,) how far each rest vertex moves out along its normal to give hair and a jacket volume: the full
    thickness inside the region, easing to nothing across its edge (three rounds of averaging over
    neighbours)."""
    from scipy import sparse

    region = regions(body, appearance)
    lift = np.zeros(len(body.vertices))
    for name, thickness in THICKNESS.items():
        lift += thickness * (region == name)
    if not lift.any():
        return lift.astype("f4")
    f = body.faces.astype(np.int64)
    rows = np.concatenate([f[:, 0], f[:, 1], f[:, 2], f[:, 1], f[:, 2], f[:, 0]])
    cols = np.concatenate([f[:, 1], f[:, 2], f[:, 0], f[:, 0], f[:, 1], f[:, 2]])
    neighbours = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(lift), len(lift)))
    degree = np.maximum(np.asarray(neighbours.sum(axis=1)).ravel(), 1.0)
    for _ in range(3):
        lift = 0.5 * lift + 0.5 * (neighbours @ lift) / degree
    return lift.astype("f4")


def _starts(names: np.ndarray, prefixes: tuple[str, ...]) -> np.ndarray:
    return np.array([str(name).startswith(prefixes) for name in names])


def _vertex_labels(body: Body) -> np.ndarray:
    """Each vertex takes the most specific part label of the triangles around it."""
    label = np.zeros(len(body.vertices), dtype=int)
    for k in range(3):
        np.maximum.at(label, body.faces[:, k].astype(int), body.face_labels.astype(int))
    return label


def _face(body: Body, label: np.ndarray, out: np.ndarray, heads: dict, appearance: Appearance) -> None:
    """Eyes, mouth, lips, brows and the hairline, placed from the eyes and the mouth cavity."""
    v = body.vertices
    code = {name: k + 1 for k, name in enumerate(FACE_LABELS)}
    for side in ("L", "R"):
        front = label == code[f"eye_front.{side}"]
        out[label == code[f"eye_back.{side}"]] = "sclera"
        centre = v[front].mean(axis=0)
        radius = np.linalg.norm(v[front] - centre, axis=1).max()
        distance = np.linalg.norm(v - centre, axis=1)
        out[front] = "iris"
        out[front & (distance < 0.45 * radius)] = "pupil"
        out[label == code[f"eye_cavity.{side}"]] = "cavity"
    out[label == code["mouth_cavity"]] = "cavity"
    out[label == code["tongue"]] = "tongue"
    head = label == code["head"]
    mouth = v[label == code["mouth_cavity"]].mean(axis=0)
    near_mouth = ((v[:, 1] - mouth[1]) / 0.024) ** 2 + ((v[:, 2] - mouth[2]) / 0.011) ** 2 < 1
    out[head & near_mouth & (v[:, 0] > mouth[0] + 0.004)] = "lips"
    eye_z, eye_x = heads["eye.L"][2], heads["eye.L"][0]
    for side in ("eye.L", "eye.R"):
        across = v[:, 1] - heads[side][1]
        arch = eye_z + 0.019 + 0.004 * (1 - (across / 0.022) ** 2)  # the brow's centre line, highest mid-eye
        brow = (np.abs(across) < 0.022) & (np.abs(v[:, 2] - arch) < 0.0045)
        out[head & brow & (v[:, 0] > eye_x - 0.005)] = "brows"
    if appearance.hair == "none":
        return
    behind = eye_x - v[:, 0]  # how far behind the eyes
    hairline = eye_z + 0.045 - 0.35 * np.clip(behind - 0.03, 0.0, None)  # lower towards the nape
    scalp = head & ((v[:, 2] > hairline) | ((behind > 0.13) & (v[:, 2] > eye_z - 0.07)))
    out[scalp & (out == "skin")] = "hair"
