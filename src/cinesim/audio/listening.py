"""Listening with numbers: where a soundtrack's onsets are, to check them against the Timeline's events.
Needs librosa (the `dev` extra); the film itself never imports this."""

from __future__ import annotations

import numpy as np

from cinesim.audio.modal import RATE


def onsets(mono: np.ndarray) -> np.ndarray:
    """librosa onsets (s) at a 64-sample hop, with backtracking, one setting for every film: a 512-sample
    window (64 mel bands: 128 leave some empty at 512) and peaks picked one hop apart (librosa's defaults
    wait 30 ms between onsets; a domino run's clacks come every 30 ms, a bounce's double hit 10 ms apart)."""
    import librosa

    envelope = librosa.onset.onset_strength(y=mono, sr=RATE, hop_length=64, n_fft=512, n_mels=64)
    return librosa.onset.onset_detect(onset_envelope=envelope, sr=RATE, hop_length=64, backtrack=True, units="time",
                                      pre_max=1, post_max=1, wait=1)


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
    found = onsets(mono)
    sounds = first_of_clusters(times)
    if len(found) == 0:
        return np.full(len(sounds), np.inf)
    return np.array([found[np.argmin(np.abs(found - t))] - t for t in sounds])
