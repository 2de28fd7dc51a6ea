"""Render every catalog prop on a plain floor in the open, then every environment, into one image:
`python tools/contact_sheet.py docs/catalog.png`. Look at it: anything that reads as wrong or cheap is a bug."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from cinesim.catalog import ENVIRONMENTS, PROPS
from cinesim.physics import simulate
from cinesim.render.camera import CameraRig
from cinesim.render.film import render_still
from cinesim.render.meshes import mesh_for
from cinesim.render.renderer import Renderer
from cinesim.screenplay import Prop, load_screenplay, parse_screenplay
from cinesim.shapes import Shape
from cinesim.world import build_world
from cinesim.world.build import prop_shape

TILE = (240, 160)
SETS = Path(__file__).resolve().parent.parent / "examples" / "sets"
COLUMNS = 9


def kind_shape(kind: str) -> Shape:
    return prop_shape(Prop(name=kind, kind=kind, position=(0.0, 0.0, 0.0)))[0]


def tile(kind: str) -> np.ndarray:
    vertices = mesh_for(kind_shape(kind)).positions
    lift = -float(vertices[:, 2].min()) + 0.0005
    size = float(np.ptp(vertices, axis=0).max())
    centre = [0.0, 0.0, lift + float(vertices[:, 2].max() + vertices[:, 2].min()) / 2]
    data = {"duration": 0.5, "fps": 24, "resolution": list(TILE),
            "environment": {"floor": "plaster", "time_of_day": 13.0},
            "props": [{"name": kind, "kind": kind, "position": [0, 0, lift]}],
            "cameras": [{"name": "c", "position": [size * 1.1, -size * 1.6, centre[2] + size * 0.6],
                         "look_at": centre, "focal_length": 35}]}
    world = build_world(parse_screenplay(data))
    timeline = simulate(world)
    renderer = Renderer(world, timeline, world.resolution)
    frame = renderer.render(timeline.positions[0], timeline.orientations[0], timeline.visible[0],
                            CameraRig(world, timeline).state(0))
    renderer.release()
    image = Image.fromarray(frame.rgb)
    ImageDraw.Draw(image).text((6, 4), kind, fill=(20, 20, 20))
    return np.array(image)


def environment_tile(name: str) -> np.ndarray:
    """The environment's example film at one second."""
    screenplay = load_screenplay(SETS / f"{name}.yaml").model_copy(update={"resolution": TILE})
    world = build_world(screenplay)
    with tempfile.TemporaryDirectory() as tmp:
        image = Image.open(render_still(world, simulate(world), 1.0, Path(tmp) / "still.png")).convert("RGB")
        image.load()
    ImageDraw.Draw(image).text((6, 4), name, fill=(255, 255, 255))
    return np.array(image)


def main(out: str) -> None:
    tiles = [tile(kind) for kind in PROPS]
    while len(tiles) % COLUMNS:
        tiles.append(np.full_like(tiles[0], 255))
    tiles += [environment_tile(name) for name in ENVIRONMENTS]  # and one of every environment
    while len(tiles) % COLUMNS:
        tiles.append(np.full_like(tiles[0], 255))
    rows = [np.concatenate(tiles[i:i + COLUMNS], axis=1) for i in range(0, len(tiles), COLUMNS)]
    Image.fromarray(np.concatenate(rows, axis=0)).save(out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/catalog.png")
