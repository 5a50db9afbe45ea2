"""A FAISS inner-product index with stable int64 ids: exact when small, IVF when large."""

from __future__ import annotations

import json
import math
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np
import numpy.typing as npt

from knowledge.passages import id_range

Ids = npt.NDArray[np.int64]
Vectors = npt.NDArray[np.float32]

INDEX_FILE = "vectors.faiss"
IDS_FILE = "ids.npy"
MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = 1
MAX_LISTS = 2048
TRAIN_PER_LIST = 40


@dataclass(frozen=True)
class Manifest:
    """What the persisted index was built from; a different model or dimension means rebuild."""

    model: str
    dim: int
    watermark: int
    kind: str
    vectors: int
    layout: str = ""
    format: int = MANIFEST_FORMAT


class VectorIndex:
    """Vectors keyed by id; add, remove by article range, search. Switches to IVF above a size."""

    def __init__(self, dim: int, *, approximate_above: int = 50_000, nprobe: int = 24) -> None:
        self.dim = dim
        self.approximate_above = approximate_above
        self.nprobe = nprobe
        self._index: faiss.Index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._ids: Ids = np.empty(0, dtype=np.int64)
        self.kind = "flat"

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def ids(self) -> Ids:
        return self._ids

    def add(self, ids: Ids, vectors: Vectors) -> None:
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if vectors.shape != (len(ids), self.dim):
            raise ValueError(f"expected {len(ids)} vectors of dimension {self.dim}")
        self._index.add_with_ids(vectors, ids)
        self._ids = np.concatenate([self._ids, ids])
        if self.kind == "flat" and len(self) > self.approximate_above:
            self._to_ivf()

    def remove_range(self, start: int, end: int) -> int:
        """Remove every vector whose id is in [start, end); returns how many."""
        inside = (self._ids >= start) & (self._ids < end)
        doomed = np.ascontiguousarray(self._ids[inside])
        if len(doomed) == 0:
            return 0
        # IDSelectorArray: the only selector IVF's hashtable direct map accepts.
        selector = faiss.IDSelectorArray(len(doomed), faiss.swig_ptr(doomed))
        removed = int(self._index.remove_ids(selector))
        self._ids = self._ids[~inside]
        return removed

    def remove_article(self, article_pk: int) -> int:
        return self.remove_range(*id_range(article_pk))

    def reconstruct(self, ids: Ids) -> Vectors:
        """The stored vectors of the given ids (used to score whole articles exactly)."""
        if len(ids) == 0:
            return np.empty((0, self.dim), dtype=np.float32)
        return np.asarray(
            self._index.reconstruct_batch(np.ascontiguousarray(ids, dtype=np.int64)),
            dtype=np.float32,
        )

    def search(self, queries: Vectors, k: int) -> tuple[npt.NDArray[np.float32], Ids]:
        """Top-k (scores, ids) per query row; missing slots have id -1."""
        k = max(1, min(k, len(self))) if len(self) else 1
        if len(self) == 0:
            empty_scores = np.full((len(queries), 1), -np.inf, dtype=np.float32)
            return empty_scores, np.full((len(queries), 1), -1, dtype=np.int64)
        scores, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, ids

    def _all_vectors(self) -> Vectors:
        return self.reconstruct(self._ids)

    def _to_ivf(self) -> None:
        vectors, ids = self._all_vectors(), self._ids.copy()
        # ~4 sqrt(n) lists (capped so training stays seconds on two cores), and at least
        # 39 training points per list (FAISS's minimum).
        nlist = int(max(1, min(MAX_LISTS, 4 * math.sqrt(len(ids)), len(ids) // 39)))
        quantizer = faiss.IndexFlatIP(self.dim)
        ivf = faiss.IndexIVFFlat(quantizer, self.dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = vectors
        if len(vectors) > nlist * TRAIN_PER_LIST:
            rng = np.random.default_rng(0)
            sample = vectors[rng.choice(len(vectors), nlist * TRAIN_PER_LIST, replace=False)]
        ivf.train(sample)
        ivf.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]
        ivf.nprobe = self.nprobe
        ivf.add_with_ids(vectors, ids)
        self._index = ivf
        self.kind = "ivf"

    def save(self, folder: Path, manifest: Manifest) -> None:
        """Write index, ids and manifest; the manifest goes last so a crash leaves no mismatch.

        Temporary names are unique per writer, so two processes saving at once cannot
        interleave one file; a reader that still sees a mismatch rebuilds (derived data).
        """
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST_FILE).unlink(missing_ok=True)
        suffix = f".{os.getpid()}.{threading.get_ident()}.tmp"
        tmp_index = folder / f"{INDEX_FILE}{suffix}"
        faiss.write_index(self._index, str(tmp_index))
        os.replace(tmp_index, folder / INDEX_FILE)
        tmp_ids = folder / f"{IDS_FILE}{suffix}"
        with open(tmp_ids, "wb") as handle:
            np.save(handle, self._ids)
        os.replace(tmp_ids, folder / IDS_FILE)
        tmp_manifest = folder / f"{MANIFEST_FILE}{suffix}"
        tmp_manifest.write_text(json.dumps(asdict(manifest), indent=2) + "\n")
        os.replace(tmp_manifest, folder / MANIFEST_FILE)

    @staticmethod
    def read_manifest(folder: Path) -> Manifest | None:
        try:
            data = json.loads((folder / MANIFEST_FILE).read_text())
            manifest = Manifest(**data)
        except (OSError, ValueError, TypeError):
            return None
        return manifest if manifest.format == MANIFEST_FORMAT else None

    @classmethod
    def load(
        cls, folder: Path, *, approximate_above: int = 50_000, nprobe: int = 24
    ) -> tuple[VectorIndex, Manifest] | None:
        """The persisted index, or None when absent, unreadable or inconsistent."""
        manifest = cls.read_manifest(folder)
        if manifest is None:
            return None
        try:
            index = faiss.read_index(str(folder / INDEX_FILE))
            ids = np.load(folder / IDS_FILE)
        except (OSError, RuntimeError, ValueError):
            return None
        if index.d != manifest.dim or index.ntotal != len(ids) or len(ids) != manifest.vectors:
            return None
        loaded = cls(manifest.dim, approximate_above=approximate_above, nprobe=nprobe)
        loaded._index, loaded._ids, loaded.kind = index, ids.astype(np.int64), manifest.kind
        if manifest.kind == "ivf":
            faiss.extract_index_ivf(index).nprobe = nprobe
        return loaded, manifest
