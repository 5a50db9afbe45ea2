"""The conversation engine: Inbound in, Actions out, every bit of state in the database.

One call to `handle` is one database transaction: the inbound message is recorded first (a
retried delivery hits the unique dedupe key and is a no-op), the conversation row is locked,
the state machine runs, and the replies are stored in the outbox before they are returned.
A process can die between any two messages; the next message carries on from the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from bot.actions import Action, Choice
from bot.config import AuthoringSettings, ConversationSettings
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.db.base import utcnow
from bot.i18n import question, t
from bot.inbound import Inbound
from handoff import appraisal, tickets
from handoff import extraction as slot_rules
from handoff import statement as statements
from handoff.priority import SLA, SlaTarget
from handoff.tables import TicketRow, ticket_ref
from knowledge import feedback, repository
from knowledge.article import Viewer
from knowledge.decision import Decision, Thresholds
from knowledge.search import Hit, SearchResult
from knowledge.text import QueryError, clean_query

MAX_TEXT = 4000  # characters of one message kept for slots and the transcript
TRANSACTION_ATTEMPTS = 5

_YES = re.compile(
    r"^\s*(yes|yep|yeah|y|ok|it works|solved|fixed|thanks?|oui|ça marche|"
    r"c'est bon|résolu|merci)\b",
    re.I,
)
_NO = re.compile(
    r"^\s*(no|nope|n|not really|still|didn'?t help|doesn'?t work|non|toujours|"
    r"ça ne marche pas|pas résolu)\b",
    re.I,
)


class State:
    NEW = "new"
    AWAITING_FEEDBACK = "awaiting_feedback"
    DISAMBIGUATING = "disambiguating"
    APPRAISING = "appraising"
    CONFIRMING = "confirming"
    EDITING = "editing"
    HANDED_OFF = "handed_off"
    RESOLVED = "resolved"
    # After an agent resolved the ticket: "Is it fixed?", then the rating, then a comment.
    CONFIRMING_FIX = "confirming_fix"
    RATING = "rating"
    COMMENTING = "commenting"


class Searcher(Protocol):
    @property
    def thresholds(self) -> Thresholds: ...

    def search(self, text: str, viewer: Viewer = Viewer.EMPLOYEE) -> SearchResult: ...


@dataclass(frozen=True)
class Outcome:
    """The replies to one inbound message and the outbox row they are stored in."""

    actions: list[Action]
    outbox_id: int | None
    choice_refused: bool = False  # the choice was not on offer (an old or doubled press)
    agents_outbox_id: int | None = None  # what support must see (a new ticket, a relay)
    authors_outbox_id: int | None = None  # what an article's owning team must hear at once


@dataclass(frozen=True)
class ConversationInfo:
    user: str
    language: str
    state: str


def store_outbox(
    session: Session, conversation_id: int, actions: list[Action], audience: str
) -> int | None:
    """Put replies in the outbox (nothing to store: None)."""
    if not actions:
        return None
    row = MessageRow(
        conversation_id=conversation_id,
        direction="out",
        user="relais",
        audience=audience,
        text="\n\n".join(a.text for a in actions),
        payload={"actions": [a.to_json() for a in actions]},
    )
    session.add(row)
    session.flush()
    return row.id


def _requested_priority(slots: dict[str, str]) -> int | None:
    value = slots.get("requested_priority", "")
    return int(value) if value.isdigit() else None


def _stale(turn: _Turn) -> Action:
    # Only the person who pressed an old button needs to see this (Slack: ephemeral).
    turn.choice_refused = True
    return Action("message", t("error.stale_choice", turn.lang), data={"ephemeral": True})


@dataclass
class _Turn:
    """What one `handle` call works with."""

    session: Session
    convo: ConversationRow
    inbound: Inbound
    lang: str
    choice_refused: bool = False
    for_agents: list[Action] = field(default_factory=list)
    for_authors: list[Action] = field(default_factory=list)


class Engine:
    """The same conversation everywhere: the terminal and Slack adapters only render Actions."""

    def __init__(
        self,
        db: Database,
        search: Searcher,
        settings: ConversationSettings | None = None,
        resolution_of: Callable[[Session, str], tuple[str, str, str]] | None = None,
        sla: dict[str, SlaTarget] | None = None,
        authoring: AuthoringSettings | None = None,
    ) -> None:
        self.db = db
        self.authoring = authoring or AuthoringSettings()
        self.search = search
        self.settings = settings or ConversationSettings()
        self.sla = sla or {f"P{n}": target for n, target in SLA.items()}
        self._resolution_of = resolution_of or _article_resolution

    # -- entry point ---------------------------------------------------------------------

    def handle(self, inbound: Inbound) -> list[Action]:
        """Record, decide, store the replies; a duplicate delivery returns no actions."""
        return self.respond(inbound).actions

    def respond(self, inbound: Inbound) -> Outcome:
        """`handle`, also naming the outbox row that holds the replies (None for a duplicate).

        A transaction that lost a race (two first messages creating one conversation, SQLite
        busy, a PostgreSQL deadlock) is run again, so a message is never dropped for it.
        """
        inbound = _storable(inbound)
        for attempt in Retrying(
            retry=retry_if_exception_type((IntegrityError, OperationalError)),
            stop=stop_after_attempt(TRANSACTION_ATTEMPTS),
            wait=wait_random_exponential(multiplier=0.05, max=1.0),
            reraise=True,
        ):
            with attempt:
                return self._respond_once(inbound)
        raise AssertionError("unreachable: Retrying re-raises the last error")

    def _respond_once(self, inbound: Inbound) -> Outcome:
        try:
            with self.db.session() as session:
                convo = self._conversation(session, inbound)
                text = (inbound.text or "")[:MAX_TEXT]
                session.add(
                    MessageRow(
                        conversation_id=convo.id,
                        direction="in",
                        dedupe_key=inbound.dedupe_key,
                        user=inbound.user,
                        text=text,
                        action=inbound.action,
                    )
                )
                session.flush()
                turn = _Turn(session, convo, inbound, convo.language)
                actions = self._dispatch(turn)
                convo.updated_at = utcnow()
                outbox_id = store_outbox(session, convo.id, actions, "employee")
                agents_id = store_outbox(session, convo.id, turn.for_agents, "agents")
                authors_id = store_outbox(session, convo.id, turn.for_authors, "authors")
                return Outcome(actions, outbox_id, turn.choice_refused, agents_id, authors_id)
        except IntegrityError:
            if inbound.dedupe_key and self._seen(inbound.dedupe_key):
                return Outcome([], None)  # a retry or a second delivery of the same event
            raise

    def record(self, inbound: Inbound) -> bool:
        """Keep a message in the transcript without answering it (an edit, a deletion).

        Only for conversations that exist; returns False for a duplicate or an unknown thread.
        """
        inbound = _storable(inbound)
        try:
            with self.db.session() as session:
                query = select(ConversationRow).where(ConversationRow.key == inbound.conversation)
                convo = session.scalar(query)
                if convo is None:
                    return False
                session.add(
                    MessageRow(
                        conversation_id=convo.id,
                        direction="in",
                        dedupe_key=inbound.dedupe_key,
                        user=inbound.user,
                        text=(inbound.text or "")[:MAX_TEXT],
                        action=inbound.action,
                    )
                )
            return True
        except IntegrityError:
            if inbound.dedupe_key and self._seen(inbound.dedupe_key):
                return False
            raise

    def has_conversation(self, key: str) -> bool:
        """Whether Relais already talks in this conversation (a thread it answered in)."""
        with self.db.session() as session:
            query = select(ConversationRow.id).where(ConversationRow.key == key)
            return session.scalar(query) is not None

    def conversation_info(self, key: str) -> ConversationInfo | None:
        """Who started the conversation (only they answer its buttons) and in which language."""
        with self.db.session() as session:
            row = session.execute(
                select(ConversationRow.user, ConversationRow.language, ConversationRow.state).where(
                    ConversationRow.key == key
                )
            ).first()
            return None if row is None else ConversationInfo(*row)

    def _seen(self, dedupe_key: str) -> bool:
        with self.db.session() as session:
            return (
                session.scalar(select(MessageRow.id).where(MessageRow.dedupe_key == dedupe_key))
                is not None
            )

    def _conversation(self, session: Session, inbound: Inbound) -> ConversationRow:
        query = select(ConversationRow).where(ConversationRow.key == inbound.conversation)
        convo = session.scalar(query.with_for_update())
        if convo is not None:
            return convo
        convo = ConversationRow(
            key=inbound.conversation, user=inbound.user, channel=inbound.channel, state=State.NEW
        )
        session.add(convo)
        session.flush()
        return convo

    def _dispatch(self, turn: _Turn) -> list[Action]:
        convo, inbound = turn.convo, turn.inbound
        if inbound.action is not None:
            if inbound.action not in convo.choices:
                return [_stale(turn)]
            return self._on_choice(turn, inbound.action)
        raw = inbound.text or ""
        try:
            text, _ = clean_query(raw, MAX_TEXT)
        except QueryError as exc:
            if not raw.strip():
                return [Action("message", t("error.empty", turn.lang))]
            return [Action("message", t("error.unreadable", turn.lang, reason=str(exc)))]
        if convo.state == State.CONFIRMING_FIX and (_YES.match(text) or _NO.match(text)):
            return self._on_choice(turn, "fixed:yes" if _YES.match(text) else "fixed:no")
        if convo.state == State.RATING:
            digit = re.match(r"^\s*([1-5])\b", text)
            if digit:
                return self._on_choice(turn, f"csat:{digit.group(1)}")
        if convo.state == State.COMMENTING:
            return self._csat_comment(turn, text)
        if convo.state in (State.NEW, State.RESOLVED, State.CONFIRMING_FIX, State.RATING):
            return self._start(turn, text)
        if convo.state == State.HANDED_OFF:
            return self._while_handed_off(turn, text)
        found = slot_rules.extract(text, turn.lang)
        if (found.wants_human or found.urgent) and convo.state != State.EDITING:
            self._learn(convo, found.slots)
            return self._statement(turn)
        if convo.state == State.AWAITING_FEEDBACK:
            if _YES.match(text):
                return self._on_choice(turn, "yes")
            if _NO.match(text):
                return self._on_choice(turn, "no")
            return self._appraise(turn, text, found)
        if convo.state == State.EDITING or convo.state == State.CONFIRMING:
            convo.corrections = [*convo.corrections, text]
            self._learn(convo, found.slots, overwrite=True)
            return self._statement(turn)
        return self._appraise(turn, text, found)

    # -- the first message ---------------------------------------------------------------

    def _start(self, turn: _Turn, text: str) -> list[Action]:
        convo = turn.convo
        found = slot_rules.extract(text)
        convo.language = turn.lang = found.language
        convo.state = State.NEW
        convo.verbatim = text
        convo.slots, convo.asked, convo.turns = dict(found.slots), [], 0
        convo.kb_trail, convo.offered, convo.rejected, convo.corrections = [], [], [], []
        convo.statement, convo.ticket_ref = None, None
        convo.contact_type = found.contact_type.value if found.contact_type else None
        if found.wants_human or found.urgent:
            convo.contact_type = convo.contact_type or "incident"
            return self._statement(turn)
        result = self._search(turn, text)
        if result.decision is Decision.ANSWER:
            return self._answer(turn, result.choices[0])
        if result.decision is Decision.DISAMBIGUATE:
            return self._disambiguate(turn, result.choices)
        if convo.contact_type == "question":
            return [Action("message", t("question.no_match", turn.lang)), *self._statement(turn)]
        convo.contact_type = convo.contact_type or "incident"
        intro = "request.intro" if convo.contact_type == "request" else "appraise.intro"
        return self._ask_next(turn, intro, multiple=bool(found.slots.get("concerns")))

    # -- choices (buttons, numbered options, or their words) -----------------------------

    def _on_choice(self, turn: _Turn, choice: str) -> list[Action]:
        convo = turn.convo
        if choice == "yes" and convo.offered:
            article_id = convo.offered[0]
            repository.record_reuse(
                turn.session,
                article_id,
                phrase=convo.verbatim,
                by=convo.user,
                ticket_ref=f"conversation:{convo.id}",
            )
            feedback.record_helped(turn.session, article_id, convo.key, utcnow())
            self._trail_feedback(convo, article_id, "helped")
            convo.state, convo.choices = State.RESOLVED, []
            return [Action("message", t("resolved", turn.lang))]
        if choice == "no" and convo.offered:
            article_id = convo.offered[0]
            self._rejected(turn, article_id)
            self._trail_feedback(convo, article_id, "did not help")
            convo.rejected = [*convo.rejected, article_id]
            nxt = self._next_candidate(convo)
            if nxt is not None:
                actions = self._answer_by_id(turn, *nxt)
                return [Action("message", t("next_candidate", turn.lang)), *actions]
            convo.contact_type = "incident" if convo.contact_type != "request" else "request"
            return self._ask_next(turn, "appraise.after_no")
        if choice == "human":
            return self._statement(turn)
        if choice.startswith("article:"):
            article_id = choice.split(":", 1)[1]
            hit = next((h for h in self._last_hits(convo) if h["id"] == article_id), None)
            if hit is not None:
                self._trail_feedback(convo, article_id, "picked")
                return self._answer_by_id(turn, article_id, hit.get("score", 0.0))
        if choice == "none":
            convo.rejected = [*convo.rejected, *convo.offered]
            self._trail_feedback(convo, ",".join(convo.offered), "none of these")
            convo.contact_type = convo.contact_type or "incident"
            return self._ask_next(turn, "appraise.intro")
        if choice.startswith(("fixed:", "csat:")):
            return self._after_resolve(turn, choice)
        if choice in ("send", "edit"):
            return self._send(turn) if choice == "send" else self._edit(turn)
        for slot, replies in appraisal.QUICK_REPLIES.items():
            for choice_id, value, _ in replies:
                if choice == choice_id:
                    if slot == "contact_type":
                        convo.contact_type = value
                    else:
                        convo.slots = {**convo.slots, slot: value}
                    return self._after_answer(turn)
        return [_stale(turn)]

    def _rejected(self, turn: _Turn, article_id: str) -> None:
        """'No, that didn't help' is evidence for the article's owners ("flag it or fix it")."""
        convo, rules = turn.convo, self.authoring
        alert = feedback.record_rejection(
            turn.session,
            article_id,
            by=convo.user,
            reason=f"did not help: {convo.verbatim[:300]}",
            conversation_key=convo.key,
            now=utcnow(),
            threshold=rules.reject_threshold,
            window_days=rules.reject_window_days,
        )
        if alert is not None:
            text = t(
                "authors.rejected",
                "en",
                article_id=alert.article_id,
                title=alert.title,
                count=alert.count,
                days=alert.window_days,
            )
            data = {"team": alert.team, "article_id": alert.article_id, "count": alert.count}
            turn.for_authors.append(Action("author_alert", text, data=data))

    # -- appraisal -----------------------------------------------------------------------

    def _appraise(self, turn: _Turn, text: str, found: slot_rules.Extraction) -> list[Action]:
        convo = turn.convo
        if convo.rejected:
            feedback.mark_followed_steps(turn.session, convo.key, text)
        self._learn(convo, found.slots)
        unanswered = [
            s
            for s in convo.asked[-appraisal.MAX_PER_TURN :]
            if not statements.filled(s, convo.slots)
        ]
        if unanswered and not found.slots:
            # The reply answers the questions just asked, in words the rules did not catch.
            convo.slots = {**convo.slots, **{s: text for s in unanswered}}
        if convo.contact_type is None and found.contact_type is not None:
            convo.contact_type = found.contact_type.value
        return self._after_answer(turn, extra=text)

    def _after_answer(self, turn: _Turn, extra: str = "") -> list[Action]:
        """Search again with everything said so far; offer a fitting article before asking."""
        convo = turn.convo
        query = " ".join([convo.verbatim, extra]).strip()[-1500:]
        result = self._search(turn, query)
        if (
            result.decision is Decision.ANSWER
            and result.choices[0].article_id not in convo.rejected
        ):
            actions = self._answer(turn, result.choices[0])
            return [Action("message", t("found_mid_appraisal", turn.lang)), *actions]
        return self._ask_next(turn, None)

    def _ask_next(self, turn: _Turn, intro_key: str | None, multiple: bool = False) -> list[Action]:
        convo = turn.convo
        plan = appraisal.next_questions(
            convo.contact_type or "incident",
            convo.slots,
            convo.asked,
            convo.turns,
            self.settings.max_appraisal_turns,
            multiple_concerns=multiple,
        )
        if plan.done:
            return self._statement(turn)
        convo.state = State.APPRAISING
        convo.asked = [*convo.asked, *plan.questions]
        convo.turns += 1
        lines = [question(slot, turn.lang) for slot in plan.questions]
        if intro_key:
            lines.insert(0, t(intro_key, turn.lang))
        choices = (
            *tuple(
                Choice(choice_id, t(label, turn.lang))
                for slot in plan.questions
                for choice_id, _, label in appraisal.QUICK_REPLIES.get(slot, ())
            ),
            Choice("human", t("choice.human", turn.lang)),
        )
        convo.choices = [c.id for c in choices]
        return [Action("question", "\n".join(lines), choices=choices, slots=plan.questions)]

    # -- answers ---------------------------------------------------------------------------

    def _search(self, turn: _Turn, text: str) -> SearchResult:
        result = self.search.search(text, Viewer.EMPLOYEE)
        turn.convo.kb_trail = [
            *turn.convo.kb_trail,
            {
                "query": result.query[:300],
                "decision": result.decision.value,
                "results": [{"id": h.article_id, "score": round(h.score, 4)} for h in result.hits],
                "shown": [h.article_id for h in result.choices],
                "feedback": None,
            },
        ]
        return result

    def _last_hits(self, convo: ConversationRow) -> list[dict[str, Any]]:
        for entry in reversed(convo.kb_trail):
            if entry.get("results"):
                return list(entry["results"])
        return []

    def _trail_feedback(self, convo: ConversationRow, article_id: str, feedback: str) -> None:
        """Note what the employee said of an article on the search that showed it."""
        trail = [dict(e) for e in convo.kb_trail]
        first_id = article_id.split(",")[0]
        for entry in reversed(trail):
            if first_id in entry.get("shown", []) or not entry.get("shown"):
                note = f"{article_id}: {feedback}"
                entry["feedback"] = (
                    f"{entry['feedback']}; {note}" if entry.get("feedback") else note
                )
                break
        convo.kb_trail = trail

    def _mark_shown(self, convo: ConversationRow, article_id: str) -> None:
        if not convo.kb_trail:
            return
        trail = [dict(e) for e in convo.kb_trail]
        if article_id not in trail[-1].get("shown", []):
            trail[-1]["shown"] = [*trail[-1].get("shown", []), article_id]
        convo.kb_trail = trail

    def _next_candidate(self, convo: ConversationRow) -> tuple[str, float] | None:
        """The next unrejected article of the last search, if it comes close to fitting."""
        hits = self._last_hits(convo)
        if len(hits) < 2:
            return None
        top = hits[0]["score"]
        t = self.search.thresholds
        for hit in hits[1:3]:
            if hit["id"] in convo.rejected or hit["id"] in convo.offered:
                continue
            # Close: good enough to answer on its own, or about as good as the rejected one.
            score = hit["score"]
            if score >= t.answer_threshold or (
                score >= t.disambiguate_threshold and top - score <= t.disambiguate_window
            ):
                return hit["id"], score
        return None

    def _answer(self, turn: _Turn, hit: Hit) -> list[Action]:
        return self._answer_by_id(turn, hit.article_id, hit.score)

    def _answer_by_id(self, turn: _Turn, article_id: str, score: float) -> list[Action]:
        convo = turn.convo
        title, resolution, confidence = self._resolution_of(turn.session, article_id)
        convo.state, convo.offered = State.AWAITING_FEEDBACK, [article_id]
        self._mark_shown(convo, article_id)
        choices = (
            Choice("yes", t("choice.yes", turn.lang)),
            Choice("no", t("choice.no", turn.lang)),
            Choice("human", t("choice.human", turn.lang)),
        )
        convo.choices = [c.id for c in choices]
        text = f"{t('answer.intro', turn.lang, title=title)}\n\n{resolution}\n\n{t('answer.ask', turn.lang)}"
        return [
            Action(
                "answer",
                text,
                choices=choices,
                article_id=article_id,
                data={
                    "title": title,
                    "resolution": resolution,
                    "score": round(score, 4),
                    "confidence": confidence,
                },
            )
        ]

    def _disambiguate(self, turn: _Turn, hits: list[Hit]) -> list[Action]:
        convo = turn.convo
        convo.state, convo.offered = State.DISAMBIGUATING, [h.article_id for h in hits]
        labels = _distinguishing_labels(turn.session, hits)
        choices = (
            *tuple(
                Choice(f"article:{h.article_id}", label)
                for h, label in zip(hits, labels, strict=True)
            ),
            Choice("none", t("choice.none_of_these", turn.lang)),
        )
        convo.choices = [c.id for c in choices]
        return [Action("disambiguate", t("disambiguate", turn.lang), choices=choices)]

    # -- statement and handoff -------------------------------------------------------------

    def _statement(self, turn: _Turn) -> list[Action]:
        convo = turn.convo
        contact = convo.contact_type or "incident"
        required = (
            ()
            if contact == "question"
            else statements.MINIMUM_REQUEST
            if contact == "request"
            else statements.MINIMUM_INCIDENT
        )
        built = statements.build(
            contact_type=contact,
            verbatim=convo.verbatim,
            language=turn.lang,
            slots=convo.slots,
            kb_trail=convo.kb_trail,
            required=required,
            corrections=convo.corrections,
            requested_priority=_requested_priority(convo.slots),
        )
        convo.statement = built.to_dict()
        convo.state = State.CONFIRMING
        choices = (
            Choice("send", t("choice.send", turn.lang)),
            Choice("edit", t("choice.edit", turn.lang)),
        )
        convo.choices = [c.id for c in choices]
        text = (
            f"{t('statement.intro', turn.lang)}\n\n{render_statement(convo.statement, turn.lang)}"
        )
        return [Action("statement", text, choices=choices, problem_statement=convo.statement)]

    def _edit(self, turn: _Turn) -> list[Action]:
        turn.convo.state = State.EDITING
        turn.convo.choices = []
        return [Action("message", t("statement.edit_prompt", turn.lang))]

    def _after_resolve(self, turn: _Turn, choice: str) -> list[Action]:
        """The requester's verdict on a resolved ticket, then their rating (CSAT)."""
        convo, ticket = turn.convo, self._ticket(turn)
        if ticket is None:
            return [_stale(turn)]
        now = utcnow()
        if choice == "fixed:yes":
            tickets.audit(turn.session, ticket, convo.user, "confirmed_fixed", now=now)
            convo.state = State.RATING
            choices = tuple(Choice(f"csat:{n}", str(n)) for n in range(1, 6))
            convo.choices = [c.id for c in choices]
            return [Action("question", t("csat.ask", turn.lang), choices=choices)]
        if choice == "fixed:no":
            tickets.reopen(turn.session, ticket, convo.user, now, note="requester: not fixed")
            ticket.reopened_count += 1
            convo.state, convo.choices = State.HANDED_OFF, []
            turn.for_agents += [
                Action("notice", t("notice.reopened", ticket.language), ticket_id=ticket.ref),
                Action("card", ticket.title, ticket_id=ticket.ref),
            ]
            return [Action("message", t("fix.reopened", turn.lang, ticket_id=ticket.ref))]
        rating = int(choice.split(":", 1)[1])
        tickets.audit(turn.session, ticket, convo.user, "csat", ticket.csat_rating, rating, now=now)
        ticket.csat_rating = rating
        convo.state, convo.choices = State.COMMENTING, []
        return [Action("message", t("csat.thanks", turn.lang))]

    def _csat_comment(self, turn: _Turn, text: str) -> list[Action]:
        ticket = self._ticket(turn)
        if ticket is not None:
            ticket.csat_comment = text
            tickets.audit(turn.session, ticket, turn.convo.user, "csat_comment", note=text)
        turn.convo.state, turn.convo.choices = State.RESOLVED, []
        return [Action("message", t("csat.comment_thanks", turn.lang))]

    def _while_handed_off(self, turn: _Turn, text: str) -> list[Action]:
        """A human has (or will have) the thread: pass the message on to support.

        Until an agent claims the ticket, Relais says it is queued; after, it stays silent.
        """
        ticket = self._ticket(turn)
        if ticket is None:
            return []
        tickets.resume(turn.session, ticket, turn.inbound.user, utcnow())
        turn.for_agents.append(
            Action(
                "relay",
                text,
                ticket_id=ticket.ref,
                data={"from": turn.inbound.user, "role": "requester"},
            )
        )
        if ticket.assignee is None:
            return [Action("message", t("handoff.already", turn.lang, ticket_id=ticket.ref))]
        return []

    def _ticket(self, turn: _Turn) -> TicketRow | None:
        return turn.session.scalar(
            select(TicketRow).where(TicketRow.conversation_id == turn.convo.id)
        )

    def _send(self, turn: _Turn) -> list[Action]:
        convo = turn.convo
        existing = turn.session.scalar(
            select(TicketRow).where(TicketRow.conversation_id == convo.id)
        )
        if existing is not None:
            return [Action("message", t("handoff.already", turn.lang, ticket_id=existing.ref))]
        assert convo.statement is not None
        ticket = TicketRow(
            conversation_id=convo.id,
            requester=convo.user,
            channel=convo.channel,
            title=convo.statement["title"][:300],
            contact_type=convo.statement["contact_type"],
            priority=convo.statement["priority"],
            status="open",
            language=turn.lang,
            statement=convo.statement,
            summary=render_statement(convo.statement, turn.lang),
        )
        now = utcnow()
        ticket.created_at = now
        ticket.response_due, ticket.resolution_due = tickets.due_times(
            ticket.priority, now, self.sla
        )
        computed = statements.priority_for(convo.slots, _requested_priority(convo.slots))
        if computed.overridden_from is not None:
            ticket.priority_overridden_from = f"P{computed.overridden_from}"
        turn.session.add(ticket)
        turn.session.flush()
        tickets.audit(turn.session, ticket, convo.user, "opened", None, ticket.priority, now=now)
        if ticket.priority_overridden_from:
            tickets.audit(
                turn.session,
                ticket,
                convo.user,
                "priority_override",
                ticket.priority_overridden_from,
                ticket.priority,
                note="requested by the requester",
                now=now,
            )
        convo.ticket_ref, convo.state, convo.choices = ticket.ref, State.HANDED_OFF, []
        turn.for_agents.append(
            Action("triage", ticket.title, ticket_id=ticket.ref, priority=ticket.priority)
        )
        first = _duration(self.sla[ticket.priority].first_response.total_seconds(), turn.lang)
        text = t(
            "handoff.done",
            turn.lang,
            ticket_id=ticket.ref,
            priority=ticket.priority,
            first_response=first,
        )
        return [Action("handoff", text, ticket_id=ticket.ref, priority=ticket.priority)]

    def _learn(
        self, convo: ConversationRow, found: dict[str, str], overwrite: bool = False
    ) -> None:
        if overwrite:
            convo.slots = {**convo.slots, **{k: v for k, v in found.items() if v}}
        else:
            convo.slots = slot_rules.merge(convo.slots, found)


