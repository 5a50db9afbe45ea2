"""Article lifecycle in the database: reuse, confirmed phrases, flags, change feed."""

from __future__ import annotations

from bot.db import Database
from knowledge import repository
from knowledge.article import Viewer
from knowledge.markdown import parse_article
from knowledge.repository import UpsertStatus
from tests.conftest import FIXTURE_ARTICLES


def load_fixtures(db: Database) -> None:
    with db.session() as session:
        for path in sorted(FIXTURE_ARTICLES.glob("*.md")):
            repository.upsert(session, parse_article(path.read_text()), by="seed")


def test_reuse_counts_and_keeps_the_phrasing_once(db: Database) -> None:
    load_fixtures(db)
    with db.session() as session:
        repository.record_reuse(
            session, "vpn-disconnects-wifi", phrase="my  VPN cuts out", by="U1", ticket_ref="C1:1"
        )
        repository.record_reuse(session, "vpn-disconnects-wifi", phrase="My VPN cuts out", by="U2")
        repository.record_reuse(
            session, "vpn-disconnects-wifi", phrase="VPN keeps dropping", by="U3"
        )
    with db.session() as session:
        row = repository.require(session, "vpn-disconnects-wifi")
        assert row.reuse_count == 3
        assert row.last_reused_at is not None
        assert repository.content_of(row).search_phrases == ("my VPN cuts out",)
        assert row.version == 2 and row.revisions[-1].note == "confirmed search phrase"
        assert [link.ticket_ref for link in row.links] == ["C1:1"]


def test_flags_are_kept_with_who_and_why(db: Database) -> None:
    load_fixtures(db)
    with db.session() as session:
        repository.add_flag(session, "outlook-error-0x800ccc0e", by="agent1", reason="step 2 moved")
    with db.session() as session:
        row = repository.require(session, "outlook-error-0x800ccc0e")
        assert [(f.by, f.reason, f.status) for f in row.flags] == [
            ("agent1", "step 2 moved", "open")
        ]


def test_change_feed_lists_each_changed_article_after_a_watermark(db: Database) -> None:
    load_fixtures(db)
    with db.session() as session:
        seen = repository.latest_change(session)
        assert seen == 7
        result = repository.upsert(
            session,
            parse_article((FIXTURE_ARTICLES / "anyconnect-old.md").read_text()),
            by="seed",
        )
        assert result.status is UpsertStatus.UNCHANGED
        assert repository.changed_since(session, seen) == (seen, set())
        repository.record_reuse(session, "mot-de-passe-oublie", phrase="mdp perdu", by="U1")
        newest, changed = repository.changed_since(session, seen)
        assert newest == seen + 1
        assert changed == {repository.require(session, "mot-de-passe-oublie").pk}


def test_visibility_rules_follow_kcs_states(db: Database) -> None:
    load_fixtures(db)
    with db.session() as session:
        employee = {row.slug for row in repository.list_articles(session, Viewer.EMPLOYEE)}
        agent = {row.slug for row in repository.list_articles(session, Viewer.AGENT)}
    assert employee == {"vpn-disconnects-wifi", "outlook-error-0x800ccc0e", "mot-de-passe-oublie"}
    assert agent == employee | {
        "unlock-account-admin",
        "printer-jam-draft",
        "payroll-export-framed",
    }
    assert "anyconnect-old" not in agent
