"""World + Timeline -> a mastered 48 kHz stereo soundtrack."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from scipy import signal
from scipy.spatial.transform import Rotation

from cinesim.audio.ambience import ambience
from cinesim.audio.continuous import contact_noise
from cinesim.audio.listener import Placement, place
from cinesim.audio.master import loudness, master
from cinesim.audio.modal import (
    MAX_RING,
    SPEED_OF_SOUND,
    Voice,
    bending_axis,
    contact_scale,
    contact_time,
    ring_energy,
    stopping_click,
    stopping_energy,
    strike,
    thump,
    voice_for,
)
from cinesim.audio.room import reverberation, room_response
from cinesim.catalog import material, prop_kind
from cinesim.render.camera import CameraRig
from cinesim.timeline import Footstep, Handoff, Impact, Timeline
from cinesim.world.model import Entity, Shape, World

RATE = 48000
AMBIENCE_UNDER = 26.0  # LU: the bed sits far under the action, whatever the target (-42 LUFS at -16)
GROUND_REFLECTION = 0.35  # outdoors: level of the sound's reflection off the ground
FOOT_MASS = 3.0  # kg: the part of a leg a heel strike stops (the footstep's impulse per m/s of landing)
FOOTSTEP_GAIN = 0.5  # soles and shoes soften a step against a bare knock of the same impulse
SOLE_HALF_SIZE = (0.13, 0.045, 0.015)  # m
RING_PER_CLICK = 10.0  # calibration: a struck steel piece rings with this many times its stopping click's energy
LIMB_HALF_SIZE = (0.2, 0.06, 0.06)  # m: what rings when a prop strikes a person (a forearm, a shin)
LIMB_MASS = 2.0  # kg: a forearm and hand
HELD_RING = 0.2  # of a caught ball's ring time: the palms that stop it also damp its shell


STEMS = ("effects", "room", "ambience")  # the direct sound of every contact, the room's reverberation, the bed


@dataclass(frozen=True)
class Soundtrack:
    samples: np.ndarray  # (n, 2) float32 in [-1, 1], n = duration x RATE
    rate: int
    loudness: float  # LUFS, integrated
    seconds: float  # time spent making it
    stems: dict[str, np.ndarray]  # STEMS, each (n, 2) float32: they add up to `samples` (a re-mix starts here)


def make_soundtrack(world: World, timeline: Timeline, rng: np.random.Generator,
                    target_lufs: float | None = None) -> Soundtrack:
    """The film's sound, mastered to `target_lufs` (default: the world's loudness)."""
    started = time.perf_counter()
    target_lufs = world.loudness if target_lufs is None else target_lufs
    rig = CameraRig(world, timeline)
    length = round(timeline.frame_count / timeline.fps * RATE)
    dry = np.zeros((length + int(MAX_RING * RATE) + RATE, 2))
    people = [_struck_body(c.name, Shape("box", half_extents=LIMB_HALF_SIZE), "skin", LIMB_MASS)
              for c in world.characters]
    sounding = list(world.entities) + people  # props strike people too
    voices = [voice_for(e, e.sounding, rng, hollow=bool(e.kind and prop_kind(e.kind).hollow)) for e in sounding]
    index = {e.name: i for i, e in enumerate(sounding)}
    outdoors = world.room is None
    sole = _sole_voice(rng) if world.characters else None
    axes = [bending_axis(e) for e in world.entities]
    for event in timeline.events:
        if isinstance(event, Impact):
            signs = _strike_signs(event, timeline, index, axes)
            _impact(dry, event, index, sounding, voices, signs, rig, rng, outdoors)
        elif isinstance(event, Footstep):  # the floor (the world's first entity) and a rubber sole
            _knock(dry, event.time, event.position, event.speed, FOOT_MASS * event.speed, [voices[0], sole],
                   FOOTSTEP_GAIN, rig, rng, outdoors)
        elif isinstance(event, Handoff) and event.type == "catch":  # the ball stopped by a palm
            ball, hand = index[event.prop], index[event.person]
            speed = _arriving_speed(timeline, ball, event.time)
            held = replace(voices[ball], t60=voices[ball].t60 * HELD_RING)
            _knock(dry, event.time, event.position, speed, sounding[ball].mass * speed, [held, voices[hand]],
                   sounding[ball].sound_gain, rig, rng, outdoors)
    for segment in timeline.segments:
        a, b = sounding[index[segment.body_a]], sounding[index[segment.body_b]]
        gain = a.sound_gain * b.sound_gain
        if gain == 0:
            continue
        first = int(segment.start * RATE)
        mono = contact_noise(segment, a.sounding, b.sounding, rng, first) * gain
        middle = (segment.start + segment.end) / 2
        frame = min(int(middle * timeline.fps), timeline.frame_count - 1)
        prop = index[segment.body_b] if index[segment.body_b] < len(world.entities) else index[segment.body_a]
        _add(dry, first, mono, place(rig, middle, timeline.positions[frame, prop]))
    parts = {"effects": dry[:length], "room": reverberation(dry, room_response(world, rng))[:length]}
    if world.slow_motion > 1:  # as a high-speed camera's sound would be played back: slower and lower
        parts = {name: signal.resample_poly(part, world.slow_motion, 1, axis=0) for name, part in parts.items()}
        length = len(parts["effects"])
    bed = ambience(world.set.ambience, length, rng)
    level = loudness(bed)
    if np.isfinite(level):  # not silence
        bed *= 10 ** ((target_lufs - AMBIENCE_UNDER - level) / 20)
    stems = master(parts, bed, target_lufs)
    mix = np.clip(sum(stems.values()), -0.999, 0.999)  # a guard only: true peaks are under -1 dBTP
    return Soundtrack(mix.astype(np.float32), RATE, loudness(mix), time.perf_counter() - started,
                      {name: stems[name].astype(np.float32) for name in STEMS})


def _impact(dry: np.ndarray, event: Impact, index: dict[str, int], sounding: list[Entity], voices: list,
            signs: tuple[float, float], rig: CameraRig, rng: np.random.Generator, outdoors: bool) -> None:
    ia, ib = index[event.body_a], index[event.body_b]
    gain = sounding[ia].sound_gain * sounding[ib].sound_gain  # a muted prop silences its contacts
    if gain > 0:
        _knock(dry, event.time, event.position, event.speed, event.impulse, [voices[ia], voices[ib]], gain, rig, rng,
               outdoors, signs)


def _strike_signs(event: Impact, timeline: Timeline, index: dict[str, int],
                  axes: list[np.ndarray | None]) -> tuple[float, float]:
    """The sign each body's modes are struck with: the impulse on it (-normal on body_a, +normal on body_b)
    along its bending axis in the world at the event's frame; +1 for bodies without one (and people)."""
    frame = min(int(event.time * timeline.fps), timeline.frame_count - 1)
    signs = []
    for body, direction in ((event.body_a, -1.0), (event.body_b, 1.0)):
        entity = index[body]
        axis = axes[entity] if entity < len(axes) else None
        if axis is None:
            signs.append(1.0)
            continue
        w, x, y, z = timeline.orientations[frame, entity]
        along = direction * float(np.dot(event.normal, Rotation.from_quat([x, y, z, w]).apply(axis)))
        signs.append(1.0 if along >= 0 else -1.0)
    return signs[0], signs[1]


