"""Tickets from any message: a :ticket: reaction or the "Get help with this" shortcut.

Either one, on a message in a configured channel (`ticket_channels`, or a help channel),
starts a conversation in the message's thread for the message's author (bot/from_message.py),
who is told and may press *Not needed*. The requester's :white_check_mark: on the message
that started their conversation marks it solved (an open ticket is resolved in their name).
Every request goes through the inbox first like any other event, so a redelivered reaction is
a no-op, and two reactions on one message open one conversation. Bots' messages, Relais's
own included, never become conversations.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.config import HandoffSettings, SlackSettings
from bot.conversation import Engine
from bot.conversation.events import Event
from bot.db import Database
from bot.desk import Desk, DeskOutcome
from bot.from_message import NOT_NEEDED, take_on
from bot.i18n import t
from bot.slack.blocks import ACTION_PREFIX
from bot.slack.delivery import Job, Outbox
from bot.slack.events import Identity, Thread, strip_mention
from bot.slack.intake import Intake
from bot.slack.people import Directory

log = logging.getLogger(__name__)

SHORTCUT = "relais_get_help"  # callback id of the "Get help with this" message shortcut
NOT_NEEDED_ACTION = f"{ACTION_PREFIX}{NOT_NEEDED}"


def from_bot(message: Mapping[str, Any], me: Identity) -> bool:
    return bool(
        message.get("bot_id")
        or message.get("subtype") == "bot_message"
        or message.get("user") in (None, "", me.user_id)
    )


class FromMessage:
    """The Slack side of conversations started from someone's message."""

    def __init__(
        self,
        engine: Engine,
        db: Database,
        desk: Desk,
        client: WebClient,
        settings: SlackSettings,
        handoff: HandoffSettings,
        identity: Callable[[], Identity],
        ready: threading.Event,
        people: Directory,
        outbox: Outbox,
    ) -> None:
        self.engine, self.db, self.desk, self.client = engine, db, desk, client
        self.settings, self.handoff = settings, handoff
        self.identity, self.ready, self.people, self.outbox = identity, ready, people, outbox

    def register(self, app: App, intake: Intake) -> None:
        """Before the adapter's own listeners: the *Not needed* button is ours."""
        app.event("reaction_added")(intake.event("reaction"))
        app.shortcut(SHORTCUT)(intake.interaction("get_help"))
        app.action(NOT_NEEDED_ACTION)(intake.interaction("not_needed"))

    def handlers(self) -> dict[str, Callable[[dict[str, Any]], None]]:
        return {
            "reaction": self.on_reaction,
            "get_help": self.on_shortcut,
            "not_needed": self.on_not_needed,
        }

    @property
    def channels(self) -> set[str]:
        return {*self.settings.ticket_channels, *self.settings.help_channels}

    # -- requests ------------------------------------------------------------------------

    def on_reaction(self, body: dict[str, Any]) -> None:
        event = body.get("event") or {}
        item = event.get("item") or {}
        user, reaction = str(event.get("user") or ""), str(event.get("reaction") or "")
        channel, ts = str(item.get("channel") or ""), str(item.get("ts") or "")
        if item.get("type") != "message" or not (user and channel and ts):
            return
        if reaction == self.settings.ticket_reaction:
            if channel in self.channels and event.get("item_user") != self.identity().user_id:
                self._take_on(channel, ts, user, None)
        elif reaction == self.settings.solved_reaction:
            self._wait_ready()
            self._closed(Thread(channel, ts).key, user, Event.REQUESTER_SOLVED, "✅")

    def on_shortcut(self, body: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        message = body.get("message") or {}
        ts = str(message.get("ts") or "")
        if not (user and channel and ts):
            return
        if channel not in self.channels:
            self._tell(channel, user, t("intake.not_here", self.engine.language_of(user)))
            return
        self._take_on(channel, ts, user, message, tell=True)

    def on_not_needed(self, body: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        message = body.get("message") or {}
        container = body.get("container") or {}
        ts = str(container.get("message_ts") or message.get("ts") or "")
        root = str(message.get("thread_ts") or container.get("thread_ts") or ts)
        if not (user and channel and root):
            return
        self._wait_ready()
        key = Thread(channel, root).key
        info = self.engine.conversation_info(key)
        if info is not None and info.user != user:
            self._tell(channel, user, t("slack.not_yours", info.language), root)
            return
        if self._closed(key, user, Event.NOT_NEEDED, "not needed") and ts:
            self._drop_buttons(
                channel, ts, message, t("choice.not_needed", info.language if info else "en")
            )

    # -- work ----------------------------------------------------------------------------

    def _take_on(
        self,
        channel: str,
        ts: str,
        asker: str,
        message: Mapping[str, Any] | None,
        tell: bool = False,
    ) -> None:
        self._wait_ready()
        me = self.identity()
        found = message if message is not None else self._fetch(channel, ts)
        if found is None:
            return
        if from_bot(found, me):
            if tell:
                self._tell(channel, asker, t("intake.from_bot", self.engine.language_of(asker)))
            return
        author = str(found["user"])
        thread = Thread(channel, str(found.get("thread_ts") or ts))
        taken = take_on(
            self.engine,
            self.db,
            conversation=thread.key,
            author=author,
            channel=channel,
            ts=ts,
            text=strip_mention(str(found.get("text") or ""), me.user_id),
            author_name=self.people.name(author),
            asker=asker,
            asker_name=self.people.name(asker),
        )
        if taken is None:
            return
        outcome = taken.outcome
        for outbox_id in (
            outcome.outbox_id,
            taken.notice_id,
            outcome.agents_outbox_id,
            outcome.authors_outbox_id,
        ):
            if outbox_id is not None:
                self.outbox.submit(Job(outbox_id, thread, author))

    def _closed(self, key: str, user: str, event: Event, why: str) -> bool:
        outcome = self.desk.requester_closed(key, user, event, why, self.handoff.language)
        self._submit(outcome)
        return outcome.ok

    def _fetch(self, channel: str, ts: str) -> Mapping[str, Any] | None:
        """The reacted message (a reaction event does not carry it)."""
        try:
            reply = self.client.conversations_replies(channel=channel, ts=ts, limit=20)
        except SlackClientError as exc:
            log.warning("could not read the reacted message: %s", type(exc).__name__)
            return None
        for message in reply.get("messages") or []:
            if str(message.get("ts")) == ts:
                return dict(message)
        return None

    def _submit(self, outcome: DeskOutcome) -> None:
        for delivery in outcome.deliveries:
            thread = Thread.from_key(delivery.conversation)
            if thread is not None:
                self.outbox.submit(Job(delivery.outbox_id, thread, delivery.requester))

    def _tell(self, channel: str, user: str, text: str, thread_ts: str | None = None) -> None:
        try:
            self.client.chat_postEphemeral(
                channel=channel, user=user, text=text, thread_ts=thread_ts
            )
        except SlackClientError as exc:
            log.warning("could not send an ephemeral notice: %s", type(exc).__name__)

    def _drop_buttons(self, channel: str, ts: str, message: Mapping[str, Any], chosen: str) -> None:
        blocks = [b for b in message.get("blocks") or [] if b.get("type") != "actions"]
        blocks.append({"type": "context", "elements": [{"type": "plain_text", "text": chosen}]})
        try:
            self.client.chat_update(
                channel=channel, ts=ts, text=str(message.get("text") or chosen), blocks=blocks
            )
        except SlackClientError as exc:
            log.info("could not update the notice: %s", type(exc).__name__)

    def _wait_ready(self) -> None:
        if not self.ready.wait(timeout=300):
            raise RuntimeError("the model did not load in time")
