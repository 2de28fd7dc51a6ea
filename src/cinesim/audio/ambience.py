"""The ambience bed: what a set sounds like when nothing in the film happens. Each soundscape is made from
seeded noise shaped like its sources (ventilation, a refrigerator, wind, leaves, birds, traffic, surf); the
soundtrack sets its level far under the action."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import ndimage, signal

from cinesim.audio.filters import butter

RATE = 48000
CONTROL_RATE = 100  # Hz: slow envelopes (gusts, passing cars, waves) are drawn at this rate, then interpolated
FADE_IN = 0.25  # s: the bed eases in, no click at the first frame
MAINS = 50.0  # Hz: a refrigerator's compressor hums at the mains frequency and its harmonics


def ambience(name: str, samples: int, rng: np.random.Generator) -> np.ndarray:
    """`samples` of the soundscape `name` (one of `catalog.AMBIENCES`), stereo, unit-ish level; silence for
    "none"."""
    bed = SOUNDSCAPES[name](samples, rng)
    return bed * np.minimum(1.0, np.arange(samples) / (FADE_IN * RATE))[:, None]


def _band(x: np.ndarray, low: float, high: float) -> np.ndarray:
    return signal.lfilter(*butter(2, (low, high), "band"), x, axis=0)


def _noise(samples: int, rng: np.random.Generator, low: float, high: float) -> np.ndarray:
    """Stereo noise in a band, the two channels independent (a diffuse field)."""
    return _band(rng.standard_normal((samples, 2)), low, high)


def _slow(samples: int, rng: np.random.Generator, seconds: float) -> np.ndarray:
    """A smooth random curve of zero mean and unit deviation, changing over about `seconds`."""
    control = ndimage.gaussian_filter1d(rng.standard_normal(samples // (RATE // CONTROL_RATE) + 2),
                                        seconds * CONTROL_RATE / 2, mode="wrap")
    control /= max(float(control.std()), 1e-12)
    return np.interp(np.arange(samples) / RATE, np.arange(len(control)) / CONTROL_RATE, control - control.mean())


def _times(samples: int, rng: np.random.Generator, rate: float, before: float = 0.0) -> np.ndarray:
    """Times (s) of a Poisson process of `rate` per second, from `before` seconds before the start to the end."""
    span = samples / RATE + before
    return np.sort(rng.uniform(0.0, span, rng.poisson(rate * span))) - before


def room_tone(samples: int, rng: np.random.Generator) -> np.ndarray:
    """A quiet room: the low rumble of ventilation and the building."""
    return _noise(samples, rng, 30.0, 250.0)


def hall(samples: int, rng: np.random.Generator) -> np.ndarray:
    """A large hall: deeper air-handling rumble, and the hiss of its vents."""
    return _noise(samples, rng, 20.0, 400.0) + 0.15 * _noise(samples, rng, 800.0, 4000.0)


def kitchen(samples: int, rng: np.random.Generator) -> np.ndarray:
    """Room tone and a refrigerator: its compressor hums at the mains frequency and its harmonics (the
    odd ones stronger: a magnetostrictive buzz), wavering a little."""
    t = np.arange(samples) / RATE
    hum = np.zeros(samples)
    for harmonic, level in ((1, 1.0), (2, 0.5), (3, 0.6), (4, 0.2), (5, 0.3)):
        hum += level * np.sin(2 * np.pi * MAINS * harmonic * t + rng.uniform(0, 2 * np.pi))
    hum *= 1 + 0.05 * _slow(samples, rng, 2.0)
    return room_tone(samples, rng) + 0.1 * hum[:, None] * np.array([0.8, 0.6])


def _gusts(samples: int, rng: np.random.Generator) -> np.ndarray:
    """The wind's strength, about 0.6 and never still, changing over seconds."""
    return np.clip(0.6 + 0.25 * _slow(samples, rng, 4.0), 0.1, None)


def breeze(samples: int, rng: np.random.Generator) -> np.ndarray:
    """Open air: moving air, in gusts."""
    gusts = _gusts(samples, rng)
    return _noise(samples, rng, 80.0, 1200.0) * gusts[:, None]


