"""Where a conversation stands: one value, stored on the conversation row."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """Every state a conversation can be in; `transitions.TABLE` says what each input means."""

    NEW = "new"
    AWAITING_FEEDBACK = "awaiting_feedback"  # an article was shown: "Did this solve it?"
    DISAMBIGUATING = "disambiguating"  # two or three articles offered: "Which one?"
    APPRAISING = "appraising"  # Kepner-Tregoe (or request) questions asked
    CONFIRMING = "confirming"  # the problem statement shown: send or correct it
    EDITING = "editing"  # correcting the statement field by field
    HANDED_OFF = "handed_off"  # a ticket is open; messages are relayed to support
    RESOLVED = "resolved"  # over: the next message starts a new conversation
    CONFIRMING_FIX = "confirming_fix"  # an agent resolved the ticket: "Is it fixed?"
    RATING = "rating"  # CSAT 1-5
    COMMENTING = "commenting"  # an optional comment after the rating
    KNOWN_ISSUE = "known_issue"  # told "this is a known issue": subscribed to its news
    KNOWN_FIXED = "known_fixed"  # the known issue was resolved: "Is it working again?"
    KNOWN_RATING = "known_rating"  # CSAT 1-5 after a known issue's fix


AFTER_HANDOFF = frozenset(
    {
        State.HANDED_OFF,
        State.RESOLVED,
        State.CONFIRMING_FIX,
        State.RATING,
        State.COMMENTING,
        State.KNOWN_ISSUE,
        State.KNOWN_FIXED,
        State.KNOWN_RATING,
    }
)
"""States in which the conversation is over for the bot, whatever its age (gap report)."""
