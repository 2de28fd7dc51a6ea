"""Plan -> Screenplay: pick the scene recipe for the prompt's main action, choose a set that fits, search
the recipe's initial conditions with the simulator as the judge until the stated outcomes happen, then
frame the camera on what actually moved and cut the film when everything has come to rest."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from cinesim.director import scenes as sc
from cinesim.director.framing import frame_camera
from cinesim.director.parse import Deed, Plan
from cinesim.errors import CinesimError, ScreenplayError, SimulationError
from cinesim.physics import simulate
from cinesim.screenplay import Screenplay, parse_screenplay
from cinesim.screenplay.models import MAX_DURATION
from cinesim.timeline import Timeline
from cinesim.world import build_world

DEFAULT_RESOLUTION = (854, 480)


@dataclass
class Outcome:
    what: str
    reached: bool


@dataclass
class Composition:
    screenplay: Screenplay
    recipe: str
    outcomes: list[Outcome] = field(default_factory=list)
    attempts: int = 1
    notes: list[tuple[str, str]] = field(default_factory=list)


def choose_recipe(plan: Plan) -> tuple[sc.Recipe, Deed]:
    """The recipe for the prompt's main action, and the deed it stages."""
    kinds = {t.kind for t in plan.things}
    deeds = plan.deeds or [Deed(verb="drop", subjects=[t for t in plan.things if t.kind not in sc.SUPPORTS][:3])]
    verbs = [d.verb for d in deeds]
    main = deeds[0]

    def deed_with(*verbs_wanted: str) -> Deed:
        return next((d for d in deeds if d.verb in verbs_wanted), main)

    if any("cradle" in t.words for t in plan.things):
        return sc.cradle, main
    if "pin" in kinds:
        return sc.bowling, deed_with("roll", "throw", "knock")
    if kinds & {"basketball_hoop", "backboard"}:
        return sc.hoop_shot, deed_with("throw", "launch", "kick", "hit")
    if any(t.moving == "swing" for t in plan.things) or "swing" in verbs:
        return sc.pendulum, deed_with("knock", "swing", "hit")
    if "domino" in kinds:
        return sc.dominoes, main
    for verb, recipe in (("collide", sc.head_on), ("spin", sc.spin), ("collapse", sc.collapse), ("spill", sc.spill)):
        if verb in verbs:
            return recipe, deed_with(verb)
    sloped = next((d for d in deeds if d.related("down", "along") is not None
                   and d.related("down", "along").kind in sc.SLOPES), None)
    if sloped is not None or (kinds & sc.SLOPES and set(verbs) & {"roll", "slide", "bounce", "fall"}):
        return sc.down_slope, sloped or deed_with("roll", "slide", "bounce", "fall")
    if kinds & sc.CONTAINERS and "roll" in verbs and not any(d.related("into", "in") for d in deeds):
        return sc.in_bowl, deed_with("roll")
    off = next((d for d in deeds if d.related("off") is not None), None)
    if off is not None or any(o == "off_edge" for o, _ in plan.outcomes):
        return sc.off_support, off or deed_with("roll", "slide", "fall")
    if set(verbs) & {"throw", "kick", "hit", "slide", "launch"}:
        return sc.thrown, deed_with("throw", "kick", "slide", "launch", "hit")
    if "knock" in verbs:
        return sc.collapse, deed_with("knock")
    return sc.drop, deed_with("drop", "fall", "bounce", "roll")


def choose_environment(plan: Plan) -> str | None:
    """The set the prompt names, else one its things and floor suggest; None is the open floor."""
    if plan.environment:
        return plan.environment
    kinds = {t.kind for t in plan.things}
    for wanted, preset in ((("pin", "bowling_lane"), "bowling_alley"), (("basketball_hoop", "backboard"), "gym"),
                           (("counter",), "kitchen"), (("sofa", "shelf", "teddy_bear"), "living_room"),
                           (("soccer_ball",), "park")):
        if kinds & set(wanted):
            return preset
    return {"grass": "park", "sand": "beach", "ice": "studio", "concrete": "street", "tile": "kitchen",
            "gravel": "street"}.get(plan.floor or "", "studio" if plan.floor else None)


