"""Which Slack events are employee messages for Relais, and in which conversation.

Pure functions over Slack's event payloads, so every routing rule has a fast test:
- a DM with the app: every message; a top-level one starts a conversation, a thread reply
  continues the thread's conversation;
- a configured help channel: top-level messages start conversations, thread replies continue
  only threads Relais already talks in;
- anywhere else: a mention starts (or joins) a conversation rooted at its thread.
Relais's own messages and other bots' messages are never employee messages.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

# Subtypes that are a person writing something new; everything else (joins, topic changes,
# bot messages…) is not a question.
_NEW_MESSAGE_SUBTYPES = (None, "thread_broadcast", "file_share")


@dataclass(frozen=True)
class Thread:
    """Where a conversation lives in Slack: a channel and the ts of the thread's root."""

    channel: str
    root_ts: str

    @property
    def key(self) -> str:
        return f"slack:{self.channel}:{self.root_ts}"

    @classmethod
    def from_key(cls, key: str) -> Thread | None:
        prefix, _, rest = key.partition(":")
        channel, _, root_ts = rest.partition(":")
        if prefix != "slack" or not channel or not root_ts:
            return None
        return cls(channel, root_ts)


@dataclass(frozen=True)
class Incoming:
    """One employee message (or edit, or deletion) routed to a conversation."""

    kind: str  # "message" | "edit" | "delete"
    thread: Thread
    user: str
    text: str
    ts: str  # the message's own ts (for the "looking" reaction)
    dedupe_key: str
    may_start: bool  # False: only continues a conversation that already exists


@dataclass(frozen=True)
class Identity:
    """Who Relais is in this workspace (from auth.test)."""

    user_id: str
    bot_id: str


def strip_mention(text: str, bot_user_id: str) -> str:
    """The text without the leading or inline mentions of Relais itself."""
    if not bot_user_id:
        return text.strip()
    return re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text).strip()


def _from_bot(message: Mapping[str, Any], me: Identity) -> bool:
    return bool(
        message.get("bot_id")
        or message.get("subtype") == "bot_message"
        or message.get("user") in (None, "", me.user_id)
    )


def route(
    event: Mapping[str, Any],
    me: Identity,
    help_channels: Collection[str],
    mention: bool = False,
) -> Incoming | None:
    """The employee message this `message` or `app_mention` event carries, or None to ignore."""
    channel = str(event.get("channel") or "")
    if not channel:
        return None
    subtype = event.get("subtype")
    if subtype == "message_changed":
        return _edit(event, channel, me)
    if subtype == "message_deleted":
        return _deletion(event, channel, me)
    if subtype not in _NEW_MESSAGE_SUBTYPES or _from_bot(event, me):
        return None
    ts = str(event.get("ts") or "")
    if not ts:
        return None
    thread_ts = str(event.get("thread_ts") or "")
    is_reply = bool(thread_ts) and thread_ts != ts
    is_dm = event.get("channel_type") == "im" or channel.startswith("D")
    if mention or is_dm:
        may_start = True
    elif channel in help_channels:
        may_start = not is_reply
    else:
        may_start = False  # a thread Relais already answers in, or nothing
    return Incoming(
        kind="message",
        thread=Thread(channel, thread_ts or ts),
        user=str(event["user"]),
        text=strip_mention(str(event.get("text") or ""), me.user_id),
        ts=ts,
        # A mention fires app_mention and message for one message: one key for both.
        dedupe_key=f"msg:{channel}:{ts}",
        may_start=may_start,
    )


def _edit(event: Mapping[str, Any], channel: str, me: Identity) -> Incoming | None:
    """An employee corrected a message: the new text counts, unfurls and echoes do not."""
    message = event.get("message") or {}
    previous = event.get("previous_message") or {}
    if _from_bot(message, me) or message.get("subtype") not in _NEW_MESSAGE_SUBTYPES:
        return None
    text = str(message.get("text") or "")
    if text == str(previous.get("text") or "") or not message.get("ts"):
        return None  # link unfurls and thread broadcasts re-send the same text
    ts = str(message["ts"])
    edited = str((message.get("edited") or {}).get("ts") or event.get("ts") or "")
    return Incoming(
        kind="edit",
        thread=Thread(channel, str(message.get("thread_ts") or ts)),
        user=str(message["user"]),
        text=strip_mention(text, me.user_id),
        ts=ts,
        dedupe_key=f"edit:{channel}:{ts}:{edited}",
        may_start=False,
    )


def _deletion(event: Mapping[str, Any], channel: str, me: Identity) -> Incoming | None:
    previous = event.get("previous_message") or {}
    deleted_ts = str(event.get("deleted_ts") or previous.get("ts") or "")
    if not deleted_ts or _from_bot(previous, me):
        return None
    return Incoming(
        kind="delete",
        thread=Thread(channel, str(previous.get("thread_ts") or deleted_ts)),
        user=str(previous.get("user") or ""),
        text="(message deleted)",
        ts=deleted_ts,
        dedupe_key=f"delete:{channel}:{deleted_ts}",
        may_start=False,
    )
