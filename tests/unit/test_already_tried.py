"""What the requester already tried reaches the agent as such, never as a workaround."""

from __future__ import annotations

import pytest

from bot.conversation import Engine
from bot.db import Database
from bot.statement_view import render_statement, view
from handoff.answers import read_reply
from handoff.extraction import extract_slots, merge
from handoff.opening import opening_slots
from tests.conversation_kit import Chat, FakeSearch, answer_all, last


@pytest.mark.parametrize(
    ("said", "tried"),
    [
        # the step with what it did ("ça ne change rien", "no luck"): all of it was tried
        ("On a redémarré l'imprimante, ça ne change rien", None),
        ("Tried restarting, no luck", None),
        ("I tried to restart it but nothing", None),
        ("J'ai essayé de redémarrer mais toujours rien", None),
        ("J'ai déjà vidé le cache et essayé avec Firefox, pareil", None),
        ("je l'ai éteint et rallumé, rien", None),
        ("I cleared my cookies, logged out and back in, and tried Edge, same thing", None),
        # what happened next is not the step
        (
            "I've already restarted it twice and cleared the cache, but it still crashes",
            "I've already restarted it twice and cleared the cache",
        ),
        ("Outlook crashes even after a reboot", "even after a reboot"),
        # as typed in Slack, without the apostrophe, or "already" leading the clause
        (
            "outlook keeps asking for my password since the update, ive restarted twice "
            "already. whole sales team has it",
            "ive restarted twice already",
        ),
        ("weve cleared the cache, no luck", "weve cleared the cache, no luck"),
        ("keeps freezing. already rebooted twice", "already rebooted twice"),
        (
            "Every time, restarting the laptop doesn't change anything",
            "restarting the laptop doesn't change anything",
        ),
    ],
)
def test_steps_said_as_done_are_what_was_tried(said: str, tried: str | None) -> None:
    assert extract_slots(said).get("tried") == (tried or said)


@pytest.mark.parametrize(
    "said",
    [
        "I tried to log in and it says error 403",  # what fails, not a step
        "J'ai essayé de me connecter depuis chez moi",
        "Tried at home and at the London office.",  # where
        "We've tried 6 times now",  # how often
        "Je n'ai pas essayé de chez moi",
        "j'ai pas essayé un autre navigateur",  # not done
        "Our laptops all restarted for updates last night",  # a change, not a step
        "Le serveur a redémarré cette nuit",
        "Rebooting does get it going, so I do that every hour",  # a way to keep going
        "The server already restarted twice on its own tonight",  # the system, not a step
    ],
)
def test_where_how_often_changes_and_untaken_steps_are_not_tried(said: str) -> None:
    assert "tried" not in extract_slots(said)


def test_a_step_said_to_the_impact_question_is_not_a_workaround() -> None:
    """'On a redémarré l'imprimante' used to be the workaround: it lowered the urgency of a
    whole floor that cannot print."""
    reply = read_reply(
        ["impact"],
        "On a redémarré l'imprimante, ça ne change rien. Tout l'étage est bloqué pour imprimer.",
    )
    assert reply.slots["tried"] == "On a redémarré l'imprimante, ça ne change rien"
    assert "workaround" not in reply.slots
    assert "redémarré" not in reply.slots.get("impact", "")


def test_a_step_said_with_another_answer_leaves_that_answer_whole() -> None:
    reply = read_reply(
        ["when_pattern"], "Every time, restarting the laptop doesn't change anything"
    )
    assert reply.slots["tried"] == "restarting the laptop doesn't change anything"
    assert reply.slots["when_pattern"] == "Every time"


def test_an_opening_step_is_neither_the_deviation_nor_a_workaround() -> None:
    slots = opening_slots(
        "The label printer in dispatch is jamming since this morning, I've already restarted it "
        "twice and cleared the rollers",
        "incident",
    )
    assert slots["tried"] == "I've already restarted it twice and cleared the rollers"
    assert "restarted" not in slots["actual"] and "workaround" not in slots


def test_steps_said_later_add_to_those_said_before() -> None:
    slots = merge({"tried": "I restarted it"}, {"tried": "cleared the cache"})
    assert slots["tried"] == "I restarted it; cleared the cache"
    assert merge(slots, {"tried": "cleared the cache"})["tried"] == slots["tried"]


@pytest.mark.parametrize(
    ("lang", "opening", "impact", "label", "step"),
    [
        (
            "en",
            "The label printer in dispatch stopped printing this morning, I've already "
            "restarted it twice",
            "Nobody in dispatch can print shipping labels, no workaround",
            "Already tried: ",
            "I've already restarted it twice",
        ),
        (
            "fr",
            "L'imprimante du 2e étage n'imprime plus depuis ce matin",
            "On a redémarré l'imprimante. Tout l'étage est bloqué, aucun contournement.",
            "Déjà essayé\u00a0: ",
            "On a redémarré l'imprimante",
        ),
    ],
)
def test_the_agent_reads_what_was_tried_and_the_urgency_it_does_not_lower(
    db: Database, lang: str, opening: str, impact: str, label: str, step: str
) -> None:
    chat = Chat(Engine(db, FakeSearch()))
    chat.say(opening)
    seen = answer_all(chat, {"impact": impact, "extent_count": "12 of us, the whole team"})
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["tried"] == step
    assert st["workaround"] == "" and st["urgency"] == "high"
    assert f"{label}{step}" in render_statement(st)
    # the requester may correct it like any other field
    fixed = last(chat.correct(tried=f"{step}; swapped the cable"), "statement")
    assert fixed.problem_statement is not None
    assert fixed.problem_statement["tried"] == f"{step}; swapped the cable"


def test_a_statement_without_steps_or_articles_has_no_tried_row() -> None:
    st = {"contact_type": "incident", "language": "en", "title": "x", "kb_trail": []}
    assert view(st).row("tried") is None
    st["tried"] = "Rebooted it"
    row = view(st).row("tried")
    assert row is not None and row.value == "Rebooted it"


@pytest.mark.parametrize(
    ("said", "tried", "impact"),
    [
        (
            "On a redémarré l'imprimante, ça ne change rien. Tout l'étage est bloqué pour imprimer.",
            "On a redémarré l'imprimante, ça ne change rien",
            "Tout l'étage est bloqué pour imprimer",
        ),
        (
            "I rebooted it, didn't help; the whole team is waiting on labels",
            "I rebooted it, didn't help",
            "the whole team is waiting on labels",
        ),
        (
            "J'ai déjà redémarré, toujours pareil, je ne peux pas facturer",
            "J'ai déjà redémarré, toujours pareil",
            "je ne peux pas facturer",
        ),
    ],
)
def test_what_a_step_did_stays_with_the_step_not_the_impact(
    said: str, tried: str, impact: str
) -> None:
    """The newcomer's statement read "Ce que cela empêche : ça ne change rien"."""
    reply = read_reply(["impact"], said)
    assert reply.slots["tried"] == tried
    assert reply.slots["impact"] == impact


def test_swapping_a_cable_is_a_step_not_a_workaround() -> None:
    slots = opening_slots(
        "The big label printer in the dispatch bay has stopped printing since this morning, "
        "I've already turned it off and on and swapped the USB cable",
        "incident",
    )
    assert slots["tried"] == "I've already turned it off and on and swapped the USB cable"
    assert "workaround" not in slots


def test_an_update_already_done_is_a_step_tried_not_a_change() -> None:
    """ "no, I already updated GlobalProtect and it still drops" left "Already tried" without
    the update (from a newcomer's run); "after I updated macOS yesterday" stays a change."""
    slots = extract_slots("I already updated GlobalProtect and it still drops.")
    assert slots["tried"] == "I already updated GlobalProtect"
    assert slots["object"] == "GlobalProtect"
    assert "tried" not in extract_slots("it started after i updated macos yesterday")
