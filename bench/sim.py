"""Physics speed: simulated seconds per wall-clock second for 10, 50 and 200 free bodies.

Scene: mixed props (spheres, boxes, cylinders, capsules; wood, rubber, plastic, steel) dropped from
0.2-1 m onto a wooden floor, 10 s of film; they bounce, tumble, roll and settle. One core.
Also a worst case: 50 boxes dropped as one column, colliding continuously for the first seconds.
Run: .venv/bin/python bench/sim.py [--duration S]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from cinesim.physics import Simulation
from cinesim.screenplay import parse_screenplay
from cinesim.world import build_world

SHAPES = {"sphere": {"radius": 0.05}, "box": {"size": [0.1, 0.08, 0.06]},
          "cylinder": {"radius": 0.04, "height": 0.1}, "capsule": {"radius": 0.03, "height": 0.14}}
MATERIALS = ["wood", "rubber", "plastic", "steel"]


def scattered(count: int, duration: float, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(count)))
    props = []
    for i in range(count):
        shape = list(SHAPES)[i % 4]
        props.append({"name": f"p{i}", "shape": shape, **SHAPES[shape], "material": MATERIALS[i % 4],
                      "position": [(i % side - side / 2) * 0.4, (i // side - side / 2) * 0.4,
                                   float(rng.uniform(0.2, 1.0))],
                      "rotation": [float(a) for a in rng.uniform(0, 90, 3)]})
    return {"title": f"{count} bodies", "duration": duration, "props": props}


def column(count: int, duration: float, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    props = [{"name": f"box{i}", "shape": "box", "size": [float(s) for s in rng.uniform(0.04, 0.12, 3)],
              "material": MATERIALS[i % 4], "rotation": [float(a) for a in rng.uniform(0, 180, 3)],
              "position": [(i % 9 % 3 - 1) * 0.16, (i % 9 // 3 - 1) * 0.16, 0.12 + (i // 9) * 0.16]}
             for i in range(count)]
    return {"title": f"{count}-box column", "duration": duration, "props": props}


def measure(data: dict) -> tuple[float, dict]:
    simulation = Simulation(build_world(parse_screenplay(data)))
    started = time.perf_counter()
    timeline = simulation.run(None)
    wall = time.perf_counter() - started
    return wall, timeline.stats | {"events": len(timeline.events)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0)
    args = parser.parse_args()
    print(f"{'scene':>22}  {'sim s / wall s':>14}  {'steps/s':>8}  {'impacts resolved':>16}  {'events':>6}")
    for label, data in [(f"{n} free bodies", scattered(n, args.duration)) for n in (10, 50, 200)] + [
            ("50-box column", column(50, args.duration))]:
        wall, stats = measure(data)
        print(f"{label:>22}  {args.duration / wall:14.1f}  {stats['steps'] / wall:8.0f}  "
              f"{stats['restitution_steps']:16d}  {stats['events']:6d}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
