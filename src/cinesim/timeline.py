"""The Timeline: the film's memory after simulation.

Per frame, the pose of every entity (arrays, frame x entity), the pose of every person (bone matrices and
keypoints), and the physical events with exact times.
Render, audio and annotations read it; nothing writes to it after the simulation.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from cinesim.fileio import atomic_path
from cinesim.people.performance import Performance

FORMAT_VERSION = 1
PERFORMANCE_ARRAYS = ("skin", "keypoints", "root", "heading")
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed timestamps keep the file byte-identical across runs


@dataclass(frozen=True)
class Impact:
    """Two bodies meet: `speed` is their relative normal speed before, `impulse` the normal impulse (N s)."""

    time: float
    body_a: str
    body_b: str
    material_a: str
    material_b: str
    position: tuple[float, float, float]
    normal: tuple[float, float, float]  # from body_a towards body_b
    impulse: float
    speed: float
    type: Literal["impact"] = "impact"


@dataclass(frozen=True)
class ContactChange:
    """Start or end of a sliding or rolling contact; `speed` is the slip (sliding) or rolling speed in m/s."""

    type: Literal["slide_start", "slide_end", "roll_start", "roll_end"]
    time: float
    body_a: str
    body_b: str
    material_a: str
    material_b: str
    speed: float
    segment: int  # index into Timeline.segments


@dataclass(frozen=True)
class Footstep:
    """A person's foot lands on the floor: `speed` is the sole's downward speed (m/s) just before."""

    time: float
    person: str
    foot: Literal["left", "right"]
    surface: str  # the floor's material
    position: tuple[float, float, float]
    speed: float
    type: Literal["footstep"] = "footstep"


@dataclass(frozen=True)
class Handoff:
    """A prop leaves a person's hand ("release": `velocity` is the throw's solution) or a waiting palm takes
    it ("catch")."""

    type: Literal["release", "catch"]
    time: float
    person: str
    prop: str
    position: tuple[float, float, float]
    velocity: tuple[float, float, float] = (0.0, 0.0, 0.0)


Event = Impact | ContactChange | Footstep | Handoff


@dataclass(frozen=True)
class ContactSegment:
    """A stretch of continuous sliding or rolling, with its speed and normal force sampled over time."""

    kind: Literal["slide", "roll"]
    body_a: str
    body_b: str
    material_a: str
    material_b: str
    times: tuple[float, ...]
    speeds: tuple[float, ...]  # m/s
    forces: tuple[float, ...]  # normal force, N

    @property
    def start(self) -> float:
        return self.times[0]

    @property
    def end(self) -> float:
        return self.times[-1]


@dataclass(frozen=True)
class Timeline:
    fps: int
    entity_names: tuple[str, ...]
    positions: np.ndarray  # (frames, entities, 3) metres, the centre of each entity's shape
    orientations: np.ndarray  # (frames, entities, 4) unit quaternions w, x, y, z
    visible: np.ndarray  # (frames, entities) bool; False once an entity is removed
    events: tuple[Event, ...] = ()
    segments: tuple[ContactSegment, ...] = ()
    stats: dict = field(default_factory=dict)  # how the simulation went: steps, impacts handled, wall time
    performances: tuple[Performance, ...] = ()  # per cast member, in cast order: bones and keypoints per frame

    @property
    def frame_count(self) -> int:
        return self.positions.shape[0]

    @property
    def times(self) -> np.ndarray:
        return np.arange(self.frame_count) / self.fps

    def index(self, name: str) -> int:
        return self.entity_names.index(name)

    def impacts(self) -> list[Impact]:
        return [e for e in self.events if isinstance(e, Impact)]

    def events_json(self) -> str:
        payload = {
            "format": FORMAT_VERSION,
            "fps": self.fps,
            "entities": list(self.entity_names),
            "events": [asdict(e) for e in self.events],
            "segments": [asdict(s) for s in self.segments],
        }
        return json.dumps(payload, indent=1)

    def save(self, path: str | Path) -> Path:
        """Write `path` (.npz) and `<stem>.events.json` beside it; both appear whole or not at all."""
        path = Path(path)
        events_path = path.with_suffix(".events.json")
        events = self.events_json().encode()
        arrays = {
            "positions": self.positions, "orientations": self.orientations, "visible": self.visible,
            "fps": np.array(self.fps), "entity_names": np.array(self.entity_names, dtype=str),
        }
        for i, performance in enumerate(self.performances):
            arrays |= {f"person{i}_{name}": getattr(performance, name) for name in PERFORMANCE_ARRAYS}
        with atomic_path(path) as tmp, atomic_path(events_path) as tmp_events:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, array in arrays.items():
                    buffer = io.BytesIO()
                    np.lib.format.write_array(buffer, np.asarray(array, order="C"), allow_pickle=False)
                    archive.writestr(zipfile.ZipInfo(f"{name}.npy", _ZIP_DATE), buffer.getvalue(),
                                     compress_type=zipfile.ZIP_DEFLATED)
                archive.writestr(zipfile.ZipInfo("events.json", _ZIP_DATE), events,
                                 compress_type=zipfile.ZIP_DEFLATED)
            tmp_events.write_bytes(events)
        return path

    @classmethod
    def load(cls, path: str | Path) -> Timeline:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in ("positions", "orientations", "visible", "fps", "entity_names")}
            people = sum(1 for k in data.files if k.endswith("_skin"))
            performances = tuple(Performance(**{name: data[f"person{i}_{name}"] for name in PERFORMANCE_ARRAYS})
                                 for i in range(people))
        with zipfile.ZipFile(path) as archive:
            payload = json.loads(archive.read("events.json"))
        events = tuple(_event(e) for e in payload["events"])
        segments = tuple(
            ContactSegment(**{**s, **{k: tuple(s[k]) for k in ("times", "speeds", "forces")}})
            for s in payload["segments"])
        return cls(fps=int(arrays["fps"]), entity_names=tuple(str(n) for n in arrays["entity_names"]),
                   positions=arrays["positions"], orientations=arrays["orientations"],
                   visible=arrays["visible"], events=events, segments=segments, performances=performances)


def _event(data: dict) -> Event:
    if data["type"] == "impact":
        return Impact(**{**data, "position": tuple(data["position"]), "normal": tuple(data["normal"])})
    if data["type"] == "footstep":
        return Footstep(**{**data, "position": tuple(data["position"])})
    if data["type"] in ("release", "catch"):
        return Handoff(**{**data, "position": tuple(data["position"]), "velocity": tuple(data["velocity"])})
    return ContactChange(**data)
