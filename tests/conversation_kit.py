"""A conversation on a fake searcher: the engine, the database and real articles, no model."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select

from bot.actions import Action
from bot.conversation import Engine
from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.inbound import Inbound
from knowledge.article import Viewer
from knowledge.decision import Thresholds, decide
from knowledge.search import Hit, SearchResult

THRESHOLDS = Thresholds(
    answer_threshold=0.6, answer_margin=0.1, disambiguate_threshold=0.5, disambiguate_window=0.2
)


class FakeSearch:
    """Scores articles by the words a query contains: {"vpn": {"vpn-disconnects-wifi": 0.8}}."""

    thresholds = THRESHOLDS

    def __init__(self, rules: dict[str, dict[str, float]] | None = None) -> None:
        self.rules = rules or {}
        self.queries: list[str] = []

    def search(self, text: str, viewer: Viewer = Viewer.EMPLOYEE) -> SearchResult:
        self.queries.append(text)
        scores: dict[str, float] = {}
        for word, hits in self.rules.items():
            if word in text.casefold():
                for article, score in hits.items():
                    scores[article] = max(scores.get(article, 0.0), score)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        found = [Hit(a, a, s, s, 0.0, "en", "validated", "employees", "problem") for a, s in ranked]
        decision, offered = decide([h.score for h in found], self.thresholds)
        return SearchResult(query=text, decision=decision, hits=found, offered=offered)

    def copies(self, article_ids: Iterable[str]) -> set[str]:
        return set(article_ids)


class Chat:
    """One employee's conversation; `say` and `pick` return the bot's actions."""

    def __init__(
        self, engine: Engine, key: str = "C1:1", user: str = "U1", channel: str = "C1"
    ) -> None:
        self.engine, self.key, self.user, self.channel = engine, key, user, channel
        self.n = 0
        self.last: list[Action] = []

    def _send(self, **kwargs: Any) -> list[Action]:
        self.n += 1
        self.last = self.engine.handle(
            Inbound(
                user=self.user,
                conversation=self.key,
                dedupe_key=f"{self.key}:{self.n}",
                channel=self.channel,
                **kwargs,
            )
        )
        return self.last

    def say(self, text: str) -> list[Action]:
        return self._send(text=text)

    def pick(self, choice: str) -> list[Action]:
        return self._send(action=choice)

    def press(self, label_has: str) -> list[Action]:
        """Press the offered choice whose label contains these words."""
        choice = next(
            c for a in self.last for c in a.choices if label_has.casefold() in c.label.casefold()
        )
        return self.pick(choice.id)

    def correct(self, **fields: str) -> list[Action]:
        return self._send(fields=fields)


def last(actions: list[Action], kind: str) -> Action:
    return next(a for a in reversed(actions) if a.type == kind)


def asked(actions: list[Action]) -> list[str]:
    return [slot for a in actions if a.type == "question" for slot in a.slots]


def row(db: Database, key: str = "C1:1") -> ConversationRow:
    with db.session() as session:
        found = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
        assert found is not None
        return found


def answer_all(chat: Chat, facts: dict[str, str], unknown: str = "no idea") -> list[Action]:
    """Answer every question asked until the statement comes; returns every action seen."""
    seen = list(chat.last)
    for _ in range(8):
        if not chat.last or chat.last[-1].type != "question" or not chat.last[-1].slots:
            break
        reply = " ".join(facts.get(slot, unknown).rstrip(".") + "." for slot in chat.last[-1].slots)
        seen += chat.say(reply)
    return seen


Factory = Callable[..., Engine]
