"""Impact sounds by modal synthesis: each body rings with its material's modes, scaled by its size;
the impulse sets the level and the contact time (Hertz: shorter for harder, faster hits between lighter
bodies) the brightness."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import signal

from cinesim.audio.filters import butter
from cinesim.catalog.materials import BAR, PLATE, Material
from cinesim.world.geometry import volume
from cinesim.world.model import Entity

RATE = 48000
REFERENCE_SIZE = 0.1  # m: the size a material's `frequency` is given for
MAX_RING = 2.0  # s: no impact rings longer than this
RADIATION_CORNER = 150.0  # Hz: below it a body's modes radiate poorly (a table's 30 Hz sway is felt, not heard)
ATTACK = 0.0003  # s: onset ramp, so no mode starts with a step (no click)
CONTACT_MASS = 0.25  # kg: the effective mass a material's `contact_ms` is given for
CONTACT_SCALE = (0.1, 3.0)  # the mass factor's bounds
HEARING_TOP = 18000.0  # Hz: modes above ring unheard (a marble's); the impact still ticks
LOWEST_HEARD = 20.0  # Hz
# A noise band's edges are heard to about a critical band, a third of an octave: rounded so, the strike's sound
# needs 51 filter designs, not 136 (each new one costs scipy 0.3 ms).
NOISE_BAND_STEPS = 3
AIR_DENSITY = 1.2  # kg/m^3, air at 20 C
SPEED_OF_SOUND = 343.0  # m/s, air at 20 C (ground echoes, the room, radiation share it)
BEAM_ROOT = 4.730  # free-free beam: the first root of cos(bL) cosh(bL) = 1, b L
PLATE_ROOT = 5.253  # free circular plate, lowest mode (two nodal diameters): lambda^2 (Leissa 1969, nu = 0.33)
POISSON = 0.3  # one Poisson's ratio for every material: a plate's stiffness is E t^3 / 12 (1 - nu^2)
SHELL_SHARE = 0.5  # under this share of its shape's solid mass a body is a shell (a bottle, a dinner plate),
# over its inverse part of something heavier (a sole under a foot): neither bends as a free solid


def contact_scale(impulse: float, speed: float) -> float:
    """How much longer than the material's own contact this collision's is. Hertz: the contact time grows
    as the pair's effective mass to the 2/5 (a 5 g domino's clack lasts a sixth of a 0.25 kg ball's knock, so
    it rings its high modes; a 3 kg heel's thud is duller). The effective mass comes from the event itself:
    impulse / ((1 + e) speed), with e taken as 1/2."""
    mass = impulse / (1.5 * max(speed, 0.05))
    return float(np.clip((mass / CONTACT_MASS) ** 0.4, *CONTACT_SCALE))


@dataclass(frozen=True)
class Voice:
    """One body as the sound sees it: its modes (frequencies in Hz, T60s in s, relative amplitudes), and the
    size and mass its stopping click is radiated by. Modes above hearing are kept: they take their share of
    the impact's energy."""

    frequencies: np.ndarray
    t60: np.ndarray
    amplitudes: np.ndarray
    noise: float
    contact_ms: float
    radius: float = 0.0  # m: of the sphere with the body's volume (a ball's own)
    mass: float = np.inf  # kg: what the impulse moves; infinite for what cannot move (the floor, fixtures)
    hollow: bool = False  # an inflated ball: it thumps as it flattens

    @cached_property
    def heard(self) -> np.ndarray:
        return self.frequencies <= HEARING_TOP

    @cached_property
    def rings(self) -> np.ndarray:
        """Each heard mode's response to a unit impulse at sample 0, one row per mode: the two-pole
        resonator's damped sine r^n sin(w n), for as long as the mode lives (higher modes die sooner), then 0.
        Computed once per body: every strike of it is a weighted sum of these rows."""
        length = int(min(MAX_RING, 1.2 * self.t60.max(where=self.heard, initial=0.0) + 0.03) * RATE)
        rows = np.zeros((int(self.heard.sum()), length))
        for row, frequency, t60 in zip(rows, self.frequencies[self.heard], self.t60[self.heard], strict=True):
            span = int(min(MAX_RING, 1.2 * t60 + 0.03) * RATE)
            radius, omega = np.exp(-6.91 / (t60 * RATE)), 2 * np.pi * frequency / RATE
            row[1] = radius * np.sin(omega)  # the resonator's impulse response from its second sample on
            row[:span] = signal.lfilter([1.0], [1.0, -2 * radius * np.cos(omega), radius * radius], row[:span])
        return rows