def park(samples: int, rng: np.random.Generator) -> np.ndarray:
    """A breeze, the leaves rustling with its gusts, and birds now and then: each a few chirps, a swept
    whistle 2.5-6 kHz some 30-90 ms long, from a side."""
    gusts = _gusts(samples, rng)
    air = _noise(samples, rng, 80.0, 1200.0) * gusts[:, None]
    leaves = _noise(samples, rng, 1500.0, 7000.0) * (gusts**2)[:, None]
    birds = np.zeros((samples, 2))
    for start in _times(samples, rng, 0.8, before=0.5):
        side = rng.uniform(0.2, 0.8)
        pitch, level = rng.uniform(2500.0, 5500.0), rng.uniform(0.3, 1.0)
        at = start
        for _ in range(rng.integers(2, 6)):
            length = rng.uniform(0.03, 0.09)
            _add_chirp(birds, at, length, pitch, pitch * rng.uniform(0.7, 1.3), level * np.array([side, 1 - side]))
            at += length + rng.uniform(0.04, 0.12)
    return air + 0.3 * leaves + 0.5 * birds


def _add_chirp(out: np.ndarray, start: float, length: float, f0: float, f1: float, gains: np.ndarray) -> None:
    """A whistle sweeping from f0 to f1 with a smooth (sine-squared) envelope and a weak second harmonic."""
    t = np.arange(int(length * RATE)) / RATE
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t**2 / (2 * length))
    chirp = (np.sin(phase) + 0.2 * np.sin(2 * phase)) * np.sin(np.pi * t / length) ** 2
    first = round(start * RATE)
    lo, hi = max(first, 0), min(first + len(chirp), len(out))
    if lo < hi:
        out[lo:hi] += chirp[lo - first:hi - first, None] * gains


def street(samples: int, rng: np.random.Generator) -> np.ndarray:
    """A street: the far rumble of traffic, and cars passing, each a swell of tyre noise that crosses from
    one side to the other."""
    rumble = _noise(samples, rng, 40.0, 500.0) * (1 + 0.2 * _slow(samples, rng, 3.0))[:, None]
    tyres = _noise(samples, rng, 150.0, 2500.0)[:, 0]
    t = np.arange(samples) / RATE
    cars = np.zeros((samples, 2))
    for passing in _times(samples, rng, 0.25, before=3.0):
        spread, level, direction = rng.uniform(1.2, 2.0), rng.uniform(0.5, 1.0), rng.choice((-1.0, 1.0))
        swell = level * np.exp(-0.5 * ((t - passing) / spread) ** 2)
        pan = 0.5 + 0.45 * direction * np.tanh((t - passing) / spread)  # share on the right
        cars += (tyres * swell)[:, None] * np.stack([np.sqrt(1 - pan), np.sqrt(pan)], axis=1)
    return rumble + 1.5 * cars


def beach(samples: int, rng: np.random.Generator) -> np.ndarray:
    """Surf: waves break every 6-11 s, each a roar rising in about a second and washing out over a few,
    brighter at the crash; a low wash of the farther surf under them, and a breeze. The first wave breaks
    within the first seconds."""
    t = np.arange(samples) / RATE
    envelope = np.zeros(samples)
    crest, end = rng.uniform(0.5, 2.5), samples / RATE
    while crest < end + 1.0:
        rise, fall = rng.uniform(0.6, 1.2), rng.uniform(1.5, 3.0)
        before = np.exp(-(((t - crest) / rise) ** 2))
        after = np.exp(-(t - crest) / fall)
        envelope += rng.uniform(0.6, 1.0) * np.where(t < crest, before, after)
        crest += rng.uniform(6.0, 11.0)
    low = _noise(samples, rng, 100.0, 800.0) * envelope[:, None]
    high = _noise(samples, rng, 800.0, 8000.0) * (envelope**2)[:, None]
    wash = _noise(samples, rng, 60.0, 400.0)
    return low + 0.6 * high + 0.3 * wash + 0.3 * breeze(samples, rng)


def silence(samples: int, rng: np.random.Generator) -> np.ndarray:
    return np.zeros((samples, 2))


SOUNDSCAPES: dict[str, Callable[[int, np.random.Generator], np.ndarray]] = {
    "room_tone": room_tone, "hall": hall, "kitchen": kitchen, "breeze": breeze, "park": park, "street": street,
    "beach": beach, "none": silence}  # one for each name in catalog.AMBIENCES
