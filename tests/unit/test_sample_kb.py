"""The bundled sample knowledge base: valid, varied, round-trips, and answers what it covers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.db import Database
from bot.paths import CONFIG_DIR
from knowledge.article import Viewer
from knowledge.decision import Decision
from knowledge.embedder import Embedder
from knowledge.markdown import parse_article
from knowledge.search import KnowledgeSearch
from knowledge.transfer import export_articles, import_path

SAMPLE = CONFIG_DIR / "articles"


def test_the_sample_is_large_bilingual_and_mixes_every_state() -> None:
    articles = [parse_article(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("*.md")]
    assert len(articles) >= 30
    languages = Counter(a.language for a in articles)
    assert languages["fr"] >= len(articles) * 0.28
    states = {(a.confidence.value, a.audience.value) for a in articles}
    assert {
        ("validated", "employees"),
        ("validated", "internal"),
        ("not_validated", "employees"),
        ("wip", "internal"),
        ("archived", "employees"),
    } <= states
    topics = " ".join(" ".join(a.tags) for a in articles)
    for topic in (
        "password",
        "mfa",
        "vpn",
        "wifi",
        "outlook",
        "printer",
        "laptop",
        "access",
        "payroll",
        "expenses",
        "paie",
        "frais",
    ):
        assert topic in topics, topic


def test_the_sample_imports_cleanly_and_round_trips(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        report = import_path(session, SAMPLE, max_bytes=200_000, by="t")
        assert report.ok and report.counts["created"] == len(list(SAMPLE.glob("*.md")))
        export_articles(session, tmp_path)
    for path in SAMPLE.glob("*.md"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_sample_answers_what_it_covers_and_nothing_else(
    db: Database, embedder: Embedder, tmp_path: Path
) -> None:
    with db.session() as session:
        import_path(session, SAMPLE, max_bytes=200_000, by="t")
    search = KnowledgeSearch(db, load_settings().search, tmp_path / "index", embedder=embedder)
    expected = {
        "my vpn keeps dropping every few minutes": "vpn-disconnects-wifi",
        "the payroll export is taking forever and payroll must run tomorrow": "payroll-export-slow",
        "l'export de paie est très lent": "export-paie-lent",
        "j'ai oublié mon mot de passe": "mot-de-passe-oublie",
        "my laptop asks for a bitlocker recovery key": "bitlocker-recovery-key",
        "how do i claim mileage": "mileage-claim",
        "je ne reçois pas la notification MFA": "mfa-notification-absente",
    }
    for query, article_id in expected.items():
        result = search.search(query)
        assert result.decision is Decision.ANSWER, (query, result.hits[:3])
        assert result.choices[0].article_id == article_id
    for unrelated in ("what is the capital of Australia", "recommend a good pasta recipe"):
        assert search.search(unrelated).decision is Decision.NONE
    # The not-validated Outlook article is for agents only.
    employee = {h.article_id for h in search.search("Outlook error 0x800CCC0E").hits}
    agent = search.search("Outlook error 0x800CCC0E", Viewer.AGENT)
    assert "outlook-error-0x800ccc0e" not in employee
    assert agent.hits[0].article_id == "outlook-error-0x800ccc0e"
