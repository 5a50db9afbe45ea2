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


def test_rejected_questions_become_not_for_lines_once_and_close_their_flags(db: Database) -> None:
    from datetime import UTC, datetime

    import pytest

    from knowledge import authoring, feedback

    load_fixtures(db)
    now = datetime(2026, 12, 6, 9, tzinfo=UTC)
    asked = [
        "the office wifi itself drops, VPN off",
        "The office  wifi itself drops, VPN off",  # the same question, asked again
        "still drops after the update, ann@corp.example",
        "I followed the steps and it still fails",
    ]
    with db.session() as session:
        for n, question in enumerate(asked):
            feedback.record_rejection(
                session,
                "vpn-disconnects-wifi",
                by=f"U{n}",
                reason=f"{feedback.REJECTION_REASON}{question}",
                conversation_key=f"D{n}:1",
                now=now,
                threshold=99,
                window_days=7,
            )
        row = repository.require(session, "vpn-disconnects-wifi")
        row.flags[-1].followed_steps = True  # the article is wrong, not out of scope
    network = authoring.Author("UA", frozenset({"network-team"}))
    with db.session() as session:
        row = repository.require(session, "vpn-disconnects-wifi")
        candidates = feedback.open_rejections(row)
        assert [q for _, q in candidates] == asked[:3]
        ids = [flag_id for flag_id, _ in candidates]
        with pytest.raises(authoring.AuthoringError, match="Only knowledge authors"):
            authoring.rule_out(
                session,
                "vpn-disconnects-wifi",
                authoring.Author("UB", frozenset()),
                "x",
                now,
                ids[:1],
            )
        with pytest.raises(authoring.AuthoringError, match="Personal data"):
            authoring.rule_out(session, "vpn-disconnects-wifi", network, "scope", now, ids)
    with db.session() as session:
        assert (
            authoring.rule_out(session, "vpn-disconnects-wifi", network, "Wi-Fi", now, ids[:2]) == 1
        )
    with db.session() as session:
        row = repository.require(session, "vpn-disconnects-wifi")
        assert repository.content_of(row).not_for == ("the office wifi itself drops, VPN off",)
        assert row.revisions[-1].note == "ruled out: Wi-Fi"
        assert [f.status for f in row.flags] == ["resolved", "resolved", "open", "open"]
        assert [q for _, q in feedback.open_rejections(row)] == [asked[2]]
