"""People as physics sees them: capsules that hug the skin and follow the bones, kicking, stopping and
bouncing props with the pair's restitution, and props refused when they start inside a person."""

from __future__ import annotations

import numpy as np
import pytest

from cinesim.errors import ScreenplayError
from cinesim.people.body import PHENOTYPE, load_body
from cinesim.people.colliders import body_capsules
from cinesim.physics import simulate
from cinesim.physics.mjcf import SKIN
from cinesim.screenplay import parse_screenplay
from cinesim.timeline import Impact
from cinesim.world import build_world

FPS = 24


def _film(props: list[dict], actions: list[dict], duration: float = 4.0, start=(0.0, 0.0)):
    screenplay = {"title": "people and props", "duration": duration, "fps": FPS, "environment": {"floor": "wood"},
                  "props": props, "cast": [{"name": "kim", "position": list(start), "facing": 0, "actions": actions}],
                  "cameras": [{"name": "side", "position": [0, -5, 1.2], "look_at": [0, 0, 0.8]}]}
    world = build_world(parse_screenplay(screenplay))
    return world, simulate(world)


def _distance_outside(capsule, points: np.ndarray) -> np.ndarray:
    axis = capsule.end - capsule.start
    length = float(axis @ axis)
    t = np.clip((points - capsule.start) @ axis / length, 0, 1) if length > 0 else np.zeros(len(points))
    return np.linalg.norm(points - (capsule.start + t[:, None] * axis), axis=1) - capsule.radius


def test_capsules_hug_the_skin():
    body = load_body(dict.fromkeys(PHENOTYPE, 0.5))
    capsules = body_capsules(body)
    assert len(capsules) == 16
    outside = np.min([_distance_outside(c, body.vertices.astype(float)) for c in capsules], axis=0)
    assert np.percentile(outside, 90) < 0.02  # nine tenths of the skin within 2 cm of a capsule
    assert outside.max() < 0.07
    assert np.percentile(outside, 50) < 0.0  # and the capsules do not balloon out of the body
    assert {c.part for c in capsules} >= {"head", "chest", "hand.L", "hand.R", "foot.L", "foot.R"}


def _ball_after(timeline, hit: Impact) -> tuple[np.ndarray, np.ndarray]:
    """The ball's centre velocity in free flight just before and just after the impact (central
    differences of the Timeline's frames, moved to the impact's time with gravity)."""
    positions = timeline.positions[:, timeline.entity_names.index("ball")]
    before, after = int(np.floor(hit.time * FPS)) - 1, int(np.ceil(hit.time * FPS)) + 1
    gravity = np.array([0.0, 0.0, -9.81])
    v_before = (positions[before] - positions[before - 1]) * FPS + gravity * (hit.time - (before - 0.5) / FPS)
    v_after = (positions[after + 1] - positions[after]) * FPS - gravity * ((after + 0.5) / FPS - hit.time)
    return v_before, v_after


def test_a_ball_thrown_at_a_standing_person_rebounds_with_the_pair_restitution():
    world, timeline = _film([{"name": "ball", "kind": "soccer_ball", "position": [1.6, 0.0, 1.2],
                              "velocity": [-6.0, 0.0, 1.0]}], [], duration=1.2)
    hits = [e for e in timeline.events if isinstance(e, Impact) and {e.body_a, e.body_b} == {"ball", "kim"}]
    assert hits and {hits[0].material_a, hits[0].material_b} == {"leather", "skin"}
    hit = hits[0]
    v_before, v_after = _ball_after(timeline, hit)
    normal = np.asarray(hit.normal) * (1 if hit.body_b == "ball" else -1)  # from the person to the ball
    ball = world.entities[timeline.entity_names.index("ball")]
    expected = np.sqrt(ball.restitution * SKIN.restitution)
    assert -(v_after @ normal) / (v_before @ normal) == pytest.approx(expected, rel=0.1)
    assert v_after[0] > 0.5  # it bounces back off the person, who does not move


def test_a_walker_kicks_a_rolling_ball_ahead():
    """A ball rolled across a walker's path meets a swinging foot: the impact's approach speed is the foot's
    (the ball itself crosses slower), and the ball leaves ahead of the walker, faster than they walk."""
    _, timeline = _film([{"name": "ball", "kind": "soccer_ball", "position": [0.0, 2.5, 0.11],
                              "velocity": [0.0, -1.35, 0.0]}],
                            [{"at": 0.3, "do": "walk", "to": [2.5, 0.0]}], start=(-2.5, 0.0))
    hits = [e for e in timeline.events if isinstance(e, Impact) and {e.body_a, e.body_b} == {"ball", "kim"}]
    assert hits
    ball = timeline.positions[:, timeline.entity_names.index("ball")]
    frame = int(hits[0].time * FPS)
    crossing = np.linalg.norm(ball[frame - 1] - ball[frame - 2]) * FPS
    assert hits[0].speed > 2 * crossing
    walker = timeline.performances[0].root
    walking = np.linalg.norm(walker[frame + 6, :2] - walker[frame, :2]) * FPS / 6
    leaving = (ball[frame + 7] - ball[frame + 1]) * FPS / 6
    assert leaving[0] > 1.5 * walking
    assert ball[-1, 0] > walker[-1, 0]  # ahead of the walker at the end


def test_a_prop_starting_inside_a_person_is_refused():
    with pytest.raises(ScreenplayError, match=r"props\[0\] \('box'\) starts .* inside cast\[0\] \('kim'\)"):
        _film([{"name": "box", "kind": "cardboard_box", "position": [0.0, 0.0, 1.0]}], [], duration=0.5)


def test_two_people_whose_walks_cross_do_not_walk_through_each_other():
    """Both set off at once on crossing lines; the second in the cast waits until the first has passed."""
    screenplay = {"title": "crossing", "duration": 9.0, "fps": FPS, "environment": {"floor": "wood"},
                  "cast": [{"name": "ana", "position": [-2.5, 0.0], "facing": 0,
                            "actions": [{"at": 0.2, "do": "walk", "to": [2.5, 0.0]}]},
                           {"name": "ben", "position": [0.0, -2.5], "facing": 90,
                            "actions": [{"at": 0.2, "do": "walk", "to": [0.0, 2.5]}]}],
                  "cameras": [{"name": "top", "position": [0, -6, 3], "look_at": [0, 0, 0.8]}]}
    timeline = simulate(build_world(parse_screenplay(screenplay)))
    ana, ben = (p.root[:, :2] for p in timeline.performances)
    assert np.linalg.norm(ana - ben, axis=1).min() > 0.5
    assert np.linalg.norm(ana[-1] - [2.5, 0.0]) < 0.05 and np.linalg.norm(ben[-1] - [0.0, 2.5]) < 0.05
    keypoints = [p.keypoints for p in timeline.performances]
    assert np.linalg.norm(keypoints[0][:, :, None, :2] - keypoints[1][:, None, :, :2], axis=-1).min() > 0.1
