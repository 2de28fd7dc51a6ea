"""World + Timeline -> film: render every frame through the live camera (in worker processes, farm.py) and
stream it to the encoder (and, on request, to the annotation writer). Nothing holds more than a frame per
worker."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from cinesim.audio import make_soundtrack
from cinesim.export.annotations import AnnotationWriter
from cinesim.export.audio import write_stems, write_wav
from cinesim.export.video import VideoWriter
from cinesim.fileio import atomic_path
from cinesim.render.camera import CameraRig
from cinesim.render.farm import FrameFarm, render_frame
from cinesim.render.renderer import Renderer
from cinesim.timeline import Timeline
from cinesim.world.model import World

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderStats:
    frames: int
    render_seconds: float  # waiting for frames from the render workers
    encode_seconds: float  # H.264
    annotation_seconds: float
    audio_seconds: float  # making the soundtrack
    wall_seconds: float


def render_film(world: World, timeline: Timeline, output: Path, annotations: Path | None = None,
                progress: Progress | None = None, sound: bool = True, audio_out: Path | None = None,
                rng: np.random.Generator | None = None, stems: Path | None = None) -> RenderStats:
    """Film the Timeline into `output` (MP4 with AAC sound made from the same events, unless `sound` is
    off); `audio_out` also keeps the mastered track as a WAV file, `stems` a directory for its stems
    (`write_stems`). `rng` defaults to one seeded with the
    world's seed: the one generator the audio draws from."""
    started = time.perf_counter()
    # The workers start first: they open their GL contexts and compile shaders while the sound is made.
    with FrameFarm(world, timeline, annotations=annotations is not None) as farm:
        soundtrack = None
        if sound or audio_out or stems:
            soundtrack = make_soundtrack(world, timeline, rng or np.random.default_rng(world.seed))
            if audio_out:
                write_wav(audio_out, soundtrack)
            if stems:
                write_stems(stems, soundtrack)
        writer = VideoWriter(output, *world.resolution, world.playback_fps,
                             audio=soundtrack.samples if soundtrack and sound else None)
        notes = AnnotationWriter(annotations, world, timeline) if annotations else None
        spent = {"render": 0.0, "encode": 0.0, "annotate": 0.0}
        try:
            t0 = time.perf_counter()
            for index, frame in enumerate(farm):
                t1 = time.perf_counter()
                writer.write(frame.rgb)
                t2 = time.perf_counter()
                if notes:
                    notes.add(index, frame, farm.rig.state(index))
                t3 = time.perf_counter()
                spent["render"] += t1 - t0  # waiting for the workers
                spent["encode"] += t2 - t1
                spent["annotate"] += t3 - t2
                if progress:
                    progress(index + 1, timeline.frame_count)
                t0 = time.perf_counter()
            t = time.perf_counter()
            writer.close()
            spent["encode"] += time.perf_counter() - t
            if notes:
                notes.close()
        except BaseException:
            writer.abort()
            if notes:
                notes.abort()
            raise
    return RenderStats(timeline.frame_count, spent["render"], spent["encode"], spent["annotate"],
                       soundtrack.seconds if soundtrack else 0.0, time.perf_counter() - started)


def render_still(world: World, timeline: Timeline, at: float, output: Path) -> Path:
    """One frame, the one shown at time `at`, as a PNG."""
    index = int(np.clip(round(at * timeline.fps), 0, timeline.frame_count - 1))
    renderer = Renderer(world, timeline, world.resolution)
    try:
        frame, _ = render_frame(renderer, CameraRig(world, timeline), timeline, index)
    finally:
        renderer.release()
    with atomic_path(Path(output)) as tmp:
        Image.fromarray(frame.rgb).save(tmp, format="PNG")
    return Path(output)