def voice_for(entity: Entity, material: Material, rng: np.random.Generator, hollow: bool = False) -> Voice:
    """The body's modes: the material's, moved by its size, and detuned a little per object (seeded), so two
    balls never sound identical. A set piece rings at the reference size: what is heard of a floor is the
    place struck. So does a body too large to ring as a whole within hearing (the size rule put an 18 m
    bowling lane at 4 Hz: four modes piled on the 30 Hz floor, ringing for 2 s)."""
    sound = material.sound
    thin = bending(entity, material)
    if thin is None:  # compact: the material's modes, moved by size
        size = max(2 * entity.shape.bounding_radius, 0.005)
        if entity.environment or sound.frequency * REFERENCE_SIZE / size < LOWEST_HEARD:
            size = REFERENCE_SIZE
        fundamental, ratios = sound.frequency * REFERENCE_SIZE / size, np.asarray(sound.ratios)
        t60 = sound.ring / (1 + 0.6 * np.arange(len(ratios))) * (REFERENCE_SIZE / size) ** -0.5
    else:  # a bar or a plate: its bending modes, each losing the same share of its energy per cycle
        fundamental, ratios = thin[0], np.asarray(thin[1])
        t60 = sound.ring * sound.frequency / (fundamental * ratios)
    detune = 1 + rng.normal(0, 0.02, len(ratios))
    frequencies = np.maximum(fundamental * ratios * detune, 30.0)
    amplitudes = 1.0 / (1 + np.arange(len(ratios))) * (1 + rng.normal(0, 0.1, len(ratios)))
    amplitudes /= 1 + (RADIATION_CORNER / frequencies) ** 2  # radiation efficiency falls as f^2 at low frequency
    movable = not entity.environment and entity.motion != "fixed" and entity.mass > 0
    radius = (3 * volume(entity.shape) / (4 * np.pi)) ** (1 / 3) if movable else 0.0
    return Voice(frequencies, np.minimum(t60, MAX_RING), np.abs(amplitudes), sound.noise, sound.contact_ms,
                 radius, entity.mass if movable else np.inf, hollow and entity.shape.kind == "sphere")


def bending(entity: Entity, material: Material) -> tuple[float, tuple[float, ...]] | None:
    """The lowest bending frequency (Hz) and the overtone ratios of a thin solid body, from its material's
    stiffness and its shape. A bar (one long extent L): f = 4.730^2 k c / (2 pi L^2) (Euler-Bernoulli, free
    ends), k the section's radius of gyration (t / sqrt 12 for a slab, r / 2 for a rod, a turned one's r that
    of a cylinder of its volume and length), c = sqrt(E / rho). A plate (two long extents):
    f = 5.253 t sqrt(E / 12 rho (1 - nu^2)) / (2 pi a^2) (Kirchhoff, free edge), a the radius of a disc of its
    area. A 48 mm plastic domino's lowest mode is at 5.2 kHz, a maple bowling pin's at 2.1 kHz (a size rule put
    the domino at 2 kHz, the pin at 150 Hz). Thick bodies ring a little lower than thin-body
    theory says (shear, rotary inertia): not modelled. None for a compact body, a set piece, a compound, a
    shell (a bottle, a dinner plate) and a body that is part of a heavier one (a sole under a foot): the
    material's reference modes ring for those."""
    if bending_axis(entity) is None or entity.shape.kind == "compound":
        return None
    modulus, density, size = material.sound.modulus * 1e9, material.density, volume(entity.shape)
    if not SHELL_SHARE * density * size <= entity.mass <= density * size / SHELL_SHARE:
        return None
    low, high = entity.shape.bounds
    thin, middle, long = np.sort(np.subtract(high, low))
    if middle <= 0.5 * long:
        rod = entity.shape.kind in ("cylinder", "capsule", "lathe")
        gyration = np.sqrt(size / (np.pi * long)) / 2 if rod else thin / np.sqrt(12)
        return BEAM_ROOT**2 * gyration * np.sqrt(modulus / density) / (2 * np.pi * long**2), BAR
    area = middle * long * (np.pi / 4 if entity.shape.kind == "cylinder" else 1.0)
    return PLATE_ROOT * thin * np.sqrt(modulus / (12 * density * (1 - POISSON**2))) / (2 * area), PLATE


