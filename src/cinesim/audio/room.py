"""The space the sound is in: room reverberation indoors (image-source early reflections from the room's
size and surfaces, pyroomacoustics, and a statistical late tail with the room's reverberation time)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pyroomacoustics as pra
from scipy import signal

from cinesim.audio.filters import butter
from cinesim.audio.modal import SPEED_OF_SOUND
from cinesim.world.model import World

RATE = 48000
EARLY_ORDER = 8  # image sources up to this many reflections; the rest is the statistical tail
# The camera's microphone is a short shotgun on a boom, aimed at the action. Its directivity index (about
# 9 dB) is how much less of the diffuse reverberant field it picks up than an omni, against the direct sound
# it points at: the room is heard, not drowning a domino run's clacks in one another.
MIC_DIRECTIVITY_DB = 9.0
# The air's absorption per octave band (intensity attenuation, 1/m; 125 Hz to 8 kHz, the lowest and highest
# bands open-ended), at 20 C and 50-70 % humidity as pyroomacoustics tabulates it (after Vorlaender). High
# frequencies die sooner in a large room: a gym's tail darkens as it decays. One model for the early
# reflections and the tail.
_AIR = pra.parameters.Physics(temperature=20.0, humidity=50.0).get_air_absorption()
OCTAVES = tuple(float(f) for f in _AIR["center_freqs"])  # Hz
AIR_ABSORPTION = np.asarray(_AIR["coeffs"])
MID_BAND = OCTAVES.index(1000.0)  # where a room's reverberation time is quoted
CROSSFADE = 0.01  # s: early reflections hand over to the tail
MAX_TAIL = 4.0  # s
FADE_OUT = 0.2  # s: a tail cut at MAX_TAIL ends smoothly


def absorption(world: World) -> tuple[float, float]:
    """Absorption coefficients of the floor and of the walls and ceiling, the furnishings' absorption spread
    over every surface (image sources need it on the surfaces; Eyring's formula takes only the mean)."""
    w, d, h = world.room.size
    furnished = world.room.furnishing / (2 * (w * d + w * h + d * h))
    return (min(world.entities[0].material.sound.absorption + furnished, 0.99),
            min(world.room.walls.sound.absorption + furnished, 0.99))


def reverberation_time(world: World) -> np.ndarray:
    """Eyring's T60 (s) of the room in each octave band, with the air's absorption (Sabine's 4 m V term)."""
    w, d, h = world.room.size
    volume = w * d * h
    floor_area, wall_area = w * d, 2 * (w * h + d * h) + w * d  # the ceiling is plastered like the walls
    floor, walls = absorption(world)
    mean_alpha = (floor_area * floor + wall_area * walls) / (floor_area + wall_area)
    surface = -(floor_area + wall_area) * np.log(1 - mean_alpha)
    return 0.161 * volume / (surface + 4 * AIR_ABSORPTION * volume)


def room_response(world: World, rng: np.random.Generator) -> np.ndarray | None:
    """Stereo impulse response of the room's reverberation (direct path removed), or None outdoors.
    Scaled so that the direct sound it removed has unit level, less the microphone's directivity: the room's
    own direct-to-reverberant ratio at a source-listener distance of about 2 m."""
    if world.room is None:
        return None
    early, complete = _early_reflections(world)
    t60 = reverberation_time(world)
    start = min(complete, len(early))
    length = max(int(min(MAX_TAIL, t60.max()) * RATE), start + int((CROSSFADE + FADE_OUT) * RATE))
    window = early[start // 2:start]
    level = np.sqrt(np.mean(window**2)) if len(window) else 0.0  # rms of the early part's densest stretch
    after = np.arange(length - start) / RATE
    noise = rng.standard_normal((len(after), 2))
    tail = np.zeros_like(noise)
    for band, decay in zip(_bands(noise), t60, strict=True):
        tail += band * np.exp(-6.91 * after / decay)[:, None]
    tail *= level / max(np.sqrt(np.mean(tail[: int(CROSSFADE * RATE)] ** 2)), 1e-12)
    response = np.zeros((length, 2))
    response[: len(early)] = early[:length]
    fade = np.clip(after / CROSSFADE, 0.0, 1.0)[:, None]
    response[start:] = response[start:] * (1 - fade) + tail * fade
    response[-int(FADE_OUT * RATE):] *= np.linspace(1.0, 0.0, int(FADE_OUT * RATE))[:, None]
    return response * 10 ** (-MIC_DIRECTIVITY_DB / 20)


def _early_reflections(world: World) -> tuple[np.ndarray, int]:
    """Image-source response (direct path removed, direct level 1) and the sample up to which it holds every
    reflection: later, images of higher order than computed would arrive."""
    w, d, h = world.room.size
    floor, walls = absorption(world)
    materials = {"east": pra.Material(walls), "west": pra.Material(walls), "north": pra.Material(walls),
                 "south": pra.Material(walls), "floor": pra.Material(floor), "ceiling": pra.Material(walls)}
    room = pra.ShoeBox([w, d, h], fs=RATE, materials=materials, max_order=EARLY_ORDER)
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
    complete = direct + int(EARLY_ORDER * min(w, d, h) / SPEED_OF_SOUND * RATE)
    return through_air(rir) / max(peak, 1e-12), complete


def _bands(x: np.ndarray) -> Iterator[np.ndarray]:
    """`x` (samples first) split into OCTAVES' bands at the edges between them, each split a zero-phase
    low-pass and what it leaves: the bands add up to `x` exactly, so weighting them moves no reflection."""
    rest = x
    for low, high in itertools.pairwise(OCTAVES):
        band = signal.filtfilt(*butter(2, np.sqrt(low * high), "low"), rest, axis=0)
        yield band
        rest = rest - band
    yield rest


def through_air(response: np.ndarray) -> np.ndarray:
    """The response with each octave attenuated by the air over the path its arrival time travelled (done
    here: pyroomacoustics' own air absorption costs 15 times its image sources)."""
    travelled = SPEED_OF_SOUND * np.arange(len(response)) / RATE
    out = np.zeros_like(response)
    for band, attenuation in zip(_bands(response), AIR_ABSORPTION, strict=True):
        out += band * np.exp(-attenuation * travelled / 2)[:, None]
    return out


def reverberation(dry: np.ndarray, response: np.ndarray | None) -> np.ndarray:
    """What the room adds to the `dry` sound: its reflections and tail (silence outdoors)."""
    if response is None:
        return np.zeros_like(dry)
    return np.stack([signal.oaconvolve(dry[:, c], response[:, c])[: len(dry)] for c in range(2)], axis=1)
