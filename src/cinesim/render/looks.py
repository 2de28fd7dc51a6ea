"""How each material and catalog prop looks: which baked texture layer, at what scale."""

from __future__ import annotations

from dataclasses import dataclass

from cinesim.render.textures import LAYERS
from cinesim.world.model import Entity

WORLD_PLANAR, LOCAL_PLANAR, MESH_UV = 0, 1, 2  # how texture coordinates are made (see scene.frag)


@dataclass(frozen=True)
class Look:
    texture: str = "plain"
    tile: float = 1.0  # metres per texture repeat (planar mapping)
    mesh_repeats: float = 1.0  # repeats over a round prop's UV range

    @property
    def layer(self) -> int:
        return LAYERS.index(self.texture)


MATERIAL_LOOKS = {
    "wood": Look("wood", 0.6, 2.0), "steel": Look("brushed", 0.3, 2.0), "aluminium": Look("brushed", 0.3, 2.0),
    "concrete": Look("concrete", 2.0), "plaster": Look("concrete", 3.0), "tile": Look("tiles", 1.2),
    "carpet": Look("carpet", 1.0), "leather": Look("leather", 0.25, 4.0), "cardboard": Look("cardboard", 0.5),
    "felt": Look("cloth", 0.3, 3.0), "brick": Look("brick", 1.0), "grass": Look("grass", 1.5),
    "gravel": Look("gravel", 1.0), "ceramic": Look("plain", 0.5), "glass": Look("plain", 0.5),
    "sand": Look("concrete", 0.7), "marble": Look("marble", 0.8), "fabric": Look("cloth", 0.4, 3.0),
}
KIND_LOOKS = {"basketball": Look("basketball"), "pin": Look("pin")}
FLOOR_LOOKS = {"wood": Look("planks", 1.6)}


def look_for(entity: Entity) -> Look:
    if entity.kind in KIND_LOOKS:
        return KIND_LOOKS[entity.kind]
    if entity.environment and entity.material.name in FLOOR_LOOKS and entity.shape.kind == "plane":
        return FLOOR_LOOKS[entity.material.name]
    return MATERIAL_LOOKS.get(entity.material.name, Look())


def uv_mode(entity: Entity) -> int:
    if entity.environment:
        return WORLD_PLANAR
    return MESH_UV if entity.shape.turned else LOCAL_PLANAR
