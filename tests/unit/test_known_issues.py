"""Known issues on a fake encoder (words hashed into a vector): declare, answer, update, fix."""

from __future__ import annotations

import re
import threading
import uuid
import zlib
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from bot.config import KnownIssueSettings, TrendTeamSettings
from bot.conversation import Engine, State
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.db.base import utcnow
from bot.known import issues, resolution, trends
from bot.known.issues import KnownIssueError, Matcher
from bot.known.tables import KnownIssueRow, SubscriptionRow, TrendClusterRow, TrendContactRow
from handoff.tables import TicketEventRow, TicketRow
from knowledge import repository
from knowledge.transfer import import_path
from tests.conversation_kit import Chat, FakeSearch, answer_all, asked, row

FIXTURES = Path(__file__).parent.parent / "fixtures" / "articles"
WORD = re.compile(r"[a-zà-ÿ]{3,}")
SAP = "SAP crashes when I open the invoice screen"


def encode(texts: Sequence[str]) -> np.ndarray:
    """Bag of words hashed into 512 dimensions, unit length: same words, cosine 1."""
    out = np.zeros((len(texts), 512), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in WORD.findall(text.casefold()):
            out[i, zlib.crc32(word.encode()) % 512] += 1.0
        norm = float(np.linalg.norm(out[i]))
        if norm:
            out[i] /= norm
    return out


@pytest.fixture
def kb(db: Database) -> Database:
    with db.session() as session:
        import_path(session, FIXTURES, max_bytes=200_000, by="test")
    return db


def engine(db: Database) -> Engine:
    return Engine(db, FakeSearch(), known=Matcher(lambda: encode, 0.6, utcnow))


def declare(db: Database, **kwargs: object) -> int:
    texts = kwargs.pop("texts", None) or {
        "en": {"title": "SAP invoice screen crashes", "workaround": "Use the web client"},
        "fr": {"title": "SAP plante sur l'écran des factures", "workaround": "Client web"},
    }
    with db.session() as session:
        issue, _ = issues.declare(
            session,
            owner="UAGENT1",
            texts=texts,  # type: ignore[arg-type]
            now=utcnow(),
            next_update_in=timedelta(minutes=30),
            encoder=encode,
            status_channel="CSTATUS",
            **kwargs,  # type: ignore[arg-type]
        )
        return issue.id


def outbox_for(db: Database, key_like: str) -> list[MessageRow]:
    with db.session() as session:
        return list(
            session.scalars(
                select(MessageRow)
                .where(MessageRow.dedupe_key.like(key_like))
                .order_by(MessageRow.id)
            )
        )


def test_a_matching_question_is_answered_at_once_subscribed_and_never_appraised(
    kb: Database,
) -> None:
    issue_id = declare(kb)
    chat = Chat(engine(kb), key="C1:1")
    said = chat.say(SAP)
    assert len(said) == 1 and not asked(said)
    assert "known issue" in said[0].text and "Use the web client" in said[0].text
    assert {c.id for c in said[0].choices} == {"notmine", "notify"}
    assert row(kb, "C1:1").state == State.KNOWN_ISSUE
    french = Chat(engine(kb), key="C1:2", user="U2")
    said_fr = french.say("SAP plante sur l'écran des factures depuis ce matin")
    assert "problème connu" in said_fr[0].text and "Client web" in said_fr[0].text
    with kb.session() as session:
        subs = session.scalars(select(SubscriptionRow)).all()
        assert {(s.known_issue_id, s.how) for s in subs} == {(issue_id, "answered")}
        assert issues.absorbed(session, utcnow() - timedelta(hours=1), utcnow()) == 2
    # An unrelated question goes the normal way.
    other = Chat(engine(kb), key="C1:3", user="U3")
    assert asked(other.say("The badge reader at the north entrance rejects my card"))


def test_not_my_problem_goes_back_to_the_normal_flow_and_unsubscribes(kb: Database) -> None:
    declare(kb)
    chat = Chat(engine(kb))
    chat.say(SAP)
    after = chat.press("Not my problem")
    assert asked(after), "appraisal questions follow, as for any unmatched question"
    with kb.session() as session:
        sub = session.scalars(select(SubscriptionRow)).one()
        assert sub.active is False
    assert row(kb).state == State.APPRAISING


def test_an_update_and_the_fix_reach_every_subscriber_exactly_once(kb: Database) -> None:
    issue_id = declare(kb)
    chats = [Chat(engine(kb), key=f"C1:{n}", user=f"U{n}") for n in range(3)]
    for chat in chats:
        chat.say(SAP)
    chats[0].press("Tell me when fixed")
    chats[2].press("Not my problem")
    with kb.session() as session:
        _, posts = issues.post_update(
            session,
            issue_id,
            by="UAGENT1",
            texts={"en": "Vendor patch in testing"},
            now=utcnow(),
            next_update_in=timedelta(hours=1),
        )
    updates = outbox_for(kb, f"known:{issue_id}:update:%")
    assert len(updates) == 2 and all("Vendor patch" in m.text for m in updates)
    assert len([p for p in posts if p.conversation.startswith("C1:")]) == 2
    with kb.session() as session:
        _, _again = issues.post_update(
            session,
            issue_id,
            by="UAGENT1",
            texts={"fr": "Correctif en test"},
            now=utcnow(),
            next_update_in=timedelta(hours=1),
        )
    assert len(outbox_for(kb, f"known:{issue_id}:update:%")) == 4
    # The English speakers read the French-only update rather than nothing.
    assert "Correctif en test" in outbox_for(kb, f"known:{issue_id}:update:3:%")[0].text
    with kb.session() as session:
        resolution.resolve(
            session,
            issue_id,
            by="UAGENT1",
            by_name="Agent One",
            cause="A bad release",
            resolution="Rolled back the release",
            now=utcnow(),
            draft_owner="it-support",
        )
    fixed = outbox_for(kb, f"known:{issue_id}:resolved:%")
    assert len(fixed) == 2 and all("Rolled back" in m.text for m in fixed)
    assert row(kb, "C1:0").state == State.KNOWN_FIXED
    assert row(kb, "C1:2").state != State.KNOWN_FIXED
    chats[0].last = []
    said = chats[0].pick("fixed:yes")
    assert "rate" in said[0].text.casefold() or said[0].choices
    chats[0].pick("csat:5")
    with kb.session() as session:
        sub = session.scalar(
            select(SubscriptionRow).where(SubscriptionRow.conversation_id == row(kb, "C1:0").id)
        )
        assert sub is not None and sub.confirmed_fixed is True and sub.rating == 5
        issue = session.get(KnownIssueRow, issue_id)
        assert issue is not None and issue.article_id
        article = repository.require(session, issue.article_id)
        content = repository.content_of(article)
        assert content.type.value == "problem" and content.cause == "A bad release"
        assert SAP in content.issue
    # The status message was (re)posted for each version: declared, two updates, resolved.
    assert len(outbox_for(kb, f"known:{issue_id}:status:%")) == 4


def test_bad_input_changes_nothing(kb: Database) -> None:
    with kb.session() as session, pytest.raises(KnownIssueError) as empty:
        issues.declare(
            session,
            owner="U",
            texts={"en": {"title": "  "}, "fr": {"workaround": "x"}},
            now=utcnow(),
            next_update_in=timedelta(minutes=30),
            encoder=encode,
            status_channel="C",
        )
    assert empty.value.key == "known.error.no_title"
    issue_id = declare(kb)
    with kb.session() as session:
        with pytest.raises(KnownIssueError) as no_text:
            issues.post_update(
                session,
                issue_id,
                by="U",
                texts={"en": " "},
                now=utcnow(),
                next_update_in=timedelta(hours=1),
            )
        assert no_text.value.key == "known.error.no_update"
        resolution.resolve(
            session,
            issue_id,
            by="U",
            by_name="U",
            cause="",
            resolution="fixed",
            now=utcnow(),
            draft_owner="it-support",
        )
    with kb.session() as session:
        for attempt in ("update", "resolve"):
            with pytest.raises(KnownIssueError) as resolved:
                if attempt == "update":
                    issues.post_update(
                        session,
                        issue_id,
                        by="U",
                        texts={"en": "x"},
                        now=utcnow(),
                        next_update_in=timedelta(hours=1),
                    )
                else:
                    resolution.resolve(
                        session,
                        issue_id,
                        by="U",
                        by_name="U",
                        cause="",
                        resolution="again",
                        now=utcnow(),
                        draft_owner="it-support",
                    )
            assert resolved.value.key == "known.error.resolved"
            assert "KI-" in resolved.value.say("en")
    with kb.session() as session:
        assert session.scalar(select(func.count(KnownIssueRow.id))) == 1


def _contacts(db: Database, texts: list[str], team: str = "") -> None:
    with db.session() as session:
        for n, text in enumerate(texts):
            key = f"T:{uuid.uuid4().hex}"
            convo = ConversationRow(key=key, user=f"U{n}", channel="C1", verbatim=text)
            session.add(convo)
            session.flush()
            trends.record(session, convo, "none")
            trends.record(session, convo, "ticket")  # once per conversation
            session.flush()
            if team:
                contact = session.scalar(
                    select(TrendContactRow).where(TrendContactRow.conversation_id == convo.id)
                )
                assert contact is not None
                contact.team = team


def test_five_similar_contacts_make_one_alert_which_grows_in_place(db: Database) -> None:
    detector = trends.TrendDetector(db, KnownIssueSettings(), lambda: encode, "CTRIAGE")
    similar = [f"Outlook will not open my mailbox {w}" for w in ("today", "now", "again", "x")]
    _contacts(db, [*similar, "The printer on floor three jams"])
    assert detector.tick() == []  # four similar ones: below the threshold
    _contacts(db, ["Outlook will not open my mailbox since nine"])
    first = detector.tick()
    assert len(first) == 1
    assert detector.tick() == []  # nothing new: nothing queued
    _contacts(db, ["Outlook will not open the mailbox at all"])
    grown = detector.tick()
    assert len(grown) == 1
    alerts = outbox_for(db, "trend:%")
    assert [m.dedupe_key.split(":")[-1] for m in alerts if m.dedupe_key] == ["alert", "6"]
    with db.session() as session:
        seen = trends.view(session, int(alerts[0].payload["actions"][0]["cluster"]))  # type: ignore[index]
        assert seen is not None and seen.count == 6 and len(seen.threads) == 6


def test_a_team_has_its_own_threshold(db: Database) -> None:
    settings = KnownIssueSettings(teams={"network-team": TrendTeamSettings(threshold=2)})
    detector = trends.TrendDetector(db, settings, lambda: encode, "CTRIAGE")
    _contacts(db, ["VPN drops every minute", "VPN drops every minute again"], team="network-team")
    assert len(detector.tick()) == 1


def test_declaring_from_a_cluster_links_its_tickets_and_refuses_a_second_time(
    kb: Database,
) -> None:
    chat = Chat(Engine(kb, FakeSearch()), key="C9:1", user="U9")
    chat.say("The badge reader at the north entrance rejects my card since this morning")
    answer_all(chat, {}, unknown="no idea")
    chat.press("Send")
    detector = trends.TrendDetector(
        kb, KnownIssueSettings(trend_threshold=2), lambda: encode, "CTRIAGE"
    )
    _contacts(kb, ["The badge reader at the north entrance rejects my card since this morning"])
    assert len(detector.tick()) == 1
    with kb.session() as session:
        cluster_id = session.scalar(select(TrendContactRow.cluster_id).limit(1))
        ticket = session.scalars(select(TicketRow)).one()
    assert cluster_id is not None
    issue_id = declare(kb, cluster_id=cluster_id)
    with kb.session() as session:
        events = session.scalars(
            select(TicketEventRow.what).where(TicketEventRow.ticket_id == ticket.id)
        ).all()
        assert "known_issue" in events
        linked = issues.known_issue_of_ticket(session, ticket)
        assert linked is not None and linked.id == issue_id
    assert any("part of a known issue" in m.text for m in outbox_for(kb, f"known:{issue_id}:%"))
    with pytest.raises(KnownIssueError) as twice:
        declare(kb, cluster_id=cluster_id)
    assert twice.value.key == "known.error.twice"
    with kb.session() as session:
        resolution.resolve(
            session,
            issue_id,
            by="UAGENT1",
            by_name="Agent One",
            cause="",
            resolution="Badge server restarted",
            now=utcnow(),
            draft_owner="it-support",
        )
    with kb.session() as session:
        ticket = session.scalars(select(TicketRow)).one()
        assert ticket.status == "resolved"
        whats = session.scalars(
            select(TicketEventRow.what).where(TicketEventRow.ticket_id == ticket.id)
        ).all()
        assert "known_issue_resolved" in whats
    assert row(kb, "C9:1").state == State.CONFIRMING_FIX


def test_an_overdue_update_reminds_the_owner_and_tells_subscribers_once(kb: Database) -> None:
    issue_id = declare(kb)
    Chat(engine(kb)).say(SAP)
    later = utcnow() + timedelta(minutes=31)
    with kb.session() as session:
        assert issues.overdue(session, utcnow()) == []
        due = issues.overdue(session, later)
        assert due == [issue_id]
        posts = issues.still_on_it(session, issue_id, later)
    assert len(posts) == 2  # one subscriber, and the owner's reminder
    with kb.session() as session:
        assert issues.still_on_it(session, issue_id, later) == []
        assert issues.overdue(session, later) == []
    assert "Still on it" in outbox_for(kb, f"known:{issue_id}:still:%")[0].text


def test_a_planned_change_answers_with_its_article_during_its_window(kb: Database) -> None:
    with kb.session() as session:
        article = repository.list_articles(session)[0].slug
    now = utcnow()
    declare(
        kb,
        texts={"en": {"title": "SAP invoice screen upgrade", "affected": "invoice screen"}},
        kind="planned",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
        article_id=article,
    )
    said = Chat(engine(kb)).say("The SAP invoice screen upgrade broke my invoice screen")
    assert "planned change" in said[0].text
    assert said[1].type == "answer" and said[1].article_id == article


def test_a_new_ticket_that_looks_like_a_known_issue_is_pointed_out_to_agents(
    kb: Database,
) -> None:
    declare(kb)
    chat = Chat(engine(kb))
    chat.say(f"talk to a human: {SAP}")  # straight to the statement: no automatic answer
    assert row(kb).state == State.CONFIRMING
    chat.press("Send")
    with kb.session() as session:
        notices = session.scalars(
            select(MessageRow.text).where(MessageRow.audience == "agents")
        ).all()
    assert any("looks like known issue KI-1" in n for n in notices)


def test_the_alert_and_the_status_message_neutralise_what_people_wrote(db: Database) -> None:
    from bot.slack.known_views import Reach, render_alert, render_status

    detector = trends.TrendDetector(
        db, KnownIssueSettings(trend_threshold=2), lambda: encode, "CTRIAGE"
    )
    _contacts(db, ["Outlook <!channel> will not open", "Outlook <@U123> will not open"])
    assert len(detector.tick()) == 1
    with db.session() as session:
        seen = trends.view(session, 1)
        assert seen is not None
        alert = render_alert(seen, "fr", "https://acme.slack.com")
        issue_id = declare(db, texts={"en": {"title": "Outlook <!here> down"}})
        issue = session.get(KnownIssueRow, issue_id)
        assert issue is not None
        status = render_status(issue, Reach(3, 2), "en")
    shown = str(alert.blocks) + alert.text + str(status.blocks) + status.text
    for live in ("<!channel>", "<@U123>", "<!here>"):
        assert live not in shown
    assert "Tendance\u00a0: 2 contacts similaires" in alert.text  # French typography
    assert "Déclarer un problème connu" in str(alert.blocks)
    assert "3 conversations subscribed, 2 answered automatically" in str(status.blocks)


def test_the_question_is_encoded_once_before_the_conversation_is_locked(kb: Database) -> None:
    encoded: list[str] = []

    def counting(texts: Sequence[str]) -> np.ndarray:
        encoded.extend(texts)
        return encode(texts)

    quiet = Engine(kb, FakeSearch(), known=Matcher(lambda: counting, 0.6, utcnow))
    Chat(quiet, key="C1:1").say(SAP)
    assert encoded == []  # no live issue: nothing encoded
    declare(kb)
    Chat(quiet, key="C1:2", user="U2").say(SAP)
    assert encoded == [SAP]  # once, in the prefetch (the locked turn reused it)
    assert row(kb, "C1:2").state == State.KNOWN_ISSUE


def test_a_cluster_marked_not_related_stays_quiet_as_it_grows(db: Database) -> None:
    detector = trends.TrendDetector(
        db, KnownIssueSettings(trend_threshold=2), lambda: encode, "CTRIAGE"
    )
    _contacts(db, ["Teams calls drop after a minute", "Teams calls drop after one minute"])
    assert len(detector.tick()) == 1
    with db.session() as session:
        cluster = session.scalars(select(TrendClusterRow)).one()
        cluster.status = "dismissed"  # what Not related does (bot/slack/known.py)
    _contacts(db, ["Teams calls drop after a minute again"])
    assert detector.tick() == []
    with db.session() as session:
        assert session.scalars(select(TrendClusterRow)).one().size == 3


def test_two_replicas_ticking_at_once_post_one_alert(database_url: str) -> None:
    replicas = [Database(database_url) for _ in range(2)]
    for replica in replicas:
        replica.upgrade()
    try:
        _contacts(replicas[0], [f"Outlook will not open my mailbox {n}" for n in range(6)])
        detectors = [
            trends.TrendDetector(r, KnownIssueSettings(), lambda: encode, "CTRIAGE")
            for r in replicas
        ]
        start = threading.Barrier(2)
        posted: list[int] = []

        def tick(detector: trends.TrendDetector) -> None:
            start.wait()
            posted.append(len(detector.tick()))

        threads = [threading.Thread(target=tick, args=(d,)) for d in detectors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(posted) == [0, 1]
        alerts = outbox_for(replicas[0], "trend:%")
        assert len(alerts) == 1
        with replicas[0].session() as session:
            assert session.scalar(select(func.count(TrendClusterRow.id))) == 1
    finally:
        for replica in replicas:
            replica.dispose()
