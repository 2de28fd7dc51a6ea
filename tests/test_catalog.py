"""Every catalog prop loads, rests on a floor without drifting, and films; concave props hold things."""

from __future__ import annotations

import numpy as np
import pytest

from cinesim.catalog import MATERIALS, PROPS
from cinesim.catalog.props import MASS_RANGES
from cinesim.physics import simulate
from cinesim.render.camera import CameraRig
from cinesim.render.meshes import mesh_for
from cinesim.render.renderer import Renderer
from cinesim.screenplay import Prop, parse_screenplay
from cinesim.shapes import Shape
from cinesim.world import build_world
from cinesim.world.build import prop_shape
from cinesim.world.geometry import mass_properties, volume


def kind_shape(kind: str) -> Shape:
    return prop_shape(Prop(name=kind, kind=kind, position=(0.0, 0.0, 0.0)))[0]


def resting_height(kind: str) -> float:
    """Height of the prop's frame origin when its lowest point touches the floor."""
    return -float(mesh_for(kind_shape(kind)).positions[:, 2].min())


@pytest.mark.parametrize("kind", sorted(PROPS))
def test_prop_rests_on_the_floor_and_films(kind):
    z = resting_height(kind) + 0.0005
    radius = 2 * max(resting_height(kind), 0.015)
    data = {"duration": 2.5, "fps": 24, "resolution": [160, 96], "environment": {"floor": "concrete"},
            "props": [{"name": "it", "kind": kind, "position": [0, 0, z]}],
            "cameras": [{"name": "c", "position": [radius * 2, -radius * 3, radius * 1.5],
                         "look_at": [0, 0, z]}]}
    world = build_world(parse_screenplay(data))
    timeline = simulate(world)
    it = timeline.index("it")
    early, late = timeline.positions[12, it], timeline.positions[-1, it]
    assert np.linalg.norm(late - early) < 0.001, (kind, late - early)
    assert 0.001 <= world.entities[it].mass <= 1000 or world.entities[it].motion == "fixed"
    renderer = Renderer(world, timeline, world.resolution)
    frame = renderer.render(timeline.positions[-1], timeline.orientations[-1], timeline.visible[-1],
                            CameraRig(world, timeline).state(timeline.frame_count - 1))
    renderer.release()
    assert frame.rgb.std() > 5


def test_a_marble_dropped_in_a_bowl_stays_in_it():
    data = {"duration": 3.0, "environment": {"floor": "wood"},
            "props": [{"name": "bowl", "kind": "bowl", "position": [0, 0, resting_height("bowl") + 0.0005]},
                      {"name": "marble", "kind": "marble", "position": [0.04, 0.01, 0.12]}]}
    timeline = simulate(build_world(parse_screenplay(data)))
    bowl, marble = timeline.positions[-1, timeline.index("bowl")], timeline.positions[-1, timeline.index("marble")]
    assert np.linalg.norm((marble - bowl)[:2]) < 0.07 and marble[2] < bowl[2] + 0.02


def test_a_ball_dropped_through_the_hoop_passes_the_rim():
    hoop_z = 3.425  # board centre: rim at 3.05 m
    rim = np.array([0.0, 4.0 - 0.3775, hoop_z - 0.375])
    data = {"duration": 1.5, "environment": {"floor": "wood"},
            "props": [{"name": "hoop", "kind": "basketball_hoop", "position": [0, 4.0, hoop_z]},
                      {"name": "ball", "kind": "basketball", "position": [rim[0], rim[1], rim[2] + 0.6]}]}
    timeline = simulate(build_world(parse_screenplay(data)))
    assert [e for e in timeline.impacts() if {e.body_a, e.body_b} == {"floor", "ball"}]  # it fell through
    assert not [e for e in timeline.impacts() if "hoop" in (e.body_a, e.body_b)]  # touching nothing


@pytest.mark.parametrize("kind", sorted(PROPS))
def test_mass_is_in_its_real_world_range(kind):
    p = PROPS[kind]  # fixed props carry no mass in the World, so weigh the kind itself
    mass = p.mass or MATERIALS[p.material].density * volume(kind_shape(kind))
    low, high = MASS_RANGES[kind]
    assert low <= mass <= high, (kind, mass, MASS_RANGES[kind])


