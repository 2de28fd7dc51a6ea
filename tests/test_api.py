"""The Python API: one call, a typed result, the same checks as the command."""

from __future__ import annotations

import av
import pytest

import cinesim
from cinesim.errors import CinesimError


def test_film_returns_paths_timeline_and_timings(tmp_path, examples_dir):
    stages = set()
    result = cinesim.film(examples_dir / "ball_drop.yaml", tmp_path / "drop.mp4", resolution="320x180",
                            audio_out=tmp_path / "drop.wav", progress=lambda stage, done, total: stages.add(stage))
    assert result.video.is_file() and result.audio.is_file()
    assert stages == {"simulate", "render"}
    assert result.timeline.frame_count == 96 and result.screenplay.resolution == (320, 180)
    assert {"simulate", "sound", "render", "encode", "total"} <= set(result.timings)
    with av.open(str(result.video)) as container:
        assert container.streams.video[0].width == 320 and len(container.streams.audio) == 1


def test_film_a_still_from_a_dict(tmp_path):
    data = {"duration": 1, "props": [{"name": "b", "kind": "basketball", "place": {"on": "floor"}}]}
    result = cinesim.film(data, tmp_path / "frame.mp4", still=0.5, resolution=(160, 96))
    assert result.still == tmp_path / "frame.png" and result.still.is_file() and result.video is None


def test_film_refuses_a_non_mp4_output(tmp_path, examples_dir):
    with pytest.raises(CinesimError, match=r"must end in \.mp4"):
        cinesim.film(examples_dir / "ball_drop.yaml", tmp_path / "film.avi")
