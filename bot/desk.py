"""The agents' side of a handoff, transport-agnostic: claim, reply, private notes.

Each call is one transaction: the ticket change (with its audit events, handoff/tickets.py),
the transcript, and the outbox rows that tell the employee and update what agents see. The
adapter only delivers those rows, so a crash never loses a claim's notice or an agent's reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.actions import Action
from bot.conversation import MAX_TEXT, events, store_outbox
from bot.conversation.events import Event
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.db.base import utcnow
from bot.i18n import t
from bot.inbox import first_time
from handoff import capture, sla, sla_clock, tickets
from handoff.priority import SlaTarget
from handoff.tables import TicketEventRow, TicketRow
from knowledge import repository
from knowledge.article import ArticleContent


@dataclass(frozen=True)
class Delivery:
    """An outbox row to send, and the conversation it belongs to."""

    outbox_id: int
    conversation: str
    requester: str


@dataclass
class DeskOutcome:
    ok: bool
    ticket_ref: str = ""
    owner: str | None = None  # for a lost claim: who has it
    deliveries: list[Delivery] = field(default_factory=list)
    duplicate: bool = False


# A Slack control sequence: <!channel>, <!subteam^S1|@team>, <@U1|name>, <#C1|general>.
_CONTROL_SEQUENCE = re.compile(r"<([!@#])([^<>|]*)(?:\|([^<>]*))?>")


def _plain(text: str) -> str:
    """Slack control sequences as the words they stand for ("@channel"): an article is read
    in many places, and its title must never carry a live mention or a user id."""

    def word(match: re.Match[str]) -> str:
        sigil, target, label = match.group(1), match.group(2), match.group(3)
        if label:
            return ("#" if sigil == "#" else "@") + label.lstrip("@#")
        if sigil == "!":
            return "@" + target.split("^", 1)[0]
        return "@someone" if sigil == "@" else "#channel"

    return _CONTROL_SEQUENCE.sub(word, text)


def _readable_draft(draft: ArticleContent, ref: str) -> ArticleContent:
    """A captured draft with plain words for mentions, and its id slugged from that title."""
    title = _plain(draft.title)
    slug = capture.slug_for_title(title, lambda _slug: False)
    return replace(
        draft,
        id=f"{ref.lower()}-{slug}",
        title=title,
        issue=tuple(dict.fromkeys(_plain(line) for line in draft.issue)),
        environment=tuple(_plain(line) for line in draft.environment),
    )


# Existing articles nearest a draft: (id, title, similarity), best first.
Similar = Callable[[ArticleContent], list[tuple[str, str, float]]]


def mark_duplicate(
    session: Session, draft: ArticleContent, similar: Similar, threshold: float, lang: str = "en"
) -> str | None:
    """Mark a new draft as a likely duplicate of its nearest article; the warning, if any."""
    session.flush()
    nearest = [s for s in similar(draft) if s[0] != draft.id]
    if not nearest or nearest[0][2] < threshold:
        return None
    other, title, similarity = nearest[0]
    repository.require(session, draft.id).duplicate_of = other
    return t(
        "authors.duplicate",
        lang,
        article_id=draft.id,
        other=other,
        title=title,
        similarity=similarity,
    )


def _first(session: Session, once: str | None) -> bool:
    """False when the request keyed `once` was applied already (a replay changes nothing);
    the key commits with the caller's transaction."""
    return once is None or first_time(session, once)


