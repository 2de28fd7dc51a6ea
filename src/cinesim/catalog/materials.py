"""Materials: how a surface looks, how it behaves in a collision.

Physical values are rounded from published tables (see docs/materials.md for the sources):
density in kg/m^3, kinetic (sliding) friction coefficient, rolling-resistance coefficient (dimensionless,
rolling torque = c_rr * normal force * radius) and coefficient of restitution of the material against itself.
Look values (albedo, roughness, metalness) are the usual PBR reference values for the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from cinesim.catalog.names import lookup


@dataclass(frozen=True)
class Material:
    name: str
    density: float  # kg/m^3
    friction: float  # kinetic sliding friction coefficient against itself
    rolling: float  # rolling-resistance coefficient c_rr
    restitution: float  # coefficient of restitution against itself
    albedo: tuple[float, float, float]  # linear RGB base colour
    roughness: float
    metalness: float


def _m(name, density, friction, rolling, restitution, albedo, roughness, metalness=0.0) -> Material:
    return Material(name, density, friction, rolling, restitution, albedo, roughness, metalness)


MATERIALS: dict[str, Material] = {
    m.name: m
    for m in (
        _m("rubber", 1100, 0.80, 0.010, 0.80, (0.05, 0.05, 0.05), 0.6),
        _m("wood", 700, 0.40, 0.005, 0.50, (0.30, 0.16, 0.07), 0.55),
        _m("steel", 7850, 0.50, 0.001, 0.90, (0.56, 0.57, 0.58), 0.25, 1.0),
        _m("aluminium", 2700, 0.45, 0.002, 0.70, (0.91, 0.92, 0.92), 0.3, 1.0),
        _m("glass", 2500, 0.40, 0.002, 0.90, (0.80, 0.85, 0.85), 0.05),
        _m("ceramic", 2400, 0.50, 0.003, 0.80, (0.85, 0.84, 0.80), 0.2),
        _m("concrete", 2400, 0.60, 0.010, 0.75, (0.42, 0.41, 0.39), 0.9),
        _m("tile", 2300, 0.50, 0.004, 0.80, (0.70, 0.70, 0.68), 0.3),
        _m("carpet", 300, 0.60, 0.060, 0.15, (0.30, 0.12, 0.10), 1.0),
        _m("plastic", 1050, 0.35, 0.004, 0.70, (0.60, 0.60, 0.60), 0.4),
        _m("leather", 860, 0.50, 0.008, 0.60, (0.35, 0.18, 0.08), 0.7),
        _m("cardboard", 690, 0.45, 0.020, 0.25, (0.55, 0.42, 0.27), 0.9),
        _m("ice", 917, 0.03, 0.001, 0.70, (0.80, 0.88, 0.95), 0.05),
        _m("felt", 300, 0.25, 0.010, 0.30, (0.05, 0.35, 0.12), 1.0),
        _m("plaster", 1100, 0.50, 0.010, 0.55, (0.85, 0.83, 0.80), 0.95),
        _m("brick", 1900, 0.60, 0.010, 0.60, (0.45, 0.17, 0.10), 0.9),
        _m("grass", 400, 0.45, 0.100, 0.40, (0.13, 0.26, 0.06), 0.95),
        _m("gravel", 1600, 0.60, 0.150, 0.30, (0.38, 0.36, 0.33), 0.95),
    )
}


def material(name: str) -> Material:
    """The material called `name`; ValueError with suggestions if there is none."""
    return lookup("material", MATERIALS, name)
