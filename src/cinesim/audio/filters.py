"""Butterworth designs, cached: sounds ask for thousands of nearly equal filters."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import signal

RATE = 48000
STEPS_PER_OCTAVE = 24  # cutoffs are rounded to a quarter semitone: inaudible, and designs are reused


def _snap(frequency: float, steps: int) -> float:
    return float(2 ** (round(np.log2(max(frequency, 1.0)) * steps) / steps))


@lru_cache(maxsize=4096)
def _design(order: int, cutoffs: tuple[float, ...], kind: str) -> tuple[np.ndarray, np.ndarray]:
    edges = cutoffs[0] if len(cutoffs) == 1 else list(cutoffs)
    return signal.butter(order, edges, btype=kind, fs=RATE)


def butter(order: int, cutoff: float | tuple[float, float], kind: str, steps_per_octave: int = STEPS_PER_OCTAVE
           ) -> tuple[np.ndarray, np.ndarray]:
    """A Butterworth design (b, a) at RATE, its edges rounded to `steps_per_octave` (coarser for noise)."""
    edges = (cutoff,) if np.isscalar(cutoff) else tuple(cutoff)
    return _design(order, tuple(min(_snap(f, steps_per_octave), 0.45 * RATE) for f in edges), kind)
