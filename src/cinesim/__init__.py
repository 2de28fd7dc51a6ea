"""cinesim: films simulated, not guessed."""

from cinesim.api import FilmResult, film
from cinesim.physics import simulate
from cinesim.screenplay import Screenplay, load_screenplay
from cinesim.timeline import Timeline
from cinesim.world import build_world

__version__ = "0.1.0"
__all__ = ["FilmResult", "Screenplay", "Timeline", "build_world", "film", "load_screenplay", "simulate"]
