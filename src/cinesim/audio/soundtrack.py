"""World + Timeline -> a mastered 48 kHz stereo soundtrack."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy import signal

from cinesim.audio.continuous import contact_noise
from cinesim.audio.listener import SPEED_OF_SOUND, Placement, place
from cinesim.audio.master import TARGET_LUFS, loudness, master
from cinesim.audio.modal import MAX_RING, strike, voice_for
from cinesim.audio.room import ambience, reverberate, room_response
from cinesim.render.camera import CameraRig
from cinesim.timeline import Impact, Timeline
from cinesim.world.model import World

RATE = 48000
AMBIENCE_LUFS = -42.0  # the bed sits far under the action
GROUND_REFLECTION = 0.35  # outdoors: level of the sound's reflection off the ground


@dataclass(frozen=True)
class Soundtrack:
    samples: np.ndarray  # (n, 2) float32 in [-1, 1], n = duration x RATE
    rate: int
    loudness: float  # LUFS, integrated
    seconds: float  # time spent making it


def make_soundtrack(world: World, timeline: Timeline, rng: np.random.Generator,
                    target_lufs: float = TARGET_LUFS) -> Soundtrack:
    started = time.perf_counter()
    rig = CameraRig(world, timeline)
    length = round(timeline.frame_count / timeline.fps * RATE)
    dry = np.zeros((length + int(MAX_RING * RATE) + RATE, 2))
    voices = [voice_for(e, e.sounding, rng) for e in world.entities]
    index = {e.name: i for i, e in enumerate(world.entities)}
    outdoors = world.room is None
    for event in timeline.events:
        if isinstance(event, Impact):
            _impact(dry, event, index, world, voices, rig, rng, outdoors)
    for segment in timeline.segments:
        a, b = world.entities[index[segment.body_a]], world.entities[index[segment.body_b]]
        gain = a.sound_gain * b.sound_gain
        if gain == 0:
            continue
        first = int(segment.start * RATE)
        mono = contact_noise(segment, a.sounding, b.sounding, rng, first) * gain
        middle = (segment.start + segment.end) / 2
        frame = min(int(middle * timeline.fps), timeline.frame_count - 1)
        _add(dry, first, mono, place(rig, middle, timeline.positions[frame, index[segment.body_b]]))
    mix = reverberate(dry, room_response(world))[:length]
    if world.slow_motion > 1:  # as a high-speed camera's sound would be played back: slower and lower
        mix = signal.resample_poly(mix, world.slow_motion, 1, axis=0)
        length = len(mix)
    if np.abs(mix).max() > 0:
        mix = master(mix, target_lufs)
    bed = ambience(world, length, rng)
    bed_loudness = loudness(bed)
    mix = mix + bed * 10 ** ((AMBIENCE_LUFS - bed_loudness) / 20)
    mix = np.clip(mix, -0.999, 0.999)  # a guard only: the master keeps true peaks under -1 dBTP
    return Soundtrack(mix.astype(np.float32), RATE, loudness(mix), time.perf_counter() - started)


def _impact(dry: np.ndarray, event: Impact, index: dict[str, int], world: World, voices: list, rig: CameraRig,
            rng: np.random.Generator, outdoors: bool) -> None:
    ia, ib = index[event.body_a], index[event.body_b]
    a, b = world.entities[ia], world.entities[ib]
    gain = a.sound_gain * b.sound_gain  # a muted prop silences every contact it takes part in
    if gain == 0:
        return
    start = event.time * RATE
    first = int(np.floor(start))
    contact_ms = max(voices[ia].contact_ms, voices[ib].contact_ms)
    ring_a = strike(voices[ia], event.speed, contact_ms, rng, start - first)
    ring_b = strike(voices[ib], event.speed, contact_ms, rng, start - first)
    size = max(len(ring_a), len(ring_b))
    mono = np.zeros(size)
    mono[: len(ring_a)] += ring_a
    mono[: len(ring_b)] += ring_b
    mono *= np.sqrt(event.impulse * event.speed) * gain  # ~ sqrt of the energy the impact exchanged
    point = np.asarray(event.position)
    placement = place(rig, event.time, point)
    _add(dry, first, mono, placement)
    if outdoors:  # the same sound off the ground, later by the extra path, a little duller
        mirror = point * np.array([1.0, 1.0, -1.0]) - np.array([0.0, 0.0, 0.002])
        echo = place(rig, event.time, mirror)
        delay = round((echo.distance - placement.distance) / SPEED_OF_SOUND * RATE)
        _add(dry, first + max(delay, 1), mono * GROUND_REFLECTION, echo)


def _add(dry: np.ndarray, first: int, mono: np.ndarray, where: Placement) -> None:
    """Mix a mono sound in at sample `first`, panned, attenuated and dulled by the air on the way."""
    if first >= len(dry):
        return
    alpha = 1 - np.exp(-2 * np.pi * where.air_cutoff / RATE)
    dulled = signal.lfilter([alpha], [1, alpha - 1], mono)
    end = min(len(dry), first + len(dulled))
    dry[first:end, 0] += dulled[: end - first] * where.left
    dry[first:end, 1] += dulled[: end - first] * where.right
