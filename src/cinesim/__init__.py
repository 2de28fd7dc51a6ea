"""cinesim: films simulated, not guessed."""

from cinesim.api import FilmResult, GenerateResult, film, generate
from cinesim.physics import simulate
from cinesim.screenplay import Screenplay, load_screenplay
from cinesim.timeline import Timeline
from cinesim.world import build_world

__version__ = "0.1.0"
__all__ = ["FilmResult", "GenerateResult", "Screenplay", "Timeline", "build_world", "film", "generate",
           "load_screenplay", "simulate"]
