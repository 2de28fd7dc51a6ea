"""The `cinesim` command."""

from __future__ import annotations

import math
import sys
import time
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cinesim.errors import CinesimError
from cinesim.physics import Simulation, compile_world
from cinesim.screenplay import load_screenplay
from cinesim.timeline import Footstep, Handoff, Impact, Timeline
from cinesim.world import World, build_world

app = typer.Typer(
    help="cinesim turns a screenplay into a simulated film: exact physics, sound from the same events.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
out = Console(width=None if sys.stdout.isatty() else 140)  # piped output keeps whole table rows
err = Console(stderr=True, width=None if sys.stderr.isatty() else 140)

ScreenplayArg = Annotated[Path, typer.Argument(help="Screenplay YAML file.", show_default=False)]
# Options `render` and `generate` share.
DEFAULT_OUTPUT = Path("out/film.mp4")
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="MP4 to write (or PNG with --still).")]
AnnotationsOpt = Annotated[Path | None, typer.Option(
    help="Also write depth, segmentation, optical flow and metadata (Kubric MOVi layout) here.")]
StillOpt = Annotated[float | None, typer.Option(help="Write only the frame at this time (s) as a PNG.")]
AudioOutOpt = Annotated[Path | None, typer.Option(help="Also write the soundtrack as a WAV file here.")]
StemsOpt = Annotated[Path | None, typer.Option(
    help="Also write the soundtrack's stems here: effects.wav, room.wav, ambience.wav (they add up to it).")]
SoundOpt = Annotated[bool, typer.Option(help="Put the soundtrack in the MP4.")]
LoudnessOpt = Annotated[float | None, typer.Option(
    help="Soundtrack loudness in LUFS, -40 to -14: -23 broadcast, -14 streaming (default: the screenplay's, -16).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output path.")]


