"""Scene recipes: how the director stages each kind of event so that physics, not animation, makes it
happen. A recipe lays out props and initial conditions from the Plan and states the outcomes to verify;
`attempt` walks its initial conditions outward from the natural ones, so an outcome search can try again.

Each recipe returns a Scene; the composer picks the recipe from the Plan's main action and things."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from cinesim.director.parse import Deed, Plan, Thing
from cinesim.director.stage import Stage, ballistic, extent, half_width, height
from cinesim.timeline import Timeline

CONTAINERS = {"bowl", "pot", "mug", "glass", "plate"}
SUPPORTS = {"table", "desk", "counter", "shelf", "sofa", "bench", "chair"}
SLOPES = {"ramp", "stairs", "bowling_lane"}
LIE_DOWN = {"banana", "bottle", "log", "can"}  # long things set down on their side in a still life
_ROUND = {"rubber_ball", "tennis_ball", "golf_ball", "ping_pong_ball", "bowling_ball", "billiard_ball", "steel_ball",
          "marble", "basketball", "soccer_ball", "volleyball", "baseball", "beach_ball", "rock", "apple", "orange"}
REST_SPEED = 0.03  # m/s: slower than this, a body is at rest


@dataclass(frozen=True)
class Check:
    """An outcome the prompt states, tested on the Timeline."""

    outcome: str
    test: Callable[[Timeline], bool]


@dataclass
class Scene:
    stage: Stage
    checks: list[Check] = field(default_factory=list)
    duration: float = 4.0  # seconds the recipe needs (before trimming to when things come to rest)
    attempts: int = 1  # how many initial conditions the recipe can offer


Recipe = Callable[[Plan, Deed, int], Scene]


# -- Timeline measures -----------------------------------------------------------------------------
def _up_z(timeline: Timeline, name: str, frame: int = -1) -> float:
    """z of the body's local up axis at a frame: 1 upright, 0 on its side, -1 upside down."""
    _w, x, y, _ = timeline.orientations[frame, timeline.index(name)]
    return float(1 - 2 * (x * x + y * y))


def tipped(timeline: Timeline, name: str) -> bool:
    return _up_z(timeline, name) < math.cos(math.radians(45))


def at_rest(timeline: Timeline, names: list[str]) -> bool:
    p = timeline.positions[-3:, [timeline.index(n) for n in names]]
    return bool(np.all(np.linalg.norm(p[-1] - p[0], axis=-1) * timeline.fps / 2 < REST_SPEED))


def touched(timeline: Timeline, a: str, b: str) -> bool:
    return any({e.body_a, e.body_b} == {a, b} for e in timeline.impacts())


def attempt_value(values: list[float], attempt: int) -> float:
    return values[min(attempt, len(values) - 1)]


# -- recipes -----------------------------------------------------------------------------------------
FIXTURES = SLOPES | {"basketball_hoop", "backboard", "wall"}


def subjects(deed: Deed, plan: Plan) -> list[Thing]:
    """What moves: the deed's subjects (a chair can fall too), else the first thing that is not a fixture."""
    related = {id(t) for _, t in deed.relations}
    movers = [t for t in deed.subjects if t.kind not in FIXTURES and id(t) not in related]
    return movers or [t for t in plan.things if t.kind not in FIXTURES | SUPPORTS][:1] \
        or [t for t in plan.things if t.kind not in FIXTURES][:1] or [Thing(words="ball", kind="rubber_ball")]


def kinds_of(thing: Thing) -> list[str]:
    return [thing.variety[k % len(thing.variety)] if thing.variety else thing.kind for k in range(thing.count)]


def radius_of(kind: str) -> float:
    return half_width(kind)


