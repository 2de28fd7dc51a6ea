"""People: render speed with 0 to 3 dancers at 854x480 (each pass timed), on an open wooden floor (as
bench/render.py) and in the studio set, and how long a body takes to load from the cache and to build with
anny. Targets: cached load < 2 s; two people keep the beauty (scene) pass >= 15 fps.
Run: .venv/bin/python bench/characters.py"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cinesim.people.body import PHENOTYPE, _load, body_path, build_body
from cinesim.physics import simulate
from cinesim.render.camera import CameraRig
from cinesim.render.renderer import Renderer
from cinesim.screenplay import parse_screenplay
from cinesim.world import build_world

DANCERS = [
    {"name": "ana", "position": [-1.2, 0.0], "facing": -80, "actions": [{"at": 0, "do": "dance_b"}]},
    {"name": "ben", "position": [0.0, 0.6], "facing": -90, "body": {"gender": 0.0, "height": 0.75},
     "look": {"skin": 0.85, "shirt": "white"}, "actions": [{"at": 0, "do": "dance_a"}]},
    {"name": "cleo", "position": [1.2, 0.0], "facing": -100, "body": {"gender": 0.8},
     "look": {"shirt": "teal"}, "actions": [{"at": 0, "do": "spin"}]},
]
FRAMES = 48


def render_speed(people: int, environment: dict) -> dict[str, float]:
    data = {"duration": FRAMES / 24, "fps": 24, "resolution": [854, 480], "environment": environment,
            "cast": DANCERS[:people],
            "cameras": [{"name": "c", "position": [0, -4.4, 1.4], "look_at": [0, 0.2, 1.0], "focal_length": 24}]}
    world = build_world(parse_screenplay(data))
    timeline = simulate(world)
    renderer = Renderer(world, timeline, world.resolution, profile=True)
    rig = CameraRig(world, timeline)
    for i in range(timeline.frame_count):
        following = min(i + 1, timeline.frame_count - 1)
        bones = [(p.skin[i], p.skin[following]) for p in timeline.performances]
        renderer.render(timeline.positions[i], timeline.orientations[i], timeline.visible[i], rig.state(i),
                        people=bones)
    renderer.release()
    return {name: timeline.frame_count / seconds for name, seconds in renderer.timings.items()}


def main() -> None:
    print(f"render at 854x480, {FRAMES} frames, each pass timed alone (fps):")
    for environment in ({"floor": "wood"}, {"preset": "studio"}):
        print(f" set {environment}")
        for people in (0, 1, 2, 3):
            fps = render_speed(people, environment)
            total = 1 / sum(1 / f for f in fps.values())
            passes = "  ".join(f"{name} {value:5.1f}" for name, value in fps.items())
            print(f"  {people} {'person' if people == 1 else 'people'}: {passes}  | all {total:5.1f}")
    default = dict.fromkeys(PHENOTYPE, 0.5)
    _load.cache_clear()
    started = time.perf_counter()
    _load(body_path(default))
    print(f"cached body load (in process): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from cinesim.people.body import _load, body_path, PHENOTYPE; "
                    "_load(body_path(dict.fromkeys(PHENOTYPE, 0.5)))"], check=True)
    print(f"cached body load (fresh process, imports included): {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        build_body(default | {"weight": 0.61}, Path(tmp) / "body.npz")
        print(f"new body built with anny (anny's own model cached): {time.perf_counter() - started:.1f} s")
    print("anny's own first build on a machine (not timed here): ~3-4.5 min, ~0.8 GB in the cache")


if __name__ == "__main__":
    main()
