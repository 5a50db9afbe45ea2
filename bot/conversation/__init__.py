"""The conversation: one state machine with a transition table, typed choices, one module per
flow (answer, appraise, request, handoff, after_resolve), and events from the support desk."""

from bot.conversation.engine import MAX_TEXT, ConversationInfo, Engine, Outcome, store_outbox
from bot.conversation.states import AFTER_HANDOFF, State
from bot.conversation.turn import Searcher

__all__ = [
    "AFTER_HANDOFF",
    "MAX_TEXT",
    "ConversationInfo",
    "Engine",
    "Outcome",
    "Searcher",
    "State",
    "store_outbox",
]