def _arriving_speed(timeline: Timeline, entity: int, time: float) -> float:
    """How fast the entity moves just before `time` (m/s), from the two frames before it."""
    frame = int(np.clip(np.floor(time * timeline.fps), 1, timeline.frame_count - 1))
    step = timeline.positions[frame, entity] - timeline.positions[frame - 1, entity]
    return float(np.linalg.norm(step)) * timeline.fps


def _knock(dry: np.ndarray, time: float, position, speed: float, impulse: float, sounding: list[Voice],
           gain: float, rig: CameraRig, rng: np.random.Generator, outdoors: bool,
           signs: tuple[float, float] = (1.0, 1.0)) -> None:
    """Two bodies struck together at `time`: each rings with its own modes (with the sign of the force
    along them), each that moves clicks as its speed changes, an inflated ball thumps; heard from the
    camera."""
    start = time * RATE
    first = int(np.floor(start))
    tau = contact_time(max(v.contact_ms for v in sounding) * contact_scale(impulse, speed), speed)
    amplitude = np.sqrt(impulse * speed)  # a ring's amplitude goes as the square root of the energy exchanged
    rings = [strike(v, tau, rng, start - first) * amplitude * sign for v, sign in zip(sounding, signs, strict=True)]
    pressures = [stopping_click(v.radius, min(impulse / v.mass, 2 * speed), tau) for v in sounding if v.radius > 0]
    pressures += [thump(v.radius, speed, tau) for v in sounding if v.hollow]
    mono = np.zeros(max(len(p) for p in rings + pressures))
    for ring in rings:
        mono[: len(ring)] += ring
    for pressure in pressures:
        mono[: len(pressure)] += pressure * _pascal()
    mono *= gain
    point = np.asarray(position)
    placement = place(rig, time, point)
    _add(dry, first, mono, placement)
    if outdoors:  # the same sound off the ground, later by the extra path, a little duller
        mirror = point * np.array([1.0, 1.0, -1.0]) - np.array([0.0, 0.0, 0.002])
        echo = place(rig, time, mirror)
        delay = round((echo.distance - placement.distance) / SPEED_OF_SOUND * RATE)
        _add(dry, first + max(delay, 1), mono * GROUND_REFLECTION, echo)


