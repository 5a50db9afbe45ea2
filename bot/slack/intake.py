"""Bolt listeners that only record: each Slack request is an inbox row before its ack.

Bolt runs with `process_before_response=True`, so the HTTP 200 (or the Socket Mode ack) goes
out only after the listener returned, that is after the row is committed. A failure to record
answers 500 and Slack retries: an ack is a promise, never given for work the database lacks.
The work itself runs afterwards from the row (bot/inbox.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack

from bot.inbox import Inbox, Worker, clean_text
from bot.slack.text_safety import defuse

log = logging.getLogger(__name__)

# A view's validation: {block_id: message} to show in the modal, or None when it may go.
Check = Callable[[dict[str, Any]], dict[str, str] | None]
EventListener = Callable[[dict[str, Any]], None]
AckListener = Callable[[Ack, dict[str, Any]], None]

_NEW_MESSAGE_SUBTYPES = (None, "thread_broadcast", "file_share")


def event_key(body: Mapping[str, Any]) -> tuple[str, str | None]:
    """(dedupe key, event id) of an Events API body.

    Messages are keyed on channel + ts, so a redelivery under a new event id is caught too;
    the mention twin of a message (`app_mention`) has its own key and the engine answers the
    message once (its transcript is keyed on channel + ts as well).
    """
    event = body.get("event") if isinstance(body.get("event"), Mapping) else {}
    assert isinstance(event, Mapping)
    event_id = str(body.get("event_id") or "") or None
    kind, channel = str(event.get("type") or ""), str(event.get("channel") or "")
    subtype, ts = event.get("subtype"), str(event.get("ts") or "")
    if kind in ("message", "app_mention") and channel:
        prefix = "mention" if kind == "app_mention" else "msg"
        if subtype in _NEW_MESSAGE_SUBTYPES and ts:
            return f"{prefix}:{channel}:{ts}", event_id
        if subtype == "message_changed":
            message = event.get("message") if isinstance(event.get("message"), Mapping) else {}
            assert isinstance(message, Mapping)
            edited = message.get("edited") if isinstance(message.get("edited"), Mapping) else {}
            assert isinstance(edited, Mapping)
            return f"edit:{channel}:{message.get('ts')}:{edited.get('ts') or ts}", event_id
        if subtype == "message_deleted":
            return f"delete:{channel}:{event.get('deleted_ts') or ts}", event_id
    if event_id:
        return f"event:{event_id}", event_id
    return f"body:{_digest(body)}", None


def submission_key(body: Mapping[str, Any]) -> str:
    """A modal submission's idempotency key: the modal (callback, view id), who sent it, what
    it is about (its metadata) and what it says.

    A submitted modal closes, so the same view id with the same values again can only be a
    replay (a Slack retry, a Socket Mode redelivery, an inbox row run again after a crash). A
    submission refused with errors was never applied; once corrected, its values differ.
    """
    view = body.get("view") if isinstance(body.get("view"), Mapping) else {}
    assert isinstance(view, Mapping)
    state = view.get("state") if isinstance(view.get("state"), Mapping) else {}
    assert isinstance(state, Mapping)
    user = body.get("user") if isinstance(body.get("user"), Mapping) else {}
    assert isinstance(user, Mapping)
    said = [user.get("id"), view.get("private_metadata"), state.get("values") or {}]
    values = json.dumps(said, sort_keys=True, ensure_ascii=True, default=str)
    digest = hashlib.sha256(clean_text(values).encode()).hexdigest()[:40]
    callback = clean_text(str(view.get("callback_id") or ""))[:80]
    return f"view:{callback}:{clean_text(str(view.get('id') or ''))[:40]}:{digest}"


def interaction_key(body: Mapping[str, Any]) -> str:
    """A press or a command: Slack gives each its own trigger id; a submission its view."""
    if body.get("type") == "view_submission" and isinstance(body.get("view"), Mapping):
        return submission_key(body)
    kind = str(body.get("type") or body.get("command") or "interaction")
    user = body.get("user") if isinstance(body.get("user"), Mapping) else {}
    assert isinstance(user, Mapping)
    who = str(user.get("id") or body.get("user_id") or "")
    trigger = str(body.get("trigger_id") or "")
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], Mapping):
        trigger += f":{actions[0].get('action_ts') or ''}"
    return f"{kind}:{who}:{trigger}" if trigger.strip(":") else f"{kind}:{_digest(body)}"


def _digest(body: Mapping[str, Any]) -> str:
    raw = json.dumps(body, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(clean_text(raw).encode()).hexdigest()[:40]


class Intake:
    """Makes the Bolt listeners that put requests in the inbox and hand them to the worker."""

    def __init__(self, inbox: Inbox, worker: Worker) -> None:
        self.inbox = inbox
        self.worker = worker

    def event(self, handler: str) -> EventListener:
        """For Events API events (Bolt acks them itself once the listener returned)."""

        def record_event(body: dict[str, Any]) -> None:
            key, event_id = event_key(body)
            self.record(key, handler, body, event_id)

        record_event.__name__ = f"record_{handler}"
        return record_event

    def interaction(self, handler: str) -> AckListener:
        """For buttons, shortcuts and commands: recorded, then acked."""

        def record_interaction(ack: Ack, body: dict[str, Any]) -> None:
            self.record(interaction_key(body), handler, body)
            ack()

        record_interaction.__name__ = f"record_{handler}"
        return record_interaction

    def view(self, handler: str, check: Check) -> AckListener:
        """For modal submissions: refused at once with the modal's errors, else recorded."""

        def record_view(ack: Ack, body: dict[str, Any]) -> None:
            errors = check(body)
            if errors:
                # An ack's body bypasses the Web API client: the same neutralising step here.
                ack(response_action="errors", errors=defuse(errors))
                return
            self.record(interaction_key(body), handler, body)
            ack()

        record_view.__name__ = f"record_{handler}"
        return record_view

    def record(
        self, key: str, handler: str, body: Mapping[str, Any], event_id: str | None = None
    ) -> int | None:
        """Store, then queue here when this process can work on it now."""
        take = self.worker.accepting
        inbox_id = self.inbox.record(key, handler, body, event_id, take=take)
        if inbox_id is None:
            log.info("duplicate delivery ignored (%s)", key.split(":", 1)[0])
            return None
        if take and not self.worker.submit(inbox_id):
            self.inbox.release(inbox_id)  # the queue is full: a sweep takes it
        return inbox_id
