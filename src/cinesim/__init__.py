"""cinesim: films simulated, not guessed."""

from importlib import import_module

__version__ = "0.1.0"
_EXPORTS = {"FilmResult": "cinesim.api", "GenerateResult": "cinesim.api", "film": "cinesim.api",
            "generate": "cinesim.api", "simulate": "cinesim.physics", "Screenplay": "cinesim.screenplay",
            "load_screenplay": "cinesim.screenplay", "Timeline": "cinesim.timeline", "build_world": "cinesim.world"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """The public names, imported on first use: a render worker needs the renderer, not the director."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'cinesim' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