@cache
def _pascal() -> float:
    """Mix units per pascal 1 m away. Clicks and thumps are pressures; rings have no absolute level, and this
    calibration ties them to pressure: a 5 cm steel bar struck at 1 m/s by a 5 cm steel ball rings with
    RING_PER_CLICK times the energy the ball radiates as it stops."""
    radius, ball_mass, restitution, speed = 0.025, 0.51, 0.9, 1.0
    bar = _struck_body("reference", Shape("box", half_extents=(radius, 0.005, 0.005)), "steel", 0.0)  # held
    voice = voice_for(bar, bar.material, np.random.default_rng(0))
    impulse = ball_mass * (1 + restitution) * speed
    tau = contact_time(voice.contact_ms * contact_scale(impulse, speed), speed)
    ring = ring_energy(voice, tau) * impulse * speed / RATE  # mix units^2 s
    return float(np.sqrt(ring / (RING_PER_CLICK * stopping_energy(radius, (1 + restitution) * speed, tau))))


def _struck_body(name: str, shape: Shape, material_name: str, mass: float) -> Entity:
    """Something struck that is not in the world as a body (a part of a person, a sole), as the sound sees
    it: its shape, material and the mass an impact moves."""
    return Entity(name=name, source="cast", shape=shape,
                  material=material(material_name), color=(0.0, 0.0, 0.0), restitution=0.5, mass=mass,
                  inertia=(0.0, 0.0, 0.0), position=(0.0, 0.0, 0.0), orientation=(1.0, 0.0, 0.0, 0.0))


def _sole_voice(rng: np.random.Generator) -> Voice:
    """A shoe's rubber sole (the foot the step stops), struck by the floor at each footstep."""
    sole = _struck_body("sole", Shape("box", half_extents=SOLE_HALF_SIZE), "rubber", FOOT_MASS)
    return voice_for(sole, sole.material, rng)


def _add(dry: np.ndarray, first: int, mono: np.ndarray, where: Placement) -> None:
    """Mix a mono sound in at sample `first`, panned, attenuated and dulled by the air on the way."""
    if first >= len(dry):
        return
    alpha = 1 - np.exp(-2 * np.pi * where.air_cutoff / RATE)
    dulled = signal.lfilter([alpha], [1, alpha - 1], mono)
    end = min(len(dry), first + len(dulled))
    dry[first:end, 0] += dulled[: end - first] * where.left
    dry[first:end, 1] += dulled[: end - first] * where.right
