"""Rolling and sliding: noise shaped by the surfaces, following the Timeline's speed and force curves."""

from __future__ import annotations

import numpy as np
from scipy import signal

from cinesim.audio.filters import butter
from cinesim.catalog.materials import Material
from cinesim.timeline import ContactSegment

RATE = 48000
BANK_STEP = 0.5  # octaves between the fixed low-passes a moving cutoff is blended from
FADE = 0.02  # s in and out
SLIDE_GAIN = 0.02  # relative to an impact's sqrt(impulse x speed): scraping radiates far less than a knock
ROLL_GAIN = 0.05


def contact_noise(segment: ContactSegment, surface: Material, body: Material, rng: np.random.Generator,
                  start_sample: int) -> np.ndarray:
    """Mono signal from the segment's start. Rolling is a low rumble brightening with speed; sliding a
    band of friction noise around the body's ring, louder with slip speed and normal force."""
    times = np.asarray(segment.times) - start_sample / RATE
    n = int(np.ceil((times[-1] + FADE) * RATE)) + 1
    t = np.arange(n) / RATE
    speed = np.interp(t, times, segment.speeds)
    force = np.interp(t, times, np.maximum(segment.forces, 0.0))
    rolling = segment.kind == "roll"
    noise = rng.standard_normal(n)
    # Level follows the power the contact dissipates (friction force x speed), as an impact's follows the
    # energy it exchanges: amplitude ~ sqrt(power), a small share of it radiated as sound.
    if rolling:
        resistance = max(surface.rolling, body.rolling)
        level = ROLL_GAIN * np.sqrt(resistance * force * speed) * (0.3 + surface.sound.noise)
        cutoffs = 150.0 + 1500.0 * np.minimum(speed, 4.0) * (0.4 + surface.sound.noise)
    else:
        friction = np.sqrt(surface.friction * body.friction)
        level = SLIDE_GAIN * np.sqrt(friction * force * speed) * (0.4 + 0.6 * body.sound.noise)
        cutoffs = np.clip(body.sound.frequency * (0.8 + 0.6 * np.minimum(speed, 3.0)), 300.0, 9000.0)
    out = swept_lowpass(noise, np.clip(cutoffs, 40.0, 0.45 * RATE))
    envelope = np.minimum(1.0, np.minimum(t, t[-1] - t) / FADE)
    return out * level * np.clip(envelope, 0.0, 1.0)


def swept_lowpass(x: np.ndarray, cutoffs: np.ndarray) -> np.ndarray:
    """`x` through a second-order low-pass whose corner follows `cutoffs` (Hz) sample by sample: `x` through
    fixed low-passes BANK_STEP octaves apart, blended by where the corner sits between its two neighbours.
    Fixed filters switch no coefficients (no zipper noise, no state to carry) and cost a few passes over the
    signal, whatever the sweep."""
    position = np.log2(cutoffs) / BANK_STEP
    lowest, highest = int(np.floor(position.min())), int(np.ceil(position.max()))
    out = np.zeros_like(x)
    for k in range(lowest, max(highest, lowest + 1) + 1):
        weight = np.maximum(1 - np.abs(position - k), 0.0)  # linear between neighbouring corners
        if weight.any():
            out += signal.lfilter(*butter(2, 2 ** (k * BANK_STEP), "low"), x) * weight
    return out
