"""World -> Timeline: MuJoCo rigid-body physics with exact restitution and typed contact events."""

from cinesim.physics.simulate import Simulation, compile_world, simulate

__all__ = ["Simulation", "compile_world", "simulate"]
