"""The Screenplay contract: YAML round trip, defaults, and errors for any input."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cinesim.errors import ScreenplayError
from cinesim.screenplay import load_screenplay, parse_screenplay, screenplay_yaml
from cinesim.world import build_world


def test_every_example_round_trips_through_yaml(examples_dir):
    for path in sorted(examples_dir.rglob("*.yaml")):
        screenplay = load_screenplay(path)
        again = parse_screenplay(yaml.safe_load(screenplay_yaml(screenplay)))
        assert again == screenplay, path.name


def test_catalog_kind_gives_real_mass_and_size():
    screenplay = parse_screenplay({"duration": 1, "props": [{"name": "b", "kind": "basketball",
                                                             "position": [0, 0, 1]}]})
    ball = build_world(screenplay).entities[1]
    assert ball.mass == 0.62 and ball.shape.radius == 0.1195
    assert ball.inertia[0] == 2 / 3 * 0.62 * 0.1195**2  # an inflated ball is a thin shell


def test_density_times_volume_when_no_mass_is_given():
    screenplay = parse_screenplay({"duration": 1, "props": [
        {"name": "cube", "shape": "box", "size": [0.1, 0.1, 0.1], "material": "steel", "position": [0, 0, 1]}]})
    assert build_world(screenplay).entities[1].mass == pytest.approx(7.85)


def test_room_builds_walls_and_ceiling():
    screenplay = parse_screenplay({"duration": 1, "environment": {"room": {"size": [4, 3, 2.5]}}})
    names = [e.name for e in build_world(screenplay).entities]
    assert names == ["floor", "wall_north", "wall_south", "wall_east", "wall_west", "ceiling"]


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
keys = st.sampled_from(["title", "seed", "duration", "fps", "resolution", "environment", "props", "actions",
                        "cameras", "shots", "name", "kind", "shape", "radius", "position", "material", "at", "do"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, json_values, max_size=8) | json_values)
def test_any_data_gives_a_screenplay_or_a_screenplay_error(data):
    try:
        screenplay = parse_screenplay(data)
    except ScreenplayError as exc:
        assert str(exc)
        return
    build_world(screenplay)