def user_errors(command: Callable) -> Callable:
    """Print a CinesimError as one clear message and exit with its code, without a traceback."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CinesimError as exc:
            for line in str(exc).splitlines():
                err.print(f"[bold red]error:[/] {line}", markup=True, highlight=False, soft_wrap=True)
            sys.exit(exc.exit_code)

    return run


def _load(path: Path) -> World:
    return build_world(load_screenplay(path))


def _world_summary(world: World) -> None:
    slow = f", {world.slow_motion}x slow motion" if world.slow_motion > 1 else ""
    out.print(f"[bold]{world.title}[/]  {world.duration:g} s at {world.fps} fps ({world.frame_count} frames{slow}), "
              f"{world.resolution[0]}x{world.resolution[1]}")
    floor = world.entities[0].material.name
    room = f"room {'x'.join(f'{s:g}' for s in world.room.size)} m" if world.room else "open space"
    out.print(f"set: {floor} floor, {room}, gravity {tuple(world.gravity)} m/s²")
    table = Table("prop", "shape", "material", "mass kg", "position m", "motion", box=None, pad_edge=False)
    for e in world.entities:
        if not e.environment:
            table.add_row(e.name, e.shape.kind, e.material.name, f"{e.mass:.4g}" if e.mass else "-",
                          ", ".join(f"{p:.3g}" for p in e.position), e.motion + (" (held)" if e.held else ""))
    out.print(table)
    for a in world.actions:
        out.print(f"action: {a.time:g} s {a.kind} {world.entities[a.entity].name}")
    for c in world.characters:
        cues = ", ".join(f"{step.motion}{f' to {list(step.target)}' if step.target else ''}"
                         f"{f' {step.prop}' if step.prop else ''} at {step.start:g} s" for step in c.steps)
        out.print(f"person: {c.name} at {list(c.position)} facing {math.degrees(c.heading):g}°, "
                  f"{c.body.height:.2f} m tall; {cues or 'stands'}")
    for s in world.shots:
        cam = world.cameras[s.camera]
        out.print(f"shot: {s.start:g}-{s.end:g} s camera {cam.name} ({cam.focal_length:g} mm)")


def _events_summary(timeline: Timeline, limit: int = 20) -> None:
    counts = Counter(e.type for e in timeline.events)
    out.print("events: " + (", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "none"))
    table = Table("time s", "event", "bodies", "materials", "speed m/s", "impulse N·s", box=None, pad_edge=False)
    for e in timeline.events[:limit]:
        impulse = f"{e.impulse:.4g}" if isinstance(e, Impact) else ""
        speed = f"{e.speed:.3f}" if hasattr(e, "speed") else ""
        if isinstance(e, Footstep):
            bodies, materials = f"{e.person} ({e.foot} foot) / floor", f"sole / {e.surface}"
        elif isinstance(e, Handoff):
            bodies, materials = f"{e.person} / {e.prop}", ""
        else:
            bodies, materials = f"{e.body_a} / {e.body_b}", f"{e.material_a} / {e.material_b}"
        table.add_row(f"{e.time:.4f}", e.type, bodies, materials, speed, impulse)
    if timeline.events:
        out.print(table)
    if len(timeline.events) > limit:
        out.print(f"… and {len(timeline.events) - limit} more (see the .events.json file)")


@app.command()
@user_errors
def validate(screenplay: ScreenplayArg) -> None:
    """Check a screenplay and print what it describes."""
    world = _load(screenplay)
    compile_world(world)
    _world_summary(world)
    out.print("[green]valid[/]")


@app.command("simulate")
@user_errors
def simulate_command(
    screenplay: ScreenplayArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Timeline file to write (.npz).")] = Path(
        "out/timeline.npz"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output path.")] = False,
) -> None:
    """Simulate a screenplay and write its Timeline (.npz, with events also as .events.json)."""
    world = _load(screenplay)
    if output.suffix != ".npz":
        raise typer.BadParameter("the timeline file must end in .npz", param_hint="--output")
    simulation = Simulation(world)
    columns = (TextColumn("simulate"), BarColumn(), MofNCompleteColumn(), TextColumn("frames"),
               TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task("simulate", total=world.frame_count)
        timeline = simulation.run(lambda done, total: bar.update(task, completed=done))
    path = timeline.save(output)
    if not quiet:
        _world_summary(world)
        _events_summary(timeline)
        wall = timeline.stats["wall_time"]
        out.print(f"simulated {world.duration:g} s in {wall:.2f} s ({world.duration / wall:.1f}x real time)")
    out.print(f"timeline: {path}  events: {path.with_suffix('.events.json')}", soft_wrap=True)


class CatalogPart(StrEnum):
    props = "props"
    materials = "materials"
    environments = "environments"
    ambiences = "ambiences"


@app.command()
def catalog(part: Annotated[CatalogPart, typer.Argument(help="What to list.")] = CatalogPart.props) -> None:
    """List what screenplays can name: props (`kind:`), materials, environments (`preset:`) or ambiences."""
    from cinesim.catalog import AMBIENCES, ENVIRONMENTS, MATERIALS, PROPS
    from cinesim.catalog.props import SYNONYMS
    from cinesim.shapes import Shape

    if part is CatalogPart.environments:
        table = Table("environment", "floor", "room m", "walls", "light", "time", "ambience", "what it is",
                      box=None, pad_edge=False)
        for e in ENVIRONMENTS.values():
            room = "x".join(f"{s:g}" for s in e.room) if e.room else "open air"
            table.add_row(e.name, e.floor, room, e.walls if e.room else "-", e.light, f"{e.time_of_day:g} h",
                          e.ambience, e.description)
    elif part is CatalogPart.ambiences:
        table = Table("ambience", "what it sounds like", box=None, pad_edge=False)
        for name, description in AMBIENCES.items():
            table.add_row(name, description)
    elif part is CatalogPart.materials:
        table = Table("material", "density kg/m³", "friction", "rolling", "restitution", "rings at", "ring s",
                      "stiffness GPa", box=None, pad_edge=False)
        for m in MATERIALS.values():
            table.add_row(m.name, f"{m.density:g}", f"{m.friction:.2f}", f"{m.rolling:.3f}", f"{m.restitution:.2f}",
                          f"{m.sound.frequency:g} Hz", f"{m.sound.ring:g}", f"{m.sound.modulus:g}")
    else:
        table = Table("prop", "shape", "size m", "mass kg", "material", "restitution", "also called", box=None,
                      pad_edge=False)
        for p in PROPS.values():
            if p.parts:
                size = f"{len(p.parts)} parts, {2 * Shape('compound', parts=p.parts).bounding_radius:.2g} across"
            elif p.size:
                size = "x".join(f"{s:g}" for s in p.size)
            else:
                size = f"r {p.radius:g}" + (f", h {p.height:g}" if p.height else "")
            aliases = ", ".join(k for k, v in SYNONYMS.items() if v == p.name)
            table.add_row(p.name, p.shape, size, f"{p.mass:g}" if p.mass else "by density", p.material,
                          f"{p.restitution:g}" if p.restitution else "material", aliases)
    out.print(table)


def _progress(quiet: bool) -> Progress:
    columns = (TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TextColumn("frames"),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
    return Progress(*columns, console=err, transient=True, disable=quiet)


@app.command()
@user_errors
def render(
    screenplay: ScreenplayArg,
    output: OutputOpt = DEFAULT_OUTPUT,
    annotations: AnnotationsOpt = None,
    resolution: Annotated[str | None, typer.Option(help="WIDTHxHEIGHT, e.g. 1280x720 (default: the screenplay's).")
                          ] = None,
    fps: Annotated[int | None, typer.Option(help="Frames per second (default: the screenplay's).")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the screenplay's).")] = None,
    still: StillOpt = None,
    audio_out: AudioOutOpt = None,
    stems: StemsOpt = None,
    sound: SoundOpt = True,
    loudness: LoudnessOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Simulate a screenplay and film it: an H.264 MP4 (or one still), optionally with annotations."""
    from cinesim.api import film

    with _progress(quiet) as bar:
        result = film(screenplay, output, annotations=annotations, audio_out=audio_out, sound=sound, still=still,
                      resolution=resolution, fps=fps, seed=seed, loudness=loudness, stems=stems,
                      progress=_advance(bar))
    _report(result, quiet)


