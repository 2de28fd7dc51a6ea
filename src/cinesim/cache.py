"""Where cinesim keeps what it builds once per machine (baked textures; later body models and kernels)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """$CINESIM_CACHE if set (the Makefile sets it to .cache/ in the checkout), else $XDG_CACHE_HOME/cinesim,
    else ~/.cache/cinesim."""
    root = os.environ.get("CINESIM_CACHE")
    path = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cinesim"
    path.mkdir(parents=True, exist_ok=True)
    return path
