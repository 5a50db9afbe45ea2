"""Wiring: settings -> database -> knowledge search, built once per process and on demand."""

from __future__ import annotations

from functools import cached_property

from bot.config import Settings, load_settings
from bot.db import Database
from bot.db.base import utcnow
from bot.engine import Engine
from bot.known.issues import Matcher
from knowledge.search import KnowledgeSearch


class Relais:
    """The services one process needs; each is created the first time it is used."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()

    @cached_property
    def db(self) -> Database:
        db = Database(self.settings.effective_database_url())
        db.upgrade()
        return db

    @cached_property
    def search(self) -> KnowledgeSearch:
        search = KnowledgeSearch(self.db, self.settings.search, self.settings.index_dir)
        return search

    @cached_property
    def engine(self) -> Engine:
        return Engine(
            self.db,
            self.search,
            self.settings.conversation,
            sla=self.settings.handoff.sla_targets(),
            authoring=self.settings.authoring,
            known=self.known_matcher,
        )

    @cached_property
    def known_matcher(self) -> Matcher:
        """Whether a new question is a live known issue, by the search's own embeddings."""
        return Matcher(
            lambda: self.search.embedder.encode,
            self.settings.known_issues.match_similarity,
            utcnow,
        )

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()
