"""The problem statement in Slack: fields in the employee's language, and "Correct it" as a
modal with one prefilled input per field, over real HTTP against the fake Slack."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.conversation_tables import ConversationRow
from tests.e2e.conftest import TRIAGE, Served
from tests.fake_slack import Call, message_event, post_signed

pytestmark = pytest.mark.slow


def statement_card(served: Served, text: str, channel: str = "D1", ts: str = "70.1") -> Call:
    served.send(message_event(f"talk to a human: {text}", channel=channel, ts=ts))
    (card,) = served.slack.wait_posts(channel, 1)
    return card


def submit(
    served: Served, opened: Call, values: dict[str, str], user: str = "U1"
) -> tuple[int, str]:
    view = opened.params["view"]
    payload = {
        "type": "view_submission",
        "user": {"id": user},
        "team": {"id": "T1"},
        "view": {
            "id": "VSTATEMENT",
            "hash": f"h{len(values)}-{sorted(values.items())}"[:60],
            "type": "modal",
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "state": {
                "values": {
                    field: {"value": {"type": "plain_text_input", "value": value}}
                    for field, value in values.items()
                }
            },
        },
    }
    return post_signed(served.events_url, payload, form=True)


def prefilled(opened: Call) -> dict[str, Any]:
    return {
        b["block_id"]: b["element"].get("initial_value", "")
        for b in opened.params["view"]["blocks"]
        if b["type"] == "input"
    }


def test_correct_it_opens_a_prefilled_modal_and_changes_only_that_field(served: Served) -> None:
    card = statement_card(served, "VPN disconnects every 5 minutes from home since Monday")
    served.press(card, "edit")
    (opened,) = served.slack.wait_for(lambda s: s.calls_to("views.open"))
    fields = prefilled(opened)
    assert {"title", "object", "actual", "where"} <= set(fields)
    assert fields["object"] == "VPN"
    assert opened.params["view"]["title"]["text"] == "Correct the summary"

    status, _ = submit(served, opened, {**fields, "where": "from home, on a phone hotspot"})
    assert status == 200
    corrected = served.slack.wait_posts("D1", 2)[1]
    shown = json.dumps(corrected.params["blocks"], ensure_ascii=False)
    assert "from home, on a phone hotspot" in shown
    with served.service.relais.db.session() as session:
        convo = session.scalar(select(ConversationRow))
        assert convo is not None and convo.statement is not None
        assert convo.statement["object"] == "VPN"  # a hotspot did not become the object
        assert convo.statement["title"] == fields["title"]


def test_an_emptied_required_field_is_refused_inside_the_modal(served: Served) -> None:
    card = statement_card(served, "Outlook crashes when I open attachments")
    served.press(card, "edit")
    (opened,) = served.slack.wait_for(lambda s: s.calls_to("views.open"))
    fields = prefilled(opened)
    status, body = submit(served, opened, {**fields, "object": ""})
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert answer["errors"]["object"] == "This can't be empty."
    status, body = submit(served, opened, {**fields, "title": "x" * 400})
    assert "150" in json.loads(body)["errors"]["title"]
    served.settle()
    assert len(served.slack.posts("D1")) == 1  # nothing changed, nothing posted


def test_a_french_statement_card_is_french(served: Served) -> None:
    card = statement_card(
        served, "le VPN se déconnecte toutes les 10 minutes en télétravail depuis lundi"
    )
    shown = json.dumps(card.params["blocks"], ensure_ascii=False)
    for label in ("Concerne", "Depuis", "Priorité", "Dans ses mots"):
        assert label in shown, label
    for english in ("Object", "Priority", "Needs more data", "impact high", "urgency"):
        assert english not in shown, english
    assert "Envoyer au support" in shown and "Corriger" in shown
    served.press(card, "edit")
    (opened,) = served.slack.wait_for(lambda s: s.calls_to("views.open"))
    assert opened.params["view"]["title"]["text"] == "Corriger le résumé"
    assert opened.params["view"]["submit"]["text"] == "Enregistrer"


def test_a_french_support_team_gets_a_french_card_with_no_internal_names(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAIS_HANDOFF__LANGUAGE", "fr")
    served = serve_http()
    card = statement_card(served, "le VPN ne marche plus depuis ce matin")
    served.press(card, "send")
    (triage,) = served.slack.wait_posts(TRIAGE, 1)
    shown = json.dumps(triage.params["blocks"], ensure_ascii=False)
    for french in ("Demandeur", "Priorité", "N'EST PAS", "Ce que Relais a déjà essayé", "Prendre"):
        assert french in shown, french
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", _visible_text(triage.params["blocks"]))
    assert "Encore inconnu" in shown  # missing facts in words, never slot names


def test_an_employee_app_home_speaks_their_language(served: Served) -> None:
    served.send(message_event("bonjour, comment réserver une salle de réunion ?", ts="80.1"))
    served.slack.wait_posts("D1", 1)
    served.send(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": "EvHomeU1",
            "event_time": 1,
            "event": {"type": "app_home_opened", "user": "U1", "tab": "home"},
        }
    )
    (home,) = served.slack.wait_for(lambda s: s.calls_to("views.publish"))
    assert "Posez-moi vos questions" in json.dumps(home.params["view"], ensure_ascii=False)


def _visible_text(blocks: list[dict[str, Any]]) -> str:
    """The words a person reads in blocks (not action ids, block ids or values)."""
    texts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    texts.append(value)
                elif key not in ("action_id", "block_id", "value", "url"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return re.sub(r"<[^>]+>", " ", " ".join(texts))
