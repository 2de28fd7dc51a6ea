"""Surface detail baked once into tileable textures (numpy), so the shader pays one texture fetch per pixel.

Each layer is RGBA8: RGB multiplies the surface's base colour and A its roughness, both scaled so that
128 means 1.0. Procedural layers (wood, planks, brushed metal, marble, basketball, tenpin, cloth, concrete,
tiles, carpet, leather, cardboard) are generated from seeded noise; brick, grass and gravel are the photographs
scikit-image ships.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import skimage.data
from scipy import ndimage

from cinesim.cache import cache_dir
from cinesim.fileio import atomic_path

SIZE = 512
LAYERS = ("plain", "wood", "planks", "brushed", "marble", "basketball", "cloth", "concrete", "tiles", "carpet",
          "leather", "cardboard", "brick", "grass", "gravel", "pin")


def _noise(rng: np.random.Generator, cells: int | tuple[int, int], size: int = SIZE) -> np.ndarray:
    """Tileable band-limited noise in [0, 1] with about `cells` features across the tile (per axis):
    white noise low-passed in the frequency domain, so it wraps seamlessly."""
    cy, cx = (cells, cells) if isinstance(cells, int) else cells
    fy = np.fft.fftfreq(size)[:, None] * size
    fx = np.fft.rfftfreq(size)[None, :] * size
    spectrum = np.fft.rfft2(rng.standard_normal((size, size))) * np.exp(-0.5 * ((fy / cy) ** 2 + (fx / cx) ** 2))
    out = np.fft.irfft2(spectrum, s=(size, size))
    return (out - out.min()) / max(np.ptp(out), 1e-9)


def _fbm(rng: np.random.Generator, cells: int | tuple[int, int], octaves: int = 4) -> np.ndarray:
    cy, cx = (cells, cells) if isinstance(cells, int) else cells
    total, weight = np.zeros((SIZE, SIZE)), 0.0
    for o in range(octaves):
        amp = 0.5**o
        total += amp * _noise(rng, (cy * 2**o, cx * 2**o))
        weight += amp
    return total / weight


def _layer(albedo: np.ndarray, roughness: np.ndarray | float = 1.0) -> np.ndarray:
    albedo = np.broadcast_to(albedo, (SIZE, SIZE, 3)) if albedo.ndim == 3 else np.repeat(albedo[..., None], 3, 2)
    rough = np.broadcast_to(np.asarray(roughness, dtype=float), (SIZE, SIZE))
    return np.clip(np.dstack([albedo, rough]) * 128, 0, 255).astype(np.uint8)


def _wood(rng) -> np.ndarray:
    y, _x = np.mgrid[0:SIZE, 0:SIZE] / SIZE
    warp = _fbm(rng, 4) * 0.6
    rings = np.abs(np.sin((y * 7 + warp * 3) * np.pi))
    grain = _fbm(rng, (64, 4), 3)
    return _layer(0.72 + 0.3 * rings**0.6 * (0.8 + 0.4 * grain), 0.9 + 0.2 * grain)


def _planks(rng) -> np.ndarray:
    """Eight staggered boards across the tile, each with its own tone and grain; dark seams between."""
    y, x = np.mgrid[0:SIZE, 0:SIZE] / SIZE
    rows = 8
    row = np.floor(y * rows).astype(int)
    offset = rng.random(rows)[row]
    u = (x * 2 + offset) % 1.0  # two boards per row across the tile
    board = row * 2 + np.floor((x * 2 + offset) % 2).astype(int)
    tone = (0.8 + 0.35 * rng.random(rows * 2))[board % (rows * 2)]
    grain = _fbm(rng, (48, 3), 3)
    figure = _fbm(rng, (12, 2), 2)
    v = (y * rows) % 1.0
    seam = np.minimum(np.minimum(v, 1 - v) * 8, 1) * np.minimum(np.minimum(u, 1 - u) * 60, 1)
    albedo = tone * (0.82 + 0.25 * grain) * (0.9 + 0.15 * figure) * (0.45 + 0.55 * seam)
    return _layer(albedo, 0.8 + 0.3 * grain)


def _brushed(rng) -> np.ndarray:
    streak = _fbm(rng, (128, 2), 3)
    return _layer(0.95 + 0.08 * streak, 0.7 + 0.6 * streak)


def _marble(rng) -> np.ndarray:
    y, x = np.mgrid[0:SIZE, 0:SIZE] / SIZE
    vein = np.abs(np.sin((x + y + _fbm(rng, 4) * 1.5) * 3 * np.pi))
    return _layer(0.55 + 0.45 * np.clip(vein * 3, 0, 1) * (0.95 + 0.1 * _noise(rng, 32)), 0.6)


def _basketball(rng) -> np.ndarray:
    """Lat-long layout (the sphere mesh's UVs): two great-circle seams, two curved seams, pebbled skin."""
    v, u = (np.mgrid[0:SIZE, 0:SIZE] + 0.5) / SIZE
    theta, phi = u * 2 * np.pi, (v - 0.5) * np.pi
    d = np.stack([np.cos(phi) * np.cos(theta), np.cos(phi) * np.sin(theta), np.sin(phi)])
    width = 0.022
    lines = np.minimum.reduce([np.abs(d[0]), np.abs(d[2]), np.abs(np.abs(d[1]) - 0.62 - 0.3 * d[0] ** 2)])
    seam = np.clip((lines - width * 0.5) / (width * 0.5), 0, 1)
    pebble = _noise(rng, 160)
    albedo = (0.9 + 0.15 * pebble) * (0.03 + 0.97 * seam)
    return _layer(albedo, 1.0 + 0.4 * (1 - seam))


def _pin(rng) -> np.ndarray:
    """A tenpin's lacquer (the lathe mesh's UVs: v up its height): glossy white, two red stripes round the
    neck, as tenpins carry them."""
    v = (np.mgrid[0:SIZE, 0:SIZE][0] + 0.5) / SIZE
    stripe = ((v > 0.64) & (v < 0.665)) | ((v > 0.69) & (v < 0.715))
    albedo = np.where(stripe[..., None], [1.0, 0.08, 0.1], 1.0) * (0.98 + 0.04 * _noise(rng, 40))[..., None]
    return _layer(albedo, 0.45)


def _cloth(rng) -> np.ndarray:
    return _layer(0.88 + 0.2 * _noise(rng, 200) * (0.9 + 0.2 * _fbm(rng, 8)), 1.0)


def _concrete(rng) -> np.ndarray:
    mottle = _fbm(rng, 6)
    grit = _noise(rng, 180)
    pits = (_noise(rng, 60) > 0.92).astype(float)
    return _layer((0.8 + 0.3 * mottle) * (0.92 + 0.12 * grit) * (1 - 0.25 * pits), 0.95 + 0.1 * grit)


def _tiles(rng) -> np.ndarray:
    y, x = np.mgrid[0:SIZE, 0:SIZE] / SIZE
    n = 4
    cell_x, cell_y = (x * n) % 1, (y * n) % 1
    grout = np.minimum(np.minimum(cell_x, 1 - cell_x), np.minimum(cell_y, 1 - cell_y)) < 0.02
    tone = 0.94 + 0.1 * rng.random((n, n))[(y * n).astype(int) % n, (x * n).astype(int) % n]
    return _layer(np.where(grout, 0.62, tone * (0.97 + 0.05 * _fbm(rng, 8))), np.where(grout, 2.5, 0.8))


def _carpet(rng) -> np.ndarray:
    return _layer((0.75 + 0.4 * _noise(rng, 220)) * (0.9 + 0.15 * _fbm(rng, 6)), 1.0)


def _leather(rng) -> np.ndarray:
    pebble = _noise(rng, 120)
    return _layer(0.88 + 0.16 * pebble, 0.85 + 0.3 * pebble)


def _cardboard(rng) -> np.ndarray:
    _y, x = np.mgrid[0:SIZE, 0:SIZE] / SIZE
    flutes = 0.97 + 0.03 * np.sin(x * 2 * np.pi * 40)
    return _layer((0.9 + 0.15 * _noise(rng, (20, 200))) * flutes, 1.0)


def _photo(name: str) -> np.ndarray:
    image = getattr(skimage.data, name)().astype(float) / 255.0
    image = ndimage.zoom(image, SIZE / image.shape[0], order=1)
    return _layer(image / image.mean() * 0.95, 1.0)


VERSION = 2  # bump when a layer changes: the cached file is keyed by it


@cache
def texture_layers() -> np.ndarray:
    """All layers as one (layers, SIZE, SIZE, 4) uint8 array; deterministic, baked once per machine into
    the cache directory (see cinesim.cache)."""
    path = cache_dir() / f"textures-v{VERSION}-{SIZE}.npy"
    if path.is_file():
        return np.load(path)
    layers = _bake()
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        np.save(handle, layers)
    return layers


def _bake() -> np.ndarray:
    rng = np.random.default_rng(7)
    makers = {"plain": lambda r: _layer(0.97 + 0.06 * _fbm(r, 6), 1.0), "wood": _wood, "planks": _planks,
              "brushed": _brushed, "marble": _marble, "basketball": _basketball, "pin": _pin, "cloth": _cloth,
              "concrete": _concrete, "tiles": _tiles, "carpet": _carpet, "leather": _leather,
              "cardboard": _cardboard, "brick": lambda r: _photo("brick"), "grass": lambda r: _photo("grass"),
              "gravel": lambda r: _photo("gravel")}
    return np.stack([makers[name](rng) for name in LAYERS])
