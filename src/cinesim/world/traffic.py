"""The whole cast's performances, with right of way: people are blocked in cast order, and one whose walk
would bring them too close to someone already blocked waits (the walk starts later, in quarter seconds)
until the way is clear. Paths already go round the others' marks (see floorplan); this handles two people
crossing while both move."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cinesim.people.paths import Floorplan
from cinesim.people.performance import GAITS, Performance, Step, perform, travel
from cinesim.world.floorplan import PERSON_RADIUS, floorplan
from cinesim.world.model import Character, World

WAIT_STEP = 0.25  # s: a yielding walk starts this much later per try
MAX_WAIT = 8.0  # s: beyond this a walk goes ahead anyway
CLEARANCE = 2 * PERSON_RADIUS  # m between two pelvises, seen from above


def perform_cast(world: World) -> tuple[Performance, ...]:
    performances: list[Performance] = []
    for k, character in enumerate(world.characters):
        plan = floorplan(world, k)
        steps = _yield(world, character, plan, [p.root for p in performances])
        performances.append(perform(character.body, steps, character.position, character.heading, world.fps,
                                    world.frame_count, plan))
    return tuple(performances)


def _yield(world: World, character: Character, plan: Floorplan, others: list[np.ndarray]) -> list[Step]:
    """The character's steps, with the walk that would clash with `others` (pelvis paths) delayed."""
    steps = sorted(character.steps, key=lambda s: s.start)
    if not others or not any(s.motion in GAITS for s in steps):
        return steps
    for _ in range(round(MAX_WAIT / WAIT_STEP)):
        roots, moving = travel(character.body, steps, character.position, character.heading, world.fps,
                               world.frame_count, plan)
        clash = _first_clash(roots, moving, others)
        if clash is None:
            break
        walks = [n for n, s in enumerate(steps) if s.motion in GAITS and s.start <= clash / world.fps + 1e-9]
        if not walks:
            break
        n = walks[-1]
        later = steps[n].start + WAIT_STEP
        # the cues after it keep their order: none may now come before the walk
        steps[n:] = [replace(s, start=max(s.start, later)) for s in steps[n:]]
    return steps


def _first_clash(roots: np.ndarray, moving: np.ndarray, others: list[np.ndarray]) -> int | None:
    """The first frame at which the moving person comes within CLEARANCE of another."""
    gaps = np.min([np.linalg.norm(roots[:, :2] - other[:, :2], axis=1) for other in others], axis=0)
    frames = np.flatnonzero(moving & (gaps < CLEARANCE))
    return int(frames[0]) if len(frames) else None
