"""The Screenplay contract: models, YAML I/O and field-naming errors."""

from cinesim.screenplay.io import load_screenplay, parse_screenplay, save_screenplay, screenplay_yaml
from cinesim.screenplay.models import (
    Camera,
    Environment,
    Hinge,
    Impulse,
    Prop,
    Release,
    Remove,
    Room,
    Screenplay,
    SetVelocity,
    Shot,
)

__all__ = [
    "Camera", "Environment", "Hinge", "Impulse", "Prop", "Release", "Remove", "Room", "Screenplay",
    "SetVelocity", "Shot", "load_screenplay", "parse_screenplay", "save_screenplay", "screenplay_yaml",
]
