"""Whole scenes: a settling pile, Newton's cradle, the examples, determinism and divergence handling."""

from __future__ import annotations

import importlib

import mujoco
import numpy as np
import pytest

from cinesim.errors import SimulationError
from cinesim.physics import compile_world, simulate
from cinesim.screenplay import load_screenplay, parse_screenplay
from cinesim.world import build_world
from conftest import EXAMPLES, run


def random_pile(count: int, seed: int = 7) -> dict:
    """`count` boxes of random size and orientation dropped in a loose column."""
    rng = np.random.default_rng(seed)
    props = []
    for i in range(count):
        layer, slot = divmod(i, 9)
        props.append({
            "name": f"box_{i}", "shape": "box", "size": [float(s) for s in rng.uniform(0.04, 0.12, 3)],
            "material": ["wood", "plastic", "cardboard"][i % 3],
            "position": [(slot % 3 - 1) * 0.16, (slot // 3 - 1) * 0.16, 0.12 + layer * 0.16],
            "rotation": [float(a) for a in rng.uniform(0, 180, 3)],
        })
    return {"duration": 4.0, "fps": 24, "environment": {"floor": "wood"}, "props": props}


def max_penetration(data: dict, positions: np.ndarray, orientations: np.ndarray) -> float:
    """Deepest overlap between any two entities posed as in a Timeline frame (metres)."""
    world = build_world(parse_screenplay(data))
    model, _ = compile_world(world)
    d = mujoco.MjData(model)
    for i, entity in enumerate(world.entities):
        if entity.motion == "free":
            adr = model.jnt_qposadr[model.body(f"b{i}").jntadr[0]]
            d.qpos[adr:adr + 3] = positions[i]
            d.qpos[adr + 3:adr + 7] = orientations[i]
    mujoco.mj_kinematics(model, d)
    deepest, fromto = 0.0, np.zeros(6)
    for a in range(model.ngeom):
        for b in range(a + 1, model.ngeom):
            distance = mujoco.mj_geomDistance(model, d, a, b, 0.01, fromto)
            deepest = max(deepest, -distance)
    return deepest


def test_random_pile_settles_without_interpenetration():
    data = random_pile(50)
    timeline = run(data)
    after_3s = timeline.times >= 3.0
    speeds = np.linalg.norm(np.diff(timeline.positions[after_3s], axis=0), axis=2) * timeline.fps
    assert speeds.max() < 0.01
    last = timeline.frame_count - 1
    assert max_penetration(data, timeline.positions[last], timeline.orientations[last]) < 0.001
    assert np.isfinite(timeline.positions).all()


def test_a_domino_run_ends_leaning():
    """Fallen dominoes rest on the next one, tilted short of flat: 18 of the 20 (the last lies down, and one
    slips out flat mid-run). With friction as soft near rest as 0.04 s between dominoes, they slid down each
    other flat (3 of 20 leaning); with MuJoCo's own, 13 of 20."""
    world = build_world(load_screenplay(EXAMPLES / "domino_run.yaml"))
    timeline = simulate(world)
    dominoes = [i for i, e in enumerate(world.entities) if e.kind == "domino"]
    x, y = timeline.orientations[-1, dominoes, 1], timeline.orientations[-1, dominoes, 2]
    tilt = np.degrees(np.arccos(np.clip(1 - 2 * (x * x + y * y), -1.0, 1.0)))  # the long axis from vertical
    assert ((tilt > 60) & (tilt < 85)).sum() >= len(dominoes) - 2, np.round(tilt)


def test_newtons_cradle_sends_one_ball_out():
    timeline = simulate(build_world(load_screenplay(EXAMPLES / "newtons_cradle.yaml")))
    balls = [timeline.index(f"ball_{i}") for i in range(1, 6)]
    rest = np.array([-0.1004, -0.0502, 0.0, 0.0502, 0.1004])
    swing = np.abs(timeline.positions[:, balls, 0] - rest)
    first_swing = timeline.times < 0.65
    raised = swing[0, 0]
    assert swing[first_swing, 4].max() > 0.85 * raised  # the far ball flies out almost as high
    assert swing[first_swing & (timeline.times > 0.3), 1:4].max() < 0.05 * raised  # the middle stays put
    clacks = [e for e in timeline.impacts() if e.time < 0.3]
    assert [(e.body_a, e.body_b) for e in clacks] == [(f"ball_{i}", f"ball_{i + 1}") for i in range(1, 5)]


def test_domino_run_topples_every_domino():
    timeline = simulate(build_world(load_screenplay(EXAMPLES / "domino_run.yaml")))
    dominoes = [i for i, name in enumerate(timeline.entity_names) if name.startswith("domino")]
    _, x, y, _ = np.moveaxis(timeline.orientations[-1, dominoes], 1, 0)
    up_z = 1 - 2 * (x * x + y * y)  # z component of each domino's rotated up axis
    assert np.all(np.degrees(np.arccos(np.clip(up_z, -1, 1))) > 45)
    hits = [e for e in timeline.impacts() if e.body_a.startswith("domino") and e.body_b.startswith("domino")]
    first_hit = {}
    for e in hits:
        first_hit.setdefault(e.body_b, e.time)
    times = [first_hit[f"domino_{i:02d}"] for i in range(2, 21)]
    assert times == sorted(times)  # one after another, in order


def test_basketball_rebounds_off_the_backboard():
    timeline = simulate(build_world(load_screenplay(EXAMPLES / "basketball_backboard.yaml")))
    board = [e for e in timeline.impacts() if {e.body_a, e.body_b} == {"basketball", "backboard"}]
    assert len(board) == 1
    ball = timeline.index("basketball")
    vy = np.diff(timeline.positions[:, ball, 1]) * timeline.fps
    after = timeline.times[1:] > board[0].time + 0.05
    assert vy[after].max() < 0  # it comes back off the board


def test_same_screenplay_gives_identical_timeline_file(tmp_path):
    world = build_world(load_screenplay(EXAMPLES / "domino_run.yaml"))
    first = simulate(world).save(tmp_path / "a.npz")
    second = simulate(world).save(tmp_path / "b.npz")
    assert first.read_bytes() == second.read_bytes()
    assert first.with_suffix(".events.json").read_bytes() == second.with_suffix(".events.json").read_bytes()


def test_divergence_is_reported_not_written(monkeypatch, tmp_path):
    simulate_module = importlib.import_module("cinesim.physics.simulate")
    real_step = mujoco.mj_step
    calls = {"n": 0}

    def exploding_step(model, data):
        real_step(model, data)
        calls["n"] += 1
        if calls["n"] == 50:
            data.qvel[:] = np.nan

    monkeypatch.setattr(simulate_module.mujoco, "mj_step", exploding_step)
    with pytest.raises(SimulationError, match="diverged"):
        simulate(build_world(load_screenplay(EXAMPLES / "ball_drop.yaml")))


def test_energy_runaway_is_detected(monkeypatch):
    simulate_module = importlib.import_module("cinesim.physics.simulate")
    real_step = mujoco.mj_step

    def pumping_step(model, data):
        real_step(model, data)
        data.qvel[:] *= 1.05

    monkeypatch.setattr(simulate_module.mujoco, "mj_step", pumping_step)
    with pytest.raises(SimulationError, match="energy grew"):
        simulate(build_world(load_screenplay(EXAMPLES / "ball_drop.yaml")))


def test_held_props_each_wait_for_their_own_release():
    """Several held props: each stays put until its release (even after falling asleep), then falls freely."""
    data = {"duration": 2.0, "props": [
        {"name": name, "kind": "rubber_ball", "position": [x, 0, 1.0], "held": True}
        for name, x in (("a", 0.0), ("b", 0.5), ("c", 1.0))],
        "actions": [{"at": 0.5, "do": "release", "prop": "a"}, {"at": 1.5, "do": "release", "prop": "b"}]}
    timeline = simulate(build_world(parse_screenplay(data)))
    z = timeline.positions[:, 1:, 2]
    fps = timeline.fps
    assert np.allclose(z[: int(0.5 * fps), 0], 1.0, atol=1e-3)  # a weld is a stiff spring: it sags 0.4 mm
    assert np.allclose(z[: int(1.5 * fps), 1], 1.0, atol=1e-3)
    assert np.allclose(z[:, 2], 1.0, atol=1e-3)  # never released
    dropped = 1.0 - z[int(1.5 * fps) + 6, 1]  # 0.25 s after its release
    assert dropped == pytest.approx(0.5 * 9.81 * (6 / fps) ** 2, rel=0.15)


def test_a_compound_landing_on_several_parts_does_not_gain_energy():
    """A toy car lands on four wheels (four geoms) at once: one position correction for the pair of bodies,
    not one per wheel (which lifted it four times over and made the run diverge)."""
    data = {"duration": 2.5, "props": [{"name": "car", "kind": "toy_car", "position": [0, 0, 1.0],
                                        "restitution": 0.7}]}
    timeline = simulate(build_world(parse_screenplay(data)))
    z = timeline.positions[:, 1, 2]
    rest = z[-1]
    first_rise = int(np.argmax(np.diff(z) > 0))
    assert z[first_rise:].max() - rest <= 0.7**2 * (1.0 - rest) + 0.01
