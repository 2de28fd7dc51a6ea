"""Mix and master: gentle compression (pedalboard), loudness to a target (pyloudnorm, EBU R128 / ITU-R
BS.1770), true peak held under a ceiling (measured 4x oversampled)."""

from __future__ import annotations

import numpy as np
import pedalboard
import pyloudnorm
from scipy import ndimage, signal

RATE = 48000
TARGET_LUFS = -16.0
CEILING_DBTP = -1.0
LOUDNESS_TOLERANCE = 0.25  # LU
INTERSAMPLE_MARGIN_DB = 0.8  # the limiter works on sample peaks; true peaks can sit up to this much higher


def true_peak_db(audio: np.ndarray) -> float:
    oversampled = signal.resample_poly(audio, 4, 1, axis=0)
    return 20 * np.log10(max(float(np.abs(oversampled).max()), 1e-12))


def loudness(audio: np.ndarray) -> float:
    return float(pyloudnorm.Meter(RATE).integrated_loudness(audio))


def limit(audio: np.ndarray, ceiling_db: float, lookahead_s: float = 0.002) -> np.ndarray:
    """Look-ahead peak limiter: the gain reaches its floor before each peak and returns over the same span,
    so transients keep their shape and nothing clips."""
    ceiling = 10 ** (ceiling_db / 20)
    peak = np.abs(audio).max(axis=1)
    needed = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    span = max(1, int(lookahead_s * RATE))
    floor = ndimage.minimum_filter1d(needed, size=2 * span + 1, mode="nearest")
    gain = ndimage.uniform_filter1d(floor, size=span, mode="nearest")  # smooth ramps, never above `floor`'s span
    return audio * np.minimum(gain, needed)[:, None]


def master(audio: np.ndarray, target: float = TARGET_LUFS) -> np.ndarray:
    """Compress, bring to `target` LUFS and keep the true peak under -1 dBTP."""
    board = pedalboard.Pedalboard([
        pedalboard.HighpassFilter(cutoff_frequency_hz=25.0),  # no DC, no subsonic thumps
        pedalboard.Compressor(threshold_db=-30.0, ratio=2.5, attack_ms=2.0, release_ms=120.0),
    ])
    measured = loudness(audio)
    if not np.isfinite(measured):
        return audio
    audio = audio * 10 ** ((target - measured) / 20)  # the compressor's threshold is relative to the target
    audio = board(audio.T.astype(np.float32), RATE).T.astype(np.float64)
    measured = loudness(audio)
    for _ in range(8):  # loudness up, peaks down, until both hold
        audio = limit(audio * 10 ** ((target - measured) / 20), CEILING_DBTP - INTERSAMPLE_MARGIN_DB)
        measured = loudness(audio)
        if abs(measured - target) < LOUDNESS_TOLERANCE:
            break
    excess = true_peak_db(audio) - CEILING_DBTP  # checked once, 4x oversampled
    return audio * 10 ** (-max(excess, 0.0) / 20)