def drop(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Dropped, falling, bouncing: from a height onto the floor, a support, or into a container; several
    side by side, or one after another when the prompt says so."""
    stage = Stage()
    scene = Scene(stage, duration=4.0)
    target = deed.related("into", "in", "inside", "onto", "on") or _placed_on(plan, deed)
    base, xy = 0.0, (0.0, 0.0)
    if target is not None and target.kind in SUPPORTS:
        base = stage.support(target, target.kind, stage.name(target.kind))
        stage.focus.append(target.names[0])
    container = None
    if target is not None and target.kind in CONTAINERS:
        holder = next((s for t, prep, s in plan.placements if t is target and s.kind in SUPPORTS), None)
        on, base = "floor", 0.0
        if holder is not None:
            base = stage.support(holder, holder.kind, stage.name(holder.kind))
            on = holder.names[-1]
        # Fixed: a half-kilo bowl hit by bouncing balls skates off, and the later ones would miss it.
        container = stage.add(target, stage.name(target.kind), target.kind, place={"on": on}, fixed=True)
        stage.notes.append((target.words, f"stands fixed on the {on.replace('_', ' ')} so everything can land in it"))
        base += height(target.kind) + 0.05
        stage.focus.append(container)
    movers = subjects(deed, plan)
    kinds = [k for t in movers for k in kinds_of(t)]
    owners = [t for t in movers for _ in range(t.count)]
    lift = plan.height if plan.height else (attempt_value([0.3, 0.15, 0.06], attempt) if container
                                             else (0.35 if base else 1.0))
    sequence = "sequence" in plan.temporal or "then" in plan.temporal
    spread = 0.02 if container else max(0.12, 3 * max(radius_of(k) for k in kinds))
    fit = half_width(target.kind) / max(2.0, 1.8 * len(kinds) ** 0.5) if container else None
    for k, (kind, owner) in enumerate(zip(kinds, owners, strict=True)):
        r = radius_of(kind)
        resize = None
        if fit is not None and kind in _ROUND and r > fit:  # a handful of balls must fit in the bowl
            r = resize = round(fit, 4)
        z = base + lift + r
        if container or sequence:  # one above the other, each let go in turn; into a bowl each over its own spot
            spot = 0.45 * half_width(target.kind) if container and len(kinds) > 1 else 0.01
            angle = 2 * math.pi * k / max(len(kinds), 1)
            x, y = xy[0] + spot * math.cos(angle), xy[1] + spot * math.sin(angle)
            z += 0.0 if container else k * (2 * r + 0.02)
        else:
            x, y = xy[0] + (k - (len(kinds) - 1) / 2) * spread, xy[1]
        name = stage.mover(owner, stage.name(kind), kind, position=[round(x, 4), round(y, 4), round(z, 4)],
                         held=True if sequence and k else None, radius=resize)
        if sequence and k:
            stage.actions.append({"at": round(0.6 * k, 3), "do": "release", "prop": name})
        stage.focus.append(name)
    scene.duration = 3.0 + (0.6 * len(kinds) if sequence else 0.0)
    scene.attempts = 3 if container and not plan.height else 1
    names = [n for t in movers for n in t.names]
    if deed.verb == "bounce" or any(o == "settle" for o, _ in plan.outcomes):
        scene.checks.append(Check("bounces and comes to rest",
                                  lambda tl: at_rest(tl, names) and sum(n in (e.body_a, e.body_b)
                                                                        for e in tl.impacts() for n in names[:1]) >= 2))
        scene.duration = 8.0
    if container:
        scene.checks.append(Check(f"every one lands in the {target.words}",
                                  lambda tl: all(touched(tl, n, container) for n in names)))
    return scene


def _placed_on(plan: Plan, deed: Deed) -> Thing | None:
    for thing, prep, support in plan.placements:
        if thing in deed.subjects and prep in ("on", "onto", "in", "into", "inside"):
            return support
    return None


def dominoes(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """A row of dominoes (on a support if one is named); a flick on the first topples them in turn."""
    stage = Stage()
    row = next(t for t in plan.things if t.kind == "domino")
    support = deed.related("on", "onto", "across") or _placed_on(plan, deed)
    top = 0.0
    on = "floor"
    if support is not None and support.kind in SUPPORTS:
        top = stage.support(support, support.kind, stage.name(support.kind))
        on = support.names[0]
        stage.focus.append(on)
    spacing = 0.032
    names = [stage.add(row, f"domino_{k + 1:02d}", "domino") for k in range(row.count)]
    for entry in stage.props[-row.count:]:
        entry.pop("position", None)
    start = -(row.count - 1) * spacing / 2
    stage.arrangements.append({"layout": "row", "props": names, "on": on, "centre": [round(start, 4), 0.0],
                               "direction": [1.0, 0.0], "spacing": spacing})
    stage.actions.append({"at": 0.3, "do": "impulse", "prop": names[0], "impulse": [0.002, 0, 0],
                          "point": [round(start, 4), 0, round(top + 0.044, 4)]})
    stage.focus += names
    return Scene(stage, [Check(f"all {row.count} dominoes fall", lambda tl: all(tipped(tl, n) for n in names))],
                 duration=1.5 + 0.05 * row.count)


def down_slope(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Rolling, sliding or bouncing down a ramp (a slope, a hillside) or a flight of stairs."""
    slope = deed.related("down", "along", "of", "on") or plan.thing(*SLOPES)
    if slope is not None and slope.kind == "bowling_lane":
        return bowling(plan, deed, attempt)
    if slope is not None and slope.kind == "stairs":
        return stairs(plan, deed, attempt)
    stage = Stage()
    big = slope is not None and slope.words in ("hillside", "hill")
    tips = any(d.verb == "tip" for d in plan.deeds)
    pitch = (slope.pitch if slope and slope.pitch else (24.0 if big else 18.0)) + (0.0 if tips else 4.0 * attempt)
    movers = subjects(deed, plan)
    kinds = [k for t in movers for k in kinds_of(t)]
    owners = [t for t in movers for _ in range(t.count)]
    widths = [2 * float(max(extent(k).half[:2])) + 0.04 for k in kinds]
    size = (4.0, max(2.4, sum(widths)), 0.1) if big else (1.2, round(max(0.6, sum(widths) + 0.1), 3), 0.03)
    theta = math.radians(pitch)
    step = 0.12 * (attempt + 1) if tips else 0.0  # a drop off the ramp's foot is what tips a sliding box
    centre = np.array([0.0, 0.0, size[0] / 2 * math.sin(theta) + size[2] / 2 * math.cos(theta) + 0.002 + step])
    ramp = stage.add(slope, stage.name("ramp"), "ramp", position=[float(c) for c in np.round(centre, 4)],
                     rotation=[0.0, round(pitch, 3), 0.0], fixed=True,
                     size=list(size) if big or size[1] != 0.6 else None)
    rotation = np.array([[math.cos(theta), 0, math.sin(theta)], [0, 1, 0], [-math.sin(theta), 0, math.cos(theta)]])
    for k, (kind, owner) in enumerate(zip(kinds, owners, strict=True)):
        box = extent(kind)
        lift = float(-box.low[2]) + 0.003
        along = -size[0] / 2 + 0.08 + float(max(box.half[:2])) + 0.02 * (k % 2)
        across = sum(widths[:k]) + widths[k] / 2 - sum(widths) / 2  # side by side across the ramp
        where = centre + rotation @ np.array([along, across, size[2] / 2 + lift])
        stage.mover(owner, stage.name(kind), kind, position=[float(c) for c in np.round(where, 4)],
                  rotation=[0.0, round(pitch, 3), 0.0] if owner.kind not in _ROUND else None)
    names = [n for t in movers for n in t.names]
    stage.focus += [ramp, *names]
    bottom = size[0] / 2 * math.cos(theta)
    checks = [Check(f"reaches the bottom of the {slope.words if slope else 'ramp'}",
                    lambda tl: all(tl.positions[:, tl.index(n), 0].max() > bottom for n in names))]
    if tips:
        stage.notes.append(("tips over", "the ramp's foot stands above the floor: the box drops off it and tips"))
        checks.append(Check("tips over", lambda tl: all(tipped(tl, n) for n in names)))
    return Scene(stage, checks, duration=4.0 if big else 3.5, attempts=4)


def stairs(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Down a flight of stairs: the steps climb towards +x; the thing starts on the top step."""
    stage = Stage()
    flight = plan.thing("stairs")
    stage.support(flight, "stairs", "stairs")
    movers = subjects(deed, plan)
    kind = movers[0].kind
    top = height("stairs")
    name = stage.mover(movers[0], stage.name(kind), kind,
                     position=[0.45, 0.0, round(top + radius_of(kind) + 0.05, 4)],
                     velocity=[-0.9 - 0.3 * attempt, 0.0, 0.6])
    stage.focus += ["stairs", name]
    low = float(extent("stairs").low[0])
    return Scene(stage, [Check("bounces down to the bottom", lambda tl: tl.positions[-1, tl.index(name), 0] < low
                               and sum(name in (e.body_a, e.body_b) for e in tl.impacts()) >= 3)],
                 duration=3.5, attempts=4)


PIN_SPACING = 0.3048  # m, centre to centre (12 in)


def bowling(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Ten pins in the regulation triangle at the end of a (shortened) lane; the ball rolls into the pocket."""
    stage = Stage()
    lane_thing = plan.thing("bowling_lane")
    lane_size = (9.0, 1.05, 0.05)
    stage.add(lane_thing, "lane", "bowling_lane", position=[0.0, 0.0, 0.025], size=list(lane_size), fixed=True)
    pins = plan.thing("pin") or Thing(words="pins", kind="pin", count=10)
    head = 3.0
    names = []
    pin_z = lane_size[2] + height("pin") / 2 + 0.001
    row, placed = 0, 0
    while placed < pins.count:
        for j in range(row + 1):
            if placed == pins.count:
                break
            x, y = head + row * PIN_SPACING * math.sin(math.radians(60)), (j - row / 2) * PIN_SPACING
            names.append(stage.add(pins, f"pin_{placed + 1:02d}", "pin", position=[round(x, 4), round(y, 4),
                                                                                   round(pin_z, 4)]))
            placed += 1
        row += 1
    ball = subjects(deed, plan)[0] if subjects(deed, plan) else Thing(words="ball", kind="bowling_ball")
    r = radius_of(ball.kind)
    speed, aim = attempt_value([8.0, 8.0, 8.5, 8.0, 7.5, 9.0, 8.0, 8.5], attempt), \
        attempt_value([0.07, 0.05, 0.06, 0.09, 0.07, 0.06, 0.03, 0.08], attempt)
    start = -2.5
    # aim at the pocket between the head pin and the next one: a slight angle from the start
    vy = aim / (head - start) * speed
    bowl = stage.mover(ball, stage.name(ball.kind), ball.kind,
                     position=[start, 0.0, round(lane_size[2] + r + 0.002, 4)],
                     velocity=[speed, round(vy, 4), 0.0],
                     angular_velocity=[0.0, round(math.degrees(speed / r), 1), 0.0])  # rolling, not skidding
    stage.focus += [bowl, *names]
    checks = [Check("knocks over all ten pins" if pins.count == 10 else f"knocks over the {pins.count} pins",
                    lambda tl: all(tipped(tl, n) for n in names))]
    return Scene(stage, checks, duration=4.0, attempts=8)


HOOP_Y = 4.0  # m: the backboard, 4 m from the shooter
GYM_HOOP_Y = 5.0  # the gym set's hoop stands here (catalog/environments.py)
BOARD_Z = 3.425  # backboard centre above the floor: the rim at 3.05 m


def hoop_shot(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """A shot at a basketball hoop, by the ballistic solution; a stated miss aims at the board beside the
    rim (the rebound is physics), a stated make at the rim's centre."""
    stage = Stage()
    hoop_thing = plan.thing("basketball_hoop", "backboard")
    if plan.environment == "gym":  # the court's own hoop
        hoop, hoop_y = "set_basketball_hoop_0", GYM_HOOP_Y
    else:
        hoop, hoop_y = stage.add(hoop_thing, "hoop", "basketball_hoop", position=[0.0, HOOP_Y, BOARD_Z]), HOOP_Y
    rim = np.array([0.0, hoop_y - 0.3775, BOARD_Z - 0.375])
    balls = [t for t in (deed.object, *deed.subjects, *plan.things) if t is not None and t.kind in _ROUND]
    ball_thing = balls[0] if balls else Thing(words="basketball", kind="basketball")
    kind = ball_thing.kind
    for other in (t for t in deed.subjects if t.kind not in _ROUND):
        stage.notes.append((other.words, "mechanisms (seesaws, levers, chains) are not built yet: the ball is "
                                         "launched at the basket directly"))
    start = np.array([0.0, hoop_y - HOOP_Y, 2.1])  # a shot from 4 m out
    wants_miss = any(o.startswith(("miss", "rebound")) for o, _ in plan.outcomes)
    if wants_miss:
        side = attempt_value([0.42, 0.5, 0.35, 0.6, -0.45, 0.3, 0.55, -0.55], attempt)
        lift = attempt_value([0.35, 0.3, 0.4, 0.25, 0.35, 0.45, 0.2, 0.3], attempt)
        target = np.array([side, hoop_y - 0.025 - radius_of(kind), BOARD_Z + lift - 0.375])
    else:
        target = rim + np.array([0.0, attempt_value([0.0, 0.03, -0.03, 0.05], attempt), 0.12])
    flight = 1.05
    velocity = ballistic(start, target, flight)
    name = stage.mover(ball_thing, stage.name(kind), kind, position=[float(c) for c in start],
                     velocity=[round(float(v), 4) for v in velocity], angular_velocity=[-360.0, 0.0, 0.0])
    stage.focus += [name, hoop]
    made = _through_rim(name, rim)
    board_y = hoop_y - 0.025
    if wants_miss:
        checks = [Check("misses the basket", lambda tl: not made(tl)),
                  Check("rebounds off the backboard", lambda tl: any(
                      {e.body_a, e.body_b} == {name, hoop} and abs(e.position[1] - board_y) < 0.05
                      and abs(e.position[0]) < 0.9 for e in tl.impacts()))]
    else:
        checks = [Check("goes through the basket", made)]
    return Scene(stage, checks, duration=3.0, attempts=8)


def _through_rim(name: str, rim: np.ndarray) -> Callable[[Timeline], bool]:
    def made(timeline: Timeline) -> bool:
        p = timeline.positions[:, timeline.index(name)]
        for a, b in itertools.pairwise(p):
            if a[2] >= rim[2] > b[2]:
                t = (a[2] - rim[2]) / (a[2] - b[2])
                crossing = a + t * (b - a)
                if np.hypot(*(crossing[:2] - rim[:2])) < 0.2275:
                    return True
        return False
    return made


def pendulum(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """A swinging ball (a pendulum, a wrecking ball) released from the side into a stack or a wall."""
    stage = Stage()
    bob_thing = next((t for t in plan.things if t.moving == "swing"), None) or deed.agent or subjects(deed, plan)[0]
    target = deed.object or next((t for t in deed.subjects if t is not bob_thing), None) \
        or deed.related("into", "at", "against") or next((t for t in plan.things if t is not bob_thing), None)
    target = target or Thing(words="blocks", kind="wooden_block", count=5, group="stack")
    kind = target.kind if target.kind not in ("wall",) else "cardboard_box"
    columns = 4 if target.group == "wall" else 1
    count = max(target.count, 12 if target.group == "wall" else 5)
    per_column = math.ceil(count / columns)
    box = extent(kind)
    w = float(box.high[1] - box.low[1])
    names = []
    for c in range(columns):
        column = [stage.add(target, f"{kind}_{c * per_column + k + 1:02d}", kind) for k in range(per_column)]
        y = (c - (columns - 1) / 2) * (w + 0.01)
        stage.arrangements.append({"layout": "stack", "props": column, "on": "floor", "centre": [0.0, round(y, 4)]})
        names += column
    tall = per_column * float(box.high[2] - box.low[2])
    wrecking = bob_thing.scale > 2
    radius = 0.25 if wrecking else 0.06
    length = 3.5 if wrecking else 1.0
    rest = np.array([-(float(box.half[0]) + radius * 0.6), 0.0, max(tall * 0.5, radius + 0.05)])
    bob = stage.add(bob_thing, "wrecking_ball" if wrecking else "pendulum", "steel_ball", radius=radius,
                    position=[float(c) for c in np.round(rest, 4)],
                    hinge={"anchor": [float(rest[0]), 0.0, float(rest[2] + length)], "axis": [0, 1, 0],
                           "angle": attempt_value([55.0, 70.0, 85.0], attempt)})
    stage.focus += [bob, *names]
    stage.notes.append((bob_thing.words, f"a {radius * 2:g} m steel ball on a {length:g} m cord, pulled back and "
                                         "let go"))
    checks = [Check(f"knocks over the {target.words}", lambda tl: sum(
        tipped(tl, n) or np.linalg.norm(tl.positions[-1, tl.index(n)] - tl.positions[0, tl.index(n)]) > w
        for n in names) >= len(names) / 2)]
    return Scene(stage, checks, duration=4.0, attempts=3)


def head_on(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Two bodies sent straight at each other (on a support if one is named)."""
    stage = Stage()
    support = deed.related("on", "across") or _placed_on(plan, deed) or plan.thing(*SUPPORTS)
    top = 0.0
    if support is not None and support.kind in SUPPORTS:
        top = stage.support(support, support.kind, stage.name(support.kind))
        stage.focus.append(support.names[0])
    movers = subjects(deed, plan)
    kinds = [k for t in movers for k in kinds_of(t)][:2]
    if len(kinds) == 1:
        kinds.append(kinds[0])
    owners = [t for t in movers for _ in range(t.count)][:2] or [movers[0]] * 2
    owners += [owners[0]] * (2 - len(owners))
    speed = 1.2 + 0.3 * attempt
    names = []
    for sign, kind, owner in zip((-1, 1), kinds, owners, strict=True):
        r = radius_of(kind)
        names.append(stage.mover(owner, stage.name(kind), kind, position=[0.3 * sign, 0.0, round(top + r + 0.001, 4)],
                               velocity=[-sign * speed, 0.0, 0.0]))
    stage.focus += names
    return Scene(stage, [Check("collide head-on", lambda tl: touched(tl, *names))], duration=2.5, attempts=2)


def spin(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Spun on its edge on a support (a coin on a table), it precesses and settles flat."""
    stage = Stage()
    support = deed.related("on") or plan.thing(*SUPPORTS)
    top = 0.0
    if support is not None and support.kind in SUPPORTS:
        top = stage.support(support, support.kind, stage.name(support.kind))
        stage.focus.append(support.names[0])
    thing = subjects(deed, plan)[0]
    r = radius_of(thing.kind)
    name = stage.mover(thing, stage.name(thing.kind), thing.kind, position=[0.0, 0.0, round(top + r + 0.0005, 4)],
                     rotation=[attempt_value([75.0, 65.0, 82.0], attempt), 0.0, 0.0],
                     angular_velocity=[0.0, 0.0, 1500.0])
    stage.focus.append(name)
    checks = [Check("spins and settles flat", lambda tl: abs(_up_z(tl, name)) > 0.95 and at_rest(tl, [name]))]
    return Scene(stage, checks, duration=6.0, attempts=3)


def collapse(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """A tower or stack, knocked off balance low down so it falls under its own weight."""
    stage = Stage()
    thing = subjects(deed, plan)[0]
    count = max(thing.count, 3)
    names = [stage.mover(thing, f"{thing.kind}_{k + 1:02d}", thing.kind) for k in range(count)]
    stage.arrangements.append({"layout": "stack", "props": names, "on": "floor", "centre": [0.0, 0.0]})
    box = extent(thing.kind)
    size = float(box.high[2] - box.low[2])
    # A shove on the upper part, growing with height (as a gust or a blow would give): it leans, then falls.
    first = count // 3
    for k in range(first, count):
        share = (k - first + 1) / (count - first)
        stage.actions.append({"at": 0.5, "do": "set_velocity", "prop": names[k],
                              "velocity": [round((0.8 + 0.4 * attempt) * share, 3), 0.0, 0.0]})
    stage.focus += names
    stage.notes.append(("collapses", f"at 0.5 s the upper {count - first} {thing.kind}s are shoved sideways"))
    top = names[-1]
    return Scene(stage, [Check("the tower collapses", lambda tl: tl.positions[-1, tl.index(top), 2]
                               < 0.5 * count * size)], duration=4.0, attempts=3)


def off_support(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Off the edge of a support (a table, a shelf, a stove) and down, maybe onto something below."""
    stage = Stage()
    support = deed.related("off") or _placed_on(plan, deed) or plan.thing(*SUPPORTS) \
        or Thing(words="table", kind="table")
    kind = support.kind if support.kind in SUPPORTS else "table"
    top = stage.support(support, kind, stage.name(kind))
    sup = support.names[0] if support.names else stage.props[-1]["name"]
    half = extent(kind).half
    along_y = half[1] < half[0]  # things fall off the shorter side, towards the camera (-y) when that is it
    edge = float(half[1] if along_y else half[0])
    direction = np.array([0.0, -1.0, 0.0]) if along_y else np.array([1.0, 0.0, 0.0])
    below = deed.related("onto", "into", "on")
    if below is not None and below.kind not in (kind,) and below is not support:
        b_half = extent(below.kind).half
        offset = edge + float(b_half[1] if along_y else b_half[0]) + 0.15
        where = direction * offset
        stage.support(below, below.kind, stage.name(below.kind), xy=(float(where[0]), float(where[1])))
        stage.focus.append(below.names[0])
    movers = subjects(deed, plan)
    thing = movers[0]
    r = float(max(extent(thing.kind).half[:2]))
    flip = any(o == "upside_down" for o, _ in plan.outcomes)
    # (speed m/s, tumble deg/s about the edge): a stated landing upside down also searches how fast it tips over
    tries = [(s, w) for w in (0.0, 360.0, 540.0, 720.0) for s in (1.0, 1.5, 2.2)] if flip else \
        [(s, 0.0) for s in (0.9, 1.3, 1.8, 2.4, 3.0, 0.6, 0.45, 0.3, 0.2)]
    speed, tumble = tries[min(attempt, len(tries) - 1)]
    speed *= 0.6 if deed.verb in ("roll", "fall") and not flip else 1.0
    delay = 2.0 if ("then" in plan.temporal and plan.placements) else 0.0
    start = direction * (edge - r - 0.12)
    for other in (t for t, prep, s in plan.placements if s is support and t is not thing):
        for k, other_kind in enumerate(kinds_of(other)):
            spot = np.array([-0.25 + 0.18 * k, 0.12 * (k % 2)])
            stage.add(other, stage.name(other_kind), other_kind, place={"resting": [round(float(spot[0]), 3),
                                                                                round(float(spot[1]), 3)]},
                      rotation=[90.0, 0.0, 30.0 * k] if other_kind in LIE_DOWN else None)
    name = stage.mover(thing, stage.name(thing.kind), thing.kind,
                     position=[round(float(start[0]), 4), round(float(start[1]), 4),
                               round(top - float(extent(thing.kind).low[2]) + 0.001, 4)],
                     velocity=[round(float(c), 3) for c in direction * speed] if not delay else None,
                     angular_velocity=[round(float(c), 1) for c in np.cross([0.0, 0.0, 1.0], direction) * tumble]
                     if tumble and not delay else None)
    if tumble and not delay:
        stage.notes.append((thing.words, f"pushed off at {speed:g} m/s with a forward tumble of {tumble:g} deg/s"))
    if delay:
        stage.actions.append({"at": delay, "do": "set_velocity", "prop": name,
                              "velocity": [round(float(c), 3) for c in direction * speed]})
    stage.focus += [sup, name]
    checks = [Check(f"goes off the edge of the {support.words}", lambda tl: tl.positions[-1, tl.index(name), 2]
                    < top - 0.05)]
    if any(o == "upside_down" for o, _ in plan.outcomes):
        checks.append(Check("lands upside down", lambda tl: _up_z(tl, name) < -0.7))
    return Scene(stage, checks, duration=3.0 + delay, attempts=len(tries))


def thrown(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Thrown, kicked or slid at something (a wall, the boards) or across a support."""
    stage = Stage()
    target = deed.related("at", "against", "into", "toward", "towards", "to") or deed.object \
        or next((r for d in plan.deeds for r in [d.object, d.related("at", "against", "into")] if r), None)
    across = deed.related("across", "over", "on")
    movers = subjects(deed, plan)
    thing = movers[0]
    r = radius_of(thing.kind)
    if across is not None and across.kind in SUPPORTS:
        top = stage.support(across, across.kind, stage.name(across.kind))
        half = float(extent(across.kind).half[0])
        speed = attempt_value([1.6, 1.3, 1.0, 2.0], attempt)
        name = stage.mover(thing, stage.name(thing.kind), thing.kind,
                         position=[round(-half + 0.15, 3), 0.0, round(top + r + 0.08, 3)],
                         velocity=[speed, 0.0, 0.4], angular_velocity=[420.0, 280.0, 160.0])
        stage.focus += [across.names[0], name]
        checks = [Check(f"lands on the {across.words} and comes to rest",
                        lambda tl: at_rest(tl, [name]) and tl.positions[-1, tl.index(name), 2] > top - 0.02)]
        return Scene(stage, checks, duration=3.0, attempts=4)
    distance = 3.0
    wall = stage.add(target, "wall", "wall", position=[0.0, distance, 1.2], fixed=True)
    speed = attempt_value([7.0, 8.5, 5.5], attempt) if deed.verb in ("kick", "throw") else 5.0
    lift = 1.5 if deed.verb == "kick" else (2.5 if deed.verb == "throw" else 0.0)
    name = stage.mover(thing, stage.name(thing.kind), thing.kind, position=[0.0, 0.0, round(r + 0.002, 4)],
                     velocity=[0.0, speed, lift])
    stage.focus += [name, wall]
    checks = [Check(f"hits the {target.words if target else 'wall'}", lambda tl: touched(tl, name, "wall"))]
    if any(d.verb == "roll" for d in plan.deeds[1:]):
        checks.append(Check("comes back", lambda tl: tl.positions[-1, tl.index(name), 1] < distance - 0.6))
    return Scene(stage, checks, duration=4.0, attempts=3)


def cradle(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Newton's cradle: five hardened steel balls on cords; the first is pulled out and let go."""
    stage = Stage()
    thing = next(t for t in plan.things if "cradle" in t.words)
    stage.add(None, "frame", "plank", size=[0.4, 0.02, 0.02], material="steel", position=[0, 0, 0.32], fixed=True)
    names = []
    for k in range(5):
        x = round((k - 2) * 0.0502, 4)
        hinge = {"anchor": [x, 0, 0.30], "axis": [0, 1, 0]} | ({"angle": 40} if k == 0 else {})
        names.append(stage.add(thing, f"ball_{k + 1}", "steel_ball", position=[x, 0, 0.10], hinge=hinge))
    stage.focus += names
    last = names[-1]
    return Scene(stage, [Check("the ball at the far end flies out",
                               lambda tl: tl.positions[: tl.fps, tl.index(last), 2].max() > 0.13)], duration=4.0)


def spill(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Things tumbling out of a container tipped on its side (oranges from a crate) across a support."""
    stage = Stage()
    support = deed.related("at", "on", "onto") or plan.thing(*SUPPORTS)
    top = 0.0
    if support is not None and support.kind in SUPPORTS:
        top = stage.support(support, support.kind, stage.name(support.kind))
        stage.focus.append(support.names[0])
    box = plan.thing("crate", "cardboard_box", "bowl", "pot", "barrel")
    if box is not None:
        crate_box = extent(box.kind, (0.0, 90.0, 0.0))
        crate = stage.add(box, stage.name(box.kind), box.kind, rotation=[0.0, 90.0, 0.0],
                          position=[-0.35, 0.0, round(top - float(crate_box.low[2]) + 0.001, 4)])
        stage.focus.append(crate)
    thing = subjects(deed, plan)[0]
    r = radius_of(thing.kind)
    rng = np.random.default_rng(len(thing.words))
    for k in range(thing.count):
        x, y = -0.1 + 2.1 * r * (k % 3), (k // 3 - 1) * 2.1 * r
        stage.mover(thing, stage.name(thing.kind), thing.kind, position=[round(x, 4), round(y, 4),
                                                                       round(top + r * (1 + 2 * (k % 2)) + 0.01, 4)],
                  velocity=[round(float(0.5 + rng.uniform(0, 0.4)), 3), round(float(rng.uniform(-0.3, 0.3)), 3), 0])
    names = list(thing.names)
    stage.focus += names
    return Scene(stage, [Check("spills out and scatters", lambda tl: np.mean(
        [np.linalg.norm(tl.positions[-1, tl.index(n)] - tl.positions[0, tl.index(n)]) for n in names]) > 0.15)],
        duration=3.5)


def in_bowl(plan: Plan, deed: Deed, attempt: int) -> Scene:
    """Rolling round the inside of a bowl: started high on the inner wall, moving along it."""
    stage = Stage()
    bowl_thing = plan.thing(*CONTAINERS)
    bowl = stage.add(bowl_thing, stage.name(bowl_thing.kind), bowl_thing.kind, place={"on": "floor"}, fixed=True)
    if bowl_thing.scale != 1:
        across = 2 * half_width(bowl_thing.kind)
        stage.notes.append((bowl_thing.words, f"the catalog's {bowl_thing.kind} is {across:.2f} m across; sizes of "
                                              "compound props are not scaled yet"))
    thing = subjects(deed, plan)[0]
    rim = half_width(bowl_thing.kind)
    deep = height(bowl_thing.kind)
    name = stage.mover(thing, stage.name(thing.kind), thing.kind,
                     position=[round(rim * 0.6, 4), 0.0, round(deep * 0.85, 4)],
                     velocity=[0.0, round(0.35 + 0.1 * attempt, 3), 0.0])
    stage.focus += [bowl, name]
    return Scene(stage, [Check("rolls round and settles at the bottom", lambda tl: at_rest(tl, [name])
                               and np.hypot(*tl.positions[-1, tl.index(name), :2]) < rim * 0.5)],
                 duration=6.0, attempts=3)
