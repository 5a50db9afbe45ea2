"""What Relais does with each Slack event and press, shared by HTTP and Socket Mode.

Bolt's listeners only record each request in the inbox before the ack (bot/slack/intake.py);
the handlers here run afterwards from the stored body, in the inbox worker of this or another
replica, and put every reply in the outbox.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.config import HandoffSettings, SlackSettings
from bot.conversation import Engine, Outcome, Searcher
from bot.desk import Delivery, Desk, DeskOutcome
from bot.i18n import t
from bot.inbound import Inbound
from bot.slack.blocks import ACTION_PREFIX
from bot.slack.delivery import Job, Outbox
from bot.slack.events import Identity, Incoming, Thread, route
from bot.slack.home import agent_section, home_view
from bot.slack.intake import Intake, interaction_key, submission_key
from bot.slack.people import Directory
from bot.slack.statement_modal import CALLBACK as STATEMENT_CALLBACK
from bot.slack.statement_modal import statement_modal, submitted_fields
from bot.slack.triage import (
    AGENT_PREFIX,
    article_options,
    note_modal,
    priority_modal,
    resolve_modal,
)
from handoff import capture, tickets
from handoff.tickets import TicketError
from knowledge.article import ArticleError
from knowledge.personal_data import describe

log = logging.getLogger(__name__)


class Looking:
    """The "looking" reaction, added only if the answer takes longer than `after_s`."""

    def __init__(self, client: WebClient, settings: SlackSettings, channel: str, ts: str) -> None:
        self.client, self.channel, self.ts = client, channel, ts
        self.name = settings.looking_reaction
        self.added = False
        self._lock = threading.Lock()
        self._done = False
        self._timer = threading.Timer(settings.looking_after_ms / 1000, self._add)
        self._timer.daemon = True

    def __enter__(self) -> Looking:
        if self._timer.interval <= 0:
            self._add()  # configured to show at once
        else:
            self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._done = True

    def _add(self) -> None:
        with self._lock:
            if self._done:
                return
            try:
                self.client.reactions_add(channel=self.channel, timestamp=self.ts, name=self.name)
                self.added = True
            except SlackClientError as exc:
                log.info("could not add the looking reaction: %s", type(exc).__name__)


NEXT_COMMAND = "/relais-next"


class Listeners:
    """What Relais does with each kind of Slack event and button press."""

    def __init__(
        self,
        engine: Engine,
        outbox: Outbox,
        client: WebClient,
        settings: SlackSettings,
        identity: Callable[[], Identity],
        ready: threading.Event,
        desk: Desk,
        people: Directory,
        handoff: HandoffSettings,
        search: Searcher,
        author_home: Callable[[str], list[dict[str, Any]]] | None = None,
    ) -> None:
        self.author_home = author_home or (lambda _user: [])
        self.desk = desk
        self.people = people
        self.handoff = handoff
        self.triage_channel = handoff.triage_channel
        self.search = search
        self.engine = engine
        self.outbox = outbox
        self.client = client
        self.settings = settings
        self.identity = identity
        self.ready = ready

    def register(self, app: App, intake: Intake) -> None:
        """Bolt listeners: each request is recorded (intake), then handled by `handlers()`."""
        app.event("message")(intake.event("message"))
        app.event("app_mention")(intake.event("mention"))
        app.event("app_home_opened")(intake.event("home"))
        app.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))(intake.interaction("button"))
        app.action(re.compile(f"^{re.escape(AGENT_PREFIX)}"))(intake.interaction("agent_button"))
        app.options(f"{AGENT_PREFIX}article")(self.on_article_search)  # a read: answered now
        app.view("relais-resolve")(intake.view("resolve", self.check_resolve))
        app.view("relais-priority")(intake.view("priority", self.check_priority))
        app.view("relais-note")(intake.view("note", self.check_note))
        app.view(STATEMENT_CALLBACK)(intake.view("statement", self.check_statement))
        app.command(NEXT_COMMAND)(intake.interaction("next_command"))

    def handlers(self) -> dict[str, Callable[[dict[str, Any]], None]]:
        """What runs for each recorded request, by the name it was recorded under."""
        return {
            "message": self.on_message,
            "mention": self.on_mention,
            "home": self.on_home,
            "button": self.on_button,
            "agent_button": self.on_agent_button,
            "resolve": self.on_resolve,
            "priority": self.on_priority,
            "note": self.on_note,
            "statement": self.on_statement_corrected,
            "next_command": self.on_next_command,
        }

    # -- events ---------------------------------------------------------------------------

    def on_message(self, body: dict[str, Any]) -> None:
        self._on_event(body.get("event") or {}, mention=False)

    def on_mention(self, body: dict[str, Any]) -> None:
        self._on_event(body.get("event") or {}, mention=True)

    def _on_event(self, event: Mapping[str, Any], mention: bool) -> None:
        if self.triage_channel and event.get("channel") == self.triage_channel:
            self._wait_ready()
            self._on_triage(event)
            return
        incoming = route(event, self.identity(), self.settings.help_channels, mention=mention)
        if incoming is None:
            return
        self._wait_ready()
        self._handle(incoming)

    def report_failure(self, handler: str, body: dict[str, Any], error: str) -> None:
        """An event that failed for good: the employee hears so in the thread, support too.

        The message is kept in the transcript (with a placeholder when even its text cannot
        be stored), so nothing the employee said is lost.
        """
        if handler not in ("message", "mention"):
            return
        event = body.get("event") or {}
        incoming = route(
            event, self.identity(), self.settings.help_channels, mention=handler == "mention"
        )
        if incoming is None or incoming.kind != "message":
            return
        key = incoming.thread.key
        if not incoming.may_start and not self.engine.has_conversation(key):
            return
        deliveries = self.desk.failed(
            key,
            incoming.user,
            incoming.thread.channel,
            incoming.text,
            incoming.dedupe_key,
            error.split(":", 1)[0],
        )
        self._submit(DeskOutcome(True, deliveries=deliveries))

    def _handle(self, incoming: Incoming) -> None:
        key = incoming.thread.key
        if not incoming.may_start and not self.engine.has_conversation(key):
            return  # chatter in a thread Relais is not part of
        inbound = Inbound(
            user=incoming.user,
            conversation=key,
            text=incoming.text,
            dedupe_key=incoming.dedupe_key,
            channel=incoming.thread.channel,
        )
        if incoming.kind == "delete":
            self.engine.record(inbound)  # kept in the transcript, never answered
            return
        owner = self.engine.conversation_info(key)
        if owner is not None and owner.user != incoming.user:
            # Someone else in the employee's thread (an agent answering, a colleague): kept
            # in the transcript, never taken as the employee's own words.
            self.engine.record(inbound)
            if self.people.is_agent(incoming.user):
                self.desk.agent_in_thread(key, incoming.user)
            return
        with Looking(self.client, self.settings, incoming.thread.channel, incoming.ts) as looking:
            outcome = self.engine.respond(inbound)
        if outcome.outbox_id is not None:
            self.outbox.submit(
                Job(
                    outcome.outbox_id,
                    incoming.thread,
                    incoming.user,
                    looking_ts=incoming.ts if looking.added else None,
                )
            )
        elif looking.added:
            self._unreact(incoming)
        if outcome.agents_outbox_id is not None:
            self.outbox.submit(Job(outcome.agents_outbox_id, incoming.thread, incoming.user))
        if outcome.authors_outbox_id is not None:
            self.outbox.submit(Job(outcome.authors_outbox_id, incoming.thread, incoming.user))
        self._auto_assign(outcome)

    # -- buttons -------------------------------------------------------------------------

    def on_button(self, body: dict[str, Any]) -> None:
        action = (body.get("actions") or [{}])[0]
        choice = str(action.get("value") or action.get("action_id", "")[len(ACTION_PREFIX) :])
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        message = body.get("message") or {}
        container = body.get("container") or {}
        message_ts = str(container.get("message_ts") or message.get("ts") or "")
        root = str(message.get("thread_ts") or container.get("thread_ts") or message_ts)
        if not (choice and user and channel and message_ts):
            log.warning("button press without user, channel or message ignored")
            return
        self._wait_ready()
        thread = Thread(channel, root)
        info = self.engine.conversation_info(thread.key)
        if info is None:
            self._tell(channel, user, _thread_of(body), t("slack.unknown_thread", "en"))
            return
        if info.user != user:
            self._tell(channel, user, _thread_of(body), t("slack.not_yours", info.language))
            return
        trigger = str(body.get("trigger_id") or "")
        if choice == "edit" and trigger and self._open_statement(thread.key, trigger):
            return  # the modal sends the corrected fields; the card keeps its buttons
        outcome = self.engine.respond(
            Inbound(
                user=user,
                conversation=thread.key,
                action=choice,
                dedupe_key=f"action:{channel}:{message_ts}:{action.get('action_ts', '')}",
                channel=channel,
            )
        )
        if outcome.outbox_id is not None and not outcome.choice_refused:
            label = str((action.get("text") or {}).get("text") or choice)
            chosen = t("slack.chosen", info.language, label=label)
            self._close_card(channel, message_ts, message, chosen)
        if outcome.outbox_id is not None:
            self.outbox.submit(Job(outcome.outbox_id, thread, user))
        if outcome.agents_outbox_id is not None:
            self.outbox.submit(Job(outcome.agents_outbox_id, thread, user))
        if outcome.authors_outbox_id is not None:
            self.outbox.submit(Job(outcome.authors_outbox_id, thread, user))
        self._auto_assign(outcome)

    def _open_statement(self, key: str, trigger: str) -> bool:
        """ "Correct it": one prefilled input per statement field (False: not possible)."""
        found = self.engine.statement_of(key)
        if found is None:
            return False
        lang, fields = found
        try:
            self.client.views_open(trigger_id=trigger, view=statement_modal(key, lang, fields))
        except SlackClientError as exc:
            log.warning("could not open the statement modal: %s", type(exc).__name__)
            return False
        return True

    def check_statement(self, body: dict[str, Any]) -> dict[str, str] | None:
        """A corrected statement is checked at once: an error per field the modal shows."""
        view = body.get("view") or {}
        user = str((body.get("user") or {}).get("id") or "")
        key = str(view.get("private_metadata") or "")
        info = self.engine.conversation_info(key)
        if Thread.from_key(key) is None or info is None or info.user != user:
            return {"title": t("error.stale_choice", "en")}
        return self.engine.field_errors(key, submitted_fields(view)) or None

    def on_statement_corrected(self, body: dict[str, Any]) -> None:
        """The corrected statement, recorded and checked: apply it and post the new one."""
        view = body.get("view") or {}
        user = str((body.get("user") or {}).get("id") or "")
        key = str(view.get("private_metadata") or "")
        thread = Thread.from_key(key)
        if thread is None:
            return
        self._wait_ready()
        outcome = self.engine.respond(
            Inbound(
                user=user,
                conversation=key,
                fields=submitted_fields(view),
                dedupe_key=submission_key(body),
                channel=thread.channel,
            )
        )
        if outcome.outbox_id is not None:
            self.outbox.submit(Job(outcome.outbox_id, thread, user))

    def _auto_assign(self, outcome: Outcome) -> None:
        if not self.handoff.round_robin:
            return
        for action in outcome.actions:
            if action.type == "handoff" and action.ticket_id:
                self._submit(
                    self.desk.auto_assign(action.ticket_id, self.handoff.agents, self.people.name)
                )

    def submit_all(self, deliveries: list[Delivery]) -> None:
        self._submit(DeskOutcome(True, deliveries=deliveries))

    # -- the queue: /relais-next and the App Home ---------------------------------------------

    def on_next_command(self, body: dict[str, Any]) -> None:
        user = str(body.get("user_id") or "")
        channel = str(body.get("channel_id") or "")
        self._wait_ready()
        taken = self._take_next(user, interaction_key(body))
        if taken is not None:
            self._tell(channel, user, "", taken)

    def _take_next(self, user: str, once: str) -> str | None:
        """Claim the next ticket for `user`; what to tell them (None: a replay, said already)."""
        if not self.people.is_agent(user):
            return "Only support agents can take tickets."
        outcome = self.desk.take_next(user, self.people.name(user), once=once)
        if outcome.duplicate:
            return None
        self._submit(outcome)
        if not outcome.ok:
            return "No unclaimed ticket: the queue is empty."
        return f"{outcome.ticket_ref} is yours: its card in the triage channel has the details."

    def on_home(self, body: dict[str, Any]) -> None:
        user = str((body.get("event") or {}).get("user") or "")
        if user:
            self._wait_ready()
            self.publish_home(user)

    def publish_home(self, user: str, notice: str = "") -> None:
        """Publish the one App Home: a notice, the agent's queue, the author's review queue."""
        support = self.handoff.language
        is_agent = self.people.is_agent(user)
        agent = agent_section(self.desk.my_tickets(user), support) if is_agent else []
        author = self.author_home(user)
        lang = support if agent or author else self.engine.language_of(user)
        view = home_view(notice, agent, author, lang)
        try:
            self.client.views_publish(user_id=user, view=view)
        except SlackClientError as exc:
            log.warning("could not publish the App Home: %s", type(exc).__name__)

    # -- agents ----------------------------------------------------------------------------

    def on_agent_button(self, body: dict[str, Any]) -> None:
        action = (body.get("actions") or [{}])[0]
        verb = str(action.get("action_id", ""))[len(AGENT_PREFIX) :]
        ref = str(action.get("value") or "")
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        where = _thread_of(body)
        self._wait_ready()
        if not self.people.is_agent(user):
            self._tell(channel, user, where, t("agent.only_agents", self.handoff.language))
            return
        if not ref:  # a select menu has no value: the ticket is in its block id
            block = str(action.get("block_id") or "")
            ref = block.removeprefix("ticket-") if block.startswith("ticket-") else ""
        trigger = str(body.get("trigger_id") or "")
        once = interaction_key(body)  # a replay of this very press changes nothing
        try:
            if verb == "claim":
                outcome = self.desk.claim(ref, user, self.people.name(user))
                if not outcome.ok and outcome.owner == user:
                    said = t("agent.own_already", self.handoff.language, ref=ref)
                    self._tell(channel, user, where, said)
                elif not outcome.ok:
                    owner = self.people.name(outcome.owner) if outcome.owner else "nobody"
                    said = t("agent.claimed_by", self.handoff.language, ref=ref, owner=owner)
                    self._tell(channel, user, where, said)
                self._submit(outcome)
            elif verb == "assign":
                to = str(action.get("selected_user") or "")
                if not self.people.is_agent(to):
                    said = t("agent.not_agent", self.handoff.language, name=self.people.name(to))
                    self._tell(channel, user, where, said)
                    return
                self._submit(self.desk.assign(ref, user, to, self.people.name(to), once=once))
            elif verb == "waiting":
                self._submit(self.desk.set_waiting(ref, user, self.people.name(user), once=once))
            elif verb == "handback":
                self._submit(self.desk.hand_back(ref, user, once=once))
            elif verb == "next":
                taken = self._take_next(user, once)
                if taken is not None:
                    self.publish_home(user, taken)
            elif verb in ("resolve", "priority", "note"):
                self._open_modal(verb, ref, trigger)
        except TicketError as exc:
            self._tell(channel, user, where, str(exc))

    def _open_modal(self, verb: str, ref: str, trigger: str) -> None:
        if verb == "resolve":
            view = resolve_modal(ref)
        elif verb == "note":
            view = note_modal(ref)
        else:
            with self.engine.db.session() as session:
                ticket = tickets.by_ref(session, ref)
                view = priority_modal(ref, ticket.priority if ticket else "P3")
        try:
            self.client.views_open(trigger_id=trigger, view=view)
        except SlackClientError as exc:
            log.warning("could not open the %s modal: %s", verb, type(exc).__name__)

    def on_article_search(self, ack: Ack, body: dict[str, Any]) -> None:
        """Search inside the resolve modal (agents see internal and draft articles too)."""
        query = str(body.get("value") or "").strip()
        user = str((body.get("user") or {}).get("id") or "")
        options = article_options(self.search, query) if self.people.is_agent(user) else []
        ack(options=options)

    def _resolve_form(self, body: Mapping[str, Any]) -> tuple[str, str, str | None, bool]:
        """(agent, note, linked article, draft?) from the resolve modal."""
        view = body.get("view") or {}
        values = view.get("state", {}).get("values", {})
        note = str(values.get("note", {}).get("value", {}).get("value") or "").strip()
        picked = values.get("article", {}).get(f"{AGENT_PREFIX}article", {})
        article = str((picked.get("selected_option") or {}).get("value") or "") or None
        draft = bool(values.get("draft", {}).get("value", {}).get("selected_options"))
        return _user_of(body), note, article, draft

    def _capture_names(self, ref: str, agent: str) -> tuple[str, ...]:
        requester = self.desk.requester_of(ref)
        return tuple(self.people.name(u) for u in {requester, agent} if u)

    def check_resolve(self, body: dict[str, Any]) -> dict[str, str] | None:
        user, note, article, draft = self._resolve_form(body)
        if not self.people.is_agent(user):
            return {"note": "Only support agents can resolve."}
        if not note:
            return {"note": "Say what fixed it."}
        if article and draft:
            return {"draft": "Link an article or draft one, not both."}
        if draft:
            ref = str((body.get("view") or {}).get("private_metadata") or "")
            found = capture.blocked_in_note(note, self._capture_names(ref, user))
            if found:
                said = f"Personal data can't go into an article: {describe(found)}. Remove it."
                return {"note": said[:150]}
        return None

    def on_resolve(self, body: dict[str, Any]) -> None:
        user, note, article, draft = self._resolve_form(body)
        ref = str((body.get("view") or {}).get("private_metadata") or "")
        names = self._capture_names(ref, user) if draft else ()
        owner = self.handoff.draft_owner if draft else None
        try:
            outcome = self.desk.resolve(
                ref,
                user,
                self.people.name(user),
                note,
                article,
                owner,
                names=names,
                once=submission_key(body),
            )
        except (TicketError, ArticleError) as exc:
            log.warning("resolve of %s refused: %s", ref, exc)
            return
        self._submit(outcome)

    @staticmethod
    def _priority_form(body: Mapping[str, Any]) -> tuple[str, str, str, str]:
        """(agent, ticket, priority, reason) from the priority modal."""
        view = body.get("view") or {}
        values = view.get("state", {}).get("values", {})
        selected = values.get("priority", {}).get("value", {}).get("selected_option") or {}
        reason = str(values.get("reason", {}).get("value", {}).get("value") or "").strip()
        ref = str(view.get("private_metadata") or "")
        return _user_of(body), ref, str(selected.get("value") or ""), reason

    def check_priority(self, body: dict[str, Any]) -> dict[str, str] | None:
        user, _, _, reason = self._priority_form(body)
        if not self.people.is_agent(user):
            return {"reason": "Only support agents can do this."}
        if not reason:
            return {"reason": "Give the reason for the change."}
        return None

    def on_priority(self, body: dict[str, Any]) -> None:
        user, ref, priority, reason = self._priority_form(body)
        try:
            sla = self.handoff.sla_targets()
            once = submission_key(body)
            self._submit(self.desk.set_priority(ref, user, priority, reason, sla, once=once))
        except TicketError as exc:
            log.warning("priority change of %s refused: %s", ref, exc)

    @staticmethod
    def _note_form(body: Mapping[str, Any]) -> tuple[str, str, str]:
        view = body.get("view") or {}
        values = view.get("state", {}).get("values", {})
        text = str(values.get("note", {}).get("value", {}).get("value") or "").strip()
        return _user_of(body), str(view.get("private_metadata") or ""), text

    def check_note(self, body: dict[str, Any]) -> dict[str, str] | None:
        user, _, text = self._note_form(body)
        if not self.people.is_agent(user) or not text:
            return {"note": "Only agents can add a note."}
        return None

    def on_note(self, body: dict[str, Any]) -> None:
        user, ref, text = self._note_form(body)
        name = self.people.name(user)
        self._submit(self.desk.private_note(ref, user, name, text, once=submission_key(body)))

    def _on_triage(self, event: Mapping[str, Any]) -> None:
        """Agents writing in a ticket card's thread: relayed to a DM requester, or private."""
        me = self.identity()
        if (
            event.get("bot_id")
            or event.get("user") in (None, me.user_id)
            or event.get("subtype") not in (None, "thread_broadcast")
        ):
            return
        thread_ts, ts = str(event.get("thread_ts") or ""), str(event.get("ts") or "")
        if not thread_ts or thread_ts == ts:
            return  # top-level chatter in the triage channel
        ref = self.desk.ticket_for_card(thread_ts)
        user = str(event["user"])
        if ref is None or not self.people.is_agent(user):
            return
        outcome = self.desk.agent_reply(
            ref,
            user,
            self.people.name(user),
            str(event.get("text") or ""),
            dedupe_key=f"msg:{event.get('channel')}:{ts}",
        )
        self._submit(outcome)

    def _submit(self, outcome: DeskOutcome) -> None:
        for delivery in outcome.deliveries:
            thread = Thread.from_key(delivery.conversation)
            if thread is not None:
                self.outbox.submit(Job(delivery.outbox_id, thread, delivery.requester))

    def _close_card(self, channel: str, ts: str, message: Mapping[str, Any], chosen: str) -> None:
        """Replace the card's buttons by what was chosen, so they cannot be pressed again."""
        blocks = [b for b in message.get("blocks") or [] if b.get("type") != "actions"]
        blocks.append({"type": "context", "elements": [{"type": "plain_text", "text": chosen}]})
        try:
            self.client.chat_update(
                channel=channel, ts=ts, text=str(message.get("text") or chosen), blocks=blocks
            )
        except SlackClientError as exc:  # the engine still refuses a second, different choice
            log.warning("could not update the pressed card: %s", type(exc).__name__)

    def _unreact(self, incoming: Incoming) -> None:
        try:
            self.client.reactions_remove(
                channel=incoming.thread.channel,
                timestamp=incoming.ts,
                name=self.settings.looking_reaction,
            )
        except SlackClientError as exc:
            log.info("could not remove the looking reaction: %s", type(exc).__name__)

    def _tell(self, channel: str, user: str, thread_ts: str, text: str) -> None:
        """An ephemeral where the person is: in the thread when there is one, else the channel."""
        try:
            self.client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread_ts or None, text=text
            )
        except SlackClientError as exc:
            log.warning("could not send an ephemeral notice: %s", type(exc).__name__)

    def _wait_ready(self) -> None:
        if not self.ready.wait(timeout=300):
            raise RuntimeError("Relais did not finish starting within 5 minutes")


def _user_of(body: Mapping[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")


def _thread_of(body: Mapping[str, Any]) -> str:
    """The thread a pressed message lives in, or "" for a message that is not in a thread.

    Slack shows a threaded ephemeral only in a thread that exists, so a press on a fresh
    top-level message (a new triage card) is answered in the channel itself.
    """
    container = body.get("container") or {}
    message = body.get("message") or {}
    message_ts = str(container.get("message_ts") or message.get("ts") or "")
    thread_ts = str(container.get("thread_ts") or message.get("thread_ts") or "")
    return thread_ts if thread_ts and thread_ts != message_ts else ""