class Desk:
    """What agents do to tickets.

    A method taking `once` (the key of the press or submission that asked for it) applies it
    at most once: a replay of the same request (a Slack retry, an inbox row run again after a
    crash) returns a `duplicate` outcome and changes nothing.
    """

    def __init__(
        self,
        db: Database,
        private_prefix: str = "!private",
        similar: Similar | None = None,
        duplicate_similarity: float = 0.82,
        language: str = "en",
    ) -> None:
        self.db = db
        self.private_prefix = private_prefix.strip().lower()
        self.similar = similar
        self.duplicate_similarity = duplicate_similarity
        self.lang = language  # of the authors' duplicate warning

    def claim(self, ticket_ref: str, agent: str, agent_name: str) -> DeskOutcome:
        """Atomic: of several agents claiming at once, exactly one gets it."""
        with self.db.session() as session:
            ticket = tickets.by_ref(session, ticket_ref)
            if ticket is None:
                return DeskOutcome(False, ticket_ref)
            result = tickets.claim(session, ticket.id, agent, utcnow())
            if not result.won:
                return DeskOutcome(False, ticket.ref, owner=result.owner)
            return self._announce_owner(session, ticket, agent, agent_name)

    def _announce_owner(
        self, session: Session, ticket: TicketRow, agent: str, agent_name: str
    ) -> DeskOutcome:
        """Tell the employee who is on it, and update the card."""
        convo = self._conversation(session, ticket)
        said = t("handoff.claimed", convo.language, name=agent_name, ticket_id=ticket.ref)
        out = DeskOutcome(True, ticket.ref, owner=agent)
        self._deliver(session, out, convo, [Action("message", said)], "employee")
        self._card(session, out, convo, ticket)
        return out

    def resolve(
        self,
        ticket_ref: str,
        agent: str,
        agent_name: str,
        note: str,
        article_id: str | None = None,
        draft_owner: str | None = None,
        names: tuple[str, ...] = (),
        once: str | None = None,
    ) -> DeskOutcome:
        """Resolve with a note, linking an article or drafting one from the thread (KCS).

        A draft never carries personal data (`names`: the people to look for): what the
        employee wrote is scrubbed; the agent's note must be clean already (`blocked_in_note`).
        A draft close to an existing article is marked as a likely duplicate for its authors.
        The requester is asked "Is it fixed?"; "no" reopens the ticket in the same thread.
        `once`: the submission's key; a replay of it changes nothing (`duplicate`).
        """
        with self.db.session() as session:
            if not _first(session, once):
                return DeskOutcome(False, ticket_ref, duplicate=True)
            ticket = self._require(session, ticket_ref)
            convo = self._conversation(session, ticket)
            now = utcnow()
            linked = article_id
            notices: list[Action] = []
            if draft_owner is not None:
                draft, removed = capture.scrubbed(
                    capture.draft_article(ticket, note, draft_owner), names
                )
                draft = _readable_draft(draft, ticket.ref)
                repository.upsert(session, draft, by=agent, note=f"captured from {ticket.ref}")
                linked = draft.id
                tickets.audit(session, ticket, agent, "article_drafted", None, draft.id, now=now)
                if removed:
                    said = f"Removed {removed} piece(s) of personal data from draft {draft.id}."
                    notices.append(Action("notice", said, ticket_id=ticket.ref))
                notices += self._duplicate_check(session, draft, ticket.ref)
            elif article_id:
                repository.record_reuse(
                    session,
                    article_id,
                    phrase=convo.verbatim,
                    by=agent,
                    ticket_ref=ticket.ref,
                )
            tickets.resolve(session, ticket, agent, note, now, article_id=linked)
            ticket.article_id = linked
            ask = events.apply(convo, Event.AGENT_RESOLVED, agent_name=agent_name, note=note)
            out = DeskOutcome(True, ticket.ref, owner=ticket.assignee)
            self._deliver(session, out, convo, ask, "employee")
            self._card(session, out, convo, ticket)
            if notices:
                self._deliver(session, out, convo, notices, "agents")
            return out

    def requester_of(self, ticket_ref: str) -> str | None:
        with self.db.session() as session:
            ticket = tickets.by_ref(session, ticket_ref)
            return ticket.requester if ticket else None

    def _duplicate_check(self, session: Session, draft: ArticleContent, ref: str) -> list[Action]:
        """One article per resolution and cause: warn when the draft repeats an article."""
        if self.similar is None:
            return []
        said = mark_duplicate(session, draft, self.similar, self.duplicate_similarity, self.lang)
        return [Action("notice", said, ticket_id=ref)] if said else []

    def set_waiting(
        self, ticket_ref: str, agent: str, agent_name: str, once: str | None = None
    ) -> DeskOutcome:
        with self.db.session() as session:
            if not _first(session, once):
                return DeskOutcome(False, ticket_ref, duplicate=True)
            ticket = self._require(session, ticket_ref)
            convo = self._conversation(session, ticket)
            tickets.set_waiting(session, ticket, agent, utcnow())
            out = DeskOutcome(True, ticket.ref, owner=ticket.assignee)
            said = t("handoff.waiting", convo.language, name=agent_name)
            self._deliver(session, out, convo, [Action("message", said)], "employee")
            self._card(session, out, convo, ticket)
            return out

    def hand_back(self, ticket_ref: str, agent: str, once: str | None = None) -> DeskOutcome:
        """The bot takes the conversation again; the next message is searched afresh."""
        with self.db.session() as session:
            if not _first(session, once):
                return DeskOutcome(False, ticket_ref, duplicate=True)
            ticket = self._require(session, ticket_ref)
            convo = self._conversation(session, ticket)
            tickets.hand_back(session, ticket, agent, utcnow())
            said = events.apply(convo, Event.HANDED_BACK)
            out = DeskOutcome(True, ticket.ref, owner=ticket.assignee)
            self._deliver(session, out, convo, said, "employee")
            self._card(session, out, convo, ticket)
            return out

    def assign(
        self, ticket_ref: str, agent: str, to: str, to_name: str, once: str | None = None
    ) -> DeskOutcome:
        with self.db.session() as session:
            if not _first(session, once):
                return DeskOutcome(False, ticket_ref, duplicate=True)
            ticket = self._require(session, ticket_ref)
            convo = self._conversation(session, ticket)
            before = ticket.assignee
            tickets.assign(session, ticket, to, agent, utcnow())
            out = DeskOutcome(True, ticket.ref, owner=to)
            if before != to:
                said = t("handoff.reassigned", convo.language, name=to_name, ticket_id=ticket.ref)
                self._deliver(session, out, convo, [Action("message", said)], "employee")
            self._card(session, out, convo, ticket)
            return out

    def set_priority(
        self,
        ticket_ref: str,
        agent: str,
        priority: str,
        reason: str,
        sla: dict[str, SlaTarget],
        once: str | None = None,
    ) -> DeskOutcome:
        """A new priority (and SLA targets) with its reason; `once` as for `resolve`."""
        with self.db.session() as session:
            if not _first(session, once):
                return DeskOutcome(False, ticket_ref, duplicate=True)
            ticket = self._require(session, ticket_ref)
            convo = self._conversation(session, ticket)
            tickets.set_priority(session, ticket, priority, reason, agent, utcnow(), sla)
            out = DeskOutcome(True, ticket.ref, owner=ticket.assignee)
            self._card(session, out, convo, ticket)
            return out

    def private_note(
        self, ticket_ref: str, agent: str, agent_name: str, text: str, once: str | None = None
    ) -> DeskOutcome:
        """A note for agents only, from the card's button: kept in the audit and the thread.

        `once` as for `resolve`."""
        with self.db.session() as session:
            if not _first(session, once):
                return DeskOutcome(False, ticket_ref, duplicate=True)
            ticket = self._require(session, ticket_ref)
            convo = self._conversation(session, ticket)
            tickets.note(session, ticket, agent, text, utcnow())
            out = DeskOutcome(True, ticket.ref, owner=ticket.assignee)
            notice = Action("notice", f"🔒 *{agent_name}* (private): {text}", ticket_id=ticket.ref)
            self._deliver(session, out, convo, [notice], "agents")
            return out

    def sla_tick(self, now: datetime, warn_at: float) -> list[Delivery]:
        """Send each SLA warning and breach once (safe with several replicas at once)."""
        out = DeskOutcome(True)
        with self.db.session() as session:
            for alert in sla.check(session, now, warn_at):
                ticket = session.get(TicketRow, alert.ticket_id)
                assert ticket is not None
                convo = self._conversation(session, ticket)
                target = "first response" if alert.clock == "response" else "resolution"
                # In the timezone of the ticket's calendar: what its team reads on the clock.
                local = alert.due.astimezone(sla_clock.spec(ticket).calendar.zone)
                due = f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
                if alert.level == "warning":
                    text = f"⚠️ {ticket.ref} ({ticket.priority}): {target} due {due}."
                else:
                    text = (
                        f"🚨 {ticket.ref} ({ticket.priority}): {target} target missed (due {due})."
                    )
                owner = f" Assigned to <@{ticket.assignee}>." if ticket.assignee else ""
                notice = Action("notice", text + owner, ticket_id=ticket.ref)
                self._deliver(session, out, convo, [notice], "agents")
                if alert.level == "breach":
                    said = t("sla.still_on_it", convo.language, ticket_id=ticket.ref)
                    self._deliver(session, out, convo, [Action("message", said)], "employee")
        return out.deliveries

    def take_next(self, agent: str, agent_name: str, once: str | None = None) -> DeskOutcome:
        """No cherry-picking: the highest-priority, oldest unclaimed ticket, claimed."""
        with self.db.session() as session:
            if not _first(session, once):
                return DeskOutcome(False, duplicate=True)
            ticket = tickets.take_next(session, agent, utcnow())
            if ticket is None:
                return DeskOutcome(False)
            return self._announce_owner(session, ticket, agent, agent_name)

    def auto_assign(
        self, ticket_ref: str, agents: list[str], name: Callable[[str], str]
    ) -> DeskOutcome:
        """Round robin: a new ticket goes to the next configured agent in turn."""
        if not agents:
            return DeskOutcome(False, ticket_ref)
        with self.db.session() as session:
            ticket = self._require(session, ticket_ref)
            if ticket.assignee is not None:
                return DeskOutcome(False, ticket.ref, owner=ticket.assignee)
            given = session.scalar(
                select(func.count())
                .select_from(TicketEventRow)
                .where(TicketEventRow.what == "auto_assigned")
            )
            agent = agents[int(given or 0) % len(agents)]
            result = tickets.claim(session, ticket.id, agent, utcnow())
            if not result.won:
                return DeskOutcome(False, ticket.ref, owner=result.owner)
            tickets.audit(session, ticket, "relais", "auto_assigned", None, agent)
            return self._announce_owner(session, ticket, agent, name(agent))

    def my_tickets(self, agent: str) -> list[tuple[str, str, str, str]]:
        """(ref, priority, status, title) of the agent's active tickets, most urgent first."""
        with self.db.session() as session:
            rows = session.scalars(
                select(TicketRow)
                .where(TicketRow.assignee == agent, TicketRow.status.in_(tickets.Status.ACTIVE))
                .order_by(TicketRow.priority, TicketRow.created_at)
            ).all()
            return [(r.ref, r.priority, r.status, r.title) for r in rows]

    def agent_reply(
        self, ticket_ref: str, agent: str, agent_name: str, text: str, dedupe_key: str
    ) -> DeskOutcome:
        """An agent wrote in the ticket's triage thread: relay it, unless it is private."""
        try:
            with self.db.session() as session:
                ticket = tickets.by_ref(session, ticket_ref)
                if ticket is None:
                    return DeskOutcome(False, ticket_ref)
                convo = self._conversation(session, ticket)
                now = utcnow()
                private = text.strip().lower().startswith(self.private_prefix)
                session.add(
                    MessageRow(
                        conversation_id=convo.id,
                        direction="agent",
                        dedupe_key=dedupe_key,
                        user=agent,
                        text=text[:MAX_TEXT],
                        action="private_note" if private else None,
                    )
                )
                session.flush()
                out = DeskOutcome(True, ticket.ref, owner=ticket.assignee)
                if private:
                    tickets.note(session, ticket, agent, text, now)
                    return out
                tickets.first_response(session, ticket, agent, now)
                said = t("handoff.agent_says", convo.language, name=agent_name, text=text)
                self._deliver(session, out, convo, [Action("message", said)], "employee")
                return out
        except IntegrityError:
            return DeskOutcome(False, ticket_ref, duplicate=True)

    def requester_closed(
        self, conversation: str, user: str, event: Event, why: str, agents_lang: str = "en"
    ) -> DeskOutcome:
        """The requester ended it (a ✅ on their message, or *Not needed*): the open ticket is
        resolved in their name, the conversation closed, they and support are told. Only the
        requester may; a second time does nothing."""
        with self.db.session() as session:
            convo = session.scalar(
                select(ConversationRow).where(ConversationRow.key == conversation)
            )
            if convo is None or convo.user != user or convo.state == "resolved":
                return DeskOutcome(False)
            out = DeskOutcome(True, convo.ticket_ref or "")
            ticket = session.scalar(select(TicketRow).where(TicketRow.conversation_id == convo.id))
            if ticket is not None and ticket.status in tickets.Status.ACTIVE:
                note = f"marked solved by the requester ({why})"
                tickets.resolve(session, ticket, user, note, utcnow())
                said = t(
                    "intake.requester_solved_agents", agents_lang, ticket_id=ticket.ref, why=why
                )
                self._deliver(
                    session, out, convo, [Action("notice", said, ticket_id=ticket.ref)], "agents"
                )
                self._card(session, out, convo, ticket)
            self._deliver(session, out, convo, events.apply(convo, event), "employee")
            return out

    def agent_in_thread(self, conversation: str, agent: str) -> bool:
        """An agent answered in the employee's own thread: the first response is recorded."""
        with self.db.session() as session:
            convo = session.scalar(
                select(ConversationRow).where(ConversationRow.key == conversation)
            )
            if convo is None:
                return False
            ticket = session.scalar(select(TicketRow).where(TicketRow.conversation_id == convo.id))
            if ticket is None or agent == ticket.requester:
                return False
            return tickets.first_response(session, ticket, agent, utcnow())

    def failed(
        self,
        conversation: str,
        user: str,
        channel: str,
        text: str,
        dedupe_key: str,
        error: str,
    ) -> list[Delivery]:
        """A message that could not be handled: keep it, tell the employee and support.

        The message goes into the transcript (a placeholder if its text cannot be stored),
        the employee gets a short apology in the thread, and the triage channel a notice.
        """
        for kept in (text[:MAX_TEXT], "(message could not be stored)"):
            try:
                return self._failed(conversation, user, channel, kept, dedupe_key, error)
            except IntegrityError:
                return []  # the message was recorded after all: it has its answer
            except Exception:
                continue
        return []

    def _failed(
        self,
        conversation: str,
        user: str,
        channel: str,
        text: str,
        dedupe_key: str | None,
        error: str,
    ) -> list[Delivery]:
        with self.db.session() as session:
            convo = session.scalar(
                select(ConversationRow).where(ConversationRow.key == conversation)
            )
            if convo is None:
                convo = ConversationRow(key=conversation, user=user, channel=channel)
                session.add(convo)
                session.flush()
            session.add(
                MessageRow(
                    conversation_id=convo.id,
                    direction="in",
                    dedupe_key=dedupe_key,
                    user=user,
                    text=text,
                    action="failed",
                )
            )
            out = DeskOutcome(True)
            said = t("error.failed", convo.language)
            self._deliver(session, out, convo, [Action("message", said)], "employee")
            notice = Action(
                "notice",
                f"⚠️ Relais could not answer a message in {conversation} ({error}); "
                "the employee was told support will follow up in their thread.",
                data={"team": ""},
            )
            self._deliver(session, out, convo, [notice], "authors")
            return out.deliveries

    def ticket_for_card(self, triage_ts: str) -> str | None:
        """The ticket whose triage card has this ts (agents reply in its thread)."""
        with self.db.session() as session:
            ticket = session.scalar(select(TicketRow).where(TicketRow.triage_ts == triage_ts))
            return ticket.ref if ticket is not None else None

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _require(session: Session, ticket_ref: str) -> TicketRow:
        ticket = tickets.by_ref(session, ticket_ref)
        if ticket is None:
            raise tickets.TicketError(f"no ticket {ticket_ref}")
        return ticket

    def _card(
        self, session: Session, out: DeskOutcome, convo: ConversationRow, ticket: TicketRow
    ) -> None:
        card = Action("card", ticket.title, ticket_id=ticket.ref)
        self._deliver(session, out, convo, [card], "agents")

    @staticmethod
    def _conversation(session: Session, ticket: TicketRow) -> ConversationRow:
        convo = session.get(ConversationRow, ticket.conversation_id)
        assert convo is not None  # the foreign key guarantees it
        return convo

    @staticmethod
    def _deliver(
        session: Session,
        out: DeskOutcome,
        convo: ConversationRow,
        actions: list[Action],
        audience: str,
    ) -> None:
        outbox_id = store_outbox(session, convo.id, actions, audience)
        if outbox_id is not None:
            out.deliveries.append(Delivery(outbox_id, convo.key, convo.user))