def bending_axis(entity: Entity) -> np.ndarray | None:
    """The axis (in the body's frame) a bar or a plate bends along: its thinnest, when that is at most half
    its longest. A mode is driven by the force along its motion: a domino pushed on its front and then pushing
    on its back a few ms later is driven both times, in opposite directions, and the second ring adds to the
    first with that sign. A compact body (a ball, a cube) and a set piece, squeezed alike from any side: None."""
    if entity.environment or entity.shape.kind in ("sphere", "plane"):
        return None
    low, high = entity.shape.bounds
    extent = np.subtract(high, low)
    if extent.min() > 0.5 * extent.max():
        return None
    return np.eye(3)[int(np.argmin(extent))]


def contact_time(contact_ms: float, speed: float) -> float:
    """Hertzian contact duration (s): shorter for faster impacts, as v^-1/5."""
    return contact_ms / 1000 * max(speed, 0.05) ** -0.2


def excitation(voice: Voice, tau: float) -> np.ndarray:
    """How strongly a contact of duration `tau` drives each mode. A half-sine force pulse's spectrum is
    ~ cos(pi f tau) / (1 - (2 f tau)^2): modes far above 1/tau are barely excited. Its smooth stand-in."""
    return voice.amplitudes / (1.0 + (voice.frequencies * tau) ** 2)


def ring_energy(voice: Voice, tau: float) -> float:
    """Energy of the voice's response to a unit impulse, heard or not: a mode of amplitude A and decay time
    T60 holds A^2 T60 RATE / (4 x 6.91) (a damped sine's sum of squares)."""
    return float(np.sum(excitation(voice, tau) ** 2 * voice.t60) * RATE / 27.6)


def contact_click(tau: float) -> np.ndarray:
    """The contact itself, heard: the time derivative of the half-sine force pulse (what a body's sudden
    acceleration radiates), unit energy. A short, hard contact makes a sharp broadband tick; a long, soft
    one a low thump. Zero mean: no DC."""
    t = (np.arange(max(2, int(np.ceil(tau * RATE)))) + 0.5) / RATE
    click = np.cos(np.pi * np.minimum(t / tau, 1.0))
    click -= click.mean()
    return click / np.sqrt(np.sum(click**2))


def thump(radius: float, speed: float, tau: float) -> np.ndarray:
    """Pressure (Pa, 1 m away) of a hollow ball flattening against what it hits (Katz 2010, "Thump, ring:
    the sound of a bouncing ball"): a cap of depth d = (v tau / pi) sin(pi t / tau) flattens, the ball loses
    the volume pi a d^2, and a changing volume radiates as a monopole: p = rho0 V'' / (4 pi r), which is
    rho0 a v^2 / 2 cos(2 pi t / tau) over the contact. A solid ball has no such thump."""
    t = (np.arange(max(2, int(np.ceil(tau * RATE)))) + 0.5) / RATE
    pulse = np.cos(2 * np.pi * np.minimum(t / tau, 1.0))
    return AIR_DENSITY * radius * speed**2 / 2 * (pulse - pulse.mean())


