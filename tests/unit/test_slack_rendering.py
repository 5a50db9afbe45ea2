"""Block Kit rendering and text safety: what Slack would show, within Slack's limits."""

from __future__ import annotations

import json

import pytest

from bot.actions import Action, Choice
from bot.slack.blocks import MAX_BLOCKS, MAX_PARTS, Message, render, render_all
from bot.slack.text_safety import escape, neutralise

HOSTILE = "<!channel> <!here> <!everyone> <@U123> <!subteam^S1|@oncall> <#C1|general> a &amp; b"


def all_text(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


@pytest.mark.parametrize(
    "sequence",
    [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U123>",
        "<!subteam^S1|@oncall>",
        "<!here|here>",
        "<@W42|bob>",
    ],
)
def test_no_mention_survives_neutralising(sequence: str) -> None:
    out = neutralise(f"help {sequence} please")
    assert "<!" not in out and "<@" not in out
    assert out.startswith("help @") and out.endswith(" please")


def test_neutralising_keeps_what_people_meant() -> None:
    assert neutralise("<#C1|general> and <@U1|alice>") == "#general and @\u200balice"
    assert neutralise("see <https://intranet/x|the page>") == "see <https://intranet/x|the page>"
    assert neutralise("a &amp; b &lt;c&gt;") == "a &amp; b &lt;c&gt;"  # already encoded, untouched


def test_our_own_text_is_escaped() -> None:
    assert escape("Settings > Mail & Accounts <advanced>") == (
        "Settings &gt; Mail &amp; Accounts &lt;advanced&gt;"
    )


def test_an_answer_card_has_title_resolution_and_feedback_buttons() -> None:
    action = Action(
        "answer",
        "This article looks like a match: *VPN*\n\n1. Reconnect\n\nDid this solve it?",
        choices=(Choice("yes", "Yes, solved"), Choice("no", "No"), Choice("human", "Human")),
        article_id="vpn",
        data={"title": "VPN drops", "resolution": "1. Open Settings > Network & VPN"},
    )
    (message,) = render(action)
    assert message.blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "VPN drops"},
        "block_id": "relais-article:vpn",  # "Flag this article" finds the article by it
    }
    assert "Settings &gt; Network &amp; VPN" in all_text(message.blocks)
    buttons = message.blocks[-1]["elements"]
    assert [b["action_id"] for b in buttons] == ["relais:yes", "relais:no", "relais:human"]
    assert message.text.startswith("This article looks like a match")


def assert_within_limits(message: Message) -> None:
    assert 0 < len(message.blocks) <= MAX_BLOCKS
    assert 0 < len(message.text) <= 40_000
    for block in message.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "actions":
            assert all(len(b["text"]["text"]) <= 75 for b in block["elements"])


def test_a_long_article_is_split_over_messages_with_buttons_on_the_last() -> None:
    resolution = "\n".join(f"{i}. " + "step " * 200 for i in range(300))
    action = Action(
        "answer",
        "intro\n\nbody\n\nDid this solve it?",
        choices=(Choice("yes", "y" * 200),),
        data={"title": "T" * 400, "resolution": resolution},
    )
    messages = render(action)
    assert 1 < len(messages) <= MAX_PARTS
    for message in messages:
        assert_within_limits(message)
    shown = all_text([b for m in messages for b in m.blocks])
    assert "299. step" in shown and "truncated" not in shown  # every step, in order, no loss
    assert messages[0].blocks[0]["type"] == "header"
    assert messages[-1].blocks[-1]["type"] == "actions"
    assert all(b["type"] != "actions" for m in messages[:-1] for b in m.blocks)


def test_an_enormous_article_is_truncated_with_a_way_to_get_the_rest() -> None:
    resolution = "\n".join("step " * 500 for _ in range(2000))
    action = Action("answer", "intro\n\nDid this solve it?", data={"resolution": resolution})
    messages = render(action)
    assert len(messages) == MAX_PARTS
    for message in messages:
        assert_within_limits(message)
    assert "an agent will share the full article" in all_text(messages[-1].blocks)


