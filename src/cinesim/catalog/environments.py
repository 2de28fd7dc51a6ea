"""Sets users can name: floor, walls and ceiling (or open air), light and time of day. The sound of a set
follows from the same data: room size and surface absorption for the reverb, room tone or open air."""

from __future__ import annotations

from dataclasses import dataclass

from cinesim.catalog.names import lookup


@dataclass(frozen=True)
class EnvironmentKind:
    name: str
    floor: str  # material
    room: tuple[float, float, float] | None  # inner width, depth, height (m); None: open air
    walls: str  # material of walls and ceiling
    light: str  # "sun" (outdoors, from the time of day), "window", "studio" or "overhead"
    time_of_day: float  # hours, 0-24: the sun's height and colour (and, indoors, the window's)
    description: str
    dressing: tuple[tuple[str, tuple[float, float], float], ...] = ()  # (prop kind, x y on the floor, yaw deg)
    # m2 of sound absorption (Sabine) besides the bare surfaces': furniture, curtains, panels, people. Presets
    # carry what brings them to the usual reverberation time of their kind: 0.5 s for a furnished living room
    # (the reference of ISO 16283 for dwellings), 0.6 s for a kitchen, 0.8 s for a treated studio, 1.2 s for a
    # bowling alley, 2 s for a sports hall; bare, they would ring 1.5 to 6 s.
    furnishing: float = 0.0
    ambience: str = "room_tone"  # catalog.AMBIENCES: the soundscape under the action


ENVIRONMENTS: dict[str, EnvironmentKind] = {
    e.name: e
    for e in (
        EnvironmentKind("studio", "plaster", (12.0, 10.0, 5.0), "plaster", "studio", 12.0,
                        "white cyclorama studio, soft key light", furnishing=81),
        EnvironmentKind("living_room", "wood", (6.0, 5.0, 2.7), "plaster", "window", 16.0,
                        "parquet floor, painted walls, afternoon window light",
                        (("sofa", (0.0, 2.0), 0.0), ("shelf", (-2.6, 2.2), 0.0)), furnishing=16),
        EnvironmentKind("kitchen", "tile", (4.5, 3.5, 2.7), "plaster", "window", 10.0,
                        "tiled floor, morning light", (("counter", (0.0, 1.42), 0.0),), furnishing=7,
                        ambience="kitchen"),
        EnvironmentKind("gym", "wood", (28.0, 15.0, 8.0), "concrete", "overhead", 12.0,
                        "basketball court: maple floor, high ceiling, overhead lights",
                        (("basketball_hoop", (0.0, 5.0), 0.0),), furnishing=172, ambience="hall"),
        EnvironmentKind("bowling_alley", "wood", (24.0, 6.0, 3.5), "plaster", "overhead", 21.0,
                        "wooden lanes under warm ceiling lights",
                        (("bowling_lane", (2.0, 1.6), 0.0), ("bowling_lane", (2.0, -1.6), 0.0)), furnishing=29,
                        ambience="hall"),
        EnvironmentKind("park", "grass", None, "plaster", "sun", 15.0, "lawn in the afternoon sun",
                        (("bench", (3.0, 3.0), 20.0), ("rock", (-3.0, 4.0), 0.0)), ambience="park"),
        EnvironmentKind("street", "concrete", None, "plaster", "sun", 11.0, "sidewalk, late morning",
                        (("wall", (0.0, 4.0), 0.0), ("barrel", (-2.2, 2.8), 0.0)), ambience="street"),
        EnvironmentKind("beach", "sand", None, "plaster", "sun", 17.5, "sand in low golden light",
                        (("rock", (2.5, 3.5), 0.0),), ambience="beach"),
    )
}
SYNONYMS = {"cyclorama": "studio", "lounge": "living_room", "basketball_court": "gym", "court": "gym",
            "bowling": "bowling_alley", "lawn": "park", "garden": "park", "sidewalk": "street", "road": "street",
            "seaside": "beach"}


def environment_kind(name: str) -> EnvironmentKind:
    return lookup("environment", ENVIRONMENTS, name, SYNONYMS)