@app.command()
@user_errors
def generate(
    prompt: Annotated[str, typer.Argument(help="What happens, in English.", show_default=False)],
    output: OutputOpt = DEFAULT_OUTPUT,
    save_screenplay: Annotated[Path | None, typer.Option(
        help="Also save the Screenplay the director made (YAML: edit it and `cinesim render` it).")] = None,
    explain: Annotated[bool, typer.Option(
        help="Print what each phrase became, what was not used and why, and the outcomes.")] = False,
    grounding: Annotated[bool, typer.Option(
        help="Match unknown nouns to catalog props by meaning (offline embedding model).")] = True,
    annotations: AnnotationsOpt = None,
    resolution: Annotated[str | None, typer.Option(help="WIDTHxHEIGHT, e.g. 1280x720 (default 854x480).")] = None,
    fps: Annotated[int | None, typer.Option(help="Frames per second (default 24).")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default 0).")] = None,
    still: StillOpt = None,
    audio_out: AudioOutOpt = None,
    stems: StemsOpt = None,
    sound: SoundOpt = True,
    loudness: LoudnessOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Direct a film from a text prompt: the director writes a Screenplay, the simulator checks that what the
    prompt says happens, then cinesim films it."""
    from cinesim.api import generate as generate_film

    with _progress(quiet) as bar:
        result = generate_film(prompt, output, save_screenplay=save_screenplay, grounding=grounding,
                               annotations=annotations, audio_out=audio_out, sound=sound, still=still,
                               resolution=resolution, fps=fps, seed=seed, loudness=loudness, stems=stems,
                               progress=_advance(bar))
    direction = result.direction
    if explain:
        out.print(direction.explain(), highlight=False, soft_wrap=True)
    elif direction.unreached and not quiet:
        for what in direction.unreached:
            err.print(f"[yellow]warning:[/] outcome not reached in simulation: {what} (see --explain)")
    if not quiet:
        out.print(f"planned in {result.timings['plan']:.2f} s")
    if result.screenplay_path:
        out.print(f"screenplay: {result.screenplay_path}", soft_wrap=True)
    _report(result, quiet)


def _advance(bar: Progress) -> Callable[[str, int, int], None]:
    """A progress callback that keeps one bar per stage, with frames per second while rendering."""
    tasks: dict[str, int] = {}
    started = time.perf_counter()

    def advance(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total, rate="")
        rate = f"{done / (time.perf_counter() - started):.1f} fps" if stage == "render" else ""
        bar.update(tasks[stage], completed=done, rate=rate)

    return advance


def _report(result, quiet: bool) -> None:
    if result.video and not quiet:
        t, duration = result.timings, result.screenplay.duration * result.screenplay.slow_motion  # on screen
        out.print(f"rendered {result.timeline.frame_count} frames in {t['total']:.1f} s (real-time factor "
                  f"{t['total'] / duration:.2f}; sound {t['sound']:.1f} s, render {t['render']:.1f} s, "
                  f"encode {t['encode']:.1f} s, annotations {t['annotations']:.1f} s)")
    for label, path in (("annotations", result.annotations), ("sound", result.audio), ("stems", result.stems),
                        ("still", result.still), ("film", result.video)):
        if path is not None:
            out.print(f"{label}: {path}", soft_wrap=True)


if __name__ == "__main__":
    app()
