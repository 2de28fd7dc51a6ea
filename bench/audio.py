"""Sound synthesis speed: seconds of computation per second of film, reverb and mastering included.
Target: <= 0.1 s per film second. Run: .venv/bin/python bench/audio.py"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from cinesim.audio import make_soundtrack
from cinesim.physics import simulate
from cinesim.screenplay import load_screenplay
from cinesim.world import build_world

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> None:
    print(f"{'example':>24}  {'film s':>6}  {'impacts':>7}  {'segments':>8}  {'synthesis s':>11}  {'s per film s':>12}")
    total_film = total_time = 0.0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        world = build_world(load_screenplay(path))
        timeline = simulate(world)
        started = time.perf_counter()
        make_soundtrack(world, timeline, np.random.default_rng(world.seed))
        spent = time.perf_counter() - started
        total_film += world.duration
        total_time += spent
        print(f"{path.stem:>24}  {world.duration:6.1f}  {len(timeline.impacts()):7d}  {len(timeline.segments):8d}  "
              f"{spent:11.2f}  {spent / world.duration:12.3f}")
    print(f"{'all':>24}  {total_film:6.1f}  {'':7}  {'':8}  {total_time:11.2f}  {total_time / total_film:12.3f}")


if __name__ == "__main__":
    main()
