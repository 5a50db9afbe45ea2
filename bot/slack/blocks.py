"""Engine Actions as Block Kit messages, within every Block Kit limit, with fallback text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.actions import Action
from bot.i18n import t
from bot.slack.text_safety import escape, neutralise, truncate
from bot.statement_view import view

SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
BUTTONS_PER_ACTIONS = 25
MAX_BLOCKS = 50
FALLBACK_TEXT = 40_000
ACTION_PREFIX = "relais:"
MAX_PARTS = 4  # messages one long answer may be split into before it is truncated
SECTIONS_PER_PART = MAX_BLOCKS - 4  # room for the header, the question and the buttons


def truncated_note(lang: str) -> str:
    return f"_{t('slack.truncated', lang)}_"


Block = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """What chat.postMessage / chat.update get: blocks plus the fallback `text`."""

    text: str
    blocks: list[Block]


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_TEXT)}}


def _chunks(text: str) -> list[str]:
    """Long text as section-sized chunks, split at line breaks where possible."""
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
    return [chunk for chunk in chunks if chunk.strip()]


def _capped(chunks: list[str], budget: int, lang: str = "en") -> list[str]:
    """At most `budget` chunks; the last one says that the text goes on."""
    if len(chunks) <= budget:
        return chunks
    note = truncated_note(lang)
    last = truncate(chunks[budget - 1], SECTION_TEXT - len(note) - 1)
    last += f"\n{note}"
    return [*chunks[: budget - 1], last]


def _sections(text: str, budget: int) -> list[Block]:
    return [_section(chunk) for chunk in _capped(_chunks(text), budget)]


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


def _statement_blocks(st: dict[str, Any], intro: str, lang: str) -> list[Block]:
    """The statement as the employee checks it: a header and one field per row, in `lang`."""
    shown = view(st, lang)
    fields = [
        {
            "type": "mrkdwn",
            "text": truncate(f"*{escape(row.label)}*\n{neutralise(row.value)}", 2000),
        }
        for row in shown.rows
    ]
    blocks: list[Block] = [
        _section(escape(intro)),
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": truncate(f"{shown.heading} · {neutralise(shown.title)}", HEADER_TEXT),
            },
        },
    ]
    for start in range(0, len(fields), 10):  # a section holds at most ten fields
        blocks.append({"type": "section", "fields": fields[start : start + 10]})
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": truncate(
                        f"*{escape(shown.verbatim_label)}*  “{neutralise(shown.verbatim)}”", 2000
                    ),
                }
            ],
        }
    )
    return blocks


def render(action: Action) -> list[Message]:
    """One engine action as Slack messages: one, or several for a very long article.

    A long resolution is split over up to MAX_PARTS messages in the same thread (Slack
    rejects more than 50 blocks in one message); the buttons come with the last part.
    """
    block_id = f"relais-{action.type}"
    parts: list[tuple[str, list[Block]]]
    if action.type == "answer":
        parts = _answer_parts(action)
    elif action.type == "statement" and action.problem_statement is not None:
        intro = action.text.split("\n\n", 1)[0]
        lang = str(action.data.get("lang") or action.problem_statement.get("language") or "en")
        blocks = _statement_blocks(action.problem_statement, intro, lang)
        parts = [(neutralise(action.text), blocks)]
    else:
        # Questions, messages, disambiguation and handoff echo only our own text.
        parts = [(escape(action.text), _sections(escape(action.text), MAX_BLOCKS - 3))]
    if action.choices:
        fallback, blocks = parts[-1]
        parts[-1] = (fallback, blocks + _buttons(action, block_id))
    return [
        Message(text=truncate(fallback, FALLBACK_TEXT), blocks=blocks[:MAX_BLOCKS])
        for fallback, blocks in parts
    ]


def _answer_parts(action: Action) -> list[tuple[str, list[Block]]]:
    title = str(action.data.get("title", ""))
    resolution = str(action.data.get("resolution", ""))
    intro = action.text.split("\n\n", 1)[0]
    ask = action.text.rsplit("\n\n", 1)[-1]
    lang = str(action.data.get("lang") or "en")
    chunks = _capped(_chunks(escape(resolution)), SECTIONS_PER_PART * MAX_PARTS, lang)
    groups = [
        chunks[i : i + SECTIONS_PER_PART] for i in range(0, len(chunks), SECTIONS_PER_PART)
    ] or [[]]
    parts: list[tuple[str, list[Block]]] = []
    for n, group in enumerate(groups):
        blocks = [_section(chunk) for chunk in group]
        fallback = "\n".join(group)
        if n == 0:
            header: Block = {
                "type": "header",
                "text": {"type": "plain_text", "text": truncate(title, HEADER_TEXT)},
            }
            if action.article_id:
                # Names the article for "Flag this article" on the message's menu.
                header["block_id"] = f"relais-article:{action.article_id}"[:255]
            blocks.insert(0, header)
            fallback = f"{escape(intro)}\n\n{fallback}"
        if n == len(groups) - 1:
            blocks.append(_section(escape(ask)))
            fallback = f"{fallback}\n\n{escape(ask)}"
        parts.append((fallback, blocks))
    return parts


def render_all(actions: list[Action]) -> list[tuple[Action, Message]]:
    """The Slack messages for one turn's actions, in order.

    A short lead-in ("Sorry about that. Maybe this one instead:") is folded into the message
    that follows it, so one turn reads as one message and costs one post, not two.
    """
    out: list[tuple[Action, Message]] = []
    lead: list[str] = []
    for n, action in enumerate(actions):
        following = actions[n + 1] if n + 1 < len(actions) else None
        if (
            action.type == "message"
            and not action.choices
            and not action.data.get("ephemeral")
            and following is not None
            and not following.data.get("ephemeral")
        ):
            lead.append(escape(action.text))
            continue
        messages = render(action)
        if lead:
            intro = "\n\n".join(lead)
            first = messages[0]
            blocks = [_section(intro), *first.blocks][:MAX_BLOCKS]
            text = truncate(f"{intro}\n\n{first.text}", FALLBACK_TEXT)
            messages[0] = Message(text=text, blocks=blocks)
            lead = []
        out += [(action, message) for message in messages]
    return out
