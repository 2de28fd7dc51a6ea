"""Ground truth beside the film, in the layout of Kubric's MOVi datasets (docs/annotations.md):

DIR/depth_00000.tiff          float32, metres from the camera centre along each pixel's ray (0: sky)
DIR/segmentation_00000.png    uint8 (uint16 beyond 255 ids): 0 background and set, k the k-th prop, then people
DIR/forward_flow_00000.png    uint16 RGB: x, y flow in pixels to the next frame, scaled to the frame's range
DIR/metadata.json             camera per frame, per-prop positions, boxes and visibility, per-person COCO-17
                              keypoints (3D, 2D, visible), events, ranges

The directory is filled under a temporary name and renamed when complete.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import av
import numpy as np
from PIL import Image

from cinesim.people.keypoints import COCO_17
from cinesim.render.camera import SENSOR_WIDTH_MM, CameraState
from cinesim.render.renderer import Frame
from cinesim.timeline import Timeline
from cinesim.world.model import World

BODY_DEPTH = 0.25  # m: a keypoint (a joint centre) lies at most this far behind the body's visible surface


class AnnotationWriter:
    def __init__(self, directory: Path, world: World, timeline: Timeline):
        self.directory = Path(directory)
        self.tmp = self.directory.with_name(f".{self.directory.name}.part")
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        self.world, self.timeline = world, timeline
        self.props = [i for i, e in enumerate(world.entities) if not e.environment]
        self.ids = len(self.props) + len(world.characters)  # people follow the props
        self.cameras: list[dict] = []
        self.boxes: list[list] = [[] for _ in range(self.ids)]
        self.pixels: list[list[int]] = [[] for _ in range(self.ids)]
        self.keypoints: list[list] = [[] for _ in world.characters]  # per person, per frame: (x, y, visible)
        self.flow_ranges: list[list[float]] = []
        self.depth_ranges: list[list[float]] = []

    def add(self, index: int, frame: Frame, camera: CameraState) -> None:
        name = f"{index:05d}"
        Image.fromarray(frame.depth, mode="F").save(self.tmp / f"depth_{name}.tiff")
        ids = frame.segmentation
        seg = ids.astype(np.uint8) if self.ids < 256 else ids
        Image.fromarray(seg).save(self.tmp / f"segmentation_{name}.png")
        lo, hi = float(frame.flow.min()), float(frame.flow.max())
        span = max(hi - lo, 1e-6)
        quantised = np.rint((frame.flow - lo) / span * 65535).astype(np.uint16)
        rgb16 = np.dstack([quantised, np.zeros(quantised.shape[:2], np.uint16)])
        _save_png16(self.tmp / f"forward_flow_{name}.png", rgb16)
        self.flow_ranges.append([lo, hi])
        seen = frame.depth[frame.depth > 0]
        self.depth_ranges.append([float(seen.min()), float(seen.max())] if seen.size else [0.0, 0.0])
        height, width = ids.shape
        counts = np.bincount(ids.ravel(), minlength=self.ids + 1)
        for k in range(self.ids):
            self.pixels[k].append(int(counts[k + 1]))
            if counts[k + 1]:
                rows, cols = np.nonzero(ids == k + 1)
                self.boxes[k].append([rows.min() / height, cols.min() / width, (rows.max() + 1) / height,
                                      (cols.max() + 1) / width])
            else:
                self.boxes[k].append(None)
        rotation, translation = camera.world_to_camera
        for person, performance in enumerate(self.timeline.performances):
            self.keypoints[person].append(_keypoints(performance.keypoints[index], camera, frame.depth))
        self.cameras.append({
            "name": camera.name, "focal_length_mm": camera.focal_length, "K": camera.intrinsics.tolist(),
            "position": camera.position.tolist(), "look_at": camera.look_at.tolist(),
            "R": rotation.tolist(), "t": translation.tolist(),
        })

    def close(self) -> None:
        tl, world = self.timeline, self.world
        frames = len(self.cameras)
        instances = []
        for k, i in enumerate(self.props):
            e = world.entities[i]
            instances.append({
                "id": k + 1, "name": e.name, "kind": e.kind, "shape": e.shape.kind, "material": e.material.name,
                "mass": e.mass, "positions": tl.positions[:frames, i].round(6).tolist(),
                "quaternions": tl.orientations[:frames, i].round(7).tolist(),
                "bboxes": self.boxes[k], "visible_pixels": self.pixels[k],
            })
        people = []
        for k, (character, performance) in enumerate(zip(world.characters, tl.performances, strict=True)):
            marks = np.asarray(self.keypoints[k], dtype=float).reshape(frames, len(COCO_17), 3)
            people.append({
                "id": len(self.props) + 1 + k, "segmentation_id": len(self.props) + 1 + k, "name": character.name,
                "keypoint_names": list(COCO_17), "keypoints_3d": performance.keypoints[:frames].round(5).tolist(),
                "keypoints_2d": marks[..., :2].round(3).tolist(),
                "keypoints_visible": marks[..., 2].astype(bool).tolist(),
                "root": performance.root[:frames].round(5).tolist(),
                "bboxes": self.boxes[len(self.props) + k], "visible_pixels": self.pixels[len(self.props) + k],
            })
        metadata = {
            "format": "cinesim-annotations/1 (Kubric MOVi layout)",
            "metadata": {"title": world.title, "num_frames": frames, "fps": tl.fps, "seed": world.seed,
                         "width": world.resolution[0], "height": world.resolution[1]},
            "camera": {"sensor_width_mm": SENSOR_WIDTH_MM, "convention": "OpenCV: x right, y down, z forward; "
                       "x_cam = R x_world + t; pixel = K x_cam", "frames": self.cameras},
            "instances": instances, "people": people,
            "depth_range": self.depth_ranges, "forward_flow_range": self.flow_ranges,
            "events": json.loads(tl.events_json())["events"],
        }
        (self.tmp / "metadata.json").write_text(json.dumps(metadata))
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.tmp.rename(self.directory)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _keypoints(points: np.ndarray, camera: CameraState, depth: np.ndarray) -> list[list[float]]:
    """Pixel position of each keypoint, and whether it is seen: in the frame, in front of the camera and
    not hidden (nothing drawn at its pixel nearer than the body's thickness in front of it)."""
    rotation, translation = camera.world_to_camera
    local = points @ np.asarray(rotation).T + np.asarray(translation)
    height, width = depth.shape
    out = []
    for (x, y, z), point in zip(local, points, strict=True):
        if z <= 1e-6:
            out.append([0.0, 0.0, 0.0])
            continue
        u, v = (camera.intrinsics @ np.array([x / z, y / z, 1.0]))[:2]
        col, row = int(np.floor(u)), int(np.floor(v))
        inside = 0 <= col < width and 0 <= row < height
        distance = float(np.linalg.norm(point - camera.position))
        seen = inside and (depth[row, col] == 0 or depth[row, col] > distance - BODY_DEPTH)
        out.append([float(u), float(v), float(seen)])
    return out


def _save_png16(path: Path, rgb16: np.ndarray) -> None:
    """16-bit RGB PNG (Pillow cannot write these; FFmpeg's PNG encoder, through PyAV, can)."""
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb16, dtype=np.uint16), format="rgb48le")
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = rgb16.shape[1], rgb16.shape[0], "rgb48be"
    packets = codec.encode(frame) + codec.encode(None)
    path.write_bytes(b"".join(bytes(p) for p in packets))


def read_flow(path: Path, flow_range: tuple[float, float]) -> np.ndarray:
    """Decode a forward_flow PNG back to pixels (x, y)."""
    with av.open(str(path)) as container:
        rgb = next(container.decode(video=0)).to_ndarray(format="rgb48le").astype(np.float64)
    lo, hi = flow_range
    return rgb[..., :2] / 65535 * max(hi - lo, 1e-6) + lo
