"""The film is checked by decoding it: frames, geometry against the camera, annotations, determinism."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import av
import numpy as np
import pytest
import yaml
from PIL import Image

from cinesim.errors import CinesimError
from cinesim.export.annotations import read_flow
from cinesim.physics import simulate
from cinesim.render.film import render_film, render_still
from cinesim.screenplay import parse_screenplay
from cinesim.world import build_world

ROLLING_BALL = {
    "title": "Red ball gliding past",
    "duration": 1.0, "fps": 24, "resolution": [640, 360],
    "environment": {"floor": "concrete", "gravity": [0, 0, 0]},
    "props": [{"name": "ball", "shape": "sphere", "radius": 0.25, "material": "plastic", "color": "red",
               "position": [-0.8, 0, 0.6], "velocity": [1.6, 0, 0]}],
    "cameras": [{"name": "side", "position": [0.3, -4.0, 1.2], "look_at": [0, 0, 0.5], "focal_length": 35}],
}


def film(data: dict, tmp: Path, annotations: bool = True) -> tuple[Path, Path | None]:
    world = build_world(parse_screenplay(data))
    timeline = simulate(world)
    video = tmp / "film.mp4"
    notes = tmp / "annotations" if annotations else None
    render_film(world, timeline, video, notes)
    return video, notes


def decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


@pytest.fixture(scope="module")
def rolling(tmp_path_factory) -> tuple[list[np.ndarray], dict, Path]:
    tmp = tmp_path_factory.mktemp("rolling")
    video, notes = film(ROLLING_BALL, tmp)
    return decode(video), json.loads((notes / "metadata.json").read_text()), notes


def red_mask(rgb: np.ndarray) -> np.ndarray:
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    return (r > g + 50) & (r > b + 50)


def test_mp4_has_every_frame_at_the_right_size(rolling):
    frames, meta, _ = rolling
    assert len(frames) == 24 and meta["metadata"]["num_frames"] == 24
    assert all(f.shape == (360, 640, 3) for f in frames)
    assert all(f.std() > 10 for f in frames)  # not blank
    assert np.abs(frames[0].astype(int) - frames[12]).mean() > 0.5  # the ball moved


def test_ball_pixels_sit_where_the_camera_projects_it(rolling):
    frames, meta, _ = rolling
    ball = meta["instances"][0]
    for i in (0, 8, 16, 23):
        cam = meta["camera"]["frames"][i]
        K, R, t = (np.array(cam[k]) for k in ("K", "R", "t"))
        p = K @ (R @ np.array(ball["positions"][i]) + t)
        expected = p[:2] / p[2]
        rows, cols = np.nonzero(red_mask(frames[i]))
        centroid = np.array([cols.mean() + 0.5, rows.mean() + 0.5])
        assert np.linalg.norm(centroid - expected) < 2.0, (i, centroid, expected)


def test_segmentation_matches_the_ball_pixels(rolling):
    frames, _, notes = rolling
    for i in (0, 12, 23):
        seg = np.array(Image.open(notes / f"segmentation_{i:05d}.png")) == 1
        pixels = red_mask(frames[i])
        iou = (seg & pixels).sum() / (seg | pixels).sum()
        assert iou >= 0.9, (i, iou)


def test_floor_depth_is_the_ray_plane_distance(rolling):
    _, meta, notes = rolling
    depth = np.array(Image.open(notes / "depth_00000.tiff"))
    cam = meta["camera"]["frames"][0]
    K, R, t = (np.array(cam[k]) for k in ("K", "R", "t"))
    centre = -R.T @ t
    seg = np.array(Image.open(notes / "segmentation_00000.png"))
    rows, cols = np.mgrid[200:360:7, 0:640:11]
    rays = np.linalg.inv(K) @ np.stack([cols.ravel() + 0.5, rows.ravel() + 0.5, np.ones(cols.size)])
    world = R.T @ rays
    along = -centre[2] / world[2]
    expected = along * np.linalg.norm(world, axis=0)
    measured = depth[rows.ravel(), cols.ravel()]
    floor = (seg[rows.ravel(), cols.ravel()] == 0) & (measured > 0)
    assert floor.sum() > 100
    assert np.all(np.abs(measured[floor] - expected[floor]) <= 0.01 * expected[floor])


def test_flow_of_the_ball_is_its_projected_motion(rolling):
    """Each ball pixel's flow equals the motion of the 3D surface point under it (from depth), projected."""
    from scipy import ndimage

    _, meta, notes = rolling
    ball = meta["instances"][0]
    cams = meta["camera"]["frames"]
    for i in (3, 11):
        K, R, _t = (np.array(cams[i][k]) for k in ("K", "R", "t"))
        shift = np.array(ball["positions"][i + 1]) - np.array(ball["positions"][i])
        depth = np.array(Image.open(notes / f"depth_{i:05d}.tiff"))
        seg = ndimage.binary_erosion(np.array(Image.open(notes / f"segmentation_{i:05d}.png")) == 1, iterations=2)
        rows, cols = np.nonzero(seg)
        rays = np.linalg.inv(K) @ np.stack([cols + 0.5, rows + 0.5, np.ones(rows.size)])
        points = (rays / np.linalg.norm(rays, axis=0) * depth[rows, cols]).T  # camera frame
        moved = points + R @ shift
        before, after = points @ K.T, moved @ K.T
        expected = after[:, :2] / after[:, 2:] - before[:, :2] / before[:, 2:]
        flow = read_flow(notes / f"forward_flow_{i:05d}.png", meta["forward_flow_range"][i])[rows, cols]
        error = np.linalg.norm(flow - expected, axis=1)
        assert np.abs(expected).max() > 5  # the ball really moves
        assert error.max() < 0.5, (i, error.max())


