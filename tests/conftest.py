"""Shared helpers: build and simulate screenplays given as plain data."""

from __future__ import annotations

from pathlib import Path

import pytest

from cinesim.physics import simulate
from cinesim.screenplay import parse_screenplay
from cinesim.timeline import Timeline
from cinesim.world import build_world

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(data: dict) -> Timeline:
    """Simulate a screenplay written as a dict."""
    return simulate(build_world(parse_screenplay(data)))


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES
