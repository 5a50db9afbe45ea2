"""Fine-tuning the embedding model on the knowledge base's own phrasings, stored as derived data.

Training: pairs of phrasings of one article (title, Issue lines, confirmed search phrases),
in-batch negatives (sentence-transformers' MultipleNegativesRankingLoss), one pair per article
per batch so that no negative is secretly a positive; AdamW with a linear warm-up; CPU only,
seeded, bounded by a number of steps.

Storage: the saved model folder becomes one deterministic tar whose SHA-256 names it. The tar
is kept in the database (every replica serves the same model) and unpacked once per host under
`$RELAIS_HOME/models/<sha>`. `search_state.active_model_sha` says which model is in service;
it changes in one transaction after the model is stored, so a run killed half-way leaves the
previous model in service.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import io
import math
import os
import random
import resource
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.config import TuningSettings
from bot.db.base import utcnow
from knowledge.article import ArticleContent
from knowledge.calibration import phrasings_of
from knowledge.embedder import resolve_model
from knowledge.tables import SearchModelRow, SearchStateRow

TUNED_MARK = "+tuned:"
STATE_ID = 1


class TuningError(RuntimeError):
    """Tuning cannot run (too small a knowledge base, unusable model); the message says why."""


def model_key(base_model: str, sha: str | None) -> str:
    """The name a model is known by in manifests and calibrations (64 bits of its hash)."""
    return f"{base_model}{TUNED_MARK}{sha[:16]}" if sha else base_model


def training_groups(articles: Sequence[ArticleContent]) -> list[list[str]]:
    """Per article, the texts that say the same thing: its title and its phrasings."""
    groups = []
    for content in articles:
        texts = [content.title, *phrasings_of(content)]
        unique = list(dict.fromkeys(t.strip() for t in texts if t.strip()))
        if len(unique) >= 2:
            groups.append(unique)
    return groups


def planned_steps(articles: int, settings: TuningSettings) -> int:
    steps = math.ceil(articles * settings.steps_per_article)
    return max(settings.min_steps, min(settings.max_steps, steps))


def batches(
    groups: Sequence[Sequence[str]], batch_size: int, steps: int, seed: int
) -> list[list[tuple[str, str]]]:
    """`steps` batches of (anchor, positive) pairs, at most one pair per article per batch."""
    rng = random.Random(seed)
    size = max(2, min(batch_size, len(groups)))
    out: list[list[tuple[str, str]]] = []
    order: list[int] = []
    while len(out) < steps:
        if len(order) < size:
            fresh = list(range(len(groups)))
            rng.shuffle(fresh)
            order += [g for g in fresh if g not in order[:size]]
        picked, order = order[:size], order[size:]
        out.append([tuple(rng.sample(list(groups[g]), 2)) for g in picked])  # type: ignore[misc]
    return out


@dataclass(frozen=True)
class TunedModel:
    """A trained model folder and how it was made."""

    path: Path
    base_model: str
    articles: int
    pairs: int
    steps: int
    seed: int
    seconds: float
    peak_rss_mb: float


STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def reset_peak_rss() -> None:
    """Measure the peak resident memory afresh from now on (Linux); elsewhere a no-op.

    A process that searched or calibrated before tuning would otherwise report that peak.
    """
    with contextlib.suppress(OSError):
        CLEAR_REFS.write_text("5")


def _status_mb(field: str) -> float | None:
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def peak_rss_mb() -> float:
    """Peak resident memory in MiB since the last `reset_peak_rss` (else since the start)."""
    peak = _status_mb("VmHWM")
    if peak is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives KiB
    return peak


def rss_mb() -> float:
    """Resident memory now, in MiB (the peak so far where /proc is missing)."""
    now = _status_mb("VmRSS")
    return peak_rss_mb() if now is None else now


def give_back_memory() -> None:
    """Collect the training's garbage and hand freed heap back to the system (glibc).

    Training grows the heap by a gigabyte on long phrasings; kept, it adds to what the next
    stage of `kb tune` (calibration, the served model's training, indexing) allocates.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def freeze_word_embeddings(model: Any) -> bool:
    """Keep the token embedding table as it is; True when the model has one to freeze.

    Half of MiniLM's weights are that table, and a few thousand phrasings touch a sliver of
    its rows: frozen, tuning needs no gradient or optimiser state for it (CLINC150, 150 steps:
    peak RSS 1,478 → 1,195 MiB, 14 % faster) and finds the same model (validation hit@1 0.909
    both ways).
    """
    first = model[0] if len(model) else None
    encoder = getattr(first, "auto_model", None) or getattr(first, "model", None)
    table = getattr(encoder, "get_input_embeddings", lambda: None)()
    if table is None:
        return False
    table.weight.requires_grad_(False)
    return True


def train(
    base_model: str,
    articles: Sequence[ArticleContent],
    settings: TuningSettings,
    out_dir: Path,
    progress: Callable[[int], None] | None = None,
    steps: int | None = None,
    minimum: int | None = None,
    start_from: Path | None = None,
) -> TunedModel:
    """Fine-tune `base_model` on the articles' phrasings and save it in `out_dir`.

    `start_from` is a model folder already tuned from `base_model` (the calibration twin) to
    continue from instead. `progress(1)` is called after each step. Raises TuningError for a
    knowledge base with fewer than `minimum` (default `settings.min_articles`) articles with
    two texts to pair.
    """
    groups = training_groups(articles)
    if len(groups) < (settings.min_articles if minimum is None else minimum):
        raise TuningError(
            f"{len(groups)} articles with phrasings to learn from (fewer than "
            f"{settings.min_articles}): the base model stays in service"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    from huggingface_hub.utils import disable_progress_bars  # type: ignore[attr-defined]
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    disable_progress_bars()  # the CLI shows one bar: the steps
    started = time.perf_counter()
    torch.manual_seed(settings.seed)
    random.seed(settings.seed)
    total = steps if steps is not None else planned_steps(len(groups), settings)
    plan = batches(groups, settings.batch_size, total, settings.seed)
    source = str(start_from) if start_from is not None else resolve_model(base_model)
    model = SentenceTransformer(source, device="cpu", local_files_only=True)
    serving_length = model.max_seq_length
    model.max_seq_length = min(serving_length or settings.max_seq_length, settings.max_seq_length)
    if settings.freeze_word_embeddings:
        freeze_word_embeddings(model)
    loss = MultipleNegativesRankingLoss(model)
    # `preprocess` replaced `tokenize` in sentence-transformers 6; older ones only have the latter
    encode_inputs = getattr(model, "preprocess", None) or model.tokenize
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=settings.learning_rate
    )
    warmup = max(1, total // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup) * max(0.0, 1 - step / (total + 1))
    )
    threads = torch.get_num_threads()
    if settings.threads:
        torch.set_num_threads(settings.threads)
    # Without dropout: no masks kept for the backward pass (banking77's long phrasings:
    # peak 2.5 → 1.7 GB), 8 % faster, and the same model (CLINC150 validation hit@1 0.909
    # either way, banking77 0.834 → 0.836).
    model.train(settings.dropout)
    try:
        for batch in plan:
            anchors = encode_inputs([a for a, _ in batch])
            positives = encode_inputs([p for _, p in batch])
            value = loss([anchors, positives], torch.empty(0))
            optimizer.zero_grad()
            value.backward()
            optimizer.step()
            scheduler.step()
            if progress is not None:
                progress(1)
    finally:
        torch.set_num_threads(threads)  # process-wide: give answers their threads back
    model.eval()
    model.max_seq_length = serving_length  # it reads answers and passages as far as before
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))
    del model, loss, optimizer, scheduler
    give_back_memory()
    return TunedModel(
        path=out_dir,
        base_model=base_model,
        articles=len(groups),
        pairs=sum(len(b) for b in plan),
        steps=total,
        seed=settings.seed,
        seconds=round(time.perf_counter() - started, 1),
        peak_rss_mb=round(peak_rss_mb(), 1),
    )


