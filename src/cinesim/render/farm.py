"""Frames rendered by worker processes, each with its own GL context, handed back in order.

llvmpipe shades on its own threads, but Python, vertex work and binning run on the thread that issues the
draws, and each pass waits for the one before it: one process leaves the rasteriser idle part of every frame
(its threads were 86 % busy on 2 cores). Two processes rendering alternate frames fill each other's gaps.
Processes, not threads: moderngl holds the GIL while it draws. A worker is a fresh interpreter
(`python -m cinesim.render.farm`), not a fork (a forked Mesa keeps locks of threads it does not have) and not
multiprocessing's spawn (which runs the caller's script again); it reads the World and the Timeline pickled
on stdin and writes pickled frames to stdout. A pipe holds less than a frame, so each worker is at most one
frame ahead and memory does not grow with the film. Every frame is drawn from the same inputs by the same
shaders: the bytes do not depend on which worker drew it.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import cinesim
from cinesim.errors import CinesimError
from cinesim.render.camera import CameraRig, CameraState
from cinesim.render.renderer import Frame, Renderer
from cinesim.timeline import Timeline
from cinesim.world.model import World

WORKERS = 2  # two keep two cores busy; more only add GL contexts (each ~150 MB)
FARM_FRAMES = 120  # shorter films render in this process: a worker's interpreter and imports take ~1.5 s


def render_frame(renderer: Renderer, rig: CameraRig, timeline: Timeline, index: int) -> tuple[Frame, CameraState]:
    """Frame `index` through the camera live at it (and, for optical flow, the same camera a frame later)."""
    camera_index = rig.camera_index(index)
    camera = rig.state(index)
    following = min(index + 1, timeline.frame_count - 1)
    people = [(p.skin[index], p.skin[following]) for p in timeline.performances]
    frame = renderer.render(
        timeline.positions[index], timeline.orientations[index], timeline.visible[index], camera,
        timeline.positions[following], timeline.orientations[following], rig.state(following, camera_index),
        people)
    return frame, camera


class FrameFarm:
    """`for frame in farm` yields the film's frames in order; `close` (or leaving the `with`) stops the
    workers, also when the caller stops early. `workers` = 0 renders in this process (the default for films
    under FARM_FRAMES frames)."""

    def __init__(self, world: World, timeline: Timeline, annotations: bool = False, workers: int | None = None):
        self.timeline = timeline
        workers = worker_count(timeline.frame_count) if workers is None else workers
        self.local = Renderer(world, timeline, world.resolution, annotations=annotations) if workers == 0 else None
        self.rig = CameraRig(world, timeline)
        self.workers: list[subprocess.Popen] = []
        self.logs = []
        package_root = str(Path(cinesim.__file__).resolve().parent.parent)  # importable however we were
        env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        try:
            for k in range(workers):
                with tempfile.TemporaryFile() as inputs:  # read from a file: starting a worker never waits for it
                    pickle.dump((world, timeline, annotations, k, workers), inputs, protocol=pickle.HIGHEST_PROTOCOL)
                    inputs.seek(0)
                    self.logs.append(tempfile.TemporaryFile())  # noqa: SIM115 (the worker's stderr, until `close`)
                    self.workers.append(subprocess.Popen([sys.executable, "-m", "cinesim.render.farm"],
                                                         stdin=inputs, stdout=subprocess.PIPE, stderr=self.logs[-1],
                                                         env=env))
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> Iterator[Frame]:
        for index in range(self.timeline.frame_count):
            if self.local is not None:
                yield render_frame(self.local, self.rig, self.timeline, index)[0]
                continue
            k = index % len(self.workers)
            try:
                message = pickle.load(self.workers[k].stdout)
            except (EOFError, pickle.UnpicklingError):
                self.logs[k].seek(0)
                said = self.logs[k].read().decode(errors="replace").strip().splitlines()[-3:]
                raise CinesimError(f"a render worker stopped before frame {index} (exit code "
                                   f"{self.workers[k].wait()}): " + " / ".join(said)) from None
            if isinstance(message, BaseException):
                raise message
            yield message

    def close(self) -> None:
        if self.local is not None:
            self.local.release()
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
            worker.wait()
            worker.stdout.close()
        for log in self.logs:
            log.close()

    def __enter__(self) -> FrameFarm:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def worker_count(frame_count: int) -> int:
    """How many workers render a film of `frame_count` frames: $CINESIM_RENDER_WORKERS when set (0 renders in
    the film's process, e.g. when several films are made at once), else two for films of FARM_FRAMES or more
    (no more than the usable cores), else none."""
    value = os.environ.get("CINESIM_RENDER_WORKERS")
    if value is None:
        return min(WORKERS, len(os.sched_getaffinity(0))) if frame_count >= FARM_FRAMES else 0
    if not value.isdigit():
        raise CinesimError(f"CINESIM_RENDER_WORKERS must be a whole number of worker processes (0 to render in "
                           f"the film's own process), not {value!r}")
    return int(value)


def _work() -> None:
    """A worker: frames first, first + step, ... in order, each written as soon as it is read back."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything else printed goes to the log, not the frames
    try:
        world, timeline, annotations, first, step = pickle.load(sys.stdin.buffer)
        renderer = Renderer(world, timeline, world.resolution, annotations=annotations)
        rig = CameraRig(world, timeline)
        try:
            for index in range(first, timeline.frame_count, step):
                pickle.dump(render_frame(renderer, rig, timeline, index)[0], out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
        finally:
            renderer.release()
    except (BrokenPipeError, KeyboardInterrupt):  # the film was stopped
        return
    except Exception as exc:  # handed to the film, which raises it
        pickle.dump(exc if isinstance(exc, CinesimError) else CinesimError(f"render worker: {exc!r}"), out)
    out.close()


if __name__ == "__main__":
    _work()
