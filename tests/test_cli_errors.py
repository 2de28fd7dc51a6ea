"""Bad input gets one clear message naming the field, exit code 2, no traceback, no output file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BALL = """
  - name: ball
    kind: rubber_ball
    position: [0, 0, 1]
"""

CASES = {
    "bad_yaml": ("duration: 2\nprops: [\n  - name: x\n", "malformed YAML"),
    "unknown_top_key": ("durration: 2\nprops:" + BALL, "durration: unknown key"),
    "unknown_prop_key": ("duration: 2\nprops:" + BALL + "    colour: red\n", "props[0].colour: unknown key"),
    "wrong_type": ("duration: long\nprops:" + BALL, "duration: Input should be a valid number"),
    "negative_mass": ("duration: 2\nprops:" + BALL + "    mass: -1\n", "props[0].mass: Input should be greater than 0"),
    "unknown_material": ("duration: 2\nprops:" + BALL + "    material: woood\n",
                         "props[0].material: unknown material 'woood' (did you mean 'wood'?)"),
    "zero_duration": ("duration: 0\nprops:" + BALL, "duration: Input should be greater than 0"),
    "huge_duration": ("duration: 1000000\nprops:" + BALL, "duration: Input should be less than or equal to 600"),
    "zero_fps": ("duration: 2\nfps: 0\nprops:" + BALL, "fps: Input should be greater than or equal to 1"),
    "unknown_ambience": ("duration: 2\nenvironment: {ambience: birdsong}\nprops:" + BALL,
                         "environment.ambience: unknown ambience 'birdsong'"),
    "too_loud": ("duration: 2\nsound: {loudness: -6}\nprops:" + BALL,
                 "sound.loudness: Input should be less than or equal to -14"),
    "overlapping_fixed": (
        "duration: 2\nprops:\n"
        "  - {name: a, shape: box, size: [1, 1, 0.1], position: [0, 0, 0.5], fixed: true}\n"
        "  - {name: b, shape: box, size: [1, 1, 0.1], position: [0.2, 0, 0.52], fixed: true}\n",
        "props[1] ('b') starts 80.0 mm inside props[0] ('a')"),
    "unknown_action_prop": (
        "duration: 2\nprops:" + BALL + "actions:\n  - {at: 1, do: impulse, prop: bal, impulse: [1, 0, 0]}\n",
        "actions[0].prop: unknown prop 'bal' (did you mean 'ball'?)"),
    "unknown_action": ("duration: 2\nprops:" + BALL + "actions:\n  - {at: 1, do: kick, prop: ball}\n",
                       "actions[0].do: "),
    "duplicate_key": ("duration: 2\nduration: 3\nprops:" + BALL, "duplicate key 'duration'"),
    "shape_missing_radius": ("duration: 2\nprops:\n  - {name: s, shape: sphere, position: [0, 0, 1]}\n",
                             "props[0]: a sphere needs radius"),
    "release_not_held": ("duration: 2\nprops:" + BALL + "actions:\n  - {at: 1, do: release, prop: ball}\n",
                         "actions[0]: prop 'ball' is not held"),
    "not_a_mapping": ("- just\n- a list\n", "the screenplay must be a mapping"),
    "unknown_kind": ("duration: 2\nprops:\n  - {name: b, kind: basketbal, position: [0, 0, 1]}\n",
                     "props[0].kind: unknown prop kind 'basketbal' (did you mean 'basketball'"),
    "prop_in_floor": ("duration: 2\nprops:\n  - {name: b, kind: bowling_ball, position: [0, 0, 0.05]}\n",
                      "props[0] ('b') starts 58.5 mm inside environment.floor ('floor')"),
}


def cinesim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cinesim", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_screenplay_is_refused_clearly(name, tmp_path: Path):
    text, expected = CASES[name]
    screenplay = tmp_path / "film.yaml"
    screenplay.write_text(text)
    output = tmp_path / "out" / "timeline.npz"
    result = cinesim("simulate", str(screenplay), "-o", str(output))
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("error: ")
    assert not output.parent.exists() or not any(output.parent.iterdir())


def test_missing_file_is_refused(tmp_path: Path):
    result = cinesim("validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "nope.yaml: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_prints_a_summary(examples_dir: Path):
    result = cinesim("validate", str(examples_dir / "newtons_cradle.yaml"))
    assert result.returncode == 0, result.stderr
    assert "ball_3" in result.stdout and "hinge" in result.stdout and "valid" in result.stdout


def test_simulate_writes_timeline_and_events(examples_dir: Path, tmp_path: Path):
    output = tmp_path / "drop.npz"
    result = cinesim("simulate", str(examples_dir / "ball_drop.yaml"), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert output.is_file() and output.with_suffix(".events.json").is_file()
    assert "impact" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drop.events.json", "drop.npz"]  # no temp files left


def test_catalog_lists_props_and_materials():
    props = cinesim("catalog", "props")
    assert props.returncode == 0 and "basketball" in props.stdout and "0.62" in props.stdout
    materials = cinesim("catalog", "materials")
    assert materials.returncode == 0 and "steel" in materials.stdout and "7850" in materials.stdout
    assert cinesim("catalog", "planets").returncode == 2