# -- storing and serving --------------------------------------------------------------------


def pack(folder: Path) -> tuple[bytes, str]:
    """A deterministic tar of the model folder (sorted, no times or owners) and its SHA-256."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = tarfile.TarInfo(path.relative_to(folder).as_posix())
            info.size = path.stat().st_size
            info.mode = 0o644
            with path.open("rb") as handle:
                tar.addfile(info, handle)
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()


def unpack(data: bytes, sha: str, cache_dir: Path) -> Path:
    """The model folder for `sha` in the cache, unpacked (once, atomically) from `data`."""
    target = cache_dir / sha
    if (target / ".complete").exists():
        return target
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha:
        raise TuningError(
            f"stored model {sha[:12]} is corrupt (its content hashes to {actual[:12]})"
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{sha[:12]}.", dir=cache_dir))
    with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
        tar.extractall(staging, filter="data")
    (staging / ".complete").write_text(sha + "\n")
    try:
        os.replace(staging, target)
    except OSError:  # another process unpacked it first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def cached_model(session: Session, sha: str, cache_dir: Path) -> Path:
    """The on-disk folder of a stored model, fetched from the database when not cached."""
    target = cache_dir / sha
    if (target / ".complete").exists():
        return target
    data = session.scalar(select(SearchModelRow.archive).where(SearchModelRow.sha256 == sha))
    if data is None:
        raise TuningError(f"model {sha[:12]} is not in the database")
    return unpack(bytes(data), sha, cache_dir)


def state(session: Session) -> SearchStateRow:
    row = session.get(SearchStateRow, STATE_ID)
    if row is None:  # a database created before the row existed
        row = SearchStateRow(id=STATE_ID, generation=0)
        session.add(row)
        session.flush()
    return row


def generation(session: Session) -> tuple[int, str | None]:
    """(generation, active model sha): one small read a replica makes to notice changes."""
    found = session.execute(
        select(SearchStateRow.generation, SearchStateRow.active_model_sha).where(
            SearchStateRow.id == STATE_ID
        )
    ).first()
    return (int(found[0]), found[1]) if found else (0, None)


def bump(session: Session) -> None:
    session.execute(
        update(SearchStateRow)
        .where(SearchStateRow.id == STATE_ID)
        .values(generation=SearchStateRow.generation + 1)
    )


def store(
    session: Session,
    tuned: TunedModel,
    watermark: int,
    by: str,
    *,
    data: bytes | None = None,
    sha: str | None = None,
) -> str:
    """Save the trained model in the database (idempotent by hash); returns its SHA-256.

    `data` and `sha` are its packed form when already computed (`pack`).
    """
    if data is None or sha is None:
        data, sha = pack(tuned.path)
    if session.scalar(select(SearchModelRow.id).where(SearchModelRow.sha256 == sha)) is None:
        session.add(
            SearchModelRow(
                sha256=sha,
                base_model=tuned.base_model,
                archive=data,
                size_bytes=len(data),
                articles=tuned.articles,
                pairs=tuned.pairs,
                steps=tuned.steps,
                seed=tuned.seed,
                seconds=tuned.seconds,
                watermark=watermark,
                created_by=by,
                created_at=utcnow(),
            )
        )
    return sha


def activate(session: Session, sha: str | None) -> None:
    """Put a stored model (or, with None, the base model) in service for every replica."""
    state(session)
    session.execute(
        update(SearchStateRow)
        .where(SearchStateRow.id == STATE_ID)
        .values(active_model_sha=sha, generation=SearchStateRow.generation + 1)
    )


def active_model(session: Session) -> SearchModelRow | None:
    sha = generation(session)[1]
    if sha is None:
        return None
    return session.scalar(select(SearchModelRow).where(SearchModelRow.sha256 == sha))


def claim_lease(session: Session, holder: str, seconds: float) -> bool:
    """Take the background-tuning lease if free or expired (compare-and-set; one replica wins)."""
    state(session)
    now = utcnow()
    taken = session.execute(
        update(SearchStateRow)
        .where(
            SearchStateRow.id == STATE_ID,
            or_(SearchStateRow.lease_until.is_(None), SearchStateRow.lease_until < now),
        )
        .values(lease_by=holder, lease_until=now + timedelta(seconds=seconds))
    )
    return bool(getattr(taken, "rowcount", 0) == 1)


def release_lease(session: Session, holder: str) -> None:
    session.execute(
        update(SearchStateRow)
        .where(SearchStateRow.id == STATE_ID, SearchStateRow.lease_by == holder)
        .values(lease_by=None, lease_until=None)
    )
