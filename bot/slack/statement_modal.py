""" "Correct it" in Slack: a modal with one prefilled input per statement field.

Only the fields the employee changes are taken (the engine compares each with the statement);
an emptied required field or an over-long value comes back as an inline error.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import InputBlock, PlainTextInputElement
from slack_sdk.models.views import View

from bot.i18n import t
from bot.slack.text_safety import truncate

CALLBACK = "relais-statement"
VALUE = "value"
LABEL_TEXT = 2000
INPUT_TEXT = 3000  # Slack's limit for a plain-text input


def statement_modal(conversation: str, lang: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
    """The modal for one conversation's statement (`fields` from Engine.statement_of)."""
    blocks = []
    for spec in fields:
        limit = min(int(spec.get("max_length") or INPUT_TEXT), INPUT_TEXT)
        value = str(spec.get("value") or "")[:limit]
        blocks.append(
            InputBlock(
                block_id=str(spec["field"]),
                label=truncate(str(spec["label"]), LABEL_TEXT),
                element=PlainTextInputElement(
                    action_id=VALUE,
                    initial_value=value or None,
                    max_length=limit,
                    multiline=limit > 200,
                ),
                optional=not spec.get("required"),
            )
        )
    view = View(
        type="modal",
        callback_id=CALLBACK,
        title=t("edit.modal_title", lang),
        submit=t("edit.modal_submit", lang),
        close=t("edit.modal_cancel", lang),
        private_metadata=conversation,
        blocks=blocks,
    )
    return view.to_dict()


def submitted_fields(view: dict[str, Any]) -> dict[str, str]:
    """Field name -> the text the employee left in it (empty when cleared)."""
    values = (view.get("state") or {}).get("values") or {}
    out: dict[str, str] = {}
    for field, inputs in values.items():
        if isinstance(inputs, dict):
            out[str(field)] = str((inputs.get(VALUE) or {}).get("value") or "")
    return out
