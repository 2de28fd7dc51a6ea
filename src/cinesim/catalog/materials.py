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
class Sound:
    """How the material rings when struck (modal synthesis) and how it treats sound in a room."""

    frequency: float  # Hz: fundamental of a 10 cm piece (frequencies scale with 1 / size)
    ring: float  # s: T60 of the fundamental (higher modes die faster)
    ratios: tuple[float, ...]  # overtone frequencies / fundamental
    noise: float  # 0..1: share of broadband contact noise (soft, lossy materials are mostly noise)
    contact_ms: float  # duration of a 1 m/s impact; shorter contacts excite higher modes (Hertz: ~ v^-1/5)
    absorption: float  # sound energy absorbed per reflection, 125 Hz-4 kHz average
    modulus: float  # GPa: Young's modulus, which sets a thin bar's or plate's bending frequencies


BAR = (1.0, 2.756, 5.404, 8.933)  # free-free beam (Euler-Bernoulli)
PLATE = (1.0, 1.594, 2.136, 2.653, 2.918)  # free circular plate
SHELL = (1.0, 1.59, 2.14, 2.65)  # thin spherical shell, membrane-like
BLOCK = (1.0, 1.7, 2.6, 3.6)  # thick, heavily damped solids


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
    sound: Sound


def _m(name, density, friction, rolling, restitution, albedo, roughness, sound, metalness=0.0) -> Material:
    return Material(name, density, friction, rolling, restitution, albedo, roughness, metalness, sound)


MATERIALS: dict[str, Material] = {
    m.name: m
    for m in (
        # name, density, friction, rolling, restitution, albedo (linear), roughness, sound[, metalness]
        _m("rubber", 1100, 0.80, 0.010, 0.80, (0.05, 0.05, 0.05), 0.60, Sound(180, 0.06, SHELL, 0.50, 3.0, 0.05, 0.05)),
        _m("wood", 700, 0.40, 0.005, 0.50, (0.30, 0.16, 0.07), 0.55, Sound(700, 0.15, BAR, 0.25, 0.5, 0.10, 11)),
        _m("steel", 7850, 0.50, 0.001, 0.90, (0.56, 0.57, 0.58), 0.25, Sound(2100, 1.5, BAR, 0.03, 0.1, 0.03, 200),
           metalness=1.0),
        _m("aluminium", 2700, 0.45, 0.002, 0.70, (0.91, 0.92, 0.92), 0.30, Sound(1800, 0.9, BAR, 0.04, 0.15, 0.03, 69),
           metalness=1.0),
        _m("glass", 2500, 0.40, 0.002, 0.90, (0.80, 0.85, 0.85), 0.05,
           Sound(2600, 0.8, (1.0, 2.32, 4.25, 6.63), 0.05, 0.1, 0.03, 70)),
        _m("ceramic", 2400, 0.50, 0.003, 0.80, (0.85, 0.84, 0.80), 0.20,
           Sound(2000, 0.35, (1.0, 2.3, 4.1, 6.2), 0.10, 0.15, 0.02, 70)),
        _m("concrete", 2400, 0.60, 0.010, 0.75, (0.42, 0.41, 0.39), 0.90, Sound(250, 0.08, BLOCK, 0.60, 0.3, 0.02, 30)),
        _m("tile", 2300, 0.50, 0.004, 0.80, (0.70, 0.70, 0.68), 0.30, Sound(900, 0.12, PLATE, 0.30, 0.2, 0.02, 50)),
        _m("carpet", 300, 0.60, 0.060, 0.15, (0.30, 0.12, 0.10), 1.00,
           Sound(120, 0.03, BLOCK[:3], 0.90, 8.0, 0.35, 0.01)),
        _m("plastic", 1050, 0.35, 0.004, 0.70, (0.60, 0.60, 0.60), 0.40,
           Sound(1100, 0.08, (1.0, 2.3, 4.1, 6.2), 0.30, 0.4, 0.05, 2.5)),
        _m("leather", 860, 0.50, 0.008, 0.60, (0.35, 0.18, 0.08), 0.70, Sound(160, 0.15, SHELL, 0.40, 2.0, 0.10, 0.2)),
        _m("cardboard", 690, 0.45, 0.020, 0.25, (0.55, 0.42, 0.27), 0.90,
           Sound(220, 0.05, PLATE[:3], 0.70, 2.0, 0.15, 3)),
        _m("ice", 917, 0.03, 0.001, 0.70, (0.80, 0.88, 0.95), 0.05,
           Sound(1500, 0.2, (1.0, 2.4, 4.3), 0.20, 0.15, 0.02, 9)),
        _m("felt", 300, 0.25, 0.010, 0.30, (0.05, 0.35, 0.12), 1.00,
           Sound(300, 0.02, (1.0, 1.7), 0.80, 5.0, 0.40, 0.01)),
        _m("plaster", 1100, 0.50, 0.010, 0.55, (0.85, 0.83, 0.80), 0.95, Sound(400, 0.06, BLOCK, 0.60, 0.4, 0.05, 5)),
        _m("brick", 1900, 0.60, 0.010, 0.60, (0.45, 0.17, 0.10), 0.90, Sound(500, 0.07, BLOCK, 0.60, 0.3, 0.03, 15)),
        _m("grass", 400, 0.45, 0.100, 0.40, (0.13, 0.26, 0.06), 0.95,
           Sound(90, 0.02, (1.0, 1.5), 0.95, 10.0, 0.40, 0.01)),
        _m("gravel", 1600, 0.60, 0.150, 0.30, (0.38, 0.36, 0.33), 0.95,
           Sound(300, 0.03, (1.0, 1.9, 3.1), 0.95, 2.0, 0.30, 0.1)),
        _m("sand", 1600, 0.55, 0.300, 0.10, (0.62, 0.52, 0.36), 1.00,
           Sound(80, 0.02, (1.0, 1.6), 0.95, 12.0, 0.35, 0.01)),
        _m("fruit", 850, 0.50, 0.030, 0.30, (0.55, 0.08, 0.05), 0.45,
           Sound(150, 0.03, BLOCK[:3], 0.80, 4.0, 0.30, 0.005)),
        _m("fabric", 250, 0.60, 0.050, 0.20, (0.35, 0.38, 0.45), 1.00,
           Sound(110, 0.02, (1.0, 1.6), 0.90, 8.0, 0.45, 0.01)),
        # people's bodies (clothed or bare) as props meet them: soft, lossy, a dull thud
        _m("skin", 1000, 0.60, 0.050, 0.30, (0.60, 0.42, 0.33), 0.50,
           Sound(130, 0.03, BLOCK[:3], 0.85, 6.0, 0.40, 0.001)),
        _m("marble", 2700, 0.45, 0.002, 0.80, (0.78, 0.77, 0.74), 0.15, Sound(2300, 0.4, PLATE, 0.10, 0.15, 0.01, 50)),
    )
}


def material(name: str) -> Material:
    """The material called `name`; ValueError with suggestions if there is none."""
    return lookup("material", MATERIALS, name)
