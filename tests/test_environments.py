"""Named sets: each one builds, simulates and films; the light follows the time of day."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cinesim.catalog import ENVIRONMENTS
from cinesim.errors import ScreenplayError
from cinesim.physics import simulate
from cinesim.render.film import render_still
from cinesim.render.lighting import sun_direction
from cinesim.screenplay import load_screenplay, parse_screenplay
from cinesim.world import build_world

SETS = Path(__file__).resolve().parent.parent / "examples" / "sets"


@pytest.mark.parametrize("name", sorted(ENVIRONMENTS))
def test_every_environment_has_an_example_that_films(name, tmp_path):
    screenplay = load_screenplay(SETS / f"{name}.yaml")
    screenplay = screenplay.model_copy(update={"resolution": (320, 180), "duration": 1.0})
    world = build_world(screenplay)
    assert world.set.name == name
    kind = ENVIRONMENTS[name]
    assert world.entities[0].material.name == kind.floor
    assert (world.room is None) == (kind.room is None)
    image = np.array(Image.open(render_still(world, simulate(world), 0.5, tmp_path / "still.png")))
    assert image.shape == (180, 320, 3) and image.std() > 8


def test_screenplay_values_win_over_the_set():
    world = build_world(parse_screenplay({"duration": 1, "environment": {"preset": "park", "floor": "gravel"}}))
    assert world.entities[0].material.name == "gravel" and world.set.light == "sun"


def test_unknown_environment_suggests_the_closest():
    with pytest.raises(ScreenplayError, match=r"environment.preset: unknown environment 'gymn' \(did you mean 'gym'"):
        parse_screenplay({"duration": 1, "environment": {"preset": "gymn"}})


def test_sun_rises_east_peaks_south_sets_west():
    morning, low = sun_direction(7.0)
    noon, high = sun_direction(12.0)
    evening, _ = sun_direction(17.0)
    assert morning[0] > 0.5 and evening[0] < -0.5 and noon[1] < -0.4
    assert high > 55 and low < 20
