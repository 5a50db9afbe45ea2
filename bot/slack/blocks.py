"""Engine Actions as Block Kit messages, within every Block Kit limit, with fallback text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.actions import Action
from bot.slack.text_safety import escape, neutralise, truncate

SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
BUTTONS_PER_ACTIONS = 25
MAX_BLOCKS = 50
FALLBACK_TEXT = 40_000
ACTION_PREFIX = "relais:"
TRUNCATED_NOTE = "_(truncated: ask an agent for the full article)_"

Block = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """What chat.postMessage / chat.update get: blocks plus the fallback `text`."""

    text: str
    blocks: list[Block]


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_TEXT)}}


def _sections(text: str, budget: int) -> list[Block]:
    """Split long text into sections at line breaks, at most `budget` of them."""
    lines: list[str] = []
    for line in text.split("\n"):  # lines longer than a section are cut into pieces
        lines += [line[i : i + SECTION_TEXT] for i in range(0, len(line), SECTION_TEXT)] or [""]
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + len(line) + 1 > SECTION_TEXT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    if len(chunks) > budget:
        last = truncate(chunks[budget - 1], SECTION_TEXT - 60) + f"\n{TRUNCATED_NOTE}"
        chunks = [*chunks[: budget - 1], last]
    return [_section(chunk) for chunk in chunks if chunk.strip()]


def _buttons(action: Action, block_id: str) -> list[Block]:
    elements = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": truncate(choice.label, BUTTON_TEXT)},
            "action_id": truncate(f"{ACTION_PREFIX}{choice.id}", ACTION_ID, ""),
            "value": truncate(choice.id, BUTTON_VALUE, ""),
            **({"style": "primary"} if choice.id in ("yes", "send") else {}),
        }
        for choice in action.choices
    ]
    return [
        {
            "type": "actions",
            "block_id": f"{block_id}-{i}",
            "elements": elements[i : i + BUTTONS_PER_ACTIONS],
        }
        for i in range(0, len(elements), BUTTONS_PER_ACTIONS)
    ]


def _statement_blocks(st: dict[str, Any], intro: str) -> list[Block]:
    spec = st["spec"]
    fields = [
        ("Object", st.get("object")),
        ("Expected", st.get("expected")),
        ("IS", spec["what"].get("is")),
        ("IS NOT", spec["what"].get("is_not")),
        ("Where", spec["where"].get("is")),
        ("When", "; ".join(v for v in spec["when"].values() if v)),
        ("Extent", "; ".join(v for v in spec["extent"].values() if v)),
        ("Priority", f"{st['priority']} (impact {st['impact']}, urgency {st['urgency']})"),
        ("Business need", st.get("business_need")),
        ("Needs more data", ", ".join(st.get("missing_slots", []))),
    ]
    shown = [
        {"type": "mrkdwn", "text": truncate(f"*{name}*\n{neutralise(value)}", 2000)}
        for name, value in fields
        if value
    ][:10]
    blocks: list[Block] = [
        _section(escape(intro)),
        {
            "type": "header",
            "text": {"type": "plain_text", "text": truncate(neutralise(st["title"]), HEADER_TEXT)},
        },
    ]
    if shown:
        blocks.append({"type": "section", "fields": shown})
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": truncate(f"“{neutralise(st['requester_verbatim'])}”", 2000),
                }
            ],
        }
    )
    return blocks


def render(action: Action) -> Message:
    """One engine action as a Slack message."""
    block_id = f"relais-{action.type}"
    blocks: list[Block]
    if action.type == "answer":
        title = str(action.data.get("title", ""))
        resolution = str(action.data.get("resolution", ""))
        intro = action.text.split("\n\n", 1)[0]
        ask = action.text.rsplit("\n\n", 1)[-1]
        blocks = [
            {
                "type": "header",
                "text": {"type": "plain_text", "text": truncate(title, HEADER_TEXT)},
            },
            *_sections(escape(resolution), MAX_BLOCKS - 6),
            _section(escape(ask)),
        ]
        fallback = escape(f"{intro}\n\n{resolution}\n\n{ask}")
    elif action.type == "statement" and action.problem_statement is not None:
        intro = action.text.split("\n\n", 1)[0]
        blocks = _statement_blocks(action.problem_statement, intro)
        fallback = neutralise(action.text)
    else:
        # Questions, messages, disambiguation and handoff echo only our own text.
        blocks = _sections(escape(action.text), MAX_BLOCKS - 3)
        fallback = escape(action.text)
    if action.choices:
        blocks += _buttons(action, block_id)
    return Message(text=truncate(fallback, FALLBACK_TEXT), blocks=blocks[:MAX_BLOCKS])
