"""The soundtrack as a WAV stem (48 kHz stereo, 24-bit PCM)."""

from __future__ import annotations

from pathlib import Path

import soundfile

from cinesim.audio import Soundtrack
from cinesim.fileio import atomic_path


def write_wav(path: Path, soundtrack: Soundtrack) -> Path:
    with atomic_path(Path(path)) as tmp:
        soundfile.write(str(tmp), soundtrack.samples, soundtrack.rate, subtype="PCM_24", format="WAV")
    return Path(path)
