"""The Python API: one call in, a typed result out.

    import cinesim
    result = cinesim.film("examples/domino_run.yaml", "out/dominoes.mp4", annotations="out/dominoes")
    result.video, result.timeline.impacts()[:3], result.timings
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cinesim.director import Direction, direct
from cinesim.errors import CinesimError
from cinesim.physics import Simulation
from cinesim.screenplay import Screenplay, load_screenplay, parse_screenplay
from cinesim.screenplay import save_screenplay as write_screenplay
from cinesim.timeline import Timeline
from cinesim.world import build_world

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class FilmResult:
    """What `film` made, and how long each stage took (seconds)."""

    screenplay: Screenplay
    timeline: Timeline
    video: Path | None = None
    still: Path | None = None
    annotations: Path | None = None
    audio: Path | None = None
    stems: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class GenerateResult(FilmResult):
    """What `generate` made: the film's paths and Timeline, plus the director's reading of the prompt
    (`direction.explain()`), where the Screenplay was saved, and `timings["plan"]`."""

    direction: Direction | None = None
    screenplay_path: Path | None = None


def parse_resolution(resolution: tuple[int, int] | str | None) -> tuple[int, int] | None:
    if isinstance(resolution, str):
        try:
            width, height = (int(v) for v in resolution.lower().split("x"))
        except ValueError:
            raise CinesimError(f"--resolution: expected WIDTHxHEIGHT such as 854x480, got {resolution!r}") from None
        return width, height
    return resolution


def with_overrides(screenplay: Screenplay, resolution: tuple[int, int] | str | None = None, fps: int | None = None,
                   seed: int | None = None, loudness: float | None = None) -> Screenplay:
    """The screenplay with these values replaced (validated like the rest; "1280x720" is accepted)."""
    changes: dict = {}
    resolution = parse_resolution(resolution)
    for name, value in (("resolution", resolution), ("fps", fps), ("seed", seed)):
        if value is not None:
            changes[name] = value
    if loudness is not None:
        changes["sound"] = screenplay.sound.model_dump(mode="json") | {"loudness": loudness}
    if not changes:
        return screenplay
    return parse_screenplay(screenplay.model_dump(mode="json") | changes, "overrides")


def film(screenplay: Screenplay | dict | str | Path, output: str | Path = "out/film.mp4", *,
           annotations: str | Path | None = None, audio_out: str | Path | None = None, sound: bool = True,
           still: float | None = None, resolution: tuple[int, int] | str | None = None, fps: int | None = None,
           seed: int | None = None, loudness: float | None = None, stems: str | Path | None = None,
           progress: Progress | None = None) -> FilmResult:
    """Simulate and film a screenplay.

    screenplay: a Screenplay, its data as a dict, or a YAML file.
    output: the MP4 to write (a PNG when `still` is given).
    annotations: directory for depth, segmentation, flow and metadata (Kubric MOVi layout); default none.
    audio_out: also write the soundtrack as a WAV file; default none.
    stems: a directory for the soundtrack's stems, which add up to it: effects.wav (the direct sound of every
        contact), room.wav (the room's reverberation of it) and ambience.wav; default none.
    sound: put the soundtrack in the MP4; default True.
    still: write only the frame at this time (s) as a PNG; default None (the whole film).
    resolution, fps, seed: override the screenplay's; default None (keep them).
    loudness: the soundtrack's integrated loudness in LUFS (-40 to -14), overriding the screenplay's
        (`sound.loudness`, -16 unless it says); default None.
    progress: called as progress(stage, done, total) with stage "simulate" or "render".
    """
    from cinesim.render.film import render_film, render_still

    if isinstance(screenplay, str | Path):
        screenplay = load_screenplay(screenplay)
    elif isinstance(screenplay, dict):
        screenplay = parse_screenplay(screenplay)
    screenplay = with_overrides(screenplay, resolution, fps, seed, loudness)
    output = Path(output)
    if still is not None:
        output = output.with_suffix(".png")
    elif output.suffix.lower() != ".mp4":
        raise CinesimError(f"--output: {output} must end in .mp4 (or use --still for a PNG)")
    started = time.perf_counter()
    world = build_world(screenplay)
    timeline = Simulation(world).run(lambda done, total: progress and progress("simulate", done, total))
    timings = {"simulate": time.perf_counter() - started}
    if still is not None:
        render_still(world, timeline, still, output)
        return FilmResult(screenplay, timeline, still=output, timings=timings)
    annotations, audio_out, stems = (Path(p) if p else None for p in (annotations, audio_out, stems))
    stats = render_film(world, timeline, output, annotations,
                        lambda done, total: progress and progress("render", done, total), sound=sound,
                        audio_out=audio_out, stems=stems)
    timings |= {"sound": stats.audio_seconds, "render": stats.render_seconds, "encode": stats.encode_seconds,
                "annotations": stats.annotation_seconds, "total": time.perf_counter() - started}
    return FilmResult(screenplay, timeline, video=output, annotations=annotations, audio=audio_out, stems=stems,
                      timings=timings)


def generate(prompt: str, output: str | Path = "out/film.mp4", *, save_screenplay: str | Path | None = None,
             grounding: bool = True, annotations: str | Path | None = None, audio_out: str | Path | None = None,
             sound: bool = True, still: float | None = None, resolution: tuple[int, int] | str | None = None,
             fps: int | None = None, seed: int | None = None, loudness: float | None = None,
             stems: str | Path | None = None, progress: Progress | None = None) -> GenerateResult:
    """Direct a film from a text prompt, then film it.

    prompt: English, e.g. "a basketball is thrown at the hoop, misses, and rebounds off the backboard".
    save_screenplay: also write the Screenplay the director made as YAML (edit it, `cinesim render` it).
    grounding: match nouns the lexicon lacks to catalog props by meaning (a small offline embedding model).
    The rest as for `film`. Bad or empty prompts raise CinesimError with a message for the user.
    """
    started = time.perf_counter()
    size = parse_resolution(resolution)
    direction = direct(prompt, seed=seed or 0, fps=fps or 24, resolution=size or (854, 480), grounding=grounding)
    saved = None
    if save_screenplay is not None:
        saved = Path(save_screenplay)
        write_screenplay(direction.screenplay, saved)
    result = film(direction.screenplay, output, annotations=annotations, audio_out=audio_out, sound=sound,
                  still=still, loudness=loudness, stems=stems, progress=progress)
    timings = {"plan": direction.seconds} | result.timings
    timings["total"] = time.perf_counter() - started
    fields = {name: getattr(result, name) for name in FilmResult.__dataclass_fields__} | {"timings": timings}
    return GenerateResult(**fields, direction=direction, screenplay_path=saved)

