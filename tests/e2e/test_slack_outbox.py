"""The outbox's senders: a fixed pool serves every channel, in order, at Slack's pace."""

from __future__ import annotations

import threading
from datetime import timedelta

from bot.actions import Action
from bot.config import SlackSettings
from bot.conversation import store_outbox
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.db.base import utcnow
from bot.slack.client import web_client
from bot.slack.delivery import METADATA_EVENT, Job, Outbox
from bot.slack.events import Thread
from bot.slack.tables import ChannelPaceRow, SlackPostRow
from tests.fake_slack import BOT_TOKEN, FakeSlack

CHANNELS = [f"D{n:03d}" for n in range(40)]
PER_CHANNEL = 4


def senders_alive() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("relais-send"))


def test_many_busy_channels_share_a_few_senders_and_each_keeps_its_order(
    db: Database, fake_slack: FakeSlack
) -> None:
    settings = SlackSettings(channel_rate_per_s=20.0, channel_burst=2, sender_threads=3)
    outbox = Outbox(db, web_client(BOT_TOKEN, fake_slack.api_url), settings)
    jobs: list[Job] = []
    with db.session() as session:
        for channel in CHANNELS:
            convo = ConversationRow(key=Thread(channel, "1.0").key, user="U1", channel=channel)
            session.add(convo)
            session.flush()
            for n in range(PER_CHANNEL):
                outbox_id = store_outbox(
                    session, convo.id, [Action("message", f"#{n}")], "employee"
                )
                assert outbox_id is not None
                jobs.append(Job(outbox_id, Thread(channel, "1.0"), "U1"))
    before = senders_alive()
    peak = 0
    for job in jobs:  # every channel is busy at once: more posts than its burst
        outbox.submit(job)
        peak = max(peak, senders_alive() - before)
    while not outbox.drain(0.05):
        peak = max(peak, senders_alive() - before)
    outbox.close(timeout=0)

    assert outbox.senders() == 3 and peak <= 3
    for channel in CHANNELS:
        texts = [p.params["text"] for p in fake_slack.posts(channel)]
        assert texts == [f"#{n}" for n in range(PER_CHANNEL)]
    with db.session() as session:  # every channel went through the shared pacer
        assert session.query(ChannelPaceRow).count() == len(CHANNELS)


def test_a_part_posted_by_a_sender_that_died_is_found_deep_in_a_long_thread(
    db: Database, fake_slack: FakeSlack
) -> None:
    outbox = Outbox(db, web_client(BOT_TOKEN, fake_slack.api_url), SlackSettings())
    thread = Thread("D1", "1.000000")
    with db.session() as session:
        convo = ConversationRow(key=thread.key, user="U1", channel="D1")
        session.add(convo)
        session.flush()
        outbox_id = store_outbox(session, convo.id, [Action("message", "the answer")], "employee")
        assert outbox_id is not None
        # Its sender posted part 0, then died before recording it; its lease ran out.
        session.get_one(MessageRow, outbox_id).lease_until = utcnow() - timedelta(seconds=1)
    fake_slack.add_message("D1", {"ts": "1.000000", "text": "my laptop is slow"})
    metadata = {"event_type": METADATA_EVENT, "event_payload": {"outbox_id": outbox_id, "part": 0}}
    fake_slack.add_message(
        "D1",
        {"ts": "1.000001", "thread_ts": "1.000000", "text": "the answer", "metadata": metadata},
    )
    for n in range(2, 452):  # a busy thread: three pages of replies after it
        fake_slack.add_message("D1", {"ts": f"1.{n:06d}", "thread_ts": "1.000000", "text": "+1"})

    assert outbox.deliver(Job(outbox_id, thread, "U1"))
    assert fake_slack.posts("D1") == []  # found, not posted again
    pages = fake_slack.calls_to("conversations.replies")
    assert len(pages) == 3
    with db.session() as session:
        assert session.get_one(SlackPostRow, (outbox_id, 0)).ts == "1.000001"
        assert session.get_one(MessageRow, outbox_id).delivered_at is not None