def test_bounding_boxes_and_visibility(rolling):
    _, meta, notes = rolling
    ball = meta["instances"][0]
    seg = np.array(Image.open(notes / "segmentation_00005.png")) == 1
    rows, cols = np.nonzero(seg)
    assert ball["bboxes"][5] == pytest.approx([rows.min() / 360, cols.min() / 640, (rows.max() + 1) / 360,
                                                (cols.max() + 1) / 640])
    assert ball["visible_pixels"][5] == seg.sum()


STILL_LIFE = {
    "duration": 1.0, "fps": 24, "resolution": [320, 180],
    "environment": {"floor": "wood"},
    "props": [{"name": "crate", "kind": "crate", "position": [0, 0, 0.2]},
              {"name": "ball", "kind": "basketball", "position": [0.5, 0.1, 0.1195]}],
    "cameras": [{"name": "c", "position": [1.5, -2.0, 1.0], "look_at": [0.2, 0, 0.2]}],
}


def test_scene_at_rest_does_not_flicker(tmp_path):
    world = build_world(parse_screenplay(STILL_LIFE))
    timeline = simulate(world)
    from cinesim.render.camera import CameraRig
    from cinesim.render.renderer import Renderer

    renderer = Renderer(world, timeline, world.resolution)
    rig = CameraRig(world, timeline)
    first = renderer.render(timeline.positions[5], timeline.orientations[5], timeline.visible[5], rig.state(5))
    again = renderer.render(timeline.positions[11], timeline.orientations[11], timeline.visible[11], rig.state(11))
    renderer.release()
    assert np.array_equal(first.rgb, again.rgb)
    video, _ = film(STILL_LIFE, tmp_path, annotations=False)
    frames = decode(video)
    # The renderer repeats itself exactly (above). In the decoded film, x264 refines its first pictures
    # and then touches up a few blocks by a few levels; flicker would change the whole picture.
    steps = [float(np.abs(a.astype(int) - b).mean()) for a, b in itertools.pairwise(frames)]
    assert max(steps[5:]) < 0.1, steps


def test_same_screenplay_gives_identical_mp4_bytes(tmp_path):
    data = dict(ROLLING_BALL, duration=0.5)
    a, _ = film(data, tmp_path / "a", annotations=False)
    b, _ = film(data, tmp_path / "b", annotations=False)
    assert a.read_bytes() == b.read_bytes()


def test_still_writes_the_frame_at_a_time(tmp_path):
    world = build_world(parse_screenplay(ROLLING_BALL))
    path = render_still(world, simulate(world), 0.5, tmp_path / "still.png")
    image = np.array(Image.open(path))
    assert image.shape == (360, 640, 3) and red_mask(image).sum() > 1000