def test_a_ball_thrown_through_the_hoop_passes_the_rim():
    """A 60-degree shot from 3.6 m out at the rim's centre (flatter shots clip the front rim: a ball 24 cm
    across in a 45 cm rim needs a steep descent): swish, then the floor."""
    rim = np.array([0.0, 4.0 - 0.3775, 3.05])
    start = np.array([0.0, 0.0, 2.0])
    angle = np.radians(60.0)
    horizontal, rise = rim[1] - start[1], rim[2] - start[2]
    speed = np.sqrt(9.81 * horizontal**2 / (2 * np.cos(angle) ** 2 * (horizontal * np.tan(angle) - rise)))
    data = {"duration": 2.0, "fps": 60, "environment": {"floor": "wood"},
            "props": [{"name": "hoop", "kind": "basketball_hoop", "position": [0, 4.0, 3.425]},
                      {"name": "ball", "kind": "basketball", "position": start.tolist(),
                       "velocity": [0.0, float(speed * np.cos(angle)), float(speed * np.sin(angle))]}]}
    timeline = simulate(build_world(parse_screenplay(data)))
    ball = timeline.positions[:, timeline.index("ball")]
    crossing = np.flatnonzero((ball[:-1, 2] >= rim[2]) & (ball[1:, 2] < rim[2]))[0]  # passing down through
    assert np.linalg.norm(ball[crossing, :2] - rim[:2]) < 0.2275 - 0.1195  # inside the rim
    landing = min(e.time for e in timeline.impacts() if {e.body_a, e.body_b} == {"floor", "ball"})
    # nothing but net (afterwards the bounce may reach the pole behind the board)
    assert not [e for e in timeline.impacts() if "hoop" in (e.body_a, e.body_b) and e.time < landing]


def test_a_turned_shape_weighs_as_a_solid_of_revolution():
    """A lathe with a cylinder's profile has the cylinder's volume and moments; a cone's centre of mass is a
    quarter of its height above its base; the tenpin, turned to its contour at its mass, is as dense as
    maple (about 700 kg/m^3), its centre of mass 15 cm above its base."""
    cylinder = Shape("lathe", profile=((0.05, -0.1), (0.05, 0.1)))
    assert volume(cylinder) == pytest.approx(np.pi * 0.05**2 * 0.2, rel=1e-12)
    centre, moments, _ = mass_properties(cylinder, 2.0)
    assert centre == pytest.approx((0, 0, 0), abs=1e-9)
    assert moments == pytest.approx((2.0 * (3 * 0.05**2 + 0.2**2) / 12, 2.0 * (3 * 0.05**2 + 0.2**2) / 12,
                                     2.0 * 0.05**2 / 2), rel=1e-4)
    cone = Shape("lathe", profile=((0.05, -0.1), (0.0, 0.1)))
    assert volume(cone) == pytest.approx(np.pi * 0.05**2 * 0.2 / 3, rel=1e-12)
    assert mass_properties(cone, 1.0)[0][2] == pytest.approx(-0.1 + 0.2 / 4, abs=1e-4)
    pin = kind_shape("pin")
    assert 650 < PROPS["pin"].mass / volume(pin) < 800
    assert mass_properties(pin, 1.0)[0][2] - pin.bounds[0][2] == pytest.approx(0.15, abs=0.005)


@pytest.mark.parametrize("tilt, falls", [(8.0, False), (12.0, True)])
def test_a_pin_stands_on_its_base_until_its_centre_passes_the_edge(tilt, falls):
    """A tenpin stands on a 5.2 cm base with its centre of mass 15 cm up: released leaning less than
    atan(2.58 / 15) = 9.8 degrees it rocks on its base's rim, each rock smaller (a slender block loses little
    at each slap, Housner 1963); leaning more it falls."""
    data = {"duration": 2.0, "fps": 60, "environment": {"floor": "wood"},
            "props": [{"name": "pin", "kind": "pin", "rotation": [tilt, 0, 0], "place": {"on": "floor"}}]}
    timeline = simulate(build_world(parse_screenplay(data)))
    _, x, y, _ = timeline.orientations[:, timeline.index("pin")].T
    lean = np.degrees(np.arccos(np.clip(1 - 2 * (x * x + y * y), -1, 1)))
    if falls:
        assert lean[-1] > 60
    else:
        assert lean.max() <= tilt + 0.01 and lean[60:].max() < 0.8 * tilt and lean[90:].max() < 0.6 * tilt
