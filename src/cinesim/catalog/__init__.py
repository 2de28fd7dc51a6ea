"""What the world is made of: materials, colours and props with real-world properties."""

from cinesim.catalog.ambiences import AMBIENCES, ambience_kind
from cinesim.catalog.colors import parse_color
from cinesim.catalog.environments import ENVIRONMENTS, EnvironmentKind, environment_kind
from cinesim.catalog.materials import MATERIALS, Material, material
from cinesim.catalog.props import PROPS, PropKind, prop_kind

__all__ = ["AMBIENCES", "ENVIRONMENTS", "MATERIALS", "PROPS", "EnvironmentKind", "Material", "PropKind",
           "ambience_kind", "environment_kind", "material", "parse_color", "prop_kind"]
