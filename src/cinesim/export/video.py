"""Stream frames into an H.264 MP4 as they are rendered: memory does not grow with film length."""

from __future__ import annotations

import contextlib
import queue
import threading
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from cinesim.fileio import atomic_path

CRF = 18
PRESET = "veryfast"
AUDIO_BITRATE = 192_000
AAC_FRAME = 1024


class VideoWriter:
    """H.264 (yuv420p, CRF 18) in MP4 with the index at the front (faststart), written under a temporary
    name and renamed when closed; on error nothing is left behind. Encoding runs on a worker thread so
    that it overlaps the rendering of the next frame (at most two frames wait in between)."""

    def __init__(self, path: Path, width: int, height: int, fps: int, audio: np.ndarray | None = None,
                 audio_rate: int = 48000, threads: int = 2):
        self._atomic = atomic_path(Path(path))
        self._tmp = self._atomic.__enter__()
        self.container = av.open(str(self._tmp), mode="w", format="mp4", options={"movflags": "+faststart"})
        self.stream = self.container.add_stream("libx264", rate=fps)
        self.stream.width, self.stream.height, self.stream.pix_fmt = width, height, "yuv420p"
        self.stream.codec_context.time_base = Fraction(1, fps)
        # x264 is deterministic for a given thread count, which is fixed here so reruns give the same bytes.
        self.stream.options = {"crf": str(CRF), "preset": PRESET, "threads": str(threads)}
        self.audio, self.audio_rate = audio, audio_rate
        if audio is not None:  # streams must all exist before the first packet is written
            self.audio_stream = self.container.add_stream("aac", rate=audio_rate, layout="stereo")
            self.audio_stream.bit_rate = AUDIO_BITRATE
        self.frames = 0
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._worker = threading.Thread(target=self._encode_all, name="h264", daemon=True)
        self._worker.start()

    def _encode_all(self) -> None:
        try:
            while (rgb := self._queue.get()) is not None:
                frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
                frame.pts = self.frames
                self.frames += 1
                for packet in self.stream.encode(frame):
                    self.container.mux(packet)
            for packet in self.stream.encode(None):
                self.container.mux(packet)
            if self.audio is not None:
                self._encode_audio()
        except BaseException as exc:  # handed to the caller's thread
            self._error = exc
            while self._queue.get() is not None:  # keep draining so the caller never blocks
                continue

    def _encode_audio(self) -> None:
        """AAC, 1024 samples a frame. The encoder's priming delay is written as the MP4 edit list, so
        players that honour container timing hear each sound exactly when its frame is shown."""
        planar = np.ascontiguousarray(self.audio.T, dtype=np.float32)
        for first in range(0, planar.shape[1], AAC_FRAME):
            frame = av.AudioFrame.from_ndarray(planar[:, first:first + AAC_FRAME], format="fltp", layout="stereo")
            frame.sample_rate = self.audio_rate
            frame.pts = first
            for packet in self.audio_stream.encode(frame):
                self.container.mux(packet)
        for packet in self.audio_stream.encode(None):
            self.container.mux(packet)

    def write(self, rgb: np.ndarray) -> None:
        if self._error:
            raise self._error
        self._queue.put(np.ascontiguousarray(rgb))

    def close(self) -> None:
        self._queue.put(None)
        self._worker.join()
        if self._error:
            self.abort()
            raise self._error
        self.container.close()
        self._atomic.__exit__(None, None, None)

    def abort(self) -> None:
        if self._worker.is_alive():
            self._queue.put(None)
            self._worker.join()
        with contextlib.suppress(Exception):
            self.container.close()
        self._atomic.__exit__(RuntimeError, RuntimeError("aborted"), None)

    def __enter__(self) -> VideoWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()
