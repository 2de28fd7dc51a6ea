"""How a character looks: colour and roughness per vertex, from anny's part labels, the skeleton and the
face's landmarks (eyes, mouth): skin of a chosen tone, lips, brows, eyes with iris and pupil, hair on the
scalp, and clothes as tinted regions (shirt with long or short sleeves, trousers or a dress, shoes, an open
jacket). Hair and the jacket stand off the body as shells (vertices moved out along their normals)."""

from __future__ import annotations

from dataclasses import dataclass

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
JACKET_EDGE = 0.02  # m over which the colour turns from one garment's to the next
HAIR_EDGE = 0.012  # m over which the skin's colour turns to the hair's
COLLAR_EDGE = 0.016  # m over which the neck's skin turns to the shirt's collar (at least a triangle's size)


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


def regions(body: Body, appearance: Appearance, overlaid: bool = True) -> np.ndarray:
    """A region name per vertex; with `overlaid`, hair and a jacket cover what their share is over half of."""
    v = body.vertices
    label = _vertex_labels(body)
    dominant = _dominant(body)
    out = np.full(len(v), "skin", dtype=object)
    heads = {n: body.heads[body.bone(n)] for n in ("spine04", "neck01", "foot.L", "lowerleg01.L", "eye.L", "eye.R")}
    torso = _starts(dominant, ("spine", "clavicle", "shoulder", "upperarm"))
    arms = _starts(dominant, ("lowerarm",))
    legs = _starts(dominant, ("pelvis", "upperleg", "lowerleg"))
    belt = heads["spine04"][2]
    body_part = label == 0
    collar = collar_share(body)
    out[body_part & torso & (v[:, 2] >= belt) & (np.isnan(collar) | (collar >= 1.0))] = "shirt"  # collar: overlaid
    if appearance.sleeves == "long":
        out[body_part & arms] = "shirt"
    lower = body_part & (legs | (torso & (v[:, 2] < belt)))
    knee = heads["lowerleg01.L"][2]
    out[lower & ((v[:, 2] > knee - 0.08) if appearance.dress else True)] = "trousers"
    ankle = heads["foot.L"][2]
    feet = np.isin(label, [FACE_LABELS.index(f) + 1 for f in ("foot.L", "foot.R")])
    out[feet | (legs & (v[:, 2] < ankle + 0.03))] = "shoes"
    _face(body, label, out, heads)
    if overlaid:
        for name, share in overlays(body, appearance, out.copy()).items():
            out[share >= 0.5] = name
    return out


def overlays(body: Body, appearance: Appearance, beneath: np.ndarray) -> dict[str, np.ndarray]:
    """Hair (over bare skin) and a jacket as shares (V,) of each vertex's colour, linear in the distance to
    their edges (hairline, V opening, hem), so that the colour interpolated across each triangle puts the
    edge on a smooth line rather than on the mesh's 1-2 cm steps. `beneath`: the regions without them."""
    out = {"shirt": np.where(beneath == "skin", np.nan_to_num(collar_share(body)), 0.0)}
    if appearance.hair != "none":
        out["hair"] = np.where(beneath == "skin", hair_share(body), 0.0)
    if appearance.jacket != "none":
        out["jacket"] = np.fmin(jacket_share(body), collar_share(body))
    return out


def collar_share(body: Body) -> np.ndarray:
    """A crew neck: the shirt's top edge 1 cm over the neck's base (its joint), dipping at the front; nan on
    the parts of the body it does not reach (arms, legs, the head's own parts)."""
    v = body.vertices.astype(float)
    neck = body.heads[body.bone("neck01")]
    collar = neck[2] + 0.01 - 0.3 * np.maximum(v[:, 0] - neck[0], 0.0)
    near = (_vertex_labels(body) == 0) & _starts(_dominant(body), ("spine", "clavicle", "shoulder", "neck", "head"))
    return np.where(near, np.clip(0.5 + (collar - v[:, 2]) / COLLAR_EDGE, 0.0, 1.0), np.nan)


def hair_share(body: Body) -> np.ndarray:
    """The scalp above a hairline that runs from the forehead (4.5 cm over the eyes) down towards the nape."""
    v = body.vertices.astype(float)
    eye = body.heads[body.bone("eye.L")]
    behind = eye[0] - v[:, 0]  # how far behind the eyes
    hairline = eye[2] + 0.045 - 0.35 * np.clip(behind - 0.03, 0.0, None)
    inside = np.maximum(v[:, 2] - hairline, np.minimum(behind - 0.13, v[:, 2] - (eye[2] - 0.07)))
    head = _vertex_labels(body) == FACE_LABELS.index("head") + 1
    return np.where(head, np.clip(0.5 + inside / HAIR_EDGE, 0.0, 1.0), 0.0)


def jacket_share(body: Body) -> np.ndarray:
    """Open at the front in a V, long sleeves, the hem below the belt."""
    v = body.vertices.astype(float)
    belt = body.heads[body.bone("spine04")][2]
    width, widening = JACKET_OPENING
    front = np.where(v[:, 0] > 0, np.abs(v[:, 1]) - width - widening * np.maximum(v[:, 2] - belt, 0.0), np.inf)
    hem = v[:, 2] - (belt - JACKET_BELOW_BELT)
    covered = (_vertex_labels(body) == 0) & _starts(_dominant(body), ("spine", "clavicle", "shoulder",
                                                                      "upperarm", "lowerarm", "pelvis"))
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
    beneath = regions(body, appearance, overlaid=False)
    colors = np.stack([palette[r] for r in beneath])
    for name, share in overlays(body, appearance, beneath).items():  # soft edges over what lies beneath
        colors = colors * (1 - share[:, None]) + palette[name] * share[:, None]
    colors = colors.astype("f4")
    roughness = np.array([ROUGHNESS.get(r, ROUGHNESS["eye"] if r in ("sclera", "iris", "pupil") else 0.9)
                          for r in region], dtype="f4")
    cloth = np.isin(region, CLOTH_REGIONS).astype("f4")
    return colors, roughness, cloth


def shell_lift(body: Body, appearance: Appearance) -> np.ndarray:
    """(V,) how far each rest vertex moves out along its normal to give hair and a jacket volume: the full
    thickness inside the region, easing to nothing across its edge (three rounds of averaging over
    neighbours)."""
    from scipy import sparse

    beneath = regions(body, appearance, overlaid=False)
    lift = np.zeros(len(body.vertices))
    for name, share in overlays(body, appearance, beneath).items():
        lift += THICKNESS.get(name, 0.0) * share
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


def _dominant(body: Body) -> np.ndarray:
    """Each vertex's most weighted bone's name."""
    names = np.array(body.bone_names)
    return names[body.bone_indices[np.arange(len(body.vertices)), body.bone_weights.argmax(axis=1)]]


def _face(body: Body, label: np.ndarray, out: np.ndarray, heads: dict) -> None:
    """Eyes, mouth, lips and brows, placed from the eyes and the mouth cavity."""
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
