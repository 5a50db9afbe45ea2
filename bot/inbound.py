"""What an adapter hands the engine: one employee message or one button press."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Inbound:
    """A plain value: who, in which conversation, what they wrote or which choice they picked.

    `conversation` is the adapter's stable key (Slack: channel + thread ts; terminal: the
    --conversation key). `dedupe_key` identifies the delivery (Slack event_id or channel+ts) so
    that a retried delivery is recorded once and answered once.
    """

    user: str
    conversation: str
    text: str | None = None
    action: str | None = None
    dedupe_key: str | None = None
    channel: str = ""
