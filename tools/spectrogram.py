"""Draw a soundtrack's spectrogram with its Timeline's impacts marked: `python tools/spectrogram.py
film.wav film.events.json out.png`. Onsets should sit on the marks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import soundfile
from scipy import signal


def main(wav: str, events: str, out: str) -> None:
    audio, rate = soundfile.read(wav)
    freqs, times, power = signal.spectrogram(audio.mean(axis=1), rate, nperseg=1024, noverlap=896)
    fig, ax = plt.subplots(figsize=(10, 4), dpi=110)
    ax.pcolormesh(times, freqs, 10 * np.log10(power + 1e-12), shading="auto", cmap="magma", vmin=-120, vmax=-30)
    for event in json.loads(Path(events).read_text())["events"]:
        if event["type"] == "impact":
            ax.axvline(event["time"], color="cyan", lw=0.6, alpha=0.7)
    ax.set(yscale="symlog", ylim=(40, rate / 2), xlabel="time (s)", ylabel="frequency (Hz)",
           title=f"{wav}: impacts from the Timeline in cyan")
    fig.tight_layout()
    fig.savefig(out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