def test_cli_render_with_overrides(tmp_path):
    import subprocess
    import sys

    screenplay = tmp_path / "ball.yaml"
    screenplay.write_text(yaml.safe_dump(ROLLING_BALL))
    out = tmp_path / "small.mp4"
    result = subprocess.run([sys.executable, "-m", "cinesim", "render", str(screenplay), "-o", str(out),
                             "--resolution", "320x180", "--fps", "12"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    frames = decode(out)
    assert len(frames) == 12 and frames[0].shape == (180, 320, 3)
    bad = subprocess.run([sys.executable, "-m", "cinesim", "render", str(screenplay), "--resolution", "big"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--resolution: expected WIDTHxHEIGHT" in bad.stderr


PROPS_IN_SUN = {
    "title": "Props in the sun", "duration": 0.5, "fps": 8, "resolution": [480, 270],
    "environment": {"floor": "concrete"},
    "props": [{"name": f"p{i}", "kind": kind, "position": [i * 0.5 - 1.0, (i % 2) * 0.6, 0.4 + 0.2 * i]}
              for i, kind in enumerate(["basketball", "crate", "tennis_ball", "can", "wooden_block"])],
    "cameras": [{"name": "main", "position": [3.0, -4.0, 2.0], "look_at": [0, 0, 0.3], "focal_length": 30}],
}


def test_shade_patches_hold_every_shadowed_floor_point():
    from cinesim.render.renderer import Renderer, model_matrix
    from cinesim.render.sunlit import shade_patches

    world = build_world(parse_screenplay(PROPS_IN_SUN))
    timeline = simulate(world)
    renderer = Renderer(world, timeline, (64, 36))
    floor = next(i for i, e in enumerate(world.entities) if e.shape.kind == "plane")
    frame = timeline.frame_count - 1
    positions, visible = timeline.positions[frame], timeline.visible[frame]
    models = [model_matrix(p, q) for p, q in zip(positions, timeline.orientations[frame], strict=True)]
    casters = renderer._casters(models, positions, visible, renderer._part_corners({}))
    quads = shade_patches(casters, renderer.light_vp, np.eye(4), world.entities[floor].shape.half_extents)
    sun = renderer.lighting.sun_dir
    grid = np.stack(np.meshgrid(np.linspace(-3, 3, 301), np.linspace(-3, 3, 301)), -1).reshape(-1, 2)
    points = np.hstack([grid, np.zeros((len(grid), 1))])
    shadowed = np.zeros(len(grid), bool)
    for i, entity in enumerate(world.entities):
        if entity.environment:
            continue
        if entity.shape.kind == "sphere":  # the sun's ray from each floor point passes through the ball
            to_centre = positions[i] - points
            miss = np.linalg.norm(to_centre - np.outer(to_centre @ sun, sun), axis=1)
            shadowed |= (miss <= entity.shape.radius) & (to_centre @ sun > 0)
            continue
        rotation = models[i][:3, :3]  # otherwise through the box around the shape (slab test, local frame)
        start, direction = (points - positions[i]) @ rotation, sun @ rotation
        lo, hi = (np.asarray(b) for b in entity.shape.bounds)
        with np.errstate(divide="ignore", invalid="ignore"):
            near = np.minimum((lo - start) / direction, (hi - start) / direction).max(axis=1)
            far = np.maximum((lo - start) / direction, (hi - start) / direction).min(axis=1)
        shadowed |= (near <= far) & (far > 0)
    edges = np.roll(quads, -1, axis=1) - quads  # (M, 4, 2), quads convex: inside = same side of every edge
    rel = grid[:, None, None] - quads[None]
    side = edges[None, ..., 0] * rel[..., 1] - edges[None, ..., 1] * rel[..., 0]
    inside = (np.all(side >= 0, axis=2) | np.all(side <= 0, axis=2)).any(axis=1)
    renderer.release()
    assert shadowed.sum() > 500  # the props do shade the floor
    assert np.all(inside[shadowed])
    assert inside.mean() < 0.25  # and most of the floor is drawn without the taps


def test_floor_without_shadow_taps_looks_the_same():
    """The floor outside the patches is drawn by the shader without the shadow map: the picture is the
    same as with the whole floor shaded by the one with it, to rounding (and contact pixels' depth ties)."""
    from cinesim.render.camera import CameraRig
    from cinesim.render.farm import render_frame
    from cinesim.render.renderer import Renderer

    class WholeFloorShadowed(Renderer):
        def _draw_floor(self, index, model, casters):
            super()._draw_floor(index, model, casters)  # (the same outline regions, see outlines.py)
            self._draw_entity(index, model, model)  # then all of it again, by the shader with the taps

    world = build_world(parse_screenplay(PROPS_IN_SUN))
    timeline = simulate(world)
    rig = CameraRig(world, timeline)
    split, whole = Renderer(world, timeline, world.resolution), WholeFloorShadowed(world, timeline, world.resolution)
    for index in (0, timeline.frame_count - 1):
        split.ctx.__enter__()
        a = render_frame(split, rig, timeline, index)[0].rgb.astype(int)
        whole.ctx.__enter__()
        b = render_frame(whole, rig, timeline, index)[0].rgb.astype(int)
        difference = np.abs(a - b).max(axis=2)
        assert (difference > 2).mean() < 1e-3, f"frame {index}: {(difference > 2).sum()} pixels differ"
    split.release()
    whole.release()


def test_outline_regions_hold_every_prop_pixel_and_the_picture_keeps_its_anti_aliasing():
    """FXAA runs only in screen regions around outlines: every pixel of every prop (from the segmentation)
    lies in one, and the picture is the one FXAA everywhere gives, to faint texture edges."""
    from cinesim.render.camera import CameraRig
    from cinesim.render.farm import render_frame
    from cinesim.render.renderer import Renderer

    class FxaaEverywhere(Renderer):
        def _finish_pass(self, *args):
            self.shadow_regions = None  # (a shadow could be anywhere: all of the screen is marked)
            super()._finish_pass(*args)

    world = build_world(parse_screenplay(PROPS_IN_SUN))
    timeline = simulate(world)
    rig = CameraRig(world, timeline)
    split = Renderer(world, timeline, world.resolution, annotations=True)
    everywhere = FxaaEverywhere(world, timeline, world.resolution)
    width, height = world.resolution
    for index in (0, timeline.frame_count - 1):
        split.ctx.__enter__()
        frame = render_frame(split, rig, timeline, index)[0]
        depth = np.frombuffer(split.final_fbo.read(components=1, attachment=-1, dtype="f4"), "f4")
        marked = depth.reshape(height, width)[::-1] < 0.5  # the marks drawn this frame, rows from the top
        props = frame.segmentation > 0
        assert props.sum() > 1000 and np.all(marked[props]), "a prop's pixel lies outside every outline region"
        assert marked.mean() < 0.5  # most of the screen skips the anti-aliasing
        everywhere.ctx.__enter__()
        reference = render_frame(everywhere, rig, timeline, index)[0].rgb.astype(int)
        difference = np.abs(frame.rgb.astype(int) - reference).max(axis=2)
        assert difference.max() <= 16 and (difference > 2).mean() < 2e-3
    split.release()
    everywhere.release()


def test_ssao_only_near_outlines_looks_the_same():
    """SSAO and its blur run only within their reach of an outline; elsewhere AO is 1. The picture matches
    SSAO everywhere but for the screen's border, where SSAO everywhere darkened the floor falsely (its taps
    fall off the screen)."""
    from cinesim.render.camera import CameraRig
    from cinesim.render.farm import render_frame
    from cinesim.render.outlines import MARGIN_PX, WHOLE_SCREEN
    from cinesim.render.renderer import Renderer

    class SsaoEverywhere(Renderer):
        def _outline_regions(self, outline, camera, margin_px):
            regions = super()._outline_regions(outline, camera, margin_px)
            return regions if margin_px == MARGIN_PX else (WHOLE_SCREEN, np.zeros((0, 4, 2)))  # (FXAA's : SSAO's)

    resting = {**PROPS_IN_SUN, "title": "Props come to rest", "duration": 2.0, "fps": 4,
               "environment": {"floor": "wood"}}
    world = build_world(parse_screenplay(resting))
    timeline = simulate(world)
    rig = CameraRig(world, timeline)
    near, everywhere = Renderer(world, timeline, world.resolution), SsaoEverywhere(world, timeline, world.resolution)
    for index in (timeline.frame_count - 1,):  # at rest on the floor: contact occlusion all round them
        near.ctx.__enter__()
        a = render_frame(near, rig, timeline, index)[0].rgb.astype(int)
        everywhere.ctx.__enter__()
        b = render_frame(everywhere, rig, timeline, index)[0].rgb.astype(int)
        difference = np.abs(a - b).max(axis=2)[30:-30, 30:-30]
        assert difference.max() <= 8 and (difference > 2).mean() < 1e-3
    near.release()
    everywhere.release()


def test_render_workers_draw_the_same_bytes_as_this_process():
    """Frames drawn by two worker processes (alternate frames, each its own GL context) are the frames this
    process draws, annotations included; a worker that dies is reported, not waited for."""
    from cinesim.render.farm import FrameFarm

    world = build_world(parse_screenplay(dict(ROLLING_BALL, duration=0.5)))
    timeline = simulate(world)
    with FrameFarm(world, timeline, annotations=True, workers=0) as here, \
            FrameFarm(world, timeline, annotations=True, workers=2) as farm:
        for mine, theirs in zip(here, farm, strict=True):
            for name in ("rgb", "depth", "segmentation", "flow"):
                assert np.array_equal(getattr(mine, name), getattr(theirs, name)), name
    with FrameFarm(world, timeline, workers=2) as farm, pytest.raises(CinesimError, match="render worker stopped"):
        farm.workers[1].kill()
        list(farm)


def test_render_workers_can_be_set_and_a_bad_setting_is_named(monkeypatch):
    from cinesim.render.farm import FrameFarm

    world = build_world(parse_screenplay(dict(ROLLING_BALL, duration=0.2)))
    timeline = simulate(world)
    monkeypatch.setenv("CINESIM_RENDER_WORKERS", "1")
    with FrameFarm(world, timeline) as farm:
        assert len(farm.workers) == 1 and farm.local is None and len(list(farm)) == timeline.frame_count
    monkeypatch.setenv("CINESIM_RENDER_WORKERS", "two")
    with pytest.raises(CinesimError, match="CINESIM_RENDER_WORKERS must be a whole number"):
        FrameFarm(world, timeline)
