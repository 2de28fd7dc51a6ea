"""Sound synthesis speed: seconds of computation per second of film, reverb and mastering included
(target: <= 0.1 s per film second); and, per example, how many impact sounds (impacts, footsteps, catches)
have an onset within 5 ms (librosa, 64-sample hop, backtracking; peaks picked hop by hop), with the mean and max
offset of those heard, and how many onsets no event explains (none within 20 ms: the detector hearing room
tone, reverberation or a ring's beating; each adds a chance that a sound is counted heard by accident).
"in effects" counts the sounds with an onset within 5 ms in the film's effects stem: the direct sound before
the room's reverberation is added (outdoors the two are the same).
Below the table, each sound without an onset within 5 ms, with the loudest sound (most impulse x speed) in the
half second before it: what a listener would have heard it after; "(in effects)" where the effects stem has
its onset, so the room's reverberation of earlier sounds is what masks it.
With --seeds N, each film's sound is also made with N - 1 further seeds of its noise (room tone, contact
noise, detuning; the same events), and the range of the heard counts is printed: in a dense clatter which
knocks stand out of the noise is partly a draw.
Run: .venv/bin/python bench/audio.py [--seeds N] [name ...]  (names: only the films whose path contains one)"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from cinesim.audio import make_soundtrack
from cinesim.audio.listening import first_of_clusters, nearest, onsets, unexplained
from cinesim.audio.soundtrack import FOOT_MASS
from cinesim.physics import simulate
from cinesim.screenplay import load_screenplay
from cinesim.timeline import Footstep, Impact
from cinesim.world import build_world

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main(names: list[str], seeds: int) -> None:
    print(f"{'example':>24}  {'film s':>6}  {'impacts':>7}  {'segments':>8}  {'synthesis s':>11}  {'s per film s':>12}"
          f"  {'heard':>7}  {'mean ms':>7}  {'max ms':>6}  {'other onsets':>12}  {'in effects':>10}"
          + ("  heard, all seeds" if seeds > 1 else ""))
    total_film = total_time = 0.0
    offsets: list[np.ndarray] = []
    others = dry_heard = 0
    per_seed = np.zeros(seeds, dtype=int)  # heard over all films, seed by seed
    missed: list[str] = []
    for path in sorted(EXAMPLES.rglob("*.yaml")):  # the sets' films too
        name = str(path.relative_to(EXAMPLES).with_suffix(""))
        if names and not any(wanted in name for wanted in names):
            continue
        world = build_world(load_screenplay(path))
        timeline = simulate(world)
        started = time.perf_counter()
        soundtrack = make_soundtrack(world, timeline, np.random.default_rng(world.seed))
        spent = time.perf_counter() - started
        total_film += world.duration
        total_time += spent
        sounds = [e for e in timeline.events if isinstance(e, Impact | Footstep) or e.type == "catch"]
        knocks = [e.time for e in sounds]
        found = onsets(soundtrack.samples.mean(axis=1))
        offset = np.abs(nearest(found, knocks))
        other = unexplained(found, knocks)
        others += other
        direct = np.abs(nearest(onsets(soundtrack.stems["effects"].mean(axis=1)), knocks)) <= 0.005
        dry_heard += int(direct.sum())
        missed += [f"{name:>24}  {_what(sounds, t)}, nearest onset {_ms(off)} ms away{_before(sounds, t)}"
                   + (" (in effects)" if dry else "")
                   for t, off, dry in zip(first_of_clusters(knocks), offset, direct, strict=True) if off > 0.005]
        near = offset[offset <= 0.005]
        offsets.append(offset)
        counts = [len(near)] + [_heard(world, timeline, knocks, world.seed + s) for s in range(1, seeds)]
        per_seed += counts
        spread = _spread(counts) if seeds > 1 else ""
        print(f"{name:>24}  {world.duration:6.1f}  {len(knocks):7d}  {len(timeline.segments):8d}  "
              f"{spent:11.2f}  {spent / world.duration:12.3f}  {len(near):3d}/{len(offset):<3d}  "
              f"{_ms(near.mean() if len(near) else None):>7}  {_ms(near.max() if len(near) else None):>6}  {other:12d}"
              f"  {int(direct.sum()):4d}/{len(direct):<5d}" + spread)
    every = np.concatenate(offsets)
    near = every[every <= 0.005]
    print(f"{'all':>24}  {total_film:6.1f}  {'':7}  {'':8}  {total_time:11.2f}  {total_time / total_film:12.3f}  "
          f"{len(near):3d}/{len(every):<3d}  {_ms(near.mean()):>7}  {_ms(near.max()):>6}  {others:12d}"
          f"  {dry_heard:4d}/{len(every):<5d}"
          + (_spread(per_seed) if seeds > 1 else ""))
    print("\nwithout an onset within 5 ms:" if missed else "\nevery sound has an onset within 5 ms")
    print("\n".join(missed))


def _spread(counts) -> str:
    return f"  {min(counts):8d}-{max(counts):<3d} (mean {np.mean(counts):.1f})"


def _heard(world, timeline, knocks: list[float], seed: int) -> int:
    """How many sounds have an onset within 5 ms when the film's noise is drawn from `seed`."""
    soundtrack = make_soundtrack(world, timeline, np.random.default_rng(seed))
    return int((np.abs(nearest(onsets(soundtrack.samples.mean(axis=1)), knocks)) <= 0.005).sum())


def _energy(event) -> float:
    """What a knock exchanged (impulse x speed); a footstep's from the leg it stops; a catch counts as none."""
    if isinstance(event, Impact):
        return event.impulse * event.speed
    return FOOT_MASS * event.speed**2 if isinstance(event, Footstep) else 0.0


def _cluster(sounds: list, time: float) -> list:
    """The knocks heard as one sound from `time` on (as `first_of_clusters` groups them)."""
    return [e for e in sounds if time - 1e-9 <= e.time <= time + 0.010]


def _what(sounds: list, time: float) -> str:
    event = max(_cluster(sounds, time), key=_energy)
    who = f"{event.body_a}-{event.body_b}" if isinstance(event, Impact) else event.person
    return f"{time:.3f} s: {type(event).__name__.lower()} {who} at {event.speed:.2f} m/s"


def _before(sounds: list, time: float) -> str:
    """The strongest knock in the half second before `time`, if stronger than the strongest of its sound."""
    at = max(_energy(e) for e in _cluster(sounds, time))
    earlier = [e for e in sounds if time - 0.5 < e.time < time - 1e-9]
    loud = max(earlier, key=_energy, default=None)
    if loud is None or _energy(loud) <= at:
        return ""
    stronger = 10 * np.log10(_energy(loud) / max(at, 1e-12))
    return (f"; {1000 * (time - loud.time):.0f} ms after the {type(loud).__name__.lower()} at {loud.speed:.2f} m/s, "
            f"{stronger:.0f} dB stronger")


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{1000 * seconds:.2f}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Sound synthesis speed and onsets per example.")
    parser.add_argument("names", nargs="*", help="only the films whose path contains one of these")
    parser.add_argument("--seeds", type=int, default=1, help="noise seeds per film (the heard counts' range)")
    arguments = parser.parse_args()
    main(arguments.names, max(1, arguments.seeds))
