"""Name lookup with did-you-mean suggestions, shared by every catalog."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")


def normalise(name: str) -> str:
    """Catalog keys are lower case with underscores: 'Tennis ball' -> 'tennis_ball'."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def unknown_name_message(kind: str, name: str, allowed: Iterable[str]) -> str:
    """'unknown material 'woood' (did you mean 'wood'?); allowed: ...'."""
    allowed = sorted(allowed)
    close = difflib.get_close_matches(normalise(name), allowed, n=3, cutoff=0.6)
    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    listing = ", ".join(allowed)
    return f"unknown {kind} {name!r}{hint}; allowed: {listing}"


def lookup(kind: str, table: Mapping[str, T], name: str, synonyms: Mapping[str, str] | None = None) -> T:
    """Find an entry by name or synonym, or raise ValueError naming the closest entries."""
    key = normalise(name)
    if synonyms and key in synonyms:
        key = synonyms[key]
    if key in table:
        return table[key]
    raise ValueError(unknown_name_message(kind, name, list(table) + list(synonyms or {})))