def test_the_statement_card_never_echoes_a_live_mention() -> None:
    statement = {
        "title": f"VPN down {HOSTILE}",
        "requester_verbatim": HOSTILE,
        "object": "VPN",
        "expected": "",
        "spec": {
            "what": {"is": HOSTILE, "is_not": ""},
            "where": {"is": "", "is_not": "", "on_object": ""},
            "when": {"first": "", "pattern": ""},
            "extent": {"count": "", "trend": ""},
        },
        "priority": "P3",
        "impact": "low",
        "urgency": "high",
        "business_need": "",
        "missing_slots": ["when_first"],
    }
    action = Action(
        "statement",
        f"Here is what I'll send.\n\n{HOSTILE}",
        choices=(Choice("send", "Send"), Choice("edit", "Edit")),
        problem_statement=statement,
    )
    (message,) = render(action)
    rendered = all_text(message.blocks) + message.text
    for live in ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "<!subteam^S1"):
        assert live not in rendered
    assert [b["value"] for b in message.blocks[-1]["elements"]] == ["send", "edit"]


def test_every_action_renders_with_fallback_text() -> None:
    for kind in ("question", "message", "disambiguate", "handoff"):
        (message,) = render(Action(kind, "Some text & more", choices=(Choice("a", "A"),)))
        assert message.text and message.blocks
        assert "Some text &amp; more" in all_text(message.blocks)


def test_a_lead_in_is_folded_into_the_message_that_follows() -> None:
    lead = Action("message", "Sorry about that. Maybe this one instead:")
    card = Action(
        "answer",
        "intro\n\nDid this solve it?",
        choices=(Choice("yes", "Yes"),),
        data={"title": "VPN", "resolution": "1. Reconnect"},
    )
    stale = Action("message", "That choice is no longer available.", data={"ephemeral": True})
    ((first, message),) = render_all([lead, card])
    assert first is card
    assert message.blocks[0]["text"]["text"] == "Sorry about that. Maybe this one instead:"
    assert message.blocks[1]["type"] == "header"
    assert message.text.startswith("Sorry about that.")
    assert [a for a, _ in render_all([stale])] == [stale]  # ephemeral notices stand alone
    assert len(render_all([lead])) == 1  # a lead-in with nothing after it is a message


def test_authors_screens_speak_french_when_configured() -> None:
    """The review queue and the authoring modals: no English left in a French workspace."""
    from datetime import UTC, datetime

    from bot.slack import review_views as views
    from knowledge.review import Evidence, ReviewItem

    item = ReviewItem(
        "vpn-down",
        "VPN coupé au bureau",
        "it",
        "validated",
        "employees",
        False,
        0.5,
        ("Résolution",),
        (Evidence("flag", "étape 3 obsolète", datetime(2026, 12, 1, tzinfo=UTC), by="Léa"),),
    )
    blocks = views.queue_blocks([item], lambda _key: None, "fr")
    text = json.dumps(blocks, ensure_ascii=False)
    assert "File de revue" in text and "Signalé" in text and "Valider" in text
    for english in ("Review queue", "Flagged", "Validate", "content standard", "Misses"):
        assert english not in text
    modal = json.dumps(views.draft_modal("VPN", ["vpn coupé"], ["it"], "fr"), ensure_ascii=False)
    assert "Rédiger un article" in modal and "Annuler" in modal and "Cancel" not in modal
    assert "Pourquoi\u00a0(" not in modal  # typography only before : ; ? !


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_statement_card_shows_how_often_at_which_step_and_the_trend(lang: str) -> None:
    """Every IS / IS NOT fact the employee gave reaches the agent, the rhythm and the trend
    included (they were once silently dropped from the card and the terminal)."""
    statement = {
        "title": "Shared drive S – keeps disconnecting",
        "language": lang,
        "requester_verbatim": "the shared drive S: keeps disconnecting every 10 minutes or so",
        "object": "shared drive S",
        "spec": {
            "what": {"is": "keeps disconnecting", "is_not": ""},
            "where": {"is": "", "is_not": "", "on_object": "when saving from Excel"},
            "when": {"first": "since Monday", "pattern": "every 10 minutes or so"},
            "extent": {"count": "just me", "trend": "getting worse"},
        },
        "priority": "P4",
        "impact": "low",
        "urgency": "medium",
    }
    action = Action("statement", "Here is what I'll send.", problem_statement=statement)
    text = all_text(render(action)[0].blocks)
    for fact in ("every 10 minutes or so", "when saving from Excel", "getting worse"):
        assert fact in text
