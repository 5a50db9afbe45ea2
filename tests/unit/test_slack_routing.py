"""Which Slack events reach the engine, and in which conversation (no network, no model)."""

from __future__ import annotations

from typing import Any

from bot.slack.events import Identity, Thread, route, strip_mention

ME = Identity(user_id="UBOT", bot_id="BBOT")
HELP = {"CHELP"}


def event(**fields: Any) -> dict[str, Any]:
    base = {"type": "message", "user": "U1", "text": "vpn down", "ts": "1.1", "channel": "D1"}
    return {**base, **fields}


def test_a_dm_starts_a_conversation_and_its_thread_continues_it() -> None:
    top = route(event(channel_type="im"), ME, HELP)
    assert top is not None and top.may_start and top.thread == Thread("D1", "1.1")
    reply = route(event(channel_type="im", ts="1.2", thread_ts="1.1"), ME, HELP)
    assert reply is not None and reply.thread.key == "slack:D1:1.1"
    assert reply.dedupe_key == "msg:D1:1.2"


def test_help_channels_answer_top_level_messages_and_only_known_threads() -> None:
    top = route(event(channel="CHELP"), ME, HELP)
    assert top is not None and top.may_start
    reply = route(event(channel="CHELP", ts="1.2", thread_ts="1.1"), ME, HELP)
    assert reply is not None and not reply.may_start  # only if Relais already talks there
    other = route(event(channel="CGEN"), ME, HELP)
    assert other is not None and not other.may_start


def test_a_mention_starts_anywhere_without_the_mention_in_the_text() -> None:
    found = route(event(channel="CGEN", text="<@UBOT> vpn down <@U2>"), ME, HELP, mention=True)
    assert found is not None and found.may_start
    assert found.text == "vpn down <@U2>"
    assert strip_mention("<@UBOT|relais> hi", "UBOT") == "hi"


def test_bots_and_housekeeping_are_ignored() -> None:
    assert route(event(user="UBOT"), ME, HELP) is None
    assert route(event(bot_id="B7", user="U7"), ME, HELP) is None
    assert route(event(subtype="bot_message", user=None), ME, HELP) is None
    assert route(event(subtype="channel_join"), ME, HELP) is None
    assert route(event(channel=""), ME, HELP) is None
    broadcast = route(event(subtype="thread_broadcast", ts="1.2", thread_ts="1.1"), ME, HELP)
    assert broadcast is not None and broadcast.thread.root_ts == "1.1"


def test_edits_count_only_when_the_text_changed() -> None:
    original = {"user": "U1", "text": "vpn down", "ts": "1.1"}
    unfurl = event(subtype="message_changed", message=original, previous_message=original)
    assert route(unfurl, ME, HELP) is None
    changed = event(
        subtype="message_changed",
        ts="1.5",
        message={**original, "text": "vpn down on wifi", "edited": {"ts": "1.5"}},
        previous_message=original,
    )
    edit = route(changed, ME, HELP)
    assert edit is not None and edit.kind == "edit" and not edit.may_start
    assert edit.text == "vpn down on wifi" and edit.dedupe_key == "edit:D1:1.1:1.5"
    mine = event(subtype="message_changed", message={**original, "user": "UBOT", "text": "x"})
    assert route(mine, ME, HELP) is None


def test_a_deletion_is_routed_to_its_thread() -> None:
    gone = event(
        subtype="message_deleted",
        deleted_ts="1.2",
        previous_message={"user": "U1", "text": "x", "ts": "1.2", "thread_ts": "1.1"},
    )
    found = route(gone, ME, HELP)
    assert found is not None and found.kind == "delete" and found.thread.root_ts == "1.1"


def test_thread_keys_round_trip() -> None:
    assert Thread.from_key("slack:D1:1.1") == Thread("D1", "1.1")
    assert Thread.from_key("terminal:alice:x") is None
