"""What an adapter hands the engine: one employee message or one button press."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Inbound:
    """A plain value: who, in which conversation, what they wrote or which choice they picked.

    `fields` carries a corrected problem statement submitted at once (Slack's modal).
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
    fields: dict[str, str] | None = None  # a corrected statement, field by field (a modal)
