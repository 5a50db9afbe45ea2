"""What one inbound message works with, and the protocol of the search it consults."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bot.actions import Action, Choice
from bot.config import AuthoringSettings, ConversationSettings
from bot.conversation_tables import ConversationRow
from bot.i18n import t
from bot.inbound import Inbound
from bot.known.issues import Match
from handoff.priority import SlaTarget
from knowledge.article import Viewer
from knowledge.decision import Thresholds
from knowledge.search import SearchResult


class Searcher(Protocol):
    @property
    def thresholds(self) -> Thresholds: ...

    def search(self, text: str, viewer: Viewer = Viewer.EMPLOYEE) -> SearchResult: ...

    def copies(self, article_ids: Iterable[str]) -> set[str]:
        """The articles and their translations: an answer shown in one language is shown."""
        ...


class KnownMatcher(Protocol):
    """Whether a new question matches a live known issue (bot.known.issues.Matcher)."""

    def match(
        self,
        session: Session,
        text: str,
        exclude: Iterable[int] = (),
        vector: Any = None,
    ) -> Match | None: ...

    def has_live(self, session: Session) -> bool: ...

    def encode(self, text: str) -> Any: ...


@dataclass(frozen=True)
class Context:
    """What the flows need besides the turn: search, settings, SLA targets, article lookup,
    and the known issues a question may match."""

    search: Searcher
    settings: ConversationSettings
    authoring: AuthoringSettings
    sla: dict[str, SlaTarget]
    known: KnownMatcher | None = None


@dataclass
class Turn:
    """One `handle` call: the locked conversation, the inbound, and what to tell whom."""

    session: Session
    convo: ConversationRow
    inbound: Inbound
    lang: str
    ctx: Context
    choice_refused: bool = False
    field_errors: dict[str, str] = field(default_factory=dict)
    prefetched: dict[str, SearchResult] = field(default_factory=dict)  # query -> result
    known_vectors: dict[str, Any] = field(default_factory=dict)  # query -> its embedding
    for_agents: list[Action] = field(default_factory=list)
    for_authors: list[Action] = field(default_factory=list)

    def offer(self, *choices: Choice) -> tuple[Choice, ...]:
        """Make these the only choices the conversation accepts next."""
        self.convo.choices = [c.id for c in choices]
        return choices

    def say(self, key: str, **values: object) -> Action:
        return Action("message", t(key, self.lang, **values))

    def stale(self) -> list[Action]:
        """A press that is not on offer (an old or doubled button): only its author sees this."""
        self.choice_refused = True
        return [Action("message", t("error.stale_choice", self.lang), data={"ephemeral": True})]
