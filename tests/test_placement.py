"""Relations instead of coordinates: things end up where the relation says, resting, not overlapping."""

from __future__ import annotations

import numpy as np
import pytest

from cinesim.errors import ScreenplayError
from cinesim.physics import simulate
from cinesim.screenplay import parse_screenplay
from cinesim.world import build_world


def world_of(props: list[dict], arrangements: list[dict] | None = None, seed: int = 0):
    return build_world(parse_screenplay({"duration": 2.0, "seed": seed, "props": props,
                                         "arrangements": arrangements or []}))


def pose(world, timeline, name: str) -> np.ndarray:
    return timeline.positions[-1, timeline.index(name)]


def test_on_inside_next_to_in_front_and_behind():
    world = world_of([
        {"name": "table", "kind": "table", "place": {"on": "floor"}},
        {"name": "mug", "kind": "mug", "place": {"on": "table", "offset": [0.3, 0.1]}},
        {"name": "ball", "kind": "ping_pong_ball", "place": {"inside": "mug"}},
        {"name": "crate", "kind": "crate", "place": {"next_to": "table", "side": "left"}},
        {"name": "box", "kind": "cardboard_box", "place": {"in_front_of": "table"}},
        {"name": "barrel", "kind": "barrel", "place": {"behind": "table", "gap": 0.1}},
    ])
    timeline = simulate(world)
    table, mug, ball = pose(world, timeline, "table"), pose(world, timeline, "mug"), pose(world, timeline, "ball")
    assert mug[2] > 0.75 and np.allclose(mug[:2], table[:2] + np.array([0.3, 0.1]), atol=0.01)  # on the table top
    assert np.linalg.norm(ball[:2] - mug[:2]) < 0.03 and ball[2] < mug[2] + 0.05  # in the mug
    assert pose(world, timeline, "crate")[0] < table[0] - 0.6  # left of it
    assert pose(world, timeline, "box")[1] < table[1] - 0.4 and pose(world, timeline, "barrel")[1] > table[1] + 0.4
    still = [i for i, n in enumerate(timeline.entity_names) if n != "ball"]  # the ball may still be rattling
    assert np.abs(np.diff(timeline.positions[-24:, still], axis=0)).max() < 1e-4


def test_resting_settles_onto_whatever_is_below():
    world = world_of([
        {"name": "apple", "kind": "apple", "place": {"resting": [0.2, 0.1]}},
        {"name": "table", "kind": "table", "place": {"on": "floor"}},
        {"name": "orange", "kind": "orange", "place": {"resting": [2.0, 0.0]}},
    ])
    timeline = simulate(world)
    assert pose(world, timeline, "apple")[2] == pytest.approx(0.75 + 0.038, abs=0.003)  # on the table top
    assert pose(world, timeline, "orange")[2] == pytest.approx(0.037, abs=0.002)  # on the floor


@pytest.mark.parametrize("layout", ["row", "ring", "stack", "scatter"])
def test_layouts_rest_without_overlap(layout):
    names = [f"block_{i}" for i in range(6)]
    world = world_of([{"name": n, "kind": "wooden_block"} for n in names],
                     [{"layout": layout, "props": names, "radius": 0.4, "centre": [0.2, -0.1]}])
    timeline = simulate(world)  # the overlap check at the start refuses interpenetrating props
    final = np.array([pose(world, timeline, n) for n in names])
    if layout == "stack":
        assert np.all(np.diff(final[:, 2]) > 0.045) and np.ptp(final[:, :2], axis=0).max() < 0.01
    else:
        assert np.allclose(final[:, 2], 0.025, atol=0.002)  # all resting on the floor
    if layout == "row":
        assert np.allclose(np.diff(final[:, 0]), 0.07, atol=0.002)  # touching widths + 2 cm gap


def test_scatter_is_seeded():
    names = [f"ball_{i}" for i in range(5)]
    spec = [{"name": n, "kind": "tennis_ball"} for n in names]
    group = [{"layout": "scatter", "props": names, "radius": 0.5}]
    first = [e.position for e in world_of(spec, group, seed=3).entities]
    assert first == [e.position for e in world_of(spec, group, seed=3).entities]
    assert first != [e.position for e in world_of(spec, group, seed=4).entities]


@pytest.mark.parametrize(("props", "groups", "message"), [
    ([{"name": "a", "kind": "crate", "place": {"on": "tabel"}}, {"name": "table", "kind": "table",
                                                                 "position": [0, 0, 0.376]}],
     [], "props[0].place.on: unknown prop 'tabel' (did you mean 'table'"),
    ([{"name": "a", "kind": "crate"}], [], "props[0]: give it exactly one of position, place"),
    ([{"name": "a", "kind": "crate", "place": {"on": "b"}}, {"name": "b", "kind": "crate", "place": {"on": "a"}}],
     [], "in a loop"),
    ([{"name": "a", "kind": "crate", "place": {"on": "floor", "next_to": "floor"}}], [], "exactly one of on"),
    ([{"name": "a", "kind": "crate"}], [{"layout": "row", "props": ["a", "z"]}], "arrangements[0].props: unknown"),
])
def test_bad_placements_are_named(props, groups, message):
    with pytest.raises(ScreenplayError, match=message.replace("(", r"\(").replace("[", r"\[")):
        world_of(props, groups)
