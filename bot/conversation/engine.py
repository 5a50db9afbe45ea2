"""The conversation engine: Inbound in, Actions out, every bit of state in the database.

One call to `respond` is one database transaction: the inbound message is recorded first (a
retried delivery hits the unique dedupe key and is a no-op), the conversation row is locked,
the transition table (bot.conversation.transitions) decides, and the replies are stored in
the outbox before they are returned. A process can die between any two messages; the next
message carries on from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from bot.actions import Action
from bot.config import AuthoringSettings, ConversationSettings
from bot.conversation import transitions
from bot.conversation.answer import basis, follow_up_query, reply_query, with_context
from bot.conversation.handoff import changed_fields, editable_fields
from bot.conversation.states import State
from bot.conversation.turn import Context, KnownMatcher, Searcher, Turn
from bot.conversation.words import courtesy
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.db.base import utcnow
from bot.i18n import t
from bot.inbound import Inbound
from handoff.priority import SLA, SlaTarget
from knowledge.article import Viewer
from knowledge.search import SearchResult
from knowledge.text import QueryError, clean_query, language_evidence

MAX_TEXT = 4000  # characters of one message kept for slots and the transcript
TRANSACTION_ATTEMPTS = 5


@dataclass(frozen=True)
class Outcome:
    """The replies to one inbound message and the outbox row they are stored in."""

    actions: list[Action]
    outbox_id: int | None
    choice_refused: bool = False  # the choice was not on offer (an old or doubled press)
    agents_outbox_id: int | None = None  # what support must see (a new ticket, a relay)
    authors_outbox_id: int | None = None  # what an article's owning team must hear at once
    field_errors: dict[str, str] = field(default_factory=dict)  # a corrected field refused


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


class Engine:
    """The same conversation everywhere: the terminal and Slack adapters only render Actions."""

    def __init__(
        self,
        db: Database,
        search: Searcher,
        settings: ConversationSettings | None = None,
        sla: dict[str, SlaTarget] | None = None,
        authoring: AuthoringSettings | None = None,
        known: KnownMatcher | None = None,
    ) -> None:
        self.db = db
        self.search = search
        self.context = Context(
            search=search,
            settings=settings or ConversationSettings(),
            authoring=authoring or AuthoringSettings(),
            sla=sla or {f"P{n}": target for n, target in SLA.items()},
            known=known,
        )

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

    def _prefetch(self, inbound: Inbound) -> tuple[dict[str, SearchResult], dict[str, Any]]:
        """The search this message will most likely need, and for a first message its
        embedding when a known issue is live, computed before the row is locked.

        Read without a lock: if the conversation moved meanwhile, the locked turn simply
        searches (or encodes) again for a query it does not find here.
        """
        vectors: dict[str, Any] = {}
        known = self.context.known
        with self.db.session() as session:
            row = session.execute(
                select(
                    ConversationRow.state,
                    ConversationRow.verbatim,
                    ConversationRow.slots,
                    ConversationRow.asked,
                    ConversationRow.pending,
                ).where(ConversationRow.key == inbound.conversation)
            ).first()
            state, verbatim = (row[0], row[1]) if row else (State.NEW, "")
            slots, pending = (dict(row[2] or {}), list(row[4] or [])) if row else ({}, [])
            if row:  # the part of a two-problem message the searches now read
                verbatim = basis(verbatim, slots, list(row[3] or []))
            first = bool(inbound.text) and state in (State.NEW, State.RESOLVED)
            may_match = known is not None and first and known.has_live(session)
        if known is not None and may_match and inbound.text:
            try:
                text, _ = clean_query(inbound.text, MAX_TEXT)
                vectors[text] = known.encode(text)
            except QueryError:
                pass
        return self._prefetch_search(inbound, state, verbatim, pending, slots), vectors

    def _prefetch_search(
        self,
        inbound: Inbound,
        state: str,
        verbatim: str,
        pending: list[str],
        slots: dict[str, str],
    ) -> dict[str, SearchResult]:
        """The search the turn will run; `pending` and `slots` read a reply as it will."""
        if inbound.text is not None:
            try:
                text, _ = clean_query(inbound.text, MAX_TEXT)
            except QueryError:
                return {}
            if state == State.RESOLVED:
                query = with_context(verbatim, text)
            elif state == State.NEW:
                query = text
            elif state == State.APPRAISING:
                query = follow_up_query(verbatim, reply_query(pending, text, slots))
            elif state in (State.AWAITING_FEEDBACK, State.DISAMBIGUATING):
                query = follow_up_query(verbatim, text)
            else:
                return {}
        elif inbound.action is not None and state == State.APPRAISING and verbatim:
            query = follow_up_query(verbatim, "")
        else:
            return {}
        return {query: self.search.search(query, Viewer.EMPLOYEE)}

    def _respond_once(self, inbound: Inbound) -> Outcome:
        prefetched, known_vectors = self._prefetch(inbound)
        try:
            with self.db.session() as session:
                convo = self._conversation(session, inbound)
                session.add(
                    MessageRow(
                        conversation_id=convo.id,
                        direction="in",
                        dedupe_key=inbound.dedupe_key,
                        user=inbound.user,
                        text=(inbound.text or "")[:MAX_TEXT],
                        action=inbound.action or ("fields" if inbound.fields else None),
                    )
                )
                session.flush()
                _settle_language(convo, inbound.text or "")
                turn = Turn(session, convo, inbound, convo.language, self.context)
                turn.prefetched = prefetched
                turn.known_vectors = known_vectors
                actions = _dispatch(turn)
                convo.updated_at = utcnow()
                if turn.field_errors:
                    # A refused correction changes nothing: the modal shows the errors.
                    session.rollback()
                    return Outcome([], None, field_errors=dict(turn.field_errors))
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

    def choices_on_offer(self, key: str) -> list[str]:
        """The choice ids the conversation accepts next, in the order they were shown (a
        terminal that resumes a conversation numbers them as they were numbered before)."""
        with self.db.session() as session:
            row = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
            return [] if row is None else list(row.choices or [])

    def statement_of(self, key: str) -> tuple[str, list[dict[str, object]]] | None:
        """The language and correctable fields of a conversation's statement (the modal)."""
        with self.db.session() as session:
            convo = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
            if convo is None or convo.statement is None:
                return None
            return convo.language, editable_fields(convo.statement, convo.language)

    def language_of(self, user: str) -> str:
        """The language of the person's latest conversation (English when there is none)."""
        with self.db.session() as session:
            found = session.scalar(
                select(ConversationRow.language)
                .where(ConversationRow.user == user)
                .order_by(ConversationRow.updated_at.desc())
                .limit(1)
            )
        return found or "en"

    def field_errors(self, key: str, fields: dict[str, str]) -> dict[str, str]:
        """What is wrong with a corrected statement, without changing anything (a modal must
        answer at once; the correction itself is applied later by `respond`)."""
        with self.db.session() as session:
            convo = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
            if convo is None or convo.statement is None:
                return {}
            return changed_fields(convo.statement, fields, convo.language)[1]

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


def _settle_language(convo: ConversationRow, text: str) -> None:
    """An opening too short to tell ("SAP plante") takes the language of the first reply that
    clearly has one; an opening that had a sign keeps its language."""
    if not convo.verbatim or not text or language_evidence(convo.verbatim)[1] > 0:
        return
    language, margin = language_evidence(text)
    if margin >= 2:
        convo.language = language


def _dispatch(turn: Turn) -> list[Action]:
    inbound = turn.inbound
    if inbound.fields is not None:
        return transitions.on_fields(turn, dict(inbound.fields))
    if inbound.action is not None:
        return transitions.on_pick(turn, inbound.action)
    raw = inbound.text or ""
    try:
        text, _ = clean_query(raw, MAX_TEXT)
    except QueryError as exc:
        if not raw.strip():
            return [Action("message", t("error.empty", turn.lang))]
        if turn.convo.state in (State.NEW, State.RESOLVED) and courtesy(raw) == "thanks":
            return [Action("message", t("courtesy.thanks", turn.lang))]  # "👍" after an answer
        return [Action("message", t("error.unreadable", turn.lang, reason=str(exc)))]
    return transitions.on_text(turn, text)


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
        fields=inbound.fields,
    )
