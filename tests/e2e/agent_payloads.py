"""What agents do on the triage card, as Slack payloads: press its buttons, submit its modals."""

from __future__ import annotations

from typing import Any, Protocol

from tests.e2e.conftest import TRIAGE
from tests.fake_slack import Call, FakeSlack, post_signed


class Endpoint(Protocol):
    """A served Relais (in this process or a child process) and the fake Slack it talks to."""

    @property
    def slack(self) -> FakeSlack: ...

    @property
    def events_url(self) -> str: ...


def press_agent(served: Endpoint, card: Call, user: str, trigger: str = "1.2.3") -> int:
    """An agent pressing the Claim button of the triage card (`trigger`: one press)."""
    button = next(
        e
        for b in card.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "relais-agent:claim"
    )
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "channel": {"id": TRIAGE},
        "container": {"type": "message", "message_ts": card.response["ts"], "channel_id": TRIAGE},
        "message": {"ts": card.response["ts"], "blocks": card.params["blocks"]},
        "trigger_id": trigger,
        "actions": [{**button, "block_id": "b", "action_ts": "1.1"}],
    }
    status, _ = post_signed(served.events_url, payload, form=True)
    return status


def current_card(served: Endpoint) -> dict[str, Any]:
    """The triage card as agents see it now (its last update, or as posted)."""
    updates = [c for c in served.slack.calls_to("chat.update") if c.params["channel"] == TRIAGE]
    card = served.slack.posts(TRIAGE)[0]
    blocks = updates[-1].params["blocks"] if updates else card.params["blocks"]
    return {"ts": card.response["ts"], "blocks": blocks}


def agent_press(served: Endpoint, verb: str, user: str = "UAGENT1", **extra: Any) -> None:
    card = current_card(served)
    element = next(
        (e, b["block_id"])
        for b in card["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == f"relais-agent:{verb}"
    )
    action = {**element[0], "block_id": element[1], "action_ts": "2.2", **extra}
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "channel": {"id": TRIAGE},
        "container": {"type": "message", "message_ts": card["ts"], "channel_id": TRIAGE},
        "message": {"ts": card["ts"], "blocks": card["blocks"]},
        "trigger_id": f"trigger-{verb}",
        "actions": [action],
    }
    assert post_signed(served.events_url, payload, form=True)[0] == 200


def submit_view(
    served: Endpoint,
    callback: str,
    values: dict[str, Any],
    user: str = "UAGENT1",
    *,
    view_id: str = "V1",
    metadata: str = "T-00001",
    trigger: str | None = None,
    retry_num: int | None = None,
) -> tuple[int, str]:
    """Submit a modal as Slack does (`retry_num`: as a redelivery after a timeout)."""
    payload: dict[str, Any] = {
        "type": "view_submission",
        "user": {"id": user},
        "team": {"id": "T1"},
        "view": {
            "id": view_id,
            "type": "modal",
            "callback_id": callback,
            "private_metadata": metadata,
            "state": {"values": values},
        },
    }
    if trigger is not None:
        payload["trigger_id"] = trigger
    return post_signed(served.events_url, payload, form=True, retry_num=retry_num)


def text_value(text: str) -> dict[str, Any]:
    return {"value": {"type": "plain_text_input", "value": text}}
