"""Sound made from the simulation: every impact rings with the materials that met, every slide and roll
hisses and rumbles at the speed the Timeline gives, heard from the live camera, in the room, mastered."""

from cinesim.audio.soundtrack import RATE, Soundtrack, make_soundtrack

__all__ = ["RATE", "Soundtrack", "make_soundtrack"]
