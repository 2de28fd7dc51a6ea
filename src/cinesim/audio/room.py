"""The space the sound is in: room reverberation indoors (image-source impulse response from the room's
size and surfaces, pyroomacoustics), a ground reflection outdoors, and a quiet ambience bed."""

from __future__ import annotations

import numpy as np
import pyroomacoustics as pra
from scipy import signal

from cinesim.audio.filters import butter
from cinesim.world.model import World

RATE = 48000
WET = 1.0  # the tail at the room's natural level


def room_response(world: World) -> np.ndarray | None:
    """Stereo impulse response of the room's reverberation (direct path removed), or None outdoors."""
    if world.room is None:
        return None
    w, d, h = world.room.size
    floor = world.entities[0].material.sound.absorption
    walls = world.room.walls.sound.absorption
    materials = {"east": pra.Material(walls), "west": pra.Material(walls), "north": pra.Material(walls),
                 "south": pra.Material(walls), "floor": pra.Material(floor), "ceiling": pra.Material(walls)}
    room = pra.ShoeBox([w, d, h], fs=RATE, materials=materials, max_order=12, air_absorption=True)
    room.add_source([w * 0.4, d * 0.55, min(1.0, h / 2)])
    mic = np.array([[w * 0.6 - 0.1, w * 0.6 + 0.1], [d * 0.4, d * 0.4], [1.5, 1.5]])
    room.add_microphone_array(mic)
    room.compute_rir()
    length = max(len(r[0]) for r in room.rir)
    rir = np.zeros((length, 2))
    for channel in range(2):
        response = np.asarray(room.rir[channel][0])
        rir[: len(response), channel] = response
    direct = int(np.argmax(np.abs(rir).sum(axis=1)))
    peak = np.abs(rir[direct]).max()
    rir[: direct + int(0.002 * RATE)] = 0.0  # the direct sound is already in the dry mix, placed exactly
    # Scaled so that the direct sound it removed had unit level: the room's own direct-to-reverberant
    # ratio (at a source-listener distance of about 2 m) is kept.
    return rir / max(peak, 1e-12)


def reverberate(dry: np.ndarray, response: np.ndarray | None) -> np.ndarray:
    if response is None:
        return dry
    wet = np.stack([signal.oaconvolve(dry[:, c], response[:, c])[: len(dry)] for c in range(2)], axis=1)
    return dry + WET * wet


def ambience(world: World, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Room tone (low rumble) indoors, moving air outdoors; unit-ish level, scaled by the mix."""
    noise = rng.standard_normal((samples, 2))
    fade = np.minimum(1.0, np.arange(samples) / (0.25 * RATE))[:, None]  # eases in: no click at the first frame
    if world.room is not None:
        b, a = butter(2, (30.0, 250.0), "band")
        return signal.lfilter(b, a, noise, axis=0) * fade
    b, a = butter(2, (80.0, 1200.0), "band")
    gusts = 0.6 + 0.4 * np.sin(2 * np.pi * 0.13 * np.arange(samples) / RATE + rng.uniform(0, 6.28))
    return signal.lfilter(b, a, noise, axis=0) * gusts[:, None] * fade
