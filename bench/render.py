"""Rendering speed: fps of each pass and the end-to-end real-time factor (wall time / film duration).

Film: 30 props (balls, blocks, cans, crates) tumbling onto a wooden floor, 854x480, 24 fps, one camera
slowly pushing in. Measures a 10 s film with per-pass timing, then (in a child process each, for a clean
peak RSS) the 10 s and 60 s films end to end without profiling (rendered by the film's worker processes,
farm.py; peak RSS adds the film process's and its workers'). Run: .venv/bin/python bench/render.py
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from cinesim.physics import simulate
from cinesim.render.camera import CameraRig
from cinesim.render.farm import worker_count
from cinesim.render.film import render_film
from cinesim.render.renderer import Renderer
from cinesim.screenplay import parse_screenplay
from cinesim.world import build_world

KINDS = ["basketball", "soccer_ball", "tennis_ball", "wooden_block", "can", "crate", "rubber_ball", "bowling_ball",
         "cardboard_box", "steel_ball"]


def screenplay(duration: float) -> dict:
    rng = np.random.default_rng(3)
    props = [{"name": f"p{i}", "kind": KINDS[i % len(KINDS)],
              "position": [(i % 6 - 2.5) * 0.6 + float(rng.uniform(-0.05, 0.05)), (i // 6 - 2) * 0.6,
                           float(rng.uniform(0.4, 1.2))],
              "rotation": [float(a) for a in rng.uniform(0, 90, 3)],
              "velocity": [float(v) for v in rng.uniform(-0.5, 0.5, 3)]} for i in range(30)]
    camera = {"name": "main", "position": [4.0, -5.0, 2.2], "look_at": [0, 0, 0.4], "focal_length": 32,
              "moves": [{"at": 10.0, "position": [3.0, -3.8, 1.8]}]}
    return {"title": "30 props", "duration": duration, "fps": 24, "resolution": [854, 480],
            "environment": {"floor": "wood"}, "props": props, "cameras": [camera]}


def profile_passes(duration: float) -> None:
    world = build_world(parse_screenplay(screenplay(duration)))
    timeline = simulate(world)
    renderer = Renderer(world, timeline, world.resolution, profile=True)
    rig = CameraRig(world, timeline)
    for i in range(timeline.frame_count):
        renderer.render(timeline.positions[i], timeline.orientations[i], timeline.visible[i], rig.state(i))
    frames = timeline.frame_count
    print(f"per pass ({frames} frames at 854x480, passes timed one by one):")
    for name, seconds in renderer.timings.items():
        print(f"  {name:>9}: {frames / seconds:7.1f} fps  ({1000 * seconds / frames:5.1f} ms)")
    total = sum(renderer.timings.values())
    print(f"  {'all':>9}: {frames / total:7.1f} fps  ({1000 * total / frames:5.1f} ms)")
    renderer.release()


def end_to_end(duration: float, sound: bool = False) -> dict:
    """Simulate and render a film to MP4 in this process (silent unless `sound`); report times, peak RSS."""
    started = time.perf_counter()
    world = build_world(parse_screenplay(screenplay(duration)))
    timeline = simulate(world)
    simulated = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        stats = render_film(world, timeline, Path(tmp) / "film.mp4", sound=sound)
    wall = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest render worker
    workers = worker_count(timeline.frame_count)
    return {"duration": duration, "wall": wall, "simulate": simulated - started, "render": stats.render_seconds,
            "encode": stats.encode_seconds, "peak_rss_mb": own + workers * worker, "own_rss_mb": own,
            "worker_rss_mb": worker, "workers": workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--sound", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--long", type=float, default=60.0, help="duration of the long film (s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the 10 s film")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(end_to_end(args.child, args.sound)))
        return
    profile_passes(10.0)
    print(f"silent films (the picture alone; the 10 s film {args.repeat} times: this machine's speed drifts by "
          "up to a third between minutes, so the best run is the machine's, the spread is the noise):")
    tens = sorted((_child(10.0) for _ in range(args.repeat)), key=lambda r: r["wall"])
    long = _child(args.long)
    for r in (tens[0], long):
        duration = r["duration"]
        print(f"{duration:4.0f} s film: wall {r['wall']:6.1f} s, real-time factor {r['wall'] / duration:.2f} "
              f"(simulate {r['simulate']:.1f} s, render {r['render']:.1f} s, encode {r['encode']:.1f} s), "
              f"peak RSS {r['peak_rss_mb']:.0f} MB (film {r['own_rss_mb']:.0f} MB + {r['workers']} render workers "
              f"of at most {r['worker_rss_mb']:.0f} MB)")
    factors = ", ".join(f"{r['wall'] / 10:.2f}" for r in tens)
    print(f"  10 s film, all runs: real-time factors {factors}")
    ratio = long["wall"] / tens[len(tens) // 2]["wall"]
    print(f"{args.long:.0f} s film / 10 s film (median) wall time: {ratio:.2f} "
          f"(linear would be {args.long / 10:.1f})")
    r = _child(10.0, sound=True)
    print(f"  10 s film with sound: wall {r['wall']:6.1f} s, real-time factor {r['wall'] / 10:.2f}")


def _child(duration: float, sound: bool = False) -> dict:
    """One end-to-end run in a fresh process (its own peak RSS)."""
    command = [sys.executable, __file__, "--child", str(duration)] + (["--sound"] if sound else [])
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
