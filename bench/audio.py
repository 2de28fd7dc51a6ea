"""Sound synthesis speed: seconds of computation per second of film, reverb and mastering included
(target: <= 0.1 s per film second); and, per example, how many impact sounds (impacts, footsteps, catches)
have an onset within 5 ms (librosa, 64-sample hop, backtracking; peaks picked hop by hop), with the mean and max
offset of those heard.
Run: .venv/bin/python bench/audio.py"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from cinesim.audio import make_soundtrack
from cinesim.audio.listening import heard
from cinesim.physics import simulate
from cinesim.screenplay import load_screenplay
from cinesim.timeline import Footstep, Impact
from cinesim.world import build_world

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> None:
    print(f"{'example':>24}  {'film s':>6}  {'impacts':>7}  {'segments':>8}  {'synthesis s':>11}  {'s per film s':>12}"
          f"  {'heard':>7}  {'mean ms':>7}  {'max ms':>6}")
    total_film = total_time = 0.0
    offsets: list[np.ndarray] = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        world = build_world(load_screenplay(path))
        timeline = simulate(world)
        started = time.perf_counter()
        soundtrack = make_soundtrack(world, timeline, np.random.default_rng(world.seed))
        spent = time.perf_counter() - started
        total_film += world.duration
        total_time += spent
        knocks = [e.time for e in timeline.events if isinstance(e, Impact | Footstep) or e.type == "catch"]
        offset = np.abs(heard(soundtrack.samples.mean(axis=1), knocks))
        near = offset[offset <= 0.005]
        offsets.append(offset)
        print(f"{path.stem:>24}  {world.duration:6.1f}  {len(knocks):7d}  {len(timeline.segments):8d}  "
              f"{spent:11.2f}  {spent / world.duration:12.3f}  {len(near):3d}/{len(offset):<3d}  "
              f"{_ms(near.mean() if len(near) else None):>7}  {_ms(near.max() if len(near) else None):>6}")
    every = np.concatenate(offsets)
    near = every[every <= 0.005]
    print(f"{'all':>24}  {total_film:6.1f}  {'':7}  {'':8}  {total_time:11.2f}  {total_time / total_film:12.3f}  "
          f"{len(near):3d}/{len(every):<3d}  {_ms(near.mean()):>7}  {_ms(near.max()):>6}")


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{1000 * seconds:.2f}"


if __name__ == "__main__":
    main()