def compose(plan: Plan, seed: int = 0, fps: int = 24, resolution: tuple[int, int] = DEFAULT_RESOLUTION) -> Composition:
    if plan.duration is not None and not 0 < plan.duration <= MAX_DURATION:
        raise CinesimError(f"prompt: a {plan.duration:g}-second film: the length must be over 0 and at most "
                           f"{MAX_DURATION:g} s")
    recipe, deed = choose_recipe(plan)
    plan.environment = choose_environment(plan)
    environment = {"preset": plan.environment} if plan.environment else {}
    if plan.floor:
        environment["floor"] = plan.floor
    if plan.time_of_day is not None:
        environment["time_of_day"] = plan.time_of_day
    best, failure = None, None
    attempt, attempts = 0, 1
    while attempt < attempts:
        for thing in plan.things:  # each attempt names the props afresh
            thing.names.clear()
        scene = recipe(plan, deed, attempt)
        attempts = scene.attempts
        duration = plan.duration or scene.duration
        data = _screenplay_data(plan, scene, environment, duration, seed, fps, resolution)
        try:
            world = build_world(parse_screenplay(data, "director"))
            timeline = simulate(world)
        except (SimulationError, ScreenplayError) as exc:  # a failed attempt; the next one may hold
            failure = exc
            attempt += 1
            continue
        passed = [check.test(timeline) for check in scene.checks]
        if best is None or sum(passed) > sum(best[4]):
            best = (scene, data, world, timeline, passed, attempt)
        if all(passed):
            break
        attempt += 1
    if best is None:
        raise CinesimError(f"prompt: the director could not stage this as a {recipe.__name__.replace('_', ' ')} "
                           f"scene ({failure}); try naming the objects and what happens more plainly")
    scene, data, world, timeline, passed, attempt = best
    if plan.duration is None:
        data["duration"] = _until_rest(timeline, scene.stage.focus, data["duration"])
    sizes = {e.name: e.shape.bounding_radius for e in world.entities}
    supports = {p["name"] for p in data["props"] if p["kind"] in sc.SUPPORTS}
    focus = [n for n in scene.stage.focus if n not in supports] or scene.stage.focus  # the table is context
    data["cameras"] = [frame_camera(plan, focus, sizes, timeline, data["duration"], resolution, seed)]
    screenplay = parse_screenplay(data, "director")
    outcomes = [Outcome(check.outcome, ok) for check, ok in zip(scene.checks, passed, strict=True)]
    return Composition(screenplay, recipe.__name__, outcomes, attempt + 1, scene.stage.notes)


def _screenplay_data(plan: Plan, scene: sc.Scene, environment: dict, duration: float, seed: int, fps: int,
                     resolution: tuple[int, int]) -> dict:
    title = plan.prompt if len(plan.prompt) <= 80 else plan.prompt[:77] + "..."
    slow = 4 if "slow_motion" in plan.camera else 1
    return {"title": title, "seed": seed, "duration": round(duration, 3), "fps": fps, "slow_motion": slow,
            "resolution": list(resolution),
            "environment": environment, "props": scene.stage.props, "actions": scene.stage.actions,
            "arrangements": scene.stage.arrangements}


def _until_rest(timeline: Timeline, focus: list[str], duration: float) -> float:
    """Cut a second after the last of the focus bodies stops moving (at least 2.5 s)."""
    names = [n for n in focus if n in timeline.entity_names]
    if not names:
        return duration
    p = timeline.positions[:, [timeline.index(n) for n in names]]
    speed = np.linalg.norm(np.diff(p, axis=0), axis=-1).max(axis=1) * timeline.fps
    moving = np.nonzero(speed > sc.REST_SPEED)[0]
    last = (moving[-1] + 1) / timeline.fps if len(moving) else 0.0
    return float(min(duration, max(2.5, math.ceil((last + 1.0) * 2) / 2)))


def check_plan(plan: Plan) -> None:
    """A prompt with nothing to film is a user error, said plainly."""
    if not plan.things:
        unused = ", ".join(repr(w) for w, _ in plan.unused[:6])
        raise CinesimError("prompt: found nothing the catalog can show"
                           + (f" (not used: {unused})" if unused else "")
                           + "; name an object, e.g. 'a red ball', 'ten dominoes', 'a bowling ball' "
                             "(see `cinesim catalog props`)")
