"""The soundtrack, and its stems, as WAV files (48 kHz stereo, 24-bit PCM)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from cinesim.audio import Soundtrack
from cinesim.fileio import atomic_path


def write_wav(path: Path, soundtrack: Soundtrack) -> Path:
    return _write(Path(path), soundtrack.samples, soundtrack.rate)


def write_stems(directory: Path, soundtrack: Soundtrack) -> Path:
    """`effects.wav`, `room.wav` and `ambience.wav` in `directory`: the direct sound of every contact, the
    room's reverberation of it (silence outdoors) and the ambience bed, each through the same master; they add
    up to the film's track."""
    for name, samples in soundtrack.stems.items():
        _write(Path(directory) / f"{name}.wav", samples, soundtrack.rate)
    return Path(directory)


def _write(path: Path, samples: np.ndarray, rate: int) -> Path:
    with atomic_path(path) as tmp:
        soundfile.write(str(tmp), samples, rate, subtype="PCM_24", format="WAV")
    return path
