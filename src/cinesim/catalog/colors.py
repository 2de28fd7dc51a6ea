"""Colour names users write in screenplays, as linear RGB."""

from __future__ import annotations

from cinesim.catalog.names import lookup, normalise


def srgb_to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _hex(code: str) -> tuple[float, float, float]:
    r, g, b = (int(code[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (srgb_to_linear(r), srgb_to_linear(g), srgb_to_linear(b))


COLORS: dict[str, tuple[float, float, float]] = {
    name: _hex(code)
    for name, code in {
        "red": "c0392b", "orange": "e67e22", "yellow": "f1c40f", "green": "27ae60", "blue": "2962c4",
        "purple": "8e44ad", "pink": "ec7fb0", "white": "f2f2f2", "black": "1c1c1c", "grey": "808080",
        "brown": "7b4a2a", "cyan": "1fb5c8", "teal": "16837a", "navy": "1f2d5c", "gold": "d4a52c",
        "silver": "c0c0c6", "beige": "d8c8a8", "cream": "f3ead2", "maroon": "6d1a1a", "lime": "8bd13b",
    }.items()
}
SYNONYMS = {"gray": "grey", "violet": "purple", "magenta": "pink"}


def parse_color(value: str | tuple[float, float, float] | list[float]) -> tuple[float, float, float]:
    """A colour name, '#rrggbb' (sRGB) or [r, g, b] in 0..1 (sRGB) -> linear RGB."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("#"):
            digits = text[1:]
            if len(digits) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in digits):
                raise ValueError(f"{value!r} is not a colour; write a name, '#rrggbb' or [r, g, b] in 0..1")
            return _hex(digits)
        return lookup("colour", COLORS, normalise(text), SYNONYMS)
    if len(value) != 3 or not all(0.0 <= float(c) <= 1.0 for c in value):
        raise ValueError(f"{list(value)!r} is not a colour; [r, g, b] takes three numbers in 0..1")
    r, g, b = (srgb_to_linear(float(c)) for c in value)
    return (r, g, b)
