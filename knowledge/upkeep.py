"""Keeping the search fitted to its knowledge base: calibrate, tune, turn tuning off, and the
background worker that does it again after enough changes (one replica at a time)."""

from __future__ import annotations

import logging
import math
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.base import utcnow
from knowledge import repository, tuning
from knowledge.article import ArticleContent, Viewer
from knowledge.background import give_way
from knowledge.calibration import (
    Calibration,
    calibrate_kb,
    holdout_for_tuning,
    training_view,
)
from knowledge.embedder import Embedder, shared_embedder
from knowledge.search import KnowledgeSearch, Progress, SyncStats
from knowledge.tables import CalibrationRow, SearchModelRow

log = logging.getLogger(__name__)


def kb_articles(session: Session, viewer: Viewer) -> list[tuple[str, ArticleContent]]:
    return [
        (row.slug, repository.content_of(row)) for row in repository.list_articles(session, viewer)
    ]


@dataclass
class CalibrationOutcome:
    """A calibration, or why the shipped thresholds stay (`calibration` is None)."""

    calibration: Calibration | None
    model_key: str
    articles: int
    reason: str = ""


def calibrate(
    search: KnowledgeSearch,
    *,
    by: str,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
    save: bool = True,
    learn: bool = True,
) -> CalibrationOutcome:
    """Fit the thresholds of the model in service (or `embedder`) on the knowledge base,
    and the learned answer model unless `learn` is False."""
    settings = search.settings
    used = embedder or search.embedder
    with search.db.session() as session:
        articles = kb_articles(session, Viewer.EMPLOYEE)
        watermark = repository.latest_change(session)
    minimum = settings.calibration.min_articles
    if len(articles) < minimum:
        reason = (
            f"{len(articles)} articles employees can see (fewer than {minimum}): too few to "
            "calibrate, the shipped thresholds stay"
        )
        return CalibrationOutcome(None, used.name, len(articles), reason)
    found = calibrate_kb(articles, settings, used, progress, learn=learn)
    if save:
        with search.db.session() as session:
            save_calibration(session, used.name, found, watermark, by)
        search.refresh_state()
    return CalibrationOutcome(found, used.name, len(articles))


def save_calibration(
    session: Session, key: str, found: Calibration, watermark: int, by: str
) -> None:
    session.add(
        CalibrationRow(
            model_key=key,
            thresholds=found.to_json()["thresholds"],
            answer_model=found.answer_model.to_json() if found.answer_model else None,
            report=found.to_json(),
            watermark=watermark,
            created_by=by,
            created_at=utcnow(),
        )
    )
    tuning.bump(session)


def latest_calibration(session: Session, key: str) -> CalibrationRow | None:
    return session.scalar(
        select(CalibrationRow)
        .where(CalibrationRow.model_key == key)
        .order_by(CalibrationRow.id.desc())
        .limit(1)
    )


@dataclass
class TuneOutcome:
    """What `tune` did: the model now in service and how it was made."""

    sha: str
    trained: tuning.TunedModel
    index: SyncStats
    calibration: CalibrationOutcome | None


