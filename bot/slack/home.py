"""The one App Home builder: a notice, then the agent's section, then the author's section.

Agents and authors are often the same person; every publish goes through `home_view`, so an
author action never wipes an agent's ticket list (or the reverse).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.i18n import t, word
from bot.slack.text_safety import escape, neutralise, truncate
from bot.slack.triage import AGENT_PREFIX

Block = dict[str, Any]
MAX_HOME_BLOCKS = 100


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, 3000)}}


def agent_section(tickets: Sequence[tuple[str, str, str, str]], lang: str = "en") -> list[Block]:
    """Next ticket (no cherry-picking) and the agent's open tickets: (ref, priority, status,
    title)."""
    lines = [
        f"• *{escape(ref)}* {escape(priority)} ({escape(word('status', status, lang))}) "
        f"{neutralise(escape(title))}"
        for ref, priority, status, title in tickets
    ]
    return [
        section(t("home.next_intro", lang)),
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": t("home.next_button", lang)},
                    "style": "primary",
                    "action_id": f"{AGENT_PREFIX}next",
                    "value": "next",
                }
            ],
        },
        section(
            f"*{t('home.your_tickets', lang)}*\n" + ("\n".join(lines) or t("home.none_now", lang))
        ),
    ]


def home_view(
    notice: str, agent: Sequence[Block], author: Sequence[Block], lang: str = "en"
) -> dict[str, Any]:
    """The App Home of one person, from the sections that apply to them; an employee's
    welcome is in their own language."""
    blocks: list[Block] = [section(neutralise(notice))] if notice else []
    blocks += [*agent, *author]
    if not agent and not author:
        blocks.append(section(t("home.welcome", lang)))
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
