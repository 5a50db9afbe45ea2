"""The Events API end to end: signed HTTP in, threaded replies out at the fake Slack."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.conversation_tables import ConversationRow, MessageRow
from bot.slack.tables import SlackPostRow
from handoff.tables import TicketRow
from knowledge.tables import ArticleRow
from tests.e2e.conftest import BADGE, Served
from tests.fake_slack import BOT_ID, BOT_USER, Call, message_event, post_signed

pytestmark = pytest.mark.slow


def buttons(post: Call) -> list[str]:
    blocks = post.params.get("blocks") or []
    return [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def shown(post: Call) -> str:
    return json.dumps(post.params.get("blocks") or [], ensure_ascii=False) + str(
        post.params["text"]
    )


def count(served: Served, model: Any) -> int:
    with served.service.relais.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_dm_question_is_answered_in_its_thread(served: Served) -> None:
    body = message_event("my laptop is very slow, everything takes forever", ts="1700000001.000100")
    assert served.send(body) == 200
    (post,) = served.slack.wait_posts("D1", 1)
    assert post.params["thread_ts"] == "1700000001.000100"
    assert post.params["blocks"][0]["type"] == "header"
    assert post.params["text"]  # fallback text for notifications and screen readers
    assert buttons(post) == ["yes", "no", "human"]
    assert "parse" not in post.params and "link_names" not in post.params
    served.settle()
    with served.service.relais.db.session() as session:
        undelivered = session.scalar(
            select(func.count()).where(
                MessageRow.direction == "out", MessageRow.delivered_at.is_(None)
            )
        )
    assert undelivered == 0


def test_yes_closes_the_card_and_counts_the_reuse(served: Served) -> None:
    served.send(message_event("my laptop is very slow, everything takes forever", ts="1.1"))
    (card,) = served.slack.wait_posts("D1", 1)
    assert served.press(card, "yes") == 200
    posts = served.slack.wait_posts("D1", 2)
    assert posts[1].params["thread_ts"] == "1.1"
    assert "Glad it's sorted" in posts[1].params["text"]
    (update,) = served.slack.wait_for(lambda s: s.calls_to("chat.update"), what="card update")
    assert update.params["ts"] == card.response["ts"]
    assert all(b["type"] != "actions" for b in update.params["blocks"])  # no second press
    assert "✓ Yes, solved" in json.dumps(update.params["blocks"], ensure_ascii=False)
    with served.service.relais.db.session() as session:
        reuse = session.scalar(select(func.sum(ArticleRow.reuse_count)))
    assert reuse == 1

    # A stale press of the same card (a double click that beat the update) changes nothing.
    assert served.press(card, "no") == 200
    ephemeral = served.slack.wait_for(lambda s: s.calls_to("chat.postEphemeral"))
    assert "no longer available" in ephemeral[0].params["text"]
    served.settle()
    assert len(served.slack.posts("D1")) == 2
    assert len(served.slack.calls_to("chat.update")) == 1  # the card still says "Yes"


def test_no_offers_another_article_or_asks_questions(served: Served) -> None:
    served.send(message_event("my laptop is very slow, everything takes forever", ts="2.1"))
    (card,) = served.slack.wait_posts("D1", 1)
    served.press(card, "no")
    posts = served.slack.wait_posts("D1", 2)
    reply = posts[1]
    assert reply.params["thread_ts"] == "2.1"
    assert "human" in buttons(reply)  # a question or another article, never a dead end
    served.settle()
    assert len(served.slack.posts()) == 2  # a lead-in and its card are one message


def test_only_the_asker_can_press_their_buttons(served: Served) -> None:
    served.send(message_event("my laptop is very slow, everything takes forever", ts="3.1"))
    (card,) = served.slack.wait_posts("D1", 1)
    served.press(card, "yes", user="U2")
    (notice,) = served.slack.wait_for(lambda s: s.calls_to("chat.postEphemeral"))
    assert notice.params["user"] == "U2"
    assert "Only the person who asked" in notice.params["text"]
    assert not served.slack.calls_to("chat.update")


def test_an_appraisal_over_thread_replies_ends_in_the_statement_card(served: Served) -> None:
    served.send(message_event(BADGE[0], ts="4.1"))
    served.slack.wait_posts("D1", 1)
    for n, text in enumerate(BADGE[1:], start=2):
        served.send(message_event(text, ts=f"4.{n}", thread_ts="4.1"))
        served.slack.wait_posts("D1", n)
    posts = served.slack.posts("D1")
    assert all(p.params["thread_ts"] == "4.1" for p in posts)
    card = posts[-1]
    assert buttons(card) == ["send", "edit"]
    assert any(b["type"] == "header" for b in card.params["blocks"])
    assert "badge" in shown(card).lower()

    served.press(card, "send")
    handoff = served.slack.wait_posts("D1", len(posts) + 1)[-1]
    assert "T-00001" in handoff.params["text"]
    assert count(served, TicketRow) == 1
    served.press(card, "send")  # pressed again: still one ticket
    served.settle()
    assert count(served, TicketRow) == 1


def test_a_retried_event_is_answered_once(served: Served) -> None:
    body = message_event("my laptop is very slow, everything takes forever", ts="5.1")
    assert served.send(body) == 200
    assert served.send(body, retry_num=1) == 200
    assert served.send(body, retry_num=2) == 200
    served.slack.wait_posts("D1", 1)
    served.settle()
    assert len(served.slack.posts("D1")) == 1
    assert count(served, MessageRow) == 2  # one question recorded, one reply


def test_a_channel_mention_fires_two_events_and_gets_one_reply(served: Served) -> None:
    text = f"<@{BOT_USER}> my laptop is very slow, everything takes forever"
    mention = message_event(text, channel="CGEN", ts="6.1", kind="app_mention")
    message = message_event(text, channel="CGEN", ts="6.1")
    served.send(mention)
    served.send(message)
    (post,) = served.slack.wait_posts("CGEN", 1)
    assert post.params["thread_ts"] == "6.1"
    served.settle()
    assert len(served.slack.posts("CGEN")) == 1


def test_help_channel_questions_are_answered_and_other_threads_left_alone(
    served: Served,
) -> None:
    served.send(
        message_event("my laptop is very slow, everything takes forever", channel="CHELP", ts="7.1")
    )
    served.slack.wait_posts("CHELP", 1)
    # A reply in someone else's thread, and a message in a channel Relais only sits in.
    served.send(message_event("+1 same here", channel="CHELP", ts="7.3", thread_ts="7.2"))
    served.send(message_event("lunch anyone?", channel="CGEN", ts="7.4"))
    # A reply in Relais's own thread continues the conversation.
    served.send(message_event("still slow", channel="CHELP", ts="7.5", thread_ts="7.1"))
    posts = served.slack.wait_posts("CHELP", 2)
    assert posts[1].params["thread_ts"] == "7.1"
    served.settle()
    assert len(served.slack.posts()) == 2


def test_bad_signature_and_stale_timestamp_are_refused(served: Served) -> None:
    body = message_event("my laptop is very slow")
    assert served.send(body, secret="not-the-secret") == 401
    assert served.send(body, timestamp=int(time.time()) - 10 * 60) == 401
    assert served.send(body) == 200  # the same body, properly signed
    status, answer = post_signed(
        served.events_url, {"type": "url_verification", "challenge": "c-123", "token": "t"}
    )
    assert status == 200 and "c-123" in answer  # Slack's check of the request URL
    served.slack.wait_posts("D1", 1)
    served.settle()
    assert len(served.slack.posts()) == 1


def test_mentions_typed_by_employees_never_ping_anyone(served: Served) -> None:
    hostile = "<!channel> <!here> <!everyone> <!subteam^S1|@oncall> <@U999> a &amp; b &lt;c&gt;"
    served.send(message_event(f"talk to a human: vpn is down {hostile}", ts="8.1"))
    (card,) = served.slack.wait_posts("D1", 1)
    assert buttons(card) == ["send", "edit"]
    rendered = shown(card)
    for live in ("<!channel>", "<!here>", "<!everyone>", "<!subteam^", "<@U999>"):
        assert live not in rendered
    assert "vpn is down" in rendered.lower()


def test_own_and_other_bots_messages_are_ignored(served: Served) -> None:
    served.send(message_event("I am Relais", user=BOT_USER, bot_id=BOT_ID, ts="9.1"))
    served.send(message_event("deploy finished", user="U7", bot_id="B7", ts="9.2"))
    served.send(message_event("alert!", user="", subtype="bot_message", bot_id="B8", ts="9.3"))
    served.send(message_event("my laptop is very slow, everything takes forever", ts="9.4"))
    (post,) = served.slack.wait_posts("D1", 1)
    assert post.params["thread_ts"] == "9.4"
    served.settle()
    assert len(served.slack.posts()) == 1
    assert count(served, ConversationRow) == 1


def test_edits_and_deletions_are_recorded_sensibly(served: Served) -> None:
    served.send(message_event(BADGE[0], ts="10.1"))
    served.slack.wait_posts("D1", 1)
    unfurl = message_event("", subtype="message_changed", ts="10.2")
    original = {"type": "message", "user": "U1", "text": BADGE[0], "ts": "10.1"}
    unfurl["event"].update(message={**original, "attachments": [{}]}, previous_message=original)
    served.send(unfurl)  # same text: Slack adding a link preview, not an edit
    edit = message_event("", subtype="message_changed", ts="10.3")
    edit["event"].update(
        message={**original, "text": "only me, every time", "edited": {"ts": "10.3"}},
        previous_message=original,
    )
    served.send(edit)
    served.slack.wait_posts("D1", 2)  # the edit is read like a new reply
    deletion = message_event("", subtype="message_deleted", ts="10.4", deleted_ts="10.1")
    deletion["event"]["previous_message"] = original
    served.send(deletion)
    served.slack.wait_for(
        lambda s: count(served, MessageRow) == 5, what="the deletion in the transcript"
    )
    served.settle()
    assert len(served.slack.posts()) == 2


def test_the_looking_reaction_shows_until_the_answer_is_posted(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAIS_SLACK__LOOKING_AFTER_MS", "0")  # every answer counts as slow
    served = serve_http()
    served.send(message_event("my laptop is very slow, everything takes forever", ts="11.1"))
    served.slack.wait_posts("D1", 1)
    served.slack.wait_for(lambda s: s.calls_to("reactions.remove"), what="reaction removed")
    (added,) = served.slack.calls_to("reactions.add")
    (removed,) = served.slack.calls_to("reactions.remove")
    assert added.params == {"channel": "D1", "timestamp": "11.1", "name": "eyes"}
    assert added.at < served.slack.posts("D1")[0].at <= removed.at


def test_rate_limits_are_waited_out_and_nothing_is_lost(served: Served) -> None:
    served.slack.fail_next("chat.postMessage", status=429, retry_after=1, times=2)
    served.send(message_event("my laptop is very slow, everything takes forever", ts="12.1"))
    (post,) = served.slack.wait_posts("D1", 1, timeout=30)
    refused = [c for c in served.slack.calls_to("chat.postMessage") if c.status == 429]
    assert len(refused) == 2
    assert post.at - refused[0].at >= 2.0  # Retry-After: 1, twice
    served.settle()
    assert len(served.slack.posts()) == 1


def test_a_reply_slack_keeps_refusing_is_sent_by_the_sweep(served: Served) -> None:
    # 1 try + 3 retries of ServerErrorRetryHandler all fail; the sweep sends it later.
    served.slack.fail_next("chat.postMessage", status=500, retry_after=None, times=4)
    served.send(message_event("my laptop is very slow, everything takes forever", ts="13.1"))
    (post,) = served.slack.wait_posts("D1", 1, timeout=30)
    assert post.params["thread_ts"] == "13.1"
    served.settle()
    time.sleep(1.5)  # a sweep or two later: still one message
    assert len(served.slack.posts()) == 1
    assert count(served, SlackPostRow) == 1


def test_details_the_article_still_answers_ask_its_verdict_with_buttons(served: Served) -> None:
    """A thread reply under an answer that adds what the article already covers gets its
    verdict asked again, once, with the same buttons; "Yes" then closes the conversation."""
    served.send(message_event("my laptop is very slow, everything takes forever", ts="9.1"))
    (answer,) = served.slack.wait_posts("D1", 1)
    assert buttons(answer) == ["yes", "no", "human"]
    served.send(message_event("my laptop is very slow, it takes ages", ts="9.2", thread_ts="9.1"))
    again = served.slack.wait_posts("D1", 2)[1]
    assert again.params["thread_ts"] == "9.1"
    assert "still looks like the answer" in again.params["text"]
    assert buttons(again) == ["yes", "no", "human"]
    served.press(again, "yes")
    assert "Glad it's sorted" in served.slack.wait_posts("D1", 3)[2].params["text"]