def tune(
    search: KnowledgeSearch,
    *,
    by: str,
    on_step: Callable[[str], Progress] | None = None,
    on_embed: Progress | None = None,
    on_stage: Callable[[str, int | None], None] | None = None,
    steps: int | None = None,
) -> TuneOutcome:
    """Fine-tune the base model on the knowledge base and put it in service.

    Order: (when calibration is on and the KB is big enough) train a twin without what the
    holdout keeps aside and fit the thresholds with it; stop with TuningError (and the base
    model in service) when the base model answers more of those unseen questions right; train
    the model on everything (by
    default continuing the twin for a third of the steps, else from the base model); pack
    and hash it; index every article with it aside and swap the index in; then, in one
    transaction, store the model and its calibration and mark it in service. Killed before
    that transaction, the previous model stays in service (replicas see no change; a stale
    index on disk is rebuilt as derived data). `on_stage(name, steps)` announces each stage
    (with its number of training steps), `on_step(name)` gives that stage's per-step callback.
    """
    settings = search.settings
    stage = on_stage or (lambda name, total: None)
    tuning.reset_peak_rss()  # the peak reported is this run's: twin, calibration, training
    with search.db.session() as session:
        articles = kb_articles(session, Viewer.AGENT)
        employees = kb_articles(session, Viewer.EMPLOYEE)
        watermark = repository.latest_change(session)
    everything = [content for _, content in articles]
    groups = len(tuning.training_groups(everything))
    if groups < settings.tuning.min_articles:
        raise tuning.TuningError(
            f"{groups} articles with phrasings to learn from (fewer than "
            f"{settings.tuning.min_articles}): the base model and its thresholds stay in service"
        )
    models_dir = search.models_dir
    models_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".training.", dir=models_dir))
    key: str | None = None
    calibration: CalibrationOutcome | None = None
    twin: tuning.TunedModel | None = None
    try:
        cal = settings.calibration
        if cal.enabled and len(employees) >= cal.min_articles:
            holdout = holdout_for_tuning(employees, cal)
            view = training_view(articles, employees, cal, holdout)
            twin_steps = steps or tuning.planned_steps(
                len(tuning.training_groups(view)), settings.tuning
            )
            stage("training the calibration twin", twin_steps)
            twin = tuning.train(
                settings.model,
                view,
                settings.tuning,
                scratch / "twin",
                on_step("training the calibration twin") if on_step else None,
                twin_steps,
                minimum=2,
            )
            twin_embedder = Embedder(str(twin.path), name="calibration twin")
            stage("calibrating", None)
            found = calibrate_kb(employees, settings, twin_embedder, None, holdout)
            calibration = CalibrationOutcome(found, "", len(employees))
            del twin_embedder
            if settings.tuning.keep_base_if_better:
                stage("asking the base model the same questions", None)
                base_embedder = shared_embedder(settings.model)
                baseline = calibrate_kb(employees, settings, base_embedder, None, holdout)
                tuned_coverage, base_coverage = found.served_coverage, baseline.served_coverage
                if tuned_coverage < base_coverage:
                    back = tune_off(search) is not None
                    raise tuning.TuningError(
                        f"tuning would make search worse on this knowledge base: on the questions "
                        f"the tuned twin never saw it answers {tuned_coverage:.0%} right at the "
                        f"target precision, the base model {base_coverage:.0%}; the base model "
                        + ("is back in service" if back else "stays in service")
                    )
        elif cal.enabled:
            calibration = CalibrationOutcome(
                None,
                "",
                len(employees),
                f"{len(employees)} articles employees can see (fewer than {cal.min_articles}): "
                "too few to calibrate, the shipped thresholds apply",
            )
        final_steps = steps or tuning.planned_steps(groups, settings.tuning)
        share = settings.tuning.continue_twin_share
        start = twin.path if twin is not None and share > 0 else None
        if start is not None:  # never fewer than any training gets: a small KB is quick
            least = min(settings.tuning.min_steps, final_steps)
            final_steps = max(least, math.ceil(final_steps * share))
        tuning.give_back_memory()  # what calibrating held, before training allocates again
        stage("training", final_steps)
        trained = tuning.train(
            settings.model,
            everything,
            settings.tuning,
            scratch / "model",
            on_step("training") if on_step else None,
            final_steps,
            start_from=start,
        )
        if twin is not None and start is not None:
            trained = replace(  # what went into the served model, the twin's part included
                trained,
                steps=twin.steps + trained.steps,
                pairs=twin.pairs + trained.pairs,
                seconds=round(twin.seconds + trained.seconds, 1),
            )
        data, sha = tuning.pack(trained.path)
        folder = tuning.unpack(data, sha, models_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    key = tuning.model_key(settings.model, sha)
    if calibration is not None:
        calibration.model_key = key
    shared_embedder(key, location=str(folder))
    stage("indexing", None)
    stats = search.adopt(sha, on_embed)
    with search.db.session() as session:
        tuning.store(session, trained, watermark, by, data=data, sha=sha)
        if calibration is not None and calibration.calibration is not None:
            save_calibration(session, key, calibration.calibration, watermark, by)
        tuning.activate(session, sha)
    search.refresh_state()
    return TuneOutcome(sha, trained, stats, calibration)


def tune_off(search: KnowledgeSearch, progress: Progress | None = None) -> SyncStats | None:
    """Back to the base model; None when it was already in service."""
    with search.db.session() as session:
        if tuning.generation(session)[1] is None:
            return None
        tuning.activate(session, None)
    return search.adopt(None, progress)


def changes_since(session: Session, watermark: int) -> int:
    """How many articles changed after a change-feed position."""
    return len(repository.changed_since(session, watermark)[1])


def due_work(search: KnowledgeSearch) -> str | None:
    """'tune', 'calibrate' or None: what the background worker should do now."""
    tuning_settings = search.settings.tuning
    cal = search.settings.calibration
    with search.db.session() as session:
        sha = tuning.generation(session)[1]
        if sha is not None and tuning_settings.retune_after_changes:
            model = session.scalar(select(SearchModelRow).where(SearchModelRow.sha256 == sha))
            if (
                model is not None
                and changes_since(session, model.watermark) >= tuning_settings.retune_after_changes
            ):
                return "tune"
        if cal.enabled and cal.recalibrate_after_changes:
            key = tuning.model_key(search.settings.model, sha)
            last = latest_calibration(session, key)
            if last is not None and changes_since(session, last.watermark) >= (
                cal.recalibrate_after_changes
            ):
                return "calibrate"
    return None


def calibrations_count(session: Session) -> int:
    return int(session.scalar(select(func.count(CalibrationRow.id))) or 0)


class SearchUpkeep:
    """Background re-tuning and recalibration for `relais serve`; never blocks answers.

    It only keeps up what an operator started: re-tunes while a tuned model is in service, and
    recalibrates a model that has been calibrated. The lease in `search_state` makes one
    replica do the work; the others switch when the database says so.
    """

    def __init__(self, search: KnowledgeSearch) -> None:
        self.search = search
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="relais-search-upkeep", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        give_way()
        while not self._stop.wait(self.search.settings.tuning.check_every_s):
            try:
                self.run_once()
            except Exception:  # keep the worker alive; the next round tries again
                log.exception("search upkeep failed")

    def run_once(self) -> str | None:
        """Do the due work if this replica wins the lease; returns what was done."""
        work = due_work(self.search)
        if work is None:
            return None
        with self.search.db.session() as session:
            if not tuning.claim_lease(session, self.holder, self.search.settings.tuning.lease_s):
                return None
        try:
            log.info("search upkeep: %s", work)
            if work == "tune":
                try:
                    tune(self.search, by="relais-upkeep")
                except tuning.TuningError as exc:  # a decision, not a fault: say it once
                    log.warning("search upkeep: not tuned: %s", exc)
            else:
                calibrate(self.search, by="relais-upkeep")
        finally:
            with self.search.db.session() as session:
                tuning.release_lease(session, self.holder)
        return work