def stopping_energy(radius: float, speed_change: float, tau: float) -> float:
    """Energy (Pa^2 s, 1 m away on the axis of motion) of the sound a rigid sphere radiates as its speed
    changes by `speed_change` in a half-sine pulse of duration tau. The exact dipole field of a sphere:
    P(w) = rho0 a^3 / (2 c) (i w)^2 U(w) H(w), H = 2 / (2 + 2 i q - q^2), q = w a / c. H is 1 for a compact
    source (p = rho0 a^3 u'' / (2 c r)) and falls as a Butterworth low-pass above w = sqrt(2) c / a (3.1 kHz
    for a 5 cm ball), where the sphere stops being small against the wavelength."""
    x = np.linspace(1e-6, 60 * np.pi, 1500)  # x = w tau / 2: the pulse's spectrum, well past its main lobe
    w = 2 * x / tau
    # |U'(w)| of a unit-area half-sine of duration tau: pi^2 |cos x| / (pi^2 - 4 x^2), finite at x = pi / 2
    near = np.abs(x - np.pi / 2) < 1e-9
    lobe = np.pi**2 * np.cos(x) / np.where(near, 1.0, np.pi**2 - 4 * x**2)
    lobe = np.where(near, np.pi / 4, lobe)
    q = w * radius / SPEED_OF_SOUND
    spectrum = (AIR_DENSITY * radius**3 / (2 * SPEED_OF_SOUND) * w * speed_change * lobe) ** 2 * 4 / (4 + q**4)
    return float(np.trapezoid(spectrum, w) / np.pi)


def stopping_click(radius: float, speed_change: float, tau: float) -> np.ndarray:
    """Pressure (Pa, 1 m away) of a rigid sphere's stopping: the contact's click (u'') through the sphere's
    radiation low-pass, at the energy `stopping_energy` gives."""
    click = contact_click(tau)
    corner = np.sqrt(2) * SPEED_OF_SOUND / (2 * np.pi * radius)
    if corner < 0.45 * RATE:
        b, a = butter(2, corner, "low")
        click = signal.lfilter(b, a, np.concatenate([click, np.zeros(int(4 * RATE / corner) + 1)]))
    return click / np.sqrt(np.sum(click**2)) * np.sqrt(stopping_energy(radius, speed_change, tau) * RATE)


def strike(voice: Voice, tau: float, rng: np.random.Generator, offset: float) -> np.ndarray:
    """Mono response of one body to a unit impulse. `offset` (0..1 sample) places the onset between samples
    so the sound starts at the event's exact time. Each mode is a damped sine (a two-pole resonator's response),
    weighted by how the contact drives it."""
    response = excitation(voice, tau)[voice.heard] @ voice.rings
    out = (1.0 - offset) * response  # the impulse, split between the two samples it falls between
    out[1:] += offset * response[:-1]
    length = len(out)
    if voice.noise > 0:  # the contact itself: a burst of noise as long as the contact, coloured by the body
        burst = rng.standard_normal(min(length, int(0.03 * RATE)))
        low = min(0.45 * RATE, max(200.0, 1.5 / max(tau, 1e-5)))
        b, a = butter(2, (min(voice.frequencies[0] * 0.7, low * 0.5), low), "band", NOISE_BAND_STEPS)
        t = np.arange(len(burst)) / RATE
        burst = signal.lfilter(b, a, burst) * np.exp(-t / max(2 * tau, 0.0015))
        out[: len(burst)] += voice.noise * 3.0 * burst
    ramp = min(length, int(10 * ATTACK * RATE))
    out[:ramp] *= 1 - np.exp(-(np.arange(ramp) - offset).clip(0) / (ATTACK * RATE))
    return out
