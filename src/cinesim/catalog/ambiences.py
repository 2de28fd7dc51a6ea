"""Ambiences: the soundscapes a set can have under the action (`environment: {ambience: ...}`)."""

from __future__ import annotations

from cinesim.catalog.names import lookup, normalise

AMBIENCES: dict[str, str] = {
    "room_tone": "a quiet room: ventilation and the building's low rumble (rooms without a set)",
    "hall": "a large hall: deep air-handling rumble and the hiss of its vents",
    "kitchen": "room tone and a refrigerator humming at the mains frequency",
    "breeze": "open air: moving air in gusts (open air without a set)",
    "park": "a breeze, leaves rustling with its gusts, birds now and then",
    "street": "the far rumble of traffic and cars passing from one side to the other",
    "beach": "surf breaking every 6-11 s over the wash of farther waves, and a breeze",
    "none": "silence under the action",
}
SYNONYMS = {"silence": "none", "room": "room_tone", "wind": "breeze", "traffic": "street", "surf": "beach",
            "sea": "beach", "birds": "park", "fridge": "kitchen"}


def ambience_kind(name: str) -> str:
    """The ambience called `name` (or one of its other names); ValueError with suggestions if there is none."""
    lookup("ambience", AMBIENCES, name, SYNONYMS)
    key = normalise(name)
    return SYNONYMS.get(key, key)
