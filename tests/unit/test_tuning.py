"""Search fitted to its knowledge base, end to end: calibrate, tune, serve the tuned model on
every replica, go back, survive a killed run, and the background upkeep."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import SearchSettings, load_settings
from bot.db import Database
from knowledge import repository, tuning, upkeep
from knowledge.article import ArticleContent, ArticleType, Audience, Confidence
from knowledge.calibration import shipped_thresholds
from knowledge.embedder import Embedder
from knowledge.search import KnowledgeSearch
from knowledge.tables import CalibrationRow, SearchModelRow
from knowledge.vector_index import VectorIndex
from tests.conftest import FIXTURE_ARTICLES

TOPICS = {
    "vpn-drops": ["my VPN keeps disconnecting", "the VPN drops every few minutes", "VPN unstable"],
    "printer-jam": [
        "the printer is jammed",
        "paper stuck in the printer",
        "printer jam on floor 2",
    ],
    "password-reset": ["I forgot my password", "reset my password please", "locked out, password"],
    "wifi-guest": ["guest wifi code", "how do visitors get on the wifi", "wifi for a guest"],
    "laptop-slow": ["my laptop is very slow", "computer takes ages to start", "PC sluggish"],
    "email-full": [
        "my mailbox is full",
        "cannot send mail, quota exceeded",
        "outlook storage full",
    ],
    "screen-broken": ["my screen is cracked", "monitor shows nothing", "display flickers"],
    "new-badge": ["I lost my badge", "need a new access card", "badge does not open the door"],
    "teams-audio": [
        "no sound in Teams calls",
        "Teams microphone not working",
        "can't hear in Teams",
    ],
    "payslip": ["where is my payslip", "I can't find my salary slip", "download my pay slip"],
    "holiday-request": ["how do I book holidays", "request annual leave", "vacation request form"],
    "software-install": [
        "install new software",
        "I need Visio installed",
        "request an application",
    ],
}


def tiny_kb() -> list[ArticleContent]:
    return [
        ArticleContent(
            id=slug,
            title=slug.replace("-", " "),
            type=ArticleType.HOW_TO,
            confidence=Confidence.VALIDATED,
            audience=Audience.EMPLOYEES,
            language="en",
            owner="it",
            issue=tuple(phrasings),
            resolution=f"Follow the {slug} procedure.",
        )
        for slug, phrasings in TOPICS.items()
    ]


def seed_tiny(db: Database) -> None:
    with db.session() as session:
        for content in tiny_kb():
            repository.upsert(session, content, by="seed")


def tiny_search(db: Database, tmp_path: Path, settings: SearchSettings) -> KnowledgeSearch:
    """The tiny KB in the database, searched with `settings` (models under tmp_path)."""
    seed_tiny(db)
    search = KnowledgeSearch(db, settings, tmp_path / "index", models_dir=tmp_path / "models")
    search.load()
    return search


def fast_settings(**calibration: object) -> SearchSettings:
    """A tiny KB, a handful of steps: seconds, not minutes."""
    base = load_settings().search
    return base.model_copy(
        update={
            "tuning": base.tuning.model_copy(update={"batch_size": 6, "min_steps": 1}),
            "calibration": base.calibration.model_copy(update=calibration),
        }
    )


def test_the_tuning_lease_goes_to_one_replica_at_a_time(db: Database) -> None:
    with db.session() as session:
        assert tuning.claim_lease(session, "a", 60)
    with db.session() as session:
        assert not tuning.claim_lease(session, "b", 60)
    with db.session() as session:
        tuning.release_lease(session, "b")  # not the holder: nothing happens
        assert not tuning.claim_lease(session, "b", 60)
        tuning.release_lease(session, "a")
    with db.session() as session:
        assert tuning.claim_lease(session, "b", -1)  # taken, already expired
    with db.session() as session:
        assert tuning.claim_lease(session, "c", 60)


@pytest.mark.slow
def test_a_small_kb_keeps_the_shipped_thresholds_and_says_so(
    db: Database, embedder: Embedder, tmp_path: Path
) -> None:
    from tests.unit.test_search import seed

    seed(db)  # 7 fixture articles, fewer visible to employees
    assert len(list(FIXTURE_ARTICLES.glob("*.md"))) < 10
    search = KnowledgeSearch(db, fast_settings(), tmp_path / "index", embedder)
    search.load()
    outcome = upkeep.calibrate(search, by="test")
    assert outcome.calibration is None and "too few to calibrate" in outcome.reason
    assert search.thresholds == shipped_thresholds(search.settings)
    assert search.threshold_source.startswith("shipped")
    with db.session() as session:
        assert upkeep.calibrations_count(session) == 0


@pytest.mark.slow
def test_tuning_puts_a_stored_model_in_service_everywhere_and_off_goes_back(
    db: Database, tmp_path: Path
) -> None:
    settings = fast_settings()
    search = tiny_search(db, tmp_path, settings)
    base_key = search.model_key
    assert base_key == settings.model
    stages: list[tuple[str, int | None]] = []
    steps: list[int] = []
    outcome = upkeep.tune(
        search,
        by="test",
        steps=2,
        on_stage=lambda name, total: stages.append((name, total)),
        on_step=lambda stage: steps.append,
    )
    assert stages == [
        ("training the calibration twin", 2),
        ("calibrating", None),
        ("asking the base model the same questions", None),
        ("training", 1),  # continuing the twin: a third of the steps
        ("indexing", None),
    ]
    assert steps == [1, 1, 1]
    key = tuning.model_key(settings.model, outcome.sha)
    assert search.model_key == key and search.tuned_sha == outcome.sha
    with db.session() as session:
        row = session.scalar(select(SearchModelRow))
        assert row is not None and row.sha256 == outcome.sha and row.steps == 3  # twin's too
        assert hashlib.sha256(row.archive).hexdigest() == outcome.sha
        assert tuning.generation(session)[1] == outcome.sha
        # a replica on another host fetches it from the database into its own cache
        fetched = tuning.cached_model(session, outcome.sha, tmp_path / "elsewhere")
        calibrated = session.scalar(select(CalibrationRow).where(CalibrationRow.model_key == key))
    assert (fetched / ".complete").read_text().strip() == outcome.sha
    assert (tmp_path / "models" / outcome.sha / ".complete").exists()
    assert not list((tmp_path / "models").glob(".training.*"))  # scratch cleaned up
    manifest = VectorIndex.read_manifest(tmp_path / "index")
    assert manifest is not None and manifest.model == key
    assert calibrated is not None and search.threshold_source.startswith("calibrated")
    replica = KnowledgeSearch(db, settings, tmp_path / "replica", models_dir=tmp_path / "elsewhere")
    assert replica.search("paper stuck in the printer").hits[0].article_id == "printer-jam"
    assert replica.model_key == key
    # enough changes since it was trained: the background worker would tune again
    tuned = search.settings.model_copy(
        update={"tuning": settings.tuning.model_copy(update={"retune_after_changes": 1})}
    )
    search.settings = tuned
    assert upkeep.due_work(search) is None
    with db.session() as session:
        repository.record_reuse(session, "payslip", phrase="salary statement missing", by="u")
    assert upkeep.due_work(search) == "tune"

    assert upkeep.tune_off(search) is not None
    assert search.model_key == base_key
    replica.search("printer jam")  # the replica notices and switches back
    assert replica.model_key == base_key
    assert upkeep.tune_off(search) is None  # already off


@pytest.mark.slow
def test_a_tuning_run_killed_half_way_leaves_the_previous_model(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'relais.db'}")
    db.upgrade()
    seed_tiny(db)
    settings = fast_settings(enabled=False)
    settings.tuning.threads = 1
    search = KnowledgeSearch(db, settings, tmp_path / "index", models_dir=tmp_path / "models")
    search.load()
    import torch

    threads = torch.get_num_threads()

    def killed(stage: str) -> Callable[[int], None]:
        def step(_: int) -> None:
            raise KeyboardInterrupt

        return step

    with pytest.raises(KeyboardInterrupt):
        upkeep.tune(search, by="test", steps=3, on_step=killed)
    with db.session() as session:
        assert session.scalar(select(func.count(SearchModelRow.id))) == 0
        assert tuning.generation(session)[1] is None
    assert search.model_key == search.settings.model
    assert torch.get_num_threads() == threads  # training's thread count does not linger
    assert not list((tmp_path / "models").iterdir())
    assert search.search("I forgot my password").hits[0].article_id == "password-reset"
    db.dispose()


@pytest.mark.slow
def test_kb_thresholds_reach_every_replica_and_are_kept_up_after_confirmed_phrasings(
    db: Database, embedder: Embedder, tmp_path: Path
) -> None:
    seed_tiny(db)
    settings = fast_settings(recalibrate_after_changes=1)
    other = KnowledgeSearch(db, settings, tmp_path / "other", embedder)
    other.search("my VPN keeps disconnecting")  # serving with the shipped thresholds
    assert other.threshold_source.startswith("shipped")
    search = KnowledgeSearch(db, settings, tmp_path / "index", embedder)
    worker = upkeep.SearchUpkeep(search)
    assert worker.run_once() is None  # never calibrated: nothing to keep up

    outcome = upkeep.calibrate(search, by="test")
    found = outcome.calibration
    assert found is not None
    assert found.articles == 12 and found.in_scope == 36 and found.on_topic_oos == 24
    assert found.off_topic >= 100 and len(found.curve) == 12
    assert search.thresholds == found.thresholds
    assert search.threshold_source.startswith("calibrated on this knowledge base")
    other.search("printer jam")  # the next search notices, without a restart
    assert other.thresholds == found.thresholds
    # what the calibration promised holds on its own queries
    assert found.expected["answer_precision"] >= 0.95 or not found.answers

    assert worker.run_once() is None  # nothing changed since
    with db.session() as session:
        repository.record_reuse(session, "payslip", phrase="where's my pay statement", by="u")
        assert tuning.claim_lease(session, "another-replica", 60)
    assert worker.run_once() is None  # another replica holds the lease
    with db.session() as session:
        tuning.release_lease(session, "another-replica")
    assert worker.run_once() == "calibrate"
    with db.session() as session:
        assert upkeep.calibrations_count(session) == 2
    assert worker.run_once() is None


@pytest.mark.slow
def test_tuning_learns_without_touching_the_token_table(tmp_path: Path) -> None:
    """Frozen word embeddings: half the weights need no gradient or optimiser state."""
    import torch
    from safetensors.torch import load_file

    from knowledge.embedder import resolve_model

    settings = fast_settings().tuning
    trained = tuning.train(settings_model(), tiny_kb(), settings, tmp_path / "model", steps=2)
    before = load_file(str(Path(resolve_model(settings_model())) / "model.safetensors"))
    after = load_file(str(trained.path / "model.safetensors"))
    table = next(k for k in before if k.endswith("word_embeddings.weight"))
    assert torch.equal(before[table], after[table])
    moved = [k for k in before if k in after and not torch.equal(before[k], after[k])]
    assert any("attention" in k for k in moved)
    # trained on short phrasings, it still reads passages as far as the base model does
    from sentence_transformers import SentenceTransformer

    served = SentenceTransformer(str(trained.path), device="cpu").max_seq_length
    assert served == SentenceTransformer(resolve_model(settings_model())).max_seq_length
    assert served is not None and served > settings.max_seq_length

    unfrozen = settings.model_copy(update={"freeze_word_embeddings": False})
    again = tuning.train(settings_model(), tiny_kb(), unfrozen, tmp_path / "unfrozen", steps=2)
    assert not torch.equal(before[table], load_file(str(again.path / "model.safetensors"))[table])


def settings_model() -> str:
    return load_settings().search.model


@pytest.mark.skipif(not tuning.CLEAR_REFS.exists(), reason="needs Linux /proc/self/clear_refs")
def test_the_peak_memory_reported_is_the_tuning_runs_not_an_earlier_one() -> None:
    """A server that once held a big batch must not report it as what tuning needed."""
    block = bytearray(300 * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])  # touch every page: resident
    earlier = tuning.peak_rss_mb()
    del block
    tuning.reset_peak_rss()
    assert tuning.peak_rss_mb() < earlier - 200
    assert tuning.rss_mb() <= tuning.peak_rss_mb() + 1


@pytest.mark.slow
def test_without_continuing_the_twin_the_served_model_trains_from_the_base_again(
    db: Database, tmp_path: Path
) -> None:
    settings = fast_settings()
    settings = settings.model_copy(
        update={"tuning": settings.tuning.model_copy(update={"continue_twin_share": 0.0})}
    )
    search = tiny_search(db, tmp_path, settings)
    stages: list[tuple[str, int | None]] = []
    outcome = upkeep.tune(
        search, by="test", steps=2, on_stage=lambda name, total: stages.append((name, total))
    )
    assert ("training", 2) in stages
    with db.session() as session:
        row = session.scalar(select(SearchModelRow).where(SearchModelRow.sha256 == outcome.sha))
        assert row is not None and row.steps == 2


@pytest.mark.slow
def test_tuning_that_would_answer_less_than_the_base_model_leaves_the_base_in_service(
    db: Database, tmp_path: Path
) -> None:
    settings = fast_settings()
    search = tiny_search(db, tmp_path, settings)
    upkeep.tune(search, by="test", steps=2)
    assert search.tuned_sha is not None
    # a learning rate that wrecks the encoder: every phrasing ends up anywhere
    wrecking = settings.tuning.model_copy(update={"learning_rate": 5e-3})
    search.settings = settings.model_copy(update={"tuning": wrecking})
    with pytest.raises(tuning.TuningError, match="worse on this knowledge base") as refused:
        upkeep.tune(search, by="test", steps=6)
    assert "the base model is back in service" in str(refused.value)
    assert search.model_key == settings.model and search.tuned_sha is None
    with db.session() as session:
        assert tuning.generation(session)[1] is None
    assert search.search("paper stuck in the printer").hits[0].article_id == "printer-jam"
    assert not list((tmp_path / "models").glob(".training.*"))


@pytest.mark.slow
def test_the_background_worker_takes_a_refused_tuning_as_a_decision_and_stops_retrying(
    db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = fast_settings()
    search = tiny_search(db, tmp_path, settings)
    upkeep.tune(search, by="test", steps=2)
    wrecking = settings.tuning.model_copy(
        update={"learning_rate": 5e-3, "retune_after_changes": 1, "max_steps": 6}
    )
    search.settings = settings.model_copy(update={"tuning": wrecking})
    with db.session() as session:
        repository.record_reuse(session, "payslip", phrase="salary statement missing", by="u")
    worker = upkeep.SearchUpkeep(search)
    with caplog.at_level("WARNING", logger="knowledge.upkeep"):
        assert worker.run_once() == "tune"  # no exception: a decision, not a fault
    assert "not tuned: tuning would make search worse" in caplog.text
    assert search.tuned_sha is None
    assert upkeep.due_work(search) is None  # the base model is in service: nothing to redo
