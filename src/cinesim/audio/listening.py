"""Listening with numbers: where a soundtrack's onsets are, to check them against the Timeline's events.
Needs librosa (the `dev` extra); the film itself never imports this."""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from cinesim.audio.modal import RATE

HOP = 64  # samples (1.3 ms)
AVERAGE = int(0.1 * RATE / HOP)  # frames each side: the span of librosa's peak picker's local mean (0.1 s)


def onsets(mono: np.ndarray) -> np.ndarray:
    """librosa onsets (s) at a 64-sample hop, with backtracking, one setting for every film: a 512-sample
    window (64 mel bands: 128 leave some empty at 512) and peaks picked one hop apart (librosa's defaults
    wait 30 ms between onsets; a domino run's clacks come every 30 ms, a bounce's double hit 10 ms apart).
    Each onset is backtracked to where the flux rose above its local mean, not to the last dip of the
    background's flux before it: that dip is where the noise happens to turn, up to 6 ms before the sound (a
    ball drop's largest offset ranged 2.1 to 5.9 ms over eight seeds of the same film's noise)."""
    import librosa

    envelope = librosa.onset.onset_strength(y=mono, sr=RATE, hop_length=HOP, n_fft=512, n_mels=64)
    normalised = (envelope - envelope.min()) / max(float(np.ptp(envelope)), 1e-12)
    rise = np.maximum(normalised - ndimage.uniform_filter1d(normalised, 2 * AVERAGE + 1, mode="nearest"), 0.0)
    return librosa.onset.onset_detect(onset_envelope=envelope, sr=RATE, hop_length=HOP, backtrack=True,
                                      energy=rise, units="time", pre_max=1, post_max=1, wait=1)


def first_of_clusters(times: list[float], gap: float = 0.010) -> list[float]:
    """Impacts closer than `gap` are one sound (a cradle's clacks 0.3 ms apart); keep each cluster's first."""
    kept: list[float] = []
    for t in sorted(times):
        if not kept or t - kept[-1] > gap:
            kept.append(t)
    return kept


def heard(mono: np.ndarray, times: list[float]) -> np.ndarray:
    """For each sound (impacts clustered as above), the offset (s) to the nearest onset; within 5 ms counts
    as heard."""
    return nearest(onsets(mono), times)


def nearest(found: np.ndarray, times: list[float]) -> np.ndarray:
    """For each sound (impacts clustered as above), the offset (s) to the nearest of the onsets `found`."""
    sounds = first_of_clusters(times)
    if len(found) == 0:
        return np.full(len(sounds), np.inf)
    return np.array([found[np.argmin(np.abs(found - t))] - t for t in sounds])


def unexplained(found: np.ndarray, times: list[float], gap: float = 0.020) -> int:
    """How many of the onsets `found` have no event within `gap`: what the detector hears in the room tone,
    in reverberation and in a ring's beating."""
    if not times:
        return len(found)
    events = np.sort(np.asarray(times))
    return int(sum(np.abs(events - t).min() > gap for t in found))