def _nul_free(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; the transcript keeps a visible replacement instead.
    return value.replace("\x00", "\ufffd") if value is not None else None


def _storable(inbound: Inbound) -> Inbound:
    return Inbound(
        user=_nul_free(inbound.user) or "",
        conversation=_nul_free(inbound.conversation) or "",
        text=_nul_free(inbound.text),
        action=_nul_free(inbound.action),
        dedupe_key=_nul_free(inbound.dedupe_key),
        channel=_nul_free(inbound.channel) or "",
    )


def _article_resolution(session: Session, article_id: str) -> tuple[str, str, str]:
    row = repository.require(session, article_id)
    content = repository.content_of(row)
    return content.title, content.resolution, content.confidence.value


def _distinguishing_labels(session: Session, hits: list[Hit]) -> list[str]:
    """Each title plus what sets it apart: an environment line (else a symptom) that the
    other candidates do not share."""
    contents = {}
    for hit in hits:
        row = repository.get(session, hit.article_id)
        if row is not None:
            contents[hit.article_id] = repository.content_of(row)
    labels = []
    for hit in hits:
        content = contents.get(hit.article_id)
        if content is None:
            labels.append(hit.article_id)
            continue
        others = [c for a, c in contents.items() if a != hit.article_id]
        shared = {line.casefold() for c in others for line in (*c.environment, *c.issue)}
        distinct = [
            line for line in (*content.environment, *content.issue) if line.casefold() not in shared
        ]
        label = f"{content.title} ({distinct[0]})" if distinct else content.title
        labels.append(label[:200])
    return labels


def _duration(seconds: float, lang: str) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h"
    return "1 jour ouvré" if lang == "fr" else "1 business day"


LABELS = {
    "en": {
        "title": "Problem",
        "object": "Object",
        "expected": "Expected",
        "actual": "Actual",
        "is": "IS",
        "is_not": "IS NOT",
        "where": "Where",
        "when": "When",
        "extent": "Extent",
        "changes": "Changes",
        "priority": "Priority",
        "impact": "Impact",
        "urgency": "Urgency",
        "workaround": "Workaround",
        "business_need": "Business need",
        "tried": "Already tried",
        "missing": "Needs more data",
        "said": "In their words",
        "request_what": "Requested",
        "request_for_whom": "For",
        "request_by_when": "By",
        "corrections": "Corrections",
    },
    "fr": {
        "title": "Problème",
        "object": "Objet",
        "expected": "Attendu",
        "actual": "Constaté",
        "is": "EST",
        "is_not": "N'EST PAS",
        "where": "Où",
        "when": "Quand",
        "extent": "Étendue",
        "changes": "Changements",
        "priority": "Priorité",
        "impact": "Impact",
        "urgency": "Urgence",
        "workaround": "Contournement",
        "business_need": "Besoin métier",
        "tried": "Déjà essayé",
        "missing": "À compléter",
        "said": "Dans ses mots",
        "request_what": "Demande",
        "request_for_whom": "Pour",
        "request_by_when": "Échéance",
        "corrections": "Corrections",
    },
}


def render_statement(st: dict[str, Any], lang: str) -> str:
    """The statement as plain text lines (the terminal prints it; Slack renders its own)."""
    lab = LABELS.get(lang, LABELS["en"])
    spec = st["spec"]
    lines = [f"*{lab['title']}:* {st['title']}"]
    for key in ("object", "expected", "actual"):
        if st.get(key):
            lines.append(f"*{lab[key]}:* {st[key]}")
    names = {
        "what": lab["actual"],
        "where": lab["where"],
        "when": lab["when"],
        "extent": lab["extent"],
    }
    for dim in ("what", "where", "when", "extent"):
        parts = []
        for key, value in spec[dim].items():
            if value:
                tag = {"is": lab["is"], "is_not": lab["is_not"]}.get(key, key.replace("_", " "))
                parts.append(f"{tag}: {value}")
        if parts and not (dim == "what" and list(spec[dim].values())[1:] == [""]):
            lines.append(f"*{names[dim]}:* " + "; ".join(parts))
    request = st.get("request") or {}
    for key in ("what", "for_whom", "by_when"):
        if request.get(key):
            lines.append(f"*{lab['request_' + key]}:* {request[key]}")
    if st.get("changes"):
        lines.append(f"*{lab['changes']}:* " + "; ".join(st["changes"]))
    lines.append(
        f"*{lab['priority']}:* {st['priority']} ({lab['impact']} {st['impact']}, "
        f"{lab['urgency']} {st['urgency']})"
    )
    for key in ("workaround", "business_need"):
        if st.get(key):
            lines.append(f"*{lab[key]}:* {st[key]}")
    tried = [e["feedback"] for e in st.get("kb_trail", []) if e.get("feedback")]
    if tried:
        lines.append(f"*{lab['tried']}:* " + "; ".join(tried))
    if st.get("corrections"):
        lines.append(f"*{lab['corrections']}:* " + " / ".join(st["corrections"]))
    if st.get("missing_slots"):
        lines.append(f"*{lab['missing']}:* " + ", ".join(st["missing_slots"]))
    lines.append(f"*{lab['said']}:* \u201c{st['requester_verbatim'][:500]}\u201d")
    return "\n".join(lines)


__all__ = [
    "MAX_TEXT",
    "ConversationInfo",
    "Engine",
    "Outcome",
    "State",
    "render_statement",
    "store_outbox",
    "ticket_ref",
]
