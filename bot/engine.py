"""Compatibility home of the engine: it lives in bot.conversation now."""

from bot.conversation import (
    MAX_TEXT,
    ConversationInfo,
    Engine,
    Outcome,
    Searcher,
    State,
    store_outbox,
)
from bot.statement_view import render_statement
from handoff.tables import ticket_ref

__all__ = [
    "MAX_TEXT",
    "ConversationInfo",
    "Engine",
    "Outcome",
    "Searcher",
    "State",
    "render_statement",
    "store_outbox",
    "ticket_ref",
]
