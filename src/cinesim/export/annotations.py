"""Ground truth beside the film, in the layout of Kubric's MOVi datasets (docs/annotations.md):

DIR/depth_00000.tiff          float32, metres from the camera centre along each pixel's ray (0: sky)
DIR/segmentation_00000.png    uint8 (uint16 beyond 255 props): 0 background and set, k the k-th prop
DIR/forward_flow_00000.png    uint16 RGB: x, y flow in pixels to the next frame, scaled to the frame's range
DIR/metadata.json             camera per frame, per-prop positions, boxes and visibility, events, ranges

The directory is filled under a temporary name and renamed when complete.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import av
import numpy as np
from PIL import Image

from cinesim.render.camera import SENSOR_WIDTH_MM, CameraState
from cinesim.render.renderer import Frame
from cinesim.timeline import Timeline
from cinesim.world.model import World


class AnnotationWriter:
    def __init__(self, directory: Path, world: World, timeline: Timeline):
        self.directory = Path(directory)
        self.tmp = self.directory.with_name(f".{self.directory.name}.part")
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        self.world, self.timeline = world, timeline
        self.props = [i for i, e in enumerate(world.entities) if not e.environment]
        self.cameras: list[dict] = []
        self.boxes: list[list] = [[] for _ in self.props]
        self.pixels: list[list[int]] = [[] for _ in self.props]
        self.flow_ranges: list[list[float]] = []
        self.depth_ranges: list[list[float]] = []

    def add(self, index: int, frame: Frame, camera: CameraState) -> None:
        name = f"{index:05d}"
        Image.fromarray(frame.depth, mode="F").save(self.tmp / f"depth_{name}.tiff")
        ids = frame.segmentation
        seg = ids.astype(np.uint8) if len(self.props) < 256 else ids
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
        counts = np.bincount(ids.ravel(), minlength=len(self.props) + 1)
        for k in range(len(self.props)):
            self.pixels[k].append(int(counts[k + 1]))
            if counts[k + 1]:
                rows, cols = np.nonzero(ids == k + 1)
                self.boxes[k].append([rows.min() / height, cols.min() / width, (rows.max() + 1) / height,
                                      (cols.max() + 1) / width])
            else:
                self.boxes[k].append(None)
        rotation, translation = camera.world_to_camera
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
        metadata = {
            "format": "cinesim-annotations/1 (Kubric MOVi layout)",
            "metadata": {"title": world.title, "num_frames": frames, "fps": tl.fps, "seed": world.seed,
                         "width": world.resolution[0], "height": world.resolution[1]},
            "camera": {"sensor_width_mm": SENSOR_WIDTH_MM, "convention": "OpenCV: x right, y down, z forward; "
                       "x_cam = R x_world + t; pixel = K x_cam", "frames": self.cameras},
            "instances": instances,
            "depth_range": self.depth_ranges, "forward_flow_range": self.flow_ranges,
            "events": json.loads(tl.events_json())["events"],
        }
        (self.tmp / "metadata.json").write_text(json.dumps(metadata))
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.tmp.rename(self.directory)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


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
